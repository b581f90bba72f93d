import { EditorState, type Extension } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { runtimeSwitch, type RuntimeSwitch } from "./runtimeSwitch";

/** Both halves of read-only: the state refuses changes and the DOM stops accepting input. */
export function editability(editable: boolean): Extension {
  return [EditorState.readOnly.of(!editable), EditorView.editable.of(editable)];
}

export const readOnlySwitch = (): RuntimeSwitch<boolean> => runtimeSwitch(editability);

/** Where the editor learns, synchronously, whether it may be edited: the room calls the
 * listener from inside the Yjs observer that saw `meta.locked` change, before any further
 * keystroke can reach the document. */
export interface EditableSource {
  editable(): boolean;
  subscribe(listener: (editable: boolean) => void): () => void;
}
