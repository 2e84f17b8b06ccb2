//! Reading a clause as who does what with whose data, and which way it goes (issue 19).
//!
//! Phrase lists alone take any recipient word near any access word for access: "here you
//! can see your plan and book time with your adviser" is not the adviser seeing anything,
//! and "your navigator has sight of your log" names no listed phrase. This reader links a
//! recipient to the reader's data by the clause's shape (the word families of `[grammar]`
//! in rules.toml): a recipient as the subject of seeing or receiving, as where the data is
//! given, shown or made available, or as who is told. The same shapes with the reader in
//! the recipient's place mean the person sees or is sent something.

use crate::engine::text::{Match, PhraseSet, Token};
use crate::report::Recipient;
use crate::rules::{Grammar, Rules};

/// A recipient named in a clause, in token positions (end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub who: Recipient,
}

/// What the clause's shape says.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ClauseReading {
    /// Recipients the clause links to the reader's data or account, in order of mention.
    pub linked: Vec<Recipient>,
    /// The reader is the one who sees, receives or is sent something.
    pub towards_reader: bool,
    /// Some seeing, receiving or giving whose subject or destination was not read.
    pub unresolved: bool,
    /// The clause speaks of the reader's own data ("your job log", "the activity you
    /// carry out here").
    pub reader_data: bool,
    /// The reader is who gives something ("you will share information with colleagues"):
    /// their own act, not the site announcing what it does with their data.
    pub given_by_reader: bool,
    /// The reader sent something to the people the clause speaks of ("once they receive
    /// the application you have sent them"): the person's own application.
    pub sent_by_reader_to_them: bool,
}

impl ClauseReading {
    /// Only the reader gets anything: the clause is the person seeing or being sent
    /// something, not access by anyone else.
    pub fn only_towards_reader(&self) -> bool {
        self.towards_reader && self.linked.is_empty() && !self.unresolved
    }
}

/// Words that join two people into one subject or destination ("your mentor and your
/// work coach"), and words that may stand before a person's name. Grammar, not a rule
/// an adviser would change.
const JOINERS: [&str; 5] = ["and", "or", "&", "plus", "nor"];
/// How many words after a giving verb its destination may be ("pass your job search
/// details to your adviser").
const REACH_OF_GIVING: usize = 6;
/// Words that open a relative clause after a person ("the work coach who referred you").
const RELATIVES: [&str; 1] = ["who"];
/// Forms of "be" (and "get") before a verb that make it passive ("is told", "gets told").
const BE: [&str; 9] = [
    "is", "are", "was", "were", "be", "been", "being", "get", "gets",
];
const DETERMINERS: [&str; 12] = [
    "your", "my", "the", "our", "a", "an", "any", "other", "their", "its", "his", "her",
];

fn is_word_in(tokens: &[Token], at: usize, words: &[&str]) -> bool {
    tokens
        .get(at)
        .is_some_and(|t| words.contains(&t.word.as_str()))
}

/// A one-word (or longer) match of `set` that ends exactly at `end`.
fn ends_at(set: &PhraseSet, tokens: &[Token], end: usize) -> bool {
    (end.saturating_sub(3)..end).any(|s| set.match_at(tokens, s).is_some_and(|m| m.end == end))
}

