//! The letter library: every letter, with and without each detail, reads cleanly,
//! cites only what it declares, stays short, and covers what the engine can emit.

use std::collections::BTreeSet;

use proptest::prelude::*;
use untick::letters::{self, Details, LetterContext, LetterError};
use untick::{Category, Control, Finding, Recipient, Report, Severity, Site};

/// The ids the engine emits (fixed by the project's design).
const IDS: [&str; 17] = [
    "withdraw-provider",
    "withdraw-dwp",
    "withdraw-site",
    "withdraw-bundled",
    "decline-site",
    "ask-if-required",
    "journal-evidence",
    "object-public-task",
    "stop-marketing",
    "make-private",
    "erase-cv",
    "employer-no-share",
    "subject-access",
    "referral-evidence",
    "correct-records",
    "escalate-dpo",
    "complain-ico",
];

/// Letters that refuse, withdraw or object to a provider or DWP, and so must say that the
/// person is still taking part and ask for any requirement in writing first.
const TO_PROVIDER_OR_DWP: [&str; 6] = [
    "withdraw-provider",
    "withdraw-dwp",
    "object-public-task",
    "decline-site",
    "ask-if-required",
    "journal-evidence",
];

/// Letters to the company that runs a site, about its sharing settings.
const TO_SITE: [&str; 3] = ["withdraw-site", "withdraw-bundled", "make-private"];

const NAME: &str = "Sam Jones";
const NI: &str = "QQ 12 34 56 C";
const PROVIDER: &str = "Bestwork Training Ltd";
const ADVISER: &str = "Alex Smith";
const EMAIL: &str = "sam.jones@example.org";
const SITE: &str = "MyWorkSearch";
const HOST: &str = "www.myworksearch.co.uk";
const DATE: &str = "22 November 2026";
const ADDRESS: &str = "1 High Street, Leeds LS1 1AA";
const BORN: &str = "3 March 1980";
const SITUATION: &str = "I care for my mother, and my adviser has reported me wrongly before.";
const SETTINGS: [&str; 3] = [
    "Allow my adviser to view my account",
    "Share my activity with the Department for Work and Pensions",
    "Make my CV visible to employers",
];

/// Which details are given: one bit each for name, NI, provider, adviser, email,
/// site name, host, date, address, date of birth, situation; plus how many settings
/// (0, 1 or 3).
#[derive(Clone, Copy, Debug)]
struct Given {
    bits: u32,
    settings: usize,
}

impl Given {
    fn has(self, bit: u32) -> bool {
        self.bits & (1 << bit) != 0
    }

    fn all() -> Given {
        Given {
            bits: 0x7ff,
            settings: 2,
        }
    }

    fn every_combination() -> impl Iterator<Item = Given> {
        (0..2048u32).flat_map(|bits| [0, 1, 3].map(move |settings| Given { bits, settings }))
    }

    fn inputs(self) -> (Details, LetterContext) {
        let pick = |bit: u32, v: &str| self.has(bit).then(|| v.to_string());
        let details = Details {
            name: pick(0, NAME),
            address: pick(8, ADDRESS),
            date_of_birth: pick(9, BORN),
            situation: pick(10, SITUATION),
            ni_number: pick(1, NI),
            provider: pick(2, PROVIDER),
            adviser: pick(3, ADVISER),
            account_email: pick(4, EMAIL),
        };
        let context = LetterContext {
            site_name: pick(5, SITE),
            host: pick(6, HOST),
            date: pick(7, DATE),
            settings: SETTINGS[..self.settings]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        };
        (details, context)
    }
}

fn render(id: &str, given: Given) -> String {
    let (details, context) = given.inputs();
    letters::render(id, &details, &context).unwrap_or_else(|e| panic!("{id} did not render: {e}"))
}

