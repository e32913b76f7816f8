//! The WebAssembly binding: a thin layer over [`crate::annotate`], compiled only for wasm32.
//! Offsets in everything it returns are UTF-16 code units (what JavaScript strings index).
//!
//! Options (a small object) are read with serde-wasm-bindgen. Results are written as the
//! JSON of `output::SpanRecord`s (the CLI's records, in UTF-16 offsets) and parsed by the
//! engine in batches of spans: far fewer calls across the wasm boundary than building each
//! object property by property, and no second copy of every span.

use crate::output::{self, article_date, article_date_source, groups, Unit};
use crate::{annotate as annotate_text, Category, Kind, Options};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

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

/// Spans serialized per `JSON.parse` call (about 100 KB of JSON).
const SPANS_PER_BATCH: usize = 512;

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

/// The options object as JavaScript passes it. serde-wasm-bindgen reads only the fields a
/// struct names (so unknown keys are caught by the `KNOWN_OPTIONS` check instead).
#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct JsOptions {
    #[serde(default)]
    article_date: Option<String>,
    #[serde(default)]
    categories: Option<Vec<String>>,
    #[serde(default)]
    user_entities: Vec<JsUserEntity>,
    #[serde(default)]
    user_claim_phrases: Vec<String>,
}

#[derive(serde::Deserialize)]
struct JsUserEntity {
    text: String,
    kind: String,
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
    let js: JsOptions = serde_wasm_bindgen::from_value(value)
        .map_err(|e| error(&["invalid options: ", &e.to_string()]))?;
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

fn set(object: &Object, key: &str, value: &JsValue) {
    // Setting a property of a fresh plain object cannot fail.
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

/// `value` as JSON, parsed by the JS engine.
fn via_json<T: serde::Serialize>(value: &T, buffer: &mut Vec<u8>) -> Result<JsValue, JsError> {
    buffer.clear();
    serde_json::to_writer(&mut *buffer, value)
        .map_err(|e| error(&["internal error: ", &e.to_string()]))?;
    std::str::from_utf8(buffer)
        .ok()
        .and_then(|json| js_sys::JSON::parse(json).ok())
        .ok_or_else(|| error(&["internal error: result not parsed"]))
}

/// Annotates `text`. `options` is `undefined` or `{ articleDate?: "YYYY-MM-DD",
/// categories?: ("entity" | "time" | "claim")[], userEntities?: { text, kind }[],
/// userClaimPhrases?: string[] }`. Returns `{ articleDate,
/// articleDateSource, spans, groups }`; every offset is in UTF-16 code units.
/// Throws an `Error` with a clear message on bad options.
#[wasm_bindgen(unchecked_return_type = "Annotations")]
pub fn annotate(
    text: &str,
    #[wasm_bindgen(unchecked_param_type = "AnnotateOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsError> {
    let options = parse_options(options)?;
    let annotations = annotate_text(text, &options);
    // Spans reach JS as JSON parsed by the engine, a batch at a time: one `JSON.parse` per
    // batch is several times cheaper than ten property writes across the wasm boundary per
    // span, and a batch bounds the extra memory. The records are `output::SpanRecord`s.
    let view = output::view(text, &annotations, Unit::Utf16);
    let batches = Array::new();
    let mut json = Vec::new();
    let count = annotations.spans().len();
    let mut from = 0;
    while from < count {
        let to = count.min(from + SPANS_PER_BATCH);
        batches.push(&via_json(&view.spans(from..to), &mut json)?);
        from = to;
    }
    let result = Object::new();
    let optional = |s: Option<&str>| s.map_or(JsValue::NULL, JsValue::from_str);
    set(
        &result,
        "articleDate",
        &optional(article_date(&annotations).as_deref()),
    );
    set(
        &result,
        "articleDateSource",
        &optional(article_date_source(&annotations)),
    );
    set(&result, "spans", &batches.flat(1));
    set(
        &result,
        "groups",
        &via_json(&groups(&annotations), &mut json)?,
    );
    Ok(result.into())
}

/// The crate version, for the page's footer and bug reports.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
