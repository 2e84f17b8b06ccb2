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
