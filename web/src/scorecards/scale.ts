/** The rating scale (server/http/scorecards.py SCALE), from −2 to +2. */
export const SCALE = [
  { value: -2, label: "Strong No" },
  { value: -1, label: "No" },
  { value: 0, label: "Mixed" },
  { value: 1, label: "Yes" },
  { value: 2, label: "Strong Yes" },
] as const;

export const DEFAULT_SKILLS = ["Problem solving", "Code quality", "Communication", "Testing"] as const;
export const MAX_SKILLS = 20; // ScorecardBody.ratings
export const MAX_SKILL_NAME = 60;

export function scaleLabel(value: number | null | undefined): string {
  return SCALE.find((s) => s.value === value)?.label ?? "—";
}

/** The skills to show: the defaults, then the custom ones this card has rated or added. */
export function skillsOf(ratings: Record<string, number>, added: readonly string[]): string[] {
  const skills: string[] = [...DEFAULT_SKILLS];
  for (const skill of [...Object.keys(ratings), ...added]) if (!skills.includes(skill)) skills.push(skill);
  return skills;
}

/** A skill name as typed, or null when it can't be added. */
export function cleanSkill(name: string, existing: readonly string[]): string | null {
  const trimmed = name.trim().replace(/\s+/g, " ").slice(0, MAX_SKILL_NAME);
  if (!trimmed || existing.length >= MAX_SKILLS) return null;
  return existing.some((s) => s.toLowerCase() === trimmed.toLowerCase()) ? null : trimmed;
}
