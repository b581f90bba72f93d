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

/** Audio and video (each optional) from the chosen devices; falls back to audio only, then
 * video only, when one of them is missing or refused. */
export async function openDevices(choice: Pick<DeviceChoice, "cameraId" | "micId">): Promise<MediaStream> {
  const video: MediaTrackConstraints = {
    width: { ideal: 640 },
    height: { ideal: 480 },
    frameRate: { ideal: 24, max: 30 },
    ...(choice.cameraId ? { deviceId: { exact: choice.cameraId } } : {}),
  };
  const audio: MediaTrackConstraints = {
    echoCancellation: true,
    noiseSuppression: true,
    ...(choice.micId ? { deviceId: { exact: choice.micId } } : {}),
  };
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

export function describeMediaError(error: unknown): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : "";
  if (name === "NotAllowedError") return "The browser blocked the camera and microphone. Allow them in the address bar, then try again.";
  if (name === "NotFoundError") return "No camera or microphone was found.";
  if (name === "NotReadableError") return "The camera or microphone is in use by another application.";
  return "The camera and microphone could not be opened.";
}
