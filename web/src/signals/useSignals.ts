import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore, type ClipboardEvent } from "react";
import type * as Y from "yjs";
import type { RoomModel } from "../collab/room";
import { readEvents } from "./events";
import { SignalReporter, type ReportPath, type ServerReport } from "./reporter";
import { eventsArray, type SignalEvent } from "../collab/schema";

/** The room's signals, live (interviewers). */
export function useSignals(model: RoomModel): SignalEvent[] {
  const events = useMemo(() => eventsArray(model.code.doc), [model]);
  const cache = useRef<{ length: number; value: SignalEvent[] }>({ length: -1, value: [] });
  const subscribe = useCallback(
    (listener: () => void) => {
      events.observe(listener);
      return () => events.unobserve(listener);
    },
    [events],
  );
  // Append-only for candidates; an interviewer could delete, so re-read on any change.
  const snapshot = useCallback(() => {
    if (cache.current.length !== events.length) cache.current = { length: events.length, value: readEvents(events.toArray()) };
    return cache.current.value;
  }, [events]);
  return useSyncExternalStore(subscribe, snapshot);
}

/** For candidates: reports leaving and returning to the tab, and returns the editor's
 * paste handler (large pastes are reported). A no-op for everyone else. */
export function useSignalReporting(model: RoomModel, enabled: boolean): (event: ClipboardEvent) => void {
  const reporter = useMemo(() => {
    if (!enabled) return null;
    const events: Y.Array<unknown> = eventsArray(model.code.doc);
    const path = (): ReportPath => {
      const view = model.getView();
      return view.ended ? "none" : view.canWriteCode ? "document" : "server";
    };
    return new SignalReporter(events, model.me, path, (report: ServerReport) => model.reportSignal(report));
  }, [model, enabled]);

  useEffect(() => {
    if (!reporter) return;
    const onVisibility = () => reporter.visibility(document.visibilityState);
    document.addEventListener("visibilitychange", onVisibility);
    return () => document.removeEventListener("visibilitychange", onVisibility);
  }, [reporter]);

  return useCallback(
    (event: ClipboardEvent) => {
      const text = event.clipboardData.getData("text/plain");
      // After the editor has inserted it: in the log (and so in playback) the paste's
      // marker then comes with the pasted text, not just before it.
      if (text && reporter) setTimeout(() => reporter.paste(text), 0);
    },
    [reporter],
  );
}
