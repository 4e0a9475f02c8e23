//! One trie of every phrase of every rule of a language: one pass per text.

use crate::fold::{word_end_from, word_ends_at, word_starts_at, Folded};
use crate::trie::Trie;
use crate::Span;
use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// What a phrase is for, so a match can be routed to its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Entry `n` of a `phrases` rule.
    Entry(usize),
    /// Satisfies a `require` rule.
    Satisfy,
    /// Triggers a `require` rule.
    Trigger,
    /// Belongs to variant `n` of a `consistency` rule.
    Variant(usize),
    /// Opens an indirect question (`unanswered`).
    Opener,
    /// An exception: entries of a `phrases` rule inside it do not count, and a question holding
    /// it expects no answer (`unanswered`).
    Except,
}

/// A phrase match in the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub rule: usize,
    pub role: Role,
    pub span: Span,
}

#[derive(Debug, Clone)]
struct Pattern {
    rule: usize,
    role: Role,
    /// The searched part ends in a `*` stem.
    stem: bool,
    /// The words after the first stem, checked after a match: (word, is a stem).
    rest: Vec<(String, bool)>,
}

/// Collects phrases, then builds the shared trie.
#[derive(Debug, Default)]
pub struct PhraseSetBuilder {
    needles: Vec<String>,
    patterns: Vec<Pattern>,
}

impl PhraseSetBuilder {
    /// Add `phrase` for `rule` in `role`.
    pub fn add(&mut self, phrase: &str, rule: usize, role: Role) {
        let (folded, last_stem) = normalize(phrase);
        if folded.is_empty() {
            return;
        }
        // Search for the words up to the first stem; check the words after it on each match.
        let words: Vec<&str> = folded.split(' ').collect();
        let first_stem = words.iter().position(|w| w.ends_with('*'));
        let (needle, stem, rest) = match first_stem {
            Some(i) if i + 1 < words.len() || !last_stem => {
                let needle = words[..=i].join(" ").trim_end_matches('*').to_string();
                let mut rest: Vec<(String, bool)> = words[i + 1..]
                    .iter()
                    .map(|w| (w.trim_end_matches('*').to_string(), w.ends_with('*')))
                    .collect();
                if let Some(last) = rest.last_mut() {
                    last.1 |= last_stem;
                }
                (needle, true, rest)
            }
            _ => (folded, last_stem, Vec::new()),
        };
        self.needles.push(needle);
        self.patterns.push(Pattern {
            rule,
            role,
            stem,
            rest,
        });
    }

    /// The phrase set; its trie is built when it first searches a text (a set that is never
    /// used, such as the cues of customers' questions in a reply without one, costs nothing).
    pub fn build(self) -> PhraseSet {
        let total: usize = self.needles.iter().map(String::len).sum();
        let dfa = OnceLock::new();
        if total > DFA_MAX_PHRASE_TEXT {
            let _ = dfa.set(None);
        }
        PhraseSet {
            trie: OnceLock::new(),
            dfa,
            searched: AtomicUsize::new(0),
            needles: self.needles,
            patterns: self.patterns,
        }
    }
}

/// Once this many bytes are to be searched (one long text, or many short ones in one run),
/// texts are searched with an Aho-Corasick DFA: its pass over each byte is quicker than
/// walking the trie from each word start, but it takes as long to build as the trie takes to
/// search this much.
const DFA_FROM: usize = 1024 * 1024;
/// The most steps the trie may take walking a text, per byte of it and beyond that, before
/// the DFA takes the text over: prose takes about half a step a byte, but a long phrase of
/// words the text repeats makes each word start walk the whole phrase.
const WALK_STEPS_PER_BYTE: usize = 8;
const WALK_STEPS_FREE: usize = 4096;
/// Phrase text beyond which a DFA would be too large and slow to build.
const DFA_MAX_PHRASE_TEXT: usize = 200_000;

/// The phrases of all rules of one language.
#[derive(Debug)]
pub struct PhraseSet {
    /// Searches the first texts (every text when the phrases are too many for a DFA).
    trie: OnceLock<Trie>,
    /// Built once [`DFA_FROM`] bytes are to be searched; `None` when too large to build.
    dfa: OnceLock<Option<DFA>>,
    /// The bytes searched so far.
    searched: AtomicUsize,
    needles: Vec<String>,
    patterns: Vec<Pattern>,
}

