import type { Participant, Role } from "../api/types";
import { colorsFor } from "./colors";
import { AWARENESS_USER, type Unchecked } from "./schema";

/** The `user` field of a client's awareness state; y-codemirror.next reads name, color and
 * colorLight from it to draw the remote caret. */
export interface PresenceUser {
  id: string;
  name: string;
  role: Role;
  color: string;
  colorLight: string;
}

export interface Person {
  userId: string;
  name: string;
  role: Role;
  online: boolean;
  isMe: boolean;
  color: string;
}

const ROLE_ORDER: Record<Role, number> = { host: 0, interviewer: 1, candidate: 2, observer: 3 };

export function presenceUser(id: string, name: string, role: Role): PresenceUser {
  const { color, light } = colorsFor(id);
  return { id, name, role, color, colorLight: light };
}

function parseUser(state: unknown): PresenceUser | null {
  if (typeof state !== "object" || state === null) return null;
  const user = (state as { [AWARENESS_USER]?: unknown })[AWARENESS_USER];
  if (typeof user !== "object" || user === null) return null;
  const u = user as Unchecked<PresenceUser>;
  if (typeof u.id !== "string" || typeof u.name !== "string" || !(u.role as string in ROLE_ORDER)) return null;
  return presenceUser(u.id, u.name.slice(0, 100), u.role as Role);
}

/** Users with at least one connected client, by user id. */
export function onlineUsers(states: ReadonlyMap<number, unknown>): Map<string, PresenceUser> {
  const users = new Map<string, PresenceUser>();
  for (const state of states.values()) {
    const user = parseUser(state);
    if (user) users.set(user.id, user);
  }
  return users;
}

/** The participants list: the server's record of who joined (authoritative for roles), plus
 * anyone online that the record does not know yet (joined after it was fetched). */
export function peopleList(
  participants: readonly Participant[],
  online: ReadonlyMap<string, PresenceUser>,
  myId: string,
): Person[] {
  const people = new Map<string, Person>();
  for (const p of participants) {
    people.set(p.user_id, {
      userId: p.user_id,
      name: p.name,
      role: p.role,
      online: online.has(p.user_id),
      isMe: p.user_id === myId,
      color: colorsFor(p.user_id).color,
    });
  }
  for (const user of online.values()) {
    if (!people.has(user.id)) {
      people.set(user.id, {
        userId: user.id,
        name: user.name,
        role: user.role,
        online: true,
        isMe: user.id === myId,
        color: user.color,
      });
    }
  }
  return [...people.values()].sort(
    (a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || Number(b.online) - Number(a.online) || a.name.localeCompare(b.name),
  );
}

/** True when awareness shows a user the server's participants list does not contain yet. */
export function hasUnknownUsers(participants: readonly Participant[], online: ReadonlyMap<string, PresenceUser>): boolean {
  const known = new Set(participants.map((p) => p.user_id));
  return [...online.keys()].some((id) => !known.has(id));
}
