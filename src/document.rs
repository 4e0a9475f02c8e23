//! The text model: a reply parsed once into its parts, sentences and spans to leave alone.

use crate::diagnostic::overlaps_any;
use crate::fold::Folded;
use crate::Span;
use foldhash::{HashMap, HashSet};
use regex::Regex;
use std::sync::LazyLock;

/// What parsing needs to know about the languages in play (merged from the loaded packs).
#[derive(Debug, Clone, Default)]
pub struct Conventions {
    /// Lowercase phrases that open a greeting line, longest first.
    greetings: Vec<String>,
    /// The words `greetings` open with.
    greeting_openings: Openings,
    /// The words of `greetings` ("good", "morning").
    pub greeting_words: std::collections::HashSet<String>,
    /// Lowercase sign-off phrases and patterns.
    pub sign_offs: SignOffs,
    /// Lowercase words ending in `.` that do not end a sentence, and whether they may be
    /// written in small letters (German "Do." for Thursday ends no sentence, English "do." may).
    pub abbreviations: HashMap<String, bool>,
    /// What marks quoted text and signatures in e-mails.
    pub mail: crate::markers::MailMarkers,
}

impl Conventions {
    /// Add the conventions of one pack.
    pub fn extend(&mut self, c: &crate::pack::Conventions) {
        let fold = |s: &String| crate::phrases::normalize(s).0;
        for g in c.greetings.iter().map(fold) {
            (self.greeting_words).extend(g.split_whitespace().map(str::to_string));
            self.greeting_openings.insert(&g);
            self.greetings.push(g);
        }
        for phrase in c.sign_offs.iter().map(fold) {
            match phrase.split_once('*') {
                Some((before, after)) => self.sign_offs.insert_pattern(before.trim(), after.trim()),
                None => self.sign_offs.insert(phrase),
            }
        }
        for a in &c.abbreviations {
            let small = !a.starts_with(char::is_uppercase);
            *(self.abbreviations)
                .entry(a.to_lowercase().replace(' ', ""))
                .or_default() |= small;
        }
        self.mail.extend(&c.mail);
        // Longest first, so "good morning" wins over "good".
        self.greetings.sort_by_key(|g| std::cmp::Reverse(g.len()));
        self.greetings.dedup();
    }
}

/// Lowercase sign-off phrases and patterns, with the words they open with: most lines near a
/// reply's end open with none of them, and are told apart at one lookup.
#[derive(Debug, Clone, Default)]
pub struct SignOffs {
    phrases: HashSet<String>,
    /// Sign-off lines with a `*` for a name ("ihr * team"), as the words before and after it.
    patterns: Vec<(String, String)>,
    /// The words the phrases and patterns open with.
    openings: Openings,
}

impl SignOffs {
    /// Add a (lowercase) phrase.
    pub fn insert(&mut self, phrase: String) {
        self.openings.insert(&phrase);
        self.phrases.insert(phrase);
    }

    /// Add a (lowercase) pattern: the words before and after its name.
    pub fn insert_pattern(&mut self, before: &str, after: &str) {
        self.openings.insert(before);
        self.patterns.push((before.to_string(), after.to_string()));
    }

    /// Whether `phrase` is one of the phrases.
    pub fn contains(&self, phrase: &str) -> bool {
        self.phrases.contains(phrase)
    }
}

/// The [`opening`]s of a set of phrases: most lines open with none of them, and are told apart
/// at one lookup.
#[derive(Debug, Clone, Default)]
struct Openings {
    words: HashSet<String>,
    /// A phrase opens with no word (a pattern with its name first, "* team"): any line may
    /// open with one.
    any: bool,
}

impl Openings {
    /// Add a (lowercase) phrase's opening.
    fn insert(&mut self, phrase: &str) {
        let word = opening(phrase);
        self.any |= word.is_empty();
        self.words.insert(word.to_string());
    }

    /// Whether a phrase may open a text that opens with `word` (folded).
    fn opened_by(&self, word: &str) -> bool {
        self.any || self.words.contains(word)
    }

    /// Whether a phrase may open `line`: told without folding it when it opens with ASCII.
    fn may_open(&self, line: &str) -> bool {
        let mut buf = [0; 64];
        ascii_opening(line, &mut buf).is_none_or(|word| self.opened_by(word))
    }
}

/// The word characters a text starts with, up to the first other character.
fn opening(text: &str) -> &str {
    let end = text
        .find(|c: char| !crate::fold::is_word_char(c))
        .unwrap_or(text.len());
    &text[..end]
}

/// The folded [`opening`] of `line` (trimmed), written into `buf`, when it and the character
/// after it are ASCII: ASCII folds to its lowercase, and the character after stays no word's.
fn ascii_opening<'b>(line: &str, buf: &'b mut [u8; 64]) -> Option<&'b str> {
    let line = line.trim_start();
    let raw = opening(line);
    let next = line[raw.len()..].chars().next();
    if !raw.is_ascii() || next.is_some_and(|c| !c.is_ascii()) {
        return None;
    }
    let word = buf.get_mut(..raw.len())?;
    word.copy_from_slice(raw.as_bytes());
    word.make_ascii_lowercase();
    std::str::from_utf8(word).ok()
}

/// A template placeholder found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placeholder {
    pub span: Span,
    /// An opening without its closing (`{{name`), or the reverse.
    pub malformed: bool,
}

/// A reply, parsed once; every rule reads the same document.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    pub text: &'a str,
    /// The greeting line ("Hi Anna,"), or the greeting that opens the first line.
    pub greeting: Option<Span>,
    /// Everything between greeting and sign-off (quoted text inside it is masked).
    pub body: Span,
    /// "Best regards,\nSam", or a name alone in the last paragraph ("…\n\nSam").
    pub sign_off: Option<Span>,
    /// The sign-off is a name alone, without a sign-off phrase.
    pub signed_by_name_only: bool,
    /// After a `-- ` line, or "Sent from my iPhone".
    pub signature: Option<Span>,
    /// Quoted customer text: `>` lines, attribution lines, forwarded and Outlook-style blocks.
    pub quoted: Vec<Span>,
    /// Template placeholders, anywhere outside quoted text.
    pub placeholders: Vec<Placeholder>,
    /// The sentences of the body, in order.
    pub sentences: Vec<Span>,
    /// What rules never read: quoted text, signature, placeholders, URLs, e-mail addresses, code
    /// and HTML comments.
    pub masked: Vec<Span>,
    /// `text` with masked bytes replaced by spaces (newlines kept): same offsets as `text`.
    pub masked_text: String,
    /// The quoted customer text with its `>` markers removed, one line per quoted line.
    pub customer_text: String,
    /// The reply is one numbered part of a thread of replies ("2/3" opening or ending it): its
    /// number and how many parts there are.
    pub thread_part: Option<(u32, u32)>,
    /// One section of a text too long to check whole: its number and how many there are
    /// (see [`crate::sections`]). Set by the engine.
    pub section: Option<(usize, usize)>,
}

static CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)```.*?(?:```|\z)|`[^`\n]+`|<!--.*?-->").expect("valid regex")
});
static HANDLES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:@\w+[\s,:]*)+").expect("valid regex"));

/// When the customer wrote the message quoted below the reply: the first date of the opening
/// lines of the first quoted block, its attribution line or forwarded header block ("On Mon, 3
/// Feb 2025 at 10:15, Anna wrote:", "Sent: Monday, 3 February 2025 10:15"), up to the first
/// blank or `>` line, where the customer's own words begin (a slashed date is read as it can
/// be before `sent`, see [`crate::dates::date_in`]). `None` when those lines name the reply's
/// `sender`: the quoted message is then the sender's own earlier one.
pub fn customer_wrote(
    doc: &Document,
    conv: &Conventions,
    sender: Sender,
    sent: i64,
) -> Option<crate::dates::Moment> {
    let block = doc.slice(*doc.quoted.first()?);
    let mut seen = false;
    let mut wrote = None;
    for line in block.lines().map(str::trim) {
        if line.starts_with('>') || (line.is_empty() && seen) {
            break;
        }
        seen |= !line.is_empty();
        // A header block's "To:" and "Cc:" name the sender too, when the customer wrote to
        // them: only its "From:" tells who wrote.
        let other_header = is_header_field(line) && !conv.mail.is_header_from(line);
        if !other_header && sender.named_in(line) {
            return None;
        }
        if wrote.is_none() {
            wrote = crate::dates::date_in(line, |w| conv.mail.month(w), sent);
        }
    }
    wrote
}

/// Who sends a reply, as its e-mail's `From:` header says.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sender<'a> {
    /// The address, `sam@shop.example`.
    pub address: Option<&'a str>,
    /// The display name, `Sam Lee`.
    pub name: Option<&'a str>,
}

impl Sender<'_> {
    /// Whether `line` names the sender: holds their address, or their display name of two
    /// words or more as whole words (a first name alone may be the customer's too).
    pub(crate) fn named_in(&self, line: &str) -> bool {
        let is_address_char =
            |c: char| c.is_alphanumeric() || matches!(c, '@' | '.' | '_' | '%' | '+' | '-' | '\'');
        let address = self
            .address
            .filter(|a| a.contains('@'))
            .is_some_and(|address| {
                line.split(|c| !is_address_char(c))
                    .any(|word| word.trim_end_matches('.').eq_ignore_ascii_case(address))
            });
        let name = self
            .name
            .map(str::trim)
            .filter(|n| n.split_whitespace().count() >= 2);
        address
            || name.is_some_and(|name| {
                crate::fold::holds_word(&crate::fold::to_lowercase(line), &name.to_lowercase())
            })
    }
}

/// Whether `line` is a header field, "Cc: …": a name of letters (spaces and hyphens between),
/// a colon and a value ("Sam Lee wrote:" is none).
fn is_header_field(line: &str) -> bool {
    line.split_once(':').is_some_and(|(name, value)| {
        let name = name.trim_matches(|c: char| c == '*' || c.is_whitespace());
        !value.trim().is_empty()
            && !name.is_empty()
            && name.chars().count() <= 20
            && name
                .chars()
                .all(|c| c.is_alphabetic() || c == ' ' || c == '-')
    })
}

/// The value of a form's field that `line` is, "Order number: 12345" → "12345": after a
/// capitalised label of one to three words of letters, a colon and a space. A sentence ends
/// before such a line.
pub(crate) fn form_field_value(line: &str) -> Option<&str> {
    let t = line.trim_start();
    if !t.starts_with(char::is_uppercase) {
        return None;
    }
    let head = &t.as_bytes()[..t.len().min(32)];
    let colon = memchr::memchr(b':', head)?;
    let (label, value) = (&t[..colon], &t[colon + 1..]);
    let field = label.split_whitespace().count() <= 3
        && label
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '-')
        && value.starts_with(' ')
        && !value.trim().is_empty();
    field.then(|| value.trim())
}

/// The most characters the first half of an attribution wrapped over two lines may have
/// (mail clients wrap at 72 to 78).
const WRAPPED_ATTRIBUTION_MAX_CHARS: usize = 100;

impl<'a> Document<'a> {
    /// Parse `text` (LF or CRLF) into its parts.
    pub fn parse(text: &'a str, conv: &Conventions) -> Document<'a> {
        let lines = line_spans(text);
        let line = |i: usize| &text[lines[i].start..lines[i].end];
        let mut quoted_line = vec![false; lines.len()];
        let mut customer_lines: Vec<&str> = Vec::new();

        // Forwarded or Outlook-style blocks: everything from their first line on is quoted.
        // Only lines with a `-` or a `:` can open one.
        let opens_block = |i: usize| {
            let l = line(i);
            conv.mail.is_forward_marker(l)
                || (l.contains(':')
                    && conv.mail.is_header_from(l)
                    && (i + 1..(i + 5).min(lines.len())).any(|j| conv.mail.is_header_next(line(j))))
        };
        let mut block_start = None;
        let mut i = 0;
        for pos in memchr::memchr2_iter(b'-', b':', text.as_bytes()) {
            while i < lines.len() && lines[i].end <= pos {
                i += 1;
            }
            if i == lines.len() {
                break;
            }
            if pos >= lines[i].start {
                if opens_block(i) {
                    // Outlook rules a line of underscores above its header block.
                    let ruled = i > 0 && is_rule_line(line(i - 1));
                    block_start = Some(if ruled { i - 1 } else { i });
                    break;
                }
                i += 1;
            }
        }
        // The customer's message is the shallowest quote level: deeper lines are older messages
        // of the thread (the agent's earlier replies among them), and an attribution line that
        // opens a deeper quote is not the customer's text.
        let marked: Vec<(usize, usize)> = (0..lines.len())
            .filter(|&i| line(i).trim_start().starts_with('>'))
            .map(|i| (i, quote_depth(line(i))))
            .collect();
        let shallowest = marked.iter().map(|&(_, depth)| depth).min();
        for &(i, depth) in &marked {
            quoted_line[i] = true;
            let l = strip_quote_marks(line(i));
            let opens_deeper = || {
                conv.mail.is_attribution(l)
                    && (i + 1..lines.len())
                        .find(|&j| !strip_quote_marks(line(j)).is_empty())
                        .is_some_and(|j| quote_depth(line(j)) > depth)
            };
            if Some(depth) == shallowest && !opens_deeper() {
                customer_lines.push(l);
            }
        }
        if let Some(start) = block_start {
            // Up to the next header block: the first message of the forwarded thread.
            let mut in_header = true;
            let mut older = false;
            for (i, q) in quoted_line.iter_mut().enumerate().skip(start) {
                let l = line(i);
                if !*q {
                    if in_header && l.trim().is_empty() && i > start {
                        in_header = false;
                    } else if !in_header && !older {
                        older = opens_block(i);
                        if !older {
                            customer_lines.push(l);
                        }
                    }
                }
                *q = true;
            }
        }
        // Attribution lines right before a quote block ("On …, Anna <a@b.c> wrote:").
        for i in 0..lines.len() {
            if !quoted_line[i] || (i > 0 && quoted_line[i - 1]) {
                continue;
            }
            let mut j = i;
            while j > 0 && line(j - 1).trim().is_empty() {
                j -= 1;
            }
            if j == 0 {
                continue;
            }
            let last = line(j - 1).trim();
            let alone = conv.mail.is_attribution(last);
            // An attribution wrapped over two lines: the first half ends without a colon, and
            // the second may be only the end of the address ("anna@example.com>:").
            let wrapped = j >= 2 && (alone || last.ends_with(">:")) && {
                let prev = line(j - 2).trim();
                let space = if prev.ends_with('<') { "" } else { " " };
                !prev.is_empty()
                    && !prev.ends_with(['.', '!', '?', ':'])
                    && prev.chars().count() <= WRAPPED_ATTRIBUTION_MAX_CHARS
                    && conv.mail.starts_like_attribution(prev)
                    && conv.mail.is_attribution(&format!("{prev}{space}{last}"))
            };
            if alone || wrapped {
                quoted_line[j - 1] = true;
            }
            if wrapped {
                quoted_line[j - 2] = true;
            }
        }

        // The armour of a clear-signed (inline PGP) message is no text of the reply.
        if contains(text, "-----BEGIN PGP") {
            for i in pgp_armour_lines(&lines, line) {
                quoted_line[i] = true;
            }
        }

        // Signature: from a "-- " line (dash-escaped in a clear-signed message: "- -- ", or
        // "Sent from my iPhone") to the next quoted line.
        let mut signature = None;
        if let Some(s) = (0..lines.len()).find(|&i| {
            let l = line(i).trim_end();
            !quoted_line[i]
                && (l == "--" || l == "- --" || (l.len() < 60 && conv.mail.is_mobile_signature(l)))
        }) {
            let end_line = (s..lines.len()).find(|&i| quoted_line[i]);
            let end = match end_line {
                Some(e) => lines[e].start,
                None => text.len(),
            };
            signature = Some(Span::new(lines[s].start, end));
        }
        let in_signature = |i: usize| signature.is_some_and(|s: Span| s.contains(lines[i]));
        // A patch e-mail (`git format-patch`): from the `---` line before the diff on, code.
        let patch = find_patch(text, &lines, &quoted_line)
            .or_else(|| find_cover_letter_summary(text, &lines, &quoted_line));
        let reply_lines: Vec<usize> = (0..lines.len())
            .filter(|&i| !quoted_line[i] && !in_signature(i))
            .filter(|&i| patch.is_none_or(|p: Span| lines[i].start < p.start))
            .collect();

        let mut protected: Vec<Span> = Vec::with_capacity(16);
        let first_reply = reply_lines
            .iter()
            .copied()
            .find(|&i| !line(i).trim().is_empty());

        // Leading @handles (social media replies) are not prose.
        let mut greeting_from = first_reply.map(|i| lines[i].start);
        if let (Some(i), Some(from)) = (first_reply, greeting_from) {
            let first = line(i);
            if let Some(m) = first
                .trim_start()
                .starts_with('@')
                .then(|| HANDLES.find(first))
                .flatten()
            {
                if m.end() > 0 {
                    protected.push(Span::new(from, from + m.end()));
                    greeting_from = Some(from + m.end());
                }
            }
        }
        // A numbered part of a thread of replies ("2/3") opening or ending the reply.
        let mut thread_part = None;
        if let (Some(i), Some(from)) = (first_reply, greeting_from) {
            if let Some((at, k, n)) =
                crate::not_prose::thread_part_opening(&text[from..lines[i].end])
            {
                protected.push(Span::new(from + at.start, from + at.end));
                greeting_from = Some(from + at.end);
                thread_part = Some((k, n));
            }
        }
        let reply_end = reply_lines
            .iter()
            .rev()
            .find(|&&i| !line(i).trim().is_empty())
            .map_or(0, |&i| lines[i].end);
        // A signature stands before a part number that ends the reply ("… -Shie 3/3").
        let mut signature_end = text.len();
        if let Some((at, k, n)) = crate::not_prose::thread_part_ending(&text[..reply_end]) {
            protected.push(at);
            thread_part = thread_part.or(Some((k, n)));
            signature_end = at.start;
        }
        let greeting = first_reply.and_then(|i| {
            let from = greeting_from?;
            find_greeting(&text[from..lines[i].end], conv).map(|len| Span::new(from, from + len))
        });

        let (sign_off, signed_by_name_only) = match find_sign_off(text, &lines, &reply_lines, conv)
        {
            Some((span, name_only)) => (Some(span), name_only),
            None => (None, false),
        };
        // Without a "-- " line, what follows the sign-off's name is the signature: "Best
        // regards,\nSam Smith\nCustomer Care | ACME GmbH\n…".
        if let (None, Some(so)) = (signature, sign_off) {
            signature = company_signature(text, so);
        }
        let body_start = match (greeting, first_reply) {
            (Some(g), _) => g.end,
            (None, Some(i)) => greeting_from.unwrap_or(lines[i].start),
            (None, None) => 0,
        };
        let body_end = sign_off.map_or(reply_end, |s| s.start).max(body_start);
        let body = Span::new(body_start, body_end);

        let mut quoted: Vec<Span> = Vec::new();
        for (i, &q) in quoted_line.iter().enumerate() {
            if q {
                let span = Span::new(lines[i].start, line_end_with_newline(text, lines[i]));
                match quoted.last_mut() {
                    Some(last) if last.end == span.start => last.end = span.end,
                    _ => quoted.push(span),
                }
            }
        }

        protected.extend(crate::not_prose::initials(text, signature_end));
        // Code, URLs and e-mail addresses, and placeholders are left alone.
        let code: Vec<Span> = if text.contains('`') || contains(text, "<!--") {
            CODE.find_iter(text)
                .map(|m| Span::new(m.start(), m.end()))
                .collect()
        } else {
            Vec::new()
        };
        protected.extend(code.iter().copied());
        protected.extend(crate::not_prose::emails(text));
        let urls: Vec<Span> = crate::not_prose::urls(text)
            .into_iter()
            .map(|m| {
                let trimmed = text[m.start..m.end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
                Span::new(m.start, m.start + trimmed.len())
            })
            .collect();
        protected.extend(urls.iter().copied());
        let in_quote = |s: Span| overlaps_any(&quoted, s);
        let mut placeholders: Vec<Placeholder> = Vec::new();
        for span in crate::not_prose::placeholders(text) {
            let found = &text[span.start..span.end];
            if found.starts_with('[')
                && (text[span.end..].starts_with(['(', '[', ':'])
                    || found.chars().count() > 42
                    || !found[1..found.len() - 1]
                        .chars()
                        .all(|c| c.is_alphanumeric() || " _.-/".contains(c)))
            {
                continue; // a Markdown link or reference, or prose in brackets
            }
            // `{{name}` or `{name}}`: a double-brace placeholder with a brace missing.
            let (span, malformed) = match found.as_bytes() {
                [b'{', second, ..] if *second != b'{' && !found.ends_with("}}") => {
                    if text[..span.start].ends_with('{') {
                        (Span::new(span.start - 1, span.end), true)
                    } else if text[span.end..].starts_with('}') {
                        (Span::new(span.start, span.end + 1), true)
                    } else {
                        (span, false)
                    }
                }
                _ => (span, false),
            };
            protected.push(span);
            let in_code = code.iter().any(|c| c.contains(span));
            if !in_quote(span) && !in_code && !patch.is_some_and(|p| p.contains(span)) {
                placeholders.push(Placeholder { span, malformed });
            }
        }
        let mut broken: Vec<Placeholder> = Vec::new();
        if memchr::memchr2(b'{', b'}', text.as_bytes()).is_some() {
            let found: Vec<Span> = placeholders.iter().map(|p| p.span).collect();
            let inside_protected = contained_in_any(protected.clone());
            let inside_code = contained_in_any(code.clone());
            for span in crate::not_prose::placeholder_braces(text) {
                if !overlaps_any(&found, span)
                    && !inside_protected(span)
                    && !in_quote(span)
                    && !inside_code(span)
                {
                    broken.push(Placeholder {
                        span,
                        malformed: true,
                    });
                }
            }
        }
        protected.extend(broken.iter().map(|p| p.span));
        placeholders.extend(broken);
        placeholders.sort_by_key(|p| p.span);

        let mut masked = Vec::with_capacity(quoted.len() + protected.len() + 2);
        masked.extend_from_slice(&quoted);
        masked.extend(signature);
        masked.extend(patch);
        masked.extend(protected);
        let masked = merge_spans(masked);
        let masked_text = mask_text(text, &masked);
        let link_ends: Vec<usize> = urls.iter().map(|u| u.end).collect();
        let sentences = split_sentences(&masked_text, body, &lines, &link_ends, conv);

        Document {
            text,
            greeting,
            body,
            sign_off,
            signed_by_name_only,
            signature,
            quoted,
            placeholders,
            sentences,
            masked,
            masked_text,
            customer_text: customer_lines.join("\n"),
            thread_part,
            section: None,
        }
    }

    /// Whether the reply opens here: not in a later part of a thread ("2/3") or a later
    /// section of a long text.
    pub fn opens_reply(&self) -> bool {
        self.thread_part.is_none_or(|(k, _)| k <= 1) && self.section.is_none_or(|(k, _)| k <= 1)
    }

    /// Whether the reply ends here: not in an earlier part of a thread or an earlier section.
    pub fn closes_reply(&self) -> bool {
        self.thread_part.is_none_or(|(k, n)| k >= n) && self.section.is_none_or(|(k, n)| k >= n)
    }

    /// The text lowercased and space-normalised, masked bytes as white space: what phrases
    /// are matched against. Folded when asked for, and not kept: a long text is large.
    pub fn fold(&self) -> Folded {
        Folded::new(self.text, &self.masked)
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &'a str {
        &self.text[span.start..span.end]
    }

    /// The sentence holding byte `pos`, if any.
    pub fn sentence_at(&self, pos: usize) -> Option<Span> {
        let i = self.sentences.partition_point(|s| s.end <= pos);
        self.sentences.get(i).copied().filter(|s| s.start <= pos)
    }

    /// Whether the document has no prose to check.
    pub fn is_blank(&self) -> bool {
        self.masked_text.trim().is_empty()
    }
}

