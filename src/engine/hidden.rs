//! Hidden inputs: a field the person never sees whose name and value say that
//! sharing is switched on.

use std::collections::HashSet;

use super::classify::{self, Reading};
use super::dom::{attr, NodeR};
use super::findings::{Draft, Kind};
use super::text::tokenize;
use super::Audit;
use crate::report::Control;

impl<'d, 'a> Audit<'d, 'a> {
    /// A hidden input that says sharing is on, unless a field the person sees has its
    /// name (then it carries that field's value).
    pub(super) fn hidden(
        &mut self,
        h: NodeR<'a>,
        visible_names: &HashSet<&'a str>,
    ) -> Option<Draft> {
        let name = attr(h, "name").unwrap_or("");
        let id = attr(h, "id").unwrap_or("");
        if !name.is_empty() && visible_names.contains(name) {
            return None;
        }
        let value = attr(h, "value").unwrap_or("").trim().to_lowercase();
        let words = &self.rules.words;
        if words.off_values.contains(&value.as_str()) || value.len() > 60 {
            return None;
        }
        let mut text = identifier_words(if name.is_empty() { id } else { name });
        if !words.on_values.contains(&value.as_str()) {
            // A value that is words ("share_with_provider") says what is switched on.
            let value_words = identifier_words(&value);
            if classify::answer(self.rules, &tokenize(&value_words)) == Some(false) {
                return None;
            }
            text.push(' ');
            text.push_str(&value_words);
        }
        let tokens = tokenize(&text);
        let Reading::Sharing(verdict) = classify::read_control_text(self.rules, &tokens) else {
            return None;
        };
        if verdict.inverted {
            return None;
        }
        let label = format!(
            "{}={}",
            if name.is_empty() { id } else { name },
            attr(h, "value").unwrap_or("")
        );
        Some(Draft {
            node: h.id(),
            verdict,
            control: Control::Hidden,
            label,
            locked: true,
            kind: Kind::Hidden,
            on_now: true,
            reticked: false,
            switch_off: None,
        })
    }
}

/// Splits an identifier such as `allowAdviserAccess` or `share_cv-with.provider` into words.
fn identifier_words(id: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in id.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && prev_lower {
                out.push(' ');
            }
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
            out.push(c);
        } else {
            out.push(' ');
            prev_lower = false;
        }
    }
    out
}
