//! E-mail parsing: any bytes as a raw message; the decoded body and subject must then check.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let _ = tactful::email::looks_like_email(data);
    let email = tactful::email::parse(data);
    common::check_all_languages(&email.body, None);
    if let Some(subject) = &email.subject {
        common::check_all_languages(subject, None);
    }
});
