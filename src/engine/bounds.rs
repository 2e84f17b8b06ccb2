//! Bounding a page's markup before it reaches the HTML parser, where its cost grows
//! faster than the page.
//!
//! - Nesting: the parser's work per tag grows with the number of open elements, so
//!   100,000 nested `<div>`s take minutes. Browsers cap tree depth too. Tags deeper than
//!   [`MAX_DEPTH`] are dropped (their text is kept).
//! - Attributes: the parser compares each attribute of a tag with those before it, so
//!   one element with a million distinct attributes keeps it busy for minutes (issue 16).
//!   Attributes past [`MAX_ATTRIBUTES`] on one tag are dropped.
//!
//! One quick scan finds both; ordinary pages pass through untouched.

/// Deeper than any real form; far below where parsing slows down.
pub const MAX_DEPTH: usize = 256;
/// More attributes than any real element carries; far below where parsing slows down.
pub const MAX_ATTRIBUTES: usize = 256;

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "basefont"
            | "bgsound"
            | "frame"
            | "image"
    )
}

/// Elements whose end tag may be left out: counting them would see depth that the
/// parser closes implicitly (a long list of `<li>`s without `</li>`).
fn closes_implicitly(name: &str) -> bool {
    matches!(
        name,
        "p" | "li"
            | "dt"
            | "dd"
            | "option"
            | "optgroup"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "colgroup"
            | "caption"
            | "rb"
            | "rt"
            | "rtc"
            | "rp"
            | "html"
            | "head"
            | "body"
    )
}

/// Elements whose content is text up to their own end tag (`noscript` too: the parser
/// reads it so, as a browser running scripts does).
fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "noscript"
            | "script"
            | "style"
            | "textarea"
            | "title"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "plaintext"
    )
}

struct Tag {
    end: bool,
    name: String,
    self_closing: bool,
    /// Byte length of the whole tag, `<` to `>`.
    len: usize,
    /// Where the first attribute past [`MAX_ATTRIBUTES`] distinct names starts, if any.
    cut_at: Option<usize>,
}

/// Where the scan is within a tag's attributes, as the HTML tokenizer sees it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum InTag {
    BeforeName,
    Name,
    AfterName,
    BeforeValue,
    Quoted(u8),
    Unquoted,
}

/// Reads the tag at the start of `s` (which begins with '<'), if it is one.
fn read_tag(s: &str) -> Option<Tag> {
    let bytes = s.as_bytes();
    let mut i = 1;
    let end = bytes.get(1) == Some(&b'/');
    if end {
        i += 1;
    }
    if !bytes.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    let name_start = i;
    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'/' && bytes[i] != b'>'
    {
        i += 1;
    }
    let name = s.get(name_start..i)?.to_ascii_lowercase();
    // Read the attributes as the tokenizer does, so that a '>' inside a quoted value does
    // not end the tag, and each attribute is counted once.
    let mut state = InTag::BeforeName;
    // Where each attribute's name starts; the parser keeps the first of repeated names,
    // so only distinct names count towards the bound (as in the browser's snapshot).
    let mut starts: Vec<usize> = Vec::new();
    while i < bytes.len() {
        let b = bytes[i];
        state = match (state, b) {
            (InTag::Quoted(q), _) if b == q => InTag::BeforeName,
            (InTag::Quoted(q), _) => InTag::Quoted(q),
            (_, b'>') => {
                let self_closing = i > 0 && bytes[i - 1] == b'/';
                let cut_at = (starts.len() > MAX_ATTRIBUTES)
                    .then(|| first_past_distinct(s, &starts))
                    .flatten();
                return Some(Tag {
                    end,
                    name,
                    self_closing,
                    len: i + 1,
                    cut_at,
                });
            }
            (InTag::Unquoted, _) if b.is_ascii_whitespace() => InTag::BeforeName,
            (InTag::Unquoted, _) => InTag::Unquoted,
            (InTag::Name, _) if b.is_ascii_whitespace() => InTag::AfterName,
            (InTag::Name | InTag::AfterName, b'=') => InTag::BeforeValue,
            (InTag::BeforeValue, b'"' | b'\'') => InTag::Quoted(b),
            (_, b'/') => InTag::BeforeName,
            (InTag::BeforeValue, _) if b.is_ascii_whitespace() => InTag::BeforeValue,
            (InTag::BeforeValue, _) => InTag::Unquoted,
            (_, _) if b.is_ascii_whitespace() => state,
            (InTag::Name, _) => InTag::Name,
            (InTag::BeforeName | InTag::AfterName, _) => {
                starts.push(i);
                InTag::Name
            }
        };
        i += 1;
    }
    None
}

/// Where the attribute that would be the (MAX_ATTRIBUTES + 1)th distinct name starts.
fn first_past_distinct(tag: &str, starts: &[usize]) -> Option<usize> {
    let mut seen = std::collections::HashSet::new();
    for &start in starts {
        let rest = tag.get(start..).unwrap_or("");
        let len = rest
            .find(|c: char| c.is_ascii_whitespace() || matches!(c, '=' | '/' | '>'))
            .unwrap_or(rest.len());
        let name = rest[..len].to_ascii_lowercase();
        if !seen.contains(&name) {
            if seen.len() == MAX_ATTRIBUTES {
                return Some(start);
            }
            seen.insert(name);
        }
    }
    None
}