/// Words as a reader counts them: runs of text with a letter or digit in them.
fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Every "Article N", with its brackets, e.g. "Article 6(1)(e)".
fn articles_in(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (start, _) in text.match_indices("Article ") {
        let rest = &text[start + "Article ".len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() {
            continue;
        }
        let mut reference = format!("Article {digits}");
        let mut tail = &rest[digits.len()..];
        while let Some(inner) = tail.strip_prefix('(') {
            let Some(close) = inner.find(')') else { break };
            let part = &inner[..close];
            if part.is_empty() || !part.chars().all(|c| c.is_ascii_alphanumeric()) {
                break;
            }
            reference.push_str(&format!("({part})"));
            tail = &inner[close + 1..];
        }
        found.insert(reference);
    }
    found
}

/// What a filled-in letter must never contain, whatever is missing.
fn problems(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for syntax in ["{", "}", "[[", "]]", "||", "\u{0}", "\u{1}"] {
        if text.contains(syntax) {
            found.push(format!("template syntax {syntax:?} left in"));
        }
    }
    for empty in ["()", "( )", "[]", "\"\"", "\" \"", "''", "“”"] {
        if text.contains(empty) {
            found.push(format!("empty pair {empty:?}"));
        }
    }
    for gap in ["  ", " .", " ,", " :", " ;", ",,", "..", ", .", "\t"] {
        if text.contains(gap) {
            found.push(format!("gap {gap:?}"));
        }
    }
    if text.contains("\n\n\n") {
        found.push("a run of blank lines".into());
    }
    if !text.ends_with('\n') || text.ends_with("\n\n") || text.starts_with('\n') {
        found.push("blank lines at the start or end, or no final newline".into());
    }
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if line.trim() != *line {
            found.push(format!("line {} has spaces at an end", i + 1));
        }
        if line.starts_with("Dear") && !(line.len() > "Dear ,".len() && line.ends_with(',')) {
            found.push(format!("bad greeting {line:?}"));
        }
        if line.ends_with(':') && !lines.get(i + 1).is_some_and(|next| next.starts_with("- ")) {
            found.push(format!("{line:?} introduces a list that is not there"));
        }
    }
    if text.contains("Dear ,") || text.contains("Dear\n") {
        found.push("empty greeting".into());
    }
    found
}

#[test]
fn every_template_loads_and_the_ids_are_the_fixed_ones() {
    for letter in letters::letters() {
        if let Err(e) = letter {
            panic!("{e}");
        }
    }
    let listed: Vec<String> = letters::list().into_iter().map(|l| l.id).collect();
    assert_eq!(listed, IDS);
    for info in letters::list() {
        assert!(!info.title.is_empty() && !info.to.is_empty(), "{}", info.id);
        assert!(letters::exists(&info.id));
    }
    assert!(!letters::exists("withdraw"));
}

#[test]
fn every_letter_reads_cleanly_with_any_details_missing() {
    for id in IDS {
        for given in Given::every_combination() {
            let text = render(id, given);
            let found = problems(&text);
            assert!(
                found.is_empty(),
                "{id} with {given:?}: {found:?}\n---\n{text}"
            );
        }
    }
}

#[test]
fn every_detail_given_is_used_and_none_missing_is_invented() {
    for id in IDS {
        let source = letters::letters()
            .into_iter()
            .flatten()
            .find(|l| l.id == id)
            .expect("letter loads")
            .body_source;
        let full = render(id, Given::all());
        let empty = render(
            id,
            Given {
                bits: 0,
                settings: 0,
            },
        );
        // Each fill-in the template uses shows up when given.
        for (key, value) in [
            ("{name", NAME),
            ("{ni", "QQ 12 34 56 C"),
            ("{provider", PROVIDER),
            ("{adviser", ADVISER),
            ("{email", EMAIL),
            ("{date", DATE),
        ] {
            if source.contains(key) {
                assert!(full.contains(value), "{id}: {key}}} given but not shown");
            }
            assert!(!empty.contains(value), "{id}: {value} shown but not given");
        }
        if source.contains("{site") {
            assert!(full.contains(&format!("{SITE} ({HOST})")), "{id}: site");
        }
        if source.contains("{settings}") {
            for label in &SETTINGS[..2] {
                assert!(full.contains(&format!("\"{label}\"")), "{id}: {label}");
            }
        }
        assert!(full.starts_with(DATE), "{id}: the date comes first");
    }
}

