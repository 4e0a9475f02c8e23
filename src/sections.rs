//! Cutting a text too long to be one reply into sections of about [`SECTION`] bytes, so that
//! checking it takes memory in proportion to a section, not to the text.

use crate::Span;
use memchr::memmem;

/// Texts longer than this many bytes (4 MiB) are checked in sections. A reply is never this
/// long: such a text is an export, a log or many replies in one file.
pub const SECTIONED_FROM: usize = 4 << 20;

/// About how many bytes (1 MiB) one section holds.
pub const SECTION: usize = 1 << 20;

/// The sections of `text`: one span for a text up to [`SECTIONED_FROM`] bytes, otherwise
/// consecutive spans that cover it.
///
/// A section ends after the first blank line at least [`SECTION`] bytes from its start that
/// is outside code fences (```) and HTML comments; without one in the next [`SECTION`] bytes,
/// after a line break, then after white space, then at any character.
pub fn sections(text: &str) -> Vec<Span> {
    sections_of(text, SECTIONED_FROM, SECTION)
}

/// [`sections`] with other sizes.
fn sections_of(text: &str, sectioned_from: usize, size: usize) -> Vec<Span> {
    if text.len() <= sectioned_from {
        return vec![Span::new(0, text.len())];
    }
    let mut spans = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let end = cut(text, start, size);
        spans.push(Span::new(start, end));
        start = end;
    }
    spans
}

/// Where the section that starts at `start` ends.
fn cut(text: &str, start: usize, size: usize) -> usize {
    let from = start + size;
    if from >= text.len() {
        return text.len();
    }
    let until = (from + size).min(text.len());
    let bytes = text.as_bytes();
    let mut outside = Outside {
        state: State::Prose,
        at: start,
    };
    let mut at = from;
    while let Some(i) = memchr::memchr(b'\n', &bytes[at..until]) {
        let line_start = at + i + 1;
        let rest = &bytes[line_start..until];
        let blank = rest
            .iter()
            .position(|&b| !matches!(b, b' ' | b'\t' | b'\r'))
            .filter(|&j| rest[j] == b'\n');
        if let Some(j) = blank {
            let end = line_start + j + 1;
            if outside.at_prose(text, end) {
                return end;
            }
        }
        at = line_start;
    }
    if let Some(i) = memchr::memchr(b'\n', &bytes[from..until]) {
        return from + i + 1;
    }
    if let Some(i) = bytes[from..until].iter().position(u8::is_ascii_whitespace) {
        return from + i + 1;
    }
    (from..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len())
}

/// What the text is in at a point: prose, a code fence (```) or an HTML comment.
#[derive(Clone, Copy, PartialEq)]
enum State {
    Prose,
    Fence,
    Comment,
}

/// The state of a text, read forward from a section's start once.
struct Outside {
    state: State,
    /// Where the text is read up to.
    at: usize,
}

impl Outside {
    /// Whether the text at `end` (after a line break, at or after the last point asked) is prose.
    fn at_prose(&mut self, text: &str, end: usize) -> bool {
        // No marker holds a line break, so none straddles a point asked about.
        let region = &text.as_bytes()[self.at..end];
        let (mut fence, mut open, mut close) =
            (Next::new(b"```"), Next::new(b"<!--"), Next::new(b"-->"));
        let mut i = 0;
        loop {
            let next = match self.state {
                State::Prose => match (fence.at(region, i), open.at(region, i)) {
                    (Some(f), Some(c)) if c < f => Some((c + 4, State::Comment)),
                    (Some(f), _) => Some((f + 3, State::Fence)),
                    (None, c) => c.map(|c| (c + 4, State::Comment)),
                },
                State::Fence => fence.at(region, i).map(|f| (f + 3, State::Prose)),
                State::Comment => close.at(region, i).map(|c| (c + 3, State::Prose)),
            };
            let Some((after, state)) = next else {
                break;
            };
            self.state = state;
            i = after;
        }
        self.at = end;
        self.state == State::Prose
    }
}

