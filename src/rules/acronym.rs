//! `acronym`: all-caps abbreviations the customer may not know, unless spelled out.

use super::{at_sentence_start, Context, RuleInfo};
use crate::diagnostic::{Diagnostic, Fix};
use crate::fix::replace_edit;
use crate::fold::{
    is_alphabetic, is_common_lowercase, is_lowercase, is_numeric, is_uppercase, word_ends_at,
    word_starts_at,
};
use crate::pack::RuleSpec;
use crate::scan::{ascii_in, next_marked, non_ascii};
use crate::Span;
use foldhash::{HashMap, HashSet};

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
}

/// What the `acronym` rules of a language take for acronyms, for `shouting` to leave alone.
#[derive(Default)]
pub struct Acronyms {
    /// Acronyms the rules know (allowed or with an expansion).
    known: HashSet<String>,
    /// Per rule: the most letters of an unknown acronym, and the words it ignores.
    unknown: Vec<(usize, HashSet<String>)>,
}

impl Acronyms {
    /// Adds what `rule` takes for acronyms.
    pub fn add(&mut self, rule: &Acronym) {
        self.known
            .extend(rule.allow.iter().chain(rule.expansions.keys()).cloned());
        self.unknown.push((rule.max_length, rule.ignore.clone()));
    }

    /// Whether `word` (or `word` without a plural `S`) is a known acronym.
    pub fn knows(&self, word: &str) -> bool {
        let singular = word.strip_suffix('S').filter(|w| !w.is_empty());
        self.known.contains(word) || singular.is_some_and(|w| self.known.contains(w))
    }

    /// Whether a rule takes `word`, in capitals and standing alone, for an unknown acronym
    /// ("BHIM"): short enough, without digits, and no common word written in capitals.
    pub fn reads_as_unknown(&self, word: &str) -> bool {
        let letters = word.chars().filter(|&c| is_alphabetic(c)).count();
        !word.chars().any(|c| c.is_ascii_digit())
            && self
                .unknown
                .iter()
                .any(|(most, ignore)| (2..=*most).contains(&letters) && !ignore.contains(word))
    }
}

