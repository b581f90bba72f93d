import { formatClock } from "../format/time";
import type { Person } from "../collab/presence";
import { languageLabel, normalizeLanguage } from "../editor/languages";
import { EXIT_TIMED_OUT } from "./limits";
import { verdictOf } from "./records";
import { TestResults } from "./TestResults";
import type { RunRecord } from "../collab/schema";

function runnerName(run: RunRecord, meId: string, people: readonly Person[]): string {
  if (run.by === meId) return "You";
  return people.find((p) => p.userId === run.by)?.name ?? (run.by_name || "Someone");
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

const VERDICT_LABEL = { ok: "OK", failed: "Tests failed", error: "Error", timeout: "Time limit" } as const;

/** One finished run, as everyone in the room sees it. */
export function RunOutput({ run, meId, people }: { run: RunRecord; meId: string; people: readonly Person[] }) {
  const verdict = verdictOf(run);
  const empty = !run.stdout && !run.stderr;
  const exit = run.exit_code === EXIT_TIMED_OUT && run.timed_out ? "killed" : `exit ${run.exit_code}`;
  return (
    <div className="run-output" data-run-id={run.id} data-verdict={verdict}>
      <div className="run-meta">
        <span className={`pill run-verdict run-verdict-${verdict}`}>{VERDICT_LABEL[verdict]}</span>
        <span className="run-who">
          <strong>{runnerName(run, meId, people)}</strong> ran {run.kind === "tests" ? "the tests in " : ""}
          {languageLabel(normalizeLanguage(run.language, "plaintext"))}
        </span>
        <span className="run-facts">
          <span data-exit-code={run.exit_code}>{exit}</span>
          <span>{formatMs(run.duration_ms)}</span>
          <time dateTime={new Date(run.ts).toISOString()}>{formatClock(run.ts)}</time>
        </span>
      </div>
      {run.tests ? <TestResults outcomes={run.tests} /> : null}
      {run.stdout ? (
        <section className="run-stream" aria-label="Standard output">
          <h3 className="run-stream-label">stdout</h3>
          <pre className="run-stdout">{run.stdout}</pre>
        </section>
      ) : null}
      {run.stderr ? (
        <section className="run-stream" aria-label="Standard error">
          <h3 className="run-stream-label">stderr</h3>
          <pre className="run-stderr">{run.stderr}</pre>
        </section>
      ) : null}
      {empty && !run.tests ? <p className="run-empty-output faint">The program printed nothing.</p> : null}
    </div>
  );
}
