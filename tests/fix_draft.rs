//! `tactful fix` and `tactful draft` from the command line.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn tactful() -> Command {
    let mut c = Command::cargo_bin("tactful").expect("binary is built");
    c.env("NO_COLOR", "1");
    c
}

fn fixed(text: &str, args: &[&str]) -> String {
    let out = tactful()
        .arg("fix")
        .args(args)
        .write_stdin(text)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn safe_fixes_keep_case_and_spacing() {
    let a = ["--select", "plain-language"];
    assert_eq!(
        fixed("Thanks. Utilize the app prior to Monday.", &a),
        "Thanks. Use the app before Monday."
    );
    assert_eq!(
        fixed("Thanks. We utilize it in order to help, prior to noon.", &a),
        "Thanks. We use it to help, before noon."
    );
    assert_eq!(fixed("Utilize it", &a), "Use it");
    assert_eq!(fixed("Thanks, we will utilize", &a), "Thanks, we will use");
}

/// A rule turned off by a suppression comment is not fixed either: `fix` changes only what
/// `check` reports.
#[test]
fn suppressed_rules_are_not_fixed() {
    let text = "Thanks for writing. We will utilize the new form. <!-- tactful-ignore plain-language -->\n";
    let select = ["--select", "plain-language"];
    assert_eq!(fixed(text, &select), text);
    let unsuppressed = text.replace(" <!-- tactful-ignore plain-language -->", "");
    assert!(fixed(&unsuppressed, &select).contains("We will use the new form."));
}

#[test]
fn unsafe_fixes_only_when_asked() {
    let text = "Thanks. As I already said, the parcel left. Obviously, it is late.";
    let a = ["--select", "abrasive"];
    assert_eq!(fixed(text, &a), text);
    assert_eq!(
        fixed(text, &["--select", "abrasive", "--unsafe"]),
        "Thanks. As mentioned, the parcel left. It is late."
    );
}

#[test]
fn crlf_quotes_and_placeholders_are_left_alone() {
    let text = "Hi {{name}},\r\n\r\nThanks. We utilize it.\r\n\r\nOn Mon, 3 Feb 2025, Anna <a@b.c> wrote:\r\n> Utilize it prior to Monday, calm down!!\r\n";
    let out = fixed(text, &["--unsafe"]);
    assert!(out.starts_with("Hi {{name}},\r\n\r\n"), "{out:?}");
    assert!(out.contains("We use it."), "{out:?}");
    assert!(
        out.ends_with("> Utilize it prior to Monday, calm down!!\r\n"),
        "{out:?}"
    );
}

#[test]
fn inserted_sentences_carry_placeholders_that_check_reports() {
    let out = fixed(
        "Hi Anna,\n\nWe'll get back to you.\n",
        &["--unsafe", "--select", "thanks,timeframe"],
    );
    assert_eq!(
        out,
        "Hi Anna,\n\nThank you for getting in touch. We'll get back to you. You will hear from us by {{time}}.\n"
    );
    tactful()
        .args(["check", "--format", "concise"])
        .write_stdin(out)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("placeholder-unfilled"))
        .stdout(predicate::str::contains("timeframe-missing").not());
}

#[test]
fn diff_prints_a_unified_diff_and_exits_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("r.txt");
    std::fs::write(&path, "Thanks.\nWe utilize it.\n").expect("write");
    tactful()
        .args(["fix", "--diff"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("-We utilize it.\n+We use it.\n"))
        .stdout(predicate::str::contains("@@ -1,2 +1,2 @@"))
        // Headed as `git diff` heads it: `a/` and the path without its leading `/`.
        .stdout(predicate::str::contains(format!(
            "--- a{}\n+++ b{}\n",
            path.display(),
            path.display()
        )));
    tactful()
        .current_dir(dir.path())
        .args(["fix", "--diff", "./r.txt"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("--- a/r.txt\n+++ b/r.txt\n"));
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        "Thanks.\nWe utilize it.\n"
    );
    std::fs::write(&path, "Thanks. It works.\n").expect("write");
    tactful()
        .args(["fix", "--diff"])
        .arg(&path)
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn write_rewrites_in_place_keeps_permissions_and_settles() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("r.txt");
    std::fs::write(&path, "Thanks.\nWe utilize it ASAP!!\n").expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    tactful()
        .args(["fix", "--write"])
        .arg(&path)
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        "Thanks.\nWe use it ASAP!\n"
    );
    let mode = std::fs::metadata(&path).expect("stat").permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    tactful()
        .args(["fix", "--diff"])
        .arg(&path)
        .assert()
        .code(0);
    let leftovers = std::fs::read_dir(dir.path()).expect("ls").count();
    assert_eq!(leftovers, 1, "no temporary file is left behind");
}

