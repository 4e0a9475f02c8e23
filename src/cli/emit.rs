//! Output formats: one emitter per format, all fed the same sorted results.

use super::lines::LineIndex;
use colored::Colorize;
use serde::Serialize;
use std::io::{self, Write};
use tactful::{Diagnostic, Severity};
use unicode_width::UnicodeWidthStr;

/// The findings of one checked input.
pub struct FileResult {
    pub path: String,
    pub text: String,
    pub language: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// An e-mail's subject line and its findings (positions refer to `Subject::text`).
    pub subject: Option<Subject>,
    /// Findings already printed as the sections of a long text were checked: counted here,
    /// not held in `diagnostics`.
    pub printed: Totals,
    /// The byte offsets of its findings index a decoded text (an encoded e-mail's body, a
    /// UTF-16 file as UTF-8), not the input's bytes.
    pub decoded: bool,
}

/// The subject line of a checked e-mail.
pub struct Subject {
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// Which part of an input a finding is in: `"subject"` or `"body"`.
pub struct Part<'a> {
    pub name: &'static str,
    pub text: &'a str,
    pub diagnostics: &'a [Diagnostic],
}

impl FileResult {
    /// The subject (if any) and then the body, each with its text and findings.
    pub fn parts(&self) -> impl Iterator<Item = Part<'_>> {
        let subject = self.subject.as_ref().map(|s| Part {
            name: "subject",
            text: &s.text,
            diagnostics: &s.diagnostics,
        });
        subject.into_iter().chain(std::iter::once(Part {
            name: "body",
            text: &self.text,
            diagnostics: &self.diagnostics,
        }))
    }

    /// The result once its findings are printed: they are counted in `printed`, and its text
    /// and findings dropped.
    pub fn into_printed(self) -> FileResult {
        let mut printed = Totals::of(std::slice::from_ref(&self));
        printed.files = 0;
        FileResult {
            path: self.path,
            text: String::new(),
            language: self.language,
            diagnostics: Vec::new(),
            subject: None,
            decoded: self.decoded,
            printed,
        }
    }

    /// Every finding: the subject's, then the body's.
    pub fn all_diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.subject
            .iter()
            .flat_map(|s| &s.diagnostics)
            .chain(&self.diagnostics)
    }
}

/// Whether any finding (subject or body, held or printed) is at or above `--fail-on`.
pub fn has_findings(results: &[FileResult], fail_on: super::args::FailOn) -> bool {
    fail_on.threshold().is_some_and(|t| {
        let held = results
            .iter()
            .flat_map(FileResult::all_diagnostics)
            .any(|d| d.severity >= t);
        held || results.iter().any(|r| r.printed.any_at_or_above(t))
    })
}

/// Counts for the summary line.
#[derive(Default, Clone, Copy)]
pub struct Totals {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings whose fix `tactful fix` applies.
    pub safe_fixes: usize,
    /// Findings whose fix only `tactful fix --unsafe` applies.
    pub unsafe_fixes: usize,
}

impl Totals {
    pub fn of(results: &[FileResult]) -> Totals {
        let mut t = Totals {
            files: results.len(),
            ..Totals::default()
        };
        for r in results {
            t.errors += r.printed.errors;
            t.warnings += r.printed.warnings;
            t.infos += r.printed.infos;
            t.safe_fixes += r.printed.safe_fixes;
            t.unsafe_fixes += r.printed.unsafe_fixes;
        }
        for d in results.iter().flat_map(FileResult::all_diagnostics) {
            t.count(d);
        }
        t
    }

    /// Count one finding.
    pub fn count(&mut self, d: &Diagnostic) {
        match d.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
        match d.fix.as_ref().map(|f| f.applicability) {
            Some(tactful::Applicability::Safe) => self.safe_fixes += 1,
            Some(tactful::Applicability::Unsafe) => self.unsafe_fixes += 1,
            Some(tactful::Applicability::Suggestion) | None => {}
        }
    }

