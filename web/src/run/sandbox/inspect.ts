// console.log's formatting in the JavaScript sandbox, close to Node's so output looks the
// way candidates expect: `[ 1, 2 ]`, `{ a: 'x' }`, `Map(1) { 'k' => 1 }`, `[Circular]`.

const MAX_DEPTH = 4;
const stringify = JSON.stringify; // taken before any program runs: it may replace JSON
const MAX_ITEMS = 100;

function quote(text: string): string {
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function list(open: string, items: string[], close: string, more: number): string {
  if (more > 0) items.push(`... ${more} more item${more === 1 ? "" : "s"}`);
  if (items.length === 0) return `${open}${close}`;
  return `${open} ${items.join(", ")} ${close}`;
}

function inspectValue(value: unknown, depth: number, seen: Set<object>): string {
  switch (typeof value) {
    case "string":
      return depth === 0 ? value : quote(value);
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return `${value}n`;
    case "undefined":
      return "undefined";
    case "boolean":
    case "symbol":
      return String(value);
    case "function":
      return `[Function: ${value.name || "(anonymous)"}]`;
  }
  if (value === null) return "null";
  const object = value as object;
  if (object instanceof Error) return object.stack && depth === 0 ? object.stack : `${object.name}: ${object.message}`;
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? "Invalid Date" : object.toISOString();
  if (object instanceof RegExp) return String(object);
  if (seen.has(object)) return "[Circular]";
  if (depth >= MAX_DEPTH) return Array.isArray(object) ? "[Array]" : "[Object]";
  seen.add(object);
  try {
    const inner = (v: unknown) => inspectValue(v, depth + 1, seen);
    if (Array.isArray(object)) {
      return list("[", object.slice(0, MAX_ITEMS).map(inner), "]", object.length - MAX_ITEMS);
    }
    if (object instanceof Map) {
      const items = [...object].slice(0, MAX_ITEMS).map(([k, v]) => `${inner(k)} => ${inner(v)}`);
      return list(`Map(${object.size}) {`, items, "}", object.size - MAX_ITEMS);
    }
    if (object instanceof Set) {
      return list(`Set(${object.size}) {`, [...object].slice(0, MAX_ITEMS).map(inner), "}", object.size - MAX_ITEMS);
    }
    const keys = Object.keys(object);
    const items = keys
      .slice(0, MAX_ITEMS)
      .map((key) => `${IDENTIFIER.test(key) ? key : quote(key)}: ${inner((object as Record<string, unknown>)[key])}`);
    const name = object.constructor && object.constructor !== Object ? `${object.constructor.name} ` : "";
    return list(`${name}{`, items, "}", keys.length - MAX_ITEMS);
  } finally {
    seen.delete(object);
  }
}

/** One console call's arguments as one line of text (without the newline). */
export function formatArgs(args: readonly unknown[]): string {
  return args.map((arg) => inspectValue(arg, 0, new Set())).join(" ");
}

function isPlainJson(value: unknown, depth = 0): boolean {
  if (depth > 100) return false;
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isPlainJson(item, depth + 1));
  if (typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value).every((item) => isPlainJson(item, depth + 1));
}

/** A returned value as the page's judge wants it: JSON text when the value is plain data
 * (arrays, plain objects, finite numbers, strings, booleans, null), its printed form
 * otherwise (`undefined`, a Set, a class instance) so it is shown, and fails, as itself. */
export function reportValue(value: unknown): { json: string } | { printed: string } {
  if (isPlainJson(value)) return { json: stringify(value) };
  return { printed: inspectValue(value, 1, new Set()) };
}
