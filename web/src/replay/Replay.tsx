import { useEffect, useMemo, useState } from "react";
import type { Role } from "../api/types";
import { Link } from "../nav/Link";
import { roomPath } from "../nav/routes";
import { colorsFor } from "../collab/colors";
import { canManage } from "../auth/permissions";
import type { Person } from "../collab/presence";
import { languageLabel, normalizeLanguage } from "../editor/languages";
import { formatDate } from "../format/time";
import { ReportLinks } from "../reports/ReportLinks";
import { CodeIcon } from "../ui/icons";
import { Logo } from "../ui/Logo";
import { EmptyState } from "../ui/States";
import { notesText } from "../collab/schema";
import { readFrame } from "./frame";
import { ReplayEditor } from "./ReplayEditor";
import { ReplaySide } from "./ReplaySide";
import { ReplayTimeline, type TrackPerson } from "./ReplayTimeline";
import { usePlayback } from "./usePlayback";
import type { LoadedRoom } from "../collab/loadRoom";
import type { ReplayEngine } from "./engine";
import type { Timeline } from "./timeline";
import "./replay.css";

/** An interview ready to play back: what ReplayPage loads, what Replay shows. */
export interface LoadedReplay {
  room: LoadedRoom;
  engine: ReplayEngine;
  /** The interviewers' private notes, replayed alongside (their own, smaller log). */
  notes: ReplayEngine;
  timeline: Timeline;
}

const ROLE_ORDER: Record<Role, number> = { candidate: 0, host: 1, interviewer: 2, observer: 3 };
const SEEK_STEP_S = 5;

function isFormField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return target.type !== "range" && target.type !== "checkbox";
  return target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

export function Replay({ replay }: { replay: LoadedReplay }) {
  const { room, engine, notes, timeline } = replay;
  const { session, me } = room;
  const playback = usePlayback(engine.times, timeline.start, timeline.end);
  const [showAuthors, setShowAuthors] = useState(true);
  const index = engine.indexAt(playback.t);
  const fallback = normalizeLanguage(session.language);
  const frame = useMemo(() => readFrame(engine.seekIndex(index), fallback, timeline.clientAuthors), [engine, index, fallback, timeline]);
  const notesIndex = notes.indexAt(playback.t);
  const notesNow = useMemo(() => notesText(notes.seekIndex(notesIndex)).toString(), [notes, notesIndex]);

  // One track per participant, those who never typed included; authors no longer in the
  // session (removed) too.
  const people: TrackPerson[] = useMemo(() => {
    const list: TrackPerson[] = (session.participants ?? []).map((p) => ({ userId: p.user_id, name: p.name, role: p.role }));
    for (const userId of timeline.tracks.keys()) {
      if (!list.some((p) => p.userId === userId)) list.push({ userId, name: "Former participant", role: null });
    }
    return list
      .filter((p) => p.role !== "observer" || timeline.tracks.has(p.userId))
      .sort((a, b) => (a.role ? ROLE_ORDER[a.role] : 9) - (b.role ? ROLE_ORDER[b.role] : 9));
  }, [session.participants, timeline]);
  const persons: Person[] = people.map((p) => ({
    userId: p.userId,
    name: p.name,
    role: p.role ?? "observer",
    online: false,
    isMe: p.userId === me.id,
    color: colorsFor(p.userId).color,
  }));

  const { toggle, seek, t } = playback;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isFormField(event.target)) return;
      if (event.target instanceof HTMLButtonElement && (event.key === " " || event.key === "Enter")) return;
      const range = event.target instanceof HTMLInputElement && event.target.type === "range";
      if (event.key === " ") toggle();
      else if (event.key === "ArrowLeft" && !range) seek(t - SEEK_STEP_S);
      else if (event.key === "ArrowRight" && !range) seek(t + SEEK_STEP_S);
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [toggle, seek, t]);

  const empty = engine.entries.length === 0;
  return (
    <div className="replay" data-position={index}>
      <header className="room-header">
        <div className="room-header-left">
          <Logo href="/dashboard" />
          <span className="room-header-divider" aria-hidden="true" />
          <h1 className="room-title" title={session.title}>
            {session.title}
          </h1>
          <span className="pill pill-accent">Replay</span>
          <span className="faint replay-date">{formatDate(session.created_at)}</span>
        </div>
        <div className="room-header-right">
          <Link className="btn btn-sm btn-ghost" href={roomPath(session.id)}>
            Open the room
          </Link>
          <ReportLinks sessionId={session.id} replay={false} compact />
        </div>
      </header>
      {empty ? (
        <main id="main" className="replay-empty-page">
          <EmptyState icon={<CodeIcon size={22} />} title="Nothing to replay yet" message="No edits were recorded in this interview." />
        </main>
      ) : (
        <>
          <div className="room-body replay-body">
            <main className="room-editor" id="editor" aria-label="Code at this moment">
              <div className="editor-toolbar replay-toolbar">
                <div className="editor-toolbar-group">
                  <span className="pill" data-testid="replay-language">
                    {languageLabel(frame.language)}
                  </span>
                  <span className="faint">
                    update {index.toLocaleString()} of {engine.entries.length.toLocaleString()}
                  </span>
                </div>
                <div className="editor-toolbar-group">
                  <label className="replay-skip">
                    <input type="checkbox" checked={showAuthors} onChange={(e) => setShowAuthors(e.target.checked)} />
                    Colour by author
                  </label>
                  {showAuthors ? (
                    <span className="replay-authors" aria-label="Authors">
                      {people
                        .filter((p) => timeline.tracks.has(p.userId))
                        .map((p) => (
                          <span key={p.userId} className="replay-author">
                            <span className="replay-swatch" style={{ background: colorsFor(p.userId).color }} aria-hidden="true" />
                            {p.name}
                          </span>
                        ))}
                    </span>
                  ) : null}
                </div>
              </div>
              <div className="room-editor-surface">
                <ReplayEditor text={frame.text} language={frame.language} authors={frame.authors} showAuthors={showAuthors} />
              </div>
            </main>
            <ReplaySide frame={frame} notes={notesNow} sessionId={session.id} meId={me.id} isHost={canManage(me.role)} people={persons} />
          </div>
          <ReplayTimeline timeline={timeline} people={people} playback={playback} />
        </>
      )}
    </div>
  );
}
