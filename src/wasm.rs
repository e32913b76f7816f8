//! The WebAssembly binding: a thin layer over [`crate::annotate`], compiled only for wasm32.
//! Offsets in everything it returns are UTF-16 code units (what JavaScript strings index).
//!
//! Options (a small object) are read with js-sys. Spans and entity groups are written as
//! flat records of numbers into the core's memory and turned into objects by a few lines of
//! JS (`push` below), a batch of records per call: no JSON to write, decode and parse, and
//! every repeated string (kinds, reasons, canonical names) crosses the boundary once.
//! serde-wasm-bindgen builds the one object that wraps them (`Result`), once per call.

use crate::hash::FxBuild;
use crate::output::{article_date, article_date_source, groups, Converter, GroupRef, Unit};
use crate::{annotate as annotate_text, Category, Detail, Kind, Options, Span};
use js_sys::{Array, Object, Reflect};
use serde::Serialize;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;

/// Talc instead of Rust's default wasm allocator (dlmalloc): 2.2 KB less gzipped wasm, the
/// same speed, wasm memory after a 10 MB text ×8.8 its size (dlmalloc ×8.2); behind a cache
/// of freed small blocks ([`crate::alloc_cache`]), which most allocations of a call reuse.
#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static ALLOCATOR: crate::alloc_cache::SizeClassCache<talc::wasm::WasmDynamicTalc> =
    crate::alloc_cache::SizeClassCache::new(talc::wasm::new_wasm_dynamic_allocator());

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Options for {@link annotate}. */
export interface AnnotateOptions {
  /** Date that relative expressions resolve against, `YYYY-MM-DD`. */
  articleDate?: string;
  /** Categories to run (all by default). */
  categories?: Array<"entity" | "time" | "claim">;
  /** Names to mark as entities wherever they occur (case-sensitive). */
  userEntities?: Array<{ text: string; kind: "PERSON" | "ORG" | "LOC" | "NORP" }>;
  /** Extra hedge phrases (case-insensitive). */
  userClaimPhrases?: string[];
}

export type EntityKind = "PERSON" | "ORG" | "LOC" | "NORP";
export type TimeKind = "DATE" | "TIME" | "DURATION" | "SET";
export type ClaimKind = "HEDGED" | "ATTRIBUTED" | "UNVERIFIED" | "DISPUTED" | "UNSOURCED";

/** A range of the input; offsets in UTF-16 code units, end exclusive. */
export interface TextRange { start: number; end: number; text: string; }

/** One highlight. `start`/`end` are UTF-16 code unit offsets (`text.slice(start, end)`). */
export interface AnnotatedSpan extends TextRange {
  category: "entity" | "time" | "claim";
  kind: EntityKind | TimeKind | ClaimKind;
  /** Human-readable name of the kind. */
  description: string;
  /** Why it was marked: the cue, lexicon or rule. */
  reason: string;
  /** Entity group id (entities). */
  group?: number;
  /** Fullest name of the entity (entities). */
  canonical?: string;
  /** TIMEX3 value, e.g. "2024-08-12", "PT1H" (times). */
  value?: string;
  /** Every claim kind, primary first (claims). */
  kinds?: ClaimKind[];
  /** The words that made it a claim (claims). */
  cues?: Array<TextRange & { kind: ClaimKind }>;
  /** Who makes the claim, where the text names it (claims). */
  source?: TextRange;
}

/** A linked entity and its mention count. */
export interface EntityGroup { id: number; kind: EntityKind; canonical: string; mentions: number; }

/** What {@link annotate} returns. */
export interface Annotations {
  /** Reference date used for relative expressions, `YYYY-MM-DD`, or null. */
  articleDate: string | null;
  /** Where the reference date came from. */
  articleDateSource: "options" | "dateline" | null;
  /** Spans sorted by start; spans of one category never overlap. */
  spans: AnnotatedSpan[];
  /** Linked entities in order of first mention. */
  groups: EntityGroup[];
}
"#;

