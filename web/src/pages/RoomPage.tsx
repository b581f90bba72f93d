import { useEffect, useState } from "react";
import { ApiError, messageOf } from "../api/errors";
import { Link } from "../nav/Link";
import { roomPath, signInPath } from "../nav/routes";
import { RoomModel } from "../collab/room";
import { loadRoom, type LoadedRoom } from "../collab/loadRoom";
import { Room } from "../room/Room";
import { LockIcon } from "../ui/icons";
import { ErrorState, LoadingState } from "../ui/States";
import { usePageTitle } from "../ui/usePageTitle";

type Load = { status: "loading" } | { status: "ready"; room: LoadedRoom } | { status: "error"; error: unknown };

function RoomError({ error, sessionId, retry }: { error: unknown; sessionId: string; retry: () => void }) {
  usePageTitle("Interview");
  const status = error instanceof ApiError ? error.status : -1;
  if (status === 401) {
    return (
      <ErrorState
        full
        icon={<LockIcon size={22} />}
        title="Sign in to open this interview"
        message="Interviewers sign in with their account. Candidates: open the invite link you were sent — it lets you in without an account."
        actions={
          <Link className="btn btn-primary" href={signInPath(roomPath(sessionId))}>
            Sign in
          </Link>
        }
      />
    );
  }
  if (status === 403) {
    return (
      <ErrorState
        full
        title="You're not part of this interview"
        message="Ask the host for an invite link, or sign in with the account that was invited."
        actions={
          <Link className="btn" href="/dashboard">
            Go to your interviews
          </Link>
        }
      />
    );
  }
  if (status === 404) {
    return (
      <ErrorState
        full
        title="This interview doesn't exist"
        message="The link may be mistyped, or the interview was deleted."
        actions={
          <Link className="btn" href="/">
            Go to CodeSync
          </Link>
        }
      />
    );
  }
  return (
    <ErrorState
      full
      title="Couldn't open the interview"
      message={messageOf(error)}
      actions={
        <button className="btn btn-primary" type="button" onClick={retry}>
          Try again
        </button>
      }
    />
  );
}

function LiveRoom({ room }: { room: LoadedRoom }) {
  const [model, setModel] = useState<RoomModel | null>(null);
  useEffect(() => {
    const created = new RoomModel(room.session, room.me, room.bearer);
    created.start();
    setModel(created);
    return () => created.destroy();
  }, [room]);
  if (!model) return <LoadingState label="Joining the room…" full />;
  return <Room model={model} bearer={room.bearer} />;
}

export function RoomPage({ sessionId }: { sessionId: string }) {
  const [load, setLoad] = useState<Load>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setLoad({ status: "loading" });
    loadRoom(sessionId).then(
      (room) => live && setLoad({ status: "ready", room }),
      (error: unknown) => live && setLoad({ status: "error", error }),
    );
    return () => {
      live = false;
    };
  }, [sessionId, attempt]);

  if (load.status === "loading") return <LoadingState label="Opening the interview…" full />;
  if (load.status === "error") return <RoomError error={load.error} sessionId={sessionId} retry={() => setAttempt((n) => n + 1)} />;
  return <LiveRoom room={load.room} />;
}
