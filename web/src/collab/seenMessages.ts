/** Which chat messages this participant has looked at, kept per session so a reload does not
 * bring old messages back as unread. */
const MAX_REMEMBERED = 500;

type KeyValueStore = Pick<Storage, "getItem" | "setItem">;

function store(): KeyValueStore | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function loadSeen(key: string, storage = store()): Set<string> {
  try {
    const value: unknown = JSON.parse(storage?.getItem(key) ?? "[]");
    return new Set(Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
  } catch {
    return new Set();
  }
}

export function saveSeen(key: string, seen: ReadonlySet<string>, storage = store()): void {
  storage?.setItem(key, JSON.stringify([...seen].slice(-MAX_REMEMBERED)));
}
