/** Camera and microphone access for the pre-join check. */

export interface DeviceChoice {
  cameraId: string | null; // null: the browser's default
  micId: string | null;
  camera: boolean; // join with the camera on
  mic: boolean; // join unmuted
}

export interface DeviceLists {
  cameras: MediaDeviceInfo[];
  mics: MediaDeviceInfo[];
}

export async function listDevices(): Promise<DeviceLists> {
  const all = await navigator.mediaDevices.enumerateDevices();
  return {
    cameras: all.filter((d) => d.kind === "videoinput" && d.deviceId),
    mics: all.filter((d) => d.kind === "audioinput" && d.deviceId),
  };
}

const videoConstraints = (cameraId: string | null): MediaTrackConstraints => ({
  width: { ideal: 640 },
  height: { ideal: 480 },
  frameRate: { ideal: 24, max: 30 },
  ...(cameraId ? { deviceId: { exact: cameraId } } : {}),
});

const audioConstraints = (micId: string | null): MediaTrackConstraints => ({
  echoCancellation: true,
  noiseSuppression: true,
  ...(micId ? { deviceId: { exact: micId } } : {}),
});

/** Audio and video (each optional) from the chosen devices; falls back to audio only, then
 * video only, when one of them is missing or refused. */
export async function openDevices(choice: Pick<DeviceChoice, "cameraId" | "micId">): Promise<MediaStream> {
  const video = videoConstraints(choice.cameraId);
  const audio = audioConstraints(choice.micId);
  const attempts: MediaStreamConstraints[] = [{ video, audio }, { audio }, { video }];
  let last: unknown = null;
  for (const constraints of attempts) {
    try {
      return await navigator.mediaDevices.getUserMedia(constraints);
    } catch (error) {
      last = error;
    }
  }
  throw last instanceof Error ? last : new Error("No camera or microphone is available.");
}

export type DeviceKind = "camera" | "microphone";

/** Exactly the chosen device, for a switch mid-call: no fallback to another one (the call
 * keeps the device it has when this fails). */
export async function openDevice(kind: DeviceKind, deviceId: string): Promise<MediaStreamTrack> {
  const constraints = kind === "camera" ? { video: videoConstraints(deviceId) } : { audio: audioConstraints(deviceId) };
  const stream = await navigator.mediaDevices.getUserMedia(constraints);
  const track = stream.getTracks()[0];
  if (!track) throw new DOMException(`No ${kind} track`, "NotFoundError");
  return track;
}

/** The device a call is using (from its track's settings). */
export interface DeviceInUse {
  deviceId: string;
  label: string;
}

export function deviceInUse(track: MediaStreamTrack | null): DeviceInUse | null {
  return track ? { deviceId: track.getSettings().deviceId ?? "", label: track.label } : null;
}

export interface DeviceOption {
  value: string;
  label: string;
}

/** A device picker's options. The device in use is always one of them, even when the
 * browser does not list it (Firefox has no "default" entry; the list may not be loaded
 * yet), so the picker never shows another device as the current one. */
export function deviceOptions(listed: Pick<MediaDeviceInfo, "deviceId" | "label">[], current: DeviceInUse | null, noun: string): DeviceOption[] {
  const options = listed.map((d, i) => ({ value: d.deviceId, label: d.label || `${noun} ${i + 1}` }));
  if (current && current.deviceId && !options.some((o) => o.value === current.deviceId))
    options.unshift({ value: current.deviceId, label: current.label || `Current ${noun.toLowerCase()}` });
  return options;
}

/** Why a switch failed, for the strip; the call goes on with the previous device. */
export function describeSwitchError(kind: DeviceKind, error: unknown): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : "";
  const still = ` Still using the previous ${kind}.`;
  if (name === "NotAllowedError") return `The browser blocked the ${kind}. Allow it in the address bar, then try again.${still}`;
  if (name === "NotFoundError" || name === "OverconstrainedError") return `That ${kind} is no longer available (unplugged?).${still}`;
  if (name === "NotReadableError" || name === "AbortError") return `That ${kind} is in use by another application or could not start.${still}`;
  return `The ${kind} could not be switched.${still}`;
}

export function describeMediaError(error: unknown): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : "";
  if (name === "NotAllowedError") return "The browser blocked the camera and microphone. Allow them in the address bar, then try again.";
  if (name === "NotFoundError") return "No camera or microphone was found.";
  if (name === "NotReadableError") return "The camera or microphone is in use by another application.";
  return "The camera and microphone could not be opened.";
}
