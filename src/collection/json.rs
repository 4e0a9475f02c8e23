//! JSON collections (one value, or one value per line as in JSON Lines). serde_json checks the
//! file and places errors; a small scanner then reads it, mapping every string, and hands out
//! the items of a list of replies one by one as [`super::yaml::Reader`] does for YAML.

use super::map::Builder;
use super::{CollectionError, Node, Quoting, Scalar, Work, MAX_DEPTH};

/// Reads a JSON file value by value. Like YAML's reader, it hands out each item of a list that
/// is a top-level value, or the value of a top-level object's key (but `actions`: Zendesk
/// macros are read from their object), as soon as the item is read.
pub(crate) struct Reader<'a> {
    scanner: Scanner<'a>,
    roots: Vec<Node>,
    at: Place,
    handed_out: usize,
}

/// Where the reader is among the top-level values.
enum Place {
    /// Between top-level values.
    Top,
    /// In a top-level list, its items handed out.
    List { items: Vec<Node>, first: bool },
    /// In a top-level object.
    Object {
        pairs: Vec<(Scalar, Node)>,
        first: bool,
    },
    /// In the list that is the value of `key` in a top-level object, its items handed out.
    ObjectList {
        pairs: Vec<(Scalar, Node)>,
        key: Scalar,
        items: Vec<Node>,
        first: bool,
    },
}

impl<'a> Reader<'a> {
    /// A reader of `src`, or the error that makes it invalid JSON.
    pub fn new(src: &'a str) -> Result<Self, CollectionError> {
        if let Err(e) = validate(src) {
            let (e, before) = jsonl_error(src).unwrap_or((e, 0));
            let message = e.to_string();
            let message = match message.rfind(" at line ") {
                Some(p) => &message[..p],
                None => &message,
            };
            return Err(CollectionError {
                message: format!("invalid JSON: {message}"),
                line: e.line().max(1) + before,
                column: e.column().max(1),
            });
        }
        Ok(Reader {
            scanner: Scanner {
                src,
                i: 0,
                too_deep: None,
            },
            roots: Vec::new(),
            at: Place::Top,
            handed_out: 0,
        })
    }

    /// The next item handed out (a [`Work::Item`]), or `None` at the end of the file.
    pub fn next_item(&mut self) -> Result<Option<Work>, CollectionError> {
        loop {
            let sc = &mut self.scanner;
            sc.skip_ws();
            let invalid = |sc: &Scanner| match sc.too_deep {
                Some(at) => CollectionError::at(
                    sc.src,
                    at,
                    format!("invalid JSON: nested more than {MAX_DEPTH} levels deep"),
                ),
                None => CollectionError::at(sc.src, sc.i, "invalid JSON".into()),
            };
            match std::mem::replace(&mut self.at, Place::Top) {
                Place::Top => match sc.peek() {
                    None => return Ok(None),
                    Some(b'[') => {
                        sc.i += 1;
                        self.at = Place::List {
                            items: Vec::new(),
                            first: true,
                        };
                    }
                    Some(b'{') => {
                        sc.i += 1;
                        self.at = Place::Object {
                            pairs: Vec::new(),
                            first: true,
                        };
                    }
                    Some(_) => {
                        let value = sc.value(0).ok_or_else(|| invalid(sc))?;
                        self.roots.push(value);
                    }
                },
                Place::List { mut items, first } => {
                    if sc.close(b']', first).ok_or_else(|| invalid(sc))? {
                        self.roots.push(Node::Seq(items));
                        continue;
                    }
                    let node = sc.value(1).ok_or_else(|| invalid(sc))?;
                    self.hand_out(&mut items);
                    self.at = Place::List {
                        items,
                        first: false,
                    };
                    return Ok(Some(Work::Item {
                        node,
                        depth: 0,
                        markdown: false,
                    }));
                }
                Place::Object { mut pairs, first } => {
                    if sc.close(b'}', first).ok_or_else(|| invalid(sc))? {
                        self.roots.push(Node::Map(pairs));
                        continue;
                    }
                    let key = sc.string().ok_or_else(|| invalid(sc))?;
                    sc.expect(b':').ok_or_else(|| invalid(sc))?;
                    sc.skip_ws();
                    if sc.peek() == Some(b'[') && key.text != "actions" {
                        sc.i += 1;
                        self.at = Place::ObjectList {
                            pairs,
                            key,
                            items: Vec::new(),
                            first: true,
                        };
                    } else {
                        let value = sc.value(1).ok_or_else(|| invalid(sc))?;
                        pairs.push((key, value));
                        self.at = Place::Object {
                            pairs,
                            first: false,
                        };
                    }
                }
                Place::ObjectList {
                    mut pairs,
                    key,
                    mut items,
                    first,
                } => {
                    if sc.close(b']', first).ok_or_else(|| invalid(sc))? {
                        pairs.push((key, Node::Seq(items)));
                        self.at = Place::Object {
                            pairs,
                            first: false,
                        };
                        continue;
                    }
                    let node = sc.value(2).ok_or_else(|| invalid(sc))?;
                    let markdown = key.text == "replies";
                    self.hand_out(&mut items);
                    self.at = Place::ObjectList {
                        pairs,
                        key,
                        items,
                        first: false,
                    };
                    return Ok(Some(Work::Item {
                        node,
                        depth: 1,
                        markdown,
                    }));
                }
            }
        }
    }

    /// Record in a list's items that one more is handed out.
    fn hand_out(&mut self, items: &mut Vec<Node>) {
        self.handed_out += 1;
        match items.last_mut() {
            Some(Node::HandedOut(range)) => range.end = self.handed_out,
            _ => items.push(Node::HandedOut(self.handed_out - 1..self.handed_out)),
        }
    }

