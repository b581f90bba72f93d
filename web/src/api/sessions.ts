import { ApiError } from "./errors";
import { request } from "./http";
import type { Invite, InviteRole, Problem, Redeemed, RoomToken, Session, SessionPage } from "./types";

export function createSession(body: {
  title: string;
  language: string;
  problem_id?: string | null;
}): Promise<Session> {
  return request("POST", "/api/sessions", { body });
}

export async function activeSessions(): Promise<Session[]> {
  const page = await request<{ sessions: Session[] }>("GET", "/api/sessions/active");
  return page.sessions;
}

export function recentSessions(limit: number, before: string | null): Promise<SessionPage> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (before) query.set("before", before);
  return request("GET", `/api/sessions/recent?${query.toString()}`);
}

const base = (id: string) => `/api/sessions/${encodeURIComponent(id)}`;

export function getSession(id: string, bearer?: string | null): Promise<Session> {
  return request("GET", base(id), { bearer });
}

export function endSession(id: string): Promise<Session> {
  return request("POST", `${base(id)}/end`);
}

export function createInvite(id: string, role: InviteRole): Promise<Invite> {
  return request("POST", `${base(id)}/invites`, { body: { role } });
}

/** Chat through the server, for a candidate while the editor is locked (their own writes to
 * the document would be dropped); the server appends the message to the document's chat. */
export function postChat(id: string, text: string, bearer?: string | null): Promise<unknown> {
  return request("POST", `${base(id)}/chat`, { body: { text }, bearer });
}

/** A candidate's signal through the server, while the editor is locked. */
export function postSignal(id: string, report: { kind: string; chars?: number; lines?: number }, bearer?: string | null): Promise<unknown> {
  return request("POST", `${base(id)}/events`, { body: report, bearer });
}

export function roomToken(id: string, bearer?: string | null): Promise<RoomToken> {
  return request("GET", `${base(id)}/room-token`, { bearer });
}

export function redeemInvite(token: string, name: string, bearer?: string | null): Promise<Redeemed> {
  return request("POST", "/api/invites/redeem", { body: { token, name }, bearer });
}

/** The problem bank; `null` when the server has none (older servers answer 404). */
export async function listProblems(): Promise<Problem[] | null> {
  try {
    const body = await request<{ problems?: Problem[] } | Problem[]>("GET", "/api/problems");
    return Array.isArray(body) ? body : (body.problems ?? []);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 405)) {
      return null;
    }
    throw error;
  }
}

/** The session's problem as its participants (candidates too) may read it. */
export async function sessionProblem(sessionId: string, problemId: string, bearer?: string | null): Promise<Problem | null> {
  try {
    return await request<Problem>("GET", `${base(sessionId)}/problems/${encodeURIComponent(problemId)}`, { bearer });
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 405)) return null;
    throw error;
  }
}