/// The next place of a marker, searched again only once it is passed: each search may read
/// the rest of the region.
struct Next {
    marker: &'static [u8],
    /// What the last search found (`None`: no search yet).
    found: Option<Option<usize>>,
}

impl Next {
    fn new(marker: &'static [u8]) -> Next {
        Next {
            marker,
            found: None,
        }
    }

    /// The first place of the marker at or after `i` in `region` (`i` never decreases).
    fn at(&mut self, region: &[u8], i: usize) -> Option<usize> {
        match self.found {
            Some(found) if found.is_none_or(|f| f >= i) => found,
            _ => {
                let found = memmem::find(&region[i..], self.marker).map(|f| f + i);
                self.found = Some(found);
                found
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spans that cover the text, in order, each ending on a character boundary.
    fn assert_cover(text: &str, spans: &[Span]) {
        assert_eq!(spans.first().map(|s| s.start), Some(0));
        assert_eq!(spans.last().map(|s| s.end), Some(text.len()));
        for pair in spans.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
        for s in spans {
            assert!(s.start < s.end && text.is_char_boundary(s.end));
        }
    }

    fn paragraphs(bytes: usize) -> String {
        let paragraph = "Thanks for writing. Your parcel left today.\n\n";
        paragraph.repeat(bytes / paragraph.len() + 1)
    }

    proptest::proptest! {
        /// Whatever the text, its sections cover it in order, each (but the last) at least
        /// `size` bytes and at most twice that, all cut on character boundaries.
        #[test]
        fn sections_cover_any_text(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["a", "word ", "\n", "\n\n", " \r\n", "```", "<!--", "-->", "ä", "€"]),
                0..200,
            ),
            size in 1usize..40,
        ) {
            let text = pieces.concat();
            let spans = sections_of(&text, 0, size);
            if text.is_empty() {
                proptest::prop_assert_eq!(spans, [Span::new(0, 0)]);
            } else {
                assert_cover(&text, &spans);
                for s in &spans[..spans.len() - 1] {
                    proptest::prop_assert!(s.len() >= size && s.len() <= 2 * size + 3, "{:?}", s);
                }
            }
        }
    }

    #[test]
    fn a_text_up_to_the_limit_is_one_section() {
        let text = "a".repeat(SECTIONED_FROM);
        assert_eq!(sections(&text), [Span::new(0, text.len())]);
    }

    #[test]
    fn a_longer_text_is_cut_after_blank_lines() {
        let text = paragraphs(SECTIONED_FROM + 1);
        let spans = sections(&text);
        assert_cover(&text, &spans);
        assert_eq!(spans.len(), 4);
        for s in &spans[..spans.len() - 1] {
            assert!(s.len() >= SECTION && s.len() < SECTION + 100, "{s:?}");
            assert!(text[..s.end].ends_with(".\n\n"), "{s:?}");
        }
    }

    #[test]
    fn code_fences_and_comments_are_not_cut() {
        let mut text = "x\n".repeat(SECTION / 4);
        text.push_str("```\n");
        text.push_str(&"code\n\n".repeat(SECTION / 8));
        text.push_str("```\n<!--\n\n-->\n\nafter\n\n");
        text.push_str(&paragraphs(SECTIONED_FROM));
        let spans = sections(&text);
        assert_cover(&text, &spans);
        assert!(text[..spans[0].end].ends_with("-->\n\n"), "{:?}", spans[0]);
    }

    #[test]
    fn a_single_line_is_cut_at_white_space_or_any_character() {
        let words = "word ".repeat(SECTIONED_FROM / 5 + 1);
        let spans = sections(&words);
        assert_cover(&words, &spans);
        assert!(spans[..spans.len() - 1]
            .iter()
            .all(|s| words[..s.end].ends_with(' ')));
        let letters = "ä".repeat(SECTIONED_FROM);
        assert_cover(&letters, &sections(&letters));
    }
}
