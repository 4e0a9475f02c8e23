//! Regexes behind a gate: the strings a pattern cannot match without. A text that lacks them
//! is not searched, and the regex is compiled only when a text first gets past its gate (a
//! pre-send hook compiles a language's patterns on every run, and most replies hold no match).

use super::compile_regex as compile;
use crate::fold::Folded;
use regex::Regex;
use regex_syntax::ast::{self, Ast};
use std::sync::OnceLock;

/// What a text must contain for a pattern to match in it, folded as [`Folded`] folds texts:
/// every clause, each by any one of its strings. No clauses: any text may hold a match.
#[derive(Debug, Default, PartialEq)]
struct Gate(Vec<Vec<String>>);

impl Gate {
    /// The gate of `pattern`; an open one when it does not parse (compiling it reports why).
    fn of(pattern: &str) -> Gate {
        match ast::parse::Parser::new().parse(pattern) {
            Ok(ast) => Gate(required(&ast)),
            Err(_) => Gate::default(),
        }
    }

    /// Whether `folded` (a folded text) may hold a match.
    fn opens(&self, folded: &str) -> bool {
        self.0
            .iter()
            .all(|clause| clause.iter().any(|s| crate::document::contains(folded, s)))
    }
}

/// The clauses a match of `ast` must meet (see [`Gate`]).
fn required(ast: &Ast) -> Vec<Vec<String>> {
    match ast {
        Ast::Group(g) => required(&g.ast),
        Ast::Repetition(r) if min_repetitions(&r.op.kind) > 0 => required(&r.ast),
        Ast::Literal(_) => required_in_concat(std::slice::from_ref(ast)),
        Ast::Concat(c) => required_in_concat(&c.asts),
        Ast::ClassBracketed(c) => small_class(c).map(|chars| vec![chars]).unwrap_or_default(),
        Ast::Alternation(a) => {
            // One clause of each branch (its most telling), any of them.
            let mut clause: Vec<String> = Vec::new();
            for branch in &a.asts {
                let Some(best) = required(branch).into_iter().max_by_key(|c| shortest(c)) else {
                    return Vec::new();
                };
                clause.extend(best);
            }
            clause.sort();
            clause.dedup();
            vec![clause]
        }
        _ => Vec::new(),
    }
}

/// The characters of a short class such as `[0-9]` or `[!?]`, folded, when each folds plainly.
fn small_class(class: &ast::ClassBracketed) -> Option<Vec<String>> {
    let items = match &class.kind {
        ast::ClassSet::Item(ast::ClassSetItem::Union(u)) => u.items.as_slice(),
        ast::ClassSet::Item(item) => std::slice::from_ref(item),
        ast::ClassSet::BinaryOp(_) => return None,
    };
    if class.negated {
        return None;
    }
    let mut chars = Vec::new();
    for item in items {
        match item {
            ast::ClassSetItem::Literal(l) => chars.push(l.c),
            ast::ClassSetItem::Range(r) if r.end.c as u32 - r.start.c as u32 <= SMALL_CLASS => {
                chars.extend(r.start.c..=r.end.c)
            }
            _ => return None,
        }
        if chars.len() > SMALL_CLASS as usize {
            return None;
        }
    }
    let mut folded: Vec<String> = (chars.into_iter())
        .map(|c| folds_plainly(c).then(|| fold(c.encode_utf8(&mut [0; 4]))))
        .collect::<Option<_>>()?;
    folded.sort();
    folded.dedup();
    Some(folded)
}

/// The most characters of a class taken for a clause.
const SMALL_CLASS: u32 = 16;

