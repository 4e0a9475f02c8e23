//! Inputs for `bench/run.sh`: generated corpora and the phrase list of the built-in packs.
//!
//! ```sh
//! cargo run --release --example bench_corpus -- corpus DIR   # write the benchmark corpora into DIR
//! cargo run --release --example bench_corpus -- phrases en   # every phrase of the built-in `en` packs
//! ```
//!
//! The corpora are built from the project's own invented replies (`tests/corpus/<lang>/*.txt`), so
//! they are the same on every machine:
//!
//! | file | what |
//! |---|---|
//! | `draft-1k.txt` | about 1 KB of English replies (whole lines) |
//! | `replies/reply-NNNN.txt` | 2,000 English replies, one per file |
//! | `library.yaml` | a 20,000-entry saved-reply library: `replies: [{name, body}]` |
//! | `library.json` | the same library as JSON |
//! | `big.txt` | one 35 MB English text; `half.txt` is its first half (for linearity) |
//! | `lang-XX.txt` | 8 MB of replies in each of `en`, `de`, `ru`, `et` (equal sizes) |
//!
//! To benchmark a new input kind (e-mails, collections), add a file here and a row in `bench/run.sh`.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

const MB: usize = 1024 * 1024;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["corpus", dir] => corpus(Path::new(dir)),
        ["phrases", lang] => phrases(lang),
        _ => {
            eprintln!("usage: bench_corpus corpus DIR | bench_corpus phrases LANG");
            std::process::exit(2);
        }
    }
}

/// The project root: the current folder when it has `tests/corpus`, else where this crate lives.
fn root() -> PathBuf {
    if Path::new("tests/corpus").is_dir() {
        PathBuf::from(".")
    } else {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }
}

/// The replies of one language (not the customers' inquiries), sorted by name.
fn replies(lang: &str) -> Vec<String> {
    let dir = root().join("tests/corpus").join(lang);
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.ends_with(".txt") && !name.ends_with(".inquiry.txt")
        })
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        .collect()
}

/// Reply number `i`: a corpus reply with a ticket line, so no two are the same.
fn reply(texts: &[String], i: usize) -> String {
    let t = &texts[i % texts.len()];
    format!("{}\nTicket {:06}.\n", t.trim_end(), 100_000 + i)
}

/// Replies one after another (a blank line between) up to `size` bytes.
fn text_of_size(texts: &[String], size: usize) -> String {
    let mut out = String::with_capacity(size + 4096);
    let mut i = 0;
    while out.len() < size {
        out.push_str(&reply(texts, i));
        out.push('\n');
        i += 1;
    }
    let mut end = size.min(out.len());
    while !out.is_char_boundary(end) {
        end -= 1;
    }
    out.truncate(end);
    out
}

fn write(path: &Path, text: &str) {
    fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn corpus(dir: &Path) {
    fs::create_dir_all(dir.join("replies")).expect("create corpus folder");
    let en = replies("en");

    let draft = text_of_size(&en, 1024);
    let end = draft.rfind('\n').map_or(draft.len(), |i| i + 1);
    write(&dir.join("draft-1k.txt"), &draft[..end]);

    for i in 0..2000 {
        write(
            &dir.join(format!("replies/reply-{i:04}.txt")),
            &reply(&en, i),
        );
    }

    let mut yaml = String::from("replies:\n");
    let mut json = Vec::new();
    for i in 0..20_000 {
        let body = reply(&en, i);
        json.push(serde_json::json!({"name": format!("Saved reply {i}"), "body": body}));
        let _ = writeln!(yaml, "  - name: \"Saved reply {i}\"\n    body: |");
        for line in body.lines() {
            if line.trim().is_empty() {
                yaml.push('\n');
            } else {
                let _ = writeln!(yaml, "      {line}");
            }
        }
    }
    write(&dir.join("library.yaml"), &yaml);
    let json = serde_json::json!({ "replies": json });
    write(
        &dir.join("library.json"),
        &serde_json::to_string_pretty(&json).expect("serialisable"),
    );

    let big = text_of_size(&en, 35 * MB);
    write(&dir.join("big.txt"), &big);
    let mut half = big.len() / 2;
    while !big.is_char_boundary(half) {
        half -= 1;
    }
    write(&dir.join("half.txt"), &big[..half]);

    for lang in ["en", "de", "ru", "et"] {
        write(
            &dir.join(format!("lang-{lang}.txt")),
            &text_of_size(&replies(lang), 8 * MB),
        );
    }
}

/// Every phrase of the built-in packs of `lang`, one per line, stems (`*`) cut off: what
/// `rg -w -F -f` can search for.
fn phrases(lang: &str) {
    let mut all: Vec<String> = Vec::new();
    for (path, source) in tactful::builtin::PACKS {
        let spec = tactful::pack::parse_pack(path, source).expect("built-in packs are valid");
        if spec.language != lang {
            continue;
        }
        for r in &spec.rules {
            if let Some(list) = &r.phrases {
                all.extend(list.iter().map(|p| p.phrase().to_string()));
            }
            if let Some(when) = &r.when {
                all.extend(when.phrases.iter().cloned());
            }
            all.extend(r.except.iter().flatten().cloned());
            all.extend(r.openers.iter().flatten().cloned());
            for variant in r.variants.iter().flat_map(|v| v.values()) {
                all.extend(variant.iter().cloned());
            }
        }
    }
    let mut out: Vec<String> = all
        .iter()
        .map(|p| p.trim().trim_end_matches('*').trim().to_lowercase())
        .filter(|p| !p.is_empty())
        .collect();
    out.sort();
    out.dedup();
    for p in out {
        println!("{p}");
    }
}
