//! Bad input: each case gets a clear message and the right exit code, never a panic or a hang.
//! (Exit codes: 0 clean, 1 findings, 2 an input, pack or usage error; see README.)

use assert_cmd::Command;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

fn tactful() -> Command {
    let mut c = Command::cargo_bin("tactful").expect("binary is built");
    c.env_remove("NO_COLOR").env("NO_COLOR", "1");
    c
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = tactful().args(args).output().expect("runs");
    let r = Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !r.stderr.contains("panicked") && !r.stderr.contains("RUST_BACKTRACE"),
        "panic: {}",
        r.stderr
    );
    r
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(&p, bytes).expect("write");
    p.display().to_string()
}

const GOOD: &str = "Hi Sam,\n\nCalm down, the parcel left today.\n";

#[test]
fn invalid_utf8_is_reported_and_skipped_and_the_rest_is_checked() {
    // Decision (README): a file that is not UTF-8 is not linted lossily; it is named with the
    // line and column of the first bad byte, skipped, and the run ends with exit code 2.
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "bad.txt", b"Hi Sam,\n\nCalm \xff down.\n");
    let good = write(dir.path(), "good.txt", GOOD);
    let r = run(&["check", "--format", "concise", &bad, &good]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains("bad.txt") && r.stderr.contains("not UTF-8"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("bad.txt:3:6: not UTF-8 text (byte 0xFF)"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("good.txt"), "{}", r.stdout);
    assert!(!r.stdout.contains("bad.txt:"), "{}", r.stdout);
}

/// A file over 4 MiB is read from a map of it rather than a copy: it is decoded, and its bad
/// bytes reported, as a short file's are.
#[test]
fn a_long_file_is_decoded_as_a_short_one_is() {
    let dir = tempfile::tempdir().unwrap();
    let paragraph = "The parcel left the warehouse today. Calm down, it is on its way.\n\n";
    let text = paragraph.repeat(4_300_000 / paragraph.len());
    let last_line = text.lines().count() + 1;
    let mut bad = format!("{text}Calm ").into_bytes();
    bad.push(0xFF);
    let bad = write(dir.path(), "bad.txt", bad);
    let nul = write(dir.path(), "nul.txt", format!("{text}\0"));
    for (path, why) in [
        (&bad, "6: not UTF-8 text (byte 0xFF)"),
        (&nul, "1: binary file (a NUL byte)"),
    ] {
        let r = run(&["check", "--lang", "en", "--format", "concise", path]);
        assert_eq!(r.code, Some(2), "{}", r.stderr);
        assert!(
            r.stdout.contains("1 file could not be checked"),
            "{}",
            r.stdout
        );
        let at = format!("{path}:{last_line}:{why}");
        assert!(r.stderr.contains(&at), "{at}: {}", r.stderr);
    }
    let plain = write(dir.path(), "plain.txt", &text);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let utf16 = write(dir.path(), "utf16.txt", utf16);
    let findings = |path: &str| {
        let r = run(&["check", "--lang", "en", "--format", "concise", path]);
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        r.stdout.replace(path, "FILE")
    };
    let utf8 = findings(&plain);
    assert!(utf8.matches("abrasive").count() >= text.len() / paragraph.len());
    assert_eq!(findings(&utf16), utf8);
}

#[test]
fn utf16_with_a_byte_order_mark_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for unit in GOOD.encode_utf16() {
        le.extend(unit.to_le_bytes());
        be.extend(unit.to_be_bytes());
    }
    for (name, bytes, little) in [("le.txt", le, true), ("be.txt", be, false)] {
        let path = write(dir.path(), name, bytes);
        let r = run(&["check", "--format", "concise", &path]);
        assert_eq!(r.code, Some(1), "{name}: {}", r.stderr);
        assert!(r.stdout.contains("abrasive"), "{name}: {}", r.stdout);
        // `fix --write` writes it back in UTF-16, in the same byte order.
        let r = run(&["fix", "--write", "--unsafe", &path]);
        assert_eq!(r.code, Some(0), "{name}: {}", r.stderr);
        let bytes = std::fs::read(&path).unwrap();
        let bom: [u8; 2] = if little { [0xFF, 0xFE] } else { [0xFE, 0xFF] };
        assert_eq!(bytes[..2], bom, "{name}");
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| {
                if little {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        let fixed = String::from_utf16(&units).unwrap();
        assert!(
            fixed != GOOD && fixed.contains("the parcel left today"),
            "{name}: {fixed}"
        );
    }
    // Odd length: a clear error.
    let odd = write(dir.path(), "odd.txt", [0xFF, 0xFE, b'H', 0, b'i']);
    let r = run(&["check", &odd]);
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("UTF-16"), "{}", r.stderr);
}

#[test]
fn a_binary_file_in_a_folder_is_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "replies/a.txt", GOOD);
    write(
        dir.path(),
        "replies/blob.txt",
        b"PK\x03\x04\x00\x00calm down\x00\x01\x02",
    );
    let folder = dir.path().join("replies").display().to_string();
    let r = run(&["check", "--format", "concise", &folder]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains("blob.txt") && r.stderr.contains("binary"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout.contains("a.txt") && !r.stdout.contains("blob.txt:"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_binary_file_named_explicitly_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let blob = write(dir.path(), "blob.txt", b"calm down\x00\x01\x02");
    let r = run(&["check", &blob]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains("blob.txt") && r.stderr.contains("binary"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_empty_file_is_an_empty_reply() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.txt", "");
    let r = run(&["check", &empty]);
    assert_eq!(r.code, Some(1), "{} {}", r.stdout, r.stderr);
    assert!(r.stdout.contains("error[empty-reply]"), "{}", r.stdout);
    let r = run(&["fix", &empty]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout, "");
}

#[test]
fn a_50_mb_single_line_finishes() {
    let dir = tempfile::tempdir().unwrap();
    // Mostly calm text with a finding now and then (a million findings would only test the
    // output's size). `concise`: `full` prints the whole source line under each finding.
    let calm = "the parcel left the warehouse on monday and the courier has it now, ";
    let unit = format!("we will utilize it, {}", calm.repeat(20_000));
    let line = unit.repeat(50 * 1024 * 1024 / unit.len());
    let path = write(dir.path(), "line.txt", &line);
    let r = run(&[
        "check",
        "--lang",
        "en",
        "--format",
        "concise",
        "--fail-on",
        "never",
        &path,
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stdout.contains("line.txt:1:"),
        "{}",
        &r.stdout[..r.stdout.len().min(500)]
    );
}

#[test]
fn a_deeply_nested_yaml_pack_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 100_000;
    let deep = format!(
        "pack: deep\nlanguage: en\nrules: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let pack = write(dir.path(), "deep.yaml", deep);
    let r = run(&["check", "--pack", &pack, "-"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("deep.yaml"), "{}", r.stderr);
    assert!(r.stderr.contains("nested more than"), "{}", r.stderr);
    // Just below the limit, the parser's own checks answer (and quickly).
    let nested = format!(
        "pack: deep\nlanguage: en\nrules: {}{}\n",
        "[".repeat(250),
        "]".repeat(250)
    );
    let pack = write(dir.path(), "nested.yaml", nested);
    let r = run(&["check", "--pack", &pack, "-"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("nested.yaml"), "{}", r.stderr);
}

#[test]
fn a_yaml_alias_bomb_fails_fast() {
    let dir = tempfile::tempdir().unwrap();
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = 'a';
    for c in 'b'..='i' {
        bomb.push_str(&format!(
            "{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
        prev = c;
    }
    let pack = format!(
        "pack: bomb\nlanguage: en\ndescription: x\nrules: []\nbomb:\n  {}",
        bomb.replace('\n', "\n  ")
    );
    let path = write(dir.path(), "bomb.yaml", pack);
    let started = Instant::now();
    let r = run(&["check", "--pack", &path, "-"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("bomb.yaml"), "{}", r.stderr);
    // 9^9 expanded nodes would take minutes and gigabytes; the parser refuses long before.
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "took {:?}",
        started.elapsed()
    );
}

/// A minimal pack with one rule of `kind` and its `body` keys.
fn pack_with_rule(id: &str, kind: &str, body: &str, fires: &str, silent: &str) -> String {
    format!(
        "pack: test-pack\nlanguage: en\ndescription: test\nrules:\n  - id: {id}\n    category: jargon\n    severity: warning\n    kind: {kind}\n    message: \"m {{match}}\"\n    explanation: e\n{body}    examples:\n      - fires: \"{fires}\"\n      - silent: \"{silent}\"\n"
    )
}

#[test]
fn a_regex_too_large_is_an_error_naming_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    let pack = pack_with_rule(
        "huge-regex",
        "pattern",
        "    patterns: ['(?:\\w{100}){100}']\n",
        "x",
        "y",
    );
    let path = write(dir.path(), "huge.yaml", pack);
    let r = tactful()
        .args([
            "check",
            "--no-default-packs",
            "--pack",
            &path,
            "--lang",
            "en",
            "-",
        ])
        .write_stdin(GOOD)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("huge.yaml") && stderr.contains("huge-regex"),
        "{stderr}"
    );
    assert!(stderr.contains("size limit"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_pack_with_100_000_phrases_loads() {
    let dir = tempfile::tempdir().unwrap();
    let mut phrases = String::from("    phrases:\n");
    for i in 0..100_000 {
        phrases.push_str(&format!("      - zqx{i:06} word\n"));
    }
    let pack = pack_with_rule(
        "many-phrases",
        "phrases",
        &phrases,
        "Use zqx099999 word now.",
        "Nothing here.",
    );
    let path = write(dir.path(), "many.yaml", pack);
    let r = tactful()
        .args([
            "check",
            "--no-default-packs",
            "--pack",
            &path,
            "--lang",
            "en",
            "--format",
            "concise",
            "-",
        ])
        .write_stdin("Hi Sam,\n\nPlease try zqx054321 word again.\n")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&r.stdout);
    assert_eq!(
        r.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    assert!(stdout.contains("many-phrases"), "{stdout}");
}

#[test]
fn an_unreadable_file_is_reported_and_the_rest_checked() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = write(dir.path(), "locked.txt", GOOD);
    let good = write(dir.path(), "good.txt", GOOD);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // As root, mode 000 does not stop reading; a file that no one can read whole stands in.
    let (unreadable, why) = if std::fs::read(&locked).is_err() {
        (locked, "permission denied")
    } else {
        ("/proc/self/mem".to_string(), "/proc/self/mem")
    };
    let r = run(&["check", "--format", "concise", &unreadable, &good]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains(why), "{}", r.stderr);
    assert!(r.stdout.contains("good.txt"), "{}", r.stdout);
}

#[test]
fn symlink_loops_in_a_folder_do_not_hang() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("replies");
    write(&root, "a.txt", GOOD);
    std::os::unix::fs::symlink("loop.txt", root.join("loop.txt")).unwrap();
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::os::unix::fs::symlink("..", root.join("sub/up")).unwrap();
    std::os::unix::fs::symlink(&root, root.join("sub/self")).unwrap();
    let folder = root.display().to_string();
    let r = run(&["check", "--format", "concise", &folder]);
    assert!(matches!(r.code, Some(1 | 2)), "{:?} {}", r.code, r.stderr);
    // The reply is checked, and links to folders are not followed (so no path goes round).
    assert!(r.stdout.contains("a.txt:"), "{}", r.stdout);
    // (A path through a link would hold `sub/up/` or `sub/self/`; the temporary folder's own
    // random name may end in "up".)
    assert!(
        !r.stdout.contains("sub/up/") && !r.stdout.contains("sub/self/"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_closed_stdout_pipe_ends_quietly_with_the_exit_code_of_what_was_checked() {
    // A text, and one long enough to be printed section by section as it is checked; its
    // warnings make the exit code 1, as when its output is read to the end.
    for lines in [20_000, 110_000] {
        let many = "Calm down, you failed to utilize it ASAP.\n".repeat(lines);
        closed_pipe_ends_quietly(many.clone(), &[], 1);
        closed_pipe_ends_quietly(many, &["--fail-on", "never"], 0);
    }
}

fn closed_pipe_ends_quietly(many: String, options: &[&str], code: i32) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "many.txt", many);
    let bin = assert_cmd::cargo::cargo_bin("tactful");
    let mut child = std::process::Command::new(bin)
        .args(["check", "--lang", "en", &path])
        .args(options)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read a little, then close our end: the next writes fail with a broken pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    let _ = stdout.read(&mut first);
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(code), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn a_file_gone_between_walk_and_read_is_reported_and_the_rest_checked() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", GOOD);
    let gone = dir.path().join("gone.txt").display().to_string();
    let r = run(&["check", "--format", "concise", &gone, &good]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains("gone.txt") && r.stderr.contains("no such file"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("good.txt"), "{}", r.stdout);
}

#[test]
fn fix_write_killed_at_any_moment_leaves_the_old_or_the_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let old = "Hi Sam,\n\nWe will utilize the new form prior to shipping.\n\n".repeat(8_000);
    let path: PathBuf = dir.path().join("big.txt");
    std::fs::write(&path, &old).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("tactful");
    // The fixed text, printed without --write.
    let new = std::process::Command::new(&bin)
        .args(["fix", "--lang", "en"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(new.status.code(), Some(0));
    let new = new.stdout;
    assert_ne!(new, old.as_bytes());
    // How long a whole run takes, then kills spread over it.
    let started = Instant::now();
    let status = std::process::Command::new(&bin)
        .args(["fix", "--write", "--lang", "en"])
        .arg(&path)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let full = started.elapsed();
    assert_eq!(std::fs::read(&path).unwrap(), new);
    let mut saw_old = false;
    // Kills spread over the run, most near its end, where the file is written.
    for percent in [5u32, 30, 60, 80, 90, 95, 100, 105] {
        std::fs::write(&path, &old).unwrap();
        let mut child = std::process::Command::new(&bin)
            .args(["fix", "--write", "--lang", "en"])
            .arg(&path)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full * percent / 100);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = std::fs::read(&path).unwrap();
        assert!(
            now == old.as_bytes() || now == new,
            "kill at {percent}% of the run left {} bytes (old {}, new {})",
            now.len(),
            old.len(),
            new.len()
        );
        saw_old |= now == old.as_bytes();
    }
    assert!(saw_old, "no kill landed before the rename");
}
