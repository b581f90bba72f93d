import { ApiError } from "../api/errors";
import { backoffMs, isFinalClose, parseServerMessage, type ServerMessage } from "./protocol";

export type SignalStatus = "connecting" | "open" | "reconnecting" | "offline" | "closed";

export interface SignalSocketOptions {
  /** `ws(s)://host/signal/{session_id}`; `?token=` is appended per attempt. */
  url: string;
  /** A fresh room token before every connection (they expire). */
  fetchToken: () => Promise<string>;
  onMessage: (message: ServerMessage) => void;
  /** `closed` is final (removed, unknown session…): `reason` says why. */
  onStatus: (status: SignalStatus, reason?: string) => void;
  network?: Pick<Window, "addEventListener" | "removeEventListener"> & { navigator: { onLine: boolean } };
  WebSocketImpl?: typeof WebSocket;
}

const MAX_TOKEN_RETRIES = 3;

/** The signalling websocket with the app's reconnect rules (as RoomSocket does for Yjs): a
 * fresh token per attempt, backoff, wait for `online`, stop for good on final close codes.
 * Every (re)connection gets a new peer id from the server, so the mesh rebuilds its peer
 * connections on each `welcome`. */
export class SignalSocket {
  private ws: WebSocket | null = null;
  private stopped = false;
  private attempt = 0;
  private unauthorized = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private connecting = false;
  private readonly network: NonNullable<SignalSocketOptions["network"]>;

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
    if (this.timer) clearTimeout(this.timer);
    this.network.removeEventListener("offline", this.onOffline);
    this.network.removeEventListener("online", this.onOnline);
    this.drop(1000);
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
    this.options.onStatus(this.attempt === 0 && this.unauthorized === 0 ? "connecting" : "reconnecting");
    let token: string;
    try {
      token = await this.options.fetchToken();
    } catch (error) {
      this.connecting = false;
      if (error instanceof ApiError && !error.isNetwork && error.status >= 400 && error.status < 500 && error.status !== 429) {
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
        this.attempt = 0;
        this.unauthorized = 0;
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
      if (event.code === 4401 && ++this.unauthorized < MAX_TOKEN_RETRIES) {
        this.schedule();
        return;
      }
      if (event.code === 4401 || isFinalClose(event.code)) {
        this.stopped = true;
        this.options.onStatus("closed", event.reason || `closed (${event.code})`);
        return;
      }
      this.schedule();
    };
  }

  private schedule(): void {
    if (this.stopped || this.timer) return;
    this.options.onStatus("reconnecting");
    const delay = backoffMs(this.attempt);
    this.attempt = Math.min(this.attempt + 1, 10);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connectNow();
    }, delay);
  }

  private readonly onOffline = () => {
    if (this.stopped) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    // A dead socket can stay "open" for a long time; drop it now so the others are told.
    this.drop(1000);
    this.options.onStatus("offline");
  };

  private readonly onOnline = () => {
    if (this.stopped) return;
    this.attempt = 0;
    void this.connectNow();
  };
}