impl PhraseSet {
    /// Every whole-word match in `folded`, as spans of the original text, grouped by rule and
    /// sorted by start in each group. Overlapping matches of one rule are reduced to the
    /// leftmost-longest ones.
    pub fn find(&self, folded: &Folded) -> Vec<Hit> {
        let hay = folded.text.as_str();
        if self.needles.is_empty() {
            return Vec::new();
        }
        // A match of a needle, with the words after its stem; where the whole phrase ends.
        let whole = |start: usize, end: usize, p: usize| {
            let pat = &self.patterns[p];
            let end = if pat.stem {
                word_end_from(hay, end)
            } else if word_ends_at(hay, end) {
                end
            } else {
                return None;
            };
            match_rest(hay, end, &pat.rest).map(|end| (start, end, p))
        };
        let mut raw: Vec<(usize, usize, usize)> = Vec::new();
        let trie = || self.trie.get_or_init(|| Trie::new(&self.needles));
        let before = self.searched.fetch_add(hay.len(), Ordering::Relaxed);
        let mut walked = false;
        if before.saturating_add(hay.len()) < DFA_FROM {
            let steps = hay
                .len()
                .saturating_mul(WALK_STEPS_PER_BYTE)
                .saturating_add(WALK_STEPS_FREE);
            walked = trie().for_each_match(hay, steps, |s, e, p| raw.extend(whole(s, e, p)));
            if !walked {
                // Phrases that take long walks in this text: the DFA serves from now on.
                raw.clear();
                self.searched.fetch_add(DFA_FROM, Ordering::Relaxed);
            }
        }
        if !walked {
            match self.dfa.get_or_init(|| dfa(&self.needles)) {
                Some(dfa) => dfa_matches(dfa, hay.as_bytes(), |start, end, p| {
                    if word_starts_at(hay, start) {
                        raw.extend(whole(start, end, p));
                    }
                }),
                None => {
                    trie().for_each_match(hay, usize::MAX, |s, e, p| raw.extend(whole(s, e, p)));
                }
            }
        }
        // Per rule and role: leftmost, then longest (then the first phrase), without overlaps.
        let mut keyed: Vec<u128> = raw
            .into_iter()
            .map(|(start, end, p)| self.sort_key(start, end, p))
            .collect();
        keyed.sort_unstable();
        let mut hits = Vec::with_capacity(keyed.len());
        let mut last: Option<(usize, u8, usize)> = None;
        // In each rule's and role's run, positions only grow.
        let mut original = folded.cursor();
        for key in keyed {
            let (start, end, p) = unpack(key);
            let pat = &self.patterns[p];
            let group = (pat.rule, role_key(pat.role));
            if let Some((rule, role, last_end)) = last {
                if (rule, role) == group && start < last_end {
                    continue;
                }
            }
            last = Some((group.0, group.1, end));
            hits.push(Hit {
                rule: pat.rule,
                role: pat.role,
                span: Span::new(original.original(start), original.original(end)),
            });
        }
        hits.sort_by_key(|h| (h.rule, h.span.start));
        hits
    }
}

/// An Aho-Corasick DFA of `needles`, reporting every match. Without a prefilter: phrases are
/// everywhere in prose, so one would seldom skip ahead.
fn dfa(needles: &[String]) -> Option<DFA> {
    DFA::builder()
        .match_kind(MatchKind::Standard)
        .prefilter(false)
        .build(needles)
        .ok()
}

/// Texts at least this long are searched in four parts at once by [`dfa_matches`].
const PARTS_FROM: usize = 16 * 1024;

