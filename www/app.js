// The page: input, requests to the annotation worker, the rendered text, legend and panels.
// All article text reaches the DOM through textContent/append (never innerHTML).
// index.html loads this module with blocking="render": the first paint shows the page as
// restored (saved text, theme), not an empty light page that then changes, and the browser
// lays the page out once instead of twice before the first annotation (about 50 ms sooner on a
// cold load; the module arrives with the stylesheet anyway).
import { renderer, human, htmlToText } from './render.js';
import { takeWorker, compiled, coreHere } from './start.js';
// The core's JS glue, loaded with this module (index.html preloads it) for `annotateHere`.
import * as glue from './pkg/annotator.js';

const $ = (id) => document.getElementById(id);
const input = $('text'), out = $('out'), dateInput = $('date'), tip = $('tip');
const statusEl = $('status'), notice = $('notice');
const MAX = 20 * 1024 * 1024; // input cap, in UTF-16 code units (about 20 MB of text)
const KEY = 'article-annotator';
const CATS = ['entity', 'time', 'claim'];
const LISTS = ['PERSON', 'ORG', 'LOC', 'NORP', 'claims']; // the data-list word lists
const LIST_MAX = 400; // panel rows per list; the text itself shows every mark
const GROUPS = { PERSON: 'People', ORG: 'Organizations', LOC: 'Places', NORP: 'Groups' };
const KINDS = {
  PERSON: 'Person', ORG: 'Organization', LOC: 'Place', NORP: 'Group', DATE: 'Date',
  TIME: 'Time of day', DURATION: 'Duration', SET: 'Recurring time', HEDGED: 'Hedged',
  ATTRIBUTED: 'Attributed, unconfirmed', UNVERIFIED: 'Explicitly unverified',
  DISPUTED: 'Disputed or debunked', UNSOURCED: 'Unsourced',
};
const motion = () => (matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth');

const state = {
  text: '', name: 'article', result: null, resultText: '', userDate: false, theme: 'auto',
  keep: true, shown: { entity: true, time: true, claim: true },
};
let pieces = [], order = [], groups = new Map(), mentions = new Map(), selected = null, step = 0;

/** Creates an element with a class and children (strings become text nodes). */
function h(tag, cls, ...kids) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  e.append(...kids);
  return e;
}
const say = (msg) => { notice.textContent = msg; };

// Start-up phases as performance marks 'annotator:<name>' (the latency test reads them):
// `once` marks only the first occurrence, e.g. the first annotation drawn.
function mark(name, startTime, once) {
  name = `annotator:${name}`;
  if (once && performance.getEntriesByName(name, 'mark').length) return;
  performance.mark(name, startTime === undefined ? undefined : { startTime });
}
mark('app-start');

// --- the worker: one request in flight, the newest queued, stale answers dropped -----------
// A large result arrives in slices of spans (see worker.js); `incoming` collects them.
let worker, busy = false, queued = null, seq = 0, latest = 0, latestText = '', timer, version = '';
let incoming = null;

// The first worker was started by start.js while the page loaded; a restart makes a new one,
// given the module compiled at start.
function startWorker() {
  const onmessage = ({ data }) => {
    if (data.phases) for (const [name, t] of Object.entries(data.phases)) mark(name, t - performance.timeOrigin);
    if (!('id' in data)) {
      if (!('ready' in data)) return;
      mark('ready');
      if (data.ready) $('version').textContent = `v${(version = data.version)}`;
      else say(data.error);
      // Nothing to annotate yet: the service worker may install now.
      if (!latest && !state.text) afterStart();
      return;
    }
    // Spans are counted by category and kind as they arrive, a slice at a time, for the legend.
    if (!data.more) {
      incoming = data;
      if (data.result) data.result.count = tally(data.result.spans, {});
    } else if (incoming?.id === data.id) {
      for (const s of data.more) incoming.result.spans.push(s);
      tally(data.more, incoming.result.count);
    }
    if (!data.last) { worker.postMessage({ ack: data.id, stop: data.id !== latest }); return; }
    const d = incoming ?? data;
    incoming = null;
    busy = false;
    if (d.fatal) { worker.terminate(); startWorker(); }
    if (queued) { post(queued); queued = null; }
    if (d.id !== latest) return;
    mark('first-result', undefined, true);
    if (d.error) { setBusy(false, ''); say(`Could not annotate: ${d.error}`); afterStart(); return; }
    show(d.result, latestText, d.ms);
  };
  const onerror = (e) => { setBusy(false, ''); say(`The annotator failed to start: ${e.message ?? 'unknown error'}.`); };
  worker = takeWorker(onmessage, onerror);
  if (worker) return;
  worker = new Worker('worker.js', { type: 'module' });
  worker.onmessage = onmessage;
  worker.onerror = onerror;
  const w = worker;
  compiled.then((module) => w.postMessage({ module }));
}
function tally(spans, count) {
  for (const s of spans) {
    const c = (count[s.category] ??= {});
    c[s.kind] = (c[s.kind] ?? 0) + 1;
  }
  return count;
}
function post(msg) {
  if (!worker) startWorker();
  busy = true;
  worker.postMessage(msg);
}

