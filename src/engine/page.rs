//! What marks a part of a page as not about the reader's account: a job advert or a
//! list of results, and a cookie notice. Statements are not read there.

use super::dom::{self, attr_lower, tag, text_of, walk, NodeR, Step, TextOptions};

/// A job advert or a list of results, by its class, id or schema.org type: its text
/// is the advert's, not a statement about the reader's account.
pub(super) fn is_listing(node: NodeR<'_>, markers: &[&str]) -> bool {
    let Some(e) = node.value().as_element() else {
        return false;
    };
    let mut found = false;
    for (name, value) in e.attrs() {
        if !matches!(name, "class" | "id" | "itemtype") || value.is_empty() {
            continue;
        }
        let value = value.to_ascii_lowercase();
        found |= value.contains("jobposting") || markers.iter().any(|m| value.contains(*m));
    }
    // An unmarked <article> with an "Apply" link is an advert too.
    found || (e.name() == "article" && has_apply_link(node))
}

/// Hidden by a class name until the person opens it (a conditional question under a
/// radio not chosen): a class that is one of `markers`, or ends with one that starts
/// with "--", and names no screen size (`screens`). Never the page itself.
pub(super) fn is_hidden_by_class(node: NodeR<'_>, markers: &[&str], screens: &[&str]) -> bool {
    if matches!(tag(node), "html" | "body" | "main") {
        return false;
    }
    attr_lower(node, "class")
        .split_ascii_whitespace()
        .any(|class| {
            let marked = markers.iter().any(|m| {
                if m.starts_with("--") {
                    class.ends_with(*m)
                } else {
                    class == *m
                }
            });
            marked && !class.split(['-', '_']).any(|part| screens.contains(&part))
        })
}

/// A cookie notice: marked so by its class, id or accessible name, short, saying
/// "cookie", and not wrapping the page's content. Its sentences are about cookies, and
/// it offers its own choice. Never the page itself: a cookie script may mark the whole
/// page (`<body class="cookies-accepted">`).
pub(super) fn is_cookie_notice(node: NodeR<'_>, markers: &[&str]) -> bool {
    let Some(e) = node.value().as_element() else {
        return false;
    };
    if matches!(e.name(), "html" | "body" | "main" | "form" | "fieldset") {
        return false;
    }
    let marked = e
        .attrs()
        .filter(|(name, _)| matches!(*name, "class" | "id" | "aria-label"))
        .any(|(_, value)| {
            let value = value.to_ascii_lowercase();
            markers.iter().any(|m| value.contains(*m))
        });
    if !marked {
        return false;
    }
    // A wrapper round the page's content is not a notice, whatever its name.
    let wraps_the_page = node.descendants().take(5000).any(|d| {
        d.value().as_element().is_some_and(|e| {
            matches!(e.name(), "main" | "form" | "h1") || e.attr("role") == Some("main")
        })
    });
    if wraps_the_page {
        return false;
    }
    // A notice is short, and says what it is about.
    let text = text_of(
        node,
        TextOptions {
            skip_controls: false,
            max_bytes: MAX_COOKIE_NOTICE_BYTES + 1,
        },
    );
    let says_cookie = |t: &str| t.to_lowercase().contains("cookie");
    text.len() <= MAX_COOKIE_NOTICE_BYTES
        && (says_cookie(&text) || e.attr("aria-label").is_some_and(says_cookie))
}

/// Longest text a cookie notice has; anything longer is more than a notice.
const MAX_COOKIE_NOTICE_BYTES: usize = 2000;

fn has_apply_link(node: NodeR<'_>) -> bool {
    let mut found = false;
    let mut steps = 0;
    walk(node, |n| {
        steps += 1;
        if steps > 3000 {
            return Step::Stop;
        }
        if matches!(tag(n), "a" | "button") {
            let text = text_of(n, dom::LABEL_TEXT).to_lowercase();
            if text.starts_with("apply") {
                found = true;
                return Step::Stop;
            }
            return Step::Skip;
        }
        Step::Descend
    });
    found
}
