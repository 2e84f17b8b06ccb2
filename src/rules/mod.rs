//! The declarative rules (rules/rules.toml), compiled in.
//!
//! build.rs reads the file with `file.rs`, checks it, splits its phrases into words and
//! writes it out as Rust: the engine's rules are a `static`, ready the moment the program
//! or the WebAssembly module starts. The format is documented in docs/rules.md.

use std::collections::BTreeSet;

use crate::engine::text::PhraseSet;
use crate::report::{Category, Recipient, Severity};

#[cfg(test)]
pub(crate) mod file;

/// The rules file as written in the repository.
pub const RULES_TOML: &str = include_str!("../../rules/rules.toml");

/// A recipient with its phrases.
pub struct RecipientRule {
    pub id: Recipient,
    pub name: &'static str,
    pub phrases: PhraseSet,
}

/// A category with its phrases and wording.
pub struct CategoryRule {
    pub id: Category,
    pub severity: Severity,
    pub default_who: &'static str,
    pub who: &'static [Recipient],
    pub recipients: &'static [Recipient],
    pub also_recipients: &'static [Recipient],
    pub actions: PhraseSet,
    /// The person's details this kind is about wherever they go, where the sentence
    /// links them to one of `also_recipients` ("your start date and pay are sent to
    /// your work coach").
    pub details: PhraseSet,
    pub phrases: PhraseSet,
    pub exclude: PhraseSet,
    pub phrases_decide: bool,
    /// A recipient in `who` that the clause's shape links to the reader's data is enough
    /// (`[grammar]`), whatever the actions.
    pub linked: bool,
    pub statements: bool,
    pub letter: &'static str,
    pub letter_by_recipient: &'static [(Recipient, &'static str)],
    pub letter_when_locked: Option<&'static str>,
    pub letter_when_registering: Option<&'static str>,
    pub headline: &'static str,
    pub why: &'static str,
    /// `[state_wording]`, with the category's own wording where it has some.
    pub state_wording: StateWording,
}

impl CategoryRule {
    /// The letter for a control whose first-named recipient is `who`, if it has its own.
    pub fn letter_for(&self, who: Recipient) -> Option<&'static str> {
        self.letter_by_recipient
            .iter()
            .find(|(r, _)| *r == who)
            .map(|(_, letter)| *letter)
    }
}

/// What a control's state adds to a warning's "why it matters".
pub struct StateWording {
    pub ticked: &'static str,
    pub switched: &'static str,
    pub chosen: &'static str,
    pub inverted: &'static str,
    pub locked: &'static str,
    pub hidden: &'static str,
    pub statement: &'static str,
    pub statement_registering: &'static str,
    pub statement_unless: &'static str,
    pub bundled: &'static str,
}

/// Word lists shared by all categories.
pub struct Words {
    pub not_a_warning: PhraseSet,
    pub negations: PhraseSet,
    pub untick_instructions: PhraseSet,
    pub conditional: PhraseSet,
    pub choice_openers: PhraseSet,
    pub circumstances: PhraseSet,
    pub past_consent: PhraseSet,
    pub opt_out_conditions: PhraseSet,
    pub opt_out_acts: PhraseSet,
    pub reader_data: PhraseSet,
    pub reader_contacted: PhraseSet,
    pub way_out: PhraseSet,
    pub announcements: PhraseSet,
    pub acceptance: PhraseSet,
    pub terms: PhraseSet,
    pub yes_answers: PhraseSet,
    pub no_answers: PhraseSet,
    pub private_choices: PhraseSet,
    pub team_words: PhraseSet,
    pub team_word_followers: PhraseSet,
    /// Lower-cased.
    pub on_values: &'static [&'static str],
    /// Lower-cased.
    pub off_values: &'static [&'static str],
    pub registration: PhraseSet,
    /// Lower-cased.
    pub job_listing_markers: &'static [&'static str],
    /// Lower-cased.
    pub hidden_class_markers: &'static [&'static str],
    /// Lower-cased.
    pub hidden_class_screens: &'static [&'static str],
    /// Lower-cased.
    pub cookie_notice_markers: &'static [&'static str],
}

