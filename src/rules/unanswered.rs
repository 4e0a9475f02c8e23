//! `unanswered`: every question of the customer should be addressed in the reply.
//!
//! A question is addressed when enough of its content words (not stop words; compared by stem,
//! or as synonyms) occur anywhere in the reply.

use super::{compile_regexes, Context, RuleInfo};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::fold::Folded;
use crate::pack::RuleSpec;
use crate::phrases::{PhraseSet, PhraseSetBuilder, Role};
use crate::Span;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use unicode_segmentation::UnicodeSegmentation;

pub struct Unanswered {
    stop_words: HashSet<String>,
    openers: PhraseSet,
    patterns: Vec<Regex>,
    suffixes: Vec<String>,
    prefix_length: usize,
    min_overlap: f64,
    synonyms: HashMap<String, usize>,
}

impl Unanswered {
    pub fn compile(spec: &RuleSpec) -> Result<Unanswered, String> {
        let mut openers = PhraseSetBuilder::default();
        for o in spec.openers.iter().flatten() {
            openers.add(o, 0, Role::Opener);
        }
        let mut suffixes: Vec<String> = spec
            .suffixes
            .iter()
            .flatten()
            .map(|s| s.to_lowercase())
            .collect();
        suffixes.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
        let mut u = Unanswered {
            stop_words: spec
                .stop_words
                .iter()
                .flatten()
                .map(|w| crate::phrases::normalize(w).0)
                .collect(),
            openers: openers.build(),
            patterns: compile_regexes(
                spec.question_patterns.as_deref().unwrap_or_default(),
                false,
            )?,
            suffixes,
            prefix_length: spec.prefix_length.unwrap_or(5).max(3),
            min_overlap: spec.min_overlap.unwrap_or(0.5),
            synonyms: HashMap::new(),
        };
        for (group, words) in spec.synonyms.iter().flatten().enumerate() {
            for w in words {
                let key = u.stem(&w.to_lowercase());
                u.synonyms.insert(key, group);
            }
        }
        Ok(u)
    }

    /// The stem of a lowercase word: without its longest known suffix, cut to `prefix_length` letters.
    fn stem(&self, word: &str) -> String {
        let len = word.chars().count();
        let mut base = word;
        for s in &self.suffixes {
            if len >= s.chars().count() + 3 {
                if let Some(b) = word.strip_suffix(s.as_str()) {
                    base = b;
                    break;
                }
            }
        }
        base.chars().take(self.prefix_length).collect()
    }

    /// The comparison key of a word: its synonym group or its stem.
    fn key(&self, word: &str) -> String {
        let stem = self.stem(word);
        match self.synonyms.get(&stem) {
            Some(g) => format!("#{g}"),
            None => stem,
        }
    }

    fn content_keys(&self, lower: &str) -> Vec<String> {
        let mut keys: Vec<String> = words(lower)
            .filter(|w| !self.stop_words.contains(*w))
            .filter(|w| w.chars().count() >= 3 || w.chars().all(|c| c.is_ascii_digit()))
            .map(|w| self.key(w))
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }

    /// The content keys of a whole (possibly very long) reply: each distinct word keyed once.
    /// Words are split at anything but letters, digits and in-word apostrophes: the same words
    /// as Unicode segmentation gives for prose, many times faster on a long text.
    fn content_key_set(&self, lower: &str) -> HashSet<String> {
        let distinct: HashSet<&str> = lower
            .split(|c: char| !(crate::fold::is_word_char(c) || c == '\''))
            .map(|w| w.trim_matches('\''))
            .filter(|w| !w.is_empty() && !self.stop_words.contains(*w))
            .filter(|w| w.chars().count() >= 3 || w.chars().all(|c| c.is_ascii_digit()))
            .collect();
        distinct.into_iter().map(|w| self.key(w)).collect()
    }

    /// The questions of the customer's message, as spans of its text.
    pub fn questions(&self, customer: &Document) -> Vec<Span> {
        let hits = self.openers.find(&customer.folded);
        customer
            .sentences
            .iter()
            .copied()
            .filter(|s| {
                let t = customer.masked_text[s.start..s.end].trim_end();
                t.ends_with('?')
                    || t.ends_with("?)")
                    || hits.iter().any(|h| s.contains(h.span))
                    || self.patterns.iter().any(|re| re.is_match(t))
            })
            .collect()
    }

    pub fn check(&self, info: &RuleInfo, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let Some(customer) = ctx.customer else {
            return;
        };
        let questions = self.questions(customer);
        if questions.is_empty() {
            return;
        }
        let reply = self.content_key_set(&ctx.doc.folded.text);
        let at = ctx
            .doc
            .sentences
            .first()
            .copied()
            .unwrap_or(Span::new(ctx.doc.body.start, ctx.doc.body.start));
        for q in questions {
            let question = customer.slice(q);
            let lower = Folded::new(&customer.masked_text[q.start..q.end], &[]).text;
            let keys = self.content_keys(&lower);
            if keys.is_empty() {
                continue;
            }
            let found = keys.iter().filter(|k| reply.contains(*k)).count();
            if (found as f64) / (keys.len() as f64) >= self.min_overlap {
                continue;
            }
            let one_line = question.split_whitespace().collect::<Vec<_>>().join(" ");
            let mut d = info.diagnostic(ctx.doc, at, &[("question", &one_line)], None);
            d.text = one_line;
            out.push(d);
        }
    }
}

/// The words of a lowercase text (Unicode word boundaries: "can't" is one word).
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.unicode_words()
}
