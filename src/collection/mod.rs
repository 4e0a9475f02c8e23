//! Canned-response collections: a file of many replies (GitHub saved replies, helpdesk macro
//! exports, osTicket premade responses, CSV exports, Markdown) parsed into [`Entry`]s. Each
//! entry's `text` is the decoded reply, ready to check as its own document, and
//! [`Entry::to_file_offset`] maps any offset in it back to the file.
//!
//! Shapes read from YAML and JSON: `replies: [{name, body}]` (GitHub saved replies, whose
//! bodies are Markdown); lists or maps of records whose text is in [`Options::text_fields`] or
//! [`TEXT_FIELDS`] (or the same with `_html`) and whose name is in [`NAME_FIELDS`] (or is the record's key); Zendesk
//! macros (`{title, actions: [{field: comment_value | comment_value_html, value}]}`, alone or
//! in any list); a top-level map of names to strings; lists of strings. Text that looks like
//! HTML (and every `*_html` value) is converted to text; HTML comments are kept, so inline
//! suppressions can still be read. CSV takes one column of each record; Markdown blanks out
//! headings, code, link targets and URLs.
//!
//! ```
//! use tactful::collection::{parse, Format, Options};
//! let yml = "replies:\n  - name: Thanks\n    body: |\n      Thanks for the report!\n      We will look.\n";
//! let entries = parse(yml, Format::Yaml, &Options::default()).unwrap();
//! assert_eq!(entries[0].name.as_deref(), Some("Thanks"));
//! assert_eq!(entries[0].text, "Thanks for the report!\nWe will look.\n");
//! let at = entries[0].text.find("We").unwrap();
//! assert!(yml[entries[0].to_file_offset(at)..].starts_with("We will"));
//! ```
//!
//! [`pieces`] reads a file piece by piece instead, so that entries can be checked while the
//! rest of the file is still being read.

mod html;
mod json;
mod map;
mod markdown;
mod table;
mod yaml;

use map::OffsetMap;
use std::collections::VecDeque;
use std::fmt;
use std::ops::Range;
use std::path::Path;

/// Field names that hold the reply text, in order of preference (after [`Options::text_fields`]).
pub const TEXT_FIELDS: &[&str] = &["body", "text", "content", "response", "message"];
/// The same fields holding HTML (`body_html`), tried after them.
const TEXT_HTML_FIELDS: &[&str] = &[
    "body_html",
    "text_html",
    "content_html",
    "response_html",
    "message_html",
];
/// Field names that name an entry, in order of preference.
pub const NAME_FIELDS: &[&str] = &["name", "title", "raw_title", "subject", "id"];

/// A collection file's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// The whole file is one reply.
    Text,
    /// One reply per file, or one per heading section ([`Options::markdown_split`]).
    Markdown,
    /// A YAML stream of one or more documents.
    Yaml,
    /// One JSON value, or one per line (JSON Lines).
    Json,
    /// Comma-separated values with a header row.
    Csv,
    /// The whole file is one reply, written in HTML.
    Html,
}

impl Format {
    /// The format for a file name's extension: `.yml`/`.yaml`, `.json`/`.jsonl`/`.ndjson`,
    /// `.csv`, `.md`/`.markdown`, `.html`/`.htm`; anything else is [`Format::Text`].
    pub fn from_path(path: &Path) -> Format {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
            .to_ascii_lowercase();
        match ext.as_str() {
            "yml" | "yaml" => Format::Yaml,
            "json" | "jsonl" | "ndjson" => Format::Json,
            "csv" => Format::Csv,
            "md" | "markdown" => Format::Markdown,
            "html" | "htm" => Format::Html,
            _ => Format::Text,
        }
    }
}

/// How to read a collection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// More field (or CSV column) names that hold the reply text, tried before [`TEXT_FIELDS`].
    pub text_fields: Vec<String>,
    /// The CSV column with the reply text (default: the first of the text fields present).
    pub csv_column: Option<String>,
    /// The field (or CSV column) of an entry that holds the customer's message it answers.
    pub inquiry_field: Option<String>,
    /// Markdown: one entry per heading section (`Some(true)`) or per file (`Some(false)`);
    /// `None` splits a file when at least two of its sections are nothing but a fenced reply.
    pub markdown_split: Option<bool>,
}

