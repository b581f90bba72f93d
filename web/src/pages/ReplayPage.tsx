import { useEffect, useState } from "react";
import { ApiError, messageOf } from "../api/errors";
import { Link } from "../nav/Link";
import { roomPath, signInPath, replayPath } from "../nav/routes";
import { isInterviewer } from "../auth/permissions";
import { NOTES_DOC } from "../collab/schema";
import { loadRoom } from "../collab/loadRoom";
import { LockIcon } from "../ui/icons";
import { ErrorState, LoadingState } from "../ui/States";
import { usePageTitle } from "../ui/usePageTitle";
import { ReplayEngine } from "../replay/engine";
import { fetchHistory } from "../replay/history";
import { Replay, type LoadedReplay } from "../replay/Replay";
import { buildTimeline } from "../replay/timeline";

type Load =
  | { status: "loading"; label: string }
  | { status: "ready"; replay: LoadedReplay }
  | { status: "refused"; sessionId: string }
  | { status: "error"; error: unknown };

/** `/s/{id}/replay`: the interview played back from its update log (interviewers only). */
export function ReplayPage({ sessionId }: { sessionId: string }) {
  const [load, setLoad] = useState<Load>({ status: "loading", label: "Opening the replay…" });
  const [attempt, setAttempt] = useState(0);
  usePageTitle(load.status === "ready" ? `Replay · ${load.replay.room.session.title}` : "Replay");

  useEffect(() => {
    const abort = new AbortController();
    const live = () => !abort.signal.aborted;
    setLoad({ status: "loading", label: "Opening the replay…" });
    (async () => {
      const room = await loadRoom(sessionId);
      // The server refuses the history to anyone else; don't even ask.
      if (!isInterviewer(room.me.role)) return live() && setLoad({ status: "refused", sessionId });
      const entries = await fetchHistory(
        sessionId,
        (n) => live() && setLoad({ status: "loading", label: `Loading the edit history… ${n.toLocaleString()} updates` }),
        abort.signal,
      );
      if (!live()) return;
      const total = entries.length;
      const preparing = (done: number) =>
        live() && setLoad({ status: "loading", label: `Preparing playback… ${Math.floor((100 * done) / Math.max(total, 1))} % of ${total.toLocaleString()} updates` });
      preparing(0);
      const engine = await ReplayEngine.prepare(entries, preparing);
      const notes = await ReplayEngine.prepare(await fetchHistory(sessionId, undefined, abort.signal, NOTES_DOC));
      const end = room.session.ended_at ?? undefined;
      const replay = { room, engine, notes, timeline: buildTimeline(entries, end) };
      if (live()) setLoad({ status: "ready", replay });
    })().catch((error: unknown) => {
      if (!live()) return;
      if (error instanceof ApiError && error.status === 403) setLoad({ status: "refused", sessionId });
      else setLoad({ status: "error", error });
    });
    return () => abort.abort();
  }, [sessionId, attempt]);

  if (load.status === "loading") return <LoadingState label={load.label} full />;
  if (load.status === "refused") {
    return (
      <ErrorState
        full
        icon={<LockIcon size={22} />}
        title="Playback isn't available to you"
        message="Only the interviewers of this session can replay it, read its scorecards or download its report."
        actions={
          <Link className="btn" href={roomPath(sessionId)}>
            Back to the interview
          </Link>
        }
      />
    );
  }
  if (load.status === "error") {
    const status = load.error instanceof ApiError ? load.error.status : -1;
    if (status === 401) {
      return (
        <ErrorState
          full
          icon={<LockIcon size={22} />}
          title="Sign in to replay this interview"
          message="Playback is for the interviewers of the session."
          actions={
            <Link className="btn btn-primary" href={signInPath(replayPath(sessionId))}>
              Sign in
            </Link>
          }
        />
      );
    }
    return (
      <ErrorState
        full
        title={status === 404 ? "This interview doesn't exist" : "Couldn't open the replay"}
        message={status === 404 ? "The link may be mistyped, or the interview was deleted." : messageOf(load.error)}
        actions={
          status === 404 ? (
            <Link className="btn" href="/dashboard">
              Go to your interviews
            </Link>
          ) : (
            <button className="btn btn-primary" type="button" onClick={() => setAttempt((n) => n + 1)}>
              Try again
            </button>
          )
        }
      />
    );
  }
  return <Replay replay={load.replay} />;
}
