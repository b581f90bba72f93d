/** The websocket close codes of `/yjs` and `/signal` (docs/interface.md "Websockets";
 * server/closecodes.py is the server's copy). y-websocket stops retrying on 4400–4499, so the
 * app's own reconnect loops decide with `isFinalClose`. */
export const CloseCode = {
  /** A normal close: the app closes its own sockets with it. */
  NORMAL: 1000,
  /** Going away (the server or the page shuts the socket). */
  GOING_AWAY: 1001,
  /** No close frame at all: the connection died (set by the browser, never sent). */
  ABNORMAL: 1006,
  /** The server failed internally; reconnect. */
  INTERNAL_ERROR: 1011,
  /** The server restarts (SIGTERM); reconnect. */
  SERVICE_RESTART: 1012,
  /** Try again later: the room's store load failed, or this client read too slowly. */
  TRY_AGAIN_LATER: 1013,
  /** A malformed or refused message (our own bug, or a tampered client). */
  MALFORMED: 4400,
  /** A missing, invalid, expired or signed-out room token: fetch a fresh one and retry. */
  UNAUTHORIZED: 4401,
  /** Not allowed: role, foreign Origin, removed from the session, a candidate's change of
   * `meta`, too many sockets. */
  FORBIDDEN: 4403,
  /** An unknown or deleted session, or an unknown document. */
  NOT_FOUND: 4404,
  /** A message too large, or the document is full. */
  TOO_LARGE: 4413,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Close codes after which reconnecting cannot help: forbidden (removed from the session, or
 * over the socket limit), unknown session, and our own protocol bugs. 4401 (token expired) is
 * not one: the client fetches a fresh token and tries again. */
export function isFinalClose(code: number): boolean {
  return code === CloseCode.MALFORMED || code === CloseCode.FORBIDDEN || code === CloseCode.NOT_FOUND || code === CloseCode.TOO_LARGE;
}
