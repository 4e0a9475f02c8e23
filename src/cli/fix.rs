//! `tactful fix`: apply fixes and print, diff or rewrite.

use super::args::{FixArgs, ListFormat};
use super::check;
use super::inputs::{self, Input};
use super::lines::LineIndex;
use super::{error, resolve_language, set_color, warning, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use colored::Colorize;
use serde::Serialize;
use std::borrow::Cow;
use std::io::{self, Write};
use std::ops::ControlFlow;
use std::path::Path;
use tactful::collection::Format as CollectionFormat;
use tactful::email::{looks_like_email, BodyPlace};
use tactful::fix::{fix_with, FixOutcome};
use tactful::{Applicability, CheckOptions, Fix};

#[derive(Serialize)]
struct JsonEdit<'a> {
    rule: &'a str,
    message: &'a str,
    applicability: Applicability,
    round: usize,
    fix: Option<&'a Fix>,
}

#[derive(Serialize)]
struct JsonSkipped<'a> {
    rule: &'a str,
    message: &'a str,
    line: usize,
    column: usize,
    fix: Option<&'a Fix>,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    changed: bool,
    written: bool,
    converged: bool,
    applied: Vec<JsonEdit<'a>>,
    skipped: Vec<JsonSkipped<'a>>,
    text: &'a str,
}

/// The JSON report, written as it is serialised (no value tree of it is built).
#[derive(Serialize)]
struct JsonReport<'a> {
    files: Vec<JsonFile<'a>>,
}

