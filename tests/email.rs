//! E-mail input (`tactful check` on raw RFC 5322 messages) and the `tactful sendmail` gate.
//!
//! The fixtures under `tests/email/` are invented messages; each test says what in them is
//! checked and what never is.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn tactful() -> Command {
    let mut c = Command::cargo_bin("tactful").expect("binary is built");
    c.env_remove("NO_COLOR").env_remove("TACTFUL_SKIP");
    c
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/email")
        .join(name)
}

/// One finding, reduced to what the tests look at.
#[derive(Debug, Clone)]
struct Finding {
    part: String,
    category: String,
    text: String,
    line: u64,
    column: u64,
    end_line: u64,
    /// Byte offsets.
    start: usize,
    end: usize,
}

struct Outcome {
    code: i32,
    stderr: String,
    findings: Vec<Finding>,
    language: Option<String>,
    /// What the offsets index: `input` or `decoded`.
    offsets: String,
}

impl Outcome {
    fn of(&self, category: &str) -> Vec<&Finding> {
        self.findings
            .iter()
            .filter(|f| f.category == category)
            .collect()
    }

    /// The texts of the body's findings in `category`.
    fn texts(&self, category: &str) -> Vec<&str> {
        self.of(category)
            .into_iter()
            .filter(|f| f.part == "body")
            .map(|f| f.text.as_str())
            .collect()
    }

    /// No finding of any kind covers text that contains `needle` (case-insensitive).
    fn never_mentions(&self, needle: &str) {
        let needle = needle.to_lowercase();
        for f in &self.findings {
            assert!(
                !f.text.to_lowercase().contains(&needle),
                "{needle:?} must not be reported: {f:?}"
            );
        }
    }
}

fn parse_outcome(out: std::process::Output) -> Outcome {
    let code = out.status.code().expect("exit code");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(code <= 1, "exit code {code}; stderr: {stderr}");
    let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    let findings = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| Finding {
            part: d["part"].as_str().expect("part").to_string(),
            category: d["category"].as_str().expect("category").to_string(),
            text: d["text"].as_str().expect("text").to_string(),
            line: d["line"].as_u64().expect("line"),
            column: d["column"].as_u64().expect("column"),
            end_line: d["end_line"].as_u64().expect("end_line"),
            start: d["start"].as_u64().expect("start") as usize,
            end: d["end"].as_u64().expect("end") as usize,
        })
        .collect::<Vec<_>>();
    for f in &findings {
        assert!(f.part == "body" || f.part == "subject", "{f:?}");
    }
    let language = v["summary"]["files"][0]["language"]
        .as_str()
        .map(str::to_string);
    let offsets = v["summary"]["files"][0]["offsets"]
        .as_str()
        .expect("offsets")
        .to_string();
    Outcome {
        code,
        stderr,
        findings,
        language,
        offsets,
    }
}

/// `tactful check --format json FIXTURE [args]`.
fn check(name: &str, args: &[&str]) -> Outcome {
    let out = tactful()
        .args(["check", "--format", "json"])
        .args(args)
        .arg(fixture(name))
        .output()
        .expect("runs");
    parse_outcome(out)
}

fn check_stdin(bytes: Vec<u8>, args: &[&str]) -> Outcome {
    let out = tactful()
        .args(["check", "--format", "json"])
        .args(args)
        .write_stdin(bytes)
        .output()
        .expect("runs");
    parse_outcome(out)
}

#[test]
fn german_iso_8859_1_quoted_printable_with_am_schrieb() {
    let o = check("de-qp-latin1.eml", &[]);
    assert_eq!(o.language.as_deref(), Some("de"));
    // Decoded from ISO-8859-1 quoted-printable: the umlaut is intact.
    assert_eq!(o.texts("abrasive"), ["Wie bereits erwähnt"]);
    // "Am … schrieb …:" and the quote below it are not checked; its question is answered.
    assert!(o.of("profanity").is_empty());
    o.never_mentions("scheiß");
    assert!(o.of("unanswered").is_empty(), "{:?}", o.findings);
    assert!(o.stderr.is_empty(), "{}", o.stderr);
}

#[test]
fn offsets_say_whether_they_index_the_file_or_the_decoded_body() {
    assert_eq!(check("de-qp-latin1.eml", &[]).offsets, "decoded");
    assert_eq!(check("ru-base64-utf8.eml", &[]).offsets, "decoded");
    assert_eq!(check("en-crlf.eml", &[]).offsets, "input");
}

#[test]
fn russian_base64_utf8_with_pishet() {
    let o = check("ru-base64-utf8.eml", &[]);
    assert_eq!(o.language.as_deref(), Some("ru"));
    assert_eq!(o.texts("abrasive"), ["Как я уже писал,"]);
    assert!(o.of("profanity").is_empty());
    o.never_mentions("хуйн");
    // "Где мой заказ?" is answered ("заказ отправлен").
    assert!(o.of("unanswered").is_empty(), "{:?}", o.findings);
}

