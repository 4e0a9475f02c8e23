//! `unanswered`: every question of the customer should be addressed in the reply.
//!
//! A question is addressed when enough of its content words (not stop words; compared by stem,
//! or as synonyms) occur anywhere in the reply, or, when it asks for a yes or a no, by a reply
//! sentence that opens with one.

use super::{AnyPattern, Context, RuleInfo};
use crate::diagnostic::Diagnostic;
use crate::document::{ends_in_question_mark, Document};
use crate::fold::Folded;
use crate::pack::RuleSpec;
use crate::phrases::{Hit, PhraseSet, PhraseSetBuilder, Role};
use crate::Span;
use foldhash::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};
use unicode_segmentation::UnicodeSegmentation;

/// An `unanswered` rule, compiled when first used: most replies come without the customer's
/// message, and its stems, synonyms and cues are a good part of a language's start-up.
pub struct Lazy {
    /// The rule's spec, until compiled (`None` when compiled at once).
    spec: Option<Arc<RuleSpec>>,
    rule: OnceLock<Unanswered>,
}

impl Lazy {
    /// Compiled at once, to report its errors: a pack from a file.
    pub fn now(spec: &RuleSpec) -> Result<Lazy, String> {
        Ok(Lazy {
            spec: None,
            rule: OnceLock::from(Unanswered::compile(spec, true)?),
        })
    }

    /// Compiled when first used: a built-in pack, which the tests compile at once.
    pub fn later(spec: &Arc<RuleSpec>) -> Lazy {
        Lazy {
            spec: Some(Arc::clone(spec)),
            rule: OnceLock::new(),
        }
    }

    /// The compiled rule.
    pub fn get(&self) -> &Unanswered {
        self.rule.get_or_init(|| {
            let spec = self.spec.as_deref().expect("a spec until compiled");
            Unanswered::compile(spec, false).expect("built-in packs compile: the tests check")
        })
    }

    pub fn check(&self, info: &RuleInfo, ctx: &Context, out: &mut Vec<Diagnostic>) {
        if Unanswered::customer(ctx).is_some() {
            self.get().check(info, ctx, out);
        }
    }
}

pub struct Unanswered {
    stop_words: HashSet<String>,
    /// Phrases that make a sentence a question (`Role::Opener`), or a question no answer is
    /// expected to ("are you kidding me?", `Role::Except`).
    cues: PhraseSet,
    /// `question_patterns`, compiled when a customer's message is first read.
    patterns: AnyPattern,
    /// `question_starts`, in small letters: the first words of the sentences the patterns may
    /// match (any, when empty).
    starts: HashSet<String>,
    /// By their last byte (256 lists), longest first, with their lengths in characters.
    suffixes: Vec<Vec<(String, usize)>>,
    /// The length in characters of the longest suffix.
    longest: usize,
    prefix_length: usize,
    min_overlap: f64,
    /// Stem of a synonym → the key of its group (`#n`).
    synonyms: HashMap<String, String>,
    /// `question_words`, folded: a question without one asks for a yes or a no (none does, when
    /// there are none).
    question_words: HashSet<String>,
    /// `answers`, folded: what a sentence that answers yes or no opens with.
    answers: Vec<String>,
}

