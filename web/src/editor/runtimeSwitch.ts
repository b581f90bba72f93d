import { Compartment, type Extension } from "@codemirror/state";
import type { EditorView } from "@codemirror/view";

/** A setting that changes while the editor runs (language, read-only, Vim), held in its own
 * Compartment so switching it keeps the document, selection and undo history. */
export interface RuntimeSwitch<T> {
  initial(value: T): Extension;
  set(view: EditorView, value: T): void;
}

export function runtimeSwitch<T>(make: (value: T) => Extension): RuntimeSwitch<T> {
  const compartment = new Compartment();
  return {
    initial: (value) => compartment.of(make(value)),
    set: (view, value) => view.dispatch({ effects: compartment.reconfigure(make(value)) }),
  };
}
