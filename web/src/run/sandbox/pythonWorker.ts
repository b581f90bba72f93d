// Python in the sandbox frame: a worker loads Pyodide ahead of time (it takes seconds to start)
// and runs one program in it. The frame terminates the worker after that run (or at the time
// limit) and starts a new one, so no program can reach the interpreter of the next.

import type { PyodideAPI } from "pyodide";
import type { PyProxy } from "pyodide/ffi";
import type { CaseReport } from "../compare";
import type { FromWorker, Job, ToWorker } from "../protocol";
import HARNESS from "./harness.py?raw";
import { OutputStream } from "./outputStream";

type RunFunction = PyProxy & ((code: string, mode: string, name: string, cases: string) => string);

interface Python {
  api: PyodideAPI;
  run: RunFunction;
}

const post = (message: FromWorker) => globalThis.postMessage(message);
let python: Promise<Python> | null = null;

async function load(indexURL: string): Promise<Python> {
  const { loadPyodide } = (await import(/* @vite-ignore */ `${indexURL}pyodide.mjs`)) as typeof import("pyodide");
  const api = await loadPyodide({ indexURL, packages: [], checkAPIVersion: true });
  api.setStdin({ stdin: () => null }); // no console here: input() reads end-of-file
  const namespace = (api.globals.get("dict") as () => PyProxy)();
  api.runPython(HARNESS, { globals: namespace });
  return { api, run: namespace.get("run") as RunFunction };
}

function run(py: Python, job: Job, port: MessagePort): void {
  const send = (message: FromWorker) => port.postMessage(message);
  const streams = [
    new OutputStream("stdout", job.outputLimitBytes, send),
    new OutputStream("stderr", job.outputLimitBytes, send),
  ] as const;
  const writer = (stream: OutputStream) => {
    const decoder = new TextDecoder();
    return {
      write: (buffer: Uint8Array) => {
        stream.write(decoder.decode(buffer, { stream: true }));
        return buffer.length;
      },
    };
  };
  py.api.setStdout(writer(streams[0]));
  py.api.setStderr(writer(streams[1]));
  const started = performance.now();
  let exitCode = 1;
  let cases: CaseReport[] | undefined;
  try {
    const answer = JSON.parse(py.run(job.code, job.mode, job.functionName ?? "", JSON.stringify(job.cases ?? []))) as {
      exit_code: number;
      cases: CaseReport[] | null;
    };
    exitCode = answer.exit_code;
    cases = answer.cases ?? undefined;
  } catch (error) {
    streams[1].write(`The Python sandbox failed: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  const [stdout, stderr] = streams;
  port.postMessage({
    type: "done",
    result: {
      stdout: stdout.text.toString(),
      stderr: stderr.text.toString(),
      stdoutTruncated: stdout.text.truncated,
      stderrTruncated: stderr.text.truncated,
      exitCode,
      durationMs: performance.now() - started,
      ...(cases ? { cases } : {}),
    },
  } satisfies FromWorker);
}

globalThis.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === "load") {
    python ??= load(message.indexURL);
    python.then(
      () => post({ type: "loaded" }),
      (error: unknown) => post({ type: "load-failed", message: error instanceof Error ? error.message : String(error) }),
    );
  } else if (message.type === "run" && event.ports[0] && python) {
    const port = event.ports[0];
    void python.then((py) => run(py, message.job, port));
  }
};
