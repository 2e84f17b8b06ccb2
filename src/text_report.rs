//! The CLI's readable report.

use crate::report::Report;

/// Each warning: what is shared, with whom, why it matters, and the letter to send.
pub fn text_report(report: &Report) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let site = match (&report.site.known, report.site.host.as_str()) {
        (Some(name), host) => format!("{name} ({host})"),
        (None, "") => "this page".to_string(),
        (None, host) => host.to_string(),
    };
    if report.findings.is_empty() {
        let _ = writeln!(
            out,
            "No data-sharing switched on by default was found on {site}."
        );
        return out;
    }
    let n = report.findings.len();
    let _ = writeln!(
        out,
        "{n} setting{} on {site} share{} your data before you have chosen:\n",
        if n == 1 { "" } else { "s" },
        if n == 1 { "s" } else { "" }
    );
    for (i, f) in report.findings.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", i + 1, f.headline);
        let _ = writeln!(out, "   The page says: \"{}\"", f.label);
        let _ = writeln!(out, "   Why it matters: {}", f.why);
        let _ = writeln!(out, "   Letter to send: untick letter {}", f.letter);
        let _ = writeln!(out, "   Where: {}\n", f.selector);
    }
    out
}
