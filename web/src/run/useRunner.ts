import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { randomId } from "../collab/ids";
import type { RoomModel, RoomView } from "../collab/room";
import { sessionProblemDetail } from "../api/problems";
import type { ProblemDetail, TestCase } from "../api/types";
import { runBlockedReason } from "../auth/permissions";
import type { PythonState, Stream } from "./protocol";
import { runProgram, type Program } from "./program";
import { buildRunRecord } from "./records";
import { functionNameFor, runtimeFor } from "./runtimes";
import { Sandbox } from "./Sandbox";
import { SharedRuns, type RunsSnapshot } from "./sharedRuns";
import type { RunRecord } from "../collab/schema";

export type Mode = "run" | "tests";

/** This participant's own run in progress: "starting" while Python loads. */
export interface Busy {
  mode: Mode;
  language: string;
  phase: "starting" | "running";
  stdout: string;
  stderr: string;
}

/** A finished run of ours that could not go into the shared document (running was turned
 * off meanwhile): shown to us only, with the reason. */
export interface Unshared {
  record: RunRecord;
  reason: string;
}

const NO_CASES: TestCase[] = [];
const EMPTY: RunsSnapshot = { runs: [], latest: null, runsDisabled: false, running: [] };
const noop = () => () => undefined;

function useStore<T>(store: { subscribe: (l: () => void) => () => void } | null, read: () => T, fallback: T): T {
  return useSyncExternalStore(store?.subscribe ?? noop, store ? read : () => fallback);
}

/** Everything the output panel needs: the shared runs, the sandbox, the problem's tests. */
export function useRunner(model: RoomModel, view: RoomView, bearer: string | null) {
  // Created in effects (not during render) so React's strict double mount gets fresh ones.
  const [shared, setShared] = useState<SharedRuns | null>(null);
  const [sandbox, setSandbox] = useState<Sandbox | null>(null);
  useEffect(() => {
    const runs = new SharedRuns(model.code.doc, model.code.awareness);
    const box = new Sandbox();
    setShared(runs);
    setSandbox(box);
    return () => {
      runs.destroy();
      box.destroy();
    };
  }, [model]);
  const snapshot = useStore(shared, () => shared!.getSnapshot(), EMPTY);
  const python = useStore<PythonState>(sandbox, () => sandbox!.pythonState, "cold");

  const problem = useProblem(view, bearer);
  const runtime = runtimeFor(view.language);
  const functionName = functionNameFor(problem?.function_name, view.language);
  const cases = problem?.tests ?? NO_CASES;
  const testable = runtime !== null && functionName !== null && cases.length > 0;
  const blocked = runBlockedReason(view.me.role, { locked: view.locked, ended: view.ended, runsDisabled: snapshot.runsDisabled });

  // Keep Python warm: start it when the browser is idle after the room opens.
  const warm = runtime === "python" && view.loaded && blocked === null && sandbox !== null;
  useEffect(() => {
    if (!warm || !sandbox) return;
    const idle = window.requestIdleCallback ?? ((fn: () => void) => window.setTimeout(fn, 1500));
    const cancel = window.cancelIdleCallback ?? window.clearTimeout;
    const handle = idle(() => sandbox.warmPython(), { timeout: 4000 });
    return () => cancel(handle);
  }, [warm, sandbox]);

  const [busy, setBusy] = useState<Busy | null>(null);
  const [unshared, setUnshared] = useState<Unshared | null>(null);
  const running = useRef(false); // a second click lands before React re-renders the button

  const start = useCallback(
    async (mode: Mode) => {
      if (!sandbox || !shared || running.current || !runtime) return;
      const program: Program = { language: view.language, code: model.codeText.toString() };
      if (mode === "tests") {
        if (!functionName || cases.length === 0) return;
        program.tests = { functionName, cases };
      }
      running.current = true;
      const phase = runtime === "python" && sandbox.pythonState !== "ready" ? "starting" : "running";
      setBusy({ mode, language: view.language, phase, stdout: "", stderr: "" });
      setUnshared(null);
      shared.setRunning({ language: view.language, since: Date.now() });
      const onOutput = (stream: Stream, text: string) =>
        setBusy((b) => (b ? { ...b, [stream]: b[stream].length < 200_000 ? b[stream] + text : b[stream] } : b));
      try {
        const finished = await runProgram(sandbox, program, {
          onStarted: () => setBusy((b) => (b ? { ...b, phase: "running" } : b)),
          onOutput,
        });
        const record = buildRunRecord({ id: view.me.id, name: view.me.name }, finished, Date.now(), randomId());
        // Decide with the state of this moment: the flag may have changed during the run, and
        // a run the server would refuse gets the connection closed.
        const now = model.getView();
        const reason = runBlockedReason(now.me.role, { locked: now.locked, ended: now.ended, runsDisabled: shared.runsDisabled() });
        if (reason === null && now.canWriteCode) shared.append(record);
        else setUnshared({ record, reason: reason ?? "You cannot write to this interview right now, so the run was not shared." });
      } finally {
        running.current = false;
        shared.setRunning(null);
        setBusy(null);
      }
    },
    [sandbox, shared, runtime, view.language, view.me.id, view.me.name, model, functionName, cases],
  );

  const setRunsDisabled = useCallback((disabled: boolean) => shared?.setRunsDisabled(disabled), [shared]);

  return { snapshot, python, runtime, testable, blocked, busy, unshared, start, setRunsDisabled };
}

function useProblem(view: RoomView, bearer: string | null): ProblemDetail | null {
  const [problem, setProblem] = useState<ProblemDetail | null>(null);
  const { problemId } = view;
  const sessionId = view.session.id;
  useEffect(() => {
    setProblem(null);
    if (!problemId) return;
    let live = true;
    sessionProblemDetail(sessionId, problemId, bearer).then(
      (detail) => live && setProblem(detail),
      () => undefined, // the problem panel reports load errors; here, "Run tests" stays off
    );
    return () => {
      live = false;
    };
  }, [sessionId, problemId, bearer]);
  return problem;
}
