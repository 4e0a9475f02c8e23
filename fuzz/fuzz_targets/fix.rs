//! Fix application: fixing (unsafe fixes too) keeps text valid, and fixing the result again
//! changes nothing.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tactful::fix::fix_text;
use tactful::{Applicability, CheckOptions};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // A reply about to be sent to a known customer (the greeting-name fix too).
    let options = CheckOptions {
        sent_at: Some(1_800_000_000),
        recipient: Some("Anna Berg"),
        ..CheckOptions::default()
    };
    let once = fix_text(common::engine(), text, &options, Applicability::Unsafe)
        .expect("built-in packs compile");
    if !once.converged {
        return;
    }
    let twice = fix_text(common::engine(), &once.text, &options, Applicability::Unsafe)
        .expect("built-in packs compile");
    assert_eq!(once.text, twice.text, "fixing twice differs from fixing once");
});
