import { describe, expect, it } from "vitest";
import { advance, IDLE_LEAD_S } from "./playback";
import { diffText } from "./textDiff";

describe("advance", () => {
  const times = [0, 1, 2, 60, 61];
  const clock = { speed: 1 as const, skipIdle: false, end: 61 };

  it("moves by wall time × speed and stops at the end", () => {
    expect(advance(0, 500, times, clock)).toBeCloseTo(0.5);
    expect(advance(0, 500, times, { ...clock, speed: 32 })).toBeCloseTo(16);
    expect(advance(60, 5000, times, clock)).toBe(61);
  });

  it("skips idle stretches up to just before the next change", () => {
    expect(advance(2, 100, times, { ...clock, skipIdle: true })).toBeCloseTo(60 - IDLE_LEAD_S);
    expect(advance(2, 100, times, clock)).toBeCloseTo(2.1);
    expect(advance(0.5, 100, times, { ...clock, skipIdle: true })).toBeCloseTo(0.6); // a short pause plays as is
  });
});

describe("diffText", () => {
  const apply = (before: string, after: string) => {
    const change = diffText(before, after);
    return change ? before.slice(0, change.from) + change.insert + before.slice(change.to) : before;
  };

  it("replaces only the middle that changed", () => {
    expect(diffText("abcdef", "abXYef")).toEqual({ from: 2, to: 4, insert: "XY" });
    expect(diffText("same", "same")).toBeNull();
    for (const [a, b] of [["", "new"], ["old", ""], ["aaa", "aa"], ["ab", "aab"], ["x\ny", "x\n\ny"]] as const) {
      expect(apply(a, b)).toBe(b);
    }
  });
});