function options() {
  const o = { userEntities: [] };
  if (state.userDate && dateInput.value) o.articleDate = dateInput.value;
  for (const t of document.querySelectorAll('[data-list]')) {
    const lines = t.value.split('\n').map((s) => s.trim()).filter(Boolean);
    if (t.dataset.list === 'claims') o.userClaimPhrases = lines;
    else for (const text of lines) o.userEntities.push({ text, kind: t.dataset.list });
  }
  return o;
}

function annotateNow() {
  clearTimeout(timer);
  const text = state.text;
  if (text.length > MAX) {
    setBusy(false, '');
    say(`This text is ${(text.length / 1048576).toFixed(1)} MB; the limit is 20 MB. Annotate it in parts.`);
    afterStart();
    return;
  }
  const msg = { id: ++seq, text, options: options() };
  latest = msg.id;
  latestText = text;
  endBusy = false; // a drawing still under way no longer ends the busy state
  setBusy(true);
  if (busy) queued = msg;
  else post(msg);
}
/**
 * The first annotation of a short saved text, made on this thread: its result is drawn without
 * waiting for the worker thread to start (tens of ms, more on a busy machine), and the worker
 * then finds the core's code already compiled (the compiled module, and so its code, is shared).
 * A small text takes a few ms once the core is compiled; anything longer, anything after, and
 * anything that fails here goes to the worker.
 */
const HERE_MAX = 20000;
async function annotateHere() {
  const text = state.text, id = ++seq;
  latest = id;
  latestText = text;
  setBusy(true);
  // Synchronously when the core is compiled already: see `coreHere`.
  const ready = coreHere(glue);
  const core = ready instanceof Promise ? await ready : ready;
  if (core && !version) $('version').textContent = `v${(version = core.version())}`;
  if (id !== latest) return; // a newer request went to the worker meanwhile
  const t0 = performance.now();
  let result;
  try {
    result = core?.annotate(text, options());
  } catch { /* the worker tries again and reports the error */ }
  if (!result) { annotateNow(); return; }
  mark('first-result', undefined, true);
  result.count = tally(result.spans, {});
  show(result, text, performance.now() - t0);
  // The worker, for what comes next, once this result is on screen.
  afterPaint().then(() => { if (!worker) startWorker(); });
}
function schedule() {
  clearTimeout(timer);
  timer = setTimeout(annotateNow, state.text.length > 2e5 ? 900 : 300);
}
// A long annotation can be stopped: the worker is replaced, its answer never arrives.
let stopTimer;
$('stop').addEventListener('click', () => {
  worker?.terminate();
  startWorker();
  busy = false;
  queued = null;
  incoming = null;
  latest = ++seq;
  setBusy(false, 'Stopped. Edit the text or choose Annotate to try again.');
});
function setBusy(on, msg) {
  clearTimeout(stopTimer);
  if (on) stopTimer = setTimeout(() => { $('stop').hidden = false; }, 1000);
  else $('stop').hidden = true;
  out.classList.toggle('busy', on);
  out.setAttribute('aria-busy', on);
  statusEl.textContent = on ? 'Annotating…' : msg;
}