#[test]
fn json_lists_applied_and_skipped_edits() {
    let out = tactful()
        .args(["fix", "--format", "json"])
        .write_stdin("Thanks. We utilize it soon.")
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let f = &v["files"][0];
    assert_eq!(f["changed"], true);
    assert_eq!(f["applied"][0]["rule"], "plain-language");
    assert_eq!(f["applied"][0]["applicability"], "safe");
    assert!(f["skipped"]
        .as_array()
        .is_some_and(|s| s.iter().any(|d| d["rule"] == "timeframe-vague")));
    assert_eq!(f["text"], "Thanks. We use it soon.");
}

fn draft(inquiry: &str) -> String {
    draft_from("inquiry.txt", inquiry)
}

/// `tactful draft --inquiry FILE` on a file of this name and content.
fn draft_from(name: &str, inquiry: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, inquiry).expect("write");
    let out = tactful()
        .args(["draft", "--inquiry"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The categories `check` reports on `text`, with `inquiry` as the customer's message.
fn categories(text: &str, inquiry: &str) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("inquiry.txt");
    std::fs::write(&path, inquiry).expect("write");
    let out = tactful()
        .args([
            "check",
            "--format",
            "json",
            "--fail-on",
            "info",
            "--inquiry",
        ])
        .arg(&path)
        .write_stdin(text)
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let mut cats: Vec<String> = v["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .map(|d| d["category"].as_str().expect("category").to_string())
        .collect();
    cats.sort();
    cats.dedup();
    cats
}

#[test]
fn draft_reads_the_message_as_an_argument_an_option_or_standard_input() {
    let message = "Hi,\n\nWhere is my parcel?\n\nThanks,\nAnna\n";
    let expected = draft(message);
    assert!(expected.contains("Where is my parcel?"), "{expected}");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("message.txt");
    std::fs::write(&path, message).expect("write");
    let by_argument = tactful().arg("draft").arg(&path).output().expect("runs");
    assert_eq!(String::from_utf8_lossy(&by_argument.stdout), expected);
    for stdin_args in [&["draft"][..], &["draft", "-"]] {
        tactful()
            .args(stdin_args)
            .write_stdin(message)
            .assert()
            .code(0)
            .stdout(expected.clone());
    }
    // The argument and --inquiry name the same thing: both at once is a usage error.
    tactful()
        .arg("draft")
        .arg(&path)
        .arg("--inquiry")
        .arg(&path)
        .assert()
        .code(2);
    tactful()
        .args(["draft", "missing.txt"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("missing.txt: no such file"));
}

#[test]
fn drafts_with_zero_one_and_three_questions() {
    let cases = [
        (
            "Hello,\n\nMy parcel arrived damaged. Photos attached.\n\nThanks,\nAnna\n",
            vec![],
        ),
        (
            "Hi,\n\nWhere is my refund?\n\nBest,\nOmar\n",
            vec![("Where is my refund?", "Your refund was sent to your card today.")],
        ),
        // A question without words of its own is shown after the statement it asks about.
        (
            "Hi,\n\nMy parcel has not come. Where is it now?\n\nOmar\n",
            vec![(
                "My parcel has not come. Where is it now?",
                "Your parcel reaches you on Friday.",
            )],
        ),
        (
            "Hello,\n\nCan I change my delivery address? When does the sale end? I'd like to know whether the jacket comes in blue.\n\nKind regards,\nLena Fischer\n",
            vec![
                ("Can I change my delivery address?", "You can change the delivery address in your account."),
                ("When does the sale end?", "The sale ends on Sunday."),
                (
                    "I'd like to know whether the jacket comes in blue.",
                    "The jacket comes in blue as well.",
                ),
            ],
        ),
    ];
    for (inquiry, answers) in cases {
        let skeleton = draft(inquiry);
        for (q, _) in &answers {
            assert!(
                skeleton.contains(&format!("{{{{answer: {q}}}}}")),
                "{skeleton}"
            );
        }
        let cats = categories(&skeleton, inquiry);
        assert!(
            cats.iter().all(|c| c == "placeholder" || c == "unanswered"),
            "{cats:?}\n{skeleton}"
        );
        let mut filled = skeleton
            .replace("{{time}}", "Friday")
            .replace("{{agent_name}}", "Sam");
        for (q, a) in &answers {
            filled = filled.replace(&format!("{{{{answer: {q}}}}}"), a);
        }
        assert_eq!(
            categories(&filled, inquiry),
            Vec::<String>::new(),
            "{filled}"
        );
    }
    assert!(draft("Hi,\n\nWhere is it?\n\nThanks,\nAnna\n").starts_with("Hi Anna,\n"));
    assert!(draft("Hi,\n\nWhere is it?\n\nAnna\n").starts_with("Hi Anna,\n"));
    assert!(draft("Hi,\n\nWhere is it?\n\nThank You\n").starts_with("Hello,\n"));
}

#[test]
fn drafts_in_the_inquiry_language() {
    assert!(
        draft("Guten Tag,\n\nwo ist meine Bestellung?\n\nViele Grüße\nAnna\n")
            .contains("wo ist meine Bestellung?}}")
    );
    // German: the formal greeting names the customer as signed, first name and last.
    let de =
        draft("Guten Tag,\n\nwo ist meine Bestellung?\n\nMit freundlichen Grüßen\nKlaus Meier\n");
    assert!(de.starts_with("Guten Tag Klaus Meier,\n"), "{de}");
    let ru = draft("Здравствуйте!\n\nКогда придёт мой заказ?\n\nС уважением,\nАнна\n");
    assert!(ru.starts_with("Здравствуйте, Анна!"), "{ru}");
    let et = draft("Tere!\n\nKus mu pakk on?\n\nLugupidamisega\nMari\n");
    assert!(et.contains("{{"), "{et}");
    // A short message signed in a few words.
    let short = draft("Hallo,\n\nWeiß jemand, wann der Laden aufmacht?\n\nGruß\nPaul\n");
    assert!(short.contains("{{Antwort: "), "{short}");
}

/// A message in a language that is told apart but has no pack (Dutch) is not drafted in
/// English unless asked.
#[test]
fn a_message_in_a_language_without_templates_is_drafted_only_as_asked() {
    let dutch =
        "Hallo,\n\nWanneer komt mijn pakket? Ik heb het vorige week besteld.\n\nGroeten,\nPiet\n";
    tactful()
        .args(["draft", "-"])
        .write_stdin(dutch)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "no pack has draft templates for language `nl`; pass --lang to draft in another",
        ));
    tactful()
        .args(["draft", "--lang", "en", "-"])
        .write_stdin(dutch)
        .assert()
        .code(0)
        .stdout(predicates::str::contains(
            "{{answer: Wanneer komt mijn pakket?}}",
        ));
}

/// A reply in a language no pack has rules for is left as it is, with the warning `check`
/// gives: no English sentence is inserted into Dutch.
#[test]
fn a_reply_in_a_language_without_rules_is_not_fixed() {
    let dutch = "Beste Anna,\n\nWij sturen het pakket morgen op, en u ontvangt dan een e-mail met de code.\n\nMet vriendelijke groet,\nSam\n";
    tactful()
        .args(["fix", "--unsafe", "-"])
        .write_stdin(dutch)
        .assert()
        .code(0)
        .stdout(dutch)
        .stderr(predicates::str::contains(
            "-: not checked: its language (nl) is none of de, en, et, ru",
        ));
}

#[test]
fn draft_says_when_the_message_is_empty() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("empty.txt");
    std::fs::write(&path, "\n  \n").expect("write");
    tactful()
        .args(["draft", "--inquiry"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("the message is empty"));
}

/// A field of HTML is HTML even among Markdown replies (`replies:`, as GitHub keeps them): the
/// thanks opens its paragraph with a capital.
#[test]
fn html_fields_under_replies_are_fixed_as_html() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("replies.yml");
    let yml =
        "replies:\n  - name: x\n    body_html: \"<p>Hi Anna,</p><p>It ships <b>today</b>.</p>\"\n";
    std::fs::write(&path, yml).expect("write");
    tactful()
        .args([
            "fix",
            "--isolated",
            "--unsafe",
            "--select",
            "thanks",
            "--write",
        ])
        .arg(&path)
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        yml.replace("<p>It", "<p>Thank you for getting in touch. It")
    );
}

