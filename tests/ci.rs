//! CI use: output formats, configuration, inline suppression, collections and parallel runs.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

fn tactful(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("tactful").expect("binary is built");
    c.current_dir(dir).env("NO_COLOR", "1");
    c
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

fn stdout(c: &mut Command) -> String {
    let out = c.output().expect("runs");
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// A folder with a reply whose findings need escaping in every format.
fn tricky() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "a, b: 100%.txt",
        "Hi <Anna> & co,\n\nThanks. We utilize it: 100% soon, calm down!!\n",
    );
    dir
}

#[test]
fn github_annotations_escape_properties_and_data() {
    let dir = tricky();
    let out = stdout(tactful(dir.path()).args(["check", "--format", "github", "."]));
    let line = out
        .lines()
        .find(|l| l.contains("plain-language"))
        .expect("a plain-language annotation");
    assert!(
        line.starts_with("::notice file=./a%2C b%3A 100%25.txt,line=3,col=12,endLine=3,endColumn=19,title=tactful plain-language (jargon)::"),
        "{line}"
    );
    assert!(out.contains("::warning file="), "{out}");
    assert!(!out.contains("Found"), "no summary in CI formats");
}

/// The schema errors of a SARIF log.
fn sarif_schema_errors(sarif: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/sarif-2.1.0-rtm.5.json"),
        )
        .expect("schema"),
    )
    .expect("schema JSON");
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    validator
        .iter_errors(sarif)
        .map(|e| e.to_string())
        .collect()
}

