import { lazy, Suspense } from "react";
import { chatClosedReason } from "../auth/permissions";
import type { RoomModel, RoomView } from "../collab/room";
import { ChatPanel } from "./ChatPanel";
import { ErrorState, LoadingState } from "../ui/States";
import { StripFrame } from "../video/StripFrame";
import { VideoStrip } from "../video/VideoStrip";
import type { Provider } from "../stream/credentials";

// Stream's SDKs are large: loaded only in rooms of a server that has Stream keys.
const StreamVideoStrip = lazy(() => import("../stream/StreamVideoStrip"));
const StreamChatPanel = lazy(() => import("../stream/StreamChatPanel"));

/** The video strip of the room's provider: built-in WebRTC or Stream. */
export function VideoSlot({ provider, view, bearer }: { provider: Provider; view: RoomView; bearer: string | null }) {
  switch (provider.kind) {
    case "builtin":
      return <VideoStrip sessionId={view.session.id} bearer={bearer} myName={view.me.name} />;
    case "stream":
      return (
        <Suspense fallback={<PendingStrip text="Loading video…" />}>
          <StreamVideoStrip credentials={provider.credentials} refresh={provider.refresh} myName={view.me.name} />
        </Suspense>
      );
    case "checking":
      return <PendingStrip text="Loading video…" />;
    case "unavailable":
      return (
        <PendingStrip text="Video unavailable">
          <p className="video-note" role="alert">
            {provider.message}
          </p>
          <button type="button" className="btn" onClick={provider.retry}>
            Try again
          </button>
        </PendingStrip>
      );
  }
}

function PendingStrip({ text, children }: { text: string; children?: React.ReactNode }) {
  return (
    <StripFrame status={text} callStatus="idle">
      {children}
    </StripFrame>
  );
}

/** The chat of the room's provider: the document's chat, or a Stream Chat channel. */
export function ChatSlot({
  provider,
  model,
  view,
  visible,
  onUnread,
}: {
  provider: Provider;
  model: RoomModel;
  view: RoomView;
  visible: boolean;
  onUnread: (count: number) => void;
}) {
  switch (provider.kind) {
    case "builtin":
      return <ChatPanel model={model} view={view} />;
    case "stream":
      return (
        <Suspense fallback={<LoadingState label="Loading the chat…" />}>
          <StreamChatPanel
            credentials={provider.credentials}
            refresh={provider.refresh}
            myName={view.me.name} closedReason={chatClosedReason(view.me.role, view)}
            visible={visible}
            onUnread={onUnread}
          />
        </Suspense>
      );
    case "checking":
      return <LoadingState label="Loading the chat…" />;
    case "unavailable":
      return (
        <ErrorState
          title="Chat is unavailable"
          message={provider.message}
          actions={
            <button type="button" className="btn" onClick={provider.retry}>
              Try again
            </button>
          }
        />
      );
  }
}
