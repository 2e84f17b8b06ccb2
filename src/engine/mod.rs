//! Detection: HTML in, findings out.
//!
//! The page is parsed with scraper (html5ever); there is no DOM, so the same code runs
//! natively and in the extension's service worker. Controls are read in document
//! order, each with the text a person reads for it; then free text is read for
//! sentences that announce sharing with no way to refuse. All the words come from
//! rules/rules.toml.

pub mod bounds;
mod choices;
mod classify;
mod clause;
pub(crate) mod dom;
mod findings;
mod hidden;
mod labels;
mod page;
mod reading;
mod site;
pub mod snapshot;
mod state;
mod statements;
pub(crate) mod text;
mod toggles;
pub(crate) mod words;

use std::collections::{HashMap, HashSet};

use ego_tree::NodeId;
use scraper::{Html, Node};

use crate::report::{Finding, Report};
use crate::rules::{rules, Rules};
use choices::RadioGroups;
use dom::{attr_lower, tag, text_of, walk, Doc, NodeR, Step};
use labels::Used;
use text::tokenize;

pub use site::site_of;

/// At most this many warnings per page: more would help nobody.
pub const MAX_FINDINGS: usize = 200;
/// Labels are shown to people; keep them readable.
pub const MAX_LABEL_CHARS: usize = 300;
/// Controls read per page; the rest are ignored (a page with more is not a form).
const MAX_CONTROLS: usize = 100_000;
/// Bytes of text read for statements per page, in document order (about 170,000 words,
/// far more than any form or notice): one audit's time stays bounded, so a page made of
/// statements cannot hold up the audits of other tabs, which wait their turn in the
/// background (issue 16).
pub const MAX_STATEMENT_BYTES: usize = 1_000_000;

/// Audits a whole page. Never panics.
pub fn audit_document(html: &str, url: &str) -> Report {
    audit(html, url, false)
}

/// Audits a piece of a page; selectors start with `:scope` at the piece's parent.
pub fn audit_fragment(html: &str, url: &str) -> Report {
    audit(html, url, true)
}

fn audit(html: &str, url: &str, fragment: bool) -> Report {
    let capped = bounds::bound_markup(html);
    let source = capped.as_deref().unwrap_or(html);
    let mut parsed = if fragment {
        Html::parse_fragment(source)
    } else {
        Html::parse_document(source)
    };
    keep_what_a_snapshot_sends(&mut parsed);
    audit_tree(&parsed, url, fragment, TreeSource::SavedPage)
}

/// Elements whose content the extension's snapshot leaves out (docs/extension.md): what
/// they hold is never shown as the page.
pub const CONTENT_NOT_SENT: [&str; 4] = ["script", "style", "template", "noscript"];

/// Makes a parsed page the tree its snapshot would be: comments and the content of
/// [`CONTENT_NOT_SENT`] left out. Otherwise the two front-ends read one page differently
/// (found by the fuzz driver's differential mode, tests/fuzz.rs): an unclosed `<template>`
/// holds the rest of the page in the parser's tree, and a comment between two texts
/// ("phone<!---->work") was read as a break between words.
fn keep_what_a_snapshot_sends(parsed: &mut Html) {
    let unsent: Vec<NodeId> = parsed
        .tree
        .nodes()
        .filter(|n| match n.value() {
            Node::Comment(_) | Node::ProcessingInstruction(_) => true,
            Node::Element(e) => n.has_children() && CONTENT_NOT_SENT.contains(&e.name()),
            _ => false,
        })
        .flat_map(|n| {
            // A comment goes itself; an element keeps itself and loses what it holds.
            if n.value().is_element() {
                n.children().map(|c| c.id()).collect::<Vec<_>>()
            } else {
                vec![n.id()]
            }
        })
        .collect();
    for id in unsent {
        if let Some(mut node) = parsed.tree.get_mut(id) {
            node.detach();
        }
    }
}

/// Where a tree came from, which decides whether its `data-untick-now` and
/// `data-untick-user` attributes are believed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum TreeSource {
    /// A page's HTML (a saved page, for the CLI): any such attributes are the page's own
    /// writing, never Untick's, so a control's state is its markup's (issue 16).
    SavedPage,
    /// The extension's snapshot of a live page: the content script writes those
    /// attributes with the live state and drops any the page wrote (docs/extension.md).
    LiveSnapshot,
}

/// Audits a parsed page, or a piece of one (`fragment`: the HTML parser's fragment shape,
/// see [`snapshot::tree_from_snapshot`]). Never panics.
pub fn audit_tree(parsed: &Html, url: &str, fragment: bool, source: TreeSource) -> Report {
    let doc = Doc::new(parsed, fragment);
    let mut audit = Audit::new(&doc, rules(), source);
    audit.run();
    Report {
        url: url.to_string(),
        site: site_of(url),
        findings: audit.findings,
        checked_in_part: audit.left_unread,
    }
}

