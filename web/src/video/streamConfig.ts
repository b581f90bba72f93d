import { ApiError } from "../api/errors";
import { request } from "../api/http";

/** Whether the server has Stream configured for this session (`GET …/stream` answers 200);
 * 404 `stream_not_configured` (or any failure) means the built-in video is used. */
export async function streamConfigured(sessionId: string, bearer: string | null): Promise<boolean> {
  try {
    await request("GET", `/api/sessions/${encodeURIComponent(sessionId)}/stream`, { bearer });
    return true;
  } catch (error) {
    if (error instanceof ApiError) return false;
    return false;
  }
}
