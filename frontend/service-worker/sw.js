// Koma's service worker (docs/architecture.md, Offline keying): keeps the app shell (index.html
// and the built assets) so that the worker's page opens without a connection. It never touches
// /api/ (residents' data and per-user answers are `no-store`; the unit being keyed is kept by the
// app itself, in IndexedDB) nor /ws/, /admin/ or /static/.
//
// The build (vite.config.ts, komaServiceWorker) replaces the two placeholders below with the
// build's file list and a hash of it, so every deployment installs a fresh cache and drops the
// old one.

const BUILD = "__KOMA_BUILD__";
const PRECACHE = __KOMA_PRECACHE__;
const CACHE = `koma-shell-${BUILD}`;
const SHELL = "/";
const NEVER = ["/api/", "/ws/", "/admin/", "/static/", "/media/"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([SHELL, ...PRECACHE]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("koma-shell-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || NEVER.some((prefix) => url.pathname.startsWith(prefix))) return;

  if (request.mode === "navigate") {
    // Network first, so a deployment shows at once; the kept shell when there is no connection
    // (every client-side route is the same index.html).
    event.respondWith(
      fetch(request).catch(() =>
        caches.match(SHELL, { cacheName: CACHE, ignoreVary: true }).then((kept) => kept || Response.error()),
      ),
    );
    return;
  }
  if (url.pathname.startsWith("/assets/") || PRECACHE.includes(url.pathname)) {
    // Fingerprinted assets never change under one name: the kept copy first.
    event.respondWith(
      caches.open(CACHE).then((cache) =>
        // ignoreVary: Django adds Vary: Cookie / Accept-Language, and the login changed the cookie.
        cache.match(request, { ignoreVary: true }).then(
          (kept) =>
            kept ||
            fetch(request).then((response) => {
              if (response.ok) cache.put(request, response.clone());
              return response;
            }),
        ),
      ),
    );
  }
});
