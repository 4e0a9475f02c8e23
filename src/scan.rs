//! Finding rare bytes in long texts with vectorised searches.

/// Finds the next of five bytes in a text: two vectorised searches (three bytes and two), each
/// result kept until the search passes it.
pub struct FiveBytes<'h> {
    hay: &'h [u8],
    three: [u8; 3],
    two: [u8; 2],
    /// The next position of one of `three` and of `two` (`hay.len()`: none).
    next: [usize; 2],
}

impl<'h> FiveBytes<'h> {
    pub fn new(hay: &'h [u8], three: [u8; 3], two: [u8; 2]) -> FiveBytes<'h> {
        let mut scan = FiveBytes {
            hay,
            three,
            two,
            next: [0; 2],
        };
        scan.next = [scan.find(0, 0), scan.find(1, 0)];
        scan
    }

    fn find(&self, which: usize, from: usize) -> usize {
        let rest = &self.hay[from..];
        let [a, b, c] = self.three;
        let [d, e] = self.two;
        let hit = match which {
            0 => memchr::memchr3(a, b, c, rest),
            _ => memchr::memchr2(d, e, rest),
        };
        hit.map_or(self.hay.len(), |k| from + k)
    }

    /// The position of the first of the five bytes at or after `from`, which must not be
    /// less than in the call before.
    pub fn next_from(&mut self, from: usize) -> Option<usize> {
        if from >= self.hay.len() {
            return None;
        }
        for which in 0..2 {
            if self.next[which] < from {
                self.next[which] = self.find(which, from);
            }
        }
        Some(self.next[0].min(self.next[1])).filter(|&p| p < self.hay.len())
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The bytes of `block` (eight bytes, little-endian) that are ASCII in `lo..=hi` (`hi` below
/// 0x80), each marked by its high bit.
pub const fn ascii_in(block: u64, lo: u8, hi: u8) -> u64 {
    let low = block & !HIGH;
    // Per byte, without carries between bytes: the high bit set when at least `lo`, and when
    // past `hi`.
    let from_lo = low.wrapping_add(ONES * (0x80 - lo as u64)) & HIGH;
    let past_hi = low.wrapping_add(ONES * (0x7F - hi as u64)) & HIGH;
    from_lo & !past_hi & !block
}

/// The bytes of `block` that are not ASCII, each marked by its high bit.
pub const fn non_ascii(block: u64) -> u64 {
    block & HIGH
}

/// The offset of the first byte at or after `from` that `marks` marks (each block of eight
/// bytes given whole, each wanted byte marked by its high bit, exactly, as [`ascii_in`] and
/// [`non_ascii`] mark them); near the end, where no whole block is left, the first offset not
/// looked at. Callers look at bytes from there on.
pub fn next_marked(bytes: &[u8], mut from: usize, marks: impl Fn(u64) -> u64) -> usize {
    while let Some(block) = bytes.get(from..from + 8) {
        let marked = marks(u64::from_le_bytes(block.try_into().expect("eight bytes")));
        if marked != 0 {
            return from + (marked.trailing_zeros() / 8) as usize;
        }
        from += 8;
    }
    from
}

#[cfg(test)]
mod tests {
    use super::{ascii_in, next_marked, non_ascii, FiveBytes};

    #[test]
    fn ascii_ranges_mark_exactly_their_bytes() {
        for (lo, hi) in [(b'A', b'Z'), (b'0', b'9'), (0, 0x7F), (b'a', b'a')] {
            for b in 0..=255u8 {
                for at in [0, 3, 7] {
                    let mut block = [b'a', b'Z', b'0', 0x7F, 0, b'@', 0xC3, b'['];
                    block[at] = b;
                    let marks = ascii_in(u64::from_le_bytes(block), lo, hi).to_le_bytes();
                    for (k, &byte) in block.iter().enumerate() {
                        let inside = byte < 0x80 && (lo..=hi).contains(&byte);
                        assert_eq!(marks[k] == 0x80, inside, "{lo}..={hi}, {block:?}[{k}]");
                        assert!(marks[k] == 0 || marks[k] == 0x80);
                    }
                }
            }
        }
        assert_eq!(
            non_ascii(u64::from_le_bytes(*b"ab\xC3\xA4cdef")),
            0x8080 << 16
        );
    }

    #[test]
    fn the_next_marked_byte_is_found_in_its_block() {
        let hay = b"aaaaaaaabbbbbbbbaaaaaaaBccXaaaaaa";
        let capital = |x: u64| ascii_in(x, b'A', b'Z');
        assert_eq!(next_marked(hay, 0, capital), 23);
        assert_eq!(next_marked(hay, 3, capital), 23);
        assert_eq!(next_marked(hay, 24, capital), 26);
        // Fewer than eight bytes left: where the look stopped.
        assert_eq!(next_marked(b"aaaaaaaaaaA", 0, capital), 8);
        let mixed = "abcdefgh ijk üxyz".as_bytes();
        assert_eq!(next_marked(mixed, 0, non_ascii), 13);
    }

    #[test]
    fn finds_each_byte_in_order() {
        let hay = b"ab.c!d\nxx?y\xE2z";
        let mut scan = FiveBytes::new(hay, [b'\n', b'.', b'?'], [b'!', 0xE2]);
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(p) = scan.next_from(from) {
            found.push(p);
            from = p + 1;
        }
        assert_eq!(found, [2, 4, 6, 9, 11]);
    }
}
