//! Plain text handling: collapsing whitespace, and matching phrase lists on whole words
//! (no regular expressions: they cost code size). Splitting into words is in words.rs,
//! which build.rs shares.

pub use super::words::{tokenize, Token};

/// Collapses runs of whitespace to one space and trims.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for part in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

/// The start of `text`, at most `max` bytes of it, cut at a character boundary. Bounds
/// what one text node can add to a label or a block: a page's 8 MB label must cost no more
/// to read than a long one (issue 16).
pub fn prefix_within(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut cut = max;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    &text[..cut]
}

/// Appends what a person sees of `text` to `out` (runs of whitespace as one space,
/// characters that show nothing left out) until `out` holds `max` bytes; true once it is
/// full. Bounds a label by what it shows, so that neither an 8 MB label nor padding that
/// shows nothing costs more than a long label, or pushes the words out (issue 16).
pub fn push_as_shown(out: &mut String, text: &str, max: usize) -> bool {
    for c in text.chars() {
        if out.len() >= max {
            return true;
        }
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else if !super::words::shows_nothing(c) {
            out.push(c);
        }
    }
    out.len() >= max
}

/// Shortens text to at most `max` characters at a word boundary, marking the cut.
pub fn bound(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > cut.len() / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end())
}

/// Simple endings a word may carry and still match a phrase word.
const SUFFIXES: [&str; 6] = ["s", "es", "ed", "d", "'s", "s'"];

/// The plain forms a text word may be of: itself, and the word without a simple ending
/// ("shared" of "share"), without -ing ("sharing" of "share", "logging" of "log") or with
/// -ies and -ied read as -y ("copies" of "copy"). Short stems only take a possessive, so
/// that "is" is never "i" and "bed" never "b".
fn plain_forms(word: &str, mut each: impl FnMut(&str)) {
    each(word);
    for suffix in SUFFIXES {
        if let Some(stem) = word.strip_suffix(suffix) {
            if stem.len() >= 4 || (suffix == "'s" && !stem.is_empty()) {
                each(stem);
            }
        }
    }
    if let Some(stem) = word.strip_suffix("ing").filter(|s| s.len() >= 3) {
        each(stem);
        each(&format!("{stem}e"));
        let mut chars = stem.chars().rev();
        if let (Some(last), Some(before)) = (chars.next(), chars.next()) {
            if last == before && !matches!(last, 'l' | 's' | 'e' | 'o') {
                each(&stem[..stem.len() - last.len_utf8()]);
            }
        }
    }
    for suffix in ["ies", "ied"] {
        if let Some(stem) = word.strip_suffix(suffix).filter(|s| s.len() >= 3) {
            each(&format!("{stem}y"));
        }
    }
}

/// Whether `text_word` is `phrase_word` or one of its forms (`plain_forms`), without
/// building the forms: this runs for every word of every phrase tried.
fn word_matches(phrase_word: &str, text_word: &str) -> bool {
    if phrase_word == text_word {
        return true;
    }
    if let Some(rest) = text_word.strip_prefix(phrase_word) {
        let simple = SUFFIXES.contains(&rest)
            && (phrase_word.len() >= 4 || (rest == "'s" && !phrase_word.is_empty()));
        let ing = phrase_word.len() >= 3
            && (rest == "ing"
                || rest.strip_suffix("ing").is_some_and(|doubled| {
                    let mut last = phrase_word.chars().rev();
                    let l = last.next();
                    doubled.len() == 1
                        && doubled.chars().next() == l
                        && !matches!(l, Some('l' | 's' | 'e' | 'o'))
                }));
        if simple || ing {
            return true;
        }
    }
    let stem_is = |suffix: &str, end: char| {
        text_word
            .strip_suffix(suffix)
            .is_some_and(|stem| stem.len() >= 3 && phrase_word.strip_suffix(end) == Some(stem))
    };
    stem_is("ing", 'e') || stem_is("ies", 'y') || stem_is("ied", 'y')
}

/// How `phrase`'s first word sorts against `word`, without splitting the phrase: this runs
/// in every binary search, for every word of a page. A space sorts before any byte a word
/// holds, so the phrase's end of word compares as the end of the string would.
fn first_word_cmp(phrase: &str, word: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering::{Equal, Greater, Less};
    let (p, w) = (phrase.as_bytes(), word.as_bytes());
    let n = p.len().min(w.len());
    match p[..n].cmp(&w[..n]) {
        Equal => {}
        other => return other,
    }
    match (p.get(n), w.len() > n) {
        (None, false) | (Some(b' '), false) => Equal,
        (None, true) | (Some(b' '), true) => Less,
        (Some(_), _) => Greater,
    }
}

/// Where a phrase matched, in token positions (end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub start: usize,
    pub end: usize,
    pub phrase: usize,
}

/// A list of phrases, sorted by first word so that matching is one pass over a text with
/// a binary search per word. build.rs compiles the rules' lists into this form
/// (rules/file.rs), so it is static.
#[derive(Debug, Clone, Copy)]
pub struct PhraseSet {
    /// Each phrase as its lower-cased words (`tokenize`) joined by single spaces, sorted
    /// by first word, and written one after another.
    pub text: &'static str,
    /// Where each phrase ends in `text`. Offsets, not one `&str` per phrase: a string's
    /// pointer and length cost the WebAssembly module 8 bytes a phrase, an offset 2.
    pub ends: &'static [u16],
}

