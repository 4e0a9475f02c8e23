//! Markdown replies: headings, code, link targets, URLs, HTML tags and front matter are not
//! prose. They are blanked out (each byte becomes a space, line breaks stay), so the text keeps
//! the offsets of the file.

use super::map::{Builder, OffsetMap};
use super::{Entry, Quoting};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

static INLINE_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(!?)\[([^\[\]\n]*)\](\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"\n]*")?\)|\[[^\[\]\n]*\])"#,
    )
    .expect("valid regex")
});
static AUTOLINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)<(?:https?://|mailto:|www\.)[^<>\s]*>").expect("valid regex")
});
static BARE_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(?:https?://|www\.)[^\s<>()\[\]{}"'`]+"#).expect("valid regex")
});
static REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ {0,3}\[[^\[\]\n]+\]:\s*\S").expect("valid regex"));

/// A heading: ATX (`## Title`) or setext (a title line underlined with `===` or `---`).
#[derive(Debug, Clone)]
pub(crate) struct Heading {
    pub level: usize,
    pub title: String,
    /// The heading line, without its line break.
    pub line: Range<usize>,
    /// Where the next line starts.
    pub next: usize,
}

/// A fenced code block.
#[derive(Debug, Clone)]
pub(crate) struct Fence {
    /// From the opening fence line to the end of the closing one.
    pub span: Range<usize>,
    /// The lines between the fences.
    pub inner: Range<usize>,
    pub info: String,
}

/// What [`analyze`] finds.
pub(crate) struct Analysis {
    /// The text with everything that is not prose blanked out.
    pub masked: String,
    pub headings: Vec<Heading>,
    pub fences: Vec<Fence>,
    /// `title:` (or `name:`) of a YAML front matter block.
    pub title: Option<String>,
}

fn lines(text: &str) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    // (start, end without the line break, start of the next line)
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let next = text[start..]
            .find('\n')
            .map_or(text.len(), |p| start + p + 1);
        let mut end = next;
        if text[start..end].ends_with('\n') {
            end -= 1;
        }
        if text[start..end].ends_with('\r') {
            end -= 1;
        }
        let line = (start, end, next);
        start = next;
        Some(line)
    })
}

fn blank(out: &mut [u8], range: Range<usize>) {
    for b in &mut out[range] {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
}

/// An opening or closing fence: its char, length and the info string after it.
fn fence(line: &str) -> Option<(u8, usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let c = *rest.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = rest.bytes().take_while(|&b| b == c).count();
    let info = rest[n..].trim();
    (n >= 3 && !(c == b'`' && info.contains('`'))).then_some((c, n, info))
}

/// An ATX heading line: its level and title.
fn heading(line: &str) -> Option<(usize, String)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let level = rest.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let after = &rest[level..];
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let title = after.trim().trim_end_matches('#').trim_end();
    Some((level, title.to_string()))
}

/// The level of a setext heading's underline: `===` (1) or `---` (2), up to three spaces in.
fn setext_underline(line: &str) -> Option<usize> {
    let t = line.trim_end();
    let rest = t.trim_start_matches(' ');
    if t.len() - rest.len() > 3 || rest.is_empty() {
        return None;
    }
    if rest.bytes().all(|b| b == b'=') {
        Some(1)
    } else if rest.bytes().all(|b| b == b'-') {
        Some(2)
    } else {
        None
    }
}