#[test]
fn russian_windows_1251_with_gmail_attribution_and_a_skipped_question() {
    let o = check("ru-gmail-cp1251.eml", &[]);
    assert_eq!(o.language.as_deref(), Some("ru"));
    // "ср, 30 апр. 2025 г. в 15:19, Анна Петрова <anna@example.ru>:" starts the quote:
    // "Успокойте" in it is never reported, and its skipped question is.
    assert!(o.of("abrasive").is_empty(), "{:?}", o.findings);
    o.never_mentions("успокой");
    assert_eq!(
        o.texts("unanswered"),
        ["Когда вы вернёте деньги за возврат?"]
    );
}

#[test]
fn russian_koi8_r_with_an_outlook_block() {
    let o = check("ru-koi8r-outlook.eml", &[]);
    assert_eq!(o.language.as_deref(), Some("ru"));
    // От:/Отправлено:/Кому:/Тема: and everything below is the customer's.
    assert!(o.of("abrasive").is_empty(), "{:?}", o.findings);
    assert!(o.of("unanswered").is_empty(), "{:?}", o.findings);
}

#[test]
fn multipart_alternative_checks_the_plain_text() {
    let o = check("en-alternative.eml", &[]);
    // The text/plain part is checked; the HTML alternative ("You failed to") is not.
    assert_eq!(o.texts("abrasive"), ["As I already said"]);
    o.never_mentions("failed");
    // "Re: URGENT refund": the customer's capitals, kept by replying, are not the sender's.
    assert!(
        o.findings.iter().all(|f| f.part == "body"),
        "{:?}",
        o.findings
    );
    assert_eq!(o.code, 1);
}

#[test]
fn html_only_is_converted_and_its_blockquote_is_the_customers() {
    let o = check("en-html-only.eml", &[]);
    assert_eq!(o.texts("abrasive"), ["Obviously"]);
    assert_eq!(o.findings[0].line, 3);
    assert!(o.of("profanity").is_empty());
    o.never_mentions("fuck");
    // "Where is my refund?" (in the <blockquote>) is answered.
    assert!(o.of("unanswered").is_empty(), "{:?}", o.findings);
}

#[test]
fn format_flowed_delsp_is_unwrapped() {
    let o = check("en-flowed.eml", &[]);
    let f = o.of("abrasive");
    assert_eq!(f.len(), 1, "{:?}", o.findings);
    // "As I already  \r\nsaid" (delsp=yes) is one line after unwrapping.
    assert_eq!(f[0].text, "As I already said");
    assert_eq!((f[0].line, f[0].end_line), (3, 3));
    // The flowed quote ("This is a \n> shit service.") is still the customer's.
    assert!(o.of("profanity").is_empty());
}

#[test]
fn positions_are_the_files_where_it_holds_the_body_as_it_is() {
    // 7bit text with CRLF line breaks: the body stands in the file as it is, so positions
    // are the file's, as an editor shows it (the headers are lines 1 to 9).
    let o = check("en-crlf.eml", &[]);
    let f = o.of("abrasive");
    assert_eq!(f.len(), 1, "{:?}", o.findings);
    assert_eq!(f[0].text, "Simply");
    assert_eq!((f[0].line, f[0].column), (12, 30));
    let raw = std::fs::read(fixture("en-crlf.eml")).expect("fixture");
    assert_eq!(&raw[f[0].start..f[0].end], b"Simply");
    assert!(o.of("profanity").is_empty());
    o.never_mentions("fucking");
    // Quoted-printable: only the decoded body has the words, so positions are its own.
    let o = check("de-qp-latin1.eml", &[]);
    let f = o.of("abrasive");
    assert_eq!(f[0].text, "Wie bereits erwähnt");
    assert_eq!(f[0].line, 3);
}

#[test]
fn outlook_quote_feeds_unanswered_but_is_never_reported() {
    let o = check("en-outlook.eml", &[]);
    assert!(o.of("abrasive").is_empty(), "{:?}", o.findings);
    o.never_mentions("obviously");
    // "Where is my parcel?" is answered, the refund question is skipped.
    assert_eq!(o.texts("unanswered"), ["Can you refund the shipping fee?"]);
}

#[test]
fn german_outlook_block_von_gesendet_an_betreff() {
    let o = check("de-outlook.eml", &[]);
    assert_eq!(o.language.as_deref(), Some("de"));
    assert!(o.of("profanity").is_empty(), "{:?}", o.findings);
    o.never_mentions("verdammt");
    assert!(o.of("unanswered").is_empty(), "{:?}", o.findings);
}

#[test]
fn estonian_kirjutas_attribution() {
    let o = check("et-kirjutas.eml", &[]);
    assert_eq!(o.language.as_deref(), Some("et"));
    assert_eq!(o.texts("abrasive"), ["Nagu ma juba kirjutasin"]);
    assert!(o.of("profanity").is_empty());
    o.never_mentions("kurat");
    assert!(o.of("unanswered").is_empty(), "{:?}", o.findings);
}

