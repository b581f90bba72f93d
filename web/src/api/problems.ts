import { ApiError } from "./errors";
import { request } from "./http";
import type { Problem, ProblemDetail, ProblemQuery } from "./types";

/** Search the bank (interviewers): built-in problems and the caller's own. */
export async function searchProblems(query: ProblemQuery, signal?: AbortSignal): Promise<Problem[]> {
  const params = new URLSearchParams();
  if (query.q.trim()) params.set("q", query.q.trim());
  if (query.difficulty) params.set("difficulty", query.difficulty);
  if (query.tag) params.set("tag", query.tag);
  const body = await request<{ problems: Problem[] }>("GET", `/api/problems?${params.toString()}`, { signal });
  return body.problems;
}

export function getProblem(id: string): Promise<ProblemDetail> {
  return request("GET", `/api/problems/${encodeURIComponent(id)}`);
}

const sessionCopies = new Map<string, Promise<ProblemDetail | null>>();

/** The session's problem as any participant (candidates too) may read it, with its tests;
 * fetched once per session and problem. `null` when the server does not know it. */
export function sessionProblemDetail(sessionId: string, problemId: string, bearer: string | null): Promise<ProblemDetail | null> {
  const key = `${sessionId}\n${problemId}`;
  let copy = sessionCopies.get(key);
  if (!copy) {
    copy = request<ProblemDetail>("GET", `/api/sessions/${encodeURIComponent(sessionId)}/problems/${encodeURIComponent(problemId)}`, {
      bearer,
    }).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    });
    copy.catch(() => sessionCopies.delete(key)); // offline: ask again next time
    sessionCopies.set(key, copy);
  }
  return copy;
}
