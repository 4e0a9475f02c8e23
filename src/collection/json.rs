//! JSON collections (one value, or one value per line as in JSON Lines). serde_json checks the
//! file and places errors; a small scanner then builds the tree, mapping every string.

use super::map::Builder;
use super::{CollectionError, Node, Scalar};

/// The top-level values of a JSON file.
pub(crate) fn parse(src: &str) -> Result<Vec<Node>, CollectionError> {
    let stream = serde_json::Deserializer::from_str(src).into_iter::<serde::de::IgnoredAny>();
    for value in stream {
        if let Err(e) = value {
            let message = e.to_string();
            let message = match message.rfind(" at line ") {
                Some(p) => &message[..p],
                None => &message,
            };
            return Err(CollectionError {
                message: format!("invalid JSON: {message}"),
                line: e.line().max(1),
                column: e.column().max(1),
            });
        }
    }
    let mut scanner = Scanner { src, i: 0 };
    let mut roots = Vec::new();
    scanner.skip_ws();
    while scanner.i < src.len() {
        match scanner.value() {
            Some(v) => roots.push(v),
            None => {
                return Err(CollectionError::at(src, scanner.i, "invalid JSON".into()));
            }
        }
        scanner.skip_ws();
    }
    Ok(roots)
}

struct Scanner<'a> {
    src: &'a str,
    i: usize,
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

    /// One value (serde_json has checked the file, and limits its nesting).
    fn value(&mut self) -> Option<Node> {
        self.skip_ws();
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
                    let value = self.value()?;
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
                    items.push(self.value()?);
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
                let start = self.i;
                while matches!(self.peek(), Some(c) if !b",]} \t\r\n".contains(&c)) {
                    self.i += 1;
                }
                let word = self.src.get(start..self.i)?;
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
