import { useEffect, useState } from "react";
import { ApiError, messageOf } from "../api/errors";
import { activeSessions } from "../api/sessions";
import type { Session } from "../api/types";
import { Link } from "../nav/Link";
import { roomPath } from "../nav/routes";
import { languageLabel, normalizeLanguage } from "../editor/languages";
import { formatAgo } from "../format/time";
import { Avatar } from "../ui/Avatar";
import { ArrowRightIcon, CodeIcon } from "../ui/icons";
import { EmptyState, ErrorState, LoadingState } from "../ui/States";

type Load = { status: "loading" } | { status: "ready"; sessions: Session[] } | { status: "error"; error: ApiError | Error };

export function ActiveSessions({ onNew }: { onNew: () => void }) {
  const [load, setLoad] = useState<Load>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    activeSessions().then(
      (sessions) => live && setLoad({ status: "ready", sessions }),
      (error: Error) => live && setLoad({ status: "error", error }),
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  if (load.status === "loading") return <LoadingState label="Loading active interviews…" />;
  if (load.status === "error") {
    return (
      <ErrorState
        title="Couldn't load your active interviews"
        message={messageOf(load.error)}
        actions={
          <button className="btn" type="button" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        }
      />
    );
  }
  if (load.sessions.length === 0) {
    return (
      <div className="panel">
        <EmptyState
          icon={<CodeIcon size={22} />}
          title="No interviews running"
          message="Create an interview, then send the candidate link. The room stays open until you end it."
          action={
            <button className="btn btn-primary" type="button" onClick={onNew}>
              New interview
            </button>
          }
        />
      </div>
    );
  }
  const now = Date.now() / 1000;
  return (
    <ul className="session-grid" aria-label="Active interviews">
      {load.sessions.map((s) => (
        <li key={s.id} className="session-card">
          <div className="session-card-top">
            <span className="pill pill-live">
              <span className="dot" /> Live
            </span>
            <span className="pill">{languageLabel(normalizeLanguage(s.language))}</span>
          </div>
          <h3 className="session-card-title">{s.title}</h3>
          <p className="muted session-card-meta">
            {s.candidate ? <>Candidate: {s.candidate}</> : "Waiting for a candidate"} · started {formatAgo(s.created_at, now)}
          </p>
          <div className="session-card-bottom">
            <span className="avatar-stack" aria-label={`${s.participants?.length ?? 0} participants`}>
              {(s.participants ?? []).slice(0, 5).map((p) => (
                <Avatar key={p.user_id} userId={p.user_id} name={p.name} size={26} />
              ))}
            </span>
            <Link className="btn btn-primary btn-sm" href={roomPath(s.id)}>
              Open room <ArrowRightIcon size={14} />
            </Link>
          </div>
        </li>
      ))}
    </ul>
  );
}
