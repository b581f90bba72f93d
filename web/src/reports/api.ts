import { request } from "../api/http";

export type ReportFormat = "markdown" | "json";

/** Downloads as an attachment (Content-Disposition); interviewers carry the session cookie. */
export function reportUrl(sessionId: string, format: ReportFormat): string {
  return `/api/sessions/${encodeURIComponent(sessionId)}/export?format=${format}`;
}

/** Host only: the session and everything recorded in it, for good. */
export function deleteSession(sessionId: string): Promise<{ deleted: string }> {
  return request("DELETE", `/api/sessions/${encodeURIComponent(sessionId)}`);
}