/// The patch of a `git format-patch` message: from its `---` line (not quoted), or the
/// trailers right before it ("Signed-off-by: …"), to the end of the text, when a diff follows.
fn find_patch(text: &str, lines: &[Span], quoted_line: &[bool]) -> Option<Span> {
    if !contains(text, "\n---") {
        return None;
    }
    let line = |i: usize| &text[lines[i].start..lines[i].end];
    let start = (0..lines.len()).find(|&i| !quoted_line[i] && line(i).trim_end() == "---")?;
    let diff_follows = (start + 1..lines.len()).any(|i| {
        let l = line(i);
        l.starts_with("diff --git ")
            || (l.starts_with("--- ") && i + 1 < lines.len() && line(i + 1).starts_with("+++ "))
    });
    if !diff_follows {
        return None;
    }
    let is_trailer = |l: &str| {
        l.split_once(": ").is_some_and(|(key, value)| {
            !value.trim().is_empty()
                && key.starts_with(|c: char| c.is_ascii_uppercase())
                && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
    };
    let mut first = start;
    while first > 0 && !quoted_line[first - 1] && is_trailer(line(first - 1)) {
        first -= 1;
    }
    Some(Span::new(lines[first].start, text.len()))
}

/// The shortlog and diffstat of a `git format-patch` cover letter, from the author's line
/// ("Anna Example (2):") or the first file's line to the end of the text.
fn find_cover_letter_summary(text: &str, lines: &[Span], quoted_line: &[bool]) -> Option<Span> {
    if !contains(text, " changed") {
        return None;
    }
    let line = |i: usize| &text[lines[i].start..lines[i].end];
    let is_total = |l: &str| {
        let rest = l.trim_start_matches(' ');
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        l.starts_with(' ')
            && digits > 0
            && [" file changed", " files changed"]
                .iter()
                .any(|t| rest[digits..].starts_with(t))
    };
    let total = (0..lines.len()).find(|&i| !quoted_line[i] && is_total(line(i)))?;
    let mut first = total;
    while first > 0 && line(first - 1).starts_with(' ') && line(first - 1).contains(" | ") {
        first -= 1;
    }
    if first == total {
        return None;
    }
    // The shortlog: an author's line, then the subjects indented, then a blank line.
    let mut k = first;
    while k > 0 && line(k - 1).trim().is_empty() {
        k -= 1;
    }
    while k > 0 && line(k - 1).starts_with("  ") {
        k -= 1;
    }
    let is_author = |l: &str| {
        l.strip_suffix("):")
            .and_then(|l| l.rsplit_once(" ("))
            .is_some_and(|(name, n)| {
                !name.trim().is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
            })
    };
    if k > 0 && k < first && is_author(line(k - 1)) {
        first = k - 1;
    }
    Some(Span::new(lines[first].start, text.len()))
}

/// The lines of a clear-signed message's armour: `-----BEGIN PGP SIGNED MESSAGE-----` with its
/// `Hash:` lines, and the signature block up to `-----END PGP SIGNATURE-----`.
fn pgp_armour_lines<'t>(lines: &[Span], line: impl Fn(usize) -> &'t str) -> Vec<usize> {
    let mut armour = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        match line(i).trim_end() {
            "-----BEGIN PGP SIGNED MESSAGE-----" => {
                armour.push(i);
                i += 1;
                while i < lines.len() && line(i).starts_with("Hash:") {
                    armour.push(i);
                    i += 1;
                }
            }
            "-----BEGIN PGP SIGNATURE-----" => {
                while i < lines.len() {
                    armour.push(i);
                    i += 1;
                    if line(i - 1).trim_end() == "-----END PGP SIGNATURE-----" {
                        break;
                    }
                }
            }
            _ => i += 1,
        }
    }
    armour
}

/// Whether `text` contains `needle`: a vectorised search, quicker than `str::contains` on a
/// long text.
pub(crate) fn contains(text: &str, needle: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), needle.as_bytes()).is_some()
}

/// Whether `line` is a rule of underscores, as Outlook draws above a quoted message.
fn is_rule_line(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 10 && t.bytes().all(|b| b == b'_')
}

/// How many `>` markers a line starts with ("> > text" and ">> text": 2).
fn quote_depth(line: &str) -> usize {
    let mut rest = line.trim_start();
    let mut depth = 0;
    while let Some(r) = rest.strip_prefix('>') {
        depth += 1;
        rest = r.trim_start_matches([' ', '\t']);
    }
    depth
}

/// Remove the leading `>` markers (nested too) and one space after them.
fn strip_quote_marks(line: &str) -> &str {
    let mut rest = line.trim_start();
    while let Some(r) = rest.strip_prefix('>') {
        rest = r.strip_prefix(' ').unwrap_or(r);
    }
    rest
}

/// The content span of every line (without `\n` or `\r\n`).
fn line_spans(text: &str) -> Vec<Span> {
    // Room for lines of 48 bytes on average, so that a reply's lines need no regrowing.
    let mut spans = Vec::with_capacity(text.len() / 48 + 1);
    // A byte order mark is not part of the first line.
    let mut start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    for i in memchr::memchr_iter(b'\n', text.as_bytes()) {
        let end = if i > start && text.as_bytes()[i - 1] == b'\r' {
            i - 1
        } else {
            i
        };
        spans.push(Span::new(start, end));
        start = i + 1;
    }
    if start < text.len() {
        spans.push(Span::new(start, text.len()));
    }
    spans
}

fn line_end_with_newline(text: &str, line: Span) -> usize {
    let rest = &text[line.end..];
    if rest.starts_with("\r\n") {
        line.end + 2
    } else if rest.starts_with('\n') {
        line.end + 1
    } else {
        line.end
    }
}

/// Whether `lower` starts with `phrase` as whole words.
fn starts_with_phrase(lower: &str, phrase: &str) -> bool {
    lower.starts_with(phrase) && crate::fold::word_ends_at(lower, phrase.len())
}

