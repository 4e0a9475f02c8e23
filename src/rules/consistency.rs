//! `consistency`: one variant (a form of address, say) throughout the reply.

use super::{Context, RuleInfo};
use crate::diagnostic::Diagnostic;
use crate::pack::RuleSpec;
use crate::phrases::{PhraseSetBuilder, Role};

pub struct Consistency {
    names: Vec<String>,
}

impl Consistency {
    pub fn compile(spec: &RuleSpec, index: usize, phrases: &mut PhraseSetBuilder) -> Consistency {
        let variants = spec.variants.clone().unwrap_or_default();
        for (n, (_, list)) in variants.iter().enumerate() {
            for p in list {
                phrases.add(p, index, Role::Variant(n));
            }
        }
        Consistency {
            names: variants.into_keys().collect(),
        }
    }

    pub fn check(&self, info: &RuleInfo, index: usize, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let hits: Vec<(usize, crate::Span)> = ctx
            .hits_of(index)
            .iter()
            .filter(|h| ctx.doc.body.contains(h.span))
            .filter_map(|h| match h.role {
                Role::Variant(n) => Some((n, h.span)),
                _ => None,
            })
            .collect();
        let mut counts = vec![0usize; self.names.len()];
        for (n, _) in &hits {
            counts[*n] += 1;
        }
        if counts.iter().filter(|&&c| c > 0).count() < 2 {
            return;
        }
        // The main variant: most used; on a tie, the one used first.
        let main = (0..counts.len())
            .max_by_key(|&n| {
                let first = hits.iter().position(|h| h.0 == n).unwrap_or(usize::MAX);
                (counts[n], std::cmp::Reverse(first))
            })
            .unwrap_or(0);
        for (n, span) in hits.into_iter().filter(|h| h.0 != main) {
            out.push(info.diagnostic(
                ctx.doc,
                span,
                &[("variant", &self.names[n]), ("main", &self.names[main])],
                None,
            ));
        }
    }
}
