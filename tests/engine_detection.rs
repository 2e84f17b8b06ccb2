//! What the engine finds, and every field it fills, on small pages written for one
//! behaviour each. The fixture corpus (tests/corpus.rs) scores whole pages; these
//! pin down the details a finding carries.

use scraper::{Html, Selector};
use untick::{
    audit, audit_fragment, audit_snapshot, Category, Control, Finding, Recipient, Severity,
    SwitchOffAction,
};

const URL: &str = "https://www.example-provider.co.uk/settings";

fn page(body: &str) -> String {
    format!("<!DOCTYPE html><html><head><title>Settings</title></head><body>{body}</body></html>")
}

fn findings(body: &str) -> Vec<Finding> {
    audit(&page(body), URL).findings
}

fn only(body: &str) -> Finding {
    let mut f = findings(body);
    assert_eq!(f.len(), 1, "expected one finding, got {f:#?}");
    f.remove(0)
}

/// The selector must pick exactly the element with this id.
fn assert_selects(html: &str, selector: &str, id: &str) {
    let doc = Html::parse_document(html);
    let parsed = Selector::parse(selector).unwrap_or_else(|e| panic!("{selector}: {e:?}"));
    let hits: Vec<_> = doc.select(&parsed).collect();
    assert_eq!(hits.len(), 1, "{selector} picks {} elements", hits.len());
    assert_eq!(hits[0].value().attr("id"), Some(id), "{selector}");
}

/// The page gives one warning: the statement in `#s`, quoted as `sentence`.
fn assert_one_statement_quoting(body: &str, sentence: &str) {
    let f = only(body);
    assert_eq!(
        (f.control, f.selector.as_str(), f.label.as_str()),
        (Control::Statement, "#s", sentence)
    );
}

#[test]
fn a_pre_ticked_adviser_box_is_a_finding_with_every_field() {
    let body = r#"<form><input type="checkbox" id="share" checked>
        <label for="share">Let my adviser see my job applications</label></form>"#;
    let f = only(body);
    assert_eq!(f.category, Category::AdviserAccess);
    assert_eq!(f.recipients, vec![Recipient::Provider]);
    assert_eq!(f.control, Control::Checkbox);
    assert_eq!(f.label, "Let my adviser see my job applications");
    assert_eq!(f.selector, "#share");
    assert!(f.default_on && !f.locked && !f.inverted);
    assert_eq!(f.severity, Severity::High);
    assert_eq!(f.letter, "withdraw-provider");
    assert!(f.on_now && !f.reticked);
    let off = f.switch_off.expect("can be switched off");
    assert_eq!(off.selector, "#share");
    assert_eq!((off.action, off.choice), (SwitchOffAction::Uncheck, None));
    assert!(
        f.headline.contains("employment programme provider"),
        "{}",
        f.headline
    );
    assert!(f.why.contains("Recital 32"), "{}", f.why);
}

#[test]
fn an_unticked_sharing_box_is_not_a_finding() {
    let body =
        r#"<input type="checkbox" id="share"><label for="share">Let my adviser see my CV</label>"#;
    assert!(findings(body).is_empty());
}

#[test]
fn a_work_coach_box_leads_to_the_dwp_letter() {
    let f = only(
        r#"<label><input type="checkbox" checked> Allow my Jobcentre Plus work coach to view my activity</label>"#,
    );
    assert_eq!(f.recipients, vec![Recipient::Dwp]);
    assert_eq!(f.letter, "withdraw-dwp");
}

#[test]
fn a_ticked_disabled_box_is_locked_and_cannot_be_switched_off() {
    let f = only(
        r#"<input type="checkbox" id="l" checked disabled><label for="l">My caseworker can view my account</label>"#,
    );
    assert!(f.locked);
    assert_eq!(f.letter, "object-public-task");
    assert!(f.switch_off.is_none());
    assert!(f.summary.contains("cannot say no"), "{}", f.summary);
}

#[test]
fn opt_out_wording_reverses_the_polarity() {
    let unticked = only(
        r#"<input type="checkbox" id="o"><label for="o">Tick this box if you do not want your adviser to see your CV</label>"#,
    );
    assert!(unticked.inverted);
    let off = unticked.switch_off.expect("tick to opt out");
    assert_eq!((off.action, off.choice), (SwitchOffAction::Check, None));
    assert!(findings(
        r#"<input type="checkbox" id="o" checked><label for="o">Tick this box if you do not want your adviser to see your CV</label>"#
    )
    .is_empty());
    // "Untick ... if you do not want" turns round twice: an ordinary opt-in.
    let twice = only(
        r#"<input type="checkbox" id="t" checked><label for="t">Untick this box if you do not want your adviser to see your diary</label>"#,
    );
    assert!(!twice.inverted);
}

#[test]
fn a_preselected_yes_answers_the_legend_question() {
    let html = page(
        r#"<fieldset><legend>Can your adviser see your CV?</legend>
        <input type="radio" name="cv" id="cv-yes" value="yes" checked><label for="cv-yes">Yes</label>
        <input type="radio" name="cv" id="cv-no" value="no"><label for="cv-no">No</label></fieldset>"#,
    );
    let r = audit(&html, URL);
    assert_eq!(r.findings.len(), 1);
    let f = &r.findings[0];
    assert_eq!(f.control, Control::Radio);
    assert_eq!(f.selector, "#cv-yes");
    assert!(
        f.label.contains("Can your adviser see your CV?"),
        "{}",
        f.label
    );
    let off = f.switch_off.as_ref().expect("choose No");
    assert_eq!(
        (off.selector.as_str(), off.action, off.choice.as_deref()),
        ("#cv-no", SwitchOffAction::Choose, Some("No"))
    );
    // Radios with no words of their own (a table of Yes and No columns): the button is
    // not named after a bare value.
    let f = only(
        r#"<table><tr><th></th><th>Yes</th><th>No</th></tr><tr><td>Let my adviser see my CV</td>
        <td><input type="radio" name="a" value="Y" checked></td><td><input type="radio" name="a" value="N"></td></tr></table>"#,
    );
    let off = f.switch_off.expect("choose N");
    assert_eq!((off.action, off.choice), (SwitchOffAction::Choose, None));
    assert!(f.summary.contains("chosen for you"), "{}", f.summary);
}

#[test]
fn a_preselected_no_is_not_a_finding() {
    assert!(findings(
        r#"<fieldset><legend>Can your adviser see your CV?</legend>
        <label><input type="radio" name="cv" value="yes"> Yes</label>
        <label><input type="radio" name="cv" value="no" checked> No</label></fieldset>"#
    )
    .is_empty());
}

