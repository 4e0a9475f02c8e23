//! Offset maps: where each byte of a decoded text comes from in the file.

use std::ops::Range;

/// A run of decoded text starting at byte `text`: literal runs copy the file byte for byte from
/// `file`; other runs (escapes, folded line breaks, entities) all map to `file`, where their
/// source starts. A run ends where the next one starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seg {
    text: usize,
    file: usize,
    literal: bool,
}

/// Maps byte offsets of a decoded text to byte offsets of the file it was decoded from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct OffsetMap {
    segs: Vec<Seg>,
    text_len: usize,
    /// Where the end of the text (`text_len`) maps to: just past the last source byte.
    end: usize,
}

impl OffsetMap {
    /// `len` bytes copied from the file at `start`.
    pub fn identity(start: usize, len: usize) -> Self {
        Self::one_segment(start, len, start + len, true)
    }

    /// Every byte of a `len`-byte text maps to `at` (when no better map is known).
    pub fn coarse(at: usize, len: usize) -> Self {
        Self::one_segment(at, len, at, false)
    }

    fn one_segment(file: usize, len: usize, end: usize, literal: bool) -> Self {
        let segs = if len > 0 {
            vec![Seg {
                text: 0,
                file,
                literal,
            }]
        } else {
            Vec::new()
        };
        OffsetMap {
            segs,
            text_len: len,
            end,
        }
    }

    fn seg_at(&self, i: usize) -> Option<(usize, &Seg)> {
        if i >= self.text_len {
            return None;
        }
        let k = self.segs.partition_point(|s| s.text <= i).checked_sub(1)?;
        Some((k, &self.segs[k]))
    }

    fn seg_end(&self, k: usize) -> usize {
        self.segs.get(k + 1).map_or(self.text_len, |s| s.text)
    }

    /// The file offset of text offset `i` (offsets past the end map to the end).
    pub fn to_file(&self, i: usize) -> usize {
        match self.seg_at(i) {
            Some((_, s)) if s.literal => s.file + (i - s.text),
            Some((_, s)) => s.file,
            None => self.end,
        }
    }

    /// Whether the text byte at `i` is copied from the file as it is.
    pub fn is_literal(&self, i: usize) -> bool {
        self.seg_at(i).is_some_and(|(_, s)| s.literal)
    }

    /// The file range holding exactly the text range, when the text there is the file's own bytes.
    pub fn literal_range(&self, range: Range<usize>) -> Option<Range<usize>> {
        if range.start > range.end || range.end > self.text_len {
            return None;
        }
        if range.start == range.end {
            let at = self.to_file(range.start);
            return Some(at..at);
        }
        let (k, s) = self.seg_at(range.start)?;
        if !s.literal || range.end > self.seg_end(k) {
            return None;
        }
        Some(s.file + (range.start - s.text)..s.file + (range.end - s.text))
    }

    /// Append `len` bytes of text that map to the end.
    pub fn extend_synthetic(&mut self, len: usize) {
        if len > 0 {
            let (text, end) = (self.text_len, self.end);
            self.push(text, end, false);
            self.text_len += len;
        }
    }

    /// Move every file offset by `by` (the text was parsed from a slice starting there).
    pub fn shift(&mut self, by: usize) {
        for s in &mut self.segs {
            s.file += by;
        }
        self.end += by;
    }

    /// `self` maps a text to an intermediate text that `inner` maps to the file: the map from
    /// the text straight to the file.
    pub fn compose(&self, inner: &OffsetMap) -> OffsetMap {
        let mut out = OffsetMap {
            segs: Vec::new(),
            text_len: self.text_len,
            end: inner.to_file(self.end),
        };
        for (k, s) in self.segs.iter().enumerate() {
            let len = self.seg_end(k) - s.text;
            if !s.literal {
                out.push(s.text, inner.to_file(s.file), false);
                continue;
            }
            let (mid_start, mid_end) = (s.file, s.file + len);
            let mut pos = mid_start;
            while pos < mid_end {
                let text = s.text + (pos - mid_start);
                match inner.seg_at(pos) {
                    Some((j, is)) => {
                        out.push(text, inner.to_file(pos), is.literal);
                        pos = inner.seg_end(j).min(mid_end);
                    }
                    None => {
                        out.push(text, inner.end, false);
                        break;
                    }
                }
            }
        }
        out
    }

