import type { Extension } from "@codemirror/state";
import type { EditorView } from "@codemirror/view";
import { yUndoManagerKeymap } from "y-codemirror.next";

const yUndo = yUndoManagerKeymap.find((binding) => binding.key === "Mod-z")?.run;
const yRedo = yUndoManagerKeymap.find((binding) => binding.key === "Mod-y")?.run;

type VimCm = { cm6: EditorView };

let loading: Promise<Extension> | null = null;

/** Vim keybindings, downloaded the first time someone turns them on. Must sit first in the
 * extension list so its keymap wins. */
export function loadVim(): Promise<Extension> {
  loading ??= import("@replit/codemirror-vim").then(({ CodeMirror, vim }) => {
    // Vim's `u` and Ctrl-R call CodeMirror's history commands, but this editor has no history
    // extension: undo is Yjs's, which only reverts your own edits. Point Vim at it.
    const commands = (CodeMirror as unknown as { commands: Record<string, (cm: VimCm) => void> }).commands;
    if (yUndo && yRedo) {
      commands.undo = (cm) => void yUndo(cm.cm6);
      commands.redo = (cm) => void yRedo(cm.cm6);
    }
    return vim({ status: true });
  });
  loading.catch(() => (loading = null));
  return loading;
}
