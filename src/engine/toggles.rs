//! Checkboxes and switches, native and ARIA: what a box's own texts say it does, or
//! the heading of the group it is in, and whether its default state shares.

use super::classify::{self, Reading, Verdict};
use super::clause;
use super::dom::{self, attr, attr_lower, has_attr, tag, text_of, NodeR};
use super::findings::{Draft, Kind};
use super::labels::{self, Source};
use super::state::{is_locked, state_of};
use super::text::tokenize;
use super::Audit;
use crate::report::{Category, Control, Recipient, SwitchOff, SwitchOffAction};

/// What a control's texts say it does.
enum Decision {
    Shares(Verdict, String),
    /// Accepts terms and agrees to sharing in one box.
    Bundled(Vec<Recipient>, String),
    /// Says nothing of sharing; carries the control's own words, if any.
    Nothing(Option<String>),
    /// Never a warning (remember me), or a reassurance on a terms box.
    Ignore,
}

impl<'d, 'a> Audit<'d, 'a> {
    /// A checkbox, or a switch that is a checkbox (`role="switch"`).
    pub(super) fn checkbox(&mut self, c: NodeR<'a>) -> Option<Draft> {
        let control = if attr_lower(c, "role") == "switch" {
            Control::Switch
        } else {
            Control::Checkbox
        };
        // A box drawn over the input may carry the words (Quasar's `q-toggle` with its
        // `aria-label`): read them first.
        let drawn = inside_a_drawn_box(c);
        let decision = match drawn.map(|d| self.decide(d, true)) {
            Some(Decision::Nothing(_)) | None => self.decide(c, true),
            Some(other) => other,
        };
        let (verdict, label) = match decision {
            Decision::Shares(v, label) => (v, label),
            Decision::Nothing(Some(own)) => self.in_group(c, &own)?,
            Decision::Nothing(None) | Decision::Ignore => return None,
            Decision::Bundled(recipients, label) => {
                let st = state_of(c, has_attr(c, "checked"), self.source);
                return Some(Draft {
                    node: c.id(),
                    verdict: Verdict {
                        category: Category::BundledConsent,
                        recipients,
                        inverted: false,
                    },
                    control,
                    label,
                    locked: false,
                    kind: Kind::Bundled,
                    on_now: true,
                    reticked: st.reticked(),
                    switch_off: None,
                });
            }
        };
        let checked = has_attr(c, "checked");
        self.offers(c, &verdict);
        // A box drawn over the input (Syncfusion's `e-switch-wrapper role="switch"`): the
        // person sees that, so the warning goes beside it; the input is still what is
        // switched off.
        let Some(drawn) = drawn else {
            return self.toggle_draft(c, control, checked, verdict, label);
        };
        let control = if attr_lower(drawn, "role") == "switch" {
            Control::Switch
        } else {
            control
        };
        let draft = self.toggle_draft(c, control, checked, verdict, label)?;
        // Locked where the drawn box is (`aria-disabled`), whatever the input says.
        let drawn_locked = is_locked(drawn) && !draft.locked;
        Some(Draft {
            node: drawn.id(),
            locked: draft.locked || drawn_locked,
            kind: if drawn_locked {
                Kind::Locked
            } else {
                draft.kind
            },
            switch_off: if drawn_locked { None } else { draft.switch_off },
            ..draft
        })
    }

    /// An ARIA checkbox or switch that is not an `<input>`, or a web component's box or
    /// switch known by its name ([`custom_toggle`]).
    pub(super) fn aria_widget(&mut self, c: NodeR<'a>) -> Option<Draft> {
        let custom = custom_toggle(c);
        // One drawn over a native box is read through that box (`checkbox`); a component
        // whose own parts were sent (its shadow root, in the extension) is read by them.
        let read_inside = match custom {
            Some(_) => holds_any_box(c),
            None => holds_a_native_box(c),
        };
        if read_inside {
            return None;
        }
        let control = match custom {
            Some(control) => control,
            None if attr_lower(c, "role") == "switch" => Control::Switch,
            None => Control::Checkbox,
        };
        let (verdict, label) = match self.decide(c, false) {
            Decision::Shares(v, label) => (v, label),
            Decision::Nothing(Some(own)) => self.in_group(c, &own)?,
            _ => return None,
        };
        // A component's boolean attribute may be written "false" (Stencil reads it so).
        let on = |name: &str| has_attr(c, name) && attr_lower(c, name) != "false";
        let checked =
            attr_lower(c, "aria-checked") == "true" || (custom.is_some() && on("checked"));
        self.offers(c, &verdict);
        let draft = self.toggle_draft(c, control, checked, verdict, label)?;
        // A saved page's component: nothing in the page to click.
        Some(match custom {
            Some(_) => Draft {
                switch_off: None,
                ..draft
            },
            None => draft,
        })
    }