#[test]
fn sarif_validates_against_the_schema() {
    let dir = tricky();
    let out = stdout(tactful(dir.path()).args(["check", "--format", "sarif", "."]));
    let sarif: Value = serde_json::from_str(&out).expect("JSON");
    let errors = sarif_schema_errors(&sarif);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(sarif["runs"][0].get("invocations").is_none());
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert!(run["tool"]["driver"]["rules"]
        .as_array()
        .is_some_and(|r| r.len() > 10));
    let results = run["results"].as_array().expect("results");
    let fixed = results
        .iter()
        .find(|r| r["ruleId"] == "plain-language")
        .expect("plain-language result");
    assert_eq!(
        fixed["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
        "use"
    );
    // Rules are described in the language of their findings (English here), without the
    // fields of a finding's message.
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let rule = |id: &str| rules.iter().find(|r| r["id"] == id).expect("described");
    let short = |id: &str| {
        rule(id)["shortDescription"]["text"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        short("plain-language"),
        "“…” is wordy or formal; there is a plainer way to say it"
    );
    assert!(
        short("abrasive-blame").contains("blame"),
        "{}",
        short("abrasive-blame")
    );
}

#[test]
fn junit_and_checkstyle_are_well_formed_and_escaped() {
    let dir = tricky();
    let junit = stdout(tactful(dir.path()).args(["check", "--format", "junit", "."]));
    assert!(junit.starts_with("<?xml"), "{junit}");
    assert!(
        junit.contains("<testsuite name=\"./a, b: 100%.txt\""),
        "{junit}"
    );
    assert!(junit.contains("failures="), "{junit}");
    assert!(
        !junit.contains("<Anna>") && !junit.contains(" & "),
        "{junit}"
    );
    // Findings below --fail-on are test cases that pass, as the exit code says.
    let passing =
        stdout(tactful(dir.path()).args(["check", "--format", "junit", "--fail-on", "never", "."]));
    assert!(
        passing.contains(r#"failures="0""#) && !passing.contains("<failure "),
        "{passing}"
    );
    assert!(passing.contains("<system-out>"), "{passing}");
    let cs = stdout(tactful(dir.path()).args(["check", "--format", "checkstyle", "."]));
    assert!(cs.contains(r#"<file name="./a, b: 100%.txt">"#), "{cs}");
    assert!(cs.contains(r#"source="tactful.plain-language""#), "{cs}");
    assert_eq!(cs.matches("<error ").count(), cs.matches("/>").count());
}

#[test]
fn gitlab_fingerprints_are_unique_and_rdjson_has_suggestions() {
    let dir = tricky();
    write(
        dir.path(),
        "b.txt",
        "Thanks. We utilize it. We utilize it.\n",
    );
    let gl: Value = serde_json::from_str(&stdout(
        tactful(dir.path()).args(["check", "--format", "gitlab", "."]),
    ))
    .expect("JSON");
    let prints: Vec<&str> = gl
        .as_array()
        .expect("array")
        .iter()
        .map(|i| i["fingerprint"].as_str().expect("fingerprint"))
        .collect();
    let mut unique = prints.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), prints.len());
    // A line added above keeps every fingerprint.
    let plain_language = |dir: &std::path::Path| -> Vec<String> {
        let v: Value = serde_json::from_str(&stdout(
            tactful(dir).args(["check", "--format", "gitlab", "b.txt"]),
        ))
        .expect("JSON");
        v.as_array()
            .expect("array")
            .iter()
            .filter(|i| i["check_name"] == "plain-language")
            .map(|i| i["fingerprint"].to_string())
            .collect()
    };
    let before = plain_language(dir.path());
    write(
        dir.path(),
        "b.txt",
        "Hello.\n\nThanks. We utilize it. We utilize it.\n",
    );
    assert_eq!(before.len(), 2);
    assert_eq!(plain_language(dir.path()), before);
    let rd: Value = serde_json::from_str(&stdout(
        tactful(dir.path()).args(["check", "--format", "rdjson", "."]),
    ))
    .expect("JSON");
    let d = rd["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"]["value"] == "plain-language")
        .expect("plain-language");
    assert_eq!(d["suggestions"][0]["text"], "use");
    assert_eq!(d["location"]["range"]["start"]["line"], 3);
}

#[test]
fn jsonl_has_one_finding_per_line() {
    let dir = tricky();
    let out = stdout(tactful(dir.path()).args(["check", "--format", "jsonl", "."]));
    for line in out.lines() {
        let v: Value = serde_json::from_str(line).expect("one JSON object per line");
        assert!(v["rule"].is_string());
    }
    assert!(out.lines().count() >= 4);
}

#[test]
fn statistics_and_quiet() {
    let dir = tricky();
    let out = stdout(tactful(dir.path()).args(["check", "--statistics", "."]));
    assert!(out.contains("plain-language"), "{out}");
    assert!(out.contains("(1 fixable)"), "{out}");
    write(
        dir.path(),
        "sub/clean.txt",
        "Thanks for writing! All done. Let me know if anything else comes up.\n",
    );
    let quiet = stdout(tactful(dir.path()).args(["check", "--quiet", "sub"]));
    assert_eq!(quiet, "");
}

#[test]
fn config_is_discovered_and_can_be_bypassed() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        ".tactful.yml",
        "ignore: [jargon]\nfail-on: error\nvocabulary: [ACME]\n",
    );
    write(
        dir.path(),
        "sub/r.txt",
        "Thanks. We utilize ACME. Please calm down.\n",
    );
    let sub = dir.path().join("sub");
    let out = stdout(tactful(&sub).args(["check", "--format", "concise", "r.txt"]));
    assert!(
        !out.contains("plain-language") && !out.contains("ACME"),
        "{out}"
    );
    assert!(out.contains("abrasive"), "{out}");
    tactful(&sub).args(["check", "r.txt"]).assert().code(0); // fail-on: error
    let isolated =
        stdout(tactful(&sub).args(["check", "--isolated", "--format", "concise", "r.txt"]));
    assert!(isolated.contains("plain-language"), "{isolated}");
    write(dir.path(), "other.yml", "select: [shouting]\n");
    let other = stdout(tactful(&sub).args([
        "check",
        "--config",
        "../other.yml",
        "--format",
        "concise",
        "r.txt",
    ]));
    assert!(
        !other.contains("abrasive") && !other.contains("plain-language"),
        "{other}"
    );
    write(dir.path(), "bad.yml", "ignore: [jargon]\ncolour: red\n");
    tactful(&sub)
        .args(["check", "--config", "../bad.yml", "r.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.yml:2:1").and(predicate::str::contains("colour")));
}

#[test]
fn per_glob_overrides_set_language_and_severity() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        ".tactful.yml",
        "overrides:\n  - files: ['de/**']\n    lang: de\n    severity: {abrasive: error}\n",
    );
    write(dir.path(), "de/a.txt", "OK.\n");
    write(dir.path(), "de/b.txt", "Beruhigen Sie sich bitte.\n");
    let v: Value = serde_json::from_str(&stdout(
        tactful(dir.path()).args(["check", "--format", "json", "de"]),
    ))
    .expect("JSON");
    assert!(v["summary"]["files"]
        .as_array()
        .expect("files")
        .iter()
        .all(|f| f["language"] == "de"));
    let d = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["category"] == "abrasive")
        .expect("abrasive finding");
    assert_eq!(d["severity"], "error");
}

