import { colorsFor } from "../collab/colors";
import type { RoomModel } from "../collab/room";
import { formatClock } from "../format/time";
import { formatOffset } from "../format/time";
import { describeEvent } from "./events";
import { useSignals } from "./useSignals";
import "./signals.css";
import type { SignalEvent } from "../collab/schema";

/** When the person who left the tab at `hidden` came back, if they did. */
function returnOf(hidden: SignalEvent, events: readonly SignalEvent[]): SignalEvent | undefined {
  return events.find((e) => e.kind === "visible" && e.by === hidden.by && e.ts >= hidden.ts);
}

/** Large pastes and tab switches, oldest first; a leave says how long they were away.
 * Interviewers only. */
export function SignalList({ events, empty }: { events: readonly SignalEvent[]; empty: string }) {
  const shown = events.filter((e) => e.kind !== "visible");
  if (shown.length === 0) return <p className="signals-empty faint">{empty}</p>;
  return (
    <ol className="signals" aria-label="Signals">
      {shown.map((event) => {
        const back = event.kind === "hidden" ? returnOf(event, events) : undefined;
        return (
          <li key={event.id} className="signal" data-kind={event.kind}>
            <span className="signal-dot" style={{ background: colorsFor(event.by).color }} aria-hidden="true" />
            <span className="signal-text">
              {describeEvent(event)}
              {event.kind === "hidden" ? (
                <span className="faint"> — {back ? `back after ${formatOffset((back.ts - event.ts) / 1000)}` : "not back yet"}</span>
              ) : null}
            </span>
            <time className="signal-time faint" dateTime={new Date(event.ts).toISOString()}>
              {formatClock(event.ts)}
            </time>
          </li>
        );
      })}
    </ol>
  );
}

/** The room's signals, live, under the People list (interviewers). */
export function LiveSignalList({ model }: { model: RoomModel }) {
  return (
    <section className="signals-section" aria-labelledby="signals-title">
      <h2 id="signals-title" className="signals-title">
        Signals <span className="faint">· only interviewers see these</span>
      </h2>
      <SignalList events={useSignals(model)} empty="No large pastes or tab switches so far." />
    </section>
  );
}