/// The length in bytes of the greeting at the start of `line`, if it opens with one.
fn find_greeting(line: &str, conv: &Conventions) -> Option<usize> {
    let trimmed = line.trim_start();
    let lead = line.len() - trimmed.len();
    let greeted = conv.greeting_openings.may_open(trimmed) && {
        let lower = crate::phrases::normalize(trimmed).0;
        conv.greetings.iter().any(|g| starts_with_phrase(&lower, g))
    };
    if !greeted {
        return name_first_greeting(trimmed, conv)
            .or_else(|| name_only_greeting(trimmed, conv))
            .map(|len| lead + len);
    }
    // A placeholder counts as one word, and its commas as none ("Hi {{ name | default: "x" }},").
    let body = &*mask_placeholders(trimmed.trim_end());
    let words = body.split_whitespace().count();
    // "Hi Anna", "Hi Anna,", and "Hi {{first_name}}": a name placeholder ends in `}` or `]`.
    let ends_open = body.ends_with([',', '!', ':', '—', '-', '}', ']'])
        || body.chars().last().is_some_and(char::is_alphanumeric);
    // The whole line, unless a sentence ends inside it ("Hi. It shipped.").
    let period = greeting_full_stop(body, conv);
    let ends_inside = period.is_some() || body.contains("! ") || body.contains("? ");
    if !ends_inside && ((words <= 6 && ends_open) || (words <= 3 && body.ends_with('.'))) {
        return Some(lead + body.len());
    }
    // "Tere, Mari! Aitäh …": up to the "!" when a name (or a placeholder: "Hi, {{name}}!")
    // stands between comma and "!".
    if let (Some(comma), Some(bang)) = (body.find(','), body.find('!')) {
        let name = trimmed.get(comma + 1..bang).unwrap_or("");
        let words: Vec<&str> = name.split_whitespace().collect();
        if !words.is_empty()
            && words.len() <= 3
            && words
                .iter()
                .all(|w| w.chars().next().is_some_and(opens_name))
        {
            return Some(lead + bang + 1);
        }
    }
    // "Hi Anna, thanks for …": the greeting is the part up to the first comma or "!"; "Hello
    // Jim. Thanks for …": a short one up to a full stop.
    let cut = match (body.find([',', '!']), period) {
        (Some(c), Some(p)) => c.min(p),
        (c, p) => c.or(p)?,
    };
    (body[..cut].split_whitespace().count() <= 5).then_some(lead + cut + 1)
}

/// Where a short greeting ends at a full stop inside `line` ("Hello Jim. Thanks …"): the first
/// ". " after at most three words that ends no abbreviation ("Hi Dr. Lee. Thanks …").
fn greeting_full_stop(line: &str, conv: &Conventions) -> Option<usize> {
    line.match_indices(". ")
        .map(|(p, _)| p)
        .take_while(|&p| line[..=p].split_whitespace().count() <= 3)
        .find(|&p| {
            let before = &line[..=p];
            let last = before.rsplit(char::is_whitespace).next().unwrap_or(before);
            !is_initial_or_abbreviation(last, conv)
        })
}

/// "Анна, добрый день!": a name of up to three capitalised words, a comma, then a greeting
/// ending in `!` or `,`.
/// `line` with the bytes of each `{{…}}` and `{% … %}` (the placeholders that hold spaces and
/// commas: filters, arguments) replaced by `x`: the same length, one word.
fn mask_placeholders(line: &str) -> std::borrow::Cow<'_, str> {
    let Some(first) = memchr::memchr(b'{', line.as_bytes()) else {
        return line.into();
    };
    let mut masked = line.as_bytes().to_vec();
    let mut at = first;
    while let Some(open) = memchr::memchr(b'{', &masked[at..]).map(|i| at + i) {
        let close = match masked.get(open + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            _ => {
                at = open + 1;
                continue;
            }
        };
        match masked[open + 2..]
            .windows(2)
            .position(|w| w == close.as_bytes())
        {
            Some(i) => {
                let end = open + 2 + i + 2;
                masked[open..end].fill(b'x');
                at = end;
            }
            None => break,
        }
    }
    String::from_utf8(masked)
        .expect("only ASCII-delimited spans are replaced, whole")
        .into()
}

fn name_first_greeting(line: &str, conv: &Conventions) -> Option<usize> {
    let comma = line.find(',')?;
    let name: Vec<&str> = line[..comma].split_whitespace().collect();
    if name.is_empty()
        || name.len() > 3
        || !name
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
    {
        return None;
    }
    let rest = &line[comma + 1..];
    let lower = crate::phrases::normalize(rest).0;
    conv.greetings
        .iter()
        .find(|g| starts_with_phrase(&lower, g))?;
    let end = rest.find(['!', ','])?;
    (rest[..end].split_whitespace().count() <= 4).then_some(comma + 1 + end + 1)
}

/// "Anna," or "Frau Berg," alone on the first line: a name of up to three capitalised words
/// and a comma, no sign-off ("Thanks,") or greeting phrase.
fn name_only_greeting(line: &str, conv: &Conventions) -> Option<usize> {
    let name = line.trim_end().strip_suffix(',')?;
    let words: Vec<&str> = name.split_whitespace().collect();
    let is_name_word = |w: &&str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '\'' | '’'))
    };
    let phrase = || {
        let lower = crate::phrases::normalize(name).0;
        conv.sign_offs.contains(&lower) || conv.greetings.contains(&lower)
    };
    (!words.is_empty() && words.len() <= 3 && words.iter().all(is_name_word) && !phrase())
        .then_some(name.len() + 1)
}

/// The sign-off near the end of the reply: "Best regards,\nSam".
fn find_sign_off(
    text: &str,
    lines: &[Span],
    reply_lines: &[usize],
    conv: &Conventions,
) -> Option<(Span, bool)> {
    let nonblank: Vec<usize> = reply_lines
        .iter()
        .copied()
        .filter(|&i| !text[lines[i].start..lines[i].end].trim().is_empty())
        .collect();
    let line = |i: usize| &text[lines[i].start..lines[i].end];
    // Among the last four lines with nothing long after it, or further up with only lines of
    // a company's signature after it ("Customer Care | ACME", "Phone: …", a legal notice).
    let mut short_after = true;
    // Whether the lines below are all a signature's, once it is asked.
    let mut signature_after: Option<bool> = None;
    for (back, &i) in nonblank.iter().rev().take(12).enumerate() {
        let l = line(i).trim();
        if nonblank.len() == back + 1 {
            break; // the only line left is the reply itself
        }
        let below = &nonblank[nonblank.len() - back..];
        let near = back < 4 && short_after;
        if !near
            && !*signature_after
                .get_or_insert_with(|| below.iter().all(|&j| is_signature_line(line(j))))
        {
            break; // a line of prose below: no sign-off further up
        }
        if is_sign_off_line(l, conv) {
            // A team's name signing under a sign-off phrase belongs to it ("Kind regards,\nThe
            // Acme team", "С уважением,\nИгорь\nслужба поддержки"): the block's top one counts.
            let top = (i.saturating_sub(2)..i)
                .rev()
                .take_while(|&k| {
                    let l = line(k).trim();
                    reply_lines.contains(&k) && (is_bare_name(l) || is_sign_off_line(l, conv))
                })
                .filter(|&k| is_sign_off_line(line(k).trim(), conv))
                .last()
                .unwrap_or(i);
            let end = lines[*nonblank.last()?].end;
            return Some((
                Span::new(lines[top].start + leading_ws(text, lines[top]), end),
                false,
            ));
        }
        if back > 0 && l.split_whitespace().count() > 6 {
            short_after = false;
        }
        if let Some(all) = &mut signature_after {
            *all &= is_signature_line(l);
        }
    }
    // A name alone in the last paragraph: "Tom", "Anna Berg", "{{agent.name}}".
    let &last = nonblank.last()?;
    (nonblank.len() >= 2
        && last > 0
        && line(last - 1).trim().is_empty()
        && is_bare_name(line(last)))
    .then(|| {
        let start = lines[last].start + leading_ws(text, lines[last]);
        (Span::new(start, lines[last].end), true)
    })
}

/// In a sign-off (`so`), the lines after the sign-off phrase and the name, if any.
fn company_signature(text: &str, so: Span) -> Option<Span> {
    let block = &text[so.start..so.end];
    // A sign-off line and a name have no more.
    if memchr::memchr_iter(b'\n', block.trim_end().as_bytes()).count() < 2 {
        return None;
    }
    let mut lines = block
        .split_inclusive('\n')
        .scan(so.start, |at, l| {
            let start = *at;
            *at += l.len();
            Some((start, l))
        })
        .filter(|(_, l)| !l.trim().is_empty());
    lines.next()?;
    // The name, when on a line of its own ("Best regards,\nSam Smith").
    let (mut start, next) = lines.next()?;
    if is_bare_name(next) {
        start = lines.next()?.0;
    }
    // Every line of it a signature's: a postscript below the name is the reply's.
    let signature = Span::new(start, so.end);
    (text[signature.start..signature.end].lines())
        .filter(|l| !l.trim().is_empty())
        .all(is_signature_line)
        .then_some(signature)
}

/// Whether `line` reads as a line of a company's signature rather than of the reply: short,
/// or with a number, a separator (`|`, `•`), an address (`@`, `www.`, `://`), or in capitals
/// (a legal notice).
fn is_signature_line(line: &str) -> bool {
    let t = line.trim();
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    let capitals = t.chars().filter(|c| c.is_uppercase()).count();
    // A sentence ("P.S. You failed to …", "It arrives Friday.") is the reply's.
    let sentence = t.ends_with(['.', '!', '?']) || starts_with_ps(t);
    (t.split_whitespace().count() <= 6 && !sentence)
        || t.chars()
            .any(|c| c.is_ascii_digit() || matches!(c, '|' | '•' | '·' | '@'))
        || t.contains("www.")
        || t.contains("://")
        || (letters >= 10 && capitals * 5 >= letters * 4)
}

/// Whether a line opens a postscript ("P.S.", "PS:"), which is the reply's.
fn starts_with_ps(line: &str) -> bool {
    let head = line.get(..4).unwrap_or(line).to_ascii_lowercase();
    ["p.s.", "ps:", "ps.", "ps ", "p.s "]
        .iter()
        .any(|ps| head.starts_with(ps))
}

/// Whether `line` is a name alone: one to three words, each opening with a capital (or a
/// placeholder), without digits or a closing punctuation mark; dashes before it aside
/// ("- Jake").
fn is_bare_name(line: &str) -> bool {
    let t = without_dash(line);
    let words = t.split_whitespace().count();
    (1..=3).contains(&words)
        && t.chars().count() <= 40
        && !t.ends_with(['.', '!', '?', ':', ',', ';'])
        && !t.chars().any(|c| c.is_numeric())
        && t.split_whitespace()
            .all(|w| w.chars().next().is_some_and(opens_name))
}