/// People named by their role, where no listed recipient phrase names them already:
/// `role_people` alone, `role_groups` with a `role_qualifiers` word just before or soon
/// after ("the delivery team", "staff delivering your programme").
pub fn role_mentions(g: &Grammar, tokens: &[Token], taken: &[Match]) -> Vec<Mention> {
    let mut found = Vec::new();
    let covered = |i: usize| taken.iter().any(|m| m.start <= i && i < m.end);
    let mut i = 0;
    while i < tokens.len() {
        if covered(i) {
            i += 1;
            continue;
        }
        let person = g.role_people.match_at(tokens, i);
        // A group qualified after takes the qualifying words in ("staff delivering your
        // programme"), so that what follows is their verb.
        let group = g.role_groups.match_at(tokens, i).and_then(|m| {
            let before = i.saturating_sub(3);
            let qualified_before = (before..i).any(|s| {
                g.role_qualifiers
                    .match_at(tokens, s)
                    .is_some_and(|q| q.end == i || q.end + 1 == i)
            });
            let help_desk = tokens
                .get(before..m.end)
                .is_some_and(|t| g.role_not.contains(t));
            if help_desk {
                return None;
            }
            if qualified_before {
                return Some(m);
            }
            let after_end = (m.end + 4).min(tokens.len());
            let qualifier =
                (m.end..after_end).find_map(|s| g.role_qualifiers.match_at(tokens, s))?;
            // "your programme" in "staff delivering your programme": the noun the
            // qualifying words go on to, when one follows at once.
            let mut end = qualifier.end;
            let next = past_determiners(tokens, end);
            if let Some(noun) = g.role_qualifiers.match_at(tokens, next) {
                end = noun.end;
            }
            Some(Match { end, ..m })
        });
        match person.or(group) {
            // "your navigator's phone number": the person owns something, receives nothing.
            Some(m)
                if !tokens
                    .get(m.end - 1)
                    .is_some_and(|t| t.word.ends_with("'s") || t.word.ends_with("s'")) =>
            {
                found.push(Mention {
                    start: m.start,
                    end: m.end,
                    who: g.role_recipient,
                });
                i = m.end;
            }
            _ => i += 1,
        }
    }
    found
}

enum Subject {
    Reader,
    Recipients(Vec<Recipient>),
    Unknown,
}

/// Who does the verb at `at`: the words just before it, past modal and helping words
/// ("your adviser will be able to see", "staff delivering your programme may look over").
/// Anything else ("your adviser has asked to see") is not read as a subject.
fn subject(g: &Grammar, tokens: &[Token], mentions: &[Mention], at: usize) -> Subject {
    // A clause that starts with the verb ("Receive updates from my adviser", "See who
    // viewed your CV") speaks to the reader, who is the one to do it.
    if at == 0 {
        return Subject::Reader;
    }
    let mut j = at;
    while j > 0 && ends_at(&g.verb_helpers, tokens, j) {
        j -= 1;
    }
    // "Our delivery partners, such as A and B, receive": the subject is before the
    // examples, which sit between commas.
    if tokens.get(j).is_some_and(|t| t.comma_before) {
        if let Some(open) = (j.saturating_sub(12)..j)
            .rev()
            .find(|&k| examples_at(g, tokens, k).is_some())
        {
            j = open;
        }
    }
    if j == 0 {
        return Subject::Unknown;
    }
    if ends_at(&g.reader, tokens, j) {
        // "the work coach who referred you can read": the reader is the object of a
        // relative clause, and its person is the subject.
        let relative = (j.saturating_sub(3)..j.saturating_sub(1))
            .rev()
            .find(|&k| is_word_in(tokens, k, &RELATIVES));
        if let Some(m) = relative.and_then(|k| mentions.iter().find(|m| m.end == k)) {
            return Subject::Recipients(joined_before(tokens, mentions, m));
        }
        return Subject::Reader;
    }
    // Someone named inside what is said of the first person ("employers working with
    // Connect to Work can look at") is not the subject.
    let in_a_modifier = |m: &Mention| {
        let mut k = m.start;
        while k > 0 && is_word_in(tokens, k - 1, &DETERMINERS) {
            k -= 1;
        }
        k > 0
            && ends_at(&g.post_modifiers, tokens, k)
            && mentions.first().is_some_and(|f| f.end < k)
    };
    if let Some(m) = mentions.iter().find(|m| m.end == j && !in_a_modifier(m)) {
        return Subject::Recipients(joined_before(tokens, mentions, m));
    }
    // "Anyone with an internet connection can view": the clause's first person, with
    // what is said of them between them and the verb, and no other person or reader.
    let first = mentions
        .first()
        .filter(|m| m.end < j && past_determiners(tokens, 0) == m.start);
    match first {
        Some(m)
            if tokens.get(m.end).is_some_and(|t| {
                t.word.ends_with("ing") || g.post_modifiers.match_at(tokens, m.end).is_some()
            }) && !(m.end..j).any(|i| {
                g.reader.match_at(tokens, i).is_some()
                    || mentions.iter().any(|o| o.start == i && !in_a_modifier(o))
            }) =>
        {
            Subject::Recipients(joined_before(tokens, mentions, m))
        }
        _ => Subject::Unknown,
    }
}

