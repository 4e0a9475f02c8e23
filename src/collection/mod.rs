//! Canned-response collections: a file of many replies (GitHub saved replies, helpdesk macro
//! exports, osTicket premade responses, CSV exports, Markdown) parsed into [`Entry`]s. Each
//! entry's `text` is the decoded reply, ready to check as its own document, and
//! [`Entry::to_file_offset`] maps any offset in it back to the file.
//!
//! Shapes read from YAML and JSON: `replies: [{name, body}]` (GitHub saved replies, whose
//! bodies are Markdown); lists or maps of records whose text is in [`Options::text_fields`] or
//! [`TEXT_FIELDS`] and whose name is in [`NAME_FIELDS`] (or is the record's key); Zendesk
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

mod html;
mod json;
mod map;
mod markdown;
mod table;
mod yaml;

use map::OffsetMap;
use std::fmt;
use std::ops::Range;
use std::path::Path;

/// Field names that hold the reply text, in order of preference (after [`Options::text_fields`]).
pub const TEXT_FIELDS: &[&str] = &["body", "text", "content", "response", "message"];
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
    /// Markdown: one entry per heading section instead of one per file.
    pub markdown_split: bool,
}

/// One reply of a collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its title, name or id, when the file gives one.
    pub name: Option<String>,
    /// The reply text to check: decoded (escapes, YAML block scalars, HTML) and with markup
    /// that is not prose (Markdown headings, code, link targets) replaced by spaces.
    pub text: String,
    map: OffsetMap,
}

impl Entry {
    /// The byte offset in the file of byte `text_offset` of [`Entry::text`]: exact for every
    /// character the file holds as it is; an escape (`\n`, `\u00fc`, `""`, `&amp;`) or a
    /// folded line break maps to where it starts. `text.len()` (and beyond) maps to just past
    /// the reply's last source byte.
    pub fn to_file_offset(&self, text_offset: usize) -> usize {
        self.map.to_file(text_offset)
    }

    /// The file range that holds exactly `text_range` of the text, when the text there is
    /// the file's own bytes (no escape, entity, folded or indented line break in between):
    /// where a fix can replace text in the file directly. Markdown markup blanked out of
    /// `text` counts as the file's own bytes.
    pub fn file_range(&self, text_range: Range<usize>) -> Option<Range<usize>> {
        self.map.literal_range(text_range)
    }

    /// Whether byte `text_offset` of the text is copied from the file as it is.
    pub fn is_literal(&self, text_offset: usize) -> bool {
        self.map.is_literal(text_offset)
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
}

impl Scalar {
    fn other(text: String) -> Self {
        Scalar {
            map: OffsetMap::coarse(0, text.len()),
            text,
            is_string: false,
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
    let bom = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let src = &source[bom..];
    let mut entries = match format {
        Format::Text => vec![Entry {
            name: None,
            text: src.to_string(),
            map: OffsetMap::identity(0, src.len()),
        }],
        Format::Html => {
            let (text, map) = html::to_text(src);
            vec![Entry {
                name: None,
                text,
                map,
            }]
        }
        Format::Markdown => markdown::entries(src, options.markdown_split),
        Format::Csv => table::parse(src, options)?,
        Format::Yaml => collect_roots(yaml::parse(src)?, options),
        Format::Json => collect_roots(json::parse(src)?, options),
    };
    if bom > 0 {
        for e in &mut entries {
            e.map.shift(bom);
        }
    }
    Ok(entries)
}

/// How entries under the current node are read.
#[derive(Clone, Copy)]
struct Context<'a> {
    options: &'a Options,
    /// The bodies are Markdown (GitHub saved replies).
    markdown: bool,
}

fn collect_roots(roots: Vec<Node>, options: &Options) -> Vec<Entry> {
    let cx = Context {
        options,
        markdown: false,
    };
    let mut out = Vec::new();
    for root in &roots {
        collect(root, None, 0, cx, &mut out);
    }
    out
}

fn get<'n>(pairs: &'n [(Scalar, Node)], key: &str) -> Option<&'n Node> {
    pairs.iter().find(|(k, _)| k.text == key).map(|(_, v)| v)
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

/// Find the entries under `node`: records (maps with a text field), Zendesk macros, lists and
/// maps of them, a top-level map of names to strings, and lists of strings near the top.
fn collect(node: &Node, hint: Option<&str>, depth: usize, cx: Context, out: &mut Vec<Entry>) {
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
                .find_map(|f| get(pairs, f)?.string().map(|s| (f, s)));
            if let Some((field, text)) = field {
                let name = name_of(pairs).or_else(|| hint.map(str::to_string));
                out.push(entry(name, text, field.ends_with("_html"), cx.markdown));
                return;
            }
            if depth == 0 && !pairs.is_empty() && pairs.iter().all(|(_, v)| v.string().is_some()) {
                for (k, v) in pairs {
                    if let Some(s) = v.string() {
                        out.push(entry(Some(k.text.clone()), s, false, cx.markdown));
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
            for item in items {
                match item {
                    Node::Scalar(s) if s.is_string && depth <= 1 => {
                        out.push(entry(None, s, false, cx.markdown));
                    }
                    _ => collect(item, None, depth + 1, cx, out),
                }
            }
        }
        Node::Scalar(s) if s.is_string && depth == 0 => {
            out.push(entry(None, s, false, cx.markdown))
        }
        _ => {}
    }
}

/// A Zendesk macro: `{title, actions: [{field: comment_value | comment_value_html, value}]}`.
fn zendesk(pairs: &[(Scalar, Node)], actions: &[Node], hint: Option<&str>, out: &mut Vec<Entry>) {
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
            Some(Node::Scalar(s)) if s.is_string => out.push(entry(name.clone(), s, html, false)),
            // The older form: ["channel:all", "text"].
            Some(Node::Seq(values)) => {
                for s in values.iter().filter_map(Node::string) {
                    if !s.text.starts_with("channel:") {
                        out.push(entry(name.clone(), s, html, false));
                    }
                }
            }
            _ => {}
        }
    }
}

/// An entry from a string: HTML converted to text, Markdown masked.
fn entry(name: Option<String>, s: &Scalar, html: bool, markdown: bool) -> Entry {
    if markdown {
        return Entry {
            name,
            text: markdown::mask(&s.text),
            map: s.map.clone(),
        };
    }
    if html || html::looks_like_html(&s.text) {
        let (text, map) = html::to_text(&s.text);
        return Entry {
            name,
            text,
            map: map.compose(&s.map),
        };
    }
    Entry {
        name,
        text: s.text.clone(),
        map: s.map.clone(),
    }
}

#[cfg(test)]
mod tests;
