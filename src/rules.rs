//! The declarative rules (rules/rules.toml), compiled into the binary.
//!
//! The file is parsed once, on first use, and its phrase lists are compiled into
//! word-indexed phrase sets. The format is documented in docs/rules.md.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::engine::text::PhraseSet;
use crate::report::{Category, Recipient, Severity};

/// The rules file as written in the repository.
pub const RULES_TOML: &str = include_str!("../rules/rules.toml");

/// The same rules as JSON, converted by build.rs: what the engine reads at run time.
const RULES_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/rules.json"));

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    recipient: Vec<RecipientFile>,
    category: Vec<CategoryFile>,
    state_wording: StateWording,
    words: WordsFile,
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
    phrases: Vec<String>,
    exclude: Vec<String>,
    #[serde(default)]
    phrases_decide: bool,
    statements: bool,
    letter: String,
    #[serde(default)]
    letter_by_recipient: BTreeMap<String, String>,
    letter_when_locked: Option<String>,
    letter_when_registering: Option<String>,
    headline: String,
    why: String,
}

/// What a control's state adds to a warning's "why it matters".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateWording {
    pub ticked: String,
    pub chosen: String,
    pub inverted: String,
    pub locked: String,
    pub hidden: String,
    pub statement: String,
    pub statement_registering: String,
    pub bundled: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WordsFile {
    not_a_warning: Vec<String>,
    negations: Vec<String>,
    untick_instructions: Vec<String>,
    conditional: Vec<String>,
    reader_data: Vec<String>,
    announcements: Vec<String>,
    acceptance: Vec<String>,
    terms: Vec<String>,
    yes_answers: Vec<String>,
    no_answers: Vec<String>,
    private_choices: Vec<String>,
    on_values: Vec<String>,
    off_values: Vec<String>,
    registration: Vec<String>,
    job_listing_markers: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    pub name: String,
    pub domains: Vec<String>,
    pub source: String,
}

/// A recipient with its compiled phrases.
pub struct RecipientRule {
    pub id: Recipient,
    pub name: String,
    pub phrases: PhraseSet,
}

/// A category with its compiled phrases and wording.
pub struct CategoryRule {
    pub id: Category,
    pub severity: Severity,
    pub default_who: String,
    pub who: Vec<Recipient>,
    pub recipients: Vec<Recipient>,
    pub also_recipients: Vec<Recipient>,
    pub actions: PhraseSet,
    pub phrases: PhraseSet,
    pub exclude: PhraseSet,
    pub phrases_decide: bool,
    pub statements: bool,
    pub letter: String,
    pub letter_by_recipient: BTreeMap<Recipient, String>,
    pub letter_when_locked: Option<String>,
    pub letter_when_registering: Option<String>,
    pub headline: String,
    pub why: String,
}

/// Word lists shared by all categories, compiled.
pub struct Words {
    pub not_a_warning: PhraseSet,
    pub negations: PhraseSet,
    pub untick_instructions: PhraseSet,
    pub conditional: PhraseSet,
    pub reader_data: PhraseSet,
    pub announcements: PhraseSet,
    pub acceptance: PhraseSet,
    pub terms: PhraseSet,
    pub yes_answers: PhraseSet,
    pub no_answers: PhraseSet,
    pub private_choices: PhraseSet,
    pub on_values: Vec<String>,
    pub off_values: Vec<String>,
    pub registration: PhraseSet,
    pub job_listing_markers: Vec<String>,
}

/// Everything the engine knows, from rules/rules.toml.
pub struct Rules {
    pub recipients: Vec<RecipientRule>,
    pub categories: Vec<CategoryRule>,
    pub state_wording: StateWording,
    pub words: Words,
    pub sites: Vec<SiteFile>,
}

impl Rules {
    /// Parses and compiles a rules file. Errors name the problem for the person who
    /// edited the file.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn parse(source: &str) -> Result<Rules, String> {
        let file: RulesFile = toml::from_str(source).map_err(|e| e.to_string())?;
        Rules::compile(file)
    }

    /// Reads the rules as build.rs converted them.
    fn from_json(json: &str) -> Result<Rules, String> {
        let file: RulesFile = serde_json::from_str(json).map_err(|e| e.to_string())?;
        Rules::compile(file)
    }

    fn compile(file: RulesFile) -> Result<Rules, String> {
        let recipients = file
            .recipient
            .into_iter()
            .map(|r| RecipientRule {
                id: r.id,
                name: r.name,
                phrases: PhraseSet::new(&r.phrases),
            })
            .collect::<Vec<_>>();
        let mut categories = Vec::new();
        for c in file.category {
            let mut letter_by_recipient = BTreeMap::new();
            for (who, letter) in c.letter_by_recipient {
                let id: Recipient = serde_json::from_value(serde_json::Value::String(who.clone()))
                    .map_err(|_| format!("letter_by_recipient: unknown recipient {who}"))?;
                letter_by_recipient.insert(id, letter);
            }
            categories.push(CategoryRule {
                id: c.id,
                severity: c.severity,
                default_who: c.default_who,
                who: c.who,
                recipients: c.recipients,
                also_recipients: c.also_recipients,
                actions: PhraseSet::new(&c.actions),
                phrases: PhraseSet::new(&c.phrases),
                exclude: PhraseSet::new(&c.exclude),
                phrases_decide: c.phrases_decide,
                statements: c.statements,
                letter: c.letter,
                letter_by_recipient,
                letter_when_locked: c.letter_when_locked,
                letter_when_registering: c.letter_when_registering,
                headline: c.headline,
                why: c.why,
            });
        }
        for category in Category::ALL {
            if !categories.iter().any(|c| c.id == category) {
                return Err(format!("category {} has no entry", category.as_str()));
            }
        }
        let w = file.words;
        let lower = |v: Vec<String>| v.into_iter().map(|s| s.to_lowercase()).collect();
        let words = Words {
            not_a_warning: PhraseSet::new(&w.not_a_warning),
            negations: PhraseSet::new(&w.negations),
            untick_instructions: PhraseSet::new(&w.untick_instructions),
            conditional: PhraseSet::new(&w.conditional),
            reader_data: PhraseSet::new(&w.reader_data),
            announcements: PhraseSet::new(&w.announcements),
            acceptance: PhraseSet::new(&w.acceptance),
            terms: PhraseSet::new(&w.terms),
            yes_answers: PhraseSet::new(&w.yes_answers),
            no_answers: PhraseSet::new(&w.no_answers),
            private_choices: PhraseSet::new(&w.private_choices),
            on_values: lower(w.on_values),
            off_values: lower(w.off_values),
            registration: PhraseSet::new(&w.registration),
            job_listing_markers: lower(w.job_listing_markers),
        };
        let sites = file
            .site
            .into_iter()
            .map(|mut s| {
                s.domains = s
                    .domains
                    .iter()
                    .map(|d| d.trim().trim_end_matches('.').to_lowercase())
                    .collect();
                s
            })
            .collect();
        Ok(Rules {
            recipients,
            categories,
            state_wording: file.state_wording,
            words,
            sites,
        })
    }

    pub fn category(&self, id: Category) -> Option<&CategoryRule> {
        self.categories.iter().find(|c| c.id == id)
    }

    pub fn recipient(&self, id: Recipient) -> Option<&RecipientRule> {
        self.recipients.iter().find(|r| r.id == id)
    }
}

