//! `sentence-length`: sentences too long to read in one go.

use super::{Context, RuleInfo};
use crate::diagnostic::Diagnostic;
use crate::scan::{ascii_in, non_ascii};

pub fn check(max: usize, info: &RuleInfo, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let limit = max.to_string();
    for &s in &ctx.doc.sentences {
        // Every word takes a character and a space: a short sentence needs no counting.
        if s.len() < 2 * max {
            continue;
        }
        let text = &ctx.doc.masked_text[s.start..s.end];
        if most_words(text) <= max {
            continue;
        }
        let words = count_words(text);
        if words > max {
            let count = words.to_string();
            out.push(info.diagnostic(
                ctx.doc,
                s,
                &[("count", count.as_str()), ("limit", limit.as_str())],
                None,
            ));
        }
    }
}

/// At least the number of words in `text`: one more than the characters that may be white
/// space, counted eight bytes at a time. Those are ASCII white space and the characters whose
/// first byte is 0xC2, 0xE1, 0xE2 or 0xE3 (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000).
fn most_words(text: &str) -> usize {
    let may_be_space = |b: u8| matches!(b, b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1..=0xE3);
    let bytes = text.as_bytes();
    let blocks = bytes.chunks_exact(8);
    let rest = blocks.remainder();
    let mut count = 1;
    for block in blocks {
        let x = u64::from_le_bytes(block.try_into().expect("eight bytes"));
        count += (ascii_in(x, b'\t', b'\r') | ascii_in(x, b' ', b' ')).count_ones() as usize;
        // The first byte of a non-ASCII character has its two high bits set.
        let mut lead = non_ascii(x) & (x << 1);
        while lead != 0 {
            let k = lead.trailing_zeros() / 8;
            count += usize::from(may_be_space(block[k as usize]));
            lead &= lead - 1;
        }
    }
    count + rest.iter().filter(|&&b| may_be_space(b)).count()
}

/// The words of a text that hold a letter or a digit (white-space separated).
fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut in_word = false;
    let mut counted = false;
    let mut i = 0;
    while i < bytes.len() {
        // ASCII is decided by the byte (white space as `char::is_whitespace` has it).
        let (space, alphanumeric) = match bytes[i] {
            b if b < 0x80 => {
                i += 1;
                let space = matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
                (space, b.is_ascii_alphanumeric())
            }
            _ => {
                let c = text[i..].chars().next().unwrap_or(' ');
                i += c.len_utf8();
                (c.is_whitespace(), crate::fold::is_alphanumeric(c))
            }
        };
        if space {
            in_word = false;
            continue;
        }
        if !in_word {
            in_word = true;
            counted = false;
        }
        if !counted && alphanumeric {
            count += 1;
            counted = true;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        #[test]
        fn the_cheap_bound_is_never_below_the_count(
            text in "[ab1 \\t\\n\\x0b\\x0c\\r.—\u{a0}\u{2003}\u{1680}\u{3000}\u{85}жя]{0,40}"
        ) {
            proptest::prop_assert!(super::most_words(&text) >= super::count_words(&text));
        }
    }

    #[test]
    fn words_hold_a_letter_or_digit() {
        assert_eq!(super::count_words("Wait — it's 5 o'clock, ok ?"), 5);
        assert_eq!(super::count_words(""), 0);
        assert_eq!(super::count_words("a\u{0B}b\u{A0}c d\u{1F}e"), 4);
    }
}