/// One reply of a collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its title, name or id, when the file gives one.
    pub name: Option<String>,
    /// The reply text to check: decoded (escapes, YAML block scalars, HTML) and with markup
    /// that is not prose (Markdown headings, code, link targets) replaced by spaces.
    pub text: String,
    /// The customer's message the reply answers, from [`Options::inquiry_field`].
    pub inquiry: Option<String>,
    /// The language the record says the reply is in ([`LANGUAGE_FIELDS`]): `de` of `de-AT`.
    pub language: Option<String>,
    map: OffsetMap,
    quoting: Quoting,
    /// The text is HTML's, converted.
    html: bool,
}

/// How the file holds the string an entry's text comes from, so that new text can be written
/// into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quoting {
    /// As it is: a Markdown or HTML file.
    Verbatim,
    /// In a double-quoted string (JSON, YAML): `"`, `\` and line breaks escaped.
    Double,
    /// In a single-quoted YAML string: `'` doubled; no line breaks.
    Single,
    /// In a literal YAML block scalar (`|`) whose lines are indented by `indent` spaces and
    /// end in CRLF or LF.
    Block { indent: usize, crlf: bool },
    /// In a CSV field, in quotation marks (`"` doubled) or not.
    Csv { quoted: bool },
    /// In a plain YAML scalar (in a flow collection, `[…]` or `{…}`, or not) or a folded one
    /// (as strict as in a flow collection): only text that needs no quoting.
    Bare { flow: bool },
}

impl Quoting {
    /// `text` as it is to be written between the characters `before` and `after` of the string
    /// (`None` at its start or end), or `None` when it cannot be written there.
    fn encode(self, text: &str, before: Option<char>, after: Option<char>) -> Option<String> {
        match self {
            Quoting::Verbatim => Some(text.to_string()),
            Quoting::Double => {
                if !text.contains(|c: char| c.is_control() || c == '"' || c == '\\') {
                    return Some(text.to_string());
                }
                let mut out = String::with_capacity(text.len());
                for c in text.chars() {
                    match c {
                        '"' => out.push_str("\\\""),
                        '\\' => out.push_str("\\\\"),
                        '\n' => out.push_str("\\n"),
                        '\r' => out.push_str("\\r"),
                        '\t' => out.push_str("\\t"),
                        c if c.is_control() => return None,
                        c => out.push(c),
                    }
                }
                Some(out)
            }
            Quoting::Single => (!text.contains(['\n', '\r'])).then(|| text.replace('\'', "''")),
            Quoting::Block { indent, crlf } => {
                // Each line after the first indented (but an empty one), ended as the file ends
                // its lines; a CR that ends no line cannot be written.
                let pad = " ".repeat(indent);
                let mut lines = Vec::new();
                for (i, line) in text.split('\n').enumerate() {
                    let line = line.strip_suffix('\r').unwrap_or(line);
                    if line.contains('\r') {
                        return None;
                    }
                    lines.push(match i {
                        0 => line.to_string(),
                        _ if line.is_empty() => String::new(),
                        _ => format!("{pad}{line}"),
                    });
                }
                Some(lines.join(if crlf { "\r\n" } else { "\n" }))
            }
            Quoting::Csv { quoted: true } => Some(text.replace('"', "\"\"")),
            Quoting::Csv { quoted: false } => {
                (!text.contains(['\n', '\r', '"', ',', ';', '\t'])).then(|| text.to_string())
            }
            Quoting::Bare { flow } => {
                // Never ": " or " #", nor a ":" at the end, with the characters around it
                // ("order #" after "number " is removed would start a comment); at the start
                // no indicator (a quotation mark, `-`, `&` …); in a flow collection no `,` or
                // brackets either.
                let indicator = |c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c);
                let mut around = String::with_capacity(text.len() + 8);
                around.extend(before);
                around.push_str(text);
                around.extend(after);
                let blank = |c: char| c == ' ' || c == '\t';
                let breaks = text.contains(['\n', '\r', '{', '}'])
                    || around.contains([':', '#'])
                        && (around.contains(": ")
                            || around.contains(":\t")
                            || around.contains(" #")
                            || around.contains("\t#")
                            || (after.is_none() && around.ends_with(':')))
                    || (before.is_none() && around.starts_with(indicator))
                    || (before.is_none() && around.starts_with(blank))
                    || (flow && text.contains([',', '[', ']']));
                (!breaks).then(|| text.to_string())
            }
        }
    }
}

