//! Reading what a person reads for a control: its label, its hint, the question it
//! answers, and, failing those, the text around it.

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::Node;

use super::dom::{self, attr, attr_lower, tag, text_of, walk, Doc, NodeR, Step, LABEL_TEXT};

/// Where a piece of text came from, most specific first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// aria-labelledby, aria-label, label[for], a wrapping label, the element's own
    /// text (ARIA widgets), title.
    Label,
    /// aria-describedby and hint text.
    Hint,
    /// Text that runs on after the control, in the same line.
    Following,
    /// Text of the same table row.
    Row,
    /// The nearest text before the control.
    Preceding,
}

#[derive(Debug, Clone)]
pub struct Candidate {
    pub source: Source,
    pub text: String,
    /// The element the text was read from, when it is not the control's own label:
    /// it counts as used only if the text decides what the control does.
    pub node: Option<NodeId>,
}

/// Text already read as some control's label, so that statements do not read it again.
#[derive(Default)]
pub struct Used {
    pub nodes: HashSet<NodeId>,
}

const MAX_BACKWARD_STEPS: usize = 400;

fn is_form_control(node: NodeR<'_>) -> bool {
    let control = match tag(node) {
        "input" => attr_lower(node, "type") != "hidden",
        "select" | "textarea" | "button" => true,
        _ => matches!(
            attr_lower(node, "role").as_str(),
            "switch" | "checkbox" | "radio"
        ),
    };
    // One the page hides (jQuery EasyUI's original input beside the switch it draws) is
    // not a control the person sees or uses.
    control && !dom::is_hidden(node)
}

/// Whether a subtree holds a form control. A subtree too big to look through counts
/// as holding one: it is a section of the page, not a label, and the bound keeps
/// reading each control's text from growing with the size of the page.
fn contains_form_control(root: NodeR<'_>) -> bool {
    form_controls_within(root, false, 1).map_or(true, |controls| controls >= 1)
}

/// Nodes a subtree may have and still be looked through as one control's label or item.
pub(super) const SMALL_SUBTREE: usize = 300;

/// The form controls in a subtree (the root itself counted when `with_root`), counted up
/// to `enough`; `None` when more than [`SMALL_SUBTREE`] nodes come first: it is a section
/// of the page, and the bound keeps each look from growing with the page.
pub(super) fn form_controls_within(
    root: NodeR<'_>,
    with_root: bool,
    enough: usize,
) -> Option<usize> {
    let mut controls = 0;
    let mut steps = 0;
    let mut too_big = false;
    walk(root, |n| {
        steps += 1;
        if steps > SMALL_SUBTREE {
            too_big = true;
            return Step::Stop;
        }
        if (with_root || n.id() != root.id()) && n.value().is_element() && is_form_control(n) {
            controls += 1;
            if controls >= enough {
                return Step::Stop;
            }
        }
        Step::Descend
    });
    (!too_big).then_some(controls)
}

fn ids_text<'a>(doc: &Doc<'a>, used: &mut Used, ids: &str, skip: NodeR<'a>) -> String {
    let mut parts = Vec::new();
    for id in ids.split_whitespace().take(16) {
        if let Some(node) = doc.by_id(id) {
            used.nodes.insert(node.id());
            let text = if node.id() == skip.id() {
                attr(node, "aria-label").unwrap_or("").to_string()
            } else {
                text_of(node, LABEL_TEXT)
            };
            if !text.is_empty() {
                parts.push(text);
            }
        }
    }
    parts.join(" ")
}

/// The nearest ancestor `label` that labels only this control. A label left open
/// around a whole form (broken markup) labels nothing in particular: the text around
/// each control is read instead, which also keeps the work per control small.
pub fn wrapping_label<'a>(control: NodeR<'a>) -> Option<NodeR<'a>> {
    let label = dom::ancestors(control)
        .take(12)
        .find(|a| tag(*a) == "label")?;
    let mut controls = 0;
    let mut steps = 0;
    let mut too_big = false;
    walk(label, |n| {
        steps += 1;
        if steps > 300 {
            too_big = true;
            return Step::Stop;
        }
        if n.id() != label.id() && n.value().is_element() && is_form_control(n) {
            controls += 1;
        }
        Step::Descend
    });
    (!too_big && controls <= 1).then_some(label)
}

