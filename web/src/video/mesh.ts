import { AudioLevel } from "./audioLevel";
import { deviceInUse, openDevice, type DeviceInUse, type DeviceKind } from "./devices";
import {
  INITIAL_STATE,
  MAX_PEERS,
  isPolite,
  linkStatus,
  type LinkStatus,
  type MediaState,
  type ServerMessage,
  type SignalPeerInfo,
} from "./protocol";
import { PeerLink } from "./peerLink";
import { SignalSocket, type SignalStatus } from "./signaling";

export interface PeerView {
  peerId: string;
  userId: string;
  name: string;
  role: string;
  state: MediaState;
  stream: MediaStream;
  connection: RTCPeerConnectionState;
  /** What the tile says: a link that had media and lost it is reconnecting (ICE restart). */
  link: LinkStatus;
  speaking: boolean;
}

export type CallStatus = "idle" | "connecting" | "connected" | "reconnecting" | "offline" | "ended";

export interface CallView {
  status: CallStatus;
  endedReason: string | null;
  local: MediaStream | null;
  me: MediaState;
  /** The devices in use, for the device menu (the camera also while the screen is sent). */
  camera: DeviceInUse | null;
  mic: DeviceInUse | null;
  localSpeaking: boolean;
  peers: PeerView[];
  /** Participants beyond the mesh limit are listed but not connected. */
  overflow: number;
  /** A camera or microphone that stopped by itself (unplugged, taken by another app). */
  deviceLost: string | null;
}

const LOST: Record<DeviceKind, string> = {
  camera: "Your camera stopped (unplugged, or taken by another app): the others see your initials. Choose a camera under Devices.",
  microphone: "Your microphone stopped (unplugged, or taken by another app): you are muted. Choose a microphone under Devices.",
};

export interface VideoMeshOptions {
  sessionId: string;
  fetchToken: () => Promise<string>;
  /** Tests inject these; the app uses the browser's. */
  signalUrl?: string;
}

/** The built-in call: a full mesh of peer connections over the session's signalling socket.
 * An external store for React (`subscribe` / `getView`). */
