import { useEffect, useRef, useState } from "react";
import { AlertIcon } from "../ui/icons";
import type { RoomModel } from "../collab/room";
import { describeEvent } from "./events";
import { useSignals } from "./useSignals";
import "./signals.css";
import type { SignalEvent } from "../collab/schema";

const SHOW_MS = 6000;
const FRESH_MS = 30_000; // older ones arrive with the first sync: history, not news

/** A small, unobtrusive note in the corner when a new signal arrives (interviewers). Events
 * already there when the room opened are not announced. */
export function SignalToast({ events }: { events: readonly SignalEvent[] }) {
  const known = useRef<Set<string> | null>(null);
  const [shown, setShown] = useState<SignalEvent | null>(null);

  useEffect(() => {
    if (known.current === null) {
      known.current = new Set(events.map((e) => e.id));
      return;
    }
    const fresh = events.filter((e) => !known.current?.has(e.id));
    for (const e of fresh) known.current.add(e.id);
    const latest = fresh.filter((e) => Date.now() - e.ts < FRESH_MS).at(-1);
    if (!latest) return;
    setShown(latest);
    const timer = setTimeout(() => setShown(null), SHOW_MS);
    return () => clearTimeout(timer);
  }, [events]);

  if (!shown) return null;
  return (
    <div className="signal-toast" role="status" data-kind={shown.kind}>
      <AlertIcon size={14} />
      <span>{describeEvent(shown)}</span>
      <button className="signal-toast-close" type="button" aria-label="Dismiss" onClick={() => setShown(null)}>
        ×
      </button>
    </div>
  );
}

export function LiveSignalToast({ model }: { model: RoomModel }) {
  return <SignalToast events={useSignals(model)} />;
}
