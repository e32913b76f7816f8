// Writes the hostable site, minified, from the readable sources in www/ (and the core that
// `make wasm` put in www/pkg) to dist/ (or the folder given as the first argument).
//
//   node scripts/build-site.mjs [OUT_DIR [SRC_DIR]]      (run by `make build`; www -> dist)
//
// Every file keeps its name and place, so the module graph, the service worker's file list and
// any link into the page stay the same: scripts and the stylesheet are minified one by one by
// esbuild (no bundling), the HTML loses its indentation, the rest (the wasm, the icon, the
// example text) is copied. TypeScript declarations are left out: browsers never fetch them.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = process.argv[2] ?? join(root, 'dist');
const src = process.argv[3] ?? join(root, 'www');

if (!existsSync(join(src, 'pkg/annotator_bg.wasm')) || !existsSync(join(src, 'pkg/annotator.js'))) {
  console.error(`build-site: ${src}/pkg is missing: run \`make wasm\` first`);
  process.exit(2);
}

/** Every file under `dir`, as paths relative to `src`, hidden files and declarations left out. */
function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.name.startsWith('.')) return [];
    if (e.isDirectory()) return files(p);
    return e.name.endsWith('.d.ts') || e.name.endsWith('.map') ? [] : [relative(src, p)];
  });
}

/**
 * The HTML without the indentation of its lines. Safe for this page: a run of white space
 * that holds a line break is shown as one space wherever it is shown at all, and a line break
 * stays; there is no <pre> or pre-filled <textarea> whose content would change.
 */
function minifyHtml(html) {
  if (/<pre[\s>]|<textarea[^>]*>[^<]/i.test(html)) throw new Error('index.html: <pre> or text in a <textarea>: teach minifyHtml');
  return html.replace(/\n[ \t]+/g, '\n');
}

rmSync(out, { recursive: true, force: true });
let before = 0, after = 0;
for (const f of files(src)) {
  const from = join(src, f), to = join(out, f);
  mkdirSync(dirname(to), { recursive: true });
  if (f.endsWith('.js') || f.endsWith('.css')) {
    const code = readFileSync(from, 'utf8');
    // No `format`: each file stays what it is (an ES module, or sw.js a classic worker script).
    const r = await transform(code, { loader: f.endsWith('.css') ? 'css' : 'js', minify: true, legalComments: 'none', sourcefile: f });
    for (const w of r.warnings) console.warn(`build-site: ${f}: ${w.text}`);
    writeFileSync(to, r.code);
    before += code.length;
    after += r.code.length;
  } else if (f.endsWith('.html')) {
    const html = readFileSync(from, 'utf8');
    writeFileSync(to, minifyHtml(html));
  } else {
    cpSync(from, to);
  }
}
console.log(`build-site: ${relative(process.cwd(), out) || out}/ written (scripts and styles ${before} -> ${after} bytes before gzip)`);