impl Entry {
    /// An entry of `text`, placed in the file by `map`, without a customer's message or a
    /// language of its own.
    pub(crate) fn new(
        name: Option<String>,
        text: String,
        map: OffsetMap,
        quoting: Quoting,
        html: bool,
    ) -> Entry {
        Entry {
            name,
            text,
            inquiry: None,
            language: None,
            map,
            quoting,
            html,
        }
    }

    /// `replacement`, a text for `range` of the entry's text, as the file is to hold it there
    /// (escaped as its string needs); `None` when it cannot be written there.
    pub fn encode(&self, replacement: &str, range: Range<usize>) -> Option<String> {
        let before = self.text.get(..range.start)?.chars().next_back();
        let after = self.text.get(range.end..)?.chars().next();
        if self.html {
            if replacement.contains('\n') {
                return None;
            }
            let escaped = replacement
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            return self.quoting.encode(&escaped, before, after);
        }
        self.quoting.encode(replacement, before, after)
    }

    /// The byte offset in the file of byte `text_offset` of [`Entry::text`]: exact for every
    /// character the file holds as it is; an escape (`\n`, `\u00fc`, `""`, `&amp;`) or a
    /// folded line break maps to where it starts. `text.len()` (and beyond) maps to just past
    /// the reply's last source byte.
    pub fn to_file_offset(&self, text_offset: usize) -> usize {
        self.map.to_file(text_offset)
    }

    /// The file offset just past the character that ends at `text_end` of the text: for a
    /// character the file holds as it is, just past its bytes there (not where the next
    /// character's source, a tag or an entity perhaps, starts); else [`Entry::to_file_offset`].
    pub fn to_file_end(&self, text_end: usize) -> usize {
        let last = self.text[..text_end.min(self.text.len())]
            .chars()
            .next_back();
        match last.and_then(|c| self.map.literal_range(text_end - c.len_utf8()..text_end)) {
            Some(r) => r.end,
            None => self.to_file_offset(text_end),
        }
    }

    /// The file range that holds exactly `text_range` of the text, when the text there is
    /// the file's own bytes (no escape, entity, folded or indented line break in between):
    /// where a fix can replace text in the file directly. Markdown markup blanked out of
    /// `text` counts as the file's own bytes.
    pub fn file_range(&self, text_range: Range<usize>) -> Option<Range<usize>> {
        self.map.literal_range(text_range)
    }

    /// The file range a fix of `text_range` replaces: [`Entry::file_range`], or in a
    /// double-quoted string (JSON, YAML) the source of those characters, escapes (`\u0432`)
    /// and folded line breaks included, which new text written there replaces whole.
    pub fn edit_range(&self, text_range: Range<usize>) -> Option<Range<usize>> {
        self.file_range(text_range.clone()).or_else(|| {
            (self.quoting == Quoting::Double && !self.html)
                .then(|| self.to_file_offset(text_range.start)..self.to_file_end(text_range.end))
        })
    }

    /// Whether byte `text_offset` of the text is copied from the file as it is.
    pub fn is_literal(&self, text_offset: usize) -> bool {
        self.map.is_literal(text_offset)
    }

    /// Where the map of the entry to `src` (its file) breaks a promise above, if anywhere:
    /// offsets past the end, going backwards or inside a character, or a literal character
    /// the file does not hold. For tests and fuzzing.
    #[doc(hidden)]
    pub fn mapping_error(&self, src: &str) -> Option<String> {
        let name = &self.name;
        let mut last = 0;
        for (i, c) in self.text.char_indices() {
            let f = self.to_file_offset(i);
            if f > src.len() || f < last {
                return Some(format!(
                    "{name:?}: offset {i} maps to {f} (after {last}, file of {} bytes)",
                    src.len()
                ));
            }
            if !src.is_char_boundary(f) {
                return Some(format!(
                    "{name:?}: offset {i} maps inside a character ({f})"
                ));
            }
            last = f;
            let at = src[f..].chars().next();
            if self.is_literal(i) && at != Some(c) && c != ' ' {
                return Some(format!(
                    "{name:?}: text {c:?} at {i} is literal but the file has {at:?} at {f}"
                ));
            }
        }
        let end = self.to_file_offset(self.text.len());
        (end > src.len() || end < last)
            .then(|| format!("{name:?}: the end maps to {end} (after {last})"))
    }
}

