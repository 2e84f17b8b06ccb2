//! The letter library: refusal, withdrawal and request wording, one template per id.
//! (Skeleton: the letters issue fills this in.)

use serde::{Deserialize, Serialize};

/// What the person told the options page (or the CLI flags). Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Details {
    pub name: Option<String>,
    pub ni_number: Option<String>,
    pub provider: Option<String>,
    pub adviser: Option<String>,
    pub account_email: Option<String>,
}

/// What is known about the page and the day.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LetterContext {
    /// The known site's name, e.g. "MyWorkSearch".
    pub site_name: Option<String>,
    /// The host the person was on, e.g. "www.myworksearch.co.uk".
    pub host: Option<String>,
    /// Today in UK format, e.g. "22 November 2026"; the caller supplies it.
    pub date: Option<String>,
    /// The labels of the flagged settings, exactly as the page showed them.
    pub settings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LetterInfo {
    pub id: String,
    pub title: String,
    /// Who it is sent to, e.g. "your employment programme provider".
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LetterError {
    UnknownId(String),
}

impl std::fmt::Display for LetterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LetterError::UnknownId(id) => {
                write!(f, "no letter called '{id}' (see `untick letter list`)")
            }
        }
    }
}

impl std::error::Error for LetterError {}

pub fn list() -> Vec<LetterInfo> {
    Vec::new()
}

pub fn render(
    id: &str,
    _details: &Details,
    _context: &LetterContext,
) -> Result<String, LetterError> {
    Err(LetterError::UnknownId(id.to_string()))
}

/// Today's date in UK format ("22 November 2026"), from the system clock (UTC).
#[cfg(not(target_arch = "wasm32"))]
pub fn uk_date_today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    uk_date(y, m, d)
}

/// "22 November 2026".
pub fn uk_date(year: i64, month: u32, day: u32) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let name = MONTHS
        .get(month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("January");
    format!("{day} {name} {year}")
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (Howard Hinnant's algorithm).
#[cfg(not(target_arch = "wasm32"))]
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}
