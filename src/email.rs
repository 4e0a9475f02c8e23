//! Raw RFC 5322 e-mails: recognise them and decode the text a person wrote.
//!
//! [`parse`] turns the bytes a mail client hands over (headers, MIME parts, transfer encodings,
//! charsets) into the subject and one plain-text body: `text/plain` is preferred in
//! `multipart/alternative`, HTML is converted to text (with `<blockquote>` as `>` lines), and
//! `format=flowed` (RFC 3676, `delsp=yes` too) is unwrapped. Line breaks are always `\n`.
//! Splitting the body into reply, quoted text and signature is [`crate::Document`]'s job.
//!
//! Nothing here panics on bad input: a broken message gives warnings and the best-effort text.
//!
//! ```
//! let raw = b"From: Sam <sam@example.com>\nSubject: Your parcel\n\nHi Anna,\n\nIt left today.\n";
//! assert!(tactful::email::looks_like_email(raw));
//! let mail = tactful::email::parse(raw);
//! assert_eq!(mail.subject.as_deref(), Some("Your parcel"));
//! assert_eq!(mail.body, "Hi Anna,\n\nIt left today.\n");
//! ```

use mail_parser::decoders::charsets::map::charset_decoder;
use mail_parser::decoders::html::add_html_token;
use mail_parser::{MessageParser, MimeHeaders, PartType};

/// A decoded e-mail.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Email {
    /// The `Subject:` header, decoded (RFC 2047 encoded words too).
    pub subject: Option<String>,
    /// The text of the message (reply, quoted text and signature), `\n` line breaks.
    pub body: String,
    /// Where `body` stands in the message, when the message holds it as it is (one text part,
    /// nothing decoded or converted but CRLF line breaks).
    pub body_at: Option<BodyPlace>,
    /// The display name of the sender, if the `From:` header has one.
    pub from_name: Option<String>,
    /// The address of the sender, from the `From:` header.
    pub from_address: Option<String>,
    /// The display name of the first recipient, if the `To:` header has one.
    pub to_name: Option<String>,
    /// The `Date:` header, in seconds since 1970 (UTC).
    pub date: Option<i64>,
    /// What could not be decoded cleanly, one line each.
    pub warnings: Vec<String>,
}

/// Where a message holds its body as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyPlace {
    /// The offset of the body's first byte in the message.
    pub start: usize,
    /// The offset just past the body's last byte.
    pub end: usize,
    /// The message breaks the body's lines with CRLF, where the body has `\n`.
    pub crlf: bool,
    /// The body may hold any UTF-8 text: its part declares UTF-8 (and no 7bit transfer
    /// encoding), or the message has no MIME headers at all, as a draft in an editor.
    pub utf8: bool,
    /// The message is signed (S/MIME, PGP/MIME or clear-signed PGP): a changed body would no
    /// longer match its signature.
    pub signed: bool,
}

impl BodyPlace {
    /// Maps offsets of `body` to offsets in the message.
    pub fn offsets(&self, body: &str) -> impl Fn(usize) -> usize {
        let start = self.start;
        // With CRLF, each line break before an offset moves it one byte further.
        let breaks: Vec<usize> = if self.crlf {
            memchr::memchr_iter(b'\n', body.as_bytes()).collect()
        } else {
            Vec::new()
        };
        move |pos| start + pos + breaks.partition_point(|&b| b < pos)
    }

    /// `message` with the body replaced by `body` (its line breaks written as the message writes
    /// them); `None` when `body` has characters the part cannot hold (non-ASCII in a US-ASCII
    /// or Latin-1 part) or `message` is not the one this place was found in.
    pub fn replace(&self, message: &[u8], body: &str) -> Option<Vec<u8>> {
        if !self.utf8 && !body.is_ascii() {
            return None;
        }
        let (head, tail) = (message.get(..self.start)?, message.get(self.end..)?);
        let mut out = Vec::with_capacity(message.len() + body.len());
        out.extend_from_slice(head);
        if self.crlf {
            out.extend_from_slice(body.replace('\n', "\r\n").as_bytes());
        } else {
            out.extend_from_slice(body.as_bytes());
        }
        out.extend_from_slice(tail);
        Some(out)
    }
}

