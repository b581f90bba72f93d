import { useState } from "react";
import { colorsFor } from "../collab/colors";
import { ROLE_LABELS } from "../auth/permissions";
import type { Person } from "../collab/presence";
import { formatClock } from "../format/time";
import { RunOutput } from "../run/RunOutput";
import { ScorecardPanel } from "../scorecards/ScorecardPanel";
import { SignalList } from "../signals/SignalList";
import { AlertIcon, ChatIcon, CheckIcon, CodeIcon, NotesIcon } from "../ui/icons";
import { Tabs, type Tab } from "../ui/Tabs";
import type { Frame } from "./frame";

type Key = "chat" | "runs" | "signals" | "notes" | "scorecard";

/** Chat, runs, signals and the interviewers' private notes as they were at the playhead, and
 * the interviewer's scorecard. */
export function ReplaySide({
  frame,
  notes,
  sessionId,
  meId,
  isHost,
  people,
}: {
  frame: Frame;
  notes: string;
  sessionId: string;
  meId: string;
  isHost: boolean;
  people: Person[];
}) {
  const [active, setActive] = useState<Key>("chat");
  const tabs: Tab<Key>[] = [
    { key: "chat", label: "Chat", icon: <ChatIcon size={14} /> },
    { key: "runs", label: "Runs", icon: <CodeIcon size={14} /> },
    { key: "signals", label: "Signals", icon: <AlertIcon size={14} />, count: String(frame.events.filter((e) => e.kind !== "visible").length) },
    { key: "notes", label: "Notes", icon: <NotesIcon size={14} /> },
    { key: "scorecard", label: "Scorecard", icon: <CheckIcon size={14} /> },
  ];
  const latest = frame.runs.at(-1) ?? null;
  return (
    <aside className="room-side replay-side" aria-label="As of this moment">
      <Tabs tabs={tabs} active={active} onChange={setActive} idPrefix="replay" label="Replay panels" />
      {tabs.map((tab) => (
        <section
          key={tab.key}
          id={`replay-panel-${tab.key}`}
          role="tabpanel"
          aria-labelledby={`replay-tab-${tab.key}`}
          className="side-panel"
          hidden={tab.key !== active}
        >
          {tab.key === "chat" ? (
            frame.chat.length === 0 ? (
              <p className="replay-empty faint">No chat messages yet at this moment.</p>
            ) : (
              <ol className="chat-list replay-chat" aria-label="Chat as of this moment">
                {frame.chat.map((m) => (
                  <li key={m.id} className="chat-message chat-head">
                    <div className="chat-meta">
                      <span className="chat-author" style={{ color: colorsFor(m.author_id).color }}>
                        {m.author_name}
                      </span>
                      <span className="chat-role">{ROLE_LABELS[m.role]}</span>
                      <time className="chat-time" dateTime={new Date(m.ts).toISOString()}>
                        {formatClock(m.ts)}
                      </time>
                    </div>
                    <p className="chat-text">{m.text}</p>
                  </li>
                ))}
              </ol>
            )
          ) : null}
          {tab.key === "runs" ? (
            <div className="replay-runs">
              {latest ? (
                <>
                  <h3 className="replay-subhead">Latest run at this moment</h3>
                  <RunOutput run={latest} meId={meId} people={people} />
                  {frame.runs.length > 1 ? (
                    <p className="faint">
                      {frame.runs.length - 1} earlier run{frame.runs.length > 2 ? "s" : ""}; move the playhead to see them.
                    </p>
                  ) : null}
                </>
              ) : (
                <p className="replay-empty faint">Nothing was run yet at this moment.</p>
              )}
            </div>
          ) : null}
          {tab.key === "signals" ? <SignalList events={frame.events} empty="No large pastes or tab switches yet at this moment." /> : null}
          {tab.key === "notes" ? (
            notes.trim() ? (
              <pre className="replay-notes" aria-label="Private notes as of this moment">
                {notes}
              </pre>
            ) : (
              <p className="replay-empty faint">No private notes yet at this moment.</p>
            )
          ) : null}
          {tab.key === "scorecard" ? (
            <div className="replay-scorecard">
              <ScorecardPanel sessionId={sessionId} isHost={isHost} />
            </div>
          ) : null}
        </section>
      ))}
    </aside>
  );
}
