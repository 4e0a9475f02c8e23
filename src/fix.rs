//! Building edits that read well (case, spacing) and applying them.

use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::engine::{CheckOptions, Engine};
use crate::pack::PackError;
use crate::Span;
use std::collections::BTreeSet;

/// An edit replacing `span` with `replacement`, keeping the case of what it replaces.
/// An empty replacement also removes the space (or ", ") after it.
pub fn replace_edit(text: &str, span: Span, replacement: &str, sentence_start: bool) -> Edit {
    let found = &text[span.start..span.end];
    if replacement.is_empty() {
        return removal_edit(text, span, sentence_start);
    }
    let mut letters = found
        .chars()
        .filter(|&c| crate::fold::is_alphabetic(c))
        .peekable();
    let all_caps = found.chars().nth(1).is_some()
        && letters.peek().is_some()
        && letters.all(|c| !crate::fold::is_common_lowercase(c) && c.is_uppercase());
    let first_upper = found.chars().next().is_some_and(char::is_uppercase);
    let replacement = if (all_caps && sentence_start) || (!all_caps && first_upper) {
        capitalize(replacement)
    } else {
        replacement.to_string()
    };
    Edit {
        start: span.start,
        end: span.end,
        replacement,
    }
}

fn removal_edit(text: &str, span: Span, sentence_start: bool) -> Edit {
    let rest = &text[span.end..];
    let before = text[..span.start].trim_end_matches([' ', '\t']);
    let next_is_word = |at: &str| {
        at.trim_start_matches([' ', '\t'])
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
    };
    let removed = |start: usize, end: usize| Edit {
        start,
        end,
        replacement: String::new(),
    };
    // Words set off by commas go with a comma: "We, obviously, use" → "We use", and "tags,
    // obviously." (or "tags; obviously.") → "tags.".
    if before.ends_with([',', ';']) && before.len() < span.start {
        let comma_after = rest.starts_with(',');
        if comma_after || !next_is_word(rest) {
            return removed(before.len() - 1, span.end + usize::from(comma_after));
        }
    }
    // Words in brackets or between dashes go with them: "tags (obviously)." → "tags.", "tags
    // — obviously — and" → "tags and".
    if before.ends_with('(') && rest.starts_with(')') {
        let start = text[..before.len() - 1].trim_end_matches([' ', '\t']).len();
        return removed(start, span.end + 1);
    }
    for dash in ['—', '–'] {
        let after = rest.trim_start_matches([' ', '\t']);
        if before.ends_with(dash) && before.len() < span.start && after.starts_with(dash) {
            let end = text.len() - after.len() + dash.len_utf8();
            let start = text[..before.len() - dash.len_utf8()]
                .trim_end_matches([' ', '\t'])
                .len();
            return removed(start, end);
        }
    }
    // A sentence of the words alone goes whole: "We use tags. Obviously." → "We use tags.",
    // and so does one run on to the sentence before ("tags.Obviously.").
    let stops = rest.len() - rest.trim_start_matches(['.', '!', '?', '…']).len();
    if stops > 0
        && !sentence_start
        && before.len() == span.start
        && before.ends_with(['.', '!', '?'])
    {
        return removed(span.start, span.end + stops);
    }
    if sentence_start && stops > 0 {
        let end = span.end + stops;
        return if before.is_empty() || before.ends_with('\n') {
            let spaces = text[end..].len() - text[end..].trim_start_matches([' ', '\t']).len();
            removed(span.start, end + spaces)
        } else {
            removed(before.len(), end)
        };
    }
    // "Obviously, we …" and "Obviously: we …" alike.
    let after_comma = rest.strip_prefix([',', ':']).unwrap_or(rest);
    let spaces = after_comma.len() - after_comma.trim_start_matches([' ', '\t']).len();
    let mut end = span.end + (rest.len() - after_comma.len()) + spaces;
    let mut start = span.start;
    let mut replacement = String::new();
    let next_is_word = text[end..]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric);
    if spaces == 0 || !next_is_word {
        // "works obviously." → "works.": take the space before instead.
        end = span.end;
        let before = &text[..span.start];
        start = before.trim_end_matches([' ', '\t']).len();
        if start == span.start && !sentence_start {
            start = span.start;
        }
    } else if sentence_start {
        if let Some(c) = text[end..].chars().next() {
            replacement.extend(c.to_uppercase());
            end += c.len_utf8();
        }
    }
    Edit {
        start,
        end,
        replacement,
    }
}

