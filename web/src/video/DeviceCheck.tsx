import { useEffect, useRef, useState } from "react";
import { AudioLevel } from "./audioLevel";
import { describeMediaError, listDevices, openDevices, type DeviceLists } from "./devices";
import { MediaView } from "./MediaView";

/** The pre-join check: camera preview, microphone level, device pickers, and whether to
 * join muted or with the camera off. Hands the open stream to `onJoin`. */
export function DeviceCheck({ onJoin }: { onJoin: (stream: MediaStream) => void }) {
  const [devices, setDevices] = useState<DeviceLists>({ cameras: [], mics: [] });
  const [cameraId, setCameraId] = useState<string | null>(null);
  const [micId, setMicId] = useState<string | null>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [level, setLevel] = useState(0);
  const [camOn, setCamOn] = useState(true);
  const [micOn, setMicOn] = useState(true);
  const handedOver = useRef(false);

  useEffect(() => {
    let cancelled = false;
    let opened: MediaStream | null = null;
    setError(null);
    openDevices({ cameraId, micId }).then(
      async (s) => {
        if (cancelled) {
          for (const t of s.getTracks()) t.stop();
          return;
        }
        opened = s;
        setStream(s);
        // Labels and ids are only listed once the page has been granted access.
        setDevices(await listDevices().catch(() => ({ cameras: [], mics: [] })));
      },
      (e: unknown) => !cancelled && setError(describeMediaError(e)),
    );
    return () => {
      cancelled = true;
      if (opened && !handedOver.current) for (const t of opened.getTracks()) t.stop();
    };
  }, [cameraId, micId]);

  useEffect(() => {
    if (!stream) return;
    const meter = new AudioLevel(stream);
    const timer = setInterval(() => setLevel(meter.level()), 100);
    return () => {
      clearInterval(timer);
      meter.close();
    };
  }, [stream]);

  const join = () => {
    if (!stream) return;
    for (const t of stream.getVideoTracks()) t.enabled = camOn;
    for (const t of stream.getAudioTracks()) t.enabled = micOn;
    handedOver.current = true;
    onJoin(stream);
  };

  const hasVideo = (stream?.getVideoTracks().length ?? 0) > 0;
  const hasAudio = (stream?.getAudioTracks().length ?? 0) > 0;
  return (
    <section className="device-check" aria-label="Check your camera and microphone">
      <div className="device-preview" data-camera-off={!camOn || !hasVideo}>
        {hasVideo ? <MediaView stream={stream} muted mirrored label="Your camera preview" /> : null}
        {!hasVideo || !camOn ? <span className="device-preview-note">{hasVideo ? "Camera off" : "No camera"}</span> : null}
      </div>
      <div className="mic-meter" role="meter" aria-label="Microphone level" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(Math.min(1, level * 5) * 100)}>
        <span style={{ width: `${Math.min(100, level * 500)}%` }} />
      </div>
      {error ? <p className="device-error" role="alert">{error}</p> : null}
      <label className="device-field">
        Camera
        <select className="select select-sm" value={cameraId ?? ""} onChange={(e) => setCameraId(e.target.value || null)} disabled={devices.cameras.length === 0}>
          <option value="">Default camera</option>
          {devices.cameras.map((d, i) => (
            <option key={d.deviceId} value={d.deviceId}>{d.label || `Camera ${i + 1}`}</option>
          ))}
        </select>
      </label>
      <label className="device-field">
        Microphone
        <select className="select select-sm" value={micId ?? ""} onChange={(e) => setMicId(e.target.value || null)} disabled={devices.mics.length === 0}>
          <option value="">Default microphone</option>
          {devices.mics.map((d, i) => (
            <option key={d.deviceId} value={d.deviceId}>{d.label || `Microphone ${i + 1}`}</option>
          ))}
        </select>
      </label>
      <div className="device-toggles">
        <label><input type="checkbox" checked={micOn} onChange={(e) => setMicOn(e.target.checked)} disabled={!hasAudio} /> Microphone on</label>
        <label><input type="checkbox" checked={camOn} onChange={(e) => setCamOn(e.target.checked)} disabled={!hasVideo} /> Camera on</label>
      </div>
      <button type="button" className="btn btn-primary" onClick={join} disabled={!stream}>
        Join call
      </button>
    </section>
  );
}
