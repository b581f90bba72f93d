// The limits of one run. The sandbox enforces them (it kills the worker at the time limit and
// stops keeping output past the size limit); the page applies the size limit again before a
// run goes into the shared document, whatever the sandbox sent.

/** Wall-clock time a program may run, from the moment its code starts (not counting the
 * few seconds Python needs to start). */
export const TIME_LIMIT_MS = 10_000;

/** stdout and stderr together, in UTF-8 bytes, as kept in the shared `runs` array. */
export const OUTPUT_LIMIT_BYTES = 64 * 1024;

/** Exit status of a run stopped at the time limit (what coreutils' `timeout` reports). */
export const EXIT_TIMED_OUT = 124;

export const truncationNotice = (limitBytes: number) =>
  `\n… output truncated: a run keeps at most ${Math.round(limitBytes / 1024)} KiB.`;

const encoder = new TextEncoder();

/** The longest prefix of `text` that fits in `bytes` UTF-8 bytes, never cutting a character. */
export function fitBytes(text: string, bytes: number): string {
  if (bytes <= 0) return "";
  if (text.length * 3 <= bytes || encoder.encode(text).length <= bytes) return text;
  const { read } = encoder.encodeInto(text, new Uint8Array(bytes));
  return text.slice(0, read ?? 0);
}

export interface Output {
  stdout: string;
  stderr: string;
  truncated: boolean;
}

/** stdout and stderr share one budget, but stderr (where the traceback is) keeps up to a
 * quarter of it even when stdout is long; whatever was cut, here or already in the sandbox
 * (`cutBefore`), gets a notice at its end (the notice itself does not count). */
export function truncateOutput(
  stdout: string,
  stderr: string,
  limitBytes = OUTPUT_LIMIT_BYTES,
  cutBefore: { stdout?: boolean; stderr?: boolean } = {},
): Output {
  const errShare = Math.min(byteLength(stderr), Math.floor(limitBytes / 4));
  const out = fitBytes(stdout, limitBytes - errShare);
  const err = fitBytes(stderr, limitBytes - byteLength(out));
  const notice = truncationNotice(limitBytes);
  const outCut = out.length < stdout.length || cutBefore.stdout === true;
  const errCut = err.length < stderr.length || cutBefore.stderr === true;
  return {
    stdout: outCut ? out + notice : out,
    stderr: errCut ? err + notice : err,
    truncated: outCut || errCut,
  };
}

export const byteLength = (text: string): number => encoder.encode(text).length;

/** Collects a stream's text in the sandbox up to a byte budget and drops the rest, so a
 * program printing in a loop cannot fill the worker's memory before the time limit. */
export class CappedText {
  private parts: string[] = [];
  private left: number;
  truncated = false;

  constructor(limitBytes = OUTPUT_LIMIT_BYTES) {
    this.left = limitBytes;
  }

  /** Keeps what fits and returns it. */
  write(text: string): string {
    if (!text || this.truncated) return "";
    const size = byteLength(text);
    if (size <= this.left) {
      this.parts.push(text);
      this.left -= size;
      return text;
    }
    const kept = fitBytes(text, this.left);
    this.parts.push(kept);
    this.left = 0;
    this.truncated = true;
    return kept;
  }

  toString(): string {
    return this.parts.join("");
  }
}
