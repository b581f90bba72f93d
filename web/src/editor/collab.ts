import type { Extension } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { yCollab, yUndoManagerKeymap } from "y-codemirror.next";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { remoteLabels } from "./remoteLabels";

// Remote carets: the name label set in the app's type, dark on the participant's colour;
// when it shows is remoteLabels.ts's business.
const remoteCaretTheme = EditorView.theme({
  ".cm-ySelectionCaret": { borderLeftWidth: "2px", borderRightWidth: "0" },
  ".cm-ySelectionCaretDot": { display: "none" },
  ".cm-ySelectionInfo": {
    top: "-1.35em",
    left: "-2px",
    padding: "1px 6px",
    borderRadius: "4px 4px 4px 0",
    fontFamily: "var(--font-sans)",
    fontSize: "11px",
    fontWeight: "600",
    lineHeight: "1.35",
    color: "#0b0e14",
    pointerEvents: "none",
  },
});

/** The Y.Text binding: shared text, remote cursors from awareness, and per-user undo. */
export function collab(text: Y.Text, awareness: Awareness | null, undoManager: Y.UndoManager): Extension {
  return [
    yCollab(text, awareness, { undoManager }),
    remoteCaretTheme,
    awareness ? remoteLabels(awareness) : [],
    keymap.of(yUndoManagerKeymap),
  ];
}
