//! Detection: HTML in, findings out.
//!
//! The page is parsed with scraper (html5ever); there is no DOM, so the same code runs
//! natively and in the extension's service worker. Controls are read in document
//! order, each with the text a person reads for it; then free text is read for
//! sentences that announce sharing with no way to refuse. All the words come from
//! rules/rules.toml.

pub mod bounds;
mod classify;
mod clause;
pub(crate) mod dom;
mod labels;
mod reading;
mod site;
pub mod snapshot;
pub(crate) mod text;
pub(crate) mod words;

use std::collections::{HashMap, HashSet};

use ego_tree::NodeId;
use scraper::{Html, Node};

use crate::report::{Category, Control, Finding, Recipient, Report, SwitchOff, SwitchOffAction};
use crate::rules::{rules, Rules};
use classify::{Reading, Verdict};
use dom::{attr, attr_lower, has_attr, tag, text_of, walk, Doc, NodeR, Step, TextOptions};
use labels::{Source, Used};
use text::{bound, collapse_whitespace, tokenize};

pub use site::site_of;

/// At most this many warnings per page: more would help nobody.
pub const MAX_FINDINGS: usize = 200;
/// Labels are shown to people; keep them readable.
pub const MAX_LABEL_CHARS: usize = 300;
/// Controls read per page; the rest are ignored (a page with more is not a form).
const MAX_CONTROLS: usize = 100_000;
/// Bytes of text read for statements per page, in document order (about 170,000 words,
/// far more than any form or notice): one audit's time stays bounded, so a page made of
/// statements cannot hold up the audits of other tabs, which wait their turn in the
/// background (issue 16).
pub const MAX_STATEMENT_BYTES: usize = 1_000_000;

/// Audits a whole page. Never panics.
pub fn audit_document(html: &str, url: &str) -> Report {
    audit(html, url, false)
}

/// Audits a piece of a page; selectors start with `:scope` at the piece's parent.
pub fn audit_fragment(html: &str, url: &str) -> Report {
    audit(html, url, true)
}

fn audit(html: &str, url: &str, fragment: bool) -> Report {
    let capped = bounds::bound_markup(html);
    let source = capped.as_deref().unwrap_or(html);
    let mut parsed = if fragment {
        Html::parse_fragment(source)
    } else {
        Html::parse_document(source)
    };
    keep_what_a_snapshot_sends(&mut parsed);
    audit_tree(&parsed, url, fragment, TreeSource::SavedPage)
}

/// Elements whose content the extension's snapshot leaves out (docs/extension.md): what
/// they hold is never shown as the page.
pub const CONTENT_NOT_SENT: [&str; 4] = ["script", "style", "template", "noscript"];

/// Makes a parsed page the tree its snapshot would be: comments and the content of
/// [`CONTENT_NOT_SENT`] left out. Otherwise the two front-ends read one page differently
/// (found by the fuzz driver's differential mode, tests/fuzz.rs): an unclosed `<template>`
/// holds the rest of the page in the parser's tree, and a comment between two texts
/// ("phone<!---->work") was read as a break between words.
fn keep_what_a_snapshot_sends(parsed: &mut Html) {
    let unsent: Vec<NodeId> = parsed
        .tree
        .nodes()
        .filter(|n| match n.value() {
            Node::Comment(_) | Node::ProcessingInstruction(_) => true,
            Node::Element(e) => n.has_children() && CONTENT_NOT_SENT.contains(&e.name()),
            _ => false,
        })
        .flat_map(|n| {
            // A comment goes itself; an element keeps itself and loses what it holds.
            if n.value().is_element() {
                n.children().map(|c| c.id()).collect::<Vec<_>>()
            } else {
                vec![n.id()]
            }
        })
        .collect();
    for id in unsent {
        if let Some(mut node) = parsed.tree.get_mut(id) {
            node.detach();
        }
    }
}

/// Where a tree came from, which decides whether its `data-untick-now` and
/// `data-untick-user` attributes are believed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum TreeSource {
    /// A page's HTML (a saved page, for the CLI): any such attributes are the page's own
    /// writing, never Untick's, so a control's state is its markup's (issue 16).
    SavedPage,
    /// The extension's snapshot of a live page: the content script writes those
    /// attributes with the live state and drops any the page wrote (docs/extension.md).
    LiveSnapshot,
}

/// Audits a parsed page, or a piece of one (`fragment`: the HTML parser's fragment shape,
/// see [`snapshot::tree_from_snapshot`]). Never panics.
pub fn audit_tree(parsed: &Html, url: &str, fragment: bool, source: TreeSource) -> Report {
    let doc = Doc::new(parsed, fragment);
    let mut audit = Audit::new(&doc, rules(), source);
    audit.run();
    Report {
        url: url.to_string(),
        site: site_of(url),
        findings: audit.findings,
        checked_in_part: audit.left_unread,
    }
}

/// The on/off state of an element carrying state, per the snapshot contract.
#[derive(Clone, Copy)]
struct State {
    /// As the page arrived.
    default: bool,
    /// Now.
    now: bool,
    /// What the person last set, if they did.
    user: Option<bool>,
}

impl State {
    /// The person switched it off and the page switched it back on.
    fn reticked(self) -> bool {
        self.user == Some(false) && self.now
    }
}

fn on_off(value: &str) -> Option<bool> {
    match value {
        "on" => Some(true),
        "off" => Some(false),
        _ => None,
    }
}

fn state_of(node: NodeR<'_>, default: bool, source: TreeSource) -> State {
    if source == TreeSource::SavedPage {
        return State {
            default,
            now: default,
            user: None,
        };
    }
    State {
        default,
        now: on_off(&attr_lower(node, "data-untick-now")).unwrap_or(default),
        user: on_off(&attr_lower(node, "data-untick-user")),
    }
}