pub fn run(a: FixArgs) -> io::Result<i32> {
    set_color(a.color, a.format == ListFormat::Json);
    let config = match check::load_config(&a.config) {
        Ok(c) => c,
        Err(e) => {
            error(&e);
            return Ok(EXIT_ERROR);
        }
    };
    let Ok(engine) = check::engine_with_config(&a.packs, &config) else {
        return Ok(EXIT_ERROR);
    };
    let Ok(language) = resolve_language(&engine, &a.lang) else {
        return Ok(EXIT_ERROR);
    };
    let Ok(inquiry) = inputs::read_inquiry(&engine, a.inquiry.as_deref()) else {
        return Ok(EXIT_ERROR);
    };
    let (inputs, walk_errors) = inputs::collect(&a.paths, &config, &a.files);
    let mut status = EXIT_CLEAN;
    for (name, e) in walk_errors {
        error(&format!("{name}: {e}"));
        status = EXIT_ERROR;
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    // Standard input that `exclude` leaves out (an editor's buffer) is printed as it is, so
    // that whoever replaces the buffer with the output keeps it.
    let stdin_named = a.paths.is_empty() || a.paths.iter().any(|p| p.as_os_str() == "-");
    if stdin_named
        && inputs::stdin_excluded(&config, &a.files)
        && !a.diff
        && a.format == ListFormat::Text
    {
        io::copy(&mut io::stdin().lock(), &mut out)?;
    }
    let fixer = Fixer {
        engine: &engine,
        config: &config,
        language: language.as_deref(),
        inquiry: inquiry.as_ref().map(|i| i.text.as_str()),
        customer_name: inquiry.as_ref().and_then(|i| i.from_name.as_deref()),
        min: if a.unsafe_fixes {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        },
        write: a.write,
    };
    let mut shown = Shown {
        args: &a,
        many: inputs.len() > 1,
        out: &mut out,
        status,
        json_files: Vec::new(),
        failed: None,
    };
    if shown.many {
        // Many files are fixed (and written) on the pool's threads, and shown here in order.
        super::ordered::in_order(
            super::ordered::pool(a.jobs.unwrap_or(0))?.as_ref(),
            inputs.len(),
            4,
            |k| fixer.fix(&inputs[k]),
            |_, fixed| shown.show(fixed),
        );
    } else {
        // One file here; a library's entries are checked on the pool's threads, a plain text
        // on this one.
        let pool = match inputs.first() {
            Some(i) if i.format() != CollectionFormat::Text => {
                super::ordered::pool(a.jobs.unwrap_or(0))?
            }
            _ => None,
        };
        for input in &inputs {
            let fixed = match &pool {
                Some(pool) => pool.install(|| fixer.fix(input)),
                None => fixer.fix(input),
            };
            if shown.show(fixed).is_break() {
                break;
            }
        }
    }
    if let Some(e) = shown.failed.take() {
        return Err(e);
    }
    let status = shown.status;
    let json_files = std::mem::take(&mut shown.json_files);
    if a.format == ListFormat::Json {
        let files: Vec<JsonFile> = json_files.iter().map(Fixed::json).collect();
        serde_json::to_writer_pretty(&mut out, &JsonReport { files })?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(status)
}

/// What fixing an input needs: the engine, the configuration and the options given.
struct Fixer<'a> {
    engine: &'a tactful::Engine,
    config: &'a super::config::Config,
    language: Option<&'a str>,
    inquiry: Option<&'a str>,
    /// The display name of the sender of the e-mail given with `--inquiry`.
    customer_name: Option<&'a str>,
    min: Applicability,
    /// Rewrite the files.
    write: bool,
}

/// What fixing one input came to, its warnings in the order they were met.
struct Attempt {
    warnings: Vec<String>,
    result: Result<Option<Fixed>, String>,
}

/// A fixed input (`Ok(None)` in [`Attempt::result`] is one skipped).
struct Fixed {
    name: String,
    original: String,
    outcome: FixOutcome,
    /// For an e-mail: the message as read, and the message with the fixed body when it can
    /// hold it.
    message: Option<(Vec<u8>, Option<Vec<u8>>)>,
    /// A file (not standard input): `--write` rewrites it.
    file: bool,
    /// Why the file cannot be rewritten, when it cannot.
    unwritable: Option<&'static str>,
    /// Whether the fixed file was written, or why it could not be.
    written: Result<bool, String>,
}

impl Fixer<'_> {
    /// Read, fix and (with `--write`) rewrite one input; nothing is printed.
    fn fix(&self, input: &Input) -> Attempt {
        let mut warnings = Vec::new();
        let result = self.try_fix(input, &input.name(), &mut warnings);
        Attempt { warnings, result }
    }

    fn try_fix(
        &self,
        input: &Input,
        name: &str,
        warnings: &mut Vec<String>,
    ) -> Result<Option<Fixed>, String> {
        let path = input.path().unwrap_or(Path::new("-"));
        let settings = self.config.settings_for(path);
        let language = self
            .language
            .or_else(|| settings.lang.as_deref().filter(|l| *l != "auto"));
        let format = input.format();
        let variables = &self.config.data.variables;
        let mut options = CheckOptions {
            language,
            inquiry: self.inquiry,
            template: (format != CollectionFormat::Text).then_some(variables.as_slice()),
            recipient: self.customer_name,
            ..CheckOptions::default()
        };
        let bytes = input.read_bytes().map_err(|e| format!("{name}: {e}"))?;
        if let Some(why) = input.skip_reason(&bytes) {
            warnings.push(format!("{name}: {why}; skipped"));
            return Ok(None);
        }
        let email =
            format == CollectionFormat::Text && (input.is_eml() || looks_like_email(&bytes));
        // A UTF-16 file is written back in UTF-16, its byte order mark kept.
        let utf16 = match bytes.get(..2) {
            Some([0xFF, 0xFE]) => Some(true),
            Some([0xFE, 0xFF]) => Some(false),
            _ => None,
        };
        // An e-mail's fixes apply to its body; the message and where it holds the body are
        // kept to write it back.
        let mut message = None;
        let mut raw = None;
        let mut to_name = None;
        let original = if email {
            let mut mail = tactful::email::parse(&bytes);
            to_name = mail.to_name.take();
            warnings.extend(mail.warnings.iter().map(|w| format!("{name}: {w}")));
            message = Some(mail.body_at);
            raw = Some(bytes);
            mail.body
        } else {
            if utf16.is_some() {
                raw = Some(bytes.clone());
            }
            inputs::decode(bytes).map_err(|e| e.about(name))?
        };
        // An e-mail's `To:` names the customer the greeting should name.
        options.recipient = to_name.as_deref().or(options.recipient);
        let outcome = if format == CollectionFormat::Text {
            // The language the text is checked in: a text in one no pack has rules for gets no
            // fixes, and a warning, as `check` gives.
            let mut told = None;
            let outcome = fix_with(&original, self.min, |text| {
                self.engine.check(text, &options).map(|report| {
                    told.get_or_insert(report.language);
                    report.diagnostics
                })
            })
            .map_err(|e| e.to_string())?;
            let told = told.flatten();
            warnings.extend(check::not_checked(
                self.engine,
                told.as_deref(),
                &original,
                name,
                check::NAME_IT,
            ));
            outcome
        } else {
            // The warnings `check` gives about the file, from the first round.
            let named = matches!(input, Input::File(_) | Input::Stdin(_));
            let mut first = None;
            let copts = check::collection_options(&settings);
            let outcome = fix_with(&original, self.min, |text| {
                let found =
                    check::collection_findings(self.engine, text, format, &copts, &options)?;
                if first.is_none() {
                    first = Some(check::collection_warnings(
                        self.engine,
                        name,
                        named,
                        format,
                        text,
                        &found,
                    ));
                }
                Ok::<_, String>(found.diagnostics)
            })
            .map_err(|e| format!("{name}:{e}"))?;
            warnings.extend(first.transpose()?.into_iter().flatten());
            outcome
        };
        if !outcome.converged {
            return Err(format!(
                "{name}: fixes did not settle after {} rounds; nothing written",
                tactful::fix::MAX_ROUNDS
            ));
        }
        let changed = outcome.text != original;
        // An e-mail is written whole when it holds its body as it is and can hold the fixed
        // body; otherwise it is not rewritten, and its fixed body is what is shown.
        let (fixed_message, unwritable) = match message {
            Some(place) => {
                match rewritten_email(raw.as_deref().unwrap_or_default(), place, &outcome.text) {
                    Ok(fixed) => (Some(fixed), None),
                    Err(why) => (None, Some(why)),
                }
            }
            None => (None, None),
        };
        let mut written = Ok(false);
        if let (Input::File(path) | Input::Found(path), true, true, None) =
            (input, self.write, changed, unwritable)
        {
            let before = raw.as_deref().unwrap_or(original.as_bytes());
            let after: Cow<[u8]> = match (&fixed_message, utf16) {
                (Some(fixed), _) => fixed.into(),
                (None, Some(little)) => inputs::utf16_bytes(&outcome.text, little).into(),
                (None, None) => outcome.text.as_bytes().into(),
            };
            written = write_atomically(path, before, &after)
                .map(|()| true)
                .map_err(|e| format!("{name}: {e}"));
        }
        Ok(Some(Fixed {
            name: name.to_string(),
            original,
            outcome,
            message: email.then(|| (raw.unwrap_or_default(), fixed_message)),
            file: matches!(input, Input::File(_) | Input::Found(_)),
            unwritable,
            written,
        }))
    }
}

