//! Pack loading: any string as a pack file (YAML or JSON); a valid pack must then check text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tactful::{CheckOptions, Engine};

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    if tactful::pack::parse_pack("fuzz.yaml", source).is_err() {
        return;
    }
    let Ok(engine) = Engine::builder().pack("fuzz.yaml", source).build() else {
        return;
    };
    // Compiling may still fail (a regex too large): an error, never a panic.
    let _ = engine.rules();
    let _ = engine.check("Hi Sam,\n\nCalm down, it works ASAP.\n", &CheckOptions::default());
});