#[test]
fn a_select_whose_chosen_option_shares_offers_the_private_option() {
    let html = page(
        r#"<label for="vis">Who can see your CV?</label>
        <select id="vis"><option value="me" id="only-me">Only me</option>
        <option value="all" selected>All employers searching our CV database</option></select>"#,
    );
    let r = audit(&html, URL);
    assert_eq!(r.findings.len(), 1, "{:#?}", r.findings);
    let f = &r.findings[0];
    assert_eq!(
        (f.category, f.control),
        (Category::PublicProfile, Control::Select)
    );
    assert_eq!(f.letter, "make-private");
    let off = f.switch_off.as_ref().expect("an off option");
    assert_eq!(
        (off.action, off.choice.as_deref()),
        (SwitchOffAction::Choose, Some("Only me"))
    );
    assert_selects(&html, &off.selector, "only-me");
}

#[test]
fn aria_switches_are_read_from_aria_checked() {
    let on = only(
        r#"<span id="lbl">Show my profile to recruiters</span>
        <button role="switch" id="sw" aria-checked="true" aria-labelledby="lbl"></button>"#,
    );
    assert_eq!(
        (on.control, on.category),
        (Control::Switch, Category::PublicProfile)
    );
    assert!(findings(
        r#"<span id="lbl">Show my profile to recruiters</span>
        <button role="switch" aria-checked="false" aria-labelledby="lbl"></button>"#
    )
    .is_empty());
}