/// Every match of `dfa`'s needles in `hay`, as (start, end, needle), in no particular order.
///
/// Each step of a DFA waits for the one before. A long text is cut into four parts searched
/// in one loop, a step in each part at a time: four chains of steps keep the processor busy,
/// and take little more time than one. The search of each part but the first starts a
/// needle's length before the part, and reports the matches that end inside it.
fn dfa_matches(dfa: &DFA, hay: &[u8], mut each: impl FnMut(usize, usize, usize)) {
    let Ok(start) = dfa.start_state(Anchored::No) else {
        return;
    };
    // The matches of state `sid` after the byte at `at`, if it is a special state (without a
    // prefilter, a match state or the dead one).
    let mut report = |sid: StateID, at: usize| {
        if dfa.is_match(sid) {
            for k in 0..dfa.match_len(sid) {
                let p = dfa.match_pattern(sid, k);
                each(at + 1 - dfa.pattern_len(p), at + 1, p.as_usize());
            }
        }
    };
    let step = |sid: StateID, byte: u8| dfa.next_state(Anchored::No, sid, byte);
    let (mut sid, mut from) = (start, 0);
    if hay.len() >= PARTS_FROM {
        let len = hay.len() / 4;
        let lead = dfa.max_pattern_len().saturating_sub(1);
        let lead_in = |at: usize| {
            hay[at.saturating_sub(lead)..at]
                .iter()
                .fold(start, |s, &b| step(s, b))
        };
        let mut s = [start, lead_in(len), lead_in(2 * len), lead_in(3 * len)];
        let (a, rest) = hay.split_at(len);
        let (b, rest) = rest.split_at(len);
        let (c, d) = rest.split_at(len);
        for (i, (((&x, &y), &z), &w)) in a.iter().zip(b).zip(c).zip(d).enumerate() {
            s = [step(s[0], x), step(s[1], y), step(s[2], z), step(s[3], w)];
            if s.iter().any(|&sid| dfa.is_special(sid)) {
                for (k, &sid) in s.iter().enumerate() {
                    report(sid, k * len + i);
                }
            }
        }
        (sid, from) = (s[3], 4 * len);
    }
    for (at, &byte) in hay.iter().enumerate().skip(from) {
        sid = step(sid, byte);
        if dfa.is_special(sid) {
            report(sid, at);
        }
    }
}

/// Match the words after a stem, each after one space; the end of the match, if they all match.
fn match_rest(hay: &str, mut end: usize, rest: &[(String, bool)]) -> Option<usize> {
    for (word, stem) in rest {
        let at = end + 1;
        if !hay[end..].starts_with(' ') || !hay[at..].starts_with(word.as_str()) {
            return None;
        }
        let after = at + word.len();
        end = if *stem {
            word_end_from(hay, after)
        } else if word_ends_at(hay, after) {
            after
        } else {
            return None;
        };
    }
    Some(end)
}

/// A match as one number that sorts as (rule, role, start, longest first, phrase), so that
/// the many matches of a long text sort quickly: 24 bits of rule, 4 of role, 36 of start, 36
/// of end (inverted) and 28 of phrase, far more than texts and packs come to.
impl PhraseSet {
    fn sort_key(&self, start: usize, end: usize, p: usize) -> u128 {
        let pat = &self.patterns[p];
        (pat.rule as u128) << 104
            | u128::from(role_key(pat.role)) << 100
            | (start as u128 & OFFSET_BITS) << 64
            | (OFFSET_BITS - (end as u128 & OFFSET_BITS)) << 28
            | (p as u128 & PHRASE_BITS)
    }
}

const OFFSET_BITS: u128 = (1 << 36) - 1;
const PHRASE_BITS: u128 = (1 << 28) - 1;

/// The start, end and phrase of a match packed by [`PhraseSet::sort_key`].
fn unpack(key: u128) -> (usize, usize, usize) {
    let start = (key >> 64) & OFFSET_BITS;
    let end = OFFSET_BITS - ((key >> 28) & OFFSET_BITS);
    (start as usize, end as usize, (key & PHRASE_BITS) as usize)
}

fn role_key(role: Role) -> u8 {
    match role {
        Role::Entry(_) => 0,
        Role::Satisfy => 1,
        Role::Trigger => 2,
        Role::Variant(_) => 3,
        Role::Opener => 4,
        Role::Except => 5,
    }
}

