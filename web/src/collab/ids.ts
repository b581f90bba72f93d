/** A random id for chat messages; getRandomValues works on plain-http hosts too, unlike randomUUID. */
export function randomId(bytes = 8): string {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(values, (b) => b.toString(16).padStart(2, "0")).join("");
}
