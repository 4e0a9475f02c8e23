//! CI output formats: GitHub workflow commands, SARIF, JUnit, Checkstyle, reviewdog rdjson,
//! GitLab code quality and JSON lines. All read the same sorted results.

use super::emit::{self, FileResult, JsonDiagnostic, Lazy, Part, Unchecked};
use super::lines::LineIndex;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{self, Write};
use tactful::{Applicability, Diagnostic, Severity};

/// What the formats need to know about a rule.
pub struct RuleMeta {
    pub id: String,
    pub category: String,
    pub severity: Severity,
    pub message: String,
    pub explanation: String,
    pub language: String,
}

/// One part (body or subject) of a checked input, with its line index built once.
struct IndexedPart<'a> {
    path: &'a str,
    part: &'static str,
    text: &'a str,
    idx: LineIndex,
    diagnostics: &'a [Diagnostic],
}

fn indexed(results: &[FileResult]) -> Vec<IndexedPart<'_>> {
    results
        .iter()
        .flat_map(|r| {
            r.parts().map(move |p| IndexedPart {
                path: &r.path,
                part: p.name,
                text: p.text,
                idx: LineIndex::new(p.text),
                diagnostics: p.diagnostics,
            })
        })
        .collect()
}

/// One finding with its position computed (1-based lines, character columns).
struct Located<'a> {
    path: &'a str,
    part: &'static str,
    text: &'a str,
    idx: &'a LineIndex,
    d: &'a Diagnostic,
    line: usize,
    column: usize,
    end_line: usize,
}

impl Located<'_> {
    /// `(line, character column)` of a byte offset of the same part.
    fn at(&self, offset: usize) -> (usize, usize) {
        self.idx.position(self.text, offset)
    }

    /// `(line, byte column)` of a byte offset of the same part.
    fn at_byte(&self, offset: usize) -> (usize, usize) {
        let (line, _) = self.at(offset);
        (line, offset - self.idx.line_start(line) + 1)
    }
}

fn located<'a>(parts: &'a [IndexedPart<'a>]) -> Vec<Located<'a>> {
    let mut all = Vec::new();
    for p in parts {
        for d in p.diagnostics {
            let (line, column) = p.idx.position(p.text, d.span.start);
            let (end_line, _) = p.idx.position(p.text, d.span.end);
            all.push(Located {
                path: p.path,
                part: p.part,
                text: p.text,
                idx: &p.idx,
                d,
                line,
                column,
                end_line,
            });
        }
    }
    all
}

/// Each result with its findings, from all of them located in order.
fn by_result<'r, 'l>(
    results: &'r [FileResult],
    all: &'l [Located<'r>],
) -> impl Iterator<Item = (&'r FileResult, &'l [Located<'r>])> {
    let mut rest = all;
    results.iter().map(move |r| {
        let (mine, others) = rest.split_at(r.all_diagnostics().count());
        rest = others;
        (r, mine)
    })
}

/// The message, marked when the finding is in an e-mail's subject.
fn message(l: &Located) -> String {
    part_message(l.part, l.d)
}

/// The message of a finding in part `part`, marked when that is an e-mail's subject.
fn part_message(part: &str, d: &Diagnostic) -> String {
    if part == "subject" {
        format!("Subject: {}", d.message)
    } else {
        d.message.clone()
    }
}

/// One JSON object per line, one line per finding (fields as in `--format json`).
pub fn jsonl(out: &mut dyn Write, results: &[FileResult]) -> io::Result<()> {
    emit::for_each_part(out, results, jsonl_part)
}

/// [`jsonl`] for one part of an input.
pub fn jsonl_part(out: &mut dyn Write, path: &str, part: &Part, idx: &LineIndex) -> io::Result<()> {
    for d in part.diagnostics {
        let j = JsonDiagnostic::new(path, part.name, part.text, idx, d);
        serde_json::to_writer(&mut *out, &j)?;
        writeln!(out)?;
    }
    Ok(())
}

/// GitHub Actions workflow commands: annotations on the pull request's files, and an error on
/// each input that could not be checked.
pub fn github(
    out: &mut dyn Write,
    results: &[FileResult],
    unchecked: &[Unchecked],
) -> io::Result<()> {
    emit::for_each_part(out, results, github_part)?;
    for u in unchecked {
        let at = match (u.line, u.column) {
            (Some(line), Some(column)) => format!(",line={line},col={column}"),
            _ => String::new(),
        };
        writeln!(
            out,
            "::error file={}{at},title={}::{}",
            gh_property(&u.path),
            gh_property("tactful: not checked"),
            gh_data(&u.error)
        )?;
    }
    Ok(())
}

/// [`github`] for one part of an input.
pub fn github_part(
    out: &mut dyn Write,
    path: &str,
    part: &Part,
    idx: &LineIndex,
) -> io::Result<()> {
    for d in part.diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let (line, column) = idx.position(part.text, d.span.start);
        let (end_line, end_column) = idx.position(part.text, d.span.end);
        let mut text = part_message(part.name, d);
        if let Some(s) = &d.suggestion {
            text.push_str(&format!("\n{s}"));
        }
        writeln!(
            out,
            "::{level} file={},line={line},col={column},endLine={end_line},endColumn={end_column},title={}::{}",
            gh_property(path),
            gh_property(&format!("tactful {} ({})", d.rule, d.category)),
            gh_data(&text)
        )?;
    }
    Ok(())
}