/// Where the outcomes go, in order: warnings and errors to standard error, and the fixed text,
/// diff or JSON to standard output.
struct Shown<'a, W: Write> {
    args: &'a FixArgs,
    /// More than one input: each fixed text is headed by its name.
    many: bool,
    out: &'a mut W,
    status: i32,
    json_files: Vec<Fixed>,
    /// Standard output failed: nothing more is shown.
    failed: Option<io::Error>,
}

impl<W: Write> Shown<'_, W> {
    fn show(&mut self, attempt: Attempt) -> ControlFlow<()> {
        for w in &attempt.warnings {
            warning(w);
        }
        let fixed = match attempt.result {
            Ok(Some(fixed)) => fixed,
            Ok(None) => return ControlFlow::Continue(()),
            Err(e) => {
                error(&e);
                self.status = EXIT_ERROR;
                super::note_status(self.status);
                return ControlFlow::Continue(());
            }
        };
        match self.print(&fixed) {
            Ok(()) => {}
            Err(e) => {
                self.failed = Some(e);
                return ControlFlow::Break(());
            }
        }
        if self.args.format == ListFormat::Json {
            self.json_files.push(fixed);
        }
        ControlFlow::Continue(())
    }

    fn print(&mut self, fixed: &Fixed) -> io::Result<()> {
        let a = self.args;
        let name = &fixed.name;
        let changed = fixed.outcome.text != fixed.original;
        // Written in place, or to standard output as a filter would (an editor, a mail client):
        // either way the message cannot be, and its fixed body goes out instead.
        if let (true, false, Some(why)) = (changed, a.diff, fixed.unwritable) {
            let what = if a.write {
                "not rewritten"
            } else {
                "cannot be rewritten"
            };
            warning(&format!(
                "{name}: {what}: {why}; the fixed body goes to standard output"
            ));
        }
        match (fixed.file && a.write && fixed.unwritable.is_none(), a.diff) {
            (true, _) => {
                let written = match &fixed.written {
                    Ok(written) => *written,
                    Err(e) => {
                        error(e);
                        self.status = EXIT_ERROR;
                        false
                    }
                };
                if a.format == ListFormat::Text {
                    let n = fixed.outcome.applied.len();
                    let _ = writeln!(
                        io::stderr(),
                        "{name}: {} {n} problem{}",
                        if written { "fixed" } else { "no change for" },
                        if n == 1 { "" } else { "s" }
                    );
                }
            }
            (false, true) => {
                if changed {
                    self.status = self.status.max(EXIT_FINDINGS);
                    if a.format == ListFormat::Text {
                        // The whole message when it can be rewritten; a message whose headers
                        // are not UTF-8 shows the diff of its body.
                        let whole = match &fixed.message {
                            Some((raw, Some(new))) => std::str::from_utf8(raw)
                                .ok()
                                .zip(std::str::from_utf8(new).ok()),
                            _ => None,
                        };
                        let (old, new) = whole.unwrap_or((&fixed.original, &fixed.outcome.text));
                        print_diff(self.out, name, old, new)?;
                    }
                }
            }
            (false, false) => {
                if a.format == ListFormat::Text {
                    if self.many {
                        writeln!(self.out, "==> {name} <==")?;
                    }
                    // An e-mail whole, headers and all, when it can be rewritten (or needs no
                    // change: it comes back as it was).
                    match &fixed.message {
                        Some((_, Some(new))) => self.out.write_all(new)?,
                        Some((raw, None)) if !changed => self.out.write_all(raw)?,
                        _ => self.out.write_all(fixed.outcome.text.as_bytes())?,
                    }
                }
            }
        }
        super::note_status(self.status);
        Ok(())
    }
}