impl Unanswered {
    /// With `check`, the question patterns are compiled now, to report errors (for use, they
    /// are compiled when first needed).
    pub fn compile(spec: &RuleSpec, check: bool) -> Result<Unanswered, String> {
        let mut cues = PhraseSetBuilder::default();
        for o in spec.openers.iter().flatten() {
            cues.add(o, 0, Role::Opener);
        }
        for r in spec.rhetorical.iter().flatten() {
            cues.add(r, 0, Role::Except);
        }
        let mut suffixes: Vec<(String, usize)> = spec
            .suffixes
            .iter()
            .flatten()
            .map(|s| (s.to_lowercase(), s.chars().count()))
            .collect();
        suffixes.sort_by_key(|s| std::cmp::Reverse(s.1));
        let longest = suffixes.first().map_or(0, |s| s.1);
        let mut by_last = vec![Vec::new(); 256];
        for (s, n) in suffixes {
            if let Some(&last) = s.as_bytes().last() {
                by_last[usize::from(last)].push((s, n));
            }
        }
        let mut u = Unanswered {
            stop_words: spec
                .stop_words
                .iter()
                .flatten()
                .map(|w| crate::phrases::normalize(w).0)
                .collect(),
            cues: cues.build(),
            patterns: AnyPattern::new(
                spec.question_patterns.as_deref().unwrap_or_default(),
                check,
            )?,
            starts: (spec.question_starts.iter().flatten())
                .map(|w| w.to_lowercase())
                .collect(),
            suffixes: by_last,
            longest,
            prefix_length: spec.prefix_length.unwrap_or(5).max(3),
            min_overlap: spec.min_overlap.unwrap_or(0.5),
            synonyms: HashMap::default(),
            question_words: (spec.question_words.iter().flatten())
                .map(|w| crate::phrases::normalize(w).0)
                .collect(),
            answers: (spec.answers.iter().flatten())
                .map(|w| crate::phrases::normalize(w).0)
                .collect(),
        };
        // Stem → the group and the word that gave it.
        let mut seen: HashMap<String, (usize, &str)> = HashMap::default();
        for (group, words) in spec.synonyms.iter().flatten().enumerate() {
            for w in words {
                let key = u.stem(&w.to_lowercase()).to_string();
                if let Some((other, word)) = seen.insert(key.clone(), (group, w)) {
                    if other != group {
                        return Err(format!(
                            "synonyms: \"{word}\" and \"{w}\" are in different groups but share \
                             the stem \"{key}\", which can stand for one group only"
                        ));
                    }
                }
                u.synonyms.insert(key, format!("#{group}"));
            }
        }
        Ok(u)
    }

