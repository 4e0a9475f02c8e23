//! Spans of a reply that are not prose and that are found by hand rather than by a regex over
//! the whole text: URLs, template placeholders, e-mail addresses and an agent's initials. Each
//! hangs on a rare byte or string (`://`, `www.`, braces, `%`, `<`, `[`, `@`, `^`, …), so the
//! scan jumps from one to the next, and no regex is compiled for them (a pre-send hook checks
//! one short text per run: compiling would cost more than the check).

use crate::Span;
use std::sync::LazyLock;

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

/// Template placeholders, leftmost first and not overlapping, tried in this order at each
/// position: `{{name}}`, `{% tag %}`, `%{name}` (or `#{…}`, `${…}`), `{name}`, `%name%`,
/// `<Name …>` (a letter first; letters, digits, `_`, `-`, `.` and single spaces; not an HTML
/// tag or a key such as `<br>` or `<Enter>`), `[Name …]` (a letter first, one line, no brackets
/// inside), `XXX`, `ХХХ` (Cyrillic), `___` (three or more, not inside a word or after `@`) and
/// `*** SUBJECT HERE ***` (as in a cover letter git writes).
pub fn placeholders(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    // The next byte of each set at or after `at` (searched again once passed).
    let next_of = |at: usize, set: usize| -> usize {
        let rest = &bytes[at..];
        let found = match set {
            0 => memchr::memchr3(b'{', b'%', b'<', rest),
            1 => memchr::memchr3(b'[', b'X', b'_', rest),
            2 => memchr::memchr3(b'#', b'$', b'*', rest),
            _ => CYRILLIC_BLANK_FINDER.find(rest),
        };
        found.map_or(bytes.len(), |i| at + i)
    };
    let mut next = [next_of(0, 0), next_of(0, 1), next_of(0, 2), next_of(0, 3)];
    let mut at = 0;
    loop {
        for (set, n) in next.iter_mut().enumerate() {
            if *n < at {
                *n = next_of(at, set);
            }
        }
        let start = next.iter().copied().min().unwrap_or(bytes.len());
        if start >= bytes.len() {
            break;
        }
        match placeholder_at(text, start) {
            Some(end) => {
                out.push(Span::new(start, end));
                at = end;
            }
            None => at = start + 1,
        }
    }
    out
}

/// Three Cyrillic capital Ha: the blank Russian templates leave ("заказ № ХХХХХ").
static CYRILLIC_BLANK_FINDER: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("ХХХ"));

/// Keys written in angle brackets ("press <Enter>"): no placeholders, nor are HTML tags.
const KEYS: &[&str] = &[
    "alt",
    "altgr",
    "backspace",
    "cmd",
    "command",
    "control",
    "ctrl",
    "del",
    "delete",
    "down",
    "end",
    "enter",
    "esc",
    "escape",
    "f1",
    "f2",
    "f3",
    "f4",
    "f5",
    "f6",
    "f7",
    "f8",
    "f9",
    "f10",
    "f11",
    "f12",
    "fn",
    "home",
    "ins",
    "insert",
    "left",
    "option",
    "pgdn",
    "pgup",
    "return",
    "right",
    "shift",
    "space",
    "spacebar",
    "tab",
    "up",
    "win",
    "windows",
];

/// Windows environment variables (`%APPDATA%\\…`), which IT support writes: no placeholders.
const WINDOWS_VARIABLES: &[&str] = &[
    "allusersprofile",
    "appdata",
    "commonprogramfiles",
    "comspec",
    "homedrive",
    "homepath",
    "localappdata",
    "path",
    "pathext",
    "programdata",
    "programfiles",
    "public",
    "systemdrive",
    "systemroot",
    "temp",
    "tmp",
    "userprofile",
    "windir",
];

/// Words that stand in brackets in prose, not as blanks: "[sic]", "<snip>", "[EXTERNAL]".
const BRACKETED_WORDS: &[&str] = &[
    "sic", "snip", "snipped", "redacted", "null", "external", "spam",
];

