// Latency in the browser, as the issue "Performance" asks: the core on a 100 KB article in
// Chromium (timed in the page around the `annotate` call itself), and the time from navigation
// to the first annotation drawn for a 5 KB article (the page restores a saved text on start).
// Each figure is printed as one line; the assertions use the named constants below.
//
// The machine running the suite may be shared and loaded, so a figure is asserted on the best
// of several runs (what the code can do) and the median is printed beside it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPage, settled } from './helpers.mjs';
import { article } from './latency-text.mjs';

// --- goals (issue "Performance") and the ceilings asserted today ----------------------------
/** Goal: a 100 KB article annotated in under 16 ms in Chromium. */
const GOAL_CORE_100K_MS = 16;
/**
 * Asserted on the best warm run. V8 runs each wasm function first with its baseline compiler
 * (Liftoff) and recompiles the hot ones with TurboFan in the background, so the first dozen or
 * so runs of the same text are slower than the ones after: the figures below are printed for
 * the first RUNS_EARLY warm runs and for the rest (steady state). Measured on the shared 2-core
 * machine (fifth session, quiet to loaded): first call 24-80 ms, early median 18-39 ms, steady
 * median 7.8-11.3 ms, best 7.0-9.1 ms. A regression ceiling well above that, for a loaded machine.
 */
const CORE_100K_CEILING_MS = 70;
/** Goal: from navigation to the first annotation of a 5 KB article in under 150 ms. */
const GOAL_FIRST_ANNOTATION_MS = 150;
/**
 * Asserted on the best of LOADS cold loads (fresh context, empty HTTP cache). Goal not met yet on
 * the shared 2-core test machine: 150 ms. Measured there under a load average of 5-10 (other
 * builds running): before the start-up work best 226-341 ms, median 345-375 ms; since the saved
 * article is annotated on the page's own thread (no wait for the worker thread), with the wasm
 * preloaded, best 151-245 ms, median 225-308 ms. What remains is mostly the browser's own start
 * (renderer, first layout), the five files arriving from the local server, and the first call's
 * lazy compilation of the wasm functions it runs (35-70 ms; the core's code size). Clean-clone CI
 * runs on a quiet machine: best 153-167 ms, and once 290 ms (every phase slower, the first call
 * 180 ms: the machine, not the page, which was unchanged between those runs). A regression
 * ceiling with room for that; lower it towards GOAL_FIRST_ANNOTATION_MS as the core gets smaller.
 */
const FIRST_ANNOTATION_CEILING_MS = 600;
/**
 * The same on a reload (HTTP cache, service worker in control, the compiled wasm from the
 * browser's code cache): best 101-140 ms, median 129-200 ms measured under the same load
 * (before: best 152-204, median 212-263); clean-clone CI runs best 162-163 ms, and 333 ms in
 * the slow run above. The goal is reported; the ceiling leaves room for the shared machine.
 */
const RELOAD_FIRST_ANNOTATION_CEILING_MS = 600;

const RUNS = 30; // warm runs of the core
const RUNS_EARLY = 10; // of which the first ones, while V8 still tiers the core up
const LOADS = 5; // fresh browser contexts for the start-up figures

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
const ms = (x) => `${x.toFixed(1)} ms`;
const rate = (chars, t) => `${(chars / t / 1000).toFixed(2)} M chars/s`;

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('core latency: a 100 KB article annotated with the page\'s wasm in Chromium', async () => {
  const text = article(100 * 1024);
  const { context, page, errors } = await openPage(browser, server);
  // A module import of the page's own core in the page, timed around `annotate` only.
  const r = await page.evaluate(async ([t, runs]) => {
    const core = await import('/pkg/annotator.js');
    await core.default();
    let t0 = performance.now();
    const first = core.annotate(t, {});
    const cold = performance.now() - t0;
    const warm = [];
    for (let i = 0; i < runs; i++) {
      t0 = performance.now();
      core.annotate(t, {});
      warm.push(performance.now() - t0);
    }
    const count = {};
    for (const s of first.spans) count[s.category] = (count[s.category] ?? 0) + 1;
    return { cold, warm, count };
  }, [text, RUNS]);
  const best = Math.min(...r.warm);
  const early = median(r.warm.slice(0, RUNS_EARLY)), steady = median(r.warm.slice(RUNS_EARLY));
  console.log(`latency 100 KB (${text.length} chars): cold ${ms(r.cold)}; warm median of runs 1-${RUNS_EARLY} ${ms(early)} `
    + `(${rate(text.length, early)}), of runs ${RUNS_EARLY + 1}-${RUNS} (steady) ${ms(steady)} (${rate(text.length, steady)}); `
    + `best ${ms(best)} (${rate(text.length, best)}) (goal < ${GOAL_CORE_100K_MS} ms, asserted best < ${CORE_100K_CEILING_MS} ms)`);
  // The timing means something only if the core really annotated the text.
  for (const c of ['entity', 'time', 'claim']) assert.ok(r.count[c] > 100, `${c} spans in 100 KB: ${r.count[c]}`);

  // For information: the whole round trip through the page, Annotate → worker → spans drawn.
  await page.fill('#text', text);
  const trips = [];
  for (let i = 0; i < 3; i++) {
    const t = await page.evaluate(() => new Promise((resolve) => {
      const out = document.getElementById('out');
      out.replaceChildren();
      const t0 = performance.now();
      let drawn;
      const obs = new MutationObserver(() => {
        drawn ??= out.querySelector('mark') ? performance.now() - t0 : undefined;
        if (drawn !== undefined && out.getAttribute('aria-busy') === 'false') {
          obs.disconnect();
          const worker = +/· (\d+) ms/.exec(document.getElementById('status').textContent)?.[1];
          resolve({ drawn, done: performance.now() - t0, worker });
        }
      });
      obs.observe(out, { childList: true, subtree: true, attributes: true });
      document.getElementById('run').click();
    }));
    trips.push(t);
  }
  for (const [i, t] of trips.entries()) {
    console.log(`latency 100 KB round trip ${i ? 'warm' : 'first'}: first marks drawn after ${ms(t.drawn)}, `
      + `everything (text, legend, panels) after ${ms(t.done)}; annotate in the worker ${t.worker} ms`);
  }
  await settled(page);
  assert.deepEqual(errors, []);
  await context.close();
  assert.ok(best < CORE_100K_CEILING_MS, `100 KB best warm ${ms(best)} over the ceiling ${CORE_100K_CEILING_MS} ms`);
});

