//! `shouting`: words in capitals used for emphasis (not acronyms).

use super::{at_sentence_start, Context, RuleInfo};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::fix::capitalize;
use crate::pack::RuleSpec;
use crate::scan::{ascii_in, next_marked, non_ascii};
use crate::Span;
use std::collections::HashSet;
use std::sync::LazyLock;

pub struct Shouting {
    allow: HashSet<String>,
    words: HashSet<String>,
    min_length: usize,
}

/// Runs of all-caps words next to each other ("PLEASE DO NOT"): each run as its words' spans.
pub fn caps_runs(text: &str) -> Vec<Vec<Span>> {
    let mut runs: Vec<Vec<Span>> = Vec::new();
    // Words in capitals are looked for only in the white-space-free window around a candidate.
    // A match holds no white space, and white space is no word character, so a word boundary
    // reads the same at a window's edges as in the whole text: the matches are the same.
    let bytes = text.as_bytes();
    let mut from = 0;
    let mut matches = Vec::new();
    let mut chars = Vec::new();
    while let Some(at) = caps_candidate(text, from) {
        let start = bytes[from..at]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(from, |p| from + p + 1);
        let end = bytes[at..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(bytes.len(), |p| at + p);
        caps_words(text, start, end, &mut chars, &mut matches);
        from = end;
    }
    for span in matches {
        if let Some(run) = runs.last_mut() {
            let prev = run.last().expect("runs are never empty");
            let gap = &text[prev.end..span.start];
            // Words in one run: apart by at most a space and a comma, or a one-letter word in
            // capitals ("ИЗ МОСКВЫ В КАЗАНЬ"), never a sentence end.
            // (At most three characters of up to four bytes: longer gaps are not looked into.)
            let joins = gap.len() <= 12 && gap.chars().count() <= 3 && {
                let mut letters = gap.chars().filter(|c| c.is_alphanumeric());
                let one_letter_word = |c: char| {
                    c.is_uppercase() && gap.starts_with([' ', '\t']) && gap.ends_with([' ', '\t'])
                };
                let only_letter = letters.next();
                letters.next().is_none()
                    && only_letter.is_none_or(one_letter_word)
                    && !gap.contains(['\n', '.', '!', '?', '^', '|'])
            };
            if joins {
                run.push(span);
                continue;
            }
        }
        runs.push(vec![span]);
    }
    runs
}

/// The words in capitals of `text[start..end]`: what `\b\p{Lu}[\p{Lu}'’]*\p{Lu}\b` finds
/// there (two or more capital letters with apostrophes between them, not inside a word), found
/// without compiling that pattern, which costs a pre-send hook more than the whole search.
/// `chars` is room for the window's characters, kept from one window to the next.
fn caps_words(
    text: &str,
    start: usize,
    end: usize,
    chars: &mut Vec<(usize, char)>,
    out: &mut Vec<Span>,
) {
    chars.clear();
    chars.extend(text[start..end].char_indices().map(|(i, c)| (start + i, c)));
    let chars = &*chars;
    let word = |k: usize| chars.get(k).is_some_and(|&(_, c)| is_word(c));
    let mut i = 0;
    while i < chars.len() {
        let boundary = i == 0 || !word(i - 1);
        if !boundary || !is_capital(chars[i].1) {
            i += 1;
            continue;
        }
        // The run of capitals and apostrophes, then its longest part that ends in a capital
        // at a word's end.
        let run = chars[i + 1..]
            .iter()
            .take_while(|&&(_, c)| is_capital(c) || c == '\'' || c == '’')
            .count();
        let last = (i + 1..=i + run)
            .rev()
            .find(|&k| is_capital(chars[k].1) && !word(k + 1));
        match last {
            Some(k) => {
                let to = chars.get(k + 1).map_or(end, |&(at, _)| at);
                out.push(Span::new(chars[i].0, to));
                i = k + 1;
            }
            None => i += 1,
        }
    }
}

/// Whether `c` is an upper-case letter (`\p{Lu}`, as the regex engine's Unicode tables have it).
fn is_capital(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    static LU: LazyLock<Vec<(char, char)>> = LazyLock::new(|| {
        match regex_syntax::parse(r"\p{Lu}").map(regex_syntax::hir::Hir::into_kind) {
            Ok(regex_syntax::hir::HirKind::Class(regex_syntax::hir::Class::Unicode(class))) => {
                class
                    .ranges()
                    .iter()
                    .map(|r| (r.start(), r.end()))
                    .collect()
            }
            _ => unreachable!("\\p{{Lu}} is a Unicode class"),
        }
    });
    let i = LU.partition_point(|&(_, last)| last < c);
    LU.get(i).is_some_and(|&(first, _)| first <= c)
}

/// Whether `c` is a word character as a regex's Unicode `\b` reads it.
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || (!c.is_ascii() && regex_syntax::is_word_character(c))
}