/// The compiled-in rules. A broken rules file is caught by the unit tests; should one
/// ever ship, the engine falls back to empty rules (no findings) rather than panic.
pub fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        Rules::from_json(RULES_JSON).unwrap_or_else(|_| Rules {
            recipients: Vec::new(),
            categories: Vec::new(),
            state_wording: StateWording {
                ticked: String::new(),
                chosen: String::new(),
                inverted: String::new(),
                locked: String::new(),
                hidden: String::new(),
                statement: String::new(),
                statement_registering: String::new(),
                bundled: String::new(),
            },
            words: Words {
                not_a_warning: PhraseSet::default(),
                negations: PhraseSet::default(),
                untick_instructions: PhraseSet::default(),
                conditional: PhraseSet::default(),
                reader_data: PhraseSet::default(),
                announcements: PhraseSet::default(),
                acceptance: PhraseSet::default(),
                terms: PhraseSet::default(),
                yes_answers: PhraseSet::default(),
                no_answers: PhraseSet::default(),
                private_choices: PhraseSet::default(),
                on_values: Vec::new(),
                off_values: Vec::new(),
                registration: PhraseSet::default(),
                job_listing_markers: Vec::new(),
            },
            sites: Vec::new(),
        })
    })
}

/// Every letter id a category can lead to.
pub fn letters_for(category: Category) -> Vec<String> {
    let mut ids = BTreeSet::new();
    if let Some(c) = rules().category(category) {
        ids.insert(c.letter.clone());
        ids.extend(c.letter_by_recipient.values().cloned());
        ids.extend(c.letter_when_locked.iter().cloned());
        ids.extend(c.letter_when_registering.iter().cloned());
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
    fn the_rules_the_engine_reads_are_the_rules_file() {
        let from_json = Rules::from_json(RULES_JSON).expect("build.rs output parses");
        let from_toml = Rules::parse(RULES_TOML).expect("rules/rules.toml parses");
        assert_eq!(from_json.categories.len(), from_toml.categories.len());
        assert_eq!(from_json.recipients.len(), from_toml.recipients.len());
        assert_eq!(from_json.sites.len(), from_toml.sites.len());
        assert_eq!(
            from_json.state_wording.locked,
            from_toml.state_wording.locked
        );
    }

    #[test]
    fn rules_file_parses_and_every_category_is_complete() {
        let rules = Rules::parse(RULES_TOML).expect("rules/rules.toml parses");
        for category in Category::ALL {
            let c = rules.category(category).expect("category present");
            assert!(!c.headline.trim().is_empty(), "{category:?} headline");
            assert!(!c.why.trim().is_empty(), "{category:?} why");
            assert!(crate::letters::exists(&c.letter), "{category:?} letter");
            assert!(!letters_for(category).is_empty());
        }
        for r in &rules.recipients {
            assert!(!r.name.is_empty() && !r.phrases.is_empty());
        }
        for id in letter_ids() {
            assert!(crate::letters::exists(&id), "unknown letter id {id}");
        }
        assert!(!rules.sites.is_empty());
        for site in &rules.sites {
            assert!(
                !site.source.trim().is_empty(),
                "{} needs a source",
                site.name
            );
        }
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
        assert_eq!(letters_for(Category::PublicProfile), vec!["make-private"]);
        assert_eq!(
            letters_for(Category::EmployerContact),
            vec!["employer-no-share"]
        );
        assert_eq!(letters_for(Category::BundledConsent), vec!["withdraw-site"]);
        assert_eq!(
            letters_for(Category::ThirdPartySharing),
            vec!["withdraw-site"]
        );
    }

    #[test]
    fn a_broken_rules_file_is_an_error_not_a_panic() {
        assert!(Rules::parse("[[category]]\nid = \"nonsense\"").is_err());
        assert!(Rules::parse("").is_err());
    }
}
