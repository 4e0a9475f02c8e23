//! Inline suppression: `<!-- tactful-ignore abrasive, timeframe-vague -->` in a reply turns those
//! rules or categories off for that reply (`<!-- tactful-ignore -->` turns every rule off).
//! A suppression that suppresses nothing is reported, so stale ones do not pile up.

use crate::checks::UNUSED_SUPPRESSION;
use crate::diagnostic::{Diagnostic, Span};
use regex::Regex;
use std::sync::LazyLock;

static COMMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<!--\s*(?i:tactful-ignore)\b([^>]*?)-->").expect("valid regex"));

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub span: Span,
    /// Rule ids or categories; empty means every rule.
    pub targets: Vec<String>,
}

/// The suppression comments of a text.
pub fn find(text: &str) -> Vec<Suppression> {
    // The name in any case (`<!-- TACTFUL-IGNORE abrasive -->`), so look for the comment.
    static OPENING: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("<!--"));
    if OPENING.find(text.as_bytes()).is_none() {
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
/// covered nothing as an `unused-suppression` finding (naming what `engine` does not know,
/// with the closest name: a misspelt "abrasve" suppresses nothing).
pub fn apply(
    text: &str,
    diagnostics: Vec<Diagnostic>,
    language: &str,
    engine: &crate::Engine,
) -> Vec<Diagnostic> {
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
    let report_unused = engine.runs(UNUSED_SUPPRESSION.id);
    for (s, used) in suppressions.iter().zip(used) {
        // A suppression of rules that do not run (not selected, or ignored) had nothing to do.
        let idle =
            !s.targets.is_empty() && s.targets.iter().all(|t| engine.knows(t) && !engine.runs(t));
        if !used && report_unused && !idle {
            let what = if s.targets.is_empty() {
                "any rule".to_string()
            } else {
                s.targets.join(", ")
            };
            let unknown = s.targets.iter().find(|t| !engine.knows(t));
            let (message, suggestion) = match unknown {
                Some(t) => (
                    format!("This suppression names “{t}”, which is no rule or category"),
                    Some(match engine.closest(t) {
                        Some(c) => format!("Did you mean “{c}”?"),
                        None => "See `tactful rules` for the names".to_string(),
                    }),
                ),
                None => (
                    format!("This suppression of {what} suppresses nothing; remove it"),
                    None,
                ),
            };
            kept.push(UNUSED_SUPPRESSION.diagnostic(text, s.span, language, message, suggestion));
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
            severity: crate::diagnostic::Severity::Warning,
            language: "en".into(),
            message: String::new(),
            suggestion: None,
            span: Span::new(at, at + 1),
            text: String::new(),
            fix: None,
            entry: None,
        }
    }

    fn engine() -> crate::Engine {
        crate::Engine::builder().builtin_packs().build().unwrap()
    }

    #[test]
    fn suppresses_by_rule_or_category_and_reports_unused() {
        let text =
            "Calm down. <!-- tactful-ignore abrasive --> <!-- tactful-ignore jargon-acronym -->";
        let out = apply(
            text,
            vec![diag("abrasive-condescension", "abrasive", 0)],
            "en",
            &engine(),
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].rule, "unused-suppression");
        assert!(out[0].text.contains("jargon-acronym"));
        assert!(out[0].message.contains("suppresses nothing"));
    }

    #[test]
    fn suppressions_of_rules_that_do_not_run_are_not_reported() {
        let text = "Calm down. <!-- tactful-ignore abrasive --> <!-- tactful-ignore abrasve -->";
        let only_jargon = crate::Engine::builder()
            .builtin_packs()
            .select(vec!["jargon".into()])
            .build()
            .unwrap();
        let no_abrasive = crate::Engine::builder()
            .builtin_packs()
            .ignore(vec!["abrasive".into()])
            .build()
            .unwrap();
        // Selecting other rules leaves out `unused-suppression` too, as it does any rule.
        assert!(apply(text, Vec::new(), "en", &only_jargon).is_empty());
        // A misspelt name is still reported.
        let out = apply(text, Vec::new(), "en", &no_abrasive);
        assert_eq!(out.len(), 1);
        assert!(out[0].message.contains("abrasve"), "{}", out[0].message);
        let quiet = crate::Engine::builder()
            .builtin_packs()
            .ignore(vec![UNUSED_SUPPRESSION.id.into()])
            .build()
            .unwrap();
        assert!(apply(text, Vec::new(), "en", &quiet).is_empty());
    }

    #[test]
    fn the_comment_is_read_in_any_case() {
        let found = find("Calm down. <!-- TACTFUL-IGNORE abrasive --> <!-- Tactful-Ignore -->");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].targets, ["abrasive"]);
        assert!(found[1].targets.is_empty());
    }

    #[test]
    fn a_misspelt_name_is_pointed_out() {
        let text = "Calm down. <!-- tactful-ignore abrasve -->";
        let out = apply(
            text,
            vec![diag("abrasive-condescension", "abrasive", 0)],
            "en",
            &engine(),
        );
        assert_eq!(out.len(), 2);
        assert_eq!(
            out[1].message,
            "This suppression names “abrasve”, which is no rule or category"
        );
        assert_eq!(
            out[1].suggestion.as_deref(),
            Some("Did you mean “abrasive”?")
        );
    }

    #[test]
    fn bare_comment_suppresses_everything() {
        let text = "<!-- tactful-ignore -->";
        let out = apply(
            text,
            vec![diag("a", "b", 0), diag("c", "d", 1)],
            "en",
            &engine(),
        );
        assert!(out.is_empty());
    }
}
