import * as Y from "yjs";
import { chatArray, codeText, eventsArray, META_LANGUAGE, metaMap } from "../collab/schema";
import type { HistoryEntry } from "./engine";

/** A deterministic interview for tests: several participants edit their own replicas,
 * receive each other's updates late (so edits are really concurrent), and the "server"
 * logs every update in arrival order, as the room does. While it runs, the text the
 * server held after each update is recorded: what playback must reproduce. */
export interface ScriptedSession {
  entries: HistoryEntry[];
  expected: { ts: number; text: string }[]; // the server's text once every update with ts ≤ this had arrived
  users: string[];
}

export interface ScriptOptions {
  users?: string[];
  updates?: number;
  seed?: number;
  start?: number;
}

/** mulberry32: small, seedable, good enough for test scripts. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ["def ", "return ", "for ", "in ", "if ", "seen", "[i]", " = ", "(", ")", ":", "\n    ", "\n", "x", "+ 1", "nums", "# ", "target"];

export function scriptSession(options: ScriptOptions = {}): ScriptedSession {
  const users = options.users ?? ["host", "candidate", "panel"];
  const total = options.updates ?? 2000;
  const random = seeded(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const server = new Y.Doc();
  const replicas = users.map(() => new Y.Doc());
  const inbox: Uint8Array[][] = users.map(() => []);
  const entries: HistoryEntry[] = [];
  const expected: { ts: number; text: string }[] = [];
  let ts = options.start ?? 1_700_000_000;
  let seq = 0;

  const arrive = (author: string | null, update: Uint8Array) => {
    // The server's clock: bursts of typing, sometimes a long think.
    const r = random();
    ts += r < 0.02 ? 20 + random() * 90 : r < 0.1 ? 1 + random() * 6 : 0.05 + random() * 0.4;
    Y.applyUpdate(server, update);
    entries.push({ seq: (seq += 1 + Math.floor(random() * 3)), ts, author, update });
    expected.push({ ts, text: codeText(server).toString() });
    users.forEach((_, i) => inbox[i]?.push(update));
  };

  for (let step = 0; entries.length < total; step++) {
    const who = Math.floor(random() * users.length);
    const doc = replicas[who] as Y.Doc;
    // Late delivery: a replica catches up only now and then.
    if (random() < 0.6) {
      for (const update of (inbox[who] as Uint8Array[]).splice(0)) Y.applyUpdate(doc, update);
    }
    const captured: Uint8Array[] = [];
    const onUpdate = (update: Uint8Array) => captured.push(update);
    doc.on("update", onUpdate);
    const text = codeText(doc);
    const r = random();
    if (r < 0.7 || text.length < 20) {
      text.insert(Math.floor(random() * (text.length + 1)), pick(WORDS));
    } else if (r < 0.9) {
      const at = Math.floor(random() * text.length);
      text.delete(at, Math.min(1 + Math.floor(random() * 6), text.length - at));
    } else if (r < 0.93) {
      text.insert(text.length, "\n# pasted\n" + "value = compute(value)\n".repeat(10));
      eventsArray(doc).push([{ id: `e${step}`, kind: "paste", by: users[who], by_name: users[who], chars: 240, ts: ts * 1000 }]);
    } else if (r < 0.97) {
      chatArray(doc).push([{ id: `c${step}`, author_id: users[who], author_name: users[who], role: "interviewer", text: "hi", ts: ts * 1000 }]);
    } else {
      metaMap(doc).set(META_LANGUAGE, pick(["python", "javascript", "go"]));
    }
    doc.off("update", onUpdate);
    // The server also writes now and then (a REST chat message: author null).
    if (step % 97 === 0) {
      const before = Y.encodeStateVector(server);
      chatArray(server).push([{ id: `s${step}`, author_id: "server", author_name: "Server", role: "host", text: "note", ts: ts * 1000 }]);
      const update = Y.encodeStateAsUpdate(server, before);
      entries.push({ seq: (seq += 1), ts: (ts += 0.01), author: null, update });
      expected.push({ ts, text: codeText(server).toString() });
      users.forEach((_, i) => inbox[i]?.push(update));
    }
    for (const update of captured) arrive(users[who] as string, update);
  }
  return { entries, expected, users };
}
