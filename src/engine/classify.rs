//! Deciding what a piece of text says: which kind of sharing, with whom, and
//! whether it is worded as an opt-in or an opt-out.

use crate::engine::clause::{self, ClauseReading, Mention};
use crate::engine::text::{Match, PhraseSet, Token};
use crate::report::{Category, Recipient};
use crate::rules::{CategoryRule, Grammar, Rules, Words};

/// What a control's text says it does when switched on.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub category: Category,
    pub recipients: Vec<Recipient>,
    /// Opt-out wording: switching the control ON stops the sharing. For a sentence: the
    /// sharing is on unless the person acts ("if you do not mark your CV as private").
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

/// "Your adviser's team can see...": a team word at `at` that names people, being
/// followed by a verb or joining word (or nothing), not describing a thing ("your
/// adviser's staff profile").
fn names_their_people(rules: &Rules, tokens: &[Token], at: usize) -> bool {
    let words = &rules.words;
    let Some(team) = words.team_words.match_at(tokens, at) else {
        return false;
    };
    match tokens.get(team.end) {
        None => true,
        Some(next) => {
            next.clause_start
                || words
                    .team_word_followers
                    .match_at(tokens, team.end)
                    .is_some()
        }
    }
}

/// The recipients a clause names, where they stand: who-phrases, where a longer phrase of
/// one recipient ("training provider") hides a shorter one of another ("provider"), and
/// people named by their role (`[grammar]`), in order of position.
pub fn mentions(rules: &Rules, tokens: &[Token]) -> Vec<Mention> {
    let mut spans: Vec<(Match, Recipient)> = Vec::new();
    // "my adviser's contact details": the adviser owns the data there, they are not
    // who it goes to. Such mentions name no one, but still hide phrases inside them.
    // "Your adviser's team" does name them: their people.
    let mut owners: Vec<Match> = Vec::new();
    for r in rules.recipients {
        for m in r.phrases.find_all(tokens) {
            let possessive = m
                .end
                .checked_sub(1)
                .and_then(|i| tokens.get(i))
                .is_some_and(|t| t.word.ends_with("'s") || t.word.ends_with("s'"))
                && !names_their_people(rules, tokens, m.end);
            if possessive {
                owners.push(m);
            } else {
                spans.push((m, r.id));
            }
        }
    }
    // "our customer support team": a site's help desk, not the programme's people.
    let help_desk = rules.grammar.role_not.find_all(tokens);
    spans.retain(|(m, _)| !help_desk.iter().any(|h| h.start < m.end && m.start < h.end));
    let shown = unhidden(&spans, &owners);
    let mut taken: Vec<Match> = spans.iter().map(|(m, _)| *m).collect();
    taken.extend(owners);
    let mut found: Vec<Mention> = spans
        .iter()
        .zip(&shown)
        .filter(|(_, &s)| s)
        .map(|((m, who), _)| Mention {
            start: m.start,
            end: m.end,
            who: *who,
        })
        .collect();
    found.extend(clause::role_mentions(&rules.grammar, tokens, &taken));
    // "the employer to whom you sent your CV", "employers you choose": whom the person
    // addresses themselves, not who the site passes anything to.
    found.retain(|m| {
        let relative = tokens
            .get(m.end)
            .is_some_and(|t| t.word == "that" || t.word == "who");
        let at = if relative { m.end + 1 } else { m.end };
        rules
            .grammar
            .reader_addressees
            .match_at(tokens, at)
            .is_none()
    });
    found.sort_by_key(|m| (m.start, m.end));
    found
}

/// The recipients among `mentions`, in rules order, as the rules list recipients.
fn named_in_rules_order(rules: &Rules, mentions: &[Mention]) -> Vec<Recipient> {
    rules
        .recipients
        .iter()
        .map(|r| r.id)
        .filter(|id| mentions.iter().any(|m| m.who == *id))
        .collect()
}

fn all_named(rules: &Rules, tokens: &[Token]) -> Vec<Recipient> {
    named_in_rules_order(rules, &mentions(rules, tokens))
}

