// A stand-in for www/pkg/annotator.js with the same API and output shape, returning fixed
// spans for known phrases. The UI tests use it so that they check the page (nesting, panels,
// tooltips, toggles) with exact expectations, independent of what the real detectors find.
export const FAKE_CORE = String.raw`
const ENT = [['Elon Musk', 'PERSON', 1], ['Musk', 'PERSON', 1], ['Donald Trump', 'PERSON', 2], ['Trump', 'PERSON', 2],
  ['Butler, Pa.', 'LOC', 3], ['NATO', 'ORG', 4], ['Russian', 'NORP', 5]];
const TIME = [['Aug. 12, 2024', 'DATE', '2024-08-12'], ['in July', 'DATE', '2024-07'], ['every Monday', 'SET', 'XXXX-WXX-1'],
  ['an hour', 'DURATION', 'PT1H'], ['Monday night', 'TIME', '2024-08-12TNI']];
const CLAIM = [['Musk attributed', 'could not be independently verified', 'UNVERIFIED', ['UNVERIFIED', 'ATTRIBUTED'], 'Musk'],
  ['Elon Musk' + "'" + 's company said', 'may have been', 'HEDGED', ['HEDGED'], 'Elon Musk' + "'" + 's company'],
  ['Some experts say', 'Some experts say', 'UNSOURCED', ['UNSOURCED'], null]];
const DESC = { PERSON: 'Person', LOC: 'Place', ORG: 'Organization', NORP: 'Group (nationality, religion, politics)',
  DATE: 'Date', TIME: 'Time of day', SET: 'Recurring time', DURATION: 'Duration', HEDGED: 'Hedged or speculative',
  UNVERIFIED: 'Explicitly unverified', UNSOURCED: 'Unsourced' };
export default async function init() {}
export function version() { return '0.0.0-fake'; }
function all(text, needle) { const r = []; let i = 0; while ((i = text.indexOf(needle, i)) >= 0) { r.push(i); i += needle.length; } return r; }
export function annotate(text, options = {}) {
  if (options.articleDate !== undefined && !/^\d{4}-\d\d-\d\d$/.test(options.articleDate)) throw new Error('invalid article date');
  const wait = text.includes('SLOW') ? 1500 : text.includes('STUCK') ? 60000 : 0;
  for (const t = Date.now(); Date.now() - t < wait;);
  const spans = [], taken = { entity: [], time: [], claim: [] }, ents = ENT.slice();
  const free = (c, a, b) => taken[c].every(([x, y]) => b <= x || a >= y);
  const add = (s) => { if (free(s.category, s.start, s.end)) { taken[s.category].push([s.start, s.end]); spans.push(s); } };
  const counts = {};
  for (const [t, kind, group] of ENT) for (const a of all(text, t)) {
    const before = spans.length;
    add({ start: a, end: a + t.length, text: t, category: 'entity', kind, description: DESC[kind], reason: 'test lexicon', group, canonical: ENT.find((e) => e[2] === group)[0] });
    if (spans.length > before) counts[group] = (counts[group] ?? 0) + 1;
  }
  (options.userEntities ?? []).forEach(({ text: t, kind }, k) => {
    for (const a of all(text, t)) {
      const before = spans.length;
      add({ start: a, end: a + t.length, text: t, category: 'entity', kind, description: DESC[kind], reason: 'your word list', group: 100 + k, canonical: t });
      if (spans.length > before) { counts[100 + k] = (counts[100 + k] ?? 0) + 1; ents.push([t, kind, 100 + k]); }
    }
  });
  for (const [t, kind, value] of TIME) for (const a of all(text, t)) add({ start: a, end: a + t.length, text: t, category: 'time', kind, description: DESC[kind], reason: 'test pattern', value });
  for (const [from, cue, kind, kinds, source] of CLAIM) for (const a of all(text, from)) {
    let end = text.indexOf('.', text.indexOf(cue, a)); if (end < 0) end = text.length; else end += 1;
    const c = text.indexOf(cue, a);
    if (c < 0) continue;
    const s = { start: a, end, text: text.slice(a, end), category: 'claim', kind, description: DESC[kind], reason: 'cue: ' + cue, kinds,
      cues: [{ start: c, end: c + cue.length, text: cue, kind }] };
    if (source) s.source = { start: a, end: a + source.length, text: source };
    add(s);
  }
  spans.sort((x, y) => x.start - y.start || x.category.localeCompare(y.category));
  const groups = Object.keys(counts).map((g) => { const e = ents.find((x) => x[2] === +g); return { id: +g, kind: e[1], canonical: e[0], mentions: counts[g] }; });
  const dl = /^[A-Z]+, (\d{4}-\d\d-\d\d) —/.exec(text);
  const articleDate = options.articleDate ?? (dl ? dl[1] : null);
  return { articleDate, articleDateSource: options.articleDate ? 'options' : dl ? 'dateline' : null, spans, groups };
}
`;

/** Serves FAKE_CORE in place of the real wasm module for every page of `context`. */
export function useFakeCore(context) {
  return context.route('**/pkg/annotator.js', (route) =>
    route.fulfill({ contentType: 'text/javascript', body: FAKE_CORE }));
}