/// Blank out what is not prose, and find headings and fences.
pub(crate) fn analyze(text: &str) -> Analysis {
    let mut out = text.as_bytes().to_vec();
    let mut headings = Vec::new();
    let mut fences = Vec::new();
    let mut title = None;
    let mut open: Option<(u8, usize, usize, usize, String)> = None; // char, len, start, inner, info
    let mut front_matter = text.starts_with("---\n") || text.starts_with("---\r\n");
    // The line before, when it was a line of prose (which a setext underline makes a heading).
    let mut prose_line: Option<Range<usize>> = None;
    for (start, end, next) in lines(text) {
        let before = prose_line.take();
        let line = &text[start..end];
        if front_matter {
            blank(&mut out, start..end);
            if start > 0 && (line.trim_end() == "---" || line.trim_end() == "...") {
                front_matter = false;
            } else if let Some(v) = line
                .strip_prefix("title:")
                .or_else(|| line.strip_prefix("name:"))
            {
                let v = v.trim().trim_matches(['"', '\'']).trim();
                if title.is_none() && !v.is_empty() {
                    title = Some(v.to_string());
                }
            }
            continue;
        }
        if let Some((c, n, fstart, inner, info)) = &open {
            blank(&mut out, start..end);
            if fence(line).is_some_and(|(c2, n2, i2)| c2 == *c && n2 >= *n && i2.is_empty()) {
                fences.push(Fence {
                    span: *fstart..next,
                    inner: *inner..start,
                    info: info.clone(),
                });
                open = None;
            }
            continue;
        }
        if let Some((c, n, info)) = fence(line) {
            blank(&mut out, start..end);
            open = Some((c, n, start, next, info.to_string()));
            continue;
        }
        if let Some((level, t)) = heading(line) {
            blank(&mut out, start..end);
            headings.push(Heading {
                level,
                title: t,
                line: start..end,
                next,
            });
            continue;
        }
        if let (Some(title), Some(level)) = (&before, setext_underline(line)) {
            blank(&mut out, title.start..end);
            headings.push(Heading {
                level,
                title: text[title.clone()].trim().to_string(),
                line: title.clone(),
                next,
            });
            continue;
        }
        if line.trim_start_matches(' ').starts_with('[') && REFERENCE.is_match(line) {
            blank(&mut out, start..end);
            continue;
        }
        inline(text, start, end, &mut out);
        if !line.trim().is_empty() {
            prose_line = Some(start..end);
        }
    }
    if let Some((_, _, fstart, inner, info)) = open {
        // An unclosed fence runs to the end of the text.
        fences.push(Fence {
            span: fstart..text.len(),
            inner: inner.min(text.len())..text.len(),
            info,
        });
    }
    let masked = String::from_utf8(out).unwrap_or_else(|_| text.to_string());
    Analysis {
        masked,
        headings,
        fences,
        title,
    }
}

/// Blank out code spans, link targets, images, URLs, HTML tags and hard-break backslashes.
fn inline(text: &str, start: usize, end: usize, out: &mut [u8]) {
    let line = &text[start..end];
    // Code spans: a run of backticks up to the next run of the same length.
    let b = line.as_bytes();
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'`', &b[i..]) {
        i += at;
        let n = b[i..].iter().take_while(|&&c| c == b'`').count();
        let mut j = i + n;
        let mut close = None;
        while j < b.len() {
            if b[j] == b'`' {
                let m = b[j..].iter().take_while(|&&c| c == b'`').count();
                if m == n {
                    close = Some(j + m);
                    break;
                }
                j += m;
            } else {
                j += 1;
            }
        }
        match close {
            Some(c) => {
                blank(out, start + i..start + c);
                i = c;
            }
            None => i += n,
        }
    }
    // Each pass reads the line as the passes before left it, and runs only when the line has
    // what it looks for (blanking never adds it).
    let current = |out: &[u8]| String::from_utf8_lossy(&out[start..end]).into_owned();
    if line.contains('[') {
        let now = current(out);
        for m in INLINE_LINK.captures_iter(&now) {
            let (Some(all), Some(label)) = (m.get(0), m.get(2)) else {
                continue;
            };
            if m.get(1).is_some_and(|g| !g.is_empty()) {
                blank(out, start + all.start()..start + all.end());
            } else {
                blank(out, start + all.start()..start + label.start());
                blank(out, start + label.end()..start + all.end());
            }
        }
    }
    let tags = line.contains('<');
    if tags {
        let now = current(out);
        for m in AUTOLINK.find_iter(&now) {
            blank(out, start + m.start()..start + m.end());
        }
    }
    let www =
        || memchr::memchr_iter(b'.', b).any(|p| p >= 3 && b[p - 3..p].eq_ignore_ascii_case(b"www"));
    if line.contains("://") || www() {
        let now = current(out);
        for m in BARE_URL.find_iter(&now) {
            let url = m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?']);
            blank(out, start + m.start()..start + m.start() + url.len());
        }
    }
    if tags {
        let now = current(out);
        let nb = now.as_bytes();
        let mut i = 0;
        while i < nb.len() {
            if nb[i] == b'<' {
                if let Some((_, _, e)) = super::html::tag_at(nb, i) {
                    blank(out, start + i..start + e);
                    i = e;
                    continue;
                }
            }
            i += 1;
        }
    }
    if line.ends_with('\\') && !line.ends_with("\\\\") {
        blank(out, end - 1..end);
    }
}

