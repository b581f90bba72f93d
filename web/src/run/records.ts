import type { RunRecord, TestOutcome, Unchecked } from "../collab/schema";

export interface Runner {
  id: string;
  name: string;
}

export interface Finished {
  language: string;
  kind: "run" | "tests";
  stdout: string;
  stderr: string;
  exitCode: number;
  durationMs: number;
  timedOut: boolean;
  truncated: boolean;
  tests?: TestOutcome[];
}

/** The record to append for a finished run. `by` must be the runner's own user id: the
 * server refuses a candidate's run signed with anyone else's. */
export function buildRunRecord(runner: Runner, run: Finished, now: number, id: string): RunRecord {
  const record: RunRecord = {
    id,
    by: runner.id,
    by_name: runner.name.slice(0, 100),
    language: run.language,
    kind: run.kind,
    stdout: run.stdout,
    stderr: run.stderr,
    exit_code: Math.trunc(run.exitCode),
    duration_ms: Math.max(0, Math.round(run.durationMs)),
    ts: now,
    timed_out: run.timedOut,
    truncated: run.truncated,
  };
  if (run.tests) record.tests = run.tests.map((t) => ({ ...t }));
  return record;
}

const isString = (v: unknown): v is string => typeof v === "string";
const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

function parseOutcome(item: unknown): TestOutcome | null {
  if (typeof item !== "object" || item === null) return null;
  const v = item as Unchecked<TestOutcome>;
  if (!isString(v.name) || typeof v.passed !== "boolean" || !isString(v.expected) || !isString(v.actual)) return null;
  const outcome: TestOutcome = { name: v.name, passed: v.passed, expected: v.expected, actual: v.actual };
  if (isString(v.error)) outcome.error = v.error;
  return outcome;
}

/** Anyone who may append can push anything into the array: read defensively. Items with
 * only the contract's fields (other clients) are accepted with defaults for the rest. */
export function parseRunItem(item: unknown): RunRecord | null {
  if (typeof item !== "object" || item === null) return null;
  const v = item as Unchecked<RunRecord>;
  if (!isString(v.id) || !isString(v.by) || !isString(v.language) || !isNumber(v.ts)) return null;
  if (!isString(v.stdout) || !isString(v.stderr) || !isNumber(v.exit_code) || !isNumber(v.duration_ms)) return null;
  const record: RunRecord = {
    id: v.id,
    by: v.by,
    by_name: isString(v.by_name) ? v.by_name.slice(0, 100) : "",
    language: v.language,
    kind: v.kind === "tests" ? "tests" : "run",
    stdout: v.stdout,
    stderr: v.stderr,
    exit_code: v.exit_code,
    duration_ms: v.duration_ms,
    ts: v.ts,
    timed_out: v.timed_out === true,
    truncated: v.truncated === true,
  };
  if (Array.isArray(v.tests)) {
    record.tests = v.tests.map(parseOutcome).filter((o): o is TestOutcome => o !== null);
  }
  return record;
}

/** The valid runs in document order, each id once. */
export function readRuns(items: readonly unknown[]): RunRecord[] {
  const seen = new Set<string>();
  const runs: RunRecord[] = [];
  for (const item of items) {
    const run = parseRunItem(item);
    if (run && !seen.has(run.id)) {
      seen.add(run.id);
      runs.push(run);
    }
  }
  return runs;
}

/** The run the output panel shows: the last one appended, whoever ran it (document order is
 * the same for everyone; clocks are not). */
export function latestRun(runs: readonly RunRecord[]): RunRecord | null {
  return runs.at(-1) ?? null;
}

export type Verdict = "ok" | "failed" | "error" | "timeout";

export function verdictOf(run: RunRecord): Verdict {
  if (run.timed_out) return "timeout";
  if (run.exit_code !== 0) return "error";
  if (run.tests && run.tests.some((t) => !t.passed)) return "failed";
  return "ok";
}