    /// The top-level values, once [`Reader::next_item`] has returned `None`.
    pub fn finish(self) -> Vec<Node> {
        self.roots
    }
}

struct Scanner<'a> {
    src: &'a str,
    i: usize,
    /// Where a list or object opened too deep, if one did.
    too_deep: Option<usize>,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.as_bytes().get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.i += 1;
        }
    }

    fn expect(&mut self, c: u8) -> Option<()> {
        self.skip_ws();
        (self.peek()? == c).then(|| self.i += 1)
    }

    /// At the next item of a list or object (`first`: none read yet), whether it ends there
    /// with `close`; otherwise the comma before the item is read.
    fn close(&mut self, close: u8, first: bool) -> Option<bool> {
        self.skip_ws();
        if self.peek()? == close {
            self.i += 1;
            return Some(true);
        }
        if !first {
            self.expect(b',')?;
            self.skip_ws();
        }
        Some(false)
    }

    /// One value, `depth` lists and objects deep (serde_json has checked the file). A list or
    /// object deeper than [`MAX_DEPTH`] ends the scan, its place kept in `too_deep`: values are
    /// read recursively.
    fn value(&mut self, depth: usize) -> Option<Node> {
        self.skip_ws();
        if matches!(self.peek()?, b'{' | b'[') && depth >= MAX_DEPTH {
            self.too_deep.get_or_insert(self.i);
            return None;
        }
        match self.peek()? {
            b'{' => {
                self.i += 1;
                let mut pairs = Vec::new();
                self.skip_ws();
                if self.peek()? == b'}' {
                    self.i += 1;
                    return Some(Node::Map(pairs));
                }
                loop {
                    self.skip_ws();
                    let key = self.string()?;
                    self.expect(b':')?;
                    let value = self.value(depth + 1)?;
                    pairs.push((key, value));
                    self.skip_ws();
                    match self.peek()? {
                        b',' => self.i += 1,
                        b'}' => {
                            self.i += 1;
                            return Some(Node::Map(pairs));
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                self.skip_ws();
                if self.peek()? == b']' {
                    self.i += 1;
                    return Some(Node::Seq(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.skip_ws();
                    match self.peek()? {
                        b',' => self.i += 1,
                        b']' => {
                            self.i += 1;
                            return Some(Node::Seq(items));
                        }
                        _ => return None,
                    }
                }
            }
            b'"' => self.string().map(Node::Scalar),
            _ => {
                // A number, `true`, `false` or `null`; anything else (`4[]` is the number 4,
                // then a list) ends it, and a value must take at least one byte.
                let start = self.i;
                while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || b"+-.".contains(&c))
                {
                    self.i += 1;
                }
                let word = self.src.get(start..self.i).filter(|w| !w.is_empty())?;
                Some(if word == "null" {
                    Node::Null
                } else {
                    Node::Scalar(Scalar::other(word.to_string()))
                })
            }
        }
    }

    /// A string at the opening quote; escapes map to their backslash.
    fn string(&mut self) -> Option<Scalar> {
        if self.peek()? != b'"' {
            return None;
        }
        let s = self.src.as_bytes();
        let mut b = Builder::new();
        let mut i = self.i + 1;
        loop {
            match *s.get(i)? {
                b'"' => {
                    self.i = i + 1;
                    let (text, map) = b.finish(i);
                    return Some(Scalar {
                        text,
                        map,
                        is_string: true,
                        quoting: Quoting::Double,
                    });
                }
                b'\\' => {
                    let c = match *s.get(i + 1)? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\x08',
                        b'f' => '\x0c',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let (c, len) = self.unicode(i)?;
                            b.char(c, i, false);
                            i += len;
                            continue;
                        }
                        _ => return None,
                    };
                    b.char(c, i, false);
                    i += 2;
                }
                _ => {
                    let j = i + s[i..]
                        .iter()
                        .position(|&c| c == b'"' || c == b'\\')
                        .unwrap_or(s.len() - i);
                    b.literal(self.src.get(i..j)?, i);
                    i = j;
                }
            }
        }
    }

    /// A `\uXXXX` escape at `i` (with its low surrogate, if it is a high one): the char and
    /// the length of the escape.
    fn unicode(&self, i: usize) -> Option<(char, usize)> {
        let hex = |at: usize| -> Option<u32> {
            let h = self.src.get(at..at + 4)?;
            if !h.bytes().all(|c| c.is_ascii_hexdigit()) {
                return None;
            }
            u32::from_str_radix(h, 16).ok()
        };
        let hi = hex(i + 2)?;
        if (0xD800..0xDC00).contains(&hi) && self.src.get(i + 6..i + 8) == Some("\\u") {
            if let Some(lo) = hex(i + 8).filter(|lo| (0xDC00..0xE000).contains(lo)) {
                let c = char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))?;
                return Some((c, 12));
            }
        }
        Some((char::from_u32(hi).unwrap_or('\u{fffd}'), 6))
    }
}
/// Whether `src` is a sequence of JSON values.
fn validate(src: &str) -> Result<(), serde_json::Error> {
    let stream = serde_json::Deserializer::from_str(src).into_iter::<serde::de::IgnoredAny>();
    for value in stream {
        value?;
    }
    Ok(())
}

/// Of JSON Lines (a first line that is a value of its own, and more lines), the first line
/// that is not a value of its own, and how many lines come before it: the stream would read a
/// value that misses its `}` on into the next line, and report that line.
fn jsonl_error(src: &str) -> Option<(serde_json::Error, usize)> {
    let mut lines = src.lines();
    let first = lines.next()?;
    if first.trim().is_empty() || validate(first).is_err() || lines.next().is_none() {
        return None;
    }
    src.lines()
        .enumerate()
        .find_map(|(n, line)| validate(line).err().map(|e| (e, n)))
}