/// A label without the toggle's own state captions at its end: Salesforce's checkbox
/// toggle, among others, puts "Enabled Disabled" (or "On Off") in its label, and CSS
/// shows one of them. A pair of opposite one-word answers there is the widget's, not
/// the setting's words.
fn without_state_captions(text: String) -> String {
    let tokens = super::words::tokenize(&text);
    let n = tokens.len();
    if n < 2 {
        return text;
    }
    let words = &crate::rules::rules().words;
    let is_one =
        |word: &str, set: &super::text::PhraseSet| set.is_exactly(&super::words::tokenize(word));
    let opposite = |a: &str, b: &str| {
        (is_one(a, &words.yes_answers) && is_one(b, &words.no_answers))
            || (is_one(a, &words.no_answers) && is_one(b, &words.yes_answers))
    };
    let last = &tokens[n - 1];
    // Two words ("Enabled Disabled"), or one when the captions touch ("EnabledDisabled").
    let cut = if n >= 3 && opposite(&tokens[n - 2].word, &last.word) {
        Some(tokens[n - 2].start)
    } else {
        let w = last.word.as_str();
        (1..w.len())
            .filter(|&i| w.is_char_boundary(i))
            .any(|i| opposite(&w[..i], &w[i..]))
            .then_some(last.start)
    };
    match cut.and_then(|c| text.get(..c)) {
        Some(kept) if !kept.trim().is_empty() => kept.trim_end().to_string(),
        _ => text,
    }
}

/// The control's accessible name, roughly as a browser computes it.
pub fn label_text<'a>(doc: &Doc<'a>, used: &mut Used, control: NodeR<'a>) -> String {
    without_state_captions(accessible_name(doc, used, control))
}

fn accessible_name<'a>(doc: &Doc<'a>, used: &mut Used, control: NodeR<'a>) -> String {
    if let Some(ids) = attr(control, "aria-labelledby") {
        let text = ids_text(doc, used, ids, control);
        if !text.is_empty() {
            return text;
        }
    }
    if let Some(label) = attr(control, "aria-label") {
        let text = super::text::collapse_whitespace(label);
        if !text.is_empty() {
            return text;
        }
    }
    // Web components name themselves in attributes of their own (UI5's
    // `accessible-name-ref` and `accessible-name`, Nord's and Calcite's `label`).
    if tag(control).contains('-') {
        if let Some(ids) = attr(control, "accessible-name-ref") {
            let text = ids_text(doc, used, ids, control);
            if !text.is_empty() {
                return text;
            }
        }
        for name in ["accessible-name", "label"] {
            let text = super::text::collapse_whitespace(attr(control, name).unwrap_or(""));
            if !text.is_empty() {
                return text;
            }
        }
    }
    let mut parts: Vec<String> = Vec::new();
    if let Some(id) = attr(control, "id").filter(|id| !id.is_empty()) {
        for label in doc.labels_for(id) {
            used.nodes.insert(label.id());
            let text = text_of(label, LABEL_TEXT);
            if !text.is_empty() && !parts.contains(&text) {
                parts.push(text);
            }
        }
    }
    if let Some(label) = wrapping_label(control) {
        used.nodes.insert(label.id());
        let text = wrapping_label_text(label, control);
        if !text.is_empty() && !parts.contains(&text) {
            parts.push(text);
        }
    }
    if parts.is_empty() && tag(control) != "input" && tag(control) != "select" {
        // ARIA widgets and buttons carry their own text.
        let own = text_of(control, LABEL_TEXT);
        if !own.is_empty() {
            parts.push(own);
        }
    }
    if parts.is_empty() {
        if let Some(title) = attr(control, "title") {
            parts.push(super::text::collapse_whitespace(title));
        }
    }
    parts.join(" ")
}

fn is_hint(node: NodeR<'_>) -> bool {
    if tag(node) == "small" {
        return true;
    }
    let class = attr_lower(node, "class");
    // Bootstrap `.form-text`, GOV.UK `.govuk-hint`, Ant Design `.ant-form-item-extra`,
    // MUI `.MuiFormHelperText-root`, SLDS `.slds-form-element__help`, Material
    // `.mat-mdc-form-field-hint`, Carbon `.cds--form__helper-text`.
    [
        "hint",
        "help",
        "description",
        "desc",
        "form-text",
        "note",
        "explain",
        "subtitle",
        "secondary",
        "extra",
        "caption",
        "supporting",
        "assistive",
    ]
    .iter()
    .any(|k| class.contains(k))
}

/// How many form controls a subtree holds, counting to two (a subtree too big to look
/// through counts as two: it is a section of the page, not one control's item).
fn holds_one_control(root: NodeR<'_>) -> bool {
    form_controls_within(root, true, 2) == Some(1)
}

