//! Scores the engine against the fixture corpus in tests/fixtures/pages/.
//!
//! Each page NAME.html has NAME.expected.json beside it (format: tests/fixtures/README.md).
//! Expected and reported selectors are both resolved against the same parsed page, so a
//! finding counts only when it points at the very element the expectation names.
//! The test prints every miss and extra, overall and per-category precision and recall,
//! and fails under 0.98 on either (issue 19's target for these pages), or when the corpus itself is malformed.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

const MIN_PAGES: usize = 40;
const MIN_SCORE: f64 = 0.98;

const CATEGORIES: [&str; 6] = [
    "adviser_access",
    "employer_contact",
    "public_profile",
    "third_party_sharing",
    "marketing",
    "bundled_consent",
];
const CONTROLS: [&str; 6] = [
    "checkbox",
    "radio",
    "select",
    "switch",
    "hidden",
    "statement",
];
const RECIPIENTS: [&str; 5] = ["provider", "dwp", "employer", "third_party", "public"];

/// tests/fixtures/pages, or the folder `UNTICK_CORPUS_DIR` names (for scoring another
/// set once, such as the held-out pages in tests/fixtures/heldout).
fn pages_dir() -> PathBuf {
    match std::env::var_os("UNTICK_CORPUS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages"),
    }
}

#[derive(Debug)]
struct Expected {
    selector: String,
    category: String,
    control: String,
    locked: bool,
    inverted: bool,
    recipients: Option<Vec<String>>,
}

#[derive(Debug)]
struct Page {
    name: String,
    html: String,
    url: String,
    expected: Vec<Expected>,
}

/// Reads NAME.expected.json strictly: a corpus mistake must fail the test, not skew it.
fn parse_expectation(text: &str) -> Result<(String, Vec<Expected>), String> {
    let root: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let obj = root.as_object().ok_or("top level is not an object")?;
    for key in obj.keys() {
        if !["url", "findings", "note"].contains(&key.as_str()) {
            return Err(format!("unknown key {key:?}"));
        }
    }
    let url = obj
        .get("url")
        .and_then(Value::as_str)
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .ok_or("\"url\" must be an http(s) URL string")?
        .to_string();
    obj.get("note")
        .and_then(Value::as_str)
        .filter(|n| !n.trim().is_empty())
        .ok_or("\"note\" must be a non-empty string")?;
    let findings = obj
        .get("findings")
        .and_then(Value::as_array)
        .ok_or("\"findings\" must be an array")?;
    let mut expected = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        let f = f
            .as_object()
            .ok_or(format!("findings[{i}] is not an object"))?;
        for key in f.keys() {
            if ![
                "selector",
                "category",
                "control",
                "locked",
                "inverted",
                "recipients",
            ]
            .contains(&key.as_str())
            {
                return Err(format!("findings[{i}]: unknown key {key:?}"));
            }
        }
        let string = |key: &str, allowed: &[&str]| -> Result<String, String> {
            let v = f
                .get(key)
                .and_then(Value::as_str)
                .ok_or(format!("findings[{i}].{key} must be a string"))?;
            if !allowed.is_empty() && !allowed.contains(&v) {
                return Err(format!(
                    "findings[{i}].{key}: {v:?} is not one of {allowed:?}"
                ));
            }
            Ok(v.to_string())
        };
        let boolean = |key: &str| -> Result<bool, String> {
            f.get(key)
                .and_then(Value::as_bool)
                .ok_or(format!("findings[{i}].{key} must be true or false"))
        };
        let recipients = match f.get("recipients") {
            None => None,
            Some(v) => {
                let list = v
                    .as_array()
                    .ok_or(format!("findings[{i}].recipients must be an array"))?;
                let mut out = Vec::new();
                for r in list {
                    let r = r
                        .as_str()
                        .filter(|r| RECIPIENTS.contains(r))
                        .ok_or(format!(
                            "findings[{i}].recipients: {r} is not one of {RECIPIENTS:?}"
                        ))?;
                    out.push(r.to_string());
                }
                Some(out)
            }
        };
        expected.push(Expected {
            selector: string("selector", &[])?,
            category: string("category", &CATEGORIES)?,
            control: string("control", &CONTROLS)?,
            locked: boolean("locked")?,
            inverted: boolean("inverted")?,
            recipients,
        });
    }
    Ok((url, expected))
}

