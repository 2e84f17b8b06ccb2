//! Splitting text into words: shared by the engine and build.rs, which splits the rules'
//! phrases with this same code when it compiles them in.

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

/// A character as a person reads it: `None` for one that shows nothing (a soft hyphen,
/// zero-width spaces and joiners, a byte-order mark), which a page can put inside a word to
/// split it for a program while it reads the same (issue 16); full-width forms as their
/// ASCII letters and digits.
fn as_read(c: char) -> Option<char> {
    match c {
        '\u{00AD}'
        | '\u{180E}'
        | '\u{200B}'..='\u{200D}'
        | '\u{2060}'..='\u{2064}'
        | '\u{FEFF}' => None,
        '\u{2018}' | '\u{2019}' => Some('\''),
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
        _ => Some(c),
    }
}

/// A character that shows nothing where it stands (see [`as_read`]).
pub fn shows_nothing(c: char) -> bool {
    as_read(c).is_none()
}

/// Cyrillic and Greek letters drawn like Latin ones, as their Latin letter.
fn latin_look_alike(c: char) -> Option<char> {
    Some(match c {
        'а' | 'α' => 'a',
        'в' => 'b',
        'с' | 'ϲ' => 'c',
        'ԁ' => 'd',
        'е' | 'ε' => 'e',
        'һ' | 'н' => 'h',
        'і' | 'ι' | 'ӏ' => 'i',
        'ј' => 'j',
        'к' | 'κ' => 'k',
        'м' => 'm',
        'о' | 'ο' | 'σ' => 'o',
        'р' | 'ρ' => 'p',
        'ԛ' => 'q',
        'ѕ' => 's',
        'т' | 'τ' => 't',
        'υ' => 'u',
        'ν' => 'v',
        'ԝ' => 'w',
        'х' | 'χ' => 'x',
        'у' | 'γ' => 'y',
        _ => return None,
    })
}

/// A lower-cased word written wholly in Latin letters and their look-alikes reads as the
/// Latin word ("ѕһаrе" is "share"); a word with any other letter of those scripts is left
/// as it is, so real Russian or Greek words are not changed.
fn unmask(word: String) -> String {
    if word.is_ascii() {
        return word;
    }
    let maskable = word
        .chars()
        .all(|c| !c.is_alphabetic() || c.is_ascii() || latin_look_alike(c).is_some());
    if !maskable {
        return word;
    }
    word.chars()
        .map(|c| latin_look_alike(c).unwrap_or(c))
        .collect()
}

/// Splits text into lower-cased words, as a person reads them (`as_read`, `unmask`).
/// Apostrophes inside words are kept ("don't").
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
        let Some(c) = as_read(c) else {
            continue;
        };
        let joins = c == '\''
            && !word.is_empty()
            && iter
                .peek()
                .and_then(|&(_, n)| as_read(n))
                .is_some_and(char::is_alphanumeric);
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
                    word: unmask(std::mem::take(&mut word)),
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
            word: unmask(word),
            start,
            end: text.len(),
            clause_start,
            after_question,
        });
    }
    tokens
}