#[test]
fn fix_write_on_collections_changes_only_reply_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = [
        (
            "replies.yml",
            "replies:\n  - name: Refund # the common one\n    body: |\n      Thanks for waiting. We utilize card refunds prior to Friday.\n  - name: 'Quoted: yes'\n    body: \"Thanks! We utilize it.\\nBye.\"\n",
        ),
        (
            "macros.json",
            "[\n  {\"title\": \"A \\\"quoted\\\" one\", \"body\": \"Thanks. We utilize it.\\nCheers, \\u00dcmit\"}\n]\n",
        ),
        (
            "reply.md",
            "# Refunds\n\nThanks for waiting. We utilize card refunds.\n\n```\nutilize stays in code\n```\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    tactful()
        .current_dir(dir.path())
        .args(["fix", "--write", "replies.yml", "macros.json", "reply.md"])
        .assert()
        .code(0);
    let yml = std::fs::read_to_string(dir.path().join("replies.yml")).expect("read");
    assert_eq!(
        yml,
        "replies:\n  - name: Refund # the common one\n    body: |\n      Thanks for waiting. We use card refunds before Friday.\n  - name: 'Quoted: yes'\n    body: \"Thanks! We use it.\\nBye.\"\n"
    );
    let parsed: serde_yaml::Value = serde_yaml::from_str(&yml).expect("still valid YAML");
    assert_eq!(parsed["replies"][1]["body"], "Thanks! We use it.\nBye.");
    let json = std::fs::read_to_string(dir.path().join("macros.json")).expect("read");
    let parsed: Value = serde_json::from_str(&json).expect("still valid JSON");
    assert_eq!(parsed[0]["body"], "Thanks. We use it.\nCheers, Ümit");
    assert_eq!(parsed[0]["title"], "A \"quoted\" one");
    let md = std::fs::read_to_string(dir.path().join("reply.md")).expect("read");
    assert_eq!(
        md,
        "# Refunds\n\nThanks for waiting. We use card refunds.\n\n```\nutilize stays in code\n```\n"
    );
}

/// A library whose entries are in several languages is fixed entry by entry, each in its own
/// language, with the warnings `check` gives: only the entry in a language no pack has is
/// named as not checked.
#[test]
fn libraries_in_several_languages_warn_as_check_does() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("lib.yml"),
        "replies:\n  - name: Refund\n    body: Thanks for waiting. We utilize card refunds on Fridays.\n  - name: Erstattung\n    body: Danke für Ihre Geduld!! Die Erstattung kommt am Freitag auf Ihr Konto.\n  - name: Remboursement\n    body: Merci pour votre patience. Le remboursement arrive vendredi sur votre compte.\n",
    )
    .expect("write");
    let warning = "lib.yml: 1 entry not checked: its language is none of";
    let check = tactful()
        .current_dir(dir.path())
        .args(["check", "lib.yml"])
        .output()
        .expect("runs");
    let fix = tactful()
        .current_dir(dir.path())
        .args(["fix", "lib.yml"])
        .output()
        .expect("runs");
    assert_eq!(fix.status.code(), Some(0), "{fix:?}");
    for stderr in [&check.stderr, &fix.stderr] {
        let stderr = String::from_utf8_lossy(stderr);
        assert_eq!(stderr.matches("not checked").count(), 1, "{stderr}");
        assert!(stderr.contains(warning), "{stderr}");
    }
    let fixed = String::from_utf8(fix.stdout).expect("UTF-8");
    assert!(fixed.contains("We use card refunds"), "{fixed}");
    assert!(fixed.contains("Danke für Ihre Geduld! Die"), "{fixed}");
}

