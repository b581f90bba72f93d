import { describe, expect, it } from "vitest";
import { buildRunRecord, latestRun, parseRunItem, readRuns, verdictOf, type Finished } from "./records";

const finished: Finished = {
  language: "python",
  kind: "run",
  stdout: "hi\n",
  stderr: "",
  exitCode: 0,
  durationMs: 12.6,
  timedOut: false,
  truncated: false,
};

describe("run records", () => {
  it("builds the contract's record, signed with the runner's own id", () => {
    const record = buildRunRecord({ id: "gst_grace", name: "Grace Hopper" }, finished, 1_700_000_000_000, "r1");
    expect(record).toEqual({
      id: "r1",
      by: "gst_grace",
      by_name: "Grace Hopper",
      language: "python",
      kind: "run",
      stdout: "hi\n",
      stderr: "",
      exit_code: 0,
      duration_ms: 13,
      ts: 1_700_000_000_000,
      timed_out: false,
      truncated: false,
    });
    expect(parseRunItem(record)).toEqual(record);
  });

  it("keeps test verdicts", () => {
    const tests = [{ name: "example", passed: false, expected: "[1,3]", actual: "[0,1]" }];
    const record = buildRunRecord({ id: "u", name: "U" }, { ...finished, kind: "tests", tests }, 1, "r2");
    expect(parseRunItem(record)?.tests).toEqual(tests);
    expect(verdictOf(record)).toBe("failed");
  });

  it("reads defensively: contract-only items get defaults, junk is skipped, ids count once", () => {
    const minimal = { id: "m", by: "u", language: "javascript", stdout: "", stderr: "x", exit_code: 1, duration_ms: 3, ts: 5 };
    const runs = readRuns([minimal, { id: "bad" }, "text", null, { ...minimal, stdout: "dup" }, { ...minimal, id: "n", exit_code: "0" }]);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ id: "m", by_name: "", kind: "run", timed_out: false, truncated: false });
    expect(verdictOf(runs[0]!)).toBe("error");
  });

  it("shows the last run appended, whoever ran it", () => {
    const a = buildRunRecord({ id: "a", name: "A" }, finished, 200, "1");
    const b = buildRunRecord({ id: "b", name: "B" }, finished, 100, "2"); // a slower clock
    expect(latestRun(readRuns([a, b]))?.id).toBe("2");
    expect(latestRun([])).toBeNull();
  });

  it("names a killed run a timeout", () => {
    expect(verdictOf(buildRunRecord({ id: "a", name: "A" }, { ...finished, timedOut: true, exitCode: 124 }, 1, "t"))).toBe("timeout");
  });
});