#[test]
fn a_hidden_input_that_turns_access_on_is_locked() {
    let f = only(
        r#"<input type="hidden" name="__VIEWSTATE" value="dDwtMTA4MTY2ODYyOTs7Pg==">
        <input type="hidden" id="acc" name="allowAdviserAccess" value="true">
        <input type="hidden" name="jobId" value="12345">"#,
    );
    assert_eq!(
        (f.control, f.category),
        (Control::Hidden, Category::AdviserAccess)
    );
    assert!(f.locked && f.switch_off.is_none());
    assert_eq!(f.letter, "object-public-task");
    assert!(
        findings(r#"<input type="hidden" name="allowAdviserAccess" value="false">"#).is_empty()
    );
    // A hidden companion of a visible box is that box's, not a setting of its own.
    assert!(findings(
        r#"<input type="hidden" name="ShareWithAdviser" value="true">
        <label><input type="checkbox" name="ShareWithAdviser" value="true"> Share my CV with my adviser</label>"#
    )
    .is_empty());
}

#[test]
fn statements_announcing_access_are_findings_and_negated_ones_are_not() {
    let f = only(
        r#"<p id="s">Your adviser can see everything you do on this site.</p>
        <p>We will never share your CV without asking.</p>
        <p>Your adviser cannot see your messages.</p>
        <p>If you choose, your work coach can view your applications.</p>"#,
    );
    assert_eq!(f.control, Control::Statement);
    assert_eq!(f.selector, "#s");
    assert!(f.locked && f.switch_off.is_none() && f.on_now);
    assert_eq!(f.letter, "object-public-task");
    assert_eq!(
        f.label,
        "Your adviser can see everything you do on this site"
    );
}

#[test]
fn a_link_inside_a_sentence_is_read_with_it() {
    let f = only(
        r#"<p id="s">Your <a href="/help/work-coach">work coach</a> can see the jobs you apply for.</p>"#,
    );
    assert_eq!((f.control, f.selector.as_str()), (Control::Statement, "#s"));
    assert_eq!(f.recipients, vec![Recipient::Dwp]);
    assert_eq!(f.label, "Your work coach can see the jobs you apply for");
}

#[test]
fn links_standing_alone_are_not_statements() {
    let body = r#"<ul><li><a href="/a">Your adviser can see your progress</a></li></ul>
        <p><a href="/b">How employers can view your CV</a></p>
        <p>&copy; 2026 Provider &middot; <a href="/c">How your work coach can see your job search</a></p>
        <p>Quick links: <a href="/d">What your adviser can see in your diary</a></p>
        <a href="/e"><p>Employers can see your CV when you make it public.</p></a>
        <div role="link" tabindex="0">Your work coach can view your applications</div>"#;
    assert_eq!(findings(body), vec![]);
}

#[test]
fn a_statement_on_a_registration_page_points_to_declining_the_site() {
    let f = only(
        r#"<h1>Create an account</h1>
        <p>By creating an account you agree that your work coach will be able to view your applications.</p>
        <form><input type="email" name="e"><input type="password" name="p"><button>Register</button></form>"#,
    );
    assert_eq!(f.letter, "decline-site");
}

#[test]
fn one_box_accepting_terms_and_sharing_is_bundled_even_unticked() {
    let f = only(
        r#"<input type="checkbox" id="b" required><label for="b">I accept the terms and conditions and agree that my adviser and partner organisations can see my CV</label>"#,
    );
    assert_eq!(f.category, Category::BundledConsent);
    assert!(f.recipients.contains(&Recipient::Provider));
    assert!(f.recipients.contains(&Recipient::ThirdParty));
    assert_eq!(f.letter, "withdraw-bundled");
    assert!(f.switch_off.is_none());
    assert!(f.why.contains("7(2)"), "{}", f.why);
    assert!(findings(
        r#"<input type="checkbox" id="b" required><label for="b">I accept the terms and conditions and the privacy notice</label>"#
    )
    .is_empty());
}

#[test]
fn everyday_settings_are_never_warnings() {
    let body = r#"<form>
      <label><input type="checkbox" checked> Remember me</label>
      <label><input type="checkbox" checked> Keep me signed in</label>
      <label><input type="checkbox" checked> Show password</label>
      <label><input type="checkbox" checked> Save this job</label>
      <label><input type="checkbox" checked> Email me when new jobs match my search</label>
      <label><input type="checkbox" checked disabled> Strictly necessary cookies</label>
      <label><input type="checkbox" checked> Dark mode</label>
      <label><input type="checkbox" id="pt" checked> Part time</label>
      <label><input type="checkbox"> Share my CV with partner organisations</label>
    </form>"#;
    assert_eq!(findings(body), vec![]);
}

#[test]
fn words_inside_job_adverts_are_not_findings() {
    let body = r#"<div class="job-listing"><h3>Employment adviser</h3>
        <p>You will share your caseload reports with DWP and your work coach colleagues can see your diary.</p></div>
        <article class="vacancy"><p>Your adviser can see everything you do in this role.</p></article>"#;
    assert_eq!(findings(body), vec![]);
}

/// The extension's snapshot of a live page with one box, its live state written as the
/// content script writes it.
fn snapshot_with_box(now: &str, user: &str) -> String {
    format!(
        r##"[[-1,"html",[]],[0,"body",[]],[1,"input",["type","checkbox","id","a","checked","","data-untick-now","{now}","data-untick-user","{user}"]],[1,"label",["for","a"]],[3,"#text","Let my adviser see my CV"]]"##
    )
}

#[test]
fn the_snapshot_attributes_set_on_now_and_reticked() {
    let audit = |json: String| {
        let mut f = audit_snapshot(&json, URL, false)
            .expect("a well-formed snapshot")
            .findings;
        assert_eq!(f.len(), 1, "{f:#?}");
        f.remove(0)
    };
    let off_now = audit(snapshot_with_box("off", "off"));
    assert!(off_now.default_on && !off_now.on_now && !off_now.reticked);
    let reticked = audit(snapshot_with_box("on", "off"));
    assert!(reticked.on_now && reticked.reticked);
}

/// Issue 16: in a saved page those attributes are the page's own writing, not Untick's:
/// a ticked box stays ticked, and nothing is taken as the person's choice.
#[test]
fn issue_16_a_saved_page_cannot_claim_a_live_state() {
    let f = only(
        r#"<input type="checkbox" id="a" checked data-untick-now="off" data-untick-user="off"><label for="a">Let my adviser see my CV</label>"#,
    );
    assert!(f.default_on && f.on_now && !f.reticked, "{f:#?}");
}

#[test]
fn fragments_get_scope_selectors() {
    let r = audit_fragment(
        r#"<div><p>Step 2</p><label><input type="checkbox" id="x" checked> Let my adviser see my diary</label></div>"#,
        URL,
    );
    assert_eq!(r.findings.len(), 1);
    assert_eq!(
        r.findings[0].selector,
        ":scope > div:nth-of-type(1) > label:nth-of-type(1) > input:nth-of-type(1)"
    );
}

#[test]
fn selectors_find_the_element_even_with_awkward_or_repeated_ids() {
    let html = page(
        r#"<div id="wrap"><p><input type="checkbox" id="a.b:c" checked> Let my adviser see my CV</p>
        <p><input type="checkbox" id="dup" checked> Let my work coach see my diary</p>
        <p><input type="checkbox" id="dup"> Remember me</p>
        <p><input type="checkbox" id="9lives" checked> Let my key worker see my notes</p></div>"#,
    );
    let r = audit(&html, URL);
    assert_eq!(r.findings.len(), 3, "{:#?}", r.findings);
    for f in &r.findings {
        let doc = Html::parse_document(&html);
        let sel = Selector::parse(&f.selector).unwrap_or_else(|e| panic!("{}: {e:?}", f.selector));
        assert_eq!(doc.select(&sel).count(), 1, "{}", f.selector);
    }
    assert_eq!(r.findings[0].selector, "#a\\.b\\:c");
    assert!(r.findings[1]
        .selector
        .starts_with("#wrap > p:nth-of-type(2)"));
    assert_eq!(r.findings[2].selector, "#\\39 lives");
}

#[test]
fn scripts_and_templates_are_not_read() {
    let body = r#"<script>var t = "Your adviser can see everything you do on this site.";</script>
        <template><p>Your adviser can see everything you do on this site.</p></template>
        <noscript><p>Your adviser can see everything you do on this site.</p></noscript>"#;
    assert_eq!(findings(body), vec![]);
}

#[test]
fn labels_are_collapsed_and_bounded() {
    let long = "Let my adviser see my CV ".repeat(100);
    let f = only(&format!(
        "<label><input type=\"checkbox\" checked>\n\n   {long}</label>"
    ));
    assert!(f.label.chars().count() <= 300, "{}", f.label.len());
    assert!(!f.label.contains("  ") && !f.label.contains('\n'));
}

#[test]
fn sites_are_named_from_the_url_and_detection_does_not_depend_on_them() {
    let body = r#"<label><input type="checkbox" checked> Let my adviser see my CV</label>"#;
    let known = audit(&page(body), "https://www.MyWorkSearch.co.uk:443/account");
    assert_eq!(known.site.host, "www.myworksearch.co.uk");
    assert_eq!(known.site.known.as_deref(), Some("MyWorkSearch"));
    let unknown = audit(&page(body), "https://jobs.example.org/");
    assert_eq!(unknown.site.known, None);
    assert_eq!(known.findings.len(), unknown.findings.len());
    assert_eq!(audit(&page(body), "").site.host, "");
}

#[test]
fn letter_ids_cover_every_letter_the_engine_emits() {
    let ids = untick::rules::letter_ids();
    for id in [
        "withdraw-provider",
        "withdraw-dwp",
        "withdraw-site",
        "withdraw-bundled",
        "decline-site",
        "object-public-task",
        "stop-marketing",
        "make-private",
        "employer-no-share",
    ] {
        assert!(ids.contains(&id.to_string()), "{id}");
    }
    assert_eq!(
        untick::rules::letters_for(Category::Marketing),
        vec!["stop-marketing"]
    );
}

#[test]
fn findings_are_capped() {
    let body = r#"<p><label><input type="checkbox" checked> Let my adviser see my CV</label></p>"#
        .repeat(400);
    let f = findings(&body);
    assert_eq!(f.len(), untick::engine::MAX_FINDINGS);
}

#[test]
fn a_box_with_its_own_words_does_not_borrow_the_text_before_it() {
    let f = only(
        r#"<p id="s">Your adviser can see your account.</p>
        <label><input type="checkbox" checked> I agree to the terms and conditions</label>
        <label><input type="checkbox" checked> Keep my searches</label>"#,
    );
    assert_eq!((f.control, f.selector.as_str()), (Control::Statement, "#s"));
    // With no words of its own, the text before a box is its label.
    let g = only(r#"<p>Let my adviser see my CV</p><input type="checkbox" id="b" checked>"#);
    assert_eq!((g.control, g.selector.as_str()), (Control::Checkbox, "#b"));
}

#[test]
fn a_statement_runs_on_through_inline_elements() {
    // Their words are part of the sentence, as a browser shows it.
    for (body, sentence) in [
        (
            r#"<p id="s">From <time datetime="2025-04-01">1 April 2025</time> your adviser can see everything you do on this site.</p>"#,
            "From 1 April 2025 your adviser can see everything you do on this site",
        ),
        (
            r#"<p id="s">Your adviser can see <q>everything</q> you do on this site.</p>"#,
            "Your adviser can see everything you do on this site",
        ),
        (
            r#"<p id="s">Under the <cite>Work and Health Programme</cite> your work coach can view your applications.</p>"#,
            "Under the Work and Health Programme your work coach can view your applications",
        ),
        (
            r#"<p id="s">Your adviser <big>can see</big> everything you do on this site.</p>"#,
            "Your adviser can see everything you do on this site",
        ),
        (
            r#"<p id="s">Your adviser can see your <tt>CV</tt> and applications.</p>"#,
            "Your adviser can see your CV and applications",
        ),
    ] {
        assert_one_statement_quoting(body, sentence);
    }
}

#[test]
fn a_label_runs_on_through_inline_elements() {
    // The text after a box is its label up to the next line break, which these are not.
    for (words, label) in [
        (
            r#"Let my adviser see my applications from <time datetime="2025-04">April</time> onwards"#,
            "Let my adviser see my applications from April onwards",
        ),
        (
            r#"Let my adviser see my <q>private</q> notes"#,
            "Let my adviser see my private notes",
        ),
        (
            r#"Let my adviser see my <s>draft</s> CV"#,
            "Let my adviser see my draft CV",
        ),
        (
            r#"Let my adviser see my notes on <cite>The Job Hunter's Handbook</cite> too"#,
            "Let my adviser see my notes on The Job Hunter's Handbook too",
        ),
    ] {
        let f = only(&format!(
            r#"<p><input type="checkbox" id="b" checked> {words}</p>"#
        ));
        assert_eq!((f.selector.as_str(), f.label.as_str()), ("#b", label));
    }
}

#[test]
fn a_link_that_is_a_title_is_not_read_with_a_label_badge_or_byline_beside_it() {
    let body = r#"<ul><li><a href="/a">How your work coach can see your job search</a> by Jane Smith</li>
          <li><a href="/b">Your adviser can see your progress</a> <span class="badge">new</span></li>
          <li><a href="/c">Employers can view your CV</a> posted 2 days ago</li>
          <li><a href="/d.pdf">Employers can view your CV</a> <small>pdf, 120 KB</small></li></ul>
        <p>See also <a href="/e">Employers can see your CV</a></p>
        <div class="card"><span class="tag">Guide</span> <a href="/f">Your work coach can see your job search</a></div>
        <p>Read more <a href="/g">Your adviser can see your job search activity</a></p>"#;
    assert_eq!(findings(body), vec![]);
}

#[test]
fn a_link_that_runs_on_in_small_letters_is_read_even_when_it_says_it_alone() {
    let f = only(
        r#"<p id="s">Please note that <a href="/help">your adviser can see everything you do on this site</a>.</p>"#,
    );
    assert_eq!((f.control, f.selector.as_str()), (Control::Statement, "#s"));
}

#[test]
fn text_split_only_by_inline_elements_is_quoted_as_the_page_shows_it() {
    // No space is added where the page has none ("<a>work coach</a>'s"), and a space
    // the page has between two elements is kept ("<b>work</b> <b>coach</b>").
    for (body, sentence) in [
        (
            r#"<p id="s">Your <a href="/coach">work coach</a>'s team can see the jobs you apply for.</p>"#,
            "Your work coach's team can see the jobs you apply for",
        ),
        (
            r#"<p id="s">Your <b>work</b> <b>coach</b> can see the jobs you apply for.</p>"#,
            "Your work coach can see the jobs you apply for",
        ),
        (
            r#"<p id="s">Your adviser<span>’</span>s team can see your CV.</p>"#,
            "Your adviser’s team can see your CV",
        ),
    ] {
        assert_one_statement_quoting(body, sentence);
    }
    let f = only(
        r#"<p><input type="checkbox" id="b" checked> Allow your <b>adviser</b>'s team to view my job search activity</p>"#,
    );
    assert_eq!(
        f.label,
        "Allow your adviser's team to view my job search activity"
    );
    // The space at an element's edge, where editors often put it, is kept.
    let f = only(
        r#"<p><input type="checkbox" id="b" checked> Let my<strong> adviser</strong> see my job search activity</p>"#,
    );
    assert_eq!(f.label, "Let my adviser see my job search activity");
}

#[test]
fn text_either_side_of_a_nested_block_or_a_control_is_separate_words() {
    let f = only(
        r#"<div id="s">Your adviser<div class="icon"></div>can see the jobs you apply for.</div>"#,
    );
    assert_eq!(f.label, "Your adviser can see the jobs you apply for");
}

#[test]
fn a_possessive_names_its_people_but_not_its_own_details() {
    for body in [
        r#"<p>Your adviser's team can see your job search activity.</p>"#,
        r#"<p>Your provider’s staff can view your CV.</p>"#,
        r#"<label><input type="checkbox" checked> Let my adviser's colleagues see my diary</label>"#,
    ] {
        let f = only(body);
        assert_eq!(f.recipients, vec![Recipient::Provider], "{body}");
    }
    let f = only(r#"<p>DWP's staff can see your job search activity.</p>"#);
    assert_eq!(f.recipients, vec![Recipient::Dwp]);
    for body in [
        r#"<label><input type="checkbox" checked> Show my adviser's phone number on my dashboard</label>"#,
        r#"<p>Your adviser's contact details can be found in your account.</p>"#,
        // A team word that describes a thing names no one.
        r#"<label><input type="checkbox" checked> Show my adviser's staff profile on my dashboard</label>"#,
        r#"<p>You can see your adviser's office address in your account.</p>"#,
        r#"<p>You can see your employer's staff handbook in your account.</p>"#,
    ] {
        assert_eq!(findings(body), vec![], "{body}");
    }
}

#[test]
fn a_cookie_notice_makes_no_statements_but_its_settings_are_read() {
    let f = only(
        r#"<div class="cookie-banner"><p>We use cookies. Some are set by third parties who can see what you do on this site.</p>
        <label><input type="checkbox" id="ads" checked> Share my details with advertising partners</label>
        <button>Reject all</button></div>"#,
    );
    assert_eq!(
        (f.control, f.selector.as_str()),
        (Control::Checkbox, "#ads")
    );
    // A cookie script's mark on the whole page, or a wrapper round its content, or a
    // name that only looks like a marker, does not make a notice.
    for html in [
        r#"<!DOCTYPE html><html class="cookies-accepted"><body class="cookie-consent-given"><main id="cookie-wrapper-main">
        <p id="s">Your work coach can see the jobs you apply for.</p></main></body></html>"#,
        r#"<!DOCTYPE html><html><body><div id="cookie-law-wrapper"><h1>Your account</h1>
        <p id="s">Your work coach can see the jobs you apply for.</p></div></body></html>"#,
        r#"<!DOCTYPE html><html><body><section class="trusted-partners">
        <p id="s">Your work coach can see the jobs you apply for.</p></section></body></html>"#,
        r#"<!DOCTYPE html><html><body><div class="cookie-note">
        <p id="s">Your work coach can see the jobs you apply for.</p></div></body></html>"#,
    ] {
        let f = audit(html, URL).findings;
        assert_eq!(f.len(), 1, "{html}: {f:#?}");
        assert_eq!(f[0].selector, "#s");
    }
}

#[test]
fn an_employer_check_is_not_called_a_matter_of_consent() {
    // Checks on a job outcome do not rest on consent: the warning must not say a ticked
    // box "is not consent", only what switching it off does.
    let f = only(
        r#"<label><input type="checkbox" id="e" checked> Allow my provider to contact my employer to confirm my earnings</label>"#,
    );
    assert_eq!(f.category, Category::EmployerContact);
    assert!(!f.why.contains("not consent"), "{}", f.why);
    assert!(f.why.contains("may not need your agreement"), "{}", f.why);
}

/// A statement before registering offers the letter that asks what is required, for every
/// category whose wording says so: not a withdrawal from an account that does not exist.
#[test]
fn a_statement_before_registering_offers_the_letter_that_asks_first() {
    for (text, category) in [
        (
            "<h1>Create your account</h1><p>When you register, your CV will be visible to employers.</p>",
            Category::PublicProfile,
        ),
        (
            "<h1>Create your account</h1><p>When you register, your details will be shared with our partner organisations.</p>",
            Category::ThirdPartySharing,
        ),
    ] {
        let found = findings(text);
        let f = found
            .iter()
            .find(|f| f.category == category)
            .unwrap_or_else(|| panic!("no {category:?} finding in {text}: {found:?}"));
        assert_eq!(f.letter, "decline-site", "{text}");
        assert!(f.why.contains("whether you must use this site"), "{}", f.why);
    }
}

/// Issue 16: a page could hide a statement from the audit by wrapping it in an element
/// named like Untick's old warning host. No tag name is skipped now.
#[test]
fn issue_16_text_inside_an_element_named_untick_warning_is_read() {
    let f = only(
        r#"<untick-warning><p>Your adviser can see everything you do on this site.</p></untick-warning>"#,
    );
    assert!(f.label.contains("Your adviser can see"), "{}", f.label);
}

/// Issue 16: a label written so that it reads the same to a person but splits or changes
/// its words for a program (invisible characters inside words, <wbr>, full-width letters,
/// Cyrillic and Greek look-alikes) is read as the person reads it.
#[test]
fn issue_16_labels_disguised_for_programs_are_read_as_people_read_them() {
    let disguised = [
        ("soft hyphens", "Allow my employ\u{AD}ment support pro\u{AD}vider to ac\u{AD}cess my account"),
        ("zero-width spaces", "Allow my employment support pro\u{200B}vider to acc\u{200B}ess my account"),
        ("zero-width joiners", "Allow my employment support prov\u{200D}ider to acce\u{200C}ss my acc\u{2060}ount"),
        ("<wbr>", "Allow my employment support pro<wbr>vider to ac<wbr>cess my account"),
        ("full-width letters", "Allow my employment support \u{FF50}\u{FF52}\u{FF4F}\u{FF56}\u{FF49}\u{FF44}\u{FF45}\u{FF52} to access my account"),
        ("Cyrillic look-alikes", "Allow my employment support рrоvidеr to ассеss my ассоunt"),
        ("Greek look-alikes", "Allow my employment support prοvider to access my acc\u{3BF}unt"),
        ("mathematical letters", "Allow my employment support \u{1D429}\u{1D42B}\u{1D428}\u{1D42F}\u{1D422}\u{1D41D}\u{1D41E}\u{1D42B} to access my account"),
        ("accents", "Allow my employment support próvîder to àccess my account"),
        ("combining accents", "Allow my employment support pro\u{301}vider to acce\u{300}ss my account"),
        ("a ligature", "Allow my employment support provider to access my account and pro\u{FB01}le"),
        ("variation selectors and direction marks", "Allow my employment support pro\u{FE0F}vider to acc\u{200E}ess my account"),
    ];
    for (how, label) in disguised {
        let f = findings(&format!(
            r#"<label><input type="checkbox" id="c" checked> {label}</label>"#
        ));
        assert_eq!(f.len(), 1, "{how}: {f:#?}");
        assert_eq!(f[0].category, Category::AdviserAccess, "{how}");
    }
}

/// The look-alike mapping leaves words of those scripts alone: a Russian label is not read
/// as English.
#[test]
fn issue_16_words_in_other_scripts_are_not_changed() {
    assert_eq!(
        findings(r#"<label><input type="checkbox" checked> Разрешить доступ провайдеру</label>"#),
        vec![]
    );
}

/// Issue 16: a label's text is bounded by what it shows, not by its bytes, so padding
/// that shows nothing (zero-width characters, whitespace) cannot push its words out of
/// reading, while an 8 MB label costs no more to read than a long one.
#[test]
fn issue_16_padding_that_shows_nothing_does_not_push_a_label_out_of_reading() {
    let pad = "\u{200B}".repeat(50_000) + &" \n\t".repeat(20_000);
    let words = "Let my adviser see my job search activity";
    for page in [
        format!(r#"<label><input type="checkbox" checked>{pad}{words}</label>"#),
        format!(r#"<input type="checkbox" id="a" checked><label for="a">{pad}{words}</label>"#),
    ] {
        let f = only(&page);
        assert_eq!(f.label, words, "{page:.80}");
    }
    // Words a person would have to read past 8 MB to reach are past what is read.
    let long = format!(
        r#"<label><input type="checkbox" checked>Let my adviser {}see my job search activity</label>"#,
        "adviser ".repeat(1_000_000)
    );
    let report = audit(&long, URL);
    assert!(
        report.findings.iter().all(|f| f.label.len() <= 400),
        "{report:#?}"
    );
}

/// Issue 16: a page made of statements cost its audit seconds, and every other tab's audit
/// waited behind it in the background. Statement text is read up to a bound, in document
/// order; what is read is still warned of, and the report says the page was checked in
/// part.
#[test]
fn issue_16_statement_text_is_read_up_to_a_bound_and_the_rest_is_said_to_be_unread() {
    use untick::engine::MAX_STATEMENT_BYTES;
    let filler = "<p>Browse jobs near you and save the ones you like for later.</p>";
    let pad = filler.repeat(MAX_STATEMENT_BYTES / (filler.len() - 7) + 10);
    let early = "<p>Your adviser can see everything you do on this site.</p>";
    let late = "<p>Employers can view your CV and contact you.</p>";
    let report = audit(&page(&format!("{early}{pad}{late}")), URL);
    let labels: Vec<&str> = report.findings.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Your adviser can see everything you do on this site"]
    );
    assert!(report.checked_in_part);
    // Within the bound, all is read and nothing is said.
    let report = audit(&page(&format!("{early}{late}")), URL);
    assert_eq!(report.findings.len(), 2, "{report:#?}");
    assert!(!report.checked_in_part);
}

// Issue 19: markup that real component libraries draw.

#[test]
fn issue_19_a_drop_down_drawn_without_select_is_read_by_what_it_shows() {
    // MUI Select: a div with role="combobox" showing the chosen value, and an
    // aria-hidden text input holding it.
    let body = r#"<div class="MuiFormControl-root">
        <label id="vis-label" class="MuiInputLabel-root">Who can find your CV</label>
        <div class="MuiInputBase-root"><div role="combobox" aria-haspopup="listbox"
          aria-expanded="false" aria-labelledby="vis-label cv-vis" id="cv-vis"
          class="MuiSelect-select">All registered employers and recruiters</div>
        <input aria-hidden="true" tabindex="-1" class="MuiSelect-nativeInput" value="all"></div>
      </div>"#;
    let f = only(body);
    assert_eq!(
        (f.category, f.control, f.selector.as_str()),
        (Category::PublicProfile, Control::Select, "#cv-vis")
    );
    assert!(
        f.switch_off.is_none(),
        "its options are not drawn until it opens"
    );
}

#[test]
fn issue_19_a_listbox_button_and_its_hidden_value_are_one_setting() {
    // Headless UI Listbox: a button that opens a listbox, and a hidden input beside it
    // mirroring the value.
    let body = r#"<div><label id="plan-label">Who can read your action plan</label>
        <div class="relative"><button type="button" id="plan" aria-haspopup="listbox"
          aria-expanded="false" aria-labelledby="plan-label plan">Me and my support team</button>
        <input type="hidden" name="planVisibility" value="support_team"></div></div>"#;
    let f = only(body);
    assert_eq!(
        (f.category, f.control, f.selector.as_str()),
        (Category::AdviserAccess, Control::Select, "#plan")
    );
    let body = body.replace("Me and my support team", "Only me");
    assert!(findings(&body).is_empty(), "{:#?}", findings(&body));
}

#[test]
fn issue_19_an_editable_combobox_is_a_search_box_not_a_choice() {
    let body = r#"<label for="q">Search jobs</label>
        <input id="q" role="combobox" aria-autocomplete="list" value="Employment adviser">"#;
    assert!(findings(body).is_empty());
}

#[test]
fn issue_19_a_hidden_input_is_read_by_its_id_and_data_attributes_too() {
    // Oracle APEX numbers its fields; the meaning is in the id.
    let f = only(
        r#"<form><input type="hidden" name="p_t07" id="P12_SHARE_ACTIVITY_JCP" value="Y"></form>"#,
    );
    assert_eq!(
        (f.category, f.control),
        (Category::AdviserAccess, Control::Hidden)
    );
    assert_eq!(f.label, "P12_SHARE_ACTIVITY_JCP=Y");
    let f = only(
        r#"<form><input type="hidden" name="f3" data-setting="cvVisibleToEmployers" value="1"></form>"#,
    );
    assert_eq!(f.category, Category::PublicProfile);
    assert!(findings(
        r#"<form><input type="hidden" name="p_t07" id="P12_SHARE_ACTIVITY_JCP" value="N"></form>"#
    )
    .is_empty());
}

#[test]
fn issue_19_help_text_without_an_aria_link_belongs_to_its_control() {
    // Bootstrap: the help is a sibling of the switch's .form-check, with no
    // aria-describedby. It decides the switch, and is never also a statement.
    let body = r#"<form><div class="mb-3">
        <div class="form-check form-switch"><input class="form-check-input" type="checkbox"
          role="switch" id="referrals" checked><label class="form-check-label" for="referrals">Referral partners</label></div>
        <div class="form-text">We pass your CV and contact details to local colleges and training partners.</div>
      </div></form>"#;
    let f = only(body);
    assert_eq!(
        (f.category, f.control, f.selector.as_str()),
        (Category::ThirdPartySharing, Control::Switch, "#referrals")
    );
    // Ant Design: the extra text is three levels up from the switch, in its form item.
    let body = r#"<form><div class="ant-form-item"><div class="ant-row">
        <div class="ant-form-item-label"><label for="team">Delivery team</label></div>
        <div class="ant-form-item-control"><div class="ant-form-item-control-input">
          <div class="ant-form-item-control-input-content"><button type="button" id="team"
            role="switch" aria-checked="true" class="ant-switch ant-switch-checked"></button></div></div>
          <div class="ant-form-item-extra">Staff delivering your programme may look over the activity you carry out here.</div>
        </div></div></div></form>"#;
    let f = only(body);
    assert_eq!(
        (f.category, f.control, f.selector.as_str()),
        (Category::AdviserAccess, Control::Switch, "#team")
    );
    // Switched off, the help text is still the switch's: no statement.
    assert!(findings(&body.replace("aria-checked=\"true\"", "aria-checked=\"false\"")).is_empty());
}

#[test]
fn issue_19_a_toggle_s_state_captions_are_not_the_setting_s_words() {
    // Salesforce Lightning's checkbox toggle draws "Enabled" and "Disabled" in its label.
    let body = r#"<form><label class="slds-checkbox_toggle" for="emp">
        <span class="slds-form-element__label">Let my adviser see my job applications</span>
        <input type="checkbox" id="emp" checked>
        <span class="slds-checkbox_faux_container"><span class="slds-checkbox_faux"></span>
        <span class="slds-checkbox_on">Enabled</span><span class="slds-checkbox_off">Disabled</span></span>
      </label></form>"#;
    let f = only(body);
    assert_eq!(f.category, Category::AdviserAccess);
    assert_eq!(f.label, "Let my adviser see my job applications");
}

#[test]
fn issue_19_a_choice_s_words_without_a_control_are_not_a_statement() {
    // A web component whose code has not loaded yet shows only its slotted text: the
    // person's own words for a choice, with no control Untick can see.
    for words in [
        "Allow my employment support provider to see my CV and applications",
        "Share my details with selected partner organisations",
        "I authorise DWP to view my account, including job search activity",
    ] {
        let body = format!("<form><late-consent>{words}</late-consent></form>");
        assert!(findings(&body).is_empty(), "{words}");
    }
    // The page telling the person the same thing is a statement.
    let f = only("<p>Your employment support provider can see your CV and applications.</p>");
    assert_eq!(f.category, Category::AdviserAccess);
    // Both voices in one sentence: the page is telling the person.
    let f = only(
        "<p>By signing up you agree that my team and your work coach can see your job log.</p>",
    );
    assert_eq!(f.category, Category::AdviserAccess);
}

/// Issue 19: a sentence beside the box that controls it explains that box: the page does
/// offer a way to say no, so it is not a statement. In a page's main content, away from
/// any one control's item, the same sentence still stands on its own.
#[test]
fn issue_19_a_sentence_in_a_control_s_item_explains_that_control() {
    let intro = "<p id=\"s\">We may email you newsletters and offers from our partners.</p>";
    let item = format!(
        "<form><div class=\"field\">{intro}<div class=\"check\">\
         <input type=\"checkbox\" id=\"c\" name=\"news\">\
         <label for=\"c\">Send me newsletters and offers</label></div></div></form>"
    );
    assert!(findings(&item).is_empty(), "{:#?}", findings(&item));
    // The box ticked: its own warning, and still no statement.
    let ticked = item.replace("name=\"news\"", "name=\"news\" checked");
    assert_eq!(only(&ticked).control, Control::Checkbox);
    // A box of another kind beside it does not answer for the sentence.
    let other = item.replace(
        "Send me newsletters and offers",
        "Let my adviser see my job search diary",
    );
    assert_eq!(only(&other).control, Control::Statement);
    // The sentence in the page's main content, the box in the form below.
    let apart = format!(
        "<main>{intro}<form><div class=\"check\">\
         <input type=\"checkbox\" id=\"c\" name=\"news\">\
         <label for=\"c\">Send me newsletters and offers</label></div></form></main>"
    );
    assert_eq!(only(&apart).control, Control::Statement);
    // The sentence and its box in one element.
    let together = "<main><div>Employers can see your CV. <input type=\"checkbox\" id=\"x\">\
                    <label for=\"x\">Let employers see my CV</label></div></main>";
    assert!(findings(together).is_empty(), "{:#?}", findings(together));
}

/// Issue 19: text hidden by its class until the person opens it (GOV.UK's conditional
/// reveal under a radio not chosen) is not read as a statement while hidden.
#[test]
fn issue_19_a_conditional_reveal_that_is_hidden_is_not_read() {
    let reveal = |class: &str| {
        format!(
            "<div class=\"govuk-radios__conditional{class}\" id=\"r\">\
             <p>Your work coach can look at the jobs you have applied for.</p></div>"
        )
    };
    assert!(findings(&reveal(" govuk-radios__conditional--hidden")).is_empty());
    assert_eq!(only(&reveal("")).control, Control::Statement);
}

/// Issue 19: a block that offers a way out of what it announces ("You can unsubscribe at
/// any time") does not announce sharing with no way to refuse; the same sentence alone
/// does.
#[test]
fn issue_19_a_way_out_in_the_same_block_is_a_way_to_refuse() {
    let alone =
        "<main><p>We will send you our newsletter with offers from our partners.</p></main>";
    assert_eq!(only(alone).category, Category::Marketing);
    let with_way_out = "<main><p>We will send you our newsletter with offers from our partners. \
                        You can unsubscribe at any time.</p></main>";
    assert!(
        findings(with_way_out).is_empty(),
        "{:#?}",
        findings(with_way_out)
    );
    let adviser = "<main><p>Your adviser can see your job search diary. \
                   You can turn this off in your account settings.</p></main>";
    assert!(findings(adviser).is_empty(), "{:#?}", findings(adviser));
    // A way out in another block does not answer for this one.
    let apart = "<main><p>Your adviser can see your job search diary.</p>\
                 <p>Newsletters: you can unsubscribe at any time.</p></main>";
    assert_eq!(only(apart).category, Category::AdviserAccess);
}

/// Issue 19: a switch drawn over a native box (Syncfusion's `e-switch-wrapper
/// role="switch"` around a hidden input) is one control. The warning goes beside what
/// the person sees, and switching off still acts on the input. A hidden input inside a
/// drawn box (DevExtreme's `dx-checkbox`) is that box's state, not a setting of its own.
#[test]
fn issue_19_a_box_drawn_over_an_input_is_one_control() {
    let drawn = "<form><label for=\"c\">Let my adviser see my job search log</label>\
                 <div id=\"w\" role=\"switch\" aria-checked=\"true\">\
                 <input id=\"c\" type=\"checkbox\" name=\"log\" checked>\
                 <input type=\"hidden\" name=\"log\" value=\"false\"></div></form>";
    let f = only(drawn);
    assert_eq!(
        (f.control, f.category),
        (Control::Switch, Category::AdviserAccess)
    );
    assert_selects(&page(drawn), &f.selector, "w");
    let off = f.switch_off.expect("can be switched off");
    assert_selects(&page(drawn), &off.selector, "c");
    // Without the drawn switch, the input itself.
    let plain = "<form><label for=\"c\">Let my adviser see my job search log</label>\
                 <input id=\"c\" type=\"checkbox\" name=\"log\" checked></form>";
    assert_eq!(only(plain).control, Control::Checkbox);

    let dx = "<form><div id=\"b\" role=\"checkbox\" aria-checked=\"true\" \
              aria-label=\"Send my weekly progress to my work coach\">\
              <input type=\"hidden\" name=\"ShareWithWorkCoach\" value=\"true\"></div></form>";
    let f = only(dx);
    assert_eq!(f.control, Control::Checkbox);
    assert_selects(&page(dx), &f.selector, "b");
    // The same hidden input on its own is a hidden setting.
    let alone = "<form><input type=\"hidden\" name=\"ShareWithWorkCoach\" value=\"true\"></form>";
    assert_eq!(only(alone).control, Control::Hidden);
}

/// Issue 19: a group with no legend (`role="group"`, Elastic UI's described form group)
/// says what its boxes do in its opening heading and paragraph; a box labelled only
/// "Include me" is read with them. What is said beside one box is not the next box's.
#[test]
fn issue_19_a_group_s_opening_words_explain_a_bare_switch() {
    let group = "<form><div role=\"group\"><div><h3>CV search</h3>\
                 <p>Recruiters who pay for CV search can find you and open your CV.</p></div>\
                 <div><button id=\"s\" role=\"switch\" aria-checked=\"true\" \
                 aria-labelledby=\"l\"></button><span id=\"l\">Include me</span></div></div></form>";
    let f = only(group);
    assert_eq!(
        (f.control, f.category),
        (Control::Switch, Category::PublicProfile)
    );
    // Switched off: nothing, and the group's words are not a statement either.
    let off = group.replace("aria-checked=\"true\"", "aria-checked=\"false\"");
    assert!(findings(&off).is_empty(), "{:#?}", findings(&off));
    // A later box in a group of boxes does not take an earlier box's description.
    let boxes = "<form><div role=\"group\"><h2>Your support choices</h2>\
                 <div role=\"checkbox\" aria-checked=\"false\" id=\"a\" aria-describedby=\"d\">\
                 <span>Partner referrals</span></div>\
                 <p id=\"d\">Your details are made available to our partner organisations.</p>\
                 <div role=\"checkbox\" aria-checked=\"true\" id=\"b\"><span>Use large text</span></div>\
                 </div></form>";
    assert!(findings(boxes).is_empty(), "{:#?}", findings(boxes));
}

/// Issue 19: web components that are boxes or switches by name ("sl-switch",
/// "nord-toggle", "fluent-switch") draw themselves in a shadow root, which a saved page
/// does not hold: their host's attributes are read. In the extension the shadow root is
/// sent as the host's children, and then the input inside speaks for it, once.
#[test]
fn issue_19_web_component_switches_by_their_host_attributes() {
    let slotted =
        "<form><sl-switch id=\"s\" checked>Let my adviser see my job search log</sl-switch></form>";
    let f = only(slotted);
    assert_eq!(
        (f.control, f.category, f.locked),
        (Control::Switch, Category::AdviserAccess, false)
    );
    assert_selects(&page(slotted), &f.selector, "s");
    let unchecked = slotted.replace(" checked", "");
    assert!(
        findings(&unchecked).is_empty(),
        "{:#?}",
        findings(&unchecked)
    );

    let attribute = "<form><nord-toggle id=\"t\" checked \
                     label=\"Show my CV to recruiters who search our database\"></nord-toggle></form>";
    assert_eq!(only(attribute).category, Category::PublicProfile);

    let locked =
        "<form><label for=\"f\">Monthly progress summary to my Jobcentre Plus work coach</label>\
                  <fluent-switch id=\"f\" checked disabled></fluent-switch></form>";
    let f = only(locked);
    assert_eq!((f.category, f.locked), (Category::AdviserAccess, true));
    assert_eq!(f.recipients, vec![Recipient::Dwp]);

    // As the extension sends it: the shadow root's input inside the host.
    let drawn = "<form><sl-switch id=\"s\" checked><label><input type=\"checkbox\" role=\"switch\" \
                 id=\"i\" checked><span>Let my adviser see my job search log</span></label></sl-switch></form>";
    let f = only(drawn);
    assert_selects(&page(drawn), &f.selector, "i");
    // Not a box by name.
    let menu = "<nav><menu-toggle checked>Menu</menu-toggle><x-card checked>Let my adviser see my log</x-card></nav>";
    assert!(findings(menu).is_empty(), "{:#?}", findings(menu));
}

/// Issue 19: a description list's term is a key or a question, not a sentence (GOV.UK's
/// summary list on a check-your-answers page); and an input the page hides (jQuery
/// EasyUI's original beside the switch it draws) does not stop the row's words from
/// labelling the box the person sees.
#[test]
fn issue_19_summary_list_keys_and_hidden_originals() {
    let answers = "<main><dl class=\"govuk-summary-list\"><div class=\"govuk-summary-list__row\">\
                   <dt class=\"govuk-summary-list__key\">Share your progress with your Jobcentre Plus work coach</dt>\
                   <dd class=\"govuk-summary-list__value\">No</dd></div></dl></main>";
    assert!(findings(answers).is_empty(), "{:#?}", findings(answers));

    let row = "<form><table><tr><td>Employment adviser can view my job search activity log:</td><td>\
               <input class=\"easyui-switchbutton\" style=\"display: none;\" checked>\
               <span class=\"switchbutton\"><span>Yes</span><span>No</span>\
               <input type=\"checkbox\" id=\"b\" name=\"AdviserViewsLog\" checked></span></td></tr></table></form>";
    let f = only(row);
    assert_eq!(f.category, Category::AdviserAccess);
    assert_selects(&page(row), &f.selector, "b");
}

/// Issue 19: a description is read with its term ("Your work coach" - "gets a monthly
/// update on your appointments"), and a list's items with the words that lead into it
/// ("Everything you add to your diary can be seen by:"): one warning at the lead for each
/// kind of sharing, naming everyone the items name. A description that only answers its term is a
/// check of answers.
#[test]
fn issue_19_terms_and_list_leads_name_who_gets_it() {
    let terms = "<main><dl><dt>Your Jobcentre Plus work coach</dt>\
                 <dd id=\"d\">Gets a monthly update on the appointments you attend.</dd></dl></main>";
    let f = only(terms);
    assert_eq!(
        (f.category, f.recipients.clone()),
        (Category::AdviserAccess, vec![Recipient::Dwp])
    );
    assert_selects(&page(terms), &f.selector, "d");

    let list = "<main><div id=\"box\"><p id=\"lead\">Everything you add to your diary can be seen by:</p>\
                <ul><li>your Restart Scheme adviser;</li><li>the team leader who supervises them; and</li>\
                <li>the Jobcentre Plus work coach who referred you.</li></ul></div></main>";
    let f = only(list);
    assert_eq!(f.category, Category::AdviserAccess);
    assert_eq!(f.recipients, vec![Recipient::Provider, Recipient::Dwp]);
    assert_selects(&page(list), &f.selector, "lead");
    // A list that does not follow a lead is read item by item.
    let plain = "<main><ul><li>your Restart Scheme adviser;</li><li>the Jobcentre Plus work coach.</li></ul></main>";
    assert!(findings(plain).is_empty(), "{:#?}", findings(plain));
    // An item that says it all on its own is read on its own, where it stands.
    let whole = "<main><div><p>Apart from DWP, the only others are:</p><ul>\
                 <li id=\"i\">the partner organisations we refer you to, who receive your \
                 name and phone number.</li></ul></div></main>";
    let f = only(whole);
    assert_eq!(
        (f.category, f.recipients.clone()),
        (Category::ThirdPartySharing, vec![Recipient::ThirdParty])
    );
    assert_selects(&page(whole), &f.selector, "i");
}

/// Issue 19: a fieldset with no legend (Mailchimp's marketing permissions) is explained
/// by the words just before it in its parent.
#[test]
fn issue_19_a_fieldset_with_no_legend_is_explained_by_the_words_before_it() {
    let gdpr = "<form><div class=\"content__gdpr\"><label>Marketing Permissions</label>\
                <p>Our job club would like to send you our weekly bulletin and offers from local training partners.</p>\
                <fieldset><label for=\"g\"><input type=\"checkbox\" id=\"g\" name=\"gdpr[1]\" checked>\
                <span>Email</span></label></fieldset></div></form>";
    let f = only(gdpr);
    assert_eq!(
        (f.control, f.category),
        (Control::Checkbox, Category::Marketing)
    );
    let unticked = gdpr.replace(" checked", "");
    assert!(findings(&unticked).is_empty(), "{:#?}", findings(&unticked));
}

/// Issue 19: a switch drawn over a native box may carry the words itself (Quasar's
/// `q-toggle` with an `aria-label`, the input inside it bare), and be locked where the
/// drawn box is (`aria-disabled`).
#[test]
fn issue_19_a_drawn_box_s_own_words_and_lock() {
    let quasar = "<form><div id=\"q\" role=\"switch\" aria-checked=\"true\" aria-disabled=\"true\" \
                  aria-label=\"Send my keyworker's monthly progress notes to my Jobcentre Plus work coach\">\
                  <div aria-hidden=\"true\"><input type=\"checkbox\" name=\"coach_notes\" checked></div>\
                  <div>Send my keyworker's monthly progress notes to my Jobcentre Plus work coach</div></div></form>";
    let f = only(quasar);
    assert_eq!(
        (f.control, f.category, f.locked),
        (Control::Switch, Category::AdviserAccess, true)
    );
    assert_selects(&page(quasar), &f.selector, "q");
    assert!(f.switch_off.is_none());
}

/// From a review of this session's changes: groups do not borrow a form's or section's
/// words; a web component's inner box, hidden or not, speaks for it once; a component's
/// "false" attributes are off; a huge list after a lead is read once, with bounds.
#[test]
fn issue_19_review_groups_components_and_lists() {
    let form = "<form><p>Your work coach can see what you tell us on this form.</p><fieldset>\
                <label><input type=\"checkbox\" checked> I can work weekends</label>\
                <label><input type=\"checkbox\" checked> I have a driving licence</label></fieldset></form>";
    assert!(
        findings(form)
            .iter()
            .all(|f| f.control == Control::Statement),
        "{:#?}",
        findings(form)
    );
    let twice =
        "<form><x-toggle checked><label><input type=\"checkbox\" checked aria-hidden=\"true\">\
                 Share my CV with employers</label></x-toggle></form>";
    assert_eq!(findings(twice).len(), 1, "{:#?}", findings(twice));
    let off = "<form><ion-toggle checked=\"false\">Show my CV to employers who search our database</ion-toggle></form>";
    assert!(findings(off).is_empty(), "{:#?}", findings(off));
    let unlocked = "<form><ion-toggle checked disabled=\"false\">Show my CV to employers who search our database</ion-toggle></form>";
    assert!(!only(unlocked).locked);

    let mut big = String::from("<main><div>");
    big.push_str(&"<i></i>".repeat(30_000));
    big.push_str("Your details can be seen by:</div><ul>");
    big.push_str(&"<li>your adviser</li>".repeat(30_000));
    big.push_str("</ul></main>");
    // The lead's words lie past the bound on what is walked to find them, so the items
    // are read alone (and say nothing); the walk per list is bounded and done once.
    let found = findings(&big);
    assert!(found.is_empty(), "{found:#?}");
}
