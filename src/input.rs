//! Turning bytes from a file into page text, refusing what is not a page.
//!
//! The character encoding is found as a browser finds it (the HTML standard's encoding
//! sniffing), for the encodings UK sites use:
//!
//! 1. a byte order mark: UTF-8, UTF-16LE or UTF-16BE;
//! 2. otherwise the charset the page came with (a web archive part's Content-Type), then
//!    the page's own `<meta charset>` or `<meta http-equiv="Content-Type">` in its first
//!    1024 bytes;
//! 3. otherwise UTF-8 if the bytes are UTF-8, and windows-1252 if not (what browsers fall
//!    back to for English pages).
//!
//! Labels are the WHATWG Encoding Standard's: "iso-8859-1", "latin1" and "us-ascii" all
//! mean windows-1252, and "utf-16" means UTF-16LE. A label naming any other encoding
//! (Shift_JIS, KOI8-R...) is read as UTF-8, bad bytes replaced. Hand-written rather than
//! a crate's: windows-1252 differs from Latin-1 in 32 bytes, and Rust decodes UTF-16.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    Empty,
    Binary,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Empty => write!(f, "the file is empty; give a saved HTML page"),
            InputError::Binary => write!(f, "this looks like binary data, not a saved HTML page"),
        }
    }
}

impl std::error::Error for InputError {}

/// Decodes a saved page in the encoding it declares or, failing that, UTF-8 or
/// windows-1252. Empty pages and binary data (NUL characters, or mostly bytes that are
/// not text) are refused.
pub fn decode_page(bytes: &[u8]) -> Result<String, InputError> {
    decode_page_with_charset(bytes, None)
}

/// [`decode_page`] for a page that came with a charset of its own (a web archive part's
/// `Content-Type: text/html; charset=...`), which wins over the page's `<meta charset>`
/// but not over a byte order mark.
pub fn decode_page_with_charset(bytes: &[u8], charset: Option<&str>) -> Result<String, InputError> {
    let (encoding, body) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (Encoding::Utf8, rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (Encoding::Utf16Le, rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (Encoding::Utf16Be, rest)
    } else {
        let declared = charset
            .and_then(|c| encoding_for_label(c.as_bytes()))
            .or_else(|| prescan(bytes));
        match declared {
            Some(encoding) => (encoding, bytes),
            None => (undeclared(bytes)?, bytes),
        }
    };
    let text = decode(body, encoding);
    if text.chars().all(|c| c.is_ascii_whitespace()) {
        return Err(InputError::Empty);
    }
    if text.chars().take(64 * 1024).any(|c| c == '\0') {
        return Err(InputError::Binary);
    }
    let replaced = text.matches('\u{FFFD}').count();
    if replaced > 0 && replaced * 10 > text.chars().count() {
        return Err(InputError::Binary);
    }
    Ok(text)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

/// The encoding a page with no byte order mark or declaration is in: UTF-8 if it is
/// valid UTF-8, windows-1252 if it is mostly text; bytes that are more than a tenth not
/// UTF-8 are binary data.
fn undeclared(bytes: &[u8]) -> Result<Encoding, InputError> {
    if std::str::from_utf8(bytes).is_ok() {
        return Ok(Encoding::Utf8);
    }
    let (mut chars, mut bad) = (0, 0);
    for chunk in bytes.utf8_chunks() {
        chars += chunk.valid().chars().count();
        if !chunk.invalid().is_empty() {
            chars += 1;
            bad += 1;
        }
    }
    if bad * 10 > chars {
        return Err(InputError::Binary);
    }
    Ok(Encoding::Windows1252)
}

/// The encoding a WHATWG label names; `None` for an empty label (no declaration).
fn encoding_for_label(label: &[u8]) -> Option<Encoding> {
    let label = label.trim_ascii().to_ascii_lowercase();
    Some(match label.as_slice() {
        b"" => return None,
        b"ansi_x3.4-1968" | b"ascii" | b"cp1252" | b"cp819" | b"csisolatin1" | b"ibm819"
        | b"iso-8859-1" | b"iso-ir-100" | b"iso8859-1" | b"iso88591" | b"iso_8859-1"
        | b"iso_8859-1:1987" | b"l1" | b"latin1" | b"us-ascii" | b"windows-1252" | b"x-cp1252" => {
            Encoding::Windows1252
        }
        b"csunicode" | b"iso-10646-ucs-2" | b"ucs-2" | b"unicode" | b"unicodefeff" | b"utf-16"
        | b"utf-16le" => Encoding::Utf16Le,
        b"unicodefffe" | b"utf-16be" => Encoding::Utf16Be,
        // UTF-8's own labels, and every other encoding's: read as UTF-8, as before.
        _ => Encoding::Utf8,
    })
}

fn decode(bytes: &[u8], encoding: Encoding) -> String {
    match encoding {
        Encoding::Utf8 => String::from_utf8_lossy(bytes).into_owned(),
        Encoding::Windows1252 => bytes.iter().map(|&b| windows_1252(b)).collect(),
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let units = bytes.chunks_exact(2).map(|pair| {
                let pair = [pair[0], pair[1]];
                if encoding == Encoding::Utf16Le {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                }
            });
            let mut text: String = char::decode_utf16(units)
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect();
            if bytes.len() % 2 == 1 {
                text.push(char::REPLACEMENT_CHARACTER); // half a code unit at the end
            }
            text
        }
    }
}

/// windows-1252 as the WHATWG Encoding Standard has it: Latin-1, but for 0x80 to 0x9F,
/// where the five bytes Windows leaves undefined stay C1 controls.
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}',
        '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}',
        '\u{2014}', '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}',
        '\u{178}',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// The HTML standard's prescan of a page's first 1024 bytes for the encoding a `<meta>`
