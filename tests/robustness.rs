//! Fuzzing on stable Rust: the properties of the `fuzz/` targets, fed with random mutations of the
//! project's own texts for a fixed time budget, plus a regression test for every input it (or
//! cargo-fuzz) ever found.
//!
//! ```sh
//! FUZZ_SECONDS=600 cargo test --release --test robustness -- --ignored --nocapture
//! ```
//!
//! A crash prints the input's file under `target/fuzz-crashes/`; turn it into a named test below.
//! Inputs that took over a second are kept there too, as `slowest-*`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tactful::collection::{self, Format};
use tactful::fix::fix_text;
use tactful::{Applicability, CheckOptions, Engine, Report};

mod common;
use common::engine;

/// Spans inside the text on character boundaries, edits too; diagnostics in order.
fn assert_sound(text: &str, report: &Report) {
    let mut last: Option<(usize, usize, &str)> = None;
    for d in &report.diagnostics {
        assert!(
            d.span.start <= d.span.end && d.span.end <= text.len(),
            "span {:?} of {} outside the text",
            d.span,
            d.rule
        );
        assert!(
            text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end),
            "span {:?} of {} not on character boundaries",
            d.span,
            d.rule
        );
        for e in d.fix.iter().flat_map(|f| &f.edits) {
            assert!(
                e.start <= e.end && e.end <= text.len(),
                "{e:?} of {}",
                d.rule
            );
            assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
        }
        let key = d.sort_key();
        assert!(last.is_none_or(|l| l <= key), "diagnostics out of order");
        last = Some(key);
    }
}

/// The `check` fuzz target: every language and detection, alone and with itself as inquiry.
fn check_property(text: &str) {
    for language in [None, Some("en"), Some("de"), Some("ru"), Some("et")] {
        for inquiry in [None, Some(text)] {
            let options = CheckOptions {
                language,
                inquiry,
                ..CheckOptions::default()
            };
            let report = engine()
                .check(text, &options)
                .expect("built-in packs compile");
            assert_sound(text, &report);
        }
    }
}

/// The `fix` fuzz target: fixing the fixed text again changes nothing.
fn fix_property(text: &str) {
    let options = CheckOptions::default();
    let once = fix_text(engine(), text, &options, Applicability::Unsafe).expect("packs compile");
    if !once.converged {
        return;
    }
    let twice =
        fix_text(engine(), &once.text, &options, Applicability::Unsafe).expect("packs compile");
    assert_eq!(
        once.text, twice.text,
        "fixing twice differs from fixing once"
    );
}

/// The `pack` fuzz target: a pack either fails with an error or loads, compiles and checks.
fn pack_property(source: &str) {
    if tactful::pack::parse_pack("fuzz.yaml", source).is_err() {
        return;
    }
    let Ok(engine) = Engine::builder().pack("fuzz.yaml", source).build() else {
        return;
    };
    let _ = engine.rules();
    let _ = engine.check(
        "Hi Sam,\n\nCalm down, it works ASAP.\n",
        &CheckOptions::default(),
    );
}

/// The `email` fuzz target: any bytes decode, and the decoded parts check soundly.
fn email_property(bytes: &[u8]) {
    let _ = tactful::email::looks_like_email(bytes);
    let email = tactful::email::parse(bytes);
    let report = engine()
        .check(&email.body, &CheckOptions::default())
        .expect("packs compile");
    assert_sound(&email.body, &report);
}

/// The `collection` fuzz target: a collection file in any format parses or fails with an error;
/// each entry maps back into the file as promised and checks soundly as a template.
fn collection_property(source: &str, format: Format) {
    let Ok(entries) = collection::parse(source, format, &collection::Options::default()) else {
        return;
    };
    for e in &entries {
        if let Some(problem) = e.mapping_error(source) {
            panic!("{problem}");
        }
        let options = CheckOptions {
            template: Some(&[]),
            ..CheckOptions::default()
        };
        let report = engine().check(&e.text, &options).expect("packs compile");
        assert_sound(&e.text, &report);
    }
}

