import * as Y from "yjs";

/** One entry of the code document's update log (`GET /api/sessions/{id}/history`), decoded. */
export interface HistoryEntry {
  seq: number;
  ts: number; // epoch seconds, the server's clock when the update arrived
  author: string | null; // user id of the connection that sent it; null for the server's own writes
  update: Uint8Array;
}

export interface EngineOptions {
  /** Store a snapshot after every this many updates: a seek applies at most this many. */
  checkpointEvery?: number;
  /** Internal: `prepare` reads the log itself. */
  deferred?: boolean;
}

export const DEFAULT_CHECKPOINT_EVERY = 200;
const PREPARE_SLICE = 1000; // updates between two yields to the page (~60 ms of work)

interface Checkpoint {
  index: number; // the state after applying entries[0, index)
  state: Uint8Array;
}

/** Index of the first time strictly greater than `t` (= how many times are ≤ t). */
export function upperBound(times: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Rebuilds the document as it was at any moment of the log.
 *
 * Seeking backwards starts from the nearest snapshot (`Y.encodeStateAsUpdate` taken every
 * `checkpointEvery` updates while the log is first read) and applies the few updates after
 * it; seeking forwards a little (playback) applies only the updates in between. Pure: no
 * DOM, so the benchmark runs it in Node. */
export class ReplayEngine {
  readonly entries: readonly HistoryEntry[];
  readonly times: Float64Array;
  readonly checkpointEvery: number;
  private readonly checkpoints: Checkpoint[] = [];
  private doc: Y.Doc;
  private applied = 0; // entries[0, applied) are in `doc`

  constructor(entries: readonly HistoryEntry[], options: EngineOptions = {}) {
    this.entries = entries;
    this.times = Float64Array.from(entries, (e) => e.ts);
    this.checkpointEvery = Math.max(1, options.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY);
    this.doc = new Y.Doc();
    this.checkpoints.push({ index: 0, state: Y.encodeStateAsUpdate(this.doc) });
    if (!options.deferred) for (const _ of this.readLog(Infinity));
  }

  /** Like the constructor, but reads the log in slices, yielding to the page between them
   * (a one-hour session takes about a second to prepare) and telling how far it got. */
  static async prepare(entries: readonly HistoryEntry[], onProgress?: (done: number) => void, options: EngineOptions = {}): Promise<ReplayEngine> {
    const engine = new ReplayEngine(entries, { ...options, deferred: true });
    for (const done of engine.readLog(PREPARE_SLICE)) {
      onProgress?.(done);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return engine;
  }

  /** Applies the whole log once, keeping a checkpoint every `checkpointEvery` updates;
   * yields how many updates are done after every `slice` of them. */
  private *readLog(slice: number): Generator<number> {
    for (let i = 0; i < this.entries.length; i++) {
      Y.applyUpdate(this.doc, (this.entries[i] as HistoryEntry).update);
      this.applied = i + 1;
      if ((i + 1) % this.checkpointEvery === 0) this.checkpoints.push({ index: i + 1, state: Y.encodeStateAsUpdate(this.doc) });
      if ((i + 1) % slice === 0 && i + 1 < this.entries.length) yield i + 1;
    }
  }

  get start(): number {
    return this.times[0] ?? 0;
  }

  get end(): number {
    return this.times[this.times.length - 1] ?? 0;
  }

  /** How many updates had arrived at time `t` (seconds). */
  indexAt(t: number): number {
    return upperBound(this.times, t);
  }

  /** The document as it was at time `t`. It belongs to the engine: read it, never write it,
   * and don't keep it across seeks (a backward seek replaces it). */
  seek(t: number): Y.Doc {
    return this.seekIndex(this.indexAt(t));
  }

  /** The document after the first `count` updates. */
  seekIndex(count: number): Y.Doc {
    const target = Math.max(0, Math.min(count, this.entries.length));
    const checkpoint = this.checkpointBefore(target);
    // Forward from where we are if that is no more work than starting at the checkpoint.
    if (target < this.applied || checkpoint.index > this.applied) {
      this.doc.destroy();
      this.doc = new Y.Doc();
      Y.applyUpdate(this.doc, checkpoint.state);
      this.applied = checkpoint.index;
    }
    if (target > this.applied) {
      const doc = this.doc;
      Y.transact(doc, () => {
        for (let i = this.applied; i < target; i++) Y.applyUpdate(doc, (this.entries[i] as HistoryEntry).update);
      });
      this.applied = target;
    }
    return this.doc;
  }

  get position(): number {
    return this.applied;
  }

  get checkpointCount(): number {
    return this.checkpoints.length;
  }

  private checkpointBefore(count: number): Checkpoint {
    const slot = Math.min(Math.floor(count / this.checkpointEvery), this.checkpoints.length - 1);
    return this.checkpoints[slot] as Checkpoint;
  }
}

/** The baseline the benchmark compares against: a fresh document from the first update on. */
export function rebuildFromScratch(entries: readonly HistoryEntry[], count: number): Y.Doc {
  const doc = new Y.Doc();
  Y.transact(doc, () => {
    for (let i = 0; i < count; i++) Y.applyUpdate(doc, (entries[i] as HistoryEntry).update);
  });
  return doc;
}