/// Hint elements that belong to a control without an ARIA link: beside the control or
/// its label in the same small group, or anywhere in the form item that holds this one
/// control (Ant Design puts `.ant-form-item-extra` three levels up from its switch).
pub fn hint_nodes<'a>(anchor: NodeR<'a>) -> Vec<NodeR<'a>> {
    let mut found = Vec::new();
    let mut level = anchor;
    for depth in 0..6 {
        let Some(group) = level.parent() else {
            break;
        };
        if matches!(tag(group), "body" | "form" | "html")
            || (depth >= 2 && !holds_one_control(group))
        {
            break;
        }
        for child in group.children().take(40) {
            if child.id() != level.id()
                && child.value().is_element()
                && is_hint(child)
                && !contains_form_control(child)
            {
                found.push(child);
            }
        }
        if !found.is_empty() {
            break;
        }
        level = group;
    }
    found
}

/// aria-describedby text and hint elements beside the control.
fn hint_text<'a>(doc: &Doc<'a>, used: &mut Used, control: NodeR<'a>, anchor: NodeR<'a>) -> String {
    let mut parts = Vec::new();
    if let Some(ids) = attr(control, "aria-describedby") {
        let text = ids_text(doc, used, ids, control);
        if !text.is_empty() {
            parts.push(text);
        }
    }
    if parts.is_empty() {
        for hint in hint_nodes(anchor) {
            used.nodes.insert(hint.id());
            let text = text_of(hint, LABEL_TEXT);
            if !text.is_empty() {
                parts.push(text);
            }
        }
    }
    parts.join(" ")
}

fn is_line_break(node: NodeR<'_>) -> bool {
    match node.value() {
        Node::Element(e) => {
            let name = e.name();
            name == "br"
                || name == "hr"
                || !dom::is_inline_tag(name)
                || is_form_control(node)
                || contains_form_control(node)
        }
        _ => false,
    }
}

/// Whether an element's text starts and ends with a space (which `text_of` trims).
fn edge_spaces(element: NodeR<'_>) -> (bool, bool) {
    let mut texts = element
        .descendants()
        .take(2000)
        .filter_map(|n| n.value().as_text().map(|t| &t.text[..]))
        .filter(|t| !t.is_empty());
    let first = texts.next();
    let last = texts.last().or(first);
    (
        first.is_some_and(|t| t.starts_with(char::is_whitespace)),
        last.is_some_and(|t| t.ends_with(char::is_whitespace)),
    )
}

/// Text that runs on after the control (`<input> Share my CV<br>`).
fn following_text(anchor: NodeR<'_>) -> (String, Option<NodeId>) {
    let mut out = String::new();
    for sib in anchor.next_siblings().take(40) {
        if is_line_break(sib) {
            break;
        }
        match sib.value() {
            Node::Text(t) => out.push_str(&t.text),
            Node::Element(e) => {
                // Inline elements run on from the text beside them ("<b>adviser</b>'s"),
                // keeping the spaces at their edges ("my<b> adviser</b>").
                let inline = dom::is_inline_tag(e.name());
                let (space_before, space_after) = edge_spaces(sib);
                if !inline || space_before {
                    out.push(' ');
                }
                out.push_str(&text_of(sib, LABEL_TEXT));
                if inline && space_after {
                    out.push(' ');
                }
            }
            _ => {}
        }
        if out.len() > 2000 {
            break;
        }
    }
    let text = super::text::collapse_whitespace(&out);
    (text, anchor.parent().map(|p| p.id()))
}

/// The text of the table row holding the control, without other controls' content.
fn row_text(anchor: NodeR<'_>, control: NodeR<'_>) -> (String, Option<NodeId>) {
    let Some(row) = dom::ancestors(anchor).take(8).find(|a| tag(*a) == "tr") else {
        return (String::new(), None);
    };
    // A row holding other controls (a whole form laid out in one cell) is not a label;
    // radios of the same group are the same control.
    let group = attr(control, "name");
    let mut others = false;
    let mut steps = 0;
    walk(row, |n| {
        steps += 1;
        if steps > 500 {
            // A row holding a whole section of the page is layout, not a label.
            others = true;
            return Step::Stop;
        }
        if n.value().is_element()
            && n.id() != control.id()
            && is_form_control(n)
            && !(tag(n) == "input" && group.is_some() && attr(n, "name") == group)
        {
            others = true;
            return Step::Stop;
        }
        Step::Descend
    });
    if others {
        return (String::new(), None);
    }
    (text_of(row, LABEL_TEXT), Some(row.id()))
}