/// Collection files of each format around a text, to seed the `collection` target.
fn collection_seeds(texts: &[String]) -> Vec<(String, Format)> {
    let mut seeds = Vec::new();
    for (i, text) in texts.iter().enumerate().take(40) {
        let indented: String = text.lines().map(|l| format!("      {l}\n")).collect();
        seeds.push((
            format!("replies:\n  - name: \"Reply {i}\"\n    body: |\n{indented}  - text: x\n"),
            Format::Yaml,
        ));
        let json = serde_json::json!({"replies": [{"name": format!("Reply {i}"), "body": text}]});
        seeds.push((json.to_string(), Format::Json));
        seeds.push((
            format!("id,body\n{i},\"{}\"\n", text.replace('"', "\"\"")),
            Format::Csv,
        ));
        seeds.push((
            format!("# Reply {i}\n\n{text}\n## More\n\n`x` [a](b)\n"),
            Format::Markdown,
        ));
        seeds.push((
            format!("<p>{}</p><!-- c -->", text.replace('\n', "<br>")),
            Format::Html,
        ));
    }
    seeds
}

// ---------------------------------------------------------------------------------------------
// Regression tests: inputs that once broke a property. Name each after what it pins.

#[test]
fn mixed_scripts_caps_and_apostrophes_check_soundly() {
    for text in [
        "HELLO'",
        "D'O",
        "xA'BC",
        "É\u{301}COLE IS CLOSED",
        "ŠTO ЭТО NOT OK’S",
        "İSTANBUL İS CLOSED, CALM DOWN",
    ] {
        check_property(text);
    }
}

/// Found by `fuzz_for_a_while`: `is_list_item` sliced one byte past a multi-byte bullet
/// (`•`, `–`) at the start of a line.
#[test]
fn lines_starting_with_a_multibyte_bullet_or_dash_do_not_panic() {
    for text in [
        "–16.",
        "• ",
        "Hi Anna,\n\nSteps:\n• restart it\n– then wait.\n",
        "Tere!\n\n– saatsin sulle uue parooli lingi, MIS KEHTIB 24 tundi.",
    ] {
        check_property(text);
        fix_property(text);
    }
}

/// Found by `fuzz_for_a_while`: the abbreviation test before a `.` assumed the white space in
/// front of the word was one byte (U+2028, a no-break space).
#[test]
fn multibyte_white_space_before_an_abbreviation_does_not_panic() {
    for text in [
        "Tere, Tiit!\n\nSee on\u{2028}valmis. Aitäh.",
        "Call\u{a0}Dr. Lee today. Thanks.",
        "a\u{2028}b. C",
        "x\u{3000}e.g. this",
    ] {
        check_property(text);
        fix_property(text);
    }
}

/// Found by cargo-fuzz (`collection`, out of memory): in a stream of JSON values, a number
/// ran on into the `[` after it, and the `]` left over was read as an empty value again and
/// again.
#[test]
fn a_json_number_followed_by_a_list_ends_at_the_list() {
    for source in ["4[]", "4{}", "1 [\"a\"] 2", "true[null]", "[1]2"] {
        collection_property(source, Format::Json);
    }
    let entries = collection::parse(
        "4[\"Thanks\"]",
        Format::Json,
        &collection::Options::default(),
    )
    .expect("two JSON values");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].text, "Thanks");
}

