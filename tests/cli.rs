//! The `tactful` command: every subcommand, the output formats and the exit codes.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::io::Write;

fn tactful() -> Command {
    let mut c = Command::cargo_bin("tactful").expect("binary is built");
    c.env_remove("NO_COLOR");
    c
}

/// Check `text` from stdin with `args`; the JSON output.
fn check_json(text: &str, args: &[&str]) -> Value {
    let out = tactful()
        .args(["check", "--format", "json"])
        .args(args)
        .write_stdin(text)
        .output()
        .expect("runs");
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

/// The rule ids reported for `text`.
fn rules_for(text: &str, args: &[&str]) -> Vec<String> {
    check_json(text, args)["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["rule"].as_str().expect("rule").to_string())
        .collect()
}

fn temp_file(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write temp file");
    path.display().to_string()
}

#[test]
fn shipped_example_reports_many_categories_with_positions() {
    let out = tactful()
        .args(["check", "examples/draft.txt", "--color", "never"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    for cat in [
        "abrasive",
        "jargon",
        "thanks",
        "timeframe",
        "placeholder",
        "shouting",
        "unanswered",
    ] {
        assert!(text.contains(&format!("({cat})")), "no {cat} in\n{text}");
    }
    assert!(text.contains("examples/draft.txt:3:37"), "{text}");
    assert!(text.contains("^^^^^^^^^^^^^"), "{text}");
    assert!(text.contains("help:"), "{text}");
    assert!(
        text.contains("= fix (unsafe): insert “Thank you for getting in touch.”"),
        "{text}"
    );
    assert!(text.contains("Found 14 problems"), "{text}");
}

#[test]
fn json_has_exact_spans_and_fixes() {
    let v = check_json(
        "Hi Sam,\n\nThank you. We utilize it.\n",
        &["--select", "plain-language"],
    );
    let d = &v["diagnostics"][0];
    assert_eq!(d["rule"], "plain-language");
    assert_eq!(d["category"], "jargon");
    assert_eq!(d["severity"], "info");
    assert_eq!(d["text"], "utilize");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(15))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(3), Some(22))
    );
    assert_eq!(
        (d["start"].as_u64(), d["end"].as_u64()),
        (Some(23), Some(30))
    );
    assert_eq!(d["fix"]["applicability"], "safe");
    assert_eq!(d["fix"]["edits"][0]["replacement"], "use");
    assert_eq!(d["path"], "-");
    assert_eq!(v["summary"]["infos"], 1);
    assert_eq!(v["summary"]["files"][0]["language"], "en");
}

#[test]
fn columns_count_characters_on_non_ascii_lines() {
    let v = check_json(
        "Grüße aus Köln — thanks, we utilize it.\n",
        &["--select", "plain-language", "--lang", "en"],
    );
    let d = &v["diagnostics"][0];
    assert_eq!(d["column"], 29);
    assert_eq!(d["start"], "Grüße aus Köln — thanks, we ".len());
}

#[test]
fn phrases_match_whole_words_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = temp_file(
        &dir,
        "can.yaml",
        "pack: test-can\nlanguage: en\nrules:\n  - id: no-can\n    category: abrasive\n    severity: warning\n    kind: phrases\n    message: m\n    explanation: e\n    phrases: [can]\n    examples:\n      - fires: I can.\n      - silent: I can't.\n",
    );
    let args = [
        "--no-default-packs",
        "--pack",
        pack.as_str(),
        "--lang",
        "en",
    ];
    assert!(rules_for("Sorry, I can't do that.", &args).is_empty());
    assert!(rules_for("Sorry, I can’t do that.", &args).is_empty());
    assert_eq!(rules_for("Sorry, I can do that.", &args), ["no-can"]);
    assert!(rules_for("A canister.", &args).is_empty());
}

#[test]
fn abrasive_phrases_fire_but_not_in_quoted_customer_text() {
    let reply = "Hi Anna,\n\nThanks for writing. Please calm down, the parcel is on its way.\n";
    assert!(rules_for(reply, &[])
        .iter()
        .any(|r| r.starts_with("abrasive")));
    let quoted = "Hi Anna,\n\nThanks for your patience. The parcel arrives by Friday. Let me know if anything else comes up.\n\nBest,\nSam\n\nOn Mon, 3 Feb 2025, Anna <anna@example.com> wrote:\n> Calm down, you say. As I already said, this is your fault and damn annoying!!\n";
    assert_eq!(rules_for(quoted, &[]), Vec::<String>::new());
}

