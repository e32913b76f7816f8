// The page's behaviour with a stand-in core (fake-core.mjs) that returns fixed spans, so each
// check has an exact expectation: nesting and splitting of marks, tooltips, legend toggles,
// panels, keyboard, export, saved state, files, word lists, the article date, stale results.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, settled } from './helpers.mjs';
import { useFakeCore } from './fake-core.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

async function fakePage(options = {}) {
  const context = await browser.newContext({ serviceWorkers: 'block', acceptDownloads: true, ...options });
  await useFakeCore(context);
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(server.url);
  await page.locator('#version').filter({ hasText: 'v0.0.0-fake' }).waitFor();
  return { context, page, errors };
}
async function example(page) {
  await page.click('#example');
  await page.locator('#out mark').first().waitFor();
  await settled(page);
}
const texts = (page, sel) => page.locator(sel).allTextContents();
async function annotate(page, text) {
  await page.fill('#text', text);
  await page.click('#run');
  await settled(page);
}

test('renderer: nests layers, splits crossing marks, keeps the text, ignores bad spans', async () => {
  const { context, page } = await fakePage();
  const r = await page.evaluate(async () => {
    const { render } = await import('/render.js');
    const text = 'Ab 👩‍👩‍👧 Elon Musk said X. Then cafe\u0301 e\u0301 東京 left.';
    const at = (s) => text.indexOf(s);
    const musk = at('Elon Musk'), said = at('said'), cafe = at('cafe\u0301');
    const spans = [
      { start: 0, end: musk + 4, category: 'claim', kind: 'HEDGED', cues: [{ start: 0, end: 2 }] }, // ends inside "Elon Musk"
      { start: 3, end: musk, category: 'time', kind: 'DATE' }, // covers the ZWJ emoji
      { start: musk, end: musk + 9, category: 'entity', kind: 'PERSON', group: 1 },
      { start: musk + 2, end: said, category: 'entity', kind: 'ORG' }, // overlaps within a layer: skipped
      { start: cafe, end: text.length - 1, category: 'claim', kind: 'DISPUTED', cues: [{ start: cafe, end: cafe + 6 }] },
      { start: cafe + 5, end: cafe + 10, category: 'entity', kind: 'LOC' },
      { start: 5, end: 999, category: 'time', kind: 'DATE' }, // out of range: skipped
      { start: 7, end: 7, category: 'time', kind: 'DATE' }, // empty: skipped
      { start: 1, end: 2, category: 'other', kind: 'X' }, // unknown category: skipped
    ];
    const div = document.createElement('div');
    const { frag, pieces } = render(text, spans);
    div.append(frag);
    const piecesText = pieces.map((p) => p && p.map((e) => e.textContent).join(''));
    const focusable = pieces.map((p) => p && p.map((e) => e.tabIndex));
    const hidden = render(text, spans, (s) => s.category !== 'entity');
    return {
      text, html: div.innerHTML, out: div.textContent, piecesText, focusable,
      slices: spans.map((s) => text.slice(s.start, s.end)),
      nestedEntity: [...div.querySelectorAll('mark.c > mark.e')].map((e) => e.textContent),
      cues: [...div.querySelectorAll('mark.c em.cue')].map((e) => e.textContent),
      hiddenEntities: hidden.pieces.filter((p, i) => p && spans[i].category === 'entity').length,
      innerHtmlFree: !div.querySelector('script,img'),
    };
  });
  assert.equal(r.out, r.text, 'rendered text differs from input');
  assert.equal(r.piecesText[0], r.slices[0]);
  assert.equal(r.piecesText[1], r.slices[1]);
  assert.equal(r.piecesText[2], 'Elon Musk', 'the entity split by the claim end must still cover its text');
  assert.deepEqual(r.focusable[2], [0, -1], 'only the first piece is focusable');
  assert.equal(r.piecesText[3], undefined, 'overlap within a layer is skipped');
  assert.equal(r.piecesText[4], r.slices[4]);
  assert.equal(r.piecesText[5], r.slices[5]);
  for (const i of [6, 7, 8]) assert.equal(r.piecesText[i], undefined, `bad span ${i} drawn`);
  assert.deepEqual(r.nestedEntity, ['Elon', r.slices[5]], 'entity pieces inside claims');
  assert.deepEqual(r.cues, ['Ab', 'cafe\u0301', ' '], 'a cue crossing an entity is split around it');
  assert.equal(r.hiddenEntities, 0);

  // Long texts are cut into blocks of whole lines; a mark across a block end is split.
  const b = await page.evaluate(async () => {
    const { render } = await import('/render.js');
    const text = `${'word '.repeat(500)}Start of a claim\nthat goes on.\n${'more '.repeat(500)}\nend`;
    const start = text.indexOf('Start'), end = text.indexOf('on.') + 3;
    const { frag, pieces, order } = render(text, [{ start, end, category: 'claim', kind: 'HEDGED' }]);
    const div = document.createElement('div');
    div.append(frag);
    return {
      same: div.textContent === text, blocks: [...div.children].map((d) => d.tagName + d.textContent.length),
      pieces: pieces[0].map((e) => [e.textContent, e.parentElement.tagName]), order: order.length,
    };
  });
  assert.ok(b.same);
  assert.deepEqual(b.blocks, ['DIV2517', 'DIV2515', 'DIV3']);
  assert.deepEqual(b.pieces, [['Start of a claim\n', 'DIV'], ['that goes on.', 'DIV']]);
  assert.equal(b.order, 1);
  await context.close();
});