/// Header names that make a header block at the top of a text an e-mail's.
const MAIL_HEADERS: &[&str] = &[
    "from",
    "to",
    "cc",
    "bcc",
    "subject",
    "date",
    "message-id",
    "in-reply-to",
    "references",
    "reply-to",
    "sender",
    "mime-version",
    "content-type",
    "content-transfer-encoding",
    "received",
    "return-path",
    "delivered-to",
    "user-agent",
    "x-mailer",
];

/// Field names of the header blocks mail clients write *into* a reply (Outlook), not an e-mail's.
const QUOTE_HEADERS: &[&str] = &["sent", "gesendet", "von", "an", "betreff", "datum"];

/// Whether `bytes` start with an e-mail header block: at least two `Name: value` fields (and their
/// folded continuation lines), at least one of them a common mail header, up to a blank line or
/// the end. An mbox `From ` line may come first.
pub fn looks_like_email(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut fields = 0;
    let mut known = false;
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = raw.strip_suffix(b"\r").unwrap_or(raw);
        if line.is_empty() {
            break;
        }
        if i == 0 && line.starts_with(b"From ") {
            continue;
        }
        if i > 1000 {
            return false;
        }
        if line[0] == b' ' || line[0] == b'\t' {
            if fields == 0 {
                return false;
            }
            continue;
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return false;
        };
        let name = &line[..colon];
        if name.is_empty() || !name.iter().all(|b| b.is_ascii_graphic()) {
            return false;
        }
        let name = String::from_utf8_lossy(name).to_ascii_lowercase();
        if QUOTE_HEADERS.contains(&name.as_str()) {
            return false;
        }
        known |= MAIL_HEADERS.contains(&name.as_str());
        fields += 1;
    }
    fields >= 2 && known
}

