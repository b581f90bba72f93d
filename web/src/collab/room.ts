import type * as Y from "yjs";
import { ApiError } from "../api/errors";
import { endSession, getSession, postChat, postSignal, roomToken } from "../api/sessions";
import type { Role, Session } from "../api/types";
import type { EditableSource } from "../editor/readOnly";
import { normalizeLanguage, type LanguageId } from "../editor/languages";
import { appendChat, composeMessage, readChat, unreadCount } from "./chat";
import type { ConnectionState } from "./connection";
import { randomId } from "./ids";
import { canSeeNotes, canWriteCode, canWriteNotes, chatClosedReason, readOnlyReason } from "../auth/permissions";
import { hasUnknownUsers, onlineUsers, peopleList, presenceUser, type Person } from "./presence";
import {
  AWARENESS_USER,
  chatArray,
  type ChatMessage,
  CODE_DOC,
  codeText,
  type DocName,
  META_LANGUAGE,
  META_LOCKED,
  META_PROBLEM,
  metaMap,
  NOTES_DOC,
  notesText,
} from "./schema";
import { loadSeen, saveSeen } from "./seenMessages";
import { SharedDoc } from "./sharedDoc";

export interface Member {
  id: string;
  name: string;
  role: Role;
}

export interface RoomView {
  session: Session;
  me: Member;
  connection: ConnectionState;
  loaded: boolean; // the code document has content from the server or this browser's copy
  locked: boolean;
  ended: boolean;
  language: LanguageId;
  problemId: string | null;
  chat: ChatMessage[];
  unread: number;
  people: Person[];
  canWriteCode: boolean;
  canWriteNotes: boolean;
  readOnlyReason: string | null;
}

const stringOrNull = (value: unknown): string | null => (typeof value === "string" && value ? value : null);

const REFRESH_EVERY_MS = 15_000;
const REFRESH_MIN_GAP_MS = 2_000;

/** Everything the interview room shows, as one external store for React, plus the actions. */
export class RoomModel {
  readonly code: SharedDoc;
  readonly notes: SharedDoc | null;
  readonly codeText: Y.Text;
  readonly notesText: Y.Text | null;
  private readonly meta: Y.Map<unknown>;
  private readonly chat: Y.Array<unknown>;
  private readonly listeners = new Set<() => void>();
  private readonly editListeners = { [CODE_DOC]: new Set<(on: boolean) => void>(), [NOTES_DOC]: new Set<(on: boolean) => void>() };
  private readonly seenKey: string;
  private seen: Set<string>;
  private chatVisible = false;
  private session: Session;
  private view: RoomView | null = null;
  private lastEditable: Record<DocName, boolean> = { [CODE_DOC]: false, [NOTES_DOC]: false };
  private lastRefresh = 0;
  private trailingRefresh: ReturnType<typeof setTimeout> | null = null;
  private refreshTimer: ReturnType<typeof setInterval>;
  private loaded = false;
  private localCopyLoaded = false;