    /// Append a run starting at text offset `text` (merged with the last run when contiguous).
    fn push(&mut self, text: usize, file: usize, literal: bool) {
        if let Some(last) = self.segs.last() {
            let contiguous = if literal {
                last.literal && last.file + (text - last.text) == file
            } else {
                !last.literal && last.file == file
            };
            if contiguous {
                return;
            }
        }
        self.segs.push(Seg {
            text,
            file,
            literal,
        });
    }
}

/// Builds a decoded text and its map, piece by piece.
#[derive(Debug, Default)]
pub(crate) struct Builder {
    pub text: String,
    map: OffsetMap,
    /// Set by [`Builder::trim_end`] until something is appended again.
    trimmed_end: Option<usize>,
}

impl Builder {
    pub fn new() -> Self {
        Builder::default()
    }

    /// Append `s`, copied from the file at `file`.
    pub fn literal(&mut self, s: &str, file: usize) {
        if !s.is_empty() {
            self.trimmed_end = None;
            self.map.push(self.text.len(), file, true);
            self.text.push_str(s);
        }
    }

    /// Append `s`, decoded from source that starts at `file` (an escape, a folded line break).
    pub fn synthetic(&mut self, s: &str, file: usize) {
        if !s.is_empty() {
            self.trimmed_end = None;
            self.map.push(self.text.len(), file, false);
            self.text.push_str(s);
        }
    }

    /// Append one char, literal or not.
    pub fn char(&mut self, c: char, file: usize, literal: bool) {
        let mut buf = [0u8; 4];
        let s = c.encode_utf8(&mut buf);
        if literal {
            self.literal(s, file);
        } else {
            self.synthetic(s, file);
        }
    }

    pub fn last_char(&self) -> Option<char> {
        self.text.chars().next_back()
    }

    /// Drop trailing white space; the end then maps to where the first dropped byte came from.
    pub fn trim_end(&mut self) {
        let keep = self.text.trim_end().len();
        if keep == self.text.len() {
            return;
        }
        self.map.text_len = self.text.len();
        let end = self.map.to_file(keep);
        self.text.truncate(keep);
        self.map.segs.retain(|s| s.text < keep);
        self.trimmed_end = Some(end);
    }

    /// The text and its map; the end of the text maps to `end` (or, right after
    /// [`Builder::trim_end`], to the first byte it dropped).
    pub fn finish(mut self, end: usize) -> (String, OffsetMap) {
        self.map.text_len = self.text.len();
        self.map.end = self.trimmed_end.unwrap_or(end);
        (self.text, self.map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_merges_contiguous_literal_runs() {
        let mut b = Builder::new();
        b.literal("ab", 10);
        b.literal("cd", 12);
        b.synthetic("\n", 14);
        b.literal("e", 16);
        let (text, map) = b.finish(17);
        assert_eq!(text, "abcd\ne");
        assert_eq!(map.segs.len(), 3);
        let files: Vec<usize> = (0..=text.len()).map(|i| map.to_file(i)).collect();
        assert_eq!(files, [10, 11, 12, 13, 14, 16, 17]);
        assert_eq!(map.literal_range(1..3), Some(11..13));
        assert_eq!(map.literal_range(3..5), None);
    }

    #[test]
    fn compose_follows_both_maps() {
        // inner: "a\nb" decoded from `"a\\nb"` at file offset 100 (quote at 100)
        let mut b = Builder::new();
        b.literal("a", 101);
        b.synthetic("\n", 102);
        b.literal("b", 104);
        let (_, inner) = b.finish(105);
        // outer: "xa\nb" where "x" is synthetic at mid 0 and the rest is mid 0..3
        let mut o = Builder::new();
        o.synthetic("x", 0);
        o.literal("a\nb", 0);
        let (text, outer) = o.finish(3);
        let map = outer.compose(&inner);
        let files: Vec<usize> = (0..=text.len()).map(|i| map.to_file(i)).collect();
        assert_eq!(files, [101, 101, 102, 104, 105]);
        assert!(map.is_literal(1) && !map.is_literal(2) && map.is_literal(3));
    }

    #[test]
    fn trim_end_maps_the_end_to_the_first_dropped_byte() {
        let mut b = Builder::new();
        b.literal("ab  ", 5);
        b.trim_end();
        let (text, map) = b.finish(99);
        assert_eq!(text, "ab");
        assert_eq!(map.to_file(2), 7);
    }
}
