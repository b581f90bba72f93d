// The shared documents, written down once (docs/interface.md "Document schema").

export const CODE_DOC = "code";
export const NOTES_DOC = "notes";
export type DocName = typeof CODE_DOC | typeof NOTES_DOC;

/** In doc `code`. */
export const CODE_TEXT = "code";
export const META_MAP = "meta";
export const CHAT_ARRAY = "chat";

/** In doc `notes`. */
export const NOTES_TEXT = "notes";

/** Keys of `meta`. Only interviewers write them: the server reverts a candidate's change and
 * disconnects the candidate (4403). */
export const META_LANGUAGE = "language";
export const META_LOCKED = "locked";
export const META_PROBLEM = "problem_id";
