// The code sandbox: /sandbox.html, framed by the room with `sandbox="allow-scripts"` and no
// `allow-same-origin`, so this document and its workers live in an opaque origin — no access
// to the room's DOM, cookies, storage or Yjs documents. It runs each program in a worker
// (blob: workers are the only kind an opaque origin may start) and terminates the worker at
// the time limit, so the room never freezes.

import type { FromSandbox, FromWorker, Job, JobResult, PythonState, ToSandbox, ToWorker } from "../protocol";
import JavaScriptWorker from "./jsWorker.ts?worker&inline";
import PythonWorker from "./pythonWorker.ts?worker&inline";

const here = new URL(location.href);
const pageOrigin = here.origin; // framing is limited to our own pages (frame-ancestors 'self')
const PYODIDE_URL = new URL(__PYODIDE_PATH__, here).href;
const OUTPUT_BATCH_MS = 100;

function toPage(message: FromSandbox): void {
  parent.postMessage(message, pageOrigin);
}

/** One Pyodide worker, loaded ahead of the next run; replaced after every run. */
class PythonHost {
  worker: Worker | null = null;
  private loaded: Promise<Worker> | null = null;

  warm(): Promise<Worker> {
    if (this.loaded) return this.loaded;
    const worker = new PythonWorker({ name: "python" });
    this.worker = worker;
    this.report("loading");
    const loaded = new Promise<Worker>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<FromWorker>) => {
        if (event.data.type === "loaded") {
          this.report("ready");
          resolve(worker);
        } else if (event.data.type === "load-failed") {
          reject(new Error(event.data.message));
        }
      };
      worker.onerror = (event) => reject(new Error(event.message || "the Python worker failed to start"));
    });
    this.loaded = loaded;
    loaded.catch((error: unknown) => {
      this.report("failed", error instanceof Error ? error.message : String(error));
      this.kill("failed");
    });
    worker.postMessage({ type: "load", indexURL: PYODIDE_URL } satisfies ToWorker);
    return loaded;
  }

  kill(state: PythonState = "cold"): void {
    this.worker?.terminate();
    this.worker = null;
    this.loaded = null;
    if (state === "cold") this.report("cold");
  }

  private report(state: PythonState, message?: string): void {
    toPage({ type: "python", state, ...(message ? { message } : {}) });
  }
}

const python = new PythonHost();

function failure(message: string): JobResult {
  return {
    stdout: "",
    stderr: `${message}\n`,
    stdoutTruncated: false,
    stderrTruncated: false,
    exitCode: 1,
    durationMs: 0,
    timedOut: false,
  };
}

/** Runs one job on a worker; resolves at its end or at the time limit, whichever is first. */
function runOn(worker: Worker, id: string, job: Job): Promise<{ result: JobResult; killed: boolean }> {
  const channel = new MessageChannel();
  const partial = { stdout: "", stderr: "" };
  // Output reaches the page in batches: a print loop must not cost the page a render per line.
  const unsent = { stdout: "", stderr: "" };
  let batch: ReturnType<typeof setTimeout> | null = null;
  const forward = () => {
    if (batch) clearTimeout(batch);
    batch = null;
    for (const stream of ["stdout", "stderr"] as const) {
      if (unsent[stream]) toPage({ type: "output", id, stream, text: unsent[stream] });
      unsent[stream] = "";
    }
  };
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      channel.port1.close();
      forward();
      resolve({
        killed: true,
        result: {
          ...partial,
          stdoutTruncated: false,
          stderrTruncated: false,
          exitCode: 0,
          durationMs: job.timeLimitMs,
          timedOut: true,
        },
      });
    }, job.timeLimitMs);
    channel.port1.onmessage = (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      if (message.type === "output") {
        partial[message.stream] += message.text;
        unsent[message.stream] += message.text;
        batch ??= setTimeout(forward, OUTPUT_BATCH_MS);
      } else if (message.type === "done") {
        clearTimeout(timer);
        forward();
        channel.port1.close();
        resolve({ killed: false, result: { ...message.result, timedOut: false } });
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      clearTimeout(timer);
      resolve({ killed: true, result: failure(event.message || "The program's worker failed.") });
    };
    toPage({ type: "started", id });
    worker.postMessage({ type: "run", job } satisfies ToWorker, [channel.port2]);
  });
}

let queue: Promise<void> = Promise.resolve();

async function run(id: string, job: Job): Promise<void> {
  if (job.runtime === "python") {
    let worker: Worker;
    try {
      worker = await python.warm();
    } catch (error) {
      toPage({ type: "result", id, result: failure(`Python could not start: ${error instanceof Error ? error.message : String(error)}`) });
      return;
    }
    const { result } = await runOn(worker, id, job);
    // One interpreter runs one program: a program can patch anything in its interpreter
    // (json, copy, the harness itself) and so fake the next run's results, so the next run
    // gets a fresh one, started now so it is warm by then.
    python.kill("loading");
    void python.warm().catch(() => undefined);
    toPage({ type: "result", id, result });
    return;
  }
  const worker = new JavaScriptWorker({ name: "javascript" });
  const { result } = await runOn(worker, id, job);
  worker.terminate();
  toPage({ type: "result", id, result });
}

window.addEventListener("message", (event: MessageEvent<ToSandbox>) => {
  if (event.source !== parent || event.origin !== pageOrigin) return;
  const message = event.data;
  if (message.type === "warm-python") void python.warm().catch(() => undefined);
  if (message.type === "run") queue = queue.then(() => run(message.id, message.job));
});

toPage({ type: "ready" });
