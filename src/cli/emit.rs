//! Output formats: one emitter per format, all fed the same sorted results.

use super::lines::LineIndex;
use colored::Colorize;
use serde::Serialize;
use std::io::{self, Write};
use tactful::{Diagnostic, Severity};

/// The findings of one checked input.
pub struct FileResult {
    pub path: String,
    pub text: String,
    pub language: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Counts for the summary line.
#[derive(Default)]
pub struct Totals {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub fixable: usize,
}

impl Totals {
    pub fn of(results: &[FileResult]) -> Totals {
        let mut t = Totals {
            files: results.len(),
            ..Totals::default()
        };
        for d in results.iter().flat_map(|r| &r.diagnostics) {
            match d.severity {
                Severity::Error => t.errors += 1,
                Severity::Warning => t.warnings += 1,
                Severity::Info => t.infos += 1,
            }
            if d.fix
                .as_ref()
                .is_some_and(|f| f.applicability != tactful::Applicability::Suggestion)
            {
                t.fixable += 1;
            }
        }
        t
    }

    fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn severity_label(s: Severity) -> colored::ColoredString {
    match s {
        Severity::Error => "error".red().bold(),
        Severity::Warning => "warning".yellow().bold(),
        Severity::Info => "info".cyan().bold(),
    }
}

/// Like a compiler: header, location, the source line with the span underlined, the suggestion.
pub fn full(out: &mut dyn Write, results: &[FileResult]) -> io::Result<()> {
    for r in results {
        let idx = LineIndex::new(&r.text);
        for d in &r.diagnostics {
            let (line, col) = idx.position(&r.text, d.span.start);
            let (end_line, end_col) = idx.position(&r.text, d.span.end);
            writeln!(
                out,
                "{}{} {}",
                severity_label(d.severity),
                format!("[{}]", d.rule).bold(),
                d.message.bold()
            )?;
            let width = end_line.to_string().len();
            let pad = " ".repeat(width);
            writeln!(
                out,
                "{pad}{} {}:{line}:{col} ({})",
                "-->".blue().bold(),
                r.path,
                d.category
            )?;
            writeln!(out, "{pad} {}", "|".blue().bold())?;
            let last = if end_line > line && end_col == 1 {
                end_line - 1
            } else {
                end_line
            };
            for n in line..=last.min(line + 3) {
                let src = idx.line(&r.text, n);
                let from = if n == line { col - 1 } else { 0 };
                let to = if n == end_line {
                    end_col - 1
                } else {
                    src.chars().count()
                };
                let lead: String = src
                    .chars()
                    .take(from)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let marks = "^".repeat(to.saturating_sub(from).max(1));
                writeln!(
                    out,
                    "{:>width$} {} {}",
                    n.to_string().blue().bold(),
                    "|".blue().bold(),
                    src
                )?;
                writeln!(
                    out,
                    "{pad} {} {lead}{}",
                    "|".blue().bold(),
                    marks.yellow().bold()
                )?;
            }
            if d.category == "unanswered" {
                writeln!(
                    out,
                    "{pad} {} customer asked: {}",
                    "=".blue().bold(),
                    d.text
                )?;
            }
            if let Some(s) = &d.suggestion {
                writeln!(out, "{pad} {} {} {s}", "=".blue().bold(), "help:".bold())?;
            }
            if let Some(f) = &d.fix {
                let what = match f.edits.as_slice() {
                    [e] if e.start == e.end => format!("insert “{}”", e.replacement.trim()),
                    [e] if e.replacement.is_empty() => {
                        format!("remove “{}”", &r.text[e.start..e.end])
                    }
                    [e] => format!("“{}” → “{}”", &r.text[e.start..e.end], e.replacement),
                    _ => format!("{} edits", f.edits.len()),
                };
                writeln!(
                    out,
                    "{pad} {} fix ({}): {what}",
                    "=".blue().bold(),
                    f.applicability.as_str()
                )?;
            }
            writeln!(out)?;
        }
    }
    summary(out, results)
}

/// One line per finding: `path:line:col: severity[rule] message`.
pub fn concise(out: &mut dyn Write, results: &[FileResult]) -> io::Result<()> {
    for r in results {
        let idx = LineIndex::new(&r.text);
        for d in &r.diagnostics {
            let (line, col) = idx.position(&r.text, d.span.start);
            writeln!(
                out,
                "{}:{line}:{col}: {}[{}] {}",
                r.path.bold(),
                severity_label(d.severity),
                d.rule,
                d.message
            )?;
        }
    }
    summary(out, results)
}

fn summary(out: &mut dyn Write, results: &[FileResult]) -> io::Result<()> {
    let t = Totals::of(results);
    if t.total() == 0 {
        return writeln!(
            out,
            "{} in {}",
            "No problems found".green().bold(),
            plural(t.files, "file", "files")
        );
    }
    writeln!(
        out,
        "Found {} ({}, {}, {}) in {}; {} can be fixed automatically.",
        plural(t.total(), "problem", "problems").bold(),
        plural(t.errors, "error", "errors"),
        plural(t.warnings, "warning", "warnings"),
        plural(t.infos, "info", "infos"),
        plural(t.files, "file", "files"),
        t.fixable
    )
}

/// One finding as JSON (the documented, stable shape).
#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    path: &'a str,
    rule: &'a str,
    category: &'a str,
    severity: Severity,
    language: &'a str,
    message: &'a str,
    suggestion: Option<&'a str>,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    start: usize,
    end: usize,
    text: &'a str,
    fix: Option<&'a tactful::Fix>,
}

impl<'a> JsonDiagnostic<'a> {
    pub fn new(path: &'a str, text: &str, idx: &LineIndex, d: &'a Diagnostic) -> Self {
        let (line, column) = idx.position(text, d.span.start);
        let (end_line, end_column) = idx.position(text, d.span.end);
        JsonDiagnostic {
            path,
            rule: &d.rule,
            category: &d.category,
            severity: d.severity,
            language: &d.language,
            message: &d.message,
            suggestion: d.suggestion.as_deref(),
            line,
            column,
            end_line,
            end_column,
            start: d.span.start,
            end: d.span.end,
            text: &d.text,
            fix: d.fix.as_ref(),
        }
    }
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    language: Option<&'a str>,
    diagnostics: usize,
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    files: Vec<JsonFile<'a>>,
    errors: usize,
    warnings: usize,
    infos: usize,
    fixable: usize,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: JsonSummary<'a>,
}

/// One JSON object: `{"diagnostics": [...], "summary": {...}}`.
pub fn json(out: &mut dyn Write, results: &[FileResult]) -> io::Result<()> {
    let mut diagnostics = Vec::new();
    for r in results {
        let idx = LineIndex::new(&r.text);
        diagnostics.extend(
            r.diagnostics
                .iter()
                .map(|d| JsonDiagnostic::new(&r.path, &r.text, &idx, d)),
        );
    }
    let t = Totals::of(results);
    let report = JsonReport {
        diagnostics,
        summary: JsonSummary {
            files: results
                .iter()
                .map(|r| JsonFile {
                    path: &r.path,
                    language: r.language.as_deref(),
                    diagnostics: r.diagnostics.len(),
                })
                .collect(),
            errors: t.errors,
            warnings: t.warnings,
            infos: t.infos,
            fixable: t.fixable,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}