test('renderer: TIMEX3 values in words, HTML reduced to text', async () => {
  const { context, page } = await fakePage();
  const r = await page.evaluate(async () => {
    const { human, htmlToText } = await import('/render.js');
    const values = ['2024-07', '2024-08-12', '2024-08-12T20:45', '2024-08-12TNI', '2024', '2024-W33', '2024-Q3',
      '2024-SU', 'PT1H', 'P3Y', 'PXD', 'XXXX-WXX-1', 'PRESENT_REF', '2024-02-30', 'nonsense'];
    return {
      human: Object.fromEntries(values.map((v) => [v, human(v)])),
      sets: ['P1D', 'P1Y', 'P2W', 'XXXX-WXX-5'].map((v) => human(v, 'SET')),
      decades: ['199X', '199', '19XX'].map((v) => human(v)),
      html: htmlToText('<html><head><title>T</title><style>p{}</style></head><body><nav>Menu</nav><article><h1>Head</h1>'
        + '<p>One <b>two</b>\n  three.</p><script>window.__xss=1</script><p>Four<br>five</p><img src=x onerror="window.__xss=1"></article></body></html>'),
      xss: window.__xss,
    };
  });
  assert.deepEqual(r.human, {
    '2024-07': 'July 2024', '2024-08-12': 'Monday, August 12, 2024', '2024-08-12T20:45': 'Monday, August 12, 2024, 20:45',
    '2024-08-12TNI': 'Monday, August 12, 2024, night', 2024: '2024', '2024-W33': 'week 33 of 2024', '2024-Q3': 'Q3 2024',
    '2024-SU': 'summer 2024', PT1H: '1 hour', P3Y: '3 years', PXD: 'some days', 'XXXX-WXX-1': 'every Monday',
    PRESENT_REF: 'now', '2024-02-30': '', nonsense: '',
  });
  assert.deepEqual(r.sets, ['every day', 'every year', 'every 2 weeks', 'every Friday']);
  assert.deepEqual(r.decades, ['the 1990s', 'the 1990s', 'the 1900s']);
  assert.equal(r.html, 'Head\n\nOne two three.\n\nFour\nfive');
  assert.equal(r.xss, undefined);
  await context.close();
});