  constructor(session: Session, readonly me: Member, private readonly bearer: string | null) {
    this.session = session;
    const wsBase = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/yjs/${encodeURIComponent(session.id)}`;
    const fetchToken = () => roomToken(session.id, bearer).then((t) => t.token);
    const key = (doc: DocName) => `codesync:${me.id}:${session.id}:${doc}`;
    this.code = new SharedDoc(CODE_DOC, key(CODE_DOC), wsBase, fetchToken, this.onConnection);
    this.notes = canSeeNotes(me.role) ? new SharedDoc(NOTES_DOC, key(NOTES_DOC), wsBase, fetchToken, this.onConnection) : null;
    this.codeText = codeText(this.code.doc);
    this.notesText = this.notes ? notesText(this.notes.doc) : null;
    this.meta = metaMap(this.code.doc);
    this.chat = chatArray(this.code.doc);
    this.seenKey = `codesync.seen.${session.id}.${me.id}`;
    this.seen = loadSeen(this.seenKey);

    const user = presenceUser(me.id, me.name, me.role);
    this.code.awareness.setLocalStateField(AWARENESS_USER, user);
    this.notes?.awareness.setLocalStateField(AWARENESS_USER, user);
    this.meta.observe(this.changed);
    this.chat.observe(this.onChat);
    this.code.awareness.on("change", this.onPresence);
    this.code.persistence.whenSynced.then(() => {
      this.localCopyLoaded = true;
      if (this.codeText.length > 0 || this.chat.length > 0) this.markLoaded();
    }, () => undefined);
    this.code.socket.provider.on("sync", (synced: boolean) => synced && this.markLoaded());
    this.code.socket.provider.on("sync", (synced: boolean) => synced && void this.refresh());
    this.refreshTimer = setInterval(() => {
      if (document.visibilityState === "visible" && this.code.connection.status === "connected") void this.refresh();
    }, REFRESH_EVERY_MS);
    this.lastEditable = { [CODE_DOC]: this.editable(CODE_DOC), [NOTES_DOC]: this.editable(NOTES_DOC) };
  }

  start(): void {
    void this.code.start();
    void this.notes?.start();
  }

  destroy(): void {
    clearInterval(this.refreshTimer);
    if (this.trailingRefresh) clearTimeout(this.trailingRefresh);
    this.meta.unobserve(this.changed);
    this.chat.unobserve(this.onChat);
    this.code.destroy();
    this.notes?.destroy();
    this.listeners.clear();
  }

  // -- the external store -------------------------------------------------------------
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getView = (): RoomView => (this.view ??= this.computeView());

  readonly codeEditable: EditableSource = this.editableSource(CODE_DOC);
  readonly notesEditable: EditableSource = this.editableSource(NOTES_DOC);

  // -- actions ---------------------------------------------------------------------------
  setLanguage(language: LanguageId): void {
    this.meta.set(META_LANGUAGE, language); // interviewers only: the UI shows candidates a label
  }

  setLocked(locked: boolean): void {
    this.meta.set(META_LOCKED, locked);
  }

  /** Sends a chat message: into the document, or — for a candidate while the editor is
   * locked — through the server. Resolves false when nothing was sent (empty, not allowed);
   * rejects when the server refused or could not be reached, so the draft can stay. */
  async sendChat(text: string): Promise<boolean> {
    const message = composeMessage(this.me, text, Date.now(), randomId());
    const view = this.getView();
    if (!message || chatClosedReason(this.me.role, view) !== null) return false;
    if (view.canWriteCode) {
      this.seen.add(message.id);
      appendChat(this.chat, message);
      return true;
    }
    await postChat(this.session.id, message.text, this.bearer);
    return true;
  }

  /** A candidate's signal while the editor is locked (see signals/reporter.ts). */
  reportSignal(report: { kind: string; chars?: number; lines?: number }): void {
    postSignal(this.session.id, report, this.bearer).catch((error: unknown) => console.warn("signal not reported", error));
  }

  setChatVisible(visible: boolean): void {
    if (visible === this.chatVisible) return;
    this.chatVisible = visible;
    if (visible) this.markChatSeen();
    this.changed();
  }

  async end(): Promise<void> {
    this.applySession(await endSession(this.session.id));
    // A hint for everyone in the room to re-read the session now; each checks with the server.
    this.code.awareness.setLocalStateField("session", "ended");
  }

  /** Re-read the session (status, participants) from the server. */
  refresh = async (): Promise<void> => {
    const wait = this.lastRefresh + REFRESH_MIN_GAP_MS - Date.now();
    if (wait > 0) {
      // Asked again too soon: once more when the gap has passed, so no hint is lost.
      this.trailingRefresh ??= setTimeout(() => {
        this.trailingRefresh = null;
        void this.refresh();
      }, wait);
      return;
    }
    this.lastRefresh = Date.now();
    try {
      this.applySession(await getSession(this.session.id, this.bearer));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error; // offline or refused: the socket reports it
    }
  };

  // -- internals -------------------------------------------------------------------------
  private editableSource(doc: DocName): EditableSource {
    return {
      editable: () => this.editable(doc),
      subscribe: (listener) => {
        this.editListeners[doc].add(listener);
        return () => this.editListeners[doc].delete(listener);
      },
    };
  }

  private flags() {
    return { locked: this.meta.get(META_LOCKED) === true, ended: this.session.status === "ended" };
  }

  private editable(doc: DocName): boolean {
    const shared = doc === CODE_DOC ? this.code : this.notes;
    if (!shared || shared.connection.status === "refused") return false;
    return doc === CODE_DOC ? canWriteCode(this.me.role, this.flags()) : canWriteNotes(this.me.role, this.flags());
  }

  private applySession(session: Session): void {
    this.session = { ...this.session, ...session };
    this.changed();
  }

  private readonly markLoaded = () => {
    if (this.loaded) return;
    this.loaded = true;
    this.changed();
  };

  private readonly onConnection = () => {
    // Offline with an empty local copy: show the (empty) editor rather than a spinner forever.
    const status = this.code.connection.status;
    if (this.localCopyLoaded && (status === "offline" || status === "refused")) this.markLoaded();
    this.changed();
  };

  private readonly onChat = () => {
    if (this.chatVisible) this.markChatSeen();
    this.changed();
  };

  private readonly onPresence = () => {
    const states = this.code.awareness.getStates();
    const ended = [...states.values()].some((s) => (s as { session?: unknown }).session === "ended");
    if ((ended && this.session.status !== "ended") || hasUnknownUsers(this.session.participants ?? [], onlineUsers(states))) {
      void this.refresh();
    }
    this.changed();
  };

  private markChatSeen(): void {
    const before = this.seen.size;
    for (const message of readChat(this.chat.toArray())) this.seen.add(message.id);
    if (this.seen.size !== before) saveSeen(this.seenKey, this.seen);
  }

  /** Called synchronously from Yjs observers: read-only takes effect before the next keystroke. */
  private readonly changed = () => {
    this.view = null;
    for (const doc of [CODE_DOC, NOTES_DOC] as const) {
      const now = this.editable(doc);
      if (now !== this.lastEditable[doc]) {
        this.lastEditable[doc] = now;
        this.editListeners[doc].forEach((listener) => listener(now));
      }
    }
    this.listeners.forEach((listener) => listener());
  };

  private computeView(): RoomView {
    const flags = this.flags();
    const chat = readChat(this.chat.toArray());
    // While disconnected y-websocket forgets the others' states: the list then shows only us.
    const online = onlineUsers(this.code.awareness.getStates());
    return {
      session: this.session,
      me: this.me,
      connection: this.code.connection,
      loaded: this.loaded,
      locked: flags.locked,
      ended: flags.ended,
      language: normalizeLanguage(this.meta.get(META_LANGUAGE), normalizeLanguage(this.session.language)),
      problemId: stringOrNull(this.meta.get(META_PROBLEM)) ?? this.session.problem_id,
      chat,
      unread: this.chatVisible ? 0 : unreadCount(chat, this.seen, this.me.id),
      people: peopleList(this.session.participants ?? [], online, this.me.id),
      canWriteCode: this.editable(CODE_DOC),
      canWriteNotes: this.editable(NOTES_DOC),
      readOnlyReason: readOnlyReason(this.me.role, flags),
    };
  }
}
