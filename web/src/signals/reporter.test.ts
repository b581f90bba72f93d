import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { describeEvent, isLargePaste, readEvents } from "./events";
import { SignalReporter } from "./reporter";

const setup = (writable = true) => {
  const doc = new Y.Doc();
  const events = doc.getArray<unknown>("events");
  let canWrite = writable;
  const reporter = new SignalReporter(events, { id: "u1", name: "Grace" }, () => canWrite, () => 1000);
  return { events, reporter, setWritable: (on: boolean) => (canWrite = on) };
};

describe("SignalReporter", () => {
  it("reports only large pastes, with their size", () => {
    const { events, reporter } = setup();
    expect(reporter.paste("x = 1")).toBe(false);
    expect(reporter.paste("a\nb\nc")).toBe(true);
    expect(reporter.paste("y".repeat(200))).toBe(true);
    const read = readEvents(events.toArray());
    expect(read.map((e) => [e.kind, e.chars, e.lines, e.by])).toEqual([
      ["paste", 5, 3, "u1"],
      ["paste", 200, 1, "u1"],
    ]);
    expect(describeEvent(read[0]!)).toBe("Grace pasted 5 characters, 3 lines");
  });

  it("reports leaving and coming back once each", () => {
    const { events, reporter } = setup();
    expect(reporter.visibility("visible")).toBe(false);
    expect(reporter.visibility("hidden")).toBe(true);
    expect(reporter.visibility("hidden")).toBe(false);
    expect(reporter.visibility("visible")).toBe(true);
    expect(readEvents(events.toArray()).map((e) => e.kind)).toEqual(["hidden", "visible"]);
  });

  it("writes nothing while the document is read-only for the candidate", () => {
    const { events, reporter, setWritable } = setup(false);
    expect(reporter.paste("z".repeat(500))).toBe(false);
    expect(reporter.visibility("hidden")).toBe(false);
    setWritable(true);
    expect(reporter.visibility("visible")).toBe(false); // the leave was never reported
    expect(events.length).toBe(0);
  });
});

describe("isLargePaste", () => {
  it("is 200 characters or 3 lines", () => {
    expect(isLargePaste("a".repeat(199))).toBe(false);
    expect(isLargePaste("a".repeat(200))).toBe(true);
    expect(isLargePaste("a\nb")).toBe(false);
    expect(isLargePaste("a\r\nb\r\nc")).toBe(true);
  });
});