#[wasm_bindgen(start)]
fn install_panic_hook() {
    console_error_panic_hook::set_once();
}

/// A JS `Error` whose message is `parts` joined (no `format!`: the formatting machinery
/// stays out of this binding).
fn error(parts: &[&str]) -> JsError {
    JsError::new(&parts.concat())
}

/// `"word"`, for error messages.
fn quoted(word: &str) -> String {
    ["\"", word, "\""].concat()
}

const KNOWN_OPTIONS: [&str; 4] = [
    "articleDate",
    "categories",
    "userEntities",
    "userClaimPhrases",
];

/// Property `key` of `object`, unless undefined or null.
fn field(object: &JsValue, key: &str) -> Option<JsValue> {
    let value = Reflect::get(object, &JsValue::from_str(key)).ok()?;
    (!value.is_undefined() && !value.is_null()).then_some(value)
}

/// `value` as a string, or the error that option `what` must be one.
fn string(value: &JsValue, what: &str) -> Result<String, JsError> {
    value
        .as_string()
        .ok_or_else(|| error(&["invalid options: ", what, " must be a string"]))
}

/// `value` as an array, or the error that option `what` must be one.
fn array(value: JsValue, what: &str) -> Result<Array, JsError> {
    if Array::is_array(&value) {
        Ok(Array::from(&value))
    } else {
        Err(error(&["invalid options: ", what, " must be an array"]))
    }
}

/// `value` as an array of strings.
fn strings(value: JsValue, what: &str) -> Result<Vec<String>, JsError> {
    array(value, what)?
        .iter()
        .map(|item| {
            item.as_string()
                .ok_or_else(|| error(&["invalid options: ", what, " must be an array of strings"]))
        })
        .collect()
}

/// The options object as JavaScript passes it, read property by property with js-sys.
/// (Not with serde-wasm-bindgen's deserializer: serde's type errors format floats, and that
/// formatting code cost the wasm 12 KB gzipped, 7% of the page budget. serde-wasm-bindgen
/// builds the result's entity groups instead, see `annotate`.)
struct JsOptions {
    article_date: Option<String>,
    categories: Option<Vec<String>>,
    user_entities: Vec<JsUserEntity>,
    user_claim_phrases: Vec<String>,
}

struct JsUserEntity {
    text: String,
    kind: String,
}

impl JsOptions {
    fn read(value: &JsValue) -> Result<JsOptions, JsError> {
        let article_date = field(value, "articleDate")
            .map(|v| string(&v, "articleDate"))
            .transpose()?;
        let categories = field(value, "categories")
            .map(|v| strings(v, "categories"))
            .transpose()?;
        let mut user_entities = Vec::new();
        if let Some(list) = field(value, "userEntities") {
            for entity in array(list, "userEntities")?.iter() {
                let part = |key: &str| {
                    field(&entity, key)
                        .and_then(|v| v.as_string())
                        .ok_or_else(|| {
                            error(&[
                                "invalid options: userEntities items need \"text\" and \"kind\" strings",
                            ])
                        })
                };
                user_entities.push(JsUserEntity {
                    text: part("text")?,
                    kind: part("kind")?,
                });
            }
        }
        let user_claim_phrases = field(value, "userClaimPhrases")
            .map(|v| strings(v, "userClaimPhrases"))
            .transpose()?
            .unwrap_or_default();
        Ok(JsOptions {
            article_date,
            categories,
            user_entities,
            user_claim_phrases,
        })
    }
}

