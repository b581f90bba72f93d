import { describe, expect, it } from "vitest";
import { formatArgs, reportValue } from "./inspect";

describe("console formatting in the sandbox", () => {
  it("prints like Node", () => {
    expect(formatArgs(["a", 1, true, null, undefined])).toBe("a 1 true null undefined");
    expect(formatArgs([[1, "x", [2]]])).toBe("[ 1, 'x', [ 2 ] ]");
    expect(formatArgs([{ a: 1, "b c": "d" }])).toBe("{ a: 1, 'b c': 'd' }");
    expect(formatArgs([new Map([["k", 1]]), new Set([1, 2])])).toBe("Map(1) { 'k' => 1 } Set(2) { 1, 2 }");
    expect(formatArgs([[], {}])).toBe("[] {}");
    expect(formatArgs([function named() {}, 10n, -0])).toBe("[Function: named] 10n -0");
  });

  it("survives cycles and depth", () => {
    const a: Record<string, unknown> = { n: 1 };
    a.self = a;
    expect(formatArgs([a])).toBe("{ n: 1, self: [Circular] }");
    expect(formatArgs([[[[[[1]]]]]])).toBe("[ [ [ [ [Array] ] ] ] ]");
  });

  it("reports plain data as JSON and anything else as printed", () => {
    expect(reportValue([1, { a: [true, null] }])).toEqual({ json: '[1,{"a":[true,null]}]' });
    expect(reportValue(undefined)).toEqual({ printed: "undefined" });
    expect(reportValue(new Set([1]))).toEqual({ printed: "Set(1) { 1 }" });
    expect(reportValue(Number.NaN)).toEqual({ printed: "NaN" });
    expect(reportValue("s")).toEqual({ json: '"s"' });
  });
});