#[test]
fn inline_suppression_and_unused_suppressions() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "r.txt",
        "Thanks. Please calm down. <!-- tactful-ignore abrasive --> <!-- tactful-ignore profanity -->\n",
    );
    let out = stdout(tactful(dir.path()).args(["check", "--format", "concise", "r.txt"]));
    assert!(!out.contains("abrasive-"), "{out}");
    assert!(out.contains("unused-suppression"), "{out}");
    assert!(out.contains("profanity"), "{out}");
}

#[test]
fn yaml_collections_map_positions_and_name_entries() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "replies.yml",
        "replies:\n  - name: Refund\n    body: |\n      Hi {{name}},\n\n      Thanks for waiting. We utilize card refunds.\n  - name: Broken {{\n    body: \"Thanks!\\nYour code is {{code\"\n",
    );
    let v: Value = serde_json::from_str(&stdout(tactful(dir.path()).args([
        "check",
        "--format",
        "json",
        "replies.yml",
    ])))
    .expect("JSON");
    let ds = v["diagnostics"].as_array().expect("diagnostics");
    let plain = ds
        .iter()
        .find(|d| d["rule"] == "plain-language")
        .expect("plain-language");
    assert_eq!(
        (plain["line"].as_u64(), plain["column"].as_u64()),
        (Some(6), Some(30))
    );
    assert_eq!(plain["entry"], "Refund");
    assert!(
        !ds.iter().any(|d| d["text"] == "{{name}}"),
        "placeholders are allowed in templates: {ds:?}"
    );
    let broken = ds
        .iter()
        .find(|d| d["rule"] == "placeholder-unfilled")
        .expect("the broken placeholder");
    assert_eq!(broken["entry"], "Broken {{");
    assert_eq!(broken["line"], 8);
}

#[test]
fn template_variables_from_config_catch_typos() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        ".tactful.yml",
        "variables: [ticket.requester.name]\n",
    );
    write(
        dir.path(),
        "macros.json",
        r#"[{"title": "Hello", "body": "Hi {{ticket.requestor.name}},\n\nThanks for writing. Hi {{ticket.requester.name}}!"}]"#,
    );
    let out = stdout(tactful(dir.path()).args(["check", "--format", "concise", "macros.json"]));
    assert!(out.contains("ticket.requestor.name"), "{out}");
    assert!(!out.contains("“{{ticket.requester.name}}”"), "{out}");
}

/// A folder with a library that does not parse (`a.yml`) and a reply (`b.txt`).
fn broken_and_clean() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "a.yml",
        "replies:\n  - name: x\n    body: [unclosed\n",
    );
    write(dir.path(), "b.txt", "Thanks. Please calm down.\n");
    dir
}