#[test]
fn acronyms_fire_unless_spelled_out() {
    let a = ["--select", "jargon-acronym"];
    assert_eq!(
        rules_for("Thanks. Your RMA is ready.", &a),
        ["jargon-acronym"]
    );
    assert!(rules_for(
        "Thanks. Your return merchandise authorization (RMA) is ready. The RMA is valid.",
        &a
    )
    .is_empty());
    assert!(rules_for(
        "Thanks. Your RMA (return merchandise authorization) is ready.",
        &a
    )
    .is_empty());
}

#[test]
fn an_unknown_acronym_alone_is_no_shouting() {
    let a = ["--select", "jargon-acronym,shouting-caps"];
    let text = "Thanks. You can pay with BHIM. Please CALL BHIM SUPPORT now.";
    // Alone, an acronym; in a run of capitals, shouting.
    assert_eq!(rules_for(text, &a), ["jargon-acronym", "shouting-caps"]);
    // Without the acronym rule, nothing reports it as an acronym, so shouting does.
    assert_eq!(
        rules_for(text, &["--select", "shouting-caps"]),
        ["shouting-caps", "shouting-caps"]
    );
    // A common word in capitals is shouting, not an acronym.
    assert_eq!(rules_for("Thanks. This is FREE.", &a), ["shouting-caps"]);
}

#[test]
fn thanks_in_the_first_sentence_after_the_greeting() {
    let a = ["--select", "thanks"];
    assert!(rules_for("Hi Anna,\n\nThanks for your patience. It works now.\n", &a).is_empty());
    assert!(rules_for("Hi Anna, thanks for your patience. It works now.\n", &a).is_empty());
    assert_eq!(
        rules_for("Hi Anna,\n\nIt works now. Thanks for your patience.\n", &a),
        ["thanks-first-sentence"]
    );
}

#[test]
fn promises_need_a_concrete_time() {
    let a = ["--select", "timeframe"];
    assert_eq!(
        rules_for("Thanks. We'll get back to you.", &a),
        ["timeframe-missing"]
    );
    assert!(rules_for("Thanks. We'll get back to you within 2 business days.", &a).is_empty());
    assert_eq!(
        rules_for("Thanks. We'll get back to you soon.", &a),
        ["timeframe-vague"]
    );
    assert_eq!(
        rules_for("Thanks. We'll get back to you. It ships soon.", &a),
        ["timeframe-missing", "timeframe-vague"]
    );
}

#[test]
fn customer_questions_must_be_answered() {
    let dir = tempfile::tempdir().expect("temp dir");
    let inquiry = temp_file(
        &dir,
        "inquiry.txt",
        "Hello,\n\nCan I change my delivery address? When will the refund arrive?\n\nAnna\n",
    );
    let a = ["--select", "unanswered", "--inquiry", inquiry.as_str()];
    let answered = "Hi Anna,\n\nThanks for asking. You can update the shipping address in your account. The money will be reimbursed to your card by Friday.\n";
    assert!(rules_for(answered, &a).is_empty());
    let skipped =
        "Hi Anna,\n\nThanks for asking. You can update the shipping address in your account.\n";
    let v = check_json(skipped, &a);
    assert_eq!(v["diagnostics"].as_array().map(Vec::len), Some(1));
    assert_eq!(v["diagnostics"][0]["text"], "When will the refund arrive?");
    // The customer's mail as a mail client saves it: headers, then a quoted-printable body.
    let mail = temp_file(
        &dir,
        "inquiry.eml",
        "From: Anna <anna@example.com>\r\nSubject: Address\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
         Hello,\r\n\r\nCan I change my delivery address? When will the refund arr=\r\nive?\r\n\r\nAnna\r\n",
    );
    let a = ["--select", "unanswered", "--inquiry", mail.as_str()];
    let v = check_json(skipped, &a);
    assert_eq!(v["diagnostics"].as_array().map(Vec::len), Some(1));
    assert_eq!(v["diagnostics"][0]["text"], "When will the refund arrive?");
}

#[test]
fn crlf_input_gives_the_same_findings() {
    let lf = "Hi Anna,\n\nPlease calm down. We'll get back to you soon.\n\nBest,\nSam\n";
    let crlf = lf.replace('\n', "\r\n");
    assert_eq!(rules_for(lf, &[]), rules_for(&crlf, &[]));
    let v = check_json(&crlf, &["--select", "timeframe-vague"]);
    assert_eq!(
        (
            v["diagnostics"][0]["line"].as_u64(),
            v["diagnostics"][0]["column"].as_u64()
        ),
        (Some(3), Some(41))
    );
}

