//! What a character reads as, looked up in the table build.rs makes from Unicode's data
//! (build_support/readings.rs): a few kilobytes instead of the crates' full tables.

use super::words::Reading;

include!(concat!(env!("OUT_DIR"), "/readings.rs"));

/// What `c`, already lower-cased, reads as.
pub fn reading(c: char) -> Reading {
    if c.is_ascii() {
        return Reading::Same;
    }
    let code = c as u32;
    let run = RUNS.partition_point(|&(_, last, ..)| last < code);
    if let Some(&(first, _, start, step, looks)) = RUNS.get(run).filter(|r| r.0 <= code) {
        // The generator only makes runs that stay within ASCII.
        let byte = u32::from(start) + u32::from(step) * (code - first);
        let read = char::from_u32(byte).unwrap_or(c);
        return if looks {
            Reading::LooksLike(read)
        } else {
            Reading::As(read)
        };
    }
    match LONGER.binary_search_by_key(&code, |&(at, _)| at) {
        Ok(i) => Reading::AsText(LONGER[i].1),
        Err(_) => Reading::Same,
    }
}

/// A combining mark (an accent drawn on the letter before it), part of the word it is in.
pub fn is_mark(c: char) -> bool {
    let code = c as u32;
    !c.is_ascii() && {
        let range = MARKS.partition_point(|&(_, last)| last < code);
        MARKS.get(range).is_some_and(|&(first, _)| first <= code)
    }
}
