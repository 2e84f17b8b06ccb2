//! The letter library: refusal, withdrawal and request wording, one template per id.
//!
//! The letters are data: `letters/*.toml`, compiled in (the WebAssembly module has no
//! file system). Their format is documented in docs/letters-format.md.

mod case;
mod dates;
mod template;

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::report::Report;

pub use case::{case_steps, CaseStep, SentLetter};
#[cfg(not(target_arch = "wasm32"))]
pub use dates::uk_date_today;
pub use dates::{parse_uk_date, uk_date};

/// What the person told the options page (or the CLI flags). Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Details {
    pub name: Option<String>,
    /// On one line; used only where a letter needs it (a subject access request).
    pub address: Option<String>,
    pub date_of_birth: Option<String>,
    /// A sentence on the person's own situation, the grounds an objection should give
    /// (Art 21(1)): used in place of the general reason where it is given.
    pub situation: Option<String>,
    pub ni_number: Option<String>,
    pub provider: Option<String>,
    pub adviser: Option<String>,
    pub account_email: Option<String>,
}

/// What is known about the page and the day.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LetterContext {
    /// The known site's name, e.g. "MyWorkSearch".
    pub site_name: Option<String>,
    /// The host the person was on, e.g. "www.myworksearch.co.uk".
    pub host: Option<String>,
    /// Today in UK format, e.g. "22 November 2026"; the caller supplies it.
    pub date: Option<String>,
    /// The labels of the flagged settings, exactly as the page showed them.
    pub settings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LetterInfo {
    pub id: String,
    pub title: String,
    /// What it is for, in one line, for the list of every letter.
    pub purpose: String,
    /// Who it is sent to, e.g. "your employment programme provider".
    pub to: String,
    /// What to do once it is sent: keep a copy, and the next step if no answer comes.
    pub after: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LetterError {
    UnknownId(String),
    /// A template file is malformed (caught by the tests; never expected at run time).
    BadTemplate {
        id: String,
        problem: String,
    },
}

impl std::fmt::Display for LetterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LetterError::UnknownId(id) => {
                write!(f, "no letter called '{id}' (see `untick letter list`)")
            }
            LetterError::BadTemplate { id, problem } => {
                write!(f, "the letter '{id}' is malformed: {problem}")
            }
        }
    }
}

impl std::error::Error for LetterError {}

/// The template files as JSON, in the order `list()` gives them (letters/order.txt),
/// listed by build.rs.
const SOURCES: &[(&str, &str)] = &include!(concat!(env!("OUT_DIR"), "/letters.rs"));

/// The data protection regulator, named in one place (letters/regulator.txt): the ICO is
/// to become the Information Commission when the Data (Use and Access) Act 2025 s.119 is
/// commenced. Letters write `{regulator}`, in their body and in their other fields.
const REGULATOR: &str = include_str!("../../letters/regulator.txt");

fn regulator() -> &'static str {
    REGULATOR.trim()
}

/// The one-line note shown once beside a letter, never inside it.
const ADVICE_NOTE: &str = include_str!("../../letters/not-legal-advice.txt");

/// Longest value kept for each kind of fill-in, in characters; longer ones are cut.
const MAX_DETAIL_CHARS: usize = 120;
const MAX_EMAIL_CHARS: usize = 254;
const MAX_SITUATION_CHARS: usize = 300;
const MAX_LABEL_CHARS: usize = 200;
/// Most settings named in one letter; the rest are counted ("and 3 more").
const MAX_SETTINGS: usize = 20;

/// One template file, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LetterFile {
    id: String,
    title: String,
    purpose: String,
    to: String,
    after: String,
    /// The articles the body refers to, e.g. "Article 7(3)"; the tests hold the body to it.
    #[serde(default)]
    cites: Vec<String>,
    /// The person's details the recipient needs to act on it (fill-in names, e.g. "ni").
    #[serde(default)]
    needs: Vec<String>,
    /// The letter to send if no full answer comes by the date the body asks for.
    #[serde(default)]
    if_no_reply: Option<String>,
    /// How long, from the day this letter is sent, the person has to send that one:
    /// "3 months".
    #[serde(default)]
    next_within: Option<String>,
    body: String,
}

/// A template, parsed and ready to fill.
#[derive(Debug, Clone)]
pub struct Letter {
    pub id: String,
    pub title: String,
    pub purpose: String,
    pub to: String,
    pub after: String,
    pub cites: Vec<String>,
    /// The person's details the recipient needs to act on it.
    pub needs: Vec<template::Key>,
    /// The body as written in the file, placeholders and all.
    pub body_source: String,
    /// The case file's timeline (case.rs): when a reply is due, what follows, by when.
    pub reply_within: Option<case::ReplyWithin>,
    pub if_no_reply: Option<String>,
    pub next_within_months: Option<u32>,
    nodes: Vec<template::Node>,
}

