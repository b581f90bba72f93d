import { describe, expect, it } from "vitest";
import { functionNameFor, runtimeFor, unsupportedMessage } from "./runtimes";

describe("runtimes", () => {
  it("runs Python, JavaScript and TypeScript, and says so for the rest", () => {
    expect(runtimeFor("python")).toBe("python");
    expect(runtimeFor("typescript")).toBe("javascript");
    expect(runtimeFor("java")).toBeNull();
    expect(unsupportedMessage("java")).toBe("Running Java is not supported in the browser yet.");
    expect(unsupportedMessage("cpp")).toBe("Running C++ is not supported in the browser yet.");
  });

  it("finds the function under test, TypeScript using the JavaScript name", () => {
    const names = { python: "pair_with_sum", javascript: "pairWithSum" };
    expect(functionNameFor(names, "python")).toBe("pair_with_sum");
    expect(functionNameFor(names, "typescript")).toBe("pairWithSum");
    expect(functionNameFor(names, "go")).toBeNull();
    expect(functionNameFor({ python: "x; import os" }, "python")).toBeNull();
    expect(functionNameFor(undefined, "python")).toBeNull();
  });
});
