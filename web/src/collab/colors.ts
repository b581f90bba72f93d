/** A participant's colour, derived from the user id alone: the same on every screen and
 * across reconnects, with nothing to store or agree on. */
export interface UserColors {
  color: string; // caret, name label and avatar, #rrggbb
  light: string; // selection background, translucent
}

/** FNV-1a, 32 bit: small, fast, and well spread for short ids. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

// Twelve hand-picked colours, far apart from each other and all readable with dark text on
// them. A free hue from the hash gives two people near-identical reds too often.
export const PALETTE = [
  "#ff7b72", // red
  "#ffa657", // orange
  "#f2cc60", // yellow
  "#56d364", // green
  "#39c5bb", // teal
  "#79c0ff", // blue
  "#a5a5ff", // indigo
  "#d2a8ff", // purple
  "#ff9bce", // pink
  "#b8e986", // lime
  "#56d4dd", // cyan
  "#d6b48f", // sand
] as const;

export function colorsFor(userId: string): UserColors {
  const color = PALETTE[hashString(userId) % PALETTE.length] ?? PALETTE[0];
  return { color, light: `${color}40` };
}
