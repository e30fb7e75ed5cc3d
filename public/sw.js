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

// Web Share Target (manifest `share_target`): another app's share sheet
// POSTs here. The share is in IndexedDB before the answer, so one made
// without signal is never lost; the app's /bagikan page makes it a draft.
const DB_NAME = "netral";
// The same version and stores as app/src/idb.rs: whichever opens the
// database first creates what is missing, and never deletes anything.
const DB_VERSION = 3;
const STORES = [
  ["reports", "id"],
  ["photos", "sha256"],
  ["shares", "id"],
];

function openDb(version) {
  return new Promise((resolve, reject) => {
    const open = version ? indexedDB.open(DB_NAME, version) : indexedDB.open(DB_NAME);
    open.onupgradeneeded = () => {
      for (const [name, keyPath] of STORES) {
        if (!open.result.objectStoreNames.contains(name)) open.result.createObjectStore(name, { keyPath });
      }
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

async function keepShare(request) {
  const form = await request.formData();
  const field = (name) => (typeof form.get(name) === "string" ? form.get(name) : "");
  const files = form.getAll("files").filter((f) => typeof f !== "string" && f.size > 0);
  const id = crypto.randomUUID();
  // A newer app may have upgraded the database past this worker's version.
  const db = await openDb(DB_VERSION).catch((e) => (e && e.name === "VersionError" ? openDb() : Promise.reject(e)));
  try {
    await new Promise((resolve, reject) => {
      const tx = db.transaction("shares", "readwrite");
      tx.objectStore("shares").put({ id, title: field("title"), text: field("text"), url: field("url"), files, received_at: Date.now() });
      tx.oncomplete = resolve;
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
  return id;
}

function receiveShare(request) {
  const to = (query) => Response.redirect(new URL(`/bagikan?${query}`, self.location.origin).href, 303);
  // Storage full or refused: the page says so instead of a browser error.
  return keepShare(request).then(
    (id) => to(`id=${encodeURIComponent(id)}`),
    () => to("gagal=1"),
  );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method === "POST" && url.origin === self.location.origin && url.pathname === "/bagikan") {
    event.respondWith(receiveShare(request));
    return;
  }
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
    // Every app route is the same shell; a page of its own (the guide,
    // /panduan.html) is served as itself.
    const page = url.pathname.endsWith(".html") ? url.pathname : "/index.html";
    event.respondWith(caches.open(CACHE).then((c) => c.match(page)).then((hit) => hit || fetch(request)));
    return;
  }
  event.respondWith(caches.open(CACHE).then((c) => c.match(request)).then((hit) => hit || fetch(request)));
});
