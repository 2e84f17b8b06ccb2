//! The rules file's format, and its compilation into Rust source for the engine.
//!
//! build.rs includes this file: it reads rules/rules.toml with these types, checks it,
//! splits every phrase into words with the engine's own tokenizer, and writes the result
//! as a Rust expression that `rules/mod.rs` compiles in as a `static`. The engine then
//! starts with its rules ready: nothing is parsed, split or allocated at run time, which
//! matters most to the extension's first warning after its background starts.
//! The crate's unit tests include it too, to check the file and the error messages.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::de::IntoDeserializer;
use serde::Deserialize;

use crate::engine::words::tokenize;
use crate::report::{Category, Recipient, Severity};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    recipient: Vec<RecipientFile>,
    category: Vec<CategoryFile>,
    state_wording: StateWordingFile,
    words: WordsFile,
    grammar: GrammarFile,
    site: Vec<SiteFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecipientFile {
    id: Recipient,
    name: String,
    phrases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryFile {
    id: Category,
    severity: Severity,
    default_who: String,
    who: Vec<Recipient>,
    recipients: Vec<Recipient>,
    #[serde(default)]
    also_recipients: Vec<Recipient>,
    actions: Vec<String>,
    /// The person's details that this kind is about wherever they go (employment
    /// details are employer contact even when sent to DWP).
    #[serde(default)]
    details: Vec<String>,
    phrases: Vec<String>,
    exclude: Vec<String>,
    #[serde(default)]
    phrases_decide: bool,
    #[serde(default)]
    linked: bool,
    statements: bool,
    letter: String,
    #[serde(default)]
    letter_by_recipient: BTreeMap<String, String>,
    letter_when_locked: Option<String>,
    letter_when_registering: Option<String>,
    headline: String,
    why: String,
    /// Wording of this category's own for some states, in place of `[state_wording]`.
    #[serde(default)]
    state_wording: StateWordingOverride,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct StateWordingOverride {
    ticked: Option<String>,
    switched: Option<String>,
    chosen: Option<String>,
    inverted: Option<String>,
    locked: Option<String>,
    hidden: Option<String>,
    statement: Option<String>,
    statement_registering: Option<String>,
    statement_unless: Option<String>,
    bundled: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct StateWordingFile {
    ticked: String,
    /// A switch switched on in advance ("switched on", not "ticked").
    switched: String,
    chosen: String,
    inverted: String,
    locked: String,
    hidden: String,
    statement: String,
    statement_registering: String,
    /// A sentence saying the sharing is on unless the person acts ("if you do not mark
    /// your CV as private, ...").
    statement_unless: String,
    bundled: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WordsFile {
    not_a_warning: Vec<String>,
    negations: Vec<String>,
    untick_instructions: Vec<String>,
    conditional: Vec<String>,
    choice_openers: Vec<String>,
    circumstances: Vec<String>,
    past_consent: Vec<String>,
    opt_out_conditions: Vec<String>,
    opt_out_acts: Vec<String>,
    reader_data: Vec<String>,
    reader_contacted: Vec<String>,
    way_out: Vec<String>,
    announcements: Vec<String>,
    acceptance: Vec<String>,
    terms: Vec<String>,
    yes_answers: Vec<String>,
    no_answers: Vec<String>,
    private_choices: Vec<String>,
    team_words: Vec<String>,
    team_word_followers: Vec<String>,
    on_values: Vec<String>,
    off_values: Vec<String>,
    registration: Vec<String>,
    job_listing_markers: Vec<String>,
    hidden_class_markers: Vec<String>,
    hidden_class_screens: Vec<String>,
    cookie_notice_markers: Vec<String>,
}

/// `[grammar]`: the word families the clause reader (engine/clause.rs) works with.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GrammarFile {
    sees: Vec<String>,
    receives: Vec<String>,
    gives: Vec<String>,
    made_available: Vec<String>,
    towards: Vec<String>,
    by_whom: Vec<String>,
    tells: Vec<String>,
    kept_informed: Vec<String>,
    verb_helpers: Vec<String>,
    post_modifiers: Vec<String>,
    reader: Vec<String>,
    reader_owns: Vec<String>,
    reader_named: Vec<String>,
    reader_speaking: Vec<String>,
    data_nouns: Vec<String>,
    personal_data: Vec<String>,
    data_kept: Vec<String>,
    data_spoken_of: Vec<String>,
    about_no_one: Vec<String>,
    data_about: Vec<String>,
    open_to_anyone: Vec<String>,
    open_recipient: Recipient,
    role_recipient: Recipient,
    role_people: Vec<String>,
    role_groups: Vec<String>,
    role_qualifiers: Vec<String>,
    role_not: Vec<String>,
    reader_addressees: Vec<String>,
    examples: Vec<String>,
    the_control: Vec<String>,
    told_of_reader: Vec<String>,
    past_times: Vec<String>,
    past_verbs: Vec<String>,
    present_verbs: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteFile {
    name: String,
    domains: Vec<String>,
    source: String,
}

/// A phrase list split into words, in the file's order.
pub struct CompiledPhrases {
    /// Each phrase as its lower-cased words; phrases with no words are left out.
    pub phrases: Vec<Vec<String>>,
}

impl CompiledPhrases {
    /// The phrases sorted by first word (the file's order among those with the same
    /// first word): the form the engine matches with (`PhraseSet`), which finds the
    /// phrases starting with a word by binary search, with no index to carry.
    pub fn by_first_word(&self) -> Vec<&[String]> {
        let mut sorted: Vec<&[String]> = self.phrases.iter().map(Vec::as_slice).collect();
        sorted.sort_by(|a, b| a.first().cmp(&b.first()));
        sorted
    }
}

/// Splits a phrase list into words.
pub fn compile_phrases(phrases: &[String]) -> CompiledPhrases {
    let phrases = phrases
        .iter()
        .map(|phrase| {
            tokenize(phrase)
                .into_iter()
                .map(|t| t.word)
                .collect::<Vec<String>>()
        })
        .filter(|words| !words.is_empty())
        .collect();
    CompiledPhrases { phrases }
}

/// Reads and checks a rules file, and returns the Rust expression (of type `Rules`) that
/// the engine compiles in. Errors name the problem for the person who edited the file.
pub fn compile(source: &str) -> Result<String, String> {
    let file: RulesFile = toml::from_str(source).map_err(|e| e.to_string())?;
    for category in Category::ALL {
        if !file.category.iter().any(|c| c.id == category) {
            return Err(format!("category {} has no entry", category.as_str()));
        }
    }
    let mut out = String::new();
    out.push_str("Rules {\n    recipients: &[\n");
    for r in &file.recipient {
        let _ = writeln!(
            out,
            "        RecipientRule {{ id: Recipient::{:?}, name: {:?}, phrases: {} }},",
            r.id,
            r.name,
            phrase_set(&r.phrases, &format!("recipient \"{}\" phrases", r.name))?
        );
    }
    out.push_str("    ],\n    categories: &[\n");
    for c in &file.category {
        let mut by_recipient = String::new();
        for (who, letter) in &c.letter_by_recipient {
            let id = Recipient::deserialize(who.as_str().into_deserializer()).map_err(
                |_: serde::de::value::Error| {
                    format!("letter_by_recipient: unknown recipient {who}")
                },
            )?;
            let _ = write!(by_recipient, "(Recipient::{id:?}, {letter:?}), ");
        }
        let _ = writeln!(
            out,
            "        CategoryRule {{ id: Category::{:?}, severity: Severity::{:?}, \
             default_who: {:?}, who: {}, recipients: {}, also_recipients: {}, \
             actions: {}, details: {}, phrases: {}, exclude: {}, phrases_decide: {}, linked: {}, \
             statements: {}, \
             letter: {:?}, letter_by_recipient: &[{by_recipient}], \
             letter_when_locked: {:?}, letter_when_registering: {:?}, headline: {:?}, why: {:?}, \
             state_wording: {} }},",
            c.id,
            c.severity,
            c.default_who,
            recipients(&c.who),
            recipients(&c.recipients),
            recipients(&c.also_recipients),
            phrase_set(&c.actions, &format!("category {} actions", c.id.as_str()))?,
            phrase_set(&c.details, &format!("category {} details", c.id.as_str()))?,
            phrase_set(&c.phrases, &format!("category {} phrases", c.id.as_str()))?,
            phrase_set(&c.exclude, &format!("category {} exclude", c.id.as_str()))?,
            c.phrases_decide,
            c.linked,
            c.statements,
            c.letter,
            c.letter_when_locked,
            c.letter_when_registering,
            c.headline,
            c.why,
            state_wording(&file.state_wording, &c.state_wording),
        );
    }
    out.push_str("    ],\n");
    let w = &file.words;
    let _ = writeln!(out, "    words: Words {{");
    for (name, list) in [
        ("not_a_warning", &w.not_a_warning),
        ("negations", &w.negations),
        ("untick_instructions", &w.untick_instructions),
        ("conditional", &w.conditional),
        ("choice_openers", &w.choice_openers),
        ("circumstances", &w.circumstances),
        ("past_consent", &w.past_consent),
        ("opt_out_conditions", &w.opt_out_conditions),
        ("opt_out_acts", &w.opt_out_acts),
        ("reader_data", &w.reader_data),
        ("reader_contacted", &w.reader_contacted),
        ("way_out", &w.way_out),
        ("announcements", &w.announcements),
        ("acceptance", &w.acceptance),
        ("terms", &w.terms),
        ("yes_answers", &w.yes_answers),
        ("no_answers", &w.no_answers),
        ("private_choices", &w.private_choices),
        ("team_words", &w.team_words),
        ("team_word_followers", &w.team_word_followers),
        ("registration", &w.registration),
    ] {
        let _ = writeln!(
            out,
            "        {name}: {},",
            phrase_set(list, &format!("words {name}"))?
        );
    }
    for (name, list) in [
        ("on_values", &w.on_values),
        ("off_values", &w.off_values),
        ("job_listing_markers", &w.job_listing_markers),
        ("hidden_class_markers", &w.hidden_class_markers),
        ("hidden_class_screens", &w.hidden_class_screens),
        ("cookie_notice_markers", &w.cookie_notice_markers),
    ] {
        let lower: Vec<String> = list.iter().map(|v| v.to_lowercase()).collect();
        let _ = writeln!(out, "        {name}: &{lower:?},");
    }
    out.push_str("    },\n");
    let g = &file.grammar;
    let _ = writeln!(out, "    grammar: Grammar {{");
    let _ = writeln!(
        out,
        "        role_recipient: Recipient::{:?},",
        g.role_recipient
    );
    let _ = writeln!(
        out,
        "        open_recipient: Recipient::{:?},",
        g.open_recipient
    );
    for (name, list) in [
        ("sees", &g.sees),
        ("receives", &g.receives),
        ("gives", &g.gives),
        ("made_available", &g.made_available),
        ("towards", &g.towards),
        ("by_whom", &g.by_whom),
        ("tells", &g.tells),
        ("kept_informed", &g.kept_informed),
        ("verb_helpers", &g.verb_helpers),
        ("post_modifiers", &g.post_modifiers),
        ("reader", &g.reader),
        ("reader_owns", &g.reader_owns),
        ("reader_named", &g.reader_named),
        ("reader_speaking", &g.reader_speaking),
        ("data_nouns", &g.data_nouns),
        ("personal_data", &g.personal_data),
        ("data_kept", &g.data_kept),
        ("data_spoken_of", &g.data_spoken_of),
        ("about_no_one", &g.about_no_one),
        ("data_about", &g.data_about),
        ("open_to_anyone", &g.open_to_anyone),
        ("role_people", &g.role_people),
        ("role_groups", &g.role_groups),
        ("role_qualifiers", &g.role_qualifiers),
        ("role_not", &g.role_not),
        ("reader_addressees", &g.reader_addressees),
        ("examples", &g.examples),
        ("the_control", &g.the_control),
        ("told_of_reader", &g.told_of_reader),
        ("past_times", &g.past_times),
        ("past_verbs", &g.past_verbs),
        ("present_verbs", &g.present_verbs),
    ] {
        let _ = writeln!(
            out,
            "        {name}: {},",
            phrase_set(list, &format!("grammar {name}"))?
        );
    }
    out.push_str("    },\n    sites: &[\n");
    for site in &file.site {
        // Checked here and not compiled in: the engine never reads it, and the module
        // carries every byte of the rules (a site's source is a sentence and addresses).
        if site.source.trim().is_empty() {
            return Err(format!(
                "site {} needs a source saying how we know it belongs here",
                site.name
            ));
        }
        let domains: Vec<String> = site
            .domains
            .iter()
            .map(|d| d.trim().trim_end_matches('.').to_lowercase())
            .collect();
        let _ = writeln!(
            out,
            "        SiteRule {{ name: {:?}, domains: &{domains:?} }},",
            site.name
        );
    }
    out.push_str("    ],\n}\n");
    Ok(out)
}

/// A category's state wording: its own where it has some, the shared one elsewhere.
fn state_wording(shared: &StateWordingFile, own: &StateWordingOverride) -> String {
    let pick =
        |own: &Option<String>, shared: &String| own.clone().unwrap_or_else(|| shared.clone());
    format!(
        "StateWording {{ ticked: {:?}, switched: {:?}, chosen: {:?}, inverted: {:?}, locked: {:?}, \
         hidden: {:?}, statement: {:?}, statement_registering: {:?}, statement_unless: {:?}, \
         bundled: {:?} }}",
        pick(&own.ticked, &shared.ticked),
        pick(&own.switched, &shared.switched),
        pick(&own.chosen, &shared.chosen),
        pick(&own.inverted, &shared.inverted),
        pick(&own.locked, &shared.locked),
        pick(&own.hidden, &shared.hidden),
        pick(&own.statement, &shared.statement),
        pick(&own.statement_registering, &shared.statement_registering),
        pick(&own.statement_unless, &shared.statement_unless),
        pick(&own.bundled, &shared.bundled),
    )
}

fn recipients(list: &[Recipient]) -> String {
    let items: Vec<String> = list.iter().map(|r| format!("Recipient::{r:?}")).collect();
    format!("&[{}]", items.join(", "))
}

fn phrase_set(phrases: &[String], list: &str) -> Result<String, String> {
    if phrases.len() > usize::from(u16::MAX) {
        return Err(format!("{list}: more than {} phrases", u16::MAX));
    }
    let compiled = compile_phrases(phrases);
    let mut seen = std::collections::BTreeSet::new();
    for (words, phrase) in compiled
        .phrases
        .iter()
        .zip(phrases.iter().filter(|p| !tokenize(p).is_empty()))
    {
        if !seen.insert(words) {
            return Err(format!("{list}: \"{phrase}\" is listed twice"));
        }
    }
    let (text, ends) = packed(&compiled.by_first_word());
    if u16::try_from(text.len()).is_err() {
        return Err(format!("{list}: more than {} characters", u16::MAX));
    }
    Ok(format!("PhraseSet {{ text: {text:?}, ends: &{ends:?} }}"))
}

/// Phrases (as their words) written one after another, with where each ends: the form a
/// `PhraseSet` keeps them in. Ends past `u16::MAX` are refused by the caller.
pub fn packed(phrases: &[&[String]]) -> (String, Vec<u16>) {
    let mut text = String::new();
    let mut ends = Vec::new();
    for words in phrases {
        text.push_str(&words.join(" "));
        ends.push(u16::try_from(text.len()).unwrap_or(u16::MAX));
    }
    (text, ends)
}
