import {
  CallingState,
  DeviceSelectorAudioInput,
  DeviceSelectorVideo,
  DeviceSettings,
  ParticipantView,
  ScreenShareButton,
  StreamCall,
  StreamTheme,
  StreamVideo,
  StreamVideoClient,
  ToggleAudioPreviewButton,
  ToggleAudioPublishingButton,
  ToggleVideoPreviewButton,
  ToggleVideoPublishingButton,
  VideoPreview,
  useCallStateHooks,
  type Call,
} from "@stream-io/video-react-sdk";
import "@stream-io/video-react-sdk/dist/css/styles.css";
import { useEffect, useState } from "react";
import { StripFrame } from "../video/StripFrame";
import "../video/video.css";
import type { StreamCredentials } from "./credentials";
import "./stream.css";

type Phase =
  | { kind: "idle"; error?: string }
  | { kind: "checking"; call: Call } // the pre-join check: preview, devices, mute
  | { kind: "joining"; call: Call }
  | { kind: "joined"; call: Call };

const PHASE_TEXT: Record<Exclude<Phase["kind"], "joined">, string> = {
  idle: "Not in the call",
  checking: "Check your devices",
  joining: "Connecting…",
};

const CALLING_TEXT: Partial<Record<CallingState, string>> = {
  [CallingState.JOINING]: "Connecting…",
  [CallingState.JOINED]: "In the call",
  [CallingState.RECONNECTING]: "Reconnecting…",
  [CallingState.MIGRATING]: "Reconnecting…",
  [CallingState.OFFLINE]: "Offline — rejoins when the network is back",
  [CallingState.RECONNECTING_FAILED]: "Could not reconnect",
  [CallingState.LEFT]: "Not in the call",
};

/** A custom base URL (a proxy in front of Stream, or the tests' stand-in) also serves the
 * location hint the SDK asks for before joining; otherwise the SDK's defaults apply. */
function clientOptions(credentials: StreamCredentials) {
  const base = credentials.video_base_url;
  return base ? { baseURL: base, locationHintUrl: new URL("/location-hint", base).href } : {};
}

/** The call beside the editor, through Stream's video SDK (the server has Stream keys): the
 * same strip as the built-in call — join, tiles, mute, camera, screen share, device switching,
 * leave — with Stream's SFU carrying the media. */
export default function StreamVideoStrip({
  credentials,
  refresh,
  myName,
}: {
  credentials: StreamCredentials;
  refresh: () => Promise<StreamCredentials>;
  myName: string;
}) {
  const [client] = useState(
    () =>
      new StreamVideoClient({
        apiKey: credentials.api_key,
        user: { id: credentials.user_id, name: myName },
        token: credentials.token,
        // Tokens live an hour; the SDK asks for a new one when the old one expires.
        tokenProvider: async () => (await refresh()).token,
        options: clientOptions(credentials),
      }),
  );
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [collapsed, setCollapsed] = useState(false);

  useEffect(
    () => () => {
      void client.disconnectUser();
    },
    [client],
  );
  const activeCall = phase.kind === "idle" ? null : phase.call;
  useEffect(
    () => () => {
      if (activeCall) void activeCall.leave().catch(() => undefined);
    },
    [activeCall],
  );

  /** The check before joining, as with the built-in call: camera preview, device pickers,
   * microphone and camera on or off. */
  const check = () => {
    const call = client.call(credentials.call_type, credentials.call_id);
    setPhase({ kind: "checking", call });
    void Promise.allSettled([call.camera.enable(), call.microphone.enable()]);
  };
  const join = async (call: Call) => {
    setPhase({ kind: "joining", call });
    try {
      // The server created the call with its members; joining never creates another.
      await call.join({ create: false, maxJoinRetries: 2 });
      setPhase({ kind: "joined", call });
    } catch (error) {
      const detail = error instanceof Error && error.message ? ` (${error.message})` : "";
      setPhase({ kind: "idle", error: `Could not connect to the video service${detail}. Check your network and try again.` });
    }
  };
  const leave = () => setPhase({ kind: "idle" });

  return (
    <StripFrame
      collapsed={collapsed}
      onToggle={() => setCollapsed((c) => !c)}
      status={phase.kind === "joined" ? <CallStatus call={phase.call} /> : PHASE_TEXT[phase.kind]}
      callStatus={phase.kind}
      provider="stream"
    >
      {phase.kind === "idle" ? (
        <div className="video-idle">
          {phase.error ? (
            <p className="video-note" role="alert">
              {phase.error}
            </p>
          ) : null}
          <button type="button" className="btn btn-primary" onClick={check}>
            {phase.error ? "Try again" : "Join video call"}
          </button>
          <p className="video-note faint">Video by Stream.</p>
        </div>
      ) : (
        <StreamVideo client={client}>
          <StreamCall call={phase.call}>
            <StreamTheme className="stream-call">
              {phase.kind === "joined" ? (
                <>
                  <CallTiles />
                  <div className="video-controls stream-controls" aria-label="Call controls">
                    <ToggleAudioPublishingButton />
                    <ToggleVideoPublishingButton />
                    <ScreenShareButton />
                    <DeviceSettings />
                  </div>
                  <button type="button" className="btn btn-danger stream-leave" onClick={leave}>
                    Leave call
                  </button>
                </>
              ) : (
                <section className="stream-check" aria-label="Check your camera and microphone">
                  <div className="stream-preview">
                    <VideoPreview />
                  </div>
                  <div className="video-controls stream-controls stream-preview-controls">
                    <ToggleAudioPreviewButton />
                    <ToggleVideoPreviewButton />
                  </div>
                  <DeviceSelectorVideo title="Camera" visualType="dropdown" />
                  <DeviceSelectorAudioInput title="Microphone" visualType="dropdown" />
                  <button type="button" className="btn btn-primary" disabled={phase.kind === "joining"} onClick={() => void join(phase.call)}>
                    {phase.kind === "joining" ? "Connecting…" : "Join call"}
                  </button>
                  <button type="button" className="btn btn-ghost" disabled={phase.kind === "joining"} onClick={leave}>
                    Cancel
                  </button>
                </section>
              )}
            </StreamTheme>
          </StreamCall>
        </StreamVideo>
      )}
    </StripFrame>
  );
}

function CallStatus({ call }: { call: Call }) {
  const [state, setState] = useState(call.state.callingState);
  useEffect(() => {
    const subscription = call.state.callingState$.subscribe(setState);
    return () => subscription.unsubscribe();
  }, [call]);
  return <>{CALLING_TEXT[state] ?? "Connecting…"}</>;
}

function CallTiles() {
  const { useParticipants } = useCallStateHooks();
  const participants = useParticipants();
  return (
    <ul className="video-tiles" aria-label="Participants' video">
      {participants.map((participant) => (
        <li
          key={participant.sessionId}
          className="video-tile stream-tile"
          data-self={participant.isLocalParticipant}
          data-user-id={participant.userId}
          data-name={participant.name}
          data-speaking={participant.isSpeaking}
        >
          <ParticipantView participant={participant} />
        </li>
      ))}
    </ul>
  );
}
