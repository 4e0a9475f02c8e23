//! `tactful sendmail [options] -- /usr/sbin/sendmail -oem -oi`: sits where a mail client calls
//! sendmail. Reads the whole message from standard input and checks it; then either hands the
//! byte-identical message and every argument to the real sendmail (and returns its exit code),
//! or refuses with a report on standard error and exit code 1, so the client keeps the draft.
//!
//! One-time override after review: `TACTFUL_SKIP=1`, or an `X-Tactful: skip` header, which is
//! removed before sending (the only change ever made to the message).
//!
//! Exit codes: the real sendmail's; 1 the message was refused (findings); 2 the message was not
//! sent because of an error (unreadable input, broken pack, sendmail could not be started).

use super::args::{Color, FailOn, Format, InputKind, PackArgs};
use super::{email_input, emit, load_engine, resolve_language, EXIT_ERROR, EXIT_FINDINGS};
use clap::Args;
use std::ffi::OsString;
use std::io::{self, IsTerminal, Read, Write};
use std::process::{Command, Stdio};
use tactful::email::strip_skip_header;
use tactful::CheckOptions;

/// The name the message goes by in the report.
const NAME: &str = "message";

#[derive(Debug, Args)]
pub struct SendmailArgs {
    /// The language of the reply: `auto` detects it.
    #[arg(long, default_value = "auto", value_name = "auto|en|de|ru|et")]
    pub lang: String,
    #[command(flatten)]
    pub packs: PackArgs,
    /// The lowest severity that stops the message.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// Format of the report on standard error.
    #[arg(long, value_enum, default_value_t = Format::Full)]
    pub format: Format,
    /// When to use colour in the report (NO_COLOR is respected).
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// The real sendmail and its arguments, after `--`: they are passed on unchanged.
    #[arg(last = true, required = true, value_name = "SENDMAIL")]
    pub command: Vec<OsString>,
}

/// Run the sendmail mode. Never returns an error: every outcome is an exit code, so that a
/// closed pipe can never be mistaken for a sent message.
pub fn run(a: SendmailArgs) -> io::Result<i32> {
    Ok(gate(&a))
}

fn say(message: &str) {
    let _ = writeln!(io::stderr(), "tactful: {message}");
}

