// Runs the WebAssembly core off the main thread so typing never blocks on annotation.
// Messages in: { id, text, options }. Out: { id, result, ms, last } whose result carries the
// first slice of the spans, then { id, more, last } with further slices, so that no single
// message costs the main thread long to receive; or { id, error, fatal, last }.
// Each slice waits for the page's { ack, stop } of the previous one, so slices never pile up
// in the page's queue ahead of its timers and frames; stop ends a result that is stale.
// First in: { module }, the compiled core or undefined. On start it posts { ready, version,
// phases } (or { ready: false, error }), then { phases } once warmed up.

const SLICE = 2000; // spans per message: a few ms of structured clone each

// Start-up phase times go to the page as epoch ms, where app.js turns them into marks.
const at = () => performance.timeOrigin + performance.now();
const phases = { 'worker-start': at() };

// The glue's import starts at once; the core itself arrives compiled from the page, as the
// first message { module } (see start.js; undefined: load it the glue's own way).
const glue = import('./pkg/annotator.js');
let gotModule;
const module = new Promise((r) => { gotModule = r; });

// A first call pays for one-time work: the browser compiles each wasm function when it first
// runs, and the core builds its word lists and model tables. And V8 runs the functions with a
// quick baseline compiler first, recompiling those that run long with its optimizing one in
// the background: until then the core runs at a third of its speed or less (a 100 KB article
// pasted 1.5 s after the page loaded took 30-94 ms, the same text later 8-10 ms). So while no
// article is waiting once the core is ready, the worker annotates a short text a few times, in
// separate tasks (a request waits at most one of them) and for at most WARM_UP_MS in all.
const WARM_UP = ('PARIS, March 3, 2024 — Maria Costa, the mayor, said on Monday that the French company Acme Corp. '
  + 'may have lost $5 million last week, according to two officials. Costa, 52, reportedly met the '
  + 'Health Minister in Lyon every Tuesday for three months; the ministry denied the unfounded claims. ').repeat(12);
const WARM_UP_MS = 150;

let annotate, served = false;
const ready = (async () => {
  let core;
  try {
    core = await glue;
    const m = await module;
    await core.default(m ? { module_or_path: m } : undefined);
  } catch (e) {
    postMessage({ ready: false, error: `could not load the annotator: ${e?.message ?? e}` });
    return;
  }
  annotate = core.annotate;
  phases['wasm-ready'] = at();
  postMessage({ ready: true, version: core.version(), phases });
  // Requests that arrived meanwhile resume first (they wait on `ready`); the warm-up is a task.
  let spent = 0, runs = 0;
  const warm = () => {
    if (served) return;
    const t0 = performance.now();
    try { annotate(WARM_UP, {}); } catch { return; /* a real request reports its own error */ }
    if (runs++ === 0) postMessage({ phases: { warm: at() } });
    spent += performance.now() - t0;
    // The run cap holds even if a coarse clock measured every run as 0 ms.
    if (spent < WARM_UP_MS && runs < 100) setTimeout(warm, 0);
  };
  setTimeout(warm, 0);
})();

let acked = null;

onmessage = async ({ data }) => {
  if ('ack' in data) { acked?.(data.stop); return; }
  if ('module' in data) { gotModule(data.module); return; }
  const { id, text, options } = data;
  await ready;
  served = true;
  if (!annotate) { postMessage({ id, error: 'the annotator could not be loaded', last: true }); return; }
  const t0 = performance.now();
  let result;
  try {
    result = annotate(text, options);
  } catch (e) {
    // A RuntimeError means the wasm instance trapped and cannot be trusted again.
    postMessage({ id, error: String(e?.message ?? e), fatal: e instanceof WebAssembly.RuntimeError, last: true });
    return;
  }
  const { spans } = result;
  const n = spans.length;
  postMessage({ id, result: { ...result, spans: spans.slice(0, SLICE) }, ms: performance.now() - t0, last: n <= SLICE });
  for (let k = SLICE; k < n; k += SLICE) {
    if (await new Promise((r) => { acked = r; })) { postMessage({ id, more: [], last: true }); return; }
    postMessage({ id, more: spans.slice(k, k + SLICE), last: k + SLICE >= n });
  }
};
