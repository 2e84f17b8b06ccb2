//! Issue 19: the engine scored on real wording (tests/fixtures/wording/sentences.toml:
//! sentences and labels from real privacy notices, DWP guidance, FOI replies and job
//! boards, each with its source and an adviser's verdict, collected without reading the
//! rules). A statement is audited alone in a paragraph; a label on a box that is ticked
//! when the page arrives.
//!
//! The set is split in two by position: misses are printed for the even entries only
//! (the half a rule change may be checked against), so that the odd half stays a fair
//! check of wording nobody tuned on. Both halves are scored.
//!
//! `cargo test --test wording -- --nocapture` prints the scores.

use std::collections::BTreeMap;

use serde::Deserialize;
use untick::{audit, Category};

#[derive(Deserialize)]
struct Set {
    entry: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    kind: String,
    text: String,
    verdict: String,
    #[serde(default)]
    #[allow(dead_code)]
    recipients: Vec<String>,
    source: String,
    #[serde(default)]
    #[allow(dead_code)]
    note: String,
}

const URL: &str = "https://portal.example-programme.co.uk/account";

/// Escapes text for an HTML page.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The category the engine reads the entry as, or "none".
fn read(entry: &Entry) -> String {
    let text = escape(&entry.text);
    let body = match entry.kind.as_str() {
        "statement" => format!("<p>{text}</p>"),
        "label" => format!(
            "<form><input type=\"checkbox\" id=\"c\" checked><label for=\"c\">{text}</label></form>"
        ),
        other => panic!("entry kind {other:?} is neither statement nor label"),
    };
    let page = format!("<!DOCTYPE html><html><head><title>Account</title></head><body><main>{body}</main></body></html>");
    let found = audit(&page, URL).findings;
    found
        .first()
        .map_or_else(|| "none".to_string(), |f| f.category.as_str().to_string())
}

#[derive(Default, Clone, Copy)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Score {
    fn precision(self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    fn recall(self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
}

fn score(entries: &[(usize, &Entry, String)]) -> (Score, BTreeMap<String, Score>) {
    let mut overall = Score::default();
    let mut per: BTreeMap<String, Score> = BTreeMap::new();
    for (_, e, got) in entries {
        let want = &e.verdict;
        if want == got {
            if want != "none" {
                overall.tp += 1;
                per.entry(want.clone()).or_default().tp += 1;
            }
            continue;
        }
        if want != "none" {
            overall.fn_ += 1;
            per.entry(want.clone()).or_default().fn_ += 1;
        }
        if got != "none" {
            overall.fp += 1;
            per.entry(got.clone()).or_default().fp += 1;
        }
    }
    (overall, per)
}

fn print(name: &str, (overall, per): &(Score, BTreeMap<String, Score>)) {
    println!("\n== {name} ==");
    println!(
        "{:<22} {:>4} {:>4} {:>4} {:>9} {:>7}",
        "category", "tp", "fp", "fn", "precision", "recall"
    );
    for (c, s) in per {
        println!(
            "{c:<22} {:>4} {:>4} {:>4} {:>9.3} {:>7.3}",
            s.tp,
            s.fp,
            s.fn_,
            s.precision(),
            s.recall()
        );
    }
    println!(
        "{:<22} {:>4} {:>4} {:>4} {:>9.3} {:>7.3}",
        "overall",
        overall.tp,
        overall.fp,
        overall.fn_,
        overall.precision(),
        overall.recall()
    );
}

#[test]
fn issue_19_real_wording_precision_and_recall() {
    let source = std::fs::read_to_string("tests/fixtures/wording/sentences.toml")
        .expect("tests/fixtures/wording/sentences.toml");
    let set: Set = toml::from_str(&source).expect("the wording set is valid TOML");
    assert!(
        set.entry.len() >= 300,
        "the set must hold at least 300 entries"
    );
    let known: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
    for e in &set.entry {
        assert!(
            e.verdict == "none" || known.contains(&e.verdict.as_str()),
            "unknown verdict {:?} for {:?}",
            e.verdict,
            e.text
        );
        assert!(e.source.starts_with("http"), "no source for {:?}", e.text);
    }
    let read: Vec<(usize, &Entry, String)> = set
        .entry
        .iter()
        .enumerate()
        .map(|(i, e)| (i, e, read(e)))
        .collect();
    println!("\n== Misses and extras, even entries only ==");
    for (i, e, got) in read.iter().filter(|(i, _, _)| i % 2 == 0) {
        if *got != e.verdict {
            println!(
                "#{i:<3} {:<9} want {:<20} got {:<20} {}",
                e.kind, e.verdict, got, e.text
            );
        }
    }
    let all = score(&read);
    let even: Vec<_> = read
        .iter()
        .filter(|(i, _, _)| i % 2 == 0)
        .cloned()
        .collect();
    let odd: Vec<_> = read
        .iter()
        .filter(|(i, _, _)| i % 2 == 1)
        .cloned()
        .collect();
    print("even entries (misses shown above)", &score(&even));
    print("odd entries (misses never shown)", &score(&odd));
    print(&format!("all {} entries", read.len()), &all);
    // A floor under today's measured score, so that a change that loses ground fails;
    // the issue's target is 0.95 for both (see BENCHMARKS.md for where it stands).
    let (overall, _) = all;
    assert!(
        overall.precision() >= PRECISION_FLOOR && overall.recall() >= RECALL_FLOOR,
        "precision {:.3} (floor {PRECISION_FLOOR}) recall {:.3} (floor {RECALL_FLOOR})",
        overall.precision(),
        overall.recall()
    );
}

const PRECISION_FLOOR: f64 = 0.60;
const RECALL_FLOOR: f64 = 0.23;
