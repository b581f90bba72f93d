import type { RoomModel, RoomView } from "../collab/room";
import { CodeEditor } from "../editor/CodeEditor";
import { LockIcon } from "../ui/icons";

/** The interviewers' private notes: doc `notes`, which the server never opens for candidates
 * or observers (4403), so this panel is not even created for them. */
export function NotesPanel({ model, view, vim }: { model: RoomModel; view: RoomView; vim: boolean }) {
  const text = model.notesText;
  const notes = model.notes;
  if (!text || !notes) return null;
  return (
    <div className="notes">
      <p className="notes-note">
        <LockIcon size={13} /> Only interviewers can see these notes{view.ended ? " (read-only now)" : ""}.
      </p>
      <div className="notes-editor">
        <CodeEditor
          text={text}
          awareness={notes.awareness}
          language="plaintext"
          vim={vim}
          editable={model.notesEditable}
          label="Private interviewer notes"
          placeholder={view.canWriteNotes ? "Signals, follow-up questions, your assessment…" : undefined}
          wrap
        />
      </div>
    </div>
  );
}