#[test]
fn fail_on_sets_the_exit_code() {
    let text = "Thanks. We utilize it.";
    let code = |args: &[&str]| {
        tactful()
            .arg("check")
            .args(args)
            .write_stdin(text)
            .output()
            .expect("runs")
            .status
            .code()
    };
    assert_eq!(code(&["--select", "plain-language"]), Some(0));
    assert_eq!(
        code(&["--select", "plain-language", "--fail-on", "info"]),
        Some(1)
    );
    assert_eq!(code(&["--fail-on", "never", "--select", "jargon"]), Some(0));
    assert_eq!(code(&["--select", "thanks"]), Some(0));
}

#[test]
fn clean_reply_exits_zero() {
    tactful()
        .args(["check", "-"])
        .write_stdin("Hi Anna,\n\nThanks for your message. Your refund was sent today and should reach your card within 3 business days. Let me know if anything else comes up.\n\nBest regards,\nSam\n")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("No problems found"));
}

#[test]
fn broken_pack_names_file_and_rule() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = temp_file(
        &dir,
        "bad.yaml",
        "pack: bad\nlanguage: en\nrules:\n  - id: bad-regex\n    category: abrasive\n    severity: warning\n    kind: pattern\n    message: m\n    explanation: e\n    patterns: ['(unclosed']\n    examples:\n      - fires: x\n      - silent: y\n",
    );
    tactful()
        .args(["check", "--pack", &pack])
        .write_stdin("Thanks.")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad.yaml:4:5: rule `bad-regex`: bad regex",
        ));
    let unknown = temp_file(
        &dir,
        "unknown.yaml",
        "pack: u\nlanguage: en\nrules:\n  - id: r\n    colour: red\n",
    );
    tactful()
        .args(["rules", "--pack", &unknown])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown.yaml:5:5: rule `r`: rules[0]: unknown field `colour`",
        ));
}

#[test]
fn unreadable_input_is_reported_and_others_are_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = temp_file(&dir, "good.txt", "Thanks. Please calm down.");
    let missing = dir.path().join("missing.txt").display().to_string();
    let bad = temp_file(&dir, "latin1.txt", "");
    std::fs::write(&bad, b"Gr\xfc\xdfe").expect("write");
    tactful()
        .args(["check", "--format", "concise", &missing, &good, &bad])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("good.txt:1:9"))
        .stdout(predicate::str::contains(
            "in 1 file; 1 can be fixed with `tactful fix --unsafe`; 2 files could not be checked.",
        ))
        .stderr(predicate::str::contains(
            "missing.txt: no such file or folder",
        ))
        .stderr(predicate::str::contains("latin1.txt:1:3: not UTF-8 text"));
}

/// Standard output alone must not read as a clean check when nothing could be checked.
#[test]
fn summary_says_when_no_file_could_be_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("missing.txt").display().to_string();
    let good = temp_file(
        &dir,
        "good.txt",
        "Thanks for writing. Your parcel left today.",
    );
    let quiet = ["--select", "abrasive"];
    tactful()
        .args(["check", &missing])
        .assert()
        .code(2)
        .stdout("No file checked; 1 file could not be checked.\n");
    tactful()
        .args(["check", &missing, &good])
        .args(quiet)
        .assert()
        .code(2)
        .stdout("No problems found in 1 file; 1 file could not be checked\n");
}

#[test]
fn folders_are_walked_and_hidden_files_and_licences_skipped() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
    temp_file(&dir, "sub/a.txt", "Thanks. Calm down.");
    temp_file(&dir, ".hidden.txt", "Calm down.");
    std::fs::create_dir(dir.path().join(".github")).expect("mkdir");
    temp_file(
        &dir,
        ".github/replies.yml",
        "replies:\n  - name: x\n    body: Calm down.\n",
    );
    temp_file(&dir, ".github/notes.yml", "- body: Calm down.\n");
    temp_file(&dir, "image.png", "Calm down.");
    temp_file(&dir, "LICENSE.txt", "Calm down.");
    temp_file(&dir, "sub/README.md", "Calm down.");
    let out = tactful()
        .args(["check", "--format", "concise", "--select", "abrasive"])
        .arg(dir.path())
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(text.contains("a.txt:1:9"), "{text}");
    assert!(
        !text.contains("hidden") && !text.contains("image"),
        "{text}"
    );
    // GitHub's saved replies are walked, though their folder is hidden; nothing else there is.
    assert!(text.contains("replies.yml:3:11"), "{text}");
    assert!(!text.contains("notes.yml"), "{text}");
    // A licence or a read-me is no reply: skipped in a walk, checked when named.
    assert!(
        !text.contains("LICENSE") && !text.contains("README"),
        "{text}"
    );
    tactful()
        .args(["check", "--format", "concise", "--select", "abrasive"])
        .arg(dir.path().join("LICENSE.txt"))
        .assert()
        .code(1);
}