#[test]
fn signatures_with_and_without_the_trailing_space() {
    // "-- " as written, and "--" as some decoders leave it (here: a base64 body).
    for name in ["en-sig-space.eml", "en-sig-nospace.eml"] {
        let o = check(name, &[]);
        assert!(o.of("abrasive").is_empty(), "{name}: {:?}", o.findings);
        assert!(o.of("jargon").is_empty(), "{name}: {:?}", o.findings);
        o.never_mentions("obviously");
        assert_eq!(o.code, 0, "{name}");
    }
}

#[test]
fn von_meinem_iphone_gesendet_is_a_signature() {
    let o = check("de-sig-iphone.eml", &[]);
    assert!(o.of("profanity").is_empty(), "{:?}", o.findings);
    o.never_mentions("verdammt");
}

#[test]
fn a_quoted_question_the_reply_skips_is_unanswered_one_it_answers_is_not() {
    let o = check("en-questions.eml", &[]);
    assert_eq!(
        o.texts("unanswered"),
        ["Can I change the delivery address?"]
    );
}

#[test]
fn a_question_asked_twice_is_reported_once() {
    let text = std::fs::read_to_string(fixture("en-questions.eml")).expect("fixture");
    let twice = format!("{text}\n>\n> Can I change  the delivery\n> address?\n");
    let o = check_stdin(twice.into_bytes(), &[]);
    assert_eq!(
        o.texts("unanswered"),
        ["Can I change the delivery address?"]
    );
}

#[test]
fn only_the_latest_message_of_a_quoted_thread_is_the_customers() {
    // The reply answers the refund question. The agent's own earlier question ("Could you send
    // me the order number?") and the older one two messages back are not asked of this reply.
    let o = check("en-thread.eml", &[]);
    assert!(o.of("unanswered").is_empty(), "{:?}", o.findings);
    assert!(o.findings.is_empty(), "{:?}", o.findings);
    // With the answer taken out, the refund question is the one reported.
    let text = std::fs::read_to_string(fixture("en-thread.eml")).expect("fixture");
    let unanswered = text.replace(
        "Your refund for the jacket was issued this\nmorning and should reach your card within 5 business days.",
        "The jacket is back in stock in every size.",
    );
    let o = check_stdin(unanswered.into_bytes(), &[]);
    assert_eq!(o.texts("unanswered"), ["When will I get my refund?"]);
}

#[test]
fn the_diff_of_a_patch_email_is_not_checked() {
    // A `git format-patch` message, as git send-email hands it to `sendemail-validate`: the
    // commit message is the reply; the diff (with a removed line full of findings) is code.
    let o = check("en-patch.eml", &["--fail-on", "error"]);
    assert!(o.findings.is_empty(), "{:?}", o.findings);
    assert_eq!(o.code, 0);
    // The same words in the commit message are found.
    let text = std::fs::read_to_string(fixture("en-patch.eml")).expect("fixture");
    let o = check_stdin(
        text.replace(
            "Thank you for pointing this out, Anna.",
            "Thanks, Anna. WTF, calm down.",
        )
        .into_bytes(),
        &["--fail-on", "error"],
    );
    assert_eq!(o.texts("profanity"), ["WTF"]);
    assert_eq!(o.code, 1);
}

#[test]
fn malformed_messages_warn_and_check_the_best_effort_text() {
    for (name, warning) in [
        ("broken-boundary.eml", "boundary"),
        ("unclosed-boundary.eml", "closing MIME boundary"),
        ("unknown-charset.eml", "unknown charset \"x-klingon\""),
        ("truncated-base64.eml", "truncated"),
    ] {
        let o = check(name, &[]);
        assert!(
            o.stderr.contains("tactful: warning: ") && o.stderr.contains(warning),
            "{name}: {}",
            o.stderr
        );
        assert!(o.stderr.contains(name), "{name}: the path is named");
        // The reply is still found and checked; the exit code is the findings', not 2.
        assert_eq!(o.texts("abrasive"), ["As I already said"], "{name}");
        assert_eq!(o.code, 1, "{name}");
    }
}

#[test]
fn an_empty_body_is_an_empty_reply() {
    let o = check("empty-body.eml", &[]);
    let categories: Vec<&str> = o.findings.iter().map(|f| f.category.as_str()).collect();
    assert_eq!(categories, ["empty"]);
    assert_eq!(o.code, 1);
}

#[test]
fn header_block_on_stdin_is_recognised_in_auto_mode() {
    let raw = std::fs::read(fixture("en-flowed.eml")).expect("fixture");
    let o = check_stdin(raw.clone(), &[]);
    assert_eq!(o.texts("abrasive"), ["As I already said"]);
    // `--input text` reads the same bytes as plain text: the quote is not unwrapped and the
    // headers are part of the text, so the finding moves down.
    let t = check_stdin(raw, &["--input", "text"]);
    assert!(
        t.of("abrasive").iter().all(|f| f.line > 3),
        "{:?}",
        t.findings
    );
}

