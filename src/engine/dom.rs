//! The parsed page, and the few things the engine asks of it: attributes, text as a
//! person reads it, and a CSS selector that finds an element again.
//!
//! Every walk over the tree here is iterative (the tree can be deep) and bounded.

use std::collections::HashMap;

use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

pub type NodeR<'a> = NodeRef<'a, Node>;

/// Elements whose text is never shown to a person. Untick's own warnings are not among
/// them: the content script leaves them out of its snapshot by identity, and a saved page
/// holds none of their text (closed shadow roots are not saved), so no tag name can hide
/// a page's text from the audit.
pub fn is_unread_tag(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "template" | "noscript" | "head" | "title"
    )
}

/// Elements that do not break a line: their text runs on with their neighbours'.
pub fn is_inline_tag(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "cite"
            | "code"
            | "data"
            | "dfn"
            | "em"
            | "font"
            | "i"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "u"
            | "var"
            | "strike"
            | "big"
            | "tt"
            // A line-break opportunity inside a word: "shar<wbr>ed" is one word.
            | "wbr"
    )
}

pub fn tag<'a>(node: NodeR<'a>) -> &'a str {
    match node.value() {
        Node::Element(e) => e.name(),
        _ => "",
    }
}

pub fn attr<'a>(node: NodeR<'a>, name: &str) -> Option<&'a str> {
    match node.value() {
        Node::Element(e) => e.attr(name),
        _ => None,
    }
}

/// The attribute, lower-cased and trimmed, or "".
pub fn attr_lower(node: NodeR<'_>, name: &str) -> String {
    attr(node, name)
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

pub fn has_attr(node: NodeR<'_>, name: &str) -> bool {
    attr(node, name).is_some()
}

/// Hidden from everyone by markup (not by a stylesheet, which the engine cannot see).
pub fn is_hidden(node: NodeR<'_>) -> bool {
    if has_attr(node, "hidden") || attr_lower(node, "aria-hidden") == "true" {
        return true;
    }
    let style: String = attr_lower(node, "style")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    style.contains("display:none") || style.contains("visibility:hidden")
}

/// Ancestors of a node, nearest first (elements only).
pub fn ancestors<'a>(node: NodeR<'a>) -> impl Iterator<Item = NodeR<'a>> {
    node.ancestors().filter(|n| n.value().is_element())
}

/// What a depth-first walk should do after visiting a node.
#[derive(PartialEq, Eq)]
pub enum Step {
    Descend,
    Skip,
    Stop,
}

/// Visits `root` and its descendants in document order without recursion.
pub fn walk<'a>(root: NodeR<'a>, mut visit: impl FnMut(NodeR<'a>) -> Step) {
    let mut node = root;
    loop {
        let step = visit(node);
        if step == Step::Stop {
            return;
        }
        if step == Step::Descend {
            if let Some(child) = node.first_child() {
                node = child;
                continue;
            }
        }
        loop {
            if node.id() == root.id() {
                return;
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                break;
            }
            match node.parent() {
                Some(parent) => node = parent,
                None => return,
            }
        }
    }
}

/// Options for reading text.
#[derive(Clone, Copy)]
pub struct TextOptions {
    /// Leave out form controls' own content (a select's options inside a label).
    pub skip_controls: bool,
    /// Stop collecting after this many bytes.
    pub max_bytes: usize,
}

pub const LABEL_TEXT: TextOptions = TextOptions {
    skip_controls: true,
    max_bytes: 2000,
};

/// The text a person reads in a subtree, whitespace collapsed.
pub fn text_of(root: NodeR<'_>, opts: TextOptions) -> String {
    let mut raw = String::new();
    walk(root, |n| match n.value() {
        Node::Text(t) => {
            // Text right after a block (`<p>with</p>you`) starts a new line.
            if n.prev_sibling().is_some_and(|p| !is_inline_tag(tag(p))) {
                raw.push(' ');
            }
            if super::text::push_as_shown(&mut raw, &t.text, opts.max_bytes) {
                Step::Stop
            } else {
                Step::Skip
            }
        }
        Node::Element(e) => {
            let name = e.name();
            if is_unread_tag(name)
                || (opts.skip_controls && matches!(name, "select" | "option" | "textarea"))
            {
                return Step::Skip;
            }
            if !is_inline_tag(name) {
                raw.push(' ');
            }
            Step::Descend
        }
        Node::Document | Node::Fragment => Step::Descend,
        _ => Step::Skip,
    });
    let mut text = super::text::collapse_whitespace(&raw);
    if text.len() > opts.max_bytes {
        let mut cut = opts.max_bytes;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    text
}

/// The parsed page with its id index.
pub struct Doc<'a> {
    pub html: &'a Html,
    /// Parsed as a fragment: selectors start with `:scope` at the fragment's parent.
    pub fragment: bool,
    /// Each id's first element and how many elements have it.
    ids: HashMap<&'a str, (NodeId, u32)>,
    labels_for: HashMap<&'a str, Vec<NodeId>>,
}

impl<'a> Doc<'a> {
    pub fn new(html: &'a Html, fragment: bool) -> Doc<'a> {
        let mut ids: HashMap<&str, (NodeId, u32)> = HashMap::new();
        let mut labels_for: HashMap<&str, Vec<NodeId>> = HashMap::new();
        // The page's own tree: not every node in the arena, which also holds nodes taken
        // out of it (what a snapshot leaves out, engine::keep_what_a_snapshot_sends).
        for node in html.tree.root().descendants() {
            let Some(e) = node.value().as_element() else {
                continue;
            };
            if let Some(id) = e.attr("id") {
                ids.entry(id).or_insert((node.id(), 0)).1 += 1;
            }
            if e.name() == "label" {
                if let Some(target) = e.attr("for") {
                    labels_for.entry(target).or_default().push(node.id());
                }
            }
        }
        Doc {
            html,
            fragment,
            ids,
            labels_for,
        }
    }

    pub fn root(&self) -> NodeR<'a> {
        self.html.tree.root()
    }