#[test]
fn walked_files_are_reported_in_path_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    for sub in ["a", "a-b"] {
        std::fs::create_dir(dir.path().join(sub)).expect("mkdir");
    }
    for name in ["b.txt", "a.txt", "a/z.txt", "a-b/c.txt", "A.md"] {
        temp_file(&dir, name, "Calm down.");
    }
    let out = tactful()
        .args(["check", "--format", "concise", "--select", "abrasive"])
        .arg(dir.path())
        .output()
        .expect("runs");
    let root = dir.path().to_string_lossy().to_string();
    let files: Vec<String> = String::from_utf8(out.stdout)
        .expect("UTF-8")
        .lines()
        .filter_map(|l| l.strip_prefix(&root)?.split(':').next())
        .map(|p| p.replace('\\', "/"))
        .collect();
    // Component by component: a folder's files come before names that extend the folder's.
    assert_eq!(
        files,
        ["/A.md", "/a/z.txt", "/a-b/c.txt", "/a.txt", "/b.txt"],
    );
}

/// Many files are printed a batch at a time as they are checked: still in path order, each
/// file's findings together, with a summary that counts them all and the exit code they set.
#[test]
fn many_files_are_printed_in_order_with_every_finding_counted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let names: Vec<String> = (0..700).map(|i| format!("r{i:04}.txt")).collect();
    for (i, name) in names.iter().enumerate() {
        // Every third file is clean.
        let text = if i % 3 == 0 {
            "It works."
        } else {
            "Calm down. You failed to save it."
        };
        temp_file(&dir, name, text);
    }
    let out = tactful()
        .args([
            "check", "--format", "concise", "--color", "never", "--select", "abrasive",
        ])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    let root = dir.path().to_string_lossy().to_string();
    let files: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix(&root)?.split(':').next())
        .collect();
    let with_findings: Vec<String> = names
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 3 != 0)
        .flat_map(|(_, n)| [format!("/{n}"), format!("/{n}")])
        .collect();
    assert_eq!(files, with_findings);
    let summary = stdout.lines().last().unwrap_or_default();
    assert!(
        summary.starts_with(&format!("Found {} problems", with_findings.len()))
            && summary.contains("in 700 files"),
        "{summary}"
    );
    // JSON: the same findings, and a summary of every file.
    let out = tactful()
        .args(["check", "--format", "json", "--select", "abrasive"])
        .arg(dir.path())
        .output()
        .expect("runs");
    let json: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    let paths: Vec<String> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["path"].as_str().unwrap_or_default().replace(&root, ""))
        .collect();
    assert_eq!(paths, with_findings);
    let files = json["summary"]["files"].as_array().expect("files");
    assert_eq!(files.len(), 700);
    let counted: u64 = files
        .iter()
        .map(|f| f["diagnostics"].as_u64().unwrap())
        .sum();
    assert_eq!(counted as usize, with_findings.len());
    assert_eq!(json["summary"]["warnings"].as_u64(), Some(counted));
}

#[test]
fn bad_language_is_a_usage_error() {
    tactful()
        .args(["check", "--lang", "xx"])
        .write_stdin("Hi")
        .assert()
        .code(2);
    tactful()
        .args(["check", "--format", "yaml"])
        .write_stdin("Hi")
        .assert()
        .code(2);
}

