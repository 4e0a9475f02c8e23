//! `sentence-length`: sentences too long to read in one go.

use super::{Context, RuleInfo};
use crate::diagnostic::Diagnostic;

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
        // A list item's number or bullet ("2.", "-") is no word.
        let text = match text.trim_start().split_once(char::is_whitespace) {
            Some((_, item)) if crate::document::is_list_item(text) => item,
            _ => text,
        };
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

/// At least the number of words in `text`: one more than the bytes that may start white
/// space. Those are ASCII white space and the first bytes 0xC2, 0xE1, 0xE2 and 0xE3 of
/// characters (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000 start with them); continuation
/// bytes (0x80–0xBF) are never counted. A loop the compiler turns into vector instructions.
fn most_words(text: &str) -> usize {
    let may_be_space = |b: u8| u8::from(matches!(b, b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1..=0xE3));
    let blocks = text.as_bytes().chunks_exact(32);
    let rest = blocks.remainder();
    // Counted in bytes per block of 32, which the compiler keeps in vector registers.
    let mut count: usize = 1;
    for block in blocks {
        count += usize::from(block.iter().fold(0u8, |n, &b| n + may_be_space(b)));
    }
    count
        + rest
            .iter()
            .map(|&b| usize::from(may_be_space(b)))
            .sum::<usize>()
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
