import { request } from "../api/http";

/** A scorecard as the server sends it (server/http/scorecards.py `card_view`). */
export interface Scorecard {
  author_id: string;
  author_name: string;
  ratings: Record<string, number>;
  notes: string;
  recommendation: number | null;
  recommendation_label: string | null;
  submitted: boolean;
  submitted_at: number | null;
  updated_at: number;
}

/** What the interviewer edits; the server keeps the rest. */
export interface ScorecardDraft {
  ratings: Record<string, number>;
  notes: string;
  recommendation: number | null;
}

const base = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}/scorecards`;

export function myScorecard(sessionId: string): Promise<Scorecard> {
  return request("GET", `${base(sessionId)}/mine`);
}

export function saveScorecard(sessionId: string, draft: ScorecardDraft): Promise<Scorecard> {
  return request("PUT", `${base(sessionId)}/mine`, { body: draft });
}

export function submitScorecard(sessionId: string): Promise<Scorecard> {
  return request("POST", `${base(sessionId)}/mine/submit`);
}

/** The cards the caller may read: the host every submitted one (and their own). */
export async function visibleScorecards(sessionId: string): Promise<Scorecard[]> {
  const body = await request<{ scorecards: Scorecard[] }>("GET", base(sessionId));
  return body.scorecards;
}
