import * as Y from "yjs";
import { readChat } from "../collab/chat";
import { chatArray, codeText, eventsArray, META_LANGUAGE, metaMap, runsArray, type SignalKind } from "../collab/schema";
import { readRuns } from "../run/records";
import { awayPeriods, describeEvent, parseEvent } from "../signals/events";
import type { HistoryEntry } from "./engine";

/** Something worth a mark on the timeline, placed at the server time its update arrived. */
export type Marker =
  | { kind: "language"; ts: number; by: string | null; label: string }
  | { kind: "chat"; ts: number; by: string; label: string }
  | { kind: "run"; ts: number; by: string; label: string; ok: boolean }
  | { kind: SignalKind; ts: number; by: string; label: string; chars?: number };

/** One participant's typing over time: how many of their updates changed the code, per
 * bucket of the session. */
export interface Track {
  userId: string;
  buckets: Float64Array;
  edits: number;
  net: number; // characters added minus removed
}

export interface Timeline {
  start: number;
  end: number;
  markers: Marker[];
  tracks: Map<string, Track>;
  /** Yjs client id → user id, for colouring the text by who typed it. */
  clientAuthors: Map<number, string>;
}

export const TRACK_BUCKETS = 240;

const addedItems = (event: Y.YArrayEvent<unknown>): unknown[] =>
  event.changes.delta.flatMap((op) => (Array.isArray(op.insert) ? (op.insert as unknown[]) : []));

/** One pass over the log: markers, per-participant activity and who owns which Yjs client. */
export function buildTimeline(entries: readonly HistoryEntry[], end?: number): Timeline {
  const start = entries[0]?.ts ?? 0;
  const last = Math.max(end ?? 0, entries[entries.length - 1]?.ts ?? start);
  const span = Math.max(last - start, 1e-3);
  const doc = new Y.Doc();
  const markers: Marker[] = [];
  const tracks = new Map<string, Track>();
  const clientAuthors = new Map<number, string>();
  let current: HistoryEntry | null = null;

  const track = (userId: string): Track => {
    let found = tracks.get(userId);
    if (!found) {
      found = { userId, buckets: new Float64Array(TRACK_BUCKETS), edits: 0, net: 0 };
      tracks.set(userId, found);
    }
    return found;
  };

  // Not `event.delta`: Yjs computes it by walking the whole text, once per update.
  const text = codeText(doc);
  let touched = false;
  text.observe(() => {
    touched = true;
  });
  metaMap(doc).observe((event) => {
    if (!current || !event.keysChanged.has(META_LANGUAGE)) return;
    const language = metaMap(doc).get(META_LANGUAGE);
    if (typeof language === "string") markers.push({ kind: "language", ts: current.ts, by: current.author, label: language });
  });
  chatArray(doc).observe((event) => {
    for (const message of readChat(addedItems(event))) {
      markers.push({ kind: "chat", ts: current?.ts ?? message.ts / 1000, by: message.author_id, label: `${message.author_name}: ${message.text}` });
    }
  });
  runsArray(doc).observe((event) => {
    for (const run of readRuns(addedItems(event))) {
      const label = `${run.by_name || "Someone"} ran ${run.kind === "tests" ? "the tests" : "the code"}: ${run.exit_code === 0 ? "ok" : `exit ${run.exit_code}`}`;
      markers.push({ kind: "run", ts: current?.ts ?? run.ts / 1000, by: run.by, label, ok: run.exit_code === 0 });
    }
  });
  eventsArray(doc).observe((event) => {
    for (const item of addedItems(event)) {
      const signal = parseEvent(item);
      if (!signal) continue;
      const label = describeEvent(signal);
      markers.push({ kind: signal.kind, ts: current?.ts ?? signal.ts / 1000, by: signal.by, label, chars: signal.chars });
    }
  });

  for (const entry of entries) {
    current = entry;
    if (entry.author) {
      for (const client of Y.parseUpdateMeta(entry.update).to.keys()) {
        if (!clientAuthors.has(client)) clientAuthors.set(client, entry.author);
      }
    }
    const before = text.length;
    touched = false;
    Y.applyUpdate(doc, entry.update);
    if (touched && entry.author) {
      const t = track(entry.author);
      const bucket = Math.min(TRACK_BUCKETS - 1, Math.floor(((entry.ts - start) / span) * TRACK_BUCKETS));
      t.buckets[bucket] = (t.buckets[bucket] ?? 0) + 1;
      t.edits += 1;
      t.net += text.length - before;
    }
  }
  doc.destroy();
  return { start, end: last, markers, tracks, clientAuthors };
}

/** Who was away from the tab when, in timeline seconds. */
export function awayStretches(timeline: Timeline): { by: string; from: number; to: number }[] {
  const signals = timeline.markers.filter((m): m is Extract<Marker, { kind: SignalKind }> => m.kind === "hidden" || m.kind === "visible");
  return awayPeriods(signals, timeline.end);
}