impl Acronym {
    pub fn check(&self, info: &RuleInfo, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let text = ctx.doc.masked_text.as_str();
        let in_runs: HashSet<usize> = ctx
            .caps_runs()
            .iter()
            .filter(|r| r.len() >= 2)
            .flatten()
            .map(|s| s.start)
            .collect();
        let mut seen: HashSet<&str> = HashSet::default();
        let mut spelled: Option<HashSet<&str>> = None;
        let mut quotations: Option<Vec<Span>> = None;
        for m in caps_tokens(text) {
            if m.len() < 2 || !word_ends_at(text, m.end) {
                continue;
            }
            let raw = &text[m.start..m.end];
            let token = match raw.strip_suffix('s') {
                Some(t) => t,
                None => raw,
            };
            let letters = token.chars().filter(|&c| is_alphabetic(c)).count();
            let known = self.expansions.contains_key(token);
            // Codes with digits (K7Q2ZP, 14A) and long words are acronyms only when listed.
            let unlisted_code =
                token.chars().any(|c| c.is_ascii_digit()) || letters > self.max_length;
            if letters == 0
                || token.chars().count() < 2
                || (!known && unlisted_code)
                || part_of_identifier(text, m.start, m.start + token.len())
                || token.chars().any(is_lowercase)
                || self.allow.contains(token)
                || self.ignore.contains(token)
                || in_runs.contains(&m.start)
                || !seen.insert(token)
            {
                continue;
            }
            let spelled = spelled.get_or_insert_with(|| spelled_out(text));
            if spelled.contains(token)
                || self.expansion_used(token, ctx)
                || customer_wrote(token, ctx)
            {
                continue;
            }
            let span = Span::new(m.start, m.start + token.len());
            // In quotation marks: a label on the screen ("API Key") or someone's words.
            let quotations = quotations.get_or_insert_with(|| crate::fix::quotations(ctx.doc.text));
            if quotations
                .iter()
                .any(|q| q.start < span.start && span.end < q.end)
            {
                continue;
            }
            let expansion = self.expansions.get(token);
            // An ending or a compound after a hyphen ("SLA-le") would need the expansion inflected.
            let hyphenated = text[span.end..].starts_with('-');
            let fix = expansion.filter(|_| !hyphenated).map(|e| Fix {
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

/// Whether the customer's message (quoted below the reply, or given with it) holds `token`, or
/// its plural, as a word: an acronym the customer wrote needs no explaining to them.
fn customer_wrote(token: &str, ctx: &Context) -> bool {
    let Some(customer) = ctx.customer else {
        return false;
    };
    let text = customer.text;
    text.match_indices(token).any(|(at, _)| {
        let end = at + token.len();
        word_starts_at(text, at)
            && (word_ends_at(text, end)
                || (text[end..].starts_with('s') && word_ends_at(text, end + 1)))
    })
}

/// Capitalised tokens starting at word starts: digits, a capital letter, capitals and digits, and
/// a plural `s` (`RMA`, `RMAs`, `4K`; also `As` of "Ask", which does not end a word), but not
/// the one-letter token of an ASCII capital before a small letter ("Thanks"). Scanned by hand:
/// most bytes of prose are lowercase ASCII, skipped eight at a time.
fn caps_tokens(text: &str) -> impl Iterator<Item = Span> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            i = next_marked(bytes, i, |x| {
                non_ascii(x) | ascii_in(x, b'A', b'Z') | ascii_in(x, b'0', b'9')
            });
            let Some(&b) = bytes.get(i) else {
                break;
            };
            if b < 0x80 && !b.is_ascii_uppercase() && !b.is_ascii_digit() {
                i += 1;
                continue;
            }
            // A capital before a small letter (but `s`) opens a one-letter token only.
            let next = bytes.get(i + 1).copied().unwrap_or(0);
            if b.is_ascii_uppercase() && next.is_ascii_lowercase() && next != b's' {
                i += 1;
                continue;
            }
            // Small letters (most of Russian or Estonian text), by their bytes, a run at once.
            let run = crate::fold::small_run(&bytes[i..], true);
            if run > 0 {
                i += run;
                continue;
            }
            let start = i;
            let mut chars = text[i..].chars().peekable();
            let first = chars.peek().copied().unwrap_or(' ');
            i += first.len_utf8();
            if is_common_lowercase(first)
                || !(first.is_uppercase() || first.is_numeric())
                || !word_starts_at(text, start)
            {
                continue;
            }
            let mut end = start;
            while let Some(c) = chars.next_if(|c| c.is_numeric()) {
                end += c.len_utf8();
            }
            let Some(capital) = chars.next_if(|c| c.is_uppercase()) else {
                i = i.max(end);
                continue;
            };
            end += capital.len_utf8();
            while let Some(c) = chars.next_if(|&c| is_uppercase(c) || is_numeric(c)) {
                end += c.len_utf8();
            }
            if chars.next_if_eq(&'s').is_some() {
                end += 1;
            }
            i = end;
            return Some(Span::new(start, end));
        }
        None
    })
}

/// Whether the token is part of a code such as `INV-2025-0312`, or agent initials such as `^MK`.
/// A word after a hyphen is no code: an ending ("SLA-le", Estonian) or a compound
/// ("RMA-Nummer", "RMA-form").
fn part_of_identifier(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let mut after = text[end..].chars();
    let joined = |c: Option<char>| matches!(c, Some('-' | '_' | '/' | '#' | '^' | '*' | '.'));
    let next = after.next();
    let word_after_hyphen = || {
        let mut rest = after.clone();
        next == Some('-')
            && match rest.next() {
                Some(c) if is_lowercase(c) => true,
                Some(c) if is_uppercase(c) => rest.next().is_some_and(is_lowercase),
                _ => false,
            }
    };
    (joined(before) && before != Some('.'))
        || (joined(next)
            && after.clone().next().is_some_and(|c| c.is_alphanumeric())
            && !word_after_hyphen())
        // A model name: "KM 300".
        || (next == Some(' ') && after.next().is_some_and(|c| c.is_ascii_digit()))
}

impl Acronym {
    /// Whether the reply spells out the token's known expansion somewhere.
    fn expansion_used(&self, token: &str, ctx: &Context) -> bool {
        self.expansions.get(token).is_some_and(|e| {
            crate::document::contains(&ctx.folded().text, &crate::phrases::normalize(e).0)
        })
    }
}

/// The tokens a text spells out: "… (RMA)" or "RMA (…", found around each `(`.
fn spelled_out(text: &str) -> HashSet<&str> {
    let caps = |c: char| is_uppercase(c) || is_numeric(c);
    let mut found = HashSet::default();
    for (i, _) in text.match_indices('(') {
        // "(RMA)" or "(RMAs)"
        let inner = &text[i + 1..];
        let len: usize = inner
            .chars()
            .take_while(|&c| caps(c))
            .map(char::len_utf8)
            .sum();
        let rest = &inner[len..];
        if len > 0 && (rest.starts_with(')') || rest.starts_with("s)")) {
            found.insert(&inner[..len]);
        }
        // "RMA (return …" or "RMAs (return …"
        let before = text[..i].strip_suffix(' ').unwrap_or("");
        let before = before.strip_suffix('s').unwrap_or(before);
        let start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| caps(c))
            .last()
            .map_or(before.len(), |(k, _)| k);
        if start < before.len() && inner.starts_with(char::is_alphabetic) {
            found.insert(&before[start..]);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    #[test]
    fn caps_tokens_start_at_word_starts() {
        let text = "Ask the RMA desk: 4K TVs, iPhone, ÜBER, 12 items, SLAs.";
        let found: Vec<&str> = super::caps_tokens(text)
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(found, ["As", "RMA", "4K", "TVs", "ÜBER", "SLAs"]);
    }

    #[test]
    fn a_word_after_a_hyphen_is_no_code() {
        let text = "RMA-le, RMA-Nummer, INV-2025, AB-CD, X-RAY, ^MK";
        let at = |t: &str| text.find(t).unwrap();
        assert!(!super::part_of_identifier(
            text,
            at("RMA-le"),
            at("RMA-le") + 3
        ));
        assert!(!super::part_of_identifier(
            text,
            at("RMA-N"),
            at("RMA-N") + 3
        ));
        assert!(super::part_of_identifier(text, at("INV"), at("INV") + 3));
        assert!(super::part_of_identifier(
            text,
            at("AB-CD"),
            at("AB-CD") + 2
        ));
        assert!(super::part_of_identifier(text, at("MK"), at("MK") + 2));
    }

    #[test]
    fn spelled_out_forms() {
        let s =
            super::spelled_out("the return authorization (RMA) and KB (knowledge base), SLAs (x");
        assert!(
            s.contains("RMA") && s.contains("KB") && s.contains("SLA"),
            "{s:?}"
        );
        assert!(!super::spelled_out("call us (today)").contains(""));
    }
}
