//! The engine never panics and always finishes: arbitrary bytes, tag soup, very deep
//! nesting and very large pages. (In the extension a panic would trap the wasm module.)

use std::time::{Duration, Instant};

use proptest::prelude::*;
use scraper::{Html, Selector};
use untick::{audit, audit_fragment, decode_page, decode_page_with_charset, Report};

/// Generous: the same tests run unoptimised under `cargo test`.
const SLOW_PAGE_LIMIT: Duration = Duration::from_secs(20);

fn check_report(report: &Report) {
    assert!(report.findings.len() <= untick::engine::MAX_FINDINGS);
    for f in &report.findings {
        assert!(f.label.chars().count() <= untick::engine::MAX_LABEL_CHARS);
        assert!(!f.selector.is_empty());
        assert!(f.default_on);
        assert!(!f.letter.is_empty() && !f.headline.is_empty() && !f.why.is_empty());
    }
}

/// Pieces of real-looking form markup, so that generated pages reach the detection code.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<div>".to_string()),
        Just("</div>".to_string()),
        Just("<p>".to_string()),
        Just("<table><tr><td>".to_string()),
        Just("</td><td>".to_string()),
        Just("<fieldset><legend>Can your adviser see your CV?</legend>".to_string()),
        Just("</fieldset>".to_string()),
        Just("<label>".to_string()),
        Just("</label>".to_string()),
        Just("<input type=checkbox checked>".to_string()),
        Just("<input type=checkbox id=dup checked>".to_string()),
        Just("<input type=radio name=r value=yes checked>".to_string()),
        Just("<input type=radio name=r value=no>".to_string()),
        Just("<input type=hidden name=allowAdviserAccess value=1>".to_string()),
        Just(
            "<select><option selected>Visible to all employers<option>Only me</select>".to_string()
        ),
        Just("<button role=switch aria-checked=true aria-labelledby='x y'>".to_string()),
        Just("<span id=x>Share my CV with recruiters</span>".to_string()),
        Just("<span id=\"a.b:c\">Let my adviser see my diary</span>".to_string()),
        Just("Let my adviser see my job search. ".to_string()),
        Just("Your work coach can see everything you do on this site. ".to_string()),
        Just("Tick if you do not want partners to contact you. ".to_string()),
        Just("I accept the terms and agree that DWP can view my account. ".to_string()),
        Just("<a href=/x>".to_string()),
        Just("</a>".to_string()),
        Just("<span role=link>".to_string()),
        Just("<br>".to_string()),
        Just("<svg><foreignObject><input type=checkbox checked>".to_string()),
        Just("<template><input type=checkbox checked></template>".to_string()),
        Just("<script>var x = '<input type=checkbox checked>';</script>".to_string()),
        Just("<untick-warning>x</untick-warning>".to_string()),
        Just("<!-- <div> -->".to_string()),
        "[a-zA-Z <>=\"'/&;#]{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let text = String::from_utf8_lossy(&bytes);
        check_report(&audit(&text, "https://example.org/"));
        check_report(&audit_fragment(&text, "https://example.org/"));
        let _ = decode_page(&bytes);
    }

    /// Byte order marks, declarations cut anywhere, comments, quotes and bytes that are
    /// not UTF-8, with or without a charset from a web archive.
    #[test]
    fn declarations_and_marks_never_panic(
        pieces in proptest::collection::vec(prop_oneof![
            Just(b"\xEF\xBB\xBF".to_vec()),
            Just(b"\xFF\xFE".to_vec()),
            Just(b"\xFE\xFF".to_vec()),
            Just(b"<meta".to_vec()),
            Just(b"<META ".to_vec()),
            Just(b" charset=".to_vec()),
            Just(b" http-equiv=content-type".to_vec()),
            Just(b" content=\"text/html; charset=".to_vec()),
            Just(b"windows-1252".to_vec()),
            Just(b"utf-16".to_vec()),
            Just(b"<!--".to_vec()),
            Just(b"-->".to_vec()),
            Just(b"</".to_vec()),
            Just(b"<?".to_vec()),
            Just(b"\"".to_vec()),
            Just(b"'".to_vec()),
            Just(b"=".to_vec()),
            Just(b"/>".to_vec()),
            Just(b">".to_vec()),
            Just(b"\x92\xA3".to_vec()),
            Just(b"\0".to_vec()),
            proptest::collection::vec(any::<u8>(), 0..8),
        ], 0..40),
        charset in prop_oneof![
            Just(None),
            Just(Some("windows-1252")),
            Just(Some("utf-16")),
            Just(Some("UTF-16BE")),
            Just(Some("shift_jis")),
            Just(Some(" ")),
        ],
    ) {
        let bytes = pieces.concat();
        if let Ok(text) = decode_page_with_charset(&bytes, charset) {
            prop_assert!(!text.trim_matches(|c: char| c.is_ascii_whitespace()).is_empty());
            prop_assert!(!text.contains('\0'));
        }
        let _ = decode_page(&bytes);
    }

    #[test]
    fn arbitrary_urls_never_panic(url in ".{0,80}") {
        let report = audit("<p>x</p>", &url);
        prop_assert_eq!(report.site.host.clone(), report.site.host.to_lowercase());
    }

    #[test]
    fn tag_soup_never_panics_and_selectors_find_one_element(
        pieces in proptest::collection::vec(piece(), 0..60)
    ) {
        let html = pieces.concat();
        let report = audit(&html, "https://example.org/");
        check_report(&report);
        check_report(&audit_fragment(&html, "https://example.org/"));
        let doc = Html::parse_document(&html);
        for f in &report.findings {
            let selector = Selector::parse(&f.selector);
            prop_assert!(selector.is_ok(), "unparsable {}", f.selector);
            if let Ok(selector) = selector {
                prop_assert_eq!(doc.select(&selector).count(), 1, "{}", f.selector);
            }
        }
    }
}