#[test]
fn input_email_decodes_any_file_and_input_text_decodes_none() {
    let dir = tempfile::tempdir().expect("temp dir");
    let txt = dir.path().join("reply.txt");
    std::fs::copy(fixture("ru-base64-utf8.eml"), &txt).expect("copy");
    let out = tactful()
        .args(["check", "--format", "json", "--input", "email"])
        .arg(&txt)
        .output()
        .expect("runs");
    assert_eq!(parse_outcome(out).texts("abrasive"), ["Как я уже писал,"]);
    // As text, the base64 body is not decoded: nothing Russian to find.
    let o = check("ru-base64-utf8.eml", &["--input", "text"]);
    assert!(o.of("abrasive").is_empty(), "{:?}", o.findings);
}

#[test]
fn subject_is_checked_for_shouting_abrasive_words_profanity_and_placeholders_only() {
    let mail = "From: Sam <sam@shop.example>\nTo: anna@example.com\n\
                Subject: Obviously a shit question!!!\n\n\
                Hi Anna,\n\nThanks for your message. The parcel left on Monday.\n\n\
                Is there anything else I can help with?\n\nBest regards,\nSam\n";
    let o = check_stdin(mail.as_bytes().to_vec(), &[]);
    let subject: Vec<(&str, &str)> = o
        .findings
        .iter()
        .filter(|f| f.part == "subject")
        .map(|f| (f.category.as_str(), f.text.as_str()))
        .collect();
    assert_eq!(
        subject,
        [
            ("abrasive", "Obviously"),
            ("profanity", "shit"),
            ("shouting", "!!!")
        ]
    );
    assert!(
        o.findings.iter().all(|f| f.part == "subject"),
        "{:?}",
        o.findings
    );
    // An unfilled placeholder in a subject the sender wrote goes out as it is.
    let unfilled = mail.replace(
        "Obviously a shit question!!!",
        "[Ticket 4711] Your order {{order_id}}",
    );
    let o = check_stdin(unfilled.as_bytes().to_vec(), &[]);
    let subject: Vec<&str> = o
        .findings
        .iter()
        .filter(|f| f.part == "subject")
        .map(|f| f.text.as_str())
        .collect();
    assert_eq!(subject, ["{{order_id}}"]);
    // In a reply, the subject is the customer's: only swearing is never sent back.
    let reply = mail.replace("Subject: ", "Subject: Re: ");
    let o = check_stdin(reply.as_bytes().to_vec(), &[]);
    let subject: Vec<(&str, &str, u64)> = o
        .findings
        .iter()
        .map(|f| (f.category.as_str(), f.text.as_str(), f.column))
        .collect();
    assert_eq!(subject, [("profanity", "shit", 17)]);
    // Shown with the path plus "(subject)" in the text formats.
    let out = tactful()
        .args(["check", "--format", "concise", "--color", "never"])
        .write_stdin(mail)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("- (subject):1:1: warning[abrasive"), "{text}");
    let out = tactful()
        .args(["check", "--color", "never"])
        .write_stdin(mail)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("--> - (subject):1:1"), "{text}");
    assert!(text.contains("1 | Obviously a shit question!!!"), "{text}");
}

#[test]
fn every_fixture_parses_without_panic_or_error() {
    let dir = fixture("");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    names.sort();
    assert!(names.len() >= 20);
    for p in names {
        let bytes = std::fs::read(&p).expect("read");
        assert!(tactful::email::looks_like_email(&bytes), "{}", p.display());
        let _ = tactful::email::parse(&bytes);
    }
    // A folder walk picks up .eml files and decodes them.
    let out = tactful()
        .args(["check", "--format", "json", "--fail-on", "never"])
        .arg(&dir)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
}

#[cfg(unix)]
mod sendmail {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// A stand-in sendmail in a temp dir: records its arguments (one a line) and its standard
    /// input, and exits with `code`.
    struct StandIn {
        dir: tempfile::TempDir,
        script: PathBuf,
    }

