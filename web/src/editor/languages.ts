import type { Extension } from "@codemirror/state";

/** The languages of `meta.language` (server/http/schemas.py LANGUAGES), in menu order. */
export const LANGUAGES = [
  { id: "python", label: "Python" },
  { id: "javascript", label: "JavaScript" },
  { id: "typescript", label: "TypeScript" },
  { id: "java", label: "Java" },
  { id: "cpp", label: "C++" },
  { id: "go", label: "Go" },
  { id: "sql", label: "SQL" },
  { id: "plaintext", label: "Plain text" },
] as const;

export type LanguageId = (typeof LANGUAGES)[number]["id"];

const IDS: ReadonlySet<string> = new Set(LANGUAGES.map((l) => l.id));

export function isLanguage(value: unknown): value is LanguageId {
  return typeof value === "string" && IDS.has(value);
}

/** Whatever `meta.language` holds, as a language we can highlight. */
export function normalizeLanguage(value: unknown, fallback: LanguageId = "python"): LanguageId {
  return isLanguage(value) ? value : fallback;
}

export function languageLabel(id: LanguageId): string {
  return LANGUAGES.find((l) => l.id === id)?.label ?? id;
}

const loaders: Record<LanguageId, () => Promise<Extension>> = {
  python: () => import("@codemirror/lang-python").then((m) => m.python()),
  javascript: () => import("@codemirror/lang-javascript").then((m) => m.javascript({ jsx: true })),
  typescript: () => import("@codemirror/lang-javascript").then((m) => m.javascript({ typescript: true })),
  java: () => import("@codemirror/lang-java").then((m) => m.java()),
  cpp: () => import("@codemirror/lang-cpp").then((m) => m.cpp()),
  go: () => import("@codemirror/lang-go").then((m) => m.go()),
  sql: () => import("@codemirror/lang-sql").then((m) => m.sql({ dialect: m.PostgreSQL })),
  plaintext: async () => [],
};

const loaded = new Map<LanguageId, Promise<Extension>>();

/** The syntax highlighting (and indentation rules) for a language, each in its own chunk so
 * the room only downloads the languages it uses. */
export function loadLanguage(id: LanguageId): Promise<Extension> {
  let support = loaded.get(id);
  if (!support) {
    support = loaders[id]();
    support.catch(() => loaded.delete(id)); // offline before the first use: retry later
    loaded.set(id, support);
  }
  return support;
}