#[test]
fn rules_lists_rules() {
    let out = tactful()
        .args(["rules", "--lang", "en"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("thanks-first-sentence"))
        .stdout(predicate::str::contains("abrasive-blame"))
        .get_output()
        .stdout
        .clone();
    // A table: the language column starts at the same place on every line.
    // The checks that are no pack's rule are listed last, for any language.
    let text = String::from_utf8_lossy(&out);
    let lines: Vec<&str> = text.lines().skip(1).collect();
    let (rows, checks) = lines.split_at(lines.len() - 3);
    assert!(checks[0].starts_with("empty-reply ") && checks[1].starts_with("unused-suppression "));
    assert!(checks[2].starts_with("inquiry-language "));
    assert!(checks.iter().all(|l| l.find(" * ") == Some(30)), "{text}");
    assert!(
        rows.len() > 10 && rows.iter().all(|l| l.find(" en ") == Some(30)),
        "{text}"
    );
    let ids = |args: &[&str]| -> Vec<String> {
        let out = tactful().args(args).output().expect("runs");
        let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        v.as_array()
            .expect("a list")
            .iter()
            .map(|r| r["id"].to_string())
            .collect()
    };
    let all = ids(&["rules", "--format", "json"]);
    assert!(all.contains(&"\"placeholder-unfilled\"".into()));
    assert!(all.contains(&"\"unused-suppression\"".into()));
    let ignored = ids(&["rules", "--format", "json", "--ignore", "suppression"]);
    assert!(!ignored.contains(&"\"unused-suppression\"".into()) && ignored.len() + 1 == all.len());
}

#[test]
fn explain_shows_explanation_and_examples() {
    tactful()
        .args(["explain", "timeframe-vague", "--lang", "en"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("fires on:"))
        .stdout(predicate::str::contains("silent on:"));
    tactful().args(["explain", "no-such-rule"]).assert().code(2);
    // A rule of other languages, or a language no pack has, is said so.
    tactful()
        .args(["explain", "--lang", "en", "address-consistency"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "rule `address-consistency` has no `en` version (it is in de, et, ru)",
        ));
    for command in ["explain", "rules"] {
        tactful()
            .args([command, "--lang", "fr"])
            .args((command == "explain").then_some("thanks-first-sentence"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "--lang fr: no loaded pack is in that language",
            ));
    }
    // The checks that are no pack's rule are explained too.
    for (id, says) in [
        ("empty-reply", "sent too early"),
        ("unused-suppression", "suppresses no finding"),
    ] {
        tactful()
            .args(["explain", id])
            .assert()
            .code(0)
            .stdout(predicate::str::contains(says));
    }
}

#[test]
fn test_packs_passes_on_builtin_and_fails_on_a_wrong_example() {
    tactful()
        .arg("test-packs")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 failed"))
        .stdout(predicate::str::contains("note:").not());
    let dir = tempfile::tempdir().expect("temp dir");
    // A pack whose examples the language detection takes for another language passes, with a
    // note: without --lang its rules would never run on such text.
    let pack = |language: &str, phrase: &str, fires: &str, silent: &str| {
        format!(
            "pack: {language}\nlanguage: {language}\nrules:\n  - id: vague\n    category: timeframe\n    severity: warning\n    kind: phrases\n    message: m\n    explanation: e\n    phrases: [{phrase}]\n    examples:\n      - fires: {fires}\n      - silent: {silent}\n"
        )
    };
    let finnish = temp_file(
        &dir,
        "fi.yaml",
        &pack(
            "fi",
            "nopeasti",
            "Paketti lähti nopeasti.",
            "Paketti lähti maanantaina.",
        ),
    );
    tactful()
        .args(["test-packs", &finnish])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "note: 2 `fi` examples are told as another language or none",
        ));
    // French is told apart by a built-in pack: a French pack's rules need no markers of its own.
    let french = temp_file(
        &dir,
        "fr.yaml",
        &pack(
            "fr",
            "rapidement",
            "Le colis est parti rapidement.",
            "Le colis est parti lundi.",
        ),
    );
    tactful()
        .args(["test-packs", &french])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 failed"))
        .stdout(predicate::str::contains("note:").not());
    let pack = temp_file(
        &dir,
        "wrong.yaml",
        "pack: wrong\nlanguage: en\nrules:\n  - id: wrong\n    category: abrasive\n    severity: warning\n    kind: phrases\n    message: m\n    explanation: e\n    phrases: [calm down]\n    examples:\n      - fires: Relax.\n      - silent: Calm down.\n",
    );
    tactful()
        .args(["test-packs", "--no-default-packs", &pack])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("FAIL wrong"))
        .stdout(predicate::str::contains("0 passed, 2 failed"));
}

