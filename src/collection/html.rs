//! HTML bodies as text: tags removed, line and paragraph breaks kept, entities decoded, white
//! space collapsed as a browser would, and every byte mapped back to the HTML.

use super::map::{Builder, OffsetMap};
use regex::Regex;
use std::sync::LazyLock;

/// Elements whose tags are removed (the content of `head`, `script` and `style` too); other `<…>` (such as `<ORDER_NUMBER>`) stay as text.
pub(super) const ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "audio",
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "button",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "li",
    "link",
    "main",
    "mark",
    "meta",
    "nav",
    "nobr",
    "ol",
    "p",
    "picture",
    "pre",
    "q",
    "s",
    "samp",
    "script",
    "section",
    "select",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
];

/// Elements that start and end a paragraph.
const PARAGRAPHS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "blockquote",
    "ul",
    "ol",
    "dl",
    "table",
    "pre",
    "address",
    "figure",
    "details",
];

/// Elements that start and end a line.
const LINES: &[&str] = &[
    "div",
    "li",
    "tr",
    "dt",
    "dd",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "nav",
    "main",
    "caption",
    "figcaption",
    "summary",
    "title",
];

static HTML_HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)</?(?:p|br|div|span|strong|b|i|em|u|a|ul|ol|li|h[1-6]|hr|table|tr|td|th|font",
        r"|blockquote|pre|img|tbody|thead|center|small|sup|sub|html|body)(?:\s[^<>]*)?/?>|&(?:nbsp|amp);"
    ))
    .expect("valid regex")
});

/// Whether a reply text looks like HTML (holds common tags, `&nbsp;` or `&amp;`).
pub(crate) fn looks_like_html(text: &str) -> bool {
    text.contains(['<', '&']) && HTML_HINT.is_match(text)
}

/// A tag at `i` (which holds `<`): its lowercase element name, whether it closes, and the
/// index after its `>`.
pub(crate) fn tag_at(s: &[u8], i: usize) -> Option<(String, bool, usize)> {
    let mut j = i + 1;
    let closing = s.get(j) == Some(&b'/');
    if closing {
        j += 1;
    }
    let name_start = j;
    while s.get(j).is_some_and(|c| c.is_ascii_alphanumeric()) {
        j += 1;
    }
    let name = std::str::from_utf8(s.get(name_start..j)?)
        .ok()?
        .to_ascii_lowercase();
    if name.is_empty() || !ELEMENTS.contains(&name.as_str()) {
        return None;
    }
    if !matches!(s.get(j)?, b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n') {
        return None;
    }
    let mut quote = None;
    while let Some(&c) = s.get(j) {
        match (quote, c) {
            (None, b'>') => return Some((name, closing, j + 1)),
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            _ => {}
        }
        j += 1;
    }
    None
}

/// A character reference at `i` (which holds `&`): the text and the index after the `;`.
fn entity(src: &str, i: usize) -> Option<(char, usize)> {
    let rest = src.get(i + 1..)?;
    let end = rest.bytes().take(12).position(|c| c == b';')?;
    let name = &rest[..end];
    let c = if let Some(num) = name.strip_prefix('#') {
        let v = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(v).filter(|&c| c != '\0')?
    } else {
        match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
            "mdash" => '—',
            "ndash" => '–',
            "hellip" => '…',
            "lsquo" => '‘',
            "rsquo" => '’',
            "ldquo" => '“',
            "rdquo" => '”',
            "sbquo" => '‚',
            "bdquo" => '„',
            "laquo" => '«',
            "raquo" => '»',
            "bull" => '•',
            "middot" => '·',
            "copy" => '©',
            "reg" => '®',
            "trade" => '™',
            "euro" => '€',
            "pound" => '£',
            "deg" => '°',
            "auml" => 'ä',
            "ouml" => 'ö',
            "uuml" => 'ü',
            "Auml" => 'Ä',
            "Ouml" => 'Ö',
            "Uuml" => 'Ü',
            "szlig" => 'ß',
            "otilde" => 'õ',
            "Otilde" => 'Õ',
            "eacute" => 'é',
            "egrave" => 'è',
            "aacute" => 'á',
            "agrave" => 'à',
            "ccedil" => 'ç',
            "scaron" => 'š',
            "zcaron" => 'ž',
            _ => return None,
        }
    };
    Some((c, i + 1 + end + 1))
}

