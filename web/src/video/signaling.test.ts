import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CloseCode } from "../net/closeCodes";
import { ApiError } from "../api/errors";
import { SignalSocket, type SignalStatus } from "./signaling";

class FakeSocket {
  static OPEN = 1;
  static made: FakeSocket[] = [];
  readyState = 1;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  closedWith: number | null = null;
  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  close(code: number) {
    this.closedWith = code;
  }
  serverSends(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  serverCloses(code: number, reason = "") {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

function fakeNetwork() {
  const listeners = new Map<string, () => void>();
  return {
    navigator: { onLine: true },
    addEventListener: (type: string, fn: () => void) => listeners.set(type, fn),
    removeEventListener: (type: string) => listeners.delete(type),
    fire(type: "online" | "offline") {
      this.navigator.onLine = type === "online";
      listeners.get(type)?.();
    },
  };
}

const welcome = { type: "welcome", peer_id: "p1", peers: [], ice_servers: [] };

describe("SignalSocket", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.made = [];
    vi.stubGlobal("WebSocket", FakeSocket);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  function make(fetchToken: () => Promise<string> = () => Promise.resolve("tok")) {
    const statuses: (SignalStatus | string)[] = [];
    const network = fakeNetwork();
    const socket = new SignalSocket({
      url: "ws://h/signal/s1",
      fetchToken,
      onMessage: () => undefined,
      onStatus: (status, reason) => statuses.push(reason ? `${status}:${reason}` : status),
      network: network as never,
      WebSocketImpl: FakeSocket as never,
    });
    return { socket, statuses, network };
  }

  it("connects with a fresh token and reconnects after a drop", async () => {
    let n = 0;
    const { socket, statuses } = make(() => Promise.resolve(`t${++n}`));
    socket.start();
    await vi.runAllTimersAsync();
    expect(FakeSocket.made[0]?.url).toBe("ws://h/signal/s1?token=t1");
    FakeSocket.made[0]?.serverSends(welcome);
    expect(statuses.at(-1)).toBe("open");
    FakeSocket.made[0]?.serverCloses(CloseCode.ABNORMAL);
    expect(statuses.at(-1)).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSocket.made[1]?.url).toBe("ws://h/signal/s1?token=t2");
    socket.destroy();
  });

  it("stops for good when the participant was removed", async () => {
    const { socket, statuses } = make();
    socket.start();
    await vi.runAllTimersAsync();
    FakeSocket.made[0]?.serverCloses(CloseCode.FORBIDDEN, "removed from the session");
    await vi.advanceTimersByTimeAsync(20_000);
    expect(statuses.at(-1)).toBe("closed:removed from the session");
    expect(FakeSocket.made).toHaveLength(1);
  });

  it("stops when the room token is refused", async () => {
    const { socket, statuses } = make(() => Promise.reject(new ApiError(403, "not_participant", "Not a participant.")));
    socket.start();
    await vi.runAllTimersAsync();
    expect(statuses.at(-1)).toBe("closed:Not a participant.");
    expect(FakeSocket.made).toHaveLength(0);
  });

  it("drops the socket when the browser goes offline and reconnects when online", async () => {
    const { socket, statuses, network } = make();
    socket.start();
    await vi.runAllTimersAsync();
    network.fire("offline");
    expect(FakeSocket.made[0]?.closedWith).toBe(CloseCode.NORMAL);
    expect(statuses.at(-1)).toBe("offline");
    network.fire("online");
    await vi.runAllTimersAsync();
    expect(FakeSocket.made).toHaveLength(2);
    socket.destroy();
  });
});
