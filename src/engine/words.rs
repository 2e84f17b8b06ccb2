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
    /// A comma stands between the previous token and this one: where a condition ends
    /// ("If you do not mark your CV as private, employers can see it").
    pub comma_before: bool,
}

/// What a character reads as, to a person, where that differs from the character itself.
/// Made from Unicode's data (build_support/readings.rs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    Same,
    /// A compatibility form or an accented letter: "ｓ", "𝐬" and "ś" read as "s" in any word.
    As(char),
    /// One character read as several: "ﬁ" is "fi".
    AsText(&'static str),
    /// A letter of another script drawn like this Latin one ("ѕ" like "s"): read so only in
    /// a word that is all Latin letters and look-alikes, so that real Russian or Greek
    /// words are left as they are.
    LooksLike(char),
}

/// A character that shows nothing where it stands, which a page can put inside a word to
/// split it for a program while it reads the same (issue 16): Unicode's
/// Default_Ignorable_Code_Point (soft hyphen, zero-width spaces and joiners, direction
/// marks, variation selectors, fillers, tags), as listed in DerivedCoreProperties.txt.
pub fn shows_nothing(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// Appends what a lower-cased character reads as to `word`; the look-alikes of other
/// scripts are kept as they are until the word is complete (`unmask`).
fn push_as_read(word: &mut String, c: char) {
    match super::reading::reading(c) {
        Reading::As(a) => word.push(a),
        Reading::AsText(text) => word.push_str(text),
        Reading::Same | Reading::LooksLike(_) => word.push(match c {
            '\u{2018}' | '\u{2019}' => '\'',
            c => c,
        }),
    }
}

/// A lower-cased word written wholly in Latin letters and their look-alikes reads as the
/// Latin word ("ѕһаrе" is "share"); a word with any other letter is left as it is.
fn unmask(word: String) -> String {
    if word.is_ascii() {
        return word;
    }
    let look_alike = |c: char| match super::reading::reading(c) {
        Reading::LooksLike(a) => Some(a),
        _ => None,
    };
    let maskable = word
        .chars()
        .all(|c| !c.is_alphabetic() || c.is_ascii() || look_alike(c).is_some());
    if !maskable {
        return word;
    }
    word.chars().map(|c| look_alike(c).unwrap_or(c)).collect()
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
    let mut pending_comma = false;
    let mut comma_before = false;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        // Accents drawn over the letter before them are read as part of it ("sha\u{301}re").
        if shows_nothing(c) || (!word.is_empty() && super::reading::is_mark(c)) {
            continue;
        }
        let joins = matches!(c, '\'' | '\u{2018}' | '\u{2019}')
            && !word.is_empty()
            && iter.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || joins {
            if word.is_empty() {
                start = i;
                clause_start = pending_break || tokens.is_empty();
                after_question = pending_question;
                comma_before = pending_comma;
                pending_break = false;
                pending_question = false;
                pending_comma = false;
            }
            for lower in c.to_lowercase() {
                push_as_read(&mut word, lower);
            }
        } else {
            if !word.is_empty() {
                tokens.push(Token {
                    word: unmask(std::mem::take(&mut word)),
                    start,
                    end: i,
                    clause_start,
                    after_question,
                    comma_before,
                });
            }
            // Full-width punctuation ends a clause as its ASCII form does.
            let c = match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                c => c,
            };
            // Full-width (mapped above), Arabic and ideographic commas too.
            pending_comma |= matches!(c, ',' | '\u{060C}' | '\u{3001}');
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
            comma_before,
        });
    }
    tokens
}