/// Which mentions stand: a mention is hidden by a longer mention of another recipient that
/// contains it, or by an owner mention ("my adviser's") that contains it. One sweep in
/// order of start, keeping how far each recipient's mentions reach, so that the work grows
/// with mentions times recipients, not with the square of the mentions: a page's label of a
/// million "adviser"s must not stall the audit (issue 16).
fn unhidden(spans: &[(Match, Recipient)], owners: &[Match]) -> Vec<bool> {
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| (spans[i].0.start, std::cmp::Reverse(spans[i].0.end)));
    let mut owner_starts: Vec<(usize, usize)> = owners.iter().map(|o| (o.start, o.end)).collect();
    owner_starts.sort_unstable();
    let mut next_owner = 0;
    let mut owner_reach: Option<usize> = None;
    // Per recipient: the furthest end its mentions so far reach, and the earliest start
    // among the mentions that reach it.
    let mut reach: Vec<(Recipient, usize, usize)> = Vec::new();
    let mut shown = vec![false; spans.len()];
    for i in order {
        let (m, id) = &spans[i];
        while let Some(&(start, end)) = owner_starts.get(next_owner) {
            if start > m.start {
                break;
            }
            owner_reach = Some(owner_reach.map_or(end, |r| r.max(end)));
            next_owner += 1;
        }
        let by_owner = owner_reach.is_some_and(|end| end >= m.end);
        // Every mention counted so far starts at or before this one: one that ends further,
        // or ends here but starts earlier, contains it and is longer.
        let by_other = reach.iter().any(|&(other, end, start)| {
            other != *id && (end > m.end || (end == m.end && start < m.start))
        });
        shown[i] = !by_owner && !by_other;
        match reach.iter_mut().find(|(other, _, _)| other == id) {
            Some(entry) if m.end > entry.1 => *entry = (*id, m.end, m.start),
            Some(entry) if m.end == entry.1 => entry.2 = entry.2.min(m.start),
            Some(_) => {}
            None => reach.push((*id, m.end, m.start)),
        }
    }
    shown
}

/// The recipients a text names, among `among`.
pub fn recipients_named(rules: &Rules, tokens: &[Token], among: &[Recipient]) -> Vec<Recipient> {
    all_named(rules, tokens)
        .into_iter()
        .filter(|r| among.contains(r))
        .collect()
}

/// Does this category's wording appear in the clause? `named` is every recipient the
/// clause names. Returns the warning's recipients, and whether the text itself names
/// one of the category's own recipients (or uses a phrase that decides).
fn category_matches(
    g: &Grammar,
    c: &CategoryRule,
    clause: &[Token],
    named: &[Recipient],
    shape: &ClauseReading,
) -> Option<(Vec<Recipient>, bool)> {
    let own_linked: Vec<Recipient> = shape
        .linked
        .iter()
        .copied()
        .filter(|r| c.linked && c.who.contains(r))
        .collect();
    // The people the clause's shape links to the data are who it goes to; else anyone
    // of the category's named near one of its actions, unless the shape shows that only
    // the reader sees or is sent something ("you can see your plan with your adviser").
    let own: Vec<Recipient> = if own_linked.is_empty() {
        named
            .iter()
            .copied()
            .filter(|r| c.who.contains(r))
            .collect()
    } else {
        own_linked.clone()
    };
    // An exclusion takes back the phrases it covers ("job offers"), and the whole clause
    // where it covers none of them ("email me when an employer views my CV") or none is
    // left ("let me know when recruiters can find my CV"); "job offers and promotions"
    // still speaks of promotions.
    let phrases = c.phrases.find_all(clause);
    let excluded = c.exclude.find_all(clause);
    let overlaps = |a: &Match, b: &Match| a.start < b.end && b.start < a.end;
    let by_phrase = phrases
        .iter()
        .any(|p| !excluded.iter().any(|e| overlaps(p, e)));
    let excluded_whole = (!excluded.is_empty() && !by_phrase)
        || excluded
            .iter()
            .any(|e| !phrases.iter().any(|p| overlaps(p, e)));
    // Where the shape links others to the data, naming this category's people
    // elsewhere in the clause is not enough ("shared within our group ... to deliver
    // services to employers" goes to the group, not to employers).
    // Employment details linked to the category's other recipients ("your start date
    // and pay are sent to your work coach") are still employer contact.
    let linked_others: Vec<Recipient> = shape
        .linked
        .iter()
        .copied()
        .filter(|r| c.also_recipients.contains(r))
        .collect();
    let by_who = !own_linked.is_empty()
        || (!linked_others.is_empty() && owned_detail(g, &c.details, clause))
        || (!own.is_empty()
            && (shape.linked.is_empty() || shape.linked.iter().any(|r| c.who.contains(r)))
            && !shape.only_towards_reader()
            && c.actions.contains(clause));
    if (!by_phrase && !by_who) || excluded_whole {
        return None;
    }
    let decides = !own.is_empty() || (c.phrases_decide && by_phrase);
    let mut recipients = if !own.is_empty() {
        own
    } else if !linked_others.is_empty() {
        linked_others
    } else if c.who.is_empty() {
        // Marketing names nobody by rule; partners named in the text still count.
        named
            .iter()
            .copied()
            .filter(|r| *r == Recipient::ThirdParty)
            .collect()
    } else {
        c.recipients.to_vec()
    };
    for extra in named.iter().filter(|r| c.also_recipients.contains(r)) {
        if !recipients.contains(extra) {
            recipients.push(*extra);
        }
    }
    Some((recipients, decides))
}

