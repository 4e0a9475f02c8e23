//! Shared by the fuzz targets: one engine, and the checks every report must pass.
//! (The same properties run on stable Rust in `tests/robustness.rs`.)
#![allow(dead_code)] // each target uses only some of these

use std::sync::OnceLock;
use tactful::{CheckOptions, Engine, Report};

pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::builder()
            .builtin_packs()
            .build()
            .expect("built-in packs are valid")
    })
}

/// Check `text` in every language and auto-detection; assert spans and order are sound.
pub fn check_all_languages(text: &str, inquiry: Option<&str>) {
    for language in [None, Some("en"), Some("de"), Some("ru"), Some("et")] {
        // A reply about to be sent, from a known sender, to a name the input's first line gives
        // (the late-reply, sender and greeting-name paths).
        let options = CheckOptions {
            language,
            inquiry,
            sent_at: Some(1_800_000_000),
            sender: tactful::Sender {
                address: Some("sam@shop.example"),
                name: Some("Sam Lee"),
            },
            recipient: text.lines().next(),
            ..CheckOptions::default()
        };
        let report = engine().check(text, &options).expect("built-in packs compile");
        assert_sound(text, &report);
    }
}

pub fn assert_sound(text: &str, report: &Report) {
    let mut last = None;
    for d in &report.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{d:?}");
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        if let Some(f) = &d.fix {
            for e in &f.edits {
                assert!(e.start <= e.end && e.end <= text.len(), "{e:?}");
                assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
            }
        }
        let key = d.sort_key();
        if let Some(prev) = &last {
            assert!(*prev <= key, "diagnostics out of order");
        }
        last = Some(key);
    }
}
