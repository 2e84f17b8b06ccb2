//! The extension's snapshot path (`audit_snapshot`: the browser's tree as JSON) decides
//! exactly as the HTML path (`audit`: the page parsed here) for every fixture page, and
//! refuses or bounds bad snapshots without panicking.

use std::path::Path;
use std::time::{Duration, Instant};

mod common;

use common::{fragment_snapshot, page_snapshot};
use proptest::prelude::*;
use scraper::Html;
use serde_json::{json, Value};
use untick::{audit, audit_fragment, audit_snapshot, Report, SnapshotError};

fn as_json(report: &Report) -> Value {
    serde_json::to_value(report).expect("reports serialise")
}

struct Fixture {
    name: String,
    html: String,
    url: String,
}

fn fixtures() -> Vec<Fixture> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/pages exists")
        .filter_map(|e| {
            let file = e.ok()?.file_name().to_string_lossy().to_string();
            file.strip_suffix(".html").map(str::to_string)
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let html = std::fs::read_to_string(dir.join(format!("{name}.html"))).expect("page");
            let expected: Value = serde_json::from_str(
                &std::fs::read_to_string(dir.join(format!("{name}.expected.json")))
                    .expect("expectation"),
            )
            .expect("expectation is JSON");
            let url = expected["url"].as_str().expect("url").to_string();
            Fixture { name, html, url }
        })
        .collect()
}

#[test]
fn every_fixture_page_gets_the_same_findings_from_its_snapshot() {
    let pages = fixtures();
    assert!(pages.len() > 50, "fixture corpus found");
    let mut with_findings = 0;
    for page in &pages {
        let parsed = Html::parse_document(&page.html);
        let from_html = audit(&page.html, &page.url);
        let from_snapshot = audit_snapshot(&page_snapshot(&parsed), &page.url, false)
            .unwrap_or_else(|e| panic!("{}: {e}", page.name));
        assert_eq!(
            as_json(&from_snapshot),
            as_json(&from_html),
            "{}: snapshot and HTML disagree",
            page.name
        );
        with_findings += usize::from(!from_html.findings.is_empty());
    }
    // The comparison means something only if pages have findings to disagree on.
    assert!(
        with_findings > 30,
        "only {with_findings} pages with findings"
    );
}

#[test]
fn every_fixture_page_as_a_fragment_gets_the_same_findings_from_its_snapshot() {
    for page in fixtures() {
        let parsed = Html::parse_fragment(&page.html);
        let from_html = audit_fragment(&page.html, &page.url);
        let from_snapshot = audit_snapshot(&fragment_snapshot(&parsed), &page.url, true)
            .unwrap_or_else(|e| panic!("{}: {e}", page.name));
        assert_eq!(
            as_json(&from_snapshot),
            as_json(&from_html),
            "{}: fragment snapshot and HTML disagree",
            page.name
        );
        for finding in &from_snapshot.findings {
            assert!(
                finding.selector.starts_with(":scope > "),
                "{}",
                finding.selector
            );
        }
    }
}

#[test]
fn a_new_part_of_a_page_is_audited_against_its_parent() {
    // The content script sends the added element as the only child of the snapshot's root
    // (the element's parent), so selectors name it as `:scope`'s first of its type.
    let snap = json!([
        [-1, "div", ["class", "step-2"]],
        [0, "label", []],
        [1, "input", ["type", "checkbox", "checked", ""]],
        [
            1,
            "#text",
            "Let your work coach see your job search activity"
        ],
    ])
    .to_string();
    let report = audit_snapshot(&snap, "https://example.org/register", true).expect("valid");
    let selectors: Vec<&str> = report
        .findings
        .iter()
        .map(|f| f.selector.as_str())
        .collect();
    assert_eq!(
        selectors,
        [":scope > div:nth-of-type(1) > label:nth-of-type(1) > input:nth-of-type(1)"]
    );
    // The same piece, after the person switched it off, is no longer on now.
    let switched_off = json!([
        [-1, "div", ["class", "step-2"]],
        [0, "label", []],
        [
            1,
            "input",
            [
                "type",
                "checkbox",
                "checked",
                "",
                "data-untick-now",
                "off",
                "data-untick-user",
                "off"
            ]
        ],
        [
            1,
            "#text",
            "Let your work coach see your job search activity"
        ],
    ])
    .to_string();
    let report = audit_snapshot(&switched_off, "https://example.org/register", true).expect("ok");
    assert_eq!(report.findings.len(), 1);
    assert!(!report.findings[0].on_now);
}

