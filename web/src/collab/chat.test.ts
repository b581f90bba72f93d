import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { appendChat, composeMessage, MAX_CHAT_LENGTH, readChat, startsGroup, unreadCount } from "./chat";
import { chatArray } from "./schema";

const ada = { id: "usr_ada", name: "Ada", role: "host" as const };
const grace = { id: "gst_grace", name: "Grace", role: "candidate" as const };

describe("chat model", () => {
  it("composes trimmed messages and refuses blank ones", () => {
    expect(composeMessage(ada, "   ", 1, "a")).toBeNull();
    const message = composeMessage(ada, "  hi there \n", 1000, "m1");
    expect(message).toEqual({ id: "m1", author_id: "usr_ada", author_name: "Ada", role: "host", text: "hi there", ts: 1000 });
    expect(composeMessage(ada, "x".repeat(5000), 1, "m2")?.text).toHaveLength(MAX_CHAT_LENGTH);
  });

  it("round-trips through a Y.Array and skips malformed or duplicate items", () => {
    const doc = new Y.Doc();
    const chat = chatArray(doc);
    appendChat(chat, composeMessage(ada, "hello", 1, "m1")!);
    chat.push([{ text: "no author" }, "a string", null]);
    appendChat(chat, composeMessage(grace, "hi!", 2, "m2")!);
    appendChat(chat, composeMessage(grace, "dup", 3, "m2")!);
    const messages = readChat(chat.toArray());
    expect(messages.map((m) => m.text)).toEqual(["hello", "hi!"]);
    expect(messages[1]).toMatchObject({ author_name: "Grace", role: "candidate" });
  });

  it("counts unread messages from others only", () => {
    const messages = [
      composeMessage(ada, "a", 1, "m1")!,
      composeMessage(grace, "b", 2, "m2")!,
      composeMessage(grace, "c", 3, "m3")!,
    ];
    expect(unreadCount(messages, new Set(), "usr_ada")).toBe(2);
    expect(unreadCount(messages, new Set(["m2"]), "usr_ada")).toBe(1);
    expect(unreadCount(messages, new Set(), "gst_grace")).toBe(1);
  });

  it("groups consecutive messages of one author", () => {
    const first = composeMessage(ada, "a", 0, "1")!;
    const soon = composeMessage(ada, "b", 60_000, "2")!;
    const later = composeMessage(ada, "c", 20 * 60_000, "3")!;
    expect(startsGroup(undefined, first)).toBe(true);
    expect(startsGroup(first, soon)).toBe(false);
    expect(startsGroup(soon, later)).toBe(true);
    expect(startsGroup(first, composeMessage(grace, "d", 1, "4")!)).toBe(true);
  });
});
