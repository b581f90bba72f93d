import { describe, expect, it } from "vitest";
import { canSeeNotes, canWriteCode, canWriteNotes, readOnlyReason } from "./permissions";

const open = { locked: false, ended: false };

describe("permissions mirror the server", () => {
  it("lets candidates type until the editor is locked", () => {
    expect(canWriteCode("candidate", open)).toBe(true);
    expect(canWriteCode("candidate", { locked: true, ended: false })).toBe(false);
    expect(canWriteCode("host", { locked: true, ended: false })).toBe(true);
    expect(readOnlyReason("candidate", { locked: true, ended: false })).toContain("locked");
  });

  it("makes everything read-only after the end", () => {
    for (const role of ["host", "interviewer", "candidate", "observer"] as const) {
      expect(canWriteCode(role, { locked: false, ended: true })).toBe(false);
      expect(canWriteNotes(role, { locked: false, ended: true })).toBe(false);
      expect(readOnlyReason(role, { locked: false, ended: true })).toContain("ended");
    }
  });

  it("never lets observers write and hides notes from guests", () => {
    expect(canWriteCode("observer", open)).toBe(false);
    expect(canSeeNotes("candidate")).toBe(false);
    expect(canSeeNotes("observer")).toBe(false);
    expect(canSeeNotes("interviewer")).toBe(true);
    expect(readOnlyReason("interviewer", { locked: true, ended: false })).toBeNull();
  });
});
