// The hostable site that `make build` writes (scripts/build-site.mjs): the same files as www/,
// minified, every file the page and its service worker ask for present. Built here into a
// temporary folder, so it checks the script itself, whatever dist/ holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const www = join(root, 'www');
assert.ok(existsSync(join(www, 'pkg/annotator_bg.wasm')), 'www/pkg is missing: run `make build` first');

const list = (dir) => readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && !e.name.startsWith('.'))
  .map((e) => relative(dir, join(e.parentPath ?? e.path, e.name))).sort();

test('build-site: www/ minified file by file, nothing missing, what the page loads is there', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'site-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  execFileSync(process.execPath, [join(root, 'scripts/build-site.mjs'), out], { stdio: 'pipe' });

  // The same names (declarations left out), so links, imports and the worker's cache list hold.
  assert.deepEqual(list(out), list(www).filter((f) => !f.endsWith('.d.ts')));
  for (const f of list(out).filter((f) => /\.(js|css)$/.test(f))) {
    const a = readFileSync(join(www, f), 'utf8'), b = readFileSync(join(out, f), 'utf8');
    assert.ok(b.length < a.length, `${f} not minified: ${a.length} -> ${b.length}`);
    if (f.endsWith('.js')) assert.ok(!b.includes('\n//') && !b.includes('/**'), `${f} keeps comments`);
  }
  assert.deepEqual(readFileSync(join(out, 'pkg/annotator_bg.wasm')), readFileSync(join(www, 'pkg/annotator_bg.wasm')));

  // The HTML keeps its policy and every file it names exists.
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'self';/);
  for (const [, ref] of html.matchAll(/(?:src|href)="([^"#:]+)"/g)) assert.ok(existsSync(join(out, ref)), `index.html names ${ref}`);

  // The service worker caches every file of the page for offline use: each must be served.
  const sw = readFileSync(join(out, 'sw.js'), 'utf8');
  const files = JSON.parse(`[${/\[((?:"[^"]*",?)+)\]/.exec(sw)?.[1] ?? ''}]`);
  assert.ok(files.includes('pkg/annotator_bg.wasm') && files.includes('app.js'), `cache list: ${files}`);
  for (const f of files.filter((f) => f !== './')) assert.ok(existsSync(join(out, f)), `sw.js caches ${f}, which is not built`);
  // ...and every script of the page is in it (a file left out would be missing offline).
  for (const f of list(out).filter((f) => f.endsWith('.js') && f !== 'sw.js')) assert.ok(files.includes(f), `${f} is not cached by sw.js`);
});