/// How a finding came to be, for its wording.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Ticked,
    Chosen,
    Inverted,
    Locked,
    Hidden,
    Statement,
    Bundled,
}

/// What a control's texts say it does.
enum Decision {
    Shares(Verdict, String),
    /// Accepts terms and agrees to sharing in one box.
    Bundled(Vec<Recipient>, String),
    /// Says nothing of sharing; carries the control's own words, if any.
    Nothing(Option<String>),
    /// Never a warning (remember me), or a reassurance on a terms box.
    Ignore,
}

struct Question {
    verdict: Option<Verdict>,
    text: String,
}

struct Draft {
    node: NodeId,
    verdict: Verdict,
    control: Control,
    label: String,
    locked: bool,
    kind: Kind,
    on_now: bool,
    reticked: bool,
    switch_off: Option<SwitchOff>,
}

struct Audit<'d, 'a> {
    doc: &'d Doc<'a>,
    rules: &'static Rules,
    used: Used,
    findings: Vec<Finding>,
    flagged: HashSet<NodeId>,
    registration_page: bool,
    /// More controls than [`MAX_CONTROLS`], or more statement text than
    /// [`MAX_STATEMENT_BYTES`]: what came after was not read.
    left_unread: bool,
    source: TreeSource,
}

/// A job advert or a list of results, by its class, id or schema.org type: its text
/// is the advert's, not a statement about the reader's account.
fn is_listing(node: NodeR<'_>, markers: &[&str]) -> bool {
    let Some(e) = node.value().as_element() else {
        return false;
    };
    let mut found = false;
    for (name, value) in e.attrs() {
        if !matches!(name, "class" | "id" | "itemtype") || value.is_empty() {
            continue;
        }
        let value = value.to_ascii_lowercase();
        found |= value.contains("jobposting") || markers.iter().any(|m| value.contains(*m));
    }
    // An unmarked <article> with an "Apply" link is an advert too.
    found || (e.name() == "article" && has_apply_link(node))
}

/// A cookie notice: marked so by its class, id or accessible name, short, saying
/// "cookie", and not wrapping the page's content. Its sentences are about cookies, and
/// it offers its own choice. Never the page itself: a cookie script may mark the whole
/// page (`<body class="cookies-accepted">`).
fn is_cookie_notice(node: NodeR<'_>, markers: &[&str]) -> bool {
    let Some(e) = node.value().as_element() else {
        return false;
    };
    if matches!(e.name(), "html" | "body" | "main" | "form" | "fieldset") {
        return false;
    }
    let marked = e
        .attrs()
        .filter(|(name, _)| matches!(*name, "class" | "id" | "aria-label"))
        .any(|(_, value)| {
            let value = value.to_ascii_lowercase();
            markers.iter().any(|m| value.contains(*m))
        });
    if !marked {
        return false;
    }
    // A wrapper round the page's content is not a notice, whatever its name.
    let wraps_the_page = node.descendants().take(5000).any(|d| {
        d.value().as_element().is_some_and(|e| {
            matches!(e.name(), "main" | "form" | "h1") || e.attr("role") == Some("main")
        })
    });
    if wraps_the_page {
        return false;
    }
    // A notice is short, and says what it is about.
    let text = text_of(
        node,
        TextOptions {
            skip_controls: false,
            max_bytes: MAX_COOKIE_NOTICE_BYTES + 1,
        },
    );
    let says_cookie = |t: &str| t.to_lowercase().contains("cookie");
    text.len() <= MAX_COOKIE_NOTICE_BYTES
        && (says_cookie(&text) || e.attr("aria-label").is_some_and(says_cookie))
}

/// Longest text a cookie notice has; anything longer is more than a notice.
const MAX_COOKIE_NOTICE_BYTES: usize = 2000;

fn has_apply_link(node: NodeR<'_>) -> bool {
    let mut found = false;
    let mut steps = 0;
    walk(node, |n| {
        steps += 1;
        if steps > 3000 {
            return Step::Stop;
        }
        if matches!(tag(n), "a" | "button") {
            let text = text_of(n, dom::LABEL_TEXT).to_lowercase();
            if text.starts_with("apply") {
                found = true;
                return Step::Stop;
            }
            return Step::Skip;
        }
        Step::Descend
    });
    found
}

/// Most characters of an answer's words that a button names ("Choose: No").
const MAX_CHOICE_CHARS: usize = 40;

/// An answer's words as a button names them; None when it has none.
fn choice_words(text: &str) -> Option<String> {
    let text = collapse_whitespace(text);
    (!text.is_empty()).then(|| bound(&text, MAX_CHOICE_CHARS))
}

/// A radio (native or ARIA) chosen as the page arrived.
fn is_chosen(node: NodeR<'_>) -> bool {
    if tag(node) == "input" {
        has_attr(node, "checked")
    } else {
        attr_lower(node, "aria-checked") == "true"
    }
}

fn is_locked(node: NodeR<'_>) -> bool {
    if has_attr(node, "disabled")
        || attr_lower(node, "aria-disabled") == "true"
        || attr_lower(node, "aria-readonly") == "true"
        || attr_lower(node, "onclick")
            .replace(' ', "")
            .contains("returnfalse")
    {
        return true;
    }
    dom::ancestors(node)
        .take(32)
        .any(|a| tag(a) == "fieldset" && has_attr(a, "disabled"))
}

/// Splits an identifier such as `allowAdviserAccess` or `share_cv-with.provider` into words.
fn identifier_words(id: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in id.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && prev_lower {
                out.push(' ');
            }
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
            out.push(c);
        } else {
            out.push(' ');
            prev_lower = false;
        }
    }
    out
}

