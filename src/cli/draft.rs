//! `tactful draft`: a reply skeleton from the customer's message.

use super::args::DraftArgs;
use super::email_input;
use super::inputs::{self, Input};
use super::{error, load_engine, packs_and_config, resolve_language, EXIT_CLEAN, EXIT_ERROR};
use std::io::{self, Write};
use tactful::draft::{draft, DraftOptions};
use tactful::email::looks_like_email;

pub fn run(a: DraftArgs) -> io::Result<i32> {
    let Some(packs) = packs_and_config(&a.packs, &a.config) else {
        return Ok(EXIT_ERROR);
    };
    let Ok(engine) = load_engine(&packs) else {
        return Ok(EXIT_ERROR);
    };
    let Ok(language) = resolve_language(&engine, &a.lang) else {
        return Ok(EXIT_ERROR);
    };
    let input = match a.message.or(a.inquiry) {
        Some(path) if path.as_os_str() != "-" => Input::File(path),
        _ => Input::Stdin(None),
    };
    let name = input.name();
    let bytes = match input.read_bytes() {
        Ok(b) => b,
        Err(e) => {
            error(&format!("{name}: {e}"));
            return Ok(EXIT_ERROR);
        }
    };
    let is_eml = input.is_eml();
    // From an e-mail: its body, the sender's name and the subject as the topic.
    let (inquiry, from_name, subject, sent) = if is_eml || looks_like_email(&bytes) {
        let mail = tactful::email::parse(&bytes);
        email_input::warn(&name, &mail.warnings);
        // A subject that asks a question is one to answer, not a topic to thank for.
        let asks =
            (mail.subject.as_deref()).and_then(|s| email_input::subject_question(&engine, s));
        // A web form's or a system's subject ("New message from Contact Form") is none of the
        // customer's words: no topic to thank for.
        let by_person = !(mail.from_name.as_deref())
            .is_some_and(|n| engine.conventions().mail.names_no_person(n));
        let topic = mail
            .subject
            .as_deref()
            .filter(|_| asks.is_none() && by_person)
            .and_then(|s| {
                let prefix = engine.conventions().mail.reply_prefix_len(s);
                tactful::draft::topic_of_subject(&s[prefix..])
            });
        (
            email_input::inquiry_text(&engine, &mail),
            mail.from_name,
            topic,
            mail.date,
        )
    } else {
        match inputs::decode(bytes) {
            Ok(t) => (t, None, None, None),
            Err(e) => {
                error(&e.about(&name));
                return Ok(EXIT_ERROR);
            }
        }
    };
    let options = DraftOptions {
        language: language.as_deref(),
        name: a.name.as_deref(),
        sender: from_name.as_deref(),
        topic: a
            .topic
            .as_deref()
            .or(subject.as_deref())
            .filter(|t| !t.is_empty()),
        // Drafted now, in answer to an e-mail sent then.
        waited_hours: sent
            .map(|seconds| tactful::dates::Moment::utc(seconds).hours_until(tactful::dates::now())),
    };
    match draft(&engine, &inquiry, &options) {
        Ok(d) => {
            let mut out = io::stdout().lock();
            out.write_all(d.text.as_bytes())?;
            out.flush()?;
            Ok(EXIT_CLEAN)
        }
        Err(e) => {
            error(&format!("{name}: {e}"));
            Ok(EXIT_ERROR)
        }
    }
}
