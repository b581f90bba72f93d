import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CloseCode } from "../net/closeCodes";
import { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { ApiError } from "../api/errors";
import type { ConnectionEvent } from "./connection";
import { RoomSocket } from "./roomSocket";
import { AWARENESS_USER, CODE_DOC } from "./schema";

/** Just enough of a browser WebSocket for y-websocket: opens on demand, closes with a code. */
class FakeSocket {
  static all: FakeSocket[] = [];
  static readonly OPEN = 1;
  readonly OPEN = 1;
  readyState = 0;
  binaryType = "blob";
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onmessage: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }

  send(data: unknown) {
    this.sent.push(data);
  }

  close() {
    this.readyState = 3;
  }

  open() {
    this.readyState = 1;
    this.onopen?.();
  }

  serverCloses(code: number, reason = "") {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

class FakeNetwork extends EventTarget {
  navigator = { onLine: true };

  go(online: boolean) {
    this.navigator.onLine = online;
    this.dispatchEvent(new Event(online ? "online" : "offline"));
  }
}

function setup(fetchToken: () => Promise<string>) {
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  awareness.setLocalStateField(AWARENESS_USER, { id: "u1", name: "Ada" });
  const events: ConnectionEvent["type"][] = [];
  const network = new FakeNetwork();
  const socket = new RoomSocket({
    serverUrl: "ws://example.test/yjs/s1",
    doc,
    docName: CODE_DOC,
    awareness,
    fetchToken,
    onEvent: (event) => events.push(event.type),
    network: network as unknown as Window,
    WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
  });
  return { socket, events, network, awareness };
}

const latest = () => FakeSocket.all[FakeSocket.all.length - 1]!;
const tokenOf = (ws: FakeSocket) => new URL(ws.url).searchParams.get("token");

describe("RoomSocket", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.all = [];
  });
  afterEach(() => vi.useRealTimers());

  it("connects with a fresh room token every time", async () => {
    let n = 0;
    const { socket, events } = setup(async () => `t${++n}`);
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(latest().url).toBe("ws://example.test/yjs/s1/code?token=t1");
    latest().open();
    latest().serverCloses(CloseCode.ABNORMAL);
    expect(events).toContain("dropped");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(FakeSocket.all).toHaveLength(2);
    expect(tokenOf(latest())).toBe("t2");
    socket.destroy();
  });

  it("retries an expired token (4401) but stops on a refusal (4403)", async () => {
    let n = 0;
    const { socket, events } = setup(async () => `t${++n}`);
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    latest().serverCloses(CloseCode.UNAUTHORIZED, "token expired");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(tokenOf(latest())).toBe("t2");
    latest().serverCloses(CloseCode.FORBIDDEN, "not a participant of this session");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all).toHaveLength(2);
    expect(events[events.length - 1]).toBe("refused");
    socket.destroy();
  });

  it("gives up when the server refuses the token request, retries when unreachable", async () => {
    let calls = 0;
    const { socket, events } = setup(async () => {
      calls++;
      if (calls === 1) throw new ApiError(0, "network_error", "offline");
      throw new ApiError(403, "forbidden", "You are not a participant of this session.");
    });
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual(["attempt", "dropped"]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(events).toEqual(["attempt", "dropped", "attempt", "refused"]);
    expect(FakeSocket.all).toHaveLength(0);
    socket.destroy();
  });

  it("waits for the browser to be online, then reconnects at once", async () => {
    let n = 0;
    const { socket, events, network } = setup(async () => `t${++n}`);
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    latest().open();
    network.go(false);
    expect(events).toContain("browser-offline");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    network.go(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeSocket.all).toHaveLength(2);
    expect(tokenOf(latest())).toBe("t2");
    socket.destroy();
  });

  it("re-announces presence with a newer clock on every connection", async () => {
    const { socket, awareness } = setup(async () => "t");
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    const clock = awareness.meta.get(awareness.clientID)!.clock;
    latest().open();
    expect(awareness.meta.get(awareness.clientID)!.clock).toBe(clock + 1);
    socket.destroy();
  });
});
