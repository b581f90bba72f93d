import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { ApiError } from "../api/errors";
import { MAX_CHAT_LENGTH, startsGroup } from "../collab/chat";
import { colorsFor } from "../collab/colors";
import { chatClosedReason, ROLE_LABELS } from "../auth/permissions";
import type { RoomModel, RoomView } from "../collab/room";
import { formatClock } from "../format/time";
import { ChatIcon, SendIcon } from "../ui/icons";

export function ChatPanel({ model, view }: { model: RoomModel; view: RoomView }) {
  const [draft, setDraft] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const closed = chatClosedReason(view.me.role, view);
  const count = view.chat.length;

  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [count]);

  const send = (event?: FormEvent) => {
    event?.preventDefault();
    if (sending) return;
    setSending(true);
    setError(null);
    model
      .sendChat(draft)
      .then((sent) => sent && setDraft(""))
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : "The message was not sent; try again."))
      .finally(() => setSending(false));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  return (
    <div className="chat">
      {count === 0 ? (
        <div className="chat-empty">
          <ChatIcon size={22} />
          <p>No messages yet.</p>
          <p className="faint">Ask a question or share a hint — everyone in the room sees the chat.</p>
        </div>
      ) : (
        <ol className="chat-list" ref={list} role="log" aria-label="Chat messages" aria-live="polite">
          {view.chat.map((message, i) => {
            const mine = message.author_id === view.me.id;
            const head = startsGroup(view.chat[i - 1], message);
            return (
              <li key={message.id} className={head ? "chat-message chat-head" : "chat-message"} data-mine={mine}>
                {head ? (
                  <div className="chat-meta">
                    <span className="chat-author" style={{ color: colorsFor(message.author_id).color }}>
                      {mine ? "You" : message.author_name}
                    </span>
                    <span className="chat-role">{ROLE_LABELS[message.role]}</span>
                    <time className="chat-time" dateTime={new Date(message.ts).toISOString()}>
                      {formatClock(message.ts)}
                    </time>
                  </div>
                ) : null}
                <p className="chat-text">{message.text}</p>
              </li>
            );
          })}
        </ol>
      )}
      {error ? (
        <p className="form-error chat-error" role="alert">
          {error}
        </p>
      ) : null}
      <form className="chat-composer" onSubmit={send}>
        {closed ? (
          <p className="chat-closed">{closed}</p>
        ) : (
          <>
            <label className="sr-only" htmlFor="chat-input">
              Message
            </label>
            <textarea
              id="chat-input"
              className="chat-input"
              rows={2}
              value={draft}
              maxLength={MAX_CHAT_LENGTH}
              placeholder="Message everyone…  (Enter to send, Shift+Enter for a new line)"
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={onKeyDown}
            />
            <button className="btn btn-primary btn-sm chat-send" type="submit" disabled={!draft.trim() || sending} aria-label="Send message">
              <SendIcon size={14} />
            </button>
          </>
        )}
      </form>
    </div>
  );
}
