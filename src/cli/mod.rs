//! The program around the engine: arguments, inputs, output and exit codes.
//!
//! Exit codes: 0 nothing at or above `--fail-on`; 1 findings (or failed examples); 2 usage,
//! pack, configuration or I/O errors (other inputs are still checked).

mod args;
mod check;
mod config;
mod draft;
mod email_input;
mod emit;
mod fix;
mod formats;
mod inputs;
mod lines;
mod ordered;
mod sendmail;

use args::{Cli, Color, Command, ExplainArgs, ListFormat, PackArgs};
use clap::Parser;
use std::io::{self, Write};
use std::sync::atomic::{AtomicI32, Ordering};
use tactful::examples::run_examples;
use tactful::Engine;

pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

/// Run the program; returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            };
            let _ = e.print();
            return code;
        }
    };
    let result = match cli.command {
        Command::Check(a) => check::run(a),
        Command::Rules(a) => rules(a),
        Command::Explain(a) => explain(a),
        Command::TestPacks(a) => test_packs(a),
        Command::Fix(a) => fix::run(a),
        Command::Draft(a) => draft::run(a),
        Command::Sendmail(a) => sendmail::run(a),
    };
    match result {
        Ok(code) => code,
        // A closed pipe (`tactful check … | head`) ends the run quietly, with the exit code of
        // what was checked up to then.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => STATUS_SO_FAR.load(Ordering::Relaxed),
        Err(e) => {
            error(&format!("cannot write output: {e}"));
            EXIT_ERROR
        }
    }
}

/// The exit code of the inputs checked so far, for a run that cannot finish its output.
static STATUS_SO_FAR: AtomicI32 = AtomicI32::new(EXIT_CLEAN);

/// Record that the run's exit code is at least `code` ([`EXIT_FINDINGS`], [`EXIT_ERROR`]).
pub(crate) fn note_status(code: i32) {
    STATUS_SO_FAR.fetch_max(code, Ordering::Relaxed);
}

pub(crate) fn error(message: &str) {
    let _ = writeln!(io::stderr(), "tactful: error: {message}");
}

pub(crate) fn warning(message: &str) {
    let _ = writeln!(io::stderr(), "tactful: warning: {message}");
}

/// Build the engine from the built-in packs (unless turned off) and the given ones, and check
/// the rule names of `--select` and `--ignore` (errors are reported).
pub(crate) fn load_engine(p: &PackArgs) -> Result<Engine, ()> {
    let engine = build_engine(p)?;
    let given = check_names(&engine, "--select", &p.select);
    given.and(check_names(&engine, "--ignore", &p.ignore))?;
    Ok(engine)
}

/// Report each of `names` that is no loaded rule id or category, with the closest one when
/// it looks like a typo; `what` says where the names were given.
pub(crate) fn check_names(engine: &Engine, what: &str, names: &[String]) -> Result<(), ()> {
    let mut result = Ok(());
    for name in names.iter().filter(|n| !engine.knows(n)) {
        let hint = match engine.closest(name) {
            Some(c) => format!("; did you mean `{c}`?"),
            None => " (see `tactful rules`)".to_string(),
        };
        error(&format!(
            "{what} {name}: no loaded rule or category has that name{hint}"
        ));
        result = Err(());
    }
    result
}

/// Build the engine from the built-in packs (unless turned off) and the given ones.
pub(crate) fn build_engine(p: &PackArgs) -> Result<Engine, ()> {
    let mut b = Engine::builder();
    if !p.no_default_packs {
        b = b.builtin_packs();
    }
    match inputs::pack_files(&p.packs) {
        Ok(files) => {
            for (name, source) in files {
                b = b.pack(name, source);
            }
        }
        Err(e) => {
            error(&e);
            return Err(());
        }
    }
    b.select(p.select.clone())
        .ignore(p.ignore.clone())
        .build()
        .map_err(|errors| {
            for e in errors {
                error(&e.to_string());
            }
        })
}

/// `auto` → `None`; a loaded language → itself; anything else is a usage error (reported).
pub(crate) fn resolve_language(engine: &Engine, lang: &str) -> Result<Option<String>, ()> {
    match lang {
        "auto" => Ok(None),
        l if engine.languages().any(|k| k == l) => Ok(Some(l.to_string())),
        l => {
            let known: Vec<&str> = engine.languages().collect();
            error(&format!(
                "--lang {l}: no loaded pack is in that language (loaded: {}; or auto)",
                known.join(", ")
            ));
            Err(())
        }
    }
}

