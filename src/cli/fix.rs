//! `tactful fix`: apply fixes and print, diff or rewrite.

use super::args::{FixArgs, ListFormat};
use super::check;
use super::email_input;
use super::inputs::{self, Input};
use super::lines::LineIndex;
use super::{error, resolve_language, set_color, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use colored::Colorize;
use serde::Serialize;
use std::borrow::Cow;
use std::io::{self, Write};
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
    let min = if a.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let (inputs, walk_errors) = inputs::collect(
        &a.paths,
        &config,
        a.force_exclude,
        a.stdin_filename.as_deref(),
    );
    let mut status = EXIT_CLEAN;
    for (name, e) in walk_errors {
        error(&format!("{name}: {e}"));
        status = EXIT_ERROR;
    }
    let many = inputs.len() > 1;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    // Standard input that `exclude` leaves out (an editor's buffer) is printed as it is, so
    // that whoever replaces the buffer with the output keeps it.
    let stdin_named = a.paths.is_empty() || a.paths.iter().any(|p| p.as_os_str() == "-");
    let stdin_excluded = a.force_exclude
        && a.stdin_filename
            .as_deref()
            .is_some_and(|p| config.excluded(p));
    if stdin_named && stdin_excluded && !a.diff && a.format == ListFormat::Text {
        io::copy(&mut io::stdin().lock(), &mut out)?;
    }
    let mut json_files: Vec<(String, String, FixOutcome, bool)> = Vec::new();
    for input in inputs {
        let name = input.name();
        let path = input.path().unwrap_or(std::path::Path::new("-"));
        let settings = config.settings_for(path);
        let language = language
            .clone()
            .or_else(|| settings.lang.clone().filter(|l| l != "auto"));
        let format = input.format();
        let variables = config.data.variables.clone();
        let options = CheckOptions {
            language: language.as_deref(),
            inquiry: inquiry.as_deref(),
            template: (format != CollectionFormat::Text).then_some(variables.as_slice()),
        };
        let bytes = match input.read_bytes() {
            Ok(b) => b,
            Err(e) => {
                error(&format!("{name}: {e}"));
                status = EXIT_ERROR;
                continue;
            }
        };
        if let Some(why) = input.skip_reason(&bytes) {
            let _ = writeln!(io::stderr(), "tactful: warning: {name}: {why}; skipped");
            continue;
        }
        let is_eml = input.is_eml();
        let email = format == CollectionFormat::Text && (is_eml || looks_like_email(&bytes));
        // An e-mail's fixes apply to its body; the message and where it holds the body are
        // kept to write it back.
        let mut message = None;
        // A UTF-16 file is written back in UTF-16, its byte order mark kept.
        let utf16 = match bytes.get(..2) {
            Some([0xFF, 0xFE]) => Some((bytes.clone(), true)),
            Some([0xFE, 0xFF]) => Some((bytes.clone(), false)),
            _ => None,
        };
        let original = if email {
            let mail = tactful::email::parse(&bytes);
            email_input::warn(&name, &mail.warnings);
            message = Some((bytes, mail.body_at));
            mail.body
        } else {
            match inputs::decode(bytes) {
                Ok(t) => t,
                Err(e) => {
                    error(&e.about(&name));
                    status = EXIT_ERROR;
                    continue;
                }
            }
        };
        // The language the text is checked in: a text in one no pack has rules for gets no fixes,
        // and a warning, as `check` gives.
        let mut language = None;
        let outcome = if format == CollectionFormat::Text {
            fix_with(&original, min, |text| {
                engine.check(text, &options).map(|report| {
                    language.get_or_insert(report.language);
                    report.diagnostics
                })
            })
            .map_err(|e| e.to_string())
        } else {
            fix_collection(
                &engine,
                &original,
                format,
                &check::collection_options(&settings),
                &options,
                min,
            )
            .map_err(|e| format!("{name}:{e}"))
        };
        let outcome = match outcome {
            Ok(o) => o,
            Err(e) => {
                error(&e);
                status = EXIT_ERROR;
                continue;
            }
        };
        let language = language.flatten();
        if let Some(w) = check::not_checked(
            &engine,
            language.as_deref(),
            &original,
            &name,
            check::NAME_IT,
        ) {
            let _ = writeln!(io::stderr(), "tactful: warning: {w}");
        }
        if !outcome.converged {
            error(&format!(
                "{name}: fixes did not settle after {} rounds; nothing written",
                tactful::fix::MAX_ROUNDS
            ));
            status = EXIT_ERROR;
            continue;
        }
        let changed = outcome.text != original;
        // What --write and --diff work on: the file's bytes and the fixed ones. For an e-mail,
        // the whole message when it holds its body as it is and can hold the fixed body;
        // otherwise its body, and the message is not rewritten.
        let mut unwritable = None;
        let (before, after): (Cow<[u8]>, Cow<[u8]>) = match &message {
            Some((raw, place)) => match rewritten_email(raw, *place, &outcome.text) {
                Ok(fixed) => (Cow::Borrowed(raw), Cow::Owned(fixed)),
                Err(why) => {
                    unwritable = Some(why);
                    (original.as_bytes().into(), outcome.text.as_bytes().into())
                }
            },
            None => match utf16 {
                Some((raw, little)) => (
                    raw.into(),
                    inputs::utf16_bytes(&outcome.text, little).into(),
                ),
                None => (original.as_bytes().into(), outcome.text.as_bytes().into()),
            },
        };
        // Written in place, or to standard output as a filter would (an editor, a mail client):
        // either way the message cannot be, and its fixed body goes out instead.
        if let (true, false, Some(why)) = (changed, a.diff, unwritable) {
            let what = if a.write {
                "not rewritten"
            } else {
                "cannot be rewritten"
            };
            let _ = writeln!(
                io::stderr(),
                "tactful: warning: {name}: {what}: {why}; the fixed body goes to standard output"
            );
        }
        let mut written = false;
        match (&input, a.write, a.diff) {
            (Input::File(path) | Input::Found(path), true, _) if unwritable.is_none() => {
                if changed {
                    match write_atomically(path, &before, &after) {
                        Ok(()) => written = true,
                        Err(e) => {
                            error(&format!("{name}: {e}"));
                            status = EXIT_ERROR;
                        }
                    }
                }
                if a.format == ListFormat::Text {
                    let n = outcome.applied.len();
                    let _ = writeln!(
                        io::stderr(),
                        "{name}: {} {n} problem{}",
                        if written { "fixed" } else { "no change for" },
                        if n == 1 { "" } else { "s" }
                    );
                }
            }
            (_, _, true) => {
                if changed {
                    if status == EXIT_CLEAN {
                        status = EXIT_FINDINGS;
                    }
                    super::note_status(status);
                    if a.format == ListFormat::Text {
                        // A message whose headers are not UTF-8 shows the diff of its body.
                        match (std::str::from_utf8(&before), std::str::from_utf8(&after)) {
                            (Ok(old), Ok(new)) => print_diff(&mut out, &name, old, new)?,
                            _ => print_diff(&mut out, &name, &original, &outcome.text)?,
                        }
                    }
                }
            }
            _ => {
                if a.format == ListFormat::Text {
                    if many {
                        writeln!(out, "==> {name} <==")?;
                    }
                    // An e-mail whole, headers and all, when it can be rewritten (or needs no
                    // change: it comes back as it was).
                    match (&message, unwritable) {
                        (Some(_), None) => out.write_all(&after)?,
                        (Some((raw, _)), Some(_)) if !changed => out.write_all(raw)?,
                        _ => out.write_all(outcome.text.as_bytes())?,
                    }
                }
            }
        }
        if a.format == ListFormat::Json {
            json_files.push((name, original, outcome, written));
        }
    }
    if a.format == ListFormat::Json {
        let files: Vec<JsonFile> = json_files
            .iter()
            .map(|(name, original, o, written)| {
                let idx = LineIndex::new(&o.text);
                JsonFile {
                    path: name,
                    changed: &o.text != original,
                    written: *written,
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
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &serde_json::json!({ "files": files }))?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(status)
}

/// Fix a collection file: check every entry, apply the fixes that map onto the file's own bytes,
/// and repeat until nothing changes.
fn fix_collection(
    engine: &tactful::Engine,
    source: &str,
    format: CollectionFormat,
    copts: &tactful::collection::Options,
    options: &CheckOptions,
    min: Applicability,
) -> Result<FixOutcome, String> {
    fix_with(source, min, |text| {
        check::collection_findings(engine, text, format, copts, options).map(|f| f.diagnostics)
    })
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

fn print_diff(out: &mut dyn Write, name: &str, old: &str, new: &str) -> io::Result<()> {
    let diff = similar::TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{name}"), &format!("b/{name}"))
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
