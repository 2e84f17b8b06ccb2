//! A bounded fuzz driver (issue 16): pages and snapshots made by mutating the fixture
//! pages and splicing in the markup and characters hostile pages use, run through every
//! entry point a page's content reaches. It holds that nothing panics (in the extension a
//! panic traps the WebAssembly module), that reports stay within their bounds, and that
//! the snapshot front-end decides as the HTML one on the same tree (a saved page audited
//! by an adviser, and the same page live in the extension). That last found four ways the
//! two differed on broken markup, all fixed: an unclosed `<template>`, a comment between
//! two texts, ids counted in nodes taken out of the tree, and `<noscript>` read as markup
//! before parsing. `UNTICK_FUZZ_DIFFERENTIAL=0` leaves it out.
//!
//! `make test` runs it for a few seconds. For a longer run:
//!
//! ```text
//! UNTICK_FUZZ_INPUTS=10000000 cargo test --release --test fuzz -- --nocapture
//! ```
//!
//! `UNTICK_FUZZ_SEED` repeats a run; a failing input is written to the temporary folder
//! and named in the failure.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

use common::entry_points::{run_one, Rng};
use scraper::Html;

/// What hostile pages splice in: markup that reaches the detection code, characters
/// that disguise words, and shapes that cost parsers dearly.
const SPLICES: &[&str] = &[
    "<label>",
    "</label>",
    "<input type=checkbox checked>",
    "<input type=radio name=r value=yes checked>",
    "<input type=hidden name=allowAdviserAccess value=1>",
    "<select><option selected>Visible to all employers<option>Only me</select>",
    "<button role=switch aria-checked=true aria-labelledby='x y'>",
    "<span id=x>Share my CV with recruiters</span>",
    "<fieldset><legend>Can your adviser see your CV?</legend>",
    "</fieldset>",
    "Your work coach can see everything you do on this site. ",
    "Let my adviser see my job search. ",
    "<p>",
    "</div>",
    "<table><tr><td>",
    "<template>",
    "<svg><foreignObject>",
    "<untick-warning>",
    "<script>",
    "<!--",
    "<wbr>",
    "\u{200B}",
    "\u{00AD}",
    "\u{FEFF}",
    "\u{202E}",
    "\u{0430}",
    "\u{FF41}",
    "&#0;",
    "&amp",
    "\0",
    " data-untick-now=off",
    " data-untick-user=off",
    " aria-labelledby=",
    " for=",
    " id=",
    "\"",
    "'",
    ">",
    "<",
];

/// The markup hostile pages repeat to make work: deep nesting, many attributes, long labels.
fn grown(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => "<div>".repeat(rng.below(600)),
        1 => {
            let n = rng.below(800);
            let attrs: String = (0..n).map(|i| format!(" a{i}=\"{i}\"")).collect();
            format!("<span{attrs}>")
        }
        2 => "adviser ".repeat(rng.below(5_000)),
        _ => "<input type=checkbox checked>".repeat(rng.below(300)),
    }
}

/// One input: a fixture page changed a few ways.
fn mutate(rng: &mut Rng, pages: &[String]) -> String {
    let mut page = rng.pick(pages).clone();
    for _ in 0..1 + rng.below(6) {
        let at = floor_boundary(&page, rng.below(page.len() + 1));
        match rng.below(6) {
            0 | 1 => {
                let splice: &&str = rng.pick(SPLICES);
                page.insert_str(at, splice)
            }
            2 => {
                let end = floor_boundary(&page, at + rng.below(200));
                page.replace_range(at..end.max(at), "");
            }
            3 => {
                let other = rng.pick(pages);
                let from = floor_boundary(other, rng.below(other.len() + 1));
                let to = floor_boundary(other, from + rng.below(400));
                page.insert_str(at, &other[from..to.max(from)]);
            }
            4 => page.insert_str(at, &grown(rng)),
            _ => page.truncate(at),
        }
    }
    page
}

fn floor_boundary(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[test]
fn issue_16_mutated_pages_and_snapshots_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages");
    let mut pages: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/pages")
        .filter_map(|e| {
            let path = e.ok()?.path();
            (path.extension()? == "html").then(|| std::fs::read_to_string(path).ok())?
        })
        .collect();
    pages.sort();
    assert!(pages.len() > 50, "fixture pages found");
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    let seed = env("UNTICK_FUZZ_SEED").unwrap_or(0x5EED_0FC0_FFEE);
    // By default a few seconds; a count of inputs when one is asked for.
    let inputs = env("UNTICK_FUZZ_INPUTS");
    let budget = Duration::from_secs(env("UNTICK_FUZZ_SECONDS").unwrap_or(5));
    let urls = [
        "https://www.myworksearch.co.uk/register",
        "https://example.org/",
        "",
        "not a url",
    ];
    let mut rng = Rng(seed | 1);
    let began = Instant::now();
    let mut done: u64 = 0;
    while inputs.map_or(began.elapsed() < budget, |n| done < n) {
        let page = mutate(&mut rng, &pages);
        let url = *rng.pick(&urls);
        let state = rng.0;
        let outcome = catch_unwind(AssertUnwindSafe(|| run_one(&mut Rng(state), &page, url)));
        rng.next();
        if let Err(panic) = outcome {
            let saved = std::env::temp_dir().join(format!("untick-fuzz-{seed}-{done}.html"));
            let _ = std::fs::write(&saved, &page);
            let why = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!(
                "input {done} (seed {seed}, url {url:?}) failed: {why}\nthe page is in {}",
                saved.display()
            );
        }
        done += 1;
        if done % 100_000 == 0 {
            println!("fuzz: {done} inputs so far, seed {seed}");
        }
    }
    let secs = began.elapsed().as_secs_f64();
    println!(
        "fuzz: {done} inputs in {secs:.1} s ({:.0} a second), seed {seed}",
        done as f64 / secs
    );
}

/// Where the two front-ends' trees of one saved page first differ (set UNTICK_FUZZ_PAGE).
#[test]
#[ignore]
fn show_where_the_trees_differ() {
    let Ok(path) = std::env::var("UNTICK_FUZZ_PAGE") else {
        return;
    };
    let page = std::fs::read_to_string(path).unwrap();
    let parsed = Html::parse_document(&page);
    let snap = common::page_snapshot(&parsed);
    let rebuilt = untick::engine::snapshot::tree_from_snapshot(&snap, false)
        .unwrap()
        .html;
    let shape = |h: &Html| -> Vec<String> {
        h.tree
            .root()
            .descendants()
            .map(|n| match n.value() {
                scraper::Node::Element(e) => format!("{}<{}>", n.ancestors().count(), e.name()),
                scraper::Node::Text(t) => format!(
                    "{}'{}'",
                    n.ancestors().count(),
                    &t.text.chars().take(40).collect::<String>()
                ),
                _ => String::new(),
            })
            .filter(|s| !s.is_empty())
            .collect()
    };
    let (a, b) = (shape(&parsed), shape(&rebuilt));
    let at = a
        .iter()
        .zip(&b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    println!(
        "first difference at {at}:\nparsed:   {:?}\nsnapshot: {:?}",
        &a[at.saturating_sub(3)..(at + 4).min(a.len())],
        &b[at.saturating_sub(3)..(at + 4).min(b.len())]
    );
}
