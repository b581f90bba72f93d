import { fetchMe } from "../api/accounts";
import { ApiError } from "../api/errors";
import { getSession } from "../api/sessions";
import type { Session } from "../api/types";
import { forgetGuest, loadGuest } from "../auth/guests";
import type { Member } from "./room";
import { loadRoomCache, saveRoomCache } from "./roomCache";

export interface LoadedRoom {
  session: Session;
  me: Member;
  bearer: string | null; // a guest's token; interviewers ride on the cookie
  fromCache: boolean;
}

/** Who am I in this room, and what is the room: from the server, or (offline) from the copy
 * this browser saved on its last visit. */
export async function loadRoom(sessionId: string): Promise<LoadedRoom> {
  const guest = loadGuest(sessionId);
  const bearer = guest?.token ?? null;
  try {
    const [me, session] = await Promise.all([fetchMe(bearer), getSession(sessionId, bearer)]);
    const member: Member = { id: me.user.id, name: me.user.name, role: session.role ?? guest?.role ?? "observer" };
    saveRoomCache({ session, me: member });
    return { session, me: member, bearer, fromCache: false };
  } catch (error) {
    if (error instanceof ApiError && error.isNetwork) {
      const cached = loadRoomCache(sessionId);
      if (cached) return { ...cached, bearer, fromCache: true };
    }
    if (guest && error instanceof ApiError && error.status === 401) forgetGuest(sessionId); // expired pass
    throw error;
  }
}
