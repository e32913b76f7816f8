// Runs the WebAssembly core off the main thread so typing never blocks on annotation.
// Messages in: { id, text, options }. Out: { id, result, ms, last } whose result carries the
// first slice of the spans, then { id, more, last } with further slices, so that no single
// message costs the main thread long to receive; or { id, error, fatal, last }.
// Each slice waits for the page's { ack, stop } of the previous one, so slices never pile up
// in the page's queue ahead of its timers and frames; stop ends a result that is stale.
import init, { annotate, version } from './pkg/annotator.js';

const SLICE = 2000; // spans per message: a few ms of structured clone each

// Start-up phase times go to the page as epoch ms, where app.js turns them into marks.
const at = () => performance.timeOrigin + performance.now();
const phases = { 'worker-start': at() };
const ready = init().then(
  () => { phases['wasm-ready'] = at(); postMessage({ ready: true, version: version(), phases }); },
  (e) => postMessage({ ready: false, error: `could not load the annotator: ${e?.message ?? e}` }),
);

let acked = null;

onmessage = async ({ data }) => {
  if ('ack' in data) { acked?.(data.stop); return; }
  const { id, text, options } = data;
  await ready;
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
