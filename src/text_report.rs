//! The CLI's readable report.

use crate::report::{Category, Control, Finding, Recipient, Report, Severity};

/// A recipient as the warnings name it (rules/rules.toml), so that the report and the
/// warnings agree.
fn recipient_name(r: Recipient) -> &'static str {
    crate::rules::rules()
        .recipient(r)
        .map_or("others", |rule| rule.name)
}

/// How the setting came to be on, in a few words.
fn how(f: &Finding) -> &'static str {
    // Such a box may well be empty: the person must tick it to join.
    if f.category == Category::BundledConsent {
        return "one box accepts the terms and agrees to the sharing";
    }
    match (f.control, f.locked, f.inverted) {
        (Control::Statement, _, true) => "the page says it is on unless you say no",
        (Control::Statement, _, _) => "announced on the page, with no way to refuse",
        (Control::Hidden, _, _) => "set in the page with no control you can see",
        (_, true, _) => "on, and you cannot switch it off here",
        (_, false, true) => "on unless you tick an opt-out box",
        (Control::Radio | Control::Select, false, false) => "answered yes for you in advance",
        _ => "switched on for you in advance",
    }
}

/// Each warning: what is shared, with whom, why it matters, and the letter to send.
pub fn text_report(report: &Report) -> String {
    text_report_with_frames(report, &[])
}

/// The same for a page saved with its frames (a web archive, whose frames are pages of
/// their own): one list, numbered through, in which each warning says whether it is in
/// the page itself or in a frame, and the frame's address. Without frames, the same as
/// [`text_report`].
pub fn text_report_with_frames(report: &Report, frames: &[Report]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let site = match (&report.site.known, report.site.host.as_str()) {
        (Some(name), host) => format!("{name} ({host})"),
        (None, "") => "this page".to_string(),
        (None, host) => host.to_string(),
    };
    let in_frames = match frames.len() {
        0 => String::new(),
        1 => " or in the frame saved with it".to_string(),
        k => format!(" or in the {k} frames saved with it"),
    };
    let place = |part: Option<&Report>| match part {
        _ if frames.is_empty() => None,
        None => Some("In the page itself".to_string()),
        Some(frame) if frame.url.is_empty() => Some("In a frame of the page".to_string()),
        Some(frame) => Some(format!("In a frame from {}", frame.url)),
    };
    // Said first: an all-clear, or a short list, may be only part of the story.
    if std::iter::once(report)
        .chain(frames)
        .any(|r| r.checked_in_part)
    {
        let _ = writeln!(
            out,
            "This page is too big for Untick to check in full: it checked the first part only,\n\
             so settings further down may be missing.\n"
        );
    }
    let findings: Vec<(Option<String>, &Finding)> = std::iter::once((place(None), report))
        .chain(frames.iter().map(|f| (place(Some(f)), f)))
        .flat_map(|(place, r)| r.findings.iter().map(move |f| (place.clone(), f)))
        .collect();
    if findings.is_empty() {
        let _ = writeln!(
            out,
            "No data-sharing switched on by default was found on {site}{in_frames}.\n\n\
             Untick checked only what is in this file. Many sites build their forms with scripts,\n\
             and a page saved as \"Web Page, HTML only\" may not have the form in it. If the\n\
             settings you saw are missing, save the page again as \"Web Page, complete\" (Chrome\n\
             and Edge: \"Webpage, Complete\") and check the new .html file."
        );
        return out;
    }
    let n = findings.len();
    // A warning from a frame may be another site's: the first line says so.
    let with_frames = if frames.iter().any(|f| !f.findings.is_empty()) {
        " or in the frames saved with it"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "{n} setting{} on {site}{with_frames} share{} your data without a clear choice from you:\n",
        if n == 1 { "" } else { "s" },
        if n == 1 { "s" } else { "" }
    );
    for (i, (place, f)) in findings.iter().enumerate() {
        let serious = match f.severity {
            Severity::High => " [serious]",
            Severity::Medium => "",
            Severity::Low => " [minor]",
        };
        let _ = writeln!(out, "{}. {}{serious}", i + 1, f.headline);
        let _ = writeln!(out, "   {}", f.summary);
        // A hidden setting's "label" is its name and value in the page's code.
        let said = if f.control == Control::Hidden {
            "In the page's hidden code"
        } else {
            "The page says"
        };
        let _ = writeln!(out, "   {said}: \"{}\"", f.label);
        if !f.recipients.is_empty() {
            let who: Vec<&str> = f.recipients.iter().map(|r| recipient_name(*r)).collect();
            let _ = writeln!(out, "   Shared with: {}", who.join(", "));
        }
        let _ = writeln!(out, "   How: {}", how(f));
        let _ = writeln!(out, "   Why it matters: {}", f.why);
        let _ = writeln!(out, "   Letter to send: untick letter {}", f.letter);
        let _ = writeln!(out, "   Where: {}", f.selector);
        if let Some(place) = place {
            let _ = writeln!(out, "   {place}");
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(
        out,
        "This is information, not legal advice. A welfare rights adviser can help."
    );
    out
}