fn parse_options(value: JsValue) -> Result<Options, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Options::new());
    }
    if !value.is_object() {
        return Err(error(&["options must be an object"]));
    }
    // Reject typos like "articledate" instead of silently ignoring them.
    for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !KNOWN_OPTIONS.contains(&key.as_str()) {
            return Err(error(&[
                "unknown option ",
                &quoted(&key),
                ": expected one of ",
                &KNOWN_OPTIONS.join(", "),
            ]));
        }
    }
    let js = JsOptions::read(&value)?;
    let mut options = Options::new();
    if let Some(date) = js.article_date {
        options = options
            .with_article_date(&date)
            .map_err(|e| JsError::new(&e.to_string()))?;
    }
    if let Some(names) = js.categories {
        let mut categories = Vec::new();
        for name in names {
            let category = Category::ALL
                .into_iter()
                .find(|c| c.as_str() == name)
                .ok_or_else(|| {
                    error(&[
                        "unknown category ",
                        &quoted(&name),
                        ": expected \"entity\", \"time\" or \"claim\"",
                    ])
                })?;
            categories.push(category);
        }
        options = options.with_categories(&categories);
    }
    for entity in js.user_entities {
        let kind = [Kind::Person, Kind::Org, Kind::Loc, Kind::Norp]
            .into_iter()
            .find(|k| k.label() == entity.kind)
            .ok_or_else(|| {
                error(&[
                    "user entity ",
                    &quoted(&entity.text),
                    ": unknown kind ",
                    &quoted(&entity.kind),
                    ": expected PERSON, ORG, LOC or NORP",
                ])
            })?;
        options = options
            .with_user_entity(&entity.text, kind)
            .map_err(|e| JsError::new(&e.to_string()))?;
    }
    for phrase in js.user_claim_phrases {
        options = options.with_user_claim_phrase(&phrase);
    }
    Ok(options)
}

// Builds the result's JS objects from records the core writes into its own memory: one
// call per batch of spans, each call reading numbers from a typed-array view and taking
// strings from a table that grows across the calls of one `annotate`. Each distinct
// string (a kind, a reason, a canonical name, a TIMEX3 value) reaches JS once, decoded
// with its batch's new strings in one piece; a span's text is a slice of the caller's
// own string (JS slices share it). Property order and presence are those of
// `output::SpanRecord`, so the objects equal what `JSON.parse` of the CLI's records gave.
#[wasm_bindgen(inline_js = r#"
const encoder = new TextEncoder();
export function encode_into(text, buffer) {
  if (buffer.length < text.length * 3) return -text.length * 3;
  return encoder.encodeInto(text, buffer).written;
}

export function push(out, groups, text, ends, blob, r, strings) {
  for (let k = 0, from = 0; k < ends.length; k++) {
    strings.push(blob.slice(from, ends[k]));
    from = ends[k];
  }
  const s = strings;
  for (let i = 0; i < r.length;) {
    const tag = r[i];
    if (tag === 3) {
      groups.push({ id: r[i + 1], kind: s[r[i + 2]], canonical: s[r[i + 3]], mentions: r[i + 4] });
      i += 5;
      continue;
    }
    const start = r[i + 1], end = r[i + 2], t = text.slice(start, end);
    const category = s[r[i + 3]], kind = s[r[i + 4]], description = s[r[i + 5]], reason = s[r[i + 6]];
    i += 7;
    if (tag === 0) {
      out.push({ start, end, text: t, category, kind, description, reason, group: r[i], canonical: s[r[i + 1]] });
      i += 2;
    } else if (tag === 1) {
      out.push({ start, end, text: t, category, kind, description, reason, value: s[r[i]] });
      i += 1;
    } else {
      const kinds = new Array(r[i]);
      for (let k = 0; k < kinds.length; k++) kinds[k] = s[r[i + 1 + k]];
      i += 1 + kinds.length;
      const cues = new Array(r[i]);
      for (let k = 0; k < cues.length; k++, i += 3) {
        const cs = r[i + 1], ce = r[i + 2];
        cues[k] = { start: cs, end: ce, text: text.slice(cs, ce), kind: s[r[i + 3]] };
      }
      if (r[i + 1] === 1) {
        const ss = r[i + 2], se = r[i + 3];
        const source = { start: ss, end: se, text: text.slice(ss, se) };
        out.push({ start, end, text: t, category, kind, description, reason, kinds, cues, source });
        i += 4;
      } else {
        out.push({ start, end, text: t, category, kind, description, reason, kinds, cues });
        i += 2;
      }
    }
  }
}
"#)]
extern "C" {
    /// Appends to `out` the span objects of `records` and to `groups` the group ones, after
    /// adding to `strings` the strings of `blob` that end (in UTF-16 units) at each of `ends`.
    fn push(
        out: &Array,
        groups: &Array,
        text: &JsValue,
        ends: &[u32],
        blob: &str,
        records: &[u32],
        strings: &Array,
    );
    /// Writes `text` (a string) as UTF-8 into `buffer` (a view of the core's memory, written
    /// in place; lone surrogates as U+FFFD) and returns the bytes written; or, if `buffer`
    /// has less than three bytes a UTF-16 code unit (the most one takes), writes nothing and
    /// returns minus that room.
    fn encode_into(text: &JsValue, buffer: &mut [u8]) -> i32;
}