    impl StandIn {
        fn new(code: i32) -> StandIn {
            let dir = tempfile::tempdir().expect("temp dir");
            let script = dir.path().join("sendmail");
            let body = format!(
                "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"{d}/args\"\ncat > \"{d}/stdin\"\nexit {code}\n",
                d = dir.path().display()
            );
            std::fs::write(&script, body).expect("write script");
            std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))
                .expect("chmod");
            StandIn { dir, script }
        }

        fn ran(&self) -> bool {
            self.dir.path().join("stdin").exists()
        }

        fn stdin(&self) -> Vec<u8> {
            std::fs::read(self.dir.path().join("stdin")).expect("the stand-in ran")
        }

        fn args(&self) -> String {
            std::fs::read_to_string(self.dir.path().join("args")).expect("the stand-in ran")
        }

        /// `tactful sendmail -- STAND-IN -oem -oi -f "a b@x" -- anna@example.com` (mutt appends
        /// `--` and the recipients) with `message` on stdin.
        fn run(&self, message: &[u8], env: &[(&str, &str)]) -> std::process::Output {
            let mut c = tactful();
            c.args(["sendmail", "--color", "never", "--"])
                .arg(&self.script)
                .args(["-oem", "-oi", "-f", "a b@x", "--", "anna@example.com"]);
            for (k, v) in env {
                c.env(k, v);
            }
            c.write_stdin(message).output().expect("runs")
        }
    }

    fn read(name: &str) -> Vec<u8> {
        std::fs::read(fixture(name)).expect("fixture")
    }

    #[test]
    fn a_clean_message_passes_byte_identical_with_the_same_arguments() {
        // An 8-bit KOI8-R message, and a CRLF one.
        let crlf = String::from_utf8(read("en-sig-space.eml"))
            .expect("utf-8")
            .replace('\n', "\r\n")
            .into_bytes();
        for message in [read("ru-koi8r-outlook.eml"), crlf] {
            let s = StandIn::new(0);
            let out = s.run(&message, &[]);
            assert_eq!(out.status.code(), Some(0), "{out:?}");
            assert_eq!(s.stdin(), message);
            assert_eq!(s.args(), "-oem\n-oi\n-f\na b@x\n--\nanna@example.com\n");
            assert!(out.stdout.is_empty());
        }
    }

    #[test]
    fn a_failing_check_blocks_and_the_real_sendmail_never_runs() {
        let s = StandIn::new(0);
        let out = s.run(&read("en-crlf.eml"), &[]);
        assert_eq!(out.status.code(), Some(1));
        assert!(!s.ran(), "nothing may be sent");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("“Simply”"), "{err}");
        assert!(err.contains("NOT sent"), "{err}");
        assert!(
            err.contains("X-Tactful: skip") && err.contains("TACTFUL_SKIP=1"),
            "{err}"
        );
    }

    /// A reply that greets someone other than its `To:` is held back.
    #[test]
    fn a_reply_greeting_another_customer_is_held_back() {
        let message = String::from_utf8(read("en-sig-space.eml")).expect("utf-8");
        let s = StandIn::new(0);
        assert_eq!(s.run(message.as_bytes(), &[]).status.code(), Some(0));
        let to_someone_else =
            message.replacen("\nTo: ", "\nTo: Maria Lind <maria@example.com>, ", 1);
        assert_ne!(to_someone_else, message);
        let s = StandIn::new(0);
        let out = s.run(to_someone_else.as_bytes(), &[]);
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        assert!(!s.ran(), "nothing may be sent");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("[greeting-wrong-name]"), "{err}");
    }

    /// A suppression comment in the reply holds for the gate as for `check`.
    #[test]
    fn a_suppressed_finding_does_not_block() {
        let s = StandIn::new(0);
        let message = String::from_utf8(read("en-crlf.eml")).expect("utf-8");
        let out = s.run(message.as_bytes(), &[]);
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        let rules: Vec<&str> = err
            .lines()
            .filter_map(|l| l.split_once('[')?.1.split_once(']'))
            .map(|(rule, _)| rule)
            .collect();
        assert!(!rules.is_empty(), "{err}");
        let comment = format!("<!-- tactful-ignore {} --> Simply", rules.join(", "));
        let suppressed = message.replacen("Simply", &comment, 1);
        let out = s.run(suppressed.as_bytes(), &[]);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        assert_eq!(s.stdin(), suppressed.as_bytes());
    }

    #[test]
    fn tactful_skip_sends_the_message_unchanged() {
        let s = StandIn::new(0);
        let message = read("en-crlf.eml");
        let out = s.run(&message, &[("TACTFUL_SKIP", "1")]);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        assert_eq!(s.stdin(), message);
    }

    #[test]
    fn tactful_skip_set_to_no_does_not_skip() {
        for no in ["0", "no", "false", ""] {
            let s = StandIn::new(0);
            let out = s.run(&read("en-crlf.eml"), &[("TACTFUL_SKIP", no)]);
            assert_eq!(out.status.code(), Some(1), "{no:?}: {out:?}");
            assert!(!s.ran(), "{no:?}");
        }
    }

    #[test]
    fn a_json_report_on_standard_error_is_one_object() {
        let s = StandIn::new(0);
        let mut c = tactful();
        c.args(["sendmail", "--format", "json", "--"])
            .arg(&s.script);
        let out = c.write_stdin(read("en-crlf.eml")).output().expect("runs");
        assert_eq!(out.status.code(), Some(1));
        let report: serde_json::Value =
            serde_json::from_slice(&out.stderr).expect("one JSON object");
        assert!(report["summary"]["warnings"].as_u64() > Some(0), "{report}");
    }

    #[test]
    fn a_suppression_comment_in_the_reply_is_sent_with_a_warning() {
        let s = StandIn::new(0);
        let mail = "From: Sam <sam@example.com>\nSubject: Re: Refund\n\nHi Anna,\n\nThank you for writing. Calm down, it ships today. <!-- tactful-ignore abrasive -->\n\nIf there is anything else I can help with, just let me know.\n\nBest,\nSam\n";
        let out = s.run(mail.as_bytes(), &[]);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("the customer reads it"), "{err}");
        // A refused message's JSON report stays the only thing on standard error.
        let refused = mail.replace("it ships today", "it ships soon");
        let out = tactful()
            .args(["sendmail", "--format", "json", "--"])
            .arg(&s.script)
            .write_stdin(refused)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let report: serde_json::Value =
            serde_json::from_slice(&out.stderr).expect("one JSON object");
        assert!(report["summary"]["warnings"].as_u64() > Some(0), "{report}");
    }

    #[test]
    fn a_message_without_text_is_sent_with_a_warning() {
        let s = StandIn::new(0);
        let garbage: Vec<u8> = (0..=255u8).cycle().take(2000).collect();
        let out = s.run(&garbage, &[]);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        assert_eq!(s.stdin(), garbage);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("sent unchecked"), "{err}");
    }

    #[test]
    fn x_tactful_skip_header_sends_and_is_stripped() {
        let s = StandIn::new(0);
        let message = read("en-crlf.eml");
        let first = message.iter().position(|&b| b == b'\n').expect("a line") + 1;
        let mut with_header = message[..first].to_vec();
        with_header.extend_from_slice(b"X-Tactful: skip\r\n");
        with_header.extend_from_slice(&message[first..]);
        let out = s.run(&with_header, &[]);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        assert_eq!(s.stdin(), message, "only the X-Tactful header is removed");
    }

    #[test]
    fn the_real_sendmails_failure_code_comes_back() {
        let s = StandIn::new(75);
        let message = read("en-sig-space.eml");
        let out = s.run(&message, &[]);
        assert_eq!(out.status.code(), Some(75));
        assert_eq!(s.stdin(), message);
    }

    #[test]
    fn a_sendmail_that_cannot_be_started_is_an_error() {
        let out = tactful()
            .args([
                "sendmail",
                "--",
                "/nonexistent/tactful-test/sendmail",
                "-oi",
            ])
            .write_stdin(read("en-sig-space.eml"))
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("cannot start") && err.contains("not sent"),
            "{err}"
        );
    }

    #[test]
    fn sendmail_without_a_command_is_a_usage_error() {
        let out = tactful()
            .args(["sendmail"])
            .write_stdin("x")
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2));
    }
}

