import { ApiError } from "../api/errors";

export interface JoinProblem {
  title: string;
  message: string;
  /** Retrying the same link cannot help: hide the form. */
  final: boolean;
}

/** What a candidate reads when an invite cannot be redeemed: plain words and what to do next. */
export function joinProblem(error: unknown): JoinProblem {
  const code = error instanceof ApiError ? error.code : "";
  switch (code) {
    case "invite_expired":
      return {
        title: "This invite link has expired",
        message: "Invite links stay valid for 7 days. Ask your interviewer to send you a new one.",
        final: true,
      };
    case "invite_revoked":
      return {
        title: "This invite link was withdrawn",
        message: "The interviewer revoked this link. Ask them for a new one if you still need to join.",
        final: true,
      };
    case "invite_already_used":
      return {
        title: "This link was already used",
        message:
          "A candidate link works in one browser only, and it has been opened in another browser. If you switched devices or that wasn't you, ask the interviewer for a new link.",
        final: true,
      };
    case "removed_from_session":
      return {
        title: "You were removed from this interview",
        message: "The interviewer removed you, so this link no longer lets you in. Ask them for a new invite if you should rejoin.",
        final: true,
      };
    case "session_ended":
      return {
        title: "This interview has ended",
        message: "The interviewer has closed this session, so it can't be joined anymore.",
        final: true,
      };
    case "invite_invalid":
    case "invite_not_found":
      return {
        title: "This invite link isn't valid",
        message: "Check that you opened the complete link from your invitation, or ask the interviewer for a new one.",
        final: true,
      };
    default:
      return {
        title: "Couldn't join the interview",
        message: error instanceof Error ? error.message : "Something went wrong; please retry.",
        final: false,
      };
  }
}
