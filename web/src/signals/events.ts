import type * as Y from "yjs";
import { SIGNAL_KINDS, type SignalEvent, type SignalKind, type Unchecked } from "../collab/schema";

/** A paste this large is worth telling the interviewers about. */
export const LARGE_PASTE_CHARS = 200;
export const LARGE_PASTE_LINES = 3;

export function lineCount(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}

export function isLargePaste(text: string): boolean {
  return text.length >= LARGE_PASTE_CHARS || lineCount(text) >= LARGE_PASTE_LINES;
}

/** Anyone who may write the array can push anything into it: read defensively. */
export function parseEvent(item: unknown): SignalEvent | null {
  if (typeof item !== "object" || item === null) return null;
  const v = item as Unchecked<SignalEvent>;
  if (
    typeof v.id !== "string" ||
    typeof v.by !== "string" ||
    typeof v.ts !== "number" ||
    !Number.isFinite(v.ts) ||
    !SIGNAL_KINDS.includes(v.kind as SignalKind)
  ) {
    return null;
  }
  const count = (x: unknown) => (typeof x === "number" && Number.isFinite(x) && x >= 0 ? Math.floor(x) : undefined);
  return {
    id: v.id,
    kind: v.kind as SignalKind,
    by: v.by,
    by_name: typeof v.by_name === "string" ? v.by_name.slice(0, 100) : "Someone",
    chars: count(v.chars),
    lines: count(v.lines),
    ts: v.ts,
  };
}

export function readEvents(items: readonly unknown[]): SignalEvent[] {
  const seen = new Set<string>();
  const out: SignalEvent[] = [];
  for (const item of items) {
    const event = parseEvent(item);
    if (event && !seen.has(event.id)) {
      seen.add(event.id);
      out.push(event);
    }
  }
  return out;
}

export function appendEvent(events: Y.Array<unknown>, event: SignalEvent): void {
  const item: Record<string, unknown> = { ...event };
  for (const key of Object.keys(item)) if (item[key] === undefined) delete item[key]; // Yjs rejects undefined
  events.push([item]);
}

/** A sentence for a person reading the timeline. */
export function describeEvent(event: SignalEvent): string {
  switch (event.kind) {
    case "paste": {
      const size = [event.chars !== undefined ? `${event.chars} characters` : null, event.lines && event.lines > 1 ? `${event.lines} lines` : null]
        .filter(Boolean)
        .join(", ");
      return `${event.by_name} pasted ${size || "a large block"}`;
    }
    case "hidden":
      return `${event.by_name} left the tab`;
    case "visible":
      return `${event.by_name} came back to the tab`;
  }
}

/** Periods a participant spent away from the tab: each `hidden` up to the next `visible`
 * of the same person (or `until`, if they never came back). */
export function awayPeriods(events: readonly Pick<SignalEvent, "kind" | "by" | "ts">[], until: number): { by: string; from: number; to: number }[] {
  const open = new Map<string, number>();
  const periods: { by: string; from: number; to: number }[] = [];
  for (const event of [...events].sort((a, b) => a.ts - b.ts)) {
    if (event.kind === "hidden" && !open.has(event.by)) open.set(event.by, event.ts);
    if (event.kind === "visible") {
      const from = open.get(event.by);
      if (from !== undefined) periods.push({ by: event.by, from, to: event.ts });
      open.delete(event.by);
    }
  }
  for (const [by, from] of open) periods.push({ by, from, to: Math.max(from, until) });
  return periods.sort((a, b) => a.from - b.from);
}