// --- showing a result -----------------------------------------------------------------------
function show(result, text, ms) {
  state.result = result;
  state.resultText = text;
  groups = new Map(result.groups.map((g) => [g.id, g]));
  selected = null;
  if (!state.userDate) dateInput.value = result.articleDateSource === 'dateline' ? result.articleDate : '';
  dateNote();
  if (notice.textContent.startsWith('Could not annotate')) say('');
  took = ms;
  // The legend and panels are filled once the text is drawn: the text is what the reader
  // waits for. The busy state ends when all is done.
  panelsDue = endBusy = true;
  draw();
}
function summary(count) {
  const n = (c, one, many) => `${count[c]} ${count[c] === 1 ? one : many}`;
  return state.resultText ? `${n('entity', 'name', 'names')}, ${n('time', 'timing statement', 'timing statements')}, ${n('claim', 'claim', 'claims')} · ${Math.round(took)} ms` : '';
}

// Drawing is incremental so that a long article never blocks the page: the first blocks at
// once, for at most FIRST ms (at least one block of 2,000 characters, a screenful and more:
// what the reader sees first is on screen sooner than if more were drawn before it), the rest
// in tasks of at most SLICE ms; a newer draw() abandons an unfinished one.
const FIRST = 4, SLICE = 8;
let drawGen = 0, drawing = Promise.resolve(true), panelsDue = false, endBusy = false, took = 0, counts = {};
// A plain task, not scheduler.yield(): its continuations run ahead of timers and frames, which
// kept the page from painting for 100+ ms at a time while a long text was drawn.
const yieldTask = () => new Promise((r) => setTimeout(r, 0));
/** Resolves just after the next frame is painted, or after 100 ms when no frame comes. */
const afterPaint = () => new Promise((r) => {
  const t = setTimeout(r, 100);
  requestAnimationFrame(() => { clearTimeout(t); setTimeout(r, 0); });
});

function draw() {
  hideTip();
  const gen = ++drawGen;
  const r = renderer(state.resultText, state.result?.spans ?? [], (s) => state.shown[s.category]);
  ({ pieces, order } = r);
  // The output keeps its height while it refills, so the page does not jump under the reader
  // (read only when there is something: at start-up it would force the page's first layout).
  if (out.firstChild) out.style.minHeight = `${out.offsetHeight}px`;
  const frag = document.createDocumentFragment();
  let complete = r.step(performance.now() + FIRST, frag);
  out.replaceChildren(frag);
  if (state.result && !performance.getEntriesByName('annotator:first-annotation').length) {
    mark('first-annotation');
    // About when the browser shows it: a task queued by the next frame's callback runs after that paint.
    afterPaint().then(() => mark('first-frame'));
    afterStart();
  }
  drawing = (async () => {
    while (!complete) {
      await yieldTask();
      if (gen !== drawGen) return false;
      complete = r.step(performance.now() + SLICE, out);
    }
    out.style.minHeight = '';
    if (panelsDue) {
      panelsDue = false;
      // The text first: the panels wait until it is painted (a hidden page has no frames).
      await afterPaint();
      counts = legend();
      await panels();
    }
    if (selected != null) markGroup();
    if (endBusy) { endBusy = false; setBusy(false, summary(counts)); }
    return true;
  })();
  return drawing;
}

function dateNote() {
  const r = state.result;
  $('date-note').textContent = state.userDate && dateInput.value ? 'set by you'
    : r?.articleDateSource === 'dateline' ? 'found in the dateline'
      : 'none: “Monday”, “last week”… stay unresolved';
}

/** Fills the legend from the counts made on arrival; returns the number of spans per category. */
function legend() {
  const count = {};
  for (const c of CATS) {
    const by = state.result?.count?.[c] ?? {};
    count[c] = Object.values(by).reduce((a, b) => a + b, 0);
    document.querySelector(`[data-n=${c}]`).textContent = count[c];
    document.querySelector(`[data-k=${c}]`).textContent =
      Object.keys(KINDS).filter((k) => by[k]).map((k) => `${KINDS[k]} ${by[k]}`).join(' · ');
  }
  return count;
}