/// Skips determiners forwards from `i`.
fn past_determiners(tokens: &[Token], mut i: usize) -> usize {
    while is_word_in(tokens, i, &DETERMINERS) {
        i += 1;
    }
    i
}

/// `last` with the people joined to it before ("your mentor and your work coach").
fn joined_before(tokens: &[Token], mentions: &[Mention], last: &Mention) -> Vec<Recipient> {
    let mut who = vec![last.who];
    let mut start = last.start;
    loop {
        // Next to each other ("your Work Programme provider") or joined ("and the DWP").
        if let Some(m) = mentions.iter().find(|m| m.end == start) {
            who.insert(0, m.who);
            start = m.start;
            continue;
        }
        let mut k = start;
        while k > 0 && is_word_in(tokens, k - 1, &DETERMINERS) {
            k -= 1;
        }
        // One word may qualify the later person ("employers and recruitment agencies").
        if k > 1 && !is_word_in(tokens, k - 1, &JOINERS) && is_word_in(tokens, k - 2, &JOINERS) {
            k -= 1;
        }
        if k == 0 || !is_word_in(tokens, k - 1, &JOINERS) {
            break;
        }
        match mentions.iter().find(|m| m.end == k - 1) {
            Some(m) => {
                who.insert(0, m.who);
                start = m.start;
            }
            None => break,
        }
    }
    who
}

/// `first` with the people joined to it after ("to your adviser and your work coach",
/// "to your adviser and to your work coach"), and those given as examples of them ("to
/// other organisations, such as Jobcentre Plus").
fn joined_after(
    g: &Grammar,
    tokens: &[Token],
    mentions: &[Mention],
    first: &Mention,
) -> Vec<Recipient> {
    let mut who = vec![first.who];
    let mut end = first.end;
    loop {
        let next = if is_word_in(tokens, end, &JOINERS) {
            // "to your adviser and to your work coach", "by your adviser and by ...".
            let after = g
                .towards
                .match_at(tokens, end + 1)
                .or_else(|| g.by_whom.match_at(tokens, end + 1))
                .map_or(end + 1, |t| t.end);
            past_determiners(tokens, after)
        } else if let Some(example) = examples_at(g, tokens, end) {
            past_determiners(tokens, example)
        } else {
            end
        };
        match mentions.iter().find(|m| m.start == next) {
            Some(m) => {
                who.push(m.who);
                end = m.end;
            }
            None => break,
        }
    }
    who
}

/// Where examples of the people just named start, when `at` opens them after a comma
/// ("other organisations, such as Jobcentre Plus"): the token after the `examples` word.
fn examples_at(g: &Grammar, tokens: &[Token], at: usize) -> Option<usize> {
    let opens = tokens
        .get(at)
        .is_some_and(|t| t.comma_before || t.clause_start);
    opens
        .then(|| g.examples.match_at(tokens, at))
        .flatten()
        .map(|m| m.end)
}

enum Destination {
    Reader,
    Recipients(Vec<Recipient>),
    Nowhere,
}

