//! Plain text handling: collapsing whitespace, splitting into words, and matching
//! phrase lists on whole words (no regular expressions: they cost code size).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A small fast hash for short words (the std default is built to resist attacks on
/// maps keyed by untrusted input; these keys come from the rules file).
#[derive(Default, Clone, Copy)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type WordMap<V> = HashMap<String, V, BuildHasherDefault<WordHasher>>;

/// One word of a text, lower-cased, with where it sits in the original.
#[derive(Debug, Clone)]
pub struct Token {
    pub word: String,
    /// Byte range in the text the token came from.
    pub start: usize,
    pub end: usize,
    /// A sentence or clause ends between the previous token and this one.
    pub clause_start: bool,
    /// The previous sentence ended with a question mark.
    pub after_question: bool,
}

/// Splits text into lower-cased words. Apostrophes inside words are kept ("don't").
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    let mut start = 0;
    let mut clause_start = true;
    let mut after_question = false;
    let mut pending_break = false;
    let mut pending_question = false;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let c = if c == '\u{2019}' || c == '\u{2018}' {
            '\''
        } else {
            c
        };
        let joins =
            c == '\'' && !word.is_empty() && iter.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || joins {
            if word.is_empty() {
                start = i;
                clause_start = pending_break || tokens.is_empty();
                after_question = pending_question;
                pending_break = false;
                pending_question = false;
            }
            word.extend(c.to_lowercase());
        } else {
            if !word.is_empty() {
                tokens.push(Token {
                    word: std::mem::take(&mut word),
                    start,
                    end: i,
                    clause_start,
                    after_question,
                });
            }
            if matches!(
                c,
                '.' | '!' | '?' | ';' | ':' | '(' | ')' | '\n' | '\u{2022}' | '|'
            ) {
                // "e.g." and decimals are rare enough in labels to ignore.
                pending_break = true;
                if c == '?' {
                    pending_question = true;
                } else if c != ')' && c != '(' {
                    pending_question = false;
                }
            }
        }
    }
    if !word.is_empty() {
        tokens.push(Token {
            word,
            start,
            end: text.len(),
            clause_start,
            after_question,
        });
    }
    tokens
}

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

fn word_matches(phrase_word: &str, text_word: &str) -> bool {
    if phrase_word == text_word {
        return true;
    }
    match text_word.strip_prefix(phrase_word) {
        Some(rest) => phrase_word.len() >= 4 && SUFFIXES.contains(&rest),
        None => false,
    }
}

/// Where a phrase matched, in token positions (end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub start: usize,
    pub end: usize,
    pub phrase: usize,
}

/// A list of phrases, indexed by first word so that matching is one pass over a text.
#[derive(Debug, Default)]
pub struct PhraseSet {
    phrases: Vec<Vec<String>>,
    by_first_word: WordMap<Vec<usize>>,
}

impl PhraseSet {
    pub fn new(phrases: &[String]) -> PhraseSet {
        let mut set = PhraseSet::default();
        for phrase in phrases {
            let words: Vec<String> = tokenize(phrase).into_iter().map(|t| t.word).collect();
            let Some(first) = words.first().cloned() else {
                continue;
            };
            set.by_first_word
                .entry(first)
                .or_default()
                .push(set.phrases.len());
            set.phrases.push(words);
        }
        set
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// The longest phrase starting at token `at`, if any.
    fn longest_at(&self, tokens: &[Token], at: usize) -> Option<Match> {
        let word = &tokens.get(at)?.word;
        let mut best: Option<Match> = None;
        let mut consider = |candidates: Option<&Vec<usize>>| {
            for &p in candidates.into_iter().flatten() {
                let Some(phrase) = self.phrases.get(p) else {
                    continue;
                };
                let end = at + phrase.len();
                let Some(window) = tokens.get(at..end) else {
                    continue;
                };
                if phrase
                    .iter()
                    .zip(window)
                    .all(|(pw, t)| word_matches(pw, &t.word))
                    && best.map_or(true, |b| end > b.end)
                {
                    best = Some(Match {
                        start: at,
                        end,
                        phrase: p,
                    });
                }
            }
        };
        consider(self.by_first_word.get(word.as_str()));
        for suffix in SUFFIXES {
            if let Some(stem) = word.strip_suffix(suffix) {
                if stem.len() >= 4 {
                    consider(self.by_first_word.get(stem));
                }
            }
        }
        best
    }

    /// Every non-overlapping match, longest first at each position, left to right.
    pub fn find_all(&self, tokens: &[Token]) -> Vec<Match> {
        let mut found = Vec::new();
        if self.phrases.is_empty() {
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

    pub fn first(&self, tokens: &[Token]) -> Option<Match> {
        if self.phrases.is_empty() {
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

    fn set(p: &[&str]) -> PhraseSet {
        PhraseSet::new(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>())
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
