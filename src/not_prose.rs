//! Spans of a reply that are not prose and that are found by hand rather than by a regex over
//! the whole text: URLs, e-mail addresses and an agent's initials. Each hangs on a rare byte or
//! string (`://`, `www.`, `@`, `^`, or a dash or slash before capitals), so the scan jumps from
//! one to the next, and no regex is compiled for them.

use crate::Span;

/// URLs: `http://`, `https://` or `www.` (in any case), then everything up to white space or one
/// of `<>()[]{}"'` and a backtick (trailing punctuation included).
pub fn urls(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let is = |at: usize, word: &[u8]| {
        bytes
            .get(at..at + word.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(word))
    };
    let mut starts: Vec<(usize, usize)> = Vec::new(); // (start, where the address begins)
    for at in memchr::memmem::find_iter(bytes, b"://") {
        if at >= 5 && is(at - 5, b"https") {
            starts.push((at - 5, at + 3));
        } else if at >= 4 && is(at - 4, b"http") {
            starts.push((at - 4, at + 3));
        }
    }
    for at in memchr::memchr_iter(b'.', bytes) {
        if at >= 3 && is(at - 3, b"www") {
            starts.push((at - 3, at + 1));
        }
    }
    starts.sort_unstable();
    let mut out: Vec<Span> = Vec::new();
    for (start, from) in starts {
        if out.last().is_some_and(|s| s.end > start) {
            continue;
        }
        let end = text[from..]
            .find(|c: char| c.is_whitespace() || "<>()[]{}\"'`".contains(c))
            .map_or(text.len(), |i| from + i);
        if end > from {
            out.push(Span::new(start, end));
        }
    }
    out
}

/// Whether `text` may hold a template placeholder: each form has one of these bytes, or runs
/// of `X` or `_`.
pub fn may_hold_placeholder(text: &str) -> bool {
    text.bytes().any(|b| matches!(b, b'{' | b'%' | b'<' | b'['))
        || text.contains("XXX")
        || text.contains("___")
}

/// E-mail addresses: `local@domain.tld`, the local part of letters, digits and `._%+-`, the
/// domain of labels of letters, digits and `-` with at least one dot.
pub fn emails(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let local = |b: u8| b.is_ascii_alphanumeric() || b"._%+-".contains(&b);
    let label = |b: u8| b.is_ascii_alphanumeric() || b == b'-';
    let mut out: Vec<Span> = Vec::new();
    for at in text.match_indices('@').map(|(i, _)| i) {
        if out.last().is_some_and(|s| s.end > at) {
            continue;
        }
        let start = bytes[..at]
            .iter()
            .rposition(|&b| !local(b))
            .map_or(0, |i| i + 1);
        let from = out.last().map_or(start, |s| start.max(s.end));
        if from == at {
            continue;
        }
        let label_end = |i: usize| i + bytes[i..].iter().take_while(|&&b| label(b)).count();
        let mut end = label_end(at + 1);
        if end == at + 1 {
            continue;
        }
        let mut dots = 0;
        while bytes.get(end) == Some(&b'.') && label_end(end + 1) > end + 1 {
            end = label_end(end + 1);
            dots += 1;
        }
        if dots > 0 {
            out.push(Span::new(from, end));
        }
    }
    out
}

/// An agent's initials signing a social-media reply: "^JR" anywhere, or "*SR", "/SR", "-TC"
/// (also with `–` or `—`, and one space after the mark) ending a line.
pub fn initials(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut scan = crate::scan::FiveBytes::new(bytes, [b'^', b'*', b'/'], [b'-', 0xE2]);
    let mut from = 0;
    while let Some(at) = scan.next_from(from) {
        from = at + 1;
        let mark = text[at..].chars().next().unwrap_or(' ');
        if !matches!(mark, '^' | '*' | '/' | '-' | '–' | '—') {
            continue;
        }
        // An optional white-space character, then two or three capitals (no more).
        let mut caps = at + mark.len_utf8();
        if let Some(c) = text[caps..].chars().next().filter(|c| c.is_whitespace()) {
            caps += c.len_utf8();
        }
        let run = bytes[caps..]
            .iter()
            .take_while(|b| b.is_ascii_uppercase())
            .count();
        if !(2..=3).contains(&run) {
            continue;
        }
        let end = caps + run;
        if mark == '^' {
            let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
            if !bytes.get(end).is_some_and(word) {
                out.push(Span::new(at, end));
            }
            continue;
        }
        // A mark at the start of a line or after white space; only white space to the line end.
        let before = text[..at].chars().next_back();
        let rest = &text[end..];
        let line_end = rest.find('\n').unwrap_or(rest.len());
        if before.is_none_or(char::is_whitespace) && rest[..line_end].trim().is_empty() {
            out.push(Span::new(at, end));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(spans: Vec<Span>, text: &str) -> Vec<&str> {
        spans.iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn cheap_test_for_placeholders() {
        assert!(may_hold_placeholder("Hi {name}") && may_hold_placeholder("Code: XXXX"));
        assert!(!may_hold_placeholder("Hi Anna, order #12 ships today."));
    }

    #[test]
    fn urls_end_at_white_space_or_brackets() {
        let text = "See https://a.example/x?y=1. Or (WWW.b.example), http:// c, <http://d>";
        assert_eq!(
            found(urls(text), text),
            ["https://a.example/x?y=1.", "WWW.b.example", "http://d"]
        );
    }

    proptest::proptest! {
        /// The same spans as the regex this replaces, with its leftmost-first matching.
        #[test]
        fn urls_are_the_regexs_matches(
            pieces in proptest::collection::vec(proptest::sample::select(&[
                "http", "HTTPS", "s", "://", ":/", "www", "WwW", ".", "..", "x", "é", "Ж", " ",
                "\u{a0}", "\n", "(", ">", "\"", "`", "/", "a@b", "-",
            ][..]), 0..12)
        ) {
            let text = pieces.concat();
            let regex = regex::Regex::new(r#"(?i)(?:https?://|www\.)[^\s<>()\[\]{}"'`]+"#)
                .expect("valid");
            let expected: Vec<Span> =
                regex.find_iter(&text).map(|m| Span::new(m.start(), m.end())).collect();
            proptest::prop_assert_eq!(urls(&text), expected, "{:?}", text);
        }
    }

    #[test]
    fn email_addresses() {
        let text = "Write to anna.b+1@mail.example.com, not @handle or a@b or x@y.z.";
        assert_eq!(
            found(emails(text), text),
            ["anna.b+1@mail.example.com", "x@y.z"]
        );
    }

    #[test]
    fn initials_at_line_ends_or_after_a_caret() {
        let text = "Thanks! ^JR\nSorted now -TC\nA - AB test\nNo ^ABCD or ^ABc\nok /MK  \n—SR";
        assert_eq!(found(initials(text), text), ["^JR", "-TC", "/MK", "—SR"]);
    }
}