impl Fixed {
    fn json(&self) -> JsonFile<'_> {
        let o = &self.outcome;
        let idx = LineIndex::new(&o.text);
        JsonFile {
            path: &self.name,
            changed: o.text != self.original,
            written: self.written == Ok(true),
            converged: o.converged,
            applied: o
                .applied
                .iter()
                .map(|f| JsonEdit {
                    rule: &f.diagnostic.rule,
                    message: &f.diagnostic.message,
                    applicability: f
                        .diagnostic
                        .fix
                        .as_ref()
                        .map_or(Applicability::Suggestion, |x| x.applicability),
                    round: f.round,
                    fix: f.diagnostic.fix.as_ref(),
                })
                .collect(),
            skipped: o
                .skipped
                .iter()
                .map(|d| {
                    let (line, column) = idx.position(&o.text, d.span.start);
                    JsonSkipped {
                        rule: &d.rule,
                        message: &d.message,
                        line,
                        column,
                        fix: d.fix.as_ref(),
                    }
                })
                .collect(),
            text: &o.text,
        }
    }
}
/// The e-mail `raw` with its body replaced by `fixed`, or why it cannot be rewritten.
fn rewritten_email(
    raw: &[u8],
    place: Option<BodyPlace>,
    fixed: &str,
) -> Result<Vec<u8>, &'static str> {
    let place = place.ok_or(
        "its body is not held as it is (quoted-printable, base64, another charset, HTML or several text parts)",
    )?;
    if place.signed {
        return Err("it is signed (S/MIME or PGP), and a changed body would break the signature");
    }
    place
        .replace(raw, fixed)
        .ok_or("the fixes add characters that its declared charset cannot hold")
}

