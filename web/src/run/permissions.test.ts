import { describe, expect, it } from "vitest";
import { runBlockedReason } from "./permissions";

const open = { locked: false, ended: false, runsDisabled: false };

describe("who may run code", () => {
  it("mirrors the server: candidates stop when running is off or the editor is locked", () => {
    expect(runBlockedReason("candidate", open)).toBeNull();
    expect(runBlockedReason("candidate", { ...open, runsDisabled: true })).toMatch(/turned off running/);
    expect(runBlockedReason("candidate", { ...open, locked: true })).toMatch(/locked/);
    expect(runBlockedReason("host", { ...open, runsDisabled: true, locked: true })).toBeNull();
    expect(runBlockedReason("interviewer", { ...open, runsDisabled: true })).toBeNull();
    expect(runBlockedReason("observer", open)).toMatch(/Observers/);
    expect(runBlockedReason("host", { ...open, ended: true })).toMatch(/ended/);
  });
});