#[test]
fn bad_snapshots_are_errors() {
    let url = "https://example.org/";
    assert!(matches!(
        audit_snapshot("<html><body>", url, false),
        Err(SnapshotError::Malformed(_))
    ));
    assert!(matches!(
        audit_snapshot(r#"{"nodes": []}"#, url, false),
        Err(SnapshotError::Malformed(_))
    ));
    // A parent after its child, and a parent that does not exist.
    assert!(matches!(
        audit_snapshot(r#"[[1,"div",[]],[-1,"div",[]]]"#, url, false),
        Err(SnapshotError::BadParent { index: 0 })
    ));
    assert!(matches!(
        audit_snapshot(r#"[[-1,"div",[]],[7,"p",[]]]"#, url, false),
        Err(SnapshotError::BadParent { index: 1 })
    ));
    assert!(matches!(
        audit_snapshot(
            r#"[[-1,"div",[]],[0,"p",[]],[0,"p",[]],[1,"i",[]],[4,"b",[]]]"#,
            url,
            false
        ),
        Err(SnapshotError::BadParent { index: 4 })
    ));
    // Text has no children.
    assert!(matches!(
        audit_snapshot(r##"[[-1,"#text","x"],[0,"input",[]]]"##, url, true),
        Err(SnapshotError::BadParent { index: 1 })
    ));
}

/// Issue 16: a page too big to check in full is checked as far as the bound, and says so,
/// rather than refused with nothing to tell the person.
#[test]
fn issue_16_a_snapshot_with_too_many_nodes_is_checked_in_part() {
    use untick::engine::snapshot::MAX_NODES;
    // A sharing box first, then filler up to `count` nodes in all.
    let snapshot_of = |count: usize| {
        let form = r##"[-1,"html",[]],[0,"body",[]],[1,"label",[]],[2,"input",["type","checkbox","checked",""]],[2,"#text","Let my adviser see my job search activity"]"##;
        let mut snap = String::with_capacity(count * 16);
        snap.push('[');
        snap.push_str(form);
        for _ in 5..count {
            snap.push_str(r##",[1,"#text","x"]"##);
        }
        snap.push(']');
        snap
    };
    let url = "https://example.org/";
    let whole = audit_snapshot(&snapshot_of(MAX_NODES), url, false).expect("audited");
    assert_eq!(whole.findings.len(), 1);
    assert!(!whole.checked_in_part);
    let json = serde_json::to_value(&whole).unwrap();
    assert!(
        json.get("checked_in_part").is_none(),
        "left out when false: {json}"
    );

    let part = audit_snapshot(&snapshot_of(MAX_NODES + 1), url, false).expect("audited");
    assert_eq!(part.findings.len(), 1, "the first part is still checked");
    assert!(part.checked_in_part);
    let json = serde_json::to_value(&part).unwrap();
    assert_eq!(json["checked_in_part"], true);
    // Malformed past the bound is still malformed JSON.
    let broken = snapshot_of(MAX_NODES + 2).replace("]]", "]");
    assert!(matches!(
        audit_snapshot(&broken, url, false),
        Err(SnapshotError::Malformed(_))
    ));
}

#[test]
fn very_deep_nesting_is_bounded() {
    let levels = 100_000;
    let mut nodes: Vec<Value> = vec![json!([-1, "html", []]), json!([0, "body", []])];
    for i in 0..levels {
        nodes.push(json!([i + 1, "div", []]));
    }
    let innermost = levels + 1;
    nodes.push(json!([innermost, "label", []]));
    nodes.push(json!([
        innermost + 1,
        "input",
        ["type", "checkbox", "checked", ""]
    ]));
    nodes.push(json!([
        innermost + 1,
        "#text",
        "Share my CV with my work coach"
    ]));
    let snap = Value::Array(nodes).to_string();
    let began = Instant::now();
    let report = audit_snapshot(&snap, "https://example.org/", false).expect("valid");
    assert!(
        began.elapsed() < Duration::from_secs(20),
        "{:?}",
        began.elapsed()
    );
    assert!(report.findings.len() <= untick::engine::MAX_FINDINGS);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any list of nodes, well formed or not, gives a report or an error, never a panic.
    #[test]
    fn arbitrary_snapshots_never_panic(
        nodes in prop::collection::vec(
            (
                -2i64..40,
                prop::sample::select(vec![
                    "#text", "div", "label", "input", "fieldset", "legend", "select", "option",
                    "p", "html", "body", "", "#comment", "untick-warning",
                ]),
                prop::collection::vec(
                    prop::sample::select(vec![
                        "type", "checkbox", "checked", "id", "x", "for", "role", "switch",
                        "aria-checked", "true", "data-untick-now", "off", "name", "share",
                    ]),
                    0..6,
                ),
                "[a-zA-Z <>&]{0,30}",
            ),
            0..60,
        ),
        fragment in any::<bool>(),
    ) {
        let snap = Value::Array(
            nodes
                .into_iter()
                .map(|(parent, tag, attrs, text)| {
                    if tag == "#text" {
                        json!([parent, tag, text])
                    } else {
                        json!([parent, tag, attrs])
                    }
                })
                .collect(),
        )
        .to_string();
        if let Ok(report) = audit_snapshot(&snap, "https://example.org/", fragment) {
            prop_assert!(report.findings.len() <= untick::engine::MAX_FINDINGS);
        }
    }
}

/// The extension's warm-up form must reach the code a real audit runs: findings of
/// several kinds, and the benign box left alone.
#[test]
fn warm_up_snapshot_exercises_findings() {
    let report = untick::audit_snapshot(untick::WARM_UP_SNAPSHOT, "https://untick.invalid/", false)
        .expect("the warm-up snapshot is well formed");
    let labels: Vec<&str> = report.findings.iter().map(|f| f.label.as_str()).collect();
    assert!(report.findings.len() >= 3, "warm-up findings: {labels:?}");
    assert!(
        !labels.iter().any(|label| label.contains("Remember me")),
        "{labels:?}"
    );
}

/// Issue 16: the fuzz driver's differential mode found broken markup that the two
/// front-ends read differently; each kind, fixed, stays fixed.
#[test]
fn issue_16_broken_markup_reads_the_same_from_both_front_ends() {
    let deep_noscript = format!(
        "<noscript>{}</noscript><form><div><div><label><input type=checkbox checked> Let my adviser see my diary</label></div></div></form>",
        "<div>".repeat(300)
    );
    let pages = [
        // An unclosed <template> holds the rest of the page in the parser's tree.
        "<form><p><label><input type=checkbox id=a checked> Pass my details to the skills team so<template> they can call</label><p><label><input type=checkbox id=b checked> Let my adviser see my diary</label></form>",
        // A comment between two texts is no break between words.
        "<p>Your work coach<!-- x -->'s team can see the jobs you apply for.</p><p>phone<!---->work coach can see your diary.</p>",
        // An id repeated only inside a <template> is still unique in the page.
        "<button role=switch aria-checked=true id=sw aria-label='Let Milestone confirm your job with your employer'></button><template><button id=sw></button></template>",
        // <noscript> is text to the parser, not markup to count.
        &deep_noscript,
    ];
    let url = "https://www.myworksearch.co.uk/register";
    for html in pages {
        let from_html = audit(html, url);
        let parsed = Html::parse_document(html);
        let from_snapshot = audit_snapshot(&page_snapshot(&parsed), url, false).expect("audited");
        assert_eq!(as_json(&from_snapshot), as_json(&from_html), "{html:.80}");
        assert!(
            !from_html.findings.is_empty(),
            "nothing to compare in {html:.80}"
        );
    }
}
