/** Microphone / remote audio level through a WebAudio analyser: for the pre-join meter and
 * the speaking indicator. One AudioContext for the page (browsers limit how many exist). */

let shared: AudioContext | null = null;

function context(): AudioContext | null {
  if (typeof AudioContext === "undefined") return null;
  shared ??= new AudioContext();
  if (shared.state === "suspended") void shared.resume().catch(() => undefined);
  return shared;
}

export const SPEAKING_LEVEL = 0.02; // RMS of the waveform, 0..1
const HOLD_MS = 400; // stay "speaking" through the short gaps between words

export class AudioLevel {
  private readonly analyser: AnalyserNode | null = null;
  private readonly source: MediaStreamAudioSourceNode | null = null;
  private readonly buffer: Float32Array<ArrayBuffer> | null = null;
  private lastLoud = 0;

  constructor(stream: MediaStream) {
    const ctx = context();
    if (!ctx || stream.getAudioTracks().length === 0) return;
    this.source = ctx.createMediaStreamSource(stream);
    this.analyser = ctx.createAnalyser();
    this.analyser.fftSize = 512;
    this.buffer = new Float32Array(this.analyser.fftSize);
    this.source.connect(this.analyser); // not to the destination: playback is the media element's
  }

  /** The current RMS level, 0..1. */
  level(): number {
    if (!this.analyser || !this.buffer) return 0;
    this.analyser.getFloatTimeDomainData(this.buffer);
    let sum = 0;
    for (const sample of this.buffer) sum += sample * sample;
    return Math.sqrt(sum / this.buffer.length);
  }

  speaking(now = performance.now()): boolean {
    if (this.level() > SPEAKING_LEVEL) this.lastLoud = now;
    return now - this.lastLoud < HOLD_MS;
  }

  close(): void {
    this.source?.disconnect();
    this.analyser?.disconnect();
  }
}
