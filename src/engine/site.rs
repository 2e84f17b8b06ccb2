//! Which site a page belongs to, from its URL (parsed by hand: no URL crate needed).

use crate::report::Site;
use crate::rules::rules;

/// The lower-case host of a URL, without scheme, user info or port; "" if none.
pub fn host_of(url: &str) -> String {
    let url = url.trim();
    let rest = match url.find("://") {
        Some(i)
            if url[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
        {
            &url[i + 3..]
        }
        _ if url.starts_with("//") => &url[2..],
        _ => return String::new(),
    };
    let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        match v6.find(']') {
            Some(end) => &host_port[..end + 2],
            None => return String::new(),
        }
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    host.trim_end_matches('.').to_lowercase()
}

/// The site a URL belongs to; `known` names it when rules/rules.toml lists it.
pub fn site_of(url: &str) -> Site {
    let host = host_of(url);
    let known = if host.is_empty() {
        None
    } else {
        rules()
            .sites
            .iter()
            .find(|s| {
                s.domains.iter().any(|d| {
                    !d.is_empty()
                        && (host == *d || host.strip_suffix(*d).is_some_and(|p| p.ends_with('.')))
                })
            })
            .map(|s| s.name.to_string())
    };
    Site { host, known }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_parsed_by_hand() {
        assert_eq!(
            host_of("https://WWW.MyWorkSearch.co.uk:8443/a?b#c"),
            "www.myworksearch.co.uk"
        );
        assert_eq!(host_of("http://user:pw@example.org/x"), "example.org");
        assert_eq!(host_of("https://[::1]:8080/"), "[::1]");
        assert_eq!(host_of("file:///home/x.html"), "");
        assert_eq!(host_of("not a url"), "");
        assert_eq!(host_of(""), "");
        assert_eq!(host_of("https://example.org./"), "example.org");
    }

    #[test]
    fn known_sites_match_subdomains_only() {
        assert_eq!(
            site_of("https://www.avantajobs.com/").known.as_deref(),
            Some("avantajobs")
        );
        assert_eq!(
            site_of("https://findajob.dwp.gov.uk/search")
                .known
                .as_deref(),
            Some("Find a job (DWP)")
        );
        assert!(site_of("https://notavantajobs.com/").known.is_none());
        assert!(site_of("https://dwp.gov.uk/").known.is_none());
        assert!(site_of("").known.is_none());
    }
}