/** Fills the panels, yielding between them when a long result makes them slow. */
async function panels() {
  const r = state.result, spans = r?.spans ?? [];
  let t0 = performance.now();
  // False when a newer result has replaced this one during a pause.
  const pause = async () => {
    if (performance.now() - t0 < 8) return true;
    await yieldTask();
    t0 = performance.now();
    return state.result === r;
  };
  mentions = new Map();
  const times = [], other = [], claims = [];
  spans.forEach((s, i) => {
    if (s.category === 'entity' && s.group != null) {
      if (!mentions.has(s.group)) mentions.set(s.group, []);
      mentions.get(s.group).push(i);
    } else if (s.category === 'time') (/^\d/.test(s.value ?? '') ? times : other).push(i);
    else if (s.category === 'claim') claims.push(i);
  });

  const ents = [];
  for (const kind in GROUPS) {
    const gs = (r?.groups ?? []).filter((g) => g.kind === kind)
      .sort((a, b) => b.mentions - a.mentions || a.canonical.localeCompare(b.canonical));
    if (!gs.length) continue;
    ents.push(h('h3', '', `${GROUPS[kind]} (${gs.length})`), h('ul', '', ...gs.slice(0, LIST_MAX).map((g) => {
      const b = h('button', '', g.canonical, ' ', h('span', 'n', String(g.mentions)),
        h('span', 'vh', g.mentions === 1 ? ' mention' : ' mentions'));
      b.type = 'button';
      b.dataset.g = g.id;
      b.setAttribute('aria-pressed', 'false');
      return h('li', '', b);
    }), ...more(gs.length)));
  }
  $('ents').replaceChildren(...(ents.length ? ents : [h('p', 'mute', 'No names found.')]));
  if (!await pause()) return;

  const val = (i) => spans[i].value;
  times.sort((a, b) => (val(a) < val(b) ? -1 : val(a) > val(b) ? 1 : a - b));
  const ok = await list('times', [...times, ...other], (s) => {
    const v = human(s.value, s.kind);
    return [h('b', '', v || s.value || 'unresolved'), ' ', h('q', '', s.text),
      h('small', '', s.kind === 'DATE' ? s.value ?? '' : `${KINDS[s.kind]}${s.value ? ` · ${s.value}` : ''}`)];
  }, 'No timing statements found.', pause);
  if (!ok || !await pause()) return;

  await list('claims', claims, (s) => {
    const bits = [];
    if (s.cues?.length) bits.push(cueWords(s));
    if (s.source) bits.push(`source: ${s.source.text}`);
    return [h('b', '', (s.kinds ?? [s.kind]).map((k) => KINDS[k] ?? k).join(' · ')), ' ',
      h('q', '', s.text.length > 160 ? `${s.text.slice(0, 157)}…` : s.text), h('small', '', bits.join(' · '))];
  }, 'No unconfirmed claims found.', pause);
}

function more(n) { return n > LIST_MAX ? [h('li', 'mute', `…and ${n - LIST_MAX} more.`)] : []; }

/** Fills list `id` with a row per span index; false when abandoned at a `pause()`. */
async function list(id, idx, row, empty, pause) {
  const items = [];
  for (const i of idx.slice(0, LIST_MAX)) {
    const b = h('button', '', ...row(state.result.spans[i]));
    b.type = 'button';
    b.dataset.i = i;
    items.push(h('li', '', b));
    if (!await pause()) return false;
  }
  $(id).replaceChildren(...(items.length ? [...items, ...more(idx.length)] : [h('li', 'mute', empty)]));
  return true;
}

const cueWords = (s) => `cue${s.cues.length > 1 ? 's' : ''}: ${s.cues.map((c) => `‘${c.text}’`).join(', ')}`;

/** The tooltip's two lines for a span: what it is, and why it was marked. */
function describe(s) {
  let title;
  if (s.category === 'entity') {
    const g = groups.get(s.group), n = g?.mentions ?? 1;
    title = `${s.description} — ${g?.canonical ?? s.canonical ?? s.text} (${n} mention${n === 1 ? '' : 's'})`;
  } else if (s.category === 'time') {
    const v = human(s.value, s.kind);
    title = `${s.description} — ${s.value ?? 'not resolved'}${v && v !== s.value ? ` (${v})` : ''}`;
  } else {
    const also = (s.kinds ?? []).filter((k) => k !== s.kind).map((k) => KINDS[k] ?? k);
    const bits = [];
    if (s.source) bits.push(`source: ${s.source.text}`);
    if (s.cues?.length) bits.push(cueWords(s));
    title = `${s.description}${also.length ? ` (also ${also.join(', ')})` : ''}${bits.length ? ` — ${bits.join('; ')}` : ''}`;
  }
  // The core's reason often restates the kind; it is shown only when it adds something.
  return [title, s.reason && !s.reason.startsWith(s.description) ? `Why: ${s.reason}` : ''];
}

