// Runs one JavaScript program (TypeScript arrives already stripped) in a dedicated worker of
// the sandbox frame: no DOM, no page storage, an opaque origin. The frame terminates the
// worker at the time limit; this file only captures output and calls the tests.

import type { CaseReport } from "../compare";
import type { FromWorker, Job, ToWorker } from "../protocol";
import { formatArgs, reportValue } from "./inspect";
import { OutputStream } from "./outputStream";

// Taken before the program runs: it may replace any global.
const scope = globalThis as unknown as Record<string, unknown>;
const globalEval = globalThis.eval;
const realSetTimeout = globalThis.setTimeout.bind(globalThis);
const realClearTimeout = globalThis.clearTimeout.bind(globalThis);
const realSetInterval = globalThis.setInterval.bind(globalThis);
const realClearInterval = globalThis.clearInterval.bind(globalThis);
const now = performance.now.bind(performance);
const clone = globalThis.structuredClone.bind(globalThis);
const apply = Reflect.apply;
const portPost = MessagePort.prototype.postMessage; // so a program cannot wrap it to forge results
type TimerId = ReturnType<typeof setTimeout>;
const SOURCE = "solution.js"; // how stack traces name the program's code

class Exit {
  constructor(readonly code: number) {}
}

function describeError(error: unknown): string {
  if (error instanceof Exit) return "";
  if (!(error instanceof Error)) return `Uncaught ${formatArgs([error === undefined ? "undefined" : error]).trim() || String(error)}`;
  const frames = (error.stack ?? "")
    .split("\n")
    .filter((line) => line.includes(SOURCE))
    .map((line) => line.replace(/\(?\S*solution\.js/, (m) => (m.startsWith("(") ? "(" : "") + SOURCE));
  return [`${error.name}: ${error.message}`, ...frames].join("\n");
}

async function run(job: Job, port: MessagePort): Promise<void> {
  const send = (message: FromWorker) => apply(portPost, port, [message]);
  const stdout = new OutputStream("stdout", job.outputLimitBytes, send);
  const stderr = new OutputStream("stderr", job.outputLimitBytes, send);
  let exitCode = 0;
  let indent = "";
  // The program ends when its code has run and no timer it set is still pending (as Node
  // does), or when it calls process.exit().
  const pending = new Set<TimerId>();
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const fail = (error: unknown) => {
    if (error instanceof Exit) {
      exitCode = error.code;
      finish();
      return;
    }
    stderr.write(`${describeError(error)}\n`);
    exitCode = 1;
  };
  const line = (stream: OutputStream) => (...args: unknown[]) => {
    let text: string;
    try {
      text = formatArgs(args);
    } catch (error) {
      text = `[could not print: ${describeError(error)}]`;
    }
    stream.write(`${indent}${text.replace(/\n/g, `\n${indent}`)}\n`);
  };
  const timers = new Map<string, number>();
  const counts = new Map<string, number>();
  scope.console = {
    log: line(stdout),
    info: line(stdout),
    debug: line(stdout),
    dir: line(stdout),
    table: line(stdout),
    warn: line(stderr),
    error: line(stderr),
    trace: line(stderr),
    assert: (condition: unknown, ...args: unknown[]) => {
      if (!condition) line(stderr)("Assertion failed" + (args.length ? ":" : ""), ...args);
    },
    group: (...args: unknown[]) => {
      if (args.length) line(stdout)(...args);
      indent += "  ";
    },
    groupEnd: () => {
      indent = indent.slice(2);
    },
    time: (label = "default") => timers.set(String(label), now()),
    timeEnd: (label = "default") => {
      const start = timers.get(String(label));
      timers.delete(String(label));
      if (start !== undefined) line(stdout)(`${label}: ${(now() - start).toFixed(3)}ms`);
    },
    count: (label = "default") => {
      const n = (counts.get(String(label)) ?? 0) + 1;
      counts.set(String(label), n);
      line(stdout)(`${label}: ${n}`);
    },
  };
  // Node-style programs: process.stdout.write, process.exit, module.exports.
  scope.process = {
    argv: ["node", SOURCE],
    env: {},
    stdout: { write: (text: unknown) => (stdout.write(String(text)), true) },
    stderr: { write: (text: unknown) => (stderr.write(String(text)), true) },
    exit: (code: unknown = 0) => {
      throw new Exit(Number(code) || 0);
    },
  };
  scope.module = { exports: {} };
  scope.exports = (scope.module as { exports: unknown }).exports;
  scope.require = (name: string) => {
    throw new Error(`require('${name}') is not available: programs run in the browser, without modules.`);
  };

  const settle = () => {
    if (pending.size === 0) realSetTimeout(() => pending.size === 0 && finish(), 0);
  };
  const callback = (fn: unknown, args: unknown[]) => () => {
    try {
      if (typeof fn === "function") fn(...args);
      else globalEval(String(fn));
    } catch (error) {
      fail(error);
    }
  };
  scope.setTimeout = (fn: unknown, ms?: number, ...args: unknown[]) => {
    const id: TimerId = realSetTimeout(() => {
      pending.delete(id);
      callback(fn, args)();
      settle();
    }, ms);
    pending.add(id);
    return id;
  };
  scope.setInterval = (fn: unknown, ms?: number, ...args: unknown[]) => {
    const id: TimerId = realSetInterval(callback(fn, args), ms);
    pending.add(id);
    return id;
  };
  scope.clearTimeout = (id: TimerId) => {
    realClearTimeout(id);
    if (pending.delete(id)) settle();
  };
  scope.clearInterval = (id: TimerId) => {
    realClearInterval(id);
    if (pending.delete(id)) settle();
  };
  globalThis.addEventListener("unhandledrejection", (event) => {
    event.preventDefault();
    if (event.reason instanceof Exit) return fail(event.reason);
    stderr.write(`Uncaught (in promise) ${describeError(event.reason)}\n`);
    exitCode = 1;
  });

  const started = now();
  let cases: CaseReport[] | undefined;
  try {
    // Indirect eval: the program runs at global scope, as a script would, and sees nothing of
    // this harness. In test mode the last expression hands back the function under test.
    const name = job.mode === "tests" ? job.functionName : undefined;
    const tail = name ? `\n;(typeof ${name} === "function" ? ${name} : undefined)` : "";
    const solution: unknown = globalEval(`${job.code}${tail}\n//# sourceURL=${SOURCE}`);
    if (job.mode === "tests" && name) {
      cases = [];
      for (const test of job.cases ?? []) {
        if (typeof solution !== "function") {
          cases.push({ name: test.name, error: `No function named ${name} is defined.` });
          continue;
        }
        try {
          const value: unknown = await solution(...clone(test.args));
          cases.push({ name: test.name, ...reportValue(value) });
        } catch (error) {
          if (error instanceof Exit) throw error;
          cases.push({ name: test.name, error: describeError(error) });
        }
      }
    }
  } catch (error) {
    fail(error);
  }
  settle();
  await finished;
  const done: FromWorker = {
    type: "done",
    result: {
      stdout: stdout.text.toString(),
      stderr: stderr.text.toString(),
      stdoutTruncated: stdout.text.truncated,
      stderrTruncated: stderr.text.truncated,
      exitCode,
      durationMs: now() - started,
      ...(cases ? { cases } : {}),
    },
  };
  send(done);
}

globalThis.onmessage = (event: MessageEvent<ToWorker>) => {
  globalThis.onmessage = null; // one program per worker; later messages are not ours
  const port = event.ports[0];
  if (event.data.type === "run" && port) void run(event.data.job, port);
};
