import { CappedText } from "../limits";
import type { FromWorker, Stream } from "../protocol";

/** A program's stdout or stderr in a sandbox worker: kept up to the size limit, and each write
 * sent to the frame at once — even from inside a busy loop, since posting does not need the
 * worker's event loop — so a program killed at the time limit still shows all it printed.
 * The frame batches what it forwards to the page. */
export class OutputStream {
  readonly text: CappedText;

  constructor(
    private readonly stream: Stream,
    limitBytes: number,
    private readonly send: (message: FromWorker) => void,
  ) {
    this.text = new CappedText(limitBytes);
  }

  write(chunk: string): void {
    const kept = this.text.write(chunk);
    if (kept) this.send({ type: "output", stream: this.stream, text: kept });
  }
}
