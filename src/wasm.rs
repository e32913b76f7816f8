//! The WebAssembly binding: a thin layer over [`crate::annotate`], compiled only for wasm32.
//! Offsets in everything it returns are UTF-16 code units (what JavaScript strings index).

use crate::output::{to_output, Unit};
use crate::{annotate as annotate_text, Category, Kind, Options};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
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

fn parse_options(value: JsValue) -> Result<Options, JsError> {
    let js: JsOptions = if value.is_undefined() || value.is_null() {
        JsOptions::default()
    } else {
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
#[wasm_bindgen]
pub fn annotate(text: &str, options: JsValue) -> Result<JsValue, JsError> {
    let options = parse_options(options)?;
    let annotations = annotate_text(text, &options);
    let output = to_output(text, &annotations, Unit::Utf16);
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    output
        .serialize(&serializer)
        .map_err(|e| JsError::new(&format!("could not return the result: {e}")))
}

/// The crate version, for the page's footer and bug reports.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

use serde::Serialize as _;
