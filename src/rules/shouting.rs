//! `shouting`: words in capitals used for emphasis (not acronyms).

use super::{at_sentence_start, Context, RuleInfo};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::fix::capitalize;
use crate::pack::RuleSpec;
use crate::scan::{ascii_in, next_marked, non_ascii};
use crate::Span;
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

static CAPS_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\p{Lu}[\p{Lu}'’]*\p{Lu}\b").expect("valid regex"));

pub struct Shouting {
    allow: HashSet<String>,
    words: HashSet<String>,
    min_length: usize,
}

/// Runs of all-caps words next to each other ("PLEASE DO NOT"): each run as its words' spans.
pub fn caps_runs(text: &str) -> Vec<Vec<Span>> {
    let mut runs: Vec<Vec<Span>> = Vec::new();
    // The regex runs only on the words around a candidate: with a non-ASCII character in its
    // haystack, its Unicode `\b` makes it fall back to its slowest engine. A match holds no
    // white space, and white space is no word character, so `\b` reads the same at a window's
    // edges as in the whole text: the matches are the same.
    let bytes = text.as_bytes();
    let mut from = 0;
    let mut matches = Vec::new();
    while let Some(at) = caps_candidate(text, from) {
        let start = bytes[from..at]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(from, |p| from + p + 1);
        let end = bytes[at..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(bytes.len(), |p| at + p);
        matches.extend(
            CAPS_WORD
                .find_iter(&text[start..end])
                .map(|m| Span::new(start + m.start(), start + m.end())),
        );
        from = end;
    }
    for span in matches {
        if let Some(run) = runs.last_mut() {
            let prev = run.last().expect("runs are never empty");
            let gap = &text[prev.end..span.start];
            // Words in one run: apart by at most a space and a comma, never a sentence end.
            if gap.len() <= 3
                && !gap.contains(['\n', '.', '!', '?', '^', '|'])
                && gap.chars().all(|c| !c.is_alphanumeric())
            {
                run.push(span);
                continue;
            }
        }
        runs.push(vec![span]);
    }
    runs
}

/// The offset, at or after `from` (a character boundary), of the second of two upper-case
/// letters with only apostrophes between them: a cheap test that every match of `CAPS_WORD`
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
        } else if c.is_uppercase() {
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
        let w = word.trim_end_matches('S');
        self.allow.contains(word)
            || ctx.known_acronyms.contains(word)
            || (w.len() + 1 == word.len() && ctx.known_acronyms.contains(w))
    }

    pub fn check(&self, info: &RuleInfo, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let text = ctx.doc.masked_text.as_str();
        for run in ctx.caps_runs() {
            let words: Vec<&str> = run.iter().map(|s| &text[s.start..s.end]).collect();
            // Shouting needs a shouted word: a listed one ("NOT"), or a long one that is no known
            // acronym. A run of short acronyms ("OS, GPU, RAM") is not shouting.
            let shouted = words.iter().any(|w| {
                self.words.contains(*w)
                    || (w.chars().count() >= self.min_length && !self.allowed(w, ctx))
            });
            if !shouted {
                continue;
            }
            let span = Span::new(run[0].start, run[run.len() - 1].end);
            let original = &ctx.doc.text[span.start..span.end];
            let lower = original.to_lowercase();
            let replacement = if at_sentence_start(ctx.doc, span.start) {
                capitalize(&lower)
            } else {
                lower
            };
            let fix = Fix {
                applicability: info.fix,
                edits: vec![Edit {
                    start: span.start,
                    end: span.end,
                    replacement: replacement.clone(),
                }],
            };
            out.push(info.diagnostic(ctx.doc, span, &[("replacement", &replacement)], Some(fix)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    proptest::proptest! {
        #[test]
        fn candidate_windows_match_the_whole_text_regex(
            text in "[AaBZz'’ _\\n\\t.1ÜüЖжЯяРрЁёџЀǅⅫ\u{301}\u{a0}-]{0,40}"
        ) {
            let found: Vec<Span> = caps_runs(&text).into_iter().flatten().collect();
            proptest::prop_assert_eq!(found, whole_text_matches(&text));
        }
    }
}
