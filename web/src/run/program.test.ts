import { describe, expect, it } from "vitest";
import { EXIT_TIMED_OUT, TIME_LIMIT_MS } from "./limits";
import { explainPythonErrors, finish, jobFor, runProgram, timeLimitNotice, type Executor } from "./program";
import type { Job, JobResult } from "./protocol";

const ok: JobResult = { stdout: "", stderr: "", stdoutTruncated: false, stderrTruncated: false, exitCode: 0, durationMs: 5, timedOut: false };
const cases = [
  { name: "one", args: [1], expected: 2 },
  { name: "two", args: [2], expected: 4 },
];

describe("programs", () => {
  it("builds jobs with the limits and the tests", async () => {
    const job = await jobFor({ language: "python", code: "print(1)", tests: { functionName: "double", cases } });
    expect(job).toMatchObject({ runtime: "python", mode: "tests", functionName: "double", timeLimitMs: TIME_LIMIT_MS });
    expect("cases" in job && job.cases).toEqual([
      { name: "one", args: [1] },
      { name: "two", args: [2] },
    ]);
    expect(await jobFor({ language: "java", code: "class A {}" })).toEqual({ error: "Cannot run java in the browser." });
  });

  it("strips TypeScript before it reaches the sandbox", async () => {
    const seen: Job[] = [];
    const executor: Executor = { run: async (job) => (seen.push(job), { ...ok, stdout: "3\n" }) };
    const run = await runProgram(executor, { language: "typescript", code: "const n: number = 3;\nconsole.log(n);" });
    expect(seen[0]?.runtime).toBe("javascript");
    expect(seen[0]?.code).toBe("const n = 3;\nconsole.log(n);");
    expect(run).toMatchObject({ language: "typescript", stdout: "3\n", exitCode: 0, kind: "run" });
  });

  it("reports a TypeScript syntax error without running anything", async () => {
    const executor: Executor = { run: () => Promise.reject(new Error("must not run")) };
    const run = await runProgram(executor, { language: "typescript", code: "let x: = 1" });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^SyntaxError/);
  });

  it("states the time limit on a killed run and marks its tests not run", () => {
    const run = finish({ language: "javascript", code: "for(;;){}", tests: { functionName: "f", cases } }, { ...ok, stdout: "before\n", timedOut: true, durationMs: TIME_LIMIT_MS });
    expect(run.exitCode).toBe(EXIT_TIMED_OUT);
    expect(run.stdout).toBe("before\n");
    expect(run.stderr).toBe(`${timeLimitNotice(TIME_LIMIT_MS)}\n`);
    expect(run.tests?.every((t) => !t.passed && t.error?.startsWith("Not run"))).toBe(true);
  });

  it("judges the cases", () => {
    const run = finish({ language: "python", code: "", tests: { functionName: "double", cases } }, { ...ok, cases: [{ name: "one", json: "2.0" }, { name: "two", json: "5" }] });
    expect(run.tests?.map((t) => t.passed)).toEqual([true, false]);
    expect(run.kind).toBe("tests");
  });

  it("explains missing packages in this sandbox's words", () => {
    const pyodide =
      "Traceback (most recent call last):\n  File \"solution.py\", line 1, in <module>\nModuleNotFoundError: The module 'numpy' is included in the Pyodide distribution, but it is not installed.\nYou can install it by calling:\n  await micropip.install(\"numpy\") in Python, or\n  await pyodide.loadPackage(\"numpy\") in JavaScript\nSee https://pyodide.org/en/stable/usage/loading-packages.html for more details.\n";
    const explained = explainPythonErrors(pyodide);
    expect(explained).toContain("ModuleNotFoundError: No module named 'numpy'");
    expect(explained).toContain("extra packages such as numpy are not installed");
    expect(explained).not.toContain("micropip");
    expect(explainPythonErrors("ModuleNotFoundError: No module named 'requests.adapters'\n")).toBe(
      "ModuleNotFoundError: No module named 'requests.adapters'\nOnly Python's standard library is available in the browser; extra packages such as requests are not installed.\n",
    );
    expect(explainPythonErrors("ValueError: x\n")).toBe("ValueError: x\n");
  });
});