#[test]
fn closed_stdout_pipe_ends_quietly_with_the_exit_code_of_the_findings() {
    let text = "Thanks. Calm down. ".repeat(20_000);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("tactful"))
        .args(["check", "--format", "concise", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawns");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(text.as_bytes()).expect("write stdin");
    drop(stdin);
    drop(child.stdout.take()); // the reader goes away
    let out = child.wait_with_output().expect("waits");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn full_output_underlines_the_right_characters_on_cyrillic_lines() {
    let out = tactful()
        .args([
            "check",
            "--color",
            "never",
            "--lang",
            "ru",
            "--select",
            "abrasive-condescension",
        ])
        .write_stdin("Здравствуйте!\n\nСпасибо. Ну что вы, успокойтесь, пожалуйста.\n")
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(text.contains("-:3:21"), "{text}");
    let source = text
        .lines()
        .position(|l| l.contains("| Спасибо."))
        .expect("source line");
    let marks = text.lines().nth(source + 1).expect("underline");
    let col = marks.find('^').expect("carets") - marks.find('|').expect("bar") - 2;
    assert_eq!(col, 20, "{text}");
    assert_eq!(
        marks.matches('^').count(),
        "успокойтесь".chars().count(),
        "{text}"
    );
}

/// A misspelt rule name must not make a check pass by selecting nothing.
#[test]
fn unknown_rule_names_are_errors_with_a_suggestion() {
    tactful()
        .args(["check", "--select", "timefram", "-"])
        .write_stdin("Thanks. We will get back to you soon.")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "--select timefram: no loaded rule or category has that name; did you mean `timeframe`?",
        ));
    tactful()
        .args(["check", "--ignore", "zzzz", "-"])
        .write_stdin("Thanks.")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("(see `tactful rules`)"));
    let dir = tempfile::tempdir().expect("temp dir");
    let reply = temp_file(&dir, "r.txt", "Thanks. We will get back to you by Friday.");
    let check_with = |config: &str| {
        temp_file(&dir, ".tactful.yml", config);
        tactful()
            .current_dir(dir.path())
            .args(["check", &reply])
            .assert()
            .code(2)
    };
    check_with(
        "severity: {jargon-acronyms: error}\noverrides:\n  - files: ['*.txt']\n    ignore: [closng]\n",
    )
    .stderr(predicate::str::contains(
        "severity: jargon-acronyms: no loaded rule or category has that name; did you mean `jargon-acronym`?",
    ))
    .stderr(predicate::str::contains("ignore: closng:"));
    // A language no pack is in, in an override as at the top: every rule would be off there.
    check_with("overrides:\n  - files: ['*.txt']\n    lang: ge\n").stderr(
        predicate::str::contains(".tactful.yml: lang: `ge`: no loaded pack is in that language"),
    );
}

/// A finding over two lines is underlined from its start to the end of the first line, and
/// from the start of the next line to its end.
#[test]
fn a_span_over_two_lines_is_underlined_on_each() {
    let out = tactful()
        .args(["check", "--select", "closing", "--color", "never", "-"])
        .write_stdin("Thanks for writing. The parcel left\nthe warehouse today.\n")
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let first = format!("  | {}{}\n", " ".repeat(20), "^".repeat(15));
    let second = format!("  | {}\n", "^".repeat(20));
    assert!(
        text.contains(&format!("1 | Thanks for writing. The parcel left\n{first}")),
        "{text}"
    );
    assert!(
        text.contains(&format!("2 | the warehouse today.\n{second}")),
        "{text}"
    );
}

/// A text longer than any reply (over 4 MiB) is printed section by section as it is checked:
/// the same findings, in the same order and places, as when it is checked with another file
/// (every finding held, then printed); `--fail-on` still sets the exit code.
#[test]
fn a_long_text_is_printed_as_it_is_checked_with_the_same_findings() {
    let dir = tempfile::tempdir().unwrap();
    let calm = "The parcel left the warehouse this morning and is on its way to you now. ";
    let paragraph = format!("{}Calm down, we will utilize it.\n\n", calm.repeat(4));
    let text = paragraph.repeat(4_300_000 / paragraph.len());
    let long = temp_file(&dir, "long.txt", &text);
    let other = temp_file(
        &dir,
        "other.txt",
        "Thank you for your message. It ships today.",
    );
    let concise = |paths: &[&str], fail_on: &str, jobs: &str| {
        let out = tactful()
            .args([
                "check", "--lang", "en", "--format", "concise", "--color", "never",
            ])
            .args(["--fail-on", fail_on, "--jobs", jobs])
            .args(paths)
            .output()
            .expect("runs");
        let stdout = String::from_utf8(out.stdout).expect("UTF-8");
        let findings: Vec<String> = stdout
            .lines()
            .filter(|l| l.starts_with(&long))
            .map(str::to_string)
            .collect();
        (out.status.code(), findings)
    };
    let (code, alone) = concise(&[&long], "warning", "2");
    assert_eq!(code, Some(1));
    let (code, held) = concise(&[&long, &other], "error", "1");
    assert_eq!(code, Some(0));
    assert_eq!(alone, held);
    let paragraphs = text.len() / paragraph.len();
    assert!(alone.len() > 2 * paragraphs, "{}", alone.len());
    let last_line = 2 * paragraphs - 1;
    assert!(
        alone
            .last()
            .is_some_and(|l| l.starts_with(&format!("{long}:{last_line}:"))),
        "{:?}",
        alone.last()
    );
    // JSON is written as the sections are checked too, two at a time.
    let out = tactful()
        .args([
            "check", "--lang", "en", "--format", "json", "--jobs", "2", &long,
        ])
        .output()
        .expect("runs");
    let json: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    let from_json: Vec<String> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            assert_eq!(
                text[d["start"].as_u64().unwrap() as usize..d["end"].as_u64().unwrap() as usize],
                *d["text"].as_str().unwrap()
            );
            format!(
                "{long}:{}:{}: {}[{}] {}",
                d["line"],
                d["column"],
                d["severity"].as_str().unwrap(),
                d["rule"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(from_json, alone);
}

#[test]
fn a_suggestion_replaces_the_whole_phrase_around_its_words() {
    // "Please calm down" → "I understand this is frustrating", not "Please I understand …".
    let v = check_json(
        "Thanks for writing. Please calm down, we will sort it out.",
        &[],
    );
    let d = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["rule"] == "abrasive-condescension")
        .expect("calm down")
        .clone();
    assert_eq!(d["text"], "Please calm down");
    assert_eq!(d["fix"]["applicability"], "suggestion");
}

/// The summary says which command applies the fixes: `fix` for safe ones, `fix --unsafe` for
/// the rest; suggestions are never counted.
#[test]
fn the_summary_names_the_command_that_applies_the_fixes() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (text, end) in [
        (
            "Thanks for writing. We utilize the tracking page. Let me know if you need anything else.",
            "; 1 can be fixed with `tactful fix`.",
        ),
        (
            "Thanks for writing. We utilize the tracking page.",
            "; 1 can be fixed with `tactful fix`, 1 more with `--unsafe`.",
        ),
        (
            "Thanks for writing. You should have read the manual. Let me know if you need anything else.",
            "; 1 can be fixed with `tactful fix --unsafe`.",
        ),
        (
            "Thanks for writing. Calm down, the parcel is on its way. Let me know if you need anything else.",
            "; none can be fixed automatically.",
        ),
    ] {
        let file = temp_file(&dir, "reply.txt", text);
        tactful()
            .args(["check", "--format", "concise", "--fail-on", "never", &file])
            .assert()
            .success()
            .stdout(predicate::str::ends_with(format!("{end}\n")));
    }
}