/// Each attribution and signature form, straight through the engine's document model.
#[test]
fn attribution_and_signature_forms_of_four_languages() {
    let engine = tactful::Engine::builder()
        .builtin_packs()
        .build()
        .expect("packs");
    let reply = "Thanks, the parcel left today.\n\n";
    for attribution in [
        "On Mon, 28 Apr 2025 at 09:12, Anna Smith <anna@example.com> wrote:",
        "Am 30.04.2025 um 15:19 schrieb Anna Müller <anna@example.de>:",
        "30.04.2025 15:19, Анна Петрова пишет:",
        "ср, 30 апр. 2025 г. в 15:19, Анна Петрова <anna@example.ru>:",
        "K, 30. apr 2025 kell 15:19 kirjutas Mari Maasikas <mari@example.ee>:",
    ] {
        let text = format!("{reply}{attribution}\n> Where is my parcel?\n");
        let doc = engine.parse(&text);
        assert_eq!(doc.quoted.len(), 1, "{attribution}");
        assert_eq!(
            doc.slice(doc.quoted[0]),
            &text[reply.len()..],
            "{attribution}"
        );
        assert_eq!(doc.customer_text, "Where is my parcel?", "{attribution}");
    }
    for (header, customer) in [
        (
            "-----Original Message-----\nFrom: Anna\nSent: Monday\nTo: Support\nSubject: Parcel\n\n",
            "Where is it?",
        ),
        (
            "Von: Anna\nGesendet: Montag\nAn: Support\nBetreff: Paket\n\n",
            "Wo ist es?",
        ),
        (
            "От: Анна\nОтправлено: 30 апреля\nКому: Поддержка\nТема: Заказ\n\n",
            "Где он?",
        ),
    ] {
        let text = format!("{reply}{header}{customer}\n");
        let doc = engine.parse(&text);
        assert_eq!(doc.customer_text, customer, "{header}");
        assert!(doc.quoted[0].start == reply.len(), "{header}");
    }
    for signature in [
        "-- \nSam",
        "--\nSam",
        "Sent from my iPhone",
        "Von meinem iPhone gesendet",
        "Отправлено с iPhone",
        "Saadetud minu iPhone'ist",
    ] {
        let text = format!("{reply}{signature}\n");
        let doc = engine.parse(&text);
        let sig = doc.signature.unwrap_or_else(|| panic!("{signature}"));
        assert_eq!(doc.slice(sig).trim_end(), signature);
    }
}

