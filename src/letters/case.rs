//! A sent letter's timeline, for the person's case file (issue 22): the date a reply is
//! due, how many days are left (or how long it is overdue), and the letter to send if no
//! answer comes, by when. All of it follows from the letter's own file: the reply date
//! the body asks for (`{month-later}` or `{week-later}`), `if_no_reply` and
//! `next_within` (docs/letters-format.md).

use serde::Serialize;

use super::dates::{self, days_from_civil};
use super::template::{uses, Key, Node};
use super::{library, uk_date};

/// A letter the person says they sent, and when ("2026-12-07").
#[derive(Debug, Clone)]
pub struct SentLetter {
    pub letter: String,
    pub sent: String,
}

/// Where a sent letter stands on `today`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CaseStep {
    pub letter: String,
    /// The letter's title, as the Letters page shows it.
    pub title: String,
    /// The day the reply is due, as in a letter ("7 January 2027"), and as "2027-01-07".
    pub reply_by: Option<String>,
    pub reply_by_day: Option<String>,
    /// Days from today to `reply_by`: negative once it has passed.
    pub days_left: Option<i32>,
    /// What to send if no full answer comes: its id and title.
    pub next_letter: Option<String>,
    pub next_title: Option<String>,
    /// The last day to send it (a complaint to the regulator: three months after the last
    /// contact, counted here from the day this letter was sent), and days left until then.
    pub next_by: Option<String>,
    pub next_days_left: Option<i32>,
}