/// `line` trimmed, without the dashes or tilde a name may be signed with ("- Jake", "—Anna",
/// "~Tom").
pub(crate) fn without_dash(line: &str) -> &str {
    (line.trim())
        .trim_start_matches(['-', '–', '—', '~'])
        .trim_start()
}

fn leading_ws(text: &str, line: Span) -> usize {
    let l = &text[line.start..line.end];
    l.len() - l.trim_start().len()
}

fn is_sign_off_line(line: &str, conv: &Conventions) -> bool {
    // Most lines open with no sign-off's word, told before the line is folded when it is ASCII.
    let mut buf = [0; 64];
    let ascii = ascii_opening(line, &mut buf);
    if ascii.is_some_and(|word| !conv.sign_offs.openings.opened_by(word)) {
        return false;
    }
    // A sign-off phrase and a name of up to three words: a line of prose is longer.
    if line.split_whitespace().nth(MOST_SIGN_OFF_WORDS).is_some() {
        return false;
    }
    let lower = crate::phrases::normalize(line).0;
    if ascii.is_none() && !conv.sign_offs.openings.opened_by(opening(&lower)) {
        return false;
    }
    let folded = lower.trim_end_matches([',', '!', ' ']);
    if (conv.sign_offs.patterns.iter())
        .any(|(before, after)| matches_name_pattern(line, folded, before, after))
    {
        return true;
    }
    // The longest sign-off phrase the line opens with: looked up at each word's end.
    let ends = lower.char_indices().map(|(i, c)| i + c.len_utf8());
    let Some(phrase) = ends
        .rev()
        .filter(|&end| crate::fold::word_ends_at(&lower, end))
        .map(|end| &lower[..end])
        .find(|p| conv.sign_offs.contains(p))
    else {
        return false;
    };
    // "Best regards, Sam", "Best regards, {{agent_name}}".
    let rest = line[line.len().min(phrase_len_in(line, phrase))..]
        .trim_start_matches([',', '!', '.', ' ', '-', '—', '\t']);
    // A name in quotation marks may go on in small letters (Команда «Книжной полки»).
    rest.is_empty()
        || (rest.split_whitespace().count() <= 3
            && (rest.starts_with(QUOTES) || rest.chars().next().is_some_and(opens_name)))
}

/// The most words a sign-off line holds: a phrase ("vielen Dank und freundliche Grüße aus")
/// and a name of up to three words.
const MOST_SIGN_OFF_WORDS: usize = 12;

/// The quotation marks that may open a name.
const QUOTES: [char; 4] = ['«', '„', '“', '"'];

/// Whether a word starting with `c` may be a name in a sign-off: a capital, or a placeholder.
fn opens_name(c: char) -> bool {
    c.is_uppercase() || matches!(c, '{' | '[' | '%')
}

/// Whether a line (`folded`: folded, trailing `,` and `!` aside) is the pattern `before` *
/// `after` ("ihr * team") with a name for its `*`: one to three capitalised words or a
/// placeholder ("Ihr Acme-Support Team,", "Ihr %{company.name} Team").
fn matches_name_pattern(line: &str, folded: &str, before: &str, after: &str) -> bool {
    if !before.is_empty() && !starts_with_phrase(folded, before) {
        return false;
    }
    let rest = &folded[before.len()..];
    let Some(name) = rest.strip_suffix(after) else {
        return false;
    };
    let words = name.split_whitespace().count();
    let skip = before.split_whitespace().count();
    (after.is_empty() || crate::fold::word_starts_at(rest, name.len()))
        && (1..=3).contains(&words)
        && {
            // A name in quotation marks may go on in small letters (Команда «Книжной полки»).
            let mut name = line.split_whitespace().skip(skip).take(words);
            let quoted = line
                .split_whitespace()
                .nth(skip)
                .is_some_and(|w| w.starts_with(QUOTES));
            quoted
                || name.all(|w| {
                    w.chars()
                        .next()
                        .is_some_and(|c| opens_name(c) || c.is_numeric())
                })
        }
}

/// The byte length in `line` of the folded `phrase` at its start (folding may change lengths).
fn phrase_len_in(line: &str, phrase: &str) -> usize {
    let words = phrase.split(' ').count();
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in line.char_indices() {
        if c.is_whitespace() {
            if in_word {
                seen += 1;
                if seen == words {
                    return i;
                }
            }
            in_word = false;
        } else if c.is_alphanumeric() || c == '\'' || c == '’' || c == '-' {
            in_word = true;
        } else if in_word {
            seen += 1;
            in_word = false;
            if seen == words {
                return i;
            }
        }
    }
    line.len()
}

/// A test of whether a span lies inside one of `spans` (in any order, overlapping or not).
fn contained_in_any(mut spans: Vec<Span>) -> impl Fn(Span) -> bool {
    spans.sort();
    // The furthest end among the spans up to each one.
    let reach: Vec<usize> = spans
        .iter()
        .scan(0, |far, s| {
            *far = s.end.max(*far);
            Some(*far)
        })
        .collect();
    move |s: Span| {
        let before = spans.partition_point(|x| x.start <= s.start);
        before > 0 && reach[before - 1] >= s.end
    }
}

/// Sort and merge overlapping or touching spans.
pub fn merge_spans(mut spans: Vec<Span>) -> Vec<Span> {
    spans.retain(|s| !s.is_empty());
    spans.sort();
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

fn mask_text(text: &str, masked: &[Span]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for s in masked {
        out.push_str(&text[copied..s.start]);
        // Masked bytes become spaces; line breaks stay.
        for line in text[s.start..s.end].split_inclusive('\n') {
            let newline = line.ends_with('\n');
            out.extend(std::iter::repeat_n(' ', line.len() - usize::from(newline)));
            if newline {
                out.push('\n');
            }
        }
        copied = s.end;
    }
    out.push_str(&text[copied..]);
    out
}

/// Split `span` of `text` into sentences: at `.!?…` before white space (not after an abbreviation
/// or an initial, nor before a lowercase word), at blank lines, before list items, and after a
/// link (one of `link_ends`, sorted) that a capitalised word follows: "… here: https://… If not,
/// call us." (a link at the end of a sentence often goes without the full stop). `lines` are the
/// text's lines ([`line_spans`]).
fn split_sentences(
    text: &str,
    span: Span,
    lines: &[Span],
    link_ends: &[usize],
    conv: &Conventions,
) -> Vec<Span> {
    // Room for sentences of 64 bytes on average.
    let mut out = Vec::with_capacity(span.len() / 64 + 1);
    let mut start = span.start;
    let region = &text[span.start..span.end];
    let push = |from: usize, to: usize, out: &mut Vec<Span>| {
        let s = &text[from..to];
        let lead = s.len() - s.trim_start().len();
        let t = s.trim();
        if t.chars().any(char::is_alphanumeric) {
            out.push(Span::new(from + lead, from + lead + t.len()));
        }
    };
    // Only line breaks and sentence-ending marks matter (0xE2 starts `…`, never a continuation
    // byte).
    let mut marks =
        crate::scan::FiveBytes::new(region.as_bytes(), [b'\n', b'.', b'?'], [b'!', 0xE2]);
    let mut i = 0;
    // The lines after the span's start, and how many of them have been passed.
    let lines = &lines[lines.partition_point(|l| l.start <= span.start)..];
    let mut line = 0;
    // Whether the line the scan is in starts a list item.
    let mut in_item =
        is_list_item(&region[..memchr::memchr(b'\n', region.as_bytes()).unwrap_or(region.len())]);
    // The links after the span's start, and how many of them have been passed.
    let links = &link_ends[link_ends.partition_point(|&e| e <= span.start)..];
    let mut passed = 0;
    let end_at_links = |upto: usize, passed: &mut usize, start: &mut usize, out: &mut Vec<Span>| {
        while let Some(&e) = links.get(*passed).filter(|&&e| e <= upto && e < span.end) {
            *passed += 1;
            let rest = &text[e..span.end];
            let next = rest.trim_start().chars().next();
            if e > *start
                && rest.starts_with(char::is_whitespace)
                && next.is_some_and(crate::fold::is_uppercase)
            {
                push(*start, e, out);
                *start = e;
            }
        }
    };
    while let Some(at) = marks.next_from(i) {
        i = at;
        let c = region[i..].chars().next().unwrap_or(' ');
        let pos = span.start + i;
        if links.get(passed).is_some_and(|&e| e <= pos) {
            end_at_links(pos, &mut passed, &mut start, &mut out);
        }
        i += c.len_utf8();
        if c == '\n' {
            // Paragraph break, or a list item before or after: a sentence ends here. (A list
            // item's next line continues it when indented.)
            while lines.get(line).is_some_and(|l| l.start <= pos) {
                line += 1;
            }
            let next_line = match lines.get(line) {
                Some(l) if l.start < span.end => &text[l.start..l.end.min(span.end)],
                _ => "",
            };
            let blank = next_line.trim().is_empty();
            let next_item = !blank && is_list_item(next_line);
            let next_field = !blank && !next_item && form_field_value(next_line).is_some();
            if blank
                || next_item
                || next_field
                || (in_item && !next_line.starts_with(char::is_whitespace))
            {
                push(start, pos, &mut out);
                start = pos + 1;
            }
            in_item = next_item;
            continue;
        }
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        // Take the whole run of closing punctuation: "?!", "...", ".)" and closing quotes.
        let mut end = pos + c.len_utf8();
        for n in text[end..span.end].chars() {
            if !matches!(
                n,
                '.' | '!' | '?' | '…' | ')' | '"' | '\'' | '”' | '’' | '»' | '“'
            ) {
                break;
            }
            end += n.len_utf8();
        }
        i = end - span.start;
        let after = &text[end..span.end];
        if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
            continue;
        }
        // A quotation that ends in a mark, then the sentence goes on in small letters: the app
        // shows "Retry the payment?" and then nothing happens.
        let quoted = text[pos..end].contains(['"', '”', '»', '“', '’', '\'']);
        let next = after.trim_start().chars().next();
        if quoted && next.is_some_and(crate::fold::is_lowercase) {
            continue;
        }
        if c == '.' && end == pos + 1 {
            let word_start = text[start..pos]
                .char_indices()
                .rfind(|&(_, ch)| ch.is_whitespace() || ch == '(')
                .map_or(start, |(k, ch)| start + k + ch.len_utf8());
            if is_initial_or_abbreviation(&text[word_start..end], conv) {
                continue;
            }
            let next = after.trim_start().chars().next();
            if next.is_some_and(|n| crate::fold::is_lowercase(n) || n.is_ascii_digit()) {
                continue;
            }
        }
        push(start, end, &mut out);
        start = end;
    }
    end_at_links(span.end, &mut passed, &mut start, &mut out);
    push(start, span.end, &mut out);
    out
}

