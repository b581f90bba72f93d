import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { describeEvent, isLargePaste, readEvents } from "./events";
import { SignalReporter, type ReportPath, type ServerReport } from "./reporter";
import { eventsArray } from "../collab/schema";

const setup = (initial: ReportPath = "document") => {
  const doc = new Y.Doc();
  const events = eventsArray(doc);
  let path = initial;
  const posted: ServerReport[] = [];
  const reporter = new SignalReporter(events, { id: "u1", name: "Grace" }, () => path, (r) => posted.push(r), () => 1000);
  return { events, reporter, posted, setPath: (next: ReportPath) => (path = next) };
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

  it("sends to the server while the editor is locked, never into the document", () => {
    const { events, reporter, posted, setPath } = setup("server");
    expect(reporter.paste("z".repeat(500))).toBe(true);
    expect(reporter.visibility("hidden")).toBe(true);
    setPath("document");
    expect(reporter.visibility("visible")).toBe(true);
    expect(posted).toEqual([{ kind: "paste", chars: 500, lines: 1 }, { kind: "hidden" }]);
    expect(readEvents(events.toArray()).map((e) => e.kind)).toEqual(["visible"]);
  });

  it("reports nothing after the interview ended", () => {
    const { events, reporter, posted, setPath } = setup("none");
    expect(reporter.paste("z".repeat(500))).toBe(false);
    expect(reporter.visibility("hidden")).toBe(false);
    setPath("document");
    expect(reporter.visibility("visible")).toBe(false); // the leave was never reported
    expect(events.length + posted.length).toBe(0);
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
