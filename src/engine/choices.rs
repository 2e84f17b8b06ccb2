//! Radio groups and selects: the question they answer, what the chosen answer does,
//! and which other answer switches the sharing off.

use std::collections::{HashMap, HashSet};

use ego_tree::NodeId;

use super::classify::{self, Reading, Verdict};
use super::dom::{self, attr, attr_lower, has_attr, tag, text_of, NodeR, TextOptions};
use super::findings::{Draft, Kind};
use super::labels::{self, Source};
use super::state::{is_chosen, is_locked, state_of};
use super::text::{bound, collapse_whitespace, tokenize};
use super::Audit;
use crate::report::{Category, Control, SwitchOff, SwitchOffAction};

/// A page's radio groups, each answered once, at its first radio in document order.
pub(super) struct RadioGroups<'a> {
    /// Native radios by form and name; a nameless radio is a group of one.
    named: HashMap<(Option<NodeId>, &'a str), Vec<NodeR<'a>>>,
    seen_aria: HashSet<NodeId>,
}

/// A drop-down drawn without `<select>`: an element with `role="combobox"` (an input
/// only when read-only: an editable one is a search box), or a button or other element
/// that opens a listbox.
pub(super) fn is_custom_select(n: NodeR<'_>) -> bool {
    let role = attr_lower(n, "role");
    match tag(n) {
        "select" | "option" => false,
        "input" => {
            role == "combobox"
                && (has_attr(n, "readonly") || attr_lower(n, "aria-readonly") == "true")
        }
        _ => role == "combobox" || attr_lower(n, "aria-haspopup") == "listbox",
    }
}

/// The answer a custom drop-down shows: its own text, or for an input, its value or the
/// text of the small box drawn around it (Ant Design's selection item).
fn shown_value(c: NodeR<'_>) -> String {
    let short = TextOptions {
        skip_controls: false,
        max_bytes: 500,
    };
    if tag(c) != "input" {
        return text_of(c, short);
    }
    if let Some(v) = attr(c, "value").filter(|v| !v.trim().is_empty()) {
        return collapse_whitespace(v);
    }
    dom::ancestors(c)
        .take(3)
        .map(|a| text_of(a, short))
        .find(|t| !t.is_empty())
        .unwrap_or_default()
}

/// The form a native radio belongs to, if any: its group is by form and name.
fn form_of(c: NodeR<'_>) -> Option<NodeId> {
    dom::ancestors(c)
        .find(|a| tag(*a) == "form")
        .map(|f| f.id())
}

