//! The placeholder syntax of a letter body (documented in docs/letters-format.md).
//!
//! `{name}`             a fill-in; when it is missing, the `[[ ]]` section around it vanishes
//! `{name|you}`         a fill-in with the words to use when it is missing
//! `{if-one:A|B}`       A when exactly one setting is named, otherwise B
//! `{if-known:name:A|B}` A when the fill-in `name` is known, otherwise B (it prints neither)
//! `[[ ... ]]`          an optional section: kept only when every fill-in in it is known
//! `[[ A || B ]]`       A if every fill-in in A is known, otherwise B (otherwise nothing)
//! `{settings}`         the settings' labels: a list when alone on its line, else inline
//!
//! A line that only held things which vanished is removed, so a missing detail leaves
//! no gap. Values are inserted as plain text and never read as syntax.

/// Marks where something vanished, so a line left empty by it can be dropped.
const VANISHED: char = '\u{0}';
/// Marks where the settings go; expanded once the line they sit on is known.
const SETTINGS_MARK: char = '\u{1}';

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Name,
    Address,
    DateOfBirth,
    /// The person's own reasons for an objection, in their words.
    Situation,
    Ni,
    Provider,
    Adviser,
    Email,
    Site,
    Host,
    /// The data protection regulator's name (letters/regulator.txt).
    Regulator,
    Date,
    /// One calendar month after `date`: the reply-by date for rights requests.
    MonthLater,
    /// A week after `date`.
    WeekLater,
    Settings,
}

impl Key {
    pub const ALL: [Key; 15] = [
        Key::Name,
        Key::Address,
        Key::DateOfBirth,
        Key::Situation,
        Key::Ni,
        Key::Provider,
        Key::Adviser,
        Key::Email,
        Key::Site,
        Key::Host,
        Key::Regulator,
        Key::Date,
        Key::MonthLater,
        Key::WeekLater,
        Key::Settings,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Key::Name => "name",
            Key::Address => "address",
            Key::DateOfBirth => "date-of-birth",
            Key::Situation => "situation",
            Key::Ni => "ni",
            Key::Provider => "provider",
            Key::Adviser => "adviser",
            Key::Email => "email",
            Key::Site => "site",
            Key::Host => "host",
            Key::Regulator => "regulator",
            Key::Date => "date",
            Key::MonthLater => "month-later",
            Key::WeekLater => "week-later",
            Key::Settings => "settings",
        }
    }

    /// How a letter's note names this detail when it is missing; None for what is not a
    /// detail of the person's.
    pub fn describe_detail(self) -> Option<&'static str> {
        Some(match self {
            Key::Name => "your name",
            Key::Address => "your address",
            Key::DateOfBirth => "your date of birth",
            Key::Ni => "your National Insurance number",
            Key::Email => "the email address of your account on the site",
            _ => return None,
        })
    }

    pub fn parse(word: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|k| k.as_str() == word)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Text(String),
    Field {
        key: Key,
        fallback: Option<String>,
    },
    IfOne {
        one: String,
        many: String,
    },
    IfKnown {
        key: Key,
        known: String,
        unknown: String,
    },
    /// Alternatives, tried in order; the first whose fill-ins are all known is used.
    Section(Vec<Vec<Node>>),
}

/// Whether a body fills in `key` anywhere (in any alternative of a section).
pub fn uses(nodes: &[Node], key: Key) -> bool {
    nodes.iter().any(|node| match node {
        Node::Field { key: k, .. } | Node::IfKnown { key: k, .. } => *k == key,
        Node::Section(alternatives) => alternatives.iter().any(|nodes| uses(nodes, key)),
        Node::Text(_) | Node::IfOne { .. } => false,
    })
}

