// Shared setup for the browser tests: a static server over the built site (dist/, written by
// `make build` from www/) on a free port, and Debian's Chromium driven by playwright-core with
// every request and console message recorded. ANNOTATOR_SITE=www runs them on the sources.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = fileURLToPath(new URL('../../', import.meta.url));
/** The folder served: what `make build` writes for hosting, unless ANNOTATOR_SITE names another. */
export const site = resolve(root, process.env.ANNOTATOR_SITE ?? 'dist');

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Throws when a file of www/ is newer than its copy in the built site: the tests would check
 * an old page (`make site` rebuilds it).
 */
function stale(dir = '') {
  const src = resolve(root, 'www');
  if (site !== resolve(root, 'dist')) return; // another folder is the caller's to keep current
  for (const e of readdirSync(`${src}${dir}`, { withFileTypes: true })) {
    const f = `${dir}/${e.name}`;
    if (e.name.startsWith('.') || e.name.endsWith('.d.ts')) continue;
    if (e.isDirectory()) { stale(f); continue; }
    if (!existsSync(`${site}${f}`) || statSync(`${src}${f}`).mtimeMs > statSync(`${site}${f}`).mtimeMs) {
      throw new Error(`${site}${f} is missing or older than www${f}: run make site (or make build)`);
    }
  }
}

/** Starts `python3 -m http.server` over the site and resolves once it answers. */
export async function startServer() {
  if (!existsSync(`${site}/pkg/annotator.js`) || !existsSync(`${site}/pkg/annotator_bg.wasm`)) {
    throw new Error(`${site}/pkg is missing: run make build first`);
  }
  stale();
  const port = await freePort();
  const proc = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', site],
    { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch { /* not up yet */ }
    if (i > 100 || proc.exitCode !== null) { proc.kill(); throw new Error(`static server did not start on ${url}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    origin: new URL(url).origin,
    stop: () => new Promise((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', resolve);
      proc.kill();
    }),
  };
}

/**
 * Debian's Chromium, headless. Every new context is a new browser window, and each window
 * preloads its address bar's pop-ups as web pages of their own (about 400 module requests in a
 * renderer of their own) while the page under test loads: browser work that a reader's
 * navigation in an open window does not pay, competing with the page for the 2 cores (and
 * blurring the start-up figures), so it is switched off. Unknown feature names are ignored.
 */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup'],
  });
}

/**
 * Opens the page in a fresh context. Returns { context, page, errors, requests } where errors
 * collects console errors and uncaught exceptions and requests every URL asked for.
 */
export async function openPage(browser, server, contextOptions = {}, setup) {
  const context = await browser.newContext({ serviceWorkers: 'block', ...contextOptions });
  await setup?.(context);
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  const errors = [], requests = [];
  context.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('worker', (w) => w.on('console', (m) => { if (m.type() === 'error') errors.push(`worker: ${m.text()}`); }));
  await page.goto(server.url);
  await page.locator('#version').filter({ hasText: /^v\d/ }).waitFor();
  return { context, page, errors, requests };
}

/** Waits until no annotation request is pending. */
export async function settled(page) {
  await page.waitForFunction(() => {
    const out = document.getElementById('out');
    return out.getAttribute('aria-busy') === 'false';
  });
}

/** Sets the article text as typing would, then annotates at once. */
export async function annotateText(page, text) {
  await page.fill('#text', text);
  await page.click('#run');
  await settled(page);
}

/** Annotates `text` in the page with the wasm module directly (the reference for marks). */
export function reference(page, text, options = {}) {
  return page.evaluate(async ([t, o]) => {
    const m = await import('/pkg/annotator.js');
    await m.default();
    return m.annotate(t, o);
  }, [text, options]);
}

/** Every drawn span: its index and the text of all its pieces joined, in document order. */
export function drawnMarks(page) {
  return page.evaluate(() => {
    const by = new Map();
    for (const m of document.querySelectorAll('#out mark')) by.set(+m.dataset.i, (by.get(+m.dataset.i) ?? '') + m.textContent);
    return [...by].map(([i, text]) => ({ i, text }));
  });
}