/// Decode a raw e-mail. Never fails: what cannot be decoded cleanly is named in `warnings`.
pub fn parse(bytes: &[u8]) -> Email {
    let mut warnings = Vec::new();
    let Some(msg) = MessageParser::default().parse(bytes) else {
        warnings.push("not a readable e-mail; checked as plain text".to_string());
        return Email {
            body: normalize_newlines(&String::from_utf8_lossy(bytes)),
            warnings,
            ..Email::default()
        };
    };
    let subject = msg.subject().map(|s| s.trim().to_string());
    let from_name = msg
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.name())
        .map(str::to_string);
    let from_address = msg
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .map(str::to_string);
    let to_name = msg
        .to()
        .and_then(|a| a.first())
        .and_then(|a| a.name())
        .map(str::to_string);
    let date = msg.date().map(mail_parser::DateTime::to_timestamp);

    let broken = !check_boundaries(bytes, &msg, &mut warnings);

    let mut texts: Vec<String> = Vec::new();
    // Where the one text part's bytes are, to find whether the body is them unchanged, and
    // whether they may hold any UTF-8 text.
    let mut raw_text: Option<(std::ops::Range<usize>, bool)> = None;
    for (n, &id) in msg.text_body.iter().enumerate() {
        let Some(part) = msg.parts.get(id as usize) else {
            continue;
        };
        let label = if msg.text_body.len() > 1 {
            format!("text part {}", n + 1)
        } else {
            "the text".to_string()
        };
        let ct = part.content_type();
        if let Some(cs) = ct.and_then(|c| c.attribute("charset")) {
            if !is_utf8(cs) && charset_decoder(cs.as_bytes()).is_none() {
                warnings.push(format!(
                    "{label}: unknown charset \"{cs}\"; read as UTF-8, unreadable bytes replaced"
                ));
            }
        }
        if part.is_encoding_problem {
            warnings.push(format!(
                "{label}: its content could not be decoded (broken MIME structure or encoding); checked as it stands"
            ));
        }
        if part
            .content_transfer_encoding()
            .is_some_and(|e| e.eq_ignore_ascii_case("base64"))
        {
            let raw = bytes
                .get(part.offset_body as usize..part.offset_end as usize)
                .unwrap_or_default();
            if base64_truncated(raw) {
                warnings.push(format!(
                    "{label}: the base64 content ends mid-way (truncated?); checked what could be decoded"
                ));
            }
        }
        if msg.text_body.len() == 1 && matches!(part.body, PartType::Text(_)) {
            let cte = part.content_transfer_encoding();
            let utf8 = match ct {
                None => cte.is_none(),
                Some(c) => {
                    c.attribute("charset").is_some_and(declares_utf8)
                        && !cte.is_some_and(|e| e.eq_ignore_ascii_case("7bit"))
                }
            };
            raw_text = Some((part.offset_body as usize..part.offset_end as usize, utf8));
        }
        let text = match &part.body {
            PartType::Text(t) => {
                let t = normalize_newlines(t);
                let flowed = ct
                    .and_then(|c| c.attribute("format"))
                    .is_some_and(|f| f.eq_ignore_ascii_case("flowed"));
                if flowed {
                    let delsp = ct
                        .and_then(|c| c.attribute("delsp"))
                        .is_some_and(|d| d.eq_ignore_ascii_case("yes"));
                    unflow(&t, delsp)
                } else {
                    t
                }
            }
            PartType::Html(h) => html_to_text(h),
            _ => continue,
        };
        if text.contains('\u{FFFD}') && !warnings.iter().any(|w| w.starts_with(&label)) {
            let cs = ct.and_then(|c| c.attribute("charset")).unwrap_or("UTF-8");
            warnings.push(format!(
                "{label}: some bytes are not valid {cs} and were replaced with �"
            ));
        }
        texts.push(text);
    }
    if texts.is_empty() && broken {
        // Best effort: the raw text after the headers, without MIME boundary and part header lines.
        texts.push(raw_body_text(bytes));
    } else if texts.is_empty() && !msg.attachments.is_empty() {
        warnings.push("the message has no text part to check".to_string());
    }
    let body_at = match (raw_text, texts.as_slice()) {
        (Some((raw, utf8)), [text]) => {
            let raw_bytes = bytes.get(raw.clone()).unwrap_or_default();
            let signed = text.contains("-----BEGIN PGP SIGNED MESSAGE-----")
                || msg.parts.iter().any(|p| {
                    p.content_type().is_some_and(|c| {
                        let (t, sub) = (c.ctype(), c.subtype().unwrap_or_default());
                        (t.eq_ignore_ascii_case("multipart") && sub.eq_ignore_ascii_case("signed"))
                            || (t.eq_ignore_ascii_case("application")
                                && sub.to_ascii_lowercase().ends_with("pkcs7-mime"))
                    })
                });
            let place = |crlf| {
                Some(BodyPlace {
                    start: raw.start,
                    end: raw.end,
                    crlf,
                    utf8,
                    signed,
                })
            };
            if raw_bytes == text.as_bytes() {
                place(false)
            } else if raw_bytes.len() > text.len()
                && raw_bytes == text.replace('\n', "\r\n").as_bytes()
            {
                place(true)
            } else {
                None
            }
        }
        _ => None,
    };
    let mut body = String::new();
    for t in texts {
        if !body.is_empty() && !body.ends_with("\n\n") {
            body.push_str(if body.ends_with('\n') { "\n" } else { "\n\n" });
        }
        body.push_str(&t);
    }
    Email {
        subject,
        body,
        body_at,
        from_name,
        from_address,
        to_name,
        date,
        warnings,
    }
}

/// Whether a charset label names UTF-8 itself (not merely a subset of it, as US-ASCII is).
fn declares_utf8(charset: &str) -> bool {
    is_utf8(charset) && !charset.to_ascii_lowercase().contains("ascii")
}

fn is_utf8(charset: &str) -> bool {
    let c = charset.trim().to_ascii_lowercase().replace(['-', '_'], "");
    matches!(
        c.as_str(),
        "utf8" | "unicode11utf8" | "unicode20utf8" | "xunicode20utf8" | "usascii" | "ascii"
    )
}

/// Warn when a multipart message's boundary never appears, or its closing boundary is missing.
/// Returns `false` when the parts cannot be found at all.
fn check_boundaries(bytes: &[u8], msg: &mail_parser::Message, warnings: &mut Vec<String>) -> bool {
    let Some(ct) = msg.root_part().content_type() else {
        return true;
    };
    if !ct.ctype().eq_ignore_ascii_case("multipart") {
        return true;
    }
    let Some(boundary) = ct.attribute("boundary") else {
        warnings.push("a multipart message without a MIME boundary; checked as it stands".into());
        return false;
    };
    let open = format!("--{boundary}");
    let close = format!("--{boundary}--");
    if !contains(bytes, open.as_bytes()) {
        warnings.push(format!(
            "the MIME boundary \"{boundary}\" never appears; the message is broken, checked its raw text"
        ));
        return false;
    }
    if !contains(bytes, close.as_bytes()) {
        warnings.push(format!(
            "the closing MIME boundary \"{close}\" is missing (truncated message?); checked what was there"
        ));
    }
    true
}

