import { CloseCode, isFinalClose } from "../net/closeCodes";
import { Reconnect, tokenRefused, type Network } from "../net/reconnect";
import { parseServerMessage, type ServerMessage } from "./protocol";

export type SignalStatus = "connecting" | "open" | "reconnecting" | "offline" | "closed";

export interface SignalSocketOptions {
  /** `ws(s)://host/signal/{session_id}`; `?token=` is appended per attempt. */
  url: string;
  /** A fresh room token before every connection (they expire). */
  fetchToken: () => Promise<string>;
  onMessage: (message: ServerMessage) => void;
  /** `closed` is final (removed, unknown session…): `reason` says why. */
  onStatus: (status: SignalStatus, reason?: string) => void;
  network?: Network;
  WebSocketImpl?: typeof WebSocket;
}

/** The signalling websocket with the app's reconnect rules (as RoomSocket does for Yjs): a
 * fresh token per attempt, backoff, wait for `online`, stop for good on final close codes.
 * Every (re)connection gets a new peer id from the server, so the mesh rebuilds its peer
 * connections on each `welcome`. */
export class SignalSocket {
  private ws: WebSocket | null = null;
  private stopped = false;
  private readonly reconnect = new Reconnect(() => void this.connectNow());
  private connecting = false;
  private readonly network: Network;

  constructor(private readonly options: SignalSocketOptions) {
    this.network = options.network ?? window;
    this.network.addEventListener("offline", this.onOffline);
    this.network.addEventListener("online", this.onOnline);
  }

  start(): void {
    if (!this.network.navigator.onLine) this.options.onStatus("offline");
    else void this.connectNow();
  }

  send(message: unknown): boolean {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  destroy(): void {
    this.stopped = true;
    this.reconnect.cancel();
    this.network.removeEventListener("offline", this.onOffline);
    this.network.removeEventListener("online", this.onOnline);
    this.drop(CloseCode.NORMAL);
  }

  private drop(code: number): void {
    const ws = this.ws;
    this.ws = null;
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try {
      ws.close(code);
    } catch {
      /* already closing */
    }
  }

  private async connectNow(): Promise<void> {
    if (this.stopped || this.connecting || this.ws) return;
    if (!this.network.navigator.onLine) return;
    this.connecting = true;
    this.options.onStatus(this.reconnect.fresh ? "connecting" : "reconnecting");
    let token: string;
    try {
      token = await this.options.fetchToken();
    } catch (error) {
      this.connecting = false;
      if (tokenRefused(error)) {
        this.stopped = true; // no longer a participant (removed, session ended…)
        this.options.onStatus("closed", error.message);
        return;
      }
      this.schedule();
      return;
    }
    this.connecting = false;
    if (this.stopped || !this.network.navigator.onLine) return;
    const Impl = this.options.WebSocketImpl ?? WebSocket;
    const ws = new Impl(`${this.options.url}?token=${encodeURIComponent(token)}`);
    this.ws = ws;
    ws.onmessage = (event: MessageEvent) => {
      const message = parseServerMessage(event.data);
      if (!message) return;
      if (message.type === "welcome") {
        this.reconnect.succeeded();
        this.options.onStatus("open");
      }
      this.options.onMessage(message);
    };
    ws.onclose = (event: CloseEvent) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.stopped) return;
      if (!this.network.navigator.onLine) {
        this.options.onStatus("offline");
        return;
      }
      if (event.code === CloseCode.UNAUTHORIZED && this.reconnect.tokenExpired()) {
        this.schedule();
        return;
      }
      if (event.code === CloseCode.UNAUTHORIZED || isFinalClose(event.code)) {
        this.stopped = true;
        this.options.onStatus("closed", event.reason || `closed (${event.code})`);
        return;
      }
      this.schedule();
    };
  }

  private schedule(): void {
    if (this.stopped || this.reconnect.pending) return;
    this.options.onStatus("reconnecting");
    this.reconnect.schedule();
  }

  private readonly onOffline = () => {
    if (this.stopped) return;
    this.reconnect.cancel();
    // A dead socket can stay "open" for a long time; drop it now so the others are told.
    this.drop(CloseCode.NORMAL);
    this.options.onStatus("offline");
  };

  private readonly onOnline = () => {
    if (this.stopped) return;
    this.reconnect.resetDelay();
    void this.connectNow();
  };
}
