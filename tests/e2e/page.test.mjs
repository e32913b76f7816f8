// The page with the real WebAssembly core (www/pkg, built by `make build`): loading without
// errors or third-party requests, the example article, exact marks on hard Unicode text and
// CRLF files, and pasted markup staying text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, launch, openPage, annotateText, settled, reference, drawnMarks, site } from './helpers.mjs';

const example = readFileSync(`${site}/example-article.txt`, 'utf8');
let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

/** Every drawn mark covers exactly the text of its span in the core's own answer. */
async function assertMarksExact(page, text, options = {}) {
  const ref = await reference(page, text, options);
  for (const s of ref.spans) {
    assert.equal(text.slice(s.start, s.end), s.text, `core offsets off for ${JSON.stringify(s)}`);
  }
  const drawn = await drawnMarks(page);
  assert.equal(drawn.length, ref.spans.length, 'every span is drawn');
  for (const { i, text: got } of drawn) assert.equal(got, ref.spans[i].text, `mark ${i} (${ref.spans[i].kind})`);
  assert.equal(await page.locator('#out').textContent(), text, 'rendered text equals the input');
  return ref;
}

test('loads with no console errors and no requests to other origins', async () => {
  const { context, page, errors, requests } = await openPage(browser, server);
  const csp = await page.getAttribute('meta[http-equiv=Content-Security-Policy]', 'content');
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/);
  assert.doesNotMatch(csp, /https?:|unsafe-inline|\*/);
  await page.click('#example');
  await page.waitForFunction(() => document.getElementById('out').textContent.startsWith('Livestream outage'));
  await settled(page);
  assert.deepEqual(errors, []);
  const foreign = requests.filter((u) => !u.startsWith(`${server.origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'));
  assert.deepEqual(foreign, [], 'requests to other origins');
  assert.ok(requests.some((u) => u.endsWith('/pkg/annotator_bg.wasm')));
  await context.close();
});

test('"Try an example" marks names, timing and claims with exactly the right text', async () => {
  const { context, page, errors } = await openPage(browser, server);
  await page.click('#example');
  await page.locator('#out mark').first().waitFor();
  await settled(page);
  assert.equal(await page.inputValue('#date'), '2024-08-13');
  const ref = await assertMarksExact(page, example, { articleDate: '2024-08-13' });

  const musk = page.locator('#out mark.e[tabindex]', { hasText: /^Elon Musk$/ }).first();
  assert.equal(await musk.textContent(), 'Elon Musk');
  await musk.focus();
  assert.match(await page.locator('#tip strong').textContent(), /^Person — Elon Musk \(\d+ mentions\)$/);

  const date = page.locator('#out mark.t', { hasText: /^Aug\. 12, 2024$/ });
  assert.equal(await date.count(), 1, 'time mark "Aug. 12, 2024"');
  await date.focus();
  assert.equal(await page.locator('#tip').isVisible(), true);
  assert.match(await page.locator('#tip strong').textContent(), /2024-08-12/);

  const claim = page.locator('#out mark.c', { hasText: 'could not be independently verified' });
  assert.equal(await claim.count(), 1, 'a claim mark around "could not be independently verified"');
  await claim.focus();
  assert.match(await page.locator('#tip').textContent(), /could not be independently verified/);
  assert.ok(ref.spans.some((s) => s.category === 'claim'));
  assert.ok((await page.locator('#out mark.c em.cue').count()) > 0, 'cue words emphasized');
  assert.deepEqual(errors, []);
  await context.close();
});

test('emoji (ZWJ, flags), CJK, combining marks: every mark covers exactly its text', async () => {
  const { context, page } = await openPage(browser, server);
  const text = '👩‍👩‍👧‍👦 Elon Musk 🇺🇸🇯🇵 met 東京 officials on Aug. 12, 2024, and Cafe\u0301 Ame\u0301lie\u0300 staff '
    + 'in Zu\u0308rich said the outage could not be independently verified. 🏳️‍🌈 Later, Donald Trump spoke in Paris '
    + 'for an hour on Monday.\n\nNATO 北京 👍🏽 officials said the report may have been wrong.';
  await annotateText(page, text);
  const ref = await assertMarksExact(page, text);
  for (const c of ['entity', 'time', 'claim']) assert.ok(ref.spans.some((s) => s.category === c), `no ${c} span`);
  assert.ok(await page.locator('#out mark.e', { hasText: /^Elon Musk$/ }).count());
  await context.close();
});

test('a CRLF file keeps its line ends and every mark its text', async () => {
  const { context, page } = await openPage(browser, server);
  const text = example.replace(/\n/g, '\r\n');
  await page.fill('#date', '2024-08-13');
  await page.setInputFiles('#file', { name: 'crlf.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
  await page.locator('#out mark').first().waitFor();
  await settled(page);
  const ref = await assertMarksExact(page, text, { articleDate: '2024-08-13' });
  assert.ok(ref.spans.length > 5);
  await context.close();
});

test('pasted markup stays text and never runs', async () => {
  const { context, page } = await openPage(browser, server);
  const text = 'Elon Musk wrote <img src=x onerror=window.__xss=1> and <script>window.__xss=1</script> '
    + '<b onmouseover=window.__xss=1>bold</b> &amp; <iframe src="javascript:window.__xss=1"></iframe> on Aug. 12, 2024.';
  await annotateText(page, text);
  await page.waitForTimeout(300);
  assert.equal(await page.locator('#out').textContent(), text);
  assert.equal(await page.locator('#out img, #out script, #out b, #out iframe').count(), 0);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  await assertMarksExact(page, text);
  await context.close();
});

test('category toggles hide marks; the entities panel counts mentions', async () => {
  const { context, page } = await openPage(browser, server);
  await page.click('#example');
  await page.locator('#out mark').first().waitFor();
  await settled(page);
  const ref = await reference(page, example, { articleDate: '2024-08-13' });
  for (const [cat, sel] of [['entity', 'mark.e'], ['time', 'mark.t'], ['claim', 'mark.c']]) {
    const n = ref.spans.filter((s) => s.category === cat).length;
    assert.equal(await page.locator(`[data-n=${cat}]`).textContent(), String(n));
    await page.uncheck(`[data-cat=${cat}]`);
    assert.equal(await page.locator(`#out ${sel}`).count(), 0);
    await page.check(`[data-cat=${cat}]`);
    assert.equal(await page.locator(`#out ${sel}[tabindex]`).count(), n);
  }
  const musk = ref.groups.find((g) => g.canonical === 'Elon Musk');
  assert.ok(musk, 'Elon Musk is a group');
  const button = page.locator('#ents button', { hasText: /^Elon Musk/ });
  assert.equal(await button.locator('.n').textContent(), String(musk.mentions));
  await button.click();
  assert.equal(await page.locator('#out mark.sel[tabindex]').count(), musk.mentions);
  assert.ok((await page.locator('#times button').count()) > 0);
  assert.ok((await page.locator('#claims button').count()) > 0);
  await context.close();
});

