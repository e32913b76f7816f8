// Runs the WebAssembly core off the main thread so typing never blocks on annotation.
// Messages in: { id, text, options }; out: { id, result, ms } or { id, error, fatal }.
import init, { annotate, version } from './pkg/annotator.js';

const ready = init().then(
  () => postMessage({ ready: true, version: version() }),
  (e) => postMessage({ ready: false, error: `could not load the annotator: ${e?.message ?? e}` }),
);

onmessage = async ({ data: { id, text, options } }) => {
  await ready;
  const t0 = performance.now();
  try {
    const result = annotate(text, options);
    postMessage({ id, result, ms: performance.now() - t0 });
  } catch (e) {
    // A RuntimeError means the wasm instance trapped and cannot be trusted again.
    postMessage({ id, error: String(e?.message ?? e), fatal: e instanceof WebAssembly.RuntimeError });
  }
};
