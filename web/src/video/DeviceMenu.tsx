import { useEffect, useState } from "react";
import { describeSwitchError, deviceOptions, listDevices, type DeviceInUse, type DeviceKind, type DeviceLists } from "./devices";

const NO_DEVICES: DeviceLists = { cameras: [], mics: [] };

/** The in-call device menu: another camera or microphone without leaving the call. The
 * lists follow plugged and unplugged devices; a failed switch says why, and the call keeps
 * the device it had. */
export function DeviceMenu({
  id,
  camera,
  mic,
  sharing,
  onSwitch,
}: {
  id: string;
  camera: DeviceInUse | null;
  mic: DeviceInUse | null;
  sharing: boolean;
  onSwitch: (kind: DeviceKind, deviceId: string) => Promise<void>;
}) {
  const [devices, setDevices] = useState<DeviceLists>(NO_DEVICES);
  const [busy, setBusy] = useState<DeviceKind | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    const refresh = () => void listDevices().then((d) => !cancelled && setDevices(d), () => undefined);
    refresh();
    navigator.mediaDevices?.addEventListener("devicechange", refresh);
    return () => {
      cancelled = true;
      navigator.mediaDevices?.removeEventListener("devicechange", refresh);
    };
  }, []);

  // A message about a failed switch is stale once the device in use changes (a switch that
  // worked, or the device going away, which the strip reports itself).
  useEffect(() => setError(null), [camera?.deviceId, mic?.deviceId]);

  const choose = async (kind: DeviceKind, deviceId: string) => {
    setBusy(kind);
    setError(null);
    try {
      await onSwitch(kind, deviceId);
    } catch (e) {
      setError(describeSwitchError(kind, e));
    } finally {
      setBusy(null);
    }
  };

  const cameras = deviceOptions(devices.cameras, camera, "Camera");
  const mics = deviceOptions(devices.mics, mic, "Microphone");
  return (
    <div className="video-devices" id={id} role="group" aria-label="Switch camera and microphone">
      <DevicePicker label="Camera" options={cameras} value={camera?.deviceId ?? ""} disabled={busy !== null} onChange={(v) => void choose("camera", v)} />
      {sharing ? <p className="video-note">A new camera is sent when you stop sharing.</p> : null}
      <DevicePicker label="Microphone" options={mics} value={mic?.deviceId ?? ""} disabled={busy !== null} onChange={(v) => void choose("microphone", v)} />
      {error ? (
        <p className="device-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function DevicePicker({
  label,
  options,
  value,
  disabled,
  onChange,
}: {
  label: string;
  options: { value: string; label: string }[];
  value: string;
  disabled: boolean;
  onChange: (deviceId: string) => void;
}) {
  return (
    <label className="device-field">
      {label}
      <select className="select select-sm" value={value} disabled={disabled || options.length === 0} onChange={(e) => onChange(e.target.value)}>
        {value === "" ? <option value="">None</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
