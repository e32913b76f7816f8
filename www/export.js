// Downloads of the current annotations, loaded on first use: JSON with UTF-16 and code point
// offsets, and W3C Web Annotation JSON-LD (TextPositionSelector counts code points).

/** Maps each UTF-16 offset in `offsets` to a code point offset, in one pass over `text`. */
export function codePoints(text, offsets) {
  const map = new Map();
  let u = 0, cp = 0;
  for (const o of [...new Set(offsets)].sort((a, b) => a - b)) {
    while (u < o) {
      const c = text.charCodeAt(u);
      u += c >= 0xd800 && c < 0xdc00 && (text.charCodeAt(u + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
      cp++;
    }
    map.set(o, cp);
  }
  return map;
}

const ranges = (s) => [s, ...(s.cues ?? []), ...(s.source ? [s.source] : [])];

/** The plain JSON export: the text, every span with both kinds of offsets, the entity groups. */
export function toJson(text, result, version) {
  const cp = codePoints(text, result.spans.flatMap(ranges).flatMap((r) => [r.start, r.end]));
  const both = (r) => ({ ...r, startCodePoint: cp.get(r.start), endCodePoint: cp.get(r.end) });
  return {
    generator: `Article Annotator ${version}`,
    offsets: 'start/end: UTF-16 code units (JavaScript); startCodePoint/endCodePoint: Unicode code points (Python); end exclusive',
    articleDate: result.articleDate,
    articleDateSource: result.articleDateSource,
    text,
    spans: result.spans.map((s) => {
      const o = both(s);
      if (s.cues) o.cues = s.cues.map(both);
      if (s.source) o.source = both(s.source);
      return o;
    }),
    groups: result.groups,
  };
}

const MOTIVATION = { entity: 'identifying', time: 'describing', claim: 'assessing' };

/** The W3C Web Annotation export: an AnnotationCollection whose target is the text's hash. */
export async function toWebAnnotation(text, result, name) {
  let source = `urn:article-annotator:${encodeURIComponent(name)}`;
  try {
    const hash = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    source = `urn:sha256:${[...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
  } catch { /* no SubtleCrypto outside secure contexts: keep the name */ }
  const cp = codePoints(text, result.spans.flatMap((s) => [s.start, s.end]));
  const uuid = () => (crypto.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(16).slice(2)}`);
  const items = result.spans.map((s) => {
    const body = [{ type: 'TextualBody', purpose: 'tagging', value: s.kind }];
    const say = (purpose, value) => value && body.push({ type: 'TextualBody', purpose, value, format: 'text/plain' });
    say('identifying', s.canonical);
    say('describing', s.value && `TIMEX3 value ${s.value}`);
    say('describing', s.source && `source: ${s.source.text}`);
    say('describing', s.cues?.length && `cue: ${s.cues.map((c) => c.text).join('; ')}`);
    say('describing', `${s.description}: ${s.reason}`);
    return {
      id: `urn:uuid:${uuid()}`,
      type: 'Annotation',
      motivation: MOTIVATION[s.category],
      body,
      target: {
        source,
        selector: [
          { type: 'TextPositionSelector', start: cp.get(s.start), end: cp.get(s.end) },
          { type: 'TextQuoteSelector', exact: s.text, prefix: text.slice(Math.max(0, s.start - 32), s.start),
            suffix: text.slice(s.end, s.end + 32) },
        ],
      },
    };
  });
  return {
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    type: 'AnnotationCollection',
    label: `Article Annotator: ${name}`,
    total: items.length,
    first: { type: 'AnnotationPage', startIndex: 0, items },
  };
}

/** Builds one export and offers it as a download. */
export async function exportAs(kind, text, result, name, version) {
  const [data, type, ext] = kind === 'json'
    ? [toJson(text, result, version), 'application/json', 'json']
    : [await toWebAnnotation(text, result, name), 'application/ld+json', 'jsonld'];
  download(`${name}-annotations.${ext}`, type, data);
}

/** Offers `data` as a JSON file download named `filename`. */
export function download(filename, type, data) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
