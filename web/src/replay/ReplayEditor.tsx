import { foldGutter } from "@codemirror/language";
import { EditorState, RangeSetBuilder, StateEffect, StateField, type Extension } from "@codemirror/state";
import { Decoration, EditorView, highlightSpecialChars, lineNumbers, type DecorationSet } from "@codemirror/view";
import { useEffect, useRef } from "react";
import { colorsFor } from "../collab/colors";
import { cspNonce } from "../editor/cspNonce";
import { loadLanguage, type LanguageId } from "../editor/languages";
import { editability } from "../editor/readOnly";
import { runtimeSwitch } from "../editor/runtimeSwitch";
import { darkTheme } from "../editor/theme";
import type { AuthorRange } from "./frame";
import { diffText } from "./textDiff";

const setAuthors = StateEffect.define<DecorationSet>();

const authorField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update: (decorations, tr) => {
    for (const effect of tr.effects) if (effect.is(setAuthors)) return effect.value;
    return decorations.map(tr.changes);
  },
  provide: (field) => EditorView.decorations.from(field),
});

const marks = new Map<string, Decoration>();
function markFor(author: string): Decoration {
  let mark = marks.get(author);
  if (!mark) {
    const { color } = colorsFor(author);
    mark = Decoration.mark({
      class: "cm-author",
      attributes: { "data-author": author, style: `background-color: ${color}24; box-shadow: inset 0 -2px 0 ${color}b0` },
    });
    marks.set(author, mark);
  }
  return mark;
}

function authorDecorations(ranges: readonly AuthorRange[], length: number): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  for (const range of ranges) {
    if (!range.author || range.to <= range.from || range.to > length) continue;
    builder.add(range.from, range.to, markFor(range.author));
  }
  return builder.finish();
}

/** A read-only CodeMirror showing the code at the playhead, optionally tinted by author. */
export function ReplayEditor({
  text,
  language,
  authors,
  showAuthors,
}: {
  text: string;
  language: LanguageId;
  authors: readonly AuthorRange[];
  showAuthors: boolean;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const languageSwitch = useRef(runtimeSwitch((ext: Extension) => ext));

  useEffect(() => {
    const parent = host.current;
    if (!parent) return;
    const editorView = new EditorView({
      parent,
      state: EditorState.create({
        doc: "",
        extensions: [
          cspNonce(parent.ownerDocument),
          lineNumbers(),
          foldGutter(),
          highlightSpecialChars(),
          EditorState.tabSize.of(4),
          darkTheme(),
          languageSwitch.current.initial([]),
          editability(false),
          authorField,
          EditorView.contentAttributes.of({ "aria-label": "Code at this moment (read-only)" }),
        ],
      }),
    });
    view.current = editorView;
    return () => {
      editorView.destroy();
      view.current = null;
    };
  }, []);

  useEffect(() => {
    const target = view.current;
    if (!target) return;
    const change = diffText(target.state.doc.toString(), text);
    const decorations = showAuthors ? authorDecorations(authors, text.length) : Decoration.none;
    target.dispatch({
      changes: change ?? undefined,
      effects: [
        setAuthors.of(decorations),
        ...(change ? [EditorView.scrollIntoView(change.from + change.insert.length, { y: "nearest" })] : []),
      ],
    });
  }, [text, authors, showAuthors]);

  useEffect(() => {
    let current = true;
    loadLanguage(language).then(
      (support) => current && view.current && languageSwitch.current.set(view.current, support),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [language]);

  return <div className="code-editor replay-code" ref={host} data-language={language} />;
}