    /// The stem of a lowercase word: without its longest known suffix, cut to `prefix_length` letters.
    fn stem<'w>(&self, word: &'w str) -> &'w str {
        let len = word.chars().count();
        let mut base = word;
        // A suffix cut from a longer word leaves the first `prefix_length` letters alone. Only
        // the suffixes that end in the word's last byte can be its end.
        if let (true, Some(&last)) = (
            len < self.prefix_length + self.longest,
            word.as_bytes().last(),
        ) {
            for (s, n) in &self.suffixes[usize::from(last)] {
                if len >= n + 3 {
                    if let Some(b) = word.strip_suffix(s.as_str()) {
                        base = b;
                        break;
                    }
                }
            }
        }
        match base.char_indices().nth(self.prefix_length) {
            Some((cut, _)) => &base[..cut],
            None => base,
        }
    }

    /// The comparison key of a word: its synonym group or its stem.
    fn key<'k>(&'k self, word: &'k str) -> &'k str {
        let stem = self.stem(word);
        match self.synonyms.get(stem) {
            Some(group) => group,
            None => stem,
        }
    }

    fn content_keys(&self, lower: &str) -> Vec<String> {
        let mut keys: Vec<String> = words(lower)
            .filter(|w| !self.stop_words.contains(*w))
            .filter(|w| w.chars().count() >= 3 || w.chars().all(|c| c.is_ascii_digit()))
            // An order or invoice number ("4711", "INV2231"): the reply says "your order", or a
            // placeholder.
            .filter(|w| w.len() < 4 || !w.bytes().any(|b| b.is_ascii_digit()))
            .map(|w| self.key(w).to_string())
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }

    /// Which of `wanted` are keys of the content words of the reply `lower`.
    fn keys_found<'k>(&self, lower: &str, wanted: &HashSet<&'k str>) -> HashSet<&'k str> {
        if lower.len() < KEYED_WORD_BY_WORD_UP_TO {
            self.keys_of_every_word(lower, wanted)
        } else {
            self.keys_by_stems(lower, wanted)
        }
    }

    /// [`Self::keys_found`] by keying every word: for a short reply.
    fn keys_of_every_word<'k>(&self, lower: &str, wanted: &HashSet<&'k str>) -> HashSet<&'k str> {
        let mut found = HashSet::default();
        for w in crate::fold::words(lower) {
            if self.take_key(w, wanted, &mut found) {
                break;
            }
        }
        found
    }

    /// [`Self::keys_found`] for a long reply. A word starts with its stem, so only the words
    /// that start with a wanted key's stem are keyed: found with one automaton of those stems,
    /// not by splitting the whole reply.
    fn keys_by_stems<'k>(&self, lower: &str, wanted: &HashSet<&'k str>) -> HashSet<&'k str> {
        let synonyms = self
            .synonyms
            .iter()
            .filter(|(_, group)| wanted.contains(group.as_str()))
            .map(|(stem, _)| stem.as_str());
        // A group's key (`#n`) is no stem: its synonyms' stems stand for it.
        let stems: Vec<&str> = wanted
            .iter()
            .copied()
            .chain(synonyms)
            .filter(|stem| !stem.is_empty() && !stem.starts_with('#'))
            .collect();
        let mut found = HashSet::default();
        // A few short patterns: within every limit of the automaton. A reply shorter than
        // [`DFA_FROM`] is searched once, faster than a DFA of its stems (or a prefilter) would
        // be built.
        let kind = if lower.len() < DFA_FROM {
            aho_corasick::AhoCorasickKind::NoncontiguousNFA
        } else {
            aho_corasick::AhoCorasickKind::DFA
        };
        let Ok(automaton) = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .kind(Some(kind))
            .prefilter(kind == aho_corasick::AhoCorasickKind::DFA)
            .build(&stems)
        else {
            return found;
        };
        // Stems are made of word characters and never start with an apostrophe, so no match
        // covers the start of a word but at it: the matches need not overlap, and any match
        // at a place will do (leftmost-first lets the automaton skip ahead fastest).
        for m in automaton.find_iter(lower) {
            let Some(w) = crate::fold::word_at(lower, m.start()) else {
                continue;
            };
            if self.take_key(w, wanted, &mut found) {
                break;
            }
        }
        found
    }

    /// Adds the key of the word `w` to `found` when it is wanted and `w` is a content word;
    /// whether every wanted key is found now.
    fn take_key<'k>(
        &self,
        w: &str,
        wanted: &HashSet<&'k str>,
        found: &mut HashSet<&'k str>,
    ) -> bool {
        if let Some(&key) = wanted.get(self.key(w)) {
            // A stop word of the reply counts ("Saatke see" answers "Kas saan selle saata?").
            if !found.contains(key)
                && (w.chars().count() >= 3 || w.chars().all(|c| c.is_ascii_digit()))
            {
                found.insert(key);
            }
        }
        found.len() == wanted.len()
    }

    /// Whether a question asks for a yes or a no: it holds none of the question words.
    fn asks_yes_or_no(&self, question: &str) -> bool {
        !self.question_words.is_empty()
            && !crate::fold::words(&Folded::new(question, &[]).text)
                .any(|w| self.question_words.contains(w))
    }

    /// How many sentences of the reply answer yes or no: they open with one of `answers`, then
    /// a mark (`,`, `.`, `!`, a dash) or their end ("Yes, we ship there.", "Of course!", "Да —
    /// конечно"; not "No problem").
    fn yes_or_no_answers(&self, reply: &Document) -> usize {
        if self.answers.is_empty() {
            return 0;
        }
        reply
            .sentences
            .iter()
            .filter(|&&s| {
                // Most sentences open with a letter no answer opens with.
                let first = reply.masked_text[s.start..s.end]
                    .trim_start()
                    .chars()
                    .next();
                let first = first.map(|c| c.to_lowercase().next().unwrap_or(c));
                if !first.is_some_and(|c| self.answers.iter().any(|a| a.starts_with(c))) {
                    return false;
                }
                // The answers are short: the sentence's first few words will do.
                let mut end = s.end.min(s.start + 64);
                while !reply.masked_text.is_char_boundary(end) {
                    end -= 1;
                }
                let opening = &reply.masked_text[s.start..end];
                self.opens_with_answer(&Folded::new(opening.trim_start(), &[]).text, false)
            })
            .count()
    }

    /// Whether folded `text` opens with one of `answers`, then a mark, its end, or a second
    /// answer, which any words may follow (`after_one`: this is the second): "yes, …", "yes we
    /// can", "of course you can send it"; not "no problem" or "yesterday".
    fn opens_with_answer(&self, text: &str, after_one: bool) -> bool {
        self.answers.iter().any(|a| {
            text.strip_prefix(a.as_str()).is_some_and(|after| {
                let rest = after.trim_start();
                rest.is_empty()
                    || rest.starts_with([',', '.', '!', ';', ':', '—', '–', '-'])
                    || (rest.len() < after.len()
                        && (after_one || self.opens_with_answer(rest, true)))
            })
        })
    }

    /// Whether the question patterns may match `sentence`: it starts with one of
    /// `question_starts`, or there are none.
    fn may_match(&self, sentence: &str) -> bool {
        let first = sentence.split_whitespace().next().unwrap_or_default();
        let first = first.trim_end_matches(|c: char| !c.is_alphanumeric());
        self.starts.is_empty() || self.starts.contains(&first.to_lowercase())
    }

    /// The content words of `span` of `doc`, as stems.
    fn keys_of(&self, doc: &Document, span: Span) -> Vec<String> {
        self.content_keys(&Folded::new(&doc.masked_text[span.start..span.end], &[]).text)
    }

    /// The statement question `q` of `customer` asks about: the last of the two sentences
    /// before it that is no question, when `q` is short and has no content word of its own
    /// ("My order still shows processing. Why is that?").
    pub fn asked_about(&self, customer: &Document, q: Span) -> Option<Span> {
        self.statement_before(customer, q, &self.keys_of(customer, q))
    }

    /// [`Self::asked_about`], given the content words of `q`.
    fn statement_before(&self, customer: &Document, q: Span, keys: &[String]) -> Option<Span> {
        let short = customer.slice(q).split_whitespace().count() <= 4;
        if !short || !keys.is_empty() {
            return None;
        }
        let before = customer.sentences.partition_point(|s| s.start < q.start);
        (customer.sentences[..before].iter().rev().take(2))
            .find(|&&s| !ends_in_question_mark(customer.slice(s)))
            .copied()
    }

    /// The questions of the customer's message, as spans of its text.
    pub fn questions(&self, customer: &Document) -> Vec<Span> {
        // Of one role, hits are sorted and do not overlap, so the first at or after a sentence's
        // start is the one that may lie inside it.
        let (openers, rhetorical): (Vec<Hit>, Vec<Hit>) = self
            .cues
            .find(&customer.fold())
            .into_iter()
            .partition(|h| h.role == Role::Opener);
        let inside = |hits: &[Hit], s: Span| {
            hits.get(hits.partition_point(|h| h.span.start < s.start))
                .is_some_and(|h| s.contains(h.span))
        };
        customer
            .sentences
            .iter()
            .copied()
            .filter(|&s| {
                let t = customer.masked_text[s.start..s.end].trim_end();
                (ends_in_question_mark(t)
                    || inside(&openers, s)
                    || (self.may_match(t) && self.patterns.is_match(t)))
                    && !inside(&rhetorical, s)
            })
            .collect()
    }

    /// The customer's message whose questions the reply in `ctx` should answer, if any.
    fn customer<'c>(ctx: &Context<'c, '_>) -> Option<&'c Document<'c>> {
        // A text checked in sections is no one reply that answers the customer.
        let checked = ctx.doc.section.is_none() && ctx.questions_checked;
        ctx.customer.filter(|_| checked)
    }

    pub fn check(&self, info: &RuleInfo, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let Some(customer) = Self::customer(ctx) else {
            return;
        };
        let questions = self.questions(customer);
        if questions.is_empty() {
            return;
        }
        // Each question's words, and whether they are those of the statement before it: "Why
        // is that? Where is it now?" ask about it, and one of its words in the reply will do.
        let asked: Vec<(Span, Vec<String>, bool)> = questions
            .into_iter()
            .map(|q| {
                let keys = self.keys_of(customer, q);
                match self.statement_before(customer, q, &keys) {
                    Some(statement) => (q, self.keys_of(customer, statement), true),
                    None => (q, keys, false),
                }
            })
            .filter(|(_, keys, _)| !keys.is_empty())
            .collect();
        let wanted: HashSet<&str> = asked
            .iter()
            .flat_map(|(_, k, _)| k)
            .map(String::as_str)
            .collect();
        let reply = self.keys_found(&ctx.folded().text, &wanted);
        let at = ctx
            .doc
            .sentences
            .first()
            .copied()
            .unwrap_or(Span::new(ctx.doc.body.start, ctx.doc.body.start));
        // Whether each question's words are in the reply.
        let addressed: Vec<bool> = asked
            .iter()
            .map(|(_, keys, context)| {
                let found = keys.iter().filter(|k| reply.contains(k.as_str())).count();
                (found as f64) / (keys.len() as f64) >= self.min_overlap || (*context && found > 0)
            })
            .collect();
        // Whether each question they leave open asks for a yes or a no.
        let asks = |i: usize| self.asks_yes_or_no(customer.slice(asked[i].0));
        let yes_or_no: Vec<bool> = (0..asked.len()).map(|i| !addressed[i] && asks(i)).collect();
        // Each reply sentence that opens with a yes or a no answers one question that asks for
        // one: first those its words address ("Yes, you can freeze it" answers "Can I freeze my
        // membership?"), then, in order, those they do not.
        let mut answers_left = if yes_or_no.contains(&true) {
            let taken = (0..asked.len())
                .filter(|&i| addressed[i] && asks(i))
                .count();
            self.yes_or_no_answers(ctx.doc).saturating_sub(taken)
        } else {
            0
        };
        // A question asked twice (again in a postscript, or in each message the customer
        // quoted) is reported once: every finding of this rule is at the same place.
        let mut reported: HashSet<String> = HashSet::default();
        for (i, (q, _, _)) in asked.iter().enumerate() {
            if addressed[i] {
                continue;
            }
            if yes_or_no[i] && answers_left > 0 {
                answers_left -= 1;
                continue;
            }
            let question = customer.slice(*q);
            let one_line = question.split_whitespace().collect::<Vec<_>>().join(" ");
            if !reported.insert(one_line.clone()) {
                continue;
            }
            let mut d = info.diagnostic(ctx.doc, at, &[("question", &one_line)], None);
            d.text = one_line;
            out.push(d);
        }
    }
}