/// `text` with Markdown that is not prose blanked out (same length and offsets).
pub(crate) fn mask(text: &str) -> String {
    analyze(text).masked
}

/// `text` masked, and the map of the masked text to `text` (see [`masked_map`]).
pub(crate) fn mask_mapped(text: &str) -> (String, OffsetMap) {
    masked_map(text, &mask(text), 0)
}

/// Whether a fence holds prose (a reply kept in a code block to make it easy to copy).
fn prose_fence(f: &Fence) -> bool {
    matches!(
        f.info.to_ascii_lowercase().as_str(),
        "" | "text" | "txt" | "plain" | "plaintext" | "md" | "markdown"
    )
}

/// The fenced block of plain text that is all the prose of `range`, if it is.
fn only_fence<'a>(a: &'a Analysis, range: &Range<usize>) -> Option<&'a Fence> {
    let mut inside = a
        .fences
        .iter()
        .filter(|f| f.span.start >= range.start && f.span.end <= range.end);
    let (Some(f), None) = (inside.next(), inside.next()) else {
        return None;
    };
    let outside_blank = a.masked[range.start..f.span.start].trim().is_empty()
        && a.masked[f.span.end..range.end].trim().is_empty();
    (prose_fence(f) && outside_blank).then_some(f)
}

/// The entry for `range` of the file: its masked text, or, when its only prose is one fenced
/// block of plain text, that block's content.
fn section(src: &str, a: &Analysis, range: Range<usize>, name: Option<String>) -> Option<Entry> {
    if let Some(f) = only_fence(a, &range) {
        let inner = &src[f.inner.clone()];
        let (text, map) = masked_map(inner, &mask(inner), f.inner.start);
        return Some(Entry::new(name, text, map, Quoting::Verbatim, false));
    }
    if a.masked[range.clone()].trim().is_empty() {
        return None;
    }
    let (text, map) = masked_map(&src[range.clone()], &a.masked[range.clone()], range.start);
    Some(Entry::new(name, text, map, Quoting::Verbatim, false))
}

/// A masked part of the file (`masked`, from `src` starting at byte `start` of the file) and
/// its map: byte for byte, except that the spaces of a blanked character of more than one byte
/// all map to its first byte, so that no offset lands inside it.
fn masked_map(src: &str, masked: &str, start: usize) -> (String, OffsetMap) {
    let mut b = Builder::new();
    let mut from = 0;
    // Only the first bytes of characters of two bytes or more (0xC0 and up) can open one.
    let leads = src.bytes().enumerate().filter(|&(_, byte)| byte >= 0xC0);
    for (at, _) in leads {
        if masked.as_bytes()[at] == b' ' {
            let len = src[at..].chars().next().map_or(1, char::len_utf8);
            b.literal(&masked[from..=at], start + from);
            b.synthetic(&masked[at + 1..at + len], start + at);
            from = at + len;
        }
    }
    b.literal(&masked[from..], start + from);
    b.finish(start + src.len())
}

