// Starts the annotation worker and, beside it, the download and compile of the WebAssembly
// core, as soon as the page starts loading: this async script runs while the document and
// app.js still load (app.js, a module, runs only once the page is parsed), and the compile
// (streaming, as the bytes arrive) overlaps the worker's own start-up instead of following
// it. The compiled module goes to the worker, which instantiates it. app.js adopts the worker;
// whatever the worker says before then is kept for it.
if (!self.annotatorBoot) {
  performance.mark('annotator:worker-created');
  const worker = new Worker('worker.js', { type: 'module' });
  const early = [];
  worker.onmessage = worker.onerror = (e) => { early.push(e); };
  // Undefined when streaming compile fails (e.g. a server sending the wrong MIME type): the
  // worker then loads the core the glue's own way.
  const module = WebAssembly.compileStreaming(fetch('pkg/annotator_bg.wasm'))
    .then((m) => { performance.mark('annotator:wasm-compiled'); return m; }, () => undefined);
  module.then((m) => worker.postMessage({ module: m }));
  self.annotatorBoot = { worker, early, module };
}
