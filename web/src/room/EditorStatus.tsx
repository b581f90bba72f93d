import type { RoomView } from "../collab/room";
import type { Cursor } from "../editor/CodeEditor";
import { languageLabel } from "../editor/languages";
import { LockIcon } from "../ui/icons";

/** The strip under the editor: why it is read-only (if it is), and where the cursor is. */
export function EditorStatus({ view, cursor, vim }: { view: RoomView; cursor: Cursor | null; vim: boolean }) {
  return (
    <footer className="editor-status">
      <span className={view.readOnlyReason ? "editor-status-reason" : "faint"} data-readonly-reason={view.readOnlyReason ? "" : undefined}>
        {view.readOnlyReason ? (
          <>
            <LockIcon size={12} /> {view.readOnlyReason}
          </>
        ) : (
          "Edits sync live to everyone in the room"
        )}
      </span>
      <span className="editor-status-facts">
        {cursor ? (
          <span>
            Ln {cursor.line}, Col {cursor.column}
            {cursor.selected ? ` (${cursor.selected} selected)` : ""}
          </span>
        ) : null}
        <span>Spaces: 4</span>
        <span>{languageLabel(view.language)}</span>
        {vim ? <span>Vim</span> : null}
      </span>
    </footer>
  );
}
