import { EditorState } from "@codemirror/state";
import { syntaxTree } from "@codemirror/language";
import { describe, expect, it } from "vitest";
import { LANGUAGES, languageLabel, loadLanguage, normalizeLanguage } from "./languages";

describe("languages", () => {
  it("covers the server's list", () => {
    expect(LANGUAGES.map((l) => l.id)).toEqual(["python", "javascript", "typescript", "java", "cpp", "go", "sql", "plaintext"]);
    expect(languageLabel("cpp")).toBe("C++");
  });

  it("normalizes unknown values", () => {
    expect(normalizeLanguage("go")).toBe("go");
    expect(normalizeLanguage("cobol")).toBe("python");
    expect(normalizeLanguage(undefined, "sql")).toBe("sql");
  });

  it("parses each language into a syntax tree", async () => {
    const samples: Record<string, string> = {
      python: "def f(x):\n  return x",
      javascript: "const f = (x) => x;",
      typescript: "const f = (x: number): number => x;",
      java: "class A { int f() { return 1; } }",
      cpp: "int main() { return 0; }",
      go: "package main\nfunc main() {}",
      sql: "SELECT id FROM users WHERE id = 1;",
    };
    for (const [id, doc] of Object.entries(samples)) {
      const state = EditorState.create({ doc, extensions: await loadLanguage(normalizeLanguage(id)) });
      expect(syntaxTree(state).length, id).toBe(doc.length);
      expect(syntaxTree(state).topNode.firstChild, id).not.toBeNull();
    }
  });
});