/// The entries of a Markdown file: the whole file, or one per heading section (`split`; when
/// `None`, the file is split if at least two sections are nothing but a fenced reply, the usual
/// way of keeping saved replies easy to copy).
///
/// Sections split at the highest heading level that occurs more than once (or, with no such
/// level, the highest present); text before the first such heading is an introduction, not a
/// reply. Sections without prose are skipped.
pub(crate) fn entries(src: &str, split: Option<bool>) -> Vec<Entry> {
    let a = analyze(src);
    let level = (1..=6)
        .find(|&l| a.headings.iter().filter(|h| h.level == l).count() > 1)
        .or_else(|| a.headings.iter().map(|h| h.level).min());
    let sections = level.map_or_else(Vec::new, |l| sections(&a, l, src.len()));
    let split = split.unwrap_or_else(|| {
        let fenced = sections.iter().filter(|(r, _)| only_fence(&a, r).is_some());
        fenced.count() >= 2
    });
    if !split || level.is_none() {
        let name = a
            .title
            .clone()
            .or_else(|| a.headings.first().map(|h| h.title.clone()));
        return section(src, &a, 0..src.len(), name).into_iter().collect();
    }
    sections
        .into_iter()
        .filter_map(|(range, name)| section(src, &a, range, name))
        .collect()
}

/// The sections under the headings of `level` (up to the next heading of that level or higher),
/// with their titles.
fn sections(a: &Analysis, level: usize, len: usize) -> Vec<(Range<usize>, Option<String>)> {
    let tops: Vec<&Heading> = a.headings.iter().filter(|h| h.level <= level).collect();
    let mut out = Vec::new();
    for (k, h) in tops.iter().enumerate() {
        if h.level != level {
            continue;
        }
        let end = tops.get(k + 1).map_or(len, |n| n.line.start);
        let start = h.next.min(end);
        out.push((start..end, (!h.title.is_empty()).then(|| h.title.clone())));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{mask, mask_mapped};

    /// `text` with each of `pieces` (found in order) turned into spaces.
    fn blanked(text: &str, pieces: &[&str]) -> String {
        let mut out = text.to_string();
        let mut from = 0;
        for p in pieces {
            let at = from + out[from..].find(p).expect("piece in text");
            out.replace_range(at..at + p.len(), &" ".repeat(p.len()));
            from = at + p.len();
        }
        out
    }

    #[test]
    fn inline_markup_is_blanked_and_prose_kept() {
        for (text, gone) in [
            ("Run `ng version` now", &["`ng version`"][..]),
            (
                "See [the guide](https://x.io/g) or ![logo](l.png).",
                &["[", "](https://x.io/g)", "![logo](l.png)"],
            ),
            (
                "Mail <mailto:a@b.c> or <b>me</b>.",
                &["<mailto:a@b.c>", "<b>", "</b>"],
            ),
            (
                "Visit WWW.Example.com, or www.x.org.",
                &["WWW.Example.com", "www.x.org"],
            ),
            ("Open HTTPS://x.io/a?b=1 today", &["HTTPS://x.io/a?b=1"]),
            (
                "[1]: https://x.io\nNo links [here].",
                &["[1]: https://x.io"],
            ),
            ("Plain prose: nothing to blank.", &[]),
        ] {
            assert_eq!(mask(text), blanked(text, gone), "{text}");
        }
    }

    #[test]
    fn blanked_characters_of_several_bytes_keep_the_offsets() {
        let text = "Voir `café` ici, «ok».";
        let (masked, map) = mask_mapped(text);
        assert_eq!(masked, blanked(text, &["`café`"]));
        let e = text.find('é').unwrap();
        assert!(map.is_literal(e) && !map.is_literal(e + 1));
        let ok = masked.find("ok").unwrap();
        assert!(map.is_literal(ok));
        assert_eq!(map.to_file(ok), text.find("ok").unwrap());
    }
}