test('marks nest, cue words are emphasized, output text equals input', async () => {
  const { context, page, errors } = await fakePage();
  await example(page);
  const input = await page.inputValue('#text');
  assert.equal(await page.locator('#out').textContent(), input);
  assert.deepEqual(await texts(page, 'mark.c mark.e'), ['Musk', 'Elon Musk']);
  assert.deepEqual(await texts(page, 'mark.c em.cue'), ['could not be independently verified', 'may have been', 'Some experts say']);
  assert.deepEqual(await texts(page, 'mark.t'), ['Monday night', 'an hour', 'in July', 'Aug. 12, 2024', 'every Monday']);
  assert.equal(await page.locator('[data-n=entity]').textContent(), '8');
  assert.equal(await page.locator('[data-n=time]').textContent(), '5');
  assert.equal(await page.locator('[data-n=claim]').textContent(), '3');
  assert.match(await page.locator('[data-k=claim]').textContent(), /Explicitly unverified 1/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('tooltips show on keyboard focus and hover, Esc hides them', async () => {
  const { context, page } = await fakePage();
  await example(page);
  await page.keyboard.press('n');
  const first = page.locator('#out mark').first();
  await assert.doesNotReject(first.evaluate((e) => e === document.activeElement || Promise.reject(new Error('not focused'))));
  assert.equal(await first.getAttribute('aria-describedby'), 'tip');
  assert.equal(await page.locator('#tip').isVisible(), true);
  assert.equal(await page.locator('#tip strong').textContent(), 'Person — Donald Trump (2 mentions)');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#tip').isVisible(), false);

  await page.locator('mark.t', { hasText: 'Aug. 12, 2024' }).hover();
  assert.equal(await page.locator('#tip strong').textContent(), 'Date — 2024-08-12 (Monday, August 12, 2024)');
  await page.locator('mark.c', { hasText: 'Musk attributed' }).focus();
  assert.equal(await page.locator('#tip strong').textContent(),
    'Explicitly unverified (also Attributed, unconfirmed) — source: Musk; cue: ‘could not be independently verified’');
  assert.match(await page.locator('#tip').textContent(), /Why: cue: could not/);
  // The tooltip stays inside the viewport.
  const box = await page.locator('#tip').boundingBox();
  const vw = await page.evaluate(() => innerWidth);
  assert.ok(box.x >= 0 && box.x + box.width <= vw, JSON.stringify(box));
  await context.close();
});

test('legend toggles hide and restore a category', async () => {
  const { context, page } = await fakePage();
  await example(page);
  for (const [cat, sel, n] of [['time', 'mark.t', 5], ['entity', 'mark.e[tabindex]', 8], ['claim', 'mark.c', 3]]) {
    await page.uncheck(`[data-cat=${cat}]`);
    assert.equal(await page.locator(sel).count(), 0, `${cat} still drawn`);
    assert.equal(await page.locator(`[data-n=${cat}]`).textContent(), String(n), 'count stays');
    await page.check(`[data-cat=${cat}]`);
    assert.equal(await page.locator(sel).count(), n);
  }
  assert.equal(await page.locator('#out').textContent(), await page.inputValue('#text'));
  await context.close();
});

test('panels: entities with counts step through mentions; timeline sorted; claims scroll to marks', async () => {
  const { context, page } = await fakePage();
  await example(page);
  assert.deepEqual(await texts(page, '#ents h3'), ['People (2)', 'Organizations (1)', 'Places (1)', 'Groups (1)']);
  const musk = page.locator('#ents button', { hasText: 'Elon Musk' });
  assert.equal(await musk.locator('.n').textContent(), '3');
  await musk.click();
  assert.equal(await musk.getAttribute('aria-pressed'), 'true');
  assert.deepEqual(await texts(page, '#out mark.sel'), ['Elon Musk', 'Musk', 'Elon Musk']);
  assert.match(await page.locator('#status').textContent(), /Elon Musk: mention 1 of 3/);
  assert.equal(await page.locator('#out mark.cur').textContent(), 'Elon Musk');
  await musk.click();
  assert.match(await page.locator('#status').textContent(), /mention 2 of 3/);
  assert.equal(await page.locator('#out mark.cur').textContent(), 'Musk');

  // Choosing a mention in the text selects its whole group.
  await page.locator('#out mark.e', { hasText: /^Donald Trump$/ }).focus();
  await page.keyboard.press('Enter');
  assert.deepEqual(await texts(page, '#out mark.sel'), ['Donald Trump', 'Trump']);
  assert.equal(await page.locator('#ents button', { hasText: 'Donald Trump' }).getAttribute('aria-pressed'), 'true');
  assert.equal(await musk.getAttribute('aria-pressed'), 'false');
  await page.locator('#out mark.e', { hasText: /^Musk$/ }).click();
  assert.deepEqual(await texts(page, '#out mark.sel'), ['Elon Musk', 'Musk', 'Elon Musk']);
  assert.equal(await page.locator('#out mark.cur').textContent(), 'Musk');

  assert.deepEqual(await texts(page, '#times q'), ['in July', 'Aug. 12, 2024', 'Monday night', 'an hour', 'every Monday']);
  assert.deepEqual(await texts(page, '#times b'), ['July 2024', 'Monday, August 12, 2024', 'Monday, August 12, 2024, night', '1 hour', 'every Monday']);

  const claims = page.locator('#claims button');
  assert.equal(await claims.count(), 3);
  assert.equal(await claims.first().locator('b').textContent(), 'Explicitly unverified · Attributed, unconfirmed');
  assert.equal(await claims.first().locator('small').textContent(), 'cue: ‘could not be independently verified’ · source: Musk');
  // Clicking an item of a hidden category shows the category again and focuses the mark.
  await page.uncheck('[data-cat=claim]');
  await claims.nth(2).click();
  assert.equal(await page.isChecked('[data-cat=claim]'), true);
  const focused = await page.evaluate(() => document.activeElement.matches('mark.c') && document.activeElement.textContent);
  assert.match(focused, /^Some experts say/);
  assert.equal(await page.locator('#tip').isVisible(), true);
  await context.close();
});

test('keyboard: n/p step through highlights, ? opens help', async () => {
  const { context, page } = await fakePage();
  await example(page);
  const active = () => page.evaluate(() => document.activeElement.textContent);
  await page.keyboard.press('n');
  assert.equal(await active(), 'Donald Trump');
  await page.keyboard.press('j');
  assert.equal(await active(), 'Elon Musk');
  await page.keyboard.press('p');
  await page.keyboard.press('k');
  assert.equal(await active(), 'every Monday', 'p from the first wraps to the last');
  await page.keyboard.press('?');
  assert.equal(await page.locator('#help').isVisible(), true);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#help').isVisible(), false);
  // Typing in the text box is not taken as a shortcut.
  await page.focus('#text');
  await page.keyboard.press('n');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'text');
  await context.close();
});

test('export: JSON with UTF-16 and code point offsets, Web Annotation JSON-LD', async () => {
  const { context, page } = await fakePage();
  const text = '😀👍🏽 Elon Musk spoke in July.';
  await page.fill('#text', text);
  await page.click('#run');
  await settled(page);
  const grab = async (id) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(id)]);
    const chunks = [];
    for await (const c of await download.createReadStream()) chunks.push(c);
    return [download.suggestedFilename(), JSON.parse(Buffer.concat(chunks).toString('utf8'))];
  };
  const [name, json] = await grab('#export-json');
  assert.equal(name, 'article-annotations.json');
  assert.equal(json.text, text);
  const musk = json.spans.find((s) => s.text === 'Elon Musk');
  assert.equal(text.slice(musk.start, musk.end), 'Elon Musk');
  assert.equal([...text].slice(musk.startCodePoint, musk.endCodePoint).join(''), 'Elon Musk');
  assert.equal(musk.startCodePoint, 4);
  assert.equal(musk.start, 7);

  const [wname, wa] = await grab('#export-wa');
  assert.equal(wname, 'article-annotations.jsonld');
  assert.equal(wa['@context'], 'http://www.w3.org/ns/anno.jsonld');
  assert.equal(wa.type, 'AnnotationCollection');
  assert.equal(wa.total, json.spans.length);
  const a = wa.first.items.find((x) => x.target.selector[1].exact === 'Elon Musk');
  assert.equal(a.type, 'Annotation');
  assert.match(a.id, /^urn:uuid:/);
  assert.match(a.target.source, /^urn:sha256:[0-9a-f]{64}$/);
  assert.deepEqual(a.target.selector[0], { type: 'TextPositionSelector', start: 4, end: 13 });
  assert.equal(a.target.selector[1].prefix, '😀👍🏽 ');
  assert.ok(a.body.some((b) => b.purpose === 'tagging' && b.value === 'PERSON'));
  await context.close();
});