fn gate(a: &SendmailArgs) -> i32 {
    let mut message = Vec::new();
    if let Err(e) = io::stdin().lock().read_to_end(&mut message) {
        say(&format!(
            "error: cannot read the message: {e}; it was not sent"
        ));
        return EXIT_ERROR;
    }
    let (stripped, header_skip) = strip_skip_header(&message);
    let env_skip = std::env::var("TACTFUL_SKIP").is_ok_and(|v| {
        ["1", "true", "yes", "on"]
            .iter()
            .any(|yes| v.trim().eq_ignore_ascii_case(yes))
    });
    let outgoing = if header_skip { stripped } else { message };
    if env_skip || header_skip {
        let why = if env_skip {
            "TACTFUL_SKIP is set"
        } else {
            "the message has `X-Tactful: skip` (removed before sending)"
        };
        say(&format!("not checked: {why}"));
        return send(&a.command, &outgoing);
    }

    let color = match a.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stderr().is_terminal()
        }
    };
    colored::control::set_override(color && a.format != Format::Json);
    let not_sent = "the message was not sent (set TACTFUL_SKIP=1 to send it unchecked)";
    let Ok(engine) = load_engine(&a.packs) else {
        say(&format!("error: {not_sent}"));
        return EXIT_ERROR;
    };
    let Ok(language) = resolve_language(&engine, &a.lang) else {
        say(&format!("error: {not_sent}"));
        return EXIT_ERROR;
    };
    let mut loaded = match email_input::decode(outgoing.clone(), InputKind::Email, true) {
        Ok(l) => l,
        Err(e) => {
            say(&format!("error: {}; {not_sent}", e.about(NAME)));
            return EXIT_ERROR;
        }
    };
    // Warnings, said once it is known whether the message goes out: a refused message's JSON
    // report is all that standard error holds.
    let mut warnings: Vec<String> = (loaded.warnings.iter())
        .map(|w| format!("warning: {NAME}: {w}"))
        .collect();
    if !tactful::suppress::find(&loaded.text).is_empty() {
        warnings.push(
            "warning: the reply holds a `<!-- tactful-ignore … -->` comment: in a plain-text mail \
             the customer reads it (to send a reply as it is, use `X-Tactful: skip`)"
                .into(),
        );
    }
    if loaded.text.trim().is_empty() && loaded.subject.is_none() && !outgoing.is_empty() {
        warnings.push("warning: the message holds no text to check; it is sent unchecked".into());
        warnings.iter().for_each(|w| say(w));
        return send(&a.command, &outgoing);
    }
    let parties = std::mem::take(&mut loaded.parties);
    let options = CheckOptions {
        language: language.as_deref(),
        inquiry: None,
        sent_at: Some(loaded.date.unwrap_or_else(tactful::dates::now)),
        sender: parties.sender(),
        recipient: parties.to_name.as_deref(),
        ..Default::default()
    };
    let check_text = |text: &str| engine.check(text, &options);
    let result = match email_input::check(&engine, NAME.to_string(), loaded, &options, check_text) {
        // Positions refer to the decoded body.
        Ok(r) => emit::FileResult { decoded: true, ..r },
        Err(e) => {
            warnings.iter().for_each(|w| say(w));
            say(&format!("error: {e}; {not_sent}"));
            return EXIT_ERROR;
        }
    };
    if let Some(w) = super::check::not_checked_result(&engine, &result, NAME, "--lang") {
        warnings.push(format!("warning: {w}"));
    }
    let results = [result];
    let refused = emit::has_findings(&results, a.fail_on);
    if !(refused && a.format == Format::Json) {
        warnings.iter().for_each(|w| say(w));
    }
    if !refused {
        return send(&a.command, &outgoing);
    }
    let mut err = io::stderr().lock();
    let _ = match a.format {
        Format::Json => emit::json(&mut err, &results, &[]),
        Format::Full => {
            emit::full(&mut err, &results).and_then(|()| emit::summary(&mut err, &results, 0))
        }
        // The report goes to a terminal or a mail client's message line: CI formats make no sense.
        _ => emit::concise(&mut err, &results).and_then(|()| emit::summary(&mut err, &results, 0)),
    };
    if a.format == Format::Json {
        return EXIT_FINDINGS; // one JSON object, and the exit code says it was not sent
    }
    let _ = writeln!(
        err,
        "tactful: the message was NOT sent; your mail client keeps the draft. Edit the reply and \
         send again, or, to send it as it is after review, add the header `X-Tactful: skip` \
         (removed before sending) or set TACTFUL_SKIP=1 for this one send."
    );
    EXIT_FINDINGS
}

/// Hand the message to the real sendmail with its arguments; returns its exit code.
fn send(command: &[OsString], message: &[u8]) -> i32 {
    let Some((program, args)) = command.split_first() else {
        say("error: no sendmail command after `--`; the message was not sent");
        return EXIT_ERROR;
    };
    let shown = program.to_string_lossy();
    let mut child = match Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            say(&format!(
                "error: cannot start `{shown}`: {}; the message was not sent",
                super::inputs::io_message(&e)
            ));
            return EXIT_ERROR;
        }
    };
    let written = match child.stdin.take() {
        Some(mut stdin) => stdin.write_all(message).and_then(|()| stdin.flush()),
        None => Err(io::Error::other("no pipe to its standard input")),
    };
    let status = match child.wait() {
        Ok(s) => s,
        Err(e) => {
            say(&format!(
                "error: lost track of `{shown}`: {e}; check whether the message was sent"
            ));
            return EXIT_ERROR;
        }
    };
    match (status.code(), written) {
        (Some(0), Err(e)) => {
            say(&format!(
                "error: `{shown}` exited 0 without reading the whole message ({e}); check whether it was sent"
            ));
            EXIT_ERROR
        }
        (Some(code), _) => code,
        (None, _) => {
            say(&format!(
                "error: `{shown}` was stopped by a signal ({status}); the message may not have been sent"
            ));
            EXIT_ERROR
        }
    }
}