/// `[grammar]`: the word families a clause is read with (engine/clause.rs).
pub struct Grammar {
    pub sees: PhraseSet,
    pub receives: PhraseSet,
    pub gives: PhraseSet,
    pub made_available: PhraseSet,
    pub towards: PhraseSet,
    pub by_whom: PhraseSet,
    pub tells: PhraseSet,
    pub kept_informed: PhraseSet,
    pub verb_helpers: PhraseSet,
    pub post_modifiers: PhraseSet,
    pub reader: PhraseSet,
    pub reader_owns: PhraseSet,
    pub reader_named: PhraseSet,
    pub reader_speaking: PhraseSet,
    pub data_nouns: PhraseSet,
    pub personal_data: PhraseSet,
    pub data_kept: PhraseSet,
    pub data_spoken_of: PhraseSet,
    pub about_no_one: PhraseSet,
    pub data_about: PhraseSet,
    pub open_to_anyone: PhraseSet,
    pub open_recipient: Recipient,
    pub role_recipient: Recipient,
    pub role_people: PhraseSet,
    pub role_groups: PhraseSet,
    pub role_qualifiers: PhraseSet,
    pub role_not: PhraseSet,
    pub reader_addressees: PhraseSet,
    pub examples: PhraseSet,
    pub the_control: PhraseSet,
    pub told_of_reader: PhraseSet,
    pub past_times: PhraseSet,
    pub past_verbs: PhraseSet,
    pub present_verbs: PhraseSet,
}

/// A known site; its domains are lower-cased, with no trailing dot.
pub struct SiteRule {
    pub name: &'static str,
    pub domains: &'static [&'static str],
}

/// Everything the engine knows, from rules/rules.toml.
pub struct Rules {
    pub recipients: &'static [RecipientRule],
    pub categories: &'static [CategoryRule],
    pub words: Words,
    pub grammar: Grammar,
    pub sites: &'static [SiteRule],
}

impl Rules {
    pub fn category(&self, id: Category) -> Option<&CategoryRule> {
        self.categories.iter().find(|c| c.id == id)
    }

    pub fn recipient(&self, id: Recipient) -> Option<&RecipientRule> {
        self.recipients.iter().find(|r| r.id == id)
    }
}

/// The compiled-in rules, written by build.rs from rules/rules.toml.
static RULES: Rules = include!(concat!(env!("OUT_DIR"), "/rules.rs"));

pub fn rules() -> &'static Rules {
    &RULES
}

/// Every letter id a category can lead to.
pub fn letters_for(category: Category) -> Vec<String> {
    let mut ids = BTreeSet::new();
    if let Some(c) = rules().category(category) {
        ids.insert(c.letter.to_string());
        ids.extend(c.letter_by_recipient.iter().map(|(_, l)| l.to_string()));
        ids.extend(c.letter_when_locked.map(str::to_string));
        ids.extend(c.letter_when_registering.map(str::to_string));
    }
    ids.into_iter().collect()
}

