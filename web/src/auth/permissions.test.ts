import { describe, expect, it } from "vitest";
import {
  canManage,
  canSeeNotes,
  canWriteCode,
  canWriteNotes,
  chatClosedReason,
  inviteNeedsAccount,
  lockedOut,
  readOnlyReason,
  reportsSignals,
  runBlockedReason,
} from "./permissions";

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

const runsOpen = { locked: false, ended: false, runsDisabled: false };

describe("who may run code", () => {
  it("mirrors the server: candidates stop when running is off or the editor is locked", () => {
    expect(runBlockedReason("candidate", runsOpen)).toBeNull();
    expect(runBlockedReason("candidate", { ...runsOpen, runsDisabled: true })).toMatch(/turned off running/);
    expect(runBlockedReason("candidate", { ...runsOpen, locked: true })).toMatch(/locked/);
    expect(runBlockedReason("host", { ...runsOpen, runsDisabled: true, locked: true })).toBeNull();
    expect(runBlockedReason("interviewer", { ...runsOpen, runsDisabled: true })).toBeNull();
    expect(runBlockedReason("observer", runsOpen)).toMatch(/Observers/);
    expect(runBlockedReason("host", { ...runsOpen, ended: true })).toMatch(/ended/);
  });
});

describe("chat, signals, managing, invites", () => {
  it("keeps the chat open through the lock, closed to observers and after the end", () => {
    expect(lockedOut("candidate", true)).toBe(true);
    expect(lockedOut("interviewer", true)).toBe(false);
    expect(chatClosedReason("candidate", { ended: false })).toBeNull();
    expect(chatClosedReason("observer", { ended: false })).toMatch(/Observers/);
    expect(chatClosedReason("host", { ended: true })).toMatch(/ended/);
  });

  it("leaves signals to candidates, managing to the host, accounts to interviewer invites", () => {
    expect(["host", "interviewer", "candidate", "observer"].filter((r) => reportsSignals(r as "host"))).toEqual(["candidate"]);
    expect(canManage("host")).toBe(true);
    expect(canManage("interviewer")).toBe(false);
    expect(canManage(undefined)).toBe(false);
    expect(inviteNeedsAccount("interviewer")).toBe(true);
    expect(inviteNeedsAccount("candidate")).toBe(false);
    expect(inviteNeedsAccount(null)).toBe(false);
  });
});
