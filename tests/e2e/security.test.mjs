// Security in a real browser, with the real WebAssembly core: hostile text (classic OWASP
// filter-evasion payloads) pasted, typed or opened as a file is shown as text and never runs;
// the Content-Security-Policy blocks inline script; and nothing the page does after loading
// sends a request anywhere (the article never leaves the machine).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPage, settled } from './helpers.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

// Each payload would set window.__xss to its number if it ever ran (or load /x, /xss…).
const PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=2">',
  '<svg onload=window.__xss=3>',
  '<a href="javascript:window.__xss=4">click me</a>',
  '<iframe srcdoc="<script>parent.__xss=5</script>"></iframe>',
  '"><script>window.__xss=6</script>',
  "'><img src=x onerror=window.__xss=7>",
  '<body onload=window.__xss=8>',
  '<IMG SRC=JaVaScRiPt:window.__xss=9>',
  '<img src=x onerror=&#119;&#105;ndow.__xss=10>',
  '<img src=x onerror="\\u0077indow.__xss=11">',
  '%3Cscript%3Ewindow.__xss=12%3C/script%3E',
  '&lt;script&gt;window.__xss=13&lt;/script&gt;',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=14>',
  '<style>@import "javascript:window.__xss=15";</style><div style="background:url(javascript:window.__xss=15)">',
  '`${window.__xss=16}`',
  '<details open ontoggle=window.__xss=17>',
  '<input autofocus onfocus=window.__xss=18>',
  '<object data="javascript:window.__xss=19"></object><embed src="javascript:window.__xss=19">',
  '<scr<script>ipt>window.__xss=20</scr</script>ipt>',
  '<video><source onerror="window.__xss=21"></video>',
  '<noscript><p title="</noscript><img src=x onerror=window.__xss=22>">',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=23">',
  '<svg><animate onbegin=window.__xss=24 attributeName=x dur=1s>',
  '<form action="javascript:window.__xss=25"><button>go</button></form>',
];
// Articles carry the payloads between ordinary sentences, so the core finds real spans too.
const ARTICLE = PAYLOADS.map((p, i) => `Elon Musk said on Monday, Aug. ${(i % 28) + 1}, 2024, that ${p} may be fixed, reporters claimed.`)
  .join('\n');

const INJECTED = '#out script, #out img, #out svg, #out iframe, #out object, #out embed, #out video, #out audio, '
  + '#out math, #out style, #out a, #out input, #out form, #out details, #out meta, #out link, #out base, #out b, '
  + '#out [onerror], #out [onload], #out [href], #out [src], #out [style], #out [srcdoc]';

/** The output holds only the page's own structure: line blocks, marks, cue emphasis. */
async function assertOnlyOwnMarkup(page) {
  assert.equal(await page.locator(INJECTED).count(), 0, 'an element or attribute was injected into the output');
  const odd = await page.evaluate(() => [...document.querySelectorAll('#out *')].flatMap((e) => {
    const own = e.tagName === 'DIV' ? e.attributes.length === 0
      : e.tagName === 'MARK' ? [...e.attributes].every((a) => ['class', 'data-i', 'data-g', 'tabindex'].includes(a.name))
        : e.tagName === 'EM' ? e.className === 'cue' && e.attributes.length === 1 : false;
    return own ? [] : [e.outerHTML.slice(0, 120)];
  }));
  assert.deepEqual(odd, [], 'elements the renderer does not make');
}

/** No payload ran: no sentinel, no inline handler fired, no request for their targets. */
async function assertNothingRan(page, requests) {
  // Give onerror/onload/ontoggle/animations a chance to fire if anything had been injected.
  await page.locator('#out').hover();
  await page.waitForTimeout(400);
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'a payload ran');
  const fired = requests.filter((u) => /\/(x|xss)$|javascript:/i.test(u));
  assert.deepEqual(fired, [], 'a payload made the page load something');
}

/**
 * Console errors other than the browser's own notes that the CSP blocked something. Chromium
 * checks inline handlers (and <base>) against the page's policy even while parsing HTML into the
 * inert DOMParser document that htmlToText walks, so HTML input logs "blocked" notes: a second
 * wall working, not a failure (the sentinel checks prove nothing ran).
 */
const realErrors = (errors) => errors.filter((e) => !/Content Security Policy directive.*(The action has been blocked|is required to enable inline execution)/s.test(e));

async function waitDone(page) {
  await page.locator('#out mark').first().waitFor();
  await settled(page);
  assert.match(await page.locator('#status').textContent(), /names?, \d+ timing/);
}