// --- tooltip: on hover and on keyboard focus; Esc hides it ------------------------------------
function showTip(m, focus) {
  const s = state.result?.spans[m.dataset.i];
  if (!s) return;
  const [title, why] = describe(s);
  tip.replaceChildren(h('strong', '', title), ...(why ? [h('span', '', why)] : []));
  tip.hidden = false;
  if (focus) m.setAttribute('aria-describedby', 'tip');
  const r = m.getClientRects()[0] ?? m.getBoundingClientRect();
  const w = tip.offsetWidth, ht = tip.offsetHeight;
  const below = r.bottom + ht + 8 < innerHeight || r.top < ht + 8;
  tip.style.left = `${Math.max(8, Math.min(r.left, innerWidth - w - 8)) + scrollX}px`;
  tip.style.top = `${(below ? r.bottom + 6 : r.top - ht - 6) + scrollY}px`;
}
function hideTip() {
  tip.hidden = true;
  out.querySelector('[aria-describedby]')?.removeAttribute('aria-describedby');
}
out.addEventListener('mouseover', (e) => {
  const m = e.target.closest('mark');
  if (m) showTip(m);
  else if (!out.contains(document.activeElement) || document.activeElement === out) hideTip();
});
out.addEventListener('mouseleave', (e) => { if (!tip.contains(e.relatedTarget)) hideTip(); });
tip.addEventListener('mouseleave', hideTip);
out.addEventListener('focusin', (e) => { if (e.target.matches('mark')) showTip(e.target, true); });
out.addEventListener('focusout', hideTip);

// --- panels: entities select all their mentions and step through them; items scroll to marks --
function reveal(cat) {
  if (state.shown[cat]) return;
  state.shown[cat] = true;
  document.querySelector(`[data-cat=${cat}]`).checked = true;
  draw();
  save();
}
async function go(i) {
  const s = state.result?.spans[i];
  if (!s) return;
  reveal(s.category);
  if (!pieces[i]) await drawing; // a long text may still be drawing that far
  const e = pieces[i]?.[0];
  if (!e) return;
  e.scrollIntoView({ block: 'center', behavior: motion() });
  e.focus({ preventScroll: true });
}
function markGroup() {
  for (const e of out.querySelectorAll('.sel')) e.classList.remove('sel', 'cur');
  for (const i of mentions.get(selected) ?? []) for (const e of pieces[i] ?? []) e.classList.add('sel');
}
/** Highlights every mention of group `g`; the current one is mention `at` (or the next). */
function selectGroup(g, at) {
  const list = mentions.get(g) ?? [];
  reveal('entity');
  if (selected !== g) {
    selected = g;
    for (const x of $('ents').querySelectorAll('[aria-pressed]')) x.setAttribute('aria-pressed', +x.dataset.g === g);
  }
  step = at ?? (step + 1) % Math.max(1, list.length);
  markGroup();
  const i = list[step];
  for (const p of pieces[i] ?? []) p.classList.add('cur');
  return pieces[i]?.[0];
}
$('ents').addEventListener('click', (e) => {
  const b = e.target.closest('button[data-g]');
  if (!b) return;
  const g = +b.dataset.g, n = mentions.get(g)?.length ?? 0;
  selectGroup(g, selected === g ? undefined : 0)?.scrollIntoView({ block: 'center', behavior: motion() });
  statusEl.textContent = `${groups.get(g)?.canonical}: mention ${step + 1} of ${n}${n > 1 ? ' (choose again for the next)' : ''}`;
});
// Choosing an entity in the text (click, Enter or Space) highlights all its mentions.
const pick = (e) => {
  const m = e.target.closest('mark.e');
  if (!m || m.dataset.g === undefined) return;
  const g = +m.dataset.g;
  selectGroup(g, (mentions.get(g) ?? []).indexOf(+m.dataset.i));
  statusEl.textContent = `${groups.get(g)?.canonical}: ${mentions.get(g)?.length ?? 0} mentions highlighted`;
};
out.addEventListener('click', pick);
out.addEventListener('keydown', (e) => {
  if (e.key !== 'Enter' && e.key !== ' ') return;
  if (e.target.matches('mark.e')) { e.preventDefault(); pick(e); }
});
for (const id of ['times', 'claims']) {
  $(id).addEventListener('click', (e) => {
    const b = e.target.closest('button[data-i]');
    if (b) go(+b.dataset.i);
  });
}
$('legend').addEventListener('change', (e) => {
  const c = e.target.dataset.cat;
  if (!c) return;
  state.shown[c] = e.target.checked;
  draw();
  save();
});