/// The string `text` as UTF-8, written by the engine's own encoder straight into the
/// core's memory (several times faster than wasm-bindgen's `as_string`, a JS loop over the
/// characters, and no copy through a JS buffer), into room for three bytes a UTF-16 code
/// unit, the most one takes. The room left over is given back at once, before the core
/// allocates anything else, so it does not add to the peak memory of a call.
fn utf8(text: &JsValue) -> String {
    let room = encode_into(text, &mut []).unsigned_abs() as usize;
    let mut bytes = vec![0; room];
    let written = encode_into(text, &mut bytes);
    bytes.truncate(usize::try_from(written).unwrap_or(0));
    bytes.shrink_to_fit();
    // A TextEncoder writes valid UTF-8 (a lone surrogate becomes U+FFFD), so this never
    // fails (and if it did, the core would get an empty text, not undefined behaviour).
    String::from_utf8(bytes).unwrap_or_default()
}

/// The longest text (UTF-8 bytes) annotated with the allocator's cache of small blocks on.
const CACHED_TEXT_BYTES: usize = 256 * 1024;

/// Record tags, read by `push`.
const ENTITY: u32 = 0;
const TIME: u32 = 1;
const CLAIM: u32 = 2;
const GROUP: u32 = 3;

/// Slots of `Records::recent`, and their log2.
const RECENT_BITS: u32 = 6;
const RECENT: usize = 1 << RECENT_BITS;

/// Record numbers written per `push` call: bounds the extra memory a long text needs.
const BATCH: usize = 1 << 14;

/// Writes the records `push` turns into JS objects, and the string table they index.
struct Records<'a, 'j> {
    out: &'j Array,
    groups: &'j Array,
    text: &'j JsValue,
    /// The JS strings so far; `push` appends the new ones.
    strings: Array,
    records: Vec<u32>,
    /// The strings added since the last `push`, concatenated, and where each ends.
    blob: String,
    ends: Vec<u32>,
    blob_units: u32,
    /// Index in `strings` of each distinct string written.
    index: HashMap<&'a str, u32, FxBuild>,
    /// The last index found per slot for a string's address and length (see `string`).
    recent: [(usize, usize, u32); RECENT],
    /// Index of each kind's category, label and description, `u32::MAX` before first use.
    kinds: [[u32; 3]; 13],
    converter: Converter<'a>,
}

impl<'a, 'j> Records<'a, 'j> {
    /// `spans`: how many spans will be written (sizes the string index once: most spans
    /// bring at most one new string).
    fn new(
        out: &'j Array,
        groups: &'j Array,
        text: &'j JsValue,
        source: &'a str,
        spans: usize,
    ) -> Self {
        Records {
            out,
            groups,
            text,
            strings: Array::new(),
            records: Vec::with_capacity(BATCH + 64),
            blob: String::new(),
            ends: Vec::new(),
            blob_units: 0,
            index: HashMap::with_capacity_and_hasher(spans + 16, FxBuild::default()),
            recent: [(0, 0, 0); RECENT],
            kinds: [[u32::MAX; 3]; 13],
            converter: Converter::new(source, Unit::Utf16),
        }
    }