/// The cleaned values a body is filled from; `None` or empty means "not known".
#[derive(Debug, Clone, Default)]
pub struct Values {
    pub name: Option<String>,
    pub address: Option<String>,
    pub date_of_birth: Option<String>,
    pub situation: Option<String>,
    pub ni: Option<String>,
    pub provider: Option<String>,
    pub adviser: Option<String>,
    pub email: Option<String>,
    pub site: Option<String>,
    pub host: Option<String>,
    pub regulator: Option<String>,
    pub date: Option<String>,
    pub month_later: Option<String>,
    pub week_later: Option<String>,
    pub settings: Vec<String>,
    /// How many further settings were left off the list to keep the letter readable.
    pub settings_left_off: usize,
}

impl Values {
    pub fn is_known(&self, key: Key) -> bool {
        self.get(key).is_some_and(|v| !v.is_empty())
    }

    fn get(&self, key: Key) -> Option<&str> {
        let v = match key {
            Key::Name => &self.name,
            Key::Address => &self.address,
            Key::DateOfBirth => &self.date_of_birth,
            Key::Situation => &self.situation,
            Key::Ni => &self.ni,
            Key::Provider => &self.provider,
            Key::Adviser => &self.adviser,
            Key::Email => &self.email,
            Key::Site => &self.site,
            Key::Host => &self.host,
            Key::Regulator => &self.regulator,
            Key::Date => &self.date,
            Key::MonthLater => &self.month_later,
            Key::WeekLater => &self.week_later,
            Key::Settings => {
                return if self.settings.is_empty() {
                    None
                } else {
                    Some("\u{1}")
                }
            }
        };
        v.as_deref()
    }
}

/// Parses a body. Errors name the problem and the byte offset, for the template's author.
pub fn parse(body: &str) -> Result<Vec<Node>, String> {
    let mut parser = Parser { src: body, pos: 0 };
    let nodes = parser.sequence(0)?;
    if parser.pos < body.len() {
        return Err(format!("unexpected ']]' at byte {}", parser.pos));
    }
    Ok(nodes)
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        self.src.get(self.pos..).unwrap_or("")
    }

    /// Reads nodes until the end, or (inside a section) until `||` or `]]`, left unread.
    fn sequence(&mut self, depth: usize) -> Result<Vec<Node>, String> {
        let mut nodes = Vec::new();
        let mut text = String::new();
        while let Some(c) = self.rest().chars().next() {
            let rest = self.rest();
            if depth > 0 && (rest.starts_with("||") || rest.starts_with("]]")) {
                break;
            }
            if depth == 0 && rest.starts_with("]]") {
                break;
            }
            if rest.starts_with("[[") {
                flush(&mut text, &mut nodes);
                self.pos += 2;
                nodes.push(self.section(depth + 1)?);
            } else if c == '{' {
                flush(&mut text, &mut nodes);
                nodes.push(self.field()?);
            } else if c == '}' {
                return Err(format!("'}}' without '{{' at byte {}", self.pos));
            } else {
                text.push(c);
                self.pos += c.len_utf8();
            }
        }
        flush(&mut text, &mut nodes);
        Ok(nodes)
    }

    fn section(&mut self, depth: usize) -> Result<Node, String> {
        let start = self.pos;
        let mut alternatives = vec![self.sequence(depth)?];
        loop {
            let rest = self.rest();
            if rest.starts_with("||") {
                self.pos += 2;
                alternatives.push(self.sequence(depth)?);
            } else if rest.starts_with("]]") {
                self.pos += 2;
                return Ok(Node::Section(alternatives));
            } else {
                return Err(format!("'[[' at byte {} is never closed", start - 2));
            }
        }
    }

    fn field(&mut self) -> Result<Node, String> {
        let start = self.pos;
        let rest = self.rest();
        let close = rest
            .find('}')
            .ok_or_else(|| format!("'{{' at byte {start} is never closed"))?;
        let inner = rest[1..close].to_string();
        if inner.contains('{') || inner.contains('\n') {
            return Err(format!("'{{' at byte {start} is never closed"));
        }
        self.pos += close + 1;
        let inner = inner.as_str();
        if let Some(choice) = inner.strip_prefix("if-one:") {
            let (one, many) = choice
                .split_once('|')
                .ok_or_else(|| format!("{{if-one:...}} at byte {start} needs 'one|many'"))?;
            return Ok(Node::IfOne {
                one: one.to_string(),
                many: many.to_string(),
            });
        }
        if let Some(choice) = inner.strip_prefix("if-known:") {
            let bad = || format!("{{if-known:...}} at byte {start} needs 'name:known|unknown'");
            let (word, choice) = choice.split_once(':').ok_or_else(bad)?;
            let (known, unknown) = choice.split_once('|').ok_or_else(bad)?;
            let key = Key::parse(word.trim())
                .ok_or_else(|| format!("unknown fill-in '{}' at byte {start}", word.trim()))?;
            return Ok(Node::IfKnown {
                key,
                known: known.to_string(),
                unknown: unknown.to_string(),
            });
        }
        let (word, fallback) = match inner.split_once('|') {
            Some((w, f)) => (w, Some(f.to_string())),
            None => (inner, None),
        };
        let key = Key::parse(word.trim())
            .ok_or_else(|| format!("unknown fill-in '{{{}}}' at byte {start}", word.trim()))?;
        if key == Key::Settings && fallback.is_some() {
            return Err(format!(
                "{{settings}} at byte {start} cannot have a fallback; put it in [[ ]]"
            ));
        }
        Ok(Node::Field { key, fallback })
    }
}

