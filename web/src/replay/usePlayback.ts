import { useCallback, useEffect, useRef, useState } from "react";
import { advance, type Speed } from "./playback";

export interface Playback {
  t: number;
  playing: boolean;
  speed: Speed;
  skipIdle: boolean;
  seek: (t: number) => void;
  toggle: () => void;
  setSpeed: (speed: Speed) => void;
  setSkipIdle: (on: boolean) => void;
}

/** The playhead: a session time that moves with the wall clock while playing, one
 * animation frame at a time. */
export function usePlayback(times: Float64Array, start: number, end: number): Playback {
  const [t, setT] = useState(end); // open on the final state: what the interviewer last saw
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<Speed>(4);
  const [skipIdle, setSkipIdle] = useState(true);
  const clock = useRef({ speed, skipIdle, end });
  clock.current = { speed, skipIdle, end };
  const position = useRef(t);
  position.current = t;

  useEffect(() => {
    if (!playing) return;
    let frame = 0;
    let last = performance.now();
    const tick = (now: number) => {
      const next = advance(position.current, now - last, times, clock.current);
      last = now;
      position.current = next;
      setT(next);
      if (next >= clock.current.end) setPlaying(false);
      else frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing, times]);

  const seek = useCallback((to: number) => setT(Math.max(start, Math.min(end, to))), [start, end]);
  const toggle = useCallback(() => {
    if (!playing && position.current >= end) {
      position.current = start; // at the end: play from the start
      setT(start);
    }
    setPlaying(!playing);
  }, [playing, start, end]);

  return { t, playing, speed, skipIdle, seek, toggle, setSpeed, setSkipIdle };
}