    /// The index of `s` in the string table, adding it on first use.
    fn string(&mut self, s: &'a str) -> u32 {
        // Most strings come again at the same address: reasons are constants and a group's
        // mentions share one canonical name. Every string borrowed here lives as long as the
        // records, so one address and length always hold the same text; the address alone
        // then finds the index, without hashing and comparing the text.
        let (address, len) = (s.as_ptr() as usize, s.len());
        let slot = (address ^ len).wrapping_mul(0x9e37_79b9) >> (usize::BITS - RECENT_BITS);
        if let Some(&(a, l, id)) = self.recent.get(slot) {
            if a == address && l == len {
                return id;
            }
        }
        let id = self.lookup(s);
        if let Some(r) = self.recent.get_mut(slot) {
            *r = (address, len, id);
        }
        id
    }

    /// [`Records::string`] by the text: hashed and looked up.
    fn lookup(&mut self, s: &'a str) -> u32 {
        let next = self.index.len() as u32;
        let id = *self.index.entry(s).or_insert(next);
        if id == next {
            self.blob.push_str(s);
            let units = if s.is_ascii() {
                s.len()
            } else {
                s.encode_utf16().count()
            };
            self.blob_units += units as u32;
            self.ends.push(self.blob_units);
        }
        id
    }

    /// The string indices of `kind`'s category, label and description.
    fn kind(&mut self, kind: Kind) -> [u32; 3] {
        let slot = kind as usize;
        match self.kinds.get(slot) {
            Some(ids) if ids[0] != u32::MAX => *ids,
            _ => {
                let ids = [
                    self.string(kind.category().as_str()),
                    self.string(kind.label()),
                    self.string(kind.description()),
                ];
                if let Some(s) = self.kinds.get_mut(slot) {
                    *s = ids;
                }
                ids
            }
        }
    }

    fn offset(&self, byte: usize) -> u32 {
        self.converter.convert(byte) as u32
    }

    fn span(&mut self, span: &'a Span) {
        let tag = match span.detail() {
            Detail::Entity { .. } => ENTITY,
            Detail::Time { .. } => TIME,
            Detail::Claim { .. } => CLAIM,
        };
        let [category, label, description] = self.kind(span.kind());
        let reason = self.string(span.reason());
        let (start, end) = (self.offset(span.start()), self.offset(span.end()));
        self.records
            .extend_from_slice(&[tag, start, end, category, label, description, reason]);
        match span.detail() {
            Detail::Entity { group, canonical } => {
                let canonical = self.string(canonical);
                self.records.extend_from_slice(&[*group, canonical]);
            }
            Detail::Time { value } => {
                let value = self.string(value);
                self.records.push(value);
            }
            Detail::Claim {
                kinds,
                cues,
                source,
            } => {
                self.records.push(kinds.len() as u32);
                for &k in kinds {
                    let label = self.kind(k)[1];
                    self.records.push(label);
                }
                self.records.push(cues.len() as u32);
                for cue in cues {
                    let label = self.kind(cue.kind())[1];
                    let (s, e) = (self.offset(cue.start()), self.offset(cue.end()));
                    self.records.extend_from_slice(&[s, e, label]);
                }
                match source {
                    Some(r) => {
                        let (s, e) = (self.offset(r.start), self.offset(r.end));
                        self.records.extend_from_slice(&[1, s, e]);
                    }
                    None => self.records.push(0),
                }
            }
        }
        if self.records.len() >= BATCH {
            self.flush();
        }
    }

    /// A group record: id, kind label, canonical name, mention count.
    fn group(&mut self, group: &GroupRef<'a>) {
        let label = self.kind(group.kind)[1];
        let canonical = self.string(group.canonical);
        self.records
            .extend_from_slice(&[GROUP, group.id, label, canonical, group.mentions as u32]);
        if self.records.len() >= BATCH {
            self.flush();
        }
    }

