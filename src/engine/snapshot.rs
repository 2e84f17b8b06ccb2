//! The extension's snapshot of a live page, turned into the same tree the HTML parser
//! builds for a saved page, so that the engine decides the same way for both.
//!
//! The content script walks the live DOM (which the browser has already parsed) and
//! sends a flat JSON array of nodes in document order (docs/extension.md):
//!
//! ```text
//! [parent, "tag", ["name", "value", ...]]   an element
//! [parent, "#text", "text"]                 a text node
//! ```
//!
//! `parent` is the index of an earlier element, or -1 for a child of the snapshot's
//! root. Building the tree here keeps the HTML parser out of the WebAssembly module.

use std::fmt;

use ego_tree::NodeId;
use markup5ever::{ns, Attribute, LocalName, QualName};
use scraper::node::{Element, Text};
use scraper::{Html, Node};
use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};

use super::bounds::{MAX_ATTRIBUTES, MAX_DEPTH};

/// Far more nodes than any form has; a bound on the memory one snapshot can take.
pub const MAX_NODES: usize = 500_000;

/// Why a snapshot was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnapshotError {
    /// Not JSON, or not the snapshot's shape.
    Malformed(String),
    /// Node `index` names a parent that is not an earlier element.
    BadParent { index: usize },
}

/// The tree a snapshot describes, and whether it is only the start of the page.
pub struct SnapshotTree {
    pub html: Html,
    /// The snapshot had more than [`MAX_NODES`] nodes: the tree holds the first of them.
    pub cut_short: bool,
}

impl fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SnapshotError::Malformed(why) => write!(f, "malformed page snapshot: {why}"),
            SnapshotError::BadParent { index } => write!(
                f,
                "page snapshot node {index} names a parent that is not an earlier element"
            ),
        }
    }
}

impl std::error::Error for SnapshotError {}

/// An element's attributes as `[name, value, name, value, ...]`, or a text node's text.
enum Content {
    Attributes(Vec<String>),
    Text(String),
}

