import { colorsFor } from "../collab/colors";

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? "?";
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "";
  return (first + last).toUpperCase();
}

/** A round badge in the participant's colour (the same colour as their caret). */
export function Avatar({ userId, name, online, size = 28 }: { userId: string; name: string; online?: boolean; size?: number }) {
  return (
    <span className="avatar" style={{ width: size, height: size, background: colorsFor(userId).color, fontSize: size * 0.4 }} aria-hidden="true">
      {initials(name)}
      {online === undefined ? null : <span className={online ? "avatar-presence online" : "avatar-presence"} />}
    </span>
  );
}