/// Many files are fixed on several threads and shown in the order they were named, each
/// written as it would be on one thread.
#[test]
fn many_files_are_fixed_the_same_on_any_number_of_threads() {
    let texts: Vec<String> = (0..40)
        .map(|k| match k % 3 {
            0 => format!("Thanks for order {k}. We utilize card refunds prior to Friday!!\n"),
            1 => format!("Danke für Bestellung {k}!! Die Erstattung kommt am Freitag.\n"),
            _ => format!("Thanks for order {k}. It ships on Monday.\n"),
        })
        .collect();
    let mut outputs = Vec::new();
    for jobs in ["1", "2", "3"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let names: Vec<String> = (0..texts.len()).map(|k| format!("r{k:02}.txt")).collect();
        for (name, text) in names.iter().zip(&texts) {
            std::fs::write(dir.path().join(name), text).expect("write");
        }
        let shown = tactful()
            .current_dir(dir.path())
            .args(["fix", "--jobs", jobs])
            .args(&names)
            .output()
            .expect("runs");
        assert_eq!(shown.status.code(), Some(0), "{shown:?}");
        let written = tactful()
            .current_dir(dir.path())
            .args(["fix", "--write", "--jobs", jobs])
            .args(&names)
            .output()
            .expect("runs");
        assert_eq!(written.status.code(), Some(0), "{written:?}");
        let files: Vec<String> = names
            .iter()
            .map(|n| std::fs::read_to_string(dir.path().join(n)).expect("read"))
            .collect();
        outputs.push((shown.stdout, written.stderr, files));
    }
    let (shown, reported, files) = &outputs[0];
    let shown = String::from_utf8(shown.clone()).expect("UTF-8");
    assert!(
        shown.starts_with("==> r00.txt <==\nThanks for order 0. We use card refunds before Friday!\n==> r01.txt <==\n"),
        "{shown}"
    );
    assert_eq!(shown.matches("==> ").count(), 40);
    assert_eq!(
        files[1],
        "Danke für Bestellung 1! Die Erstattung kommt am Freitag.\n"
    );
    assert_eq!(files[2], texts[2], "nothing to fix");
    let reported = String::from_utf8_lossy(reported);
    assert!(reported.starts_with("r00.txt: fixed 3 problems\nr01.txt: fixed 1 problem\nr02.txt: no change for 0 problems\n"), "{reported}");
    for other in &outputs[1..] {
        assert_eq!(&outputs[0], other);
    }
}

