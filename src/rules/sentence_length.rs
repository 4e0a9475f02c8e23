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
        let words = count_words(&ctx.doc.masked_text[s.start..s.end]);
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
    #[test]
    fn words_hold_a_letter_or_digit() {
        assert_eq!(super::count_words("Wait — it's 5 o'clock, ok ?"), 5);
        assert_eq!(super::count_words(""), 0);
        assert_eq!(super::count_words("a\u{0B}b\u{A0}c d\u{1F}e"), 4);
    }
}
