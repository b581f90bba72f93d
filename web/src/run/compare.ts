// Judging "Run tests": the sandbox reports what the solution returned for each case, as JSON
// text; the page parses it and compares it with the case's expected value.

import type { Json, TestCase } from "../api/types";
import type { TestOutcome } from "../collab/schema";

/** Relative tolerance for floats: 0.1 + 0.2 passes for 0.3. */
const FLOAT_TOLERANCE = 1e-9;

function sameNumber(a: number, b: number): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= FLOAT_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

const isObject = (v: unknown): v is { [key: string]: Json } => typeof v === "object" && v !== null && !Array.isArray(v);

/** Deep equality of JSON values. Numbers compare by value (Python's `3.0` is JSON `3.0`,
 * which parses to the same number as `3`); arrays by order; objects by their keys. */
export function sameJson(actual: Json, expected: Json): boolean {
  if (typeof actual === "number" && typeof expected === "number") return sameNumber(actual, expected);
  if (Array.isArray(actual) || Array.isArray(expected)) {
    if (!Array.isArray(actual) || !Array.isArray(expected) || actual.length !== expected.length) return false;
    return actual.every((item, i) => sameJson(item, expected[i] as Json));
  }
  if (isObject(actual) || isObject(expected)) {
    if (!isObject(actual) || !isObject(expected)) return false;
    const keys = Object.keys(actual);
    if (keys.length !== Object.keys(expected).length) return false;
    return keys.every((key) => Object.hasOwn(expected, key) && sameJson(actual[key] as Json, expected[key] as Json));
  }
  return actual === expected;
}

/** What the sandbox saw for one case: the returned value as JSON text, or, when it is not
 * JSON (a set, an object with methods, `undefined`), its printed form; or the exception. */
export type CaseReport = { name: string; json: string } | { name: string; printed: string } | { name: string; error: string };

/** The verdict on one case, as it is stored in the run and shown to everyone. */
const MAX_SHOWN = 2000;

function clip(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

export function showJson(value: Json): string {
  return clip(JSON.stringify(value) ?? "null");
}

function parse(text: string): { ok: true; value: Json } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as Json };
  } catch {
    return { ok: false };
  }
}

export function judgeCase(test: TestCase, report: CaseReport | undefined): TestOutcome {
  const expected = showJson(test.expected);
  if (!report) return { name: test.name, passed: false, expected, actual: "", error: "Not run: the program stopped before this case." };
  if ("error" in report) return { name: test.name, passed: false, expected, actual: "", error: clip(report.error) };
  if ("printed" in report) return { name: test.name, passed: false, expected, actual: clip(report.printed) };
  const parsed = parse(report.json);
  if (!parsed.ok) return { name: test.name, passed: false, expected, actual: clip(report.json) };
  return { name: test.name, passed: sameJson(parsed.value, test.expected), expected, actual: showJson(parsed.value) };
}

/** Every case in order, matched by position (names may repeat). */
export function judge(tests: readonly TestCase[], reports: readonly CaseReport[]): TestOutcome[] {
  return tests.map((test, i) => judgeCase(test, reports[i]));
}

export function summary(outcomes: readonly TestOutcome[]): { passed: number; total: number } {
  return { passed: outcomes.filter((o) => o.passed).length, total: outcomes.length };
}