    /// Reads a control's texts in order; the first that says something decides. A bare
    /// answer ("Yes") is combined with the question found after it. With `bundling`,
    /// a box's own words that accept terms and agree to sharing make it bundled consent.
    fn decide(&mut self, c: NodeR<'a>, bundling: bool) -> Decision {
        // Its description belongs to it even when the label alone decides.
        if let Some(ids) = attr(c, "aria-describedby") {
            for id in ids.split_whitespace().take(16) {
                if let Some(n) = self.doc.by_id(id) {
                    self.used.nodes.insert(n.id());
                }
            }
        }
        let mut lazy = labels::Lazy::new(c);
        // So is help text in its own item with no ARIA link (Bootstrap `.form-text`, Ant
        // Design's `.ant-form-item-extra`): never also a statement with "no way to refuse"
        // beside the switch that refuses it.
        for hint in labels::hint_nodes(lazy.anchor()) {
            self.used.nodes.insert(hint.id());
        }
        let mut answer: Option<(bool, String)> = None;
        let mut own: Option<String> = None;
        let mut own_label = false;
        while let Some(cand) = lazy.next(self.doc, &mut self.used) {
            let tokens = tokenize(&cand.text);
            let is_own = matches!(cand.source, Source::Label | Source::Following);
            if is_own && own.is_none() {
                own = Some(cand.text.clone());
            }
            let reading = classify::read_control_text(self.rules, &tokens);
            if bundling && is_own && classify::accepts_terms(self.rules, &tokens) {
                if let Reading::Sharing(v) = &reading {
                    if v.inverted {
                        // "Accepting does not let your provider see...": a reassurance
                        // on a box that must be ticked, not an opt-out.
                        return Decision::Ignore;
                    }
                    let all: Vec<Recipient> = self.rules.recipients.iter().map(|r| r.id).collect();
                    let mut recipients = classify::recipients_named(self.rules, &tokens, &all);
                    clause::add(&mut recipients, v.recipients.clone());
                    return Decision::Bundled(recipients, cand.text);
                }
            }
            match reading {
                Reading::NotAWarning => {
                    if matches!(
                        cand.source,
                        Source::Label | Source::Following | Source::Hint
                    ) {
                        return Decision::Ignore;
                    }
                }
                Reading::Sharing(mut v) => {
                    if let Some(n) = cand.node {
                        self.used.nodes.insert(n);
                    }
                    let label = match &answer {
                        Some((yes, text)) => {
                            v.inverted ^= !yes;
                            format!("{} {}", cand.text, text)
                        }
                        None => cand.text.clone(),
                    };
                    return Decision::Shares(v, label);
                }
                Reading::Nothing => {
                    if cand.source == Source::Label {
                        // A bare answer ("Yes", "No thanks") looks for its question.
                        let bare = tokens.len() <= 4;
                        match classify::answer(self.rules, &tokens).filter(|_| bare) {
                            Some(yes) => answer = Some((yes, cand.text.clone())),
                            // A box with words of its own ("I accept the terms") is
                            // about those words: text around it is not its label.
                            None => own_label = true,
                        }
                    }
                }
            }
            if own_label && cand.source != Source::Label {
                break;
            }
            if own_label && cand.source == Source::Label {
                // Its hint (aria-describedby, hint text) may still say what it does.
                if let Some(hint) = lazy.next(self.doc, &mut self.used) {
                    if hint.source == Source::Hint {
                        if let Reading::Sharing(v) =
                            classify::read_control_text(self.rules, &tokenize(&hint.text))
                        {
                            return Decision::Shares(v, hint.text);
                        }
                    }
                }
                break;
            }
        }
        Decision::Nothing(own)
    }

    /// A box in a group whose heading says what the boxes share ("What your adviser
    /// can see: [x] My private notes").
    ///
    /// The group is a `<fieldset>` with its `<legend>`, or an element with
    /// `role="group"` (Elastic UI's described form group) whose opening headings and
    /// paragraphs, or those just before it, say what its boxes do ("CV search.
    /// Recruiters can find you...: [x] Include me").
    fn in_group(&mut self, c: NodeR<'a>, own: &str) -> Option<(Verdict, String)> {
        let group = dom::ancestors(c)
            .take(16)
            .find(|a| tag(*a) == "fieldset" || attr_lower(*a, "role") == "group")?;
        let legend: Vec<NodeR<'a>> = group
            .children()
            .filter(|n| tag(*n) == "legend")
            .take(1)
            .collect();
        // With no legend, the group's opening words, or those just before it in its
        // parent (Mailchimp's marketing permissions: a paragraph, then a fieldset of
        // channels).
        // A group with a name of its own (`aria-label`, `aria-labelledby`) is not
        // explained by the words around it: its name says what it is.
        let named = has_attr(group, "aria-label") || has_attr(group, "aria-labelledby");
        let said = if !legend.is_empty() {
            legend
        } else if named {
            Vec::new()
        } else {
            let own = said_before(group, c);
            // The words just before it count only in a small wrapper of its own, never a
            // form or a section of the page.
            let small_wrapper = |p: &NodeR<'a>| {
                p.value().is_element()
                    && !matches!(
                        tag(*p),
                        "html" | "body" | "main" | "form" | "section" | "article"
                    )
                    && labels::form_controls_within(*p, false, 40).is_some()
            };
            match group.parent().filter(small_wrapper) {
                Some(parent) if own.is_empty() => said_before(parent, c),
                _ => own,
            }
        };
        if said.is_empty() {
            return None;
        }
        let heading: Vec<String> = said.iter().map(|n| text_of(*n, dom::LABEL_TEXT)).collect();
        let combined = format!("{} {own}", heading.join(" "));
        match classify::read_control_text(self.rules, &tokenize(&combined)) {
            Reading::Sharing(v) => {
                self.used.nodes.extend(said.iter().map(|n| n.id()));
                Some((v, combined))
            }
            _ => None,
        }
    }

    /// A box or switch: a finding when its default state shares.
    fn toggle_draft(
        &self,
        c: NodeR<'a>,
        control: Control,
        checked: bool,
        verdict: Verdict,
        label: String,
    ) -> Option<Draft> {
        let st = state_of(c, checked, self.source);
        let shares = |on: bool| on != verdict.inverted;
        if !shares(st.default) {
            return None;
        }
        let locked = is_locked(c);
        let switch_off = (!locked).then(|| SwitchOff {
            selector: self.doc.selector(c),
            action: if verdict.inverted {
                SwitchOffAction::Check
            } else {
                SwitchOffAction::Uncheck
            },
            choice: None,
        });
        let kind = if locked {
            Kind::Locked
        } else if verdict.inverted {
            Kind::Inverted
        } else {
            Kind::Ticked
        };
        Some(Draft {
            node: c.id(),
            control,
            label,
            locked,
            kind,
            on_now: shares(st.now),
            reticked: st.user.is_some_and(|u| !shares(u)) && shares(st.now),
            switch_off,
            verdict,
        })
    }
}

