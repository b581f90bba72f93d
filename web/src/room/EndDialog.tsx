import { ConfirmDialog } from "../ui/ConfirmDialog";

export function EndDialog({ open, onClose, onEnd }: { open: boolean; onClose: () => void; onEnd: () => Promise<void> }) {
  return (
    <ConfirmDialog
      id="end"
      open={open}
      title="End this interview?"
      keepLabel="Keep going"
      confirmLabel="End interview"
      onClose={onClose}
      onConfirm={async () => {
        await onEnd();
        onClose();
      }}
    >
      The code, chat and notes become read-only for everyone, and invite links stop working. The edit history stays available
      for review. This cannot be undone.
    </ConfirmDialog>
  );
}