    pub fn get(&self, id: NodeId) -> Option<NodeR<'a>> {
        self.html.tree.get(id)
    }

    pub fn by_id(&self, id: &str) -> Option<NodeR<'a>> {
        self.ids.get(id).and_then(|&(n, _)| self.get(n))
    }

    pub fn labels_for(&self, id: &str) -> Vec<NodeR<'a>> {
        self.labels_for
            .get(id)
            .map(|v| v.iter().filter_map(|&n| self.get(n)).collect())
            .unwrap_or_default()
    }

    fn unique_id(&self, node: NodeR<'a>) -> Option<&'a str> {
        let id = attr(node, "id")?;
        (!id.is_empty() && self.ids.get(id).is_some_and(|&(_, count)| count == 1)).then_some(id)
    }

    /// The element that selectors are rooted at: `html` for a page, the fragment's
    /// parent for a fragment.
    fn is_scope_root(&self, node: NodeR<'a>) -> bool {
        match node.parent() {
            None => true,
            Some(p) => !p.value().is_element() && tag(node) == "html",
        }
    }

    /// A CSS selector that finds exactly this element in the page.
    pub fn selector(&self, node: NodeR<'a>) -> String {
        if !self.fragment {
            if let Some(id) = self.unique_id(node) {
                return format!("#{}", css_escape(id));
            }
        }
        let mut steps: Vec<String> = Vec::new();
        let mut cur = node;
        loop {
            if self.is_scope_root(cur) {
                steps.push(if self.fragment { ":scope" } else { "html" }.to_string());
                break;
            }
            if !self.fragment && cur.id() != node.id() {
                if let Some(id) = self.unique_id(cur) {
                    steps.push(format!("#{}", css_escape(id)));
                    break;
                }
            }
            let name = tag(cur);
            let position = 1 + cur
                .prev_siblings()
                .filter(|s| s.value().as_element().is_some_and(|e| e.name() == name))
                .count();
            steps.push(format!("{}:nth-of-type({position})", css_escape(name)));
            match cur.parent() {
                Some(p) if p.value().is_element() => cur = p,
                _ => {
                    steps.push(if self.fragment { ":scope" } else { "html" }.to_string());
                    break;
                }
            }
        }
        steps.reverse();
        steps.join(" > ")
    }
}

/// CSS.escape from the CSSOM specification, for ids and tag names.
pub fn css_escape(ident: &str) -> String {
    let mut out = String::with_capacity(ident.len() + 4);
    let first = ident.chars().next();
    let count = ident.chars().count();
    for (i, c) in ident.chars().enumerate() {
        let code = c as u32;
        if c == '\0' {
            out.push('\u{FFFD}');
        } else if (1..=0x1f).contains(&code)
            || code == 0x7f
            || (i == 0 && c.is_ascii_digit())
            || (i == 1 && c.is_ascii_digit() && first == Some('-'))
        {
            out.push_str(&format!("\\{code:x} "));
        } else if i == 0 && c == '-' && count == 1 {
            out.push_str("\\-");
        } else if code >= 0x80 || c == '-' || c == '_' || c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            out.push('\\');
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_escape_follows_the_spec() {
        assert_eq!(css_escape("share-cv"), "share-cv");
        assert_eq!(css_escape("1abc"), "\\31 abc");
        assert_eq!(css_escape("a.b:c"), "a\\.b\\:c");
        assert_eq!(css_escape("-"), "\\-");
        assert_eq!(css_escape("-1"), "-\\31 ");
        assert_eq!(css_escape("ctl00$Main$chk"), "ctl00\\$Main\\$chk");
    }

    #[test]
    fn selectors_use_unique_ids_then_paths() {
        let html = Html::parse_document(
            "<div id=a><p>x</p><p><input id=dup><input id=dup><input id=ok></p></div>",
        );
        let doc = Doc::new(&html, false);
        let inputs: Vec<_> = html.tree.nodes().filter(|n| tag(*n) == "input").collect();
        assert_eq!(
            doc.selector(inputs[0]),
            "#a > p:nth-of-type(2) > input:nth-of-type(1)"
        );
        assert_eq!(
            doc.selector(inputs[1]),
            "#a > p:nth-of-type(2) > input:nth-of-type(2)"
        );
        assert_eq!(doc.selector(inputs[2]), "#ok");
    }

    #[test]
    fn fragment_selectors_start_at_scope() {
        let html = Html::parse_fragment("<p>x</p><div><input id=x type=checkbox></div>");
        let doc = Doc::new(&html, true);
        let input = html.tree.nodes().find(|n| tag(*n) == "input").unwrap();
        assert_eq!(
            doc.selector(input),
            ":scope > div:nth-of-type(1) > input:nth-of-type(1)"
        );
    }

    #[test]
    fn text_skips_scripts_and_separates_blocks() {
        let html = Html::parse_fragment("<div>Share<b>d</b><p>with</p><script>x</script>you</div>");
        let doc = Doc::new(&html, true);
        assert_eq!(text_of(doc.root(), LABEL_TEXT), "Shared with you");
    }
}
