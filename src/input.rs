//! Turning bytes from a file into page text, refusing what is not a page.

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

/// Decodes a saved page. UTF-8 is expected; stray invalid bytes (an old Windows-1252
/// page) are replaced rather than refused, but NUL bytes mean it is not text at all.
pub fn decode_page(bytes: &[u8]) -> Result<String, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(InputError::Empty);
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if head.contains(&0) {
        return Err(InputError::Binary);
    }
    let text = String::from_utf8_lossy(bytes);
    let replaced = text.matches('\u{FFFD}').count();
    if replaced > 0 && replaced * 10 > text.chars().count() {
        return Err(InputError::Binary);
    }
    Ok(text.into_owned())
}