/** The page's start-up marks and navigation timing, in ms since navigation start. */
function phases(page) {
  return page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    const p = { response: n.responseEnd, domInteractive: n.domInteractive, dcl: n.domContentLoadedEventEnd };
    for (const m of performance.getEntriesByType('mark')) {
      if (m.name.startsWith('annotator:')) p[m.name.slice(10)] = m.startTime;
    }
    p.marks = document.querySelectorAll('#out mark').length;
    p.text = document.getElementById('out').textContent;
    return p;
  });
}

test('start-up: navigation to the first annotation of a 5 KB article', async () => {
  const text = article(5 * 1024);
  // The page restores a kept text on start and annotates it at once: the path measured here.
  const saved = JSON.stringify({ v: 1, text, name: 'article', date: '', theme: 'auto',
    shown: { entity: true, time: true, claim: true }, lists: { PERSON: '', ORG: '', LOC: '', NORP: '', claims: '' } });
  const cold = [], warm = [];
  for (let i = 0; i < LOADS; i++) {
    // A fresh context: empty HTTP cache, no service worker yet (it is allowed, as for a visitor).
    // Requests for the core made by the page and its worker (not by the service worker).
    let wasm = 0;
    const { context, page, errors } = await openPage(browser, server, { serviceWorkers: 'allow' }, (c) => {
      c.on('request', (r) => { if (r.url().endsWith('/annotator_bg.wasm') && !r.serviceWorker()) wasm++; });
      return c.addInitScript((s) => localStorage.setItem('article-annotator', s), saved);
    });
    const wait = () => page.waitForFunction((n) => performance.getEntriesByName(n).length > 0, 'annotator:first-frame');
    await wait();
    cold.push(await phases(page));
    assert.equal(wasm, 1, 'the core is downloaded once');
    // Once the service worker controls the page, a reload is what a returning reader gets.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      for (let k = 0; k < 100 && !navigator.serviceWorker.controller; k++) await new Promise((r) => setTimeout(r, 50));
    });
    await page.reload();
    await wait();
    warm.push(await phases(page));
    assert.equal(wasm, 2, 'the core is requested once per load');
    assert.deepEqual(errors, []);
    await context.close();
  }
  for (const p of [...cold, ...warm]) {
    assert.equal(p.text, text, 'the restored article is drawn');
    assert.ok(p.marks > 20, `highlights drawn at the first annotation: ${p.marks}`);
    // The service worker's install downloads every file again: never before the first annotation.
    assert.ok(p['sw-register'] >= p['first-annotation'], 'service worker registered after the first annotation');
    // A short saved article is annotated on the page's thread, the worker started only after it.
    assert.ok(!(p['worker-created'] < p['first-annotation']), 'the worker was started before the first annotation');
  }
  const show = (name, runs, ceiling) => {
    const keys = ['response', 'worker-created', 'worker-start', 'app-start', 'dcl', 'wasm-compiled', 'wasm-ready', 'ready', 'warm',
      'first-result', 'first-annotation', 'first-frame']
      .filter((k) => runs.every((p) => p[k] !== undefined));
    const best = runs.reduce((a, b) => (b['first-annotation'] < a['first-annotation'] ? b : a));
    console.log(`latency start-up ${name}: first annotation of 5 KB median ${ms(median(runs.map((p) => p['first-annotation'])))}, `
      + `best ${ms(best['first-annotation'])} (goal < ${GOAL_FIRST_ANNOTATION_MS} ms, asserted best < ${ceiling} ms)`);
    console.log(`  phases of the best ${name} load (ms since navigation): ${keys.map((k) => `${k} ${best[k].toFixed(1)}`).join(', ')}`);
    return best['first-annotation'];
  };
  const bestCold = show('cold (fresh context)', cold, FIRST_ANNOTATION_CEILING_MS);
  const bestWarm = show('warm reload (HTTP cache, service worker)', warm, RELOAD_FIRST_ANNOTATION_CEILING_MS);
  assert.ok(bestCold < FIRST_ANNOTATION_CEILING_MS,
    `first annotation after ${ms(bestCold)} at best, over the ceiling ${FIRST_ANNOTATION_CEILING_MS} ms`);
  assert.ok(bestWarm < RELOAD_FIRST_ANNOTATION_CEILING_MS,
    `first annotation on reload after ${ms(bestWarm)} at best, over the ceiling ${RELOAD_FIRST_ANNOTATION_CEILING_MS} ms`);
});
