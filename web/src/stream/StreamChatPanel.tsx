import { useEffect, useRef, useState } from "react";
import { StreamChat, type Channel as ChatChannel } from "stream-chat";
import { Channel, Chat, MessageComposer, MessageList, Window } from "stream-chat-react";
import "stream-chat-react/dist/css/index.css";
import { ErrorState, LoadingState } from "../ui/States";
import type { StreamCredentials } from "./credentials";
import "./stream.css";

type State = { kind: "connecting" } | { kind: "ready"; channel: ChatChannel } | { kind: "failed"; message: string };

/** The session's chat through Stream Chat (the server has Stream keys): the channel the
 * server created with the session's participants as members. Who may post is decided as for
 * the built-in chat (`closedReason`); the panel then shows the history without a composer. */
export default function StreamChatPanel({
  credentials,
  refresh,
  myName,
  closedReason,
  visible,
  onUnread,
}: {
  credentials: StreamCredentials;
  refresh: () => Promise<StreamCredentials>;
  myName: string;
  closedReason: string | null;
  visible: boolean; // the Chat tab is open
  onUnread: (count: number) => void; // others' messages since it was last open
}) {
  const [client] = useState(() => new StreamChat(credentials.api_key, credentials.chat_base_url ? { baseURL: credentials.chat_base_url } : {}));
  const [state, setState] = useState<State>({ kind: "connecting" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    let first = true;
    // The first token came with the room; later ones (expiry, reconnects) are fetched.
    const tokenProvider = async () => {
      if (first) {
        first = false;
        return credentials.chat_token;
      }
      return (await refresh()).chat_token;
    };
    setState({ kind: "connecting" });
    (async () => {
      if (!client.userID) await client.connectUser({ id: credentials.user_id, name: myName }, tokenProvider);
      const channel = client.channel(credentials.channel_type, credentials.channel_id);
      await channel.watch();
      if (live) setState({ kind: "ready", channel });
    })().catch((error: unknown) => {
      if (!live) return;
      const detail = error instanceof Error && error.message ? ` (${error.message})` : "";
      setState({ kind: "failed", message: `Could not connect to the chat service${detail}.` });
    });
    return () => {
      live = false;
    };
  }, [client, credentials, refresh, myName, attempt]);
  useEffect(
    () => () => {
      void client.disconnectUser();
    },
    [client],
  );
  useUnreadCount(state.kind === "ready" ? state.channel : null, credentials.user_id, visible, onUnread);

  if (state.kind === "connecting") return <LoadingState label="Connecting to the chat…" />;
  if (state.kind === "failed")
    return (
      <ErrorState
        title="Chat is unavailable"
        message={state.message}
        actions={
          <button type="button" className="btn" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        }
      />
    );
  return (
    <div className="chat stream-chat" data-chat-provider="stream">
      <Chat client={client} theme="str-chat__theme-dark">
        <Channel channel={state.channel}>
          <Window>
            <MessageList />
            {closedReason ? <p className="chat-closed">{closedReason}</p> : <MessageComposer />}
          </Window>
        </Channel>
      </Chat>
    </div>
  );
}

/** Counts the others' new messages while the panel is hidden, for the tab's badge. */
function useUnreadCount(channel: ChatChannel | null, me: string, visible: boolean, onUnread: (count: number) => void) {
  const unread = useRef(0);
  const shown = useRef(visible);
  useEffect(() => {
    shown.current = visible;
    if (visible && unread.current) {
      unread.current = 0;
      onUnread(0);
    }
  }, [visible, onUnread]);
  useEffect(() => {
    if (!channel) return;
    const subscription = channel.on("message.new", (event) => {
      if (shown.current || event.user?.id === me) return;
      unread.current += 1;
      onUnread(unread.current);
    });
    return () => subscription.unsubscribe();
  }, [channel, me, onUnread]);
}