/// A file that is not valid YAML, JSON or CSV, or has no text column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionError {
    pub message: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
}

/// Nesting deeper than this is an error in YAML and JSON (the tree is walked recursively).
pub(crate) const MAX_DEPTH: usize = 200;

impl CollectionError {
    /// An error at byte `at` of `src`.
    fn at(src: &str, at: usize, message: String) -> Self {
        let mut at = at.min(src.len());
        while !src.is_char_boundary(at) {
            at -= 1;
        }
        let before = &src[..at];
        let line_start = before.rfind('\n').map_or(0, |p| p + 1);
        CollectionError {
            message,
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }
}

impl fmt::Display for CollectionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for CollectionError {}

/// A scalar of a YAML or JSON tree, with the map of its text to the file.
#[derive(Debug, Clone)]
pub(crate) struct Scalar {
    text: String,
    map: OffsetMap,
    /// A string (not a number, boolean or null).
    is_string: bool,
    quoting: Quoting,
}

impl Scalar {
    fn other(text: String) -> Self {
        Scalar {
            map: OffsetMap::coarse(0, text.len()),
            text,
            is_string: false,
            quoting: Quoting::Bare { flow: true },
        }
    }
}

/// A YAML or JSON tree.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    Null,
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<(Scalar, Node)>),
    /// List items handed out as the pieces with these indices while the file was read.
    HandedOut(Range<usize>),
}

impl Node {
    /// The number of nodes, counting up to `limit`.
    fn size(&self, limit: usize) -> usize {
        match self {
            Node::Seq(items) => {
                items
                    .iter()
                    .fold(1, |n, i| if n > limit { n } else { n + i.size(limit - n) })
            }
            Node::Map(pairs) => pairs.iter().fold(1, |n, (_, v)| {
                if n > limit {
                    n
                } else {
                    n + 1 + v.size(limit - n)
                }
            }),
            _ => 1,
        }
    }

    fn string(&self) -> Option<&Scalar> {
        match self {
            Node::Scalar(s) if s.is_string => Some(s),
            _ => None,
        }
    }
}

/// Parse a collection file into its entries. `source` is the file as read (a UTF-8 byte order
/// mark included); offsets are bytes of `source`.
pub fn parse(
    source: &str,
    format: Format,
    options: &Options,
) -> Result<Vec<Entry>, CollectionError> {
    let mut pieces = pieces(source, format, options);
    let mut read: Vec<Option<Piece>> = pieces.by_ref().map(Some).collect();
    let order = pieces.finish()?;
    Ok(order
        .into_iter()
        .filter_map(|i| read[i].take())
        .flat_map(Piece::entries)
        .collect())
}

/// Read a collection file piece by piece: the file is parsed as the pieces are asked for (a
/// YAML or JSON list of replies at the top yields each item as soon as it is read), and each
/// piece turns into its entries on its own, so pieces can be checked in parallel while the rest
/// of the file is still being read. [`Pieces::finish`] then tells which pieces make up the
/// collection, in which order.
pub fn pieces<'a>(source: &'a str, format: Format, options: &'a Options) -> Pieces<'a> {
    let bom = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let src = &source[bom..];
    let mut pieces = Pieces {
        options,
        bom,
        reader: None,
        queue: VecDeque::new(),
        handed_out: 0,
        order: Vec::new(),
        error: None,
    };
    let entry = |(text, map), html| {
        vec![Work::Entry(Entry::new(
            None,
            text,
            map,
            Quoting::Verbatim,
            html,
        ))]
    };
    let found = match format {
        Format::Text => Ok(entry(
            (src.to_string(), OffsetMap::identity(0, src.len())),
            false,
        )),
        Format::Html => Ok(entry(html::to_text(src), true)),
        Format::Markdown => Ok(markdown::entries(src, options.markdown_split)
            .into_iter()
            .map(Work::Entry)
            .collect()),
        Format::Csv => {
            table::parse(src, options).map(|es| es.into_iter().map(Work::Entry).collect())
        }
        Format::Yaml => {
            pieces.reader = Some(Reader::Yaml(Box::new(yaml::Reader::new(src))));
            Ok(Vec::new())
        }
        Format::Json => json::Reader::new(src).map(|r| {
            pieces.reader = Some(Reader::Json(Box::new(r)));
            Vec::new()
        }),
    };
    pieces.found(found);
    pieces
}

