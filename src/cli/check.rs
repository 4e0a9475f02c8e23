//! `tactful check`: configuration, inputs (replies, e-mails, collections of canned replies),
//! checking in parallel, and output in the chosen format.

use super::args::{CheckArgs, FailOn, Format, InputKind, Mode, PackArgs};
use super::config::{Config, Settings};
use super::email_input::{self, Loaded};
use super::emit::{self, FileResult, Part, Totals, Unchecked};
use super::formats::{self, RuleMeta};
use super::inputs::{Bytes, Input};
use super::lines::{Carry, LineIndex};
use super::{build_engine, check_names, error, set_color, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use clap::ValueEnum;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::io::{self, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tactful::checks::EMPTY_REPLY;
use tactful::collection::{self, Format as CollectionFormat};
use tactful::pack::PackError;
use tactful::{CheckOptions, Diagnostic, Edit, Engine, Fix, Report, Span};

/// What every input's check shares.
struct Shared<'a> {
    engine: &'a Engine,
    config: &'a Config,
    kind: InputKind,
    mode: Option<Mode>,
    lang: Option<String>,
    inquiry: Option<String>,
    /// When the customer wrote the message given with `--inquiry`, if it says.
    customer_wrote: Option<tactful::dates::Moment>,
    /// The display name of the sender of the e-mail given with `--inquiry`.
    customer_name: Option<String>,
    vocabulary: HashSet<String>,
    variables: Vec<String>,
    /// `--jobs` (0: one thread per core).
    jobs: usize,
}

/// The outcome of one input: its result, or an error message; plus warnings, in order.
struct Outcome {
    result: Option<FileResult>,
    error: Option<Unchecked>,
    warnings: Vec<String>,
}

impl Outcome {
    /// The input `name` could not be checked: `message` (which names it) says why.
    fn error(name: &str, message: String) -> Outcome {
        Outcome {
            result: None,
            error: Some(Unchecked::new(name, message)),
            warnings: Vec::new(),
        }
    }
}

pub fn run(a: CheckArgs) -> io::Result<i32> {
    set_color(a.color, a.format.structured());
    let config = match load_config(&a.config) {
        Ok(c) => c,
        Err(e) => {
            error(&e);
            return Ok(EXIT_ERROR);
        }
    };
    let Ok(engine) = engine_with_config(&a.packs, &config) else {
        return Ok(EXIT_ERROR);
    };
    let fail_on = match (a.fail_on, &config.data.fail_on) {
        (Some(f), _) => f,
        (None, Some(s)) => match FailOn::from_str(s, true) {
            Ok(f) => f,
            Err(_) => {
                error(&format!(
                    "{}: fail-on: `{s}` is not one of error, warning, info, never",
                    config
                        .file
                        .as_deref()
                        .unwrap_or(Path::new("config"))
                        .display()
                ));
                return Ok(EXIT_ERROR);
            }
        },
        (None, None) => FailOn::Warning,
    };
    let lang = a.lang.clone().filter(|l| l != "auto");
    if let Some(l) = &lang {
        if !engine.languages().any(|k| k == l) {
            let known: Vec<&str> = engine.languages().collect();
            error(&format!(
                "--lang {l}: no loaded pack is in that language (loaded: {}; or auto)",
                known.join(", ")
            ));
            return Ok(EXIT_ERROR);
        }
    }
    let Ok(inquiry) = super::inputs::read_inquiry(&engine, a.inquiry.as_deref()) else {
        return Ok(EXIT_ERROR);
    };
    let shared = Shared {
        engine: &engine,
        config: &config,
        kind: a.input,
        mode: a.mode,
        lang,
        customer_wrote: inquiry.as_ref().and_then(|i| i.wrote),
        customer_name: inquiry.as_ref().and_then(|i| i.from_name.clone()),
        inquiry: inquiry.map(|i| i.text),
        vocabulary: config
            .data
            .vocabulary
            .iter()
            .map(|w| w.to_lowercase())
            .collect(),
        variables: config.data.variables.clone(),
        jobs: a.jobs.unwrap_or(0),
    };

    let (inputs, walk_errors) = super::inputs::collect(&a.paths, &config, &a.files);
    // Inputs that could not be checked (each error is printed as it is met).
    let mut unchecked: Vec<Unchecked> = Vec::new();
    for (name, e) in &walk_errors {
        let message = format!("{name}: {e}");
        error(&message);
        unchecked.push(Unchecked::new(name, message));
    }
    // One plain text (a draft, an e-mail) is checked on this thread: there is nothing to share
    // out, and starting threads would only add to a pre-send hook's time.
    let one_text = match inputs.as_slice() {
        [input] => input.format() == CollectionFormat::Text,
        _ => false,
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    // In a format that prints finding by finding (and JSON, whose findings come before its
    // summary), findings are printed as they are found: a long text's section by section, many
    // files a batch at a time. Only the counts are kept.
    let mut printer = printer(a.format).filter(|_| !a.statistics);
    let mut results = Vec::new();
    if one_text {
        let mut stream = printer.as_mut().map(|printer| Stream {
            out: &mut out,
            printer,
            error: None,
        });
        let outcomes: Vec<Outcome> = inputs
            .iter()
            .map(|i| check_input(i, &shared, stream.as_mut()))
            .collect();
        let failed = stream.and_then(|s| s.error);
        take_outcomes(outcomes, &mut results, &mut unchecked);
        note_status_so_far(&results, &unchecked, fail_on);
        if let Some(e) = failed {
            return Err(e);
        }
    } else {
        let pool = super::ordered::pool(a.jobs.unwrap_or(0))?;
        match printer.as_mut() {
            // A few inputs' findings are printed as soon as those before them are, while the
            // pool checks the next ones.
            Some(printer) => {
                let mut failed = None;
                let chunks: Vec<&[Input]> = inputs.chunks(PRINTED_CHUNK).collect();
                let check = |k: usize| -> Vec<Outcome> {
                    chunks[k]
                        .iter()
                        .map(|i| check_input(i, &shared, None))
                        .collect()
                };
                super::ordered::in_order(pool.as_ref(), chunks.len(), 8, check, |_, outcomes| {
                    let from = results.len();
                    take_outcomes(outcomes, &mut results, &mut unchecked);
                    note_status_so_far(&results[from..], &unchecked, fail_on);
                    if let Err(e) = printer.results(&mut out, &results[from..]) {
                        failed = Some(e);
                        return ControlFlow::Break(());
                    }
                    let printed: Vec<FileResult> = results
                        .drain(from..)
                        .map(FileResult::into_printed)
                        .collect();
                    results.extend(printed);
                    ControlFlow::Continue(())
                });
                if let Some(e) = failed {
                    return Err(e);
                }
            }
            None => {
                let check = |i| check_input(i, &shared, None);
                let outcomes: Vec<Outcome> = match &pool {
                    Some(pool) => pool.install(|| inputs.par_iter().map(check).collect()),
                    None => inputs.iter().map(check).collect(),
                };
                take_outcomes(outcomes, &mut results, &mut unchecked);
                note_status_so_far(&results, &unchecked, fail_on);
            }
        }
    }

    let text_format = !a.format.structured();
    if a.statistics && text_format {
        emit::statistics(&mut out, &results)?;
    } else {
        match a.format {
            Format::Full => emit::full(&mut out, &results)?,
            Format::Concise => emit::concise(&mut out, &results)?,
            Format::Json => match printer {
                Some(Printer::Json(written)) => {
                    emit::json_after(&mut out, &results, written, &unchecked)?
                }
                _ => emit::json(&mut out, &results, &unchecked)?,
            },
            Format::Jsonl => formats::jsonl(&mut out, &results)?,
            Format::Github => formats::github(&mut out, &results, &unchecked)?,
            Format::Junit => formats::junit(&mut out, &results, &unchecked, fail_on.threshold())?,
            Format::Checkstyle => formats::checkstyle(&mut out, &results, &unchecked)?,
            Format::Rdjson => formats::rdjson(&mut out, &results, &unchecked)?,
            Format::Gitlab => formats::gitlab(&mut out, &results, &unchecked)?,
            Format::Sarif => {
                let metas: Vec<RuleMeta> = match engine.rules() {
                    Ok(rules) => rules
                        .iter()
                        .map(|r| RuleMeta {
                            id: r.info.id.to_string(),
                            category: r.info.category.to_string(),
                            severity: r.info.severity,
                            message: r.info.message.clone(),
                            explanation: r.info.explanation.clone(),
                            language: r.info.language.to_string(),
                        })
                        .collect(),
                    Err(e) => {
                        error(&e.to_string());
                        return Ok(EXIT_ERROR);
                    }
                };
                formats::sarif(&mut out, &results, &metas, &unchecked)?;
            }
        }
        if a.statistics {
            let mut err = io::stderr().lock();
            emit::statistics(&mut err, &results)?;
        }
    }
    if text_format && !a.quiet {
        emit::summary(&mut out, &results, unchecked.len())?;
    }
    out.flush()?;
    let findings = emit::has_findings(&results, fail_on);
    // The process ends here: freeing the findings and the compiled packs piece by piece would
    // only delay the exit.
    std::mem::forget(results);
    std::mem::forget(engine);
    Ok(if !unchecked.is_empty() {
        EXIT_ERROR
    } else if findings {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

/// The configuration: none (`isolated`), the given file, or the nearest `.tactful.yml` upwards.
pub(crate) fn load_config(args: &super::args::ConfigArgs) -> Result<Config, String> {
    if args.isolated {
        Ok(Config::default())
    } else if let Some(file) = &args.config {
        Config::load(file)
    } else {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        Config::discover(&cwd)
    }
}

/// The command line's packs after the configuration's (`packs`, `no-default-packs`).
pub(crate) fn packs_with_config(given: &PackArgs, config: &Config) -> PackArgs {
    let mut packs = given.clone();
    let mut pack_paths = config.pack_paths();
    pack_paths.append(&mut packs.packs);
    packs.packs = pack_paths;
    packs.no_default_packs |= config.data.no_default_packs;
    packs
}

/// The engine for the command line's pack options merged with the configuration's
/// (errors are reported).
pub(crate) fn engine_with_config(given: &PackArgs, config: &Config) -> Result<Engine, ()> {
    let mut packs = packs_with_config(given, config);
    if packs.select.is_empty() {
        packs.select = config.data.select.clone();
    }
    packs.ignore.extend(config.data.ignore.iter().cloned());
    let engine = build_engine(&packs)?;
    // Every rule name given, on the command line and in the configuration, must be known.
    let file = config
        .file
        .as_ref()
        .map_or_else(|| "configuration".to_string(), |f| f.display().to_string());
    let mut checks = vec![
        check_names(&engine, "--select", &given.select),
        check_names(&engine, "--ignore", &given.ignore),
    ];
    let settings = std::iter::once(config.data.settings())
        .chain(config.data.overrides.iter().map(|o| o.settings()));
    for s in settings {
        if let Some(l) = s.lang.as_deref().filter(|&l| l != "auto") {
            if !engine.languages().any(|k| k == l) {
                let known: Vec<&str> = engine.languages().collect();
                error(&format!(
                    "{file}: lang: `{l}`: no loaded pack is in that language (loaded: {}; or auto)",
                    known.join(", ")
                ));
                checks.push(Err(()));
            }
        }
        let severity: Vec<String> = s.severity.keys().cloned().collect();
        checks.push(check_names(&engine, &format!("{file}: select:"), &s.select));
        checks.push(check_names(&engine, &format!("{file}: ignore:"), &s.ignore));
        checks.push(check_names(
            &engine,
            &format!("{file}: severity:"),
            &severity,
        ));
    }
    checks.into_iter().collect::<Result<Vec<()>, ()>>()?;
    Ok(engine)
}

/// Record the exit code that `results` and `unchecked` call for, in case the output breaks off.
fn note_status_so_far(results: &[FileResult], unchecked: &[Unchecked], fail_on: FailOn) {
    if !unchecked.is_empty() {
        super::note_status(EXIT_ERROR);
    } else if emit::has_findings(results, fail_on) {
        super::note_status(EXIT_FINDINGS);
    }
}

/// How many inputs a thread checks at a time, in a format that prints finding by finding: few
/// enough that their findings come soon, enough that handing them over costs little. Eight
/// such chunks per thread may wait to be printed, so that the threads never wait for this one.
const PRINTED_CHUNK: usize = 16;

/// Print the outcomes' warnings and errors, and add their results to `results` and the inputs
/// that could not be checked to `unchecked`.
fn take_outcomes(
    outcomes: impl IntoIterator<Item = Outcome>,
    results: &mut Vec<FileResult>,
    unchecked: &mut Vec<Unchecked>,
) {
    for o in outcomes {
        for w in &o.warnings {
            let _ = writeln!(io::stderr(), "tactful: warning: {w}");
        }
        if let Some(e) = o.error {
            error(&e.error);
            unchecked.push(e);
        }
        results.extend(o.result);
    }
}

/// Where the findings of a long text go as its sections are checked.
struct Stream<'o> {
    out: &'o mut dyn Write,
    printer: &'o mut Printer,
    /// The first error writing (checking stops there).
    error: Option<io::Error>,
}

/// How findings are printed as they are found.
enum Printer {
    /// A format that prints finding by finding.
    Each(emit::PartPrinter),
    /// `--format json`: its findings, then (at the end) the summary.
    Json(emit::JsonWriter),
}

impl Printer {
    /// Print the findings of one part of an input.
    fn part(
        &mut self,
        out: &mut dyn Write,
        path: &str,
        part: &Part,
        idx: &LineIndex,
    ) -> io::Result<()> {
        match self {
            Printer::Each(print) => print(out, path, part, idx),
            Printer::Json(written) => written.part(out, path, part, idx),
        }
    }

    /// Print the findings of every part of the results.
    fn results(&mut self, out: &mut dyn Write, results: &[FileResult]) -> io::Result<()> {
        for r in results {
            for part in r.parts() {
                self.part(out, &r.path, &part, &LineIndex::new(part.text))?;
            }
        }
        Ok(())
    }
}

/// The printer of a format that can print findings as they are found.
fn printer(format: Format) -> Option<Printer> {
    let each = match format {
        Format::Full => emit::full_part,
        Format::Concise => emit::concise_part,
        Format::Jsonl => formats::jsonl_part,
        Format::Github => formats::github_part,
        Format::Json => return Some(Printer::Json(emit::JsonWriter::default())),
        _ => return None,
    };
    Some(Printer::Each(each))
}

fn check_input(input: &Input, shared: &Shared, stream: Option<&mut Stream>) -> Outcome {
    let name = input.name();
    let path = input.path().unwrap_or(Path::new("-"));
    let settings = shared.config.settings_for(path);
    let language = shared
        .lang
        .clone()
        .or_else(|| settings.lang.clone().filter(|l| l != "auto"));
    let format = input.format();
    let is_collection = format != CollectionFormat::Text;
    let template = match shared.mode.or(settings.mode) {
        Some(Mode::Template) => true,
        Some(Mode::Draft) => false,
        None => is_collection,
    };
    let options = CheckOptions {
        language: language.as_deref(),
        inquiry: shared.inquiry.as_deref(),
        template: template.then_some(shared.variables.as_slice()),
        // A reply checked is about to be sent (an e-mail's `Date:` says when, below).
        sent_at: (!template).then(tactful::dates::now),
        customer_wrote: shared.customer_wrote,
        sender: Default::default(),
        recipient: shared.customer_name.as_deref(),
    };
    let bytes = match input.read_or_map() {
        Ok(bytes) => bytes,
        Err(e) => return Outcome::error(&name, format!("{name}: {e}")),
    };
    if let Some(why) = input.skip_reason(&bytes) {
        return Outcome {
            result: None,
            error: None,
            warnings: vec![format!("{name}: {why}; skipped")],
        };
    }
    let outcome = if is_collection {
        // A file named on the command line, or standard input standing for one.
        let named = matches!(input, Input::File(_) | Input::Stdin(_));
        check_collection(
            bytes.into_vec(),
            &name,
            named,
            format,
            &settings,
            &options,
            shared,
        )
    } else {
        check_text(input, bytes, &name, &options, &settings, shared, stream)
    };
    match outcome {
        Ok((mut result, warnings)) => {
            let finish = |ds: Vec<Diagnostic>| finish(ds, &settings, shared);
            result.diagnostics = finish(std::mem::take(&mut result.diagnostics));
            if let Some(s) = result.subject.as_mut() {
                s.diagnostics = finish(std::mem::take(&mut s.diagnostics));
            }
            Outcome {
                result: Some(result),
                error: None,
                warnings,
            }
        }
        Err(e) => Outcome::error(&name, e),
    }
}

/// Per-file select/ignore and severities, and the team's vocabulary; sorted.
fn finish(diagnostics: Vec<Diagnostic>, settings: &Settings, shared: &Shared) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| settings.keeps(&d.rule, &d.category))
        .filter(|d| {
            shared.vocabulary.is_empty() || !shared.vocabulary.contains(&d.text.to_lowercase())
        })
        .map(|mut d| {
            if let Some(s) = settings.severity(&d.rule, &d.category) {
                d.severity = s;
            }
            d
        })
        .collect();
    tactful::diagnostic::sort(&mut out);
    out
}

/// A reply or an e-mail.
fn check_text(
    input: &Input,
    bytes: Bytes,
    name: &str,
    options: &CheckOptions,
    settings: &Settings,
    shared: &Shared,
    mut stream: Option<&mut Stream>,
) -> Result<(FileResult, Vec<String>), String> {
    let is_eml = input.is_eml();
    // A long file, mapped, of plain UTF-8 text: checked and printed where it lies.
    if let (Bytes::Mapped(map), Some(stream)) = (&bytes, stream.as_deref_mut()) {
        if !email_input::is_email(map, shared.kind, is_eml) && !super::inputs::is_utf16(map) {
            let text = super::inputs::decode_utf8(map).map_err(|e| e.about(name))?;
            let result = print_sections(text, name, options, settings, shared, stream)
                .map_err(|e| e.to_string())?;
            return Ok((result, Vec::new()));
        }
    }
    let bytes = bytes.into_vec();
    let utf16 = super::inputs::is_utf16(&bytes);
    let mut loaded: Loaded =
        email_input::decode(bytes, shared.kind, is_eml).map_err(|e| e.about(name))?;
    let message = loaded.message.take();
    let parties = std::mem::take(&mut loaded.parties);
    let options = &CheckOptions {
        sent_at: options.sent_at.map(|now| loaded.date.unwrap_or(now)),
        sender: parties.sender(),
        recipient: parties.to_name.as_deref().or(options.recipient),
        ..*options
    };
    let mut warnings: Vec<String> = loaded
        .warnings
        .iter()
        .map(|w| format!("{name}: {w}"))
        .collect();
    let long = loaded.text.len() > tactful::sections::SECTIONED_FROM;
    let decoded = utf16 || (loaded.email && message.is_none());
    if let Some(stream) = stream.filter(|_| long && message.is_none() && loaded.subject.is_none()) {
        let mut result = print_sections(&loaded.text, name, options, settings, shared, stream)
            .map_err(|e| e.to_string())?;
        result.decoded = decoded;
        return Ok((result, warnings));
    }
    let check_text = |text: &str| {
        let mut report = Report::default();
        check_in_sections(text, options, shared, |section, _| {
            report.language = report.language.take().or(section.language);
            report.diagnostics.extend(section.diagnostics);
            ControlFlow::Continue(())
        })?;
        Ok(report)
    };
    let mut result =
        email_input::check(shared.engine, name.to_string(), loaded, options, check_text)
            .map_err(|e| e.to_string())?;
    result.decoded = decoded;
    warnings.extend(not_checked_result(shared.engine, &result, name, NAME_IT));
    if let Some((message, place)) = message {
        let at = place.offsets(&result.text);
        for d in &mut result.diagnostics {
            d.map_offsets(&at);
        }
        result.text = message;
    }
    Ok((result, warnings))
}

/// Check a text's sections ([`tactful::sections`]; one for a text up to 4 MiB), `--jobs` at a
/// time, handing each section's report and span to `each` in order. Stops when `each` breaks.
fn check_in_sections(
    text: &str,
    options: &CheckOptions,
    shared: &Shared,
    mut each: impl FnMut(Report, Span) -> ControlFlow<()>,
) -> Result<(), PackError> {
    let sections = tactful::sections::sections(text);
    if let [whole] = sections[..] {
        let _ = each(
            shared.engine.check_section(text, &sections, 0, options)?,
            whole,
        );
        return Ok(());
    }
    // Within the pool that checks many files, the sections share its threads; a text checked
    // alone gets threads of its own.
    let check = |k: usize| shared.engine.check_section(text, &sections, k, options);
    if rayon::current_thread_index().is_some() {
        // A batch at a time: a thread of the pool must not wait for the others.
        let threads = rayon::current_num_threads();
        for start in (0..sections.len()).step_by(threads.max(1)) {
            let batch = start..(start + threads).min(sections.len());
            let reports: Vec<_> = batch.clone().into_par_iter().map(check).collect();
            for (report, k) in reports.into_iter().zip(batch) {
                if each(report?, sections[k]).is_break() {
                    return Ok(());
                }
            }
        }
        return Ok(());
    }
    // A pool checks sections ahead while this thread hands out the reports in order; without
    // threads to spare (or when none start) this thread checks them.
    let pool = super::ordered::pool(shared.jobs).ok().flatten();
    let mut failed = None;
    super::ordered::in_order(
        pool.as_ref(),
        sections.len(),
        2,
        check,
        |k, report| match report {
            Ok(report) => each(report, sections[k]),
            Err(e) => {
                failed = Some(e);
                ControlFlow::Break(())
            }
        },
    );
    failed.map_or(Ok(()), Err)
}

/// Check a long text section by section, printing each section's findings as it is checked.
fn print_sections(
    text: &str,
    name: &str,
    options: &CheckOptions,
    settings: &Settings,
    shared: &Shared,
    stream: &mut Stream,
) -> Result<FileResult, PackError> {
    let mut printed = Totals::default();
    let mut language = None;
    // Lines are indexed a section at a time (a long text has a great many).
    let mut carry = Carry::default();
    check_in_sections(text, options, shared, |report, span| {
        let idx = LineIndex::section(text, span.start..span.end, carry);
        carry = idx.carry(text);
        language = language.take().or(report.language);
        let diagnostics = finish(report.diagnostics, settings, shared);
        for d in &diagnostics {
            printed.count(d);
        }
        let part = Part {
            name: "body",
            text,
            diagnostics: &diagnostics,
        };
        match stream.printer.part(stream.out, name, &part, &idx) {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => {
                stream.error = Some(e);
                ControlFlow::Break(())
            }
        }
    })?;
    Ok(FileResult {
        path: name.to_string(),
        text: String::new(),
        language,
        diagnostics: Vec::new(),
        subject: None,
        printed,
        decoded: false,
    })
}

/// A collection of canned replies: each entry checked on its own, positions mapped to the file.
fn check_collection(
    bytes: Vec<u8>,
    name: &str,
    named: bool,
    format: CollectionFormat,
    settings: &Settings,
    options: &CheckOptions,
    shared: &Shared,
) -> Result<(FileResult, Vec<String>), String> {
    let decoded = super::inputs::is_utf16(&bytes);
    let source = super::inputs::decode(bytes).map_err(|e| e.about(name))?;
    let found = collection_findings(
        shared.engine,
        &source,
        format,
        &collection_options(settings),
        options,
    )
    .map_err(|e| format!("{name}:{e}"))?;
    let warnings = collection_warnings(shared.engine, name, named, format, &source, &found)?;
    Ok((
        FileResult {
            path: name.to_string(),
            text: source,
            language: found.language,
            diagnostics: found.diagnostics,
            subject: None,
            printed: Totals::default(),
            decoded,
        },
        warnings,
    ))
}

/// The warnings about a checked collection: entries in a language no pack has, and a library
/// none of whose fields tactful reads as reply text (an error for a file named on the command
/// line, `named`; a warning for one found in a folder, which may be some other YAML).
pub(crate) fn collection_warnings(
    engine: &Engine,
    name: &str,
    named: bool,
    format: CollectionFormat,
    source: &str,
    found: &CollectionFindings,
) -> Result<Vec<String>, String> {
    let mut warnings = Vec::new();
    if found.undetermined > 0 {
        let n = found.undetermined;
        let (entries, is) = if n == 1 {
            ("entry", "its language is")
        } else {
            ("entries", "their language is")
        };
        warnings.push(format!(
            "{name}: {n} {entries} not checked: {}",
            undetermined(
                engine,
                is,
                &format!("{NAME_IT}, or a record's `lang` field")
            )
        ));
    }
    if found.texts == 0
        && matches!(format, CollectionFormat::Yaml | CollectionFormat::Json)
        && !source.trim().is_empty()
    {
        let message = format!(
            "{name}: no reply text found (tactful reads the fields {}, Zendesk macros, and \
             lists or maps of strings); name the fields with `text-fields` in the configuration",
            collection::TEXT_FIELDS.join(", ")
        );
        if named {
            return Err(message);
        }
        warnings.push(message);
    }
    Ok(warnings)
}

/// The findings of a piece of a collection and the languages of its entries.
type PieceFindings = (Vec<Diagnostic>, Vec<String>);

/// The findings of a collection's pieces, gathered in the order of the pieces' indices while
/// they are checked in parallel.
#[derive(Default)]
struct Gathered {
    diagnostics: Vec<Diagnostic>,
    /// Per piece, in index order: where its findings end in `diagnostics`, and the languages
    /// of its entries or its error.
    pieces: Vec<(usize, Result<Vec<String>, String>)>,
    /// Pieces checked before one with a lower index.
    early: BTreeMap<usize, Result<PieceFindings, String>>,
}

impl Gathered {
    /// Add checked pieces, by index.
    fn add(&mut self, checked: Vec<(usize, Result<PieceFindings, String>)>) {
        self.early.extend(checked);
        while let Some(checked) = self.early.remove(&self.pieces.len()) {
            let languages = checked.map(|(found, languages)| {
                self.diagnostics.extend(found);
                languages
            });
            self.pieces.push((self.diagnostics.len(), languages));
        }
    }

    /// The findings of the pieces in `order` (usually all of them, in index order) and their
    /// languages; the first error in that order.
    fn finish(mut self, order: &[usize]) -> Result<PieceFindings, String> {
        let mut languages = Vec::new();
        for &i in order {
            languages.append(self.pieces[i].1.as_mut().map_err(std::mem::take)?);
        }
        if order.iter().copied().eq(0..self.pieces.len()) {
            return Ok((self.diagnostics, languages));
        }
        let mut all = self.diagnostics.into_iter();
        let mut start = 0;
        let mut by_piece: Vec<Vec<Diagnostic>> = (self.pieces.iter())
            .map(|&(end, _)| {
                let found = all.by_ref().take(end - start).collect();
                start = end;
                found
            })
            .collect();
        let diagnostics = order
            .iter()
            .flat_map(|&i| std::mem::take(&mut by_piece[i]))
            .collect();
        Ok((diagnostics, languages))
    }
}

/// How to read collections, from the settings for a file.
pub(crate) fn collection_options(settings: &Settings) -> collection::Options {
    collection::Options {
        text_fields: settings.text_fields.clone(),
        csv_column: settings.csv_column.clone(),
        inquiry_field: settings.inquiry_field.clone(),
        markdown_split: settings.markdown_split,
    }
}

/// The warning for a text with words in a language no pack has rules for (so not checked), if
/// it is: one none of them could be told from, or one only told apart (Dutch, Bulgarian).
/// `how` says how to name the language where the text comes from.
pub(crate) fn not_checked_result(
    engine: &Engine,
    result: &FileResult,
    name: &str,
    how: &str,
) -> Option<String> {
    if result.diagnostics.iter().any(|d| d.rule == EMPTY_REPLY.id) {
        return None;
    }
    not_checked(engine, result.language.as_deref(), &result.text, name, how)
}

/// [`not_checked_result`] for a text checked in `language` (`None`: none could be told).
pub(crate) fn not_checked(
    engine: &Engine,
    language: Option<&str>,
    text: &str,
    name: &str,
    how: &str,
) -> Option<String> {
    let what = match language {
        None => "its language is".to_string(),
        Some(l) if !engine.languages().any(|k| k == l) => format!("its language ({l}) is"),
        Some(_) => return None,
    };
    (text.chars().any(char::is_alphabetic))
        .then(|| format!("{name}: not checked: {}", undetermined(engine, &what, how)))
}

/// Why a text was not checked when its language is none of the packs': "`what` none of en,
/// de, ru, et …".
fn undetermined(engine: &Engine, what: &str, how: &str) -> String {
    let known: Vec<&str> = engine.languages().collect();
    format!("{what} none of {} (name it with {how})", known.join(", "))
}

/// How to name a text's language where the configuration is read.
pub(crate) const NAME_IT: &str = "--lang, or `lang:` in the configuration's overrides";

/// What checking a collection found.
pub(crate) struct CollectionFindings {
    /// In file positions and named by entry (inline suppressions applied).
    pub diagnostics: Vec<Diagnostic>,
    /// The most common language of the entries.
    pub language: Option<String>,
    /// How many entries held text.
    pub texts: usize,
    /// How many of them were in a language no pack has, and so not checked.
    pub undetermined: usize,
}

/// The findings of every entry of a collection. An error reads `LINE:COL: message`.
pub(crate) fn collection_findings(
    engine: &Engine,
    source: &str,
    format: CollectionFormat,
    copts: &collection::Options,
    options: &CheckOptions,
) -> Result<CollectionFindings, String> {
    // On a pool's threads, the file is read by whichever thread is free, a batch of pieces at
    // a time, while the pieces read so far are checked (batches keep the threads from waiting
    // on each other). Outside a pool, one thread was asked for: this one.
    let mut pieces = collection::pieces(source, format, copts);
    let batches = std::iter::from_fn(|| {
        let batch: Vec<collection::Piece> = pieces.by_ref().take(32).collect();
        (!batch.is_empty()).then_some(batch)
    });
    let gathered = Mutex::new(Gathered::default());
    let check_batch = |batch: Vec<collection::Piece>| {
        let checked = batch
            .into_iter()
            .map(|piece| (piece.index(), check_piece(engine, piece, options)))
            .collect();
        gathered.lock().expect("not poisoned").add(checked);
    };
    if rayon::current_thread_index().is_some() {
        batches.par_bridge().for_each(check_batch);
    } else {
        batches.for_each(check_batch);
    }
    let order = pieces
        .finish()
        .map_err(|e| format!("{}:{}: {}", e.line, e.column, e.message))?;
    let gathered = gathered.into_inner().expect("not poisoned");
    let (mut diagnostics, mut languages) = gathered.finish(&order)?;
    tactful::diagnostic::sort(&mut diagnostics);
    languages.sort();
    // Entries in a language no pack has are listed as "", first.
    let undetermined = languages.iter().take_while(|l| l.is_empty()).count();
    Ok(CollectionFindings {
        diagnostics,
        language: most_common(&languages[undetermined..]),
        texts: languages.len(),
        undetermined,
    })
}

/// Check each entry of a piece on its own, positions mapped to the file.
fn check_piece(
    engine: &Engine,
    piece: collection::Piece,
    options: &CheckOptions,
) -> Result<PieceFindings, String> {
    let entries = piece.entries();
    let mut diagnostics = Vec::new();
    let mut languages = Vec::with_capacity(entries.len());
    for entry in entries {
        // The customer's message the entry answers, and the language its record gives (over
        // --lang), when the file holds them.
        let options = CheckOptions {
            inquiry: entry.inquiry.as_deref().or(options.inquiry),
            language: entry.language.as_deref().or(options.language),
            ..*options
        };
        let report = engine
            .check(&entry.text, &options)
            .map_err(|e| e.to_string())?;
        let empty = report.diagnostics.iter().any(|d| d.rule == EMPTY_REPLY.id);
        diagnostics.extend(report.diagnostics.into_iter().map(|mut d| {
            let range = d.span.start..d.span.end;
            d.span = match entry.file_range(range.clone()) {
                Some(r) => Span::new(r.start, r.end),
                None => Span::new(
                    entry.to_file_offset(range.start),
                    entry.to_file_end(range.end),
                ),
            };
            d.fix = d.fix.and_then(|f| map_fix(f, &entry));
            d.entry = entry.name.clone();
            d
        }));
        // A language no pack has (told, or given by the record) is listed as "".
        match report
            .language
            .filter(|l| engine.languages().any(|k| k == l))
        {
            Some(l) => languages.push(l),
            None if !empty && entry.text.chars().any(char::is_alphabetic) => {
                languages.push(String::new())
            }
            None => {}
        }
    }
    Ok((diagnostics, languages))
}

/// A fix in file positions, when every edit covers the file's own bytes and its replacement
/// can be written there (escaped as the entry's string needs).
fn map_fix(fix: Fix, entry: &collection::Entry) -> Option<Fix> {
    let mut edits = Vec::with_capacity(fix.edits.len());
    for e in fix.edits {
        let r = entry.edit_range(e.start..e.end)?;
        edits.push(Edit {
            start: r.start,
            end: r.end,
            replacement: entry.encode(&e.replacement, e.start..e.end)?,
        });
    }
    Some(Fix {
        applicability: fix.applicability,
        edits,
    })
}

fn most_common(sorted: &[String]) -> Option<String> {
    let mut best: Option<(&String, usize)> = None;
    let mut i = 0;
    while i < sorted.len() {
        let n = sorted[i..].iter().take_while(|x| **x == sorted[i]).count();
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((&sorted[i], n));
        }
        i += n;
    }
    best.map(|(l, _)| l.clone())
}
