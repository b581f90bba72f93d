import { describe, expect, it } from "vitest";
import { describeHealth, fetchHealth } from "./health";

describe("describeHealth", () => {
  it("names the store and Redis", () => {
    expect(describeHealth({ status: "ok", store: "sqlite", redis: false })).toBe(
      "Server ready — documents stored in sqlite.",
    );
    expect(describeHealth({ status: "ok", store: "mongodb", redis: true })).toContain("Redis");
  });

  it("explains an unreachable server", () => {
    expect(describeHealth(new Error("HTTP 502"))).toContain("not reachable (HTTP 502)");
  });
});

describe("fetchHealth", () => {
  it("rejects on a non-2xx answer", async () => {
    const fake = (async () => new Response("", { status: 503 })) as typeof fetch;
    await expect(fetchHealth(fake)).rejects.toThrow("HTTP 503");
  });
});
