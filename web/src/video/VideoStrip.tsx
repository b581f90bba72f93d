import { useEffect, useState, useSyncExternalStore } from "react";
import { roomToken } from "../api/sessions";
import { DeviceCheck } from "./DeviceCheck";
import { DeviceMenu } from "./DeviceMenu";
import { MediaView } from "./MediaView";
import { StripFrame } from "./StripFrame";
import { VideoMesh, type CallStatus } from "./mesh";
import type { LinkStatus } from "./protocol";
import "./video.css";

const STATUS_TEXT: Record<CallStatus, string> = {
  idle: "Not in the call",
  connecting: "Connecting…",
  connected: "In the call",
  reconnecting: "Reconnecting…",
  offline: "Offline — rejoins when the network is back",
  ended: "Call ended",
};

const LINK_TEXT: Record<LinkStatus, string> = {
  connecting: "Connecting…",
  connected: "",
  reconnecting: "Reconnecting…",
};

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? "")
    .join("");

/** The call beside the editor: a pre-join device check, then one tile per participant, with
 * mute, camera, screen-share and device controls. Collapsible; collapsed, the call (and its
 * sound) goes on. */
export function VideoStrip({ sessionId, bearer, myName }: { sessionId: string; bearer: string | null; myName: string }) {
  // One call per mounted room; it lives outside React state updates (an external store).
  const [mesh] = useState(() => new VideoMesh({ sessionId, fetchToken: () => roomToken(sessionId, bearer).then((t) => t.token) }));
  const view = useSyncExternalStore(mesh.subscribe, mesh.getView);
  const [collapsed, setCollapsed] = useState(false);
  const [checking, setChecking] = useState(false);
  const [shareError, setShareError] = useState<string | null>(null);
  const [devicesOpen, setDevicesOpen] = useState(false);

  useEffect(() => () => mesh.leave(), [mesh]);

  const inCall = view.status !== "idle" && view.status !== "ended";
  const screenSupported = typeof navigator !== "undefined" && !!navigator.mediaDevices && "getDisplayMedia" in navigator.mediaDevices;

  const toggleScreen = async () => {
    setShareError(null);
    try {
      if (view.me.screen) await mesh.stopScreenShare();
      else await mesh.startScreenShare();
    } catch {
      setShareError("Screen sharing was cancelled or is not allowed.");
    }
  };

  return (
    <StripFrame
      collapsed={collapsed}
      onToggle={() => setCollapsed((c) => !c)}
      status={STATUS_TEXT[view.status]}
      collapsedStatus={<span className="video-dot" title={STATUS_TEXT[view.status]} />}
      callStatus={view.status}
    >
      {inCall ? (
        <>
          <ul className="video-tiles" aria-label="Participants' video">
            <li className="video-tile" data-self="true" data-muted={view.me.muted} data-camera-off={view.me.cameraOff} data-speaking={view.localSpeaking}>
              <MediaView stream={view.local} muted mirrored={!view.me.screen} label="Your video" />
              {view.me.cameraOff && !view.me.screen ? <span className="video-avatar">{initials(myName)}</span> : null}
              <span className="video-name">
                You{view.me.muted ? <span className="video-muted" aria-label="muted"> · muted</span> : null}
              </span>
            </li>
            {view.peers.map((peer) => (
              <li
                key={peer.peerId}
                className="video-tile"
                data-peer-id={peer.peerId}
                data-user-id={peer.userId}
                data-name={peer.name}
                data-muted={peer.state.muted}
                data-camera-off={peer.state.cameraOff}
                data-speaking={peer.speaking}
                data-connection={peer.connection}
                data-link={peer.link}
              >
                <MediaView stream={peer.stream} muted={false} label={`${peer.name}'s video`} />
                {peer.state.cameraOff && !peer.state.screen ? <span className="video-avatar">{initials(peer.name)}</span> : null}
                {peer.link !== "connected" ? <span className="video-conn">{LINK_TEXT[peer.link]}</span> : null}
                <span className="video-name">
                  {peer.name}
                  {peer.state.muted ? <span className="video-muted" aria-label="muted"> · muted</span> : null}
                  {peer.state.screen ? " · screen" : null}
                </span>
              </li>
            ))}
          </ul>
          {view.overflow > 0 ? <p className="video-note">{view.overflow} more in the room (the built-in call connects up to 6 people).</p> : null}
          {view.deviceLost ? (
            <p className="device-error" role="alert" data-device-lost>
              {view.deviceLost}
            </p>
          ) : null}
          {devicesOpen ? <DeviceMenu id="video-devices" camera={view.camera} mic={view.mic} sharing={view.me.screen} onSwitch={(kind, id) => mesh.switchDevice(kind, id)} /> : null}
          <div className="video-controls">
            <button type="button" className="btn" aria-pressed={view.me.muted} onClick={() => mesh.setMuted(!view.me.muted)} disabled={!view.mic}>
              {view.me.muted ? "Unmute" : "Mute"}
            </button>
            <button type="button" className="btn" aria-pressed={view.me.cameraOff} onClick={() => mesh.setCameraOff(!view.me.cameraOff)} disabled={!view.local?.getVideoTracks().length && !view.me.screen}>
              {view.me.cameraOff ? "Camera on" : "Camera off"}
            </button>
            {screenSupported ? (
              <button type="button" className="btn" aria-pressed={view.me.screen} onClick={() => void toggleScreen()}>
                {view.me.screen ? "Stop sharing" : "Share screen"}
              </button>
            ) : null}
            <button type="button" className="btn" aria-expanded={devicesOpen} aria-controls="video-devices" onClick={() => setDevicesOpen((open) => !open)}>
              Devices {devicesOpen ? "▴" : "▾"}
            </button>
            <button type="button" className="btn btn-danger" onClick={() => mesh.leave()}>
              Leave call
            </button>
          </div>
          {shareError ? <p className="device-error" role="alert">{shareError}</p> : null}
        </>
      ) : checking ? (
        <DeviceCheck
          onJoin={(s) => {
            setChecking(false);
            mesh.join(s);
          }}
        />
      ) : (
        <div className="video-idle">
          {view.status === "ended" && view.endedReason ? <p className="video-note" role="alert">{view.endedReason}</p> : null}
          <button type="button" className="btn btn-primary" onClick={() => setChecking(true)}>
            Join video call
          </button>
        </div>
      )}
    </StripFrame>
  );
}