/// A wrapping label's text without the parts that belong to other controls nested in
/// it (broken markup can leave a label open around the rest of a form).
fn wrapping_label_text(label: NodeR<'_>, control: NodeR<'_>) -> String {
    let mut raw = String::new();
    let mut passed = false;
    let mut steps = 0;
    walk(label, |n| {
        steps += 1;
        if steps > 3000 {
            return Step::Stop;
        }
        match n.value() {
            Node::Text(t) => {
                if super::text::push_as_shown(&mut raw, &t.text, LABEL_TEXT.max_bytes + 1) {
                    Step::Stop
                } else {
                    Step::Skip
                }
            }
            Node::Element(e) => {
                if n.id() == control.id() {
                    passed = true;
                    raw.push(' ');
                    return Step::Skip;
                }
                if n.id() != label.id() && (is_form_control(n) || e.name() == "label") {
                    if passed {
                        return Step::Stop;
                    }
                    raw.clear();
                    return Step::Skip;
                }
                if dom::is_unread_tag(e.name())
                    || matches!(e.name(), "select" | "option" | "textarea")
                {
                    return Step::Skip;
                }
                if !dom::is_inline_tag(e.name()) {
                    raw.push(' ');
                }
                Step::Descend
            }
            _ => Step::Skip,
        }
    });
    super::text::collapse_whitespace(&raw)
}

/// Inside another control's label (a label that also holds `anchor` is broken markup
/// around the whole form, and its text is read like any other).
fn inside_label(node: NodeR<'_>, anchor: NodeR<'_>) -> bool {
    dom::ancestors(node).take(12).any(|a| {
        matches!(
            tag(a),
            "label" | "option" | "select" | "button" | "textarea"
        ) && !anchor.ancestors().any(|x| x.id() == a.id())
    })
}

/// The last text in document order before `anchor`, skipping other controls' labels;
/// returns the text of the smallest block holding it.
pub fn preceding_text(anchor: NodeR<'_>) -> (String, Option<NodeId>) {
    let mut cur = anchor;
    let mut steps = 0;
    let mut siblings = 0;
    loop {
        let prev = match cur.prev_sibling() {
            Some(p) => p,
            None => match cur.parent() {
                Some(p) if p.value().is_element() && !matches!(tag(p), "body" | "html") => {
                    cur = p;
                    continue;
                }
                _ => return (String::new(), None),
            },
        };
        siblings += 1;
        if siblings > 60 {
            return (String::new(), None);
        }
        // Text beyond another control belongs to that control.
        if prev.value().is_element() && (is_form_control(prev) || contains_form_control(prev)) {
            return (String::new(), None);
        }
        // Reverse document order through `prev`'s subtree: last child first.
        let mut node = prev;
        loop {
            steps += 1;
            if steps > MAX_BACKWARD_STEPS {
                return (String::new(), None);
            }
            let descend = match node.value() {
                Node::Element(e) => {
                    !(dom::is_unread_tag(e.name())
                        || matches!(
                            e.name(),
                            "label" | "select" | "option" | "textarea" | "button"
                        )
                        || (is_form_control(node) && e.name() != "input"))
                }
                _ => false,
            };
            if let Node::Text(t) = node.value() {
                if !t.trim().is_empty() && !inside_label(node, anchor) {
                    let block = dom::ancestors(node).find(|a| !dom::is_inline_tag(tag(*a)));
                    return match block {
                        Some(b)
                            if !anchor.ancestors().any(|d| d.id() == b.id())
                                && !contains_form_control(b) =>
                        {
                            (text_of(b, LABEL_TEXT), Some(b.id()))
                        }
                        _ => (
                            super::text::collapse_whitespace(&t.text),
                            block.map(|b| b.id()),
                        ),
                    };
                }
            }
            if descend {
                if let Some(last) = node.last_child() {
                    node = last;
                    continue;
                }
            }
            // Move to the previous node in reverse order, staying within `prev`.
            let mut moved = false;
            while node.id() != prev.id() {
                if let Some(p) = node.prev_sibling() {
                    node = p;
                    moved = true;
                    break;
                }
                match node.parent() {
                    Some(parent) => node = parent,
                    None => break,
                }
            }
            if !moved {
                break;
            }
        }
        cur = prev;
    }
}

/// Everything a person might read for this control, most specific first, read one
/// at a time: most controls are decided by their label, and the rest is not read.
pub struct Lazy<'a> {
    control: NodeR<'a>,
    /// The wrapping label and the node whose surroundings are read; found only when
    /// the label alone did not decide.
    around: Option<(Option<NodeR<'a>>, NodeR<'a>)>,
    stage: u8,
    seen: Vec<String>,
}