// By hand rather than `#[serde(untagged)]`, which buffers every value before trying each
// shape: for a page of 100,000 nodes that cost time and memory, and the module its code.
impl<'de> Deserialize<'de> for Content {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> Visitor<'de> for Either {
            type Value = Content;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of attribute names and values, or text")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Content, E> {
                Ok(Content::Text(text.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Content, E> {
                Ok(Content::Text(text))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Content, A::Error> {
                let mut flat = Vec::new();
                while let Some(item) = seq.next_element::<String>()? {
                    flat.push(item);
                }
                Ok(Content::Attributes(flat))
            }
        }
        deserializer.deserialize_any(Either)
    }
}

#[derive(serde::Deserialize)]
struct Entry(i64, String, Content);

/// Builds the tree as the node list is read, one node at a time: the list itself is never
/// held, so a big page's snapshot costs its tree and no more (issue 20).
struct Builder {
    html: Html,
    top: NodeId,
    top_depth: usize,
    /// Per node: where its children go and how deep that is; None for text.
    places: Vec<Option<(NodeId, usize)>>,
    /// The first node that could not be placed; what follows is read but not built.
    refused: Option<SnapshotError>,
    /// More than [`MAX_NODES`] nodes: those past it are passed over unread.
    cut_short: bool,
}

impl Builder {
    fn add(&mut self, Entry(parent, name, content): Entry) -> Result<(), SnapshotError> {
        let index = self.places.len();
        let (at, depth) = if parent == -1 {
            (self.top, self.top_depth)
        } else {
            usize::try_from(parent)
                .ok()
                .filter(|&p| p < index)
                .and_then(|p| self.places[p])
                .ok_or(SnapshotError::BadParent { index })?
        };
        let Some(mut at_node) = self.html.tree.get_mut(at) else {
            return Err(SnapshotError::BadParent { index });
        };
        match (name.as_str(), content) {
            ("#text", Content::Text(text)) => {
                at_node.append(Node::Text(Text { text: text.into() }));
                self.places.push(None);
            }
            (tag, Content::Attributes(flat)) if !tag.is_empty() && !tag.starts_with('#') => {
                if flat.len() % 2 != 0 {
                    return Err(SnapshotError::Malformed(format!(
                        "node {index}: attributes must be name, value pairs"
                    )));
                }
                // As many attributes as a saved page keeps (bounds.rs), so both front-ends
                // build the same tree.
                let mut pairs = flat.into_iter().take(2 * MAX_ATTRIBUTES);
                let mut attrs = Vec::new();
                while let (Some(name), Some(value)) = (pairs.next(), pairs.next()) {
                    attrs.push(Attribute {
                        name: QualName::new(None, ns!(), LocalName::from(name)),
                        value: value.into(),
                    });
                }
                let id = at_node.append(Node::Element(element(tag, attrs))).id();
                self.places.push(Some(if depth < MAX_DEPTH {
                    (id, depth + 1)
                } else {
                    (at, depth)
                }));
            }
            _ => {
                return Err(SnapshotError::Malformed(format!(
                    "node {index} is neither an element nor text"
                )))
            }
        }
        Ok(())
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for &mut Builder {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for &mut Builder {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of nodes")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while self.refused.is_none() && self.places.len() < MAX_NODES {
            match seq.next_element::<Entry>()? {
                Some(entry) => {
                    if let Err(why) = self.add(entry) {
                        self.refused = Some(why);
                    }
                }
                None => return Ok(()),
            }
        }
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
            self.cut_short = true;
        }
        Ok(())
    }
}

/// Builds the tree a snapshot describes: for a page, its nodes under the Document (the
/// first node is `<html>`); for a fragment, under an `<html>` element under the Fragment
/// root, as the HTML parser places a parsed fragment, so selectors start at `:scope`.
///
/// Elements deeper than [`MAX_DEPTH`] are kept, without children, and what they held is
/// attached to their ancestor at that depth (browsers flatten deep trees the same way).
/// A snapshot of more than [`MAX_NODES`] nodes gives the tree of the first of them. Never
/// panics.
pub fn tree_from_snapshot(json: &str, fragment: bool) -> Result<SnapshotTree, SnapshotError> {
    let mut html = if fragment {
        Html::new_fragment()
    } else {
        Html::new_document()
    };
    let (top, top_depth) = if fragment {
        let mut root = html.tree.root_mut();
        let wrapper = root.append(Node::Element(element("html", Vec::new())));
        (wrapper.id(), 1)
    } else {
        (html.tree.root().id(), 0)
    };
    let mut builder = Builder {
        html,
        top,
        top_depth,
        places: Vec::new(),
        refused: None,
        cut_short: false,
    };
    let mut reader = serde_json::Deserializer::from_str(json);
    serde::de::DeserializeSeed::deserialize(&mut builder, &mut reader)
        .and_then(|()| reader.end())
        .map_err(|e| SnapshotError::Malformed(e.to_string()))?;
    if let Some(why) = builder.refused {
        return Err(why);
    }
    Ok(SnapshotTree {
        html: builder.html,
        cut_short: builder.cut_short,
    })
}

fn element(tag: &str, attrs: Vec<Attribute>) -> Element {
    Element::new(QualName::new(None, ns!(html), LocalName::from(tag)), attrs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(html: &Html) -> Vec<String> {
        html.tree
            .root()
            .descendants()
            .map(|n| match n.value() {
                Node::Document => "#document".to_string(),
                Node::Fragment => "#fragment".to_string(),
                Node::Element(e) => format!(
                    "{}<{}>{}",
                    n.ancestors().count(),
                    e.name(),
                    e.attrs()
                        .map(|(k, v)| format!(" {k}={v}"))
                        .collect::<String>()
                ),
                Node::Text(t) => format!("{}'{}'", n.ancestors().count(), &*t.text),
                _ => "?".to_string(),
            })
            .collect()
    }

    #[test]
    fn a_page_is_built_as_the_parser_builds_it() {
        let snap = r##"[[-1,"html",[]],[0,"head",[]],[0,"body",[]],
            [2,"input",["type","checkbox","checked",""]],[2,"#text","Share"]]"##;
        let built = tree_from_snapshot(snap, false).expect("valid").html;
        let parsed =
            Html::parse_document("<html><head></head><body><input type=checkbox checked>Share");
        assert_eq!(shape(&built), shape(&parsed));
    }

    #[test]
    fn a_fragment_is_built_as_the_parser_builds_it() {
        let snap = r##"[[-1,"div",["class","step"]],[0,"#text","Hi"],[-1,"p",[]]]"##;
        let built = tree_from_snapshot(snap, true).expect("valid").html;
        let parsed = Html::parse_fragment("<div class=step>Hi</div><p></p>");
        assert_eq!(shape(&built), shape(&parsed));
    }

    #[test]
    fn parents_must_be_earlier_elements() {
        for bad in [
            r##"[[0,"div",[]]]"##,
            r##"[[-1,"div",[]],[2,"p",[]],[-1,"p",[]]]"##,
            r##"[[-1,"#text","x"],[0,"p",[]]]"##,
            r##"[[-2,"div",[]]]"##,
            r##"[[-1,"div",[]],[99999999999999999,"p",[]]]"##,
        ] {
            assert!(
                matches!(
                    tree_from_snapshot(bad, false),
                    Err(SnapshotError::BadParent { .. })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn malformed_snapshots_are_refused() {
        for bad in [
            "",
            "{}",
            "[1]",
            r##"[[-1,"div",["odd"]]]"##,
            r##"[[-1,"#text",[]]]"##,
            r##"[[-1,"div","text"]]"##,
            r##"[[-1,"",[]]]"##,
            r##"[[-1.5,"div",[]]]"##,
            r##"[[-1,"div",[]]"##,
        ] {
            assert!(
                matches!(
                    tree_from_snapshot(bad, false),
                    Err(SnapshotError::Malformed(_))
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn depth_is_capped_without_losing_content() {
        let levels = 10_000;
        let mut snap = String::from("[");
        for i in 0..levels {
            snap.push_str(&format!("[{},\"div\",[]],", i as i64 - 1));
        }
        snap.push_str(&format!("[{},\"#text\",\"deep\"]]", levels - 1));
        let built = tree_from_snapshot(&snap, false).expect("valid").html;
        let deepest = built
            .tree
            .root()
            .descendants()
            .map(|n| n.ancestors().count())
            .max()
            .unwrap_or(0);
        assert_eq!(deepest, MAX_DEPTH + 1);
        assert_eq!(built.tree.root().descendants().count(), levels + 2);
        assert!(built
            .tree
            .root()
            .descendants()
            .any(|n| matches!(n.value(), Node::Text(t) if &*t.text == "deep")));
    }
}
