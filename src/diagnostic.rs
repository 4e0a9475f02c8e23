//! Findings, fixes and their applicability.

use serde::Serialize;
use std::fmt;
use std::sync::Arc;

/// A byte range `[start, end)` in the checked text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// Whether `other` lies inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// Whether any of `spans` (sorted, not overlapping one another) overlaps `s`.
pub(crate) fn overlaps_any(spans: &[Span], s: Span) -> bool {
    let i = spans.partition_point(|x| x.end <= s.start);
    spans.get(i).is_some_and(|x| x.overlaps(s))
}

/// How serious a finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    /// The lowercase name used in packs and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How far a fix can be trusted, from least to most.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Several alternatives, or text the agent must complete: shown, never applied.
    Suggestion,
    /// Changes tone or content: applied only when asked for.
    Unsafe,
    /// Keeps the meaning: applied by default.
    Safe,
}

impl Applicability {
    /// The lowercase name used in packs and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Suggestion => "suggestion",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        }
    }
}

/// A name shared by many values (a rule's id, category or language, shared by its findings):
/// a string that is cheap to clone and compares with `&str` and `String`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(Arc<str>);

impl Name {
    /// The name as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Name {
        Name(s.into())
    }
}

impl From<String> for Name {
    fn from(s: String) -> Name {
        Name(s.into())
    }
}

impl fmt::Display for Name {
    /// Honours width and alignment (`{:<30}`), as `str` does.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

impl Serialize for Name {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        **self == *other.0
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        **self == *other.0
    }
}

/// Replace the bytes of `span` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

/// A set of non-overlapping edits, sorted by position, with one applicability.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

/// One finding of one rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// The rule's id, e.g. `abrasive-blame` (shared by the rule's findings, as are its
    /// category and language).
    pub rule: Name,
    pub category: Name,
    pub severity: Severity,
    /// The language of the pack the rule comes from.
    pub language: Name,
    pub message: String,
    /// What to write instead, when the rule knows.
    pub suggestion: Option<String>,
    /// Where in the checked text.
    #[serde(skip)]
    pub span: Span,
    /// The covered text; for `unanswered`, the customer's question.
    pub text: String,
    pub fix: Option<Fix>,
    /// In a collection of canned replies: the entry's name or title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
}

impl Diagnostic {
    /// Move its span and its fix's edits to other positions (of the text it was found in,
    /// placed in a larger one).
    pub fn map_offsets(&mut self, at: impl Fn(usize) -> usize) {
        self.span = Span::new(at(self.span.start), at(self.span.end));
        for e in self.fix.iter_mut().flat_map(|f| &mut f.edits) {
            (e.start, e.end) = (at(e.start), at(e.end));
        }
    }

    /// The order in which findings are reported: by position, then rule.
    pub fn sort_key(&self) -> (usize, usize, &str) {
        (self.span.start, self.span.end, &self.rule)
    }
}

/// Sort findings by [`Diagnostic::sort_key`]; equal keys keep their order. Findings are
/// moved in place (by following the cycles of the sorted order), never copied into a second
/// list: a long text has a great many.
pub fn sort(findings: &mut [Diagnostic]) {
    if findings.is_sorted_by(|a, b| a.sort_key() <= b.sort_key()) {
        return;
    }
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by(|&a, &b| findings[a].sort_key().cmp(&findings[b].sort_key()));
    // Position `i` takes the finding at `order[i]`; a position done is marked `order[i] == i`.
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != start {
            let from = order[at];
            findings.swap(at, from);
            order[at] = at;
            at = from;
        }
        order[at] = at;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(start: usize, end: usize, rule: &str, message: String) -> Diagnostic {
        Diagnostic {
            rule: rule.into(),
            category: "".into(),
            severity: Severity::Warning,
            language: "".into(),
            message,
            suggestion: None,
            span: Span::new(start, end),
            text: String::new(),
            fix: None,
            entry: None,
        }
    }

    proptest::proptest! {
        #[test]
        fn sorting_equals_a_stable_sort(
            list in proptest::collection::vec(
                (0..5usize, 0..2usize, proptest::sample::select(&["a", "b"][..])),
                0..40,
            )
        ) {
            let mut findings: Vec<Diagnostic> = list
                .iter()
                .enumerate()
                .map(|(i, &(start, len, rule))| finding(start, start + len, rule, i.to_string()))
                .collect();
            let mut expected = findings.clone();
            expected.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            sort(&mut findings);
            proptest::prop_assert_eq!(findings, expected);
        }
    }
}
