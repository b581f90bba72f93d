import { describe, expect, it } from "vitest";
import { ApiError, messageOf } from "./errors";
import { request } from "./http";

const json = (status: number, body: unknown) =>
  (async () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json" },
    })) as typeof fetch;

describe("request", () => {
  it("returns the parsed body and sends JSON with the bearer", async () => {
    let seen: RequestInit | undefined;
    const fetcher = (async (_url: string, init?: RequestInit) => {
      seen = init;
      return new Response(JSON.stringify({ ok: 1 }), { status: 201 });
    }) as typeof fetch;
    await expect(request("POST", "/api/x", { body: { a: 1 }, bearer: "tok", fetcher })).resolves.toEqual({ ok: 1 });
    const headers = seen?.headers as Record<string, string>;
    expect(headers.authorization).toBe("Bearer tok");
    expect(headers["content-type"]).toBe("application/json");
    expect(seen?.body).toBe('{"a":1}');
    expect(seen?.credentials).toBe("same-origin");
  });

  it("turns the server's error shape into an ApiError with its code and sentence", async () => {
    const fetcher = json(403, { error: { code: "invite_expired", message: "This invite link has expired." } });
    const error = await request("POST", "/api/invites/redeem", { fetcher }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 403, code: "invite_expired", message: "This invite link has expired." });
  });

  it("never shows raw HTML or JSON from a proxy", async () => {
    const fetcher = (async () => new Response("<html>Bad gateway</html>", { status: 502 })) as typeof fetch;
    const error = (await request("GET", "/api/me", { fetcher }).catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe("server_error");
    expect(error.message).toContain("HTTP 502");
    expect(error.message).not.toContain("<html>");
    const odd = json(418, { detail: "teapot" });
    expect(messageOf(await request("GET", "/x", { fetcher: odd }).catch((e: unknown) => e))).toBe(
      "The server answered unexpectedly (HTTP 418).",
    );
  });

  it("reports an unreachable server as a network error", async () => {
    const fetcher = (async () => {
      throw new TypeError("Failed to fetch");
    }) as typeof fetch;
    const error = (await request("GET", "/api/me", { fetcher }).catch((e: unknown) => e)) as ApiError;
    expect(error.isNetwork).toBe(true);
    expect(error.code).toBe("network_error");
  });

  it("gives up after the timeout", async () => {
    const fetcher = ((_url: string, init?: RequestInit) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
      })) as typeof fetch;
    const error = (await request("GET", "/api/me", { fetcher, timeoutMs: 10 }).catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe("timeout");
  });
});