/// The pieces of a collection file, in the order they are read; see [`pieces`].
pub struct Pieces<'a> {
    options: &'a Options,
    /// The length of the byte order mark that the file starts with.
    bom: usize,
    /// The YAML or JSON still being read.
    reader: Option<Reader<'a>>,
    /// Pieces found but not handed out yet.
    queue: VecDeque<Work>,
    handed_out: usize,
    /// The indices of the pieces that make up the collection, in order.
    order: Vec<usize>,
    error: Option<CollectionError>,
}

impl<'a> Pieces<'a> {
    /// Once every piece has been handed out: the indices ([`Piece::index`]) of the pieces whose
    /// entries make up the collection, in order. Others (read before it was known that they are
    /// not replies, e.g. items of a list in a record) are left out. A file that is not valid
    /// is an error, whatever pieces were read before the error.
    pub fn finish(self) -> Result<Vec<usize>, CollectionError> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.order),
        }
    }

    /// Queue what the whole file or its end holds, in order.
    fn found(&mut self, found: Result<Vec<Work>, CollectionError>) {
        match found {
            Ok(works) => {
                for w in works {
                    match w {
                        Work::HandedOut(pieces) => self.order.extend(pieces),
                        w => {
                            self.order.push(self.handed_out + self.queue.len());
                            self.queue.push_back(w);
                        }
                    }
                }
            }
            Err(e) => self.error = Some(e),
        }
    }

    fn hand_out(&mut self, work: Work) -> Piece<'a> {
        self.handed_out += 1;
        Piece {
            index: self.handed_out - 1,
            work,
            options: self.options,
            bom: self.bom,
        }
    }
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Piece<'a>;

    fn next(&mut self) -> Option<Piece<'a>> {
        if let Some(mut reader) = self.reader.take() {
            let next = match &mut reader {
                Reader::Yaml(r) => r.next_item(),
                Reader::Json(r) => r.next_item(),
            };
            match next {
                Ok(Some(item)) => {
                    self.reader = Some(reader);
                    return Some(self.hand_out(item));
                }
                Ok(None) => {
                    let roots = match reader {
                        Reader::Yaml(r) => r.finish(),
                        Reader::Json(r) => Ok(r.finish()),
                    };
                    let options = self.options;
                    self.found(roots.map(|roots| collect_roots(&roots, options)));
                }
                Err(e) => self.found(Err(e)),
            }
        }
        let work = self.queue.pop_front()?;
        Some(self.hand_out(work))
    }
}

/// A YAML or JSON file being read: both hand out the items of a list of replies as they go.
enum Reader<'a> {
    Yaml(Box<yaml::Reader<'a>>),
    Json(Box<json::Reader<'a>>),
}

/// A part of a collection file: one or more of its entries, not decoded yet.
pub struct Piece<'a> {
    index: usize,
    work: Work,
    options: &'a Options,
    bom: usize,
}

impl Piece<'_> {
    /// Its place among the pieces of the file: 0 for the first one read, and so on.
    pub fn index(&self) -> usize {
        self.index
    }

    /// Its entries, in order.
    pub fn entries(self) -> Vec<Entry> {
        let mut works = Vec::new();
        match self.work {
            Work::Item {
                node,
                depth,
                markdown,
            } => {
                let cx = Context {
                    options: self.options,
                    markdown,
                };
                item(&node, depth, cx, &mut works);
            }
            w => works.push(w),
        }
        let mut entries: Vec<Entry> = works.into_iter().filter_map(Work::entry).collect();
        if self.bom > 0 {
            for e in &mut entries {
                e.map.shift(self.bom);
            }
        }
        entries
    }
}

