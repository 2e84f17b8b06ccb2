//! The engine's output: the stable JSON contract documented in the README.
//!
//! Field names and enum spellings here are a public contract shared by the CLI's
//! `--json`, the WebAssembly module and the extension. Add fields; never rename them.

use serde::{Deserialize, Serialize};

/// What an audit of one page found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub url: String,
    pub site: Site,
    /// Warnings only: controls and statements that share data before the person acts.
    pub findings: Vec<Finding>,
    /// The page was too big to check in full: only its first part was read, so settings
    /// further on may be missing. Left out of the JSON when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub checked_in_part: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Site {
    /// Lower-case host of `url`, empty when the URL has none.
    pub host: String,
    /// Display name of the known site the host belongs to, if any.
    pub known: Option<String>,
}

/// One warning: a control or statement through which data is shared, on by default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub category: Category,
    pub recipients: Vec<Recipient>,
    pub control: Control,
    /// The text a person reads for this control: what the decision rested on.
    pub label: String,
    /// A CSS selector that finds the control (or statement) in the page.
    /// For a fragment audit it starts with `:scope`.
    pub selector: String,
    /// Always true: a finding is something that was on before the person acted.
    pub default_on: bool,
    /// On and disabled, or announced with no control: the person cannot say no here.
    pub locked: bool,
    /// Opt-out wording: leaving the box unticked is what shares.
    pub inverted: bool,
    pub severity: Severity,
    /// Id of the matching letter in the letter library.
    pub letter: String,
    /// Whether the control shares right now (differs from `default_on` once the person
    /// has changed it). Statements are always on.
    pub on_now: bool,
    /// The person switched it off and the page switched it back on.
    pub reticked: bool,
    /// How to switch it off on the person's click; None when it cannot be (locked,
    /// a statement, a hidden input).
    pub switch_off: Option<SwitchOff>,
    /// One plain sentence: what is shared and with whom.
    pub headline: String,
    /// One short sentence shown with the headline: what was done to this setting, or
    /// that the person cannot say no here. (Absent from reports made before it existed.)
    #[serde(default)]
    pub summary: String,
    /// Why it matters, and what the law says: shown on request ("Why?").
    pub why: String,
}

/// What the extension's "Untick it" button does, decided here rather than in the glue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SwitchOff {
    /// Selector of the element to act on (the box itself, the "No" radio, the "off" option).
    pub selector: String,
    pub action: SwitchOffAction,
    /// For `choose`: the words of the answer chosen ("No", "Only me"), so the button can
    /// say what it will do. Absent for the other actions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SwitchOffAction {
    /// Clear a checkbox or switch (aria-checked=false for ARIA switches).
    Uncheck,
    /// Tick an opt-out box.
    Check,
    /// Choose this radio button, or select this option.
    Choose,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    AdviserAccess,
    EmployerContact,
    PublicProfile,
    ThirdPartySharing,
    Marketing,
    BundledConsent,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::AdviserAccess,
        Category::EmployerContact,
        Category::PublicProfile,
        Category::ThirdPartySharing,
        Category::Marketing,
        Category::BundledConsent,
    ];

    /// The snake_case name used in JSON and in the rules file.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::AdviserAccess => "adviser_access",
            Category::EmployerContact => "employer_contact",
            Category::PublicProfile => "public_profile",
            Category::ThirdPartySharing => "third_party_sharing",
            Category::Marketing => "marketing",
            Category::BundledConsent => "bundled_consent",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recipient {
    Provider,
    Dwp,
    Employer,
    ThirdParty,
    Public,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Control {
    Checkbox,
    Radio,
    Select,
    Switch,
    Hidden,
    Statement,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Low,
    Medium,
    High,
}
