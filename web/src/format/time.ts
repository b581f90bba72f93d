// Dates and durations as people read them. Epoch seconds come from the API, milliseconds
// from chat messages.

export interface FormatOptions {
  locale?: string;
  timeZone?: string;
}

export function formatDate(epochSeconds: number, options: FormatOptions = {}): string {
  return new Intl.DateTimeFormat(options.locale, {
    month: "short",
    day: "numeric",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone: options.timeZone,
  }).format(new Date(epochSeconds * 1000));
}

export function formatClock(epochMs: number, options: FormatOptions = {}): string {
  return new Intl.DateTimeFormat(options.locale, {
    hour: "numeric",
    minute: "2-digit",
    timeZone: options.timeZone,
  }).format(new Date(epochMs));
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "—";
  const minutes = Math.round(seconds / 60);
  if (minutes < 1) return "< 1 min";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/** "just now", "5 min ago", "3 h ago", else the date. */
export function formatAgo(epochSeconds: number, nowSeconds: number, options: FormatOptions = {}): string {
  const elapsed = nowSeconds - epochSeconds;
  if (elapsed < 60) return "just now";
  if (elapsed < 3600) return `${Math.floor(elapsed / 60)} min ago`;
  if (elapsed < 24 * 3600) return `${Math.floor(elapsed / 3600)} h ago`;
  return formatDate(epochSeconds, options);
}

/** "m:ss" or "h:mm:ss" of a span in seconds. */
export function formatOffset(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}
