import type * as Y from "yjs";
import { META_PROBLEM, metaMap } from "../collab/schema";
import type { LanguageId } from "../editor/languages";
import type { ProblemDetail } from "../api/types";

/** The starter code of a problem for a language; TypeScript falls back to nothing rather
 * than to JavaScript, so a typed buffer never gets untyped code. */
export function starterCode(problem: ProblemDetail, language: LanguageId): string | null {
  const code = problem.starter_code?.[language];
  return typeof code === "string" && code.trim() ? code : null;
}

/** Interviewers choose the session's problem: `meta.problem_id` for everyone, and the
 * starter code for the current language if the editor is empty (whitespace counts as
 * empty), in one transaction so nobody sees one without the other. Returns whether the
 * starter code was inserted. */
export function chooseProblem(doc: Y.Doc, code: Y.Text, problem: ProblemDetail, language: LanguageId): boolean {
  const starter = starterCode(problem, language);
  let inserted = false;
  doc.transact(() => {
    metaMap(doc).set(META_PROBLEM, problem.id);
    if (starter && code.toString().trim() === "") {
      if (code.length > 0) code.delete(0, code.length);
      code.insert(0, starter);
      inserted = true;
    }
  });
  return inserted;
}
