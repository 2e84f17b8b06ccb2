//! Deciding what a piece of text says: which kind of sharing, with whom, and
//! whether it is worded as an opt-in or an opt-out.

use crate::engine::text::{Match, PhraseSet, Token};
use crate::report::{Category, Recipient};
use crate::rules::{CategoryRule, Rules};

/// What a control's text says it does when switched on.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub category: Category,
    pub recipients: Vec<Recipient>,
    /// Opt-out wording: switching the control ON stops the sharing.
    pub inverted: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Reading {
    /// The text says nothing about sharing.
    Nothing,
    /// Remember me, show password and the like: never a warning.
    NotAWarning,
    Sharing(Verdict),
}

/// Token ranges of the clauses of a text.
pub fn clauses(tokens: &[Token]) -> Vec<&[Token]> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        if t.clause_start && i > start {
            if let Some(c) = tokens.get(start..i) {
                out.push(c);
            }
            start = i;
        }
    }
    if let Some(c) = tokens.get(start..) {
        if !c.is_empty() {
            out.push(c);
        }
    }
    out
}

fn recipients_in(rules: &Rules, tokens: &[Token], among: &[Recipient]) -> Vec<Recipient> {
    let mut found = Vec::new();
    for r in &rules.recipients {
        if among.contains(&r.id) && r.phrases.contains(tokens) && !found.contains(&r.id) {
            found.push(r.id);
        }
    }
    found
}

/// Matches of who-phrases, where a longer phrase of one recipient ("training provider")
/// hides a shorter one of another ("provider").
pub fn recipients_named(rules: &Rules, tokens: &[Token], among: &[Recipient]) -> Vec<Recipient> {
    let mut spans: Vec<(Match, Recipient)> = Vec::new();
    for r in &rules.recipients {
        for m in r.phrases.find_all(tokens) {
            spans.push((m, r.id));
        }
    }
    let mut found = Vec::new();
    for (m, id) in &spans {
        let hidden = spans.iter().any(|(o, oid)| {
            oid != id
                && o.start <= m.start
                && o.end >= m.end
                && (o.end - o.start) > (m.end - m.start)
        });
        if !hidden && among.contains(id) && !found.contains(id) {
            found.push(*id);
        }
    }
    found
}

/// Does this category's wording appear in the clause? Returns the recipients, and
/// whether the text itself names one of the category's recipients.
fn category_matches_named(
    rules: &Rules,
    c: &CategoryRule,
    clause: &[Token],
) -> Option<(Vec<Recipient>, bool)> {
    let named = !recipients_named(rules, clause, &c.who).is_empty()
        || (c.phrases_decide && c.phrases.contains(clause));
    category_matches(rules, c, clause).map(|r| (r, named))
}

fn category_matches(rules: &Rules, c: &CategoryRule, clause: &[Token]) -> Option<Vec<Recipient>> {
    if c.exclude.contains(clause) {
        return None;
    }
    let named = recipients_named(rules, clause, &c.who);
    let by_phrase = c.phrases.contains(clause);
    let by_who = !named.is_empty() && c.actions.contains(clause);
    if !by_phrase && !by_who {
        return None;
    }
    let mut recipients = if named.is_empty() {
        if c.who.is_empty() {
            // Marketing names nobody by rule; partners named in the text still count.
            let all: Vec<Recipient> = rules.recipients.iter().map(|r| r.id).collect();
            recipients_in(rules, clause, &all)
                .into_iter()
                .filter(|r| *r == Recipient::ThirdParty)
                .collect()
        } else {
            c.recipients.clone()
        }
    } else {
        named
    };
    for extra in recipients_named(rules, clause, &c.also_recipients) {
        if !recipients.contains(&extra) {
            recipients.push(extra);
        }
    }
    if recipients.is_empty() && !c.who.is_empty() {
        recipients = c.recipients.clone();
    }
    Some(recipients)
}

/// How many times the wording turns itself round ("untick if you do not want").
fn flips(rules: &Rules, clause: &[Token]) -> usize {
    rules.words.negations.find_all(clause).len()
        + rules.words.untick_instructions.find_all(clause).len()
}

/// Reads a control's text.
pub fn read_control_text(rules: &Rules, tokens: &[Token]) -> Reading {
    if tokens.is_empty() {
        return Reading::Nothing;
    }
    if rules.words.not_a_warning.contains(tokens) {
        return Reading::NotAWarning;
    }
    for clause in clauses(tokens) {
        // A category whose recipient the text names beats one matched by a phrase
        // alone ("keep your CV visible to your adviser" is about the adviser).
        let mut fallback: Option<Verdict> = None;
        for c in &rules.categories {
            if c.id == Category::BundledConsent {
                continue;
            }
            if let Some((recipients, named)) = category_matches_named(rules, c, clause) {
                let verdict = Verdict {
                    category: c.id,
                    recipients,
                    inverted: flips(rules, clause) % 2 == 1,
                };
                if named || c.who.is_empty() {
                    return Reading::Sharing(verdict);
                }
                fallback.get_or_insert(verdict);
            }
        }
        if let Some(v) = fallback {
            return Reading::Sharing(v);
        }
    }
    Reading::Nothing
}

/// Words that join two contrasting halves of a sentence, each judged on its own
/// ("your adviser can see your applications, but cannot see your messages").
const CONTRASTS: [&str; 6] = ["but", "however", "although", "though", "except", "whereas"];

/// A sentence in the page that announces sharing with no way to refuse.
pub fn read_statement(rules: &Rules, sentence: &[Token]) -> Option<Verdict> {
    let w = &rules.words;
    if sentence.is_empty() || w.conditional.contains(sentence) {
        return None;
    }
    let mut parts: Vec<&[Token]> = Vec::new();
    let mut start = 0;
    for (i, t) in sentence.iter().enumerate() {
        if CONTRASTS.contains(&t.word.as_str()) && i > start {
            parts.extend(sentence.get(start..i));
            start = i;
        }
    }
    parts.extend(sentence.get(start..));
    for part in parts {
        if !w.reader_data.contains(part)
            || !w.announcements.contains(part)
            || w.negations.contains(part)
        {
            continue;
        }
        for c in &rules.categories {
            if !c.statements {
                continue;
            }
            if let Some(recipients) = category_matches(rules, c, part) {
                return Some(Verdict {
                    category: c.id,
                    recipients,
                    inverted: false,
                });
            }
        }
    }
    None
}

/// A yes/no answer's meaning: Some(true) for yes, Some(false) for no.
pub fn answer(rules: &Rules, tokens: &[Token]) -> Option<bool> {
    let starts = |set: &PhraseSet| set.first(tokens).is_some_and(|m| m.start == 0);
    match (
        starts(&rules.words.no_answers),
        starts(&rules.words.yes_answers),
    ) {
        (true, _) => Some(false),
        (false, true) => Some(true),
        _ => None,
    }
}

/// Accepting terms or a privacy notice: an acceptance word with a terms phrase just
/// after it ("I accept the terms", "I have read the privacy notice").
pub fn accepts_terms(rules: &Rules, tokens: &[Token]) -> bool {
    let terms = rules.words.terms.find_all(tokens);
    rules.words.acceptance.find_all(tokens).iter().any(|a| {
        terms
            .iter()
            .any(|t| t.start >= a.end && t.start <= a.end + 6)
    })
}
