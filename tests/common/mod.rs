//! Helpers shared by the engine's test binaries (each `mod common;`).

#![allow(dead_code)] // each binary uses its own share of them

pub mod entry_points;

use ego_tree::NodeRef;
use scraper::{Html, Node};
use serde_json::{json, Value};

/// Elements whose content the content script leaves out (it keeps the element).
/// Attributes only the content script writes (docs/extension.md).
const OWN_ATTRIBUTES: [&str; 2] = ["data-untick-now", "data-untick-user"];

const EMPTIED: [&str; 4] = ["script", "style", "template", "noscript"];

/// What the content script sends for the subtrees rooted at `roots` (each a child of the
/// snapshot's root): the same walk, over scraper's tree instead of the live DOM.
pub fn snapshot_of<'a>(roots: impl IntoIterator<Item = NodeRef<'a, Node>>) -> String {
    let mut nodes: Vec<Value> = Vec::new();
    // (node, parent index) still to visit, in document order from the end.
    let mut pending: Vec<(NodeRef<'a, Node>, i64)> =
        roots.into_iter().map(|n| (n, -1)).collect::<Vec<_>>();
    pending.reverse();
    while let Some((node, parent)) = pending.pop() {
        match node.value() {
            Node::Element(e) => {
                let index = nodes.len() as i64;
                // As the content script does: the live-state attributes are Untick's own to
                // write, and a page's are left out (a saved page's are ignored likewise).
                let attrs: Vec<&str> = e
                    .attrs()
                    .filter(|(k, _)| !OWN_ATTRIBUTES.contains(k))
                    .flat_map(|(k, v)| [k, v])
                    .collect();
                nodes.push(json!([parent, e.name(), attrs]));
                if !EMPTIED.contains(&e.name()) {
                    let children: Vec<_> = node.children().collect();
                    pending.extend(children.into_iter().rev().map(|c| (c, index)));
                }
            }
            Node::Text(t) => {
                // Adjacent text nodes are one, as the parser would make them.
                let after_text = node
                    .prev_sibling()
                    .is_some_and(|p| matches!(p.value(), Node::Text(_)));
                if let Some(last) = nodes.last_mut().filter(|_| after_text) {
                    let joined = format!("{}{}", last[2].as_str().unwrap_or(""), &*t.text);
                    last[2] = Value::String(joined);
                } else {
                    nodes.push(json!([parent, "#text", &*t.text]));
                }
            }
            // Comments, doctypes and processing instructions are not sent.
            _ => {}
        }
    }
    Value::Array(nodes).to_string()
}

pub fn page_snapshot(html: &Html) -> String {
    snapshot_of([*html.root_element()])
}

/// A parsed fragment sits under an `<html>` element under the fragment root; the
/// content script sends the nodes under the piece's parent, which that `<html>` stands for.
pub fn fragment_snapshot(html: &Html) -> String {
    snapshot_of(html.root_element().children())
}
