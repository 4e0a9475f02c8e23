//! Every example of every built-in pack holds (the same check as `tactful test-packs`).

use tactful::examples::run_examples;
use tactful::pack::Kind;
use tactful::Engine;

#[test]
fn builtin_pack_examples_pass() {
    let engine = Engine::builder()
        .builtin_packs()
        .build()
        .expect("built-in packs load");
    let report = run_examples(&engine).expect("packs compile");
    let failures: Vec<String> = report
        .failures
        .iter()
        .map(|f| {
            format!(
                "{} ({}): {}\n    {:?}",
                f.rule, f.language, f.problem, f.text
            )
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(report.passed > 0);
}

/// Run `check` on every rule of the built-in packs.
fn each_builtin_rule(check: impl Fn(&tactful::rules::Rule)) {
    let engine = Engine::builder()
        .builtin_packs()
        .build()
        .expect("built-in packs load");
    for rule in engine.rules().expect("packs compile") {
        check(rule);
    }
}

#[test]
fn every_builtin_rule_has_a_known_category_and_both_kinds_of_example() {
    each_builtin_rule(|rule| {
        let i = &rule.info;
        assert!(
            tactful::pack::CATEGORIES.contains(&i.category.as_str()),
            "{} ({}) has category {}",
            i.id,
            i.language,
            i.category
        );
        assert!(
            rule.examples().iter().any(|e| e.fires.is_some()),
            "{}",
            i.id
        );
        assert!(
            rule.examples().iter().any(|e| e.silent.is_some()),
            "{}",
            i.id
        );
    });
}

/// A rule that reports something missing has no replacement to show: it says what to do instead,
/// in every language.
#[test]
fn every_builtin_rule_for_something_missing_says_what_to_do() {
    each_builtin_rule(|rule| {
        let i = &rule.info;
        if matches!(i.kind, Kind::Require | Kind::Unanswered) {
            let said = i
                .suggestion
                .as_deref()
                .is_some_and(|s| !s.trim().is_empty());
            assert!(said, "{} ({}) has no suggestion", i.id, i.language);
        }
    });
}

#[test]
fn english_packs_are_large_enough() {
    let engine = Engine::builder()
        .builtin_packs()
        .build()
        .expect("built-in packs load");
    let count = |cat: &str| -> usize {
        engine
            .rules()
            .expect("packs compile")
            .into_iter()
            .filter(|r| r.info.language == "en" && r.info.category == cat)
            .map(|r| {
                let path = tactful::builtin::PACKS
                    .iter()
                    .find(|(p, _)| r.info.file.ends_with(p))
                    .map(|(p, _)| *p)
                    .expect("a built-in pack");
                let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
                let spec = std::fs::read_to_string(file).expect("the pack's file");
                let pack = tactful::pack::parse_pack("x", &spec).expect("valid");
                pack.rules
                    .iter()
                    .filter(|s| s.id == r.info.id)
                    .map(|s| {
                        s.phrases.as_ref().map_or(0, Vec::len)
                            + s.expansions.as_ref().map_or(0, |e| e.len())
                    })
                    .sum::<usize>()
            })
            .sum()
    };
    assert!(count("abrasive") >= 60, "abrasive: {}", count("abrasive"));
    assert!(count("jargon") >= 60, "jargon: {}", count("jargon"));
}
