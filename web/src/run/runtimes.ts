import { languageLabel, type LanguageId } from "../editor/languages";

/** How the sandbox executes a language: Pyodide for Python, the browser's own engine for
 * JavaScript (TypeScript is stripped of its types first). */
export type Runtime = "python" | "javascript";

const RUNTIMES: Partial<Record<LanguageId, Runtime>> = {
  python: "python",
  javascript: "javascript",
  typescript: "javascript",
};

export function runtimeFor(language: LanguageId): Runtime | null {
  return RUNTIMES[language] ?? null;
}

/** Shown instead of the Run buttons for languages the browser cannot run. */
export function unsupportedMessage(language: LanguageId): string {
  if (language === "plaintext") return "Plain text has nothing to run — pick a language to run code.";
  return `Running ${languageLabel(language)} is not supported in the browser yet.`;
}

/** A problem names the function the tests call per language; TypeScript uses the
 * JavaScript name (the problem bank only lists python and javascript). */
export function functionNameFor(names: Partial<Record<string, string>> | undefined, language: LanguageId): string | null {
  if (!names) return null;
  const name = names[language] ?? (language === "typescript" ? names.javascript : undefined);
  return typeof name === "string" && IDENTIFIER.test(name) ? name : null;
}

// Both Python and JavaScript accept this (ASCII) form; the harness splices the name into code.
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}