// --- input: typing, the date, word lists, files, paste, the example ---------------------------
function setText(t, name = 'article') {
  input.value = t;
  state.text = t; // kept as given (a file's CRLF stays), so offsets match the source
  state.name = name;
  save();
}
input.addEventListener('input', () => {
  state.text = input.value;
  state.name = 'article';
  if (state.text.length <= MAX) schedule();
  else annotateNow();
  save();
});
input.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) annotateNow(); });
input.addEventListener('paste', (e) => {
  // A textarea takes plain text anyway; this covers a clipboard that holds only HTML.
  const d = e.clipboardData;
  if (!d || d.types.includes('text/plain') || !d.types.includes('text/html')) return;
  e.preventDefault();
  input.setRangeText(htmlToText(d.getData('text/html')), input.selectionStart, input.selectionEnd, 'end');
  input.dispatchEvent(new Event('input'));
});
dateInput.addEventListener('change', () => {
  state.userDate = !!dateInput.value;
  dateNote();
  annotateNow();
  save();
});
$('lists').addEventListener('input', () => { schedule(); save(); });
$('run').addEventListener('click', annotateNow);
$('example').addEventListener('click', async () => {
  try {
    const r = await fetch('example-article.txt');
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    setText(await r.text(), 'example-article');
  } catch (e) {
    say(`Could not load the example: ${e.message}.`);
    return;
  }
  dateInput.value = '2024-08-13';
  state.userDate = true;
  dateNote();
  annotateNow();
  save();
});

async function openFile(file) {
  if (!file) return;
  if (file.size > MAX) { say(`${file.name} is ${(file.size / 1048576).toFixed(1)} MB; the limit is 20 MB.`); return; }
  let t = await file.text();
  if (t.slice(0, 4096).includes('\0')) { say(`${file.name} is not a text file: open .txt, .md or .html.`); return; }
  if (/\.html?$/i.test(file.name) || file.type === 'text/html') t = htmlToText(t);
  say('');
  setText(t, file.name.replace(/\.[^.]*$/, '') || 'article');
  annotateNow();
}
$('file').addEventListener('change', (e) => { openFile(e.target.files[0]); e.target.value = ''; });
addEventListener('dragover', (e) => {
  if (!e.dataTransfer?.types.includes('Files')) return;
  e.preventDefault();
  document.body.classList.add('drag');
});
addEventListener('dragleave', (e) => { if (!e.relatedTarget) document.body.classList.remove('drag'); });
addEventListener('drop', (e) => {
  document.body.classList.remove('drag');
  if (!e.dataTransfer?.files.length) return;
  e.preventDefault();
  openFile(e.dataTransfer.files[0]);
});

// --- word lists: export and import as JSON { PERSON: [..], ORG: [..], LOC: [..], NORP: [..], claims: [..] }
const listAreas = () => [...document.querySelectorAll('[data-list]')];
$('lists-export').addEventListener('click', async () => {
  const lists = {};
  for (const t of listAreas()) lists[t.dataset.list] = t.value.split('\n').map((l) => l.trim()).filter(Boolean);
  const m = await import('./export.js');
  m.download('article-annotator-word-lists.json', 'application/json', lists);
});
$('lists-file').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  e.target.value = '';
  if (!file) return;
  let data;
  try { data = JSON.parse(await file.text()); } catch { data = null; }
  const areas = listAreas();
  const valid = data && typeof data === 'object' && !Array.isArray(data)
    && Object.keys(data).every((k) => areas.some((t) => t.dataset.list === k))
    && Object.values(data).every((v) => Array.isArray(v) && v.every((x) => typeof x === 'string'));
  if (!valid) { say(`${file.name} is not a word-list file (expected {"PERSON": ["…"], …}); nothing was changed.`); return; }
  for (const t of areas) if (data[t.dataset.list]) t.value = data[t.dataset.list].join('\n');
  say(`Word lists imported from ${file.name}.`);
  schedule();
  save();
});

