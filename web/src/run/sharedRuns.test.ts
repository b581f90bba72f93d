import { describe, expect, it } from "vitest";
import { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { buildRunRecord } from "./records";
import { SharedRuns } from "./sharedRuns";
import { META_RUNS_DISABLED, metaMap, runsArray } from "../collab/schema";

const record = (id: string, by: string) =>
  buildRunRecord(
    { id: by, name: by.toUpperCase() },
    { language: "python", kind: "run", stdout: `${id}\n`, stderr: "", exitCode: 0, durationMs: 1, timedOut: false, truncated: false },
    1,
    id,
  );

/** Two replicas of one document, synced both ways as a provider would. */
function pair() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on("update", (u: Uint8Array) => Y.applyUpdate(b, u));
  b.on("update", (u: Uint8Array) => Y.applyUpdate(a, u));
  return { a: new SharedRuns(a, new Awareness(a)), b: new SharedRuns(b, new Awareness(b)), docA: a };
}

describe("shared runs", () => {
  it("shows everyone the latest run appended by anyone", () => {
    const { a, b, docA } = pair();
    let notified = 0;
    b.subscribe(() => notified++);
    a.append(record("r1", "ada"));
    expect(b.getSnapshot().latest?.stdout).toBe("r1\n");
    b.append(record("r2", "grace"));
    expect(a.getSnapshot().latest).toMatchObject({ id: "r2", by: "grace", by_name: "GRACE" });
    expect(a.getSnapshot().runs.map((r) => r.id)).toEqual(["r1", "r2"]);
    expect(notified).toBe(2);
    expect(runsArray(docA).toArray()[0]).toMatchObject({ id: "r1", by: "ada", exit_code: 0 });
  });

  it("follows the interviewer's flag", () => {
    const { a, b, docA } = pair();
    expect(b.runsDisabled()).toBe(false);
    a.setRunsDisabled(true);
    expect(metaMap(docA).get(META_RUNS_DISABLED)).toBe(true);
    expect(b.getSnapshot().runsDisabled).toBe(true);
    expect(b.runsDisabled()).toBe(true);
  });

  it("keeps the snapshot stable between changes (for React)", () => {
    const { a } = pair();
    expect(a.getSnapshot()).toBe(a.getSnapshot());
  });
});
