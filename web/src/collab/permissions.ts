import type { Role } from "../api/types";

// Mirrors server/permissions.py: the server enforces these; the UI only avoids writes that
// would be dropped (a dropped write makes the server drop every later write of that client).

export interface RoomFlags {
  locked: boolean;
  ended: boolean;
}

export function isInterviewer(role: Role): boolean {
  return role === "host" || role === "interviewer";
}

/** Writes to doc `code` — the editor buffer, and also the chat array that lives in it. */
export function canWriteCode(role: Role, { locked, ended }: RoomFlags): boolean {
  if (ended || role === "observer") return false;
  return !(role === "candidate" && locked);
}

export function canWriteNotes(role: Role, { ended }: RoomFlags): boolean {
  return isInterviewer(role) && !ended;
}

export const canSeeNotes = isInterviewer;
export const canChangeSettings = isInterviewer;

export function canManage(role: Role): boolean {
  return role === "host";
}

/** Why the editor is read-only for this participant, in words; null when it is editable. */
export function readOnlyReason(role: Role, flags: RoomFlags): string | null {
  if (flags.ended) return "The interview has ended — the code is read-only for everyone.";
  if (role === "observer") return "You are observing — the editor is read-only.";
  if (role === "candidate" && flags.locked) return "The interviewer has locked the editor.";
  return null;
}

export const ROLE_LABELS: Record<Role, string> = {
  host: "Host",
  interviewer: "Interviewer",
  candidate: "Candidate",
  observer: "Observer",
};
