//! The state a control carries: on or off as the page arrived, now, and as the person
//! last set it (the snapshot's `data-untick-*` attributes), whether a radio was chosen,
//! and whether the page lets it be changed.

use super::dom::{self, attr_lower, has_attr, tag, NodeR};
use super::TreeSource;

/// The on/off state of an element carrying state, per the snapshot contract.
#[derive(Clone, Copy)]
pub(super) struct State {
    /// As the page arrived.
    pub(super) default: bool,
    /// Now.
    pub(super) now: bool,
    /// What the person last set, if they did.
    pub(super) user: Option<bool>,
}

impl State {
    /// The person switched it off and the page switched it back on.
    pub(super) fn reticked(self) -> bool {
        self.user == Some(false) && self.now
    }
}

fn on_off(value: &str) -> Option<bool> {
    match value {
        "on" => Some(true),
        "off" => Some(false),
        _ => None,
    }
}

pub(super) fn state_of(node: NodeR<'_>, default: bool, source: TreeSource) -> State {
    if source == TreeSource::SavedPage {
        return State {
            default,
            now: default,
            user: None,
        };
    }
    State {
        default,
        now: on_off(&attr_lower(node, "data-untick-now")).unwrap_or(default),
        user: on_off(&attr_lower(node, "data-untick-user")),
    }
}

/// A radio (native or ARIA) chosen as the page arrived.
pub(super) fn is_chosen(node: NodeR<'_>) -> bool {
    if tag(node) == "input" {
        has_attr(node, "checked")
    } else {
        attr_lower(node, "aria-checked") == "true"
    }
}

pub(super) fn is_locked(node: NodeR<'_>) -> bool {
    // A web component's boolean attribute may be written "false" (Stencil reads it so);
    // on a native control any `disabled` disables.
    let disabled = has_attr(node, "disabled")
        && !(tag(node).contains('-') && attr_lower(node, "disabled") == "false");
    if disabled
        || attr_lower(node, "aria-disabled") == "true"
        || attr_lower(node, "aria-readonly") == "true"
        || attr_lower(node, "onclick")
            .replace(' ', "")
            .contains("returnfalse")
    {
        return true;
    }
    dom::ancestors(node)
        .take(32)
        .any(|a| tag(a) == "fieldset" && has_attr(a, "disabled"))
}
