// Offline support: every file of the page is cached on first load. Requests go to the network
// first (so a new version shows up at once) and fall back to the cache when offline.
// The page registers this worker only after its first annotation (see app.js), so the install
// below mostly reads the files from the HTTP cache instead of downloading them again.
const CACHE = 'annotator-v1';
const FILES = ['./', 'index.html', 'style.css', 'start.js', 'app.js', 'render.js', 'worker.js', 'export.js',
  'icon.svg', 'example-article.txt', 'pkg/annotator.js', 'pkg/annotator_bg.wasm',
  // The glue's own JS (src/wasm.rs); wasm-bindgen names the folder by crate name and version.
  'pkg/snippets/article-annotator-c74b60d505bbcca7/inline0.js'];

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (e) => {
  e.waitUntil(Promise.all([
    // A navigation's request is sent while this worker starts up, not after (navigation preload).
    self.registration.navigationPreload?.enable(),
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
  ]).then(() => self.clients.claim()));
});

/** The version of a response as the server labels it (none: always store it). */
const label = (r) => [r.headers.get('etag') ?? r.headers.get('last-modified'), r.headers.get('content-length')];

/**
 * Stores a response unless the cache already holds the same version: rewriting every file,
 * the 600 KB core among them, on each visit is work that competes with the page's start.
 */
async function keep(req, res) {
  const c = await caches.open(CACHE);
  const old = await c.match(req);
  const [v, n] = label(res);
  if (old && v && label(old).join() === [v, n].join()) { await res.body?.cancel(); return; }
  await c.put(req, res);
}

self.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== location.origin) return;
  const response = req.mode === 'navigate' ? Promise.resolve(e.preloadResponse).then((r) => r ?? fetch(req)) : fetch(req);
  e.respondWith(response.then((res) => {
    if (res.ok) e.waitUntil(keep(req, res.clone()).catch(() => {}));
    return res;
  }, () => caches.match(req, { ignoreSearch: true }).then((hit) => hit ?? Response.error())));
});