/// The customer's e-mail `text`, saved as `customer.eml` in `dir`: its path, for `--inquiry`.
fn saved(dir: &std::path::Path, text: &str) -> String {
    let path = dir.join("customer.eml");
    std::fs::write(&path, text).expect("write");
    path.display().to_string()
}

/// The concise findings of rule (or category) `rule` for `args` (with `stdin`).
fn findings_of(rule: &str, args: &[&str], stdin: &str) -> String {
    let out = tactful()
        .args(["check", "--format", "concise", "--select", rule])
        .args(args)
        .write_stdin(stdin.to_string())
        .output()
        .expect("runs");
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The findings of `late-reply-apology` for `args` (with `stdin`).
fn late(args: &[&str], stdin: &str) -> usize {
    findings_of("late-reply-apology", args, stdin)
        .matches("[late-reply-apology]")
        .count()
}

/// A reply sent more than a day after the customer wrote acknowledges the wait. How long they
/// waited: the reply's `Date:` against the date of the quoted message's attribution line or
/// forwarded header block (taken at its latest, as it gives no time zone), or against the
/// `Date:` of the e-mail given with `--inquiry`. A template is never late.
#[test]
fn a_reply_more_than_a_day_late_acknowledges_the_wait() {
    let fixture_path = |name: &str| fixture(name).display().to_string();
    // Sent 30 Apr 16:00 +0200; the customer's "Sent: Monday, April 28, 2025 9:12 AM".
    assert_eq!(late(&[&fixture_path("en-outlook.eml")], ""), 1);
    // "Gesendet: Dienstag, 29. April 2025 10:02": 16 hours at the least.
    assert_eq!(late(&[&fixture_path("de-outlook.eml")], ""), 0);
    let reply = |date: &str, opening: &str| {
        format!(
            "From: Sam <sam@shop.example>\nTo: Anna <anna@example.com>\nDate: {date}\nSubject: Re: Refund\n\nHi Anna,\n\n{opening} Your refund was sent today.\n\nBest,\nSam\n\nOn Mon, 3 Feb 2025 at 10:15, Anna <anna@example.com> wrote:\n> Where is my refund?\n"
        )
    };
    let thursday = "Thu, 6 Feb 2025 09:00:00 +0000";
    assert_eq!(late(&[], &reply(thursday, "Thanks for writing.")), 1);
    assert_eq!(
        late(&[], &reply(thursday, "Thank you for your patience.")),
        0
    );
    assert_eq!(late(&[], &reply(thursday, "Sorry for the wait!")), 0);
    let same_evening = "Mon, 3 Feb 2025 23:00:00 +0000";
    assert_eq!(late(&[], &reply(same_evening, "Thanks for writing.")), 0);
    // A slashed date: 3 February, as 2 March would be after the reply.
    let slashed = reply(thursday, "Thanks for writing.").replace("Mon, 3 Feb 2025", "2/3/2025");
    assert_eq!(late(&[], &slashed), 1);

    let dir = tempfile::tempdir().expect("temp dir");
    let inquiry = saved(
        dir.path(),
        "From: Anna <anna@example.com>\nDate: Mon, 3 Feb 2025 10:15:00 +0100\nSubject: Refund\n\nWhere is my refund?\n",
    );
    let unquoted = |date: &str| {
        format!("From: Sam <sam@shop.example>\nDate: {date}\nSubject: Re: Refund\n\nHi Anna,\n\nThanks for writing. Your refund was sent today.\n\nBest,\nSam\n")
    };
    let args = ["--inquiry", inquiry.as_str()];
    assert_eq!(late(&args, &unquoted("Wed, 5 Feb 2025 10:16:00 +0100")), 1);
    assert_eq!(late(&args, &unquoted("Tue, 4 Feb 2025 10:14:00 +0100")), 0);
    assert_eq!(
        late(&[], &unquoted("Wed, 5 Feb 2025 10:16:00 +0100")),
        0,
        "no date"
    );

    // A saved reply that quotes a dated message is a template, not a late reply.
    let library = dir.path().join("replies.yml");
    std::fs::write(
        &library,
        "- name: Refund\n  body: |\n    Hi Anna,\n\n    Thanks for writing. Your refund was sent today.\n\n    On Mon, 3 Feb 2025 at 10:15, Anna <anna@example.com> wrote:\n    > Where is my refund?\n",
    )
    .expect("write");
    assert_eq!(late(&[&library.display().to_string()], ""), 0);
}

/// A follow-up that quotes the sender's own earlier message (its attribution names the
/// `From:` address or full name) says nothing of how long the customer has waited; the same
/// message from the customer does.
#[test]
fn a_follow_up_quoting_the_senders_own_message_is_not_late() {
    let follow_up = |attribution: &str| {
        format!(
            "From: Sam Lee <sam@shop.example>\nTo: Anna <anna@example.com>\nDate: Thu, 6 Feb 2025 09:00:00 +0000\nSubject: Re: Refund\n\nHi Anna,\n\nThanks for writing. Your refund was sent today.\n\nBest,\nSam\n\n{attribution}\n> Your refund is on its way.\n"
        )
    };
    // The sender's own message (0 findings), or the customer's (1).
    let cases = [
        ("On Mon, 3 Feb 2025 at 10:15, Sam Lee <SAM@shop.example> wrote:", 0),
        ("On 3 Feb 2025 at 10:15, sam lee wrote:", 0),
        ("On Mon, 3 Feb 2025 at 10:15 Support <support@shop.example>,\non behalf of <sam@shop.example> wrote:", 0),
        ("-----Original Message-----\nFrom: Sam Lee <sam@shop.example>\nSent: Monday, 3 February 2025 10:15\nTo: Anna <anna@example.com>\nSubject: Refund\n", 0),
        ("On Mon, 3 Feb 2025 at 10:15, Anna <anna@example.com> wrote:", 1),
        // A first name alone, or an address that only ends in the sender's, is someone else.
        ("On Mon, 3 Feb 2025 at 10:15, Sam <sam@example.com> wrote:", 1),
        ("On Mon, 3 Feb 2025 at 10:15, Lee <lee.sam@shop.example.org> wrote:", 1),
        // The customer wrote to the sender: their header block's "To:" names them.
        ("-----Original Message-----\nFrom: Anna <anna@example.com>\nSent: Monday, 3 February 2025 10:15\nTo: Sam Lee <sam@shop.example>\nCc: sam@shop.example\nSubject: Refund\n", 1),
    ];
    for (attribution, findings) in cases {
        assert_eq!(
            late(&[], &follow_up(attribution)),
            findings,
            "{attribution}"
        );
    }
}

/// The greeting names the customer: an e-mail's `To:`, or the `From:` of the e-mail given with
/// `--inquiry`, says who that is.
#[test]
fn a_greeting_naming_someone_else_is_reported() {
    let greeted = |args: &[&str], stdin: &str| findings_of("greeting", args, stdin);
    let reply = |to: &str, greeting: &str| {
        format!("From: Sam <sam@shop.example>\nTo: {to}\nSubject: Re: Order\n\n{greeting}\n\nThanks for writing. Your order left today.\n\nBest,\nSam\n")
    };
    let wrong = greeted(&[], &reply("\"Berg, Anna\" <ab@example.com>", "Hi Maria,"));
    assert!(
        wrong.contains("-:5:4: warning[greeting-wrong-name] The greeting names “Maria”, but the customer seems to be “Anna Berg”"),
        "{wrong}"
    );
    for (to, greeting) in [
        ("\"Berg, Anna\" <ab@example.com>", "Hi Anna,"),
        ("Anna Berg <ab@example.com>", "Dear Ms Berg,"),
        // Nothing known of the customer.
        ("ab@example.com", "Hi Maria,"),
        // A reply to a web form's e-mail: its display name is no person's.
        ("Website Contact Form <noreply@shop.example>", "Hi Maria,"),
        ("Acme Kundenservice <service@acme.example>", "Hallo Maria,"),
    ] {
        assert!(
            !greeted(&[], &reply(to, greeting)).contains("warning"),
            "{to} {greeting}"
        );
    }
    // A follow-up quoting the sender's own message: its author is no customer.
    let follow_up = "From: Shop <sam@shop.example>\nTo: ab@example.com\nSubject: Re: Order\n\nHi Anna,\n\nThanks for waiting. Your order left today.\n\nThe Shop team\n\nOn Mon, 3 Feb 2025 at 10:15, Sam Lee <sam@shop.example> wrote:\n> Your order is packed.\n";
    assert!(!greeted(&[], follow_up).contains("warning"), "{follow_up}");
    let from_someone_else = follow_up.replace("From: Shop <sam@", "From: Shop <info@");
    assert!(greeted(&[], &from_someone_else).contains("[greeting-wrong-name]"));
    let dir = tempfile::tempdir().expect("temp dir");
    let inquiry = saved(
        dir.path(),
        "From: Anna Berg <ab@example.com>\nSubject: Order\n\nWhere is my order?\n",
    );
    let plain = "Hi Maria,\n\nThanks for writing. Your order left today.\n\nBest,\nSam\n";
    assert!(greeted(&["--inquiry", &inquiry], plain).contains("[greeting-wrong-name]"));
    assert!(
        !greeted(&["--inquiry", &inquiry], &plain.replace("Maria", "Anna")).contains("warning")
    );
    // A web form's e-mail names the customer in its name field.
    let form = saved(
        dir.path(),
        "From: Website Contact Form <noreply@shop.example>\nSubject: New message\n\nName: Anna Berg\nMessage: Where is my order?\n",
    );
    let wrong = greeted(&["--inquiry", &form], plain);
    assert!(
        wrong.contains("The greeting names “Maria”, but the customer seems to be “Anna Berg”"),
        "{wrong}"
    );
    assert!(!greeted(&["--inquiry", &form], &plain.replace("Maria", "Anna")).contains("warning"));
}