#[test]
fn the_sign_off_carries_the_name_only_when_known() {
    for id in IDS {
        let full = render(id, Given::all());
        // A letter to someone by name ends "Yours sincerely"; one to "Sir or Madam" or
        // to a role ends "Yours faithfully", as UK letters do.
        let by_name = full.contains(&format!("Dear {ADVISER},"));
        let sign_off = if by_name {
            "Yours sincerely,"
        } else {
            "Yours faithfully,"
        };
        assert!(
            full.ends_with(&format!("{sign_off}\n{NAME}\n")),
            "{id}: {full}"
        );
        let nameless = render(
            id,
            Given {
                bits: 0xff & !1,
                settings: 1,
            },
        );
        assert!(nameless.ends_with(&format!("{sign_off}\n")), "{id}");
        // Without the adviser's name, "Dear Sir or Madam" and so "Yours faithfully".
        let to_nobody = render(
            id,
            Given {
                bits: 0xff & !(1 << 3),
                settings: 1,
            },
        );
        if to_nobody.contains("Dear Sir or Madam,") {
            assert!(
                to_nobody.ends_with(&format!("Yours faithfully,\n{NAME}\n")),
                "{id}: {to_nobody}"
            );
        }
    }
}

#[test]
fn each_letter_cites_exactly_the_articles_it_declares() {
    for letter in letters::letters().into_iter().flatten() {
        let declared: BTreeSet<String> = letter.cites.iter().cloned().collect();
        assert_eq!(
            articles_in(&letter.body_source),
            declared,
            "{}: the body's articles differ from its `cites` list",
            letter.id
        );
        // Every citation survives whatever is missing: none hides in an optional part.
        let bare = render(
            &letter.id,
            Given {
                bits: 0,
                settings: 0,
            },
        );
        assert_eq!(articles_in(&bare), declared, "{}", letter.id);
        // References are written out one way, so the check above sees them all.
        for loose in [
            "Art ", "Art.", "Articles", "article ", "Recital", "section ",
        ] {
            assert!(
                !letter.body_source.contains(loose),
                "{}: write references as \"Article N(M)\", found {loose:?}",
                letter.id
            );
        }
        if !declared.is_empty() {
            assert!(bare.contains("UK GDPR"), "{}: name the law", letter.id);
        }
    }
}

#[test]
fn the_articles_cited_are_the_ones_each_purpose_rests_on() {
    let cites = |id: &str| -> BTreeSet<String> {
        letters::letters()
            .into_iter()
            .flatten()
            .find(|l| l.id == id)
            .map(|l| l.cites.into_iter().collect())
            .unwrap_or_default()
    };
    for id in ["withdraw-provider", "withdraw-dwp", "withdraw-site"] {
        assert!(cites(id).contains("Article 7(3)"), "{id}");
    }
    assert!(cites("object-public-task").contains("Article 21(1)"));
    assert!(cites("stop-marketing").contains("Article 21(2)"));
    assert!(cites("stop-marketing").contains("Article 21(3)"));
    assert!(cites("subject-access").contains("Article 15"));
    assert!(render("stop-marketing", Given::all()).contains("PECR"));
}

#[test]
fn the_letters_are_short() {
    for id in IDS {
        let words = word_count(&render(id, Given::all()));
        assert!(
            // A journal message is short by nature.
            (if id == "journal-evidence" { 60 } else { 100 }..280).contains(&words),
            "{id} has {words} words with every detail given"
        );
    }
}

#[test]
fn the_sentences_are_short_and_plain() {
    for id in IDS {
        let text = render(id, Given::all());
        // Sentences: split at full stops and at lines (headings, list items).
        let sentences: Vec<usize> = text
            .lines()
            .flat_map(|l| l.split(". "))
            .map(word_count)
            .filter(|&n| n > 0)
            .collect();
        let longest = sentences.iter().copied().max().unwrap_or(0);
        let average = sentences.iter().sum::<usize>() as f64 / sentences.len() as f64;
        assert!(longest <= 28, "{id}: a sentence of {longest} words");
        assert!(average <= 12.0, "{id}: {average:.1} words a sentence");
        let lower = format!(" {} ", text.to_lowercase().replace(['\n', ',', '.'], " "));
        for latin in [
            " e.g ",
            " eg ",
            " i.e ",
            " ie ",
            " etc ",
            " per ",
            " via ",
            " re: ",
            " re ",
            " hereby ",
            " herein ",
            " aforementioned ",
            " pursuant ",
            " inter alia ",
            " bona fide ",
            " prima facie ",
            " ad hoc ",
            " vis-a-vis ",
            " whilst ",
        ] {
            assert!(!lower.contains(latin), "{id}: plain English, not {latin:?}");
        }
    }
}

