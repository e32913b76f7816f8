// Builds the annotated text as DOM: one pass over the sorted spans with a cursor, text only
// through text nodes (never innerHTML), so whatever the article contains stays text.
//
// Layers nest in a fixed order: blocks of whole lines (outermost, so the browser can skip
// laying out off-screen parts of a long text), claims, entities, times, then the cue words
// of a claim. Within a layer spans never overlap; across layers they may cross, and then the
// inner mark is split into pieces (every piece carries data-i, only the first is focusable).

const LAYER = { claim: 1, entity: 2, time: 3 };
const CUE = 4, BLOCK = 2000; // a block ends at the first line end after this many code units

/**
 * Renders `text` with `spans` (the core's output, UTF-16 offsets, sorted by start) into a
 * DocumentFragment at once. `show(span)` says whether a span is drawn. Returns
 * `{ frag, pieces, order }`: `pieces[i]` lists the elements of span `i` (undefined when not
 * drawn), `order` the focusable marks in document order.
 */
export function render(text, spans, show = () => true) {
  const r = renderer(text, spans, show), frag = document.createDocumentFragment();
  while (!r.step(Infinity, frag));
  return { frag, pieces: r.pieces, order: r.order };
}

/**
 * The same drawing, block by block, so a long text can be drawn across several tasks:
 * `step(until, parent)` appends whole blocks to `parent` until `performance.now()` passes
 * `until` (at least one block per call) and returns true once the text is complete.
 * `pieces` and `order` grow as blocks are drawn.
 */
export function renderer(text, spans, show = () => true) {
  const pieces = [], order = [];
  const len = text.length;
  const ok = (a, b) => Number.isInteger(a) && Number.isInteger(b) && a >= 0 && a < b && b <= len;
  // Per layer, the items not yet passed (sorted, non-overlapping); layer 0 (blocks) is implicit.
  const layers = [[], [], [], [], []], lastEnd = [0, 0, 0, 0, 0];
  let next = 0, a = 0; // the next span to take, the start of the next block
  const push = (l, it) => {
    // Defensive: an overlap within a layer would break nesting, so a later overlapping span
    // is skipped rather than drawn wrongly (as is a span before the part already drawn).
    if (it.start < Math.max(lastEnd[l], a)) return false;
    layers[l].push(it);
    lastEnd[l] = it.end;
    return true;
  };
  // Takes the spans that start before `b` into their layers.
  const take = (b) => {
    for (; next < spans.length && !(spans[next].start >= b); next++) {
      const s = spans[next], i = next, l = LAYER[s.category];
      if (l === undefined || !show(s) || !ok(s.start, s.end) || !push(l, { start: s.start, end: s.end, i, s })) continue;
      if (l !== 1) continue;
      const cues = [];
      for (const c of s.cues ?? []) {
        const ca = Math.max(c.start, s.start), cb = Math.min(c.end, s.end);
        if (ok(ca, cb)) cues.push({ start: ca, end: cb, cue: 1 });
      }
      for (const c of cues.sort((x, y) => x.start - y.start)) push(CUE, c);
    }
  };

  // Draws the block [a, b): its cut points, then one pass with a stack of open elements.
  const block = (parent) => {
    const nl = text.indexOf('\n', a + BLOCK);
    const b = nl < 0 ? len : nl + 1;
    take(b);
    const div = document.createElement('div');
    parent.append(div);
    const points = [a, b];
    for (let l = 1; l < layers.length; l++) {
      for (const it of layers[l]) {
        if (it.start > a && it.start < b) points.push(it.start);
        if (it.end > a && it.end < b) points.push(it.end);
      }
    }
    points.sort((x, y) => x - y);
    const cursor = [0, 0, 0, 0, 0];
    let stack = []; // [{ it, el }] inside the block, outermost first
    for (let p = 0; p + 1 < points.length; p++) {
      const from = points[p], to = points[p + 1];
      if (from === to) continue;
      const want = [];
      for (let l = 1; l < layers.length; l++) {
        const layer = layers[l];
        while (cursor[l] < layer.length && layer[cursor[l]].end <= from) cursor[l]++;
        const it = layer[cursor[l]];
        if (it && it.start <= from) want.push(it);
      }
      let k = 0;
      while (k < stack.length && k < want.length && stack[k].it === want[k]) k++;
      stack = stack.slice(0, k);
      for (let j = k; j < want.length; j++) {
        const it = want[j];
        let el;
        if (it.cue) (el = document.createElement('em')).className = 'cue';
        else el = mark(it, pieces, order);
        (stack.length ? stack[stack.length - 1].el : div).append(el);
        stack.push({ it, el });
      }
      (stack.length ? stack[stack.length - 1].el : div).append(text.slice(from, to));
    }
    // Items that end in this block are done; one that crosses into the next block stays.
    for (const layer of layers) {
      let n = 0;
      while (n < layer.length && layer[n].end <= b) n++;
      layer.splice(0, n);
    }
    a = b;
  };

  const step = (until, parent) => {
    while (a < len) {
      block(parent);
      if (performance.now() >= until) break;
    }
    return a >= len;
  };
  return { step, pieces, order };
}