/// Escape workflow-command data.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a workflow-command property value.
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push('\t'),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: one test suite per file, one failing test case per finding (a passing one for a
/// clean file), and a test case in error for each input that could not be checked.
pub fn junit(
    out: &mut dyn Write,
    results: &[FileResult],
    unchecked: &[Unchecked],
    fail_on: Option<tactful::Severity>,
) -> io::Result<()> {
    let parts = indexed(results);
    let all = located(&parts);
    // Findings below `--fail-on` are test cases that pass, with the finding as their output.
    let fails = |l: &Located| fail_on.is_some_and(|t| l.d.severity >= t);
    let failures = all.iter().filter(|l| fails(l)).count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    let errors = match unchecked.len() {
        0 => String::new(),
        n => format!(r#" errors="{n}""#),
    };
    writeln!(
        out,
        r#"<testsuites name="tactful" tests="{}" failures="{}"{errors}>"#,
        (all.len() + unchecked.len()).max(1),
        failures
    )?;
    for u in unchecked {
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="1" failures="0" errors="1">"#,
            xml(&u.path)
        )?;
        writeln!(
            out,
            r#"    <testcase name="{}" classname="tactful">"#,
            xml(&u.path)
        )?;
        writeln!(
            out,
            r#"      <error message="not checked" type="input">{}</error>"#,
            xml(&u.error)
        )?;
        writeln!(out, "    </testcase>")?;
        writeln!(out, "  </testsuite>")?;
    }
    for (r, mine) in by_result(results, &all) {
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{}" failures="{}">"#,
            xml(&r.path),
            mine.len().max(1),
            mine.iter().filter(|l| fails(l)).count()
        )?;
        if mine.is_empty() {
            writeln!(
                out,
                r#"    <testcase name="{}" classname="tactful"/>"#,
                xml(&r.path)
            )?;
        }
        for l in mine {
            writeln!(
                out,
                r#"    <testcase name="{}:{}:{} {}" classname="tactful.{}">"#,
                xml(l.path),
                l.line,
                l.column,
                xml(&l.d.rule),
                xml(&l.d.category)
            )?;
            let text = format!(
                "{}:{}:{}: {} [{}]",
                xml(l.path),
                l.line,
                l.column,
                xml(&message(l)),
                xml(&l.d.rule)
            );
            if fails(l) {
                writeln!(
                    out,
                    r#"      <failure message="{}" type="{}">{text}</failure>"#,
                    xml(&message(l)),
                    l.d.severity,
                )?;
            } else {
                writeln!(
                    out,
                    "      <system-out>{}: {text}</system-out>",
                    l.d.severity
                )?;
            }
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

/// Checkstyle XML; an input that could not be checked has one error, at the place the problem
/// is when its message says (else at line 1).
pub fn checkstyle(
    out: &mut dyn Write,
    results: &[FileResult],
    unchecked: &[Unchecked],
) -> io::Result<()> {
    let parts = indexed(results);
    let all = located(&parts);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<checkstyle version="4.3">"#)?;
    for u in unchecked {
        writeln!(out, r#"  <file name="{}">"#, xml(&u.path))?;
        writeln!(
            out,
            r#"    <error line="{}" column="{}" severity="error" message="{}" source="tactful.input"/>"#,
            u.line.unwrap_or(1),
            u.column.unwrap_or(1),
            xml(&u.error)
        )?;
        writeln!(out, "  </file>")?;
    }
    for (r, mine) in by_result(results, &all) {
        writeln!(out, r#"  <file name="{}">"#, xml(&r.path))?;
        for l in mine {
            writeln!(
                out,
                r#"    <error line="{}" column="{}" severity="{}" message="{}" source="tactful.{}"/>"#,
                l.line,
                l.column,
                l.d.severity,
                xml(&message(l)),
                xml(&l.d.rule)
            )?;
        }
        writeln!(out, "  </file>")?;
    }
    writeln!(out, "</checkstyle>")
}

/// reviewdog's rdjson, with fixes as suggestions (columns are UTF-8 byte columns there); an
/// input that could not be checked is an error of code `tactful-input`.
pub fn rdjson(
    out: &mut dyn Write,
    results: &[FileResult],
    unchecked: &[Unchecked],
) -> io::Result<()> {
    let parts = indexed(results);
    let all = located(&parts);
    let not_checked = unchecked.iter().map(|u| {
        let mut location = json!({"path": u.path});
        if let Some(line) = u.line {
            location["range"] = json!({"start": {"line": line, "column": u.column.unwrap_or(1)}});
        }
        json!({
            "message": u.error,
            "location": location,
            "severity": "ERROR",
            "code": {"value": UNCHECKED},
        })
    });
    let diagnostics = not_checked.chain(all.iter().map(|l| {
        let pos = |offset: usize| {
            let (line, column) = l.at_byte(offset);
            json!({"line": line, "column": column})
        };
        let suggestions: Vec<Value> = match &l.d.fix {
            Some(f) if f.applicability != Applicability::Suggestion && l.part == "body" => f
                .edits
                .iter()
                .map(|e| json!({"range": {"start": pos(e.start), "end": pos(e.end)}, "text": e.replacement}))
                .collect(),
            _ => Vec::new(),
        };
        json!({
            "message": message(l),
            "location": {"path": l.path, "range": {"start": pos(l.d.span.start), "end": pos(l.d.span.end)}},
            "severity": match l.d.severity {
                Severity::Error => "ERROR",
                Severity::Warning => "WARNING",
                Severity::Info => "INFO",
            },
            "code": {"value": l.d.rule},
            "suggestions": suggestions,
        })
    }));
    /// Keys in the order `json!` writes them (sorted).
    #[derive(Serialize)]
    struct Rdjson<D: Serialize> {
        diagnostics: D,
        source: Value,
    }
    let report = Rdjson {
        diagnostics: Lazy::new(diagnostics),
        source: json!({"name": "tactful"}),
    };
    serde_json::to_writer(&mut *out, &report)?;
    writeln!(out)
}

/// A stable 64-bit FNV-1a hash, as hex.
fn fingerprint(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0u8]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// The code (check name) of an input that could not be checked, in rdjson and GitLab reports.
const UNCHECKED: &str = "tactful-input";

/// GitLab code quality report: one issue per finding, each with a unique fingerprint, and a
/// blocker for each input that could not be checked.
pub fn gitlab(
    out: &mut dyn Write,
    results: &[FileResult],
    unchecked: &[Unchecked],
) -> io::Result<()> {
    let parts = indexed(results);
    let all = located(&parts);
    let not_checked = unchecked.iter().map(|u| {
        let line = u.line.unwrap_or(1);
        json!({
            "type": "issue",
            "description": u.error,
            "check_name": UNCHECKED,
            "categories": ["Bug Risk"],
            "fingerprint": fingerprint(&[&u.path, UNCHECKED]),
            "severity": "blocker",
            "location": {"path": u.path, "lines": {"begin": line, "end": line}},
        })
    });
    // A fingerprint names the finding, not its place, so that lines added above it keep it: the
    // file, part, rule and text, and which of the findings with those it is.
    let mut seen: HashMap<(&str, &str, &str, &str), usize> = HashMap::new();
    let fingerprints: Vec<String> = all
        .iter()
        .map(|l| {
            let n = seen
                .entry((l.path, l.part, &l.d.rule, &l.d.text))
                .or_default();
            *n += 1;
            fingerprint(&[l.path, l.part, &l.d.rule, &l.d.text, &n.to_string()])
        })
        .collect();
    let issues = not_checked.chain(all.iter().zip(&fingerprints).map(|(l, fingerprint)| {
        json!({
            "type": "issue",
            "description": message(l),
            "check_name": l.d.rule,
            "categories": ["Style"],
            "fingerprint": fingerprint,
            "severity": match l.d.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
                Severity::Info => "info",
            },
            "location": {"path": l.path, "lines": {"begin": l.line, "end": l.end_line}},
        })
    }));
    serde_json::to_writer_pretty(&mut *out, &Lazy::new(issues))?;
    writeln!(out)
}

/// A path as a relative URI reference: `/` between its parts, and every other byte that is
/// not unreserved percent-encoded (`my replies #1.json` → `my%20replies%20%231.json`).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(b));
            }
            b'\\' if cfg!(windows) => out.push('/'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A message template with its `{field}`s written as "…": a rule's description, not a finding's.
fn without_fields(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let field = rest[open + 1..]
            .find('}')
            .map(|close| &rest[open + 1..open + 1 + close]);
        match field {
            Some(f) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') => {
                out.push_str(&rest[..open]);
                out.push('…');
                rest = &rest[open + f.len() + 2..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// SARIF 2.1.0, with rule descriptions, character columns declared, and fixes; inputs that
/// could not be checked are the run's error notifications.
pub fn sarif(
    out: &mut dyn Write,
    results: &[FileResult],
    rules: &[RuleMeta],
    unchecked: &[Unchecked],
) -> io::Result<()> {
    // Each rule once, and its index. Every language's pack has a rule of the id: described in
    // the language most of its findings are in, else in English, else the first loaded.
    let mut found: HashMap<(&str, &str), usize> = HashMap::new();
    for r in results {
        for part in r.parts() {
            for d in part.diagnostics {
                *found.entry((&d.rule, &d.language)).or_default() += 1;
            }
        }
    }
    let weight = |m: &RuleMeta| {
        let n = found.get(&(m.id.as_str(), m.language.as_str()));
        (n.copied().unwrap_or(0), m.language == "en")
    };
    let mut metas: Vec<&RuleMeta> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for m in rules {
        match index.get(m.id.as_str()) {
            Some(&i) if weight(m) > weight(metas[i]) => metas[i] = m,
            Some(_) => {}
            None => {
                index.insert(&m.id, metas.len());
                metas.push(m);
            }
        }
    }
    let level = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    let driver_rules: Vec<Value> = metas
        .iter()
        .map(|m| {
            json!({
                "id": m.id,
                "shortDescription": {"text": without_fields(&m.message)},
                "fullDescription": {"text": m.explanation},
                "defaultConfiguration": {"level": level(m.severity)},
                "properties": {"category": m.category},
            })
        })
        .collect();
    let parts = indexed(results);
    let all = located(&parts);
    let sarif_results = all.iter().map(|l| {
        let region = |start: usize, end: usize| {
            let (sl, sc) = l.at(start);
            let (el, ec) = l.at(end);
            json!({"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec})
        };
        let mut result = json!({
            "ruleId": l.d.rule,
            "level": level(l.d.severity),
            "message": {"text": message(l)},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": uri(l.path)},
                "region": region(l.d.span.start, l.d.span.end),
            }}],
        });
        if let Some(i) = index.get(&*l.d.rule) {
            result["ruleIndex"] = json!(i);
        }
        if let Some(f) = l.d.fix.as_ref().filter(|_| l.part == "body") {
            let replacements: Vec<Value> = f
                .edits
                .iter()
                .map(|e| json!({"deletedRegion": region(e.start, e.end), "insertedContent": {"text": e.replacement}}))
                .collect();
            result["fixes"] = json!([{
                "description": {"text": format!("{} fix", f.applicability.as_str())},
                "artifactChanges": [{"artifactLocation": {"uri": uri(l.path)}, "replacements": replacements}],
            }]);
        }
        result
    });
    /// Keys in the order `json!` writes them (sorted).
    #[derive(Serialize)]
    struct Log<R: Serialize> {
        #[serde(rename = "$schema")]
        schema: &'static str,
        runs: [Run<R>; 1],
        version: &'static str,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Run<R: Serialize> {
        column_kind: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        invocations: Option<Value>,
        results: R,
        tool: Value,
    }
    let invocations = (!unchecked.is_empty()).then(|| {
        let notifications: Vec<Value> = unchecked
            .iter()
            .map(|u| {
                let mut location = json!({"artifactLocation": {"uri": uri(&u.path)}});
                if let (Some(line), Some(column)) = (u.line, u.column) {
                    location["region"] = json!({"startLine": line, "startColumn": column});
                }
                json!({
                    "level": "error",
                    "locations": [{"physicalLocation": location}],
                    "message": {"text": u.error},
                })
            })
            .collect();
        json!([{"executionSuccessful": false, "toolExecutionNotifications": notifications}])
    });
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [Run {
            column_kind: "unicodeCodePoints",
            invocations,
            results: Lazy::new(sarif_results),
            tool: json!({"driver": {
                "name": "tactful",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": driver_rules,
            }}),
        }],
        version: "2.1.0",
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes_data_and_properties() {
        assert_eq!(gh_data("100% done\r\nok"), "100%25 done%0D%0Aok");
        assert_eq!(gh_property("a:b,c"), "a%3Ab%2Cc");
    }

    #[test]
    fn xml_escapes_markup() {
        assert_eq!(xml("<a & \"b\">\n"), "&lt;a &amp; &quot;b&quot;&gt;&#10;");
    }

    #[test]
    fn sarif_uris_are_percent_encoded() {
        assert_eq!(uri("./my replies #1.json"), "./my%20replies%20%231.json");
        assert_eq!(uri("de/Grüße.txt"), "de/Gr%C3%BC%C3%9Fe.txt");
    }

    #[test]
    fn fingerprints_differ_by_position() {
        assert_ne!(fingerprint(&["a", "1"]), fingerprint(&["a", "2"]));
        assert_eq!(fingerprint(&["a", "1"]), fingerprint(&["a", "1"]));
    }
}
