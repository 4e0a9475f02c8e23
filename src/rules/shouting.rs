//! `shouting`: words in capitals used for emphasis (not acronyms).

use super::{at_sentence_start, Context, RuleInfo};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::fix::capitalize;
use crate::pack::RuleSpec;
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
    // Line by line, and only lines that can hold a match: with a non-ASCII character in the
    // text, the regex's Unicode `\b` makes it fall back to its slowest engine. A line break is
    // not a word character and a run never spans lines, so matches and runs are the same.
    let mut line_start = 0;
    let lines = text.split_inclusive('\n').filter_map(|line| {
        let start = line_start;
        line_start += line.len();
        may_hold_caps_word(line).then_some((start, line))
    });
    let matches = lines.flat_map(|(start, line)| {
        CAPS_WORD
            .find_iter(line)
            .map(move |m| (start + m.start(), start + m.end()))
    });
    for (start, end) in matches {
        let span = Span::new(start, end);
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

/// Whether `line` has two upper-case letters with only apostrophes between them: a cheap test
/// that every match of `CAPS_WORD` passes (`is_uppercase` holds for every `\p{Lu}`).
fn may_hold_caps_word(line: &str) -> bool {
    let mut after_upper = false;
    for (i, &b) in line.as_bytes().iter().enumerate() {
        // ASCII is decided by the byte; UTF-8 continuation bytes belong to the character before.
        if (0x80..0xC0).contains(&b) {
            continue;
        }
        if b < 0x80 && !b.is_ascii_uppercase() {
            after_upper &= b == b'\'';
            continue;
        }
        let c = line[i..].chars().next().unwrap_or(' ');
        if crate::fold::is_common_lowercase(c) {
            after_upper = false;
        } else if c.is_uppercase() {
            if after_upper {
                return true;
            }
            after_upper = true;
        } else if c != '\'' && c != '’' {
            after_upper = false;
        }
    }
    false
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

    /// `caps_runs` scans only lines that can hold a caps word: the same matches as the regex
    /// over the whole text.
    #[test]
    fn line_prefilter_finds_what_the_regex_finds() {
        let texts = [
            "PLEASE DO NOT\nRESTART IT. ok",
            "HELLO' D'O xA'BC ’TIS DON'T DON’T",
            "É\u{301}COLE İSTANBUL ÜBER ПОЖАЛУЙСТА Ǆ ǅ Ⅻ ⒶⒷ",
            "a\r\nAB\r\n\nCD EF\nG\nH I\nJK",
            "ABc aBC _AB AB_ 1AB AB1 A’’B",
        ];
        for text in texts {
            let whole: Vec<Span> = CAPS_WORD
                .find_iter(text)
                .map(|m| Span::new(m.start(), m.end()))
                .collect();
            let by_line: Vec<Span> = caps_runs(text).into_iter().flatten().collect();
            assert_eq!(by_line, whole, "{text:?}");
        }
    }
}