// --- export -------------------------------------------------------------------------------
for (const [id, kind] of [['export-json', 'json'], ['export-wa', 'wa']]) {
  $(id).addEventListener('click', async () => {
    if (!state.result || !state.resultText) { say('Nothing to export yet: paste an article first.'); return; }
    const m = await import('./export.js');
    m.exportAs(kind, state.resultText, state.result, state.name, version);
  });
}

// --- copy as HTML: the highlighted text with inline styles and hover titles, for documents ---
const COPY_STYLE = {
  e: 'text-decoration: underline solid #1d4ed8 2px; text-underline-offset: 3px',
  t: 'text-decoration: underline double #0f766e; text-underline-offset: 3px',
  c: 'background: #fef3c7',
};
const escapeHtml = (t) => t.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** Serializes the rendered output by hand: only our own elements, every text escaped. */
function toHtml(node) {
  if (node.nodeType === Node.TEXT_NODE) return escapeHtml(node.data);
  const inner = [...node.childNodes].map(toHtml).join('');
  if (node.localName === 'em') return `<strong>${inner}</strong>`;
  if (node.localName !== 'mark') return inner;
  const s = state.result?.spans[node.dataset.i];
  if (!s) return inner;
  const title = describe(s).filter(Boolean).join(' · ');
  return `<span style="${COPY_STYLE[s.category[0]]}" title="${escapeHtml(title)}">${inner}</span>`;
}

$('copy-html').addEventListener('click', async () => {
  if (!state.result) { say('Nothing to copy yet: paste an article first.'); return; }
  const html = `<div style="white-space: pre-wrap">${toHtml($('out'))}</div>`;
  try {
    await navigator.clipboard.write([new ClipboardItem({
      'text/html': new Blob([html], { type: 'text/html' }),
      'text/plain': new Blob([state.resultText], { type: 'text/plain' }),
    })]);
    say('Copied the highlighted text as HTML: paste it into a document.');
  } catch (err) {
    say(`Could not copy: ${err.message}`);
  }
});

// --- keyboard, help, theme --------------------------------------------------------------------
function move(d) {
  if (!order.length) return;
  const i = order.indexOf(document.activeElement);
  order[i < 0 ? (d > 0 ? 0 : order.length - 1) : (i + d + order.length) % order.length].focus();
}
const help = $('help');
$('keys').addEventListener('click', () => help.showModal());
$('help-close').addEventListener('click', () => help.close());
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape') { hideTip(); return; }
  if (e.altKey || e.ctrlKey || e.metaKey || e.target.closest('input,textarea,select,dialog')) return;
  const d = { n: 1, j: 1, p: -1, k: -1 }[e.key];
  if (d) { e.preventDefault(); move(d); } else if (e.key === '?') { e.preventDefault(); help.showModal(); }
});

const dark = matchMedia('(prefers-color-scheme: dark)');
function applyTheme() {
  const root = document.documentElement;
  if (state.theme === 'auto') delete root.dataset.theme;
  else root.dataset.theme = state.theme;
  const isDark = state.theme === 'dark' || (state.theme === 'auto' && dark.matches);
  $('theme').textContent = 'Dark theme';
  $('theme').setAttribute('aria-pressed', isDark);
}
dark.addEventListener('change', applyTheme);
$('theme').addEventListener('click', () => {
  state.theme = $('theme').getAttribute('aria-pressed') === 'true' ? 'light' : 'dark';
  applyTheme();
  save();
});