fn flush(text: &mut String, nodes: &mut Vec<Node>) {
    if !text.is_empty() {
        nodes.push(Node::Text(std::mem::take(text)));
    }
}

/// Problems a parsed body may have that parsing alone does not catch.
pub fn check(nodes: &[Node]) -> Result<(), String> {
    for node in nodes {
        if let Node::Field {
            key,
            fallback: None,
        } = node
        {
            // Never missing: it comes from the letter library itself.
            if *key == Key::Regulator {
                continue;
            }
            return Err(format!(
                "{{{}}} is outside any [[ ]] section and has no fallback, so a missing detail would leave a gap",
                key.as_str()
            ));
        }
    }
    Ok(())
}

/// Fills a parsed body in. Never fails: what is missing vanishes.
pub fn fill(nodes: &[Node], values: &Values) -> String {
    let mut raw = String::new();
    for node in nodes {
        if !fill_node(node, values, &mut raw) {
            raw.push(VANISHED);
        }
    }
    tidy(&raw, values)
}

/// Appends one node; false when a required fill-in in it is missing.
fn fill_node(node: &Node, values: &Values, out: &mut String) -> bool {
    match node {
        Node::Text(t) => {
            out.push_str(t);
            true
        }
        Node::IfOne { one, many } => {
            out.push_str(
                if values.settings.len() == 1 && values.settings_left_off == 0 {
                    one
                } else {
                    many
                },
            );
            true
        }
        Node::IfKnown {
            key,
            known,
            unknown,
        } => {
            out.push_str(if values.get(*key).is_some() {
                known
            } else {
                unknown
            });
            true
        }
        Node::Field { key, fallback } => match (values.get(*key), fallback) {
            (Some(v), _) => {
                out.push_str(v);
                true
            }
            (None, Some(f)) => {
                out.push_str(f);
                true
            }
            (None, None) => false,
        },
        Node::Section(alternatives) => {
            for alternative in alternatives {
                let mut attempt = String::new();
                if alternative
                    .iter()
                    .all(|n| fill_node(n, values, &mut attempt))
                {
                    out.push_str(&attempt);
                    return true;
                }
            }
            out.push(VANISHED);
            true
        }
    }
}

