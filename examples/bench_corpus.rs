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
//! | `draft-1k-XX.txt` | the same in `de`, `ru` and `et` |
//! | `promise-1k.txt` | the same, opening with a reply that promises an update ("We'll get back to you …") |
//! | `replies/reply-NNNN.txt` | 2,000 English replies, one per file |
//! | `library.yaml` | a 20,000-entry saved-reply library: `replies: [{name, body}]` |
//! | `library.json` | the same library as JSON |
//! | `big.txt` | one 35 MB English text; `half.txt` is its first half (for linearity) |
//! | `lang-XX.txt` | 8 MB of replies in each of `en`, `de`, `ru`, `et` (equal sizes; none that forwards a message) |
//! | `email-20k.eml` | a 20 KB e-mail as a mail client sends it: headers, a reply, the thread quoted below |
//!
//! To benchmark a new input kind, add a file here and a row in `bench/run.sh`.

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
    texts(lang, |name| !name.ends_with(".inquiry.txt"))
}

/// The customers' inquiries of one language, sorted by name.
fn inquiries(lang: &str) -> Vec<String> {
    texts(lang, |name| name.ends_with(".inquiry.txt"))
}

/// The `.txt` files of one language's corpus whose names `keep`, sorted by name.
fn texts(lang: &str, keep: fn(&str) -> bool) -> Vec<String> {
    let dir = root().join("tests/corpus").join(lang);
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.ends_with(".txt") && keep(name)
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
    for lang in ["de", "ru", "et"] {
        let draft = text_of_size(&replies(lang), 1024);
        let end = draft.rfind('\n').map_or(draft.len(), |i| i + 1);
        write(&dir.join(format!("draft-1k-{lang}.txt")), &draft[..end]);
    }
    // A promise makes the timeframe rule compile its time patterns, a hook's costliest start,
    // unless a placeholder stands in for the time: the replies after it hold none.
    let mut promising = en.clone();
    let first = en
        .iter()
        .position(|t| t.contains("get back to you"))
        .expect("an English corpus reply promises an update");
    promising.rotate_left(first);
    let placeholder = ["{", "[", "<", "XXX", "___"];
    promising.retain(|t| !placeholder.iter().any(|p| t.contains(p)));
    let draft = text_of_size(&promising, 1024);
    let end = draft.rfind('\n').map_or(draft.len(), |i| i + 1);
    write(&dir.join("promise-1k.txt"), &draft[..end]);

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

    // A forwarded message quotes everything after it, to the end of the text: in one long text
    // made of many replies, it would leave the rest unchecked.
    let engine = tactful::Engine::builder()
        .builtin_packs()
        .build()
        .expect("the built-in packs load");
    let mail = &engine.conventions().mail;
    for lang in ["en", "de", "ru", "et"] {
        let mut texts = replies(lang);
        texts.retain(|t| !t.lines().any(|l| mail.is_forward_marker(l)));
        write(
            &dir.join(format!("lang-{lang}.txt")),
            &text_of_size(&texts, 8 * MB),
        );
    }

    write(
        &dir.join("email-20k.eml"),
        &email(&en, &inquiries("en"), 20 * 1024),
    );
}

/// A plain-text e-mail of about `size` bytes: a reply, then the thread quoted below it
/// (inquiries and earlier replies taking turns, each older one quoted once more, up to 12 deep).
fn email(replies: &[String], inquiries: &[String], size: usize) -> String {
    let mut mail = String::from(concat!(
        "From: Sam Support <sam@shop.example>\n",
        "To: Anna Berg <anna@customer.example>\n",
        "Subject: Re: Where is my refund?\n",
        "Date: Mon, 30 Nov 2026 10:02:00 +0000\n",
        "Message-ID: <reply-20@shop.example>\n",
        "In-Reply-To: <inquiry-19@customer.example>\n",
        "MIME-Version: 1.0\n",
        "Content-Type: text/plain; charset=utf-8\n",
        "Content-Transfer-Encoding: 8bit\n\n",
    ));
    mail.push_str(replies[0].trim_end());
    mail.push_str("\n\n");
    let mut i = 0;
    while mail.len() < size {
        let (who, text) = if i % 2 == 0 {
            (
                "Anna Berg <anna@customer.example>",
                &inquiries[i / 2 % inquiries.len()],
            )
        } else {
            (
                "Sam Support <sam@shop.example>",
                &replies[(i / 2 + 1) % replies.len()],
            )
        };
        let outer = ">".repeat(i.min(11));
        let marks = format!("{outer}>");
        let lead = if outer.is_empty() {
            String::new()
        } else {
            format!("{outer} ")
        };
        let _ = writeln!(
            mail,
            "{lead}On Sun, 29 Nov 2026 at 18:{:02}, {who} wrote:",
            i % 60
        );
        for line in text.trim_end().lines() {
            let _ = writeln!(mail, "{marks} {line}");
        }
        mail.push_str(&marks);
        mail.push('\n');
        i += 1;
    }
    mail
}

/// Every phrase of the built-in packs of `lang`, one per line, stems (`*`) cut off: what
/// `rg -w -F -f` can search for.
fn phrases(lang: &str) {
    let mut all: Vec<String> = Vec::new();
    for (path, _) in tactful::builtin::PACKS {
        // The pack as written (the embedded one keeps its examples apart).
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        let source = fs::read_to_string(&file).expect("a built-in pack's file");
        let spec = tactful::pack::parse_pack(path, &source).expect("built-in packs are valid");
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
