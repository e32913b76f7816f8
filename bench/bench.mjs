// Throughput of the Article Annotator (WebAssembly, as the page runs it) against wink-nlp
// and compromise on the same news text, plus the wasm's scaling and peak memory.
//
//   make wasm && (cd bench && npm install && node bench.mjs)      or: make bench
//
// The text is assembled at run time from ../shared/data (TempEval-3, CoNLL-2003 and
// Szeged FactBank documents, taken in turn, about 1 MB); without that folder a synthetic
// article written for this project is used. Nothing from the data is stored.
//
// Workloads, chosen to be comparable (tokenize, split sentences, find entities and dates):
//   ours        annotate(doc) — entities, TIMEX3 and claims, JS objects returned
//   wink-nlp    nlp.readDoc(doc) with wink-eng-lite-web-model (its full pipeline: tokens,
//               sentences, POS, entities, negation) + doc.entities().out(its.detail)
//   compromise  nlp(doc) + people(), places(), organizations(), dates() (compromise-dates)
// Each processes the documents one by one (articles are a few KB each), timed over
// repeated passes until at least MIN_SECONDS have elapsed.

import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
// ANNOTATOR_PKG=dir compares another build (a dir with annotator.js and annotator_bg.wasm).
const pkg = process.env.ANNOTATOR_PKG ?? join(root, 'www', 'pkg');
const MIN_SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const TARGET_CHARS = 1 << 20;

if (!existsSync(join(pkg, 'annotator.js'))) {
  console.error('www/pkg is missing: run `make wasm` first');
  process.exit(2);
}
const { initSync, annotate } = await import(join(pkg, 'annotator.js'));
const wasm = initSync({ module: readFileSync(join(pkg, 'annotator_bg.wasm')) });

const SYNTHETIC =
  'LYON, France, March 3 (AP) — The mayor of Lyon, Claire Dubois, said on Tuesday that the new ' +
  'tram line may open by late 2025, according to two city officials who spoke on condition of ' +
  'anonymity. “We are confident,” Dubois told reporters at 10:30 a.m. local time. Critics in ' +
  'Paris called the timeline unrealistic, and the claim could not be independently verified. ' +
  'The council, which meets every Monday, has met weekly since 1998. Some residents believe ' +
  'the project was a waste of money, the newspaper Le Progrès reported last week. Dr. Amara ' +
  'Okafor of the University of Nairobi and Gov. Tom Reilly of Vermont met NATO officials in ' +
  'Brussels on Jan. 5; two weeks later the talks collapsed.\n\n';

function loadDocuments() {
  const data = join(root, '..', 'shared', 'data');
  const sets = ['tempeval3', 'conll2003', 'szeged_factbank'].map((set) => {
    const texts = [];
    for (const split of ['train', 'dev']) {
      const file = join(data, set, `${split}.jsonl`);
      if (!existsSync(file)) continue;
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          const text = JSON.parse(line).text;
          if (typeof text === 'string' && text.length > 0) texts.push(text);
        } catch {
          // a malformed line is skipped
        }
      }
    }
    return texts;
  });
  const docs = [];
  let chars = 0;
  for (let i = 0; chars < TARGET_CHARS && sets.some((s) => i < s.length); i++) {
    for (const s of sets) {
      if (i < s.length && chars < TARGET_CHARS) {
        docs.push(s[i]);
        chars += s[i].length;
      }
    }
  }
  if (chars >= TARGET_CHARS / 2) {
    return { docs, source: '../shared/data (tempeval3, conll2003, szeged_factbank)' };
  }
  console.error('../shared/data not found: using a synthetic article');
  const doc = SYNTHETIC.repeat(8);
  return {
    docs: Array.from({ length: Math.ceil(TARGET_CHARS / doc.length) }, () => doc),
    source: 'synthetic article',
  };
}

/** Runs `fn` over every document until MIN_SECONDS pass (or `maxChars` are done). */
function throughput(name, docs, fn, { maxChars = Infinity, minSeconds = MIN_SECONDS } = {}) {
  // Warm up on the documents themselves, up to half a second or one pass: engines compile
  // hot code (JS and wasm) in the background, and what is measured is the steady state.
  const warm = process.hrtime.bigint();
  for (const d of docs) {
    fn(d);
    if (Number(process.hrtime.bigint() - warm) / 1e9 > 0.5) break;
  }
  // Sizes are counted before the clock starts: only `fn` is timed.
  const sizes = docs.map((d) => [d.length, Buffer.byteLength(d)]);
  let chars = 0;
  let bytes = 0;
  let found = 0;
  const start = process.hrtime.bigint();
  let seconds = 0;
  outer: for (;;) {
    for (let i = 0; i < docs.length; i++) {
      found += fn(docs[i]);
      chars += sizes[i][0];
      bytes += sizes[i][1];
      if (chars >= maxChars) break outer;
    }
    seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (seconds >= minSeconds) break;
  }
  seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const result = { name, chars, seconds, charsPerSecond: chars / seconds, mbPerSecond: bytes / seconds / 1e6, found };
  console.log(
    `${name.padEnd(12)} ${(result.charsPerSecond / 1e6).toFixed(2).padStart(8)} M chars/s ` +
      `${result.mbPerSecond.toFixed(2).padStart(8)} MB/s  (${(chars / 1e6).toFixed(1)} M chars in ` +
      `${seconds.toFixed(1)} s, ${found} items found)`,
  );
  return result;
}

const { docs, source } = loadDocuments();
const totalChars = docs.reduce((n, d) => n + d.length, 0);
console.log(`corpus: ${docs.length} documents, ${totalChars} chars from ${source}\n`);

