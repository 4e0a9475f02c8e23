//! Properties of the engine over generated replies (proptest): sound spans, sorted diagnostics,
//! idempotent fixes that never touch protected text, and deterministic output.
//! Set PROPTEST_CASES to run more cases than the default below.

use proptest::prelude::*;
use proptest::sample::select;
use tactful::fix::fix_text;
use tactful::{Applicability, CheckOptions, Engine};

mod common;
use common::engine;

/// Pieces of replies in four languages that make rules fire, plus structure and odd Unicode.
const PIECES: &[&str] = &[
    "Hi Sam,\n\n",
    "Hello Anna,\n",
    "Hallo Herr Meier,\n\n",
    "Здравствуйте, Анна!\n\n",
    "Tere, Mari!\n\n",
    "Thanks for writing. ",
    "Calm down, ",
    "you failed to attach the invoice. ",
    "As I already said, ",
    "obviously ",
    "Obviously, ",
    "simply ",
    "We will utilize the new form prior to shipping. ",
    "We'll get back to you soon. ",
    "ASAP",
    "Please escalate to tier 2. ",
    "Your RMA is ready. ",
    "PLEASE DO NOT RESTART IT!! ",
    "That's not our problem. ",
    "Beruhigen Sie sich, das ist überhaupt kein Problem. ",
    "Успокойтесь, вы не приложили чек. ",
    "Rahunege, see pole meie probleem. ",
    "Is there anything else I can help with? ",
    "Where is my parcel?",
    "\n",
    "\n\n",
    "\r\n",
    "Best regards,\nSam\n",
    "-- \nAcme Support\n",
    "Sent from my iPhone\n",
    "\n> Where is my refund? Calm down!\n",
    "On Mon, 3 Feb 2025, Anna <a@b.c> wrote:\n> Can you utilize ASAP?\n",
    "{{first_name}}",
    "{{",
    "[Customer Name]",
    "XXX",
    "`calm down`",
    "```\nutilize ASAP\n```\n",
    "https://example.com/calm-down",
    "Dr. Lee e.g. ",
    "…",
    "İ",
    "ẞ",
    "\u{301}",
    "😀",
    "’",
    "\t",
    " ",
];

/// A reply: 0–40 pieces, sometimes joined by free text in several scripts.
fn reply() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => select(PIECES).prop_map(str::to_string),
        1 => "[a-zA-Zа-яёäöüõ ,.!?'\n]{0,24}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn config() -> ProptestConfig {
    // Fast by default (a few hundred cases per property); PROPTEST_CASES overrides.
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(200),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

const LANGUAGES: [Option<&str>; 5] = [None, Some("en"), Some("de"), Some("ru"), Some("et")];

proptest! {
    #![proptest_config(config())]

    #[test]
    fn spans_lie_inside_the_input_on_char_boundaries(text in reply(), lang in select(&LANGUAGES[..])) {
        let report = engine().check(&text, &CheckOptions { language: lang, ..CheckOptions::default() }).unwrap();
        for d in &report.diagnostics {
            prop_assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{:?}", d);
            prop_assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end), "{:?}", d);
            for e in d.fix.iter().flat_map(|f| &f.edits) {
                prop_assert!(e.start <= e.end && e.end <= text.len(), "{:?}", e);
                prop_assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end), "{:?}", e);
            }
        }
    }

    #[test]
    fn diagnostics_are_sorted(text in reply(), inquiry in reply()) {
        let options = CheckOptions { inquiry: Some(&inquiry), ..CheckOptions::default() };
        let report = engine().check(&text, &options).unwrap();
        for pair in report.diagnostics.windows(2) {
            prop_assert!(pair[0].sort_key() <= pair[1].sort_key(), "{:?}", pair);
        }
    }

    #[test]
    fn fixing_twice_equals_fixing_once(text in reply()) {
        let options = CheckOptions::default();
        let once = fix_text(engine(), &text, &options, Applicability::Unsafe).unwrap();
        prop_assume!(once.converged);
        let twice = fix_text(engine(), &once.text, &options, Applicability::Unsafe).unwrap();
        prop_assert_eq!(&twice.text, &once.text);
        prop_assert!(twice.applied.is_empty());
    }

    #[test]
    fn fixes_never_change_quotes_placeholders_or_code(
        parts in prop::collection::vec((reply(), select(&[0usize, 1, 2][..])), 1..6),
    ) {
        // Protected pieces full of what rules would fix, each on its own line between replies.
        let protected = [
            "> Calm down, you failed to utilize it ASAP!\n",
            "{{calm down obviously ASAP}}",
            "`utilize ASAP, obviously`",
        ];
        let mut text = String::new();
        for (reply, p) in &parts {
            text.push_str(reply);
            text.push('\n');
            text.push_str(protected[*p]);
            text.push('\n');
        }
        let fixed = fix_text(engine(), &text, &CheckOptions::default(), Applicability::Unsafe).unwrap();
        for p in protected {
            let before = text.matches(p).count();
            let after = fixed.text.matches(p).count();
            prop_assert!(after >= before, "{:?}: {} → {} in\n{}\n=>\n{}", p, before, after, text, fixed.text);
        }
    }

    #[test]
    fn the_same_input_gives_the_same_output(text in reply(), inquiry in reply()) {
        let options = CheckOptions { inquiry: Some(&inquiry), ..CheckOptions::default() };
        let first = engine().check(&text, &options).unwrap();
        let second = engine().check(&text, &options).unwrap();
        prop_assert_eq!(&first.diagnostics, &second.diagnostics);
        prop_assert_eq!(&first.language, &second.language);
        // A fresh engine (its languages compiled anew) agrees too.
        let fresh = Engine::builder().builtin_packs().build().unwrap();
        prop_assert_eq!(&fresh.check(&text, &options).unwrap().diagnostics, &first.diagnostics);
    }
}
