import type { Extension } from "@codemirror/state";
import { EditorView, ViewPlugin, type PluginValue } from "@codemirror/view";
import type { Awareness } from "y-protocols/awareness";

/** How long the co-editors' name labels stay up after someone moves or types. */
export const LABEL_MS = 4000;
const ACTIVE = "cm-remote-active";

/** Name labels over remote carets, shown while the others are active and faded out when
 * they are idle, so a label never sits on top of code for long. Hovering a caret shows its
 * name again. */
export function remoteLabels(awareness: Awareness): Extension {
  const plugin = ViewPlugin.define((view): PluginValue => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const onChange = ({ added, updated }: { added: number[]; updated: number[] }) => {
      if (![...added, ...updated].some((id) => id !== awareness.clientID)) return;
      view.dom.classList.add(ACTIVE);
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => view.dom.classList.remove(ACTIVE), LABEL_MS);
    };
    awareness.on("change", onChange);
    return {
      destroy() {
        awareness.off("change", onChange);
        if (timer) clearTimeout(timer);
      },
    };
  });
  const theme = EditorView.theme({
    ".cm-ySelectionInfo": { opacity: "0", transition: "opacity 0.4s ease-in-out" },
    [`&.${ACTIVE} .cm-ySelectionInfo`]: { opacity: "1" },
    ".cm-ySelectionCaret:hover > .cm-ySelectionInfo": { opacity: "1" },
  });
  return [plugin, theme];
}
