import { useCallback, useState } from "react";

const KEY = "codesync.vim";

function read(): boolean {
  try {
    return localStorage.getItem(KEY) === "1";
  } catch {
    return false;
  }
}

/** Vim mode is a personal choice: kept in this browser, never shared with the room. */
export function useVimPreference(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(read);
  const set = useCallback((value: boolean) => {
    setOn(value);
    try {
      localStorage.setItem(KEY, value ? "1" : "0");
    } catch {
      // not persisted; still applies to this tab
    }
  }, []);
  return [on, set];
}