impl PhraseSet {
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// The phrase at position `i`.
    fn phrase(&self, i: usize) -> Option<&'static str> {
        let start = match i.checked_sub(1) {
            Some(before) => usize::from(*self.ends.get(before)?),
            None => 0,
        };
        self.text.get(start..usize::from(*self.ends.get(i)?))
    }

    /// Positions of the phrases that start with `word`.
    fn starting_with(&self, word: &str) -> std::ops::Range<usize> {
        let is_before = |i: usize| {
            self.phrase(i)
                .is_some_and(|p| first_word_cmp(p, word).is_lt())
        };
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let mid = low + (high - low) / 2;
            if is_before(mid) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        // Few phrases share a first word: a step at a time beats a second binary search.
        let end = (low..self.len())
            .find(|&i| {
                !self
                    .phrase(i)
                    .is_some_and(|p| first_word_cmp(p, word).is_eq())
            })
            .unwrap_or(self.len());
        low..end
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The longest phrase starting at token `at`, if any.
    fn longest_at(&self, tokens: &[Token], at: usize) -> Option<Match> {
        let word = &tokens.get(at)?.word;
        let mut best: Option<Match> = None;
        let mut consider = |candidates: std::ops::Range<usize>| {
            for p in candidates {
                let Some(phrase) = self.phrase(p) else {
                    continue;
                };
                // Word by word, stopping at the first that differs (most stop at the second).
                let mut end = at;
                let matched = phrase.split(' ').all(|pw| {
                    let here = tokens.get(end).is_some_and(|t| word_matches(pw, &t.word));
                    end += 1;
                    here
                });
                if matched && best.map_or(true, |b| end > b.end) {
                    best = Some(Match {
                        start: at,
                        end,
                        phrase: p,
                    });
                }
            }
        };
        plain_forms(word, |form| consider(self.starting_with(form)));
        best
    }

    /// Every non-overlapping match, longest first at each position, left to right.
    pub fn find_all(&self, tokens: &[Token]) -> Vec<Match> {
        let mut found = Vec::new();
        if self.is_empty() {
            return found;
        }
        let mut i = 0;
        while i < tokens.len() {
            match self.longest_at(tokens, i) {
                Some(m) => {
                    found.push(m);
                    i = m.end.max(i + 1);
                }
                None => i += 1,
            }
        }
        found
    }

    /// The longest phrase starting at token `at`, if any.
    pub fn match_at(&self, tokens: &[Token], at: usize) -> Option<Match> {
        self.longest_at(tokens, at)
    }

    pub fn first(&self, tokens: &[Token]) -> Option<Match> {
        if self.is_empty() {
            return None;
        }
        (0..tokens.len()).find_map(|i| self.longest_at(tokens, i))
    }

    pub fn contains(&self, tokens: &[Token]) -> bool {
        self.first(tokens).is_some()
    }

    /// True when the whole token list is one of the phrases ("Yes", "No thanks").
    pub fn is_exactly(&self, tokens: &[Token]) -> bool {
        !tokens.is_empty()
            && self
                .longest_at(tokens, 0)
                .is_some_and(|m| m.end == tokens.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A set built as build.rs builds the rules' sets, leaked to be `'static` as theirs are.
    fn set(p: &[&str]) -> PhraseSet {
        let phrases: Vec<String> = p.iter().map(|s| s.to_string()).collect();
        let compiled = crate::rules::file::compile_phrases(&phrases);
        let (text, ends) = crate::rules::file::packed(&compiled.by_first_word());
        PhraseSet {
            text: Box::leak(text.into_boxed_str()),
            ends: Box::leak(ends.into_boxed_slice()),
        }
    }

    proptest::proptest! {
        #[test]
        fn first_word_cmp_sorts_as_the_split_first_word_does(
            phrase in "[a-c' ]{0,8}", word in "[a-c']{0,5}",
        ) {
            let first = phrase.split(' ').next().unwrap_or("");
            proptest::prop_assert_eq!(first_word_cmp(&phrase, &word), first.cmp(word.as_str()));
        }
    }

    #[test]
    fn phrases_match_whole_words_with_simple_endings() {
        let s = set(&["adviser", "share", "work coach"]);
        assert!(s.contains(&tokenize("Your ADVISERS can see it")));
        assert!(s.contains(&tokenize("It is shared.")));
        assert!(s.contains(&tokenize("my work coach's notes")));
        assert!(!s.contains(&tokenize("shareholders and coaches")));
        assert!(!s.contains(&tokenize("work, coach")) || s.contains(&tokenize("work coach")));
    }

    #[test]
    fn longest_phrase_wins_and_matches_do_not_overlap() {
        let s = set(&["do not", "do not want", "not"]);
        let m = s.find_all(&tokenize("I do not want this, not at all"));
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].end - m[0].start, 3);
    }

    #[test]
    fn tokens_keep_apostrophes_and_mark_clauses() {
        let t = tokenize("Don’t share. Really? Yes");
        assert_eq!(t[0].word, "don't");
        assert!(t[2].clause_start);
        assert!(t[3].after_question);
    }

    #[test]
    fn bounding_cuts_at_a_word() {
        let b = bound("one two three four five six", 12);
        assert!(b.chars().count() <= 12, "{b}");
        assert!(b.ends_with('…'));
        assert_eq!(bound("short", 12), "short");
    }
}
