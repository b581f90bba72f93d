import { useSyncExternalStore } from "react";
import { matchRoute, type Route } from "./routes";

// A tiny history-API router: one location store, no dependency.

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("popstate", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("popstate", listener);
  };
}

const current = () => window.location.pathname + window.location.search;

export function navigate(to: string, { replace = false } = {}): void {
  if (to === current()) return;
  if (replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  window.scrollTo(0, 0);
  notify();
}

let cachedKey = "";
let cachedRoute: Route = { name: "not-found" };

function snapshot(): Route {
  const key = current();
  if (key !== cachedKey) {
    cachedKey = key;
    cachedRoute = matchRoute(window.location.pathname, window.location.search);
  }
  return cachedRoute;
}

export function useRoute(): Route {
  return useSyncExternalStore(subscribe, snapshot);
}