/// The text after the header block, without lines that look like MIME boundaries and the part
/// header blocks after them (the best that can be done when the MIME structure is broken).
fn raw_body_text(bytes: &[u8]) -> String {
    let text = normalize_newlines(&String::from_utf8_lossy(bytes));
    let body = text.split_once("\n\n").map_or("", |(_, b)| b);
    let mut out = String::with_capacity(body.len());
    let mut in_part_header = false;
    for line in body.lines() {
        if in_part_header {
            in_part_header = !line.trim().is_empty();
            continue;
        }
        let t = line.trim_end();
        if t.starts_with("--")
            && t.len() > 2
            && !t.contains(' ')
            && !t.chars().skip(2).all(|c| c == '-')
        {
            in_part_header = true;
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// Whether base64 content ends mid-way: its characters (without padding) do not fill whole groups
/// of four. Stops at a MIME boundary line.
fn base64_truncated(raw: &[u8]) -> bool {
    let mut count = 0usize;
    let mut padded = false;
    for line in raw.split(|&b| b == b'\n') {
        if line.starts_with(b"--") {
            break;
        }
        for &b in line {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' => count += 1,
                b'=' => padded = true,
                _ => {}
            }
        }
    }
    !padded && count % 4 != 0
}

/// `\r\n` and lone `\r` become `\n`.
fn normalize_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Unwrap RFC 3676 `format=flowed` text: a line ending in a space continues on the next line of
/// the same quote depth (with `delsp`, that space is removed); space-stuffing is undone, and the
/// signature separator `-- ` is never joined. Quoted lines come out as `> ` (one `>` per level).
pub fn unflow(text: &str, delsp: bool) -> String {
    let mut out = String::with_capacity(text.len());
    // The paragraph being joined: its quote depth and text.
    let mut open: Option<(usize, String)> = None;
    let flush = |out: &mut String, depth: usize, content: &str| {
        if depth > 0 {
            out.push_str(&">".repeat(depth));
            if !content.is_empty() {
                out.push(' ');
            }
        }
        out.push_str(content);
        out.push('\n');
    };
    let ends_with_newline = text.ends_with('\n');
    let body = text.strip_suffix('\n').unwrap_or(text);
    for raw in body.split('\n') {
        let depth = raw.bytes().take_while(|&b| b == b'>').count();
        let mut line = &raw[depth..];
        if let Some(rest) = line.strip_prefix(' ') {
            line = rest; // space-stuffing
        }
        if let Some((d, _)) = &open {
            if *d != depth {
                // A change of quote depth ends the paragraph (RFC 3676, 4.5).
                let (d, content) = open.take().unwrap_or_default();
                flush(&mut out, d, content.trim_end());
            }
        }
        let is_sig = line == "-- ";
        let flowed = line.ends_with(' ') && !is_sig;
        let piece = if flowed && delsp {
            &line[..line.len() - 1]
        } else {
            line
        };
        let mut content = match open.take() {
            Some((_, mut c)) => {
                c.push_str(piece);
                c
            }
            None => piece.to_string(),
        };
        if flowed {
            open = Some((depth, content));
        } else {
            if is_sig {
                content = "-- ".into();
            }
            flush(&mut out, depth, &content);
        }
    }
    if let Some((d, content)) = open {
        flush(&mut out, d, content.trim_end());
    }
    if !ends_with_newline && out.ends_with('\n') {
        out.pop();
    }
    out
}

/// Convert HTML to plain text: block elements and `<br>` end lines, `<blockquote>` content becomes
/// `> ` lines, list items start with `- `, `<head>`, `<style>` and `<script>` are dropped, and
/// entities are decoded. White space inside a line is collapsed as a browser would.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut line = String::new();
    let mut depth = 0usize;
    let mut skip: Option<String> = None; // inside <head>, <style>, <script>, <template>
    let mut pre = 0usize;
    let mut pending_space = false;
    let bytes = html.as_bytes();
    let mut i = 0;
    // Ends the current line (and, with `blank`, leaves an empty line after the paragraph).
    fn end_line(out: &mut String, line: &mut String, depth: usize, blank: bool) {
        let content = line.trim();
        if !content.is_empty() {
            out.push_str(&"> ".repeat(depth));
            out.push_str(content);
            out.push('\n');
        }
        if blank && !out.is_empty() && !out.ends_with("\n\n") {
            out.push_str(&">".repeat(depth));
            out.push('\n');
        }
        line.clear();
    }
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'<' {
            if html[i..].starts_with("<!--") {
                i = html[i + 4..]
                    .find("-->")
                    .map_or(bytes.len(), |e| i + 4 + e + 3);
                continue;
            }
            let (tag, end) = match html[i..].find('>') {
                Some(e) => (&html[i + 1..i + e], i + e + 1),
                None => (&html[i + 1..], bytes.len()),
            };
            i = end;
            let closing = tag.starts_with('/');
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            if let Some(s) = &skip {
                if closing && *s == name {
                    skip = None;
                }
                continue;
            }
            match name.as_str() {
                "head" | "style" | "script" | "template" | "title"
                    if !closing && !tag.ends_with('/') =>
                {
                    skip = Some(name);
                }
                "br" => {
                    let had = !line.trim().is_empty();
                    end_line(&mut out, &mut line, depth, false);
                    if !had {
                        if depth > 0 {
                            out.push_str(&">".repeat(depth));
                        }
                        out.push('\n');
                    }
                    pending_space = false;
                }
                "blockquote" => {
                    end_line(&mut out, &mut line, depth, false);
                    if closing {
                        depth = depth.saturating_sub(1);
                    } else {
                        depth += 1;
                    }
                    pending_space = false;
                }
                "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "table" | "ul" | "ol" => {
                    end_line(&mut out, &mut line, depth, closing);
                    pending_space = false;
                }
                "div" | "tr" | "hr" | "section" | "article" | "header" | "footer" => {
                    end_line(&mut out, &mut line, depth, false);
                    pending_space = false;
                }
                "li" if !closing => {
                    end_line(&mut out, &mut line, depth, false);
                    line.push_str("- ");
                    pending_space = false;
                }
                "td" | "th" if !closing => pending_space = true,
                "pre" => {
                    end_line(&mut out, &mut line, depth, false);
                    pre = if closing {
                        pre.saturating_sub(1)
                    } else {
                        pre + 1
                    };
                }
                _ => {}
            }
            continue;
        }
        // Text up to the next tag.
        let end = html[i..].find('<').map_or(bytes.len(), |e| i + e);
        if skip.is_none() {
            let chunk = &html[i..end];
            if pre > 0 {
                for (k, l) in chunk.split('\n').enumerate() {
                    if k > 0 {
                        end_line(&mut out, &mut line, depth, false);
                    }
                    push_decoded(&mut line, l);
                }
            } else {
                for (k, word) in chunk.split(|c: char| c.is_ascii_whitespace()).enumerate() {
                    pending_space |= k > 0;
                    if word.is_empty() {
                        continue;
                    }
                    if pending_space && !line.is_empty() && !line.ends_with(' ') {
                        line.push(' ');
                    }
                    pending_space = false;
                    push_decoded(&mut line, word);
                }
                // A chunk that ends in white space leaves a space before the next word.
                pending_space |= chunk.ends_with(|c: char| c.is_ascii_whitespace());
            }
        }
        i = end;
    }
    end_line(&mut out, &mut line, depth, false);
    // No more than one empty line in a row, none at the start.
    let mut clean = String::with_capacity(out.len());
    let mut blank_run = 0;
    for l in out.lines() {
        let empty = l.trim_start_matches('>').trim().is_empty();
        if empty {
            blank_run += 1;
            if blank_run > 1 || clean.is_empty() {
                continue;
            }
        } else {
            blank_run = 0;
        }
        clean.push_str(l.trim_end());
        clean.push('\n');
    }
    clean.replace('\u{a0}', " ")
}