/// Every letter id the engine can emit, sorted.
pub fn letter_ids() -> Vec<String> {
    let ids: BTreeSet<String> = Category::ALL.into_iter().flat_map(letters_for).collect();
    ids.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_in_rules_are_the_rules_file() {
        // build.rs wrote the static from this same file with this same code; a stale
        // OUT_DIR would show here.
        let expected = file::compile(RULES_TOML).expect("rules/rules.toml compiles");
        let compiled_in = include_str!(concat!(env!("OUT_DIR"), "/rules.rs"));
        assert_eq!(compiled_in, expected);
        let file: toml::Table = toml::from_str(RULES_TOML).expect("valid TOML");
        let count = |key: &str| file[key].as_array().map_or(0, Vec::len);
        assert_eq!(rules().categories.len(), count("category"));
        assert_eq!(rules().recipients.len(), count("recipient"));
        assert_eq!(rules().sites.len(), count("site"));
    }

    #[test]
    fn every_category_is_complete() {
        let rules = rules();
        for category in Category::ALL {
            let c = rules.category(category).expect("category present");
            assert!(!c.headline.trim().is_empty(), "{category:?} headline");
            assert!(!c.why.trim().is_empty(), "{category:?} why");
            assert!(crate::letters::exists(c.letter), "{category:?} letter");
            assert!(!letters_for(category).is_empty());
        }
        for r in rules.recipients {
            assert!(!r.name.is_empty() && !r.phrases.is_empty());
        }
        for id in letter_ids() {
            assert!(crate::letters::exists(&id), "unknown letter id {id}");
        }
        assert!(!rules.sites.is_empty());
    }

    #[test]
    fn phrases_are_split_into_words_and_indexed_by_the_first() {
        let marketing = rules().category(Category::Marketing).expect("marketing");
        let words = |text: &str| crate::engine::text::tokenize(text);
        assert!(marketing
            .phrases
            .contains(&words("We may send you offers by email")));
        let compiled = file::compile_phrases(&[
            "Work coach".to_string(),
            "  ".to_string(),
            "work".to_string(),
            "Adviser’s notes".to_string(),
        ]);
        assert_eq!(
            compiled.phrases,
            vec![
                vec!["work", "coach"],
                vec!["work"],
                vec!["adviser's", "notes"]
            ]
        );
        assert_eq!(
            compiled.by_first_word(),
            vec![
                &["adviser's".to_string(), "notes".to_string()][..],
                &["work".to_string(), "coach".to_string()][..],
                &["work".to_string()][..],
            ]
        );
    }

    #[test]
    fn letters_follow_the_documented_mapping() {
        let a = letters_for(Category::AdviserAccess);
        for id in [
            "withdraw-provider",
            "withdraw-dwp",
            "object-public-task",
            "decline-site",
        ] {
            assert!(a.contains(&id.to_string()), "{id}");
        }
        assert_eq!(letters_for(Category::Marketing), vec!["stop-marketing"]);
        assert_eq!(
            letters_for(Category::PublicProfile),
            vec!["decline-site", "make-private"]
        );
        assert_eq!(
            letters_for(Category::EmployerContact),
            vec!["employer-no-share"]
        );
        assert_eq!(
            letters_for(Category::BundledConsent),
            vec!["withdraw-bundled"]
        );
        assert_eq!(
            letters_for(Category::ThirdPartySharing),
            vec!["decline-site", "withdraw-site"]
        );
    }

    #[test]
    fn a_broken_rules_file_is_an_error_naming_the_problem() {
        assert!(file::compile("[[category]]\nid = \"nonsense\"").is_err());
        assert!(file::compile("").is_err());
        let unknown = RULES_TOML.replacen("[words]", "[words]\nsurprise = [\"x\"]", 1);
        let error = file::compile(&unknown).expect_err("unknown field");
        assert!(error.contains("surprise"), "{error}");
        let missing = RULES_TOML.replacen("id = \"marketing\"", "id = \"public_profile\"", 1);
        let error = file::compile(&missing).expect_err("a category missing");
        assert!(error.contains("marketing"), "{error}");
        // The same phrase twice, told apart only by case: a slip worth naming.
        let twice = RULES_TOML.replacen(
            "\"keep it private\",",
            "\"keep it private\", \"Keep it private\",",
            1,
        );
        let error = file::compile(&twice).expect_err("a phrase listed twice");
        assert!(
            error.contains("words negations") && error.contains("listed twice"),
            "{error}"
        );
        // A category's own state wording may name only the states there are.
        let misspelt = RULES_TOML.replacen("state_wording.ticked =", "state_wording.tickd =", 1);
        let error = file::compile(&misspelt).expect_err("an unknown state");
        assert!(error.contains("tickd"), "{error}");
        // Every known site says how we know it belongs there (not compiled in).
        let unsourced = RULES_TOML.replacen(
            "source = \"Restart Scheme provider, East Central: https://jobs-22.co.uk/participant-pack\"",
            "source = \" \"",
            1,
        );
        assert_ne!(unsourced, RULES_TOML);
        let error = file::compile(&unsourced).expect_err("a site without a source");
        assert!(error.contains("Jobs 22 needs a source"), "{error}");
    }

    #[test]
    fn a_category_s_own_state_wording_replaces_the_shared_one_for_that_state_only() {
        let employer = RULES.category(Category::EmployerContact).expect("employer");
        let profile = RULES.category(Category::PublicProfile).expect("profile");
        assert_ne!(employer.state_wording.ticked, profile.state_wording.ticked);
        assert!(employer
            .state_wording
            .ticked
            .contains("may not need your agreement"));
        let marketing = RULES.category(Category::Marketing).expect("marketing");
        assert_eq!(profile.state_wording.ticked, marketing.state_wording.ticked);
        assert_eq!(
            employer.state_wording.bundled,
            profile.state_wording.bundled
        );
    }
}
