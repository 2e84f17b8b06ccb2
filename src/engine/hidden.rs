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
        // Headless UI and others keep a custom drop-down's value in a hidden input beside
        // it: that drop-down's answer, read there, not a setting of its own.
        let beside_a_drop_down = h.parent().is_some_and(|p| {
            p.children()
                .take(40)
                .any(|s| s.value().is_element() && super::choices::is_custom_select(s))
        });
        // DevExtreme and others keep a drawn box's value in a hidden input inside it: that
        // box's state, read there (`aria-checked`), not a setting of its own.
        if beside_a_drop_down || super::toggles::inside_a_drawn_box(h).is_some() {
            return None;
        }
        let value = attr(h, "value").unwrap_or("").trim().to_lowercase();
        let words = &self.rules.words;
        if words.off_values.contains(&value.as_str()) || value.len() > 60 {
            return None;
        }
        // A value that is words and says no ("none", "no_sharing") switches nothing on.
        if !words.on_values.contains(&value.as_str())
            && classify::answer(self.rules, &tokenize(&identifier_words(&value))) == Some(false)
        {
            return None;
        }
        // The name first; frameworks that number their fields ("p_t07") put the meaning
        // in the id ("P12_SHARE_ACTIVITY_JCP") or a data- attribute instead.
        let data = h
            .value()
            .as_element()
            .into_iter()
            .flat_map(|e| e.attrs())
            .filter(|(k, _)| k.starts_with("data-"))
            .flat_map(|(k, v)| [k, v]);
        let (identifier, verdict) = [name, id]
            .into_iter()
            .chain(data)
            .filter(|i| !i.is_empty())
            .take(16)
            .find_map(|identifier| {
                let mut text = identifier_words(identifier);
                if !words.on_values.contains(&value.as_str()) {
                    // A value that is words ("share_with_provider") says what is on.
                    text.push(' ');
                    text.push_str(&identifier_words(&value));
                }
                match classify::read_control_text(self.rules, &tokenize(&text)) {
                    Reading::Sharing(v) if !v.inverted => Some((identifier, v)),
                    _ => None,
                }
            })?;
        let label = format!("{identifier}={}", attr(h, "value").unwrap_or(""));
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