/// One of the category's `details` said as the person's own: just after one of
/// `reader_owns` ("your"), or after "and" or a comma that goes on with such a list ("your
/// start date, hours and pay").
fn owned_detail(g: &Grammar, details: &PhraseSet, clause: &[Token]) -> bool {
    let owner_at = |i: usize| g.reader_owns.match_at(clause, i).is_some();
    details.find_all(clause).iter().any(|d| {
        d.start > 0
            && (owner_at(d.start - 1)
                || clause[d.start - 1].word == "and"
                || clause[d.start].comma_before)
            && (0..d.start).any(owner_at)
    })
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
        let here = mentions(rules, clause);
        let named_here = named_in_rules_order(rules, &here);
        let shape = clause::read(rules, clause, &here);
        for c in rules.categories {
            if c.id == Category::BundledConsent {
                continue;
            }
            if let Some((recipients, named)) =
                category_matches(&rules.grammar, c, clause, &named_here, &shape)
            {
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

/// How near a sentence's start `choice_openers` count ("In March, at your request, ...").
const CHOICE_OPENS_WITHIN: usize = 4;

/// Words that join two contrasting halves of a sentence, each judged on its own
/// ("your adviser can see your applications, but cannot see your messages").
const CONTRASTS: [&str; 6] = ["but", "however", "although", "though", "except", "whereas"];

/// A sentence in the page that announces sharing with no way to refuse.
pub fn read_statement(rules: &Rules, sentence: &[Token]) -> Option<Verdict> {
    read_statement_after(rules, sentence, false)
}

/// [`read_statement`] of part of a sentence whose other part may already have named the
/// reader's data (`data_before`: "If you do not mark your CV as private, employers can
/// see it").
fn read_statement_after(rules: &Rules, sentence: &[Token], data_before: bool) -> Option<Verdict> {
    let w = &rules.words;
    let g = &rules.grammar;
    // About the reader first: most of a page's sentences are not, and reading who does
    // what to whom costs far more (a results page is thousands of sentences).
    let owned =
        |part: &[Token]| data_before || w.reader_data.contains(part) || clause::owns_data(g, part);
    let spoken_of =
        |part: &[Token]| clause::speaks_of_data(g, part) || clause::tells_of_reader(g, part);
    let contacted = |part: &[Token]| w.reader_contacted.contains(part);
    if sentence.is_empty() || !(owned(sentence) || spoken_of(sentence) || contacted(sentence)) {
        return None;
    }
    // Doing nothing leaves it on: read as an opt-out (`Verdict::inverted`).
    if let Some(main) = unless_refused(w, sentence) {
        return read_statement_after(rules, main, owned(sentence)).map(|v| Verdict {
            inverted: true,
            ..v
        });
    }
    // "If you start work, ..." is a condition of the person's situation, not a choice.
    let choice_condition = w
        .conditional
        .find_all(sentence)
        .iter()
        .any(|m| !is_circumstance(w, sentence, m));
    if choice_condition
        || past_consent(w, sentence)
        || w.choice_openers
            .first(sentence)
            .is_some_and(|m| m.start < CHOICE_OPENS_WITHIN)
    {
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
        let owned_here = owned(part);
        let contacted_here = contacted(part);
        if !(owned_here || contacted_here || spoken_of(part))
            || negated(rules, part)
            || clause::in_the_readers_voice(g, part)
            || clause::in_the_past(g, part)
            // An instruction ("search our candidate database, share shortlists with
            // employers") is read only where it speaks of the person's own data.
            || (clause::is_imperative(g, part)
                && !g.reader_owns.contains(part)
                && !w.reader_data.contains(part))
        {
            continue;
        }
        let here = mentions(rules, part);
        if clause::tells_reader_to_tell(g, part, &here) {
            continue;
        }
        let shape = clause::read(rules, part, &here);
        // What the people spoken of get is only what the reader sent them ("once they
        // receive the application you have sent them"): the person's own application,
        // not the site announcing what it does. (Marketing reads the site writing to the
        // reader.)
        if clause::speaks_to_staff(g, part, &shape)
            || (shape.sent_by_reader_to_them && shape.linked.is_empty() && !contacted_here)
        {
            continue;
        }
        // Data named with no owner ("the data") is the reader's only where the clause
        // has someone else give it to someone ("you will share information with
        // colleagues" is a job's duty); being written to is only ever the reader being
        // sent something.
        let about_data = owned_here || (!shape.linked.is_empty() && !shape.given_by_reader);
        let announces =
            w.announcements.contains(part) || !shape.linked.is_empty() || contacted_here;
        if !announces {
            continue;
        }
        let named_here = named_in_rules_order(rules, &here);
        for c in rules.categories {
            // Categories that name no one who sees (marketing) read messages to the
            // reader, and data given to others; the rest read only the reader's data.
            // Its wording says the page will send the person marketing, so only that.
            let fits = if c.who.is_empty() {
                contacted_here
            } else {
                about_data
            };
            if !c.statements || !fits {
                continue;
            }
            if let Some((recipients, _)) = category_matches(g, c, part, &named_here, &shape) {
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

/// The sentence starts with the person's own past consent (`past_consent`), perhaps after
/// a date ("On 12 January you agreed to share ..."), and not "you agreed that ...", which
/// announces what the person was made to agree to.
fn past_consent(w: &Words, sentence: &[Token]) -> bool {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let Some(m) = w.past_consent.first(sentence) else {
        return false;
    };
    let a_date = |t: &Token| {
        clause::is_a_number(t)
            || MONTHS.contains(&t.word.as_str())
            || t.word == "on"
            || t.word == "in"
    };
    sentence[..m.start].iter().all(a_date) && !sentence.get(m.end).is_some_and(|t| t.word == "that")
}

/// A conditional "if you" whose verb, past helpers such as "are", "have been" or "do
/// not", is one of `circumstances` ("if you are claiming", "if you do not attend").
fn is_circumstance(w: &Words, sentence: &[Token], condition: &Match) -> bool {
    const HELPERS: [&str; 4] = ["are", "have", "been", "do"];
    let words = |i: usize| sentence.get(i).map(|t| t.word.as_str());
    if condition.end != condition.start + 2 || words(condition.start) != Some("if") {
        return false;
    }
    let mut at = condition.end;
    while words(at).is_some_and(|word| HELPERS.contains(&word)) {
        at += 1;
    }
    w.circumstances.match_at(sentence, at).is_some()
}

/// A negation, unless it is what the reader does in a condition ("when you stop coming
/// to appointments" is news of the person, not sharing that has stopped).
fn negated(rules: &Rules, part: &[Token]) -> bool {
    const OPENERS: [&str; 4] = ["when", "whenever", "if", "once"];
    rules.words.negations.find_all(part).iter().any(|n| {
        !(n.start >= 2
            && rules.grammar.reader.match_at(part, n.start - 1).is_some()
            && OPENERS.contains(&part[n.start - 2].word.as_str()))
    })
}

/// The part of a sentence that happens unless the person acts, where it has an opt-out
/// condition (`opt_out_conditions`, then one of `opt_out_acts` at once or a word later):
/// "If you do not mark your CV as private, employers can see it." A condition that opens
/// the sentence (or a clause of it) runs to the next comma, and what follows is the
/// sharing; a condition later on follows the sharing. None where the sentence has no
/// such condition, or its end cannot be told.
fn unless_refused<'t>(w: &Words, sentence: &'t [Token]) -> Option<&'t [Token]> {
    let condition = w.opt_out_conditions.first(sentence)?;
    let act_at = |i: usize| w.opt_out_acts.match_at(sentence, i).is_some();
    if !(act_at(condition.end) || act_at(condition.end + 1)) {
        return None;
    }
    let opens = sentence
        .get(condition.start)
        .is_some_and(|t| condition.start == 0 || t.clause_start || t.comma_before);
    if opens {
        let main = (condition.end + 1..sentence.len())
            .find(|&i| sentence[i].comma_before || sentence[i].clause_start)?;
        sentence.get(main..)
    } else {
        sentence.get(..condition.start)
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The rule as first written: every mention against every other.
    fn unhidden_by_pairs(spans: &[(Match, Recipient)], owners: &[Match]) -> Vec<bool> {
        spans
            .iter()
            .map(|(m, id)| {
                let longer = |o: &Match| {
                    o.start <= m.start && o.end >= m.end && (o.end - o.start) > (m.end - m.start)
                };
                !(spans.iter().any(|(o, oid)| oid != id && longer(o))
                    || owners.iter().any(|o| o.start <= m.start && o.end >= m.end))
            })
            .collect()
    }

    fn span(start: usize, len: usize) -> Match {
        Match {
            start,
            end: start + len,
            phrase: 0,
        }
    }

    const WHO: [Recipient; 3] = [Recipient::Provider, Recipient::Dwp, Recipient::Employer];

    proptest! {
        #[test]
        fn the_sweep_decides_as_every_pair_would(
            spans in prop::collection::vec((0usize..12, 1usize..5, 0usize..3), 0..24),
            owners in prop::collection::vec((0usize..12, 1usize..5), 0..4),
        ) {
            let spans: Vec<(Match, Recipient)> =
                spans.into_iter().map(|(s, l, w)| (span(s, l), WHO[w])).collect();
            let owners: Vec<Match> = owners.into_iter().map(|(s, l)| span(s, l)).collect();
            prop_assert_eq!(unhidden(&spans, &owners), unhidden_by_pairs(&spans, &owners));
        }
    }
}