/// Who the person at `at` is, if anyone: the reader just there, or someone named within
/// a few words ("to local colleges", "by any subscribing recruiter").
fn person_at(g: &Grammar, tokens: &[Token], mentions: &[Mention], at: usize) -> Destination {
    let word = past_determiners(tokens, at);
    if g.reader.match_at(tokens, word).is_some() {
        return Destination::Reader;
    }
    // A recipient's phrase may take its determiner in ("our agents"). Someone after
    // "from" is where something comes from ("updates from your adviser"), not who gets it.
    match mentions.iter().find(|m| {
        m.start >= at
            && m.start <= word + 2
            && !(at..m.start).any(|i| is_word_in(tokens, i, &["from"]))
    }) {
        Some(m) => Destination::Recipients(joined_after(g, tokens, mentions, m)),
        None => Destination::Nowhere,
    }
}

/// Where what is given at `after` goes: the person just after the verb ("send you"),
/// or the person after a `towards` word within `reach` words ("pass your details to
/// colleges"); after a `made_available` word, also after `by_whom` ("viewed by
/// employers").
fn destination(
    g: &Grammar,
    tokens: &[Token],
    mentions: &[Mention],
    after: usize,
    reach: usize,
    passive: bool,
) -> Destination {
    if let Destination::Reader = person_at(g, tokens, mentions, after) {
        return Destination::Reader;
    }
    // "we send your work coach an update", "give your adviser access": the person just
    // after the verb.
    let word = past_determiners(tokens, after);
    if !passive {
        if let Some(m) = mentions
            .iter()
            .find(|m| m.start == word && something_given_at(g, tokens, m.end))
        {
            return Destination::Recipients(joined_after(g, tokens, mentions, m));
        }
    }
    let end = (after + reach).min(tokens.len());
    for i in after..end {
        let marker = g
            .towards
            .match_at(tokens, i)
            .or_else(|| passive.then(|| g.by_whom.match_at(tokens, i)).flatten());
        if let Some(t) = marker {
            match person_at(g, tokens, mentions, t.end) {
                Destination::Nowhere => {}
                found => return found,
            }
        }
    }
    Destination::Nowhere
}

/// What is given starts at `at`, after the person given it ("send your work coach an
/// update", "give employers access", "send your mentor and ..."): a determiner, a joined
/// person, or data. Otherwise the person's word qualifies something else ("Show public
/// transport times").
fn something_given_at(g: &Grammar, tokens: &[Token], at: usize) -> bool {
    is_word_in(tokens, at, &DETERMINERS)
        || is_word_in(tokens, at, &JOINERS)
        || is_word_in(
            tokens,
            at,
            &[
                "access",
                "this",
                "these",
                "that",
                "those",
                "every",
                "each",
                "all",
                "everything",
                "some",
            ],
        )
        || g.data_nouns.match_at(tokens, at).is_some()
        || g.data_spoken_of.match_at(tokens, at).is_some()
}

/// The clause speaks of the reader only as the reader would speak ("allow my adviser to
/// see my CV"): the words of a choice, not something the page tells the person.
pub fn in_the_readers_voice(g: &Grammar, tokens: &[Token]) -> bool {
    let speaking = |m: &Match| g.reader_speaking.match_at(tokens, m.start).is_some();
    let mut reader = g.reader.find_all(tokens);
    reader.extend(g.reader_owns.find_all(tokens));
    reader.iter().any(speaking) && reader.iter().all(speaking)
}

/// The clause speaks to staff: it starts with "you", who see or give the data of people
/// named in the third person ("you will review participants' job searches and share
/// progress reports"), and no data is the reader's own ("your").
pub fn speaks_to_staff(g: &Grammar, tokens: &[Token], shape: &ClauseReading) -> bool {
    (shape.towards_reader || shape.given_by_reader)
        && g.reader.match_at(tokens, 0).is_some()
        && g.reader_named.contains(tokens)
        && !g.reader_owns.contains(tokens)
}

