//! Detection: HTML in, findings out. (Skeleton: the engine issue fills this in.)

use crate::report::{Report, Site};

pub fn audit_document(_html: &str, url: &str) -> Report {
    Report {
        url: url.to_string(),
        site: site_of(url),
        findings: Vec::new(),
    }
}

pub fn audit_fragment(html: &str, url: &str) -> Report {
    audit_document(html, url)
}

fn site_of(url: &str) -> Site {
    let _ = url;
    Site {
        host: String::new(),
        known: None,
    }
}