/// Replacements and inserted sentences are written as each string of a library needs them:
/// escaped in JSON and double-quoted YAML, `'` doubled in single-quoted YAML, indented in a
/// block scalar (with the file's line breaks), `"` doubled in a quoted CSV field. Where that
/// cannot be done (a line break in a plain YAML scalar, a comma in one inside `{…}`), the fix is
/// left out.
#[test]
fn fixes_are_written_into_libraries_as_their_strings_need() {
    let dir = tempfile::tempdir().expect("temp dir");
    let blame = "Thanks for writing. You failed to attach it.";
    let fixed = "Thanks for writing. It seems you didn't attach it.";
    let offer = "If there is anything else I can help with, just let me know.";
    let files = [
        (
            "lib.yml",
            format!("replies:\n  - body: |\n      {blame}\n  - body: '{blame}'\n  - body: \"{blame}\"\n  - body: {blame}\n  - {{body: {blame}}}\n"),
            format!("replies:\n  - body: |\n      {fixed}\n\n      {offer}\n  - body: '{}'\n  - body: \"{fixed}\\n\\n{offer}\"\n  - body: {fixed}\n  - {{body: {fixed}}}\n", fixed.replace('\'', "''")),
        ),
        (
            "crlf.yml",
            format!("replies:\r\n  - body: |\r\n      {blame}\r\n"),
            format!("replies:\r\n  - body: |\r\n      {fixed}\r\n\r\n      {offer}\r\n"),
        ),
        (
            "lib.json",
            format!("[{{\"body\": \"{blame}\"}}]\n"),
            format!("[{{\"body\": \"{fixed}\\n\\n{offer}\"}}]\n"),
        ),
        (
            "lib.csv",
            format!("name,body\nx,\"{blame}\"\n"),
            format!("name,body\nx,\"{fixed}\n\n{offer}\"\n"),
        ),
    ];
    for (name, before, after) in &files {
        let path = dir.path().join(name);
        std::fs::write(&path, before).expect("write");
        tactful()
            .args(["fix", "--unsafe", "--write"])
            .arg(&path)
            .assert()
            .code(0);
        assert_eq!(
            &std::fs::read_to_string(&path).expect("read"),
            after,
            "{name}"
        );
    }
}

