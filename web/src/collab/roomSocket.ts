import { WebsocketProvider } from "y-websocket";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { CloseCode } from "../net/closeCodes";
import { Reconnect, tokenRefused, type Network } from "../net/reconnect";
import { refusalFor, type ConnectionEvent } from "./connection";
import type { DocName } from "./schema";

export interface RoomSocketOptions {
  /** `ws(s)://host/yjs/{session_id}`; y-websocket appends `/{doc}?token=…`. */
  serverUrl: string;
  doc: Y.Doc;
  docName: DocName;
  awareness: Awareness;
  /** A fresh room token (they expire after 10 minutes): called before every connection. */
  fetchToken: () => Promise<string>;
  onEvent: (event: ConnectionEvent) => void;
  /** Where online/offline events come from (the window in the app). */
  network?: Network;
  /** The WebSocket class (a fake in unit tests). */
  WebSocketImpl?: typeof WebSocket;
}

/** y-websocket's provider, but this class owns the reconnect loop: each attempt first fetches
 * a fresh room token, waits for the browser to be online, and stops for good on the close
 * codes that say reconnecting cannot help. */
export class RoomSocket {
  readonly provider: WebsocketProvider;
  private stopped = false;
  private readonly reconnect = new Reconnect(() => void this.connectNow());
  private connecting = false;
  private readonly network: Network;

  constructor(private readonly options: RoomSocketOptions) {
    this.network = options.network ?? window;
    this.provider = new WebsocketProvider(options.serverUrl, options.docName, options.doc, {
      connect: false,
      awareness: options.awareness,
      disableBc: true, // every tab talks to the server itself; no cross-tab shortcut to reason about
      ...(options.WebSocketImpl ? { WebSocketPolyfill: options.WebSocketImpl } : {}),
    });
    this.provider.on("connection-close", this.onClose);
    this.provider.on("sync", this.onSync);
    this.provider.on("status", this.onStatus);
    this.network.addEventListener("offline", this.onOffline);
    this.network.addEventListener("online", this.onOnline);
  }

  start(): void {
    if (!this.network.navigator.onLine) this.options.onEvent({ type: "browser-offline" });
    else void this.connectNow();
  }

  destroy(): void {
    this.stopped = true;
    this.reconnect.cancel();
    this.network.removeEventListener("offline", this.onOffline);
    this.network.removeEventListener("online", this.onOnline);
    this.provider.destroy();
  }

  private async connectNow(): Promise<void> {
    if (this.stopped || this.connecting || this.provider.ws !== null) return;
    if (!this.network.navigator.onLine) return; // `online` resumes
    this.connecting = true;
    this.options.onEvent({ type: "attempt" });
    let token: string;
    try {
      token = await this.options.fetchToken();
    } catch (error) {
      this.connecting = false;
      if (tokenRefused(error)) {
        this.options.onEvent({ type: "refused", refusal: { code: error.status, message: error.message } });
        return;
      }
      this.options.onEvent({ type: "dropped" });
      this.schedule();
      return;
    }
    this.connecting = false;
    if (this.stopped || !this.network.navigator.onLine) return;
    this.provider.params = { token };
    this.provider.connect();
  }

  private schedule(): void {
    if (!this.stopped) this.reconnect.schedule();
  }

  private readonly onClose = (event: CloseEvent | null) => {
    // Take the reconnect away from y-websocket: its timer would reuse the old token.
    this.provider.shouldConnect = false;
    if (this.stopped) return;
    if (!this.network.navigator.onLine) {
      this.options.onEvent({ type: "browser-offline" });
      return;
    }
    if (event) {
      if (event.code === CloseCode.UNAUTHORIZED && this.reconnect.tokenExpired()) {
        this.options.onEvent({ type: "dropped" });
        this.schedule();
        return;
      }
      const refusal =
        event.code === CloseCode.UNAUTHORIZED
          ? { code: CloseCode.UNAUTHORIZED, message: "Your access to this room expired. Reload the page to rejoin." }
          : refusalFor(event.code, event.reason);
      if (refusal) {
        this.options.onEvent({ type: "refused", refusal });
        return;
      }
    }
    this.options.onEvent({ type: "dropped" });
    this.schedule();
  };

  private readonly onSync = (synced: boolean) => {
    if (!synced) return;
    this.reconnect.succeeded();
    this.options.onEvent({ type: "synced" });
  };

  private readonly onStatus = ({ status }: { status: string }) => {
    if (status !== "connected") return;
    // The server told the others we left (a null state at our clock); re-announce with a
    // newer clock so they see us again at once, not at the next 15-second renewal.
    const awareness = this.options.awareness;
    const state = awareness.getLocalState();
    if (state) awareness.setLocalState({ ...state });
  };

  private readonly onOffline = () => {
    this.options.onEvent({ type: "browser-offline" });
    this.reconnect.cancel();
    // Browsers keep a dead socket open for a long time; close it now so the indicator and
    // the presence list tell the truth.
    if (this.provider.ws) this.provider.disconnect();
  };

  private readonly onOnline = () => {
    this.options.onEvent({ type: "browser-online" });
    this.reconnect.resetDelay();
    void this.connectNow();
  };
}