/// The clauses of a sequence: each run of plain literal characters, and those of the rest.
fn required_in_concat(asts: &[Ast]) -> Vec<Vec<String>> {
    let mut clauses = Vec::new();
    let mut run = String::new();
    let flush = |run: &mut String, clauses: &mut Vec<Vec<String>>| {
        if !run.is_empty() {
            clauses.push(vec![fold(run)]);
            run.clear();
        }
    };
    for a in asts {
        match a {
            // A character as written or escaped (`\.`), not a byte (`\xE4` may be one).
            Ast::Literal(l)
                if matches!(
                    l.kind,
                    ast::LiteralKind::Verbatim
                        | ast::LiteralKind::Meta
                        | ast::LiteralKind::Superfluous
                ) && folds_plainly(l.c) =>
            {
                run.push(l.c)
            }
            Ast::Literal(_) => flush(&mut run, &mut clauses),
            _ => {
                flush(&mut run, &mut clauses);
                clauses.extend(required(a));
            }
        }
    }
    flush(&mut run, &mut clauses);
    clauses
}

fn min_repetitions(kind: &ast::RepetitionKind) -> u32 {
    match kind {
        ast::RepetitionKind::OneOrMore => 1,
        ast::RepetitionKind::Range(ast::RepetitionRange::Exactly(n))
        | ast::RepetitionKind::Range(ast::RepetitionRange::AtLeast(n))
        | ast::RepetitionKind::Range(ast::RepetitionRange::Bounded(n, _)) => *n,
        ast::RepetitionKind::ZeroOrOne | ast::RepetitionKind::ZeroOrMore => 0,
    }
}

/// The length in characters of the shortest string of `clause` (the longer, the rarer).
fn shortest(clause: &[String]) -> usize {
    clause.iter().map(|s| s.chars().count()).min().unwrap_or(0)
}

/// Whether every character a case-insensitive regex matches for `c` folds as `c` does, so a
/// text with a match holds `c` folded: not white space (folded to one space), and not `σ`,
/// which also matches `ς`, folded apart.
fn folds_plainly(c: char) -> bool {
    // Any other ASCII character does (checked for each by a test).
    !c.is_whitespace() && (c.is_ascii() || folds_plainly_by_class(c))
}

/// Whether every character of `c`'s simple case-folding class folds as `c` does.
fn folds_plainly_by_class(c: char) -> bool {
    let folded = |c: char| fold(c.encode_utf8(&mut [0; 4]));
    let mut class =
        regex_syntax::hir::ClassUnicode::new([regex_syntax::hir::ClassUnicodeRange::new(c, c)]);
    class.case_fold_simple();
    let own = folded(c);
    class
        .iter()
        .flat_map(|r| r.start()..=r.end())
        .all(|d| folded(d) == own)
}

/// `s` folded as [`Folded`] folds texts (quickly when ASCII without white space, as a run of a
/// pattern's literals is).
fn fold(s: &str) -> String {
    match s.is_ascii() && !s.bytes().any(|b| b.is_ascii_whitespace()) {
        true => s.to_ascii_lowercase(),
        false => Folded::new(s, &[]).text,
    }
}

/// A regex compiled when first needed, behind the gate of its pattern.
pub struct GatedRegex {
    pattern: String,
    case_sensitive: bool,
    gate: Gate,
    regex: OnceLock<Regex>,
}

impl GatedRegex {
    /// With `check`, the regex is compiled now, to report errors (those of the built-in packs
    /// are checked by the tests).
    pub fn new(pattern: &str, case_sensitive: bool, check: bool) -> Result<GatedRegex, String> {
        let regex = OnceLock::new();
        if check {
            let _ = regex.set(compile(pattern, case_sensitive)?);
        }
        Ok(GatedRegex {
            pattern: pattern.to_string(),
            case_sensitive,
            gate: Gate::of(pattern),
            regex,
        })
    }

    /// Whether the text folded as `folded` may hold a match (the regex is not compiled).
    fn may_match(&self, folded: &Folded) -> bool {
        self.gate.opens(&folded.text)
    }

    /// The regex, when the text folded as `folded` may hold a match.
    pub fn for_text(&self, folded: &Folded) -> Option<&Regex> {
        self.may_match(folded).then(|| {
            self.regex.get_or_init(|| {
                compile(&self.pattern, self.case_sensitive)
                    .expect("built-in packs compile: the tests check")
            })
        })
    }
}

