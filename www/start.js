// Starts the annotation worker and, beside it, the download (asked for even earlier by
// index.html's preload) and compile of the WebAssembly core, as soon as the page starts
// loading. index.html loads this module async, so it runs while the document and app.js still
// load (app.js runs only once the page is parsed); app.js imports it too, so it runs exactly
// once, and before app.js whatever the order. The compile (streaming, as the bytes arrive)
// overlaps the worker's own start-up instead of following it, and the compiled module goes to
// the worker, which instantiates it (and to this thread's instance, see `coreHere`).
/**
 * The compiled core, or undefined when streaming compile fails (e.g. a server sending the wrong
 * MIME type): a worker then loads the core the glue's own way.
 */
export const compiled = (async () => WebAssembly.compileStreaming(fetch(new URL('pkg/annotator_bg.wasm', import.meta.url))))()
  .then((m) => { performance.mark('annotator:wasm-compiled'); compiledModule = m; return m; }, () => undefined);
/** The compiled core once `compiled` has it (read synchronously by `coreHere`). */
let compiledModule;

const early = [];
let worker = null, made = false;
function make() {
  made = true;
  performance.mark('annotator:worker-created');
  try {
    worker = new Worker(new URL('worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = worker.onerror = (e) => { early.push(e); };
    const w = worker;
    compiled.then((module) => w.postMessage({ module }));
  } catch { /* app.js tries again and reports the failure */ }
}

/**
 * Whether a short article is saved: app.js then annotates it on this thread first (see
 * `annotateHere` there) and starts the worker after it, so that the worker's start-up does not
 * compete with that first annotation for the processor. A guess from the stored size (app.js
 * decides): a wrong guess only moves the worker's start.
 */
function shortSaved() {
  try {
    const raw = localStorage.getItem('article-annotator');
    return raw !== null && raw.length < 20000 && raw.includes('"text":"') && !raw.includes('"text":""');
  } catch { return false; }
}
if (!shortSaved()) make();

let here;
/**
 * The core instantiated on this thread from the same compiled module, for app.js's first,
 * small annotation (see `annotateHere` there). `glue` is the core's JS module, which app.js
 * imports statically so that it is loaded before app.js runs. When the module is compiled by
 * then (the usual case: the download starts with the HTML), the core is instantiated at once
 * and returned itself: app.js then annotates and draws in the same task, before the page's
 * first layout, where waiting for a promise put the annotation behind that layout (~40 ms
 * later on a cold load). Otherwise a promise of the core, undefined when it cannot be had.
 * Made once, on the first call only, so a page with nothing to restore never pays for a
 * second instance.
 */
export function coreHere(glue) {
  if (!here && compiledModule) {
    try {
      glue.initSync({ module: compiledModule });
      here = Promise.resolve(glue);
      return glue;
    } catch { /* the asynchronous way below reports undefined, and the worker takes over */ }
  }
  here ??= compiled.then(async (module) => {
    if (!module) return undefined;
    await glue.default({ module_or_path: module });
    return glue;
  }).catch(() => undefined);
  return here;
}

let taken = false;
/**
 * Hands over the worker started here, starting it now if it was not (null once taken, or when
 * it cannot be started): its handlers become `onmessage` and `onerror`, which first receive, in
 * order and just after this returns, what it sent before.
 */
export function takeWorker(onmessage, onerror) {
  if (taken) return null;
  taken = true;
  if (!made) make();
  if (!worker) return null;
  worker.onmessage = onmessage;
  worker.onerror = onerror;
  queueMicrotask(() => { for (const e of early.splice(0)) (e.type === 'error' ? onerror : onmessage)(e); });
  return worker;
}