/// Print the unified diff of file `name`, headed `a/<path>` and `b/<path>` as `git diff` heads
/// it (a leading `/` or `./` left out), for `git apply` or `patch -p1`.
fn print_diff(out: &mut dyn Write, name: &str, old: &str, new: &str) -> io::Result<()> {
    let diff = similar::TextDiff::from_lines(old, new);
    let path = name.trim_start_matches("./").trim_start_matches('/');
    let text = diff
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string();
    // Line by line, each as it stands: a CRLF file's diff keeps its `\r`, so it still applies.
    for line in text.split_inclusive('\n') {
        let line = line.strip_suffix('\n').unwrap_or(line);
        let shown = if line.starts_with("+++") || line.starts_with("---") {
            line.bold()
        } else if line.starts_with('+') {
            line.green()
        } else if line.starts_with('-') {
            line.red()
        } else if line.starts_with("@@") {
            line.cyan()
        } else {
            line.normal()
        };
        writeln!(out, "{shown}")?;
    }
    Ok(())
}

/// Write `new` to `path` through a temporary file in the same folder and a rename, keeping the
/// permissions, unless the file no longer holds `expected` (it changed while we worked). A
/// symbolic link stays one: the file it points to is rewritten.
fn write_atomically(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), String> {
    let target;
    let path = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            target = std::fs::canonicalize(path).map_err(|e| inputs::io_message(&e))?;
            target.as_path()
        }
        _ => path,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let meta = std::fs::metadata(path).map_err(|e| inputs::io_message(&e))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| inputs::io_message(&e))?;
    tmp.write_all(new)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| inputs::io_message(&e))?;
    std::fs::set_permissions(tmp.path(), meta.permissions()).map_err(|e| inputs::io_message(&e))?;
    let now = std::fs::read(path).map_err(|e| inputs::io_message(&e))?;
    if now != expected {
        return Err("the file changed while it was being fixed; left as it is".into());
    }
    tmp.persist(path)
        .map_err(|e| inputs::io_message(&e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::write_atomically;

    #[test]
    fn a_file_changed_meanwhile_is_left_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("r.txt");
        std::fs::write(&path, "edited by someone else").expect("write");
        let err = write_atomically(&path, b"what we read", b"fixed").expect_err("refused");
        assert!(err.contains("changed"), "{err}");
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "edited by someone else"
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).expect("ls").count(),
            1,
            "no temp file left"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_stays_one_and_its_target_is_rewritten() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("target.txt");
        let link = dir.path().join("link.txt");
        std::fs::write(&target, "old").expect("write");
        std::os::unix::fs::symlink("target.txt", &link).expect("symlink");
        write_atomically(&link, b"old", b"new").expect("written");
        let meta = std::fs::symlink_metadata(&link).expect("stat");
        assert!(meta.file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "new");
    }

    #[test]
    fn an_unchanged_file_is_replaced() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("r.txt");
        std::fs::write(&path, "old").expect("write");
        write_atomically(&path, b"old", b"new").expect("written");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
    }
}
