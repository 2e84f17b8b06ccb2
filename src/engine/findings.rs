//! From a decision to a finding: the wording for how it came to be (ticked, chosen,
//! locked, hidden, stated), the letter it offers, and who it names.

use ego_tree::NodeId;

use super::classify::Verdict;
use super::text::{bound, collapse_whitespace};
use super::{Audit, MAX_FINDINGS, MAX_LABEL_CHARS};
use crate::report::{Control, Finding, Recipient, SwitchOff};
use crate::rules::Rules;

/// How a finding came to be, for its wording.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Ticked,
    Chosen,
    Inverted,
    Locked,
    Hidden,
    Statement,
    Bundled,
}

/// A finding before its wording: where it is, what it shares, and how it came to be.
pub(super) struct Draft {
    pub(super) node: NodeId,
    pub(super) verdict: Verdict,
    pub(super) control: Control,
    pub(super) label: String,
    pub(super) locked: bool,
    pub(super) kind: Kind,
    pub(super) on_now: bool,
    pub(super) reticked: bool,
    pub(super) switch_off: Option<SwitchOff>,
}

impl<'d, 'a> Audit<'d, 'a> {
    pub(super) fn emit(&mut self, d: Draft) {
        if self.findings.len() >= MAX_FINDINGS || !self.flagged.insert(d.node) {
            return;
        }
        let Some(node) = self.doc.get(d.node) else {
            return;
        };
        let rules = self.rules;
        let Some(cat) = rules.category(d.verdict.category) else {
            return;
        };
        let registering_statement = d.control == Control::Statement && d.kind == Kind::Statement;
        let letter = if d.kind == Kind::Bundled {
            cat.letter
        } else if let (true, Some(letter)) = (registering_statement, cat.letter_when_registering) {
            letter
        } else if d.locked {
            cat.letter_when_locked.unwrap_or(cat.letter)
        } else {
            d.verdict
                .recipients
                .first()
                .and_then(|r| cat.letter_for(*r))
                .unwrap_or(cat.letter)
        }
        .to_string();
        let who = who_names(rules, &d.verdict.recipients, cat.default_who);
        let headline = capitalise(&cat.headline.replace("{who}", &who));
        let sw = &cat.state_wording;
        let state = match (d.kind, d.control) {
            (Kind::Bundled, _) => sw.bundled,
            (Kind::Hidden, _) => sw.hidden,
            (Kind::Statement, _) => sw.statement_registering,
            (Kind::Locked, Control::Statement) => sw.statement,
            (Kind::Inverted, Control::Statement) => sw.statement_unless,
            (Kind::Locked, _) => sw.locked,
            (Kind::Inverted, _) => sw.inverted,
            (Kind::Chosen, _) => sw.chosen,
            (Kind::Ticked, Control::Switch) => sw.switched,
            (Kind::Ticked, _) => sw.ticked,
        };
        // Short first (issue 17): the state's first sentence (what was done, what the
        // person can do) is shown with the headline; the rest is "why it matters".
        let (summary, rest) = first_sentence(state);
        let why = format!("{} {}", cat.why, rest).trim().to_string();
        let label = bound(&collapse_whitespace(&d.label), MAX_LABEL_CHARS);
        self.findings.push(Finding {
            category: d.verdict.category,
            recipients: d.verdict.recipients,
            control: d.control,
            label,
            selector: self.doc.selector(node),
            default_on: true,
            locked: d.locked,
            inverted: d.verdict.inverted,
            severity: cat.severity,
            letter,
            on_now: d.on_now,
            reticked: d.reticked,
            switch_off: d.switch_off,
            headline,
            summary: summary.to_string(),
            why,
        });
    }
}

fn who_names(rules: &Rules, recipients: &[Recipient], default: &str) -> String {
    let names: Vec<&str> = recipients
        .iter()
        .filter_map(|r| rules.recipient(*r).map(|x| x.name))
        .collect();
    match names.as_slice() {
        [] => default.to_string(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {}", rest.join(", "), last),
    }
}

/// `text`'s first sentence and the rest.
fn first_sentence(text: &str) -> (&str, &str) {
    match text.find(". ") {
        Some(end) => (&text[..=end], text[end + 2..].trim()),
        None => (text.trim(), ""),
    }
}

/// Headlines are rules.toml's English wording; a first letter outside ASCII is left as it
/// is. (Unicode's upper-case tables would add 17 KB to the module.)
fn capitalise(s: &str) -> String {
    let mut text = s.to_string();
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}
