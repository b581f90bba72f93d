/** Every page of the app, matched from a URL. Pure, so the table is unit-tested. */
export type Route =
  | { name: "landing" }
  | { name: "signin"; next: string | null }
  | { name: "signup"; next: string | null }
  | { name: "dashboard" }
  | { name: "room"; sessionId: string }
  | { name: "join"; sessionId: string; invite: string }
  | { name: "replay"; sessionId: string }
  | { name: "not-found" };

const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Only same-site paths may be a `next` target (no open redirect to another host). */
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.includes("\\")) return null;
  return next;
}

export function matchRoute(pathname: string, search: string): Route {
  const params = new URLSearchParams(search);
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/") return { name: "landing" };
  if (path === "/signin") return { name: "signin", next: safeNext(params.get("next")) };
  if (path === "/signup") return { name: "signup", next: safeNext(params.get("next")) };
  if (path === "/dashboard") return { name: "dashboard" };
  const room = /^\/s\/([^/]+)$/.exec(path);
  if (room?.[1] && SESSION_ID.test(room[1])) {
    const invite = params.get("invite");
    return invite ? { name: "join", sessionId: room[1], invite } : { name: "room", sessionId: room[1] };
  }
  const replay = /^\/s\/([^/]+)\/replay$/.exec(path);
  if (replay?.[1] && SESSION_ID.test(replay[1])) return { name: "replay", sessionId: replay[1] };
  return { name: "not-found" };
}

export const roomPath = (sessionId: string) => `/s/${encodeURIComponent(sessionId)}`;
export const replayPath = (sessionId: string) => `${roomPath(sessionId)}/replay`;
export const signInPath = (next: string) => `/signin?${new URLSearchParams({ next }).toString()}`;