test('pasted payloads (clipboard with text/plain and text/html) stay text and never run', async () => {
  const { context, page, errors, requests } = await openPage(browser, server,
    { permissions: ['clipboard-read', 'clipboard-write'] });
  // The HTML flavour of the clipboard holds the payloads as live markup, as a copy from a web page would.
  await page.evaluate(async ([plain, html]) => {
    await navigator.clipboard.write([new ClipboardItem({
      'text/plain': new Blob([plain], { type: 'text/plain' }),
      'text/html': new Blob([html], { type: 'text/html' }),
    })]);
  }, [ARTICLE, `<p>${PAYLOADS.join('</p><p>')}</p>`]);
  await page.focus('#text');
  await page.keyboard.press('Control+V');
  assert.equal(await page.inputValue('#text'), ARTICLE, 'the plain-text flavour is what a textarea takes');
  await page.click('#run');
  await waitDone(page);
  assert.equal(await page.locator('#out').textContent(), ARTICLE);
  await assertOnlyOwnMarkup(page);
  await assertNothingRan(page, requests);

  // A clipboard holding only HTML goes through the page's own HTML-to-text path.
  await page.fill('#text', '');
  await page.evaluate((html) => {
    const dt = new DataTransfer();
    dt.setData('text/html', html);
    document.getElementById('text').dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, `<p>Elon Musk said on Monday that</p>${PAYLOADS.map((p) => `<div>${p} may be fixed.</div>`).join('')}`);
  const fromHtml = await page.inputValue('#text');
  assert.match(fromHtml, /^Elon Musk said on Monday that\n\n/);
  assert.match(fromHtml, /window\.__xss=12/, 'escaped text in the HTML stays readable text');
  await page.click('#run');
  await waitDone(page);
  assert.equal(await page.locator('#out').textContent(), fromHtml);
  await assertOnlyOwnMarkup(page);
  await assertNothingRan(page, requests);
  assert.deepEqual(realErrors(errors), []);
  await context.close();
});

test('a typed payload stays text and never runs', async () => {
  const { context, page, errors, requests } = await openPage(browser, server);
  const typed = 'Elon Musk wrote <img src=x onerror=window.__xss=2> on Monday.';
  await page.locator('#text').pressSequentially(typed, { delay: 2 });
  // Typing annotates by itself after a pause.
  await page.locator('#out mark').first().waitFor();
  await settled(page);
  assert.equal(await page.locator('#out').textContent(), typed);
  assert.ok((await page.locator('#out').textContent()).includes('<img src=x onerror=window.__xss=2>'));
  await assertOnlyOwnMarkup(page);
  await assertNothingRan(page, requests);
  assert.deepEqual(errors, []);
  await context.close();
});

test('payloads opened as .txt and .html files stay text and never run', async () => {
  const { context, page, errors, requests } = await openPage(browser, server);
  await page.setInputFiles('#file', { name: 'payloads.txt', mimeType: 'text/plain', buffer: Buffer.from(ARTICLE) });
  await waitDone(page);
  const shown = await page.locator('#out').textContent();
  assert.equal(shown, ARTICLE, 'a .txt file is shown exactly');
  for (const p of PAYLOADS) assert.ok(shown.includes(p), `payload missing from the text: ${p}`);
  await assertOnlyOwnMarkup(page);
  await assertNothingRan(page, requests);

  const html = `<!doctype html><html><head><script>window.__xss=100</script><base href="http://evil.invalid/">
    <meta http-equiv="refresh" content="0;url=javascript:window.__xss=101"></head>
    <body onload="window.__xss=102"><h1>Report</h1>${PAYLOADS.map((p) => `<p>Elon Musk said on Monday that ${p} may be fixed.</p>`).join('\n')}
    </body></html>`;
  await page.setInputFiles('#file', { name: 'payloads.html', mimeType: 'text/html', buffer: Buffer.from(html) });
  await page.waitForFunction(() => document.getElementById('out').textContent.startsWith('Report'));
  await settled(page);
  const text = await page.inputValue('#text');
  assert.equal(await page.locator('#out').textContent(), text, 'the output shows the text taken from the HTML');
  assert.ok(text.includes('window.__xss=12'), 'text content of the HTML is kept');
  assert.ok(!text.includes('window.__xss=100'), 'script contents are dropped, not shown');
  await assertOnlyOwnMarkup(page);
  await assertNothingRan(page, requests);
  assert.ok(!requests.some((u) => u.includes('evil.invalid')));
  assert.deepEqual(realErrors(errors), []);
  await context.close();
});

test('the Content-Security-Policy blocks inline script in the page', async () => {
  const { context, page, errors } = await openPage(browser, server);
  const r = await page.evaluate(() => new Promise((resolve) => {
    const seen = [];
    document.addEventListener('securitypolicyviolation', (e) => seen.push(e.effectiveDirective));
    const s = document.createElement('script');
    s.textContent = 'window.__xss = "inline"';
    document.body.append(s);
    const img = document.createElement('img');
    img.setAttribute('onerror', 'window.__xss = "handler"');
    img.src = 'data:,x';
    document.body.append(img);
    setTimeout(() => resolve({ seen, xss: window.__xss }), 500);
  }));
  assert.equal(r.xss, undefined, 'inline script or handler ran');
  assert.ok(r.seen.includes('script-src-elem'), `no violation for the inline <script>: ${r.seen}`);
  assert.ok(r.seen.includes('script-src-attr'), `no violation for the inline handler: ${r.seen}`);
  // The browser reports exactly these blocked attempts, nothing else went wrong.
  assert.ok(errors.length >= 1 && errors.every((e) => /Content Security Policy/.test(e)), errors.join('\n'));
  await context.close();
});

test('nothing leaves: no other origin ever, no request at all while annotating, exporting, opening files', async () => {
  // Service workers allowed here, so requests made by the worker and the service worker count too.
  const { context, page, errors, requests } = await openPage(browser, server,
    { serviceWorkers: 'allow', acceptDownloads: true, permissions: ['clipboard-read', 'clipboard-write'] });
  const detail = [];
  context.on('request', (r) => detail.push({ url: r.url(), method: r.method(), body: r.postData() ?? '' }));
  // Load is over once the service worker controls the page and has cached the files.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    for (let i = 0; i < 100 && !navigator.serviceWorker.controller; i++) await new Promise((r) => setTimeout(r, 50));
  });
  await page.waitForTimeout(300);
  const atLoad = detail.length;
  const foreignAtLoad = requests.filter((u) => !u.startsWith(`${server.origin}/`));
  assert.deepEqual(foreignAtLoad, [], 'requests to other origins while loading');

  const secret = 'Zyxwv Qutsrpo, the whistleblower, said on Monday that Elon Musk may resign';
  const text = `${secret}.\nShe met Donald Trump in Paris on Aug. 12, 2024, officials claimed.`;
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.focus('#text');
  await page.keyboard.press('Control+V');
  await page.locator('#out mark').first().waitFor();
  await settled(page);
  await page.keyboard.type(' More text typed here.');
  await page.keyboard.press('Control+Enter');
  await settled(page);
  const grab = async (id) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(id)]);
    const chunks = [];
    for await (const c of await d.createReadStream()) chunks.push(c);
    return Buffer.concat(chunks).toString('utf8');
  };
  assert.ok((await grab('#export-json')).includes(secret));
  assert.ok((await grab('#export-wa')).includes('AnnotationCollection'));
  await page.setInputFiles('#file', { name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from(`File: ${secret}.`) });
  await page.waitForFunction(() => document.getElementById('out').textContent.startsWith('File:'));
  await settled(page);
  await page.setInputFiles('#file', { name: 'b.html', mimeType: 'text/html',
    buffer: Buffer.from(`<p>Page: ${secret}.</p><img src="https://example.com/t.gif"><link rel=stylesheet href="https://example.com/s.css">`) });
  await page.waitForFunction(() => document.getElementById('out').textContent.startsWith('Page:'));
  await settled(page);
  await page.locator('#out mark').first().focus();
  await page.waitForTimeout(500);

  const after = detail.slice(atLoad);
  const foreign = requests.filter((u) => !u.startsWith(`${server.origin}/`) && !u.startsWith('blob:'));
  assert.deepEqual(foreign, [], 'requests to other origins');
  assert.ok(!detail.some((d) => d.url.includes('Zyxwv') || d.body.includes('Zyxwv')), 'article text in a request');
  // After load the only request allowed is the export module, fetched from the page's own
  // origin on first export (by the page and, network first, by the service worker): code, no data.
  // Downloads are blob: URLs made in the page.
  const extra = after.filter((d) => !(d.method === 'GET' && d.url === `${server.origin}/export.js` && !d.body)
    && !d.url.startsWith('blob:'));
  assert.deepEqual(extra, [], 'requests after load while annotating, exporting and opening files');
  assert.deepEqual(errors, []);
  await context.close();
});