struct Audit<'d, 'a> {
    doc: &'d Doc<'a>,
    rules: &'static Rules,
    used: Used,
    findings: Vec<Finding>,
    flagged: HashSet<NodeId>,
    /// Every control whose words read as sharing, on or off: the choices the page offers.
    choices: HashMap<NodeId, Choice>,
    registration_page: bool,
    /// More controls than [`MAX_CONTROLS`], or more statement text than
    /// [`MAX_STATEMENT_BYTES`]: what came after was not read.
    left_unread: bool,
    source: TreeSource,
}

impl<'d, 'a> Audit<'d, 'a> {
    fn new(doc: &'d Doc<'a>, rules: &'static Rules, source: TreeSource) -> Self {
        Audit {
            doc,
            rules,
            source,
            used: Used::default(),
            findings: Vec::new(),
            flagged: HashSet::new(),
            choices: HashMap::new(),
            registration_page: false,
            left_unread: false,
        }
    }

    /// The audit, top to bottom: find the page's controls, decide each in document order
    /// by its kind, then read the text outside them for statements.
    fn run(&mut self) {
        let found = self.find_controls();
        let controls = &found.controls;
        let mut radios = RadioGroups::new(controls);
        for &c in controls {
            if self.findings.len() >= MAX_FINDINGS {
                break;
            }
            let draft = match tag(c) {
                "select" => self.select(c),
                "input" => match attr_lower(c, "type").as_str() {
                    "checkbox" => self.checkbox(c),
                    "hidden" => self.hidden(c, &found.visible_names),
                    "radio" => radios.native(c).and_then(|group| self.radio_group(&group)),
                    _ => None,
                },
                _ if attr_lower(c, "role") == "radio" => radios
                    .aria(c, controls)
                    .and_then(|group| self.radio_group(&group)),
                _ if choices::is_custom_select(c) => self.custom_select(c),
                _ => self.aria_widget(c),
            };
            if let Some(d) = draft {
                self.emit(d);
            }
        }
        self.statements();
    }

    /// One walk of the page, in document order: its controls (boxes, radios, hidden
    /// inputs, selects, ARIA widgets), the names of the fields a person sees, and
    /// whether it is a registration page (a password and words of registering).
    fn find_controls(&mut self) -> Found<'a> {
        let mut controls: Vec<NodeR<'a>> = Vec::new();
        let mut visible_names: HashSet<&'a str> = HashSet::new();
        let mut has_password = false;
        let mut registration_words = false;
        let mut left_unread = false;
        let words = &self.rules.words;
        walk(self.doc.root(), |n| {
            let Some(e) = n.value().as_element() else {
                return Step::Descend;
            };
            let name = e.name();
            if dom::is_unread_tag(name) {
                return Step::Skip;
            }
            let role = attr_lower(n, "role");
            match name {
                "input" => {
                    let ty = attr_lower(n, "type");
                    if ty == "password" {
                        has_password = true;
                    }
                    if ty != "hidden" {
                        if let Some(field) = e.attr("name") {
                            visible_names.insert(field);
                        }
                    }
                    if matches!(ty.as_str(), "checkbox" | "radio" | "hidden") {
                        controls.push(n);
                    }
                    if ty == "submit" || ty == "button" {
                        let v = tokenize(e.attr("value").unwrap_or(""));
                        registration_words |= words.registration.contains(&v);
                    }
                }
                "select" => {
                    if let Some(field) = e.attr("name") {
                        visible_names.insert(field);
                    }
                    controls.push(n);
                    return Step::Skip;
                }
                "button" | "h1" | "h2" if !registration_words => {
                    let t = tokenize(&text_of(n, dom::LABEL_TEXT));
                    registration_words |= words.registration.contains(&t);
                }
                _ => {}
            }
            if ((role == "switch" || role == "checkbox" || role == "radio") && name != "input")
                // A web component's host is read only in a saved page: in the extension its
                // shadow root is sent (and read), and the content script keeps no state for
                // a host it could switch off.
                || (self.source == TreeSource::SavedPage && toggles::custom_toggle(n).is_some())
            {
                controls.push(n);
            } else if choices::is_custom_select(n) {
                controls.push(n);
                // Its shown value is its answer, not a label or statement.
                return Step::Skip;
            }
            if controls.len() >= MAX_CONTROLS {
                left_unread = true;
                return Step::Stop;
            }
            Step::Descend
        });
        self.registration_page = has_password && registration_words;
        self.left_unread = left_unread;

        Found {
            controls,
            visible_names,
        }
    }
}

/// A control the page offers for some sharing, whatever its state.
struct Choice {
    category: crate::report::Category,
    recipients: Vec<crate::report::Recipient>,
}

impl Audit<'_, '_> {
    /// Keeps `control`'s reading: the page offers this choice.
    fn offers(&mut self, control: NodeR<'_>, verdict: &classify::Verdict) {
        self.choices.insert(
            control.id(),
            Choice {
                category: verdict.category,
                recipients: verdict.recipients.clone(),
            },
        );
    }
}

/// What [`Audit::find_controls`] found.
struct Found<'a> {
    controls: Vec<NodeR<'a>>,
    /// Names of the fields a person sees: a hidden input of the same name is their
    /// value, not a setting of its own.
    visible_names: HashSet<&'a str>,
}
