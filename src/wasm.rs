//! The engine's JavaScript face, for the extension's background.
//!
//! Every export returns plain data or a JavaScript error; none may trap, because a
//! trapped module is dead for the rest of the background's life.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::letters::{self, Details, LetterContext};

/// Plain JavaScript objects, with `None` as `null` (not `undefined`) so the glue can test
/// fields the same way whatever the browser.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// Audit the content script's snapshot of a page (a JSON tree, docs/extension.md) at
/// `url`; with `fragment`, of a piece of a page, selectors starting with `:scope` at the
/// piece's parent. The HTML parser is not part of the module: the browser has parsed.
#[wasm_bindgen]
pub fn audit_snapshot(json: &str, url: &str, fragment: bool) -> Result<JsValue, JsError> {
    let report =
        crate::audit_snapshot(json, url, fragment).map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&report)
}

/// Runs the engine once on a small built-in form, so that the browser has compiled the
/// code an audit needs (WebAssembly functions are compiled on first call) before the first
/// page asks. Letters are left out: they are rendered after the warnings are drawn.
/// Returns the number of findings, for tests.
#[wasm_bindgen]
pub fn warm_up() -> usize {
    match crate::audit_snapshot(crate::WARM_UP_SNAPSHOT, "https://untick.invalid/", false) {
        Ok(report) => {
            let _ = to_js(&report);
            report.findings.len()
        }
        Err(_) => 0,
    }
}

/// An object from JavaScript, or the default when it is undefined or null.
fn from_js_or_default<T: serde::de::DeserializeOwned + Default>(
    value: JsValue,
) -> Result<T, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&e.to_string()))
}

/// The letter library: `[{id, title, to}]`.
#[wasm_bindgen]
pub fn letters() -> Result<JsValue, JsError> {
    to_js(&letters::list())
}

/// Render letter `id` with the person's details and what is known about the page.
/// Both objects may be empty or partial; unknown ids and malformed objects are errors.
#[wasm_bindgen]
pub fn render_letter(id: &str, details: JsValue, context: JsValue) -> Result<String, JsError> {
    let details: Details = from_js_or_default(details)?;
    let context: LetterContext = from_js_or_default(context)?;
    letters::render(id, &details, &context).map_err(|e| JsError::new(&e.to_string()))
}

/// "Report a mistake": the report of a warning the person thinks is wrong, from the
/// finding's words (no personal details; the page's address without its query).
#[wasm_bindgen]
pub fn mistake_report(
    label: &str,
    headline: &str,
    category: &str,
    control: &str,
    page_url: &str,
    version: &str,
) -> String {
    crate::mistake::report_text(label, headline, category, control, page_url, version)
}

/// What to tell the person when letter `id` lacks a detail its recipient needs; null
/// when nothing is missing.
#[wasm_bindgen]
pub fn missing_details_note(id: &str, details: JsValue) -> Result<Option<String>, JsError> {
    Ok(letters::missing_details_note(
        id,
        &from_js_or_default(details)?,
    ))
}

/// Today's date in UK format; the caller supplies the local date (wasm has no clock).
#[wasm_bindgen]
pub fn uk_date(year: i32, month: u32, day: u32) -> String {
    letters::uk_date(i64::from(year), month, day)
}

/// The case file's letters on `today` ("2026-12-07"): for each letter id and the day it
/// was sent (one a line, in two texts: cheaper in the module than two arrays), when a
/// reply is due, how many days are left, and what to send if none comes (issue 22).
#[wasm_bindgen]
pub fn case_steps(letters: &str, sent: &str, today: &str) -> Result<JsValue, JsError> {
    let sent: Vec<letters::SentLetter> = letters
        .lines()
        .zip(sent.lines())
        .map(|(letter, sent)| letters::SentLetter {
            letter: letter.to_string(),
            sent: sent.to_string(),
        })
        .collect();
    let steps = letters::case_steps(&sent, today).map_err(JsError::new)?;
    to_js(&steps)
}
