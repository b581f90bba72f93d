import { AudioLevel } from "./audioLevel";
import { INITIAL_STATE, type MediaState, type SignalData, type SignalPeerInfo } from "./protocol";

const DISCONNECTED_GRACE_MS = 4000; // "disconnected" often heals itself; restart ICE after this
const RESTART_RETRY_MS = 5000; // a restart that has not connected by then is tried again

/** One RTCPeerConnection to one other participant, negotiated with the "perfect negotiation"
 * pattern: both sides may offer at any time, the impolite side wins a collision. The first
 * offer comes from the newcomer only (the `initiator`); the other side attaches its tracks
 * while answering. Two simultaneous first offers would work too, but the ignored offer's ICE
 * candidates are lost and Chromium reuses those credentials after the rollback, so the pair
 * could stay at ICE "new" forever. */
export class PeerLink {
  readonly pc: RTCPeerConnection;
  readonly stream = new MediaStream();
  state: MediaState = INITIAL_STATE;
  speaking = false;
  level: AudioLevel | null = null;
  /** Media has flowed once: any later loss of the connection is a reconnection. */
  wasConnected = false;
  private makingOffer = false;
  private ignoreOffer = false;
  private queue: Promise<void> = Promise.resolve();
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    readonly info: SignalPeerInfo,
    private readonly polite: boolean,
    private readonly initiator: boolean,
    iceServers: RTCIceServer[],
    /** What to send, read at each use: the tracks change with device switches and sharing. */
    private readonly local: () => MediaStream,
    private readonly send: (data: SignalData) => void,
    private readonly changed: () => void,
  ) {
    this.pc = new RTCPeerConnection({ iceServers });
    if (initiator) this.attachLocalTracks();
    this.pc.onnegotiationneeded = () => void this.offer();
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate) this.send({ candidate: candidate.toJSON() });
    };
    this.pc.ontrack = ({ track }) => {
      for (const old of this.stream.getTracks()) if (old.kind === track.kind && old !== track) this.stream.removeTrack(old);
      if (!this.stream.getTracks().includes(track)) this.stream.addTrack(track);
      if (track.kind === "audio") {
        this.level?.close();
        this.level = new AudioLevel(this.stream);
      }
      this.changed();
    };
    this.pc.oniceconnectionstatechange = () => this.onIceState();
    this.pc.onconnectionstatechange = () => {
      if (this.pc.connectionState === "connected") this.wasConnected = true;
      if (this.pc.connectionState === "failed") this.restart();
      this.changed();
    };
  }

  private async offer(): Promise<void> {
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      if (this.pc.localDescription) this.send({ description: this.pc.localDescription.toJSON() });
    } catch (error) {
      console.warn("video: offer failed", error);
    } finally {
      this.makingOffer = false;
    }
  }

  /** Messages are handled one at a time: setRemoteDescription is asynchronous. */
  receive(data: SignalData): void {
    this.queue = this.queue.then(() => this.handle(data)).catch((error: unknown) => console.warn("video: signal failed", error));
  }

  private async handle(data: SignalData): Promise<void> {
    if (this.closed) return;
    if ("description" in data) {
      const description = data.description;
      const collision = description.type === "offer" && (this.makingOffer || this.pc.signalingState !== "stable");
      this.ignoreOffer = !this.polite && collision;
      if (this.ignoreOffer) return;
      await this.pc.setRemoteDescription(description); // the polite side rolls back implicitly
      if (description.type === "offer") {
        this.attachLocalTracks();
        await this.pc.setLocalDescription();
        if (this.pc.localDescription) this.send({ description: this.pc.localDescription.toJSON() });
      }
    } else if (data.candidate) {
      try {
        await this.pc.addIceCandidate(data.candidate);
      } catch (error) {
        if (!this.ignoreOffer) throw error;
      }
    }
  }

  /** Sends each local track: the answering side on the transceivers the offer created (no
   * renegotiation), otherwise on a new one. A kind that is already sent is left alone, even
   * with another track than `local()` holds: a switch (replaceTrack) may be under way, and a
   * second transceiver would renegotiate for nothing. */
  private attachLocalTracks(): void {
    const local = this.local();
    for (const track of local.getTracks()) {
      const transceiver = this.transceiverFor(track.kind);
      if (transceiver?.sender.track) continue;
      if (transceiver) {
        void transceiver.sender.replaceTrack(track);
        transceiver.sender.setStreams(local);
        transceiver.direction = "sendrecv";
      } else {
        this.pc.addTrack(track, local); // renegotiates (after this answer, when answering)
      }
    }
  }

  private transceiverFor(kind: string): RTCRtpTransceiver | undefined {
    return this.pc.getTransceivers().find((t) => t.receiver.track.kind === kind && t.currentDirection !== "stopped");
  }

  private onIceState(): void {
    const ice = this.pc.iceConnectionState;
    if (ice === "connected" || ice === "completed") this.cancelRestart();
    else if (ice === "failed") this.restart();
    else if (ice === "disconnected" && !this.restartTimer) this.scheduleRestart(DISCONNECTED_GRACE_MS);
    this.changed();
  }

  /** ICE restart: negotiationneeded fires and the next offer carries new credentials. Only
   * the initiator restarts, so the two sides never offer a restart at the same time. Until
   * ICE connects, it restarts again every few seconds: waiting for "failed" is too slow, as
   * the checks of a session restarted while the network was down can stall (measured in
   * Chromium with sends failing: nothing for 15 s after the network was back, then
   * "failed", and the next restart connected at once). */
  restart(): void {
    if (this.closed || !this.initiator) return;
    this.pc.restartIce();
    this.scheduleRestart(RESTART_RETRY_MS);
  }

  private scheduleRestart(delay: number): void {
    if (this.closed || !this.initiator) return;
    this.cancelRestart();
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      const ice = this.pc.iceConnectionState;
      if (ice !== "connected" && ice !== "completed") this.restart();
    }, delay);
  }

  private cancelRestart(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
  }

  /** Swap an outgoing track (camera ↔ screen, another camera or microphone) without
   * renegotiating. Without a transceiver of that kind yet: the answering side attaches the
   * track when the first offer comes; otherwise (joined without a camera) it is added, which
   * renegotiates. */
  async replaceTrack(kind: "audio" | "video", track: MediaStreamTrack | null): Promise<void> {
    const transceiver = this.transceiverFor(kind);
    if (transceiver) await transceiver.sender.replaceTrack(track);
    else if (track && (this.initiator || this.pc.remoteDescription)) this.pc.addTrack(track, this.local());
  }

  close(): void {
    this.closed = true;
    this.cancelRestart();
    this.level?.close();
    this.pc.onnegotiationneeded = this.pc.onicecandidate = this.pc.ontrack = null;
    this.pc.oniceconnectionstatechange = this.pc.onconnectionstatechange = null;
    this.pc.close();
  }
}