/// The quotations of `text`, quotation marks included: `"…"`, “…”, „…“ and «…», within a
/// paragraph. Single quotation marks are left out: `'` and `’` are apostrophes too.
pub fn quotations(text: &str) -> Vec<Span> {
    let closes = |open: char, c: char| match open {
        '"' => c == '"',
        '“' => c == '”',
        '„' => c == '“',
        '«' => c == '»',
        _ => false,
    };
    let bytes = text.as_bytes();
    // Most texts open none: `"`, and the last bytes of “ „ «.
    if memchr::memchr3(b'"', 0x9C, 0x9E, bytes).is_none() && memchr::memchr(0xAB, bytes).is_none() {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut open: Option<(usize, char)> = None;
    // '"', and the first bytes of “ ” „ (E2) and « » (C2).
    for i in memchr::memchr3_iter(b'"', 0xE2, 0xC2, bytes) {
        let Some(c) = text[i..].chars().next() else {
            continue;
        };
        if !matches!(c, '"' | '“' | '”' | '„' | '«' | '»') {
            continue;
        }
        if let Some((start, mark)) = open.take() {
            // A mark left open in an earlier paragraph (an inch mark: 27") closes nothing here;
            // this one may open a quotation of its own.
            let inside = &text[start..i];
            let same_paragraph = !inside.contains("\n\n") && !inside.contains("\n\r\n");
            if closes(mark, c) && same_paragraph {
                found.push(Span::new(start, i + c.len_utf8()));
                continue;
            }
        }
        if matches!(c, '"' | '“' | '„' | '«') {
            open = Some((i, c));
        }
    }
    found
}

/// Drop the fixes that would edit inside a quotation of `text`: words quoted as someone wrote
/// them, or the label of a button, are not the writer's to reword. The findings stay.
pub fn keep_quotations(text: &str, diagnostics: &mut [Diagnostic]) {
    if diagnostics.iter().all(|d| d.fix.is_none()) {
        return;
    }
    let quotations = quotations(text);
    if quotations.is_empty() {
        return;
    }
    // Inside a quotation, short of taking all of it. Quotations are in order and apart: only
    // those ending after the edit starts and starting before it ends can hold it.
    let inside = |e: &Edit| {
        let from = quotations.partition_point(|q| q.end <= e.start);
        let to = quotations.partition_point(|q| q.start < e.end.max(e.start + 1));
        quotations[from..to.max(from)].iter().any(|q| {
            let touches = e.start < q.end && (e.start > q.start || e.end > q.start);
            touches && !(e.start <= q.start && q.end <= e.end)
        })
    };
    for d in diagnostics {
        if d.fix.as_ref().is_some_and(|f| f.edits.iter().any(inside)) {
            d.fix = None;
        }
    }
}

/// `s` with its first letter in upper case.
pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `s` with its first letter in lower case.
pub fn decapitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The result of applying fixes to a text.
#[derive(Debug, Clone, Default)]
pub struct Applied {
    pub text: String,
    /// Indexes of the diagnostics whose fixes were applied.
    pub applied: Vec<usize>,
    /// Indexes of fixable diagnostics left out (overlap, or below the applicability asked for).
    pub skipped: Vec<usize>,
}

/// Apply the fixes of `diagnostics` whose applicability is at least `min` (never suggestions),
/// left to right, skipping any fix that overlaps one already taken.
pub fn apply_fixes(text: &str, diagnostics: &[Diagnostic], min: Applicability) -> Applied {
    let min = min.max(Applicability::Unsafe);
    let mut order: Vec<usize> = (0..diagnostics.len()).collect();
    order.sort_by_key(|&i| {
        let f = diagnostics[i].fix.as_ref();
        (f.and_then(|f| f.edits.first()).map(|e| (e.start, e.end)), i)
    });
    let mut taken: Vec<&Edit> = Vec::new();
    let mut spans = TakenSpans::default();
    let mut result = Applied::default();
    for i in order {
        let Some(fix) = &diagnostics[i].fix else {
            continue;
        };
        if fix.applicability < min || fix.edits.iter().any(|e| spans.clash(e)) {
            result.skipped.push(i);
            continue;
        }
        for e in &fix.edits {
            spans.0.insert((e.start, e.end));
        }
        taken.extend(fix.edits.iter());
        result.applied.push(i);
    }
    taken.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for e in taken {
        out.push_str(&text[pos..e.start]);
        out.push_str(&e.replacement);
        pos = e.end;
    }
    out.push_str(&text[pos..]);
    result.text = out;
    result.applied.sort_unstable();
    result.skipped.sort_unstable();
    result
}

/// The spans of the edits taken so far, by start: they never overlap, so a new edit is tested
/// against its two neighbours only, not against every edit (a long text has tens of thousands).
#[derive(Default)]
struct TakenSpans(BTreeSet<(usize, usize)>);

impl TakenSpans {
    /// Whether `e` overlaps a taken edit, or either is an insertion where the other starts.
    fn clash(&self, e: &Edit) -> bool {
        let from_inside = self
            .0
            .range((e.start, 0)..)
            .next()
            .is_some_and(|&(start, _)| start == e.start || start < e.end);
        let into = self
            .0
            .range(..(e.start, 0))
            .next_back()
            .is_some_and(|&(_, end)| end > e.start);
        from_inside || into
    }
}

/// How many check-and-fix rounds [`fix_text`] runs before it gives up.
pub const MAX_ROUNDS: usize = 10;

/// One fix applied by [`fix_text`], with the text it was applied to.
#[derive(Debug, Clone)]
pub struct AppliedFix {
    /// The round (1-based) in which it was applied; edits refer to that round's input.
    pub round: usize,
    pub diagnostic: Diagnostic,
}

/// The outcome of fixing a text until nothing changes.
#[derive(Debug, Clone)]
pub struct FixOutcome {
    pub text: String,
    pub applied: Vec<AppliedFix>,
    /// Fixable findings left in the final text (suggestions, or below the applicability asked for).
    pub skipped: Vec<Diagnostic>,
    /// False when the text still changed after [`MAX_ROUNDS`] rounds.
    pub converged: bool,
}

/// Check `text` and apply every fix at or above `min` applicability, again and again until a
/// round changes nothing (at most [`MAX_ROUNDS`] rounds).
pub fn fix_text(
    engine: &Engine,
    text: &str,
    options: &CheckOptions,
    min: Applicability,
) -> Result<FixOutcome, PackError> {
    fix_with(text, min, |t| {
        engine.check(t, options).map(|r| r.diagnostics)
    })
}

/// [`fix_text`] for any way of finding fixes: `check` returns the findings of a text (with fixes
/// in its byte offsets), e.g. those of every entry of a collection file.
pub fn fix_with<E>(
    text: &str,
    min: Applicability,
    mut check: impl FnMut(&str) -> Result<Vec<Diagnostic>, E>,
) -> Result<FixOutcome, E> {
    let mut current = text.to_string();
    let mut applied = Vec::new();
    for round in 1..=MAX_ROUNDS {
        let diagnostics = check(&current)?;
        let result = apply_fixes(&current, &diagnostics, min);
        if result.applied.is_empty() || result.text == current {
            let skipped = diagnostics
                .into_iter()
                .filter(|d| d.fix.is_some())
                .collect();
            return Ok(FixOutcome {
                text: current,
                applied,
                skipped,
                converged: true,
            });
        }
        applied.extend(result.applied.iter().map(|&i| AppliedFix {
            round,
            diagnostic: diagnostics[i].clone(),
        }));
        current = result.text;
    }
    Ok(FixOutcome {
        text: current,
        applied,
        skipped: Vec::new(),
        converged: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replaced(text: &str, what: &str, with: &str, start: bool) -> String {
        let s = text.find(what).unwrap();
        let e = replace_edit(text, Span::new(s, s + what.len()), with, start);
        format!("{}{}{}", &text[..e.start], e.replacement, &text[e.end..])
    }

    #[test]
    fn finds_quotations_within_a_paragraph() {
        let quoted = |text: &str| -> Vec<String> {
            (quotations(text).iter())
                .map(|q| text[q.start..q.end].to_string())
                .collect()
        };
        assert_eq!(
            quoted("You wrote \"ASAP\", click „Senden“ or «Отправить», “OK”."),
            ["\"ASAP\"", "„Senden“", "«Отправить»", "“OK”"]
        );
        // Over a line break, but not over a paragraph; an unpaired mark opens nothing that lasts.
        assert_eq!(
            quoted("\"one\ntwo\" and \"three\n\nfour\""),
            ["\"one\ntwo\""]
        );
        assert_eq!(quoted("a 27\" screen"), Vec::<String>::new());
        assert_eq!(quoted("it’s ‘fine’"), Vec::<String>::new());
    }

    #[test]
    fn fixes_leave_quotations_alone() {
        let text = "You asked \"can you ship ASAP?\" We ship ASAP.";
        let at = |s: usize, e: usize, with: &str| Diagnostic {
            rule: "r".into(),
            category: "c".into(),
            severity: crate::diagnostic::Severity::Warning,
            language: "en".into(),
            message: String::new(),
            suggestion: None,
            span: Span::new(s, e),
            text: text[s..e].to_string(),
            fix: Some(crate::diagnostic::Fix {
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    start: s,
                    end: e,
                    replacement: with.into(),
                }],
            }),
            entry: None,
        };
        let first = text.find("ASAP").unwrap();
        let last = text.rfind("ASAP").unwrap();
        let quote = text.find('"').unwrap();
        let mut found = vec![
            at(first, first + 4, "today"),
            at(last, last + 4, "today"),
            // Taking the whole quotation, marks and all, is no edit inside it.
            at(quote, text.rfind('"').unwrap() + 1, ""),
            // Nor is an insertion just before it.
            at(quote, quote, "Sam: "),
        ];
        keep_quotations(text, &mut found);
        let fixed: Vec<bool> = found.iter().map(|d| d.fix.is_some()).collect();
        assert_eq!(fixed, [false, true, true, true]);
    }

    #[test]
    fn keeps_case() {
        assert_eq!(replaced("Utilize it.", "Utilize", "use", true), "Use it.");
        assert_eq!(
            replaced("we utilize it", "utilize", "use", false),
            "we use it"
        );
        assert_eq!(
            replaced("ASAP we go", "ASAP", "by noon", true),
            "By noon we go"
        );
        assert_eq!(
            replaced("do it ASAP.", "ASAP", "by noon", false),
            "do it by noon."
        );
        assert_eq!(
            replaced("our L2 team", "L2", "second-line (L2)", false),
            "our second-line (L2) team"
        );
    }

    /// Whether `e` clashes with any of `taken`, tested pair by pair.
    fn clashes_with_any(e: &Edit, taken: &[Edit]) -> bool {
        taken.iter().any(|t| {
            (e.start < t.end && t.start < e.end)
                || (e.start == e.end && e.start == t.start)
                || (t.start == t.end && t.start == e.start)
        })
    }

    proptest::proptest! {
        #[test]
        fn taken_spans_clash_as_pairwise_tests_do(
            edits in proptest::collection::vec((0usize..40, 0usize..4), 1..60),
        ) {
            let mut spans = TakenSpans::default();
            let mut taken: Vec<Edit> = Vec::new();
            for (start, len) in edits {
                let e = Edit { start, end: start + len, replacement: String::new() };
                let clash = spans.clash(&e);
                proptest::prop_assert_eq!(clash, clashes_with_any(&e, &taken), "{:?} {:?}", e, taken);
                if !clash {
                    spans.0.insert((e.start, e.end));
                    taken.push(e);
                }
            }
        }
    }

    #[test]
    fn removals_leave_clean_spacing() {
        // (text, word removed, whether it opens a sentence, fixed text)
        for (text, word, sentence_start, fixed) in [
            (
                "It is obviously broken.",
                "obviously",
                false,
                "It is broken.",
            ),
            ("Obviously, it broke.", "Obviously", true, "It broke."),
            ("It broke obviously.", "obviously", false, "It broke."),
            ("Simply restart it.", "Simply", true, "Restart it."),
            // With the commas, brackets, dashes or colon that set the words off.
            (
                "We use tags, obviously.",
                "obviously",
                false,
                "We use tags.",
            ),
            (
                "We, obviously, use tags.",
                "obviously",
                false,
                "We use tags.",
            ),
            (
                "We use tags, obviously and rightly.",
                "obviously",
                false,
                "We use tags, and rightly.",
            ),
            (
                "We use tags (obviously).",
                "obviously",
                false,
                "We use tags.",
            ),
            (
                "We use tags — obviously — and labels.",
                "obviously",
                false,
                "We use tags and labels.",
            ),
            (
                "We use tags; obviously.",
                "obviously",
                false,
                "We use tags.",
            ),
            ("Obviously: we use tags.", "Obviously", true, "We use tags."),
            // A sentence of the words alone.
            ("We use tags. Obviously.", "Obviously", true, "We use tags."),
            ("Obviously! We use tags.", "Obviously", true, "We use tags."),
            ("We use tags.Obviously.", "Obviously", false, "We use tags."),
        ] {
            assert_eq!(replaced(text, word, "", sentence_start), fixed, "{text}");
        }
    }
}