test('saved text and settings survive a reload; corrupt storage is ignored with a notice', async () => {
  const { context, page } = await fakePage();
  await page.fill('#text', 'Elon Musk spoke.');
  await page.uncheck('[data-cat=time]');
  await page.click('#theme');
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('article-annotator') ?? '{}').text === 'Elon Musk spoke.');
  await page.reload();
  await page.locator('#out mark').first().waitFor();
  assert.equal(await page.inputValue('#text'), 'Elon Musk spoke.');
  assert.equal(await page.isChecked('[data-cat=time]'), false);
  assert.ok(['light', 'dark'].includes(await page.evaluate(() => document.documentElement.dataset.theme)));

  for (const bad of ['{not json', '{"v":1,"text":5}', '[1,2]', 'null']) {
    await page.evaluate((b) => localStorage.setItem('article-annotator', b), bad);
    await page.reload();
    await page.locator('#version').filter({ hasText: 'v0' }).waitFor();
    assert.match(await page.locator('#notice').textContent(), /could not be read/, bad);
    assert.equal(await page.inputValue('#text'), '');
    assert.equal(await page.evaluate(() => localStorage.getItem('article-annotator')), null);
  }
  await page.fill('#text', 'Secret draft.');
  await page.waitForFunction(() => localStorage.getItem('article-annotator')?.includes('Secret draft.'));
  await page.click('#forget');
  const onlyChoice = '{"v":1,"keep":false}';
  await page.waitForFunction((c) => localStorage.getItem('article-annotator') === c, onlyChoice);
  assert.equal(await page.isChecked('#keep'), false);
  // The choice survives a reload; typing then keeps nothing.
  await page.reload();
  await page.locator('#version').filter({ hasText: 'v0' }).waitFor();
  assert.equal(await page.isChecked('#keep'), false);
  assert.equal(await page.inputValue('#text'), '');
  await page.fill('#text', 'Another secret.');
  await page.waitForTimeout(600);
  assert.equal(await page.evaluate(() => localStorage.getItem('article-annotator')), onlyChoice);
  await page.check('#keep');
  await page.waitForFunction(() => localStorage.getItem('article-annotator')?.includes('Another secret.'));
  await context.close();
});

