import type { MouseEvent } from "react";
import { colorsFor } from "../collab/colors";
import { ROLE_LABELS } from "../auth/permissions";
import type { Role } from "../api/types";
import { formatClock } from "../format/time";
import { formatOffset } from "../format/time";
import { SPEEDS, type Speed } from "./playback";
import { awayStretches, TRACK_BUCKETS, type Marker, type Timeline } from "./timeline";
import type { Playback } from "./usePlayback";

export interface TrackPerson {
  userId: string;
  name: string;
  role: Role | null;
}

const MARKER_TEXT: Record<Marker["kind"], string> = {
  paste: "Large paste",
  hidden: "Left the tab",
  visible: "Came back",
  language: "Language",
  run: "Run",
  chat: "Chat",
};

const FINE_STEP_UNDER_S = 600; // short sessions scrub in tenths of a second

const PlayIcon = () => (
  <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true">
    <path d="M7 4.5v15l12.5-7.5Z" fill="currentColor" />
  </svg>
);
const PauseIcon = () => (
  <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true">
    <path d="M6.5 4.5h4v15h-4zM13.5 4.5h4v15h-4z" fill="currentColor" />
  </svg>
);

/** Controls, the scrubber, one track per participant and the markers. */
export function ReplayTimeline({ timeline, people, playback }: { timeline: Timeline; people: TrackPerson[]; playback: Playback }) {
  const { start, end } = timeline;
  const span = Math.max(end - start, 1e-3);
  const pct = (ts: number) => `${(((ts - start) / span) * 100).toFixed(3)}%`;
  const away = awayStretches(timeline);
  const seekFromClick = (event: MouseEvent<HTMLElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    playback.seek(start + ((event.clientX - box.left) / box.width) * span);
  };

  return (
    <section className="replay-timeline" aria-label="Timeline">
      <div className="replay-controls">
        <button
          className="btn btn-primary btn-sm replay-play"
          type="button"
          onClick={playback.toggle}
          aria-label={playback.playing ? "Pause" : "Play"}
          data-playing={playback.playing}
        >
          {playback.playing ? <PauseIcon /> : <PlayIcon />}
          {playback.playing ? "Pause" : "Play"}
        </button>
        <div className="replay-speeds" role="radiogroup" aria-label="Playback speed">
          {SPEEDS.map((s: Speed) => (
            <button
              key={s}
              type="button"
              role="radio"
              aria-checked={playback.speed === s}
              className="replay-speed"
              onClick={() => playback.setSpeed(s)}
              data-speed={s}
            >
              {s}×
            </button>
          ))}
        </div>
        <label className="replay-skip">
          <input type="checkbox" checked={playback.skipIdle} onChange={(e) => playback.setSkipIdle(e.target.checked)} />
          Skip idle stretches
        </label>
        <span className="replay-clock" aria-live="off">
          <strong data-testid="replay-offset">{formatOffset(playback.t - start)}</strong>
          <span className="faint"> / {formatOffset(end - start)}</span>
          <span className="faint replay-wall"> · {formatClock(playback.t * 1000)}</span>
        </span>
      </div>

      <div className="replay-rows">
        <div className="replay-row replay-row-scrub">
          <span className="replay-row-label faint">Time</span>
          <input
            className="replay-scrubber"
            type="range"
            min={0}
            max={span}
            step={span > FINE_STEP_UNDER_S ? 1 : 0.1}
            value={Math.min(span, Math.max(0, playback.t - start))}
            onChange={(e) => playback.seek(start + Number(e.target.value))}
            aria-label="Playback position"
            aria-valuetext={`${formatOffset(playback.t - start)} of ${formatOffset(span)}`}
          />
        </div>

        <div className="replay-row">
          <span className="replay-row-label faint">Events</span>
          <div className="replay-lane replay-markers" onClick={seekFromClick}>
            {timeline.markers.map((marker, i) =>
              marker.kind === "visible" ? null : (
                <button
                  key={i}
                  type="button"
                  className="replay-marker"
                  data-kind={marker.kind}
                  style={{ left: pct(marker.ts) }}
                  title={`${formatOffset(marker.ts - start)} · ${marker.label}`}
                  aria-label={`${MARKER_TEXT[marker.kind]} at ${formatOffset(marker.ts - start)}: ${marker.label}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    playback.seek(marker.ts);
                  }}
                />
              ),
            )}
            <span className="replay-playhead" style={{ left: pct(playback.t) }} aria-hidden="true" />
          </div>
        </div>

        {people.map((person) => {
          const track = timeline.tracks.get(person.userId);
          const peak = track ? Math.max(...track.buckets) : 0;
          const color = colorsFor(person.userId).color;
          return (
            <div key={person.userId} className="replay-row" data-track={person.name}>
              <span className="replay-row-label" title={person.role ? ROLE_LABELS[person.role] : undefined}>
                <span className="replay-swatch" style={{ background: color }} aria-hidden="true" />
                <span className="replay-person">{person.name}</span>
              </span>
              <div className="replay-lane replay-track" onClick={seekFromClick} aria-label={`${person.name}: ${track?.edits ?? 0} edits`} role="img">
                <svg viewBox={`0 0 ${TRACK_BUCKETS} 1`} preserveAspectRatio="none" aria-hidden="true">
                  {away
                    .filter((a) => a.by === person.userId)
                    .map((a, i) => (
                      <rect
                        key={`away-${i}`}
                        className="replay-away"
                        x={((a.from - start) / span) * TRACK_BUCKETS}
                        width={Math.max(0.6, ((a.to - a.from) / span) * TRACK_BUCKETS)}
                        y={0}
                        height={1}
                      />
                    ))}
                  {track
                    ? Array.from(track.buckets, (count, i) =>
                        count > 0 ? (
                          <rect key={i} x={i} width={1} y={0.15} height={0.7} fill={color} opacity={0.3 + 0.7 * Math.sqrt(count / peak)} />
                        ) : null,
                      )
                    : null}
                </svg>
                <span className="replay-playhead" style={{ left: pct(playback.t) }} aria-hidden="true" />
              </div>
            </div>
          );
        })}
      </div>
      <p className="replay-legend faint">
        <span className="replay-key" data-kind="paste" /> large paste <span className="replay-key" data-kind="hidden" /> left the tab{" "}
        <span className="replay-key" data-kind="language" /> language <span className="replay-key" data-kind="run" /> run{" "}
        <span className="replay-key" data-kind="chat" /> chat · shaded: away from the tab · keys: Space play/pause, ←/→ 5 s
      </p>
    </section>
  );
}
