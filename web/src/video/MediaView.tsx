import { useEffect, useRef } from "react";

/** A <video> bound to a MediaStream (srcObject is not a React prop). */
export function MediaView({ stream, muted, mirrored, label }: { stream: MediaStream | null; muted: boolean; mirrored?: boolean; label: string }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    if (element.srcObject !== stream) element.srcObject = stream;
    if (stream) void element.play().catch(() => undefined); // autoplay may need the join click
  }, [stream]);
  return <video ref={ref} className="media-view" data-mirrored={mirrored ?? false} autoPlay playsInline muted={muted} aria-label={label} />;
}
