import type * as Y from "yjs";
import { readChat } from "../collab/chat";
import {
  chatArray,
  type ChatMessage,
  codeText,
  eventsArray,
  META_LANGUAGE,
  metaMap,
  type RunRecord,
  runsArray,
  type SignalEvent,
} from "../collab/schema";
import { normalizeLanguage, type LanguageId } from "../editor/languages";
import { readRuns } from "../run/records";
import { readEvents } from "../signals/events";

/** A stretch of the text and who typed it. */
export interface AuthorRange {
  from: number;
  to: number;
  author: string | null;
}

/** Everything the playback shows of one moment. */
export interface Frame {
  text: string;
  language: LanguageId;
  chat: ChatMessage[];
  runs: RunRecord[];
  events: SignalEvent[];
  authors: AuthorRange[];
}

/** Who typed each visible character: the Yjs client that created its item, mapped to the
 * participant whose connection sent that client's first update. */
export function authorRanges(text: Y.Text, clientAuthors: ReadonlyMap<number, string>): AuthorRange[] {
  const ranges: AuthorRange[] = [];
  let pos = 0;
  for (let item = text._start; item !== null; item = item.right as typeof item) {
    if (item.deleted || !item.countable) continue;
    const author = clientAuthors.get(item.id.client) ?? null;
    const last = ranges[ranges.length - 1];
    if (last && last.author === author && last.to === pos) last.to += item.length;
    else ranges.push({ from: pos, to: pos + item.length, author });
    pos += item.length;
  }
  return ranges;
}

export function readFrame(doc: Y.Doc, fallbackLanguage: LanguageId, clientAuthors: ReadonlyMap<number, string>): Frame {
  const text = codeText(doc);
  return {
    text: text.toString(),
    language: normalizeLanguage(metaMap(doc).get(META_LANGUAGE), fallbackLanguage),
    chat: readChat(chatArray(doc).toArray()),
    runs: readRuns(runsArray(doc).toArray()),
    events: readEvents(eventsArray(doc).toArray()),
    authors: authorRanges(text, clientAuthors),
  };
}
