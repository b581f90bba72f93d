/** The `/signal/{session_id}` protocol (server/ws/signal.py) and the small pure rules of the
 * mesh, kept apart so they are unit-tested without a browser. */

export interface SignalPeerInfo {
  peer_id: string;
  user_id: string;
  name: string;
  role: string;
}

export type ServerMessage =
  | { type: "welcome"; peer_id: string; peers: SignalPeerInfo[]; ice_servers: RTCIceServer[] }
  | { type: "peer-joined"; peer: SignalPeerInfo }
  | { type: "peer-left"; peer_id: string }
  | { type: "signal"; from: string; data: SignalData }
  | { type: "state"; from: string; data: MediaState };

/** What travels inside `signal.data`: perfect negotiation's two kinds of message. */
export type SignalData =
  | { description: RTCSessionDescriptionInit }
  | { candidate: RTCIceCandidateInit | null };

/** What each participant broadcasts about itself (`state.data`). */
export interface MediaState {
  muted: boolean;
  cameraOff: boolean;
  screen: boolean;
}

export const INITIAL_STATE: MediaState = { muted: false, cameraOff: false, screen: false };

export const MAX_PEERS = 6; // a mesh beyond this costs every browser too much upload

/** Perfect negotiation needs exactly one polite side per pair; both sides compute the same
 * answer from the two peer ids (unique per connection, assigned by the server). */
export function isPolite(me: string, them: string): boolean {
  return me < them;
}

/** What a tile says about its connection. Once media has flowed, every other state is a
 * reconnection (ICE restarts until the network is back), not a first connection; "failed"
 * always is, since it triggers a restart. */
export type LinkStatus = "connecting" | "connected" | "reconnecting";

export function linkStatus(state: RTCPeerConnectionState, wasConnected: boolean): LinkStatus {
  if (state === "connected") return "connected";
  return wasConnected || state === "failed" ? "reconnecting" : "connecting";
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

/** Parses one frame; `null` for anything that is not a message this client understands. */
export function parseServerMessage(raw: unknown): ServerMessage | null {
  if (typeof raw !== "string") return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isObject(value) || typeof value.type !== "string") return null;
  switch (value.type) {
    case "welcome":
      return typeof value.peer_id === "string" && Array.isArray(value.peers)
        ? {
            type: "welcome",
            peer_id: value.peer_id,
            peers: value.peers.filter(isPeerInfo),
            ice_servers: Array.isArray(value.ice_servers) ? (value.ice_servers.filter(isObject) as unknown as RTCIceServer[]) : [],
          }
        : null;
    case "peer-joined":
      return isPeerInfo(value.peer) ? { type: "peer-joined", peer: value.peer } : null;
    case "peer-left":
      return typeof value.peer_id === "string" ? { type: "peer-left", peer_id: value.peer_id } : null;
    case "signal":
      return typeof value.from === "string" && isSignalData(value.data) ? { type: "signal", from: value.from, data: value.data } : null;
    case "state":
      return typeof value.from === "string" && isObject(value.data)
        ? { type: "state", from: value.from, data: toMediaState(value.data) }
        : null;
    default:
      return null;
  }
}

function isPeerInfo(value: unknown): value is SignalPeerInfo {
  return isObject(value) && typeof value.peer_id === "string" && typeof value.user_id === "string" && typeof value.name === "string";
}

function isSignalData(value: unknown): value is SignalData {
  if (!isObject(value)) return false;
  if ("description" in value) {
    const d = value.description;
    return isObject(d) && typeof d.type === "string" && ["offer", "answer", "pranswer", "rollback"].includes(d.type);
  }
  return "candidate" in value && (value.candidate === null || isObject(value.candidate));
}

export function toMediaState(data: Record<string, unknown>): MediaState {
  return { muted: data.muted === true, cameraOff: data.cameraOff === true, screen: data.screen === true };
}
