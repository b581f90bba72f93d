import { request } from "../api/http";
import { CODE_DOC, type DocName } from "../collab/schema";
import type { HistoryEntry } from "./engine";

/** One entry as the API sends it (`GET /api/sessions/{id}/history`). */
export interface RawEntry {
  seq: number;
  ts: number;
  author: string | null;
  update: string; // base64
}

interface HistoryPage {
  entries: RawEntry[];
  next_after: number | null;
}

export function decodeEntry(raw: RawEntry): HistoryEntry {
  const binary = atob(raw.update);
  const update = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) update[i] = binary.charCodeAt(i);
  return { seq: raw.seq, ts: raw.ts, author: raw.author, update };
}

/** The whole log of a document (`code`, or the interviewers' `notes`), page after page (the
 * server sends at most 1000 at a time). */
export async function fetchHistory(
  sessionId: string,
  onProgress?: (loaded: number) => void,
  signal?: AbortSignal,
  doc: DocName = CODE_DOC,
): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = [];
  let after = 0;
  for (;;) {
    const query = new URLSearchParams({ after: String(after), doc });
    const page = await request<HistoryPage>("GET", `/api/sessions/${encodeURIComponent(sessionId)}/history?${query.toString()}`, { signal });
    for (const raw of page.entries) entries.push(decodeEntry(raw));
    onProgress?.(entries.length);
    if (page.next_after === null || page.entries.length === 0) return entries;
    after = page.next_after;
  }
}