// ---------------------------------------------------------------------------------------------
// The mutator.

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Pieces that exercise the parsers: quotes, placeholders, code, signatures, odd Unicode, and
/// the syntax of collection files.
const SNIPPETS: &[&str] = &[
    "\"",
    "\\",
    "\\u00fc",
    "\\ud83d\\ude00",
    "{",
    "}",
    "[",
    "]",
    ", ",
    ": ",
    "\n  - ",
    "|\n",
    ">-\n",
    "&amp;",
    "<br>",
    "<p>",
    "{{",
    "}}",
    "{{name}}",
    "{%x%}",
    "%{ticket.number}",
    "${",
    "[Customer Name]",
    "<ORDER_ID>",
    "XXX",
    "___",
    ">",
    "> ",
    "\n> Where is it?\n",
    "\r\n",
    "\r",
    "\n\n",
    "`",
    "```",
    "```\ncode\n",
    "-- \n",
    "--\n",
    "Sent from my iPhone\n",
    "-----Original Message-----\nFrom: A\nSent: B\n\n",
    "On Mon, 3 Feb 2025, Anna <a@b.c> wrote:\n",
    "Hi Sam,\n",
    "Best regards,\nSam\n",
    "?",
    "?!",
    "!!",
    "...",
    "…",
    "Dr. ",
    "e.g. ",
    "CALM DOWN",
    "PLEASE DO NOT",
    "RMA",
    "L2",
    "ASAP",
    "Успокойтесь, ",
    "Здравствуйте!\n",
    "ёлка",
    "Überhaupt",
    "ẞ",
    "İ",
    "ǅ",
    "ﬃ",
    "Σ",
    "\u{301}",
    "\u{308}",
    "\u{200d}",
    "\u{200b}",
    "\u{202e}",
    "\u{2028}",
    "\u{feff}",
    "\u{0}",
    "\t",
    "’",
    "'",
    "😀",
    "👩‍👩‍👧",
    "https://x.io/a?b=c",
    "a@b.co",
    "@acme ",
    "1) ",
    "- ",
    "• ",
    "(",
    ")",
    "\"",
    "«",
    "»",
    "„",
    "“",
    "”",
    "ӀӀ",
    "ß",
    "õ",
    "š",
    "ž",
];

fn char_floor(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn mutate(rng: &mut XorShift, seeds: &[String], text: &str) -> String {
    let mut s = text.to_string();
    for _ in 0..1 + rng.below(8) {
        let at = char_floor(&s, rng.below(s.len() + 1));
        match rng.below(10) {
            0 | 1 => {
                let snippet: &&str = rng.pick(SNIPPETS);
                s.insert_str(at, snippet);
            }
            2 => {
                let end = char_floor(&s, at + rng.below(64));
                s.replace_range(at..end, "");
            }
            3 => {
                // A byte edit; invalid UTF-8 becomes U+FFFD, as a lossy reader would make it.
                let mut bytes = s.into_bytes();
                if !bytes.is_empty() {
                    let i = rng.below(bytes.len());
                    bytes[i] = rng.next() as u8;
                }
                s = String::from_utf8_lossy(&bytes).into_owned();
            }
            4 => {
                let other = rng.pick(seeds);
                let a = char_floor(other, rng.below(other.len() + 1));
                let b = char_floor(other, a + rng.below(400));
                s.insert_str(at, &other[a..b]);
            }
            5 => {
                let end = char_floor(&s, at + rng.below(200));
                let piece = s[at..end].to_string();
                s.insert_str(at, &piece);
            }
            6 => {
                // A very long line.
                let word = rng.pick(&["calm down ", "X", "ПОЖАЛУЙСТА ", "a", "{{", "> ", "?"]);
                s.insert_str(at, &word.repeat(1 + rng.below(5000)));
            }
            7 => s = s.replace('\n', "\r\n"),
            8 => {
                let up = rng.below(2) == 0;
                let end = char_floor(&s, at + rng.below(100));
                let piece = if up {
                    s[at..end].to_uppercase()
                } else {
                    s[at..end].to_lowercase()
                };
                s.replace_range(at..end, &piece);
            }
            _ => s.truncate(at),
        }
    }
    s
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

fn read_all(paths: &[PathBuf]) -> Vec<String> {
    let mut v: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect();
    v.sort();
    v
}

fn save_crash(kind: &str, input: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-crashes");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{kind}-{:016x}", fnv(input)));
    let _ = std::fs::write(&path, input);
    path
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}

