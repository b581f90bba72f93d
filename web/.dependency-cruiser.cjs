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
/** A forbidden import: from a file matching `from` to one matching `to`. In `to`, `$1` is what
 * the first group of `from.path` matched (the module the import starts in). */
const forbid = (name, comment, from, to) => ({ name, severity: "error", comment, from, to });

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    forbid("no-circular", "Two files that import each other, directly or through others.", {}, { circular: true }),
    forbid(
      "app-is-the-root",
      "app/ is the composition root: only main.tsx and app/ itself import it.",
      { pathNot: "^src/(app/|main\\.tsx$)" },
      { path: "^src/app/" },
    ),
    forbid(
      "pages-only-from-app",
      "Pages are routed by app/; nothing below them imports a page.",
      { pathNot: "^src/(app/|pages/|main\\.tsx$)" },
      { path: "^src/pages/" },
    ),
    forbid("screens-not-from-below", "A screen (room, replay, dashboard) is imported by pages only.", { path: `^src/(${PARTS}|${SHARED}|${BASE})/` }, { path: under(SCREENS) }),
    forbid("no-screen-to-screen", "Screens do not import each other: what two of them need lives in a part or below.", { path: under(SCREENS) }, { path: under(SCREENS), pathNot: "^src/$1/" }),
    forbid("parts-not-from-below", "A part (run, video, …) is imported by screens and pages, never by shared or base code.", { path: `^src/(${SHARED}|${BASE})/` }, { path: under(PARTS) }),
    forbid("no-part-to-part", "Parts do not import each other (the one exception: stream → video).", { path: under(PARTS), pathNot: "^src/stream/" }, { path: under(PARTS), pathNot: "^src/$1/" }),
    forbid("stream-only-to-video", "stream/ may use video/ (the strip's frame and styles), no other part.", { path: "^src/stream/" }, { path: under(PARTS), pathNot: "^src/(stream|video)/" }),
    forbid("collab-below-ui", "Inside shared, ui/ is above collab/: collab never imports ui.", { path: "^src/collab/" }, { path: "^src/ui/" }),
    forbid("auth-net-below-collab", "auth/ and net/ are the lowest of shared: they import no other shared module.", { path: "^src/(auth|net)/" }, { path: under(SHARED), pathNot: "^src/$1/" }),
    forbid("base-is-a-leaf", "Base modules (api, nav, editor, format, markdown) are leaves of src/.", { path: under(BASE) }, { path: "^src/", pathNot: "^src/$1/" }),
  ],
  options: {
    includeOnly: "^src/",
    doNotFollow: { path: "node_modules" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js", ".css"] },
  },
};
