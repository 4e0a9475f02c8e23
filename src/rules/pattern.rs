//! `pattern`: regular expressions, with an optional replacement template.

use super::gate::{gated, GatedRegex};
use super::{at_sentence_start, Context, RuleInfo};
use crate::diagnostic::{Diagnostic, Fix};
use crate::fix::replace_edit;
use crate::pack::RuleSpec;
use crate::Span;

pub struct Pattern {
    regexes: Vec<GatedRegex>,
    replace: Option<String>,
}

impl Pattern {
    /// With `check`, the patterns are compiled now, to report errors (for use, they are
    /// compiled when a text first may hold a match).
    pub fn compile(spec: &RuleSpec, check: bool) -> Result<Pattern, String> {
        Ok(Pattern {
            regexes: gated(
                spec.patterns.as_deref().unwrap_or_default(),
                spec.case_sensitive.unwrap_or(false),
                check,
            )?,
            replace: spec.replace.clone(),
        })
    }

    pub fn fixable(&self) -> bool {
        self.replace.is_some()
    }

    pub fn check(&self, info: &RuleInfo, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let text = ctx.doc.masked_text.as_str();
        let mut found: Vec<(Span, Option<String>)> = Vec::new();
        // The spans of `found`, sorted.
        let mut taken: Vec<Span> = Vec::new();
        for re in self.regexes.iter().filter_map(|r| r.for_text(ctx.folded())) {
            for caps in re.captures_iter(text) {
                let m = caps.get(0).expect("group 0 always matches");
                if m.as_str().trim().is_empty() {
                    continue;
                }
                let span = Span::new(m.start(), m.end());
                if crate::diagnostic::overlaps_any(&taken, span) {
                    continue;
                }
                taken.insert(taken.partition_point(|s| s.start < span.start), span);
                let rep = self.replace.as_ref().map(|r| {
                    let mut s = String::new();
                    caps.expand(r, &mut s);
                    s
                });
                found.push((span, rep));
            }
        }
        found.sort_by_key(|f| f.0);
        for (span, rep) in found {
            let fix = rep.as_ref().map(|r| Fix {
                applicability: info.fix,
                edits: vec![replace_edit(
                    ctx.doc.text,
                    span,
                    r,
                    at_sentence_start(ctx.doc, span.start),
                )],
            });
            let shown = fix.as_ref().map(|f| f.edits[0].replacement.clone());
            let vars: Vec<(&str, &str)> = shown
                .as_deref()
                .map(|s| vec![("replacement", s)])
                .unwrap_or_default();
            out.push(info.diagnostic(ctx.doc, span, &vars, fix));
        }
    }
}