impl<'d, 'a> Audit<'d, 'a> {
    fn new(doc: &'d Doc<'a>, rules: &'static Rules, source: TreeSource) -> Self {
        Audit {
            doc,
            rules,
            source,
            used: Used::default(),
            findings: Vec::new(),
            flagged: HashSet::new(),
            registration_page: false,
            left_unread: false,
        }
    }

    fn run(&mut self) {
        let mut controls: Vec<NodeR<'a>> = Vec::new();
        let mut visible_names: HashSet<&'a str> = HashSet::new();
        let mut has_password = false;
        let mut registration_words = false;
        let mut left_unread = false;
        let words = &self.rules.words;
        walk(self.doc.root(), |n| {
            let Some(e) = n.value().as_element() else {
                return Step::Descend;
            };
            let name = e.name();
            if dom::is_unread_tag(name) {
                return Step::Skip;
            }
            let role = attr_lower(n, "role");
            match name {
                "input" => {
                    let ty = attr_lower(n, "type");
                    if ty == "password" {
                        has_password = true;
                    }
                    if ty != "hidden" {
                        if let Some(field) = e.attr("name") {
                            visible_names.insert(field);
                        }
                    }
                    if matches!(ty.as_str(), "checkbox" | "radio" | "hidden") {
                        controls.push(n);
                    }
                    if ty == "submit" || ty == "button" {
                        let v = tokenize(e.attr("value").unwrap_or(""));
                        registration_words |= words.registration.contains(&v);
                    }
                }
                "select" => {
                    if let Some(field) = e.attr("name") {
                        visible_names.insert(field);
                    }
                    controls.push(n);
                    return Step::Skip;
                }
                "button" | "h1" | "h2" if !registration_words => {
                    let t = tokenize(&text_of(n, dom::LABEL_TEXT));
                    registration_words |= words.registration.contains(&t);
                }
                _ => {}
            }
            if (role == "switch" || role == "checkbox" || role == "radio") && name != "input" {
                controls.push(n);
            }
            if controls.len() >= MAX_CONTROLS {
                left_unread = true;
                return Step::Stop;
            }
            Step::Descend
        });
        self.registration_page = has_password && registration_words;
        self.left_unread = left_unread;

        // Radio groups: by form and name; a nameless radio is a group of one.
        let mut groups: HashMap<(Option<NodeId>, &'a str), Vec<NodeR<'a>>> = HashMap::new();
        for &c in &controls {
            if tag(c) == "input" && attr_lower(c, "type") == "radio" {
                if let Some(name) = attr(c, "name").filter(|n| !n.is_empty()) {
                    let form = dom::ancestors(c)
                        .find(|a| tag(*a) == "form")
                        .map(|f| f.id());
                    groups.entry((form, name)).or_default().push(c);
                }
            }
        }

        let mut seen_groups: HashSet<(Option<NodeId>, &'a str)> = HashSet::new();
        let mut seen_aria_groups: HashSet<NodeId> = HashSet::new();
        for &c in &controls {
            if self.findings.len() >= MAX_FINDINGS {
                break;
            }
            let draft = match tag(c) {
                "select" => self.select(c),
                "input" => match attr_lower(c, "type").as_str() {
                    "checkbox" => self.checkbox(c),
                    "hidden" => self.hidden(c, &visible_names),
                    "radio" => {
                        let name = attr(c, "name").filter(|n| !n.is_empty());
                        match name {
                            Some(name) => {
                                let form = dom::ancestors(c)
                                    .find(|a| tag(*a) == "form")
                                    .map(|f| f.id());
                                let key = (form, name);
                                if seen_groups.insert(key) {
                                    let radios = groups.get(&key).cloned().unwrap_or_default();
                                    self.radio_group(&radios)
                                } else {
                                    None
                                }
                            }
                            None => self.radio_group(&[c]),
                        }
                    }
                    _ => None,
                },
                _ if attr_lower(c, "role") == "radio" => {
                    // ARIA radios: grouped by their radiogroup (or their parent).
                    let group = dom::ancestors(c)
                        .take(8)
                        .find(|a| attr_lower(*a, "role") == "radiogroup")
                        .or_else(|| c.parent());
                    match group {
                        Some(g) if seen_aria_groups.insert(g.id()) => {
                            let radios: Vec<NodeR<'a>> = controls
                                .iter()
                                .filter(|r| {
                                    attr_lower(**r, "role") == "radio"
                                        && r.ancestors().any(|a| a.id() == g.id())
                                })
                                .copied()
                                .collect();
                            self.radio_group(&radios)
                        }
                        _ => None,
                    }
                }
                _ => self.aria_widget(c),
            };
            if let Some(d) = draft {
                self.emit(d);
            }
        }
        self.statements();
    }

    /// Reads a control's texts in order; the first that says something decides. A bare
    /// answer ("Yes") is combined with the question found after it. With `bundling`,
    /// a box's own words that accept terms and agree to sharing make it bundled consent.
    fn decide(&mut self, c: NodeR<'a>, bundling: bool) -> Decision {
        // Its description belongs to it even when the label alone decides.
        if let Some(ids) = attr(c, "aria-describedby") {
            for id in ids.split_whitespace().take(16) {
                if let Some(n) = self.doc.by_id(id) {
                    self.used.nodes.insert(n.id());
                }
            }
        }
        let mut lazy = labels::Lazy::new(c);
        let mut answer: Option<(bool, String)> = None;
        let mut own: Option<String> = None;
        let mut own_label = false;
        while let Some(cand) = lazy.next(self.doc, &mut self.used) {
            let tokens = tokenize(&cand.text);
            let is_own = matches!(cand.source, Source::Label | Source::Following);
            if is_own && own.is_none() {
                own = Some(cand.text.clone());
            }
            let reading = classify::read_control_text(self.rules, &tokens);
            if bundling && is_own && classify::accepts_terms(self.rules, &tokens) {
                if let Reading::Sharing(v) = &reading {
                    if v.inverted {
                        // "Accepting does not let your provider see...": a reassurance
                        // on a box that must be ticked, not an opt-out.
                        return Decision::Ignore;
                    }
                    let all: Vec<Recipient> = self.rules.recipients.iter().map(|r| r.id).collect();
                    let mut recipients = classify::recipients_named(self.rules, &tokens, &all);
                    for r in &v.recipients {
                        if !recipients.contains(r) {
                            recipients.push(*r);
                        }
                    }
                    return Decision::Bundled(recipients, cand.text);
                }
            }
            match reading {
                Reading::NotAWarning => {
                    if matches!(
                        cand.source,
                        Source::Label | Source::Following | Source::Hint
                    ) {
                        return Decision::Ignore;
                    }
                }
                Reading::Sharing(mut v) => {
                    if let Some(n) = cand.node {
                        self.used.nodes.insert(n);
                    }
                    let label = match &answer {
                        Some((yes, text)) => {
                            v.inverted ^= !yes;
                            format!("{} {}", cand.text, text)
                        }
                        None => cand.text.clone(),
                    };
                    return Decision::Shares(v, label);
                }
                Reading::Nothing => {
                    if cand.source == Source::Label {
                        // A bare answer ("Yes", "No thanks") looks for its question.
                        let bare = tokens.len() <= 4;
                        match classify::answer(self.rules, &tokens).filter(|_| bare) {
                            Some(yes) => answer = Some((yes, cand.text.clone())),
                            // A box with words of its own ("I accept the terms") is
                            // about those words: text around it is not its label.
                            None => own_label = true,
                        }
                    }
                }
            }
            if own_label && cand.source != Source::Label {
                break;
            }
            if own_label && cand.source == Source::Label {
                // Its hint (aria-describedby, hint text) may still say what it does.
                if let Some(hint) = lazy.next(self.doc, &mut self.used) {
                    if hint.source == Source::Hint {
                        if let Reading::Sharing(v) =
                            classify::read_control_text(self.rules, &tokenize(&hint.text))
                        {
                            return Decision::Shares(v, hint.text);
                        }
                    }
                }
                break;
            }
        }
        Decision::Nothing(own)
    }

    fn checkbox(&mut self, c: NodeR<'a>) -> Option<Draft> {
        let control = if attr_lower(c, "role") == "switch" {
            Control::Switch
        } else {
            Control::Checkbox
        };
        let (verdict, label) = match self.decide(c, true) {
            Decision::Shares(v, label) => (v, label),
            Decision::Nothing(Some(own)) => self.in_group(c, &own)?,
            Decision::Nothing(None) | Decision::Ignore => return None,
            Decision::Bundled(recipients, label) => {
                let st = state_of(c, has_attr(c, "checked"), self.source);
                return Some(Draft {
                    node: c.id(),
                    verdict: Verdict {
                        category: Category::BundledConsent,
                        recipients,
                        inverted: false,
                    },
                    control,
                    label,
                    locked: false,
                    kind: Kind::Bundled,
                    on_now: true,
                    reticked: st.reticked(),
                    switch_off: None,
                });
            }
        };
        let checked = has_attr(c, "checked");
        self.toggle_draft(c, control, checked, verdict, label)
    }

    /// A box in a group whose heading says what the boxes share ("What your adviser
    /// can see: [x] My private notes").
    fn in_group(&mut self, c: NodeR<'a>, own: &str) -> Option<(Verdict, String)> {
        let fieldset = dom::ancestors(c).take(16).find(|a| tag(*a) == "fieldset")?;
        let legend = fieldset.children().find(|n| tag(*n) == "legend")?;
        let heading = text_of(legend, dom::LABEL_TEXT);
        let combined = format!("{heading} {own}");
        match classify::read_control_text(self.rules, &tokenize(&combined)) {
            Reading::Sharing(v) => {
                self.used.nodes.insert(legend.id());
                Some((v, combined))
            }
            _ => None,
        }
    }

    /// A box or switch: a finding when its default state shares.
    fn toggle_draft(
        &self,
        c: NodeR<'a>,
        control: Control,
        checked: bool,
        verdict: Verdict,
        label: String,
    ) -> Option<Draft> {
        let st = state_of(c, checked, self.source);
        let shares = |on: bool| on != verdict.inverted;
        if !shares(st.default) {
            return None;
        }
        let locked = is_locked(c);
        let switch_off = (!locked).then(|| SwitchOff {
            selector: self.doc.selector(c),
            action: if verdict.inverted {
                SwitchOffAction::Check
            } else {
                SwitchOffAction::Uncheck
            },
            choice: None,
        });
        let kind = if locked {
            Kind::Locked
        } else if verdict.inverted {
            Kind::Inverted
        } else {
            Kind::Ticked
        };
        Some(Draft {
            node: c.id(),
            control,
            label,
            locked,
            kind,
            on_now: shares(st.now),
            reticked: st.user.is_some_and(|u| !shares(u)) && shares(st.now),
            switch_off,
            verdict,
        })
    }

    fn aria_widget(&mut self, c: NodeR<'a>) -> Option<Draft> {
        let control = if attr_lower(c, "role") == "switch" {
            Control::Switch
        } else {
            Control::Checkbox
        };
        let Decision::Shares(verdict, label) = self.decide(c, false) else {
            return None;
        };
        let checked = attr_lower(c, "aria-checked") == "true";
        self.toggle_draft(c, control, checked, verdict, label)
    }

    /// What choosing this option or radio would do, given the question it answers.
    fn option_shares(&self, own: &str, question: &Question) -> Option<(bool, Verdict, String)> {
        let tokens = tokenize(own);
        let bare = own.trim().to_lowercase();
        let words = &self.rules.words;
        if words.private_choices.contains(&tokens) {
            return Some((
                false,
                Verdict {
                    category: Category::AdviserAccess,
                    recipients: Vec::new(),
                    inverted: false,
                },
                own.to_string(),
            ));
        }
        let answer = classify::answer(self.rules, &tokens).or_else(|| {
            if words.on_values.contains(&bare.as_str()) {
                Some(true)
            } else if words.off_values.contains(&bare.as_str()) {
                Some(false)
            } else {
                None
            }
        });
        match classify::read_control_text(self.rules, &tokens) {
            Reading::Sharing(v) => {
                // An answer to a question about the same thing ("No, keep it private").
                if let (Some(yes), Some(qv)) = (answer, &question.verdict) {
                    let shares = yes != qv.inverted;
                    return Some((shares, qv.clone(), own.to_string()));
                }
                Some((!v.inverted, v, own.to_string()))
            }
            Reading::NotAWarning => None,
            Reading::Nothing => {
                // Joined as one clause: "Who can see this CV? Me and my adviser".
                let asked = question.text.trim_end_matches(['?', ':', '.', ' ']);
                let combined = format!("{asked} {own}");
                let shown = format!("{} {own}", question.text);
                match (answer, &question.verdict) {
                    (Some(yes), Some(qv)) => Some((yes != qv.inverted, qv.clone(), shown)),
                    // "Only me": shares nothing, whatever the question.
                    (Some(false), None) => Some((
                        false,
                        Verdict {
                            category: Category::AdviserAccess,
                            recipients: Vec::new(),
                            inverted: false,
                        },
                        shown,
                    )),
                    _ => {
                        // "Who can see your CV?" + "Any registered employer".
                        let joined = tokenize(&combined);
                        match classify::read_control_text(self.rules, &joined) {
                            Reading::Sharing(v) => Some((!v.inverted, v, shown)),
                            _ => None,
                        }
                    }
                }
            }
        }
    }

    /// The question a radio group or select answers: the first text that speaks of
    /// sharing, else the first text at all.
    fn question(&mut self, first: NodeR<'a>) -> Question {
        let cands = labels::question_candidates(self.doc, &mut self.used, first);
        for cand in &cands {
            match classify::read_control_text(self.rules, &tokenize(&cand.text)) {
                Reading::Sharing(v) => {
                    if let Some(n) = cand.node {
                        self.used.nodes.insert(n);
                    }
                    return Question {
                        verdict: Some(v),
                        text: cand.text.clone(),
                    };
                }
                Reading::NotAWarning => {
                    return Question {
                        verdict: None,
                        text: String::new(),
                    }
                }
                Reading::Nothing => {}
            }
        }
        Question {
            verdict: None,
            text: cands
                .iter()
                .find(|c| matches!(c.source, Source::Label | Source::Hint | Source::Row))
                .map(|c| c.text.clone())
                .unwrap_or_default(),
        }
    }

    fn radio_group(&mut self, radios: &[NodeR<'a>]) -> Option<Draft> {
        let first = *radios.first()?;
        let chosen = radios.iter().rev().find(|r| is_chosen(**r)).copied();
        let question = self.question(first);
        let mut own_texts = Vec::with_capacity(radios.len());
        // Whether each radio has words of its own, rather than only its value ("1", "N"),
        // which a button must not quote.
        let mut has_words = Vec::with_capacity(radios.len());
        for &r in radios {
            let text = labels::label_text(self.doc, &mut self.used, r);
            let text = if text.is_empty() {
                labels::candidates(self.doc, &mut self.used, r)
                    .into_iter()
                    .find(|c| c.source == Source::Following)
                    .map(|c| c.text)
                    .unwrap_or_default()
            } else {
                text
            };
            has_words.push(!text.is_empty());
            // A radio with no text at all (a table of Y/N columns) answers by its value.
            let text = if text.is_empty() {
                attr(r, "value").unwrap_or("").trim().to_string()
            } else {
                text
            };
            own_texts.push(text);
        }
        let chosen = chosen?;
        let index = radios.iter().position(|r| r.id() == chosen.id())?;
        let own = own_texts.get(index)?;
        let (shares, verdict, label) = self.option_shares(own, &question)?;
        if !shares {
            return None;
        }
        let st = state_of(chosen, true, self.source);
        let locked = is_locked(chosen)
            || radios
                .iter()
                .filter(|r| r.id() != chosen.id())
                .all(|r| is_locked(*r));
        let switch_off = if locked {
            None
        } else {
            radios
                .iter()
                .zip(own_texts.iter().zip(&has_words))
                .filter(|(r, _)| r.id() != chosen.id() && !is_locked(**r))
                .find(|(_, (t, _))| matches!(self.option_shares(t, &question), Some((false, _, _))))
                .map(|(r, (text, words))| SwitchOff {
                    selector: self.doc.selector(*r),
                    action: SwitchOffAction::Choose,
                    choice: if *words { choice_words(text) } else { None },
                })
        };
        Some(Draft {
            node: chosen.id(),
            verdict,
            control: Control::Radio,
            label,
            locked,
            kind: if locked { Kind::Locked } else { Kind::Chosen },
            on_now: st.now,
            reticked: st.reticked(),
            switch_off,
        })
    }

    fn select(&mut self, s: NodeR<'a>) -> Option<Draft> {
        let options: Vec<NodeR<'a>> = s
            .descendants()
            .filter(|n| tag(*n) == "option")
            .take(500)
            .collect();
        let multiple = has_attr(s, "multiple");
        let chosen = options
            .iter()
            .rev()
            .find(|o| has_attr(**o, "selected"))
            .or_else(|| if multiple { None } else { options.first() })
            .copied()?;
        let question = self.question(s);
        let option_text = |o: NodeR<'a>| -> String {
            match attr(o, "label").filter(|l| !l.trim().is_empty()) {
                Some(l) => collapse_whitespace(l),
                None => text_of(
                    o,
                    TextOptions {
                        skip_controls: false,
                        max_bytes: 500,
                    },
                ),
            }
        };
        let own = option_text(chosen);
        let (shares, verdict, label) = self.option_shares(&own, &question)?;
        if !shares {
            return None;
        }
        let st = state_of(chosen, true, self.source);
        let locked = is_locked(s) || is_locked(chosen);
        let switch_off = if locked {
            None
        } else {
            options
                .iter()
                .filter(|o| o.id() != chosen.id() && !is_locked(**o))
                .find(|o| {
                    matches!(
                        self.option_shares(&option_text(**o), &question),
                        Some((false, _, _))
                    )
                })
                .map(|o| SwitchOff {
                    selector: self.doc.selector(*o),
                    action: SwitchOffAction::Choose,
                    choice: choice_words(&option_text(*o)),
                })
        };
        Some(Draft {
            node: s.id(),
            verdict,
            control: Control::Select,
            label,
            locked,
            kind: if locked { Kind::Locked } else { Kind::Chosen },
            on_now: st.now,
            reticked: st.reticked(),
            switch_off,
        })
    }

    fn hidden(&mut self, h: NodeR<'a>, visible_names: &HashSet<&'a str>) -> Option<Draft> {
        let name = attr(h, "name").unwrap_or("");
        let id = attr(h, "id").unwrap_or("");
        if !name.is_empty() && visible_names.contains(name) {
            return None;
        }
        let value = attr(h, "value").unwrap_or("").trim().to_lowercase();
        let words = &self.rules.words;
        if words.off_values.contains(&value.as_str()) || value.len() > 60 {
            return None;
        }
        let mut text = identifier_words(if name.is_empty() { id } else { name });
        if !words.on_values.contains(&value.as_str()) {
            // A value that is words ("share_with_provider") says what is switched on.
            let value_words = identifier_words(&value);
            if classify::answer(self.rules, &tokenize(&value_words)) == Some(false) {
                return None;
            }
            text.push(' ');
            text.push_str(&value_words);
        }
        let tokens = tokenize(&text);
        let Reading::Sharing(verdict) = classify::read_control_text(self.rules, &tokens) else {
            return None;
        };
        if verdict.inverted {
            return None;
        }
        let label = format!(
            "{}={}",
            if name.is_empty() { id } else { name },
            attr(h, "value").unwrap_or("")
        );
        Some(Draft {
            node: h.id(),
            verdict,
            control: Control::Hidden,
            label,
            locked: true,
            kind: Kind::Hidden,
            on_now: true,
            reticked: false,
            switch_off: None,
        })
    }

    /// Sentences that announce sharing, outside controls' labels and job adverts.
    ///
    /// Each block (the nearest element that is not inline) is read as one text. Words in
    /// a link (`<a>`, `role="link"`) count only where the link runs on from the words
    /// beside it ("Your <a>work coach</a> can see..."): see [`running_text`]. A link that
    /// stands alone (a menu item, a list of links, a footer, a card that is a link) is
    /// not read, so its words are never taken for a statement.
    fn statements(&mut self) {
        let mut blocks: Vec<Block<'a>> = Vec::new();
        let mut index: HashMap<NodeId, usize> = HashMap::new();
        // Every element inside a link (the link itself too), with that link, the
        // outermost one: text is link text when its parent is here.
        let mut in_link: HashMap<NodeId, NodeId> = HashMap::new();
        let used = &self.used.nodes;
        let doc = self.doc;
        let markers = &self.rules.words.job_listing_markers;
        let cookie_markers = &self.rules.words.cookie_notice_markers;
        // Counts what parts words in the text read so far: a block, a skipped element, a
        // line break, a space between elements. Two pieces of a block with the same count
        // between them are one run of text.
        let mut breaks = 0usize;
        walk(doc.root(), |n| match n.value() {
            Node::Element(e) => {
                let name = e.name();
                if !dom::is_inline_tag(name) {
                    breaks += 1;
                }
                // A line break parts a link from the words on its other side.
                let in_a_link = n.parent().is_some_and(|p| in_link.contains_key(&p.id()));
                if matches!(name, "br" | "hr") && !in_a_link {
                    let block = dom::ancestors(n)
                        .find(|a| !dom::is_inline_tag(tag(*a)))
                        .and_then(|b| index.get(&b.id()))
                        .and_then(|&i| blocks.get_mut(i));
                    if let Some(block) = block {
                        if block.pieces.last().is_some_and(|p| !p.text.is_empty()) {
                            block.pieces.push(Piece {
                                text: "",
                                link: None,
                                spaced: true,
                            });
                        }
                    }
                    return Step::Skip;
                }
                let role = attr_lower(n, "role");
                if dom::is_unread_tag(name)
                    || matches!(
                        name,
                        "label" | "legend" | "option" | "select" | "textarea" | "button" | "nav"
                    )
                    || used.contains(&n.id())
                    || dom::is_hidden(n)
                    || is_listing(n, markers)
                    || is_cookie_notice(n, cookie_markers)
                    || matches!(
                        role.as_str(),
                        "radio" | "switch" | "checkbox" | "option" | "button"
                    )
                {
                    breaks += 1;
                    return Step::Skip;
                }
                let link = n
                    .parent()
                    .and_then(|p| in_link.get(&p.id()).copied())
                    .or_else(|| (name == "a" || role == "link").then(|| n.id()));
                if let Some(link) = link {
                    in_link.insert(n.id(), link);
                }
                Step::Descend
            }
            Node::Text(t) => {
                let text: &'a str = t;
                if text.trim().is_empty() {
                    breaks += 1;
                    return Step::Skip;
                }
                let block = dom::ancestors(n).find(|a| !dom::is_inline_tag(tag(*a)));
                if let Some(b) = block {
                    let link = n.parent().and_then(|p| in_link.get(&p.id()).copied());
                    let i = *index.entry(b.id()).or_insert_with(|| {
                        blocks.push(Block {
                            node: b.id(),
                            pieces: Vec::new(),
                            own_bytes: 0,
                            link_bytes: 0,
                            breaks_at_last: breaks,
                        });
                        blocks.len() - 1
                    });
                    if let Some(block) = blocks.get_mut(i) {
                        // Up to the same amount of each kind of text, so that a
                        // block's links cannot crowd out its own words.
                        let kept = if link.is_some() {
                            &mut block.link_bytes
                        } else {
                            &mut block.own_bytes
                        };
                        if *kept < MAX_BLOCK_BYTES {
                            // One long text node must not carry the block past its
                            // budget: it is cut to what is left.
                            let text = text::prefix_within(text, MAX_BLOCK_BYTES - *kept);
                            *kept += text.len() + 1;
                            let spaced = block.breaks_at_last != breaks;
                            block.pieces.push(Piece { text, link, spaced });
                        }
                        block.breaks_at_last = breaks;
                    }
                }
                Step::Skip
            }
            Node::Document | Node::Fragment => Step::Descend,
            _ => Step::Skip,
        });
        let mut said: HashSet<String> = HashSet::new();
        let mut read = 0usize;
        for block in blocks {
            let id = block.node;
            if self.findings.len() >= MAX_FINDINGS {
                break;
            }
            if read >= MAX_STATEMENT_BYTES {
                self.left_unread = true;
                break;
            }
            let Some(node) = doc.get(id) else { continue };
            if self.flagged.contains(&id) {
                continue;
            }
            let rules = self.rules;
            let says_it_alone = |link_text: &str| {
                let text = collapse_whitespace(link_text);
                let tokens = tokenize(&text);
                sentences(&text, &tokens)
                    .into_iter()
                    .any(|s| classify::read_statement(rules, s).is_some())
            };
            let text = collapse_whitespace(&running_text(&block.pieces, says_it_alone));
            read += text.len();
            let tokens = tokenize(&text);
            for sentence in sentences(&text, &tokens) {
                let Some(verdict) = classify::read_statement(self.rules, sentence) else {
                    continue;
                };
                let (Some(first), Some(last)) = (sentence.first(), sentence.last()) else {
                    continue;
                };
                let label = text.get(first.start..last.end).unwrap_or("").to_string();
                if !said.insert(label.to_lowercase()) {
                    break;
                }
                let node_id = smallest_holding(node, &label).id();
                let registering =
                    self.registration_page || self.rules.words.registration.contains(sentence);
                self.emit(Draft {
                    node: node_id,
                    verdict,
                    control: Control::Statement,
                    label,
                    locked: true,
                    kind: if registering {
                        Kind::Statement
                    } else {
                        Kind::Locked
                    },
                    on_now: true,
                    reticked: false,
                    switch_off: None,
                });
                break;
            }
        }
    }

    fn emit(&mut self, d: Draft) {
        if self.findings.len() >= MAX_FINDINGS || !self.flagged.insert(d.node) {
            return;
        }
        let Some(node) = self.doc.get(d.node) else {
            return;
        };
        let rules = self.rules;
        let Some(cat) = rules.category(d.verdict.category) else {
            return;
        };
        let registering_statement = d.control == Control::Statement && d.kind == Kind::Statement;
        let letter = if d.kind == Kind::Bundled {
            cat.letter
        } else if let (true, Some(letter)) = (registering_statement, cat.letter_when_registering) {
            letter
        } else if d.locked {
            cat.letter_when_locked.unwrap_or(cat.letter)
        } else {
            d.verdict
                .recipients
                .first()
                .and_then(|r| cat.letter_for(*r))
                .unwrap_or(cat.letter)
        }
        .to_string();
        let who = who_names(rules, &d.verdict.recipients, cat.default_who);
        let headline = capitalise(&cat.headline.replace("{who}", &who));
        let sw = &cat.state_wording;
        let state = match (d.kind, d.control) {
            (Kind::Bundled, _) => sw.bundled,
            (Kind::Hidden, _) => sw.hidden,
            (Kind::Statement, _) => sw.statement_registering,
            (Kind::Locked, Control::Statement) => sw.statement,
            (Kind::Locked, _) => sw.locked,
            (Kind::Inverted, _) => sw.inverted,
            (Kind::Chosen, _) => sw.chosen,
            (Kind::Ticked, Control::Switch) => sw.switched,
            (Kind::Ticked, _) => sw.ticked,
        };
        // Short first (issue 17): the state's first sentence (what was done, what the
        // person can do) is shown with the headline; the rest is "why it matters".
        let (summary, rest) = first_sentence(state);
        let why = format!("{} {}", cat.why, rest).trim().to_string();
        let label = bound(&collapse_whitespace(&d.label), MAX_LABEL_CHARS);
        self.findings.push(Finding {
            category: d.verdict.category,
            recipients: d.verdict.recipients,
            control: d.control,
            label,
            selector: self.doc.selector(node),
            default_on: true,
            locked: d.locked,
            inverted: d.verdict.inverted,
            severity: cat.severity,
            letter,
            on_now: d.on_now,
            reticked: d.reticked,
            switch_off: d.switch_off,
            headline,
            summary: summary.to_string(),
            why,
        });
    }
}

/// Bytes of text kept per block for reading statements: this much of its own words,
/// and this much of its links' words.
const MAX_BLOCK_BYTES: usize = 4000;

/// A block's text nodes in document order, for reading statements.
struct Block<'a> {
    node: NodeId,
    pieces: Vec<Piece<'a>>,
    own_bytes: usize,
    link_bytes: usize,
    /// The walk's count of word breaks when this block's last piece was read.
    breaks_at_last: usize,
}

/// One text node of a block, and the link it is in, if any. An empty text stands for a
/// line break.
struct Piece<'a> {
    text: &'a str,
    link: Option<NodeId>,
    /// Something parts it from the block's previous text (a space, a nested block, a
    /// control): the two are separate words. Text split only by inline elements is
    /// one run ("Your <a>work coach</a>'s team").
    spaced: bool,
}

