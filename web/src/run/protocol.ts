// Messages between the room page, the sandbox frame (/sandbox.html, an opaque origin) and
// the workers inside it. Only plain data crosses: structured clone, never functions.

import type { Json } from "../api/types";
import type { CaseReport } from "./compare";
import type { Runtime } from "./runtimes";

export interface Job {
  runtime: Runtime;
  code: string;
  /** "tests": run the program, then call `functionName(...args)` once per case. */
  mode: "run" | "tests";
  functionName?: string;
  cases?: { name: string; args: Json[] }[];
  timeLimitMs: number;
  outputLimitBytes: number;
}

/** What the sandbox sends back for one job. */
export interface JobResult {
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  exitCode: number;
  durationMs: number;
  timedOut: boolean;
  cases?: CaseReport[];
}

export type PythonState = "cold" | "loading" | "ready" | "failed";

/** Page → frame. */
export type ToSandbox = { type: "run"; id: string; job: Job } | { type: "warm-python" };

/** Frame → page. */
export type FromSandbox =
  | { type: "ready" }
  | { type: "python"; state: PythonState; message?: string }
  | { type: "started"; id: string }
  | { type: "output"; id: string; stream: Stream; text: string }
  | { type: "result"; id: string; result: JobResult };

export type Stream = "stdout" | "stderr";

/** Frame → worker, with a MessagePort for the answer (user code cannot reach the port, so it
 * cannot forge a result by calling postMessage itself). */
export type ToWorker = { type: "load"; indexURL: string } | { type: "run"; job: Job };

/** Worker → frame: `loaded`/`load-failed` on the worker itself, the rest on the job's port.
 * Output also streams as it is written, so a program killed at the time limit still shows
 * what it printed. */
export type FromWorker =
  | { type: "loaded" }
  | { type: "load-failed"; message: string }
  | { type: "output"; stream: Stream; text: string }
  | { type: "done"; result: Omit<JobResult, "timedOut"> };
