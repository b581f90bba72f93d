import { upperBound } from "./engine";

export const SPEEDS = [1, 2, 4, 8, 16, 32] as const;
export type Speed = (typeof SPEEDS)[number];

/** A pause longer than this (seconds, session time) is idle: playback skips most of it… */
export const IDLE_GAP_S = 5;
/** …arriving this long before the next change, so the viewer sees it coming. */
export const IDLE_LEAD_S = 1;

export interface Clock {
  speed: Speed;
  skipIdle: boolean;
  end: number;
}

/** Where playback is `elapsedMs` of wall time after `t` (session seconds). */
export function advance(t: number, elapsedMs: number, times: ArrayLike<number>, clock: Clock): number {
  let next = t + (elapsedMs / 1000) * clock.speed;
  if (clock.skipIdle) {
    const upcoming = times[upperBound(times, t)];
    if (upcoming !== undefined && upcoming - t > IDLE_GAP_S) next = Math.max(next, upcoming - IDLE_LEAD_S);
  }
  return Math.min(next, clock.end);
}
