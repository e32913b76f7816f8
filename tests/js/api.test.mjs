// The JS module API (www/pkg, built by `make build`) used from Node, as another web app or a
// script would use it: types of the result, UTF-16 offsets, and clear errors on bad options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = `${root}www/pkg/annotator.js`;
assert.ok(existsSync(pkg), 'www/pkg is missing: run `make build` first');
const { initSync, annotate, version } = await import(pkg);
initSync({ module: readFileSync(`${root}www/pkg/annotator_bg.wasm`) });
const example = readFileSync(`${root}www/example-article.txt`, 'utf8');

test('the example article yields all three categories with UTF-16 offsets', () => {
  const result = annotate(example, { articleDate: '2024-08-13' });
  assert.equal(result.articleDate, '2024-08-13');
  assert.equal(result.articleDateSource, 'options');
  for (const category of ['entity', 'time', 'claim']) {
    assert.ok(result.spans.some((s) => s.category === category), `no ${category} span`);
  }
  for (const span of result.spans) {
    assert.equal(example.slice(span.start, span.end), span.text);
    for (const cue of span.cues ?? []) assert.equal(example.slice(cue.start, cue.end), cue.text);
    if (span.source) assert.equal(example.slice(span.source.start, span.source.end), span.source.text);
  }
  const date = result.spans.find((s) => s.text === 'Aug. 12, 2024');
  assert.equal(date?.value, '2024-08-12');
  const musk = result.groups.find((g) => g.canonical === 'Elon Musk');
  assert.ok(musk && musk.mentions >= 3, JSON.stringify(result.groups));
});

test('offsets count surrogate pairs as two units', () => {
  const text = '😀😀 Elon Musk met 東京 officials on Aug. 12, 2024.';
  const result = annotate(text, { articleDate: '2024-08-13' });
  const musk = result.spans.find((s) => s.text === 'Elon Musk');
  assert.ok(musk, JSON.stringify(result.spans));
  assert.equal(musk.start, 5);
  assert.equal(text.slice(musk.start, musk.end), 'Elon Musk');
});

test('bad options throw an Error that says what is wrong', () => {
  assert.throws(() => annotate('x', { articleDate: '2024-02-30' }), /article date/);
  assert.throws(() => annotate('x', { articledate: '2024-02-01' }), /unknown option "articledate"/);
  assert.throws(() => annotate('x', { categories: ['people'] }), /unknown category "people"/);
  assert.throws(() => annotate('x', { userEntities: [{ text: 'Acme', kind: 'THING' }] }), /unknown kind/);
  assert.throws(() => annotate('x', 42), /options must be an object/);
});

test('options select categories and add user words', () => {
  const text = 'Zorblax Industries may expand, insiders whisper.';
  const none = annotate(text, { categories: [] });
  assert.equal(none.spans.length, 0);
  const withUser = annotate(text, {
    categories: ['entity', 'claim'],
    userEntities: [{ text: 'Zorblax Industries', kind: 'ORG' }],
    userClaimPhrases: ['insiders whisper'],
  });
  const org = withUser.spans.find((s) => s.category === 'entity');
  assert.equal(org?.text, 'Zorblax Industries');
  assert.equal(org?.kind, 'ORG');
  const claim = withUser.spans.find((s) => s.category === 'claim');
  assert.ok(claim?.cues.some((c) => c.text === 'insiders whisper'), JSON.stringify(claim));
  assert.equal(typeof version(), 'string');
});

test('empty and odd input give sensible results', () => {
  assert.deepEqual(annotate('', undefined).spans, []);
  for (const text of ['\u0000\u0000', '😀'.repeat(1000), '....!!!???', '\ud800 lone surrogate']) {
    const result = annotate(text, {});
    for (const s of result.spans) assert.ok(s.start < s.end && s.end <= text.length);
  }
});