/// Whether `<word>` is an HTML tag, a key or a bracketed word of prose, not a placeholder.
fn is_tag_or_key(word: &str) -> bool {
    let word = word.to_ascii_lowercase();
    KEYS.contains(&word.as_str())
        || BRACKETED_WORDS.contains(&word.as_str())
        || crate::collection::is_html_element(&word)
}

/// The longest placeholder in angle brackets, in characters.
const ANGLE_MAX_CHARS: usize = 40;

/// The end of the placeholder that starts at `start` (an ASCII byte, or a Cyrillic blank), if
/// one does.
fn placeholder_at(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let rest = &bytes[start..];
    let ascii_word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    // `XXX` or `___`: three or more of `mark` standing alone, not inside a word or a handle
    // ("@___anna"). Underscores alone on their line are a rule, not a blank.
    let blank = |mark: u8| -> Option<usize> {
        let before = start.checked_sub(1).map(|i| &bytes[i]);
        if rest[0] != mark || before.is_some_and(|b| ascii_word(b) || *b == b'@') {
            return None;
        }
        let run = rest.iter().take_while(|b| **b == mark).count();
        let space = |b: &&u8| matches!(**b, b' ' | b'\t' | b'\r');
        let ruled = mark == b'_'
            && bytes[..start]
                .iter()
                .rev()
                .find(|b| !space(b))
                .is_none_or(|&b| b == b'\n')
            && rest[run..]
                .iter()
                .find(|b| !space(b))
                .is_none_or(|&b| b == b'\n');
        (run >= 3 && !ruled && !rest.get(run).is_some_and(ascii_word)).then_some(start + run)
    };
    // The end after `close`, when the first of `stops` after `from` is `close`.
    let closed = |from: usize, stops: &[u8], close: &[u8]| -> Option<usize> {
        let i = from + rest[from..].iter().position(|b| stops.contains(b))?;
        rest[i..]
            .starts_with(close)
            .then_some(start + i + close.len())
    };
    let alternatives: [&dyn Fn() -> Option<usize>; 11] = [
        &|| rest.starts_with(b"{{").then(|| closed(2, b"{}\n", b"}}"))?,
        &|| rest.starts_with(b"{%").then(|| closed(2, b"%\n", b"%}"))?,
        &|| {
            let sigil =
                matches!(rest.first(), Some(b'%' | b'#' | b'$')) && rest.get(1) == Some(&b'{');
            sigil.then(|| closed(2, b"{}\n", b"}"))?
        },
        &|| {
            let first = rest
                .get(1)
                .filter(|b| b.is_ascii_alphabetic() || **b == b'_');
            (rest[0] == b'{' && first.is_some()).then(|| {
                let run = rest[2..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || b"_.-".contains(b))
                    .count();
                (rest.get(2 + run) == Some(&b'}')).then_some(start + 3 + run)
            })?
        },
        &|| {
            (rest[0] == b'%' && rest.get(1).is_some_and(u8::is_ascii_alphabetic)).then(|| {
                let run = rest[2..].iter().take_while(|b| ascii_word(b)).count();
                let name = &text[start + 1..start + 2 + run];
                let variable = WINDOWS_VARIABLES.contains(&name.to_ascii_lowercase().as_str())
                    || rest.get(3 + run) == Some(&b'\\');
                (run >= 1 && rest.get(2 + run) == Some(&b'%') && !variable)
                    .then_some(start + 3 + run)
            })?
        },
        &|| {
            let first = (rest[0] == b'<').then(|| text[start + 1..].chars().next())??;
            first.is_alphabetic().then(|| {
                // Letters, digits, `_`, `-` and `.`, with single spaces between runs of them.
                let name = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.');
                let inner = &text[start + 1..];
                let mut chars = inner.char_indices().peekable();
                let mut count = 0;
                while let Some((i, c)) = chars.next() {
                    count += 1;
                    if count > ANGLE_MAX_CHARS {
                        return None;
                    }
                    let next_is_name = chars.peek().is_some_and(|&(_, n)| name(n));
                    if name(c) || (c == ' ' && next_is_name) {
                        continue;
                    }
                    // One letter is a key ("<Ctrl>+<C>").
                    let word = &inner[..i];
                    let known = is_tag_or_key(word) || word.chars().nth(1).is_none();
                    return (c == '>' && !known).then_some(start + 1 + i + 1);
                }
                None
            })?
        },
        &|| {
            let letter = (rest[0] == b'[').then(|| text[start + 1..].chars().next())?;
            letter.is_some_and(char::is_alphabetic).then(|| {
                let from = 1 + letter.map_or(0, char::len_utf8);
                let i = from + rest[from..].iter().position(|b| b"[]\n".contains(b))?;
                let word = &text[start + 1..start + i];
                (i > from
                    && rest[i] == b']'
                    && !BRACKETED_WORDS.contains(&word.to_ascii_lowercase().as_str()))
                .then_some(start + i + 1)
            })?
        },
        &|| blank(b'X'),
        &|| blank(b'_'),
        // Git's cover letter: "*** SUBJECT HERE ***", "*** BLURB HERE ***".
        &|| {
            let inner = rest.strip_prefix(b"*** ")?;
            let len = inner
                .iter()
                .take(40)
                .position(|b| !b.is_ascii_uppercase() && *b != b' ')?;
            (inner[..len].ends_with(b" HERE ") && inner[len..].starts_with(b"***"))
                .then_some(start + 4 + len + 3)
        },
        &|| {
            let after_word = text[..start]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '@');
            let run = text[start..].chars().take_while(|&c| c == 'Х').count();
            let end = start + run * 'Х'.len_utf8();
            let before_word = text[end..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '_');
            (run >= 3 && !after_word && !before_word).then_some(end)
        },
    ];
    alternatives.iter().find_map(|alternative| alternative())
}