impl<'a> RadioGroups<'a> {
    pub(super) fn new(controls: &[NodeR<'a>]) -> Self {
        let mut named: HashMap<(Option<NodeId>, &'a str), Vec<NodeR<'a>>> = HashMap::new();
        for &c in controls {
            if tag(c) == "input" && attr_lower(c, "type") == "radio" {
                if let Some(name) = attr(c, "name").filter(|n| !n.is_empty()) {
                    named.entry((form_of(c), name)).or_default().push(c);
                }
            }
        }
        RadioGroups {
            named,
            seen_aria: HashSet::new(),
        }
    }

    /// The group of native radio `c`, the first time one of its radios asks.
    pub(super) fn native(&mut self, c: NodeR<'a>) -> Option<Vec<NodeR<'a>>> {
        let Some(name) = attr(c, "name").filter(|n| !n.is_empty()) else {
            return Some(vec![c]);
        };
        // Taken out once asked for: another kind of hash set would be another copy of
        // its code in the module.
        self.named.remove(&(form_of(c), name))
    }

    /// ARIA radios: grouped by their radiogroup (or their parent), the first time one of
    /// its radios asks.
    pub(super) fn aria(&mut self, c: NodeR<'a>, controls: &[NodeR<'a>]) -> Option<Vec<NodeR<'a>>> {
        let group = dom::ancestors(c)
            .take(8)
            .find(|a| attr_lower(*a, "role") == "radiogroup")
            .or_else(|| c.parent());
        match group {
            Some(g) if self.seen_aria.insert(g.id()) => Some(
                controls
                    .iter()
                    .filter(|r| {
                        attr_lower(**r, "role") == "radio"
                            && r.ancestors().any(|a| a.id() == g.id())
                    })
                    .copied()
                    .collect(),
            ),
            _ => None,
        }
    }
}

impl<'d, 'a> Audit<'d, 'a> {
    pub(super) fn radio_group(&mut self, radios: &[NodeR<'a>]) -> Option<Draft> {
        let first = *radios.first()?;
        let chosen = radios.iter().rev().find(|r| is_chosen(**r)).copied();
        let question = self.question(first);
        let mut own_texts = Vec::with_capacity(radios.len());
        // Whether each radio has words of its own, rather than only its value ("1", "N"),
        // which a button must not quote.
        let mut has_words = Vec::with_capacity(radios.len());
        for &r in radios {
            let text = labels::label_text(self.doc, &mut self.used, r);
            let text = if text.is_empty() {
                labels::candidates(self.doc, &mut self.used, r)
                    .into_iter()
                    .find(|c| c.source == Source::Following)
                    .map(|c| c.text)
                    .unwrap_or_default()
            } else {
                text
            };
            has_words.push(!text.is_empty());
            // A radio with no text at all (a table of Y/N columns) answers by its value.
            let text = if text.is_empty() {
                attr(r, "value").unwrap_or("").trim().to_string()
            } else {
                text
            };
            own_texts.push(text);
        }
        let chosen = chosen?;
        let index = radios.iter().position(|r| r.id() == chosen.id())?;
        let own = own_texts.get(index)?;
        let (shares, verdict, label) = self.option_shares(own, &question)?;
        self.offers(chosen, &verdict);
        if !shares {
            return None;
        }
        let st = state_of(chosen, true, self.source);
        let locked = is_locked(chosen)
            || radios
                .iter()
                .filter(|r| r.id() != chosen.id())
                .all(|r| is_locked(*r));
        let switch_off = if locked {
            None
        } else {
            radios
                .iter()
                .zip(own_texts.iter().zip(&has_words))
                .filter(|(r, _)| r.id() != chosen.id() && !is_locked(**r))
                .find(|(_, (t, _))| matches!(self.option_shares(t, &question), Some((false, _, _))))
                .map(|(r, (text, words))| SwitchOff {
                    selector: self.doc.selector(*r),
                    action: SwitchOffAction::Choose,
                    choice: if *words { choice_words(text) } else { None },
                })
        };
        Some(Draft {
            node: chosen.id(),
            verdict,
            control: Control::Radio,
            label,
            locked,
            kind: if locked { Kind::Locked } else { Kind::Chosen },
            on_now: st.now,
            reticked: st.reticked(),
            switch_off,
        })
    }

    pub(super) fn select(&mut self, s: NodeR<'a>) -> Option<Draft> {
        let options: Vec<NodeR<'a>> = s
            .descendants()
            .filter(|n| tag(*n) == "option")
            .take(500)
            .collect();
        let multiple = has_attr(s, "multiple");
        let chosen = options
            .iter()
            .rev()
            .find(|o| has_attr(**o, "selected"))
            .or_else(|| if multiple { None } else { options.first() })
            .copied()?;
        let question = self.question(s);
        let option_text = |o: NodeR<'a>| -> String {
            match attr(o, "label").filter(|l| !l.trim().is_empty()) {
                Some(l) => collapse_whitespace(l),
                None => text_of(
                    o,
                    TextOptions {
                        skip_controls: false,
                        max_bytes: 500,
                    },
                ),
            }
        };
        let own = option_text(chosen);
        let (shares, verdict, label) = self.option_shares(&own, &question)?;
        self.offers(s, &verdict);
        if !shares {
            return None;
        }
        let st = state_of(chosen, true, self.source);
        let locked = is_locked(s) || is_locked(chosen);
        let switch_off = if locked {
            None
        } else {
            options
                .iter()
                .filter(|o| o.id() != chosen.id() && !is_locked(**o))
                .find(|o| {
                    matches!(
                        self.option_shares(&option_text(**o), &question),
                        Some((false, _, _))
                    )
                })
                .map(|o| SwitchOff {
                    selector: self.doc.selector(*o),
                    action: SwitchOffAction::Choose,
                    choice: choice_words(&option_text(*o)),
                })
        };
        Some(Draft {
            node: s.id(),
            verdict,
            control: Control::Select,
            label,
            locked,
            kind: if locked { Kind::Locked } else { Kind::Chosen },
            on_now: st.now,
            reticked: st.reticked(),
            switch_off,
        })
    }