impl Letter {
    fn info(&self) -> LetterInfo {
        LetterInfo {
            id: self.id.clone(),
            title: self.title.clone(),
            purpose: self.purpose.clone(),
            to: self.to.clone(),
            after: self.after.clone(),
        }
    }
}

fn load(expected_id: &str, source: &str) -> Result<Letter, LetterError> {
    let bad = |problem: String| LetterError::BadTemplate {
        id: expected_id.to_string(),
        problem,
    };
    let file: LetterFile = serde_json::from_str(source).map_err(|e| bad(e.to_string()))?;
    if file.id != expected_id {
        return Err(bad(format!("its id is '{}'", file.id)));
    }
    let needs = file
        .needs
        .iter()
        .map(|name| {
            template::Key::parse(name)
                .filter(|key| key.describe_detail().is_some())
                .ok_or_else(|| {
                    bad(format!(
                        "`needs` names '{name}', which is not a person's detail"
                    ))
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let body = file.body.replace("\r\n", "\n");
    let nodes = template::parse(&body).map_err(bad)?;
    template::check(&nodes).map_err(bad)?;
    let named = |text: &str| text.trim().replace("{regulator}", regulator());
    Ok(Letter {
        id: file.id,
        title: named(&file.title),
        purpose: named(&file.purpose),
        to: named(&file.to),
        after: named(&file.after),
        cites: file.cites,
        needs,
        reply_within: case::ReplyWithin::of_body(&nodes),
        if_no_reply: file.if_no_reply,
        next_within_months: match file.next_within.as_deref() {
            None => None,
            Some(text) => Some(case::months_in(text).ok_or_else(|| {
                bad(format!(
                    "`next_within` is '{text}'; write it as \"3 months\""
                ))
            })?),
        },
        body_source: body,
        nodes,
    })
}

fn library() -> &'static [Result<Letter, LetterError>] {
    static LIBRARY: OnceLock<Vec<Result<Letter, LetterError>>> = OnceLock::new();
    LIBRARY.get_or_init(|| SOURCES.iter().map(|(id, src)| load(id, src)).collect())
}

/// Every letter, parsed; an error for any template file that is malformed.
pub fn letters() -> Vec<Result<Letter, LetterError>> {
    library().to_vec()
}

/// The letters, in a sensible reading order.
pub fn list() -> Vec<LetterInfo> {
    library()
        .iter()
        .filter_map(|l| l.as_ref().ok().map(Letter::info))
        .collect()
}

/// Whether a letter with this id exists.
pub fn exists(id: &str) -> bool {
    SOURCES.iter().any(|(known, _)| *known == id)
}

/// "Untick is not legal advice ...": show it once beside the letter, never inside it,
/// so that it is not sent to the organisation by accident.
pub fn advice_note() -> &'static str {
    ADVICE_NOTE.trim()
}

/// What to tell the person before they send letter `id` when it lacks a detail its
/// recipient needs to act on it ("This letter needs your name and your National Insurance
/// number ..."); None when nothing is missing, or for an unknown letter.
pub fn missing_details_note(id: &str, details: &Details) -> Option<String> {
    let letter = library().iter().flatten().find(|l| l.id == id)?;
    let values = values(details, &LetterContext::default());
    let missing: Vec<&str> = letter
        .needs
        .iter()
        .filter(|key| !values.is_known(**key))
        .filter_map(|key| key.describe_detail())
        .collect();
    let list = match missing.as_slice() {
        [] => return None,
        [one] => one.to_string(),
        [first @ .., last] => format!("{} and {last}", first.join(", ")),
    };
    let them = if missing.len() == 1 { "it" } else { "them" };
    Some(format!(
        "This letter needs {list} to be acted on. Add {them} to your details before you send it, or write {them} in by hand."
    ))
}

/// The letter `id`, filled in with what is known. Missing details vanish cleanly; the
/// settings (deduplicated, at most 20 named) are listed as the page labelled them.
/// Never panics, whatever the strings.
pub fn render(id: &str, details: &Details, context: &LetterContext) -> Result<String, LetterError> {
    let letter = library()
        .iter()
        .find(|l| match l {
            Ok(letter) => letter.id == id,
            Err(LetterError::BadTemplate { id: bad, .. }) => bad == id,
            Err(_) => false,
        })
        .ok_or_else(|| LetterError::UnknownId(clean(id, MAX_DETAIL_CHARS).unwrap_or_default()))?
        .as_ref()
        .map_err(Clone::clone)?;
    Ok(template::fill(&letter.nodes, &values(details, context)))
}

/// The context for letter `id` from an audit: the site, and the labels of every finding
/// that points to that letter (so one letter covers all of them). `date` is today's
/// date in UK format, from the caller's clock.
pub fn context_for(report: &Report, id: &str, date: Option<String>) -> LetterContext {
    LetterContext {
        site_name: report.site.known.clone(),
        host: Some(report.site.host.clone()).filter(|h| !h.is_empty()),
        date,
        settings: report
            .findings
            .iter()
            .filter(|f| f.letter == id)
            .map(|f| f.label.clone())
            .collect(),
    }
}

/// A date to reply by, from the letter's own date (when it is a UK date).
fn reply_by(
    date: &Option<String>,
    later: impl Fn((i64, u32, u32)) -> (i64, u32, u32),
) -> Option<String> {
    let (y, m, d) = later(dates::parse_uk_date(date.as_deref()?)?);
    Some(uk_date(y, m, d))
}

fn values(details: &Details, context: &LetterContext) -> template::Values {
    let up_to = |v: &Option<String>, max: usize| v.as_deref().and_then(|s| clean(s, max));
    let detail = |v: &Option<String>| up_to(v, MAX_DETAIL_CHARS);
    let site_name = detail(&context.site_name);
    let host = detail(&context.host).map(|h| h.to_lowercase());
    // "MyWorkSearch (www.myworksearch.co.uk)", or whichever of the two is known.
    let site = match (&site_name, &host) {
        (Some(n), Some(h)) if n.eq_ignore_ascii_case(h) => Some(n.clone()),
        (Some(n), Some(h)) => Some(format!("{n} ({h})")),
        (Some(n), None) => Some(n.clone()),
        (None, h) => h.clone(),
    };
    let mut settings: Vec<String> = Vec::new();
    let mut left_off = 0;
    for label in &context.settings {
        let Some(label) = clean(label, MAX_LABEL_CHARS) else {
            continue;
        };
        let label = label.replace('"', "'");
        if settings.contains(&label) {
            continue;
        }
        if settings.len() < MAX_SETTINGS {
            settings.push(label);
        } else {
            left_off += 1;
        }
    }
    template::Values {
        name: detail(&details.name),
        address: detail(&details.address),
        date_of_birth: detail(&details.date_of_birth),
        situation: up_to(&details.situation, MAX_SITUATION_CHARS),
        // A National Insurance number is ASCII letters and digits.
        ni: detail(&details.ni_number).map(|n| n.to_ascii_uppercase()),
        provider: detail(&details.provider),
        adviser: detail(&details.adviser),
        email: up_to(&details.account_email, MAX_EMAIL_CHARS),
        site,
        host,
        regulator: Some(regulator().to_string()),
        date: detail(&context.date),
        month_later: reply_by(&context.date, dates::month_later),
        week_later: reply_by(&context.date, |day| dates::days_later(day, 7)),
        settings,
        settings_left_off: left_off,
    }
}

/// A value fit to put in a letter: one line, no control or direction-changing characters,
/// no template syntax, at most `max` characters. None when nothing readable is left.
fn clean(raw: &str, max: usize) -> Option<String> {
    let mut out = String::new();
    let mut chars = 0;
    let mut pending_space = false;
    // Look at no more than a bounded prefix, however long the input.
    for c in raw.chars().take(max.saturating_mul(8)) {
        let c = match c {
            '{' | '[' => '(',
            '}' | ']' => ')',
            c if c.is_whitespace() || c.is_control() => ' ',
            '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}' => continue,
            c => c,
        };
        if c == ' ' {
            pending_space = !out.is_empty();
            continue;
        }
        if chars >= max {
            // Cut at a word boundary when one is near, and say it was cut.
            if let Some(space) = out.rfind(' ').filter(|&i| i > out.len() / 2) {
                out.truncate(space);
            }
            out.push_str("...");
            break;
        }
        if pending_space {
            out.push(' ');
            chars += 1;
            pending_space = false;
        }
        out.push(c);
        chars += 1;
    }
    // Punctuation at the start of a value would sit oddly after "Dear " or "Name: ".
    let out = out.trim_start_matches(|c: char| c.is_ascii_punctuation() && !"(\"'£$#@".contains(c));
    if out.chars().any(char::is_alphanumeric) {
        Some(out.to_string())
    } else {
        None
    }
}