    fn any_at_or_above(&self, t: Severity) -> bool {
        match t {
            Severity::Error => self.errors > 0,
            Severity::Warning => self.errors + self.warnings > 0,
            Severity::Info => self.total() > 0,
        }
    }

    pub fn total(&self) -> usize {
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

/// The text an edit puts before what it replaces, when the replacement is new text, a space,
/// and the old text (up to the case of its letters).
fn inserted_before<'r>(old: &str, replacement: &'r str) -> Option<&'r str> {
    let n = old.chars().count();
    let split = replacement.char_indices().rev().nth(n.checked_sub(1)?)?.0;
    let (head, tail) = replacement.split_at(split);
    (tail.to_lowercase() == old.to_lowercase() && head.ends_with(' '))
        .then(|| head.trim())
        .filter(|h| !h.is_empty())
}

/// Characters of a source line shown at most (long lines are cut around the finding).
const MAX_SHOWN: usize = 160;

/// The part of `line` to show for a span at characters `from..to`: the whole line when short,
/// else a window around the span marked with `…`; returns it with the span's new columns.
fn window(line: &str, from: usize, to: usize) -> (String, usize, usize) {
    if line.len() <= MAX_SHOWN {
        return (line.to_string(), from, to);
    }
    let start = from.saturating_sub(40);
    let shown: String = line.chars().skip(start).take(MAX_SHOWN).collect();
    let cut_end = line.chars().count() > start + MAX_SHOWN;
    let to = to.min(start + MAX_SHOWN);
    let (prefix, shift) = if start > 0 { ("…", 1) } else { ("", 0) };
    let suffix = if cut_end { "…" } else { "" };
    (
        format!("{prefix}{shown}{suffix}"),
        from - start + shift,
        to - start + shift,
    )
}

/// Like a compiler: header, location, the source line with the span underlined, the suggestion.
pub fn full(out: &mut dyn Write, results: &[FileResult]) -> io::Result<()> {
    for_each_part(out, results, full_part)
}