/// Returns the page with tags beyond [`MAX_DEPTH`] and attributes beyond
/// [`MAX_ATTRIBUTES`] removed, or `None` when the page is within both bounds as it is.
pub fn bound_markup(html: &str) -> Option<String> {
    let mut out: Option<String> = None;
    let mut copied_to = 0;
    let mut stack: Vec<String> = Vec::new();
    let mut dropped: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut pos = 0;
    let bytes = html.as_bytes();
    while let Some(offset) = html.get(pos..).and_then(|rest| rest.find('<')) {
        let at = pos + offset;
        let rest = &html[at..];
        if rest.starts_with("<!--") {
            pos = match rest.find("-->") {
                Some(e) => at + e + 3,
                None => html.len(),
            };
            continue;
        }
        let Some(tag) = read_tag(rest) else {
            pos = at + 1;
            continue;
        };
        let after = at + tag.len;
        let mut drop = false;
        if tag.end {
            if stack.last() == Some(&tag.name) {
                stack.pop();
            } else if let Some(n) = dropped.get_mut(&tag.name).filter(|n| **n > 0) {
                *n -= 1;
                drop = true;
            } else if let Some(i) = stack.iter().rposition(|n| *n == tag.name) {
                stack.truncate(i);
            }
        } else if is_raw_text(&tag.name) {
            // Skip to the matching end tag without reading the content as markup.
            let close = format!("</{}", tag.name);
            let lower_rest = html.get(after..).unwrap_or("");
            let skip = find_ascii_case_insensitive(lower_rest, &close).unwrap_or(lower_rest.len());
            pos = after + skip;
            continue;
        } else if !tag.self_closing && !is_void(&tag.name) && !closes_implicitly(&tag.name) {
            if stack.len() >= MAX_DEPTH {
                *dropped.entry(tag.name.clone()).or_default() += 1;
                drop = true;
            } else {
                stack.push(tag.name.clone());
            }
        }
        if drop {
            let buf = out.get_or_insert_with(|| String::with_capacity(html.len()));
            buf.push_str(html.get(copied_to..at).unwrap_or(""));
            copied_to = after;
        } else if let Some(cut) = tag.cut_at {
            // The tag as it began, up to its first attribute too many, then closed.
            let buf = out.get_or_insert_with(|| String::with_capacity(html.len()));
            buf.push_str(html.get(copied_to..at + cut).unwrap_or(""));
            buf.push_str(if tag.self_closing { "/>" } else { ">" });
            copied_to = after;
        }
        pos = after;
        if pos >= bytes.len() {
            break;
        }
    }
    let mut buf = out?;
    buf.push_str(html.get(copied_to..).unwrap_or(""));
    Some(buf)
}

fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    let h = haystack.as_bytes();
    let n = needle.as_bytes();
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_pages_are_left_alone() {
        assert!(bound_markup("<div><p>Hi<ul><li>a<li>b</ul></div>").is_none());
        let many_items = "<ul>".to_string() + &"<li>x".repeat(10_000) + "</ul>";
        assert!(bound_markup(&many_items).is_none());
    }

    #[test]
    fn deep_nesting_is_cut_and_text_kept() {
        let deep = "<div>".repeat(10_000) + "hello" + &"</div>".repeat(10_000);
        let capped = bound_markup(&deep).expect("capped");
        assert_eq!(capped.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(capped.matches("</div>").count(), MAX_DEPTH);
        assert!(capped.contains("hello"));
    }

    #[test]
    fn attributes_past_the_bound_are_dropped() {
        let many: String = (0..100_000).map(|n| format!(" a{n}=\"{n}\"")).collect();
        let page = format!("<p><input type=checkbox{many} checked>Share</p><b x=1>ok</b>");
        let bounded = bound_markup(&page).expect("bounded");
        let kept = bounded.matches('=').count();
        // type=checkbox, the first MAX_ATTRIBUTES - 1 numbered ones, and x=1.
        assert_eq!(kept, MAX_ATTRIBUTES + 1, "{}", &bounded[..200]);
        assert!(bounded.contains("a254=\"254\" >Share</p><b x=1>ok</b>"));
        // Repeats of one name are one attribute to the parser, and so to the bound.
        let repeated = format!("<input{} checked>", " adviser".repeat(5_000));
        assert!(bound_markup(&repeated).is_none());
        // Within the bound, nothing changes; quoted '>' and '=' are values, not attributes.
        let few: String = (0..MAX_ATTRIBUTES - 2).map(|n| format!(" a{n}")).collect();
        let page = format!("<input{few} title='a > b = c' data-x=\"=\">");
        assert!(bound_markup(&page).is_none());
    }

    #[test]
    fn scripts_and_odd_markup_do_not_confuse_the_scan() {
        let page = "<script>if (a<b) { x = '<div>'.repeat(1000) }</script><div title='>'>x</div><";
        assert!(bound_markup(page).is_none());
    }
}