/// Whether `word` (ending in `.`) is an initial ("J.") or a known abbreviation, in any case.
fn is_initial_or_abbreviation(word: &str, conv: &Conventions) -> bool {
    // Most words are short ASCII: lowercased on the stack.
    let mut buf = [0u8; 24];
    let lower: std::borrow::Cow<str> = match buf.get_mut(..word.len()) {
        Some(buf) if word.is_ascii() => {
            buf.copy_from_slice(word.as_bytes());
            buf.make_ascii_lowercase();
            std::str::from_utf8(buf).expect("ASCII").into()
        }
        _ => crate::fold::to_lowercase(word).into(),
    };
    let letters = lower.trim_end_matches('.');
    let initial = letters.chars().count() == 1 && letters.chars().all(crate::fold::is_alphabetic);
    initial
        || conv
            .abbreviations
            .get(lower.as_ref())
            .is_some_and(|&small| small || word.starts_with(crate::fold::is_uppercase))
}

/// Whether `sentence` ends in a question mark: "Why?", "why?!", "(why?)", "„warum?“".
pub(crate) fn ends_in_question_mark(sentence: &str) -> bool {
    (sentence.trim_end())
        .trim_end_matches(['!', '.', '…', ')', '"', '\'', '“', '”', '»', '«', '’'])
        .ends_with(['?', '？'])
}

