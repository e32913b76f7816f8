//! The WebAssembly binding: a thin layer over [`crate::annotate`], compiled only for wasm32.
//! Offsets in everything it returns are UTF-16 code units (what JavaScript strings index).

//!
//! Options are read and results built with direct `js_sys` calls rather than through serde:
//! that keeps serde's deserializer, its error formatting and a second copy of every span out
//! of the `.wasm`, and each span becomes its JS object as soon as it is converted.

use crate::output::{article_date, article_date_source, groups, Converter, Unit};
use crate::{annotate as annotate_text, Category, Detail, Kind, Options};
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

/// `object[key]`, `None` when absent, `undefined` or `null`.
fn field(object: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(object, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn string(value: &JsValue, what: &str) -> Result<String, JsError> {
    value
        .as_string()
        .ok_or_else(|| error(&["invalid options: ", what, " must be a string"]))
}

/// The items of a JS array (`what` names it in the error when `value` is not one).
fn items(value: &JsValue, what: &str) -> Result<Array, JsError> {
    if Array::is_array(value) {
        Ok(value.clone().unchecked_into())
    } else {
        Err(error(&["invalid options: ", what, " must be an array"]))
    }
}

fn parse_options(value: JsValue) -> Result<Options, JsError> {
    let mut options = Options::new();
    if value.is_undefined() || value.is_null() {
        return Ok(options);
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
    if let Some(date) = field(&value, "articleDate") {
        options = options
            .with_article_date(&string(&date, "articleDate")?)
            .map_err(|e| JsError::new(&e.to_string()))?;
    }
    if let Some(names) = field(&value, "categories") {
        let mut categories = Vec::new();
        for name in items(&names, "categories")?.iter() {
            let name = string(&name, "a category")?;
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
    if let Some(entities) = field(&value, "userEntities") {
        for entity in items(&entities, "userEntities")?.iter() {
            let text = field(&entity, "text").unwrap_or(JsValue::UNDEFINED);
            let kind = field(&entity, "kind").unwrap_or(JsValue::UNDEFINED);
            let (text, kind) = (
                string(&text, "a user entity's text")?,
                string(&kind, "a user entity's kind")?,
            );
            let kind = [Kind::Person, Kind::Org, Kind::Loc, Kind::Norp]
                .into_iter()
                .find(|k| k.label() == kind)
                .ok_or_else(|| {
                    error(&[
                        "user entity ",
                        &quoted(&text),
                        ": unknown kind ",
                        &quoted(&kind),
                        ": expected PERSON, ORG, LOC or NORP",
                    ])
                })?;
            options = options
                .with_user_entity(&text, kind)
                .map_err(|e| JsError::new(&e.to_string()))?;
        }
    }
    if let Some(phrases) = field(&value, "userClaimPhrases") {
        for phrase in items(&phrases, "userClaimPhrases")?.iter() {
            options = options.with_user_claim_phrase(&string(&phrase, "a claim phrase")?);
        }
    }
    Ok(options)
}

/// Property names and the fixed strings of the result, made JS strings once per call
/// instead of once per span.
struct Names {
    start: JsValue,
    end: JsValue,
    text: JsValue,
    category: JsValue,
    kind: JsValue,
    description: JsValue,
    reason: JsValue,
    group: JsValue,
    canonical: JsValue,
    value: JsValue,
    kinds: JsValue,
    cues: JsValue,
    source: JsValue,
    /// `Kind::label` and `Kind::description` of each kind, by `Kind as usize`.
    labels: Vec<(JsValue, JsValue)>,
    /// `Category::as_str` of each category, by `Category as usize`.
    categories: Vec<JsValue>,
}

const KINDS: [Kind; 13] = [
    Kind::Person,
    Kind::Org,
    Kind::Loc,
    Kind::Norp,
    Kind::Date,
    Kind::Time,
    Kind::Duration,
    Kind::Set,
    Kind::Hedged,
    Kind::Attributed,
    Kind::Unverified,
    Kind::Disputed,
    Kind::Unsourced,
];

impl Names {
    fn new() -> Names {
        let s = JsValue::from_str;
        Names {
            start: s("start"),
            end: s("end"),
            text: s("text"),
            category: s("category"),
            kind: s("kind"),
            description: s("description"),
            reason: s("reason"),
            group: s("group"),
            canonical: s("canonical"),
            value: s("value"),
            kinds: s("kinds"),
            cues: s("cues"),
            source: s("source"),
            labels: KINDS
                .iter()
                .map(|k| (s(k.label()), s(k.description())))
                .collect(),
            categories: Category::ALL.iter().map(|c| s(c.as_str())).collect(),
        }
    }

    fn label(&self, kind: Kind) -> JsValue {
        self.labels
            .get(kind as usize)
            .map_or(JsValue::UNDEFINED, |l| l.0.clone())
    }
}

fn set(object: &Object, key: &JsValue, value: &JsValue) {
    // Setting a property of a fresh plain object cannot fail.
    let _ = Reflect::set(object, key, value);
}

fn number(n: usize) -> JsValue {
    JsValue::from_f64(n as f64)
}

/// `{ start, end, text }` with offsets converted, plus `kind` when given.
fn text_range(
    names: &Names,
    text: &str,
    converter: &Converter,
    (start, end): (usize, usize),
) -> Object {
    let object = Object::new();
    set(&object, &names.start, &number(converter.convert(start)));
    set(&object, &names.end, &number(converter.convert(end)));
    let covered = text.get(start..end).unwrap_or("");
    set(&object, &names.text, &JsValue::from_str(covered));
    object
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
    let names = Names::new();
    let converter = Converter::new(text, Unit::Utf16);
    // Each span becomes its JS object as soon as it is converted: no second list of every
    // span is built in wasm memory. The fields and their order are those of
    // `output::SpanRecord`.
    let spans = Array::new();
    for span in annotations.spans() {
        let object = text_range(&names, text, &converter, (span.start, span.end));
        let labels = names.labels.get(span.kind as usize);
        let (kind, description) = labels.map_or((JsValue::UNDEFINED, JsValue::UNDEFINED), |l| {
            (l.0.clone(), l.1.clone())
        });
        let category = names.categories.get(span.category() as usize);
        set(
            &object,
            &names.category,
            category.unwrap_or(&JsValue::UNDEFINED),
        );
        set(&object, &names.kind, &kind);
        set(&object, &names.description, &description);
        set(&object, &names.reason, &JsValue::from_str(span.reason()));
        match span.detail() {
            Detail::Entity { group, canonical } => {
                set(&object, &names.group, &JsValue::from(*group));
                set(&object, &names.canonical, &JsValue::from_str(canonical));
            }
            Detail::Time { value } => set(&object, &names.value, &JsValue::from_str(value)),
            Detail::Claim {
                kinds,
                cues,
                source,
            } => {
                let list = Array::new();
                for k in kinds {
                    list.push(&names.label(*k));
                }
                set(&object, &names.kinds, &list);
                let list = Array::new();
                for cue in cues {
                    let c = text_range(&names, text, &converter, (cue.start, cue.end));
                    set(&c, &names.kind, &names.label(cue.kind));
                    list.push(&c);
                }
                set(&object, &names.cues, &list);
                if let Some(r) = source {
                    let s = text_range(&names, text, &converter, (r.start, r.end));
                    set(&object, &names.source, &s);
                }
            }
        }
        spans.push(&object);
    }
    let group_list = Array::new();
    for g in groups(&annotations) {
        let object = Object::new();
        set(&object, &JsValue::from_str("id"), &JsValue::from(g.id));
        set(&object, &names.kind, &names.label(g.kind));
        set(&object, &names.canonical, &JsValue::from_str(g.canonical));
        set(&object, &JsValue::from_str("mentions"), &number(g.mentions));
        group_list.push(&object);
    }
    let result = Object::new();
    let optional = |s: Option<&str>| s.map_or(JsValue::NULL, JsValue::from_str);
    set(
        &result,
        &JsValue::from_str("articleDate"),
        &optional(article_date(&annotations).as_deref()),
    );
    set(
        &result,
        &JsValue::from_str("articleDateSource"),
        &optional(article_date_source(&annotations)),
    );
    set(&result, &JsValue::from_str("spans"), &spans);
    set(&result, &JsValue::from_str("groups"), &group_list);
    Ok(result.into())
}

/// The crate version, for the page's footer and bug reports.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