/// Append `text` with its HTML entities decoded.
fn push_decoded(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let semi = after.find(';').filter(|&s| {
            s <= 12
                && after[1..s]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '#')
        });
        match semi {
            Some(s) if s > 1 => {
                add_html_token(out, &after.as_bytes()[..=s], false);
                rest = &after[s + 1..];
            }
            _ => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
}

/// Remove the `X-Tactful:` header fields whose value is `skip` (with their folded lines) from the
/// header block of a raw message, leaving every other byte as it was. Returns the new bytes and
/// whether such a field was found.
pub fn strip_skip_header(bytes: &[u8]) -> (Vec<u8>, bool) {
    let mut out = Vec::with_capacity(bytes.len());
    let mut found = false;
    let mut pos = 0;
    let mut dropping = false;
    while pos < bytes.len() {
        let end = bytes[pos..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |e| pos + e + 1);
        let line = &bytes[pos..end];
        let content = line
            .strip_suffix(b"\n")
            .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
            .unwrap_or(line);
        if content.is_empty() {
            // End of the header block: the rest is copied as it is.
            out.extend_from_slice(&bytes[pos..]);
            return (out, found);
        }
        let continuation = content[0] == b' ' || content[0] == b'\t';
        if !continuation {
            dropping = is_skip_field(content);
            found |= dropping;
        }
        if !dropping {
            out.extend_from_slice(line);
        }
        pos = end;
    }
    (out, found)
}