pub(crate) fn set_color(choice: Color, structured: bool) {
    let on = match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::IsTerminal::is_terminal(&io::stdout())
        }
    };
    colored::control::set_override(on && !structured);
}

/// The given packs after the configuration's; `None` when the configuration cannot be read
/// (said on stderr).
pub(crate) fn packs_and_config(packs: &PackArgs, config: &args::ConfigArgs) -> Option<PackArgs> {
    match check::load_config(config) {
        Ok(c) => Some(check::packs_with_config(packs, &c)),
        Err(e) => {
            error(&e);
            None
        }
    }
}

/// Load the packs (the configuration's too) and compile every rule for `then`; an error (said
/// on stderr) when either fails.
fn with_rules(
    packs: &PackArgs,
    config: &args::ConfigArgs,
    then: impl FnOnce(&Engine, Vec<&tactful::rules::Rule>) -> io::Result<i32>,
) -> io::Result<i32> {
    let Some(packs) = packs_and_config(packs, config) else {
        return Ok(EXIT_ERROR);
    };
    let Ok(engine) = load_engine(&packs) else {
        return Ok(EXIT_ERROR);
    };
    match engine.rules() {
        Ok(all) => then(&engine, all),
        Err(e) => {
            error(&e.to_string());
            Ok(EXIT_ERROR)
        }
    }
}

fn rules(a: args::RulesArgs) -> io::Result<i32> {
    with_rules(&a.packs, &a.config, |engine, all| {
        list_rules(&a, engine, all)
    })
}

/// The packs' rules, then the checks that are no pack's and run for any language.
fn list_rules(
    a: &args::RulesArgs,
    engine: &Engine,
    all: Vec<&tactful::rules::Rule>,
) -> io::Result<i32> {
    let Ok(lang) = resolve_language(engine, a.lang.as_deref().unwrap_or("auto")) else {
        return Ok(EXIT_ERROR);
    };
    let list: Vec<_> = all
        .into_iter()
        .filter(|r| lang.as_ref().is_none_or(|l| &r.info.language == l))
        .collect();
    let checks: Vec<_> = (tactful::checks::ALL.iter())
        .filter(|c| engine.runs(c.id))
        .collect();
    let mut out = io::BufWriter::new(io::stdout().lock());
    match a.format {
        ListFormat::Json => {
            let v: Vec<serde_json::Value> = list
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.info.id, "language": r.info.language, "category": r.info.category,
                        "severity": r.info.severity, "kind": r.info.kind.as_str(),
                        "fixable": r.fixable(), "pack": r.info.pack, "file": r.info.file,
                    })
                })
                .chain(checks.iter().map(|c| {
                    serde_json::json!({
                        "id": c.id, "language": null, "category": c.category,
                        "severity": c.severity.as_str(), "kind": "built-in",
                        "fixable": false, "pack": null, "file": null,
                    })
                }))
                .collect();
            serde_json::to_writer_pretty(&mut out, &v)?;
            writeln!(out)?;
        }
        ListFormat::Text => {
            writeln!(
                out,
                "{:<30} {:<4} {:<12} {:<8} {:<16} {:<8} pack",
                "id", "lang", "category", "severity", "kind", "fixable"
            )?;
            for r in list {
                let i = &r.info;
                writeln!(
                    out,
                    "{:<30} {:<4} {:<12} {:<8} {:<16} {:<8} {}",
                    i.id,
                    i.language,
                    i.category,
                    i.severity.as_str(),
                    i.kind.as_str(),
                    if r.fixable() { "yes" } else { "no" },
                    i.pack
                )?;
            }
            for c in &checks {
                writeln!(
                    out,
                    "{:<30} {:<4} {:<12} {:<8} {:<16} {:<8} -",
                    c.id,
                    "*",
                    c.category,
                    c.severity.as_str(),
                    "built-in",
                    "no"
                )?;
            }
        }
    }
    out.flush()?;
    Ok(EXIT_CLEAN)
}

fn explain(a: ExplainArgs) -> io::Result<i32> {
    with_rules(&a.packs, &a.config, |engine, all| {
        explain_rules(&a, engine, all)
    })
}

