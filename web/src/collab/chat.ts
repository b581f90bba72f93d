import type * as Y from "yjs";
import type { Role } from "../api/types";
import type { ChatMessage, Unchecked } from "./schema";

export const MAX_CHAT_LENGTH = 2000;
const ROLES: readonly string[] = ["host", "interviewer", "candidate", "observer"];

/** Anyone with write access can push anything into the array: read defensively. */
export function parseChatItem(item: unknown): ChatMessage | null {
  if (typeof item !== "object" || item === null) return null;
  const v = item as Unchecked<ChatMessage>;
  if (
    typeof v.id !== "string" ||
    typeof v.author_id !== "string" ||
    typeof v.author_name !== "string" ||
    typeof v.text !== "string" ||
    typeof v.ts !== "number" ||
    !Number.isFinite(v.ts) ||
    !ROLES.includes(v.role as string)
  ) {
    return null;
  }
  return {
    id: v.id,
    author_id: v.author_id,
    author_name: v.author_name.slice(0, 100),
    role: v.role as Role,
    text: v.text.slice(0, MAX_CHAT_LENGTH),
    ts: v.ts,
  };
}

export function readChat(items: readonly unknown[]): ChatMessage[] {
  const seen = new Set<string>();
  const messages: ChatMessage[] = [];
  for (const item of items) {
    const message = parseChatItem(item);
    if (message && !seen.has(message.id)) {
      seen.add(message.id);
      messages.push(message);
    }
  }
  return messages;
}

export interface Author {
  id: string;
  name: string;
  role: Role;
}

/** A message ready to push, or null for a blank one. */
export function composeMessage(author: Author, text: string, now: number, id: string): ChatMessage | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  return {
    id,
    author_id: author.id,
    author_name: author.name,
    role: author.role,
    text: trimmed.slice(0, MAX_CHAT_LENGTH),
    ts: now,
  };
}

export function appendChat(chat: Y.Array<unknown>, message: ChatMessage): void {
  chat.push([{ ...message }]);
}

/** Messages from others that this participant has not looked at yet. */
export function unreadCount(messages: readonly ChatMessage[], seen: ReadonlySet<string>, myId: string): number {
  return messages.filter((m) => m.author_id !== myId && !seen.has(m.id)).length;
}

/** Consecutive messages of one author within this window share one header. */
export const GROUP_WINDOW_MS = 5 * 60_000;

export function startsGroup(previous: ChatMessage | undefined, message: ChatMessage): boolean {
  return (
    previous === undefined ||
    previous.author_id !== message.author_id ||
    message.ts - previous.ts > GROUP_WINDOW_MS
  );
}
