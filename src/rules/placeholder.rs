//! `placeholder`: template placeholders left unfilled, and broken ones.

use super::{Context, RuleInfo};
use crate::diagnostic::Diagnostic;

pub fn check(info: &RuleInfo, ctx: &Context, out: &mut Vec<Diagnostic>) {
    for p in &ctx.doc.placeholders {
        let kind = if p.malformed { "broken" } else { "unfilled" };
        out.push(info.diagnostic(ctx.doc, p.span, &[("state", kind)], None));
    }
}
