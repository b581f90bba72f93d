import type * as Y from "yjs";
import type { Role } from "../api/types";

// The shared documents, written down once (docs/interface.md "Document schema"; the server's
// rules are in server/rooms/guards.py). Every name of a shared type, of a `meta` key, of an
// awareness field and of an entry's keys is here; the rest of the app uses these.

/** The two documents of a session (`/yjs/{session_id}/{doc}`), and the text of `notes`: the
 * interviewers' private notes. */
export const CODE_DOC = "code";
export const NOTES_DOC = "notes";
export const NOTES_TEXT = "notes";
export type DocName = typeof CODE_DOC | typeof NOTES_DOC;

/** In doc `code`. */
export const CODE_TEXT = "code";
export const META_MAP = "meta";
export const CHAT_ARRAY = "chat";
/** Every run, appended by whoever ran it. */
export const RUNS_ARRAY = "runs";
/** What a candidate's own browser reports about itself (pastes, leaving the tab). */
export const EVENTS_ARRAY = "events";

/** The shared types of a document, by name. Arrays hold `unknown`: anyone with write access
 * can push anything, so every reader parses its items (`readChat`, `readRuns`, `readEvents`). */
export const codeText = (doc: Y.Doc): Y.Text => doc.getText(CODE_TEXT);
export const notesText = (doc: Y.Doc): Y.Text => doc.getText(NOTES_TEXT);
export const metaMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap<unknown>(META_MAP);
export const chatArray = (doc: Y.Doc): Y.Array<unknown> => doc.getArray<unknown>(CHAT_ARRAY);
export const runsArray = (doc: Y.Doc): Y.Array<unknown> => doc.getArray<unknown>(RUNS_ARRAY);
export const eventsArray = (doc: Y.Doc): Y.Array<unknown> => doc.getArray<unknown>(EVENTS_ARRAY);

/** Keys of `meta`. Only interviewers write them: the server reverts a candidate's change and
 * disconnects the candidate (4403). */
export const META_LANGUAGE = "language";
export const META_LOCKED = "locked";
export const META_PROBLEM = "problem_id";
/** Set by an interviewer, stops candidates' runs (the server refuses them too). */
export const META_RUNS_DISABLED = "runs_disabled";

/** An item as found in an array, before it is checked: the keys of `T`, of any type. */
export type Unchecked<T> = { [K in keyof T]?: unknown };

/** One item of `chat`. `ts` is the author's clock, in milliseconds. */
export interface ChatMessage {
  id: string;
  author_id: string;
  author_name: string;
  role: Role;
  text: string;
  ts: number;
}

/** One test case's verdict inside a run of the tests. */
export interface TestOutcome {
  name: string;
  passed: boolean;
  expected: string;
  actual: string;
  error?: string;
}

/** One item of `runs` (the contract's `{id, by, language, stdout, stderr, exit_code,
 * duration_ms, ts}`), plus what the room shows about it: who ran it by name, whether it ran
 * the tests and their verdicts, and whether it hit a limit. */
export interface RunRecord {
  id: string;
  by: string;
  by_name: string;
  language: string;
  kind: "run" | "tests";
  stdout: string;
  stderr: string;
  exit_code: number;
  duration_ms: number;
  ts: number; // the runner's clock, in milliseconds
  timed_out: boolean;
  truncated: boolean;
  tests?: TestOutcome[];
}

export type SignalKind = "paste" | "hidden" | "visible";
export const SIGNAL_KINDS: readonly SignalKind[] = ["paste", "hidden", "visible"];

/** One item of `events`. The server lets a candidate only append items whose `by` is their
 * own id (server/rooms/guards.py), so an event can't be forged for someone else. */
export interface SignalEvent {
  id: string;
  kind: SignalKind;
  by: string;
  by_name: string;
  chars?: number; // pastes: how many characters
  lines?: number; // pastes: how many lines
  ts: number; // the reporter's clock, milliseconds
}

/** Fields of a client's awareness state: who it is (`{id, name, role, …}`), and while it runs
 * a program, `{language, since}`. */
export const AWARENESS_USER = "user";
export const AWARENESS_RUNNING = "running";
