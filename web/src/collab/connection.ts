import { CloseCode } from "../net/closeCodes";

/** The connection indicator's state machine: events from the socket and the browser in,
 * one status out. Pure, so every transition is unit-tested. */

export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "offline" | "refused";

export interface Refusal {
  code: number;
  message: string;
}

export interface ConnectionState {
  status: ConnectionStatus;
  failures: number; // consecutive attempts that did not sync
  everSynced: boolean;
  browserOffline: boolean;
  refusal: Refusal | null;
}

export type ConnectionEvent =
  | { type: "attempt" }
  | { type: "synced" }
  | { type: "dropped" }
  | { type: "browser-offline" }
  | { type: "browser-online" }
  | { type: "refused"; refusal: Refusal };

/** After this many failed attempts in a row the server counts as unreachable: "offline". */
export const FAILURES_BEFORE_OFFLINE = 3;

export function initialConnection(browserOffline = false): ConnectionState {
  return {
    status: browserOffline ? "offline" : "connecting",
    failures: 0,
    everSynced: false,
    browserOffline,
    refusal: null,
  };
}

function trying(state: ConnectionState): ConnectionStatus {
  if (state.browserOffline || state.failures >= FAILURES_BEFORE_OFFLINE) return "offline";
  return state.everSynced ? "reconnecting" : "connecting";
}

export function reduceConnection(state: ConnectionState, event: ConnectionEvent): ConnectionState {
  if (state.status === "refused") return state; // terminal: the server said no
  switch (event.type) {
    case "attempt":
      return { ...state, status: trying(state) };
    case "synced":
      return { ...state, status: "connected", failures: 0, everSynced: true, browserOffline: false };
    case "dropped": {
      const next = { ...state, failures: state.failures + 1 };
      return { ...next, status: trying(next) };
    }
    case "browser-offline":
      return { ...state, browserOffline: true, status: "offline" };
    case "browser-online": {
      const next = { ...state, browserOffline: false, failures: 0 };
      return { ...next, status: trying(next) };
    }
    case "refused":
      return { ...state, status: "refused", refusal: event.refusal };
  }
}

/** Close codes after which reconnecting cannot help (docs/interface.md "Websockets"). 4401 is not
 * one: the client fetches a fresh room token and tries again. */
export function refusalFor(code: number, reason: string): Refusal | null {
  switch (code) {
    case CloseCode.FORBIDDEN:
      return {
        code,
        message: reason.includes("settings")
          ? "The server refused a change you are not allowed to make. Reload the page to continue."
          : "You no longer have access to this interview.",
      };
    case CloseCode.NOT_FOUND:
      return { code, message: "This interview no longer exists." };
    case CloseCode.TOO_LARGE:
      if (reason.includes("document is full")) {
        return {
          code,
          message:
            "The shared document has reached its size limit, so your last change was not saved. Undo it (Ctrl+Z), then reload the page.",
        };
      }
      return { code, message: "The server refused a message from this tab. Reload the page to continue." };
    case CloseCode.MALFORMED:
      return { code, message: "The server refused a message from this tab. Reload the page to continue." };
    default:
      return null;
  }
}

export const KEPT_EDITS = "your edits are kept and will sync";

export interface ConnectionLabel {
  label: string;
  detail: string;
  tone: "ok" | "busy" | "warn" | "error";
}

export function describeConnection(state: ConnectionState): ConnectionLabel {
  switch (state.status) {
    case "connected":
      return { label: "Connected", detail: "All changes are synced.", tone: "ok" };
    case "connecting":
      return { label: "Connecting…", detail: "Joining the room.", tone: "busy" };
    case "reconnecting":
      return { label: "Reconnecting…", detail: `Connection lost — ${KEPT_EDITS}.`, tone: "warn" };
    case "offline":
      return { label: "Offline", detail: `You are offline — ${KEPT_EDITS}.`, tone: "warn" };
    case "refused":
      return { label: "Disconnected", detail: state.refusal?.message ?? "The server closed the connection.", tone: "error" };
  }
}
