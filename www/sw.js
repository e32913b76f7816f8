// Offline support: every file of the page is cached on first load. Requests go to the network
// first (so a new version shows up at once) and fall back to the cache when offline.
const CACHE = 'annotator-v1';
const FILES = ['./', 'index.html', 'style.css', 'app.js', 'render.js', 'worker.js', 'export.js',
  'icon.svg', 'example-article.txt', 'pkg/annotator.js', 'pkg/annotator_bg.wasm'];

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== location.origin) return;
  e.respondWith(fetch(req).then((res) => {
    if (res.ok) {
      const copy = res.clone();
      caches.open(CACHE).then((c) => c.put(req, copy));
    }
    return res;
  }, () => caches.match(req, { ignoreSearch: true }).then((hit) => hit ?? Response.error())));
});
