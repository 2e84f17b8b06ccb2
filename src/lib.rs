//! Untick's engine: given a page's HTML and URL, find the data-sharing that is on
//! before the person has done anything, and the words to refuse it.
//!
//! The engine knows nothing of browsers. It reads HTML text (a saved page) or a tree
//! (the extension's snapshot of a live page) and returns plain data. See ARCHITECTURE.md.

pub mod engine;
mod input;
pub mod letters;
pub mod report;
pub mod rules;
mod text_report;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use engine::snapshot::SnapshotError;
pub use input::{decode_page, InputError};
pub use report::{
    Category, Control, Finding, Recipient, Report, Severity, Site, SwitchOff, SwitchOffAction,
};
pub use text_report::text_report;

/// Audit a whole page. Never panics, whatever the input.
pub fn audit(html: &str, url: &str) -> Report {
    engine::audit_document(html, url)
}

/// Audit a piece of a page (a new step of a form that appeared after load).
/// Selectors in the result start with `:scope` and are relative to the piece's parent.
pub fn audit_fragment(html: &str, url: &str) -> Report {
    engine::audit_fragment(html, url)
}

/// Audit the extension's snapshot of a live page (docs/extension.md), or of a piece of
/// one when `fragment` is set. The same engine decides as for [`audit`]; only the tree
/// comes from the browser rather than from the HTML parser. Never panics: a snapshot
/// that is not well formed is an error.
pub fn audit_snapshot(json: &str, url: &str, fragment: bool) -> Result<Report, SnapshotError> {
    let tree = engine::snapshot::tree_from_snapshot(json, fragment)?;
    Ok(engine::audit_tree(&tree, url, fragment))
}
