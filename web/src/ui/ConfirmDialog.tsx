import { useState, type ReactNode } from "react";
import { messageOf } from "../api/errors";
import { Dialog } from "./Dialog";
import { Spinner } from "./States";

/** "Are you sure?" for a destructive action: the safe choice has the focus, the action shows
 * its progress, and a failure is said in the dialog (which stays open). */
export function ConfirmDialog({
  id,
  open,
  title,
  children,
  keepLabel,
  confirmLabel,
  onClose,
  onConfirm,
}: {
  id: string;
  open: boolean;
  title: ReactNode;
  children: ReactNode;
  keepLabel: string;
  confirmLabel: string;
  onClose: () => void;
  /** Resolves when done (the caller closes or navigates); a rejection is shown. */
  onConfirm: () => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={open} onClose={onClose} labelledBy={`${id}-title`}>
      <div className="dialog-body">
        <div>
          <h2 id={`${id}-title`}>{title}</h2>
          <p className="muted">{children}</p>
        </div>
        {error ? (
          <div className="form-error" role="alert">
            {error}
          </div>
        ) : null}
        <div className="dialog-actions">
          <button className="btn btn-ghost" type="button" onClick={onClose} autoFocus>
            {keepLabel}
          </button>
          <button className="btn btn-danger-solid" type="button" onClick={() => void confirm()} disabled={busy}>
            {busy ? <Spinner small /> : null}
            {confirmLabel}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