impl Piece<'_> {
    fn push_to(&self, out: &mut String) {
        if self.spaced {
            out.push(' ');
        }
        out.push_str(self.text);
    }
}

/// A block's text as a person reads it in sentences: its own words, and the words of
/// each link that is part of a sentence. A link is part of one when the block's own
/// text just before it ends in a letter ("Your <a>work coach</a>", "shared with
/// <a>...</a>"), or the text just after it starts with a small letter ("<a>Your
/// adviser</a> can see"), with only spaces between. Otherwise the link stands alone and
/// is left out: a link between separators ("·", "|", "Quick links: <a>...</a>,"),
/// after a line break, next to another link, followed by a date or a new sentence, or
/// in a block that is all links.
///
/// A link whose own words already make a statement is a title ("Your adviser can see
/// your progress", "Employers can view your CV"), whatever stands beside it: a label
/// ("Guide", "See also"), a badge ("new"), a byline ("by Jane Smith"). It counts only
/// when it runs on in small letters from the words before it ("...that <a>your adviser
/// can see everything</a>").
fn running_text<'p>(pieces: &[Piece<'p>], says_it_alone: impl Fn(&str) -> bool) -> String {
    let mut out = String::new();
    let mut i = 0;
    while let Some(piece) = pieces.get(i) {
        let Some(link) = piece.link else {
            piece.push_to(&mut out);
            i += 1;
            continue;
        };
        let end = pieces
            .iter()
            .skip(i)
            .position(|p| p.link != Some(link))
            .map_or(pieces.len(), |k| i + k);
        let own = |p: Option<&Piece<'p>>| p.filter(|p| p.link.is_none()).map(|p| p.text);
        let before = own(i.checked_sub(1).and_then(|k| pieces.get(k)))
            .is_some_and(|t| t.trim_end().ends_with(char::is_alphabetic));
        let after =
            own(pieces.get(end)).is_some_and(|t| t.trim_start().starts_with(char::is_lowercase));
        let words = pieces.get(i..end).unwrap_or_default();
        let joined = || {
            let mut t = String::new();
            for p in words {
                p.push_to(&mut t);
            }
            t
        };
        let runs_on_lower = before
            && words
                .first()
                .is_some_and(|p| p.text.trim_start().starts_with(char::is_lowercase));
        if (before || after) && (runs_on_lower || !says_it_alone(&joined())) {
            for p in words {
                p.push_to(&mut out);
            }
        } else {
            // The words either side of a link left out are not one word.
            out.push(' ');
        }
        i = end;
    }
    out
}

