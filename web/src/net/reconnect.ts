import { ApiError } from "../api/errors";

/** Where online/offline events come from (the window in the app, a fake in unit tests). */
export type Network = Pick<Window, "addEventListener" | "removeEventListener"> & { navigator: { onLine: boolean } };

export const BACKOFF_BASE_MS = 300;
export const BACKOFF_MAX_MS = 8000;
/** Attempts beyond this one wait as long as it does. */
const MAX_ATTEMPT = 10;
/** 4401 this many times in a row, each with a fresh token: give up. */
export const MAX_TOKEN_RETRIES = 3;

/** The delay before reconnect attempt `attempt` (0 first): doubling from 300 ms up to 8 s,
 * with ±25 % jitter so a room's clients do not all come back in the same instant. */
export function backoffMs(attempt: number, random = Math.random()): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt) * (0.75 + random * 0.5);
}

/** A room-token request that the server answered with a refusal (a 4xx other than 429):
 * asking again cannot help (removed, session ended…). Network errors and 5xx are retried. */
export function tokenRefused(error: unknown): error is ApiError {
  return error instanceof ApiError && !error.isNetwork && error.status >= 400 && error.status < 500 && error.status !== 429;
}

/** The timing half of a websocket's reconnect loop, shared by the room's Yjs sockets and the
 * video signalling socket: one pending retry at a time after `backoffMs`, the attempt count
 * and the run of expired tokens. The socket owns the rest (what a close means, the events). */
export class Reconnect {
  private attempt = 0;
  private expiredInARow = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** `retry` runs when a scheduled delay is over. */
  constructor(
    private readonly retry: () => void,
    private readonly random: () => number = Math.random,
  ) {}

  /** A retry is waiting for its delay. */
  get pending(): boolean {
    return this.timer !== null;
  }

  /** Nothing went wrong since the last success: this is a first connection, not a retry. */
  get fresh(): boolean {
    return this.attempt === 0 && this.expiredInARow === 0;
  }

  /** Retry after the next backoff delay, unless a retry is already pending. */
  schedule(): void {
    if (this.timer) return;
    const delay = backoffMs(this.attempt, this.random());
    this.attempt = Math.min(this.attempt + 1, MAX_ATTEMPT);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.retry();
    }, delay);
  }

  /** Drop the pending retry, if any (going offline, destroyed). */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The next retry waits the shortest delay again (the browser came back online). */
  resetDelay(): void {
    this.attempt = 0;
  }

  /** The connection works (synced, welcomed): start over on the next drop. */
  succeeded(): void {
    this.attempt = 0;
    this.expiredInARow = 0;
  }

  /** The server said 4401: true while another fresh token is worth a try. */
  tokenExpired(): boolean {
    return ++this.expiredInARow < MAX_TOKEN_RETRIES;
  }
}
