//! `phrases`: words and phrases to avoid, with optional replacements.

use super::{at_sentence_start, compile_sentence_regexes, Context, RuleInfo};
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::fix::replace_edit;
use crate::pack::RuleSpec;
use crate::phrases::{Hit, PhraseSetBuilder, Role};
use std::sync::OnceLock;

pub struct PhraseList {
    /// Replacements of each entry.
    replacements: Vec<Vec<String>>,
    threshold: Option<usize>,
    /// Regexes whose matches in a sentence hold no finding ("Sie müssen die Ware nicht …"),
    /// compiled when a text first has a match to test.
    except_patterns: Vec<String>,
    except_regexes: OnceLock<Vec<regex_automata::meta::Regex>>,
}

impl PhraseList {
    /// With `check`, the `except_patterns` are compiled now, to report errors (those of the
    /// built-in packs are checked by their examples).
    pub fn compile(
        spec: &RuleSpec,
        index: usize,
        phrases: &mut PhraseSetBuilder,
        check: bool,
    ) -> Result<PhraseList, String> {
        let except_patterns = spec.except_patterns.clone().unwrap_or_default();
        if check {
            compile_sentence_regexes(&except_patterns)?;
        }
        let entries = spec.phrases.as_deref().unwrap_or_default();
        for (n, e) in entries.iter().enumerate() {
            phrases.add(e.phrase(), index, Role::Entry(n));
        }
        for e in spec.except.iter().flatten() {
            phrases.add(e, index, Role::Except);
        }
        Ok(PhraseList {
            replacements: entries.iter().map(|e| e.replacements()).collect(),
            threshold: spec.threshold,
            except_patterns,
            except_regexes: OnceLock::new(),
        })
    }

    /// Whether `hit` lies inside a match of an except pattern in its sentence.
    fn excepted_by_pattern(&self, hit: &Hit, ctx: &Context) -> bool {
        if self.except_patterns.is_empty() {
            return false;
        }
        let regexes = self
            .except_regexes
            .get_or_init(|| compile_sentence_regexes(&self.except_patterns).unwrap_or_default());
        let scope = ctx.doc.sentence_at(hit.span.start).unwrap_or(hit.span);
        let text = &ctx.doc.masked_text[scope.start..scope.end];
        regexes.iter().any(|re| {
            re.find_iter(text).any(|m| {
                scope.start + m.start() <= hit.span.start && hit.span.end <= scope.start + m.end()
            })
        })
    }

    pub fn fixable(&self) -> bool {
        self.replacements.iter().any(|r| !r.is_empty())
    }

    pub fn check(&self, info: &RuleInfo, index: usize, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let mine = ctx.hits_of(index).iter();
        let except: Vec<_> = mine.clone().filter(|h| h.role == Role::Except).collect();
        // An entry inside an exception ("soon" in "as soon as") does not count,
        // unless the entry is the longer of the two ("as soon as possible").
        let hits: Vec<_> = mine
            .filter(|h| matches!(h.role, Role::Entry(_)))
            .filter(|h| {
                // Exceptions are sorted and do not overlap one another.
                let first = except.partition_point(|e| e.span.end <= h.span.start);
                !except[first..]
                    .iter()
                    .take_while(|e| e.span.start < h.span.end)
                    .any(|e| !h.span.contains(e.span))
            })
            .filter(|h| !self.excepted_by_pattern(h, ctx))
            .collect();
        if self.threshold.is_some_and(|t| hits.len() <= t) {
            return;
        }
        let count = hits.len().to_string();
        for hit in hits {
            let Role::Entry(n) = hit.role else { continue };
            let reps = &self.replacements[n];
            let start = at_sentence_start(ctx.doc, hit.span.start);
            let (fix, shown) = match reps.len() {
                0 => (None, None),
                1 => {
                    let edit = replace_edit(ctx.doc.text, hit.span, &reps[0], start);
                    let shown = if reps[0].is_empty() {
                        String::new()
                    } else {
                        edit.replacement.clone()
                    };
                    (
                        Some(Fix {
                            applicability: info.fix,
                            edits: vec![edit],
                        }),
                        Some(shown),
                    )
                }
                _ => {
                    let edit = replace_edit(ctx.doc.text, hit.span, &reps[0], start);
                    // Alternatives, in the pack's own words and quotes: "a / b".
                    let shown = reps
                        .iter()
                        .map(|r| replace_edit(ctx.doc.text, hit.span, r, start).replacement)
                        .collect::<Vec<_>>()
                        .join(" / ");
                    (
                        Some(Fix {
                            applicability: Applicability::Suggestion,
                            edits: vec![edit],
                        }),
                        Some(shown),
                    )
                }
            };
            let mut vars = vec![("count", count.as_str())];
            if let Some(s) = &shown {
                vars.push(("replacement", s.as_str()));
            }
            out.push(info.diagnostic(ctx.doc, hit.span, &vars, fix));
        }
    }
}
