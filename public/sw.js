// Netral service worker: the app shell works without signal.
// __PRECACHE__ and __VERSION__ are filled in after each build (scripts/sw-precache.py).
const PRECACHE = __PRECACHE__;
const CACHE = "netral-__VERSION__";

self.addEventListener("install", (event) => {
  // A failed download leaves the install failed and the old version in
  // charge: never a half-cached app. Its empty cache goes too.
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .catch((e) => caches.delete(CACHE).then(() => Promise.reject(e))),
  );
});

// The new version takes over only when the page asks (the volunteer chose
// to reload), so an open form is never swapped under their fingers.
self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  // Old caches go only now, when this version is complete and in charge.
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("netral-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // The API is never cached: a report's state must come from the server.
  // The coordinators' dashboard (/dasbor/) is another app that needs the
  // network, and the public statistics (/statistik) a page of the server's;
  // neither is cached nor answered with the volunteers' shell.
  if (
    request.method !== "GET" ||
    url.origin !== self.location.origin ||
    url.pathname.startsWith("/api/") ||
    url.pathname.startsWith("/dasbor") ||
    url.pathname.startsWith("/statistik") ||
    ["/healthz", "/readyz", "/metrics"].includes(url.pathname)
  ) {
    return;
  }
  if (request.mode === "navigate") {
    // Every app route is the same shell.
    event.respondWith(caches.open(CACHE).then((c) => c.match("/index.html")).then((hit) => hit || fetch(request)));
    return;
  }
  event.respondWith(caches.open(CACHE).then((c) => c.match(request)).then((hit) => hit || fetch(request)));
});
