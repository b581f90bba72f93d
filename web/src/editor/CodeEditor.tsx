import { EditorState, type Extension } from "@codemirror/state";
import { EditorView, placeholder as placeholderText } from "@codemirror/view";
import { useEffect, useRef } from "react";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { collab } from "./collab";
import { cspNonce } from "./cspNonce";
import { loadLanguage, type LanguageId } from "./languages";
import { readOnlySwitch, type EditableSource } from "./readOnly";
import { runtimeSwitch } from "./runtimeSwitch";
import { editorSetup } from "./setup";
import { darkTheme } from "./theme";
import { loadVim } from "./vim";

interface Props {
  text: Y.Text;
  awareness: Awareness | null;
  language: LanguageId;
  vim: boolean;
  editable: EditableSource;
  label: string;
  placeholder?: string;
  /** Soft-wrap long lines (prose, like notes). */
  wrap?: boolean;
  onCursor?: (cursor: Cursor) => void;
}

export interface Cursor {
  line: number;
  column: number;
  selected: number; // characters selected
}

const same = (extension: Extension) => extension;

/** A CodeMirror 6 view bound to a Y.Text. Created once per text; language, Vim and
 * read-only are switched in place through compartments. */
export function CodeEditor({ text, awareness, language, vim, editable, label, placeholder, wrap = false, onCursor }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const cursorListener = useRef(onCursor);
  cursorListener.current = onCursor;
  const switches = useRef({
    language: runtimeSwitch(same),
    vim: runtimeSwitch(same),
    readOnly: readOnlySwitch(),
    placeholder: runtimeSwitch((text: string | undefined) => (text ? placeholderText(text) : [])),
  });
  const latestPlaceholder = useRef(placeholder);
  latestPlaceholder.current = placeholder;

  useEffect(() => {
    const parent = host.current;
    if (!parent) return;
    const s = switches.current;
    // Only this participant's edits are tracked: the origin is y-codemirror's sync plugin.
    const undoManager = new Y.UndoManager(text);
    const editorView = new EditorView({
      parent,
      state: EditorState.create({
        doc: text.toString(),
        extensions: [
          s.vim.initial([]),
          cspNonce(parent.ownerDocument),
          editorSetup(),
          darkTheme(),
          s.language.initial([]),
          s.readOnly.initial(editable.editable()),
          collab(text, awareness, undoManager),
          s.placeholder.initial(latestPlaceholder.current),
          wrap ? EditorView.lineWrapping : [],
          EditorView.contentAttributes.of({ "aria-label": label }),
          EditorView.updateListener.of((update) => {
            if (!update.selectionSet && !update.docChanged) return;
            const { main } = update.state.selection;
            const line = update.state.doc.lineAt(main.head);
            cursorListener.current?.({ line: line.number, column: main.head - line.from + 1, selected: main.to - main.from });
          }),
        ],
      }),
    });
    view.current = editorView;
    const unsubscribe = editable.subscribe((on) => s.readOnly.set(editorView, on));
    return () => {
      unsubscribe();
      editorView.destroy();
      undoManager.destroy();
      view.current = null;
    };
    // The view lives as long as its text; the other props are switched below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text, awareness]);

  useEffect(() => {
    if (view.current) switches.current.placeholder.set(view.current, placeholder);
  }, [placeholder, text]);

  useEffect(() => {
    let current = true;
    loadLanguage(language).then(
      (support) => current && view.current && switches.current.language.set(view.current, support),
      () => undefined, // offline before this language was ever loaded: plain text until then
    );
    return () => {
      current = false;
    };
  }, [language, text]);

  useEffect(() => {
    let current = true;
    const target = view.current;
    if (!target) return;
    if (!vim) switches.current.vim.set(target, []);
    else loadVim().then((ext) => current && view.current === target && switches.current.vim.set(target, ext), () => undefined);
    return () => {
      current = false;
    };
  }, [vim, text]);

  return <div className="code-editor" ref={host} data-language={language} />;
}
