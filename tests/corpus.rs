//! Snapshot tests over the replies in `tests/corpus/<lang>/`: every finding, one line each, in a
//! `.snap` file beside the reply, so a rule change shows which findings appear or vanish.
//! Run with `UPDATE_SNAPSHOTS=1` to rewrite the snapshots after a deliberate change.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use tactful::{CheckOptions, Engine};

fn replies(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        name.ends_with(".txt") && !name.ends_with(".inquiry.txt")
    });
    files.sort();
    files
}

fn position(text: &str, pos: usize) -> (usize, usize) {
    let before = &text[..pos];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

fn snapshot(engine: &Engine, reply: &Path) -> String {
    let text = std::fs::read_to_string(reply).expect("reply is UTF-8");
    let inquiry_path = reply.with_extension("inquiry.txt");
    let inquiry = std::fs::read_to_string(&inquiry_path).ok();
    let report = engine
        .check(
            &text,
            &CheckOptions {
                language: None,
                inquiry: inquiry.as_deref(),
                ..Default::default()
            },
        )
        .expect("packs compile");
    let mut out = format!("language: {}\n", report.language.as_deref().unwrap_or("-"));
    for d in &report.diagnostics {
        let (line, col) = position(&text, d.span.start);
        let shown: String = d.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let shown: String = shown.chars().take(70).collect();
        writeln!(out, "{line}:{col} {} {:?}", d.rule, shown).expect("write to string");
    }
    out
}

#[test]
fn corpus_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let engine = Engine::builder()
        .builtin_packs()
        .build()
        .expect("built-in packs load");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut langs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/corpus exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    langs.sort();
    let mut checked = 0;
    let mut changed = Vec::new();
    for lang in langs {
        for reply in replies(&lang) {
            let got = snapshot(&engine, &reply);
            let snap = reply.with_extension("snap");
            let want = std::fs::read_to_string(&snap).unwrap_or_default();
            if got != want {
                if update {
                    std::fs::write(&snap, &got).expect("write snapshot");
                } else {
                    changed.push(format!(
                        "{}\n--- expected\n{want}+++ got\n{got}",
                        reply.display()
                    ));
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 40, "only {checked} corpus replies");
    assert!(
        changed.is_empty(),
        "{} snapshot(s) differ (UPDATE_SNAPSHOTS=1 cargo test --test corpus to accept):\n{}",
        changed.len(),
        changed.join("\n")
    );
}

#[test]
fn corpus_languages_are_detected() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let engine = Engine::builder()
        .builtin_packs()
        .build()
        .expect("built-in packs load");
    let mut checked = 0;
    for lang in ["en", "de", "ru", "et"] {
        for reply in replies(&root.join(lang)) {
            let text = std::fs::read_to_string(&reply).expect("UTF-8");
            let doc = engine.parse(&text);
            assert_eq!(
                engine.detect(&doc).as_deref(),
                Some(lang),
                "{}",
                reply.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 40 + 3 * 25, "only {checked} replies");
}

#[test]
fn one_sentence_replies_are_detected() {
    let engine = Engine::builder()
        .builtin_packs()
        .build()
        .expect("built-in packs load");
    for (text, lang) in [
        ("Thanks, your refund is on its way.", "en"),
        ("Vielen Dank, die Gutschrift ist unterwegs.", "de"),
        ("Спасибо, деньги уже в пути.", "ru"),
        ("Aitäh, raha on juba teel.", "et"),
        ("Danke!", "de"),
        ("Спасибо!", "ru"),
    ] {
        let doc = engine.parse(text);
        assert_eq!(engine.detect(&doc).as_deref(), Some(lang), "{text}");
    }
}

#[test]
fn fixing_the_corpus_leaves_nothing_fixable_and_settles() {
    use tactful::fix::fix_text;
    use tactful::Applicability;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let engine = Engine::builder()
        .builtin_packs()
        .build()
        .expect("built-in packs load");
    let mut fixed_files = 0;
    for lang in ["en", "de", "ru", "et"] {
        for reply in replies(&root.join(lang)) {
            let text = std::fs::read_to_string(&reply).expect("UTF-8");
            let inquiry = std::fs::read_to_string(reply.with_extension("inquiry.txt")).ok();
            let options = CheckOptions {
                language: None,
                inquiry: inquiry.as_deref(),
                ..Default::default()
            };
            let once =
                fix_text(&engine, &text, &options, Applicability::Unsafe).expect("packs compile");
            assert!(once.converged, "{}", reply.display());
            let left: Vec<String> = engine
                .check(&once.text, &options)
                .expect("packs compile")
                .diagnostics
                .iter()
                .filter(|d| {
                    d.fix
                        .as_ref()
                        .is_some_and(|f| f.applicability >= Applicability::Unsafe)
                })
                .map(|d| format!("{} {:?}", d.rule, d.text))
                .collect();
            assert!(
                left.is_empty(),
                "{}: still fixable: {left:?}\n{}",
                reply.display(),
                once.text
            );
            // Quoted customer text, placeholders and code are never touched.
            let (before, after) = (engine.parse(&text), engine.parse(&once.text));
            assert_eq!(
                before.customer_text,
                after.customer_text,
                "{}",
                reply.display()
            );
            for p in &before.placeholders {
                let ph = before.slice(p.span);
                assert!(
                    once.text.matches(ph).count() >= text.matches(ph).count(),
                    "{}: placeholder {ph} changed",
                    reply.display()
                );
            }
            let twice = fix_text(&engine, &once.text, &options, Applicability::Unsafe)
                .expect("packs compile");
            assert_eq!(twice.text, once.text, "{}", reply.display());
            fixed_files += usize::from(once.text != text);
        }
    }
    assert!(fixed_files > 20, "only {fixed_files} replies changed");
}