/// In a Markdown file the replies stand as they are, so an inserted sentence can be written
/// into it as it is.
#[test]
fn unsafe_fixes_insert_sentences_into_fenced_saved_replies() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("SAVED_REPLIES.md");
    let reply = |name: &str, text: &str| format!("## {name}\n```\n{text}\n```\n");
    let before = format!(
        "# Replies\n\n{}\n{}",
        reply("Fixed", "Thanks for the report. It is fixed in version 2."),
        reply("Duplicate", "Thanks! We track this in another issue."),
    );
    std::fs::write(&path, &before).expect("write");
    tactful()
        .args(["fix", "--unsafe", "--write"])
        .arg(&path)
        .assert()
        .code(0);
    let offer = "\n\nIf there is anything else I can help with, just let me know.";
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        format!(
            "# Replies\n\n{}\n{}",
            reply(
                "Fixed",
                &format!("Thanks for the report. It is fixed in version 2.{offer}")
            ),
            reply(
                "Duplicate",
                &format!("Thanks! We track this in another issue.{offer}")
            ),
        )
    );
    tactful()
        .args(["check", "--fail-on", "info"])
        .arg(&path)
        .assert()
        .code(0);
}

const EMAIL: &str = "From: Anna Berg <anna@example.com>\nTo: support@example.com\nSubject: Re: Refund for order 1234\nContent-Type: text/plain; charset=utf-8\n\nHi Sam,\n\nWhere is my refund?\n\nThanks,\nAnna\n";

/// An e-mail that holds its body as it is (an editor's draft, a plain UTF-8 message) is
/// rewritten whole: headers and CRLF line breaks kept, only the body fixed.
#[test]
fn email_holding_its_body_as_it_is_is_rewritten_in_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("draft.eml");
    let raw = "From: Sam <sam@example.com>\r\nSubject: Your refund\r\n\r\nHi Anna,\r\n\r\nThanks. We utilize card refunds.\r\n";
    std::fs::write(&path, raw).expect("write");
    tactful()
        .args(["fix", "--diff"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "@@ -4,3 +4,3 @@\n Hi Anna,\r\n \r\n-Thanks. We utilize card refunds.\r\n+Thanks. We use card refunds.\r\n",
        ));
    tactful()
        .args(["fix", "--write"])
        .arg(&path)
        .assert()
        .code(0)
        .stdout("")
        .stderr(predicate::str::contains("fixed 1 problem"));
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        raw.replace("utilize", "use")
    );
    // As a filter (an editor's, a mail client's), it gives the whole message back, fixed.
    tactful()
        .arg("fix")
        .write_stdin(raw)
        .assert()
        .code(0)
        .stdout(raw.replace("utilize", "use"));
    // Header bytes that are not UTF-8 are kept as they are.
    let latin = dir.path().join("latin.eml");
    std::fs::write(
        &latin,
        b"From: Ren\xe9 <r@example.com>\n\nThanks. We utilize it.\n",
    )
    .expect("write");
    tactful()
        .args(["fix", "--write"])
        .arg(&latin)
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read(&latin).expect("read"),
        b"From: Ren\xe9 <r@example.com>\n\nThanks. We use it.\n"
    );
}

/// An e-mail whose body is encoded, or whose declared charset cannot hold the fixes, is left
/// as it is; its fixed body goes to standard output.
#[test]
fn email_that_cannot_hold_the_fixed_body_is_not_rewritten() {
    let dir = tempfile::tempdir().expect("temp dir");
    let qp = "From: Sam <sam@example.com>\nSubject: Your refund\nContent-Transfer-Encoding: quoted-printable\n\nHi Anna,\n\nThanks. We utilize card=\n refunds.\n";
    let ascii = "From: Sam <sam@example.de>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n\nHallo Anna,\n\nIhre Bestellung ist unterwegs. Wenn Sie noch Fragen haben, melden Sie sich gern bei uns.\n";
    for (name, raw, args, why, body) in [
        (
            "qp.eml",
            qp,
            &["fix", "--write"][..],
            "not held as it is",
            "Hi Anna,\n\nThanks. We use card refunds.\n",
        ),
        (
            "ascii.eml",
            ascii,
            &["fix", "--write", "--unsafe"][..],
            "charset cannot hold",
            "Hallo Anna,\n\nvielen Dank für Ihre Nachricht. Ihre Bestellung ist unterwegs. Wenn Sie noch Fragen haben, melden Sie sich gern bei uns.\n",
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, raw).expect("write");
        tactful()
            .args(args)
            .arg(&path)
            .assert()
            .code(0)
            .stdout(body)
            .stderr(predicate::str::contains(format!("{name}: not rewritten: ")))
            .stderr(predicate::str::contains(why));
        assert_eq!(std::fs::read_to_string(&path).expect("read"), raw, "{name}");
        // As a filter, the same body, and a warning that the headers are not in it.
        tactful()
            .args(args.iter().filter(|a| **a != "--write"))
            .arg(&path)
            .assert()
            .stdout(body)
            .stderr(predicate::str::contains(format!("{name}: cannot be rewritten: ")));
    }
    // With nothing to fix, a filter gives the message back as it was.
    let clean = qp.replace(
        "We utilize card=\n refunds.",
        "Your card refund is on its way.",
    );
    tactful()
        .arg("fix")
        .write_stdin(clean.clone())
        .assert()
        .code(0)
        .stdout(clean);
}

