//! The checks that are no pack's rule and run for any language: a reply with nothing of its
//! own, and suppression comments that suppress nothing ([`crate::suppress`]). They are
//! selected, ignored, listed and explained like a pack's rules.

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::Span;

/// A check that is no pack's rule.
#[derive(Debug, Clone, Copy)]
pub struct Check {
    pub id: &'static str,
    pub category: &'static str,
    pub severity: Severity,
    /// Why it exists and what to do, as `tactful explain` prints it.
    pub explanation: &'static str,
}

/// A reply with no word of its own: nothing but a greeting, a sign-off, the quoted message or
/// a signature (or an emoji).
pub const EMPTY_REPLY: Check = Check {
    id: "empty-reply",
    category: "empty",
    severity: Severity::Error,
    explanation: "A reply with no word of its own: between the greeting and the sign-off there is
nothing but the quoted message, a signature or an emoji. It is usually a reply sent too early.
Write the reply, or turn this check off with `--ignore empty-reply`.",
};

/// A `<!-- tactful-ignore … -->` comment that suppresses no finding.
pub const UNUSED_SUPPRESSION: Check = Check {
    id: "unused-suppression",
    category: "suppression",
    severity: Severity::Warning,
    explanation: "A `<!-- tactful-ignore … -->` comment that suppresses no finding: the text it
excused has changed, or it names a rule or category that does not exist (a typo). Remove it or
correct the name. Suppressions of rules that do not run (not selected, or ignored) are not
reported. Turn this check off with `--ignore unused-suppression`.",
};

/// The customer asked in another language than the reply's: their questions cannot be matched
/// to the reply word by word, so whether each is answered is not checked.
pub const INQUIRY_LANGUAGE: Check = Check {
    id: "inquiry-language",
    category: "unanswered",
    severity: Severity::Info,
    explanation: "The customer wrote in another language than the reply's (an Estonian reply to a
Russian customer, say). Whether every question is answered is checked by finding the words of each
question in the reply, which cannot work across languages: the questions are counted but not
checked. Make sure each is answered. Turn this note off with `--ignore inquiry-language`.",
};

/// Every check that is no pack's rule.
pub const ALL: [Check; 3] = [EMPTY_REPLY, UNUSED_SUPPRESSION, INQUIRY_LANGUAGE];

impl Check {
    /// Its finding at `span` of `text`.
    pub fn diagnostic(
        &self,
        text: &str,
        span: Span,
        language: &str,
        message: String,
        suggestion: Option<String>,
    ) -> Diagnostic {
        Diagnostic {
            rule: self.id.into(),
            category: self.category.into(),
            severity: self.severity,
            language: language.into(),
            message,
            suggestion,
            span,
            text: text[span.start..span.end].to_string(),
            fix: None,
            entry: None,
        }
    }
}

/// The `empty-reply` finding, when the body of `doc` (between greeting and sign-off, quoted
/// text and signature left out) holds no letter or digit, and its sign-off is no sentence of
/// its own ("Thank you!"). It points at the greeting, else the sign-off, else the body's start.
pub fn empty_reply(doc: &Document, language: &str) -> Option<Diagnostic> {
    let body = doc.body;
    // The body's stretches between quoted text and signature (both in order, apart).
    let mut cuts: Vec<Span> = doc.quoted.iter().chain(&doc.signature).copied().collect();
    cuts.sort_unstable();
    let mut from = body.start;
    let mut says_something = false;
    for cut in cuts.iter().chain([&Span::new(body.end, body.end)]) {
        let to = cut.start.clamp(from, body.end);
        if doc.text[from..to].chars().any(char::is_alphanumeric) {
            says_something = true;
            break;
        }
        from = cut.end.clamp(from, body.end);
    }
    // A sign-off that is a sentence of its own ("Thank you!", "Vielen Dank.") is a short reply.
    let said_in_sign_off = doc.sign_off.is_some_and(|so| {
        let first = doc.text[so.start..so.end].lines().next().unwrap_or("");
        first.trim_end().ends_with(['!', '.'])
    });
    if says_something || said_in_sign_off {
        return None;
    }
    let span = (doc.greeting.or(doc.sign_off)).unwrap_or(Span::new(body.start, body.start));
    Some(EMPTY_REPLY.diagnostic(
        doc.text,
        span,
        language,
        "The reply has no text of its own".into(),
        Some("Write the reply above the quoted message and the signature".into()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty(text: &str) -> bool {
        let engine = crate::Engine::builder().builtin_packs().build().unwrap();
        empty_reply(&engine.parse(text), "en").is_some()
    }

    #[test]
    fn a_reply_with_words_of_its_own_is_not_empty() {
        assert!(!empty("Done."));
        // A sign-off that is a sentence of its own is a short reply.
        assert!(!empty("Hi Anna,\n\nThank you!\n\nSam"));
        assert!(!empty("Hi Anna,\n\n{{answer}}\n\nBest,\nSam"));
        assert!(!empty(
            "Your order ships today.\n\nOn Monday, Anna wrote:\n> Where is it?"
        ));
    }

    #[test]
    fn greeting_sign_off_quote_signature_or_emoji_alone_is_empty() {
        assert!(empty(""));
        assert!(empty("\n\n  \n"));
        assert!(empty("Hi Anna,\n\nBest regards,\nSam"));
        assert!(empty("On Monday, Anna wrote:\n> Where is my parcel?\n"));
        assert!(empty(
            "👍\n\n-- \nSam Smith\nACME Support\n\n> Where is it?"
        ));
    }
}
