import type * as Y from "yjs";
import type { Awareness } from "y-protocols/awareness";
import { AWARENESS_RUNNING, AWARENESS_USER, META_RUNS_DISABLED, metaMap, type RunRecord, runsArray } from "../collab/schema";
import { latestRun, readRuns } from "./records";

export interface Running {
  userId: string;
  name: string;
  language: string;
  since: number;
}

export interface RunsSnapshot {
  runs: RunRecord[];
  latest: RunRecord | null;
  runsDisabled: boolean;
  /** Others running a program right now (from awareness). */
  running: Running[];
}

function othersRunning(awareness: Awareness): Running[] {
  const list: Running[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const s = state as { [AWARENESS_USER]?: { id?: unknown; name?: unknown }; [AWARENESS_RUNNING]?: { language?: unknown; since?: unknown } };
    const { [AWARENESS_USER]: user, [AWARENESS_RUNNING]: running } = s;
    if (!running || typeof running.language !== "string" || typeof running.since !== "number") continue;
    if (!user || typeof user.id !== "string" || typeof user.name !== "string") continue;
    list.push({ userId: user.id, name: user.name.slice(0, 100), language: running.language, since: running.since });
  }
  return list;
}

/** The runs of a room as one external store for React, plus the writes that go with them. */
export class SharedRuns {
  private readonly runs: Y.Array<unknown>;
  private readonly meta: Y.Map<unknown>;
  private readonly listeners = new Set<() => void>();
  private snapshot: RunsSnapshot | null = null;
  private destroyed = false;

  constructor(doc: Y.Doc, private readonly awareness: Awareness) {
    this.runs = runsArray(doc);
    this.meta = metaMap(doc);
    this.runs.observe(this.changed);
    this.meta.observe(this.onMeta);
    awareness.on("change", this.onAwareness);
  }

  destroy(): void {
    this.setRunning(null);
    this.destroyed = true;
    this.runs.unobserve(this.changed);
    this.meta.unobserve(this.onMeta);
    this.awareness.off("change", this.onAwareness);
    this.listeners.clear();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): RunsSnapshot => {
    if (!this.snapshot) {
      const runs = readRuns(this.runs.toArray());
      this.snapshot = { runs, latest: latestRun(runs), runsDisabled: this.runsDisabled(), running: othersRunning(this.awareness) };
    }
    return this.snapshot;
  };

  /** Read at the moment of a write, not from a render: the flag may have flipped meanwhile. */
  runsDisabled(): boolean {
    return this.meta.get(META_RUNS_DISABLED) === true;
  }

  append(record: RunRecord): void {
    if (!this.destroyed) this.runs.push([{ ...record }]); // a run that outlived its room is dropped
  }

  /** Interviewers only: candidates never write `meta` (the server disconnects them). */
  setRunsDisabled(disabled: boolean): void {
    this.meta.set(META_RUNS_DISABLED, disabled);
  }

  setRunning(running: { language: string; since: number } | null): void {
    if (!this.destroyed) this.awareness.setLocalStateField(AWARENESS_RUNNING, running);
  }

  private readonly changed = () => {
    this.snapshot = null;
    this.listeners.forEach((listener) => listener());
  };

  private readonly onMeta = (event: Y.YMapEvent<unknown>) => {
    if (event.keysChanged.has(META_RUNS_DISABLED)) this.changed();
  };

  private readonly onAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    const before = this.snapshot?.running ?? [];
    const changed = [...added, ...updated, ...removed].some((id) => id !== this.awareness.clientID);
    if (!changed) return;
    const now = othersRunning(this.awareness);
    if (JSON.stringify(now) !== JSON.stringify(before)) this.changed();
  };
}