/// Levels above an input that a drawn box may wrap it in.
const DRAWN_BOX_DEPTH: usize = 2;

/// The ARIA checkbox or switch drawn around an input (its parent or grandparent), if
/// any: the control the person sees, whose state the input holds.
pub(super) fn inside_a_drawn_box(input: NodeR<'_>) -> Option<NodeR<'_>> {
    input
        .ancestors()
        .take(DRAWN_BOX_DEPTH)
        .filter(|a| a.value().is_element())
        .find(|a| {
            tag(*a) != "input" && matches!(attr_lower(*a, "role").as_str(), "switch" | "checkbox")
        })
}

/// An ARIA checkbox or switch with a native checkbox inside it (a child or grandchild).
fn holds_a_native_box(widget: NodeR<'_>) -> bool {
    let is_box = |n: NodeR<'_>| tag(n) == "input" && attr_lower(n, "type") == "checkbox";
    widget
        .children()
        .take(40)
        .any(|c| is_box(c) || c.children().take(40).any(is_box))
}

/// The headings and paragraphs that open `group`, before its first control, up to a
/// few: what a group with no legend says about all its boxes. (What is said beside one
/// box is that box's, not the next one's.)
fn said_before<'a>(group: NodeR<'a>, control: NodeR<'a>) -> Vec<NodeR<'a>> {
    const ENOUGH: usize = 4;
    let mut said = Vec::new();
    let mut steps = 0;
    dom::walk(group, |n| {
        steps += 1;
        // A group is a small part of a form; a bigger one is read no further.
        if steps > labels::SMALL_SUBTREE {
            return dom::Step::Stop;
        }
        let is_control = n.id() == control.id()
            || matches!(tag(n), "input" | "select" | "textarea" | "button")
            || matches!(
                attr_lower(n, "role").as_str(),
                "checkbox" | "switch" | "radio"
            );
        if is_control || said.len() >= ENOUGH {
            return dom::Step::Stop;
        }
        match tag(n) {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "p" | "legend" => {
                said.push(n);
                dom::Step::Skip
            }
            _ => dom::Step::Descend,
        }
    });
    said
}

/// A web component that is a box or a switch by the last part of its name ("sl-switch",
/// "nord-toggle", "ui5-checkbox"), with no role of its own: it draws itself in a shadow
/// root, which a saved page does not hold, so its host's attributes (`checked`,
/// `disabled`, `label`) are all there is to read.
pub(super) fn custom_toggle(n: NodeR<'_>) -> Option<Control> {
    if has_attr(n, "role") {
        return None;
    }
    match tag(n).rsplit_once('-')?.1 {
        "switch" | "toggle" => Some(Control::Switch),
        "checkbox" => Some(Control::Checkbox),
        _ => None,
    }
}

/// A box of any kind inside a web component's host, hidden or not (its shadow root's
/// input, as the extension sends it): then that box speaks for the host.
fn holds_any_box(host: NodeR<'_>) -> bool {
    let mut found = false;
    let mut steps = 0;
    dom::walk(host, |n| {
        steps += 1;
        if steps > labels::SMALL_SUBTREE {
            found = true;
            return dom::Step::Stop;
        }
        found = n.id() != host.id()
            && n.value().is_element()
            && ((tag(n) == "input"
                && matches!(attr_lower(n, "type").as_str(), "checkbox" | "radio"))
                || matches!(attr_lower(n, "role").as_str(), "switch" | "checkbox"));
        if found {
            dom::Step::Stop
        } else {
            dom::Step::Descend
        }
    });
    found
}
