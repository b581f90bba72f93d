/** The app shell is cached by /sw.js so a reload while offline still opens the room, whose
 * documents then come from this browser's IndexedDB copy. Only in built apps: the dev server
 * serves modules that must never be cached. */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch((error: unknown) => {
      console.warn("offline support unavailable:", error);
    });
  });
}