/// The clause tells the reader to do something ("search our candidate database, share
/// shortlists with employers"): it starts with a seeing or giving verb in its plain
/// form. That is an instruction or a job's duty, not the page announcing what happens.
pub fn is_imperative(g: &Grammar, tokens: &[Token]) -> bool {
    let tokens = instruction(tokens);
    starts_plain(g, tokens)
        && (g.sees.match_at(tokens, 0).is_some() || g.gives.match_at(tokens, 0).is_some())
}

/// Where an instruction starts: after a purpose or a time that opens the sentence ("To
/// see what DWP holds about you, ask DWP for a copy", "When you do, tell DWP"), or at
/// once.
fn instruction(tokens: &[Token]) -> &[Token] {
    const OPENERS: [&str; 5] = ["to", "when", "once", "before", "after"];
    // "Please let your adviser know", "Remember to tell your work coach", "It is
    // important to tell ...": the instruction starts after these.
    const DUTIES: [&[&str]; 7] = [
        &["please"],
        &["always"],
        &["remember", "to"],
        &["it", "is", "important", "to"],
        &["make", "sure", "you"],
        &["do", "not", "forget", "to"],
        &["don't", "forget", "to"],
    ];
    for duty in DUTIES {
        let said = tokens.len() > duty.len() && duty.iter().zip(tokens).all(|(w, t)| t.word == *w);
        if said {
            return &tokens[duty.len()..];
        }
    }
    if tokens
        .first()
        .is_some_and(|t| OPENERS.contains(&t.word.as_str()))
    {
        if let Some(i) = tokens.iter().position(|t| t.comma_before) {
            return &tokens[i..];
        }
    }
    tokens
}

/// The clause tells the reader to tell someone ("Let your adviser know the date you
/// start", "Tell your work coach about any change"): the person is who passes it on,
/// whoever's data it is.
pub fn tells_reader_to_tell(g: &Grammar, tokens: &[Token], mentions: &[Mention]) -> bool {
    let start = tokens.len() - instruction(tokens).len();
    let Some(rest) = tokens.get(start..) else {
        return false;
    };
    // Only an instruction that is the whole clause: "Let your adviser know when you
    // start work, and we will contact your employer" goes on to announce.
    let one_clause = rest
        .iter()
        .skip(1)
        .all(|t| !t.comma_before && !t.clause_start);
    one_clause
        && starts_plain(g, rest)
        && g.tells.match_at(tokens, start).is_some_and(|told| {
            matches!(
                person_at(g, tokens, mentions, told.end),
                Destination::Recipients(_)
            )
        })
}

/// The clause's first word is a verb's plain form, as an instruction starts: not -ed,
/// -s or -ing, nor a word of being made available.
fn starts_plain(g: &Grammar, tokens: &[Token]) -> bool {
    tokens.first().is_some_and(|first| {
        !first.word.ends_with("ed")
            && !first.word.ends_with('s')
            && !first.word.ends_with("ing")
            && g.made_available.match_at(tokens, 0).is_none()
    })
}

/// Someone is told of what the reader does ("your work coach is told when you join",
/// "we let your adviser know if you miss an appointment"): one of `told_of_reader` within
/// a few words after a `tells` verb, or opening the clause ("If you miss an appointment,
/// we let your adviser know"). That is news about the person, as their data is.
pub fn tells_of_reader(g: &Grammar, tokens: &[Token]) -> bool {
    const REACH: usize = 6;
    let told = g.tells.find_all(tokens);
    let Some(first) = told.first() else {
        return false;
    };
    (first.start > 0 && g.told_of_reader.match_at(tokens, 0).is_some())
        || told.iter().any(|t| {
            (t.end..(t.end + REACH).min(tokens.len()))
                .any(|i| g.told_of_reader.match_at(tokens, i).is_some())
        })
}

/// A word that starts with a digit: a day, a year, an amount.
pub fn is_a_number(t: &Token) -> bool {
    t.word.bytes().next().is_some_and(|b| b.is_ascii_digit())
}