fn is_skip_field(line: &[u8]) -> bool {
    let Some(colon) = line.iter().position(|&b| b == b':') else {
        return false;
    };
    let name = &line[..colon];
    let value = String::from_utf8_lossy(&line[colon + 1..]);
    name.trim_ascii().eq_ignore_ascii_case(b"x-tactful")
        && value.trim().eq_ignore_ascii_case("skip")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_header_blocks() {
        assert!(looks_like_email(
            b"From: a@b.c\r\nSubject: Hi\r\n\r\nHello\r\n"
        ));
        assert!(looks_like_email(
            b"From a@b.c Mon Jan 1 00:00:00 2025\nFrom: a@b.c\nTo: b@c.d\n\nHi"
        ));
        assert!(looks_like_email(
            b"Subject: x\nX-Foo: folded\n  more\n\nBody"
        ));
        assert!(!looks_like_email(b"Hi Anna,\n\nThanks: it works.\n"));
        assert!(!looks_like_email(b"Subject: only one\n\nBody"));
        assert!(!looks_like_email(
            b"From: Anna\nSent: Monday\nTo: Sam\n\nBody"
        ));
        assert!(!looks_like_email(b"Note: x\nTodo: y\n\nBody"));
        assert!(!looks_like_email(b""));
    }

    #[test]
    fn finds_where_the_message_holds_its_body_as_it_is() {
        let place = |m: &[u8]| parse(m).body_at;
        let plain = b"From: a@b.c\nSubject: Hi\n\nHello,\nthe RMA.\n";
        assert_eq!(
            place(plain),
            Some(BodyPlace {
                start: 25,
                end: plain.len(),
                crlf: false,
                utf8: true,
                signed: false,
            })
        );
        let clear_signed =
            b"From: a@b.c\n\n-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nHi\n";
        assert!(place(clear_signed).expect("held as it is").signed);
        let smime = concat!(
            "From: a@b.c\nMIME-Version: 1.0\n",
            "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; boundary=b\n\n",
            "--b\nContent-Type: text/plain; charset=utf-8\n\nHello,\nthe RMA.\n",
            "--b\nContent-Type: application/pkcs7-signature\n\nAAAA\n--b--\n",
        );
        assert!(place(smime.as_bytes()).expect("held as it is").signed);
        let crlf = b"From: a@b.c\r\nSubject: Hi\r\n\r\nHello,\r\nthe RMA.\r\n";
        let p = place(crlf).expect("held as it is");
        assert!(p.crlf);
        let m = parse(crlf);
        let at = p.offsets(&m.body);
        let rma = m.body.find("RMA").expect("in the body");
        assert_eq!(&crlf[at(rma)..at(rma + 3)], b"RMA");
        // Decoded, unwrapped or one of several parts: the body is not the message's bytes.
        let qp = b"From: a@b.c\nContent-Transfer-Encoding: quoted-printable\n\nf=FCr\n";
        let flowed = b"From: a@b.c\nContent-Type: text/plain; format=flowed\n\nHello \nthere\n";
        let multi = b"From: a@b.c\nContent-Type: multipart/mixed; boundary=x\n\n--x\n\nOne\n--x\n\nTwo\n--x--\n";
        for m in [&qp[..], &flowed[..], &multi[..]] {
            assert_eq!(place(m), None, "{}", String::from_utf8_lossy(m));
        }
    }

    #[test]
    fn a_body_held_as_it_is_is_replaced_as_the_message_writes_it() {
        let crlf = b"From: a@b.c\r\nSubject: Hi\r\n\r\nHello,\r\nthe RMA.\r\n";
        let p = parse(crlf).body_at.expect("held as it is");
        assert_eq!(
            p.replace(crlf, "Hello,\nthe form.\n").as_deref(),
            Some(&b"From: a@b.c\r\nSubject: Hi\r\n\r\nHello,\r\nthe form.\r\n"[..])
        );
        // Without MIME headers (a draft) or declared UTF-8, any text; US-ASCII, Latin-1 or a
        // 7bit transfer encoding hold only ASCII.
        let body = "Grüße\n";
        let holds = |m: &[u8]| {
            let p = parse(m).body_at.expect("held as it is");
            p.replace(m, body).is_some()
        };
        assert!(holds(b"From: a@b.c\n\nHi\n"));
        assert!(holds(
            b"From: a@b.c\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\nHi\n"
        ));
        for m in [
            &b"From: a@b.c\nContent-Type: text/plain; charset=us-ascii\n\nHi\n"[..],
            b"From: a@b.c\nContent-Type: text/plain; charset=iso-8859-1\n\nHi\n",
            b"From: a@b.c\nContent-Type: text/plain\n\nHi\n",
            b"From: a@b.c\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 7bit\n\nHi\n",
        ] {
            assert!(!holds(m), "{}", String::from_utf8_lossy(m));
            let p = parse(m).body_at.expect("held as it is");
            assert!(p.replace(m, "Hello\n").is_some(), "ASCII fits");
        }
    }

    #[test]
    fn unflows_format_flowed() {
        let t = "Hello, this is \nflowed text.\n> quoted \n> line\n-- \nSam\n";
        assert_eq!(
            unflow(t, false),
            "Hello, this is flowed text.\n> quoted line\n-- \nSam\n"
        );
        assert_eq!(unflow("abc \ndef\n", true), "abcdef\n");
        assert_eq!(unflow(" From here\n", false), "From here\n");
        // A change of quote depth ends the paragraph.
        assert_eq!(unflow("a \n> b\n", false), "a\n> b\n");
    }

    #[test]
    fn html_to_text_keeps_quotes() {
        let h = "<html><head><style>p{}</style></head><body><div>Hi Anna,</div><div><br></div>\
                 <p>Thanks &amp; sorry!</p><div class=gmail_quote>On Mon, Anna &lt;a@b.c&gt; wrote:<br>\
                 <blockquote>Where is\n my parcel?<br>Now!</blockquote></div></body></html>";
        assert_eq!(
            html_to_text(h),
            "Hi Anna,\n\nThanks & sorry!\n\nOn Mon, Anna <a@b.c> wrote:\n> Where is my parcel?\n> Now!\n"
        );
    }

    #[test]
    fn strips_only_the_skip_header() {
        let m =
            b"From: a@b.c\r\nX-Tactful: skip\r\n  folded\r\nTo: b@c.d\r\n\r\nX-Tactful: skip\r\n";
        let (out, found) = strip_skip_header(m);
        assert!(found);
        assert_eq!(
            out,
            b"From: a@b.c\r\nTo: b@c.d\r\n\r\nX-Tactful: skip\r\n".to_vec()
        );
        let m = b"From: a@b.c\nX-Tactful: check\n\nbody";
        assert_eq!(strip_skip_header(m), (m.to_vec(), false));
    }

    #[test]
    fn never_panics_on_junk() {
        for junk in [
            &b""[..],
            b"\xff\xfe\x00",
            b"Content-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: text/plain; charset=foo\n\n\xe4",
            b"Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\nSGVsbG8gV29y",
            b"Content-Type: text/html\n\n<p>a<b<",
            "Content-Type: text/html\n\n<p>a<b\u{e9}&#xffffff;&amp".as_bytes(),
        ] {
            let _ = parse(junk);
            let _ = html_to_text(&String::from_utf8_lossy(junk));
        }
    }
}
