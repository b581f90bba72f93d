import { useState } from "react";
import { messageOf } from "../api/errors";
import { Dialog } from "../ui/Dialog";
import { Spinner } from "../ui/States";
import { deleteSession } from "./api";

/** The host's "delete this session" (GDPR erasure): says plainly that it can't be undone. */
export function DeleteSessionDialog({
  sessionId,
  title,
  open,
  onClose,
  onDeleted,
}: {
  sessionId: string;
  title: string;
  open: boolean;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await deleteSession(sessionId);
      onDeleted();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={open} onClose={onClose} labelledBy="delete-session-title">
      <div className="dialog-body">
        <div>
          <h2 id="delete-session-title">Delete “{title}” permanently?</h2>
          <p className="muted">
            This deletes the interview and everything recorded in it — code and its full edit history (no replay),
            chat, runs, paste and tab signals, private notes, scorecards and invites — for everyone, right now. It
            cannot be undone. Download the report first if you need to keep anything.
          </p>
        </div>
        {error ? (
          <div className="form-error" role="alert">
            {error}
          </div>
        ) : null}
        <div className="dialog-actions">
          <button className="btn btn-ghost" type="button" onClick={onClose} autoFocus>
            Keep it
          </button>
          <button className="btn btn-danger-solid" type="button" onClick={() => void remove()} disabled={busy}>
            {busy ? <Spinner small /> : null}
            Delete permanently
          </button>
        </div>
      </div>
    </Dialog>
  );
}
