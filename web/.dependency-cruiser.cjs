// The layer order of web/src (README.md in this folder, "Layers"), checked by `make test-web`:
//
//   app → pages → screens (room, replay, dashboard) → parts (run, video, stream, signals,
//   problems, scorecards, reports) → shared (ui, collab, auth, net) → base (api, nav, editor,
//   format, markdown, styles)
//
// A module may import its own layer's files and anything below it, never above. Screens never
// import each other; parts never import each other, except stream → video (Stream's strip
// wears the built-in strip's frame and styles). Inside shared the order is ui → collab →
// auth, net. Base modules are leaves: they import nothing else of src/.
const SCREENS = "room|replay|dashboard";
const PARTS = "run|video|stream|signals|problems|scorecards|reports";
const SHARED = "ui|collab|auth|net";
const BASE = "api|nav|editor|format|markdown|styles";
const under = (names) => `^src/(${names})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Two files that import each other, directly or through others.",
      from: {},
      to: { circular: true },
    },
    {
      name: "app-is-the-root",
      severity: "error",
      comment: "app/ is the composition root: only main.tsx and app/ itself import it.",
      from: { pathNot: "^src/(app/|main\\.tsx$)" },
      to: { path: "^src/app/" },
    },
    {
      name: "pages-only-from-app",
      severity: "error",
      comment: "Pages are routed by app/; nothing below them imports a page.",
      from: { pathNot: "^src/(app/|pages/|main\\.tsx$)" },
      to: { path: "^src/pages/" },
    },
    {
      name: "screens-not-from-below",
      severity: "error",
      comment: "A screen (room, replay, dashboard) is imported by pages only.",
      from: { path: `^src/(${PARTS}|${SHARED}|${BASE})/` },
      to: { path: under(SCREENS) },
    },
    {
      name: "no-screen-to-screen",
      severity: "error",
      comment: "Screens do not import each other: what two of them need lives in a part or below.",
      from: { path: under(SCREENS) },
      to: { path: under(SCREENS), pathNot: "^src/$1/" },
    },
    {
      name: "parts-not-from-below",
      severity: "error",
      comment: "A part (run, video, …) is imported by screens and pages, never by shared or base code.",
      from: { path: `^src/(${SHARED}|${BASE})/` },
      to: { path: under(PARTS) },
    },
    {
      name: "no-part-to-part",
      severity: "error",
      comment: "Parts do not import each other (the one exception: stream → video).",
      from: { path: under(PARTS), pathNot: "^src/stream/" },
      to: { path: under(PARTS), pathNot: "^src/$1/" },
    },
    {
      name: "stream-only-to-video",
      severity: "error",
      comment: "stream/ may use video/ (the strip's frame and styles), no other part.",
      from: { path: "^src/stream/" },
      to: { path: under(PARTS), pathNot: "^src/(stream|video)/" },
    },
    {
      name: "collab-below-ui",
      severity: "error",
      comment: "Inside shared, ui/ is above collab/: collab never imports ui.",
      from: { path: "^src/collab/" },
      to: { path: "^src/ui/" },
    },
    {
      name: "auth-net-below-collab",
      severity: "error",
      comment: "auth/ and net/ are the lowest of shared: they import no other shared module.",
      from: { path: "^src/(auth|net)/" },
      to: { path: `^src/(${SHARED})/`, pathNot: "^src/$1/" },
    },
    {
      name: "base-is-a-leaf",
      severity: "error",
      comment: "Base modules (api, nav, editor, format, markdown) are leaves of src/.",
      from: { path: under(BASE) },
      to: { path: "^src/", pathNot: "^src/$1/" },
    },
  ],
  options: {
    includeOnly: "^src/",
    doNotFollow: { path: "node_modules" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js", ".css"] },
  },
};
