//! YAML collections. yaml-rust2's events give the start of each scalar; the scalar is then
//! read again from the source to map every byte of its value, and the result is checked
//! against the parser's value (a mismatch falls back to mapping the value to its start).

use super::map::{Builder, OffsetMap};
use super::{CollectionError, Node, Quoting, Scalar, Work, MAX_DEPTH};
use regex::Regex;
use std::collections::HashMap;
use std::str::Chars;
use std::sync::LazyLock;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Nodes that aliases may copy in all (guards against "billion laughs").
const ALIAS_BUDGET: usize = 100_000;

/// Reads a YAML stream event by event. The items of a list of replies at the top of a document
/// (the document itself, or a value of its top-level map other than `actions`) are handed out
/// as soon as each is read, and left in the tree as [`Node::HandedOut`]; the rest of the tree
/// is built as it is.
pub(crate) struct Reader<'a> {
    parser: Parser<Chars<'a>>,
    recv: Receiver<'a>,
    /// The id of the next anchor.
    next_anchor: usize,
    /// The id of the current document's first anchor.
    first_anchor: usize,
}

impl<'a> Reader<'a> {
    pub fn new(src: &'a str) -> Self {
        Reader {
            parser: Parser::new_from_str(src),
            recv: Receiver {
                src,
                line_starts: vec![0],
                stack: Vec::new(),
                flow: 0,
                flows: Vec::new(),
                roots: Vec::new(),
                anchors: HashMap::new(),
                alias_budget: ALIAS_BUDGET,
                too_deep: None,
                item: None,
                handed_out: 0,
            },
            next_anchor: 1,
            first_anchor: 1,
        }
    }

    /// The next item handed out (a [`Work::Item`]), or `None` at the end of the stream.
    pub fn next_item(&mut self) -> Result<Option<Work>, CollectionError> {
        while self.recv.item.is_none() {
            let (ev, mark) = self
                .parser
                .next_token()
                .map_err(|e| self.recv.error(e.marker(), e.info()))?;
            match ev {
                Event::StreamEnd => return Ok(None),
                Event::DocumentStart => self.first_anchor = self.next_anchor,
                // An alias cannot refer to an anchor of an earlier document.
                Event::Alias(id) if id < self.first_anchor => {
                    return Err(self
                        .recv
                        .error(&mark, "while parsing node, found unknown anchor"));
                }
                Event::Scalar(_, _, anchor, _)
                | Event::SequenceStart(anchor, _)
                | Event::MappingStart(anchor, _)
                    if anchor > 0 =>
                {
                    self.next_anchor = anchor + 1;
                }
                _ => {}
            }
            self.recv.on_event(ev, mark);
        }
        Ok(self.recv.item.take())
    }

    /// The documents, once [`Reader::next_item`] has returned `None`.
    pub fn finish(self) -> Result<Vec<Node>, CollectionError> {
        match self.recv.too_deep {
            Some(at) => Err(CollectionError::at(
                self.recv.src,
                at,
                format!("invalid YAML: nested more than {MAX_DEPTH} levels deep"),
            )),
            None => Ok(self.recv.roots),
        }
    }
}

enum Frame {
    Seq(Vec<Node>, usize),
    Map(Vec<(Scalar, Node)>, Option<Scalar>, usize),
}

struct Receiver<'a> {
    src: &'a str,
    /// Where each line starts, as far as the source has been read (a marker's line and
    /// column are reliable; its index counts chars, except in block scalars, where it counts
    /// bytes).
    line_starts: Vec<usize>,
    stack: Vec<Frame>,
    /// How many of the open collections are flow collections (`[…]`, `{…}`), and of each open
    /// one whether it is.
    flow: usize,
    flows: Vec<bool>,
    roots: Vec<Node>,
    anchors: HashMap<usize, Node>,
    alias_budget: usize,
    too_deep: Option<usize>,
    /// The item just read, to hand out.
    item: Option<Work>,
    handed_out: usize,
}