export class VideoMesh {
  private socket: SignalSocket | null = null;
  /** What the others receive and the preview shows: `mic` and `screen ?? camera`. */
  private local: MediaStream | null = null;
  private mic: MediaStreamTrack | null = null;
  private camera: MediaStreamTrack | null = null;
  private screen: MediaStreamTrack | null = null;
  private switching: Promise<void> = Promise.resolve();
  private localLevel: AudioLevel | null = null;
  private myId: string | null = null;
  private iceServers: RTCIceServer[] = [];
  private readonly known = new Map<string, SignalPeerInfo>(); // everyone in the call
  private readonly links = new Map<string, PeerLink>();
  private readonly peerStates = new Map<string, MediaState>();
  private me: MediaState = INITIAL_STATE;
  private status: CallStatus = "idle";
  private endedReason: string | null = null;
  private localSpeaking = false;
  private deviceLost: string | null = null;
  private view: CallView | null = null;
  private readonly listeners = new Set<() => void>();
  private meter: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly options: VideoMeshOptions) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getView = (): CallView => (this.view ??= this.computeView());

  private readonly changed = () => {
    this.view = null;
    for (const listener of this.listeners) listener();
  };

  private computeView(): CallView {
    const peers: PeerView[] = [];
    for (const link of this.links.values()) {
      peers.push({
        peerId: link.info.peer_id,
        userId: link.info.user_id,
        name: link.info.name,
        role: link.info.role,
        state: this.peerStates.get(link.info.peer_id) ?? INITIAL_STATE,
        stream: link.stream,
        connection: link.pc.connectionState,
        link: linkStatus(link.pc.connectionState, link.wasConnected),
        speaking: link.speaking,
      });
    }
    return {
      status: this.status,
      endedReason: this.endedReason,
      local: this.local,
      me: this.me,
      camera: deviceInUse(this.camera),
      mic: deviceInUse(this.mic),
      localSpeaking: this.localSpeaking,
      peers,
      overflow: Math.max(0, this.known.size - this.links.size),
      deviceLost: this.deviceLost,
    };
  }

  /** Enter the call with the devices chosen in the pre-join check. */
  join(stream: MediaStream): void {
    if (this.socket) return;
    this.local = stream;
    this.mic = stream.getAudioTracks()[0] ?? null;
    this.camera = stream.getVideoTracks()[0] ?? null;
    this.watchEnded("microphone", this.mic);
    this.watchEnded("camera", this.camera);
    this.me = {
      muted: this.mic === null || !this.mic.enabled,
      cameraOff: this.camera === null || !this.camera.enabled,
      screen: false,
    };
    this.localLevel = new AudioLevel(stream);
    this.meter = setInterval(this.pollSpeaking, 150);
    const url =
      this.options.signalUrl ??
      `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/signal/${encodeURIComponent(this.options.sessionId)}`;
    this.socket = new SignalSocket({
      url,
      fetchToken: this.options.fetchToken,
      onMessage: this.onMessage,
      onStatus: this.onStatus,
    });
    this.status = "connecting";
    this.changed();
    this.socket.start();
  }

  /** Leave the call: close every connection and release the camera and microphone. */
  leave(reason: string | null = null): void {
    this.socket?.destroy();
    this.socket = null;
    this.closeLinks();
    if (this.meter) clearInterval(this.meter);
    this.meter = null;
    this.localLevel?.close();
    this.localLevel = null;
    for (const track of [this.mic, this.camera, this.screen]) track?.stop();
    this.local = null;
    this.mic = this.camera = this.screen = null;
    this.status = reason ? "ended" : "idle";
    this.endedReason = reason;
    this.deviceLost = null;
    this.changed();
  }

  setMuted(muted: boolean): void {
    if (this.mic) this.mic.enabled = !muted;
    this.me = { ...this.me, muted };
    this.announce();
  }

  setCameraOff(cameraOff: boolean): void {
    if (this.camera) this.camera.enabled = !cameraOff;
    this.me = { ...this.me, cameraOff };
    this.announce();
  }

  async startScreenShare(): Promise<void> {
    if (this.screen || !navigator.mediaDevices?.getDisplayMedia) return;
    const display = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    const track = display.getVideoTracks()[0];
    if (!track) return;
    this.screen = track;
    track.addEventListener("ended", () => void this.stopScreenShare());
    this.updateLocal();
    await this.replaceOnLinks("video", track);
    this.me = { ...this.me, screen: true };
    this.announce();
  }

  async stopScreenShare(): Promise<void> {
    if (!this.screen) return;
    this.screen.stop();
    this.screen = null;
    this.updateLocal();
    await this.replaceOnLinks("video", this.camera); // the camera chosen meanwhile, if any
    this.me = { ...this.me, screen: false };
    this.announce();
  }

  /** Move to another camera or microphone mid-call. The new track replaces the old one on
   * every connection (replaceTrack: no renegotiation) and keeps mute / camera-off; while the
   * screen is shared a new camera waits until the share stops. Throws (the old device stays)
   * when the new one cannot be opened. Switches run one at a time, in the order asked. */
  switchDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    const next = this.switching.then(() => this.openAndSwitch(kind, deviceId));
    this.switching = next.catch(() => undefined);
    return next;
  }

  private async openAndSwitch(kind: DeviceKind, deviceId: string): Promise<void> {
    const track = await openDevice(kind, deviceId);
    if (!this.local) {
      track.stop(); // left the call meanwhile
      return;
    }
    // Picking a device after joining without one means using it: camera on / unmuted.
    let old: MediaStreamTrack | null;
    if (kind === "camera") {
      if (!this.camera) this.me = { ...this.me, cameraOff: false };
      track.enabled = !this.me.cameraOff;
      [old, this.camera] = [this.camera, track];
    } else {
      if (!this.mic) this.me = { ...this.me, muted: false };
      track.enabled = !this.me.muted;
      [old, this.mic] = [this.mic, track];
      this.localLevel?.close();
      this.localLevel = new AudioLevel(new MediaStream([track]));
    }
    this.watchEnded(kind, track);
    if (this.deviceLost === LOST[kind]) this.deviceLost = null;
    // The state first: an offer answered meanwhile then attaches the new track, not the old.
    this.updateLocal();
    this.announce();
    const sent = kind === "microphone" || !this.screen;
    if (sent) await this.replaceOnLinks(kind === "camera" ? "video" : "audio", track);
    old?.stop(); // only now: the others get the old device's frames until the new ones flow
  }

  /** A track ends by itself when its device goes away (`stop()` fires no "ended"): the call
   * goes on without it, camera off or muted, and says so. */
  private watchEnded(kind: DeviceKind, track: MediaStreamTrack | null): void {
    track?.addEventListener("ended", () => {
      if (track !== (kind === "camera" ? this.camera : this.mic)) return; // already replaced
      if (kind === "camera") {
        this.camera = null;
        this.me = { ...this.me, cameraOff: true };
        if (!this.screen) void this.replaceOnLinks("video", null);
      } else {
        this.mic = null;
        this.me = { ...this.me, muted: true };
        this.localLevel?.close();
        this.localLevel = null;
        void this.replaceOnLinks("audio", null);
      }
      this.deviceLost = LOST[kind];
      this.updateLocal();
      this.announce();
    });
  }

  /** One link failing (closing as we swap) does not undo the swap on the others. */
  private async replaceOnLinks(kind: "audio" | "video", track: MediaStreamTrack | null): Promise<void> {
    const swaps = [...this.links.values()].map((link) =>
      link.replaceTrack(kind, track).catch((error: unknown) => console.warn("video: track swap failed", error)),
    );
    await Promise.all(swaps);
  }

  /** The preview shows what the others see; a new stream object, so the view re-renders. */
  private updateLocal(): void {
    if (!this.local) return;
    const video = this.screen ?? this.camera;
    this.local = new MediaStream([this.mic, video].filter((t): t is MediaStreamTrack => t !== null));
  }

  private announce(): void {
    this.socket?.send({ type: "state", data: this.me });
    this.changed();
  }

  private readonly onStatus = (status: SignalStatus, reason?: string) => {
    if (status === "open") return; // "connected" once the welcome is handled
    // Every socket gets a new peer id: the old connections cannot be resumed through the
    // server, so they are rebuilt on the next welcome (the others drop theirs on peer-left).
    this.closeLinks();
    this.myId = null;
    if (status === "closed") {
      this.leave(reason ? `The call ended: ${reason}.` : "The call ended.");
      return;
    }
    this.status = status === "offline" ? "offline" : status === "connecting" ? "connecting" : "reconnecting";
    this.changed();
  };

  private readonly onMessage = (message: ServerMessage) => {
    switch (message.type) {
      case "welcome":
        this.closeLinks();
        this.myId = message.peer_id;
        this.iceServers = message.ice_servers;
        for (const peer of message.peers) this.addPeer(peer, true); // we are the newcomer
        this.status = "connected";
        this.socket?.send({ type: "state", data: this.me });
        break;
      case "peer-joined":
        this.addPeer(message.peer, false);
        this.socket?.send({ type: "state", data: this.me }); // so the newcomer knows ours
        break;
      case "peer-left":
        this.known.delete(message.peer_id);
        this.peerStates.delete(message.peer_id);
        this.links.get(message.peer_id)?.close();
        this.links.delete(message.peer_id);
        this.fillFromOverflow();
        break;
      case "signal":
        this.links.get(message.from)?.receive(message.data);
        break;
      case "state":
        this.peerStates.set(message.from, message.data);
        break;
    }
    this.changed();
  };

  private addPeer(peer: SignalPeerInfo, initiator: boolean): void {
    this.known.set(peer.peer_id, peer);
    if (this.links.has(peer.peer_id) || !this.myId || !this.local) return;
    if (this.links.size >= MAX_PEERS - 1) return; // counted in `overflow`
    const peerId = peer.peer_id;
    const link = new PeerLink(
      peer,
      isPolite(this.myId, peerId),
      initiator,
      this.iceServers,
      () => this.local ?? new MediaStream(),
      (data) => this.socket?.send({ type: "signal", to: peerId, data }),
      this.changed,
    );
    this.links.set(peerId, link);
  }

  private fillFromOverflow(): void {
    // A freed slot: the peer with the smaller id offers, the other waits for it.
    for (const peer of this.known.values())
      if (!this.links.has(peer.peer_id) && this.myId) this.addPeer(peer, this.myId < peer.peer_id);
  }

  private closeLinks(): void {
    for (const link of this.links.values()) link.close();
    this.links.clear();
    this.known.clear();
    this.peerStates.clear();
  }

  private readonly pollSpeaking = () => {
    let dirty = false;
    const local = !this.me.muted && (this.localLevel?.speaking() ?? false);
    if (local !== this.localSpeaking) {
      this.localSpeaking = local;
      dirty = true;
    }
    for (const link of this.links.values()) {
      const muted = this.peerStates.get(link.info.peer_id)?.muted ?? false;
      const speaking = !muted && (link.level?.speaking() ?? false);
      if (speaking !== link.speaking) {
        link.speaking = speaking;
        dirty = true;
      }
    }
    if (dirty) this.changed();
  };
}