/// What a piece holds.
enum Work {
    /// An item of a list of replies at the top of a YAML document or JSON value (see
    /// `yaml::Reader`), read as [`collect`] reads the items of a list `depth` deep.
    Item {
        node: Node,
        depth: usize,
        markdown: bool,
    },
    /// A string that is a reply.
    Text {
        name: Option<String>,
        scalar: Scalar,
        html: bool,
        markdown: bool,
        /// The customer's message it answers.
        inquiry: Option<String>,
        /// The language its record gives.
        language: Option<String>,
    },
    /// An entry read already.
    Entry(Entry),
    /// The pieces with these indices, handed out while the file was read.
    HandedOut(Range<usize>),
}

impl Work {
    /// The entry of a string or an entry.
    fn entry(self) -> Option<Entry> {
        match self {
            Work::Text {
                name,
                scalar,
                html,
                markdown,
                inquiry,
                language,
            } => Some(Entry {
                inquiry,
                language,
                ..entry(name, scalar, html, markdown)
            }),
            Work::Entry(e) => Some(e),
            Work::Item { .. } | Work::HandedOut(_) => None,
        }
    }
}

/// How entries under the current node are read.
#[derive(Clone, Copy)]
struct Context<'a> {
    options: &'a Options,
    /// The bodies are Markdown (GitHub saved replies).
    markdown: bool,
}

fn collect_roots(roots: &[Node], options: &Options) -> Vec<Work> {
    let cx = Context {
        options,
        markdown: false,
    };
    let mut out = Vec::new();
    for root in roots {
        collect(root, None, 0, cx, &mut out);
    }
    out
}

/// The value of `key`; of a key given twice, the last, which YAML and JSON parsers keep.
fn get<'n>(pairs: &'n [(Scalar, Node)], key: &str) -> Option<&'n Node> {
    pairs
        .iter()
        .rev()
        .find(|(k, _)| k.text == key)
        .map(|(_, v)| v)
}

fn name_of(pairs: &[(Scalar, Node)]) -> Option<String> {
    NAME_FIELDS.iter().find_map(|f| {
        let s = match get(pairs, f)? {
            Node::Scalar(s) => s,
            _ => return None,
        };
        let name = s.text.trim().lines().next()?.trim();
        (!name.is_empty()).then(|| name.to_string())
    })
}

/// A string that is a reply.
fn text(name: Option<String>, s: &Scalar, html: bool, markdown: bool) -> Work {
    Work::Text {
        name,
        scalar: s.clone(),
        html,
        markdown,
        inquiry: None,
        language: None,
    }
}

/// The fields a record may give its reply's language in (`de`, `de-AT`, `ru_RU`).
pub const LANGUAGE_FIELDS: &[&str] = &["lang", "language", "locale"];

/// The language a record gives ([`language_code`]).
fn language_of(pairs: &[(Scalar, Node)]) -> Option<String> {
    LANGUAGE_FIELDS
        .iter()
        .find_map(|f| language_code(&get(pairs, f)?.string()?.text))
}

/// A language tag's code before any region (`de` of `de-AT` or `de_AT`), in small letters.
fn language_code(tag: &str) -> Option<String> {
    let code = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    let letters = (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase());
    letters.then_some(code)
}

/// The customer's message in a record's [`Options::inquiry_field`], as text.
fn inquiry_of(pairs: &[(Scalar, Node)], options: &Options) -> Option<String> {
    let s = get(pairs, options.inquiry_field.as_deref()?)?.string()?;
    let text = if html::looks_like_html(&s.text) {
        html::to_text(&s.text).0
    } else {
        s.text.clone()
    };
    (!text.trim().is_empty()).then_some(text)
}

