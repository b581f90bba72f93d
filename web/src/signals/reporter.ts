import type * as Y from "yjs";
import { randomId } from "../collab/ids";
import { appendEvent, isLargePaste, lineCount, type SignalEvent, type SignalKind } from "./events";

export interface Reporter {
  id: string;
  name: string;
}

/** Appends the candidate's own signals to `events`. Only while the code document is
 * writable for them: a write the server drops (editor locked, interview ended) would make it
 * drop every later write of this client too. */
export class SignalReporter {
  private away = false;

  constructor(
    private readonly events: Y.Array<unknown>,
    private readonly me: Reporter,
    private readonly canWrite: () => boolean,
    private readonly now: () => number = Date.now,
  ) {}

  /** A paste into the editor; reported if large. */
  paste(text: string): boolean {
    if (!isLargePaste(text)) return false;
    return this.report("paste", { chars: text.length, lines: lineCount(text) });
  }

  /** `document.visibilityState` changed. A return is reported only after a reported leave. */
  visibility(state: DocumentVisibilityState): boolean {
    const hidden = state === "hidden";
    if (hidden === this.away) return false;
    const reported = this.report(hidden ? "hidden" : "visible");
    if (reported || !hidden) this.away = hidden;
    return reported;
  }

  private report(kind: SignalKind, extra: Pick<SignalEvent, "chars" | "lines"> = {}): boolean {
    if (!this.canWrite()) return false;
    appendEvent(this.events, { id: randomId(), kind, by: this.me.id, by_name: this.me.name, ts: this.now(), ...extra });
    return true;
  }
}