const ours = throughput('ours (wasm)', docs, (d) => annotate(d, undefined).spans.length);
// ANNOTATOR_BASELINE=dir: another build measured in the same run, e.g. main's www/pkg.
let baseline;
if (process.env.ANNOTATOR_BASELINE) {
  const dir = process.env.ANNOTATOR_BASELINE;
  const other = await import(join(dir, 'annotator.js'));
  other.initSync({ module: readFileSync(join(dir, 'annotator_bg.wasm')) });
  baseline = throughput('baseline', docs, (d) => other.annotate(d, undefined).spans.length);
}

const { default: winkNLP } = await import('wink-nlp');
const { default: model } = await import('wink-eng-lite-web-model');
const wink = winkNLP(model);
const its = wink.its;
const winkResult = throughput('wink-nlp', docs, (d) => {
  const doc = wink.readDoc(d);
  return doc.entities().out(its.detail).length + doc.sentences().length();
});

const { default: nlp } = await import('compromise');
let compromiseErrors = 0;
const { default: datesPlugin } = await import('compromise-dates');
nlp.plugin(datesPlugin);
const compromiseResult = throughput(
  'compromise',
  docs,
  (d) => {
    const doc = nlp(d);
    const names =
      doc.people().out('array').length +
      doc.places().out('array').length +
      doc.organizations().out('array').length;
    try {
      return names + doc.dates().json().length;
    } catch {
      // compromise-dates throws on some documents (inside spacetime); the time spent
      // still counts, the document's dates do not.
      compromiseErrors++;
      return names;
    }
  },
  // compromise is slow: a slice of the corpus is enough for a stable rate.
  { maxChars: 200_000, minSeconds: 0 },
);

if (compromiseErrors) console.log(`(compromise-dates threw on ${compromiseErrors} documents)`);
const ratioWink = ours.charsPerSecond / winkResult.charsPerSecond;
const ratioCompromise = ours.charsPerSecond / compromiseResult.charsPerSecond;
console.log(`\nours / wink-nlp:   ×${ratioWink.toFixed(1)}  (goal ≥ ×4)`);
console.log(`ours / compromise: ×${ratioCompromise.toFixed(1)}  (goal ≥ ×100)`);
if (baseline) {
  console.log(`baseline / wink-nlp: ×${(baseline.charsPerSecond / winkResult.charsPerSecond).toFixed(1)}, ` +
    `ours / baseline: ×${(ours.charsPerSecond / baseline.charsPerSecond).toFixed(2)}`);
}
console.log(`ours:              ${ours.mbPerSecond.toFixed(1)} MB/s  (goal ≥ 10 MB/s)`);

// Scaling and memory: one 1 MB document, then one 10 MB document. Wasm memory only grows,
// so its size after a call is the peak that call needed.
const oneMb = docs.join('\n\n');
const tenMb = Array.from({ length: 10 }, () => oneMb).join('\n\n');
const memoryBefore = wasm.memory.buffer.byteLength;
function timeOnce(text) {
  const start = process.hrtime.bigint();
  const n = annotate(text, undefined).spans.length;
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, n };
}
// Each size the same way: three runs, the best compared. A size's first run also pays for
// what only happens once (wasm memory grown and touched for the first time: for 10 MB about a
// quarter more than its later runs), which the 1 MB runs before it would otherwise not pay.
const runs = (text) => [timeOnce(text), timeOnce(text), timeOnce(text)];
const smallRuns = runs(oneMb);
const memoryAfterOne = wasm.memory.buffer.byteLength;
const bigRuns = runs(tenMb);
const memoryAfterTen = wasm.memory.buffer.byteLength;
const best = (xs) => xs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
const small = best(smallRuns), big = best(bigRuns);
const tenBytes = Buffer.byteLength(tenMb);
const scaling = big.seconds / small.seconds;
const msList = (xs) => xs.map((x) => (x.seconds * 1e3).toFixed(0)).join(', ');
console.log(
  `\nscaling: 1 MB document ${(small.seconds * 1e3).toFixed(0)} ms, 10 MB document ` +
    `${(big.seconds * 1e3).toFixed(0)} ms (best of 3; runs ${msList(smallRuns)} and ${msList(bigRuns)} ms): ` +
    `×${scaling.toFixed(1)} (goal ≤ ×12)`,
);
const memoryRatio = memoryAfterTen / tenBytes;
console.log(
  `wasm memory: ${(memoryBefore / 2 ** 20).toFixed(1)} MiB at start, ` +
    `${(memoryAfterOne / 2 ** 20).toFixed(1)} MiB after 1 MB, ` +
    `${(memoryAfterTen / 2 ** 20).toFixed(1)} MiB after 10 MB: ×${memoryRatio.toFixed(1)} ` +
    `the input (goal ≤ ×10)`,
);

const summary = {
  corpus: { documents: docs.length, chars: totalChars, source },
  oursMBps: ours.mbPerSecond,
  oursCharsPerSecond: ours.charsPerSecond,
  winkCharsPerSecond: winkResult.charsPerSecond,
  compromiseCharsPerSecond: compromiseResult.charsPerSecond,
  ratioWink,
  ratioCompromise,
  scaling10MbOver1Mb: scaling,
  wasmMemoryBytesAfter10Mb: memoryAfterTen,
  wasmMemoryOverInput: memoryRatio,
};
console.log(`\n${JSON.stringify(summary)}`);
const failed = [];
if (ours.mbPerSecond < 10) failed.push('ours < 10 MB/s');
if (ratioWink < 4) failed.push('< 4× wink-nlp');
if (ratioCompromise < 100) failed.push('< 100× compromise');
if (scaling > 12) failed.push('10 MB > 12× the 1 MB time');
if (memoryRatio > 10) failed.push('wasm memory > 10× input');
console.log(failed.length ? `goals missed: ${failed.join(', ')}` : 'all goals met');
