import type { Role } from "../api/types";
import { isInterviewer } from "../collab/permissions";

// Mirrors server/rooms/guards.py and server/permissions.py: candidates may append runs only
// while the editor is not locked and `meta.runs_disabled` is not set; observers and everyone
// after the end write nothing. The UI never tries an append the server would refuse, since
// a refused write gets the connection closed.

export interface RunFlags {
  locked: boolean;
  ended: boolean;
  runsDisabled: boolean;
}

/** Why this participant cannot start a run, in words; null when they can. */
export function runBlockedReason(role: Role, { locked, ended, runsDisabled }: RunFlags): string | null {
  if (ended) return "The interview has ended — code can no longer be run.";
  if (role === "observer") return "Observers see every run but cannot start one.";
  if (role === "candidate" && runsDisabled) return "Your interviewer has turned off running code for now.";
  if (role === "candidate" && locked) return "The editor is locked, so running is paused too.";
  return null;
}

export const canToggleRuns = isInterviewer;
