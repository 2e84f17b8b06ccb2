//! Audit speed: a typical registration page (target under 1 ms) and a 1 MB page of job
//! listings around one setting (target under 20 ms). `cargo bench --bench audit`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// A registration page in the GOV.UK style: a dozen fields, hints, radios, a select,
/// checkboxes (some sharing, some not), a notice and a footer.
pub fn registration_page() -> String {
    let mut html = String::from(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Create your account - Jobs Hub</title>
<link rel="stylesheet" href="/assets/app.css"><script src="/assets/app.js" defer></script></head>
<body class="govuk-template__body"><header class="govuk-header"><div class="govuk-header__container">
<a href="/" class="govuk-header__link">Jobs Hub</a><nav><ul><li><a href="/jobs">Jobs</a></li><li><a href="/help">Help</a></li></ul></nav></div></header>
<div class="govuk-width-container"><main class="govuk-main-wrapper" id="main-content">
<h1 class="govuk-heading-l">Create your account</h1>
<div class="govuk-inset-text" id="notice">By creating an account you agree that your work coach will be able to view your applications.</div>
<form method="post" action="/register" novalidate>"#,
    );
    for (id, label, ty) in [
        ("first-name", "First name", "text"),
        ("last-name", "Last name", "text"),
        ("email", "Email address", "email"),
        ("phone", "Phone number", "tel"),
        ("postcode", "Postcode", "text"),
        ("password", "Create a password", "password"),
        ("password-confirm", "Confirm your password", "password"),
    ] {
        html.push_str(&format!(
            r#"<div class="govuk-form-group"><label class="govuk-label" for="{id}">{label}</label>
<div id="{id}-hint" class="govuk-hint">We will only use this to run your account.</div>
<input class="govuk-input" id="{id}" name="{id}" type="{ty}" aria-describedby="{id}-hint"></div>"#
        ));
    }
    html.push_str(
        r#"<div class="govuk-form-group"><fieldset class="govuk-fieldset"><legend class="govuk-fieldset__legend">Can your adviser see your CV?</legend>
<div class="govuk-radios"><div class="govuk-radios__item"><input class="govuk-radios__input" id="cv-yes" name="cv" type="radio" value="yes" checked><label class="govuk-label govuk-radios__label" for="cv-yes">Yes</label></div>
<div class="govuk-radios__item"><input class="govuk-radios__input" id="cv-no" name="cv" type="radio" value="no"><label class="govuk-label govuk-radios__label" for="cv-no">No</label></div></div></fieldset></div>
<div class="govuk-form-group"><label class="govuk-label" for="visibility">Who can find your CV?</label>
<select class="govuk-select" id="visibility" name="visibility"><option value="private">Only me</option><option value="employers" selected>Employers searching our CV database</option></select></div>
<div class="govuk-form-group"><label class="govuk-label" for="distance">How far can you travel?</label>
<select class="govuk-select" id="distance" name="distance"><option>5 miles</option><option selected>10 miles</option><option>20 miles</option></select></div>
<div class="govuk-form-group"><fieldset class="govuk-fieldset"><legend class="govuk-fieldset__legend">Your choices</legend><div class="govuk-checkboxes">
<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" id="share" name="share" type="checkbox" checked><label class="govuk-label govuk-checkboxes__label" for="share">Let my employment adviser see my job search activity</label></div>
<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" id="partners" name="partners" type="checkbox"><label class="govuk-label govuk-checkboxes__label" for="partners">Pass my details to partner organisations</label></div>
<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" id="news" name="news" type="checkbox" checked><label class="govuk-label govuk-checkboxes__label" for="news">Send me news and offers</label></div>
<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" id="remember" name="remember" type="checkbox" checked><label class="govuk-label govuk-checkboxes__label" for="remember">Keep me signed in</label></div>
<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" id="terms" name="terms" type="checkbox" required><label class="govuk-label govuk-checkboxes__label" for="terms">I accept the terms and conditions</label></div>
</div></fieldset></div>
<input type="hidden" name="csrf" value="b1946ac92492d2347c6235b4d2611184"><button class="govuk-button" type="submit">Create account</button></form>
<p>We will never share your CV without asking.</p></main></div>
<footer class="govuk-footer"><p>Jobs Hub is run by an employment support provider. <a href="/privacy">Privacy</a> <a href="/cookies">Cookies</a></p></footer>
</body></html>"#,
    );
    html
}

/// About 1 MB of job listings (whose adverts mention advisers, DWP and sharing) with one
/// pre-ticked adviser setting in the sidebar.
pub fn job_listings_page(target_bytes: usize) -> String {
    let mut html = String::from(
        r#"<!DOCTYPE html><html><head><title>Jobs in Leeds</title></head><body>
<aside class="sidebar"><form><label><input type="checkbox" id="share-saved" checked> Share the jobs I save with my adviser</label></form>
<form role="search"><label><input type="checkbox" checked> Full time</label><label><input type="checkbox"> Part time</label></form></aside>
<main class="results">"#,
    );
    let mut i = 0;
    while html.len() < target_bytes {
        i += 1;
        html.push_str(&format!(
            r#"<article class="job-card" id="job-{i}"><h3><a href="/jobs/{i}">Employment Adviser ({i})</a></h3>
<ul class="job-card__meta"><li>Restart provider, Leeds</li><li>£24,000 to £27,000</li><li>Full time</li></ul>
<p>You will support customers referred by DWP and the Jobcentre. You will share job leads, record progress and your adviser colleagues can see your caseload reports. Work coach experience welcome.</p>
<label><input type="checkbox" name="save-{i}"> Save this job</label> <a class="apply" href="/jobs/{i}/apply">Apply</a></article>
"#
        ));
    }
    html.push_str("</main></body></html>");
    html
}

fn bench(c: &mut Criterion) {
    let url = "https://www.jobs-hub.example.co.uk/register";
    let typical = registration_page();
    let big = job_listings_page(1024 * 1024);
    let found = untick::audit(&typical, url).findings.len();
    let found_big = untick::audit(&big, url).findings.len();
    println!(
        "registration page: {} bytes, {found} findings; listings page: {} bytes, {found_big} finding(s)",
        typical.len(),
        big.len()
    );

    let mut group = c.benchmark_group("audit");
    group.throughput(Throughput::Bytes(typical.len() as u64));
    group.bench_function("registration page", |b| {
        b.iter(|| untick::audit(black_box(&typical), black_box(url)))
    });
    group.throughput(Throughput::Bytes(big.len() as u64));
    group.sample_size(20);
    group.bench_function("1 MB of job listings", |b| {
        b.iter(|| untick::audit(black_box(&big), black_box(url)))
    });
    // A hostile label: one pre-ticked box whose label repeats a recipient word 80,000 times
    // (issue 16: matching mentions against each other used to grow with their square).
    let hostile = format!(
        "<form><label><input type=checkbox checked> Let my adviser {}see my job search activity</label></form>",
        "adviser ".repeat(80_000)
    );
    group.throughput(Throughput::Bytes(hostile.len() as u64));
    group.bench_function("a label of 80,000 recipient words", |b| {
        b.iter(|| untick::audit(black_box(&hostile), black_box(url)))
    });
    group.throughput(Throughput::Bytes(big.len() as u64));
    // The HTML parser alone, for scale: the part of the audit the engine cannot speed up.
    group.bench_function("1 MB of job listings, parsing only", |b| {
        b.iter(|| scraper::Html::parse_document(black_box(&big)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