#[test]
fn draft_from_an_email_takes_name_and_topic() {
    let text = draft_from("inquiry.eml", EMAIL);
    assert!(
        text.starts_with(
            "Hi Anna,\n\nThank you for getting in touch about “Refund for order 1234”."
        ),
        "{text}"
    );
    assert!(text.contains("{{answer: Where is my refund?}}"), "{text}");
}

/// A web form's e-mail: the customer is the one its name field names, not its sender, and the
/// question is quoted without its field's label, once though the subject asks it too.
#[test]
fn draft_from_a_web_form_greets_the_name_it_gives() {
    let form = "From: Website Contact Form <noreply@shop.example>\nTo: help@shop.example\nSubject: Where is my order?\n\nName: anna berg\nE-mail: anna@example.com\nMessage: Where is my order 4711? It has been a week.\n";
    let text = draft_from("form.eml", form);
    assert!(text.starts_with("Hi Anna,\n"), "{text}");
    // The form's own subject is no topic of the customer's.
    let generic = form.replace(
        "Subject: Where is my order?",
        "Subject: New message from your website",
    );
    let text = draft_from("form.eml", &generic);
    assert!(
        text.starts_with("Hi Anna,\n\nThank you for getting in touch.\n"),
        "{text}"
    );
    assert_eq!(text.matches("{{answer:").count(), 1, "{text}");
    assert!(
        text.contains("{{answer: Where is my order 4711?}}"),
        "{text}"
    );
    let no_name = form.replace("Name: anna berg\n", "");
    let text = draft_from("form.eml", &no_name);
    assert!(text.starts_with("Hello,\n"), "{text}");
}

/// Questions asked in another language than the reply's are counted, not matched word by word.
#[test]
fn questions_in_another_language_are_counted_not_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("inquiry.txt");
    std::fs::write(
        &path,
        "Здравствуйте!\n\nКогда придёт мой заказ? Можно ли оплатить картой?\n\nИгорь\n",
    )
    .expect("write");
    let reply = "Tere, Igor!\n\nAitäh pöördumise eest. Pakk jõuab kohale reedel.\n\nKui teil on veel küsimusi, andke julgelt teada.\n\nLugupidamisega\nMari\n";
    let out = tactful()
        .args(["check", "--format", "concise", "--inquiry"])
        .arg(&path)
        .write_stdin(reply)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8_lossy(&out);
    assert!(
        out.contains("info[inquiry-language] The customer asked 2 questions in `ru`"),
        "{out}"
    );
    assert!(!out.contains("unanswered-question"), "{out}");
}

/// A question asked only in the subject is one to answer, in `draft` and in `check --inquiry`.
#[test]
fn a_question_in_the_subject_is_asked() {
    let raw = "From: Hannah Lee <h@example.net>\nSubject: Re: Can I still change the delivery date?\nContent-Type: text/plain; charset=utf-8\n\nHi,\n\nOrder 70215 is set for Monday, but I'm away that day.\n\nHannah\n";
    let text = draft_from("inquiry.eml", raw);
    assert!(
        text.starts_with("Hi Hannah,\n\nThank you for getting in touch.\n\n{{answer: Can I still change the delivery date?}}"),
        "{text}"
    );
    // Asked again in the body, in other letters and spaces: one question.
    let again = raw.replace(
        "Order 70215",
        "can I still change the\ndelivery date? Order 70215",
    );
    let text = draft_from("inquiry.eml", &again);
    assert_eq!(text.matches("{{answer:").count(), 1, "{text}");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("inquiry.eml");
    std::fs::write(&path, raw).expect("write");
    let reply = "Hi Hannah,\n\nThanks for writing. I have noted that you are away on Monday.\n\nBest,\nSam\n";
    tactful()
        .args(["check", "--format", "concise", "--inquiry"])
        .arg(&path)
        .write_stdin(reply)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "“Can I still change the delivery date?”",
        ));
}

