import { describe, expect, it } from "vitest";
import { byteLength, CappedText, fitBytes, truncateOutput, truncationNotice } from "./limits";

describe("output limits", () => {
  it("keeps output under the limit untouched", () => {
    expect(truncateOutput("hello\n", "oops\n", 1024)).toEqual({ stdout: "hello\n", stderr: "oops\n", truncated: false });
  });

  it("cuts long stdout and says so, keeping room for stderr", () => {
    const out = truncateOutput("x".repeat(5000), "Traceback: boom\n", 1000);
    expect(out.truncated).toBe(true);
    expect(out.stdout.startsWith("x".repeat(900))).toBe(true);
    expect(out.stdout.endsWith(truncationNotice(1000))).toBe(true);
    expect(out.stderr).toBe("Traceback: boom\n");
    expect(byteLength(out.stdout) - byteLength(truncationNotice(1000)) + byteLength(out.stderr)).toBeLessThanOrEqual(1000);
  });

  it("gives stderr at most a quarter when both are long", () => {
    const out = truncateOutput("o".repeat(4000), "e".repeat(4000), 1000);
    expect(out.stdout.replace(truncationNotice(1000), "")).toHaveLength(750);
    expect(out.stderr.replace(truncationNotice(1000), "")).toHaveLength(250);
  });

  it("never cuts a character in half", () => {
    expect(fitBytes("héllo", 2)).toBe("h");
    expect(fitBytes("😀😀", 5)).toBe("😀");
    expect(fitBytes("😀", 3)).toBe("");
  });

  it("reports a cut made earlier in the sandbox", () => {
    const out = truncateOutput("abc", "", 1000, { stdout: true });
    expect(out).toEqual({ stdout: `abc${truncationNotice(1000)}`, stderr: "", truncated: true });
  });

  it("stops collecting at the budget in the sandbox", () => {
    const text = new CappedText(10);
    expect(text.write("12345")).toBe("12345");
    expect(text.write("67890abc")).toBe("67890");
    expect(text.write("more")).toBe("");
    expect(text.toString()).toBe("1234567890");
    expect(text.truncated).toBe(true);
  });
});
