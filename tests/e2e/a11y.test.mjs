// Accessibility audit with axe-core (light and dark, with a tooltip and the help dialog open)
// and screenshots for the README. Screenshots go to tests/e2e/screenshots-tmp/, or to
// docs/screenshots/ with UPDATE_SCREENSHOTS=1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { startServer, launch, openPage, settled, root } from './helpers.mjs';
import { useFakeCore } from './fake-core.mjs';

const axe = readFileSync(`${root}node_modules/axe-core/axe.min.js`, 'utf8');
const shots = process.env.UPDATE_SCREENSHOTS ? `${root}docs/screenshots` : `${root}tests/e2e/screenshots-tmp`;
let server, browser;
before(async () => { server = await startServer(); browser = await launch(); mkdirSync(shots, { recursive: true }); });
after(async () => { await browser?.close(); await server?.stop(); });

async function audit(page, what) {
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  }));
  const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(found, [], `axe violations ${what}`);
  assert.ok(result.passes.length > 5, `axe ran (${result.passes.length} rules passed)`);
}

// The audit script is injected into the test context only (bypassCSP); the page's CSP is
// untouched in production.
async function annotatedPage(colorScheme, viewport = { width: 1280, height: 1200 }) {
  const opened = await openPage(browser, server, { bypassCSP: true, colorScheme, viewport },
    process.env.E2E_FAKE_CORE ? useFakeCore : undefined);
  const { page } = opened;
  await page.click('#example');
  await page.locator('#out mark').first().waitFor();
  await settled(page);
  await page.addScriptTag({ content: axe });
  return opened;
}

for (const scheme of ['light', 'dark']) {
  test(`axe finds no violations (${scheme})`, async () => {
    const { context, page, errors } = await annotatedPage(scheme);
    await audit(page, 'after annotating');
    await page.locator('#out mark.c[tabindex]').first().focus();
    await audit(page, 'with a tooltip open');
    await page.screenshot({ path: `${shots}/${scheme}.png` });
    await page.click('#ents button');
    await page.click('#lists summary');
    await audit(page, 'with an entity selected and word lists open');
    await page.click('#keys');
    await audit(page, 'with the help dialog open');
    await page.keyboard.press('Escape');
    // The other theme through the toggle, not the system setting.
    await page.click('#theme');
    await audit(page, 'after toggling the theme');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('axe finds no violations on an empty page and on a narrow screen', async () => {
  const { context, page } = await openPage(browser, server, { bypassCSP: true });
  await page.addScriptTag({ content: axe });
  await audit(page, 'on the empty page');
  await context.close();
  const narrow = await annotatedPage('light', { width: 390, height: 844 });
  await audit(narrow.page, 'on a narrow screen');
  await narrow.page.locator('#out mark.t[tabindex]').first().focus();
  await narrow.page.screenshot({ path: `${shots}/mobile.png` });
  await narrow.context.close();
});