    /// A drop-down drawn without `<select>` (MUI Select, Headless UI Listbox, Ant Design
    /// Select): what it shows is the chosen answer. Its options are drawn only when it
    /// opens, so there is no answer to choose instead: the warning offers the letter.
    pub(super) fn custom_select(&mut self, c: NodeR<'a>) -> Option<Draft> {
        let shown = shown_value(c);
        if shown.is_empty() {
            return None;
        }
        self.used.nodes.insert(c.id());
        let question = self.question(c);
        let (shares, verdict, label) = self.option_shares(&shown, &question)?;
        self.offers(c, &verdict);
        if !shares {
            return None;
        }
        let locked = is_locked(c);
        Some(Draft {
            node: c.id(),
            verdict,
            control: Control::Select,
            label,
            locked,
            kind: if locked { Kind::Locked } else { Kind::Chosen },
            on_now: true,
            reticked: false,
            switch_off: None,
        })
    }

    /// The question a radio group or select answers: the first text that speaks of
    /// sharing, else the first text at all.
    fn question(&mut self, first: NodeR<'a>) -> Question {
        let cands = labels::question_candidates(self.doc, &mut self.used, first);
        for cand in &cands {
            match classify::read_control_text(self.rules, &tokenize(&cand.text)) {
                Reading::Sharing(v) => {
                    if let Some(n) = cand.node {
                        self.used.nodes.insert(n);
                    }
                    return Question {
                        verdict: Some(v),
                        text: cand.text.clone(),
                    };
                }
                Reading::NotAWarning => {
                    return Question {
                        verdict: None,
                        text: String::new(),
                    }
                }
                Reading::Nothing => {}
            }
        }
        Question {
            verdict: None,
            text: cands
                .iter()
                .find(|c| matches!(c.source, Source::Label | Source::Hint | Source::Row))
                .map(|c| c.text.clone())
                .unwrap_or_default(),
        }
    }

    /// What choosing this option or radio would do, given the question it answers.
    fn option_shares(&self, own: &str, question: &Question) -> Option<(bool, Verdict, String)> {
        let tokens = tokenize(own);
        let bare = own.trim().to_lowercase();
        let words = &self.rules.words;
        if words.private_choices.contains(&tokens) {
            return Some((
                false,
                Verdict {
                    category: Category::AdviserAccess,
                    recipients: Vec::new(),
                    inverted: false,
                },
                own.to_string(),
            ));
        }
        let answer = classify::answer(self.rules, &tokens).or_else(|| {
            if words.on_values.contains(&bare.as_str()) {
                Some(true)
            } else if words.off_values.contains(&bare.as_str()) {
                Some(false)
            } else {
                None
            }
        });
        match classify::read_control_text(self.rules, &tokens) {
            Reading::Sharing(v) => {
                // An answer to a question about the same thing ("No, keep it private").
                if let (Some(yes), Some(qv)) = (answer, &question.verdict) {
                    let shares = yes != qv.inverted;
                    return Some((shares, qv.clone(), own.to_string()));
                }
                Some((!v.inverted, v, own.to_string()))
            }
            Reading::NotAWarning => None,
            Reading::Nothing => {
                // Joined as one clause: "Who can see this CV? Me and my adviser".
                let asked = question.text.trim_end_matches(['?', ':', '.', ' ']);
                let combined = format!("{asked} {own}");
                let shown = format!("{} {own}", question.text);
                match (answer, &question.verdict) {
                    (Some(yes), Some(qv)) => Some((yes != qv.inverted, qv.clone(), shown)),
                    // "Only me": shares nothing, whatever the question.
                    (Some(false), None) => Some((
                        false,
                        Verdict {
                            category: Category::AdviserAccess,
                            recipients: Vec::new(),
                            inverted: false,
                        },
                        shown,
                    )),
                    _ => {
                        // "Who can see your CV?" + "Any registered employer".
                        let joined = tokenize(&combined);
                        match classify::read_control_text(self.rules, &joined) {
                            Reading::Sharing(v) => Some((!v.inverted, v, shown)),
                            _ => None,
                        }
                    }
                }
            }
        }
    }
}

struct Question {
    verdict: Option<Verdict>,
    text: String,
}

/// Most characters of an answer's words that a button names ("Choose: No").
const MAX_CHOICE_CHARS: usize = 40;

/// An answer's words as a button names them; None when it has none.
fn choice_words(text: &str) -> Option<String> {
    let text = collapse_whitespace(text);
    (!text.is_empty()).then(|| bound(&text, MAX_CHOICE_CHARS))
}