/// "2026-12-07" as (2026, 12, 7), if it is a real date.
fn iso_day(text: &str) -> Option<(i64, u32, u32)> {
    // Read by hand: four, two and two digits (the integer parsers cost the module more).
    let bytes = text.trim().as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |from: usize, to: usize| {
        bytes[from..to].iter().try_fold(0u32, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    let (year, month, day) = (i64::from(number(0, 4)?), number(5, 7)?, number(8, 10)?);
    let ok = (1..=9999).contains(&year)
        && (1..=12).contains(&month)
        && day >= 1
        && day <= dates::days_in_month(year, month);
    ok.then_some((year, month, day))
}

fn iso((y, m, d): (i64, u32, u32)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days from one day to another (years 1 to 9999: well within an i32).
fn days_between(from: (i64, u32, u32), to: (i64, u32, u32)) -> i32 {
    (days_from_civil(to.0, to.1, to.2) - days_from_civil(from.0, from.1, from.2)) as i32
}

/// "3 months" (or "1 month") as 3: how a letter's file gives `next_within`.
pub(super) fn months_in(text: &str) -> Option<u32> {
    let (count, unit) = text.trim().split_once(' ')?;
    let count = count.bytes().try_fold(0u32, |n, b| {
        (b.is_ascii_digit() && n < 100).then(|| n * 10 + u32::from(b - b'0'))
    })?;
    (count > 0 && matches!(unit, "month" | "months")).then_some(count)
}

/// Each sent letter's step on `today` ("2027-02-07"), in the order given. A letter that
/// is unknown, or a date that is not one, is an error: nothing is guessed.
pub fn case_steps(sent: &[SentLetter], today: &str) -> Result<Vec<CaseStep>, &'static str> {
    let today = iso_day(today).ok_or("today is not a date")?;
    sent.iter()
        .map(|entry| {
            let letter = library()
                .iter()
                .flatten()
                .find(|l| l.id == entry.letter)
                .ok_or("no such letter")?;
            let day = iso_day(&entry.sent).ok_or("a day sent is not a date")?;
            let mut step = CaseStep {
                letter: letter.id.clone(),
                title: letter.title.clone(),
                ..CaseStep::default()
            };
            if let Some(due) = letter.reply_within.map(|within| within.after(day)) {
                step.reply_by = Some(uk_date(due.0, due.1, due.2));
                step.reply_by_day = Some(iso(due));
                step.days_left = Some(days_between(today, due));
            }
            if let Some(next) = letter.if_no_reply.as_deref() {
                let next_letter = library().iter().flatten().find(|l| l.id == next);
                step.next_letter = Some(next.to_string());
                step.next_title = next_letter.map(|l| l.title.clone());
                if let Some(months) = letter.next_within_months {
                    let by = dates::months_later(day, months);
                    step.next_by = Some(uk_date(by.0, by.1, by.2));
                    step.next_days_left = Some(days_between(today, by));
                }
            }
            Ok(step)
        })
        .collect()
}

/// How long a letter gives for a reply, from the date it asks for in its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyWithin {
    /// `{month-later}`: one calendar month.
    Month,
    /// `{week-later}`: seven days.
    Week,
}

impl ReplyWithin {
    pub(super) fn of_body(nodes: &[Node]) -> Option<ReplyWithin> {
        if uses(nodes, Key::MonthLater) {
            Some(ReplyWithin::Month)
        } else if uses(nodes, Key::WeekLater) {
            Some(ReplyWithin::Week)
        } else {
            None
        }
    }

    fn after(self, day: (i64, u32, u32)) -> (i64, u32, u32) {
        match self {
            ReplyWithin::Month => dates::month_later(day),
            ReplyWithin::Week => dates::days_later(day, 7),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(letter: &str, day: &str) -> SentLetter {
        SentLetter {
            letter: letter.into(),
            sent: day.into(),
        }
    }

    #[test]
    fn a_withdrawal_sent_two_months_ago_is_overdue_and_leads_to_the_complaint() {
        let steps = case_steps(&[sent("withdraw-provider", "2026-10-07")], "2026-12-07").unwrap();
        let step = &steps[0];
        assert_eq!(step.reply_by.as_deref(), Some("7 November 2026"));
        assert_eq!(step.days_left, Some(-30));
        assert_eq!(step.next_letter.as_deref(), Some("escalate-dpo"));
        assert_eq!(
            step.next_title.as_deref(),
            Some("Make a data protection complaint to the organisation")
        );
        assert_eq!(
            step.next_by, None,
            "no deadline for the complaint to the organisation"
        );
    }

    #[test]
    fn the_complaint_to_the_organisation_leads_to_the_regulator_within_three_months() {
        let steps = case_steps(&[sent("escalate-dpo", "2026-11-30")], "2026-12-07").unwrap();
        let step = &steps[0];
        assert_eq!(step.reply_by.as_deref(), Some("30 December 2026"));
        assert_eq!(step.days_left, Some(23));
        assert_eq!(step.next_letter.as_deref(), Some("complain-ico"));
        assert_eq!(step.next_by.as_deref(), Some("28 February 2027"));
        assert_eq!(step.next_days_left, Some(83));
    }

    #[test]
    fn a_letter_that_asks_for_no_date_has_nothing_due() {
        let steps = case_steps(&[sent("complain-ico", "2026-12-01")], "2026-12-07").unwrap();
        assert_eq!(steps[0].reply_by, None);
        assert_eq!(steps[0].next_letter, None);
        let steps = case_steps(&[sent("decline-site", "2026-12-01")], "2026-12-07").unwrap();
        assert_eq!(
            steps[0].reply_by.as_deref(),
            Some("8 December 2026"),
            "it asks within a week"
        );
    }

    #[test]
    fn an_unknown_letter_or_a_date_that_is_not_one_is_an_error() {
        assert!(case_steps(&[sent("no-such-letter", "2026-12-01")], "2026-12-07").is_err());
        for bad in [
            "2026-02-30",
            "yesterday",
            "",
            "2026-13-01",
            "99999999999999999999-1-1",
        ] {
            assert!(
                case_steps(&[sent("withdraw-site", bad)], "2026-12-07").is_err(),
                "{bad}"
            );
        }
        assert!(case_steps(&[], "not a day").is_err());
    }

    #[test]
    fn every_next_letter_exists_and_its_after_text_names_it() {
        for letter in library().iter().flatten() {
            let Some(next) = letter.if_no_reply.as_deref() else {
                assert!(letter.next_within_months.is_none(), "{}", letter.id);
                continue;
            };
            let next = library().iter().flatten().find(|l| l.id == next);
            let next = next.unwrap_or_else(|| panic!("{}: no letter {next:?}", letter.id));
            assert!(
                letter.after.contains(&format!("“{}”", next.title)),
                "{}'s after-text should name “{}”, the letter to send if no answer comes",
                letter.id,
                next.title
            );
            assert!(
                letter.reply_within.is_some(),
                "{} asks for no reply date",
                letter.id
            );
        }
    }
}