/// The clause tells what happened before, not what is on now: a past time and a past
/// verb (`past_times`, `past_verbs`; "in" or "on" before a year is a past time).
pub fn in_the_past(g: &Grammar, tokens: &[Token]) -> bool {
    let digits = |i: usize| tokens.get(i).is_some_and(is_a_number);
    let a_year = |i: usize| {
        tokens.get(i).is_some_and(|t| {
            t.word.len() == 4 && (t.word.starts_with("19") || t.word.starts_with("20"))
        }) && digits(i)
            && i > 0
            && is_word_in(tokens, i - 1, &["in", "on"])
    };
    // "until 3 March", not "until you leave" (for as long as).
    let until_a_date = |i: usize| is_word_in(tokens, i, &["until", "till"]) && digits(i + 1);
    // A clause that also speaks of now or later ("can now be seen", "is visible") is
    // not only about the past.
    g.past_verbs.contains(tokens)
        && !g.present_verbs.contains(tokens)
        && (g.past_times.contains(tokens)
            || (0..tokens.len()).any(|i| a_year(i) || until_a_date(i)))
}

/// Leaves out data that says it is about no one ("aggregate information").
fn about_someone(g: &Grammar, tokens: &[Token], mut data: Vec<Match>) -> Vec<Match> {
    data.retain(|d| !(d.start > 0 && ends_at(&g.about_no_one, tokens, d.start)));
    data
}

/// Data named with no owner, about someone, and not about some thing ("information
/// about training courses", "details of the course", "data on performance"): a
/// `data_about` word after it counts only when the person follows ("information about
/// you").
pub fn speaks_of_data(g: &Grammar, tokens: &[Token]) -> bool {
    about_someone(g, tokens, g.data_spoken_of.find_all(tokens))
        .iter()
        .any(|d| match g.data_about.match_at(tokens, d.end) {
            // "a summary of how you are getting on": one word may come first.
            Some(about) => {
                let next = past_determiners(tokens, about.end);
                (next..next + 2).any(|i| g.reader.match_at(tokens, i).is_some())
                    || g.reader_owns.match_at(tokens, about.end).is_some()
            }
            None => true,
        })
}

/// The clause speaks of the reader's own data.
pub fn owns_data(g: &Grammar, tokens: &[Token]) -> bool {
    if g.personal_data.contains(tokens) {
        return true;
    }
    // The other readings need a kind of data named; most sentences on a page name none.
    let data = about_someone(g, tokens, g.data_nouns.find_all(tokens));
    if data.is_empty() {
        return false;
    }
    if data
        .iter()
        .any(|d| g.data_kept.match_at(tokens, d.end).is_some())
    {
        return true;
    }
    let mut owners = g.reader_owns.find_all(tokens);
    owners.extend(g.reader_named.find_all(tokens));
    let owner = owners.iter().any(|o| {
        (o.end..(o.end + 3).min(tokens.len())).any(|i| g.data_nouns.match_at(tokens, i).is_some())
    });
    owner
        || data.iter().any(|d| {
            (d.end..(d.end + 2).min(tokens.len())).any(|i| {
                is_word_in(tokens, i, &["you", "i"])
                    && !is_word_in(tokens, i + 1, &["can", "may", "will"])
            })
        })
}

fn went(out: &mut ClauseReading, d: Destination) {
    match d {
        Destination::Reader => out.towards_reader = true,
        Destination::Recipients(who) => add(&mut out.linked, who),
        Destination::Nowhere => out.unresolved = true,
    }
}

/// Adds each of `who` to `to` that is not there yet, in order.
pub fn add(to: &mut Vec<Recipient>, who: Vec<Recipient>) {
    for r in who {
        if !to.contains(&r) {
            to.push(r);
        }
    }
}