test('files: picker and drag-and-drop load text; HTML is reduced to text, never run', async () => {
  const { context, page } = await fakePage();
  const html = '<h1>Report</h1><p>Elon Musk met officials in July.</p><script>window.__xss=1</script>'
    + '<img src=x onerror="window.__xss=1"><p>&lt;b&gt;literal&lt;/b&gt;</p>';
  await page.setInputFiles('#file', { name: 'story.html', mimeType: 'text/html', buffer: Buffer.from(html) });
  await page.locator('#out mark').first().waitFor();
  assert.equal(await page.inputValue('#text'), 'Report\n\nElon Musk met officials in July.\n\n<b>literal</b>');
  assert.equal(await page.locator('#out').textContent(), await page.inputValue('#text'));
  assert.equal(await page.locator('#out b, #out img, #out script').count(), 0);

  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['Dropped: Donald Trump.\r\nNext line.'], 'drop.txt', { type: 'text/plain' }));
    document.getElementById('out').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await page.locator('#out mark', { hasText: 'Donald Trump' }).waitFor();
  assert.equal(await page.locator('#out').textContent(), 'Dropped: Donald Trump.\r\nNext line.', 'CRLF of a file is kept');

  await page.setInputFiles('#file', { name: 'x.bin', mimeType: 'application/octet-stream', buffer: Buffer.from([0, 1, 2, 0]) });
  await page.locator('#notice', { hasText: 'not a text file' }).waitFor();
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  await context.close();
});

