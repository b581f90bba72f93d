import { useEffect, useState } from "react";
import { messageOf } from "../api/errors";
import { recentSessions } from "../api/sessions";
import type { SessionPage } from "../api/types";
import { canManage } from "../auth/permissions";
import { Link } from "../nav/Link";
import { roomPath } from "../nav/routes";
import { formatDate, formatDuration } from "../format/time";
import { DeleteSessionDialog } from "../reports/DeleteSessionDialog";
import { ReportLinks } from "../reports/ReportLinks";
import { DocIcon } from "../ui/icons";
import { EmptyState, ErrorState, LoadingState } from "../ui/States";

export const PAGE_SIZE = 10;

type Load = { status: "loading" } | { status: "ready"; page: SessionPage } | { status: "error"; message: string };

/** Every interview of the caller, newest first, a page at a time (cursor pagination: the
 * cursors of the pages already seen are kept so "Newer" can go back). */
export function SessionHistory({ onDeleted }: { onDeleted?: () => void } = {}) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [load, setLoad] = useState<Load>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);
  const [deleting, setDeleting] = useState<{ id: string; title: string } | null>(null);
  const before = cursors[cursors.length - 1] ?? null;

  useEffect(() => {
    let live = true;
    setLoad((current) => (current.status === "ready" ? current : { status: "loading" }));
    recentSessions(PAGE_SIZE, before).then(
      (page) => live && setLoad({ status: "ready", page }),
      (error: unknown) => live && setLoad({ status: "error", message: messageOf(error) }),
    );
    return () => {
      live = false;
    };
  }, [before, attempt]);

  if (load.status === "loading") return <LoadingState label="Loading past interviews…" />;
  if (load.status === "error") {
    return (
      <ErrorState
        title="Couldn't load your interview history"
        message={load.message}
        actions={
          <button className="btn" type="button" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        }
      />
    );
  }
  const { sessions, next_before } = load.page;
  if (sessions.length === 0 && cursors.length === 1) {
    return (
      <div className="panel">
        <EmptyState icon={<DocIcon size={22} />} title="No interviews yet" message="Interviews you run show up here with their candidate, date and duration." />
      </div>
    );
  }
  const pageNumber = cursors.length;
  return (
    <div className="panel">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Interview</th>
            <th scope="col">Candidate</th>
            <th scope="col">Date</th>
            <th scope="col">Duration</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id}>
              <td>
                <Link href={roomPath(s.id)} className="table-title">
                  {s.title}
                </Link>
              </td>
              <td>{s.candidate ?? <span className="faint">—</span>}</td>
              <td className="nowrap">{formatDate(s.created_at)}</td>
              <td className="nowrap">
                {s.status === "ended" && s.ended_at ? formatDuration(s.ended_at - s.created_at) : <span className="faint">In progress</span>}
              </td>
              <td>
                {s.status === "active" ? (
                  <span className="pill pill-live">
                    <span className="dot" /> Live
                  </span>
                ) : (
                  <span className="pill pill-ended">Ended</span>
                )}
              </td>
              <td className="nowrap history-actions">
                <ReportLinks sessionId={s.id} compact />
                {canManage(s.role) ? (
                  <button className="btn btn-sm btn-ghost btn-danger" type="button" onClick={() => setDeleting({ id: s.id, title: s.title })}>
                    Delete
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav className="pager" aria-label="History pages">
        <span className="faint">Page {pageNumber}</span>
        <div className="pager-buttons">
          <button className="btn btn-sm" type="button" disabled={pageNumber === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
            Newer
          </button>
          <button className="btn btn-sm" type="button" disabled={!next_before} onClick={() => next_before && setCursors((c) => [...c, next_before])}>
            Older
          </button>
        </div>
      </nav>
      <DeleteSessionDialog
        sessionId={deleting?.id ?? ""}
        title={deleting?.title ?? ""}
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        onDeleted={() => {
          setDeleting(null);
          setAttempt((n) => n + 1);
          onDeleted?.();
        }}
      />
    </div>
  );
}
