//! `consistency`: one variant (a form of address, say) throughout the reply.

use super::{at_sentence_start, Context, RuleInfo};
use crate::diagnostic::Diagnostic;
use crate::fix::capitalize;
use crate::pack::RuleSpec;
use crate::phrases::{PhraseSetBuilder, Role};

#[derive(Clone)]
pub struct Consistency {
    names: Vec<String>,
    /// Each variant's one-word phrases, in lower case (a `*` stem kept).
    words: Vec<Vec<String>>,
    /// With `case_sensitive`, each variant's phrases as written: a hit counts only when the
    /// text has one of them in the same case ("Ihnen", not the third person "ihnen").
    exact: Option<Vec<Vec<String>>>,
}

impl Consistency {
    pub fn compile(spec: &RuleSpec, index: usize, phrases: &mut PhraseSetBuilder) -> Consistency {
        let variants = spec.variants.clone().unwrap_or_default();
        for (n, (_, list)) in variants.iter().enumerate() {
            for p in list {
                phrases.add(p, index, Role::Variant(n));
            }
        }
        let exact = spec
            .case_sensitive
            .unwrap_or(false)
            .then(|| variants.values().cloned().collect());
        let words = variants
            .values()
            .map(|list| {
                (list.iter())
                    .filter(|p| !p.contains(char::is_whitespace))
                    .map(|p| p.to_lowercase())
                    .collect()
            })
            .collect();
        Consistency {
            names: variants.into_keys().collect(),
            words,
            exact,
        }
    }

    /// Whether `word` is one of variant `n`'s one-word phrases, in any case.
    fn is_word_of(&self, n: usize, word: &str) -> bool {
        let word = word.to_lowercase();
        self.words[n].iter().any(|p| match p.strip_suffix('*') {
            Some(stem) => word.starts_with(stem),
            None => word == *p,
        })
    }

    /// Whether `found` is written as one of variant `n`'s phrases (a `*` stem: as its start).
    fn written_as_listed(&self, n: usize, found: &str) -> bool {
        let Some(exact) = &self.exact else {
            return true;
        };
        exact[n].iter().any(|p| match p.strip_suffix('*') {
            Some(stem) => found.starts_with(stem),
            None => found == p,
        })
    }

    /// The names of the variants.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The variants found in the body (this rule is number `index`), in order.
    fn hits(&self, index: usize, ctx: &Context) -> Vec<(usize, crate::Span)> {
        ctx.hits_of(index)
            .iter()
            .filter(|h| ctx.doc.body.contains(h.span))
            .filter_map(|h| match h.role {
                Role::Variant(n) => Some((n, h.span)),
                _ => None,
            })
            .filter(|&(n, span)| self.written_as_listed(n, ctx.doc.slice(span)))
            .collect()
    }

    /// The main variant of `hits`, and how many variants they hold: most used; on a tie, the
    /// one used first.
    fn main(&self, hits: &[(usize, crate::Span)]) -> (usize, usize) {
        let mut counts = vec![0usize; self.names.len()];
        for (n, _) in hits {
            counts[*n] += 1;
        }
        let main = (0..counts.len())
            .max_by_key(|&n| {
                let first = hits.iter().position(|h| h.0 == n).unwrap_or(usize::MAX);
                (counts[n], std::cmp::Reverse(first))
            })
            .unwrap_or(0);
        (main, counts.iter().filter(|&&c| c > 0).count())
    }

    /// The variant the reply mostly uses, if it uses any (this rule is number `index`): its
    /// name, and whether the reply writes its one-word forms inside sentences with a capital
    /// more often than not (the polite «Вас», "Teie", „Dein“ of a letter).
    pub fn main_variant(&self, index: usize, ctx: &Context) -> Option<(&str, bool)> {
        let hits = self.hits(index, ctx);
        let (main, used) = self.main(&hits);
        if used == 0 {
            return None;
        }
        let mut capitals = 0isize;
        for &(n, span) in &hits {
            let word = ctx.doc.slice(span);
            if n == main
                && !word.contains(char::is_whitespace)
                && !at_sentence_start(ctx.doc, span.start)
            {
                capitals += if word.starts_with(char::is_uppercase) {
                    1
                } else {
                    -1
                };
            }
        }
        Some((self.names[main].as_str(), capitals > 0))
    }

    /// `sentence` with the one-word forms of variant `name` written with a capital.
    pub fn capitalize_forms(&self, name: &str, sentence: &str) -> String {
        let Some(n) = self.names.iter().position(|v| v == name) else {
            return sentence.to_string();
        };
        let mut out = String::with_capacity(sentence.len());
        let mut rest = sentence;
        while let Some(start) = rest.find(char::is_alphabetic) {
            out.push_str(&rest[..start]);
            rest = &rest[start..];
            let end = rest
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(rest.len());
            let word = &rest[..end];
            if self.is_word_of(n, word) {
                out.push_str(&capitalize(word));
            } else {
                out.push_str(word);
            }
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    pub fn check(&self, info: &RuleInfo, index: usize, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let hits = self.hits(index, ctx);
        let (main, used) = self.main(&hits);
        if used < 2 {
            return;
        }
        for (n, span) in hits.into_iter().filter(|h| h.0 != main) {
            out.push(info.diagnostic(
                ctx.doc,
                span,
                &[("variant", &self.names[n]), ("main", &self.names[main])],
                None,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{CheckOptions, Engine};

    fn pack(case_sensitive: bool) -> String {
        format!(
            "pack: p\nlanguage: de\nrules:\n  - id: address\n    category: abrasive\n    severity: warning\n    kind: consistency\n    message: m\n    explanation: e\n    case_sensitive: {case_sensitive}\n    variants:\n      Sie: [Ihnen, Ihr*]\n      du: [du, Du, dir, Dir]\n    examples:\n      - fires: Ich schicke Ihnen den Link, dann kannst du loslegen.\n      - silent: Ich schicke dir den Link.\n"
        )
    }

    fn found(engine: &Engine, text: &str) -> Vec<String> {
        let options = CheckOptions {
            language: Some("de"),
            ..Default::default()
        };
        let report = engine.check(text, &options).expect("compiles");
        report.diagnostics.iter().map(|d| d.text.clone()).collect()
    }

    /// "ihnen" (them) is not the polite "Ihnen" when the rule says case matters.
    #[test]
    fn case_sensitive_variants_count_only_as_written() {
        let text = "Ich habe den Kollegen geschrieben und ihnen dein Problem erklärt. Du bekommst morgen Bescheid, ich melde mich bei dir.";
        let strict = Engine::builder()
            .pack("p.yaml", pack(true))
            .build()
            .unwrap();
        let loose = Engine::builder()
            .pack("p.yaml", pack(false))
            .build()
            .unwrap();
        assert!(found(&strict, text).is_empty());
        assert_eq!(found(&loose, text), ["ihnen"]);
        let mixed =
            "Ich schicke Ihnen den Link. Ihre Bestellung ist unterwegs, du bekommst sie morgen.";
        assert_eq!(found(&strict, mixed), ["du"]);
    }
}