/// Issue 18: nine letters said that refusing "is not a failure to take part, and must not
/// be treated as one". Under Universal Credit, DWP may require evidence of work search in
/// a way it specifies (Welfare Reform Act 2012 s.23(3)), so that is not a rule a letter
/// can state. Nor may a letter say an employer "cannot be penalised", or hold back from
/// registering on a site that may already be required.
#[test]
fn issue_18_no_letter_promises_what_the_law_does_not() {
    for id in IDS {
        let text = render(id, Given::all()).to_lowercase();
        for claim in [
            "not a failure to",
            "must not be treated as one",
            "cannot be penalised",
            "not legally required to",
            "i do not give consent for anyone",
            "until i have your answer",
        ] {
            assert!(!text.contains(claim), "{id} says {claim:?}");
        }
    }
}

/// Issue 18: nor may a warning (the rules' wording, shown beside a setting).
#[test]
fn issue_18_no_warning_promises_what_the_law_does_not() {
    let rules = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/rules.toml"))
        .expect("rules/rules.toml")
        .to_lowercase();
    let wording: String = rules
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    for claim in [
        "cannot be penalised",
        "not a failure to",
        "must not be treated as",
    ] {
        assert!(!wording.contains(claim), "rules/rules.toml says {claim:?}");
    }
}

/// Issue 18: what a letter to a provider or DWP says instead: the person is not refusing
/// to take part, will keep looking for work, can show it in other ways, and asks for any
/// requirement in writing, with its rule, before anything is treated as a failure.
#[test]
fn issue_18_letters_to_a_provider_or_dwp_keep_taking_part_and_ask_for_requirements_in_writing() {
    for id in TO_PROVIDER_OR_DWP {
        let text = render(id, Given::all());
        for said in ["take part", "look", "screenshots", "in writing", "rule"] {
            assert!(text.contains(said), "{id}: {said:?}");
        }
    }
    for id in ["withdraw-provider", "withdraw-dwp", "object-public-task"] {
        let text = render(id, Given::all());
        assert!(text.contains("I am not refusing to take part"), "{id}");
        assert!(
            text.contains("before anything is treated as a failure to take part"),
            "{id}"
        );
    }
    for id in TO_SITE {
        let text = render(id, Given::all());
        assert!(text.contains("I am not refusing to use the site"), "{id}");
        assert!(text.contains("in writing"), "{id}");
    }
    // A site already in the Claimant Commitment is used while the questions are answered.
    let text = render("decline-site", Given::all());
    assert!(text.contains("Claimant Commitment") && text.contains("I will then register"));
}

/// Issue 18: every letter to an organisation asks for a reply by a real date, one month on
/// from the letter's own (a week, for the question of whether a site is required), and
/// says "within one month" or the like when the date is not known.
#[test]
fn issue_18_every_letter_to_an_organisation_gives_a_date_to_reply_by() {
    // The ICO sets its own pace, and a journal message is not a request.
    for id in IDS
        .into_iter()
        .filter(|id| !["complain-ico", "journal-evidence"].contains(id))
    {
        let text = render(id, Given::all());
        let by = if id == "decline-site" {
            "by 29 November 2026"
        } else {
            "by 22 December 2026"
        };
        assert!(text.contains(by), "{id}: no {by:?} in\n{text}");
    }
}

/// Issue 18: the employer letter says no more than it must, and warns before it is sent
/// that it tells the employer about the programme.
#[test]
fn issue_18_the_employer_letter_warns_that_it_tells_of_the_programme() {
    let info = letters::list()
        .into_iter()
        .find(|l| l.id == "employer-no-share")
        .unwrap();
    assert!(info
        .to
        .contains("tells them you have been on an employment programme"));
    assert!(info.after.contains("HMRC"));
    let text = render("employer-no-share", Given::all());
    assert!(text.contains("unless the law requires you to"));
}