    /// Turns the records written so far into objects appended to the output array.
    fn flush(&mut self) {
        if self.records.is_empty() && self.ends.is_empty() {
            return;
        }
        push(
            self.out,
            self.groups,
            self.text,
            &self.ends,
            &self.blob,
            &self.records,
            &self.strings,
        );
        self.records.clear();
        self.ends.clear();
        self.blob.clear();
        self.blob_units = 0;
    }
}

/// Annotates `text`. `options` is `undefined` or `{ articleDate?: "YYYY-MM-DD",
/// categories?: ("entity" | "time" | "claim")[], userEntities?: { text, kind }[],
/// userClaimPhrases?: string[] }`. Returns `{ articleDate,
/// articleDateSource, spans, groups }`; every offset is in UTF-16 code units.
/// Throws an `Error` with a clear message on bad options.
#[wasm_bindgen(unchecked_return_type = "Annotations")]
pub fn annotate(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "AnnotateOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsError> {
    if !text.is_string() {
        return Err(error(&["the text to annotate must be a string"]));
    }
    let source = utf8(&text);
    // Long texts run without the cache of small blocks, which would cost them memory (see
    // `alloc_cache`); articles keep it.
    #[cfg(not(target_feature = "atomics"))]
    ALLOCATOR.set_caching(source.len() <= CACHED_TEXT_BYTES);
    let options = parse_options(options)?;
    let annotations = annotate_text(&source, &options);
    // A lone surrogate reached the core as U+FFFD (same UTF-16 length): span texts are cut
    // from the text the core saw, as they always were, so from a copy of it then.
    // (A byte-window test, not `str::contains`: that brings std's string searcher into the
    // wasm for this one use.)
    let bytes = source.as_bytes();
    let text = if bytes.contains(&0xEF) && bytes.windows(3).any(|w| w == "\u{FFFD}".as_bytes()) {
        JsValue::from_str(&source)
    } else {
        text
    };
    let spans = Array::new();
    let group_list = Array::new();
    {
        let mut records = Records::new(
            &spans,
            &group_list,
            &text,
            &source,
            annotations.spans().len(),
        );
        for span in annotations.spans() {
            records.span(span);
        }
        for group in &groups(&annotations) {
            records.group(group);
        }
        records.flush();
    }
    // One object per call: serde-wasm-bindgen writes it from the struct, `null` for a
    // missing date, the arrays passed through as they are.
    let result = JsResult {
        article_date: article_date(&annotations),
        article_date_source: article_date_source(&annotations),
        spans,
        groups: group_list,
    };
    result
        .serialize(
            &serde_wasm_bindgen::Serializer::new()
                .serialize_missing_as_null(true)
                .serialize_maps_as_objects(true),
        )
        .map_err(|_| error(&["the result could not be converted"]))
}

/// What `annotate` returns, as `output::Output` but with the spans and groups already built.
struct JsResult {
    article_date: Option<String>,
    article_date_source: Option<&'static str>,
    spans: Array,
    groups: Array,
}

/// Written as a map (turned into a plain object by `serialize_maps_as_objects`), not with
/// `#[derive(Serialize)]`: serde-wasm-bindgen caches a struct's field names in a hash map
/// of their own, code the wasm needs for nothing else (~1 KB gzipped).
impl Serialize for JsResult {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        /// An array passed through as it is.
        struct Preserved<'a>(&'a Array);
        impl Serialize for Preserved<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serde_wasm_bindgen::preserve::serialize(self.0, serializer)
            }
        }
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("articleDate", &self.article_date)?;
        map.serialize_entry("articleDateSource", &self.article_date_source)?;
        map.serialize_entry("spans", &Preserved(&self.spans))?;
        map.serialize_entry("groups", &Preserved(&self.groups))?;
        map.end()
    }
}

/// The crate version, for the page's footer and bug reports.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
