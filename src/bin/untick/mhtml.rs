//! Web archives: Chrome's and Edge's "Webpage, Single File" (`.mhtml`, and Internet
//! Explorer's `.mht`). Such a file is a MIME message: headers, then parts separated by a
//! boundary line, one part the page itself (its HTML quoted-printable or base64
//! encoded), the others its styles and images, and each frame (iframe) of the page as a
//! page of its own. Audited as it stands, the encoding hides every control
//! (`type=3D"checkbox"`), so the page parts are taken out and decoded first.
//!
//! Small and forgiving by design: it reads what Blink and Internet Explorer write,
//! never panics, and never grows the input (both encodings only shrink it, and each
//! part is decoded once), so the CLI's size limit on the file holds for all the pages
//! together.

use std::fmt;

/// The pages found in a web archive.
#[derive(Debug, PartialEq, Eq)]
pub struct Archive {
    /// The page that was saved.
    pub page: ArchivedPage,
    /// Every other page in the archive, in file order: the frames (iframes) of the page,
    /// which Blink saves each as a text/html part of its own.
    pub frames: Vec<ArchivedPage>,
}

/// One page (the saved page, or one of its frames) found in a web archive.
#[derive(Debug, PartialEq, Eq)]
pub struct ArchivedPage {
    /// The page's HTML, its transfer encoding undone (its character set untouched);
    /// perhaps empty for a frame, or for the page itself when a frame is not.
    pub html: Vec<u8>,
    /// The character set the part's Content-Type gives (`charset=windows-1252`), which
    /// wins over the page's own `<meta charset>`.
    pub charset: Option<String>,
    /// The address the page was saved from, when the archive gives one (http or https).
    /// For the page itself, the archive's own address when its part gives none.
    pub location: Option<String>,
    /// The file ends before this part does (no closing boundary after it, or its base64
    /// stops mid-character): what there is was decoded, the rest is lost.
    pub cut_short: bool,
}

/// A web archive that holds no page Untick can read.
#[derive(Debug, PartialEq, Eq)]
pub enum ArchiveError {
    /// No text/html part (or no way to find the parts).
    NoPage,
    /// The page part is there but empty, and so is every frame's.
    EmptyPage,
}

impl fmt::Display for ArchiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self {
            ArchiveError::NoPage => "has no web page in it that Untick can read",
            ArchiveError::EmptyPage => "has an empty page in it",
        };
        write!(
            f,
            "this web archive (.mhtml) {what}; save the page again as \"Web Page, complete\" \
             and check the .html file"
        )
    }
}

/// `None` when `bytes` is not a MIME message (an ordinary HTML page); otherwise the pages
/// in it, or why there are none.
pub fn unpack(bytes: &[u8]) -> Option<Result<Archive, ArchiveError>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (headers, body) = split_headers(bytes)?;
    if !headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("mime-version"))
    {
        return None;
    }
    let content_type = header(&headers, "content-type").unwrap_or("text/plain");
    let saved_from = header(&headers, "snapshot-content-location").and_then(web_address);
    if is_page(content_type) {
        // A single-part message: the page is the whole body.
        let (html, cut_short) = decode(body, header(&headers, "content-transfer-encoding"));
        let location = header(&headers, "content-location")
            .and_then(web_address)
            .or(saved_from);
        let charset = parameter(content_type, "charset");
        return Some(archive(
            ArchivedPage {
                html,
                charset,
                location,
                cut_short,
            },
            Vec::new(),
        ));
    }
    if !media_type(content_type).starts_with("multipart/") {
        return Some(Err(ArchiveError::NoPage));
    }
    let Some(boundary) = parameter(content_type, "boundary").filter(|b| !b.is_empty()) else {
        return Some(Err(ArchiveError::NoPage));
    };
    // The part saved from the archive's own address is the page; failing that, the first
    // page in the archive. The other pages are its frames.
    let mut pages = Vec::new();
    let mut main = None;
    let (parts, closed) = parts(body, boundary.as_bytes());
    let last = parts.len().saturating_sub(1);
    for (index, part) in parts.into_iter().enumerate() {
        let Some((part_headers, part_body)) = split_headers(part) else {
            continue;
        };
        let part_type = header(&part_headers, "content-type").unwrap_or("");
        if !is_page(part_type) {
            continue;
        }
        let location = header(&part_headers, "content-location").and_then(web_address);
        if main.is_none() && saved_from.is_some() && location == saved_from {
            main = Some(pages.len());
        }
        let encoding = header(&part_headers, "content-transfer-encoding");
        let (html, stops_short) = decode(part_body, encoding);
        pages.push(ArchivedPage {
            html,
            charset: parameter(part_type, "charset"),
            location,
            cut_short: stops_short || (index == last && !closed),
        });
    }
    if pages.is_empty() {
        return Some(Err(ArchiveError::NoPage));
    }
    let mut page = pages.remove(main.unwrap_or(0));
    page.location = page.location.or(saved_from);
    Some(archive(page, pages))
}

