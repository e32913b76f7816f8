// Offline use: after one visit the service worker has cached the page, the core and the
// example, so the page still works when the server is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch } from './helpers.mjs';

test('works offline after the first load', async () => {
  const server = await startServer();
  const browser = await launch();
  try {
    const context = await browser.newContext({ serviceWorkers: 'allow' });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.locator('#version').filter({ hasText: /^v\d/ }).waitFor();
    // Installed and activated (it claims the page), with every file in the cache.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      for (let i = 0; i < 100 && !navigator.serviceWorker.controller; i++) await new Promise((r) => setTimeout(r, 50));
    });
    const cached = await page.evaluate(async () => {
      const keys = await (await caches.open('annotator-v1')).keys();
      return keys.map((r) => new URL(r.url).pathname).sort();
    });
    for (const f of ['/', '/app.js', '/render.js', '/worker.js', '/style.css', '/export.js', '/example-article.txt',
      '/pkg/annotator.js', '/pkg/annotator_bg.wasm']) assert.ok(cached.includes(f), `${f} not cached: ${cached}`);

    await server.stop();
    assert.equal(await fetch(server.url).then(() => 'up', () => 'down'), 'down');
    await page.reload();
    await page.locator('#version').filter({ hasText: /^v\d/ }).waitFor();
    await page.click('#example');
    await page.waitForFunction(() => document.getElementById('out').textContent.includes('Livestream outage'));
    await page.waitForFunction(() => document.getElementById('out').getAttribute('aria-busy') === 'false');
    assert.match(await page.locator('#status').textContent(), /names/);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
});
