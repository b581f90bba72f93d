import type * as Y from "yjs";
import { randomId } from "../collab/ids";
import { appendEvent, isLargePaste, lineCount } from "./events";
import type { SignalEvent, SignalKind } from "../collab/schema";

export interface Reporter {
  id: string;
  name: string;
}

/** Where a signal goes now: into the document (the candidate may write it), to the server
 * (the editor is locked: a write the server drops would make it drop every later write of
 * this client too, so `POST …/events` writes it instead), or nowhere (the interview ended). */
export type ReportPath = "document" | "server" | "none";

export type ServerReport = Pick<SignalEvent, "kind" | "chars" | "lines">;

/** Reports the candidate's own signals. */
export class SignalReporter {
  private away = false;

  constructor(
    private readonly events: Y.Array<unknown>,
    private readonly me: Reporter,
    private readonly path: () => ReportPath,
    private readonly toServer: (report: ServerReport) => void = () => undefined,
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
    switch (this.path()) {
      case "document":
        appendEvent(this.events, { id: randomId(), kind, by: this.me.id, by_name: this.me.name, ts: this.now(), ...extra });
        return true;
      case "server":
        this.toServer({ kind, ...extra });
        return true;
      case "none":
        return false;
    }
  }
}