fn archive(page: ArchivedPage, frames: Vec<ArchivedPage>) -> Result<Archive, ArchiveError> {
    let blank = |p: &ArchivedPage| p.html.iter().all(u8::is_ascii_whitespace);
    if blank(&page) && frames.iter().all(blank) {
        return Err(ArchiveError::EmptyPage);
    }
    Ok(Archive { page, frames })
}

fn is_page(content_type: &str) -> bool {
    matches!(
        media_type(content_type).as_str(),
        "text/html" | "application/xhtml+xml"
    )
}

/// `text/html` from `Text/HTML; charset=utf-8`.
fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// A parameter of a header value: `boundary` in `multipart/related; boundary="--x"`.
fn parameter(value: &str, name: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|param| {
        let (key, val) = param.split_once('=')?;
        if !key.trim().eq_ignore_ascii_case(name) {
            return None;
        }
        let val = val.trim();
        let val = val
            .strip_prefix('"')
            .map(|v| v.strip_suffix('"').unwrap_or(v))
            .unwrap_or(val);
        Some(val.to_string())
    })
}

/// The address, if it is a web page's: `cid:` and `file:` locations say nothing of the site.
fn web_address(value: &str) -> Option<String> {
    let value = value.trim();
    let lower = value.to_ascii_lowercase();
    let web = lower.starts_with("https://") || lower.starts_with("http://");
    (web && !value.contains(char::is_whitespace)).then(|| value.to_string())
}

/// Header names and values, in order, folded lines joined.
type Headers = Vec<(String, String)>;

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The header block at the start of `bytes` (names and unfolded values) and what follows
/// the blank line after it; `None` unless every line up to that blank line is a header.
/// Real header blocks are a few lines: a long one is a page, not headers.
fn split_headers(bytes: &[u8]) -> Option<(Headers, &[u8])> {
    const MAX_HEADERS: usize = 200;
    const MAX_HEADER_BYTES: usize = 64 * 1024;
    let mut headers = Headers::new();
    let mut offset = 0;
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        offset += line.len();
        if offset > MAX_HEADER_BYTES {
            return None;
        }
        let text = line.strip_suffix(b"\n").unwrap_or(line);
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        if text.is_empty() {
            return (!headers.is_empty()).then_some((headers, &bytes[offset..]));
        }
        let text = String::from_utf8_lossy(text);
        if text.starts_with([' ', '\t']) {
            // A folded header: this line continues the one before.
            let (_, value) = headers.last_mut()?;
            value.push(' ');
            value.push_str(text.trim());
            continue;
        }
        let (name, value) = text.split_once(':')?;
        let is_token = |c: char| c.is_ascii_graphic() && c != ':';
        if name.is_empty() || !name.chars().all(is_token) || headers.len() == MAX_HEADERS {
            return None;
        }
        headers.push((name.to_string(), value.trim().to_string()));
    }
    // Headers and nothing else (a file cut short): an empty body.
    (!headers.is_empty()).then_some((headers, &bytes[bytes.len()..]))
}

