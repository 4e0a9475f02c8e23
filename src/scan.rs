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

#[cfg(test)]
mod tests {
    use super::FiveBytes;

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