/// Drops lines emptied by vanished parts, expands the settings, and evens out spacing.
fn tidy(raw: &str, values: &Values) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in raw.split('\n') {
        let vanished_only =
            line.contains(VANISHED) && line.chars().all(|c| c == VANISHED || c.is_whitespace());
        if vanished_only {
            continue;
        }
        if line.trim() == SETTINGS_MARK.to_string() {
            for label in &values.settings {
                lines.push(format!("- \"{label}\""));
            }
            if values.settings_left_off > 0 {
                lines.push(format!(
                    "- and {} more on the same page",
                    values.settings_left_off
                ));
            }
            continue;
        }
        let line = line.replace(VANISHED, "");
        let line = if line.contains(SETTINGS_MARK) {
            line.replace(SETTINGS_MARK, &inline_settings(values))
        } else {
            line
        };
        lines.push(single_spaced(line.trim()));
    }
    let mut out = String::new();
    let mut blank_run = true; // true at the start, so leading blank lines go
    for line in lines {
        if line.is_empty() {
            if !blank_run {
                out.push('\n');
            }
            blank_run = true;
        } else {
            out.push_str(&line);
            out.push('\n');
            blank_run = false;
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// `"A"`, `"A" and "B"`, `"A", "B" and "C"`.
fn inline_settings(values: &Values) -> String {
    let mut quoted: Vec<String> = values.settings.iter().map(|s| format!("\"{s}\"")).collect();
    if values.settings_left_off > 0 {
        quoted.push(format!("{} more", values.settings_left_off));
    }
    match quoted.len() {
        0 => String::new(),
        1 => quoted.remove(0),
        n => {
            let last = quoted.remove(n - 1);
            format!("{} and {last}", quoted.join(", "))
        }
    }
}

fn single_spaced(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut last_space = false;
    for c in line.chars() {
        if c == ' ' {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Values {
        Values {
            name: Some("Sam Jones".into()),
            ..Values::default()
        }
    }

    fn render(body: &str, v: &Values) -> String {
        fill(&parse(body).expect("parses"), v)
    }

    #[test]
    fn optional_line_vanishes_without_a_gap() {
        let body = "Hello\n[[Name: {name}]]\n[[NI: {ni}]]\nBye";
        assert_eq!(render(body, &values()), "Hello\nName: Sam Jones\nBye\n");
        assert_eq!(render(body, &Values::default()), "Hello\nBye\n");
    }

    #[test]
    fn fallback_and_alternatives() {
        let v = values();
        assert_eq!(
            render("Dear {adviser|Sir or Madam},", &v),
            "Dear Sir or Madam,\n"
        );
        assert_eq!(render("[[A {ni}||B {name}||C]]", &v), "B Sam Jones\n");
        assert_eq!(render("[[A {ni}||C]]", &Values::default()), "C\n");
    }

    #[test]
    fn settings_as_list_or_inline_with_plural() {
        let mut v = values();
        v.settings = vec!["One".into(), "Two".into()];
        assert_eq!(
            render("{if-one:this|these}:\n[[{settings}]]", &v),
            "these:\n- \"One\"\n- \"Two\"\n"
        );
        assert_eq!(render("[[x {settings}.]]", &v), "x \"One\" and \"Two\".\n");
        v.settings.truncate(1);
        assert_eq!(render("{if-one:this|these}", &v), "this\n");
        assert_eq!(
            render("{if-known:name:sincerely|faithfully}", &v),
            "sincerely\n"
        );
        assert_eq!(
            render("{if-known:name:sincerely|faithfully}", &Values::default()),
            "faithfully\n"
        );
    }

    #[test]
    fn values_are_never_read_as_syntax() {
        let v = Values {
            name: Some("{ni} [[".into()),
            ..Values::default()
        };
        assert_eq!(render("[[{name}]]", &v), "{ni} [[\n");
    }

    #[test]
    fn bad_templates_are_refused() {
        assert!(parse("{nme}").is_err());
        assert!(parse("[[ {name}").is_err());
        assert!(parse("a ]] b").is_err());
        assert!(parse("{name").is_err());
        assert!(parse("a } b").is_err());
        assert!(parse("{if-one:x}").is_err());
        assert!(parse("{if-known:adviser}").is_err());
        assert!(parse("{if-known:nobody:a|b}").is_err());
        assert!(check(&parse("Dear {name},").unwrap()).is_err());
        assert!(check(&parse("Dear {name|you},").unwrap()).is_ok());
    }
}
