import { useEffect, useSyncExternalStore } from "react";
import { logOut, fetchMe } from "../api/accounts";
import { ApiError } from "../api/errors";
import type { User } from "../api/types";

/** The signed-in interviewer (the HttpOnly cookie is invisible to scripts, so ask /api/me). */
export type AccountState =
  | { status: "loading" }
  | { status: "signed-in"; user: User }
  | { status: "signed-out" }
  | { status: "error"; error: ApiError };

let state: AccountState = { status: "loading" };
let inflight: Promise<void> | null = null;
const listeners = new Set<() => void>();

function set(next: AccountState): void {
  state = next;
  listeners.forEach((listener) => listener());
}

/** Set by the server with the HttpOnly session cookie and cleared with it: without it no
 * interviewer is signed in here, and asking /api/me would only log a 401 in the console. */
const SIGNED_IN_HINT = "codesync_signed_in=";

function mayBeSignedIn(): boolean {
  return document.cookie.split(";").some((cookie) => cookie.trim().startsWith(SIGNED_IN_HINT));
}

export function loadAccount(force = false): Promise<void> {
  if (inflight && !force) return inflight;
  if (force) set({ status: "loading" });
  if (!mayBeSignedIn()) {
    inflight = Promise.resolve();
    set({ status: "signed-out" });
    return inflight;
  }
  inflight = fetchMe().then(
    (me) => set(me.kind === "user" ? { status: "signed-in", user: me.user } : { status: "signed-out" }),
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) set({ status: "signed-out" });
      else set({ status: "error", error: error instanceof ApiError ? error : new ApiError(0, "error", String(error)) });
    },
  );
  return inflight;
}

export function signedIn(user: User): void {
  inflight = Promise.resolve();
  set({ status: "signed-in", user });
}

export async function signOut(): Promise<void> {
  try {
    await logOut();
  } finally {
    inflight = Promise.resolve();
    set({ status: "signed-out" });
  }
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export function useAccount(): AccountState {
  const current = useSyncExternalStore(subscribe, () => state);
  useEffect(() => {
    if (state.status === "loading") void loadAccount();
  }, []);
  return current;
}
