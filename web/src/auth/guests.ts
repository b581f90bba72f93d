import type { Role } from "../api/types";

/** What a browser keeps after redeeming an invite without an account: the guest token that
 * proves it is the same browser (a candidate invite binds to the first one that redeems it). */
export interface GuestPass {
  session_id: string;
  user_id: string;
  name: string;
  role: Role;
  token: string;
}

type KeyValueStore = Pick<Storage, "getItem" | "setItem" | "removeItem">;

const key = (sessionId: string) => `codesync.guest.${sessionId}`;
const NAME_KEY = "codesync.guest-name";
const ROLES: readonly Role[] = ["host", "interviewer", "candidate", "observer"];

function defaultStore(): KeyValueStore | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage disabled (private mode with strict settings)
  }
}

function isPass(value: unknown, sessionId: string): value is GuestPass {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v.session_id === sessionId &&
    typeof v.user_id === "string" &&
    typeof v.name === "string" &&
    typeof v.token === "string" &&
    ROLES.includes(v.role as Role)
  );
}

export function loadGuest(sessionId: string, store = defaultStore()): GuestPass | null {
  const raw = store?.getItem(key(sessionId));
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    return isPass(value, sessionId) ? value : null;
  } catch {
    return null;
  }
}

export function saveGuest(pass: GuestPass, store = defaultStore()): void {
  store?.setItem(key(pass.session_id), JSON.stringify(pass));
  store?.setItem(NAME_KEY, pass.name);
}

export function forgetGuest(sessionId: string, store = defaultStore()): void {
  store?.removeItem(key(sessionId));
}

/** The name this browser last joined with, to prefill the join form. */
export function lastGuestName(store = defaultStore()): string {
  return store?.getItem(NAME_KEY) ?? "";
}
