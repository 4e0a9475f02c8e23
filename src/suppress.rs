//! Inline suppression: `<!-- tactful-ignore abrasive, timeframe-vague -->` in a reply turns those
//! rules or categories off for that reply (`<!-- tactful-ignore -->` turns every rule off).
//! A suppression that suppresses nothing is reported, so stale ones do not pile up.

use crate::diagnostic::{Diagnostic, Severity, Span};
use regex::Regex;
use std::sync::LazyLock;

static COMMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<!--\s*tactful-ignore\b([^>]*?)-->").expect("valid regex"));

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub span: Span,
    /// Rule ids or categories; empty means every rule.
    pub targets: Vec<String>,
}

/// The suppression comments of a text.
pub fn find(text: &str) -> Vec<Suppression> {
    if !text.contains("tactful-ignore") {
        return Vec::new();
    }
    COMMENT
        .captures_iter(text)
        .map(|c| {
            let m = c.get(0).expect("group 0 always matches");
            Suppression {
                span: Span::new(m.start(), m.end()),
                targets: c[1]
                    .split([',', ' ', '\t', '\n'])
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_string)
                    .collect(),
            }
        })
        .collect()
}

fn covers(s: &Suppression, d: &Diagnostic) -> bool {
    s.targets.is_empty() || s.targets.iter().any(|t| *t == d.rule || *t == d.category)
}

/// Drop the findings the text's suppression comments cover, and report each comment that
/// covered nothing as an `unused-suppression` finding.
pub fn apply(text: &str, diagnostics: Vec<Diagnostic>, language: &str) -> Vec<Diagnostic> {
    let suppressions = find(text);
    if suppressions.is_empty() {
        return diagnostics;
    }
    let mut used = vec![false; suppressions.len()];
    let mut kept: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| {
            let mut suppressed = false;
            for (i, s) in suppressions.iter().enumerate() {
                if covers(s, d) {
                    used[i] = true;
                    suppressed = true;
                }
            }
            !suppressed
        })
        .collect();
    for (s, used) in suppressions.iter().zip(used) {
        if !used {
            let what = if s.targets.is_empty() {
                "any rule".to_string()
            } else {
                s.targets.join(", ")
            };
            kept.push(Diagnostic {
                rule: "unused-suppression".into(),
                category: "suppression".into(),
                severity: Severity::Warning,
                language: language.into(),
                message: format!("This suppression of {what} suppresses nothing; remove it"),
                suggestion: None,
                span: s.span,
                text: text[s.span.start..s.span.end].to_string(),
                fix: None,
                entry: None,
            });
        }
    }
    crate::diagnostic::sort(&mut kept);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(rule: &str, category: &str, at: usize) -> Diagnostic {
        Diagnostic {
            rule: rule.into(),
            category: category.into(),
            severity: Severity::Warning,
            language: "en".into(),
            message: String::new(),
            suggestion: None,
            span: Span::new(at, at + 1),
            text: String::new(),
            fix: None,
            entry: None,
        }
    }

    #[test]
    fn suppresses_by_rule_or_category_and_reports_unused() {
        let text =
            "Calm down. <!-- tactful-ignore abrasive --> <!-- tactful-ignore jargon-acronym -->";
        let out = apply(
            text,
            vec![diag("abrasive-condescension", "abrasive", 0)],
            "en",
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].rule, "unused-suppression");
        assert!(out[0].text.contains("jargon-acronym"));
    }

    #[test]
    fn bare_comment_suppresses_everything() {
        let text = "<!-- tactful-ignore -->";
        let out = apply(text, vec![diag("a", "b", 0), diag("c", "d", 1)], "en");
        assert!(out.is_empty());
    }
}
