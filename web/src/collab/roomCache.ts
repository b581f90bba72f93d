import type { Session } from "../api/types";
import type { Member } from "./room";

/** The last known session and identity per room, so a reload while offline still opens the
 * room (from this browser's copy of the documents) instead of an error page. */
export interface CachedRoom {
  session: Session;
  me: Member;
}

const key = (sessionId: string) => `codesync.room.${sessionId}`;

export function saveRoomCache(room: CachedRoom): void {
  try {
    localStorage.setItem(key(room.session.id), JSON.stringify(room));
  } catch {
    // storage full or disabled: only offline reloads lose out
  }
}

export function loadRoomCache(sessionId: string): CachedRoom | null {
  try {
    const value = JSON.parse(localStorage.getItem(key(sessionId)) ?? "null") as CachedRoom | null;
    return value && value.session?.id === sessionId && typeof value.me?.id === "string" ? value : null;
  } catch {
    return null;
  }
}
