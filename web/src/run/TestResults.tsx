import { summary } from "./compare";
import type { TestOutcome } from "../collab/schema";

/** Pass/fail per test case; a failing case shows what was expected and what came back. */
export function TestResults({ outcomes }: { outcomes: readonly TestOutcome[] }) {
  const { passed, total } = summary(outcomes);
  const all = passed === total && total > 0;
  return (
    <section className="run-tests" aria-label="Test results">
      <h3 className={all ? "run-tests-summary run-tests-pass" : "run-tests-summary run-tests-fail"} data-passed={passed} data-total={total}>
        {all ? `All ${total} tests passed` : `${passed} of ${total} tests passed`}
      </h3>
      <ol className="run-cases">
        {outcomes.map((outcome, i) => (
          <li key={`${i}-${outcome.name}`} className="run-case" data-case={outcome.name} data-passed={outcome.passed}>
            <span className="run-case-mark" aria-hidden="true">
              {outcome.passed ? "✓" : "✗"}
            </span>
            <span className="run-case-name">
              {outcome.name}
              <span className="sr-only">{outcome.passed ? ": passed" : ": failed"}</span>
            </span>
            {outcome.passed ? null : (
              <dl className="run-case-diff">
                <dt>Expected</dt>
                <dd>
                  <code>{outcome.expected}</code>
                </dd>
                {outcome.error ? (
                  <>
                    <dt>Error</dt>
                    <dd>
                      <code className="run-case-error">{outcome.error}</code>
                    </dd>
                  </>
                ) : (
                  <>
                    <dt>Got</dt>
                    <dd>
                      <code>{outcome.actual}</code>
                    </dd>
                  </>
                )}
              </dl>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