/// declares, skipping comments and other tags' attributes.
fn prescan(bytes: &[u8]) -> Option<Encoding> {
    let s = &bytes[..bytes.len().min(1024)];
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        if rest.starts_with(b"<!--") {
            // To the end of the first "-->", whose dashes may be the comment's own.
            i += 2 + find(&rest[2..], b"-->")? + 3;
            continue;
        }
        let after = rest.get(1).copied().unwrap_or(0);
        if rest.len() > 5
            && rest[..5].eq_ignore_ascii_case(b"<meta")
            && (is_space(rest[5]) || rest[5] == b'/')
        {
            i += 5;
            if let Some(encoding) = meta(s, &mut i) {
                return Some(encoding);
            }
        } else if rest[0] == b'<'
            && (after.is_ascii_alphabetic()
                || after == b'/' && rest.get(2).is_some_and(u8::is_ascii_alphabetic))
        {
            // Another tag: its attributes may hold anything, "<meta" included.
            i += rest.iter().position(|&b| is_space(b) || b == b'>')?;
            while attribute(s, &mut i).is_some() {}
        } else if rest[0] == b'<' && matches!(after, b'!' | b'/' | b'?') {
            i += rest.iter().position(|&b| b == b'>')?;
        }
        i += 1;
    }
    None
}

/// The encoding a `<meta>` tag declares, its attributes read from `i` to its `>`.
fn meta(s: &[u8], i: &mut usize) -> Option<Encoding> {
    let mut names = Vec::new();
    let mut got_pragma = false;
    let mut need_pragma = None;
    // None: no charset yet; Some(None): an empty one.
    let mut charset: Option<Option<Encoding>> = None;
    while let Some((name, value)) = attribute(s, i) {
        if names.contains(&name) {
            continue;
        }
        match name.as_slice() {
            b"http-equiv" => got_pragma |= value == b"content-type",
            b"content" if charset.is_none() => {
                if let Some(encoding) = charset_in_content(&value).and_then(encoding_for_label) {
                    charset = Some(Some(encoding));
                    need_pragma = Some(true);
                }
            }
            b"charset" => {
                charset = Some(encoding_for_label(&value));
                need_pragma = Some(false);
            }
            _ => {}
        }
        names.push(name);
    }
    if need_pragma? && !got_pragma {
        return None;
    }
    // A page whose bytes could be read this far is not UTF-16, whatever it says.
    Some(match charset?? {
        Encoding::Utf16Le | Encoding::Utf16Be => Encoding::Utf8,
        encoding => encoding,
    })
}

/// The HTML standard's "get an attribute": the next attribute's name and value, both
/// lower-cased, from `i`; `None` at the tag's `>` or the end of the bytes.
fn attribute(s: &[u8], i: &mut usize) -> Option<(Vec<u8>, Vec<u8>)> {
    while s.get(*i).is_some_and(|&b| is_space(b) || b == b'/') {
        *i += 1;
    }
    let mut name = Vec::new();
    let mut value = Vec::new();
    loop {
        match *s.get(*i)? {
            b'>' if name.is_empty() => return None,
            b'=' if !name.is_empty() => break,
            b if is_space(b) => {
                while s.get(*i).is_some_and(|&b| is_space(b)) {
                    *i += 1;
                }
                if s.get(*i) != Some(&b'=') {
                    return Some((name, value));
                }
                break;
            }
            b'/' | b'>' => return Some((name, value)),
            b => name.push(b.to_ascii_lowercase()),
        }
        *i += 1;
    }
    *i += 1; // the "="
    while s.get(*i).is_some_and(|&b| is_space(b)) {
        *i += 1;
    }
    match *s.get(*i)? {
        quote @ (b'"' | b'\'') => loop {
            *i += 1;
            match *s.get(*i)? {
                b if b == quote => {
                    *i += 1;
                    return Some((name, value));
                }
                b => value.push(b.to_ascii_lowercase()),
            }
        },
        b'>' => return Some((name, value)),
        _ => {}
    }
    while let Some(&b) = s.get(*i) {
        if is_space(b) || b == b'>' {
            break;
        }
        value.push(b.to_ascii_lowercase());
        *i += 1;
    }
    Some((name, value))
}

