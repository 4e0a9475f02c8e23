//! Byte offsets to 1-based line and character column.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

/// Bytes between two checkpoints of a long line.
const STRIDE: usize = 4096;

/// The start offset of every line of a text, and for long lines, checkpoints
/// `(byte offset, characters before it)` every few KiB, so that a column costs at most
/// one stride of counting however long the line.
pub struct LineIndex {
    starts: Vec<usize>,
    checkpoints: RefCell<HashMap<usize, Vec<(usize, usize)>>>,
    /// The line of the last lookup: findings come in order, so the next is on it or soon after.
    last_line: Cell<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            starts,
            checkpoints: RefCell::new(HashMap::new()),
            last_line: Cell::new(0),
        }
    }

    /// 1-based line and character column of byte `pos`.
    pub fn position(&self, text: &str, pos: usize) -> (usize, usize) {
        let line = self.line_of(pos);
        let start = self.starts[line];
        if pos - start <= STRIDE {
            return (line + 1, text[start..pos].chars().count() + 1);
        }
        let mut cache = self.checkpoints.borrow_mut();
        let points = cache.entry(line).or_insert_with(|| {
            let end = self.starts.get(line + 1).map_or(text.len(), |&e| e);
            let mut points = vec![(start, 0)];
            let (mut at, mut chars) = (start, 0);
            while at + STRIDE < end {
                let mut next = at + STRIDE;
                while !text.is_char_boundary(next) {
                    next += 1;
                }
                chars += text[at..next].chars().count();
                at = next;
                points.push((at, chars));
            }
            points
        });
        let i = points.partition_point(|&(b, _)| b <= pos) - 1;
        let (b, c) = points[i];
        (line + 1, c + text[b..pos].chars().count() + 1)
    }

    /// The 0-based line of byte `pos`: searched forward from the last lookup's line in growing
    /// steps, or (for an earlier offset) by bisection.
    fn line_of(&self, pos: usize) -> usize {
        let line =
            tactful::sorted::last_at_or_before(&self.starts, |&s| s, pos, self.last_line.get());
        self.last_line.set(line);
        line
    }

    /// The byte offset where 1-based line `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line - 1]
    }

    /// The text of 1-based line `line`, without its line break.
    pub fn line<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let start = self.starts[line - 1];
        let end = self.starts.get(line).map_or(text.len(), |&e| e - 1);
        text[start..end.max(start)].trim_end_matches('\r')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let text = "Привет,\r\nÜber alles\n";
        let idx = LineIndex::new(text);
        let pos = text.find("alles").unwrap();
        assert_eq!(idx.position(text, pos), (2, 6));
        assert_eq!(idx.line(text, 1), "Привет,");
        assert_eq!(idx.position(text, 0), (1, 1));
    }

    #[test]
    fn lookups_in_any_order_agree_with_bisection() {
        let text = "a\n\nbc\nd\n".repeat(50);
        let idx = LineIndex::new(&text);
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let order = (0..=text.len())
            .chain((0..=text.len()).rev())
            .chain([7, 300, 3, 3, 999]);
        for pos in order.filter(|&p| p <= text.len()) {
            let want = starts.partition_point(|&s| s <= pos);
            assert_eq!(idx.position(&text, pos).0, want, "at {pos}");
        }
    }

    #[test]
    fn long_lines_use_checkpoints_with_the_same_result() {
        let text = "ä b ".repeat(10_000) + "end";
        let idx = LineIndex::new(&text);
        for pos in [0, 1, 4095, 4096, 4097, 20_000, text.len() - 3, text.len()] {
            let pos = (0..=pos).rev().find(|&p| text.is_char_boundary(p)).unwrap();
            let want = text[..pos].chars().count() + 1;
            assert_eq!(idx.position(&text, pos), (1, want), "at {pos}");
        }
    }
}
