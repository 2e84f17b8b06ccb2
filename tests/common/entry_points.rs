//! Every entry point a page's content reaches, with what must hold of each: shared by the
//! bounded fuzz driver (tests/fuzz.rs) and the coverage-guided targets (fuzz/).

use scraper::Html;
use untick::letters::{self, Details, LetterContext};
use untick::{audit, audit_fragment, audit_snapshot, decode_page_with_charset, Report};

/// xorshift64*: small, fast and repeatable from its seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn differential() -> bool {
    std::env::var_os("UNTICK_FUZZ_DIFFERENTIAL").map_or(true, |v| v != "0")
}

/// No element deeper, or with more attributes, than the engine keeps.
pub fn within_bounds(parsed: &Html) -> bool {
    parsed.tree.root().descendants().all(|n| {
        n.value().as_element().map_or(true, |e| {
            e.attrs().count() < 200 && n.ancestors().count() < 200
        })
    })
}

pub fn check_report(report: &Report) {
    assert!(report.findings.len() <= untick::engine::MAX_FINDINGS);
    for f in &report.findings {
        assert!(f.label.chars().count() <= untick::engine::MAX_LABEL_CHARS);
        assert!(!f.selector.is_empty() && !f.letter.is_empty() && !f.headline.is_empty());
        assert!(f.default_on);
    }
}

/// Every entry point a page's content reaches, with what must hold of each.
pub fn run_one(rng: &mut Rng, page: &str, url: &str) {
    let report = audit(page, url);
    check_report(&report);
    check_report(&audit_fragment(page, url));
    // The same tree through the extension's front-end decides the same (within the
    // bounds, which each front-end applies to its own input).
    let parsed = Html::parse_document(page);
    let snapshot = super::page_snapshot(&parsed);
    let from_snapshot = audit_snapshot(&snapshot, url, false).expect("a well-formed snapshot");
    // Past the bounds each front-end cuts its own input (the markup, or the tree), which
    // cannot match on broken markup: compared only within them.
    if differential()
        && within_bounds(&parsed)
        && untick::engine::bounds::bound_markup(page).is_none()
    {
        let brief = |r: &Report| -> Vec<String> {
            r.findings
                .iter()
                .map(|f| format!("{} | {} | {}", f.selector, f.label, f.on_now))
                .collect()
        };
        assert!(
            serde_json::to_value(&from_snapshot).unwrap() == serde_json::to_value(&report).unwrap(),
            "the snapshot and the HTML front-ends disagree:\nsnapshot: {:#?}\nhtml: {:#?}",
            brief(&from_snapshot),
            brief(&report)
        );
    }
    // A snapshot damaged in transit is refused or read, never a panic.
    let mut damaged = snapshot.into_bytes();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(damaged.len());
        if let Some(byte) = damaged.get_mut(at) {
            *byte = *rng.pick(b"[]\",-0123456789#ax\\{}");
        }
    }
    if let Ok(text) = String::from_utf8(damaged) {
        if let Ok(r) = audit_snapshot(&text, url, rng.below(2) == 0) {
            check_report(&r);
        }
    }
    // Bytes in any declared charset.
    let _ = decode_page_with_charset(
        page.as_bytes(),
        Some(*rng.pick(&["utf-16", "windows-1252", "x"])),
    );
    // Letters, with the page's labels as the settings they name.
    for f in report.findings.iter().take(2) {
        let details = Details {
            name: Some(page.chars().take(40).collect()),
            ..Details::default()
        };
        let context = LetterContext {
            settings: vec![f.label.clone()],
            ..LetterContext::default()
        };
        letters::render(&f.letter, &details, &context).expect("a finding's letter renders");
    }
}
