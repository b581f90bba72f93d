import { ApiError } from "../api/errors";
import { request } from "../api/http";

/** `GET /api/sessions/{id}/stream`: short-lived Stream tokens for this participant. */
export interface StreamCredentials {
  api_key: string;
  user_id: string;
  token: string; // video (Stream's video SDK)
  chat_token: string; // Stream Chat
  call_type: string;
  call_id: string;
  channel_type: string;
  channel_id: string;
  expires_at: number; // epoch seconds
  video_base_url: string | null; // null: Stream's own hosts
  chat_base_url: string | null;
}

/** Which video and chat the room uses: Stream's, when the server has it configured
 * (the route answers 200); the built-in ones when it answers 404 `stream_not_configured`. */
export type Provider =
  | { kind: "checking" }
  | { kind: "builtin" }
  | { kind: "stream"; credentials: StreamCredentials; refresh: () => Promise<StreamCredentials> }
  | { kind: "unavailable"; message: string; retry: () => void };

export function fetchStreamCredentials(sessionId: string, bearer: string | null): Promise<StreamCredentials> {
  return request<StreamCredentials>("GET", `/api/sessions/${encodeURIComponent(sessionId)}/stream`, { bearer });
}

/** Null when this server has no Stream keys. Other failures (Stream down, network) are
 * thrown: the room says so rather than silently switching chat to another store. The public
 * health answer says first whether Stream is configured at all, so a room without it asks
 * no route that would answer 404 (a console error on every visit). */
export async function streamCredentialsOrNull(sessionId: string, bearer: string | null): Promise<StreamCredentials | null> {
  const health = await request<{ video?: string }>("GET", "/api/health");
  if (health.video !== "stream") return null;
  try {
    return await fetchStreamCredentials(sessionId, bearer);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && error.code === "stream_not_configured") return null;
    throw error;
  }
}