/// [`full`] for one part of an input.
pub fn full_part(out: &mut dyn Write, path: &str, part: &Part, idx: &LineIndex) -> io::Result<()> {
    let text = part.text;
    let path = shown_path(path, part);
    for d in part.diagnostics {
        let (line, col) = idx.position(text, d.span.start);
        let (end_line, end_col) = idx.position(text, d.span.end);
        writeln!(
            out,
            "{}{} {}",
            severity_label(d.severity),
            format!("[{}]", d.rule).bold(),
            d.message.bold()
        )?;
        let width = end_line.to_string().len();
        let pad = " ".repeat(width);
        let entry = d
            .entry
            .as_ref()
            .map(|e| format!(" in “{e}”"))
            .unwrap_or_default();
        writeln!(
            out,
            "{pad}{} {}:{line}:{col} ({}){entry}",
            "-->".blue().bold(),
            path,
            d.category
        )?;
        writeln!(out, "{pad} {}", "|".blue().bold())?;
        let last = if end_line > line && end_col == 1 {
            end_line - 1
        } else {
            end_line
        };
        for n in line..=last.min(line + 3) {
            let full_line = idx.line(text, n);
            let from = if n == line { col - 1 } else { 0 };
            let to = if n == end_line {
                end_col - 1
            } else {
                full_line.chars().count() // to the end of the line
            };
            let (src, from, to) = window(full_line, from, to);
            // As wide as a terminal shows the text: two cells for 注 or 🙏 (with a skin tone
            // too), none for a combining accent; tabs kept where they are.
            let byte = |chars: usize| src.char_indices().nth(chars).map_or(src.len(), |(i, _)| i);
            let (before, covered) = (&src[..byte(from)], &src[byte(from)..byte(to.max(from))]);
            let lead: String = (before.split('\t'))
                .map(|run| " ".repeat(run.width()))
                .collect::<Vec<_>>()
                .join("\t");
            let marks = "^".repeat(covered.width().max(1));
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
                // An insertion that also recases the next word: "we" → "Thank you. We".
                [e] if inserted_before(&text[e.start..e.end], &e.replacement).is_some() => {
                    let kept = inserted_before(&text[e.start..e.end], &e.replacement);
                    format!("insert “{}”", kept.unwrap_or_default())
                }
                [e] if e.replacement.is_empty() => {
                    format!("remove “{}”", &text[e.start..e.end])
                }
                [e] => format!("“{}” → “{}”", &text[e.start..e.end], e.replacement),
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
    Ok(())
}

/// One line per finding: `path:line:col: severity[rule] message`.
pub fn concise(out: &mut dyn Write, results: &[FileResult]) -> io::Result<()> {
    for_each_part(out, results, concise_part)
}

/// [`concise`] for one part of an input.
pub fn concise_part(
    out: &mut dyn Write,
    path: &str,
    part: &Part,
    idx: &LineIndex,
) -> io::Result<()> {
    if part.diagnostics.is_empty() {
        return Ok(());
    }
    // Styled once: a long text has thousands of lines.
    let path = shown_path(path, part).bold().to_string();
    let [error, warning, info] =
        [Severity::Error, Severity::Warning, Severity::Info].map(|s| severity_label(s).to_string());
    for d in part.diagnostics {
        let (line, col) = idx.position(part.text, d.span.start);
        let label = match d.severity {
            Severity::Error => &error,
            Severity::Warning => &warning,
            Severity::Info => &info,
        };
        write!(
            out,
            "{path}:{line}:{col}: {label}[{}] {}",
            d.rule, d.message
        )?;
        match &d.entry {
            Some(e) => writeln!(out, " (in “{}”)", tactful::rules::one_line(e))?,
            None => writeln!(out)?,
        }
    }
    Ok(())
}

/// How a format that prints finding by finding prints the findings of one part of an input.
pub type PartPrinter = fn(&mut dyn Write, &str, &Part, &LineIndex) -> io::Result<()>;

/// Print every part of every result with `print`.
pub fn for_each_part(
    out: &mut dyn Write,
    results: &[FileResult],
    print: PartPrinter,
) -> io::Result<()> {
    for r in results {
        for part in r.parts() {
            print(out, &r.path, &part, &LineIndex::new(part.text))?;
        }
    }
    Ok(())
}

/// The path as shown in `full` and `concise`: `PATH (subject)` for an e-mail's subject line.
fn shown_path(path: &str, part: &Part) -> String {
    if part.name == "subject" {
        format!("{path} (subject)")
    } else {
        path.to_string()
    }
}

/// The closing line of `full` and `concise`: counts of findings and fixable ones, and of the
/// inputs that could not be checked (`unchecked`; their errors are on standard error).
pub fn summary(out: &mut dyn Write, results: &[FileResult], unchecked: usize) -> io::Result<()> {
    let t = Totals::of(results);
    let unchecked = match unchecked {
        0 => String::new(),
        n => format!("; {} could not be checked", plural(n, "file", "files")),
    };
    if t.total() == 0 && t.files == 0 && !unchecked.is_empty() {
        return writeln!(out, "{}{unchecked}.", "No file checked".red().bold());
    }
    if t.total() == 0 {
        return writeln!(
            out,
            "{} in {}{unchecked}",
            "No problems found".green().bold(),
            plural(t.files, "file", "files")
        );
    }
    let fixes = match (t.safe_fixes, t.unsafe_fixes) {
        (0, 0) => "none can be fixed automatically".to_string(),
        (safe, 0) => format!("{safe} can be fixed with `tactful fix`"),
        (0, risky) => format!("{risky} can be fixed with `tactful fix --unsafe`"),
        (safe, risky) => {
            format!("{safe} can be fixed with `tactful fix`, {risky} more with `--unsafe`")
        }
    };
    writeln!(
        out,
        "Found {} ({}, {}, {}) in {}; {fixes}{unchecked}.",
        plural(t.total(), "problem", "problems").bold(),
        plural(t.errors, "error", "errors"),
        plural(t.warnings, "warning", "warnings"),
        plural(t.infos, "info", "infos"),
        plural(t.files, "file", "files"),
    )
}

/// One finding as JSON (the documented, stable shape).
#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    path: &'a str,
    /// `"body"`, or `"subject"` for an e-mail's subject line.
    part: &'static str,
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
    /// The collection entry (its name or title), for canned-reply libraries.
    #[serde(skip_serializing_if = "Option::is_none")]
    entry: Option<&'a str>,
}

impl<'a> JsonDiagnostic<'a> {
    pub fn new(
        path: &'a str,
        part: &'static str,
        text: &str,
        idx: &LineIndex,
        d: &'a Diagnostic,
    ) -> Self {
        let (line, column) = idx.position(text, d.span.start);
        let (end_line, end_column) = idx.position(text, d.span.end);
        JsonDiagnostic {
            path,
            part,
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
            entry: d.entry.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    language: Option<&'a str>,
    diagnostics: usize,
    /// What `start`/`end` index: `input` (the bytes as read) or `decoded` (see
    /// [`FileResult::decoded`]).
    offsets: &'static str,
}

/// An input that could not be checked (unreadable, or a collection that does not parse), and
/// why: the message printed on standard error, which names the input.
#[derive(Serialize)]
pub struct Unchecked {
    pub path: String,
    /// Where in the input the problem is (1-based), when the message says.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub error: String,
}

impl Unchecked {
    /// `error` about `path`; a message that starts `path:line:column: ` gives the position.
    pub fn new(path: &str, error: String) -> Unchecked {
        let position = error
            .strip_prefix(path)
            .and_then(|rest| rest.strip_prefix(':'))
            .and_then(|rest| {
                let mut numbers = rest.splitn(3, ':');
                let line = numbers.next()?.parse().ok()?;
                let column = numbers.next()?.parse().ok()?;
                Some((line, column))
            });
        Unchecked {
            path: path.to_string(),
            line: position.map(|p| p.0),
            column: position.map(|p| p.1),
            error,
        }
    }
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    files: Vec<JsonFile<'a>>,
    unchecked: &'a [Unchecked],
    errors: usize,
    warnings: usize,
    infos: usize,
    fixable: usize,
}

/// One JSON object: `{"diagnostics": [...], "summary": {...}}`.
pub fn json(
    out: &mut dyn Write,
    results: &[FileResult],
    unchecked: &[Unchecked],
) -> io::Result<()> {
    json_after(out, results, JsonWriter::default(), unchecked)
}

/// [`json`] for results whose findings `written` has partly written already (printed as
/// they were found), and the rest of the object.
pub fn json_after(
    out: &mut dyn Write,
    results: &[FileResult],
    mut written: JsonWriter,
    unchecked: &[Unchecked],
) -> io::Result<()> {
    for r in results {
        for part in r.parts() {
            written.part(out, &r.path, &part, &LineIndex::new(part.text))?;
        }
    }
    written.close(out, results, unchecked)
}

/// `--format json` written piece by piece, as `serde_json`'s pretty printer writes the whole
/// object: the opening, each finding as its part comes, then the summary of every result.
#[derive(Default)]
pub struct JsonWriter {
    opened: bool,
    findings: usize,
}

impl JsonWriter {
    /// Write the findings of one part of an input.
    pub fn part(
        &mut self,
        out: &mut dyn Write,
        path: &str,
        part: &Part,
        idx: &LineIndex,
    ) -> io::Result<()> {
        for d in part.diagnostics {
            self.open(out)?;
            out.write_all(if self.findings == 0 { b"\n" } else { b",\n" })?;
            let finding = JsonDiagnostic::new(path, part.name, part.text, idx, d);
            indented(out, &serde_json::to_string_pretty(&finding)?, "    ", true)?;
            self.findings += 1;
        }
        Ok(())
    }

    fn open(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.opened {
            out.write_all(b"{\n  \"diagnostics\": [")?;
            self.opened = true;
        }
        Ok(())
    }

    /// Close the findings and write the summary of every result (printed ones included) and of
    /// the inputs that could not be checked.
    pub fn close(
        mut self,
        out: &mut dyn Write,
        results: &[FileResult],
        unchecked: &[Unchecked],
    ) -> io::Result<()> {
        self.open(out)?;
        out.write_all(if self.findings == 0 { b"]" } else { b"\n  ]" })?;
        out.write_all(b",\n  \"summary\": ")?;
        let t = Totals::of(results);
        let summary = JsonSummary {
            files: results
                .iter()
                .map(|r| JsonFile {
                    path: &r.path,
                    language: r.language.as_deref(),
                    diagnostics: r.all_diagnostics().count() + r.printed.total(),
                    offsets: if r.decoded { "decoded" } else { "input" },
                })
                .collect(),
            unchecked,
            errors: t.errors,
            warnings: t.warnings,
            infos: t.infos,
            fixable: t.safe_fixes + t.unsafe_fixes,
        };
        indented(out, &serde_json::to_string_pretty(&summary)?, "  ", false)?;
        out.write_all(b"\n}\n")
    }
}

/// Write `text` with `indent` before each line (but the first, unless `first`). JSON holds no
/// raw line break inside a value, so its lines are its structure's.
fn indented(out: &mut dyn Write, text: &str, indent: &str, first: bool) -> io::Result<()> {
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
        }
        if i > 0 || first {
            out.write_all(indent.as_bytes())?;
        }
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// A sequence written from an iterator as it is serialized, so that no list of all the items
/// (a JSON tree each) is built first.
pub struct Lazy<I>(std::cell::Cell<Option<I>>);

impl<I> Lazy<I> {
    pub fn new(items: I) -> Lazy<I> {
        Lazy(std::cell::Cell::new(Some(items)))
    }
}

impl<I: Iterator<Item = T>, T: Serialize> Serialize for Lazy<I> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.take() {
            Some(items) => serializer.collect_seq(items),
            None => Err(serde::ser::Error::custom("a lazy sequence is written once")),
        }
    }
}

/// Findings per rule, most first (`--statistics`).
pub fn statistics(out: &mut dyn Write, results: &[FileResult]) -> io::Result<()> {
    let mut counts: std::collections::BTreeMap<(&str, &str), (usize, usize)> = Default::default();
    for d in results.iter().flat_map(FileResult::all_diagnostics) {
        let c = counts.entry((&d.rule, &d.category)).or_default();
        c.0 += 1;
        if d.fix
            .as_ref()
            .is_some_and(|f| f.applicability != tactful::Applicability::Suggestion)
        {
            c.1 += 1;
        }
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
    for ((rule, category), (n, fixable)) in rows {
        let fix = if fixable > 0 {
            format!("  ({fixable} fixable)")
        } else {
            String::new()
        };
        writeln!(out, "{n:>6}  {rule:<30} {category}{fix}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::inserted_before;

    #[test]
    fn an_unchecked_input_takes_its_position_from_the_message() {
        let at = |path: &str, error: &str| {
            let u = super::Unchecked::new(path, error.to_string());
            (u.line, u.column)
        };
        assert_eq!(at("a.yml", "a.yml:12:3: invalid YAML"), (Some(12), Some(3)));
        assert_eq!(at("a.yml", "a.yml: not found"), (None, None));
        assert_eq!(at("a:1:2.txt", "a:1:2.txt: not found"), (None, None));
        assert_eq!(at("b.yml", "a.yml:12:3: invalid YAML"), (None, None));
    }

    #[test]
    fn insertions_that_recase_the_next_word_are_shown_as_insertions() {
        assert_eq!(
            inserted_before("w", "thank you for writing. W"),
            Some("thank you for writing.")
        );
        assert_eq!(
            inserted_before("RMA", "return merchandise authorization (RMA)"),
            None
        );
        assert_eq!(inserted_before("utilize", "use"), None);
    }
}
