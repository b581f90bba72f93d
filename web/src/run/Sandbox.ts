import type { FromSandbox, Job, JobResult, PythonState, Stream, ToSandbox } from "./protocol";
import { randomId } from "../collab/ids";

const SANDBOX_URL = "/sandbox.html";
const OPEN_TIMEOUT_MS = 20_000;
/** How long Python may take to start before a run gives up (4–5 s is usual). */
const PYTHON_START_MS = 90_000;
/** Extra time past the limit before the page stops waiting for the frame itself. */
const GRACE_MS = 5_000;

export interface RunHandlers {
  onStarted?: () => void;
  onOutput?: (stream: Stream, text: string) => void;
}

interface Pending extends RunHandlers {
  job: Job;
  resolve: (result: JobResult) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** The room's side of the code sandbox: a hidden `<iframe sandbox="allow-scripts">` whose
 * document (an opaque origin) runs programs in workers. Created on first use, kept warm,
 * replaced if it ever stops answering. */
export class Sandbox {
  private frame: HTMLIFrameElement | null = null;
  private opened: Promise<void> | null = null;
  private markReady: (() => void) | null = null;
  private jobs = new Map<string, Pending>();
  private python: PythonState = "cold";
  private pythonError: string | null = null;
  private listeners = new Set<() => void>();

  constructor(private readonly src = SANDBOX_URL) {
    window.addEventListener("message", this.onMessage);
  }

  get pythonState(): PythonState {
    return this.python;
  }

  get pythonFailure(): string | null {
    return this.pythonError;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Start Python in the background so the first run does not wait for it. */
  warmPython(): void {
    this.open().then(
      () => this.post({ type: "warm-python" }),
      () => undefined,
    );
  }

  async run(job: Job, handlers: RunHandlers = {}): Promise<JobResult> {
    try {
      await this.open();
    } catch (error) {
      return stopped(error instanceof Error ? error.message : String(error));
    }
    const id = randomId();
    return new Promise<JobResult>((resolve) => {
      const waitMs = job.timeLimitMs + GRACE_MS + (job.runtime === "python" && this.python !== "ready" ? PYTHON_START_MS : 0);
      const timer = setTimeout(() => this.abandon(id, "The code sandbox stopped answering; it has been restarted."), waitMs);
      this.jobs.set(id, { ...handlers, job, resolve, timer });
      this.post({ type: "run", id, job });
    });
  }

  destroy(): void {
    window.removeEventListener("message", this.onMessage);
    this.reset("The room was closed.");
    this.listeners.clear();
  }

  private open(): Promise<void> {
    if (this.opened) return this.opened;
    const frame = document.createElement("iframe");
    frame.sandbox.add("allow-scripts"); // never allow-same-origin: that would undo the sandbox
    frame.src = this.src;
    frame.title = "Code sandbox";
    frame.hidden = true;
    frame.setAttribute("aria-hidden", "true");
    frame.tabIndex = -1;
    frame.dataset.codeSandbox = "";
    this.frame = frame;
    const opened = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("The code sandbox did not start.")), OPEN_TIMEOUT_MS);
      this.markReady = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.opened = opened;
    opened.catch(() => {
      if (this.opened === opened) this.reset("The code sandbox did not start.");
    });
    document.body.append(frame);
    return opened;
  }

  private post(message: ToSandbox): void {
    // The frame's origin is opaque, so it cannot be named; only our frame gets the message.
    this.frame?.contentWindow?.postMessage(message, "*");
  }

  private abandon(id: string, message: string): void {
    const job = this.jobs.get(id);
    if (!job) return;
    this.reset(message);
  }

  /** Remove the frame (terminating its workers) and end every pending run. */
  private reset(message: string): void {
    this.frame?.remove();
    this.frame = null;
    this.opened = null;
    this.markReady = null;
    for (const [id, job] of this.jobs) {
      clearTimeout(job.timer);
      job.resolve(stopped(message, job.job.timeLimitMs));
      this.jobs.delete(id);
    }
    this.setPython("cold", null);
  }

  private setPython(state: PythonState, error: string | null): void {
    if (state === this.python && error === this.pythonError) return;
    this.python = state;
    this.pythonError = error;
    this.listeners.forEach((listener) => listener());
  }

  private readonly onMessage = (event: MessageEvent<FromSandbox>) => {
    if (!this.frame || event.source !== this.frame.contentWindow) return;
    const message = event.data;
    if (typeof message !== "object" || message === null) return;
    switch (message.type) {
      case "ready":
        this.markReady?.();
        break;
      case "python":
        this.setPython(message.state, message.message ?? null);
        break;
      case "started": {
        const job = this.jobs.get(message.id);
        if (!job) break;
        // From now on only the time limit (plus a grace) counts, not Python's start-up.
        clearTimeout(job.timer);
        job.timer = setTimeout(() => this.abandon(message.id, "The code sandbox stopped answering; it has been restarted."), job.job.timeLimitMs + GRACE_MS);
        job.onStarted?.();
        break;
      }
      case "output":
        this.jobs.get(message.id)?.onOutput?.(message.stream, message.text);
        break;
      case "result": {
        const job = this.jobs.get(message.id);
        if (!job) break;
        clearTimeout(job.timer);
        this.jobs.delete(message.id);
        job.resolve(message.result);
        break;
      }
    }
  };
}

function stopped(message: string, durationMs = 0): JobResult {
  return {
    stdout: "",
    stderr: `${message}\n`,
    stdoutTruncated: false,
    stderrTruncated: false,
    exitCode: 1,
    durationMs,
    timedOut: false,
  };
}
