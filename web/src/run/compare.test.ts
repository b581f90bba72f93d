import { describe, expect, it } from "vitest";
import type { TestCase } from "../api/types";
import { judge, judgeCase, sameJson, summary } from "./compare";

const pair: TestCase = { name: "example", args: [[4, 9, 2, 6], 15], expected: [1, 3] };

describe("comparing results", () => {
  it("compares JSON values deeply", () => {
    expect(sameJson([1, [2, { a: "x" }]], [1, [2, { a: "x" }]])).toBe(true);
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(sameJson([1, 3], [3, 1])).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameJson([1], { 0: 1 })).toBe(false);
    expect(sameJson(null, 0)).toBe(false);
    expect(sameJson("1", 1)).toBe(false);
    expect(sameJson(true, 1)).toBe(false);
  });

  it("treats Python's 3.0 as the expected 3, and tolerates float rounding", () => {
    expect(judgeCase({ name: "avg", args: [], expected: 3 }, { name: "avg", json: "3.0" }).passed).toBe(true);
    expect(judgeCase({ name: "sum", args: [], expected: 0.3 }, { name: "sum", json: "0.30000000000000004" }).passed).toBe(true);
    expect(sameJson(0.3, 0.31)).toBe(false);
    expect(sameJson(1e20, 1e20 + 1e12)).toBe(false);
  });

  it("judges passes, wrong answers, errors and printed values", () => {
    expect(judgeCase(pair, { name: "example", json: "[1, 3]" })).toEqual({ name: "example", passed: true, expected: "[1,3]", actual: "[1,3]" });
    expect(judgeCase(pair, { name: "example", json: "[0, 1]" })).toMatchObject({ passed: false, expected: "[1,3]", actual: "[0,1]" });
    expect(judgeCase(pair, { name: "example", error: "IndexError: list index out of range (line 3, in f)" })).toMatchObject({
      passed: false,
      error: "IndexError: list index out of range (line 3, in f)",
    });
    expect(judgeCase(pair, { name: "example", printed: "{1, 3}" })).toMatchObject({ passed: false, actual: "{1, 3}" });
    expect(judgeCase(pair, undefined)).toMatchObject({ passed: false, error: expect.stringContaining("Not run") });
  });

  it("matches reports to cases by position and counts the passes", () => {
    const outcomes = judge(
      [pair, { name: "two", args: [[3, 3], 6], expected: [0, 1] }],
      [{ name: "example", json: "[1,3]" }],
    );
    expect(outcomes.map((o) => o.passed)).toEqual([true, false]);
    expect(summary(outcomes)).toEqual({ passed: 1, total: 2 });
  });
});