/// Fold a phrase the way texts are folded; report whether it ends in a `*` stem.
pub fn normalize(phrase: &str) -> (String, bool) {
    let trimmed = phrase.trim();
    let (body, stem) = match trimmed.strip_suffix('*') {
        Some(b) => (b, true),
        None => (trimmed, false),
    };
    // Words in small letters (any script; but `ё` and `ſ`, folded to `е` and `s`) with single
    // spaces between them fold to themselves.
    let mut after_space = false;
    let plain = body.chars().all(|c| {
        let space = c == ' ';
        let ok = (space && !after_space)
            || (c.is_ascii_graphic() && !c.is_ascii_uppercase())
            || (crate::fold::is_lowercase(c) && c != 'ё' && c != 'ſ');
        after_space = space;
        ok
    });
    if plain {
        return (body.trim().to_string(), stem);
    }
    let folded = Folded::new(body, &[]);
    (folded.text.trim().to_string(), stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(phrases: &[(&str, usize)]) -> PhraseSet {
        let mut b = PhraseSetBuilder::default();
        for (i, (p, rule)) in phrases.iter().enumerate() {
            b.add(p, *rule, Role::Entry(i));
        }
        b.build()
    }

    fn found(s: &PhraseSet, text: &str) -> Vec<String> {
        let f = Folded::new(text, &[]);
        s.find(&f)
            .iter()
            .map(|h| text[h.span.start..h.span.end].to_string())
            .collect()
    }

    #[test]
    fn sort_keys_order_matches_and_unpack_to_them() {
        let s = set(&[("late", 1), ("late fee", 1), ("fee", 0)]);
        let big = (1 << 35) + 7;
        let mut keys = vec![
            s.sort_key(big, big + 4, 0),
            s.sort_key(3, 7, 0),
            s.sort_key(3, 11, 1),
            s.sort_key(8, 11, 2),
        ];
        for &k in &keys {
            let (start, end, p) = unpack(k);
            assert_eq!(s.sort_key(start, end, p), k);
        }
        keys.sort_unstable();
        let order: Vec<_> = keys.into_iter().map(unpack).collect();
        assert_eq!(
            order,
            [(8, 11, 2), (3, 11, 1), (3, 7, 0), (big, big + 4, 0)]
        );
    }

    #[test]
    fn whole_words_only_and_no_lost_matches() {
        let s = set(&[("need to", 0), ("to do", 0)]);
        assert_eq!(found(&s, "kneed to do"), vec!["to do"]);
        let s = set(&[("can", 0)]);
        assert!(found(&s, "I can't").is_empty());
        assert_eq!(found(&s, "I CAN."), vec!["CAN"]);
    }

    #[test]
    fn leftmost_longest_per_rule() {
        let s = set(&[("calm", 0), ("calm down", 0), ("down", 1)]);
        assert_eq!(found(&s, "Calm   down now"), vec!["Calm   down", "down"]);
    }

    #[test]
    fn stems_and_unicode_case() {
        let s = set(&[("успокой*", 0), ("überhaupt", 1)]);
        assert_eq!(
            found(&s, "Успокойтесь! ÜBERHAUPT"),
            vec!["Успокойтесь", "ÜBERHAUPT"]
        );
        assert!(found(&s, "спокойно").is_empty());
    }

    #[test]
    fn stems_inside_phrases() {
        let s = set(&[("ihr* verschulden*", 0), ("как я уже писал*", 1)]);
        assert_eq!(
            found(&s, "Durch Ihren Verschuldens!"),
            vec!["Ihren Verschuldens"]
        );
        assert_eq!(
            found(&s, "Как я уже писала, нет."),
            vec!["Как я уже писала"]
        );
        assert_eq!(found(&s, "ihr Verschulden"), vec!["ihr Verschulden"]);
        assert!(found(&s, "ihr anderes Verschulden").is_empty());
    }

    #[test]
    fn compounds_do_not_match_their_parts() {
        let s = set(&[("problem", 0)]);
        assert!(found(&s, "Problemlösung").is_empty());
        assert_eq!(found(&s, "Ein Problem."), vec!["Problem"]);
    }

    #[test]
    fn texts_find_the_same_before_and_after_the_switch_to_a_dfa() {
        let s = set(&[("calm", 0), ("calm down", 0), ("успокой*", 1), ("can", 2)]);
        let short = "Calm down. Успокойтесь! Calmly, I can't. Can.";
        let before = found(&s, short);
        assert_eq!(before, vec!["Calm down", "Успокойтесь", "Can"]);
        assert!(s.dfa.get().is_none());
        let long = short.repeat(DFA_FROM / short.len() + 1);
        assert_eq!(found(&s, &long).len(), 3 * (DFA_FROM / short.len() + 1));
        assert!(s.dfa.get().is_some_and(Option::is_some));
        assert_eq!(found(&s, short), before);
    }

    #[test]
    fn long_walks_hand_the_text_to_the_dfa() {
        let phrase = "no ".repeat(40);
        let s = set(&[(phrase.trim_end(), 0), ("yes", 1)]);
        let text = format!("{}yes", "no ".repeat(3000));
        // Each of the 3,000 word starts walks 80 bytes: more than the trie may take.
        let hits = found(&s, &text);
        assert!(s.dfa.get().is_some_and(Option::is_some));
        // Leftmost-longest without overlaps: 3,000 / 40 phrases, then "yes".
        assert_eq!(hits.len(), 3000 / 40 + 1);
        assert_eq!(hits.last().map(String::as_str), Some("yes"));
    }

    /// The matches as an Aho-Corasick automaton finds them, every occurrence of every needle,
    /// then kept at word starts.
    fn found_by_automaton(s: &PhraseSet, hay: &str) -> Vec<(usize, usize, usize)> {
        let ac = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(&s.needles)
            .expect("small automaton");
        let mut found: Vec<(usize, usize, usize)> = ac
            .find_overlapping_iter(hay)
            .filter(|m| crate::fold::word_starts_at(hay, m.start()))
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        found.sort();
        found
    }

    proptest::proptest! {
        #[test]
        fn the_trie_finds_what_an_automaton_finds(
            // A `*` ends a word after a letter, as packs are checked to have it.
            phrases in proptest::collection::vec("[a-cщ][a-c' щ]{0,2}[a-cщ]\\*?( [a-c]{1,2}\\*?)?", 1..10),
            text in "[a-cA-C' щЩ.\n’]{0,60}",
        ) {
            let s = set(&phrases.iter().map(|p| (p.as_str(), 0)).collect::<Vec<_>>());
            let folded = Folded::new(&text, &[]);
            let hay = folded.text.as_str();
            let mut by_trie = Vec::new();
            if !s.needles.is_empty() {
                Trie::new(&s.needles).for_each_match(hay, usize::MAX, |a, b, k| by_trie.push((a, b, k)));
            }
            by_trie.sort();
            proptest::prop_assert_eq!(by_trie, found_by_automaton(&s, hay));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn a_long_text_searched_in_parts_finds_every_match(
            needles in proptest::collection::vec("[ab ]{1,6}", 1..8),
            piece in "[ab c]{1,40}",
            // Puts the parts' ends at other places in the pieces.
            pad in 0usize..50,
        ) {
            let hay = format!("{}{}", "c".repeat(pad), piece.repeat(PARTS_FROM / piece.len() + 3));
            let dfa = dfa(&needles).expect("small DFA");
            let mut found = Vec::new();
            dfa_matches(&dfa, hay.as_bytes(), |s, e, p| found.push((s, e, p)));
            found.sort_unstable();
            let ac = aho_corasick::AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&needles)
                .expect("small automaton");
            let mut expected: Vec<_> = ac
                .find_overlapping_iter(&hay)
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .collect();
            expected.sort_unstable();
            proptest::prop_assert_eq!(found, expected);
        }
    }

    proptest::proptest! {
        #[test]
        fn plain_phrases_fold_to_themselves(phrase in "[ -~äöüßõšžёЁéÄабвгдеяЯ’\tſªµ÷]{0,24}") {
            let trimmed = phrase.trim();
            let body = trimmed.strip_suffix('*').unwrap_or(trimmed);
            let folded = Folded::new(body, &[]);
            proptest::prop_assert_eq!(normalize(&phrase).0, folded.text.trim());
        }
    }

    #[test]
    fn curly_apostrophes_match_straight_ones() {
        let s = set(&[("that's not our problem", 0)]);
        assert_eq!(
            found(&s, "That’s not our problem"),
            vec!["That’s not our problem"]
        );
    }
}
