import { useState } from "react";
import { messageOf } from "../api/errors";
import { Dialog } from "../ui/Dialog";
import { Spinner } from "../ui/States";

export function EndDialog({ open, onClose, onEnd }: { open: boolean; onClose: () => void; onEnd: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const end = async () => {
    setBusy(true);
    setError(null);
    try {
      await onEnd();
      onClose();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={open} onClose={onClose} labelledBy="end-title">
      <div className="dialog-body">
        <div>
          <h2 id="end-title">End this interview?</h2>
          <p className="muted">
            The code, chat and notes become read-only for everyone, and invite links stop working. The edit history stays
            available for review. This cannot be undone.
          </p>
        </div>
        {error ? (
          <div className="form-error" role="alert">
            {error}
          </div>
        ) : null}
        <div className="dialog-actions">
          <button className="btn btn-ghost" type="button" onClick={onClose} autoFocus>
            Keep going
          </button>
          <button className="btn btn-danger-solid" type="button" onClick={() => void end()} disabled={busy}>
            {busy ? <Spinner small /> : null}
            End interview
          </button>
        </div>
      </div>
    </Dialog>
  );
}