fn explain_rules(
    a: &ExplainArgs,
    engine: &Engine,
    all: Vec<&tactful::rules::Rule>,
) -> io::Result<i32> {
    let Ok(lang) = resolve_language(engine, a.lang.as_deref().unwrap_or("auto")) else {
        return Ok(EXIT_ERROR);
    };
    let (found, elsewhere): (Vec<_>, Vec<_>) = all
        .into_iter()
        .filter(|r| r.info.id == a.rule)
        .partition(|r| lang.as_ref().is_none_or(|l| &r.info.language == l));
    if let (true, Some(l)) = (found.is_empty() && !elsewhere.is_empty(), &lang) {
        let languages: Vec<&str> = elsewhere.iter().map(|r| r.info.language.as_str()).collect();
        error(&format!(
            "rule `{}` has no `{l}` version (it is in {})",
            a.rule,
            languages.join(", ")
        ));
        return Ok(EXIT_ERROR);
    }
    if let Some(c) = (tactful::checks::ALL.iter()).find(|c| found.is_empty() && c.id == a.rule) {
        println!(
            "{}\ncategory: {}  severity: {}  fixable: no\n\n{}",
            c.id, c.category, c.severity, c.explanation
        );
        return Ok(EXIT_CLEAN);
    }
    if found.is_empty() {
        let hint = match engine.closest(&a.rule) {
            Some(c) => format!("; did you mean `{c}`?"),
            None => " (see `tactful rules`)".to_string(),
        };
        error(&format!("no rule `{}` is loaded{hint}", a.rule));
        return Ok(EXIT_ERROR);
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    for r in found {
        let i = &r.info;
        writeln!(out, "{} ({}, {})", i.id, i.language, i.pack)?;
        writeln!(
            out,
            "category: {}  severity: {}  kind: {}  fixable: {}",
            i.category,
            i.severity,
            i.kind.as_str(),
            if r.fixable() { "yes" } else { "no" }
        )?;
        writeln!(out, "\n{}\n", i.explanation)?;
        for ex in &r.examples() {
            if let Some(q) = &ex.inquiry {
                writeln!(out, "customer wrote:\n{}\n", indent(q))?;
            }
            if let Some(t) = &ex.fires {
                writeln!(out, "fires on:\n{}\n", indent(t))?;
            }
            match (&ex.fixed, &ex.fires) {
                (Some(t), Some(f)) if t == f => writeln!(out, "fixed: (no automatic fix)\n")?,
                (Some(t), _) => writeln!(out, "fixed:\n{}\n", indent(t))?,
                (None, _) => {}
            }
            if let Some(t) = &ex.silent {
                writeln!(out, "silent on:\n{}\n", indent(t))?;
            }
        }
    }
    out.flush()?;
    Ok(EXIT_CLEAN)
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn test_packs(a: args::TestPacksArgs) -> io::Result<i32> {
    let packs = PackArgs {
        packs: a.paths,
        no_default_packs: a.no_default_packs,
        ..PackArgs::default()
    };
    let Ok(engine) = load_engine(&packs) else {
        return Ok(EXIT_ERROR);
    };
    let report = match run_examples(&engine) {
        Ok(r) => r,
        Err(e) => {
            error(&e.to_string());
            return Ok(EXIT_ERROR);
        }
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    for f in &report.failures {
        writeln!(
            out,
            "FAIL {} ({}, {}): {}",
            f.rule, f.language, f.file, f.problem
        )?;
        writeln!(out, "{}\n", indent(&f.text))?;
    }
    // Examples the language detection takes for another language: a pack's markers are few.
    let mut languages: Vec<&str> = report
        .told_otherwise
        .iter()
        .map(|(l, ..)| l.as_str())
        .collect();
    languages.sort_unstable();
    languages.dedup();
    for language in languages {
        let told: Vec<_> = (report.told_otherwise.iter())
            .filter(|(l, ..)| l == language)
            .collect();
        let (_, text, as_what) = told[0];
        writeln!(
            out,
            "note: {} `{language}` example{} told as another language or none (“{}” as {}); \
             without --lang, check does not apply its rules to such text: add frequent words \
             to the pack's `markers`",
            told.len(),
            if told.len() == 1 { " is" } else { "s are" },
            text.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .chars()
                .take(60)
                .collect::<String>(),
            as_what.as_deref().unwrap_or("none"),
        )?;
    }
    writeln!(
        out,
        "examples: {} passed, {} failed ({} rules)",
        report.passed,
        report.failures.len(),
        engine.rules().map_or(0, |r| r.len())
    )?;
    out.flush()?;
    Ok(if report.failures.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_FINDINGS
    })
}