/// Where a placeholder's braces are broken: `{{`, `}}`, `{%`, `%}`, `%{`, `#{` or `${`,
/// leftmost first and not overlapping.
pub fn placeholder_braces(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    // Every pair holds a `{`, `}` or `%`; `#{` and `${` are found at their brace.
    for c in memchr::memchr3_iter(b'{', b'}', b'%', bytes) {
        if c > at && bytes[c] == b'{' && matches!(bytes[c - 1], b'#' | b'$') {
            out.push(Span::new(c - 1, c + 1));
            at = c + 1;
        } else if c >= at
            && matches!(
                bytes.get(c..c + 2),
                Some(b"{{" | b"}}" | b"{%" | b"%}" | b"%{")
            )
        {
            out.push(Span::new(c, c + 2));
            at = c + 2;
        }
    }
    out
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

/// An agent's initials or name signing a social-media reply: "^JR" anywhere, or "*SR", "/SR",
/// "-TC" (also with `–` or `—`, and one space after the mark) ending a line, two or three
/// capitals alone ending the text after a sentence, a link or a line break ("… of help. JR"),
/// or a name after a mark there ("… Thank you. -Rene"). `end` is where the text ends for the
/// last two: its length, or the start of a part number that ends it ("… -Shie 3/3").
pub fn initials(text: &str, end: usize) -> Vec<Span> {
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
    out.extend(closing_initials(&text[..end]));
    out.extend(closing_name(&text[..end]));
    out
}

/// "k/n" or "(k/n)", 1 ≤ k ≤ n, 2 ≤ n ≤ 30: the number of one part of a thread of replies
/// and how many parts there are.
fn part_marker(token: &str) -> Option<(u32, u32)> {
    let inner = token
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .unwrap_or(token);
    let (k, n) = inner.split_once('/')?;
    let number = |x: &str| {
        (matches!(x.len(), 1 | 2) && x.bytes().all(|b| b.is_ascii_digit()))
            .then(|| x.parse::<u32>().ok())
            .flatten()
    };
    let (k, n) = (number(k)?, number(n)?);
    ((1..=n).contains(&k) && (2..=30).contains(&n)).then_some((k, n))
}

/// A part marker opening `text` (its first word): "2/3 Also, …".
pub fn thread_part_opening(text: &str) -> Option<(Span, u32, u32)> {
    let start = text.len() - text.trim_start().len();
    let rest = &text[start..];
    let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let (k, n) = part_marker(&rest[..len])?;
    Some((Span::new(start, start + len), k, n))
}

/// A part marker ending `text` after a sentence end, a link, a line break or a signature:
/// "… Stay safe! 2/2", "… -Shie 3/3". A date at the end of a sentence ("… on 3/4") is not one.
pub fn thread_part_ending(text: &str) -> Option<(Span, u32, u32)> {
    let body = text.trim_end();
    let token = body.rsplit(char::is_whitespace).next()?;
    let (k, n) = part_marker(token)?;
    let before = &body[..body.len() - token.len()];
    let last_word = before.trim_end().rsplit(char::is_whitespace).next()?;
    let signature = last_word.starts_with(['-', '~', '^', '*', '_', '/', '–', '—']);
    (!before.is_empty() && (signs_off(before) || signature))
        .then(|| Span::new(before.len(), body.len()))
        .map(|at| (at, k, n))
}

/// Two or three capitals alone at the end of `text`, after a sentence end, a link or a line
/// break: an agent's initials without a mark.
fn closing_initials(text: &str) -> Option<Span> {
    let body = text.trim_end();
    let run = body
        .bytes()
        .rev()
        .take_while(u8::is_ascii_uppercase)
        .count();
    let start = body.len() - run;
    if !(2..=3).contains(&run) {
        return None;
    }
    let before = &body[..start];
    if before.trim_end().len() == before.len() {
        return None; // part of a word ("x-HRB")
    }
    signs_off(before).then(|| Span::new(start, body.len()))
}

/// Whether a signature may follow `before`: prose that ends in a sentence end or a link, or a
/// line break after prose.
fn signs_off(before: &str) -> bool {
    let prose = before.trim_end();
    let last_word = prose.rsplit(char::is_whitespace).next().unwrap_or("");
    let after_sentence = prose.ends_with(['.', '!', '?']) || last_word.contains("://");
    let own_line = before[prose.len()..].contains('\n');
    !prose.is_empty() && (after_sentence || own_line)
}

/// An agent's first name signing the end of `text` after a mark and a sentence end, a link or
/// a line break: "… Thank you. -Rene", "… community.~ Olivia", "… https://… ^Jen".
fn closing_name(text: &str) -> Option<Span> {
    let body = text.trim_end();
    let name = body.rsplit(|c: char| !c.is_alphabetic()).next()?;
    let mut chars = name.chars();
    let capitalised = chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase);
    if !capitalised || !(2..=20).contains(&name.chars().count()) {
        return None;
    }
    let before_name = body[..body.len() - name.len()].trim_end();
    let mark = before_name.chars().next_back()?;
    if !matches!(mark, '-' | '~' | '^' | '–' | '—') {
        return None;
    }
    let start = before_name.len() - mark.len_utf8();
    signs_off(&before_name[..start]).then(|| Span::new(start, body.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(spans: Vec<Span>, text: &str) -> Vec<&str> {
        spans.iter().map(|s| &text[s.start..s.end]).collect()
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
    fn numbered_parts_of_a_thread() {
        fn opening(t: &str) -> Option<(&str, u32, u32)> {
            thread_part_opening(t).map(|(at, k, n)| (&t[at.start..at.end], k, n))
        }
        assert_eq!(opening("2/3 Also, restart it."), Some(("2/3", 2, 3)));
        assert_eq!(opening(" (1/2) First, log in."), Some(("(1/2)", 1, 2)));
        assert_eq!(opening("2/2"), Some(("2/2", 2, 2)));
        for not in [
            "3/2 of them",
            "24/7 support",
            "1/1 done",
            "0/2 left",
            "(2/3 x",
            "2/3rds",
        ] {
            assert_eq!(opening(not), None, "{not}");
        }
        fn ending(t: &str) -> Option<(&str, u32, u32)> {
            thread_part_ending(t).map(|(at, k, n)| (&t[at.start..at.end], k, n))
        }
        assert_eq!(ending("Stay safe! 2/2\n"), Some(("2/2", 2, 2)));
        assert_eq!(
            ending("Steps: https://x.example/a 1/2"),
            Some(("1/2", 1, 2))
        );
        assert_eq!(ending("Tell us. -Shie 3/3"), Some(("3/3", 3, 3)));
        assert_eq!(ending("Tell us.\n(2/4)"), Some(("(2/4)", 2, 4)));
        for not in [
            "Your visit is on 3/4",
            "We are here 24/7",
            "2/2",
            "Done. 5/3",
        ] {
            assert_eq!(ending(not), None, "{not}");
        }
        // A signature stands before the marker.
        let text = "Tell us how it goes. -Shie 3/3";
        let marker = thread_part_ending(text).expect("a part number").0;
        assert_eq!(found(initials(text, marker.start), text), ["-Shie"]);
    }

    #[test]
    fn placeholders_of_every_form() {
        let text = "{{a}} {% if %} %{b} {c.d} %NAME% <FIRST NAME> [Name here] XXXX ___ *** BLURB HERE *** {{e}";
        assert_eq!(
            found(placeholders(text), text),
            [
                "{{a}}",
                "{% if %}",
                "%{b}",
                "{c.d}",
                "%NAME%",
                "<FIRST NAME>",
                "[Name here]",
                "XXXX",
                "___",
                "*** BLURB HERE ***",
                "{e}"
            ]
        );
        // Other languages' and tools' blanks; HTML tags and keys are none.
        let text = "%agent% <Имя> <nimi> <Name Mitarbeiter> № ХХХХХ, ХХХ-1 <br> <Enter> \
                    <b>x</b> 50% off, 20% more ДХХХ <a href=\"x\"> <Ctrl>+<C> %APPDATA% \
                    %SETUP%\\bin [sic] <snip>";
        assert_eq!(
            found(placeholders(text), text),
            [
                "%agent%",
                "<Имя>",
                "<nimi>",
                "<Name Mitarbeiter>",
                "ХХХХХ",
                "ХХХ"
            ]
        );
        // Underscores alone on a line are a rule, not a blank.
        let ruled = "Thanks.\n  ________________\nFrom: Anna\nName: ___\n___ \n";
        assert_eq!(found(placeholders(ruled), ruled), ["___"]);
        // Underscores inside a word or a handle are no blank to fill in.
        let text = "@___anna wrote a___b and __init___ on ___, @XXXX or XXXX.";
        assert_eq!(found(placeholders(text), text), ["___", "XXXX"]);
        assert_eq!(
            found(placeholder_braces("{{a} b}} %{"), "{{a} b}} %{"),
            ["{{", "}}", "%{"]
        );
    }

    proptest::proptest! {
        /// The same spans as the regexes these replace, with their leftmost-first matching.
        #[test]
        fn placeholders_are_the_regexs_matches(
            pieces in proptest::collection::vec(proptest::sample::select(&[
                "{", "}", "{{", "}}", "%", "#", "$", "<", ">", "[", "]", "X", "XX", "_", "__", "a",
                "Name", "AB", "1", ".", "-", " ", "\n", "é", "Ж", "x_y", "*** ", " HERE ", "***",
            ][..]), 0..14)
        ) {
            let text = pieces.concat();
            let spans = |re: &str| -> Vec<Span> {
                regex::Regex::new(re)
                    .expect("valid")
                    .find_iter(&text)
                    .map(|m| Span::new(m.start(), m.end()))
                    .collect()
            };
            let placeholder = concat!(
                r"\{\{[^{}\n]*\}\}|\{%[^%\n]*%\}|[%#$]\{[^{}\n]*\}|\{[A-Za-z_][A-Za-z0-9_.\-]*\}",
                r"|%[A-Za-z][A-Za-z0-9_]+%|<\p{Alphabetic}[\p{Alphabetic}\pN_.\-]*(?: [\p{Alphabetic}\pN_.\-]+)*>",
                r"|\[\pL[^\[\]\n]+\]|(?-u:\b)X{3,}(?-u:\b)|(?-u:\b)_{3,}(?-u:\b)",
                r"|\*\*\* [A-Z ]{0,33} HERE \*\*\*"
            );
            // Underscores alone on their line are a rule.
            let ruled = |s: &Span| {
                let line_start = text[..s.start].rfind('\n').map_or(0, |i| i + 1);
                let line_end = text[s.end..].find('\n').map_or(text.len(), |i| s.end + i);
                let blank = |t: &str| t.chars().all(|c| matches!(c, ' ' | '\t' | '\r'));
                text[s.start..s.end].starts_with('_')
                    && blank(&text[line_start..s.start])
                    && blank(&text[s.end..line_end])
            };
            // HTML tags and keys (one letter too), and long texts in angle brackets, are no
            // placeholders.
            let tag_or_long = |s: &Span| {
                let inner = &text[s.start + 1..s.end - 1];
                text[s.start..].starts_with('<')
                    && (is_tag_or_key(inner)
                        || inner.chars().count() == 1
                        || inner.chars().count() >= ANGLE_MAX_CHARS)
            };
            let mut expected = spans(placeholder);
            expected.retain(|s| !ruled(s) && !tag_or_long(s));
            proptest::prop_assert_eq!(placeholders(&text), expected, "{:?}", text);
            proptest::prop_assert_eq!(
                placeholder_braces(&text),
                spans(r"\{\{|\}\}|\{%|%\}|[%#$]\{"),
                "{:?}", text
            );
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
        assert_eq!(
            found(initials(text, text.len()), text),
            ["^JR", "-TC", "/MK", "—SR"]
        );
    }

    #[test]
    fn initials_alone_after_the_last_sentence_or_link() {
        for text in [
            "Thanks for waiting. We'll sort it. HRB",
            "Here is the link: https://example.com/help HRB\n",
            "Thanks, we are on it!\nJR",
        ] {
            let last = text.trim_end().rsplit(char::is_whitespace).next().unwrap();
            assert_eq!(found(initials(text, text.len()), text), [last], "{text:?}");
        }
        for (text, name) in [
            ("Thank you. -Rene", "-Rene"),
            ("We appreciate it.~ Olivia\n", "~ Olivia"),
            ("See https://example.com/help ^Jen", "^Jen"),
            ("Thanks, we are on it!\n— Anna", "— Anna"),
        ] {
            assert_eq!(found(initials(text, text.len()), text), [name], "{text:?}");
        }
        for text in [
            "We are sorry -Anna",
            "Thanks. -",
            "Call us. Co-Op",
            "Thanks. -RENE",
            "-Rene",
        ] {
            assert!(initials(text, text.len()).is_empty(), "{text:?}");
        }
        for text in [
            "Please restart the PC",
            "Thanks. Ask the IT team",
            "HRB",
            "Thanks. ABCD",
            "Thanks. x-HRB",
        ] {
            assert!(initials(text, text.len()).is_empty(), "{text:?}");
        }
    }
}