/// Reads one clause, given the recipients named in it.
pub fn read(rules: &Rules, tokens: &[Token], mentions: &[Mention]) -> ClauseReading {
    let g = &rules.grammar;
    let mut out = ClauseReading {
        reader_data: owns_data(g, tokens),
        ..ClauseReading::default()
    };
    for verb in g
        .sees
        .find_all(tokens)
        .into_iter()
        .chain(g.receives.find_all(tokens))
    {
        if g.the_control.match_at(tokens, verb.end).is_some() {
            continue;
        }
        match subject(g, tokens, mentions, verb.start) {
            Subject::Reader => out.towards_reader = true,
            Subject::Recipients(who) => add(&mut out.linked, who),
            Subject::Unknown => out.unresolved = true,
        }
    }
    // "pass your job search details to your adviser": a few words may come between.
    for given in g.gives.find_all(tokens) {
        if let Subject::Reader = subject(g, tokens, mentions, given.start) {
            out.given_by_reader = true;
            out.sent_by_reader_to_them |= is_word_in(tokens, given.end, &["them", "him", "her"]);
            // Whom the reader sends something is their own choice of addressee
            // ("Messages you send here go to your keyworker"); what they give is still
            // shared on where someone shares it with others ("they share any information
            // you give them with DWP").
            let shared_on = (given.end..(given.end + REACH_OF_GIVING).min(tokens.len()))
                .find(|&i| g.towards.match_at(tokens, i).is_some())
                .is_some_and(|i| is_word_in(tokens, i, &["with"]));
            if given.start > 0 && !shared_on {
                continue;
            }
        }
        went(
            &mut out,
            destination(g, tokens, mentions, given.end, REACH_OF_GIVING, false),
        );
    }
    // "visible to employers", "viewed by employers": at once.
    for available in g.made_available.find_all(tokens) {
        // "I have read the privacy notice": the reader did it; nothing is made available.
        if available.start > 0
            && matches!(
                subject(g, tokens, mentions, available.start),
                Subject::Reader
            )
        {
            continue;
        }
        went(
            &mut out,
            destination(g, tokens, mentions, available.end, 2, true),
        );
    }
    // "Your profile will be searchable": where the clause names no one, anyone may find
    // it.
    let open_words = if mentions.is_empty() {
        g.open_to_anyone.find_all(tokens)
    } else {
        Vec::new()
    };
    for open in open_words {
        if let Destination::Nowhere = destination(g, tokens, mentions, open.end, 2, true) {
            add(&mut out.linked, vec![g.open_recipient]);
        }
    }
    // A telling word with no one after it ("email updates") tells nothing. Told in the
    // passive, the person told is the subject ("your work coach is told when you join").
    for told in g.tells.find_all(tokens) {
        if told.start > 0 && is_word_in(tokens, told.start - 1, &BE) {
            match subject(g, tokens, mentions, told.start) {
                Subject::Recipients(who) => add(&mut out.linked, who),
                Subject::Reader => out.towards_reader = true,
                Subject::Unknown => {}
            }
            continue;
        }
        // The reader telling someone is their own act ("You do not have to tell your
        // employer that ...").
        if told.start > 0 && matches!(subject(g, tokens, mentions, told.start), Subject::Reader) {
            continue;
        }
        match person_at(g, tokens, mentions, told.end) {
            Destination::Nowhere => {}
            d => went(&mut out, d),
        }
    }
    // "keep your work coach informed": the person kept, then `kept_informed` soon after.
    for (i, t) in tokens.iter().enumerate() {
        if t.word != "keep" && t.word != "keeps" && t.word != "kept" {
            continue;
        }
        let kept = person_at(g, tokens, mentions, i + 1);
        let person_end = match &kept {
            Destination::Reader => past_determiners(tokens, i + 1) + 1,
            Destination::Recipients(_) => mentions
                .iter()
                .filter(|m| m.start > i)
                .map(|m| m.end)
                .min()
                .unwrap_or(i + 1),
            Destination::Nowhere => continue,
        };
        let end = (person_end + 3).min(tokens.len());
        if (person_end..end).any(|k| g.kept_informed.match_at(tokens, k).is_some()) {
            went(&mut out, kept);
        }
    }
    out
}