/// `exclude` leaves out files found in folders always, and files named on the command line
/// with `--force-exclude`; standard input named twice is read once, a file reached twice is
/// checked once; an empty folder is pointed out.
#[test]
fn named_files_excluded_on_request_and_inputs_counted_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("drafts")).expect("mkdir");
    std::fs::create_dir(dir.path().join("empty")).expect("mkdir");
    temp_file(&dir, ".tactful.yml", "exclude: ['drafts/**']\n");
    temp_file(&dir, "drafts/d.txt", "Calm down.");
    let run = |args: &[&str]| {
        tactful()
            .current_dir(dir.path())
            .args(args)
            .write_stdin("Calm down.")
            .output()
            .expect("runs")
    };
    let named = run(&["check", "--format", "concise", "drafts/d.txt"]);
    assert_eq!(named.status.code(), Some(1));
    let forced = run(&[
        "check",
        "--format",
        "concise",
        "--force-exclude",
        "drafts/d.txt",
    ]);
    assert_eq!(forced.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&forced.stdout).contains("in 0 files"));
    let twice = run(&[
        "check",
        "--format",
        "concise",
        "-",
        "-",
        "drafts/d.txt",
        "drafts/d.txt",
        "./drafts/d.txt",
        "drafts",
    ]);
    assert!(
        String::from_utf8_lossy(&twice.stdout).contains("in 2 files"),
        "{}",
        String::from_utf8_lossy(&twice.stdout)
    );
    let empty = run(&["check", "empty"]);
    assert_eq!(empty.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&empty.stderr).contains("empty: no file to check in this folder"),
        "{}",
        String::from_utf8_lossy(&empty.stderr)
    );
}

/// `--stdin-filename` names standard input: in the output, for the configuration, and for the
/// format (a `.yml` name reads it as a library).
#[test]
fn standard_input_stands_for_the_given_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    temp_file(&dir, ".tactful.yml", "exclude: ['drafts/**']\n");
    let out = tactful()
        .current_dir(dir.path())
        .args([
            "check",
            "--format",
            "concise",
            "--stdin-filename",
            "lib/x.yml",
            "-",
        ])
        .write_stdin("replies:\n  - body: \"Thanks. Calm down.\"\n")
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("lib/x.yml:2:20: warning[abrasive-condescension]"),
        "{text}"
    );
    tactful()
        .current_dir(dir.path())
        .args([
            "check",
            "--force-exclude",
            "--stdin-filename",
            "drafts/x.txt",
        ])
        .write_stdin("Calm down.")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("in 0 files"));
    // `fix` gives an excluded buffer back as it is, for an editor that replaces it.
    tactful()
        .current_dir(dir.path())
        .args([
            "fix",
            "--unsafe",
            "--force-exclude",
            "--stdin-filename",
            "drafts/x.txt",
        ])
        .write_stdin("Calm down.\n")
        .assert()
        .code(0)
        .stdout("Calm down.\n");
}

