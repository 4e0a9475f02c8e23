//! E-mail parsing: any bytes as a raw message; the decoded body and subject must then check.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let _ = tactful::email::looks_like_email(data);
    let email = tactful::email::parse(data);
    if let Some(place) = email.body_at {
        // The message holds the body as it is: every offset of the body maps into it.
        let at = place.offsets(&email.body);
        let held = &data[at(0)..at(email.body.len())];
        let expected = if place.crlf {
            email.body.replace('\n', "\r\n")
        } else {
            email.body.clone()
        };
        assert_eq!(held, expected.as_bytes());
        // Putting the body back in its place gives the message unchanged.
        assert_eq!(place.replace(data, &email.body).as_deref(), Some(data));
    }
    common::check_all_languages(&email.body, None);
    if let Some(subject) = &email.subject {
        common::check_all_languages(subject, None);
    }
});
