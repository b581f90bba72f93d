import { useState } from "react";
import type { RoomModel, RoomView } from "../collab/room";
import { languageLabel, normalizeLanguage } from "../editor/languages";
import { Spinner } from "../ui/States";
import { canToggleRuns } from "../auth/permissions";
import { RunOutput } from "./RunOutput";
import { unsupportedMessage } from "./runtimes";
import { TIME_LIMIT_MS } from "./limits";
import { useRunner, type Busy } from "./useRunner";
import "./run.css";

const PlayIcon = () => (
  <svg width="14" height="14" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true" focusable="false">
    <path d="M7 4.5v15a1 1 0 0 0 1.5.86l12-7.5a1 1 0 0 0 0-1.72l-12-7.5A1 1 0 0 0 7 4.5Z" />
  </svg>
);

const ChecklistIcon = () => (
  <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
    <path d="m3 7 2 2 4-4M3 17l2 2 4-4M13 6h8M13 12h8M13 18h8" />
  </svg>
);

function runtimeNote(language: string): string {
  if (language === "python") return "Python in your browser · standard library only, no extra packages (numpy…)";
  if (language === "typescript") return "TypeScript in your browser · types are stripped, not checked";
  return "JavaScript in your browser";
}

function BusyOutput({ busy }: { busy: Busy }) {
  return (
    <div className="run-output run-busy" aria-busy="true">
      <p className="run-busy-line" role="status">
        <Spinner small />
        {busy.phase === "starting"
          ? "Starting Python… (first run takes a few seconds)"
          : busy.mode === "tests"
            ? "Running the tests…"
            : `Running… (stopped after ${TIME_LIMIT_MS / 1000} s)`}
      </p>
      {busy.stdout ? <pre className="run-stdout">{busy.stdout}</pre> : null}
      {busy.stderr ? <pre className="run-stderr">{busy.stderr}</pre> : null}
    </div>
  );
}

/** Under the editor: Run and Run tests, and the latest run of anyone in the room. */
export function RunPanel({ model, view, bearer }: { model: RoomModel; view: RoomView; bearer: string | null }) {
  const runner = useRunner(model, view, bearer);
  const [open, setOpen] = useState(true);
  const { snapshot, busy, blocked, runtime, testable, unshared } = runner;
  const interviewer = canToggleRuns(view.me.role) && !view.ended;
  const others = snapshot.running.filter((r) => r.userId !== view.me.id);
  const shown = unshared && (!snapshot.latest || unshared.record.ts >= snapshot.latest.ts) ? unshared.record : snapshot.latest;
  const disabledWhy = busy ? "A run is in progress" : blocked;
  const testsWhy = !testable
    ? view.problemId
      ? `This problem has no tests for ${languageLabel(view.language)}.`
      : "Choose a problem with test cases to run them."
    : disabledWhy;

  return (
    <section className={open ? "run-panel" : "run-panel run-panel-closed"} aria-label="Run code" data-python={runner.python}>
      <header className="run-bar">
        <div className="run-bar-left">
          <button className="run-collapse" type="button" aria-expanded={open} aria-controls="run-body" onClick={() => setOpen(!open)}>
            <span className="run-chevron" aria-hidden="true">
              ▾
            </span>
            Output
          </button>
          {runtime ? (
            <span className="run-note faint" title={runtimeNote(view.language)}>
              {runtimeNote(view.language)}
            </span>
          ) : null}
        </div>
        <div className="run-bar-right">
          {interviewer ? (
            <label className="run-toggle" title="Candidates cannot run code while this is on. You still can.">
              <input
                type="checkbox"
                aria-label="Disable running for the candidate"
                checked={snapshot.runsDisabled}
                onChange={(e) => runner.setRunsDisabled(e.target.checked)}
              />
              <span className="run-toggle-long">Disable running for the candidate</span>
              <span className="run-toggle-short">No runs for candidate</span>
            </label>
          ) : null}
          {runtime ? (
            <>
              <button
                className="btn btn-sm"
                type="button"
                disabled={Boolean(testsWhy) || !view.loaded}
                title={testsWhy ?? "Call the solution on every test case of the problem"}
                onClick={() => void runner.start("tests")}
              >
                <ChecklistIcon /> Run tests
              </button>
              <button
                className="btn btn-sm btn-primary"
                type="button"
                disabled={Boolean(disabledWhy) || !view.loaded}
                title={disabledWhy ?? "Run the program; everyone in the room sees the output"}
                onClick={() => void runner.start("run")}
              >
                {busy ? <Spinner small /> : <PlayIcon />} Run
              </button>
            </>
          ) : (
            <span className="run-unsupported" role="note">
              {unsupportedMessage(normalizeLanguage(view.language))}
            </span>
          )}
        </div>
      </header>
      <div className="run-body" id="run-body" hidden={!open}>
        {runtime && blocked ? (
          <p className="run-blocked" role="note" data-run-blocked="">
            {blocked}
          </p>
        ) : null}
        {others.length > 0 && !busy ? (
          <p className="run-others" role="status">
            <Spinner small /> {others.map((o) => o.name).join(", ")} {others.length === 1 ? "is" : "are"} running{" "}
            {languageLabel(normalizeLanguage(others[0]?.language, "plaintext"))}…
          </p>
        ) : null}
        {busy ? (
          <BusyOutput busy={busy} />
        ) : shown ? (
          <>
            {shown === unshared?.record ? (
              <p className="run-unshared" role="note">
                Only you see this run: {unshared.reason}
              </p>
            ) : null}
            <RunOutput run={shown} meId={view.me.id} people={view.people} />
          </>
        ) : (
          <div className="run-placeholder faint">
            <p>
              {runtime
                ? `Run the code to see its output here — everyone in the room sees every run. Programs stop after ${TIME_LIMIT_MS / 1000} s.`
                : "Runs of this interview appear here."}
            </p>
            {runtime === "python" ? <p>Python runs on Pyodide with its standard library only: extra packages such as numpy are not available.</p> : null}
          </div>
        )}
      </div>
    </section>
  );
}