/// Patterns, each behind its gate, and compiled together when first needed: the first match of
/// any of them is then found in one pass over a text, not one pass per pattern (a long text
/// would be read as many times, and common words that start a pattern slow each pass).
pub struct GatedSet {
    each: Vec<GatedRegex>,
    case_sensitive: bool,
    /// The patterns compiled together, and the sentence marks none of their matches holds.
    together: OnceLock<(regex_automata::meta::Regex, Vec<u8>)>,
}

/// The marks that end sentences: a match that cannot hold one ends before the next.
const SENTENCE_MARKS: [u8; 3] = [b'.', b'!', b'?'];

impl GatedSet {
    /// With `check`, each pattern is compiled now, to report errors.
    pub fn new(patterns: &[String], case_sensitive: bool, check: bool) -> Result<GatedSet, String> {
        Ok(GatedSet {
            each: gated(patterns, case_sensitive, check)?,
            case_sensitive,
            together: OnceLock::new(),
        })
    }

    /// The patterns, each on its own.
    pub fn each(&self) -> &[GatedRegex] {
        &self.each
    }

    /// The first match in `text` (folded as `folded`) of any of the patterns, as searching for
    /// each on its own and sorting the matches would find it: of those that start first, the
    /// one that ends first. With `by`, only a match that starts there or before is wanted (a
    /// later one may or may not be found).
    ///
    /// A long text without a match would be read to its end. But when no match can hold a
    /// sentence mark, every match that starts by `by` ends before the first mark after it,
    /// and the search ends there.
    pub fn first(&self, text: &str, folded: &Folded, by: Option<usize>) -> Option<crate::Span> {
        use regex_automata::{Anchored, Input, PatternID};
        if !self.each.iter().any(|r| r.may_match(folded)) {
            return None;
        }
        let (re, marks) = self.together.get_or_init(|| {
            let patterns: Vec<&str> = self.each.iter().map(|r| r.pattern.as_str()).collect();
            let re = super::compile_together(&patterns, self.case_sensitive)
                .expect("built-in packs compile: the tests check");
            let held: Vec<Vec<u8>> = (patterns.iter())
                .map(|p| may_hold(p, self.case_sensitive, &SENTENCE_MARKS))
                .collect();
            let marks = SENTENCE_MARKS
                .into_iter()
                .filter(|b| !held.iter().any(|h| h.contains(b)))
                .collect();
            (re, marks)
        });
        let rest = |at: usize| &text.as_bytes()[at..];
        let mark_after = by.filter(|&at| at <= text.len()).and_then(|at| {
            match marks[..] {
                [a] => memchr::memchr(a, rest(at)),
                [a, b] => memchr::memchr2(a, b, rest(at)),
                [a, b, c] => memchr::memchr3(a, b, c, rest(at)),
                _ => None,
            }
            .map(|i| at + i)
        });
        let found = re.find(Input::new(text).range(..mark_after.unwrap_or(text.len())))?;
        let end = (0..self.each.len())
            .filter_map(|p| {
                let pattern = PatternID::new(p).ok()?;
                let input = Input::new(text)
                    .range(found.start()..)
                    .anchored(Anchored::Pattern(pattern));
                re.find(input)
            })
            .map(|m| m.end())
            .min()
            .unwrap_or(found.end());
        Some(crate::Span::new(found.start(), end))
    }
}