/// The parts between `--boundary` lines, each without the line ending before the next
/// boundary, and whether the closing boundary came. A part cut short by the end of the
/// file runs to the end.
fn parts<'a>(body: &'a [u8], boundary: &[u8]) -> (Vec<&'a [u8]>, bool) {
    let mut parts = Vec::new();
    let mut start: Option<usize> = None;
    let mut offset = 0;
    for line in body.split_inclusive(|&b| b == b'\n') {
        let line_start = offset;
        offset += line.len();
        let Some(rest) = line
            .strip_prefix(b"--")
            .and_then(|l| l.strip_prefix(boundary))
        else {
            continue;
        };
        let closing = rest.starts_with(b"--");
        let rest = if closing { &rest[2..] } else { rest };
        if !rest.iter().all(u8::is_ascii_whitespace) {
            continue; // a line that only starts like the boundary
        }
        if let Some(s) = start {
            let part = &body[s..line_start];
            let part = part.strip_suffix(b"\n").unwrap_or(part);
            parts.push(part.strip_suffix(b"\r").unwrap_or(part));
        }
        if closing {
            return (parts, true);
        }
        start = Some(offset);
    }
    if let Some(s) = start {
        parts.push(&body[s..]);
    }
    (parts, false)
}

/// The part's bytes with its transfer encoding undone, and whether they stop short.
fn decode(body: &[u8], transfer_encoding: Option<&str>) -> (Vec<u8>, bool) {
    match transfer_encoding
        .map(|e| e.trim().to_ascii_lowercase())
        .as_deref()
    {
        Some("quoted-printable") => (quoted_printable(body), false),
        Some("base64") => base64(body),
        _ => (body.to_vec(), false), // 7bit, 8bit, binary, or none given
    }
}

/// RFC 2045 quoted-printable: `=3D` is a byte, `=` at the end of a line joins it to the
/// next. Anything else after `=` is kept as it is.
fn quoted_printable(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        let b = body[i];
        i += 1;
        if b != b'=' {
            out.push(b);
            continue;
        }
        let hex = |k: usize| body.get(k).and_then(|&c| (c as char).to_digit(16));
        if let (Some(hi), Some(lo)) = (hex(i), hex(i + 1)) {
            out.push((hi * 16 + lo) as u8);
            i += 2;
            continue;
        }
        // A soft line break: `=`, perhaps trailing spaces, then the line's end.
        let mut j = i;
        while matches!(body.get(j), Some(b' ' | b'\t')) {
            j += 1;
        }
        match body.get(j) {
            Some(b'\n') => i = j + 1,
            Some(b'\r') if body.get(j + 1) == Some(&b'\n') => i = j + 2,
            None => i = j,
            _ => out.push(b'='),
        }
    }
    out
}

