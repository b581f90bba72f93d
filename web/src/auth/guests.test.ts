import { describe, expect, it } from "vitest";
import { forgetGuest, lastGuestName, loadGuest, saveGuest, type GuestPass } from "./guests";

function memoryStore() {
  const data = new Map<string, string>();
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
    data,
  };
}

const pass: GuestPass = { session_id: "s1", user_id: "gst_1", name: "Grace", role: "candidate", token: "t" };

describe("guest passes", () => {
  it("round-trips per session and remembers the name", () => {
    const store = memoryStore();
    saveGuest(pass, store);
    expect(loadGuest("s1", store)).toEqual(pass);
    expect(loadGuest("s2", store)).toBeNull();
    expect(lastGuestName(store)).toBe("Grace");
    forgetGuest("s1", store);
    expect(loadGuest("s1", store)).toBeNull();
  });

  it("ignores corrupt or foreign entries", () => {
    const store = memoryStore();
    store.setItem("codesync.guest.s1", "{not json");
    expect(loadGuest("s1", store)).toBeNull();
    store.setItem("codesync.guest.s1", JSON.stringify({ ...pass, session_id: "other" }));
    expect(loadGuest("s1", store)).toBeNull();
    store.setItem("codesync.guest.s1", JSON.stringify({ ...pass, role: "admin" }));
    expect(loadGuest("s1", store)).toBeNull();
  });
});
