//! Byte offsets to 1-based line and character column.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

/// Bytes between two checkpoints of a long line.
const STRIDE: usize = 4096;

/// The start offset of every line of a text (or of a section of it), and for long lines,
/// checkpoints `(byte offset, characters before it)` every few KiB, so that a column costs at
/// most one stride of counting however long the line.
pub struct LineIndex {
    /// Where each line starts; the first entry is where the section starts, which may be
    /// inside a line.
    starts: Vec<usize>,
    /// Where the indexed part of the text ends.
    end: usize,
    /// Where the line the section starts in starts, how many lines come before it, and how
    /// many characters it has before the section.
    at_start: Carry,
    checkpoints: RefCell<HashMap<usize, Vec<(usize, usize)>>>,
    /// The line of the last lookup: findings come in order, so the next is on it or soon after.
    last_line: Cell<usize>,
}

/// Where one section of a text leaves off, for indexing the next.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Carry {
    /// The byte offset of the start of the line the next section starts in.
    line_start: usize,
    /// How many lines come before that line.
    lines_before: usize,
    /// How many characters that line has before the next section.
    column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        LineIndex::section(text, 0..text.len(), Carry::default())
    }

    /// The index of `text[range]`, which starts where the section before left off (`carry`,
    /// from [`LineIndex::carry`]; the default for the first section). Positions are the whole
    /// text's, and must lie in `range`.
    pub fn section(text: &str, range: std::ops::Range<usize>, carry: Carry) -> LineIndex {
        // Room for lines of 48 bytes on average, so that a reply's lines need no regrowing.
        let mut starts = Vec::with_capacity(range.len() / 48 + 2);
        starts.push(range.start);
        let newlines = memchr::memchr_iter(b'\n', &text.as_bytes()[range.clone()]);
        starts.extend(newlines.map(|i| range.start + i + 1));
        LineIndex {
            starts,
            end: range.end,
            at_start: carry,
            checkpoints: RefCell::new(HashMap::new()),
            last_line: Cell::new(0),
        }
    }

    /// Where the indexed section leaves off, for indexing the next.
    pub fn carry(&self, text: &str) -> Carry {
        let last = self.starts.len() - 1;
        let tail = text[self.starts[last]..self.end].chars().count();
        match last {
            0 => Carry {
                column: self.at_start.column + tail,
                ..self.at_start
            },
            _ => Carry {
                line_start: self.starts[last],
                lines_before: self.at_start.lines_before + last,
                column: tail,
            },
        }
    }

    /// 1-based line and character column of byte `pos`. A byte order mark opening the text
    /// takes no column: editors do not show it.
    pub fn position(&self, text: &str, pos: usize) -> (usize, usize) {
        let line = self.line_of(pos);
        let start = self.starts[line];
        let number = self.at_start.lines_before + line + 1;
        let bom = number == 1 && pos >= 3 && text.starts_with('\u{feff}');
        let before = if line == 0 { self.at_start.column } else { 0 };
        let (number, column) = self.line_and_column(text, pos, line, start, number, before);
        (number, column - usize::from(bom))
    }

    fn line_and_column(
        &self,
        text: &str,
        pos: usize,
        line: usize,
        start: usize,
        number: usize,
        before: usize,
    ) -> (usize, usize) {
        if pos - start <= STRIDE {
            return (number, before + text[start..pos].chars().count() + 1);
        }
        let mut cache = self.checkpoints.borrow_mut();
        let points = cache.entry(line).or_insert_with(|| {
            let end = self.starts.get(line + 1).map_or(self.end, |&e| e);
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
        (number, before + c + text[b..pos].chars().count() + 1)
    }

    /// The 0-based line of byte `pos` in `starts`: searched forward from the last lookup's line
    /// in growing steps, or (for an earlier offset) by bisection.
    fn line_of(&self, pos: usize) -> usize {
        let line =
            tactful::sorted::last_at_or_before(&self.starts, |&s| s, pos, self.last_line.get());
        self.last_line.set(line);
        line
    }

    /// The byte offset where 1-based line `line` (of the section) starts.
    pub fn line_start(&self, line: usize) -> usize {
        match line - self.at_start.lines_before - 1 {
            0 => self.at_start.line_start,
            i => self.starts[i],
        }
    }

    /// The text of 1-based line `line` (of the section), without its line break.
    pub fn line<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let start = self.line_start(line);
        let i = line - self.at_start.lines_before - 1;
        let end = match self.starts.get(i + 1) {
            Some(&next) => next - 1,
            None => memchr::memchr(b'\n', &text.as_bytes()[self.end..])
                .map_or(text.len(), |e| self.end + e),
        };
        text[start..end.max(start)].trim_end_matches('\r')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_takes_no_column() {
        let text = "\u{feff}Obviously.\nNext";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 3), (1, 1));
        assert_eq!(idx.position(text, 5), (1, 3));
        assert_eq!(idx.position(text, 14), (2, 1));
    }

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

    /// Sections indexed one after another, each from where the one before left off, give
    /// what the whole text's index gives, wherever the cuts fall (inside lines too).
    #[test]
    fn sections_agree_with_the_whole_text() {
        let text = "Привет,\r\nÜber alles\n\nlong line ".repeat(40) + "end";
        let whole = LineIndex::new(&text);
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for step in [1, 7, 50, 333] {
            let cuts: Vec<usize> = boundaries
                .iter()
                .copied()
                .step_by(step)
                .chain([text.len()])
                .collect();
            let mut carry = Carry::default();
            for pair in cuts.windows(2).filter(|p| p[0] < p[1]) {
                let idx = LineIndex::section(&text, pair[0]..pair[1], carry);
                for pos in (pair[0]..pair[1]).filter(|&p| text.is_char_boundary(p)) {
                    let (line, column) = whole.position(&text, pos);
                    assert_eq!(
                        idx.position(&text, pos),
                        (line, column),
                        "at {pos}, step {step}"
                    );
                    assert_eq!(idx.line(&text, line), whole.line(&text, line), "at {pos}");
                    assert_eq!(idx.line_start(line), whole.line_start(line), "at {pos}");
                }
                carry = idx.carry(&text);
            }
        }
    }
}