/// Sentences of a block: token slices split at full stops, question and exclamation
/// marks. Questions are dropped: a question is not an announcement.
fn sentences<'t>(text: &str, tokens: &'t [text::Token]) -> Vec<&'t [text::Token]> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let flush = |from: usize, to: usize, out: &mut Vec<&'t [text::Token]>| {
        if let Some(s) = tokens.get(from..to) {
            if let Some(last) = s.last() {
                let rest = text.get(last.end..).unwrap_or("");
                let ends_question = rest
                    .trim_start_matches(|c: char| {
                        c == '"' || c == '\'' || c == ')' || c.is_whitespace() || c == '\u{201d}'
                    })
                    .starts_with('?');
                if !ends_question {
                    out.push(s);
                }
            }
        }
    };
    for i in 1..tokens.len() {
        let (Some(prev), Some(cur)) = (tokens.get(i - 1), tokens.get(i)) else {
            continue;
        };
        let between = text.get(prev.end..cur.start).unwrap_or("");
        if between.contains(['.', '!', '?']) {
            flush(start, i, &mut out);
            start = i;
        }
    }
    let _ = bytes;
    flush(start, tokens.len(), &mut out);
    out
}

/// The smallest element under `block` whose text still holds all of `sentence`.
fn smallest_holding<'a>(block: NodeR<'a>, sentence: &str) -> NodeR<'a> {
    let whole = TextOptions {
        skip_controls: true,
        max_bytes: 8000,
    };
    let mut node = block;
    for _ in 0..32 {
        let inner = node
            .children()
            .find(|c| c.value().is_element() && text_of(*c, whole).contains(sentence));
        match inner {
            Some(child) => node = child,
            None => break,
        }
    }
    node
}

fn who_names(rules: &Rules, recipients: &[Recipient], default: &str) -> String {
    let names: Vec<&str> = recipients
        .iter()
        .filter_map(|r| rules.recipient(*r).map(|x| x.name))
        .collect();
    match names.as_slice() {
        [] => default.to_string(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {}", rest.join(", "), last),
    }
}

/// `text`'s first sentence and the rest.
fn first_sentence(text: &str) -> (&str, &str) {
    match text.find(". ") {
        Some(end) => (&text[..=end], text[end + 2..].trim()),
        None => (text.trim(), ""),
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