/// Which of the ASCII bytes `bytes` a match of `pattern` may hold (all, when it does not parse).
fn may_hold(pattern: &str, case_sensitive: bool, bytes: &[u8]) -> Vec<u8> {
    use regex_syntax::hir::{Class, Hir, HirKind};
    fn holds(hir: &Hir, b: u8) -> bool {
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => false,
            HirKind::Literal(l) => l.0.contains(&b),
            HirKind::Class(Class::Unicode(c)) => {
                let c0 = char::from(b);
                c.ranges().iter().any(|r| r.start() <= c0 && c0 <= r.end())
            }
            HirKind::Class(Class::Bytes(c)) => {
                c.ranges().iter().any(|r| r.start() <= b && b <= r.end())
            }
            HirKind::Repetition(r) => r.max != Some(0) && holds(&r.sub, b),
            HirKind::Capture(c) => holds(&c.sub, b),
            HirKind::Concat(hs) | HirKind::Alternation(hs) => hs.iter().any(|h| holds(h, b)),
        }
    }
    regex_syntax::ParserBuilder::new()
        .case_insensitive(!case_sensitive)
        .utf8(false)
        .build()
        .parse(pattern)
        .map_or(bytes.to_vec(), |hir| {
            bytes.iter().copied().filter(|&b| holds(&hir, b)).collect()
        })
}

