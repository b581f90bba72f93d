// CodeSync's service worker: keeps the app shell (index.html and the built assets) so a
// reload while offline still opens the interview room. Documents are not cached here — they
// live in IndexedDB (y-indexeddb) and sync when the connection returns. The API and the
// websockets are never intercepted.
const CACHE = "codesync-shell-v1";
const SHELL = "/";
const MANIFEST = "/asset-manifest.json"; // every built file, lazy chunks included (vite.config.ts)

async function builtFiles() {
  const response = await fetch(MANIFEST, { cache: "no-store" });
  if (!response.ok) throw new Error(`no asset manifest (HTTP ${response.status})`);
  const { files } = await response.json();
  return files;
}

async function cacheShell(response) {
  const cache = await caches.open(CACHE);
  const keep = new Set(await builtFiles());
  await cache.put(SHELL, response);
  await Promise.all(
    [...keep].map(async (path) => {
      if (!(await cache.match(path))) await cache.add(path);
    }),
  );
  // Drop the assets of older builds.
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.startsWith("/assets/") && !keep.has(path)) await cache.delete(request);
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    fetch(SHELL, { cache: "no-store" })
      .then((response) => (response.ok ? cacheShell(response) : undefined))
      .catch(() => undefined)
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("codesync-") && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

function isApi(path) {
  return path.startsWith("/api/") || path.startsWith("/yjs/") || path.startsWith("/signal/");
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || isApi(url.pathname)) return;

  if (request.mode === "navigate") {
    // Network first: online, every page load gets the current build.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) event.waitUntil(cacheShell(response.clone()).catch(() => undefined));
          return response;
        })
        .catch(async () => (await caches.match(SHELL)) || Response.error()),
    );
    return;
  }

  if (url.pathname.startsWith("/assets/")) {
    // Hashed file names never change content: cache first.
    event.respondWith(
      caches.match(request).then(
        (hit) =>
          hit ||
          fetch(request).then(async (response) => {
            if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
            return response;
          }),
      ),
    );
  }
});
