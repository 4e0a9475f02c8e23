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
    for m in CAPS_WORD.find_iter(text) {
        let span = Span::new(m.start(), m.end());
        if let Some(run) = runs.last_mut() {
            let prev = run.last().expect("runs are never empty");
            let gap = &text[prev.end..span.start];
            if gap.len() <= 3 && !gap.contains('\n') && gap.chars().all(|c| !c.is_alphanumeric()) {
                run.push(span);
                continue;
            }
        }
        runs.push(vec![span]);
    }
    runs
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
            let shouted = if run.len() >= 2 {
                words.iter().any(|w| !self.allowed(w, ctx))
            } else {
                let w = words[0];
                self.words.contains(w)
                    || (w.chars().count() >= self.min_length && !self.allowed(w, ctx))
            };
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
