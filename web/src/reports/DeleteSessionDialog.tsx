import { ConfirmDialog } from "../ui/ConfirmDialog";
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
  return (
    <ConfirmDialog
      id="delete-session"
      open={open}
      title={`Delete “${title}” permanently?`}
      keepLabel="Keep it"
      confirmLabel="Delete permanently"
      onClose={onClose}
      onConfirm={async () => {
        await deleteSession(sessionId);
        onDeleted();
      }}
    >
      This deletes the interview and everything recorded in it — code and its full edit history (no replay), chat, runs, paste
      and tab signals, private notes, scorecards and invites — for everyone, right now. It cannot be undone. Download the report
      first if you need to keep anything.
    </ConfirmDialog>
  );
}
