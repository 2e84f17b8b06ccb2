//! Untick's engine: given a page's HTML and URL, find the data-sharing that is on
//! before the person has done anything, and the words to refuse it.
//!
//! The engine knows nothing of browsers. It reads HTML text (a saved page) or a tree
//! (the extension's snapshot of a live page) and returns plain data. See ARCHITECTURE.md.

pub mod engine;
mod input;
pub mod letters;
pub mod mistake;
pub mod report;
pub mod rules;
mod text_report;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use engine::snapshot::SnapshotError;
pub use input::{decode_page, decode_page_with_charset, InputError};
pub use report::{
    Category, Control, Finding, Recipient, Report, Severity, Site, SwitchOff, SwitchOffAction,
};
pub use text_report::{text_report, text_report_with_frames};

/// A small registration form, as an extension snapshot, that the extension audits once at
/// start so the browser compiles the engine before the first page asks: a pre-ticked sharing box, a radio group, a
/// switch, an announcement and a benign box.
pub const WARM_UP_SNAPSHOT: &str = r##"[[-1,"html",[]],[0,"body",[]],[1,"form",[]],
[2,"label",[]],[3,"input",["type","checkbox","checked",""]],
[3,"#text","Allow my employment support provider to access my account"],
[2,"fieldset",[]],[6,"legend",[]],[7,"#text","Can your work coach see your job search activity?"],
[6,"label",[]],[9,"input",["type","radio","name","a","value","yes","checked",""]],[9,"#text","Yes"],
[6,"label",[]],[12,"input",["type","radio","name","a","value","no"]],[12,"#text","No"],
[2,"span",["id","cv"]],[15,"#text","Make my CV public"],
[2,"button",["role","switch","aria-checked","true","aria-labelledby","cv"]],
[2,"p",[]],[18,"#text","Your adviser will be able to see your account."],
[2,"label",[]],[20,"input",["type","checkbox","checked",""]],[20,"#text","Remember me"]]"##;

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
/// that is not well formed is an error. A snapshot too big to check in full is checked
/// as far as [`engine::snapshot::MAX_NODES`], and the report says so.
pub fn audit_snapshot(json: &str, url: &str, fragment: bool) -> Result<Report, SnapshotError> {
    let tree = engine::snapshot::tree_from_snapshot(json, fragment)?;
    let mut report =
        engine::audit_tree(&tree.html, url, fragment, engine::TreeSource::LiveSnapshot);
    report.checked_in_part |= tree.cut_short;
    Ok(report)
}
