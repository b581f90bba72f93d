import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { codeText } from "../collab/schema";
import { rebuildFromScratch, ReplayEngine, upperBound } from "./engine";
import { authorRanges } from "./frame";
import { scriptSession, seeded } from "./scriptedSession";
import { awayStretches, buildTimeline } from "./timeline";

const textOf = (doc: Y.Doc) => codeText(doc).toString();

describe("ReplayEngine", () => {
  const session = scriptSession({ updates: 1500, seed: 7 });

  it("rebuilds the document at every recorded timestamp, in order", () => {
    const engine = new ReplayEngine(session.entries, { checkpointEvery: 64 });
    for (const { ts, text } of session.expected) expect(textOf(engine.seek(ts))).toBe(text);
  });

  it("rebuilds it at every recorded timestamp in random order (backward seeks, checkpoints)", () => {
    const engine = new ReplayEngine(session.entries, { checkpointEvery: 64 });
    const random = seeded(3);
    for (let i = 0; i < 600; i++) {
      const sample = session.expected[Math.floor(random() * session.expected.length)];
      if (!sample) continue;
      expect(textOf(engine.seek(sample.ts))).toBe(sample.text);
    }
  });

  it("between two updates shows the earlier state, before the first update nothing", () => {
    const engine = new ReplayEngine(session.entries);
    const [a, b] = [session.expected[100], session.expected[101]];
    if (!a || !b) throw new Error("script too short");
    expect(textOf(engine.seek((a.ts + b.ts) / 2))).toBe(a.text);
    expect(textOf(engine.seek(engine.start - 1))).toBe("");
    expect(textOf(engine.seek(engine.end + 10))).toBe(session.expected[session.expected.length - 1]?.text);
  });

  it("agrees with a rebuild from scratch", () => {
    const engine = new ReplayEngine(session.entries, { checkpointEvery: 50 });
    for (const count of [0, 1, 49, 50, 51, 777, session.entries.length]) {
      expect(textOf(engine.seekIndex(count))).toBe(textOf(rebuildFromScratch(session.entries, count)));
    }
  });

  it("prepared in slices, tells its progress and seeks like one built at once", async () => {
    const progress: number[] = [];
    const engine = await ReplayEngine.prepare(session.entries, (done) => progress.push(done), { checkpointEvery: 64 });
    expect(progress).toEqual([1000]); // 1500 updates: one yield, after the first 1000
    expect(engine.checkpointCount).toBe(new ReplayEngine(session.entries, { checkpointEvery: 64 }).checkpointCount);
    const random = seeded(5);
    for (let i = 0; i < 200; i++) {
      const sample = session.expected[Math.floor(random() * session.expected.length)];
      if (sample) expect(textOf(engine.seek(sample.ts))).toBe(sample.text);
    }
  });

  it("handles an empty log", () => {
    const engine = new ReplayEngine([]);
    expect(textOf(engine.seek(123))).toBe("");
    expect(engine.start).toBe(0);
  });
});

describe("upperBound", () => {
  it("counts the times ≤ t", () => {
    const times = [1, 2, 2, 3];
    expect([0, 1, 2, 2.5, 3, 9].map((t) => upperBound(times, t))).toEqual([0, 1, 3, 3, 4, 4]);
  });
});

describe("timeline", () => {
  const session = scriptSession({ updates: 800, seed: 11 });
  const timeline = buildTimeline(session.entries);

  it("has a track per author with their typing, and markers for pastes, chat and language", () => {
    expect([...timeline.tracks.keys()].sort()).toEqual([...session.users].sort());
    for (const track of timeline.tracks.values()) expect(track.edits).toBeGreaterThan(0);
    const kinds = new Set(timeline.markers.map((m) => m.kind));
    for (const kind of ["paste", "chat", "language"]) expect(kinds).toContain(kind);
    const times = timeline.markers.map((m) => m.ts);
    expect(times.every((t) => t >= timeline.start && t <= timeline.end)).toBe(true);
  });

  it("colours every character by the participant who typed it", () => {
    const engine = new ReplayEngine(session.entries);
    const doc = engine.seek(engine.end);
    const ranges = authorRanges(codeText(doc), timeline.clientAuthors);
    expect(ranges.reduce((n, r) => n + (r.to - r.from), 0)).toBe(textOf(doc).length);
    expect(new Set(ranges.map((r) => r.author))).toEqual(new Set(session.users));
  });

  it("turns hidden…visible pairs into away stretches", () => {
    const base = { start: 0, end: 100, tracks: new Map(), clientAuthors: new Map() };
    const markers = [
      { kind: "hidden" as const, ts: 10, by: "c", label: "" },
      { kind: "visible" as const, ts: 25, by: "c", label: "" },
      { kind: "hidden" as const, ts: 90, by: "c", label: "" },
    ];
    expect(awayStretches({ ...base, markers })).toEqual([
      { by: "c", from: 10, to: 25 },
      { by: "c", from: 90, to: 100 },
    ]);
  });
});