/// Issue 18: a subject access request names the person as DWP's charter asks (address and
/// date of birth when given), the period to search, and the source of the information;
/// its after-text puts a sanction's mandatory reconsideration first.
#[test]
fn issue_18_subject_access_identifies_the_person_and_puts_reconsideration_first() {
    let text = render("subject-access", Given::all());
    for said in [
        ADDRESS,
        BORN,
        "from the start of my claim",
        "where you got my information",
    ] {
        assert!(text.contains(said), "{said:?} in\n{text}");
    }
    let info = letters::list()
        .into_iter()
        .find(|l| l.id == "subject-access")
        .unwrap();
    assert!(info
        .after
        .starts_with("If you have had a sanction, ask DWP for a mandatory reconsideration first"));
    assert!(info.to.starts_with("DWP"));
}

#[test]
fn where_the_law_is_uncertain_the_letters_ask_in_writing() {
    let text = render("decline-site", Given::all());
    for asked in [
        "put your request in writing",
        "what would happen if I do not register on it or use it",
        "who would have access",
        "DWP would",
        "screenshots",
        "written log",
    ] {
        assert!(text.contains(asked), "decline-site: {asked:?}");
    }
    for id in [
        "withdraw-provider",
        "withdraw-dwp",
        "object-public-task",
        "escalate-dpo",
    ] {
        let text = render(id, Given::all());
        assert!(text.contains("lawful basis"), "{id} asks the basis");
        assert!(text.contains("in writing"), "{id} asks in writing");
        assert!(text.contains("has had access"), "{id} asks who had access");
    }
    // The employer letter asks, and leaves alone what the law requires, without overstating.
    let employer = render("employer-no-share", Given::all());
    assert!(employer.contains("unless the law requires you to"));
    for overstated in ["illegal", "unlawful for you", "you must not", "breach"] {
        assert!(!employer.contains(overstated), "{overstated:?}");
    }
    let access = render("subject-access", Given::all());
    for asked in [
        "free",
        "one month",
        "notes",
        "activity logs",
        "and DWP",
        "sanction",
    ] {
        assert!(access.contains(asked), "subject-access: {asked:?}");
    }
}

#[test]
fn the_advice_note_is_one_line_and_never_inside_a_letter() {
    let note = letters::advice_note();
    assert!(!note.contains('\n'));
    assert!(note.contains("not legal advice"));
    assert!(note.contains("Citizens Advice"));
    assert!(note.contains("welfare rights"));
    for id in IDS {
        for given in [
            Given::all(),
            Given {
                bits: 0,
                settings: 0,
            },
        ] {
            let text = render(id, given);
            assert!(!text.contains("legal advice"), "{id}");
            assert!(
                !text.contains("Untick"),
                "{id}: the letter is the person's own"
            );
        }
    }
}

#[test]
fn an_unknown_id_is_an_error_not_a_letter() {
    let err = letters::render(
        "withdraw-everything",
        &Details::default(),
        &LetterContext::default(),
    );
    assert_eq!(
        err,
        Err(LetterError::UnknownId("withdraw-everything".into()))
    );
    assert!(letters::render("", &Details::default(), &LetterContext::default()).is_err());
}

#[test]
fn one_letter_names_many_settings_once_each_and_caps_the_list() {
    let mut context = LetterContext {
        settings: vec![
            "Share with my adviser".into(),
            "  Share   with my adviser ".into(),
            "".into(),
            "   ".into(),
            "()".into(),
        ],
        ..LetterContext::default()
    };
    let text = letters::render("withdraw-site", &Details::default(), &context).unwrap();
    assert_eq!(
        text.matches("\"Share with my adviser\"").count(),
        1,
        "{text}"
    );
    assert!(text.contains("this setting"), "one setting left: {text}");
    assert!(!text.contains("()"));

    context.settings = (0..500).map(|i| format!("Setting number {i}")).collect();
    let text = letters::render("withdraw-site", &Details::default(), &context).unwrap();
    assert_eq!(text.lines().filter(|l| l.starts_with("- \"")).count(), 20);
    assert!(text.contains("- and 480 more on the same page"), "{text}");
    assert!(problems(&text).is_empty(), "{:?}", problems(&text));
}