fn load_corpus() -> (Vec<Page>, Vec<String>) {
    let mut pages = Vec::new();
    let mut errors = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(pages_dir())
        .expect("tests/fixtures/pages exists")
        .map(|e| e.expect("readable directory entry").path())
        .collect();
    entries.sort();
    for path in &entries {
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        if let Some(name) = file.strip_suffix(".expected.json") {
            if !pages_dir().join(format!("{name}.html")).exists() {
                errors.push(format!("{file}: no {name}.html beside it"));
            }
            continue;
        }
        let Some(name) = file.strip_suffix(".html") else {
            errors.push(format!(
                "{file}: not a page (.html) or expectation (.expected.json)"
            ));
            continue;
        };
        let html = match std::fs::read_to_string(path) {
            Ok(h) => h,
            Err(e) => {
                errors.push(format!("{file}: unreadable: {e}"));
                continue;
            }
        };
        let exp_path = pages_dir().join(format!("{name}.expected.json"));
        let text = match std::fs::read_to_string(&exp_path) {
            Ok(t) => t,
            Err(e) => {
                errors.push(format!("{name}.expected.json: {e}"));
                continue;
            }
        };
        match parse_expectation(&text) {
            Ok((url, expected)) => pages.push(Page {
                name: name.to_string(),
                html,
                url,
                expected,
            }),
            Err(e) => errors.push(format!("{name}.expected.json: {e}")),
        }
    }
    (pages, errors)
}

/// The one element a selector picks, or why it does not pick exactly one.
/// Two `ElementRef`s of the same document are equal when they are the same node.
fn resolve<'a>(doc: &'a Html, selector: &str) -> Result<ElementRef<'a>, String> {
    let parsed = Selector::parse(selector).map_err(|e| format!("unparsable selector: {e:?}"))?;
    let hits: Vec<ElementRef<'a>> = doc.select(&parsed).collect();
    match hits.as_slice() {
        [one] => Ok(*one),
        [] => Err("matches no element".to_string()),
        many => Err(format!("matches {} elements", many.len())),
    }
}

fn json_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        1.0
    } else {
        num as f64 / den as f64
    }
}

fn short(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        flat.chars().take(max).collect::<String>() + "..."
    }
}

#[derive(Default, Clone, Copy)]
struct Tally {
    tp: usize,
    fp: usize,
    fn_: usize,
}