test('word lists and the article date reach the core; a dateline fills the date field', async () => {
  const { context, page } = await fakePage();
  await page.click('#lists summary');
  await page.fill('[data-list=ORG]', 'Zorblax Industries\n\n');
  await page.fill('#text', 'PARIS, 2024-03-05 — Zorblax Industries grew.');
  await page.click('#run');
  await settled(page);
  assert.equal(await page.locator('#out mark.k-org').textContent(), 'Zorblax Industries');
  assert.equal(await page.inputValue('#date'), '2024-03-05');
  assert.equal(await page.locator('#date-note').textContent(), 'found in the dateline');
  await page.fill('#date', '2024-03-09');
  await settled(page);
  assert.equal(await page.locator('#date-note').textContent(), 'set by you');
  await page.fill('#text', 'No dateline here.');
  await page.click('#run');
  await settled(page);
  assert.equal(await page.inputValue('#date'), '2024-03-09', 'a date set by the user stays');
  await page.fill('#date', '');
  await settled(page);
  assert.equal(await page.inputValue('#date'), '');
  await context.close();
});

test('word lists export to JSON and import back; a bad file changes nothing', async () => {
  const { context, page } = await fakePage();
  await page.click('#lists summary');
  await page.fill('[data-list=PERSON]', 'Ada Quill\n  Bo Lind  ');
  await page.fill('[data-list=claims]', 'insiders whisper');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#lists-export')]);
  assert.equal(download.suggestedFilename(), 'article-annotator-word-lists.json');
  const chunks = [];
  for await (const c of await download.createReadStream()) chunks.push(c);
  const lists = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  assert.deepEqual(lists, { PERSON: ['Ada Quill', 'Bo Lind'], ORG: [], LOC: [], NORP: [], claims: ['insiders whisper'] });

  await page.fill('[data-list=PERSON]', '');
  const file = (name, body) => ({ name, mimeType: 'application/json', buffer: Buffer.from(body) });
  await page.setInputFiles('#lists-file', file('lists.json', JSON.stringify({ ...lists, ORG: ['Zorblax'] })));
  await page.locator('#notice').filter({ hasText: 'imported' }).waitFor();
  assert.equal(await page.inputValue('[data-list=PERSON]'), 'Ada Quill\nBo Lind');
  assert.equal(await page.inputValue('[data-list=ORG]'), 'Zorblax');

  for (const bad of ['not json', '{"PERSON": "Ada"}', '{"__proto__": ["x"]}', '[1,2]', '{"WEAPON": ["x"]}']) {
    await page.evaluate(() => { document.getElementById('notice').textContent = ''; });
    await page.setInputFiles('#lists-file', file('bad.json', bad));
    await page.locator('#notice').filter({ hasText: 'not a word-list file' }).waitFor();
    assert.equal(await page.inputValue('[data-list=ORG]'), 'Zorblax', `changed by ${bad}`);
  }
  await context.close();
});

test('copy as HTML puts the highlighted text with titles on the clipboard, escaped', async () => {
  const { context, page } = await fakePage({ permissions: ['clipboard-read', 'clipboard-write'] });
  const text = 'Elon Musk <b>spoke</b> & left in July.';
  await annotate(page, text);
  await page.click('#copy-html');
  await page.locator('#notice').filter({ hasText: 'Copied' }).waitFor();
  const [html, plain] = await page.evaluate(async () => {
    const [item] = await navigator.clipboard.read();
    return Promise.all(['text/html', 'text/plain'].map(async (t) => (await item.getType(t)).text()));
  });
  assert.equal(plain, text);
  assert.match(html, /<span style="[^"]+" title="Person — [^"]*">Elon Musk<\/span>/);
  assert.ok(html.includes('&lt;b&gt;spoke&lt;/b&gt; &amp; left'), html);
  assert.ok(!html.includes('<b>'), 'user text must arrive escaped');
  await context.close();
});