impl Receiver<'_> {
    /// Where 0-based line `line` starts: after LF, CRLF or a lone CR, as yaml-rust2 counts lines.
    fn line_start(&mut self, line: usize) -> Option<usize> {
        let s = self.src.as_bytes();
        while self.line_starts.len() <= line {
            let from = *self.line_starts.last()?;
            let brk = from + s[from..].iter().position(|&c| is_break(c))?;
            self.line_starts.push(brk + break_len(s, brk));
        }
        Some(self.line_starts[line])
    }

    /// The byte offset of a marker (1-based line, 0-based column in chars).
    fn byte(&mut self, mark: &Marker) -> usize {
        let Some(start) = mark.line().checked_sub(1).and_then(|l| self.line_start(l)) else {
            return self.src.len();
        };
        let line = &self.src[start..];
        let line = &line[..line.find(['\r', '\n']).unwrap_or(line.len())];
        start
            + line
                .char_indices()
                .nth(mark.col())
                .map_or(line.len(), |(i, _)| i)
    }

    fn error(&mut self, mark: &Marker, info: &str) -> CollectionError {
        // A line of a template such as `%{ticket.number} …` that starts at column 1 inside a
        // block reads as a YAML directive: say what to do about it.
        let hint = if info.contains("while scanning a directive") {
            " (a line starting with `%` at column 1 is read as a YAML directive: indent it with the text it belongs to, or quote the value)"
        } else {
            ""
        };
        CollectionError::at(
            self.src,
            self.byte(mark),
            format!("invalid YAML: {info}{hint}"),
        )
    }

    /// Whether the items of the list being read are handed out, and if so whether they are
    /// Markdown: the document is the list, or the list is a value of the document's map. Not
    /// under `actions` (Zendesk macros are read from their map), nor under an anchor (an alias
    /// may copy the list).
    fn hands_out(&self) -> Option<bool> {
        match self.stack.as_slice() {
            [Frame::Seq(_, 0)] => Some(false),
            [Frame::Map(_, Some(key), 0), Frame::Seq(_, 0)] if key.text != "actions" => {
                Some(key.text == "replies")
            }
            _ => None,
        }
    }

    fn add(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        let node = match self.hands_out() {
            Some(markdown) => {
                self.item = Some(Work::Item {
                    node,
                    depth: self.stack.len() - 1,
                    markdown,
                });
                self.handed_out += 1;
                Node::HandedOut(self.handed_out - 1..self.handed_out)
            }
            None => node,
        };
        match self.stack.last_mut() {
            None => self.roots.push(node),
            Some(Frame::Seq(items, _)) => match (items.last_mut(), node) {
                (Some(Node::HandedOut(last)), Node::HandedOut(next)) => last.end = next.end,
                (_, node) => items.push(node),
            },
            Some(Frame::Map(pairs, key, _)) => match key.take() {
                None => {
                    *key = Some(match node {
                        Node::Scalar(s) => s,
                        _ => Scalar::other(String::new()),
                    })
                }
                Some(k) => pairs.push((k, node)),
            },
        }
    }

    fn scalar(&mut self, value: String, style: TScalarStyle, mark: Marker) -> Scalar {
        let at = self.byte(&mark);
        let decoded = match style {
            TScalarStyle::Plain => plain(self.src, at, value.len()),
            TScalarStyle::SingleQuoted => quoted(self.src, at, b'\''),
            TScalarStyle::DoubleQuoted => quoted(self.src, at, b'"'),
            TScalarStyle::Literal => {
                block_header(self.src, at).and_then(|h| block(self.src, h, false, &value))
            }
            TScalarStyle::Folded => {
                block_header(self.src, at).and_then(|h| block(self.src, h, true, &value))
            }
        };
        let is_string = style != TScalarStyle::Plain || !is_plain_non_string(&value);
        let map = match decoded {
            Some((text, map)) if text == value => map,
            // A block scalar cut off by the end of the file gets its final line break anyway.
            Some((text, mut map))
                if value.starts_with(&text) && value[text.len()..].trim().is_empty() =>
            {
                map.extend_synthetic(value.len() - text.len());
                map
            }
            _ => OffsetMap::coarse(at, value.len()),
        };
        let quoting = match style {
            TScalarStyle::SingleQuoted => Quoting::Single,
            TScalarStyle::DoubleQuoted => Quoting::Double,
            // The column of the first line's first character is the block's indentation.
            TScalarStyle::Literal => match value.find(|c| c != '\n') {
                Some(first) => {
                    let at = map.to_file(first);
                    let line_start = self.src[..at].rfind('\n').map_or(0, |p| p + 1);
                    Quoting::Block {
                        indent: self.src[line_start..at].chars().count(),
                        crlf: line_start >= 2 && self.src[..line_start].ends_with("\r\n"),
                    }
                }
                None => Quoting::Bare { flow: true },
            },
            TScalarStyle::Plain => Quoting::Bare {
                flow: self.flow > 0,
            },
            TScalarStyle::Folded => Quoting::Bare { flow: true },
        };
        Scalar {
            text: value,
            map,
            is_string,
            quoting,
        }
    }

    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.too_deep.is_some() {
            return;
        }
        match ev {
            Event::Scalar(value, style, anchor, _) => {
                let node = Node::Scalar(self.scalar(value, style, mark));
                self.add(node, anchor);
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= MAX_DEPTH {
                    self.too_deep = Some(self.byte(&mark));
                    return;
                }
                let at = self.byte(&mark);
                let flow = matches!(self.src.as_bytes().get(at), Some(b'[' | b'{'));
                self.flow += usize::from(flow);
                self.flows.push(flow);
                self.stack.push(if matches!(ev, Event::SequenceStart(..)) {
                    Frame::Seq(Vec::new(), anchor)
                } else {
                    Frame::Map(Vec::new(), None, anchor)
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if self.flows.pop() == Some(true) {
                    self.flow -= 1;
                }
                let (node, anchor) = match self.stack.pop() {
                    Some(Frame::Seq(items, anchor)) => (Node::Seq(items), anchor),
                    Some(Frame::Map(pairs, _, anchor)) => (Node::Map(merged(pairs)), anchor),
                    None => return,
                };
                self.add(node, anchor);
            }
            Event::Alias(id) => {
                let node = match self.anchors.get(&id) {
                    Some(n) => {
                        let size = n.size(self.alias_budget + 1);
                        if size <= self.alias_budget {
                            self.alias_budget -= size;
                            n.clone()
                        } else {
                            Node::Null
                        }
                    }
                    None => Node::Null,
                };
                self.add(node, 0);
            }
            _ => {}
        }
    }
}

