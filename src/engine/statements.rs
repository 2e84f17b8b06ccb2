//! Statements: sentences in a page's running text that announce sharing with no way
//! to refuse, read block by block, with links counted only where they run on.

use std::collections::HashMap;

use ego_tree::NodeId;
use scraper::Node;

use super::dom::{self, attr_lower, tag, text_of, walk, NodeR, Step, TextOptions};
use super::findings::{Draft, Kind};
use super::labels::{form_controls_within, SMALL_SUBTREE};
use super::page::{is_cookie_notice, is_hidden_by_class, is_listing};
use super::text::{self, collapse_whitespace, tokenize};
use super::{classify, clause};
use super::{Audit, MAX_FINDINGS, MAX_STATEMENT_BYTES};
use crate::report::{Category, Control};

impl<'d, 'a> Audit<'d, 'a> {
    /// Sentences that announce sharing, outside controls' labels and job adverts.
    ///
    /// Each block (the nearest element that is not inline) is read as one text. Words in
    /// a link (`<a>`, `role="link"`) count only where the link runs on from the words
    /// beside it ("Your <a>work coach</a> can see..."): see [`running_text`]. A link that
    /// stands alone (a menu item, a list of links, a footer, a card that is a link) is
    /// not read, so its words are never taken for a statement.
    pub(super) fn statements(&mut self) {
        let blocks = self.blocks();
        let doc = self.doc;
        // What has been warned about, as few as the findings (at most MAX_FINDINGS): a list,
        // not another kind of hash set in the module.
        let mut said: Vec<String> = Vec::new();
        // Lists whose lead has been warned about, by kind of sharing: one warning of each
        // kind for the lead and its items.
        // A few per page: a list, not another kind of hash set in the module.
        let mut led: Vec<(NodeId, Category)> = Vec::new();
        let mut read = 0usize;
        for (at, block) in blocks.iter().enumerate() {
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
            // A description that only answers its term ("Share your progress with your
            // work coach" - "No") is a check of answers, not a sentence.
            // A block that says something on its own is read on its own: its context is
            // for words that need it ("your Restart Scheme adviser;" after "...can be
            // seen by:").
            let mut with_context = false;
            if block.term_pieces > 0 {
                let own = collapse_whitespace(&running_text(
                    &block.pieces[block.term_pieces..],
                    says_it_alone,
                ));
                let own_tokens = tokenize(&own);
                if own_tokens.len() <= 3 && classify::answer(rules, &own_tokens).is_some() {
                    continue;
                }
                with_context = !says_it_alone(&own);
                // A row header that says something is warned about itself; its cells
                // ("Switched off") are not read again with it.
                let header = block
                    .context
                    .and_then(|c| doc.get(c))
                    .is_some_and(|c| tag(c) == "th");
                if with_context && header {
                    let term = running_text(&block.pieces[..block.term_pieces], says_it_alone);
                    with_context = !says_it_alone(&term);
                }
            }
            let pieces = if with_context {
                &block.pieces[..]
            } else {
                &block.pieces[block.term_pieces..]
            };
            let text = collapse_whitespace(&running_text(pieces, says_it_alone));
            read += text.len();
            let tokens = tokenize(&text);
            // The block offers a way out of what it says ("You can unsubscribe at any
            // time"): nothing in it is sharing with no way to refuse. Sharing that is on
            // unless the person acts ("Unless you unsubscribe, ...") is still on.
            let way_out = self.rules.words.way_out.contains(&tokens);
            let mut item: Option<Option<NodeR<'a>>> = None;
            for sentence in sentences(&text, &tokens) {
                let Some(verdict) = classify::read_statement(self.rules, sentence) else {
                    continue;
                };
                if way_out && !verdict.inverted {
                    continue;
                }
                let item = *item.get_or_insert_with(|| item_around(node));
                if item.is_some_and(|item| self.offered_in(item, &verdict)) {
                    continue;
                }
                let (Some(first), Some(last)) = (sentence.first(), sentence.last()) else {
                    continue;
                };
                let label = text.get(first.start..last.end).unwrap_or("").to_string();
                let key = label.to_lowercase();
                if said.contains(&key) {
                    break;
                }
                // A list's item read after its lead is warned about at the lead, once for
                // the list. (A description or a cell is warned about itself.)
                let lead = block
                    .context
                    .filter(|_| with_context)
                    .and_then(|c| doc.get(c))
                    .filter(|c| !matches!(tag(*c), "dt" | "th"));
                if let Some(l) = lead {
                    let key = (l.id(), verdict.category);
                    if led.contains(&key) {
                        continue;
                    }
                    led.push(key);
                }
                // Only what is warned about is kept (one per block, and the loop ends at
                // MAX_FINDINGS), so the list stays short whatever the page.
                said.push(key);
                let mut verdict = verdict;
                let node_id = match lead {
                    Some(lead) => {
                        // The other items name more of who gets it ("...; and the
                        // Jobcentre Plus work coach who referred you").
                        for item in blocks[at + 1..]
                            .iter()
                            .take_while(|b| b.context == block.context)
                            .take(MAX_LIST_ITEMS)
                        {
                            let text =
                                collapse_whitespace(&running_text(&item.pieces, says_it_alone));
                            let tokens = tokenize(&text);
                            for s in sentences(&text, &tokens) {
                                match classify::read_statement(self.rules, s) {
                                    Some(more) if more.category == verdict.category => {
                                        clause::add(&mut verdict.recipients, more.recipients);
                                    }
                                    _ => {}
                                }
                            }
                        }
                        lead.id()
                    }
                    None => smallest_holding(node, &label).id(),
                };
                let registering =
                    self.registration_page || self.rules.words.registration.contains(sentence);
                // On unless the person acts: there is a way to say no, though doing
                // nothing is not consent.
                let unless_refused = verdict.inverted;
                self.emit(Draft {
                    node: node_id,
                    verdict,
                    control: Control::Statement,
                    label,
                    locked: !unless_refused,
                    kind: if unless_refused {
                        Kind::Inverted
                    } else if registering {
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

    /// A control in `item` offers the choice the sentence is about: a setting of the
    /// same kind, for someone the sentence names. Then the sentence explains that
    /// control, and "no way to refuse" would be untrue.
    fn offered_in(&self, item: NodeR<'a>, verdict: &classify::Verdict) -> bool {
        // The item is small: its nodes are looked up, not every choice on the page.
        let mut offered = false;
        walk(item, |n| {
            offered |= self.choices.get(&n.id()).is_some_and(|c| {
                c.category == verdict.category
                    && (verdict.recipients.is_empty()
                        || c.recipients.is_empty()
                        || c.recipients.iter().any(|r| verdict.recipients.contains(r)))
            });
            if offered {
                Step::Stop
            } else {
                Step::Descend
            }
        });
        offered
    }

    /// The page's blocks in document order, each with the text nodes read for
    /// statements: see [`Block`] and [`Piece`].
    fn blocks(&self) -> Vec<Block<'a>> {
        let mut blocks: Vec<Block<'a>> = Vec::new();
        let mut index: HashMap<NodeId, usize> = HashMap::new();
        // Every element inside a link (the link itself too), with that link, the
        // outermost one: text is link text when its parent is here.
        let mut in_link: HashMap<NodeId, NodeId> = HashMap::new();
        // Each list's lead (words ending with a colon just before it), read once.
        let mut leads: Leads<'a> = HashMap::new();
        let used = &self.used.nodes;
        let doc = self.doc;
        let markers = &self.rules.words.job_listing_markers;
        let cookie_markers = &self.rules.words.cookie_notice_markers;
        let hidden_markers = &self.rules.words.hidden_class_markers;
        let screens = &self.rules.words.hidden_class_screens;
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
                // A term answered yes or no is a question (GOV.UK's summary list:
                // "Share your progress with your work coach" - "No"), not a sentence.
                if dom::is_unread_tag(name)
                    || matches!(
                        name,
                        "label" | "legend" | "option" | "select" | "textarea" | "button" | "nav"
                    )
                    || (name == "dt" && is_answered_term(n, self.rules))
                    || used.contains(&n.id())
                    || dom::is_hidden(n)
                    || is_hidden_by_class(n, hidden_markers, screens)
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
                        // A description is read with its term ("Your work coach" - "Gets
                        // a monthly update on..."), which names who it is about; a list
                        // item with the words that lead into its list.
                        let (context, term) = match context_of(b, &mut leads) {
                            Some((id, words)) => (Some(id), words),
                            None => (None, Vec::new()),
                        };
                        // Its own first words are apart from the term's.
                        let breaks_at_last = if term.is_empty() {
                            breaks
                        } else {
                            breaks.wrapping_sub(1)
                        };
                        blocks.push(Block {
                            node: b.id(),
                            context,
                            term_pieces: term.len(),
                            pieces: term,
                            own_bytes: 0,
                            link_bytes: 0,
                            breaks_at_last,
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
        blocks
    }
}

/// The form item a block is part of: the nearest small part of the page around it that
/// holds a control ("We would like to send you offers" above its box). A page's
/// sections, its form and its main content are not one control's item: an
/// announcement there stands on its own.
fn item_around(block: NodeR<'_>) -> Option<NodeR<'_>> {
    for a in std::iter::once(block).chain(dom::ancestors(block).take(AROUND_A_CONTROL)) {
        if matches!(
            tag(a),
            "html" | "body" | "main" | "form" | "section" | "article"
        ) {
            return None;
        }
        // The whole of a small part is looked through; a big one is a section.
        match form_controls_within(a, true, usize::MAX) {
            Some(0) => {}
            Some(_) => return Some(a),
            None => return None,
        }
    }
    None
}

/// How many levels above a block a control may be and still be the one it explains.
const AROUND_A_CONTROL: usize = 4;

/// Bytes of text kept per block for reading statements: this much of its own words,
/// and this much of its links' words.
const MAX_BLOCK_BYTES: usize = 4000;

/// A block's text nodes in document order, for reading statements.
struct Block<'a> {
    node: NodeId,
    pieces: Vec<Piece<'a>>,
    /// What the block is read after (`context_of`): a description's term, a list's lead.
    context: Option<NodeId>,
    /// How many of `pieces` are that context's words.
    term_pieces: usize,
    own_bytes: usize,
    link_bytes: usize,
    /// The walk's count of word breaks when this block's last piece was read.
    breaks_at_last: usize,
}

/// Items of a list read after the one that announced, for more of who gets it.
const MAX_LIST_ITEMS: usize = 12;

/// What a block is read after, as pieces of its own text: for a description (`<dd>`), the
/// term just before it (`<dt>`); for a table cell, its row's header (`<th>`) just before
/// it; for a list item, the words that lead into its list and
/// end with a colon ("Everything you add to your diary can be seen by:"). Empty for any
/// other block.
fn context_of<'a>(block: NodeR<'a>, leads: &mut Leads<'a>) -> Context<'a> {
    let previous = |n: NodeR<'a>| n.prev_siblings().find(|s| s.value().is_element());
    match tag(block) {
        "dd" => previous(block)
            .filter(|s| tag(*s) == "dt")
            .map(|term| (term.id(), words_of(term))),
        // A table's cell, after its row's header ("Your job search log" | "Seen by your
        // adviser").
        "td" => previous(block)
            .filter(|s| tag(*s) == "th")
            .map(|header| (header.id(), words_of(header))),
        "li" => {
            let list = block.parent().filter(|l| matches!(tag(*l), "ul" | "ol"))?;
            // Once per list: a list of thousands of items must not read its lead each time.
            leads
                .entry(list.id())
                .or_insert_with(|| {
                    let lead =
                        previous(list).filter(|l| matches!(tag(*l), "p" | "div" | "span"))?;
                    let words = words_of(lead);
                    let ends_with_colon = words
                        .iter()
                        .rev()
                        .find(|p| !p.text.trim().is_empty())
                        .is_some_and(|p| p.text.trim_end().ends_with(':'));
                    ends_with_colon.then(|| (lead.id(), words))
                })
                .clone()
        }
        _ => None,
    }
}

/// A description list's term whose description is only a yes or no.
fn is_answered_term(term: NodeR<'_>, rules: &crate::rules::Rules) -> bool {
    let Some(description) = term
        .next_siblings()
        .find(|s| s.value().is_element())
        .filter(|s| tag(*s) == "dd")
    else {
        return false;
    };
    let words: Vec<&str> = words_of(description).iter().map(|p| p.text).collect();
    let tokens = tokenize(&words.join(" "));
    tokens.len() <= 3 && classify::answer(rules, &tokens).is_some()
}

/// What a block is read after: the context's element and its words.
type Context<'a> = Option<(NodeId, Vec<Piece<'a>>)>;
/// Each list's lead, once read.
type Leads<'a> = HashMap<NodeId, Context<'a>>;

/// The text of a short element as pieces, bounded in words and in nodes walked.
fn words_of<'a>(element: NodeR<'a>) -> Vec<Piece<'a>> {
    const MAX_PIECES: usize = 16;
    let mut pieces = Vec::new();
    let mut steps = 0;
    walk(element, |n| {
        steps += 1;
        if steps > SMALL_SUBTREE || pieces.len() >= MAX_PIECES {
            return Step::Stop;
        }
        match n.value() {
            Node::Text(t) => {
                let text: &'a str = t;
                pieces.push(Piece {
                    text,
                    link: None,
                    spaced: true,
                });
                Step::Skip
            }
            _ => Step::Descend,
        }
    });
    pieces
}

/// One text node of a block, and the link it is in, if any. An empty text stands for a
/// line break.
#[derive(Clone)]
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