impl<'a> Lazy<'a> {
    pub fn new(control: NodeR<'a>) -> Lazy<'a> {
        Lazy {
            control,
            around: None,
            stage: 0,
            seen: Vec::new(),
        }
    }

    /// The node whose surroundings are read: the control, or its label when the label
    /// is an empty styled wrapper.
    pub fn anchor(&mut self) -> NodeR<'a> {
        self.around().1
    }

    fn around(&mut self) -> (Option<NodeR<'a>>, NodeR<'a>) {
        let control = self.control;
        *self.around.get_or_insert_with(|| {
            let wrapper = wrapping_label(control);
            // A control inside an empty styled label reads the text after the label.
            let anchor = match wrapper {
                Some(l) if wrapping_label_text(l, control).is_empty() => l,
                _ => control,
            };
            (wrapper, anchor)
        })
    }

    pub fn next(&mut self, doc: &Doc<'a>, used: &mut Used) -> Option<Candidate> {
        loop {
            let stage = self.stage;
            self.stage = self.stage.saturating_add(1);
            let (source, (text, node)) = match stage {
                0 => (Source::Label, (label_text(doc, used, self.control), None)),
                1 => {
                    let (_, anchor) = self.around();
                    (
                        Source::Hint,
                        (hint_text(doc, used, self.control, anchor), None),
                    )
                }
                2 => (Source::Following, following_text(self.around().1)),
                3 => (Source::Row, row_text(self.around().1, self.control)),
                4 => {
                    let (wrapper, anchor) = self.around();
                    (Source::Preceding, preceding_text(wrapper.unwrap_or(anchor)))
                }
                _ => return None,
            };
            if !text.is_empty() && !self.seen.contains(&text) {
                self.seen.push(text.clone());
                return Some(Candidate { source, text, node });
            }
        }
    }
}

/// All of a control's candidate texts at once.
pub fn candidates<'a>(doc: &Doc<'a>, used: &mut Used, control: NodeR<'a>) -> Vec<Candidate> {
    let mut lazy = Lazy::new(control);
    let mut out = Vec::new();
    while let Some(c) = lazy.next(doc, used) {
        out.push(c);
    }
    out
}

/// The question a group of radios (or a select) answers.
pub fn question_candidates<'a>(doc: &Doc<'a>, used: &mut Used, first: NodeR<'a>) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let mut push = |source, (text, node): (String, Option<NodeId>)| {
        if !text.is_empty() && !out.iter().any(|c| c.text == text) {
            out.push(Candidate { source, text, node });
        }
    };
    for a in dom::ancestors(first).take(16) {
        let role = attr_lower(a, "role");
        if role == "radiogroup" || role == "group" {
            let mut t = String::new();
            if let Some(ids) = attr(a, "aria-labelledby") {
                t = ids_text(doc, used, ids, a);
            }
            if t.is_empty() {
                t = attr(a, "aria-label")
                    .map(super::text::collapse_whitespace)
                    .unwrap_or_default();
            }
            push(Source::Label, (t, None));
            if let Some(ids) = attr(a, "aria-describedby") {
                push(Source::Hint, (ids_text(doc, used, ids, a), None));
            }
        }
        if tag(a) == "fieldset" {
            if let Some(legend) = a.children().find(|c| tag(*c) == "legend") {
                used.nodes.insert(legend.id());
                push(Source::Label, (text_of(legend, LABEL_TEXT), None));
            }
            let mut hints = Vec::new();
            for c in a.children().take(40) {
                if c.value().is_element() && is_hint(c) && !contains_form_control(c) {
                    used.nodes.insert(c.id());
                    hints.push(text_of(c, LABEL_TEXT));
                }
            }
            push(Source::Hint, (hints.join(" "), None));
            break;
        }
    }
    // A drop-down (native or drawn) has a label of its own; a radio's label is its answer.
    let radio = attr_lower(first, "type") == "radio" || attr_lower(first, "role") == "radio";
    if !radio {
        for c in candidates(doc, used, first) {
            push(c.source, (c.text, c.node));
        }
        return out;
    }
    if let Some(ids) = attr(first, "aria-describedby") {
        push(Source::Hint, (ids_text(doc, used, ids, first), None));
    }
    let anchor = wrapping_label(first).unwrap_or(first);
    push(Source::Row, row_text(anchor, first));
    push(Source::Preceding, preceding_text(anchor));
    out
}