/// Break the line (at most `max` line breaks in a row; none at the start of the text).
fn breaks(b: &mut Builder, at: usize, max: usize) {
    if b.text.is_empty() {
        return;
    }
    let trailing = b.text.len() - b.text.trim_end_matches('\n').len();
    for _ in trailing..max {
        b.synthetic("\n", at);
    }
}

/// The text of an HTML fragment, mapped to byte offsets of `html`. Code (`<code>`, `<pre>`)
/// is fenced with backticks and quotations (`<blockquote>`) become `>` lines, so that neither
/// is checked; `<!DOCTYPE …>` and `<?xml …?>` are dropped.
pub(crate) fn to_text(html: &str) -> (String, OffsetMap) {
    let s = html.as_bytes();
    let mut b = Builder::new();
    let mut space: Option<usize> = None;
    let mut quotes = 0usize;
    // Where the last tag starts: a quotation's `> ` maps to it.
    let mut tag = 0;
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if c.is_ascii_whitespace() {
            space.get_or_insert(i);
            i += 1;
            continue;
        }
        if c == b'<' && html[i..].starts_with("<!--") {
            // Comments are kept, so that inline suppressions can be read from the text.
            let end = html[i..].find("-->").map_or(s.len(), |e| i + e + 3);
            flush_space(&mut b, s, &mut space);
            quote_line(&mut b, quotes, tag);
            b.literal(&html[i..end], i);
            i = end;
            continue;
        }
        if c == b'<' && (html[i..].starts_with("<!") || html[i..].starts_with("<?")) {
            i = html[i..].find('>').map_or(s.len(), |e| i + e + 1);
            continue;
        }
        if c == b'<' {
            if let Some((name, closing, end)) = tag_at(s, i) {
                tag = i;
                if name == "blockquote" {
                    quotes = if closing {
                        quotes.saturating_sub(1)
                    } else {
                        quotes + 1
                    };
                }
                let code = matches!(name.as_str(), "code" | "pre");
                if code && closing {
                    b.synthetic("```", i);
                }
                if !closing && matches!(name.as_str(), "head" | "script" | "style") {
                    let close = format!("</{name}");
                    let lower = html[end..].to_ascii_lowercase();
                    i = match lower.find(&close) {
                        Some(p) => tag_at(s, end + p).map_or(s.len(), |t| t.2),
                        None => s.len(),
                    };
                    continue;
                }
                if name == "br" {
                    space = None;
                    if !b.text.ends_with("\n\n") {
                        b.synthetic("\n", i);
                    }
                } else if PARAGRAPHS.contains(&name.as_str()) {
                    space = None;
                    breaks(&mut b, i, 2);
                } else if LINES.contains(&name.as_str()) {
                    space = None;
                    breaks(&mut b, i, 1);
                }
                if code && !closing {
                    flush_space(&mut b, s, &mut space);
                    quote_line(&mut b, quotes, tag);
                    b.synthetic("```", i);
                }
                i = end;
                continue;
            }
        }
        if c == b'&' {
            if let Some((ch, end)) = entity(html, i) {
                flush_space(&mut b, s, &mut space);
                quote_line(&mut b, quotes, tag);
                b.char(ch, i, false);
                i = end;
                continue;
            }
        }
        flush_space(&mut b, s, &mut space);
        quote_line(&mut b, quotes, tag);
        let ch = html[i..].chars().next().unwrap_or(' ');
        b.char(ch, i, true);
        i += ch.len_utf8().max(1);
    }
    b.trim_end();
    b.finish(s.len())
}

/// Inside `quotes` nested quotations, a line opens with one `> ` for each.
fn quote_line(b: &mut Builder, quotes: usize, at: usize) {
    if quotes > 0 && (b.text.is_empty() || b.text.ends_with('\n')) {
        b.synthetic(&"> ".repeat(quotes), at);
    }
}

/// Collapsed white space becomes one space, except at the start of a line.
fn flush_space(b: &mut Builder, s: &[u8], space: &mut Option<usize>) {
    if let Some(at) = space.take() {
        if b.last_char().is_some_and(|c| c != '\n') {
            b.char(' ', at, s[at] == b' ');
        }
    }
}