/// Find the entries under `node`: records (maps with a text field), Zendesk macros, lists and
/// maps of them, a top-level map of names to strings, and lists of strings near the top.
fn collect(node: &Node, hint: Option<&str>, depth: usize, cx: Context, out: &mut Vec<Work>) {
    match node {
        Node::Map(pairs) => {
            if let Some(Node::Seq(actions)) = get(pairs, "actions") {
                let before = out.len();
                zendesk(pairs, actions, hint, out);
                if out.len() > before {
                    return;
                }
            }
            let fields = cx.options.text_fields.iter().map(String::as_str);
            let field = fields
                .chain(TEXT_FIELDS.iter().copied())
                .chain(TEXT_HTML_FIELDS.iter().copied())
                .find_map(|f| get(pairs, f)?.string().map(|s| (f, s)));
            if let Some((field, s)) = field {
                let name = name_of(pairs).or_else(|| hint.map(str::to_string));
                let mut reply = text(name, s, field.ends_with("_html"), cx.markdown);
                if let Work::Text {
                    inquiry, language, ..
                } = &mut reply
                {
                    *inquiry = inquiry_of(pairs, cx.options);
                    *language = language_of(pairs);
                }
                out.push(reply);
                return;
            }
            if depth == 0 && !pairs.is_empty() && pairs.iter().all(|(_, v)| v.string().is_some()) {
                for (k, v) in pairs {
                    if let Some(s) = v.string() {
                        out.push(text(Some(k.text.clone()), s, false, cx.markdown));
                    }
                }
                return;
            }
            for (k, v) in pairs {
                if matches!(v, Node::Map(_) | Node::Seq(_)) {
                    let cx = Context {
                        markdown: cx.markdown || (depth == 0 && k.text == "replies"),
                        ..cx
                    };
                    collect(v, Some(&k.text), depth + 1, cx, out);
                }
            }
        }
        Node::Seq(items) => {
            for i in items {
                item(i, depth, cx, out);
            }
        }
        Node::Scalar(s) if s.is_string && depth == 0 => out.push(text(None, s, false, cx.markdown)),
        _ => {}
    }
}

/// The entries of an item of a list `depth` deep.
fn item(node: &Node, depth: usize, cx: Context, out: &mut Vec<Work>) {
    match node {
        Node::Scalar(s) if s.is_string && depth <= 1 => out.push(text(None, s, false, cx.markdown)),
        Node::HandedOut(pieces) => out.push(Work::HandedOut(pieces.clone())),
        _ => collect(node, None, depth + 1, cx, out),
    }
}

/// A Zendesk macro: `{title, actions: [{field: comment_value | comment_value_html, value}]}`.
fn zendesk(pairs: &[(Scalar, Node)], actions: &[Node], hint: Option<&str>, out: &mut Vec<Work>) {
    let name = name_of(pairs).or_else(|| hint.map(str::to_string));
    for action in actions {
        let Node::Map(a) = action else { continue };
        let Some(field) = get(a, "field").and_then(Node::string) else {
            continue;
        };
        let html = match field.text.as_str() {
            "comment_value" => false,
            "comment_value_html" => true,
            _ => continue,
        };
        match get(a, "value") {
            Some(Node::Scalar(s)) if s.is_string => out.push(text(name.clone(), s, html, false)),
            // The older form: ["channel:all", "text"].
            Some(Node::Seq(values)) => {
                for s in values.iter().filter_map(Node::string) {
                    if !s.text.starts_with("channel:") {
                        out.push(text(name.clone(), s, html, false));
                    }
                }
            }
            _ => {}
        }
    }
}

/// An entry from a string: HTML converted to text, Markdown masked (a field of HTML, such as
/// `body_html`, is HTML wherever it is).
fn entry(name: Option<String>, s: Scalar, html: bool, markdown: bool) -> Entry {
    if markdown && !html {
        let (text, map) = markdown::mask_mapped(&s.text);
        return Entry::new(name, text, map.compose(&s.map), s.quoting, false);
    }
    if html || html::looks_like_html(&s.text) {
        let (text, map) = html::to_text(&s.text);
        return Entry::new(name, text, map.compose(&s.map), s.quoting, true);
    }
    Entry::new(name, s.text, s.map, s.quoting, false)
}

/// Whether `name` (in lowercase) is an HTML element tactful knows.
pub(crate) fn is_html_element(name: &str) -> bool {
    html::ELEMENTS.contains(&name)
}

#[cfg(test)]
mod tests;