/// RFC 2045 base64, ignoring line breaks and any other character outside the alphabet,
/// and stopping at the padding; and whether it stops mid-character (a file cut short),
/// which only padding may do.
fn base64(body: &[u8]) -> (Vec<u8>, bool) {
    let mut out = Vec::with_capacity(body.len() / 4 * 3 + 3);
    let mut acc: u32 = 0;
    let mut bits = 0;
    let mut letters = 0usize;
    let mut padded = false;
    for &c in body {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                padded = true;
                break;
            }
            _ => continue,
        };
        letters += 1;
        acc = (acc << 6 | u32::from(v)) & 0xFF_FFFF;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    let cut_short = !padded && letters % 4 != 0;
    (out, cut_short)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const FIXTURE: &[u8] = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/cli/myworksearch-register.mhtml"
    ));

    /// A provider's portal whose registration form is a frame from another site.
    const FRAMED: &[u8] = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/cli/provider-portal-frame.mhtml"
    ));

    /// All the HTML taken out of an archive: never more than the archive.
    fn decoded_len(archive: &Archive) -> usize {
        archive.page.html.len() + archive.frames.iter().map(|f| f.html.len()).sum::<usize>()
    }

    fn archive(part_headers: &str, body: &str) -> String {
        format!(
            "From: <Saved by Blink>\r\nSnapshot-Content-Location: https://example.org/a\r\n\
             MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\
             \tboundary=\"----MultipartBoundary--abc----\"\r\n\r\n\r\n\
             ------MultipartBoundary--abc----\r\n{part_headers}\r\n\r\n{body}\r\n\
             ------MultipartBoundary--abc------\r\n"
        )
    }

    #[test]
    fn blinks_single_file_page_is_decoded() {
        let archive = unpack(FIXTURE).expect("a web archive").expect("a page");
        assert_eq!(archive.frames, [], "a page with no frames");
        let page = archive.page;
        let html = String::from_utf8(page.html).expect("UTF-8");
        assert!(
            html.starts_with("<!DOCTYPE html><html lang=\"en\">"),
            "{html}"
        );
        assert!(html.contains(
            "<input type=\"checkbox\" id=\"share-activity\" name=\"shareActivity\" \
             value=\"true\" checked=\"checked\"><label for=\"share-activity\">Allow my \
             employment support provider to view my job search activity</label>"
        ));
        assert!(html.contains("You\u{2019}ll use this account"));
        assert!(html.ends_with("</body></html>"), "{html}");
        assert!(
            !html.contains("@charset"),
            "the style sheet is not the page"
        );
        assert_eq!(
            page.location.as_deref(),
            Some("https://www.myworksearch.co.uk/register")
        );
    }

    #[test]
    fn plain_pages_are_not_archives() {
        assert_eq!(
            unpack(b"<!DOCTYPE html><p>Content-Type: text/html</p>"),
            None
        );
        assert_eq!(unpack(b""), None);
        assert_eq!(
            unpack(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>"),
            None
        );
        // Headers with no MIME-Version: not a MIME message.
        assert_eq!(unpack(b"Title: x\n\n<p>hi</p>"), None);
        // A header block longer than any real one.
        let long = format!(
            "MIME-Version: 1.0\nX-Long: {}\n\n<p>hi</p>",
            "a".repeat(70_000)
        );
        assert_eq!(unpack(long.as_bytes()), None);
    }

    #[test]
    fn base64_and_lf_line_endings() {
        let html = "<p>Let my adviser see my CV</p>";
        let encoded = "PHA+TGV0IG15IGFkdmlzZXIgc2VlIG15\nIENWPC9wPg==";
        let text = archive(
            "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: BASE64",
            encoded,
        )
        .replace("\r\n", "\n");
        let page = unpack(text.as_bytes()).unwrap().unwrap().page;
        assert_eq!(page.html, html.as_bytes());
        assert_eq!(page.charset.as_deref(), Some("utf-8"));
        // No Content-Location on the part: the archive's own address.
        assert_eq!(page.location.as_deref(), Some("https://example.org/a"));
    }

    #[test]
    fn the_saved_address_picks_the_page_among_frames() {
        let text = "MIME-Version: 1.0\nSnapshot-Content-Location: https://x.org/main\n\
                    Content-Type: multipart/related; boundary=B\n\n--B\n\
                    Content-Type: text/html\nContent-Location: https://ads.example/frame\n\n\
                    <p>frame</p>\n--B\nContent-Type: text/html\n\
                    Content-Location: https://x.org/main\n\n<p>main</p>\n--B--\n";
        let archive = unpack(text.as_bytes()).unwrap().unwrap();
        assert_eq!(archive.page.html, b"<p>main</p>");
        assert_eq!(archive.page.location.as_deref(), Some("https://x.org/main"));
        // The frame before it is still there, as a frame.
        assert_eq!(
            archive.frames,
            [ArchivedPage {
                html: b"<p>frame</p>".to_vec(),
                charset: None,
                location: Some("https://ads.example/frame".to_string()),
                cut_short: false,
            }]
        );
    }

    #[test]
    fn blinks_frames_are_pages_of_their_own() {
        let archive = unpack(FRAMED).expect("a web archive").expect("a page");
        let page = String::from_utf8(archive.page.html).expect("UTF-8");
        assert!(page.contains(
            "<iframe src=\"cid:frame-B45D0E92C7A13F6826E1D7C3A09B5F48@mhtml.blink\" \
             title=\"Create your MyWorkSearch account\""
        ));
        assert!(
            !page.contains("partner-access"),
            "the frame is not the page"
        );
        assert_eq!(
            archive.page.location.as_deref(),
            Some("https://portal.provider.example/jobseekers/get-started")
        );
        assert_eq!(archive.frames.len(), 1, "the style sheets are not frames");
        let frame = &archive.frames[0];
        let html = String::from_utf8(frame.html.clone()).expect("UTF-8");
        assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
        assert!(html.contains(
            "<input type=\"checkbox\" id=\"partner-access\" name=\"partnerAccess\" \
             value=\"true\" checked=\"checked\">"
        ));
        assert!(html.contains("You\u{2019}re signing up"));
        assert!(html.ends_with("</body></html>"), "{html}");
        assert_eq!(
            frame.location.as_deref(),
            Some("https://www.myworksearch.co.uk/embed/register?partner=provider-example")
        );
    }

    #[test]
    fn frames_come_in_file_order_and_keep_only_their_own_address() {
        let text = "MIME-Version: 1.0\nSnapshot-Content-Location: https://x.org/main\n\
                    Content-Type: multipart/related; boundary=B\n\n--B\n\
                    Content-Type: text/html\nContent-Location: https://x.org/main\n\n\
                    <p>main</p>\n--B\nContent-Type: text/html\n\
                    Content-ID: <frame-1@mhtml.blink>\nContent-Location: about:blank\n\n\
                    <p>one</p>\n--B\nContent-Type: image/png\n\nxyz\n--B\n\
                    Content-Type: application/xhtml+xml\n\
                    Content-Location: https://y.org/two\n\n<p>two</p>\n--B\n\
                    Content-Type: text/html\n\n<p>three</p>\n--B--\n";
        let archive = unpack(text.as_bytes()).unwrap().unwrap();
        assert_eq!(archive.page.html, b"<p>main</p>");
        let frames: Vec<(&[u8], Option<&str>)> = archive
            .frames
            .iter()
            .map(|f| (f.html.as_slice(), f.location.as_deref()))
            .collect();
        assert_eq!(
            frames,
            [
                (&b"<p>one</p>"[..], None),
                (&b"<p>two</p>"[..], Some("https://y.org/two")),
                (&b"<p>three</p>"[..], None),
            ]
        );
    }

    #[test]
    fn each_pages_charset_is_its_parts_own() {
        // Internet Explorer's .mht: a quoted charset on the page's part; a frame in
        // another; the multipart's own header says nothing of its parts.
        let text = "MIME-Version: 1.0\nContent-Type: multipart/related; charset=utf-8; \
                    boundary=B\n\n--B\nContent-Type: text/html;\n\tcharset=\"Windows-1252\"\n\n\
                    <p>main</p>\n--B\nContent-Type: text/html; charset=iso-8859-1\n\n\
                    <p>one</p>\n--B\nContent-Type: text/html\n\n<p>two</p>\n--B--\n";
        let archive = unpack(text.as_bytes()).unwrap().unwrap();
        assert_eq!(archive.page.charset.as_deref(), Some("Windows-1252"));
        let charsets: Vec<Option<&str>> = archive
            .frames
            .iter()
            .map(|f| f.charset.as_deref())
            .collect();
        assert_eq!(charsets, [Some("iso-8859-1"), None]);
        // A single-part message.
        let single = "MIME-Version: 1.0\nContent-Type: text/html; charset=latin1\n\n<p>x</p>";
        let page = unpack(single.as_bytes()).unwrap().unwrap().page;
        assert_eq!(page.charset.as_deref(), Some("latin1"));
        // The fixtures, from Blink, give none: the page's <meta> says.
        let fixture = unpack(FIXTURE).unwrap().unwrap();
        assert_eq!(fixture.page.charset, None);
    }

    #[test]
    fn archives_without_a_page_are_errors() {
        let css = archive("Content-Type: text/css", "p { color: red }");
        assert_eq!(unpack(css.as_bytes()), Some(Err(ArchiveError::NoPage)));
        let empty = archive("Content-Type: text/html", "  ");
        assert_eq!(unpack(empty.as_bytes()), Some(Err(ArchiveError::EmptyPage)));
        // An empty page with only empty frames is empty; with a frame that is not, the
        // frame is there to read.
        let frames = |frame: &str| {
            format!(
                "MIME-Version: 1.0\nContent-Type: multipart/related; boundary=B\n\n--B\n\
                 Content-Type: text/html\n\n \n--B\nContent-Type: text/html\n\n{frame}\n--B--\n"
            )
        };
        assert_eq!(
            unpack(frames("\r\n").as_bytes()),
            Some(Err(ArchiveError::EmptyPage))
        );
        let archive = unpack(frames("<p>x</p>").as_bytes()).unwrap().unwrap();
        assert_eq!(archive.page.html, b" ");
        assert_eq!(archive.frames[0].html, b"<p>x</p>");
        let no_boundary = "MIME-Version: 1.0\nContent-Type: multipart/related\n\n<p>x</p>";
        assert_eq!(
            unpack(no_boundary.as_bytes()),
            Some(Err(ArchiveError::NoPage))
        );
        let image = "MIME-Version: 1.0\nContent-Type: image/png\n\nxyz";
        assert_eq!(unpack(image.as_bytes()), Some(Err(ArchiveError::NoPage)));
    }

    #[test]
    fn quoted_printable_edge_cases() {
        assert_eq!(quoted_printable(b"a=3Db=3db"), b"a=b=b");
        assert_eq!(
            quoted_printable(b"soft=\r\nbreak=  \nhere="),
            b"softbreakhere"
        );
        assert_eq!(
            quoted_printable(b"stray = and =G1 and =4"),
            b"stray = and =G1 and =4"
        );
        assert_eq!(quoted_printable(b"=E2=80=99"), "\u{2019}".as_bytes());
    }

    #[test]
    fn base64_edge_cases() {
        let whole = |b: &[u8]| (b.to_vec(), false);
        assert_eq!(base64(b""), whole(b""));
        assert_eq!(base64(b"TWFu"), whole(b"Man"));
        assert_eq!(base64(b"TWE="), whole(b"Ma"));
        assert_eq!(base64(b"T W\r\nF u !"), whole(b"Man"));
        // Stopping mid-character without padding: the end of a file cut short.
        assert_eq!(base64(b"TWFuTQ"), (b"ManM".to_vec(), true));
    }

    #[test]
    fn the_fixtures_cut_anywhere_never_panic() {
        for fixture in [FIXTURE, FRAMED] {
            for end in 0..=fixture.len() {
                if let Some(Ok(archive)) = unpack(&fixture[..end]) {
                    assert!(decoded_len(&archive) <= end);
                }
            }
        }
        // Cut inside the frame, the page is whole and the frame is what came before the cut.
        let cut = FRAMED
            .windows(9)
            .position(|w| w == b"id=3D\"par")
            .expect("the frame's box");
        let archive = unpack(&FRAMED[..cut]).unwrap().unwrap();
        assert!(archive.page.html.ends_with(b"</body></html>"));
        assert!(!archive.page.cut_short);
        assert_eq!(archive.frames.len(), 1);
        assert!(!archive.frames[0].html.ends_with(b"</html>"));
        assert!(
            archive.frames[0].cut_short,
            "the frame was cut and should say so"
        );
        // Whole, nothing is cut short.
        let whole = unpack(FRAMED).unwrap().unwrap();
        assert!(!whole.page.cut_short && whole.frames.iter().all(|f| !f.cut_short));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            if let Some(Ok(archive)) = unpack(&bytes) {
                prop_assert!(decoded_len(&archive) <= bytes.len());
            }
            prop_assert!(quoted_printable(&bytes).len() <= bytes.len());
            prop_assert!(base64(&bytes).0.len() <= bytes.len());
        }

        #[test]
        fn archives_of_many_parts_cut_anywhere_never_grow(
            parts in proptest::collection::vec((
                prop_oneof![
                    Just("text/html"),
                    Just("text/css"),
                    Just("application/xhtml+xml"),
                    Just("text/html; charset=windows-1252"),
                    Just("text/html; charset=\"utf-16\""),
                    Just("text/html; charset="),
                ],
                prop_oneof![Just("quoted-printable"), Just("base64"), Just("binary")],
                prop_oneof![
                    Just("https://x.org/"),
                    Just("https://y.org/frame"),
                    Just("cid:frame-1@mhtml.blink"),
                ],
                proptest::collection::vec(any::<u8>(), 0..200),
            ), 0..8),
            cut in any::<proptest::sample::Index>(),
        ) {
            let mut bytes = b"MIME-Version: 1.0\r\nSnapshot-Content-Location: https://x.org/\r\n\
                Content-Type: multipart/related; boundary=\"B\"\r\n\r\n".to_vec();
            for (media, encoding, location, body) in &parts {
                bytes.extend(format!(
                    "--B\r\nContent-Type: {media}\r\nContent-Transfer-Encoding: {encoding}\r\n\
                     Content-Location: {location}\r\n\r\n"
                ).as_bytes());
                bytes.extend(body);
                bytes.extend(b"\r\n");
            }
            bytes.extend(b"--B--\r\n");
            for end in [bytes.len(), cut.index(bytes.len() + 1)] {
                if let Some(Ok(archive)) = unpack(&bytes[..end]) {
                    prop_assert!(decoded_len(&archive) <= end);
                    prop_assert!(archive.frames.len() < parts.len());
                    for page in std::iter::once(&archive.page).chain(&archive.frames) {
                        let _ = untick::decode_page_with_charset(&page.html, page.charset.as_deref());
                    }
                }
            }
        }

        #[test]
        fn mime_shaped_input_never_panics(
            pieces in proptest::collection::vec(prop_oneof![
                Just("MIME-Version: 1.0\r\n".to_string()),
                Just("Content-Type: multipart/related; boundary=\"B\"\r\n".to_string()),
                Just("Content-Type: text/html\r\n".to_string()),
                Just("Content-Type: application/xhtml+xml\r\n".to_string()),
                Just("Snapshot-Content-Location: https://x.org/\r\n".to_string()),
                Just("Content-ID: <frame-1@mhtml.blink>\r\n".to_string()),
                Just("Content-Transfer-Encoding: quoted-printable\r\n".to_string()),
                Just("Content-Transfer-Encoding: base64\r\n".to_string()),
                Just("Content-Location: https://x.org/\r\n".to_string()),
                Just("\t folded\r\n".to_string()),
                Just("--B\r\n".to_string()),
                Just("--B--\n".to_string()),
                Just("\r\n".to_string()),
                Just("=".to_string()),
                Just("=3D".to_string()),
                "[ -~]{0,12}",
            ], 0..40)
        ) {
            let text = pieces.concat();
            if let Some(Ok(archive)) = unpack(text.as_bytes()) {
                prop_assert!(decoded_len(&archive) <= text.len());
            }
        }
    }
}
