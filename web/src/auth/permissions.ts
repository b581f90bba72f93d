import type { InviteRole, Role } from "../api/types";

// What a role may do in a room: the one module the web app asks. It mirrors
// server/permissions.py and server/rooms/guards.py; the server enforces these, the UI only
// avoids writes that would be dropped (a dropped write makes the server drop every later write
// of that client; a refused run or `meta` change gets the connection closed).

export interface RoomFlags {
  locked: boolean;
  ended: boolean;
}

export function isInterviewer(role: Role): boolean {
  return role === "host" || role === "interviewer";
}

/** The editor lock (`meta.locked`) holds candidates only. */
export function lockedOut(role: Role, locked: boolean): boolean {
  return locked && role === "candidate";
}

/** Writes to doc `code` — the editor buffer, and also the chat array that lives in it. */
export function canWriteCode(role: Role, { locked, ended }: RoomFlags): boolean {
  if (ended || role === "observer") return false;
  return !lockedOut(role, locked);
}

export function canWriteNotes(role: Role, { ended }: RoomFlags): boolean {
  return isInterviewer(role) && !ended;
}

export const canSeeNotes = isInterviewer;
export const canChangeSettings = isInterviewer;

/** Inviting, removing, ending and deleting the session (`undefined`: not a participant). */
export function canManage(role: Role | undefined): boolean {
  return role === "host";
}

/** Why this participant cannot post in the chat, in words; null when they can. The editor
 * lock does not close it: a locked candidate's messages go through the server
 * (`POST /api/sessions/{id}/chat`), and a Stream chat is not in the document at all. */
export function chatClosedReason(role: Role, { ended }: Pick<RoomFlags, "ended">): string | null {
  if (ended) return "The interview has ended; the chat is read-only.";
  if (role === "observer") return "Observers can read the chat but not post.";
  return null;
}

/** Whose browser reports its pastes and leaving the tab into `events` (the server takes them
 * from candidates only). */
export function reportsSignals(role: Role): boolean {
  return role === "candidate";
}

/** An interviewer invite needs a signed-in interviewer; the other roles join as guests. */
export function inviteNeedsAccount(role: InviteRole | null): boolean {
  return role === "interviewer";
}

/** Why the editor is read-only for this participant, in words; null when it is editable. */
export function readOnlyReason(role: Role, flags: RoomFlags): string | null {
  if (flags.ended) return "The interview has ended — the code is read-only for everyone.";
  if (role === "observer") return "You are observing — the editor is read-only.";
  if (lockedOut(role, flags.locked)) return "The interviewer has locked the editor.";
  return null;
}

export interface RunFlags extends RoomFlags {
  runsDisabled: boolean;
}

/** Why this participant cannot start a run, in words; null when they can. Candidates may
 * append runs only while the editor is not locked and `meta.runs_disabled` is not set;
 * observers and everyone after the end write nothing. */
export function runBlockedReason(role: Role, { locked, ended, runsDisabled }: RunFlags): string | null {
  if (ended) return "The interview has ended — code can no longer be run.";
  if (role === "observer") return "Observers see every run but cannot start one.";
  if (role === "candidate" && runsDisabled) return "Your interviewer has turned off running code for now.";
  if (lockedOut(role, locked)) return "The editor is locked, so running is paused too.";
  return null;
}

/** Turning running on and off for the candidate (`meta.runs_disabled`). */
export const canToggleRuns = isInterviewer;

export const ROLE_LABELS: Record<Role, string> = {
  host: "Host",
  interviewer: "Interviewer",
  candidate: "Candidate",
  observer: "Observer",
};
