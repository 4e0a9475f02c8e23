//! `sentence-length`: sentences too long to read in one go.

use super::{Context, RuleInfo};
use crate::diagnostic::Diagnostic;

pub fn check(max: usize, info: &RuleInfo, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let limit = max.to_string();
    for &s in &ctx.doc.sentences {
        let words = ctx.doc.masked_text[s.start..s.end]
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
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
