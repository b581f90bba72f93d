import { describe, expect, it } from "vitest";
import { stripTypes } from "./typescript";

describe("TypeScript stripping", () => {
  it("removes types and keeps line numbers", async () => {
    const source = "interface P { x: number }\nconst p: P = { x: 1 };\nfunction f(n: number): number {\n  return n as number;\n}\nconsole.log(f(p.x));\n";
    const result = await stripTypes(source);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.code).not.toContain("interface");
    expect(result.code).not.toContain(": number");
    expect(result.code.split("\n")).toHaveLength(source.split("\n").length);
    expect(result.code.split("\n")[5]).toBe("console.log(f(p.x));");
    const logged: unknown[] = [];
    new Function("console", result.code)({ log: (v: unknown) => logged.push(v) });
    expect(logged).toEqual([1]);
  });

  it("turns enums into code", async () => {
    const result = await stripTypes("enum Color { Red, Green }\nconst c: Color = Color.Green;\nreturn c;");
    expect(result.ok && new Function(result.code)()).toBe(1);
  });

  it("reports syntax errors as a value", async () => {
    const result = await stripTypes("function (: {");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^SyntaxError: /);
  });
});