/// Each of `patterns`, gated.
pub fn gated(
    patterns: &[String],
    case_sensitive: bool,
    check: bool,
) -> Result<Vec<GatedRegex>, String> {
    patterns
        .iter()
        .map(|p| GatedRegex::new(p, case_sensitive, check))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate(pattern: &str) -> Vec<Vec<String>> {
        Gate::of(pattern).0
    }

    #[test]
    fn runs_of_literals_are_required_and_branches_give_one_clause() {
        assert_eq!(
            gate(r"(?-u:\b)(Sie|du)[ \t]+(erhalten|bekommst)[ \t]+Rückmeldung"),
            [
                vec!["du", "sie"],
                vec!["bekommst", "erhalten"],
                vec!["rückmeldung"]
            ]
        );
        // The most telling clause of each branch: the one with the longest shortest string.
        assert_eq!(
            gate(r"(?:wir|ich)[ ]+rufen?|ruft[ ]+an"),
            [vec!["rufe", "ruft"]]
        );
        assert_eq!(gate(r"!+(\?)[!?]*|(\?)[!?]+|(!)!+"), [vec!["!", "?"]]);
    }

    #[test]
    fn short_classes_give_their_characters() {
        let digits: Vec<String> = ('0'..='9').map(String::from).collect();
        assert_eq!(
            gate(r"\b[0-9]{1,2}:[0-9]{2}"),
            [digits.clone(), vec![":".into()], digits]
        );
        assert_eq!(gate(r"[Kk]W"), [vec!["k"], vec!["w"]]);
        assert_eq!(gate(r"[!?]+"), [vec!["!", "?"]]);
    }

    #[test]
    fn optional_parts_classes_and_bytes_require_nothing() {
        for open in [
            r"(?:bitte)?[a-z]+",
            r"a|b*",
            r"(unclosed",
            r"(?-u:\xE4)",
            " ",
            r"\t",
            r"[^!?]",
            r"[\d]",
        ] {
            assert_eq!(gate(open), Vec::<Vec<String>>::new(), "{open}");
        }
        // White space in verbose mode is no part of the pattern.
        assert_eq!(gate(r"(?x) so fort \s+ melden"), [["sofort"], ["melden"]]);
    }

    #[test]
    fn literals_are_folded_and_split_where_folding_is_not_plain() {
        // Capitals in small letters, `’` as `'`; white space and `σ` (which also matches `ς`)
        // end a run.
        assert_eq!(gate("Don’t Worry"), [vec!["don't"], vec!["worry"]]);
        assert_eq!(gate("λόγοσ"), [vec!["λόγο"]]);
    }

    #[test]
    fn every_ascii_character_but_white_space_folds_plainly() {
        for c in (0..0x80u8).map(char::from).filter(|c| !c.is_whitespace()) {
            assert!(folds_plainly_by_class(c), "{c:?}");
            let s = format!("a{c}Z");
            assert_eq!(fold(&s), Folded::new(&s, &[]).text, "{c:?}");
        }
    }

    #[test]
    fn a_gated_regex_finds_what_the_regex_finds() {
        let texts = [
            "Sie erhalten eine RÜCKMELDUNG morgen.",
            "Du bekommst   Rückmeldung",
            "Sie erhalten Post.",
            "Wir hätten das ΛΌΓΟΣ prüfen müſſen",
        ];
        let patterns = [
            r"(?-u:\b)(Sie|du)[ \t]+(erhalten|bekommst)[ \t]+(eine[ \t]+)?Rückmeldung",
            r"λόγοσ",
            r"hätten das λόγοσ prüfen müssen",
        ];
        for p in patterns {
            let gated = GatedRegex::new(p, false, false).expect("compiles");
            for t in texts {
                let folded = Folded::new(t, &[]);
                let plain = compile(p, false).expect("compiles").find(t).is_some();
                let found = gated.for_text(&folded).is_some_and(|r| r.find(t).is_some());
                assert_eq!(found, plain, "{p} in {t}");
            }
        }
        let shut = GatedRegex::new(patterns[0], false, false).expect("compiles");
        assert!(shut.for_text(&Folded::new(texts[2], &[])).is_none());
        assert!(
            shut.regex.get().is_none(),
            "not compiled for a text it cannot match"
        );
    }

    /// A pattern made of pieces with tricky folds, joined by sequence, alternation, groups and
    /// repetitions.
    fn pattern() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let atom = proptest::sample::select(
            &[
                "a", "b", "K", "s", "ä", "σ", "ß", " ", r"\.", "[ab]", "[0-9]", "[!?]", r"\s",
                r"\b", "’", "ё", r"\x61",
            ][..],
        )
        .prop_map(str::to_string);
        atom.prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 1..4).prop_map(|v| v.concat()),
                proptest::collection::vec(inner.clone(), 2..4)
                    .prop_map(|v| format!("(?:{})", v.join("|"))),
                (
                    inner,
                    proptest::sample::select(&["?", "*", "+", "{1,2}", "{0,2}", "??"][..])
                )
                    .prop_map(|(p, q)| format!("(?:{p}){q}")),
            ]
        })
    }

    /// What searching for each pattern on its own finds first: of the matches that start
    /// first, the one that ends first.
    fn first_of_each(patterns: &[String], text: &str) -> Option<crate::Span> {
        (patterns.iter())
            .filter_map(|p| compile(p, false).expect("compiles").find(text))
            .map(|m| crate::Span::new(m.start(), m.end()))
            .min()
    }

    #[test]
    fn only_marks_no_match_can_hold_bound_a_search() {
        let held = |p: &str| may_hold(p, false, b".!?x");
        assert_eq!(held(r"(?-u:\b)wir[ \t]+rufen(?-u:[^ .,!?])*"), b"x");
        assert_eq!(held(r"wir\W+rufen"), b".!?");
        assert_eq!(held(r"z\.\s?B\."), b".");
        assert_eq!(held(r"a(?:\.){0}b|x"), b"x");
        assert_eq!(held(r"(unclosed"), b".!?x");
        let set = GatedSet::new(&[r"wir\s+rufen".to_string()], false, false).expect("compiles");
        let text = "Wir melden uns. Wir rufen an.";
        let folded = Folded::new(text, &[]);
        // The search ends at the full stop after the bound.
        assert_eq!(set.first(text, &folded, Some(3)), None);
        assert_eq!(
            set.first(text, &folded, Some(16)),
            Some(crate::Span::new(16, 25))
        );
        assert_eq!(
            set.first(text, &folded, None),
            Some(crate::Span::new(16, 25))
        );
        // A match that holds a mark is found across it.
        let set = GatedSet::new(&[r"a\.b".to_string()], false, false).expect("compiles");
        let folded = Folded::new("xa.b", &[]);
        assert_eq!(
            set.first("xa.b", &folded, Some(1)),
            Some(crate::Span::new(1, 4))
        );
    }

    #[test]
    fn the_first_match_of_a_set_is_the_first_of_its_patterns() {
        let patterns: Vec<String> = [r"ab+", r"a", r"(?:wir|ich)\s+rufen", r"rufe?n?", "x*"]
            .map(String::from)
            .to_vec();
        for text in [
            "",
            "b",
            "cab",
            "xab",
            "abbb",
            "Wir rufen Sie an",
            "wir rufe",
            "Ich RUFEN",
        ] {
            for n in 1..=patterns.len() {
                let set = GatedSet::new(&patterns[..n], false, false).expect("compiles");
                let found = set.first(text, &Folded::new(text, &[]), None);
                assert_eq!(
                    found,
                    first_of_each(&patterns[..n], text),
                    "{n} in {text:?}"
                );
            }
        }
        let shut = GatedSet::new(&patterns[2..4], false, false).expect("compiles");
        assert_eq!(shut.first("Hallo", &Folded::new("Hallo", &[]), None), None);
        assert!(
            shut.together.get().is_none(),
            "not compiled for a text none can match"
        );
    }

    proptest::proptest! {
        /// Patterns found together are found as one by one.
        #[test]
        fn a_set_finds_what_its_patterns_find(
            patterns in proptest::collection::vec(pattern(), 1..4),
            text in proptest::collection::vec(
                proptest::sample::select(&["a", "A", "b", "K", "s", "ä", "σ", " ", ".", "7", "’"][..]),
                0..12,
            ),
        ) {
            let text = text.concat();
            if patterns.iter().any(|p| compile(p, false).is_err()) {
                return Ok(());
            }
            let set = GatedSet::new(&patterns, false, false).expect("compiles");
            proptest::prop_assert_eq!(
                set.first(&text, &Folded::new(&text, &[]), None),
                first_of_each(&patterns, &text)
            );
        }

        /// Bounded by a place, a set finds what it finds unbounded, if that starts by the place.
        #[test]
        fn a_bound_keeps_every_match_that_starts_by_it(
            patterns in proptest::collection::vec(pattern(), 1..4),
            text in proptest::collection::vec(
                proptest::sample::select(&["a", "b", "s", " ", ".", "!", "?", "7"][..]),
                0..16,
            ),
            by in 0usize..20,
        ) {
            let text = text.concat();
            if patterns.iter().any(|p| compile(p, false).is_err()) {
                return Ok(());
            }
            let set = GatedSet::new(&patterns, false, false).expect("compiles");
            let folded = Folded::new(&text, &[]);
            let whole = set.first(&text, &folded, None);
            let bounded = set.first(&text, &folded, Some(by));
            match whole {
                Some(m) if m.start <= by => proptest::prop_assert_eq!(bounded, whole),
                _ => proptest::prop_assert!(bounded.is_none_or(|m| m.start > by)),
            }
        }

        /// The gate never shuts out a text the regex matches in.
        #[test]
        fn the_gate_opens_for_every_text_with_a_match(
            p in pattern(),
            text in proptest::collection::vec(
                proptest::sample::select(
                    &["a", "A", "b", "B", "k", "K", "\u{212A}", "s", "S", "ſ", "ä", "Ä", "σ", "Σ",
                      "ς", "ß", "ẞ", " ", "\n", ".", "!", "?", "7", "'", "’", "ё", "Ё", "е"][..],
                ),
                0..12,
            ),
        ) {
            let text = text.concat();
            let Ok(regex) = compile(&p, false) else {
                return Ok(());
            };
            let gated = GatedRegex::new(&p, false, false).expect("compiles");
            if regex.is_match(&text) {
                proptest::prop_assert!(
                    gated.for_text(&Folded::new(&text, &[])).is_some(),
                    "{:?} shut for {:?}: {:?}",
                    p,
                    text,
                    gated.gate
                );
            }
        }
    }
}
