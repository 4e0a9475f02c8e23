//! Collection files: the first byte picks a format (and, above 127, that entries carry the
//! customer's message in a `question` field), the rest is the file. It parses or fails with an
//! error; every entry maps back into the file as promised and checks soundly.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tactful::collection::{parse, Format, Options};
use tactful::CheckOptions;

#[path = "common.rs"]
mod common;

const FORMATS: [Format; 6] = [
    Format::Yaml,
    Format::Json,
    Format::Csv,
    Format::Markdown,
    Format::Html,
    Format::Text,
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(source) = std::str::from_utf8(rest) else {
        return;
    };
    let format = FORMATS[usize::from(pick & 0x7F) % FORMATS.len()];
    let options = Options {
        inquiry_field: (pick > 127).then(|| "question".to_string()),
        ..Options::default()
    };
    let Ok(entries) = parse(source, format, &options) else {
        return;
    };
    for e in &entries {
        if let Some(problem) = e.mapping_error(source) {
            panic!("{problem}");
        }
        let options = CheckOptions {
            template: Some(&[]),
            inquiry: e.inquiry.as_deref(),
            ..CheckOptions::default()
        };
        let report = common::engine()
            .check(&e.text, &options)
            .expect("built-in packs compile");
        common::assert_sound(&e.text, &report);
    }
});