#[test]
#[ignore = "runs for FUZZ_SECONDS (default 60); not part of CI"]
fn fuzz_for_a_while() {
    let budget = Duration::from_secs(
        std::env::var("FUZZ_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(60),
    );
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x9e3779b97f4a7c15u64);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    files(&root.join("tests/corpus"), "txt", &mut paths);
    files(&root.join("examples"), "txt", &mut paths);
    let texts = read_all(&paths);
    let mut pack_paths = Vec::new();
    files(&root.join("rules"), "yaml", &mut pack_paths);
    let packs = read_all(&pack_paths);
    let mut mail_paths = Vec::new();
    files(&root.join("tests"), "eml", &mut mail_paths);
    let mails = read_all(&mail_paths);
    assert!(!texts.is_empty(), "no seed texts under tests/corpus");
    let collections = collection_seeds(&texts);
    let collection_texts: Vec<String> = collections.iter().map(|c| c.0.clone()).collect();
    let formats = [
        Format::Yaml,
        Format::Json,
        Format::Csv,
        Format::Markdown,
        Format::Html,
        Format::Text,
    ];

    // Silence the default panic message: crashes are collected and reported at the end.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = XorShift(seed | 1);
    let start = Instant::now();
    let targets = ["check", "fix", "pack", "email", "collection"];
    let mut runs = [0usize; 5];
    let mut crashes: Vec<(String, PathBuf, String)> = Vec::new();
    let mut slowest = (Duration::ZERO, 0usize, "");
    while start.elapsed() < budget {
        let t = match rng.below(12) {
            0..=4 => 0,
            5..=6 => 1,
            7..=8 => 2,
            9 => 3,
            _ => 4,
        };
        let (t, seeds) = match t {
            2 if !packs.is_empty() => (2, &packs),
            3 if !mails.is_empty() => (3, &mails),
            4 => (4, &collection_texts),
            1 => (1, &texts),
            _ => (0, &texts),
        };
        let picked = rng.below(seeds.len());
        let input = mutate(&mut rng, seeds, &seeds[picked]);
        // A collection keeps its seed's format most of the time.
        let format = match rng.below(4) {
            0 => *rng.pick(&formats),
            _ => collections.get(picked).map_or(Format::Text, |c| c.1),
        };
        let began = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| match t {
            0 => check_property(&input),
            1 => fix_property(&input),
            2 => pack_property(&input),
            3 => email_property(input.as_bytes()),
            _ => collection_property(&input, format),
        }));
        let took = began.elapsed();
        if took > slowest.0 {
            slowest = (took, input.len(), targets[t]);
            if took > Duration::from_secs(1) {
                save_crash(&format!("slowest-{}", targets[t]), input.as_bytes());
            }
        }
        runs[t] += 1;
        if let Err(e) = result {
            let message = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            let path = save_crash(targets[t], input.as_bytes());
            if !crashes.iter().any(|c| c.2 == message) {
                crashes.push((targets[t].to_string(), path, message));
            }
        }
    }
    std::panic::set_hook(hook);
    let total: usize = runs.iter().sum();
    println!(
        "fuzzed {:.0} s: {total} inputs (check {}, fix {}, pack {}, email {}, collection {}); \
         slowest input {:?} ({} bytes, {}); {} distinct crash(es)",
        start.elapsed().as_secs_f64(),
        runs[0],
        runs[1],
        runs[2],
        runs[3],
        runs[4],
        slowest.0,
        slowest.1,
        slowest.2,
        crashes.len()
    );
    for (kind, path, message) in &crashes {
        println!("CRASH {kind}: {message}\n  input: {}", path.display());
    }
    assert!(crashes.is_empty(), "{} distinct crash(es)", crashes.len());
}