fn timed(html: &str) -> (Report, Duration) {
    let start = Instant::now();
    let report = audit(html, "https://example.org/");
    (report, start.elapsed())
}

#[test]
fn one_hundred_thousand_nested_divs_finish_in_bounds() {
    let n = 100_000;
    let html = "<div>".repeat(n)
        + "<label><input type=checkbox checked> Let my adviser see my CV</label>"
        + &"</div>".repeat(n);
    let (report, took) = timed(&html);
    check_report(&report);
    assert!(took < SLOW_PAGE_LIMIT, "took {took:?}");
    println!("100k nested divs: {took:?}");
}

#[test]
fn other_deep_nestings_finish_in_bounds() {
    let n = 50_000;
    for (open, close) in [
        ("<span>", "</span>"),
        ("<b>", "</b>"),
        ("<a href=x>", "</a>"),
        ("<table><tr><td>", "</td></tr></table>"),
        ("<ul><li>", "</li></ul>"),
        (
            "<fieldset><legend>Can your adviser see your CV?</legend>",
            "</fieldset>",
        ),
        ("<label>", "</label>"),
        ("<p><div>", "</div></p>"),
    ] {
        let html = open.repeat(n)
            + "<input type=checkbox checked> Let my adviser see my CV"
            + &close.repeat(n);
        let (report, took) = timed(&html);
        check_report(&report);
        assert!(took < SLOW_PAGE_LIMIT, "{open}: took {took:?}");
        // Unclosed, too.
        let (report, took) = timed(&open.repeat(n));
        check_report(&report);
        assert!(took < SLOW_PAGE_LIMIT, "{open} unclosed: took {took:?}");
    }
}

#[test]
fn a_very_large_page_finishes_in_bounds() {
    let listing = r#"<div class="job-card"><h3>Employment adviser</h3><p>Share job leads with DWP.
        Your work coach colleagues can see your caseload.</p>
        <label><input type="checkbox" checked> Save this job</label></div>"#;
    let mut html = String::from("<html><body>");
    while html.len() < 8 * 1024 * 1024 {
        html.push_str(listing);
    }
    html.push_str(r#"<label><input type="checkbox" id="s" checked> Let my adviser see my CV</label></body></html>"#);
    let (report, took) = timed(&html);
    check_report(&report);
    assert_eq!(report.findings.len(), 1, "{:#?}", report.findings.first());
    assert!(took < SLOW_PAGE_LIMIT, "took {took:?}");
    println!("8 MB page: {took:?}");
}

#[test]
fn many_controls_and_long_labels_finish_in_bounds() {
    let long_label = "Let my adviser see my CV and ".repeat(2000);
    let mut html = String::new();
    for i in 0..20_000 {
        html.push_str(&format!(
            "<input type=checkbox id=c{i} checked><label for=c{i}>{}</label>",
            if i % 1000 == 0 {
                long_label.as_str()
            } else {
                "Remember me"
            }
        ));
    }
    let (report, took) = timed(&html);
    check_report(&report);
    assert!(took < SLOW_PAGE_LIMIT, "took {took:?}");
}

#[test]
fn layouts_that_wrap_every_control_finish_in_bounds() {
    // A layout table row around the whole form, and a label left open around it.
    let controls: String = (0..20_000)
        .map(|i| format!("<p>Option {i} <input type=checkbox name=c{i} checked></p>"))
        .collect();
    for page in [
        format!("<table><tr><td>Settings</td><td>{controls}</td></tr></table>"),
        format!("<label>Settings {controls}"),
        format!("<div>{}</div>", "<span>x</span>".repeat(50_000) + &controls),
    ] {
        let (report, took) = timed(&page);
        check_report(&report);
        println!("layout page: {took:?}");
        assert!(took < SLOW_PAGE_LIMIT, "took {took:?}");
    }
}

#[test]
fn bad_input_is_refused_not_panicked_on() {
    assert!(decode_page(b"").is_err());
    assert!(decode_page(b"   \n").is_err());
    assert!(decode_page(b"\x7fELF\x02\x01\x01\0\0\0\0").is_err());
    assert!(decode_page(&[0xff; 1000]).is_err());
    assert_eq!(
        decode_page(b"\xEF\xBB\xBF<p>hi</p>").as_deref(),
        Ok("<p>hi</p>")
    );
    // An old Windows-1252 page with a stray pound sign is still a page, and reads as one.
    assert_eq!(
        decode_page(b"<p>Salary \xa325,000</p>").as_deref(),
        Ok("<p>Salary \u{a3}25,000</p>")
    );
}
