import { describe, expect, it } from "vitest";
import { matchRoute, safeNext, signInPath } from "./routes";

describe("routes", () => {
  it("matches every page", () => {
    expect(matchRoute("/", "")).toEqual({ name: "landing" });
    expect(matchRoute("/dashboard/", "")).toEqual({ name: "dashboard" });
    expect(matchRoute("/signin", "?next=/s/abc")).toEqual({ name: "signin", next: "/s/abc" });
    expect(matchRoute("/signup", "")).toEqual({ name: "signup", next: null });
    expect(matchRoute("/s/abc_DEF-1", "")).toEqual({ name: "room", sessionId: "abc_DEF-1" });
    expect(matchRoute("/s/abc", "?invite=tok")).toEqual({ name: "join", sessionId: "abc", invite: "tok" });
    expect(matchRoute("/s/a%20b", "")).toEqual({ name: "not-found" });
    expect(matchRoute("/nope", "")).toEqual({ name: "not-found" });
    expect(matchRoute("/s/abc/replay", "")).toEqual({ name: "replay", sessionId: "abc" });
    expect(matchRoute("/s/a%20b/replay", "")).toEqual({ name: "not-found" });
  });

  it("refuses open redirects", () => {
    expect(safeNext("https://evil.example")).toBeNull();
    expect(safeNext("//evil.example")).toBeNull();
    expect(safeNext("/\\evil.example")).toBeNull();
    expect(safeNext("/dashboard")).toBe("/dashboard");
    expect(signInPath("/s/x?invite=1")).toBe("/signin?next=%2Fs%2Fx%3Finvite%3D1");
  });
});