/// The offset, at or after `from` (a character boundary), of the second of two upper-case
/// letters with only apostrophes between them: a cheap test that every word in capitals
/// passes (`is_uppercase` holds for every `\p{Lu}`).
fn caps_candidate(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut after_upper = false;
    let mut i = from;
    while i < bytes.len() {
        if !after_upper {
            // To the next ASCII capital or non-ASCII character, eight bytes at a time (so `i`
            // stays on a character boundary).
            i = next_marked(bytes, i, |x| non_ascii(x) | ascii_in(x, b'A', b'Z'));
            if i >= bytes.len() {
                break;
            }
        }
        let b = bytes[i];
        // ASCII is decided by the byte; UTF-8 continuation bytes belong to the character before.
        if (0x80..0xC0).contains(&b) {
            i += 1;
            continue;
        }
        if b < 0x80 && !b.is_ascii_uppercase() {
            after_upper &= b == b'\'';
            i += 1;
            continue;
        }
        // Small letters (most of Russian or Estonian text), by their bytes, a run at once.
        let run = crate::fold::small_run(&bytes[i..], false);
        if run > 0 {
            after_upper = false;
            i += run;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        if crate::fold::is_common_lowercase(c) {
            after_upper = false;
        } else if crate::fold::is_uppercase(c) {
            if after_upper {
                return Some(i);
            }
            after_upper = true;
        } else if c != '\'' && c != '’' {
            after_upper = false;
        }
        i += 1;
    }
    None
}

/// `span` with a one-letter word in capitals right after it ("NOT A"), or right before it
/// when it does not open a sentence ("thanks A LOT"); never "I".
fn with_one_letter_words(text: &str, span: Span, sentence_start: bool) -> Span {
    let letter = |c: Option<char>| c.is_some_and(|c| c.is_uppercase() && c != 'I');
    let not_word = |c: Option<char>| !c.is_some_and(char::is_alphanumeric);
    let mut span = span;
    let mut after = text[span.end..].chars();
    if after.next() == Some(' ') {
        let (c, next) = (after.next(), after.next());
        if letter(c) && not_word(next) {
            span.end += 1 + c.map_or(0, char::len_utf8);
        }
    }
    let mut before = text[..span.start].chars().rev();
    if !sentence_start && before.next() == Some(' ') {
        let (c, prev) = (before.next(), before.next());
        if letter(c) && not_word(prev) {
            span.start -= 1 + c.map_or(0, char::len_utf8);
        }
    }
    span
}

/// Whether `span` is all a quotation holds (`"RESET"`, „SENDEN“, «ОТПРАВИТЬ»): the name of a
/// button or a label, or words quoted as they were written, not the writer raising their voice.
fn in_quotation_marks(text: &str, span: Span) -> bool {
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    matches!(
        (before, after),
        (Some('"'), Some('"'))
            | (Some('\''), Some('\''))
            | (Some('“' | '„'), Some('”' | '“'))
            | (Some('‘' | '‚'), Some('’' | '‘'))
            | (Some('«'), Some('»'))
            | (Some('»'), Some('«'))
    )
}

impl Shouting {
    pub fn compile(spec: &RuleSpec) -> Shouting {
        let up = |v: &Option<Vec<String>>| {
            v.iter()
                .flatten()
                .map(|s| s.to_uppercase())
                .collect::<HashSet<_>>()
        };
        Shouting {
            allow: up(&spec.allow),
            words: up(&spec.words),
            min_length: spec.min_length.unwrap_or(4),
        }
    }

    fn allowed(&self, word: &str, ctx: &Context) -> bool {
        self.allow.contains(word) || ctx.acronyms.knows(word)
    }

    pub fn check(&self, info: &RuleInfo, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let text = ctx.doc.masked_text.as_str();
        for run in ctx.caps_runs() {
            let words: Vec<&str> = run.iter().map(|s| &text[s.start..s.end]).collect();
            // Shouting needs a shouted word: a listed one ("NOT"), or a long one that is no
            // acronym. A run of short acronyms ("OS, GPU, RAM") is not shouting, nor is a word
            // standing alone that `acronym` reports as unknown ("BHIM").
            let alone = words.len() == 1;
            let shouted = words.iter().any(|w| {
                self.words.contains(*w)
                    || (w.chars().count() >= self.min_length
                        && !self.allowed(w, ctx)
                        && !(alone && ctx.acronyms.reads_as_unknown(w)))
            });
            let span = Span::new(run[0].start, run[run.len() - 1].end);
            if !shouted || in_quotation_marks(text, span) {
                continue;
            }
            // A one-letter word in capitals next to the run is part of it ("NOT A joke").
            let span = with_one_letter_words(text, span, at_sentence_start(ctx.doc, span.start));
            // Only listed words are known to be right in small letters: another may be a name
            // or (in German) a noun, so a run with one gets no fix.
            let fix = words.iter().all(|w| self.words.contains(*w)).then(|| {
                // In small letters, but "I" standing alone: between and beside the run's words
                // stand only one-letter words.
                let original = &ctx.doc.text[span.start..span.end];
                let word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                let mut lower = String::with_capacity(original.len());
                for (i, c) in original.char_indices() {
                    let alone_i = c == 'I'
                        && !word_char(original[..i].chars().next_back())
                        && !word_char(original[i + 1..].chars().next());
                    if alone_i {
                        lower.push(c);
                    } else {
                        lower.extend(c.to_lowercase());
                    }
                }
                let replacement = if at_sentence_start(ctx.doc, span.start) {
                    capitalize(&lower)
                } else {
                    lower
                };
                Fix {
                    applicability: info.fix,
                    edits: vec![Edit {
                        start: span.start,
                        end: span.end,
                        replacement,
                    }],
                }
            });
            out.push(info.diagnostic(ctx.doc, span, &[], fix));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use regex::Regex;

    /// `is_capital` and `is_word` against the regex classes they stand for, on every character.
    #[test]
    fn capitals_and_word_characters_are_the_regex_classes() {
        let lu = Regex::new(r"^\p{Lu}$").expect("valid regex");
        let w = Regex::new(r"^\w$").expect("valid regex");
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = c.to_string();
            assert_eq!(is_capital(c), lu.is_match(&s), "{c:?}");
            assert_eq!(is_word(c), w.is_match(&s), "{c:?}");
        }
    }

    /// The words in capitals as the pattern `caps_words` stands for finds them.
    static CAPS_WORD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b\p{Lu}[\p{Lu}'’]*\p{Lu}\b").expect("valid regex"));

    fn whole_text_matches(text: &str) -> Vec<Span> {
        CAPS_WORD
            .find_iter(text)
            .map(|m| Span::new(m.start(), m.end()))
            .collect()
    }

    /// `caps_runs` runs the regex only around candidates: the same matches as over the whole text.
    #[test]
    fn candidate_windows_find_what_the_regex_finds() {
        let texts = [
            "PLEASE DO NOT\nRESTART IT. ok",
            "HELLO' D'O xA'BC ’TIS DON'T DON’T",
            "É\u{301}COLE İSTANBUL ÜBER ПОЖАЛУЙСТА Ǆ ǅ Ⅻ ⒶⒷ",
            "a\r\nAB\r\n\nCD EF\nG\nH I\nJK",
            "ABc aBC _AB AB_ 1AB AB1 A’’B",
            "abcdefghijklmnopqrstuvwxyzAB abcdefghIJ klmnopqrA''''''''''ST",
        ];
        for text in texts {
            let found: Vec<Span> = caps_runs(text).into_iter().flatten().collect();
            assert_eq!(found, whole_text_matches(text), "{text:?}");
        }
    }

    /// A one-letter word in capitals between words in capitals joins them into one run.
    #[test]
    fn one_letter_words_keep_a_run_together() {
        let lengths = |text: &str| -> Vec<usize> { caps_runs(text).iter().map(Vec::len).collect() };
        assert_eq!(lengths("ИЗ МОСКВЫ В КАЗАНЬ И ТВЕРЬ"), [4]);
        assert_eq!(lengths("PLEASE NOTE I WILL"), [3]);
        assert_eq!(lengths("NOT a NOW"), [1, 1]);
        assert_eq!(lengths("NOT. A NOW"), [1, 1]);
    }

    proptest::proptest! {
        #[test]
        fn candidate_windows_match_the_whole_text_regex(
            text in "[AaBZz'’ _\\n\\t.1ÜüЖжЯяРрЁёџЀǅⅫⒶ🄰²\u{301}\u{a0}\u{200d}-]{0,40}"
        ) {
            let found: Vec<Span> = caps_runs(&text).into_iter().flatten().collect();
            proptest::prop_assert_eq!(found, whole_text_matches(&text));
        }
    }
}
