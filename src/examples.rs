//! Running the examples packs carry: text that must fire, text that must stay silent, fixed text.

use crate::diagnostic::Applicability;
use crate::engine::{CheckOptions, Engine};
use crate::fix::apply_fixes;

/// One failed example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    pub language: String,
    pub file: String,
    /// The example's text (the reply).
    pub text: String,
    pub problem: String,
}

/// The outcome of running every example of an engine's rules.
#[derive(Debug, Clone, Default)]
pub struct ExampleReport {
    pub passed: usize,
    pub failures: Vec<ExampleFailure>,
    /// Examples whose text is told as another language than their rule's, or as none (so
    /// `check` without `--lang` would not apply the rule to it): rule language, example text,
    /// and the language told.
    pub told_otherwise: Vec<(String, String, Option<String>)>,
}

/// Run the examples of every rule in `engine` (each in the rule's own language).
pub fn run_examples(engine: &Engine) -> Result<ExampleReport, crate::pack::PackError> {
    let mut report = ExampleReport::default();
    for rule in engine.rules()? {
        let info = &rule.info;
        for ex in &rule.examples() {
            let (text, must_fire) = match (&ex.fires, &ex.silent) {
                (Some(t), _) => (t, true),
                (None, Some(t)) => (t, false),
                (None, None) => continue,
            };
            let told = engine.detect(&engine.parse(text));
            if told.as_deref() != Some(info.language.as_str()) {
                (report.told_otherwise).push((info.language.to_string(), text.clone(), told));
            }
            // An example is a reply sent now.
            let options = CheckOptions {
                language: Some(&info.language),
                inquiry: ex.inquiry.as_deref(),
                sent_at: Some(crate::dates::now()),
                ..Default::default()
            };
            let found: Vec<_> = engine
                .check(text, &options)?
                .diagnostics
                .into_iter()
                .filter(|d| d.rule == info.id)
                .collect();
            let fail = |problem: String| ExampleFailure {
                rule: info.id.to_string(),
                language: info.language.to_string(),
                file: info.file.clone(),
                text: text.clone(),
                problem,
            };
            if must_fire && found.is_empty() {
                report
                    .failures
                    .push(fail("expected a finding, got none".into()));
                continue;
            }
            if !must_fire && !found.is_empty() {
                let what: Vec<String> = found.iter().map(|d| format!("“{}”", d.text)).collect();
                report
                    .failures
                    .push(fail(format!("expected silence, got {}", what.join(", "))));
                continue;
            }
            if let Some(expected) = &ex.fixed {
                let fixed = apply_fixes(text, &found, Applicability::Unsafe).text;
                if &fixed != expected {
                    report.failures.push(fail(format!(
                        "fixed text differs:\n  expected: {expected:?}\n  got:      {fixed:?}"
                    )));
                    continue;
                }
            }
            report.passed += 1;
        }
    }
    Ok(report)
}
