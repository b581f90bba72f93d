import type { LanguageId } from "../editor/languages";
import type { Json, TestCase } from "../api/types";
import { judge } from "./compare";
import { EXIT_TIMED_OUT, OUTPUT_LIMIT_BYTES, TIME_LIMIT_MS, truncateOutput } from "./limits";
import type { Job, JobResult } from "./protocol";
import type { Finished } from "./records";
import { runtimeFor } from "./runtimes";
import type { RunHandlers } from "./Sandbox";
import { stripTypes } from "./typescript";

/** What "Run" or "Run tests" asks for. */
export interface Program {
  language: LanguageId;
  code: string;
  tests?: { functionName: string; cases: TestCase[] };
}

/** The one method of the sandbox that running needs (a fake in unit tests). */
export interface Executor {
  run(job: Job, handlers?: RunHandlers): Promise<JobResult>;
}

export const timeLimitNotice = (ms: number) =>
  `Stopped: the program was still running after the ${ms / 1000} s time limit (an infinite loop?).`;

// Pyodide suggests micropip for the packages it knows; they are not served here, so say so.
const PYODIDE_PACKAGE = /ModuleNotFoundError: The module '([^']+)' is included in the Pyodide distribution, but it is not installed\.[\s\S]*?(?:more details\.|$)/;

const MISSING_MODULE = /ModuleNotFoundError: No module named '([^'.]+)[^']*'/;

const onlyStdlib = (module: string) =>
  `Only Python's standard library is available in the browser; extra packages such as ${module} are not installed.`;

/** Python errors in words that fit this sandbox. */
export function explainPythonErrors(stderr: string): string {
  const known = PYODIDE_PACKAGE.exec(stderr);
  if (known) return stderr.replace(known[0], `ModuleNotFoundError: No module named '${known[1]}'\n${onlyStdlib(known[1] ?? "")}`);
  const missing = MISSING_MODULE.exec(stderr);
  if (missing) return `${stderr.trimEnd()}\n${onlyStdlib(missing[1] ?? "")}\n`;
  return stderr;
}

/** A finished run from the sandbox's result: output limited, time limit stated, tests judged. */
export function finish(program: Program, result: JobResult): Finished {
  const runtime = runtimeFor(program.language);
  const output = truncateOutput(result.stdout, result.stderr, OUTPUT_LIMIT_BYTES, {
    stdout: result.stdoutTruncated,
    stderr: result.stderrTruncated,
  });
  let stderr = runtime === "python" ? explainPythonErrors(output.stderr) : output.stderr;
  if (result.timedOut) stderr = `${stderr}${stderr && !stderr.endsWith("\n") ? "\n" : ""}${timeLimitNotice(TIME_LIMIT_MS)}\n`;
  const finished: Finished = {
    language: program.language,
    kind: program.tests ? "tests" : "run",
    stdout: output.stdout,
    stderr,
    exitCode: result.timedOut ? EXIT_TIMED_OUT : result.exitCode,
    durationMs: result.durationMs,
    timedOut: result.timedOut,
    truncated: output.truncated,
  };
  if (program.tests) finished.tests = judge(program.tests.cases, result.timedOut ? [] : (result.cases ?? []));
  return finished;
}

/** The sandbox job for a program; TypeScript is stripped of its types here, in the page. */
export async function jobFor(program: Program): Promise<Job | { error: string }> {
  const runtime = runtimeFor(program.language);
  if (!runtime) return { error: `Cannot run ${program.language} in the browser.` };
  let code = program.code;
  if (program.language === "typescript") {
    const stripped = await stripTypes(code);
    if (!stripped.ok) return { error: stripped.error };
    code = stripped.code;
  }
  const job: Job = { runtime, code, mode: "run", timeLimitMs: TIME_LIMIT_MS, outputLimitBytes: OUTPUT_LIMIT_BYTES };
  if (program.tests) {
    job.mode = "tests";
    job.functionName = program.tests.functionName;
    job.cases = program.tests.cases.map((c) => ({ name: c.name, args: c.args as Json[] }));
  }
  return job;
}

/** Run a program to its end in the sandbox. */
export async function runProgram(executor: Executor, program: Program, handlers: RunHandlers = {}): Promise<Finished> {
  const job = await jobFor(program);
  if ("error" in job) {
    return finish(program, {
      stdout: "",
      stderr: `${job.error}\n`,
      stdoutTruncated: false,
      stderrTruncated: false,
      exitCode: 1,
      durationMs: 0,
      timedOut: false,
    });
  }
  return finish(program, await executor.run(job, handlers));
}
