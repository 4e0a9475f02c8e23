//! E-mail input: recognise an e-mail, decode it, and check its body and subject line.

use super::args::InputKind;
use super::emit::{FileResult, Subject};
use super::inputs;
use std::io::Write;
use tactful::email::{looks_like_email, parse, BodyPlace};
use tactful::pack::PackError;
use tactful::{CheckOptions, Engine, Report};

/// The categories checked in a subject line the sender wrote (a one-line text has no greeting,
/// thanks or question; an unfilled placeholder there goes out as it is).
const SUBJECT_CATEGORIES: &[&str] = &["shouting", "abrasive", "profanity", "placeholder"];
/// The categories checked in a subject kept from the message replied to or forwarded ("Re: …"):
/// its capitals and tone are the customer's, but swearing is never sent back.
const INHERITED_SUBJECT_CATEGORIES: &[&str] = &["profanity"];

/// One input, read and decoded.
pub struct Loaded {
    /// The text to check: the input itself, or an e-mail's decoded body.
    pub text: String,
    /// An e-mail's subject line.
    pub subject: Option<String>,
    /// Decoding problems, one line each.
    pub warnings: Vec<String>,
    /// An e-mail that holds its body as it is, as text, and where the body stands in it:
    /// findings are reported in its positions, as an editor shows the file.
    pub message: Option<(String, BodyPlace)>,
    /// The input was read as an e-mail.
    pub email: bool,
    /// An e-mail's `Date:`, in seconds since 1970 (UTC).
    pub date: Option<i64>,
    /// Who an e-mail is from and to (nobody known for plain text).
    pub parties: Parties,
}

/// An e-mail's `From:` and first `To:`.
#[derive(Debug, Default)]
pub struct Parties {
    /// The sender's display name.
    pub from_name: Option<String>,
    /// The sender's address.
    pub from_address: Option<String>,
    /// The first recipient's display name: the customer's, for a reply.
    pub to_name: Option<String>,
}

impl Parties {
    /// The sender, for [`CheckOptions::sender`].
    pub fn sender(&self) -> tactful::Sender<'_> {
        tactful::Sender {
            address: self.from_address.as_deref(),
            name: self.from_name.as_deref(),
        }
    }
}

/// Decode the bytes of one input: as an e-mail (`--input email`, a `.eml` file, or a header
/// block at the top in `auto` mode) or as UTF-8/UTF-16 text.
pub fn decode(
    bytes: Vec<u8>,
    kind: InputKind,
    is_eml: bool,
) -> Result<Loaded, inputs::DecodeError> {
    if !is_email(&bytes, kind, is_eml) {
        return inputs::decode(bytes).map(|text| Loaded {
            text,
            subject: None,
            warnings: Vec::new(),
            message: None,
            email: false,
            date: None,
            parties: Parties::default(),
        });
    }
    let mail = parse(&bytes);
    let message = mail
        .body_at
        .and_then(|at| Some((String::from_utf8(bytes).ok()?, at)));
    Ok(Loaded {
        text: mail.body,
        subject: mail.subject.filter(|s| !s.trim().is_empty()),
        warnings: mail.warnings,
        message,
        email: true,
        date: mail.date,
        parties: Parties {
            from_name: mail.from_name,
            from_address: mail.from_address,
            to_name: mail.to_name,
        },
    })
}

/// Whether `bytes` are read as an e-mail: with `--input email`, or for a `.eml` file or one
/// whose first lines are mail headers.
pub fn is_email(bytes: &[u8], kind: InputKind, is_eml: bool) -> bool {
    match kind {
        InputKind::Email => true,
        InputKind::Text => false,
        InputKind::Auto => is_eml || looks_like_email(bytes),
    }
}

/// Print decoding warnings as `tactful: warning: PATH: …`.
pub fn warn(name: &str, warnings: &[String]) {
    let mut err = std::io::stderr().lock();
    for w in warnings {
        let _ = writeln!(err, "tactful: warning: {name}: {w}");
    }
}

/// Check a loaded input: its text with `check_text` (`Engine::check` with `options`, or the
/// same on several threads), and its subject line (if any) for shouting, abrasive words and
/// profanity only.
pub fn check(
    engine: &Engine,
    path: String,
    loaded: Loaded,
    options: &CheckOptions,
    check_text: impl FnOnce(&str) -> Result<Report, PackError>,
) -> Result<FileResult, PackError> {
    let report = check_text(&loaded.text)?;
    let subject = match loaded.subject {
        Some(s) => {
            let language = options.language.or(report.language.as_deref());
            Some(check_subject(engine, s, language)?)
        }
        None => None,
    };
    Ok(FileResult {
        decoded: false,
        path,
        text: loaded.text,
        language: report.language,
        diagnostics: report.diagnostics,
        subject,
        printed: Default::default(),
    })
}

/// Check a subject line as a one-line text. "Re:"/"AW:"/"Fwd:" prefixes are blanked out (same
/// byte length, so positions still refer to the subject as written); after one, the subject is
/// the one replied to, checked for profanity only.
pub fn check_subject(
    engine: &Engine,
    subject: String,
    language: Option<&str>,
) -> Result<Subject, PackError> {
    let mut masked = subject.clone();
    let prefix = engine.conventions().mail.reply_prefix_len(&subject);
    masked.replace_range(..prefix, &" ".repeat(prefix));
    let options = CheckOptions {
        language,
        inquiry: None,
        ..Default::default()
    };
    let report = engine.check(&masked, &options)?;
    let categories = if prefix > 0 {
        INHERITED_SUBJECT_CATEGORIES
    } else {
        SUBJECT_CATEGORIES
    };
    let diagnostics = report
        .diagnostics
        .into_iter()
        .filter(|d| categories.contains(&d.category.as_str()))
        // "[Ticket 4711]", "[URGENT]": subjects tag in brackets, which are no blanks there.
        .filter(|d| !(d.category.as_str() == "placeholder" && d.text.starts_with('[')))
        .collect();
    Ok(Subject {
        text: subject,
        diagnostics,
    })
}

/// The customer's e-mail as the text whose questions a reply answers: its body, and above it
/// the subject when that asks a question the body does not repeat ("Can I still change the
/// delivery date?" over a body that only gives the order number).
pub fn inquiry_text(engine: &Engine, mail: &tactful::email::Email) -> String {
    // Compared in small letters and single spaces: the body may quote it as it wraps.
    let plain = |t: &str| {
        t.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    // "Where is my order?" over "Where is my order 4711?": asked in the body, when it has three
    // words or more.
    let asked = |q: &str| {
        let q = plain(q);
        let bare = q.trim_end_matches(['?', '？']);
        let body = plain(&mail.body);
        body.contains(&q) || (bare.split(' ').count() >= 3 && body.contains(bare))
    };
    let question = (mail.subject.as_deref()).and_then(|s| subject_question(engine, s));
    match question {
        Some(q) if !asked(q) => format!("{q}\n\n{}", mail.body),
        _ => mail.body.clone(),
    }
}

/// The question a subject line asks, without its "Re:" and the like.
pub fn subject_question<'s>(engine: &Engine, subject: &'s str) -> Option<&'s str> {
    let prefix = engine.conventions().mail.reply_prefix_len(subject);
    Some(subject[prefix..].trim()).filter(|q| q.ends_with(['?', '？']))
}