#[test]
fn hostile_and_huge_values_are_cut_down_to_plain_text() {
    let huge = "Allow ".repeat(200_000);
    let details = Details {
        name: Some("Sam\nDear Sir,\u{202E}evil {ni} [[x]] ||".into()),
        address: Some("1 High St\n\nDear Sir,".into()),
        date_of_birth: Some("{{date}}".into()),
        situation: Some("x ".repeat(100_000)),
        ni_number: Some("{{{{".into()),
        provider: Some(huge.clone()),
        adviser: Some("\u{0}\u{1}\u{7}".into()),
        account_email: Some("x".repeat(10_000)),
    };
    let context = LetterContext {
        site_name: Some("]]{settings}[[".into()),
        host: Some("\r\n\r\n".into()),
        date: Some("{date}".into()),
        settings: vec![huge, "\"quoted\" label".into(), "a\tb\nc".into()],
    };
    for id in IDS {
        let text = letters::render(id, &details, &context).unwrap();
        assert!(text.len() < 12_000, "{id}: {} bytes", text.len());
        for bad in [
            "{", "}", "[[", "]]", "\u{202E}", "\u{0}", "\u{1}", "\u{7}", "\r", "\t",
        ] {
            assert!(!text.contains(bad), "{id}: {bad:?} in\n{text}");
        }
        assert!(!text.contains("Dear Sir,\u{202E}"));
        assert!(
            !text.lines().any(|l| l == "Dear Sir,evil"),
            "no injected line"
        );
        // The NI number was nothing readable, and the adviser only control characters.
        assert!(!text.contains("National Insurance number:"), "{id}");
        assert!(!text.contains("Dear ,"), "{id}");
    }
    let text = letters::render("withdraw-site", &details, &context).unwrap();
    assert!(text.contains("- \"'quoted' label\""), "{text}");
    assert!(text.contains("- \"a b c\""), "{text}");
    assert!(
        text.contains("Allow Allow") && text.contains("...\""),
        "long label cut"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn render_never_panics_and_never_leaves_syntax(
        strings in proptest::collection::vec(any::<String>(), 12),
        settings in proptest::collection::vec(any::<String>(), 0..30),
        which in 0usize..11,
    ) {
        let details = Details {
            name: Some(strings[0].clone()),
            address: Some(strings[9].clone()),
            date_of_birth: Some(strings[10].clone()),
            situation: Some(strings[11].clone()),
            ni_number: Some(strings[1].clone()),
            provider: Some(strings[2].clone()),
            adviser: Some(strings[3].clone()),
            account_email: Some(strings[4].clone()),
        };
        let context = LetterContext {
            site_name: Some(strings[5].clone()),
            host: Some(strings[6].clone()),
            date: Some(strings[7].clone()),
            settings,
        };
        let text = letters::render(IDS[which], &details, &context).unwrap();
        for bad in ["{", "}", "[[", "]]", "\u{0}", "\u{1}"] {
            prop_assert!(!text.contains(bad));
        }
        prop_assert!(!text.contains("\n\n\n"));
        prop_assert!(!text.contains("Dear ,"));
        let _ = letters::render(&strings[8], &details, &context);
    }
}

#[test]
fn a_report_gives_one_context_per_letter_with_all_its_settings() {
    let finding = |label: &str, letter: &str| Finding {
        category: Category::AdviserAccess,
        recipients: vec![Recipient::Provider],
        control: Control::Checkbox,
        label: label.into(),
        selector: "#x".into(),
        default_on: true,
        locked: false,
        inverted: false,
        severity: Severity::High,
        letter: letter.into(),
        on_now: true,
        reticked: false,
        switch_off: None,
        headline: String::new(),
        summary: String::new(),
        why: String::new(),
    };
    let report = Report {
        url: "https://www.myworksearch.co.uk/settings".into(),
        site: Site {
            host: "www.myworksearch.co.uk".into(),
            known: Some("MyWorkSearch".into()),
        },
        findings: vec![
            finding("Let my adviser see my account", "withdraw-provider"),
            finding("Send me offers", "stop-marketing"),
            finding("Let my adviser see my CV", "withdraw-provider"),
        ],
        checked_in_part: false,
    };
    let context = letters::context_for(&report, "withdraw-provider", Some(DATE.into()));
    assert_eq!(
        context.settings,
        ["Let my adviser see my account", "Let my adviser see my CV"]
    );
    let text = letters::render("withdraw-provider", &Details::default(), &context).unwrap();
    assert!(text.contains("these settings"));
    assert!(text.contains("MyWorkSearch (www.myworksearch.co.uk)"));
    assert!(text.starts_with(DATE));
}

/// The command line keeps the advice note out of the letter: the letter alone goes to
/// standard output or the saved file, the note to standard error.
#[test]
fn the_cli_prints_or_saves_the_letter_alone() {
    use std::process::Command;
    let untick = env!("CARGO_BIN_EXE_untick");
    let args = [
        "letter",
        "withdraw-provider",
        "--name",
        NAME,
        "--site",
        HOST,
        "--setting",
        SETTINGS[0],
        "--setting",
        SETTINGS[1],
        "--date",
        DATE,
    ];
    let out = Command::new(untick).args(args).output().expect("runs");
    assert!(out.status.success());
    let letter = String::from_utf8(out.stdout).unwrap();
    let note = String::from_utf8(out.stderr).unwrap();
    let (details, context) = (
        Details {
            name: Some(NAME.into()),
            ..Details::default()
        },
        LetterContext {
            host: Some(HOST.into()),
            date: Some(DATE.into()),
            settings: SETTINGS[..2].iter().map(|s| s.to_string()).collect(),
            ..LetterContext::default()
        },
    );
    assert_eq!(
        letter,
        letters::render("withdraw-provider", &details, &context).unwrap()
    );
    assert!(!letter.contains(letters::advice_note()));
    assert!(note.contains(letters::advice_note()));

    let saved = std::env::temp_dir().join(format!("untick-letter-{}.txt", std::process::id()));
    let out = Command::new(untick)
        .args(args)
        .arg("--save")
        .arg(&saved)
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(out.stdout.is_empty(), "nothing but the file");
    let file = std::fs::read_to_string(&saved).unwrap();
    let _ = std::fs::remove_file(&saved);
    assert_eq!(file, letter);

    let out = Command::new(untick)
        .args(["letter", "withdraw-all"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("untick letter list"));

    let out = Command::new(untick)
        .args(["letter", "list"])
        .output()
        .expect("runs");
    let listed = String::from_utf8(out.stdout).unwrap();
    let ids: Vec<&str> = listed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(ids, IDS);
}

/// The engine's vocabulary meets the letter library: every category has a letter, and
/// every letter the engine can emit exists here.
#[test]
fn the_engine_and_the_letters_agree() {
    fn as_str<T: AsRef<str> + ?Sized>(t: &T) -> &str {
        t.as_ref()
    }
    let mut emitted = 0;
    for id in untick::rules::letter_ids() {
        let id = as_str(&id).to_string();
        assert!(
            letters::exists(&id),
            "the engine emits '{id}', which is no letter"
        );
        emitted += 1;
    }
    assert!(emitted > 0, "the engine emits no letters");
    for category in Category::ALL {
        let mut mapped = 0;
        for id in untick::rules::letters_for(category) {
            let id = as_str(&id).to_string();
            assert!(letters::exists(&id), "{}: '{id}'", category.as_str());
            mapped += 1;
        }
        assert!(mapped > 0, "{} has no letter", category.as_str());
    }
}

#[test]
fn each_letter_says_what_to_do_once_it_is_sent_naming_only_letters_there_are() {
    let titles: Vec<String> = letters::list().into_iter().map(|l| l.title).collect();
    for info in letters::list() {
        assert!(info.after.contains("Keep "), "{}: {}", info.id, info.after);
        // A letter the person must finish by hand says so before anything else.
        if info.id == "correct-records" {
            assert!(info
                .after
                .starts_with("Before you send it, replace each WRITE IT HERE"));
        }
        // A next step named in quotes is another letter's title, word for word.
        for named in info.after.split('\u{201c}').skip(1) {
            let title = named.split('\u{201d}').next().unwrap_or("");
            assert!(
                titles.iter().any(|t| t == title),
                "{}: names a letter {title:?} that does not exist",
                info.id
            );
        }
    }
}

/// Issue 18: a letter without the details its recipient needs cannot be acted on, and
/// "every one is optional" gave no warning. Each letter names what it needs; the note
/// lists what is missing, and says nothing once all is given.
#[test]
fn issue_18_a_letter_missing_a_needed_detail_says_so() {
    let none = Details::default();
    let note = letters::missing_details_note("subject-access", &none).expect("a note");
    for detail in [
        "your name",
        "your address",
        "your date of birth",
        "your National Insurance number",
    ] {
        assert!(note.contains(detail), "{note}");
    }
    assert!(
        note.contains(" and your National Insurance number to be acted on"),
        "{note}"
    );
    let (all, _) = Given::all().inputs();
    for id in IDS {
        assert_eq!(letters::missing_details_note(id, &all), None, "{id}");
        // A journal message goes from the person's own account.
        assert!(
            id == "journal-evidence" || letters::missing_details_note(id, &none).is_some(),
            "{id} needs at least a name"
        );
    }
    let named = Details {
        name: Some(NAME.into()),
        ..Details::default()
    };
    assert_eq!(
        letters::missing_details_note("withdraw-dwp", &named).as_deref(),
        Some("This letter needs your National Insurance number to be acted on. Add it to your details before you send it, or write it in by hand.")
    );
    assert_eq!(letters::missing_details_note("no-such-letter", &none), None);
}

/// Issue 18: the warnings' own words (rules/rules.toml): no sentence over 25 words, and an
/// objection offered only where the organisation relies on a public task or legitimate
/// interests (Art 21(1)), or for marketing (Art 21(2)).
#[test]
fn issue_18_warnings_are_short_and_offer_an_objection_only_where_it_applies() {
    let file: toml::Table = toml::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/rules.toml")).unwrap(),
    )
    .unwrap();
    let mut wording: Vec<String> = Vec::new();
    let mut take = |table: &toml::Table| {
        for key in ["headline", "why"] {
            if let Some(text) = table.get(key).and_then(|v| v.as_str()) {
                wording.push(text.to_string());
            }
        }
        if let Some(states) = table.get("state_wording").and_then(|v| v.as_table()) {
            wording.extend(states.values().filter_map(|v| v.as_str()).map(String::from));
        }
    };
    for category in file["category"].as_array().unwrap() {
        take(category.as_table().unwrap());
    }
    let states = file["state_wording"].as_table().unwrap().clone();
    wording.extend(states.values().filter_map(|v| v.as_str()).map(String::from));
    assert!(wording.len() > 20, "the wording was found");
    // The first sentence of a state's wording is shown before "Why?" (issue 17): no law
    // in it.
    let mut state_texts: Vec<&str> = states.values().filter_map(|v| v.as_str()).collect();
    for category in file["category"].as_array().unwrap() {
        if let Some(own) = category.get("state_wording").and_then(|v| v.as_table()) {
            state_texts.extend(own.values().filter_map(|v| v.as_str()));
        }
    }
    for text in state_texts {
        let first = text.split(". ").next().unwrap_or("");
        assert!(
            !first.contains("Art") && !first.contains("Recital"),
            "law before \"Why?\": {first:?}"
        );
    }
    for text in &wording {
        for sentence in text.split(['.', '?', ';']) {
            let words = sentence.split_whitespace().count();
            assert!(words <= 25, "{words} words: {sentence:?}");
        }
        if text.contains("object") && text.contains("Art 21") {
            assert!(
                text.contains("public task or legitimate interests") || text.contains("marketing"),
                "an objection offered where it may not apply: {text:?}"
            );
        }
    }
}

/// Issue 18: an objection should give the person's own grounds (Art 21(1)). A sentence on
/// their situation, when given, takes the place of the general reason.
#[test]
fn issue_18_an_objection_gives_the_persons_own_situation_when_known() {
    for id in ["withdraw-provider", "withdraw-dwp", "object-public-task"] {
        let with = render(id, Given::all());
        assert!(with.contains(SITUATION), "{id}");
        assert!(!with.contains("I was not given a real choice"), "{id}");
        let without = render(
            id,
            Given {
                bits: 0x3ff,
                settings: 1,
            },
        );
        assert!(without.contains("I was not given a real choice"), "{id}");
    }
}