function mark(it, pieces, order) {
  const { s, i } = it;
  const el = document.createElement('mark');
  el.className = `m ${s.category[0]} k-${String(s.kind).toLowerCase()}`;
  el.dataset.i = i;
  if (s.group != null) el.dataset.g = s.group;
  const list = (pieces[i] ??= []);
  if (list.length) el.classList.add('cont');
  else {
    el.tabIndex = 0;
    order.push(el);
  }
  list.push(el);
  return el;
}

/**
 * A TIMEX3 value in words ("2024-07" → "July 2024"); '' when it has no simple reading.
 * With kind "SET", a period reads as a frequency ("P1D" → "every day").
 */
export function human(v, kind) {
  if (!v) return '';
  if (kind === 'SET' && v[0] === 'P') {
    const d = human(v);
    return d && `every ${d.replace(/^1 (\w+?)s?$/, '$1')}`;
  }
  const MON = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
    'September', 'October', 'November', 'December'];
  const DAY = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  const PART = { MO: 'morning', MI: 'midday', AF: 'afternoon', EV: 'evening', NI: 'night', DT: 'daytime' };
  const SEASON = { SP: 'spring', SU: 'summer', FA: 'autumn', WI: 'winter' };
  const REF = { PRESENT_REF: 'now', PAST_REF: 'the past', FUTURE_REF: 'the future' };
  let m;
  if (REF[v]) return REF[v];
  if ((m = /^(\d{4})-(\d\d)-(\d\d)(?:T(?:(\d\d):(\d\d)|(MO|MI|AF|EV|NI|DT)))?$/.exec(v))) {
    const d = new Date(Date.UTC(2000, +m[2] - 1, +m[3]));
    d.setUTCFullYear(+m[1]);
    if (d.getUTCDate() !== +m[3]) return '';
    return `${DAY[d.getUTCDay()]}, ${MON[+m[2] - 1]} ${+m[3]}, ${m[1]}${m[4] ? `, ${m[4]}:${m[5]}` : ''}${m[6] ? `, ${PART[m[6]]}` : ''}`;
  }
  if ((m = /^(\d{4})-(\d\d)$/.exec(v))) return MON[+m[2] - 1] ? `${MON[+m[2] - 1]} ${m[1]}` : '';
  if ((m = /^(\d{4})-W(\d\d)$/.exec(v))) return `week ${+m[2]} of ${m[1]}`;
  if ((m = /^(\d{4})-Q([1-4])$/.exec(v))) return `Q${m[2]} ${m[1]}`;
  if ((m = /^(\d{4})-H([12])$/.exec(v))) return `${m[2] === '1' ? 'first' : 'second'} half of ${m[1]}`;
  if ((m = /^(\d{4})-(SP|SU|FA|WI)$/.exec(v))) return `${SEASON[m[2]]} ${m[1]}`;
  if (/^\d{4}$/.test(v)) return v;
  if ((m = /^(\d{3})X?$/.exec(v))) return `the ${m[1]}0s`;
  if ((m = /^(\d\d)XX$/.exec(v))) return `the ${m[1]}00s`;
  if (/^\d\d$/.test(v)) return `the ${+v + 1}th century`;
  if ((m = /^(?:T|XXXX-XX-XXT)(\d\d):(\d\d)$/.exec(v))) return `${m[1]}:${m[2]}`;
  if ((m = /^XXXX-WXX-([1-7])$/.exec(v))) return `every ${DAY[+m[1] % 7]}`;
  if ((m = /^P(?:([\d.]+|X)Y)?(?:([\d.]+|X)M)?(?:([\d.]+|X)W)?(?:([\d.]+|X)D)?(?:T(?:([\d.]+|X)H)?(?:([\d.]+|X)M)?(?:([\d.]+|X)S)?)?$/.exec(v))) {
    const units = ['year', 'month', 'week', 'day', 'hour', 'minute', 'second'];
    const parts = m.slice(1).map((n, k) => n && (n === 'X' ? `some ${units[k]}s` : `${n} ${units[k]}${n === '1' ? '' : 's'}`)).filter(Boolean);
    return parts.join(', ');
  }
  return '';
}

/** Reduces HTML to readable text without rendering it: parsed inert, walked, never inserted. */
export function htmlToText(html) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const n of doc.querySelectorAll('script,style,noscript,template,svg,iframe,object,head')) n.remove();
  const root = doc.querySelector('article') ?? doc.body ?? doc.documentElement;
  const block = /^(P|DIV|H[1-6]|LI|UL|OL|DL|DT|DD|BLOCKQUOTE|PRE|TR|TABLE|SECTION|ARTICLE|HEADER|FOOTER|MAIN|ASIDE|NAV|FIGURE|FIGCAPTION|ADDRESS|HR)$/;
  let text = '';
  const walk = (node, pre) => {
    for (const c of node.childNodes) {
      if (c.nodeType === 3) text += pre ? c.data : c.data.replace(/\s+/g, ' ');
      else if (c.nodeType === 1) {
        if (c.tagName === 'BR') { text += '\n'; continue; }
        const b = block.test(c.tagName);
        if (b) text += '\n\n';
        walk(c, pre || c.tagName === 'PRE');
        if (b) text += '\n\n';
      }
    }
  };
  if (root) walk(root, false);
  return text.replace(/[ \t]*\n[ \t]*/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}
