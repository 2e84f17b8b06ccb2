//! "Report a mistake" (issue 17): a report of a warning the person thinks is wrong, ready
//! to paste where they report it. Only what the page showed and what Untick said: no
//! personal details, no query string, nothing the person typed. Nothing is sent.

/// The report of a warning seen on the page at `page_url`, from the finding's words as
/// the extension holds them (so the module needs no reader for a whole finding).
pub fn report_text(
    label: &str,
    headline: &str,
    category: &str,
    control: &str,
    page_url: &str,
    version: &str,
) -> String {
    // The address without its query or fragment, which can carry an account's details.
    let page = page_url
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .chars()
        .take(300)
        .collect::<String>();
    let one_line = |text: &str, max: usize| -> String {
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .take(max)
            .collect()
    };
    let what = if control == "statement" {
        "a sentence on the page"
    } else {
        "a setting"
    };
    format!(
        "Untick: a warning that may be wrong\n\
         \n\
         Page: {page}\n\
         Untick warned about {what}: \"{label}\"\n\
         It said: {headline}\n\
         Kind of warning: {category} ({control})\n\
         Untick version: {version}\n\
         \n\
         Why I think it is wrong (write it here):\n\
         \n\
         This report holds no personal details. Check it before you send it.\n",
        label = one_line(label, 300),
        headline = one_line(headline, 300),
        category = one_line(category, 40),
        control = one_line(control, 20),
        version = one_line(version, 20),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_names_the_page_and_the_words_but_not_the_query() {
        let report = crate::audit(
            r#"<label><input type="checkbox" checked> Let my adviser see my job search</label>"#,
            "https://www.myworksearch.co.uk/register",
        );
        let finding = &report.findings[0];
        let control = serde_json::to_value(finding.control).unwrap();
        let text = report_text(
            &finding.label,
            &finding.headline,
            finding.category.as_str(),
            control.as_str().unwrap(),
            "https://www.myworksearch.co.uk/account?email=sam@example.org#ni=QQ123456C",
            "0.1.0",
        );
        assert!(
            text.contains("Page: https://www.myworksearch.co.uk/account\n"),
            "{text}"
        );
        assert!(
            !text.contains("sam@example.org") && !text.contains("QQ123456C"),
            "{text}"
        );
        assert!(
            text.contains("\"Let my adviser see my job search\""),
            "{text}"
        );
        assert!(text.contains(&finding.headline));
        assert!(text.contains("adviser_access (checkbox)"));
    }
}
