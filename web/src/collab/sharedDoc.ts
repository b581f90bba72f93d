import { IndexeddbPersistence } from "y-indexeddb";
import { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { initialConnection, reduceConnection, type ConnectionEvent, type ConnectionState } from "./connection";
import { RoomSocket } from "./roomSocket";
import type { DocName } from "./schema";

const LOCAL_COPY_TIMEOUT_MS = 1500; // IndexedDB unavailable (some private modes): go on without

/** One open document: its Yjs doc, this browser's copy of it, presence and the socket. */
export class SharedDoc {
  readonly doc = new Y.Doc();
  readonly awareness = new Awareness(this.doc);
  readonly persistence: IndexeddbPersistence;
  readonly socket: RoomSocket;
  connection: ConnectionState = initialConnection(!navigator.onLine);

  constructor(name: DocName, storageKey: string, wsBase: string, fetchToken: () => Promise<string>, onEvent: () => void) {
    this.persistence = new IndexeddbPersistence(storageKey, this.doc);
    this.socket = new RoomSocket({
      serverUrl: wsBase,
      doc: this.doc,
      docName: name,
      awareness: this.awareness,
      fetchToken,
      onEvent: (event: ConnectionEvent) => {
        this.connection = reduceConnection(this.connection, event);
        onEvent();
      },
    });
  }

  async start(): Promise<void> {
    // Load this browser's copy first (edits made offline, before a reload), then sync.
    await Promise.race([this.persistence.whenSynced, new Promise((resolve) => setTimeout(resolve, LOCAL_COPY_TIMEOUT_MS))]);
    this.socket.start();
  }

  destroy(): void {
    this.socket.destroy();
    this.awareness.destroy();
    void this.persistence.destroy();
    this.doc.destroy();
  }
}
