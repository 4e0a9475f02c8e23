//! `tactful draft`: a reply skeleton from the customer's message.

use super::args::DraftArgs;
use super::inputs::Input;
use super::{error, load_engine, resolve_language, EXIT_CLEAN, EXIT_ERROR};
use std::io::{self, Write};
use tactful::draft::{draft, DraftOptions};

pub fn run(a: DraftArgs) -> io::Result<i32> {
    let Ok(engine) = load_engine(&a.packs) else {
        return Ok(EXIT_ERROR);
    };
    let Ok(language) = resolve_language(&engine, &a.lang) else {
        return Ok(EXIT_ERROR);
    };
    let inquiry = match Input::File(a.inquiry.clone()).read() {
        Ok(t) => t,
        Err(e) => {
            error(&format!("{}: {e}", a.inquiry.display()));
            return Ok(EXIT_ERROR);
        }
    };
    let options = DraftOptions {
        language: language.as_deref(),
        name: a.name.as_deref(),
        topic: a.topic.as_deref(),
    };
    match draft(&engine, &inquiry, &options) {
        Ok(d) => {
            let mut out = io::stdout().lock();
            out.write_all(d.text.as_bytes())?;
            out.flush()?;
            Ok(EXIT_CLEAN)
        }
        Err(e) => {
            error(&format!("{}: {e}", a.inquiry.display()));
            Ok(EXIT_ERROR)
        }
    }
}