/// Whether `line` starts a list item: a bullet (`-`, `*`, `•`, `–`), a number (`1.`, `2)`) or
/// a letter (`a.`, `b)`, `A)`; not `A.`, which is as likely an initial) and a space.
pub(crate) fn is_list_item(line: &str) -> bool {
    let t = line.trim_start();
    let b = t.as_bytes();
    let marker_at = |at: usize, marks: &[u8]| {
        b.get(at).is_some_and(|c| marks.contains(c)) && b.get(at + 1) == Some(&b' ')
    };
    match b.first() {
        Some(b'-' | b'*') => b.get(1) == Some(&b' '),
        Some(b'0'..=b'9') => marker_at(b.iter().take_while(|c| c.is_ascii_digit()).count(), b")."),
        Some(b'a'..=b'z') => marker_at(1, b")."),
        Some(b'A'..=b'Z') => marker_at(1, b")"),
        Some(_) => t
            .strip_prefix(['•', '–'])
            .is_some_and(|rest| rest.starts_with(' ')),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sender_is_named_by_address_or_full_name() {
        let sam = Sender {
            address: Some("sam@shop.example"),
            name: Some("Sam Lee"),
        };
        for line in [
            "On Mon, 3 Feb 2025, Sam Lee <sam@shop.example> wrote:",
            "From: SAM@SHOP.EXAMPLE.",
            "On 3 Feb 2025, sam lee wrote:",
            "(sam@shop.example)",
        ] {
            assert!(sam.named_in(line), "{line}");
        }
        for line in [
            "On Mon, 3 Feb 2025, Sam <sam@example.com> wrote:",
            "From: lee.sam@shop.example.org",
            "xsam@shop.example",
            "Sam Leeds wrote:",
        ] {
            assert!(!sam.named_in(line), "{line}");
        }
        let first_name_only = Sender {
            address: None,
            name: Some("Sam"),
        };
        assert!(!first_name_only.named_in("On 3 Feb 2025, Sam wrote:"));
        assert!(!Sender::default().named_in("On 3 Feb 2025, Sam Lee wrote:"));
    }

    #[test]
    fn header_fields_have_a_name_a_colon_and_a_value() {
        for line in [
            "Cc: sam@shop.example",
            "*To:* Anna",
            "Kopie an: x",
            "Копия: x",
        ] {
            assert!(is_header_field(line), "{line}");
        }
        for line in [
            "Sam Lee wrote:",
            "On Mon, 3 Feb 2025 at 10:15, Anna wrote:",
            "Am 03.02.2025 um 10:15 schrieb Anna:",
            "no colon here",
        ] {
            assert!(!is_header_field(line), "{line}");
        }
    }

    #[test]
    fn a_form_field_starts_a_sentence() {
        for line in [
            "Name: Anna Berg",
            "Order number: 12345",
            "  E-Mail: a@b.c",
            "Имя: Анна",
        ] {
            assert!(form_field_value(line).is_some(), "{line}");
        }
        for line in [
            "name: Anna",
            "Sam Lee wrote:",
            "Https://example.com",
            "Please note the following: it is",
            "Note:",
            "No colon",
        ] {
            assert_eq!(form_field_value(line), None, "{line}");
        }
        assert_eq!(form_field_value("Order number: 12345 "), Some("12345"));
        assert_eq!(
            sentences("Name: Anna Berg\nMessage: Where is my order?\nIt has been a week"),
            [
                "Name: Anna Berg",
                "Message: Where is my order?",
                "It has been a week"
            ]
        );
    }

    /// [`conv`] with these greetings too.
    fn conv_and_greetings(greetings: &[&str]) -> Conventions {
        let mut c = conv();
        c.extend(&crate::pack::Conventions {
            greetings: greetings.iter().map(|g| g.to_string()).collect(),
            ..Default::default()
        });
        c
    }

    fn conv() -> Conventions {
        let mut c = Conventions::default();
        c.extend(&crate::pack::Conventions {
            greetings: vec![
                "hi".into(),
                "hello".into(),
                "dear".into(),
                "good morning".into(),
            ],
            sign_offs: vec![
                "best regards".into(),
                "thanks".into(),
                "kind regards".into(),
            ],
            abbreviations: vec!["dr.".into(), "e.g.".into(), "approx.".into(), "mr.".into()],
            markers: vec![],
            letters: String::new(),
            alphabet: String::new(),
            mail: crate::pack::MailConventions {
                wrote: vec!["wrote".into()],
                date_openers: vec!["on".into()],
                forwarded: vec!["original message".into()],
                mobile_signatures: vec!["sent from my *".into()],
                header_from: vec!["from".into()],
                header_fields: vec!["sent".into(), "to".into(), "subject".into()],
                reply_prefixes: vec!["re".into()],
                not_a_person: vec!["support".into()],
                name_fields: vec!["name".into()],
                months: vec![],
            },
        });
        c
    }

    fn sentences(text: &str) -> Vec<String> {
        let c = conv();
        let d = Document::parse(text, &c);
        d.sentences
            .iter()
            .map(|&s| d.slice(s).to_string())
            .collect()
    }

    #[test]
    fn parts_of_a_reply() {
        let text = "Hi Anna,\n\nThanks for writing. Dr. Lee will call, e.g. tomorrow.\n\nBest regards,\nSam\n-- \nAcme Support\n\nOn Mon, 3 Feb 2025, Anna <a@b.c> wrote:\n> Calm down? Where is my parcel?\n";
        let c = conv();
        let d = Document::parse(text, &c);
        assert_eq!(d.slice(d.greeting.unwrap()), "Hi Anna,");
        assert_eq!(d.slice(d.sign_off.unwrap()), "Best regards,\nSam");
        assert!(d.slice(d.signature.unwrap()).starts_with("-- \nAcme"));
        assert_eq!(d.quoted.len(), 1);
        assert!(d.slice(d.quoted[0]).starts_with("On Mon"));
        assert_eq!(d.customer_text, "Calm down? Where is my parcel?");
        let s: Vec<&str> = d.sentences.iter().map(|&s| d.slice(s)).collect();
        assert_eq!(
            s,
            ["Thanks for writing.", "Dr. Lee will call, e.g. tomorrow."]
        );
        assert!(!d.fold().text.contains("calm"));
    }

    /// An abbreviation listed with a capital ("Do." for Thursday) ends no sentence only when
    /// written with one: English "we do." ends one.
    #[test]
    fn a_capitalised_abbreviation_holds_only_with_its_capital() {
        let engine = crate::Engine::builder()
            .builtin_packs()
            .build()
            .expect("packs");
        let sentences = |text: &str| {
            let d = engine.parse(text);
            d.sentences
                .iter()
                .map(|&s| d.slice(s).to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            sentences("Yes, we do. Your order ships today. The answer is no. Sorry!"),
            [
                "Yes, we do.",
                "Your order ships today.",
                "The answer is no.",
                "Sorry!"
            ]
        );
        assert_eq!(
            sentences("Wir liefern am Do. Nachmittag. Dr. Lee hat No. 5."),
            ["Wir liefern am Do. Nachmittag.", "Dr. Lee hat No. 5."]
        );
    }

    #[test]
    fn span_lookups() {
        use crate::diagnostic::overlaps_any;
        let s = |a, b| Span::new(a, b);
        let sorted = [s(0, 2), s(5, 8), s(10, 12)];
        assert!(overlaps_any(&sorted, s(7, 9)) && overlaps_any(&sorted, s(1, 3)));
        assert!(!overlaps_any(&sorted, s(2, 5)) && !overlaps_any(&sorted, s(12, 20)));
        let inside = contained_in_any(vec![s(10, 30), s(0, 5), s(12, 14)]);
        assert!(inside(s(13, 25)) && inside(s(1, 5)) && inside(s(10, 30)));
        assert!(!inside(s(4, 11)) && !inside(s(25, 31)));
    }

    #[test]
    fn crlf_is_like_lf() {
        let lf = "Hello,\n\nThanks. Bye now.\n\nThanks,\nSam\n";
        let crlf = lf.replace('\n', "\r\n");
        assert_eq!(sentences(lf), sentences(&crlf));
        let c = conv();
        let d = Document::parse(&crlf, &c);
        assert_eq!(d.slice(d.sign_off.unwrap()), "Thanks,\r\nSam");
    }

    #[test]
    fn a_postscript_line_is_no_signature_line() {
        for line in [
            "P.S. The courier calls first",
            "PS: call us",
            "ps. see below",
        ] {
            assert!(!is_signature_line(line), "{line}");
        }
        for line in ["Sam Smith", "Customer Care | ACME", "Psychology Dept"] {
            assert!(is_signature_line(line), "{line}");
        }
    }

    #[test]
    fn a_company_signature_follows_the_sign_off_and_name() {
        let mut c = conv();
        c.sign_offs.insert("best regards".into());
        let reply = "Hi Anna,\n\nYour parcel arrives on Friday.\n\nBest regards,\nSam Smith\n";
        let company = "Customer Care | ACME GmbH\nPhone: +49 30 1234567\nACME GmbH, Hauptstr. 1, 10115 Berlin, HRB 12345 B, CEO: Max Muster\nCONFIDENTIALITY NOTICE: THIS E-MAIL MAY CONTAIN CONFIDENTIAL INFORMATION.\n";
        let text = format!("{reply}{company}");
        let d = Document::parse(&text, &c);
        assert!(d.slice(d.sign_off.unwrap()).starts_with("Best regards,"));
        assert_eq!(d.signature.map(|s| d.slice(s)), Some(company.trim_end()));
        // A sign-off and a name alone have none; nor has a sign-off above a paragraph of prose.
        let d = Document::parse(reply, &c);
        assert_eq!((d.sign_off.is_some(), d.signature), (true, None));
        let prose = "Best regards,\nSam\n\nPS: the courier will call you before he comes, so please keep your phone at hand tomorrow.\nAnd one more line of ordinary prose here.\n";
        let text = format!("Hi Anna,\n\nIt ships today.\n\n{prose}");
        let d = Document::parse(&text, &c);
        assert_eq!(d.sign_off, None);
    }

    #[test]
    fn a_name_alone_with_a_comma_is_a_greeting() {
        let mut c = conv();
        c.sign_offs.insert("thanks".into());
        for (text, greeting) in [
            ("Anna,\n\nthank you for writing.", Some("Anna,")),
            ("Frau Berg,\nvielen Dank.", Some("Frau Berg,")),
            ("Thanks,\n\nit works now.", None),
            ("Anna, thank you for writing.", None),
            ("We fixed it, Anna,\n\nand more.", None),
        ] {
            let d = Document::parse(text, &c);
            assert_eq!(d.greeting.map(|g| d.slice(g)), greeting, "{text}");
        }
    }

    #[test]
    fn greeting_inside_the_first_line() {
        let c = conv();
        let d = Document::parse("Hi Sam, thanks for the note. It works.", &c);
        assert_eq!(d.slice(d.greeting.unwrap()), "Hi Sam,");
        assert_eq!(d.slice(d.sentences[0]), "thanks for the note.");
        // A short greeting up to a full stop, but not an abbreviation's.
        let d = Document::parse("@sam_k Hello Sam. Thanks for the note. It works.", &c);
        assert_eq!(d.slice(d.greeting.unwrap()), "Hello Sam.");
        let d = Document::parse("Hi Dr. Lee, thanks for the note. It works.", &c);
        assert_eq!(d.slice(d.greeting.unwrap()), "Hi Dr. Lee,");
        let d = Document::parse("Hello. We fixed the link on the returns page today.", &c);
        assert_eq!(d.slice(d.greeting.unwrap()), "Hello.");
        let d = Document::parse("Hi Dr. Lee. Thanks for the note.", &c);
        assert_eq!(d.slice(d.greeting.unwrap()), "Hi Dr. Lee.");
        // A short line holding a greeting and a sentence is not all greeting.
        let d = Document::parse("Hi. It shipped.", &c);
        assert_eq!(d.slice(d.greeting.unwrap()), "Hi.");
        assert_eq!(d.slice(d.sentences[0]), "It shipped.");
    }

    #[test]
    fn an_ascii_opening_is_the_folded_lines_opening() {
        for line in [
            "Kind regards,",
            "  THANKS!",
            "Thanks\u{2019}s",
            "Best\u{a0}regards",
            "Dr.Who",
            "don't",
            "Cheers_2 all",
            "Grüße",
            "Tack för",
            "Спасибо",
            "",
            "-- ",
            "Ihr*",
        ] {
            let mut buf = [0; 64];
            if let Some(word) = ascii_opening(line, &mut buf) {
                let folded = crate::phrases::normalize(line).0;
                assert_eq!(word, opening(&folded), "{line:?}");
            }
        }
        let mut buf = [0; 64];
        assert_eq!(ascii_opening("Grüße", &mut buf), None);
        assert_eq!(ascii_opening("Thanks\u{2019}s", &mut buf), None);
        assert_eq!(ascii_opening("  Kind regards", &mut buf), Some("kind"));
    }

    #[test]
    fn team_sign_offs_with_the_name_inside_or_after() {
        let mut c = conv();
        c.sign_offs.insert_pattern("ihr", "team");
        c.sign_offs.insert_pattern("", "support");
        c.sign_offs.insert("ваша команда".into());
        c.sign_offs.insert("команда".into());
        for (text, sign_off) in [
            (
                "Привет!\n\nЗаказ в пути.\n\nКоманда «Книжной полки»",
                "Команда «Книжной полки»",
            ),
            (
                "Hallo,\n\nIhr Paket ist unterwegs.\n\nIhr Acme-Support Team,",
                "Ihr Acme-Support Team,",
            ),
            (
                "Hallo,\n\nIhr Paket ist unterwegs.\n\nIhr %{company.name} Team",
                "Ihr %{company.name} Team",
            ),
            (
                "Hi,\n\nIt shipped.\n\nBest regards,\n{{agent_name}}",
                "Best regards,\n{{agent_name}}",
            ),
            (
                "Здравствуйте!\n\nЗаказ отправлен.\n\nВаша команда %{company.name},",
                "Ваша команда %{company.name},",
            ),
            ("Hi,\n\nIt shipped.\n\nAcme Support", "Acme Support"),
            // A pattern that opens with the name: any line may be one (four words are no name).
            (
                "Hi,\n\nIt shipped.\n\nAcme Online Shop Support",
                "Acme Online Shop Support",
            ),
            // A sign-off phrase further up, past a line of prose, is the reply's.
            (
                "Hi Anna,\nThanks!\nThe parcel left today.\nBest regards,\nJim",
                "Best regards,\nJim",
            ),
            // A team signing under a sign-off phrase, with or without a name between.
            (
                "Hi,\n\nIt shipped.\n\nKind regards,\nAcme Support",
                "Kind regards,\nAcme Support",
            ),
            (
                "Hallo,\n\nEs ist unterwegs.\n\nBest regards\nJana\nIhr Acme Team",
                "Best regards\nJana\nIhr Acme Team",
            ),
        ] {
            let d = Document::parse(text, &c);
            assert_eq!(d.sign_off.map(|s| d.slice(s)), Some(sign_off), "{text}");
        }
        for text in [
            // (After a blank line, "Ihr Team" would be a name alone.)
            "Hallo,\n\nIhr Paket ist unterwegs.\nIhr Team",
            "Hallo,\n\nEs ist da.\n\nIhr Paket ist beim Team",
            "Hallo,\n\nEs ist da.\n\nIhr Paket ist heute beim Team",
            "Hi,\n\nIt shipped.\n\nWe are here for support",
        ] {
            let d = Document::parse(text, &c);
            assert_eq!(d.sign_off, None, "{text}");
        }
    }

    #[test]
    fn greeting_with_a_name_placeholder_and_no_comma() {
        let c = conv();
        for (text, greeting) in [
            (
                "Hi {{first_name}}\n\nYour order has shipped.",
                "Hi {{first_name}}",
            ),
            (
                "Hello %{recipient.name}\n\nYour order has shipped.",
                "Hello %{recipient.name}",
            ),
            ("Hi [NAME]\n\nYour order has shipped.", "Hi [NAME]"),
            // A Liquid filter with an argument is one word, its comma none.
            (
                "Hi {{ customer.first_name | default: \"there, friend\" }},\n\nYour order has shipped.",
                "Hi {{ customer.first_name | default: \"there, friend\" }},",
            ),
        ] {
            let d = Document::parse(text, &c);
            assert_eq!(d.greeting.map(|g| d.slice(g)), Some(greeting), "{text}");
            assert_eq!(d.slice(d.sentences[0]), "Your order has shipped.");
        }
    }

    #[test]
    fn greeting_with_a_name_before_the_exclamation_mark() {
        let c = conv_and_greetings(&["tere"]);
        let d = Document::parse("Tere, Mari! Aitäh kirja eest, pakk on teel.", &c);
        assert_eq!(d.slice(d.greeting.unwrap()), "Tere, Mari!");
        let d = Document::parse("Hi Anna, thanks! It is fixed.", &c);
        assert_eq!(d.slice(d.greeting.unwrap()), "Hi Anna,");
    }

    #[test]
    fn greeting_lines_that_do_not_panic_or_start_with_the_name() {
        let c = conv_and_greetings(&["добрый день", "tere"]);
        let d = Document::parse("Добрый день! Хочу вернуть куртку, она не подошла.", &c);
        assert_eq!(d.slice(d.greeting.unwrap()), "Добрый день!");
        let d = Document::parse("Tere! Пишу из Таллина, по-русски.", &c);
        assert_eq!(d.slice(d.greeting.unwrap()), "Tere!");
        let d = Document::parse("Анна, добрый день!\n\nСпасибо за обращение.", &c);
        assert_eq!(d.slice(d.greeting.unwrap()), "Анна, добрый день!");
        let d = Document::parse("Anna, the parcel left today.", &c);
        assert!(d.greeting.is_none());
    }

    #[test]
    fn agent_initials_are_not_prose() {
        let c = conv();
        let d = Document::parse("We sent a new code. Let us know! ^JR", &c);
        assert!(!d.fold().text.contains("jr"));
        let d = Document::parse("Please DM us your ID. *SR\nThanks -TC", &c);
        assert!(!d.fold().text.contains("sr") && !d.fold().text.contains("tc"));
    }

    #[test]
    fn handles_are_masked_and_not_prose() {
        let c = conv();
        let d = Document::parse("@acme @sam_b Hi Sam, we are on it.", &c);
        assert_eq!(d.slice(d.greeting.unwrap()), "Hi Sam,");
        assert!(!d.fold().text.contains("acme"));
    }

    #[test]
    fn placeholders_urls_and_code_are_masked() {
        let c = conv();
        let text = "Hi {{ticket.requester.first_name}}, see https://x.io/a. Run `calm down` and [Customer Name] at <ISSUE_NUMBER>, %{ticket.number} {%customer.firstName,fallback=there%} XXX [docs](https://d) {{broken";
        let d = Document::parse(text, &c);
        let ph: Vec<&str> = d.placeholders.iter().map(|p| d.slice(p.span)).collect();
        assert_eq!(
            ph,
            [
                "{{ticket.requester.first_name}}",
                "[Customer Name]",
                "<ISSUE_NUMBER>",
                "%{ticket.number}",
                "{%customer.firstName,fallback=there%}",
                "XXX",
                "{{"
            ]
        );
        assert!(d.placeholders.last().unwrap().malformed);
        assert!(!d.fold().text.contains("calm"));
        assert!(!d.fold().text.contains("x.io"));
        assert!(d.fold().text.contains("docs"));
    }

    #[test]
    fn outlook_blocks_are_quoted() {
        let c = conv();
        let text = "Thanks, it is fixed.\n\n-----Original Message-----\nFrom: Anna\nSent: Monday\n\nWhy is it broken?\n";
        let d = Document::parse(text, &c);
        assert_eq!(d.customer_text, "Why is it broken?");
        assert_eq!(sentences(text), ["Thanks, it is fixed."]);
        // Of a thread, the customer's message is the first (the latest) one.
        let thread = format!("{text}\nFrom: Sam\nSent: Sunday\n\nCould you send a photo?\n");
        let d = Document::parse(&thread, &c);
        assert_eq!(d.customer_text, "Why is it broken?\n");
        assert_eq!(sentences(&thread), ["Thanks, it is fixed."]);
    }

    #[test]
    fn an_outlook_rule_above_the_header_block_is_quoted() {
        let c = conv();
        let rule = "_".repeat(32);
        let text = format!("Thanks, it is fixed.\n\n{rule}\nFrom: Anna\nSent: Monday\n\nWhy?\n");
        let d = Document::parse(&text, &c);
        assert_eq!(d.customer_text, "Why?");
        assert!(d.placeholders.is_empty(), "{:?}", d.placeholders);
        assert_eq!(d.quoted, [Span::new(22, text.len())]);
    }

    #[test]
    fn attributions_wrapped_over_two_lines_are_quoted() {
        let c = conv();
        for attribution in [
            // A first half of more than twelve words.
            "On Wed, 7 May 2025 at 19:45, Anna Nair (NAIR & SONS LTD) <anna@example.com>\nwrote:",
            // Broken inside the address: the second half alone is no attribution.
            "Wed, 7 May 2025, 19:45 Anna Nair (NAIR & SONS LTD) <\nanna@example.com>:",
        ] {
            let text = format!("Thanks, it is fixed.\n\n{attribution}\n\n> Why is it broken?\n");
            let d = Document::parse(&text, &c);
            assert_eq!(sentences(&text), ["Thanks, it is fixed."], "{attribution}");
            assert_eq!(d.customer_text, "Why is it broken?");
        }
        // A sentence before a one-line attribution stays the reply's.
        let text = "Thanks, it is fixed.\nSee below\nOn Monday, Anna <a@b.c> wrote:\n> Why?\n";
        assert_eq!(sentences(text), ["Thanks, it is fixed.", "See below"]);
    }

    #[test]
    fn the_armour_of_a_clear_signed_message_is_not_the_reply() {
        let c = conv();
        let text = concat!(
            "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nHi Anna,\n\n",
            "Thanks for writing. It is fixed.\n\nBest regards,\nSam\n",
            "-----BEGIN PGP SIGNATURE-----\n\niHUEARYKAB0WIQTmYz3k8fX0bXlh\n=abcd\n",
            "-----END PGP SIGNATURE-----\n",
        );
        let d = Document::parse(text, &c);
        assert_eq!(d.slice(d.greeting.unwrap()), "Hi Anna,");
        assert_eq!(sentences(text), ["Thanks for writing.", "It is fixed."]);
        assert_eq!(d.slice(d.sign_off.unwrap()), "Best regards,\nSam");
        assert!(!d.masked_text.contains("PGP"));
    }

    #[test]
    fn the_customer_text_is_the_latest_message_of_a_quoted_thread() {
        let c = conv();
        let text = concat!(
            "Thanks, Anna. It ships today.\n\n",
            "On Mon, 3 Feb 2025, Anna <a@b.c> wrote:\n",
            "> When does it ship?\n",
            ">\n",
            "> On Sun, 2 Feb 2025, Sam <s@shop.example> wrote:\n",
            ">> Could you send the order number?\n",
            ">>> Where is my parcel?\n",
        );
        let d = Document::parse(text, &c);
        assert_eq!(d.customer_text, "When does it ship?\n");
        // Every quoted line is still masked.
        assert_eq!(sentences(text), ["Thanks, Anna.", "It ships today."]);
        // "> > " nests like ">>".
        let d = Document::parse("Done.\n\n> Why?\n> > Why not?\n", &c);
        assert_eq!(d.customer_text, "Why?");
    }

    #[test]
    fn a_double_brace_placeholder_with_a_brace_missing_is_broken() {
        let c = conv();
        let text = "Hi {{first_name},\n\nThanks for ticket {ticket.id}} and {order}.\n";
        let d = Document::parse(text, &c);
        let found: Vec<(&str, bool)> = d
            .placeholders
            .iter()
            .map(|p| (d.slice(p.span), p.malformed))
            .collect();
        assert_eq!(
            found,
            [
                ("{{first_name}", true),
                ("{ticket.id}}", true),
                ("{order}", false)
            ]
        );
    }

    #[test]
    fn the_patch_of_a_patch_email_is_masked() {
        let c = conv();
        let text = concat!(
            "Thanks, Anna. This fixes the typo.\n\n",
            "---\n a.txt | 2 +-\n\n",
            "diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-Calm down.\n+Fixed.\n",
        );
        let d = Document::parse(text, &c);
        assert_eq!(sentences(text), ["Thanks, Anna.", "This fixes the typo."]);
        assert!(!d.fold().text.contains("calm"), "{}", d.fold().text);
        // Placeholders in the diff are code, not blanks to fill in.
        let text = concat!(
            "Thanks, Anna. This fills the name.\n\n---\n\n",
            "diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-Hi XXX\n+Hi {{name}}\n",
        );
        assert!(Document::parse(text, &c).placeholders.is_empty());
        // A cover letter's shortlog and diffstat are not prose.
        let text = concat!(
            "Thanks for the reviews. This series fills the greeting.\n\n",
            "Anna Example (2):\n  deploy: add a script\n  mail: use {{name}} instead of XXX\n\n",
            " deploy.sh | 4 ++++\n mail.tmpl | 2 +-\n 2 files changed, 5 insertions(+), 1 deletion(-)\n",
        );
        let d = Document::parse(text, &c);
        assert!(d.placeholders.is_empty(), "{:?}", d.placeholders);
        assert_eq!(
            sentences(text),
            ["Thanks for the reviews.", "This series fills the greeting."]
        );
        // Without a diff after it, `---` is a rule between paragraphs.
        let text = "Thanks, Anna.\n\n---\n\nIt is fixed.\n";
        assert_eq!(sentences(text), ["Thanks, Anna.", "It is fixed."]);
    }

    #[test]
    fn a_quotation_ending_in_a_mark_ends_no_sentence_that_goes_on() {
        assert_eq!(
            sentences("The app shows \"Retry the payment?\" and then nothing happens. Why?"),
            [
                "The app shows \"Retry the payment?\" and then nothing happens.",
                "Why?"
            ]
        );
        assert_eq!(
            sentences("She asked: \"Where is it?\" We checked."),
            ["She asked: \"Where is it?\"", "We checked."]
        );
    }

    #[test]
    fn list_items_and_paragraphs_end_sentences() {
        assert_eq!(
            sentences("Please check:\n- the cable\n- the plug\n\nIt costs approx. 5 euros"),
            [
                "Please check:",
                "- the cable",
                "- the plug",
                "It costs approx. 5 euros"
            ]
        );
        // Lettered items; an item ends at its line unless the next line is indented.
        assert_eq!(
            sentences("To fix it:\n a. open the app\n b. sign in again, which\n    takes a minute\nA) or call us\n- then restart\nThen it works."),
            [
                "To fix it:",
                "a. open the app",
                "b. sign in again, which\n    takes a minute",
                "A) or call us",
                "- then restart",
                "Then it works."
            ]
        );
        // A link that a capitalised word follows ends its sentence.
        assert_eq!(
            sentences("Try these steps: https://x.example/help If not, call us. See\nhttps://x.example/a\nThen reply. Or https://x.example/b and us."),
            [
                "Try these steps:",
                "If not, call us.",
                "See",
                "Then reply.",
                "Or https://x.example/b and us."
            ]
        );
        // A capital and a full stop are an initial, not an item.
        assert_eq!(
            sentences("The parcel was signed for by\nJ. Smith on Monday."),
            ["The parcel was signed for by\nJ. Smith on Monday."]
        );
    }

    #[test]
    fn a_name_alone_in_the_last_paragraph_signs_off() {
        let c = conv();
        for name in ["Tom", "Anna Berg", "{{agent.name}}", "Костя"] {
            let text = format!("Hi Sam,\n\nYour parcel left yesterday.\n\n{name}\n");
            let d = Document::parse(&text, &c);
            assert_eq!(d.sign_off.map(|s| d.slice(s)), Some(name), "{name}");
            assert_eq!(sentences(&text), ["Your parcel left yesterday."], "{name}");
        }
        // A last paragraph that is a sentence, or a line of the same paragraph, is the reply's.
        for text in [
            "Hi Sam,\n\nYour parcel left yesterday.\n\nSee you.\n",
            "Hi Sam,\n\nYour parcel left yesterday.\nTom\n",
            "Hi Sam,\n\nYour parcel left yesterday.\n\nOrder 42\n",
        ] {
            assert_eq!(Document::parse(text, &c).sign_off, None, "{text}");
        }
    }

    #[test]
    fn sign_off_with_name_on_one_line() {
        let c = conv();
        let d = Document::parse("All done now.\n\nKind regards, Sam", &c);
        assert_eq!(d.slice(d.sign_off.unwrap()), "Kind regards, Sam");
        let d = Document::parse("All done.\n\nThanks for your patience with this\n", &c);
        assert!(d.sign_off.is_none());
    }
}
