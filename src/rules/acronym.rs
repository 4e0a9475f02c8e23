//! `acronym`: all-caps abbreviations the customer may not know, unless spelled out.

use super::{at_sentence_start, Context, RuleInfo};
use crate::diagnostic::{Diagnostic, Fix};
use crate::fix::replace_edit;
use crate::pack::RuleSpec;
use crate::Span;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

static TOKEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[\p{Lu}\p{N}][\p{Lu}\p{N}]+s?\b").expect("valid regex"));

pub struct Acronym {
    allow: HashSet<String>,
    ignore: HashSet<String>,
    expansions: HashMap<String, String>,
    max_length: usize,
}

impl Acronym {
    pub fn compile(spec: &RuleSpec) -> Acronym {
        let set = |v: &Option<Vec<String>>| v.iter().flatten().cloned().collect::<HashSet<_>>();
        Acronym {
            allow: set(&spec.allow),
            ignore: set(&spec.ignore),
            expansions: spec
                .expansions
                .clone()
                .unwrap_or_default()
                .into_iter()
                .collect(),
            max_length: spec.max_length.unwrap_or(4),
        }
    }

    pub fn fixable(&self) -> bool {
        !self.expansions.is_empty()
    }

    pub fn known(&self) -> Vec<String> {
        self.allow
            .iter()
            .chain(self.expansions.keys())
            .cloned()
            .collect()
    }

    pub fn check(&self, info: &RuleInfo, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let text = ctx.doc.masked_text.as_str();
        let in_runs: HashSet<usize> = ctx
            .caps_runs()
            .iter()
            .filter(|r| r.len() >= 2)
            .flatten()
            .map(|s| s.start)
            .collect();
        let mut seen: HashSet<&str> = HashSet::new();
        for m in TOKEN.find_iter(text) {
            let raw = m.as_str();
            let token = match raw.strip_suffix('s') {
                Some(t) => t,
                None => raw,
            };
            let letters = token.chars().filter(|c| c.is_alphabetic()).count();
            let known = self.expansions.contains_key(token);
            // Codes with digits (K7Q2ZP, 14A) and long words are acronyms only when listed.
            let unlisted_code =
                token.chars().any(|c| c.is_ascii_digit()) || letters > self.max_length;
            if letters == 0
                || (!known && unlisted_code)
                || part_of_identifier(text, m.start(), m.start() + token.len())
                || token.chars().any(char::is_lowercase)
                || self.allow.contains(token)
                || self.ignore.contains(token)
                || in_runs.contains(&m.start())
                || !seen.insert(token)
            {
                continue;
            }
            if self.spelled_out(token, ctx) {
                continue;
            }
            let span = Span::new(m.start(), m.start() + token.len());
            let expansion = self.expansions.get(token);
            let fix = expansion.map(|e| Fix {
                applicability: info.fix,
                edits: vec![replace_edit(
                    ctx.doc.text,
                    span,
                    &format!("{e} ({token})"),
                    at_sentence_start(ctx.doc, span.start),
                )],
            });
            let replacement = fix.as_ref().map(|f| f.edits[0].replacement.clone());
            let mut vars = vec![("expansion", expansion.map_or("", String::as_str))];
            if let Some(r) = &replacement {
                vars.push(("replacement", r.as_str()));
            }
            out.push(info.diagnostic(ctx.doc, span, &vars, fix));
        }
    }
}

/// Whether the token is part of a code such as `INV-2025-0312`, or agent initials such as `^MK`.
fn part_of_identifier(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let mut after = text[end..].chars();
    let joined = |c: Option<char>| matches!(c, Some('-' | '_' | '/' | '#' | '^' | '*' | '.'));
    let next = after.next();
    (joined(before) && before != Some('.'))
        || (joined(next) && after.clone().next().is_some_and(|c| c.is_alphanumeric()))
        // A model name: "KM 300".
        || (next == Some(' ') && after.next().is_some_and(|c| c.is_ascii_digit()))
}

impl Acronym {
    /// "… (RMA)" or "RMA (…)" anywhere in the reply, or the known expansion itself.
    fn spelled_out(&self, token: &str, ctx: &Context) -> bool {
        let text = ctx.doc.masked_text.as_str();
        if text.contains(&format!("({token})")) || text.contains(&format!("({token}s)")) {
            return true;
        }
        if text.match_indices(token).any(|(i, _)| {
            let after = &text[i + token.len()..];
            after.starts_with(" (") && after[2..].starts_with(|c: char| c.is_alphabetic())
        }) {
            return true;
        }
        self.expansions.get(token).is_some_and(|e| {
            ctx.doc
                .folded
                .text
                .contains(&crate::phrases::normalize(e).0)
        })
    }
}