/// A reply in a language no pack has is not checked with another language's rules: a warning
/// names it, and the run passes (French "retard" is no swear word).
#[test]
fn a_reply_in_a_language_no_pack_has_is_not_checked() {
    let dir = tempfile::tempdir().unwrap();
    let french =
        "Bonjour Marie,\n\nMerci pour votre message. Nous sommes désolés pour le retard de \
                  livraison, votre colis arrivera jeudi.\n\nCordialement,\nPaul\n";
    // Told by its letters.
    let latvian =
        "Labdien, Anna!\n\nPaldies par jūsu vēstuli. Jūsu pasūtījums šodien tiks nosūtīts.\n";
    // Told by their frequent words, which built-in packs without rules list: Dutch is written
    // in English's letters, Bulgarian in Russian's.
    let dutch = "Beste Anna,\n\nBedankt voor uw bericht. Wij sturen het pakket morgen op, en u \
                 ontvangt dan een e-mail met de code.\n\nMet vriendelijke groet,\nSam\n";
    let bulgarian = "Здравейте, Анна!\n\nБлагодарим ви за съобщението. Ще изпратим пратката утре \
                     и ще получите имейл с номера.\n\nПоздрави,\nСам\n";
    for (name, text, told) in [
        ("fr.txt", french, " (fr)"),
        ("lv.txt", latvian, ""),
        ("nl.txt", dutch, " (nl)"),
        ("bg.txt", bulgarian, " (bg)"),
    ] {
        let file = temp_file(&dir, name, text);
        tactful()
            .args(["check", "--isolated", "--format", "concise", &file])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("No problems found"))
            .stderr(predicate::str::contains(format!(
                "{name}: not checked: its language{told} is none of de, en, et, ru"
            )));
    }
    let library = format!(
        "- title: fr\n  text: {}\n- title: en\n  text: Thanks for your message. It ships today.\n",
        serde_json::to_string(french).unwrap()
    );
    let file = temp_file(&dir, "lib.yaml", &library);
    tactful()
        .args(["check", "--isolated", "--format", "concise", &file])
        .assert()
        .stderr(predicate::str::contains("lib.yaml: 1 entry not checked"))
        .stdout(predicate::str::contains("(in “fr”)").not());
}

/// A reply without a word to tell its language by is still checked: git's unfilled cover
/// letter is an unfilled placeholder, not a text in an unknown language.
#[test]
fn a_wordless_reply_is_checked_in_english() {
    tactful()
        .args(["check", "--isolated", "--format", "concise", "-"])
        .write_stdin("*** BLURB HERE ***\n")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[placeholder-unfilled]"));
}

/// The carets under a finding stand under its words as a terminal shows them: wide characters
/// take two cells, a combining accent none.
#[test]
fn carets_stand_under_the_words_after_wide_characters() {
    for (line, lead) in [("注文 🙏 Calm down.", 8), ("Zoe\u{301} Calm down.", 4)] {
        let out = tactful()
            .args([
                "check",
                "--lang",
                "en",
                "--select",
                "abrasive-condescension",
            ])
            .args(["--color", "never", "-"])
            .write_stdin(format!("Hi,\n\n{line}\n"))
            .output()
            .expect("runs");
        let stdout = String::from_utf8(out.stdout).expect("UTF-8");
        let carets = stdout.lines().find(|l| l.contains('^')).expect("carets");
        assert_eq!(
            carets,
            format!("  | {}{}", " ".repeat(lead), "^".repeat(9)),
            "{stdout}"
        );
    }
}

/// A record may give its reply's language (`lang`, `language`, `locale`): a mixed library needs
/// no splitting, and a reply labelled with a language no pack has is not checked.
#[test]
fn a_record_gives_its_reply_language() {
    let dir = tempfile::tempdir().unwrap();
    let library = "- title: de\n  language: de-AT\n  text: Erledigt.\n- title: fr\n  lang: fr\n  text: Calm down.\n";
    let file = temp_file(&dir, "lib.yaml", library);
    let out = tactful()
        .args(["check", "--isolated", "--format", "json", &file])
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let found: Vec<(String, String)> = (v["diagnostics"].as_array().unwrap().iter())
        .map(|d| (d["entry"].to_string(), d["language"].to_string()))
        .collect();
    assert!(
        found.iter().all(|(e, l)| e == "\"de\"" && l == "\"de\""),
        "{found:?}"
    );
    assert!(!found.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("lib.yaml: 1 entry not checked"), "{stderr}");
}
