import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/errors";
import { CloseCode, isFinalClose } from "./closeCodes";
import { backoffMs, MAX_TOKEN_RETRIES, Reconnect, tokenRefused } from "./reconnect";

describe("backoffMs", () => {
  it("doubles from 300 ms up to 8 s, with ±25 % jitter", () => {
    expect([0, 1, 2, 3, 4, 5, 20].map((attempt) => backoffMs(attempt, 0.5))).toEqual([300, 600, 1200, 2400, 4800, 8000, 8000]);
    expect(backoffMs(0, 0)).toBe(225);
    expect(backoffMs(0, 1)).toBe(375);
    expect(backoffMs(20, 1)).toBe(10000);
  });
});

describe("Reconnect", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function make() {
    const retry = vi.fn();
    return { retry, reconnect: new Reconnect(retry, () => 0.5) };
  }

  it("retries once per schedule after the growing delay", () => {
    const { retry, reconnect } = make();
    expect(reconnect.fresh).toBe(true);
    reconnect.schedule();
    reconnect.schedule(); // one pending retry at a time
    expect(reconnect.pending).toBe(true);
    vi.advanceTimersByTime(299);
    expect(retry).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(retry).toHaveBeenCalledTimes(1);
    expect(reconnect.pending).toBe(false);
    expect(reconnect.fresh).toBe(false);
    reconnect.schedule();
    vi.advanceTimersByTime(599);
    expect(retry).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(retry).toHaveBeenCalledTimes(2);
  });

  it("caps the delay, and starts over after a success or when told", () => {
    const { retry, reconnect } = make();
    for (let i = 0; i < 15; i++) {
      reconnect.schedule();
      vi.runOnlyPendingTimers();
    }
    reconnect.schedule();
    vi.advanceTimersByTime(7999);
    expect(retry).toHaveBeenCalledTimes(15);
    vi.advanceTimersByTime(1);
    expect(retry).toHaveBeenCalledTimes(16);
    reconnect.resetDelay();
    reconnect.schedule();
    vi.advanceTimersByTime(300);
    expect(retry).toHaveBeenCalledTimes(17);
    reconnect.schedule();
    vi.runOnlyPendingTimers();
    reconnect.succeeded();
    expect(reconnect.fresh).toBe(true);
    reconnect.schedule();
    vi.advanceTimersByTime(300);
    expect(retry).toHaveBeenCalledTimes(19);
  });

  it("drops a pending retry when cancelled", () => {
    const { retry, reconnect } = make();
    reconnect.schedule();
    reconnect.cancel();
    expect(reconnect.pending).toBe(false);
    vi.runAllTimers();
    expect(retry).not.toHaveBeenCalled();
  });

  it("gives a run of expired tokens up after the last fresh one, until a success", () => {
    const { reconnect } = make();
    const answers = Array.from({ length: MAX_TOKEN_RETRIES }, () => reconnect.tokenExpired());
    expect(answers).toEqual([true, true, false]);
    expect(reconnect.fresh).toBe(false);
    reconnect.succeeded();
    expect(reconnect.tokenExpired()).toBe(true);
  });
});

describe("tokenRefused", () => {
  it("stops on a refusal, retries the network, 429 and 5xx", () => {
    expect(tokenRefused(new ApiError(403, "removed_from_session", "removed"))).toBe(true);
    expect(tokenRefused(new ApiError(404, "not_found", "gone"))).toBe(true);
    expect(tokenRefused(new ApiError(0, "network", "offline"))).toBe(false);
    expect(tokenRefused(new ApiError(429, "rate_limited", "slow down"))).toBe(false);
    expect(tokenRefused(new ApiError(502, "bad_gateway", "proxy"))).toBe(false);
    expect(tokenRefused(new Error("boom"))).toBe(false);
  });
});

describe("isFinalClose", () => {
  it("stops on refusals, not on an expired token or a dropped connection", () => {
    expect(isFinalClose(CloseCode.FORBIDDEN)).toBe(true);
    expect(isFinalClose(CloseCode.NOT_FOUND)).toBe(true);
    expect(isFinalClose(CloseCode.MALFORMED)).toBe(true);
    expect(isFinalClose(CloseCode.TOO_LARGE)).toBe(true);
    expect(isFinalClose(CloseCode.UNAUTHORIZED)).toBe(false);
    expect(isFinalClose(CloseCode.ABNORMAL)).toBe(false);
    expect(isFinalClose(CloseCode.TRY_AGAIN_LATER)).toBe(false);
  });
});