#[test]
fn corpus_precision_and_recall() {
    let (pages, mut errors) = load_corpus();
    if pages.len() < MIN_PAGES {
        errors.push(format!(
            "corpus has {} pages; at least {MIN_PAGES} are required",
            pages.len()
        ));
    }

    let mut overall = Tally::default();
    let mut by_category: BTreeMap<String, Tally> = CATEGORIES
        .iter()
        .map(|c| (c.to_string(), Tally::default()))
        .collect();
    let mut table = String::new();
    let mut contract_errors = Vec::new();

    for page in &pages {
        let doc = Html::parse_document(&page.html);

        // Expectations are validated first: each must pick exactly one element.
        let mut expected_nodes = Vec::new();
        for exp in &page.expected {
            match resolve(&doc, &exp.selector) {
                Ok(node) => {
                    let twice = page
                        .expected
                        .iter()
                        .zip(&expected_nodes)
                        .any(|(other, seen)| *seen == Some(node) && other.category == exp.category);
                    if twice {
                        errors.push(format!(
                            "{}.expected.json: {:?} is expected twice as {}",
                            page.name, exp.selector, exp.category
                        ));
                    }
                    expected_nodes.push(Some(node));
                }
                Err(why) => {
                    errors.push(format!(
                        "{}.expected.json: selector {:?} {why}",
                        page.name, exp.selector
                    ));
                    expected_nodes.push(None);
                }
            }
        }

        let report = untick::audit(&page.html, &page.url);
        let mut matched = vec![false; page.expected.len()];
        let mut lines = Vec::new();

        for finding in &report.findings {
            let category = finding.category.as_str().to_string();
            let control = json_name(&finding.control);
            let recipients: Vec<String> = finding.recipients.iter().map(json_name).collect();
            for (field, empty) in [
                ("label", finding.label.trim().is_empty()),
                ("headline", finding.headline.trim().is_empty()),
                ("why", finding.why.trim().is_empty()),
                ("letter", finding.letter.trim().is_empty()),
            ] {
                if empty {
                    contract_errors.push(format!(
                        "{}: finding {:?} has an empty {field}",
                        page.name, finding.selector
                    ));
                }
            }
            if !finding.default_on {
                contract_errors.push(format!(
                    "{}: finding {:?} has default_on false",
                    page.name, finding.selector
                ));
            }

            let node = resolve(&doc, &finding.selector);
            let hit = node.as_ref().ok().and_then(|node| {
                page.expected.iter().enumerate().position(|(i, exp)| {
                    !matched[i]
                        && expected_nodes[i] == Some(*node)
                        && exp.category == category
                        && exp.control == control
                        && exp.locked == finding.locked
                        && exp.inverted == finding.inverted
                        && exp
                            .recipients
                            .as_ref()
                            .map_or(true, |want| want.iter().all(|r| recipients.contains(r)))
                })
            });
            let tally = by_category.get_mut(&category).expect("known category");
            match hit {
                Some(i) => {
                    matched[i] = true;
                    overall.tp += 1;
                    tally.tp += 1;
                }
                None => {
                    overall.fp += 1;
                    tally.fp += 1;
                    let place = match &node {
                        Ok(_) => String::new(),
                        Err(why) => format!(" (selector {why})"),
                    };
                    lines.push(format!(
                        "  extra  {category}/{control} locked={} inverted={} recipients={recipients:?} at {}{place}\n         label: {}",
                        finding.locked,
                        finding.inverted,
                        finding.selector,
                        short(&finding.label, 110)
                    ));
                }
            }
        }

        for (i, exp) in page.expected.iter().enumerate() {
            if matched[i] {
                continue;
            }
            overall.fn_ += 1;
            by_category
                .get_mut(&exp.category)
                .expect("known category")
                .fn_ += 1;
            lines.push(format!(
                "  miss   {}/{} locked={} inverted={} at {}",
                exp.category, exp.control, exp.locked, exp.inverted, exp.selector
            ));
        }

        if !lines.is_empty() {
            let _ = writeln!(table, "{} ({})", page.name, page.url);
            for line in lines {
                let _ = writeln!(table, "{line}");
            }
        }
    }

    let precision = ratio(overall.tp, overall.tp + overall.fp);
    let recall = ratio(overall.tp, overall.tp + overall.fn_);
    let expected_total: usize = pages.iter().map(|p| p.expected.len()).sum();
    let benign = pages.iter().filter(|p| p.expected.is_empty()).count();

    println!("\n== Corpus: misses and extras per page ==");
    if table.is_empty() {
        println!("(none)");
    } else {
        print!("{table}");
    }
    println!("\n== Per category ==");
    println!(
        "{:<22} {:>4} {:>4} {:>4} {:>9} {:>7}",
        "category", "tp", "fp", "fn", "precision", "recall"
    );
    for (category, t) in &by_category {
        println!(
            "{:<22} {:>4} {:>4} {:>4} {:>9.3} {:>7.3}",
            category,
            t.tp,
            t.fp,
            t.fn_,
            ratio(t.tp, t.tp + t.fp),
            ratio(t.tp, t.tp + t.fn_)
        );
    }
    println!(
        "\n== Overall: {} pages ({} with nothing to flag), {} expected findings ==",
        pages.len(),
        benign,
        expected_total
    );
    println!(
        "tp {} fp {} fn {}  precision {:.3}  recall {:.3}",
        overall.tp, overall.fp, overall.fn_, precision, recall
    );

    assert!(
        errors.is_empty(),
        "the corpus itself is malformed:\n{}",
        errors.join("\n")
    );
    assert!(
        contract_errors.is_empty(),
        "findings break the output contract:\n{}",
        contract_errors.join("\n")
    );
    assert!(
        precision >= MIN_SCORE && recall >= MIN_SCORE,
        "precision {precision:.3} and recall {recall:.3} must both be at least {MIN_SCORE}"
    );
}
