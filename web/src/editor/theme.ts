import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import type { Extension } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { tags as t } from "@lezer/highlight";

// The room's dark editor. Colours live here and in styles/tokens.css, nowhere else.
const ink = {
  bg: "#0f131a",
  gutter: "#0f131a",
  line: "#161c26",
  selection: "#2a3550",
  text: "#d7dde8",
  muted: "#5d6b80",
  cursor: "#9aa8ff",
  keyword: "#c792ea",
  string: "#a5d6a7",
  number: "#f7a76c",
  func: "#82aaff",
  type: "#ffcb6b",
  comment: "#6b778c",
  operator: "#89ddff",
  invalid: "#ff6b6b",
};

const editorTheme = EditorView.theme(
  {
    "&": { color: ink.text, backgroundColor: ink.bg, height: "100%", fontSize: "14px" },
    ".cm-scroller": { fontFamily: "var(--font-mono)", lineHeight: "1.6" },
    ".cm-content": { caretColor: ink.cursor, padding: "12px 0" },
    ".cm-line": { padding: "0 16px 0 8px" },
    "&.cm-focused .cm-cursor": { borderLeftColor: ink.cursor, borderLeftWidth: "2px" },
    "&.cm-focused": { outline: "none" },
    "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection":
      { backgroundColor: ink.selection },
    ".cm-activeLine": { backgroundColor: ink.line },
    ".cm-gutters": { backgroundColor: ink.gutter, color: ink.muted, border: "none", paddingLeft: "6px" },
    ".cm-activeLineGutter": { backgroundColor: ink.line, color: "#9aa5b8" },
    ".cm-foldPlaceholder": { backgroundColor: "#243047", border: "none", color: ink.text },
    ".cm-matchingBracket": { backgroundColor: "#2d3a55", outline: "1px solid #4a5a80" },
    ".cm-selectionMatch": { backgroundColor: "#22304a" },
    ".cm-searchMatch": { backgroundColor: "#4a3f1c", outline: "1px solid #8a7430" },
    ".cm-panels": { backgroundColor: "#131925", color: ink.text, borderColor: "#263043" },
    ".cm-placeholder": { color: ink.muted, fontStyle: "italic" },
    ".cm-tooltip": { backgroundColor: "#171e2b", border: "1px solid #2a3447", color: ink.text },
    ".cm-tooltip-autocomplete > ul > li[aria-selected]": { backgroundColor: "#2a3550", color: ink.text },
    ".cm-vim-panel": { fontFamily: "var(--font-mono)", padding: "2px 10px" },
  },
  { dark: true },
);

const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.moduleKeyword, t.operatorKeyword], color: ink.keyword },
  { tag: [t.string, t.special(t.string), t.regexp], color: ink.string },
  { tag: [t.number, t.bool, t.null, t.atom], color: ink.number },
  { tag: [t.function(t.variableName), t.function(t.propertyName)], color: ink.func },
  { tag: [t.typeName, t.className, t.namespace, t.definition(t.typeName)], color: ink.type },
  { tag: [t.comment, t.lineComment, t.blockComment, t.docComment], color: ink.comment, fontStyle: "italic" },
  { tag: [t.operator, t.punctuation, t.separator], color: ink.operator },
  { tag: [t.propertyName, t.attributeName], color: "#b2ccd6" },
  { tag: [t.definition(t.variableName), t.self], color: "#f07178" },
  { tag: [t.meta, t.annotation], color: "#ffcb6b" },
  { tag: t.heading, color: ink.func, fontWeight: "bold" },
  { tag: t.strong, fontWeight: "bold" },
  { tag: t.emphasis, fontStyle: "italic" },
  { tag: t.link, color: ink.func, textDecoration: "underline" },
  { tag: t.invalid, color: ink.invalid },
]);

export function darkTheme(): Extension {
  return [editorTheme, syntaxHighlighting(highlight)];
}