/// The charset in a `<meta http-equiv>` tag's content, `text/html; charset=windows-1252`
/// (already lower-cased).
fn charset_in_content(content: &[u8]) -> Option<&[u8]> {
    let mut i = 0;
    loop {
        i += find(&content[i..], b"charset")? + b"charset".len();
        let mut j = i;
        while content.get(j).is_some_and(|&b| is_space(b)) {
            j += 1;
        }
        if content.get(j) != Some(&b'=') {
            continue;
        }
        j += 1;
        while content.get(j).is_some_and(|&b| is_space(b)) {
            j += 1;
        }
        let rest = &content[j..];
        return match *rest.first()? {
            quote @ (b'"' | b'\'') => {
                let end = rest[1..].iter().position(|&b| b == quote)?;
                Some(&rest[1..1 + end])
            }
            _ => {
                let end = rest.iter().position(|&b| is_space(b) || b == b';');
                Some(&rest[..end.unwrap_or(rest.len())])
            }
        };
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniffed(head: &str) -> Option<Encoding> {
        prescan(head.as_bytes())
    }

    #[test]
    fn the_prescan_finds_both_kinds_of_meta() {
        use Encoding::*;
        assert_eq!(
            sniffed(r#"<meta charset="windows-1252">"#),
            Some(Windows1252)
        );
        assert_eq!(sniffed("<META CharSet=ISO-8859-1>"), Some(Windows1252));
        assert_eq!(sniffed("<meta charset='latin1'/>"), Some(Windows1252));
        assert_eq!(
            sniffed("<meta charset = \" us-ascii \" >"),
            Some(Windows1252)
        );
        assert_eq!(
            sniffed(
                r#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">"#
            ),
            Some(Windows1252)
        );
        assert_eq!(
            sniffed("<meta content='text/html;charset=\"cp1252\"' http-equiv=content-type>"),
            Some(Windows1252)
        );
        assert_eq!(sniffed(r#"<meta charset="utf-8">"#), Some(Utf8));
        // Another encoding is read as UTF-8; a page that got this far is not UTF-16.
        assert_eq!(sniffed(r#"<meta charset="shift_jis">"#), Some(Utf8));
        assert_eq!(sniffed(r#"<meta charset="utf-16">"#), Some(Utf8));
    }

    #[test]
    fn the_prescan_skips_what_is_not_a_declaration() {
        use Encoding::*;
        // No http-equiv: the content is not a declaration.
        assert_eq!(
            sniffed(r#"<meta content="text/html; charset=latin1">"#),
            None
        );
        assert_eq!(sniffed(r#"<meta name="x" content="charset=latin1">"#), None);
        // In a comment, or an attribute of another tag.
        assert_eq!(sniffed("<!-- <meta charset=latin1> --><p>"), None);
        assert_eq!(sniffed("<!--><meta charset=latin1>"), Some(Windows1252));
        assert_eq!(sniffed(r#"<div title="<meta charset=latin1>">"#), None);
        assert_eq!(sniffed("<metadata charset=latin1>"), None);
        // An empty label is no label; the first charset attribute counts.
        assert_eq!(
            sniffed(r#"<meta charset=""><meta charset="latin1">"#),
            Some(Windows1252)
        );
        assert_eq!(
            sniffed("<meta charset=latin1 charset=utf-8>"),
            Some(Windows1252)
        );
        // charset= in the content, not just "charset".
        assert_eq!(
            sniffed(r#"<meta http-equiv="content-type" content="charsets; charset=latin1">"#),
            Some(Windows1252)
        );
        assert_eq!(
            sniffed(r#"<meta http-equiv="content-type" content="charset='latin1">"#),
            None
        );
        // Only the first 1024 bytes.
        let late = format!("{}<meta charset=latin1>", " ".repeat(1020));
        assert_eq!(sniffed(&late), None);
    }

    #[test]
    fn windows_1252_is_the_whatwg_table() {
        let all: Vec<u8> = (0..=255).collect();
        let text = decode(&all, Encoding::Windows1252);
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(chars.len(), 256);
        for (b, &c) in all.iter().zip(&chars) {
            if !(0x80..=0x9F).contains(b) {
                assert_eq!(c as u32, u32::from(*b));
            }
        }
        assert_eq!(&text[..0x80], std::str::from_utf8(&all[..0x80]).unwrap());
        assert_eq!(chars[0x80], '€');
        assert_eq!(chars[0x92], '\u{2019}');
        assert_eq!(chars[0x9F], 'Ÿ');
        assert_eq!(chars[0xA3], '£');
        for undefined in [0x81, 0x8D, 0x8F, 0x90, 0x9D] {
            assert_eq!(chars[undefined] as usize, undefined);
        }
    }

    #[test]
    fn each_way_of_naming_the_encoding() {
        let page = b"<p>Don\x92t share \xA35</p>";
        assert_eq!(decode_page(page).unwrap(), "<p>Don\u{2019}t share £5</p>");
        let declared = [b"<meta charset=windows-1252>".as_slice(), page].concat();
        assert!(decode_page(&declared)
            .unwrap()
            .ends_with("Don\u{2019}t share £5</p>"));
        // The container's charset wins over the page's.
        let utf8 = "<meta charset=windows-1252><p>Don\u{2019}t</p>".as_bytes();
        assert_eq!(
            decode_page_with_charset(utf8, Some("UTF-8")).unwrap(),
            "<meta charset=windows-1252><p>Don\u{2019}t</p>"
        );
        assert!(decode_page(utf8).unwrap().contains("Donâ€™t"));
        assert_eq!(
            decode_page_with_charset(page, Some("iso-8859-1")).unwrap(),
            "<p>Don\u{2019}t share £5</p>"
        );
        // Another encoding: UTF-8 with bad bytes replaced, as before.
        assert_eq!(
            decode_page_with_charset(page, Some("shift_jis")).unwrap(),
            "<p>Don\u{FFFD}t share \u{FFFD}5</p>"
        );
        // Valid UTF-8 with no declaration is UTF-8.
        assert_eq!(decode_page("£5".as_bytes()).unwrap(), "£5");
    }

    #[test]
    fn utf_16_with_a_byte_order_mark() {
        let text = "<p>Don\u{2019}t share £5 \u{1F600}</p>";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(
            decode_page(&[b"\xFF\xFE".as_slice(), &le].concat()).unwrap(),
            text
        );
        assert_eq!(
            decode_page(&[b"\xFE\xFF".as_slice(), &be].concat()).unwrap(),
            text
        );
        // The mark wins over any declaration.
        assert_eq!(
            decode_page_with_charset(&[b"\xFF\xFE".as_slice(), &le].concat(), Some("latin1"))
                .unwrap(),
            text
        );
        // A container may say UTF-16 where a page cannot.
        assert_eq!(decode_page_with_charset(&le, Some("utf-16")).unwrap(), text);
        assert_eq!(
            decode_page_with_charset(&be, Some("UTF-16BE")).unwrap(),
            text
        );
        // A lone surrogate, and half a code unit at the end: replaced.
        let mut units: Vec<u16> = "<p>Don't share my activity".encode_utf16().collect();
        units.insert(6, 0xD800);
        let mut odd: Vec<u8> = b"\xFF\xFE".to_vec();
        odd.extend(units.iter().flat_map(|u| u.to_le_bytes()));
        odd.push(b'!');
        assert_eq!(
            decode_page(&odd).unwrap(),
            "<p>Don\u{FFFD}'t share my activity\u{FFFD}"
        );
        // A mark and nothing else, or only spaces, is empty; NUL characters are binary.
        assert_eq!(decode_page(b"\xFF\xFE"), Err(InputError::Empty));
        assert_eq!(decode_page(b"\xFE\xFF\0 \0\n"), Err(InputError::Empty));
        assert_eq!(decode_page(b"\xFF\xFE<\0\0\0p\0"), Err(InputError::Binary));
    }

    #[test]
    fn binary_and_empty_are_still_refused() {
        assert_eq!(decode_page(b""), Err(InputError::Empty));
        assert_eq!(decode_page(b"\xEF\xBB\xBF \r\n"), Err(InputError::Empty));
        assert_eq!(decode_page(&[0xFF; 1000]), Err(InputError::Binary));
        assert_eq!(
            decode_page(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(InputError::Binary)
        );
        assert_eq!(
            decode_page(b"PK\x03\x04\x14\0\0\0\x08\0"),
            Err(InputError::Binary)
        );
        let mut declared = b"<meta charset=latin1>".to_vec();
        declared.extend([0; 8]);
        assert_eq!(decode_page(&declared), Err(InputError::Binary));
    }
}
