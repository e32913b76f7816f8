//! The WebAssembly binding: a thin layer over [`crate::annotate`], compiled only for wasm32.
//! Offsets in everything it returns are UTF-16 code units (what JavaScript strings index).

use crate::output::{view, Unit};
use crate::{annotate as annotate_text, Category, Kind, Options};
use serde::{Deserialize, Serialize as _};
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

#[wasm_bindgen(start)]
fn install_panic_hook() {
    console_error_panic_hook::set_once();
}

#[derive(Deserialize, Default)]
// Unknown keys are rejected by the KNOWN_OPTIONS check in `parse_options`: serde-wasm-bindgen
// reads only the fields a struct names, so `deny_unknown_fields` would never fire here.
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsUserEntity {
    text: String,
    kind: String,
}

const KNOWN_OPTIONS: [&str; 4] = [
    "articleDate",
    "categories",
    "userEntities",
    "userClaimPhrases",
];

fn parse_options(value: JsValue) -> Result<Options, JsError> {
    let js: JsOptions = if value.is_undefined() || value.is_null() {
        JsOptions::default()
    } else {
        // serde-wasm-bindgen reads only the fields it knows; reject typos like "articledate"
        // instead of silently ignoring them.
        if !value.is_object() {
            return Err(JsError::new("options must be an object"));
        }
        for key in js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>()).iter() {
            let key = key.as_string().unwrap_or_default();
            if !KNOWN_OPTIONS.contains(&key.as_str()) {
                return Err(JsError::new(&format!(
                    "unknown option {key:?}: expected one of {}",
                    KNOWN_OPTIONS.join(", ")
                )));
            }
        }
        serde_wasm_bindgen::from_value(value)
            .map_err(|e| JsError::new(&format!("invalid options: {e}")))?
    };
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
                    JsError::new(&format!(
                        "unknown category {name:?}: expected \"entity\", \"time\" or \"claim\""
                    ))
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
                JsError::new(&format!(
                    "user entity {:?}: unknown kind {:?}: expected PERSON, ORG, LOC or NORP",
                    entity.text, entity.kind
                ))
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
    // Each span is converted as it is written into its JS object: no second list of every
    // span is built in wasm memory.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    view(text, &annotations, Unit::Utf16)
        .serialize(&serializer)
        .map_err(|e| JsError::new(&format!("could not return the result: {e}")))
}

/// The crate version, for the page's footer and bug reports.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