/// A sender written "Last, First" is greeted the right way round.
#[test]
fn draft_from_a_german_email_greets_the_sender_by_full_name() {
    let raw = "From: \"Meier, Klaus\" <k.meier@example.de>\nSubject: Lieferung\nContent-Type: text/plain; charset=utf-8\n\nGuten Tag,\n\nwann kommt meine Lieferung?\n\nMit freundlichen Grüßen\n";
    let text = draft_from("anfrage.eml", raw);
    assert!(text.starts_with("Guten Tag Klaus Meier,\n"), "{text}");
}

/// A team's templates pack words drafts over the built-in one, key by key; without the
/// built-in packs, the keys every draft needs are named when missing.
#[test]
fn a_team_templates_pack_words_the_draft() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("team.yaml"),
        "pack: team-templates\nlanguage: en\ndescription: Team wording\ntemplates:\n  greeting: \"Howdy {name},\"\n  sign_off: \"Cheers,\"\nrules: []\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("customer.txt"),
        "Hello,\n\nWhere is my parcel?\n\nThanks,\nAnna\n",
    )
    .expect("write");
    let out = tactful()
        .current_dir(dir.path())
        .args(["draft", "--pack", "team.yaml", "customer.txt"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("Howdy Anna,\n"), "{text}");
    assert!(text.contains("\nCheers,\n"), "{text}");
    // The keys the team left out come from the built-in pack.
    assert!(text.contains("Thank"), "{text}");
    // Alone, with a rule so that it is a pack of its language.
    std::fs::write(
        dir.path().join("alone.yaml"),
        "pack: alone\nlanguage: en\ntemplates:\n  greeting: \"Howdy {name},\"\nrules:\n  - id: no-asap\n    category: timeframe\n    severity: warning\n    kind: phrases\n    message: m\n    explanation: e\n    phrases: [asap]\n    examples:\n      - fires: Done asap.\n      - silent: Done today.\n",
    )
    .expect("write");
    tactful()
        .current_dir(dir.path())
        .args([
            "draft",
            "--no-default-packs",
            "--lang",
            "en",
            "--pack",
            "alone.yaml",
            "customer.txt",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "the draft templates for language `en` lack greeting_no_name, thanks_no_topic",
        ));
}

/// An e-mail sent more than a day before the draft is made gets a word about the wait after the
/// thanks, so that the reply does not draw `late-reply-apology`; a recent one does not.
#[test]
fn a_draft_to_an_old_e_mail_says_sorry_for_the_wait() {
    let mail = |date: &str| {
        format!("From: Anna Berg <anna@example.com>\nDate: {date}\nSubject: Refund\n\nHello,\nwhere is my refund for order 5531?\n\nAnna\n")
    };
    let drafted = |date: &str| {
        let out = tactful()
            .arg("draft")
            .write_stdin(mail(date))
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    let old = drafted("Mon, 3 Feb 2025 10:15:00 +0100");
    assert!(
        old.contains("Thank you for getting in touch about “Refund”. Sorry for the wait.\n"),
        "{old}"
    );
    // A date ahead of now: no wait at all.
    let recent = drafted("Mon, 4 Feb 2097 10:15:00 +0100");
    assert!(!recent.contains("wait"), "{recent}");
}

/// `fix --unsafe` greets the customer the e-mail is to, or whose e-mail `--inquiry` gives, by
/// their first name.
#[test]
fn fix_greets_the_customer_by_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let reply = dir.path().join("reply.eml");
    std::fs::write(
        &reply,
        "From: Sam <sam@shop.example>\nTo: \"Berg, Anna\" <ab@example.com>\nSubject: Re: Order\n\nHi Maria,\n\nThanks for writing. Your order left today.\n\nBest,\nSam\n",
    )
    .expect("write");
    tactful()
        .args(["fix", "--unsafe", "--select", "greeting"])
        .arg(&reply)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\nHi Anna,\n"));
    let customer = dir.path().join("customer.eml");
    std::fs::write(
        &customer,
        "From: Anna Berg <ab@example.com>\nSubject: Order\n\nWhere is my order?\n",
    )
    .expect("write");
    tactful()
        .args(["fix", "--unsafe", "--select", "greeting", "--inquiry"])
        .arg(&customer)
        .write_stdin("Hi Maria,\n\nThanks for writing. Your order left today.\n")
        .assert()
        .code(0)
        .stdout("Hi Anna,\n\nThanks for writing. Your order left today.\n");
}
