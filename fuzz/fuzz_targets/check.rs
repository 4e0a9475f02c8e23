//! Document parsing and checking: any UTF-8 text, in every language, with itself as inquiry.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    common::check_all_languages(text, None);
    // The text as the customer's message too (the `unanswered` rule's path).
    common::check_all_languages(text, Some(text));
});