test('stale results are discarded; an "Annotating…" state shows meanwhile', async () => {
  const { context, page } = await fakePage();
  await page.evaluate(() => {
    window.__seen = [];
    new MutationObserver(() => window.__seen.push(document.getElementById('out').textContent))
      .observe(document.getElementById('out'), { childList: true, subtree: true });
  });
  await page.fill('#text', 'SLOW first text about Elon Musk.');
  await page.click('#run');
  assert.equal(await page.locator('#status').textContent(), 'Annotating…');
  assert.equal(await page.locator('#out').getAttribute('aria-busy'), 'true');
  await page.fill('#text', 'Second text about Donald Trump.');
  await page.click('#run');
  assert.equal(await page.evaluate(() => window.__seen.length), 0, 'the slow request was still pending');
  await page.locator('#out mark', { hasText: 'Donald Trump' }).waitFor();
  await settled(page);
  const seen = await page.evaluate(() => window.__seen);
  assert.ok(!seen.some((t) => t.startsWith('SLOW')), `a stale result was drawn: ${JSON.stringify(seen)}`);
  assert.match(await page.locator('#status').textContent(), /^1 name, 0 timing statements, 0 claims/);
  await context.close();
});

test('size cap: over 20 MB is refused with a plain message', async () => {
  const { context, page } = await fakePage();
  await page.evaluate(() => {
    const t = document.getElementById('text');
    t.value = 'a'.repeat(20 * 1024 * 1024 + 1);
    t.dispatchEvent(new Event('input'));
  });
  // The browser first lays out 20 MB in the text box: 6-9 s on the shared 2-core machine.
  await page.locator('#notice', { hasText: 'the limit is 20 MB' }).waitFor({ timeout: 30000 });
  await context.close();
});

test('narrow screens: one column, no sideways scrolling', async () => {
  const { context, page } = await fakePage({ viewport: { width: 380, height: 800 } });
  await example(page);
  const { sw, vw } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, vw: innerWidth }));
  assert.ok(sw <= vw, `page is ${sw}px wide in a ${vw}px viewport`);
  const [outBox, asideBox] = [await page.locator('#out').boundingBox(), await page.locator('aside').boundingBox()];
  assert.ok(asideBox.y > outBox.y, 'panels come after the text');
  await context.close();
});

test('typing annotates after a pause; pasted rich text arrives as plain text', async () => {
  const { context, page } = await fakePage();
  await page.locator('#text').pressSequentially('Donald Trump spoke.', { delay: 5 });
  await page.locator('#out mark', { hasText: 'Donald Trump' }).waitFor();
  await page.fill('#text', '');
  await page.focus('#text');
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.setData('text/html', '<p style="color:red">Elon <b>Musk</b> posted</p><p>in July.</p><script>window.__xss=1</script>');
    document.getElementById('text').dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  assert.equal(await page.inputValue('#text'), 'Elon Musk posted\n\nin July.');
  await page.locator('#out mark', { hasText: 'Elon Musk' }).waitFor();
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  await context.close();
});

test('a long annotation can be stopped, and the page keeps working', async () => {
  const { context, page } = await fakePage();
  await page.fill('#text', 'STUCK text about Elon Musk.');
  await page.click('#run');
  await page.locator('#stop').click();
  assert.match(await page.locator('#status').textContent(), /^Stopped/);
  assert.equal(await page.locator('#stop').isVisible(), false);
  assert.equal(await page.locator('#out mark').count(), 0);
  await page.locator('#version').filter({ hasText: 'v0.0.0-fake' }).waitFor();
  await annotate(page, 'Donald Trump again.');
  assert.equal(await page.locator('#out mark').textContent(), 'Donald Trump');
  await context.close();
});