/// A map with its merge keys (`<<: *base`, `<<: [*a, *b]`) replaced by the pairs they merge in,
/// except those of keys the map has itself (or an earlier merged map has).
fn merged(pairs: Vec<(Scalar, Node)>) -> Vec<(Scalar, Node)> {
    if !pairs.iter().any(|(k, _)| k.text == "<<") {
        return pairs;
    }
    let (merges, mut own): (Vec<_>, Vec<_>) = pairs.into_iter().partition(|(k, _)| k.text == "<<");
    for (_, value) in merges {
        let maps = match value {
            Node::Map(p) => vec![p],
            Node::Seq(items) => items
                .into_iter()
                .filter_map(|n| match n {
                    Node::Map(p) => Some(p),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        for (k, v) in maps.into_iter().flatten() {
            if !own.iter().any(|(o, _)| o.text == k.text) {
                own.push((k, v));
            }
        }
    }
    own
}

/// YAML 1.2 core schema: null, booleans and numbers are not strings.
fn is_plain_non_string(v: &str) -> bool {
    matches!(
        v,
        "" | "~"
            | "null"
            | "Null"
            | "NULL"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
    ) || v.parse::<f64>().is_ok()
        || matches!(v, ".inf" | "-.inf" | "+.inf" | ".nan" | ".NaN" | ".NAN")
        || (v.starts_with("0x") && u64::from_str_radix(&v[2..], 16).is_ok())
        || (v.starts_with("0o") && u64::from_str_radix(&v[2..], 8).is_ok())
}

fn is_break(b: u8) -> bool {
    b == b'\n' || b == b'\r'
}

fn break_len(s: &[u8], i: usize) -> usize {
    match (s.get(i), s.get(i + 1)) {
        (Some(b'\r'), Some(b'\n')) => 2,
        (Some(b'\r' | b'\n'), _) => 1,
        _ => 0,
    }
}

fn skip_blanks(s: &[u8], mut i: usize) -> usize {
    while matches!(s.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    i
}

/// A `'\n'` of the value that stands for the line break at `at` (literal when the file has LF there).
fn newline(b: &mut Builder, s: &[u8], at: usize) {
    b.char('\n', at, s.get(at) == Some(&b'\n'));
}

/// Flow folding at the line break at `i`: one break becomes a space (mapped to the break),
/// each following empty line a `'\n'`; the next line's indentation is skipped.
fn fold(s: &[u8], i: usize, b: &mut Builder) -> usize {
    let first = i;
    let mut i = i + break_len(s, i);
    let mut empties = Vec::new();
    loop {
        let j = skip_blanks(s, i);
        if j < s.len() && is_break(s[j]) {
            empties.push(j);
            i = j + break_len(s, j);
        } else {
            i = j;
            break;
        }
    }
    if empties.is_empty() {
        b.synthetic(" ", first);
    }
    for e in empties {
        newline(b, s, e);
    }
    i
}

/// White space at `i` inside a flow scalar: dropped before a line break, else copied.
fn blanks(src: &str, i: usize, b: &mut Builder) -> Option<usize> {
    let s = src.as_bytes();
    let j = skip_blanks(s, i);
    if j >= s.len() {
        return None;
    }
    if !is_break(s[j]) {
        b.literal(src.get(i..j)?, i);
    }
    Some(j)
}

fn literal_char(src: &str, i: usize, b: &mut Builder) -> Option<usize> {
    let c = src.get(i..)?.chars().next()?;
    b.char(c, i, true);
    Some(i + c.len_utf8())
}

/// A plain scalar of `len` decoded bytes starting at `at`.
fn plain(src: &str, at: usize, len: usize) -> Option<(String, OffsetMap)> {
    let s = src.as_bytes();
    let mut b = Builder::new();
    let mut i = at;
    while b.text.len() < len {
        i = match *s.get(i)? {
            b' ' | b'\t' => blanks(src, i, &mut b)?,
            b'\r' | b'\n' => fold(s, i, &mut b),
            _ => literal_char(src, i, &mut b)?,
        };
    }
    Some(b.finish(i))
}

/// A single- (`q == '\''`) or double-quoted scalar whose opening quote is at `at`.
fn quoted(src: &str, at: usize, q: u8) -> Option<(String, OffsetMap)> {
    let s = src.as_bytes();
    if s.get(at) != Some(&q) {
        return None;
    }
    let mut b = Builder::new();
    let mut i = at + 1;
    loop {
        let c = *s.get(i)?;
        i = match c {
            b'\'' if q == b'\'' => {
                if s.get(i + 1) == Some(&b'\'') {
                    b.literal("'", i);
                    i + 2
                } else {
                    return Some(b.finish(i));
                }
            }
            b'"' if q == b'"' => return Some(b.finish(i)),
            b'\\' if q == b'"' => escape(src, i, &mut b)?,
            b' ' | b'\t' => blanks(src, i, &mut b)?,
            b'\r' | b'\n' => fold(s, i, &mut b),
            _ => literal_char(src, i, &mut b)?,
        };
    }
}

/// A double-quoted scalar's escape at `i`; returns the index after it.
fn escape(src: &str, i: usize, b: &mut Builder) -> Option<usize> {
    let s = src.as_bytes();
    let e = *s.get(i + 1)?;
    let c = match e {
        b'0' => '\0',
        b'a' => '\x07',
        b'b' => '\x08',
        b't' | b'\t' => '\t',
        b'n' => '\n',
        b'v' => '\x0b',
        b'f' => '\x0c',
        b'r' => '\r',
        b'e' => '\x1b',
        b' ' => ' ',
        b'"' => '"',
        b'/' => '/',
        b'\\' => '\\',
        b'N' => '\u{85}',
        b'_' => '\u{a0}',
        b'L' => '\u{2028}',
        b'P' => '\u{2029}',
        b'x' | b'u' | b'U' => {
            let n = match e {
                b'x' => 2,
                b'u' => 4,
                _ => 8,
            };
            let hex = src.get(i + 2..i + 2 + n)?;
            if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                return None;
            }
            let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
            b.char(c, i, false);
            return Some(i + 2 + n);
        }
        b'\r' | b'\n' => {
            // An escaped line break: dropped, with the next line's indentation.
            let mut j = i + 1 + break_len(s, i + 1);
            loop {
                let k = skip_blanks(s, j);
                if k < s.len() && is_break(s[k]) {
                    newline(b, s, k);
                    j = k + break_len(s, k);
                } else {
                    return Some(k);
                }
            }
        }
        _ => return None,
    };
    b.char(c, i, false);
    Some(i + 2)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Chomp {
    Strip,
    Clip,
    Keep,
}

/// One line of a block scalar.
struct Line {
    /// The content after the indentation; `None` for an empty line.
    content: Option<(usize, usize)>,
    /// Where its line break starts (`None` at the end of the file).
    brk: Option<usize>,
}

static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[ \t:\-?])([|>][-+1-9]{0,2})[ \t]*(?:#.*)?\r?$").expect("valid regex")
});

/// The indicator (`|`, `>`) of the block scalar whose event is marked at `mark` (where its
/// content starts): the end of the last line before the mark that is not blank.
fn block_header(src: &str, mark: usize) -> Option<usize> {
    let before = src.get(..mark.min(src.len()))?;
    let end = before.trim_end_matches([' ', '\t', '\r', '\n']).len();
    let start = before[..end].rfind('\n').map_or(0, |p| p + 1);
    let m = HEADER.captures(&before[start..end])?.get(1)?;
    Some(start + m.start())
}

/// A literal (`|`) or folded (`>`) block scalar whose indicator is at `at`.
fn block(src: &str, at: usize, folded: bool, value: &str) -> Option<(String, OffsetMap)> {
    let s = src.as_bytes();
    if !matches!(s.get(at), Some(b'|' | b'>')) {
        return None;
    }
    let mut chomp = Chomp::Clip;
    let mut explicit = None;
    let mut i = at + 1;
    while let Some(&c) = s.get(i) {
        match c {
            b'-' => chomp = Chomp::Strip,
            b'+' => chomp = Chomp::Keep,
            b'1'..=b'9' => explicit = Some(usize::from(c - b'0')),
            _ => break,
        }
        i += 1;
    }
    while i < s.len() && !is_break(s[i]) {
        i += 1;
    }
    let body = (i + break_len(s, i)).min(s.len());
    let candidates: Vec<usize> = match explicit {
        // The indentation indicator counts from the parent node's indentation, which
        // the events do not give: try each that the header's column allows.
        Some(d) => {
            let line_start = src[..at].rfind('\n').map_or(0, |p| p + 1);
            (0..=(at - line_start).min(64)).map(|n| n + d).collect()
        }
        None => {
            let mut j = body;
            loop {
                let k = j + s[j..].iter().take_while(|&&c| c == b' ').count();
                match s.get(k) {
                    Some(b'\r' | b'\n') => j = k + break_len(s, k),
                    Some(_) => break vec![k - j],
                    None => break vec![0],
                }
            }
        }
    };
    let decode = |indent: usize| {
        let lines = block_lines(s, body, indent);
        if folded {
            fold_block(src, &lines, chomp)
        } else {
            literal_block(src, &lines, chomp)
        }
    };
    let first = decode(*candidates.first()?);
    if first.0 == value {
        return Some(first);
    }
    candidates[1..]
        .iter()
        .map(|&indent| decode(indent))
        .find(|(text, _)| text == value)
        .or(Some(first))
}

fn block_lines(s: &[u8], mut i: usize, indent: usize) -> Vec<Line> {
    let mut lines = Vec::new();
    while i < s.len() {
        let start = i;
        let mut end = i;
        while end < s.len() && !is_break(s[end]) {
            end += 1;
        }
        let brk = (end < s.len()).then_some(end);
        let lead = s[start..end].iter().take_while(|&&c| c == b' ').count();
        let content = if lead == end - start && lead <= indent {
            None
        } else if lead >= indent {
            Some((start + indent, end))
        } else {
            break;
        };
        lines.push(Line { content, brk });
        match brk {
            Some(e) => i = e + break_len(s, e),
            None => break,
        }
    }
    lines
}

/// Push the `'\n'` of a line break, if the line has one, moving `end` past it.
fn push_break(b: &mut Builder, s: &[u8], brk: Option<usize>, end: &mut usize) {
    if let Some(at) = brk {
        newline(b, s, at);
        *end = at + break_len(s, at);
    }
}

fn literal_block(src: &str, lines: &[Line], chomp: Chomp) -> (String, OffsetMap) {
    let s = src.as_bytes();
    let mut b = Builder::new();
    let last = lines.iter().rposition(|l| l.content.is_some());
    let mut end = 0;
    for (k, l) in lines.iter().enumerate() {
        match last {
            Some(last) if k <= last => {
                if let Some((a, e)) = l.content {
                    b.literal(&src[a..e], a);
                    end = e;
                }
                if k < last || chomp != Chomp::Strip {
                    push_break(&mut b, s, l.brk, &mut end);
                }
            }
            _ if chomp == Chomp::Keep => push_break(&mut b, s, l.brk, &mut end),
            _ => {}
        }
    }
    b.finish(end)
}

fn fold_block(src: &str, lines: &[Line], chomp: Chomp) -> (String, OffsetMap) {
    let s = src.as_bytes();
    let mut b = Builder::new();
    let last = lines.iter().rposition(|l| l.content.is_some());
    let mut prev: Option<(bool, Option<usize>)> = None;
    let mut empties: Vec<Option<usize>> = Vec::new();
    let mut end = 0;
    for l in &lines[..last.map_or(0, |l| l + 1)] {
        let Some((a, e)) = l.content else {
            empties.push(l.brk);
            continue;
        };
        let more = matches!(s.get(a), Some(b' ' | b'\t'));
        match prev {
            None => {}
            Some((false, Some(pb))) if !more && empties.is_empty() => b.synthetic(" ", pb),
            Some((false, _)) if !more => {}
            Some((_, pb)) => push_break(&mut b, s, pb, &mut end),
        }
        for &brk in &empties {
            push_break(&mut b, s, brk, &mut end);
        }
        empties.clear();
        b.literal(&src[a..e], a);
        end = e;
        prev = Some((more, l.brk));
    }
    if let Some((_, pb)) = prev {
        if chomp != Chomp::Strip {
            push_break(&mut b, s, pb, &mut end);
        }
    }
    if chomp == Chomp::Keep {
        let from = last.map_or(0, |l| l + 1);
        for l in &lines[from..] {
            push_break(&mut b, s, l.brk, &mut end);
        }
    }
    b.finish(end)
}