// --- saved text and settings (localStorage; corrupt contents are ignored with a notice) ---------
// A text over KEEP_MAX is not saved: writing megabytes to localStorage is synchronous and
// would freeze the page for a moment on every edit. Settings are still saved.
const KEEP_MAX = 2 * 1024 * 1024;
const NOT_KEPT = 'This text is over 2 MB, so it is not kept on this device (saving it would freeze the page); your settings are kept.';
let saveTimer;
function save() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    try {
      // Only the choice itself is kept, so a reload does not start saving again.
      if (!state.keep) { localStorage.setItem(KEY, '{"v":1,"keep":false}'); return; }
      const lists = {};
      for (const t of document.querySelectorAll('[data-list]')) lists[t.dataset.list] = t.value;
      const big = state.text.length > KEEP_MAX;
      const d = { v: 1, text: big ? '' : state.text, name: state.name, date: state.userDate ? dateInput.value : '',
        theme: state.theme, shown: state.shown, lists };
      try {
        localStorage.setItem(KEY, JSON.stringify(d));
        // Over the cap the notice already says the text was refused; that must stay visible.
        if (big && state.text.length <= MAX) say(NOT_KEPT);
        else if (!big && notice.textContent === NOT_KEPT) say('');
      } catch {
        d.text = '';
        localStorage.setItem(KEY, JSON.stringify(d));
        // Over the cap the notice already says the text was refused; that must stay visible.
        if (state.text.length <= MAX) say('This text is too large to keep on this device; your settings are kept.');
      }
    } catch { /* storage unavailable (private mode): nothing to keep */ }
  }, 300);
}
function load() {
  let raw = null;
  try { raw = localStorage.getItem(KEY); } catch { return; }
  if (raw == null) return;
  try {
    const d = JSON.parse(raw);
    if (d?.v === 1 && d.keep === false && Object.keys(d).length === 2) {
      state.keep = $('keep').checked = false;
      return;
    }
    const str = (x) => typeof x === 'string';
    // Exactly the keys save() writes: arrays, unknown keys and "__proto__" keys are refused.
    const only = (o, keys) => o !== null && typeof o === 'object' && !Array.isArray(o)
      && Object.keys(o).every((k) => keys.includes(k));
    if (!only(d, ['v', 'text', 'name', 'date', 'theme', 'shown', 'lists']) || d.v !== 1 || !str(d.text) || !str(d.name)
      || !str(d.date) || !['auto', 'light', 'dark'].includes(d.theme)
      || !only(d.shown, CATS) || !CATS.every((c) => typeof d.shown[c] === 'boolean')
      || !only(d.lists, LISTS) || !Object.values(d.lists).every(str)
      || (d.date && !/^\d{4}-\d\d-\d\d$/.test(d.date))) throw new Error('bad shape');
    // Set directly, not through setText(): saving back what was just read is wasted work.
    input.value = state.text = d.text;
    state.name = d.name;
    dateInput.value = d.date;
    state.userDate = !!d.date;
    state.theme = d.theme;
    Object.assign(state.shown, d.shown);
    for (const c of CATS) document.querySelector(`[data-cat=${c}]`).checked = state.shown[c];
    for (const t of document.querySelectorAll('[data-list]')) t.value = d.lists[t.dataset.list] ?? '';
  } catch {
    try { localStorage.removeItem(KEY); } catch { /* ignore */ }
    say('Your saved text and settings could not be read, so they were ignored.');
  }
}
$('keep').addEventListener('change', (e) => { state.keep = e.target.checked; save(); });
$('forget').addEventListener('click', () => {
  state.keep = $('keep').checked = false;
  save();
  say('Your text and settings are no longer kept on this device.');
});

// --- start ------------------------------------------------------------------------------------
load();
applyTheme();
dateNote();
if (state.text && state.text.length <= HERE_MAX) annotateHere();
else {
  startWorker();
  if (state.text) annotateNow();
}

/**
 * Registers the service worker (offline use) once the first annotation is drawn, or once the
 * core is ready when there is nothing to annotate: its install downloads every file of the
 * page again, which would otherwise compete with the start-up (and fetch the wasm twice at
 * once) instead of coming from the HTTP cache after it.
 */
function afterStart() {
  if (afterStart.done) return;
  afterStart.done = true;
  mark('sw-register');
  if ('serviceWorker' in navigator) setTimeout(() => navigator.serviceWorker.register('sw.js').catch(() => {}), 0);
}