/// Replies from this many bytes on are searched for a question's words with a DFA: faster to
/// search, slower to build.
const DFA_FROM: usize = 64 * 1024;

/// Replies up to this many bytes are searched for a question's words by keying each of their
/// words: quicker than building an automaton of the words' stems.
const KEYED_WORD_BY_WORD_UP_TO: usize = 4096;

/// The words of a lowercase text (Unicode word boundaries: "can't" is one word).
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.unicode_words()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A spec with these keys besides the required ones.
    fn spec_with(keys: &str) -> RuleSpec {
        serde_yaml::from_str(&format!(
            "{{id: u, category: unanswered, severity: warning, kind: unanswered, message: m, \
             explanation: e, {keys}}}"
        ))
        .expect("a valid rule")
    }

    /// The rule of [`spec_with`].
    fn rule_with(keys: &str) -> Unanswered {
        Unanswered::compile(&spec_with(keys), true).expect("compiles")
    }

    fn rule() -> Unanswered {
        rule_with(concat!(
            "suffixes: [s, es, ing, ed, ами, ах, ов, ы, а],",
            " stop_words: [the, и], synonyms: [[refund, reimbursement], [возврат, вернуть]]"
        ))
    }

    #[test]
    fn a_sentence_that_opens_with_a_yes_or_a_no_and_a_mark_answers() {
        let u = rule_with("question_words: [when, где], answers: [yes, of course, да]");
        assert!(u.asks_yes_or_no("Can I pay by card?"));
        assert!(!u.asks_yes_or_no("And WHEN does it ship?"));
        assert!(!u.asks_yes_or_no("Где мой заказ?"));
        assert!(
            !rule().asks_yes_or_no("Can I pay by card?"),
            "no question words"
        );
        let engine = crate::Engine::builder()
            .builtin_packs()
            .build()
            .expect("packs");
        // Its 64th byte is inside a character.
        let long = format!("Z{}.", "ж".repeat(40));
        let reply = format!(
            "Yes, we do. Of course! Yesterday it shipped. Of courses. Yes we can. {long} Да — конечно."
        );
        assert_eq!(u.yes_or_no_answers(&engine.parse(&reply)), 3);
    }

    #[test]
    fn an_answer_followed_by_a_second_needs_no_mark() {
        let u = rule_with("question_words: [when], answers: [yes, no, of course, we can, you can]");
        let answers = |text: &str| u.opens_with_answer(text, false);
        assert!(answers("yes we can"));
        assert!(answers("of course you can send it back"));
        assert!(answers("no, sorry"));
        assert!(!answers("no problem at all"));
        assert!(!answers("yes we ship there"), "one answer, then words");
        assert!(!answers("yes we cannot"), "the second ends inside a word");
        assert!(!answers("yesterday we can"));
        assert!(!answers("we can help"));
    }

    const WORDS: &[&str] = &[
        "the",
        "refund",
        "refunds",
        "reimbursement",
        "order",
        "ordering",
        "ab",
        "42",
        "ß",
        "can't",
        "'quoted'",
        "заказ",
        "заказами",
        "возврат",
        "вернуть",
        "и",
        "ёж",
        "日本語",
        "über",
        "x",
        "orders.",
        "—",
    ];

    #[test]
    fn question_patterns_are_tried_on_sentences_that_start_as_listed() {
        let u = rule_with("question_patterns: ['^(how|p\\.s\\.) '], question_starts: [how, p.s]");
        assert!(u.may_match("How do I pause it.") && u.may_match("P.S. how long"));
        assert!(!u.may_match("When I click Pay, nothing happens."));
        // Without `question_starts`, any sentence.
        assert!(rule().may_match("When I click Pay, nothing happens."));
    }

    #[test]
    fn stems_lose_their_longest_suffix_that_fits() {
        let u = rule();
        for (word, stem) in [
            ("refunds", "refun"),
            ("orders", "order"),
            ("boxes", "box"),
            ("ordering", "order"),
            ("заказах", "заказ"),
            ("столы", "стол"),
            ("as", "as"),
            ("x", "x"),
        ] {
            assert_eq!(u.stem(word), stem, "{word}");
        }
    }

    #[test]
    fn words_of_different_groups_may_not_share_a_stem() {
        let spec = |groups: &str| spec_with(&format!("synonyms: {groups}"));
        let e = Unanswered::compile(&spec("[[charge, bill], [cost, charged]]"), true)
            .err()
            .expect("a clash");
        assert!(
            e.contains("\"charge\" and \"charged\"") && e.contains("\"charg\""),
            "{e}"
        );
        // Words of one group may share a stem.
        assert!(Unanswered::compile(&spec("[[charge, charged], [cost]]"), true).is_ok());
    }

    proptest! {
        /// Skipping words by their first characters finds the same keys as keying every word.
        #[test]
        fn found_keys_are_those_of_every_word(
            reply in proptest::collection::vec(proptest::sample::select(WORDS), 0..30),
            asked in proptest::collection::vec(proptest::sample::select(WORDS), 0..8),
        ) {
            let u = rule();
            let lower = Folded::new(&reply.join(" "), &[]).text;
            let asked_keys = u.content_keys(&Folded::new(&asked.join(" "), &[]).text);
            let wanted: HashSet<&str> = asked_keys.iter().map(String::as_str).collect();
            let every: HashSet<String> = u.content_keys(&lower).into_iter().collect();
            let expected: HashSet<&str> =
                wanted.iter().copied().filter(|k| every.contains(*k)).collect();
            prop_assert_eq!(u.keys_of_every_word(&lower, &wanted), expected.clone());
            prop_assert_eq!(u.keys_by_stems(&lower, &wanted), expected);
        }
    }
}