#[test]
fn broken_collection_is_an_error_and_others_are_checked() {
    let dir = broken_and_clean();
    tactful(dir.path())
        .args(["check", "--format", "concise", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a.yml:"))
        .stdout(predicate::str::contains("b.txt:1:9"));
}

#[test]
fn inputs_not_checked_are_in_the_structured_formats() {
    let dir = broken_and_clean();
    let run = |format: &str| {
        let out = tactful(dir.path())
            .args(["check", "--format", format, "."])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    let json: Value = serde_json::from_str(&run("json")).expect("JSON");
    let unchecked = &json["summary"]["unchecked"];
    assert_eq!(unchecked.as_array().map(Vec::len), Some(1), "{json}");
    assert_eq!(unchecked[0]["path"], "./a.yml");
    assert!(
        unchecked[0]["line"].as_u64().is_some_and(|l| l >= 3),
        "{unchecked}"
    );
    assert!(unchecked[0]["error"]
        .as_str()
        .is_some_and(|e| e.starts_with("./a.yml:") && e.contains("YAML")));
    assert_eq!(json["summary"]["files"][0]["path"], "./b.txt");

    let github = run("github");
    assert!(
        github
            .lines()
            .any(|l| l.starts_with("::error file=./a.yml,line=")),
        "{github}"
    );
    let junit = run("junit");
    let suites = junit.lines().nth(1).expect("the test suites");
    assert!(suites.ends_with(r#" errors="1">"#), "{junit}");
    assert!(junit.contains(r#"<error message="not checked" type="input">./a.yml:"#));
    let cs = run("checkstyle");
    assert!(cs.contains(r#"severity="error" message="./a.yml:"#), "{cs}");
    assert!(cs.contains(r#"source="tactful.input""#), "{cs}");

    let rdjson: Value = serde_json::from_str(&run("rdjson")).expect("JSON");
    let first = &rdjson["diagnostics"][0];
    assert_eq!(first["code"]["value"], "tactful-input", "{rdjson}");
    assert_eq!(first["severity"], "ERROR");
    assert_eq!(first["location"]["path"], "./a.yml");
    let gitlab: Value = serde_json::from_str(&run("gitlab")).expect("JSON");
    assert_eq!(gitlab[0]["check_name"], "tactful-input", "{gitlab}");
    assert_eq!(gitlab[0]["severity"], "blocker");
    assert!(gitlab[0]["location"]["lines"]["begin"]
        .as_u64()
        .is_some_and(|l| l >= 3));

    let sarif: Value = serde_json::from_str(&run("sarif")).expect("JSON");
    let errors = sarif_schema_errors(&sarif);
    assert!(errors.is_empty(), "{errors:?}");
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let note = &invocation["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "error");
    assert_eq!(
        note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "./a.yml"
    );
}

#[test]
fn csv_collections_with_a_configured_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), ".tactful.yml", "csv-column: answer\n");
    write(
        dir.path(),
        "faq.csv",
        "id,answer\n1,\"Thanks! We utilize\nthe \"\"new\"\" form.\"\n2,Thanks.\n",
    );
    let v: Value = serde_json::from_str(&stdout(
        tactful(dir.path()).args(["check", "--format", "json", "faq.csv"]),
    ))
    .expect("JSON");
    let d = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["rule"] == "plain-language")
        .expect("plain-language");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(15))
    );
}

#[test]
fn each_entry_is_checked_against_its_own_customer_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "pairs.csv",
        "instruction,response\n\
         What is the ETA of my order?,\"Thanks for asking. The ETA is Friday, and I am happy to help further.\"\n\
         Can I change the delivery address?,\"Thanks for writing. Our store opens at nine, and I am happy to help further.\"\n",
    );
    write(
        dir.path(),
        "pairs.yml",
        "- question: Can I change the delivery address?\n  \
           body: Thanks for writing. Our store opens at nine, and I am happy to help further.\n",
    );
    let rules = |args: &[&str], config: &str| {
        write(dir.path(), ".tactful.yml", config);
        let v: Value = serde_json::from_str(&stdout(
            tactful(dir.path())
                .args(["check", "--format", "json", "--fail-on", "never"])
                .args(args),
        ))
        .expect("JSON");
        let mut found: Vec<(String, String)> = v["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["rule"] == "jargon-acronym" || d["rule"] == "unanswered-question")
            .map(|d| {
                (
                    d["path"].as_str().unwrap_or("").to_string(),
                    d["rule"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        found.sort();
        found
    };
    let pair = |p: &str, r: &str| (p.to_string(), r.to_string());
    // Without the customer's messages: the acronym is unexplained, no question is known.
    assert_eq!(
        rules(&["pairs.csv"], "csv-column: response\n"),
        [pair("pairs.csv", "jargon-acronym")]
    );
    // With them: the customer wrote "ETA"; the question about the address is not answered.
    let config = "csv-column: response\ninquiry-field: instruction\noverrides:\n  - files: ['*.yml']\n    inquiry-field: question\n";
    assert_eq!(
        rules(&["pairs.csv", "pairs.yml"], config),
        [
            pair("pairs.csv", "unanswered-question"),
            pair("pairs.yml", "unanswered-question")
        ]
    );
    // A column that is not there is an error naming it.
    write(
        dir.path(),
        ".tactful.yml",
        "csv-column: response\ninquiry-field: nope\n",
    );
    tactful(dir.path())
        .args(["check", "pairs.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no column named `nope`"));
}

#[test]
fn output_is_the_same_with_one_or_two_threads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let texts = [
        "Thanks. We utilize it soon.\n",
        "Hi Anna,\n\nPlease calm down!!\n",
        "Danke. Beruhigen Sie sich bitte.\n",
        "Спасибо. Успокойтесь, пожалуйста.\n",
        "Aitäh. Rahunege maha!\n",
    ];
    for i in 0..1000 {
        write(
            dir.path(),
            &format!("d{}/r{i:04}.txt", i % 7),
            texts[i % texts.len()],
        );
    }
    let one =
        stdout(tactful(dir.path()).args(["check", "--format", "concise", "--jobs", "1", "."]));
    let two =
        stdout(tactful(dir.path()).args(["check", "--format", "concise", "--jobs", "2", "."]));
    assert_eq!(one, two);
    assert!(
        one.contains("in 1000 files"),
        "{}",
        one.lines().last().unwrap_or("")
    );
}

/// A library's entries give the same findings, in the same order, whether one thread checks
/// them or two share them out.
#[test]
fn a_library_is_the_same_on_one_or_two_threads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let texts = [
        "Thanks. We utilize it soon.",
        "Hi {{name}}, please calm down!!",
        "Danke. Beruhigen Sie sich bitte.",
        "Спасибо. Успокойтесь, пожалуйста.",
    ];
    let mut yaml = String::new();
    for i in 0..500 {
        yaml.push_str(&format!(
            "- title: r{i}\n  body: \"{}\"\n",
            texts[i % texts.len()]
        ));
    }
    write(dir.path(), "replies.yml", &yaml);
    let check = |jobs: &str| {
        stdout(tactful(dir.path()).args([
            "check",
            "--format",
            "json",
            "--jobs",
            jobs,
            "replies.yml",
        ]))
    };
    let one = check("1");
    assert_eq!(one, check("2"));
    let json: Value = serde_json::from_str(&one).expect("JSON");
    let found = json["diagnostics"].as_array().expect("diagnostics").len();
    assert!(found >= 1000, "{found} findings");
}

/// A YAML or JSON file in which no field holds reply text is no clean library: an error when
/// named, a warning when found in a folder (it may be other YAML).
#[test]
fn a_library_with_no_reply_text_is_pointed_out() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("faq.yml"),
        "faq:\n  - question: Where is it?\n    answer: Obviously you failed to read it.\n",
    )
    .expect("write");
    let named = tactful(dir.path())
        .args(["check", "faq.yml"])
        .output()
        .expect("runs");
    assert_eq!(named.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&named.stderr);
    assert!(stderr.contains("faq.yml: no reply text found"), "{stderr}");
    assert!(stderr.contains("text-fields"), "{stderr}");
    let walked = tactful(dir.path())
        .args(["check", "."])
        .output()
        .expect("runs");
    assert_eq!(walked.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&walked.stderr);
    assert!(
        stderr.contains("warning: ./faq.yml: no reply text found"),
        "{stderr}"
    );
    // Named as reply text, the answers are checked.
    std::fs::write(dir.path().join(".tactful.yml"), "text-fields: [answer]\n").expect("write");
    let configured = tactful(dir.path())
        .args(["check", "faq.yml"])
        .output()
        .expect("runs");
    assert_eq!(configured.status.code(), Some(1));
}
