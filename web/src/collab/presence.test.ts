import { describe, expect, it } from "vitest";
import type { Participant } from "../api/types";
import { hasUnknownUsers, onlineUsers, peopleList, presenceUser } from "./presence";

const participants: Participant[] = [
  { user_id: "gst_1", name: "Grace", role: "candidate", guest: true, joined_at: 2 },
  { user_id: "usr_1", name: "Ada", role: "host", guest: false, joined_at: 1 },
  { user_id: "gst_2", name: "Olga", role: "observer", guest: true, joined_at: 3 },
];

describe("presence", () => {
  it("reads users from awareness states and ignores junk", () => {
    const states = new Map<number, unknown>([
      [1, { user: presenceUser("usr_1", "Ada", "host") }],
      [2, { user: { id: 5 } }],
      [3, {}],
      [4, { user: { id: "x", name: "Mallory", role: "admin" } }],
    ]);
    expect([...onlineUsers(states).keys()]).toEqual(["usr_1"]);
  });

  it("orders people by role and marks who is online", () => {
    const online = onlineUsers(new Map([[7, { user: presenceUser("gst_1", "Grace", "candidate") }]]));
    const people = peopleList(participants, online, "usr_1");
    expect(people.map((p) => [p.name, p.role, p.online, p.isMe])).toEqual([
      ["Ada", "host", false, true],
      ["Grace", "candidate", true, false],
      ["Olga", "observer", false, false],
    ]);
  });

  it("keeps the server's role even if awareness claims another", () => {
    const online = onlineUsers(new Map([[7, { user: presenceUser("gst_1", "Grace", "host") }]]));
    expect(peopleList(participants, online, "usr_1").find((p) => p.userId === "gst_1")?.role).toBe("candidate");
  });

  it("adds people who joined after the list was fetched", () => {
    const online = onlineUsers(new Map([[9, { user: presenceUser("gst_9", "Lin", "observer") }]]));
    expect(hasUnknownUsers(participants, online)).toBe(true);
    expect(peopleList(participants, online, "usr_1").some((p) => p.name === "Lin" && p.online)).toBe(true);
  });
});