test('a dateline fills the article date; relative dates resolve against it', async () => {
  const { context, page } = await openPage(browser, server);
  const text = 'WASHINGTON, Aug. 12, 2024 (AP) — Officials said on Monday that the talks may resume.';
  await annotateText(page, text);
  const ref = await assertMarksExact(page, text);
  assert.equal(ref.articleDateSource, 'dateline');
  assert.equal(await page.inputValue('#date'), ref.articleDate);
  assert.equal(await page.locator('#date-note').textContent(), 'found in the dateline');
  const monday = page.locator('#out mark.t', { hasText: /^Monday$/ });
  await monday.focus();
  assert.match(await page.locator('#tip strong').textContent(), /^Date — 2024-08-12 \(Monday, August 12, 2024\)$/);
  await context.close();
});

test('your word lists reach the core', async () => {
  const { context, page } = await openPage(browser, server);
  await page.click('#lists summary');
  await page.fill('[data-list=ORG]', 'Zorblax Industries');
  await page.fill('[data-list=claims]', 'insiders whisper');
  const text = 'Zorblax Industries may expand abroad, insiders whisper.';
  await annotateText(page, text);
  await assertMarksExact(page, text, {
    userEntities: [{ text: 'Zorblax Industries', kind: 'ORG' }], userClaimPhrases: ['insiders whisper'],
  });
  assert.equal(await page.locator('#out mark.e.k-org').textContent(), 'Zorblax Industries');
  assert.ok(await page.locator('#out mark.c em.cue', { hasText: 'insiders whisper' }).count());
  await context.close();
});
