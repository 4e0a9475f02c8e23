//! `require`: a scope must hold one of some phrases or patterns (optionally only when a trigger occurs).

use super::consistency::Consistency;
use super::gate::GatedSet;
use super::{AnyPattern, Context, RuleInfo};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::document::{ends_in_question_mark, is_list_item, Document};
use crate::fix::{capitalize, decapitalize};
use crate::pack::{RuleSpec, Scope};
use crate::phrases::{PhraseSetBuilder, Role};
use crate::Span;

pub struct Require {
    scope: Scope,
    satisfy: AnyPattern,
    trigger: GatedSet,
    has_trigger: bool,
    /// Only when the customer has waited longer than this many hours.
    waited_hours: Option<f64>,
    insert: Option<String>,
    /// `insert_variants`: the sentence for each variant name.
    insert_variants: Vec<(String, String)>,
    /// The `consistency` rule (its number, and it) whose variants `insert_variants` names.
    variants_of: Option<(usize, Consistency)>,
}

/// How many of the body's last sentences make its closing.
const CLOSING_SENTENCES: usize = 3;

/// The first sentence, and the second after a first of one or two words: an interjection or a
/// greeting in the running text ("Certainly! Thanks for asking.", "Hello Jim. Thanks for …").
fn opening(doc: &Document) -> Span {
    let first = doc.sentences[0];
    match doc.sentences.get(1) {
        Some(second) if doc.text[first.start..first.end].split_whitespace().count() <= 2 => {
            Span::new(first.start, second.end)
        }
        _ => first,
    }
}

/// Where what follows a sentence ending at `from` and is no sentence ends (up to `to`): the
/// rest of its line, and the lines below it that are a link alone ("Check here for
/// updates:\nhttps://…").
fn links_after(text: &str, from: usize, to: usize) -> usize {
    let rest = &text[from..to];
    let line_end = rest.find('\n').unwrap_or(rest.len());
    let mut end = from + rest[..line_end].trim_end().len();
    let mut next = from + line_end;
    while let Some(line) = text[next..to].strip_prefix('\n') {
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        let link = line.trim();
        let alone = ["http://", "https://", "www."]
            .iter()
            .any(|p| link.starts_with(p))
            && !link.contains(char::is_whitespace);
        if !alone {
            break;
        }
        end = next + 1 + line.trim_end().len();
        next += 1 + line.len();
    }
    end
}

/// Whether the closing holds a question ("Could you send the order number?"): such a reply
/// waits for an answer and needs no offer of further help.
fn ends_asking(doc: &Document) -> bool {
    (doc.sentences.iter().rev().take(CLOSING_SENTENCES))
        .any(|&s| ends_in_question_mark(doc.slice(s)))
}

impl Require {
    /// With `check`, the patterns that satisfy the rule are compiled now, to report errors
    /// (for use, they are compiled when first needed).
    pub fn compile(
        spec: &RuleSpec,
        index: usize,
        phrases: &mut PhraseSetBuilder,
        check: bool,
    ) -> Result<Require, String> {
        for p in spec.phrases.as_deref().unwrap_or_default() {
            phrases.add(p.phrase(), index, Role::Satisfy);
        }
        // The rule's own inserted sentences satisfy it too.
        let insert_variants: Vec<(String, String)> = spec
            .insert_variants
            .clone()
            .unwrap_or_default()
            .into_iter()
            .collect();
        for insert in spec
            .insert
            .iter()
            .chain(insert_variants.iter().map(|(_, s)| s))
        {
            phrases.add(insert, index, Role::Satisfy);
        }
        let when = spec.when.clone().unwrap_or_default();
        for p in &when.phrases {
            phrases.add(p, index, Role::Trigger);
        }
        Ok(Require {
            scope: spec.scope.unwrap_or(Scope::Body),
            satisfy: AnyPattern::new(spec.patterns.as_deref().unwrap_or_default(), check)?,
            trigger: GatedSet::new(&when.patterns, false, check)?,
            has_trigger: spec.when.is_some(),
            waited_hours: spec.waited_hours,
            insert: spec.insert.clone(),
            insert_variants,
            variants_of: None,
        })
    }

    /// After how many hours of waiting the rule applies (`waited_hours`), if it says.
    pub fn waited_hours(&self) -> Option<f64> {
        self.waited_hours
    }

    /// Whether a pattern triggers the rule (searched behind a gate of the folded text).
    pub fn has_trigger_patterns(&self) -> bool {
        !self.trigger.each().is_empty()
    }

    /// The variant names `insert_variants` gives sentences for.
    pub fn insert_variant_names(&self) -> impl Iterator<Item = &str> {
        self.insert_variants.iter().map(|(name, _)| name.as_str())
    }

    /// Take the variants of `insert_variants` from `consistency`, rule number `index`.
    pub fn vary_by(&mut self, index: usize, consistency: Consistency) {
        self.variants_of = Some((index, consistency));
    }

    /// The sentence to insert: the one for the variant the reply mostly uses, else `insert`;
    /// the variant's forms with a capital when the reply writes them so.
    fn insert_text(&self, ctx: &Context) -> Option<String> {
        let insert = self.insert.as_deref()?;
        let Some((index, c)) = &self.variants_of else {
            return Some(insert.to_string());
        };
        let Some((main, capitals)) = c.main_variant(*index, ctx) else {
            return Some(insert.to_string());
        };
        let insert = (self.insert_variants.iter())
            .find(|(name, _)| name == main)
            .map_or(insert, |(_, s)| s.as_str());
        Some(match capitals {
            true => c.capitalize_forms(main, insert),
            false => insert.to_string(),
        })
    }

    pub fn fixable(&self) -> bool {
        self.insert.is_some()
    }

    fn satisfied(&self, index: usize, ctx: &Context, scope: Span) -> bool {
        // For a triggered rule, a placeholder in the scope ("… by {{time}}.") counts: it is
        // reported until filled.
        if self.has_trigger && ctx.doc.placeholders.iter().any(|p| scope.contains(p.span)) {
            return true;
        }
        ctx.hits_of(index)
            .iter()
            .any(|h| h.role == Role::Satisfy && scope.contains(h.span))
            || self
                .satisfy
                .is_match(&ctx.doc.masked_text[scope.start..scope.end])
    }

    /// Where the rule's triggers occur in the body, in order; with `first_only`, only the first
    /// (a pattern's first match is all it is searched for).
    fn triggers(&self, index: usize, ctx: &Context, first_only: bool) -> Vec<Span> {
        let body = ctx.doc.body;
        let mut spans: Vec<Span> = ctx
            .hits_of(index)
            .iter()
            .filter(|h| h.role == Role::Trigger && body.contains(h.span))
            .map(|h| h.span)
            .collect();
        let text = &ctx.doc.masked_text[body.start..body.end];
        let at = |m: regex::Match| Span::new(body.start + m.start(), body.start + m.end());
        // The folded text is asked for only when there are patterns (it may have been freed).
        if self.has_trigger_patterns() {
            let folded = ctx.folded();
            if first_only {
                // A match after the first phrase is of no use.
                let by = spans.iter().map(|s| s.start - body.start).min();
                let first = self.trigger.first(text, folded, by);
                spans.extend(first.map(|s| Span::new(body.start + s.start, body.start + s.end)));
            } else {
                for re in self
                    .trigger
                    .each()
                    .iter()
                    .filter_map(|r| r.for_text(folded))
                {
                    spans.extend(re.find_iter(text).map(at));
                }
            }
        }
        spans.sort();
        if first_only {
            spans.truncate(1);
        }
        spans
    }

    pub fn check(&self, info: &RuleInfo, index: usize, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        let (Some(&first), Some(&last)) = (doc.sentences.first(), doc.sentences.last()) else {
            return;
        };
        if let Some(most) = self.waited_hours {
            if ctx.waited_hours.is_none_or(|waited| waited <= most) {
                return;
            }
        }
        let closing = Span::new(
            doc.sentences[doc.sentences.len().saturating_sub(CLOSING_SENTENCES)].start,
            last.end,
        );
        let scope_span = |trigger: Option<Span>| match self.scope {
            Scope::FirstSentence => Some(opening(doc)),
            Scope::Body => Some(doc.body),
            Scope::Closing => Some(closing),
            Scope::Sentence => trigger.and_then(|t| doc.sentence_at(t.start)),
            Scope::FromTrigger => trigger.map(|t| {
                let start = doc.sentence_at(t.start).map_or(t.start, |s| s.start);
                Span::new(start, doc.body.end.max(start))
            }),
        };
        if !self.has_trigger {
            if self.scope == Scope::Closing && doc.sentences.len() < 2 {
                return; // a one-line chat answer has no closing to speak of
            }
            // A later part of a thread does not open the conversation, nor an earlier one end it.
            match self.scope {
                Scope::FirstSentence if !doc.opens_reply() => return,
                Scope::Closing if !doc.closes_reply() || ends_asking(doc) => return,
                _ => {}
            }
            let scope = scope_span(None).unwrap_or(first);
            if !self.satisfied(index, ctx, scope) {
                let at = match self.scope {
                    Scope::Closing => last,
                    _ => first,
                };
                out.push(info.diagnostic(doc, at, &[], self.fix(info, ctx, at)));
            }
            return;
        }
        let triggers = self.triggers(index, ctx, self.scope != Scope::Sentence);
        if self.scope != Scope::Sentence {
            // One scope for every trigger: decide once, report at the first trigger.
            let Some(&t) = triggers.first() else {
                return;
            };
            let scope = scope_span(Some(t)).unwrap_or(first);
            if !self.satisfied(index, ctx, scope) {
                let sentence = doc.sentence_at(t.start).unwrap_or(t);
                out.push(info.diagnostic(doc, t, &[], self.fix(info, ctx, sentence)));
            }
            return;
        }
        let mut last_sentence = None;
        for t in triggers {
            let Some(scope) = scope_span(Some(t)) else {
                continue;
            };
            if last_sentence == Some(scope) {
                continue; // one finding per sentence
            }
            last_sentence = Some(scope);
            if !self.satisfied(index, ctx, scope) {
                out.push(info.diagnostic(doc, t, &[], self.fix(info, ctx, scope)));
            }
        }
    }

    /// Insert the rule's sentence: before the first sentence, or after `at`.
    fn fix(&self, info: &RuleInfo, ctx: &Context, at: Span) -> Option<Fix> {
        let insert = self.insert_text(ctx)?;
        let insert = insert.trim();
        let text = ctx.doc.text;
        let edits = if self.scope == Scope::FirstSentence {
            // A greeting on the sentence's line that ends with a comma: the reply goes on in
            // small letters ("Hi Sam, we …"); after "Добрый день!" it starts anew.
            let same_line = ctx.doc.greeting.is_some_and(|g| {
                !text[g.end..at.start].contains('\n')
                    && !text[g.start..g.end].trim_end().ends_with(['!', '.', '?'])
            });
            let first = text[at.start..].chars().next()?;
            let line = &text[at.start..];
            let line = &line[..line.find('\n').unwrap_or(line.len())];
            // After a greeting's comma a letter goes on as the pack writes the sentence (German
            // in small letters: "Hallo Anna,\n\nvielen Dank …"); else with a capital.
            let after_comma = ctx
                .doc
                .greeting
                .is_some_and(|g| text[g.start..g.end].trim_end().ends_with(','));
            let opening = if after_comma {
                insert.to_string()
            } else {
                capitalize(insert)
            };
            if is_list_item(line) {
                // "- Order cancelled": the thanks gets a paragraph of its own above the list.
                let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
                vec![Edit {
                    start: at.start,
                    end: at.start,
                    replacement: format!("{opening}{nl}{nl}"),
                }]
            } else if same_line {
                // "Hi Sam, we fixed it." → "Hi Sam, thank you for … We fixed it."
                vec![Edit {
                    start: at.start,
                    end: at.start + first.len_utf8(),
                    replacement: format!(
                        "{} {}",
                        decapitalize(insert),
                        capitalize(&first.to_string())
                    ),
                }]
            } else if first.is_lowercase() {
                // The writer goes on in lowercase after the greeting's comma, as German does:
                // "Hallo Anna,\n\nich habe …" → "Hallo Anna,\n\nvielen Dank … Ich habe …";
                // without such a greeting the reply starts with a capital.
                let insert = if after_comma {
                    decapitalize(insert)
                } else {
                    capitalize(insert)
                };
                vec![Edit {
                    start: at.start,
                    end: at.start + first.len_utf8(),
                    replacement: format!("{insert} {}", capitalize(&first.to_string())),
                }]
            } else {
                vec![Edit {
                    start: at.start,
                    end: at.start,
                    replacement: format!("{opening} "),
                }]
            }
        } else {
            // The closing goes after what follows the last sentence on its line and is no
            // sentence: a link ("Check here for updates: https://…").
            let end = if self.scope == Scope::Closing {
                links_after(text, at.end, ctx.doc.body.end.max(at.end))
            } else {
                at.end
            };
            let ends_paragraph = {
                let rest = &text[end..];
                let line_rest = rest.split('\n').next().unwrap_or("");
                line_rest.trim().is_empty()
            };
            let sep = if self.scope == Scope::Closing && ends_paragraph {
                if text.contains("\r\n") {
                    "\r\n\r\n"
                } else {
                    "\n\n"
                }
            } else {
                " "
            };
            // A sentence the writer left without its full stop gets one before the new one (a
            // link does not).
            let stop = if end == at.end
                && text[..at.end]
                    .trim_end()
                    .ends_with(|c: char| c.is_alphanumeric())
            {
                "."
            } else {
                ""
            };
            vec![Edit {
                start: end,
                end,
                replacement: format!("{stop}{sep}{insert}"),
            }]
        };
        Some(Fix {
            applicability: info.fix,
            edits,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::{CheckOptions, Engine};

    fn finds(rule: &str, text: &str) -> bool {
        let engine = Engine::builder().builtin_packs().build().unwrap();
        let options = CheckOptions {
            language: Some("en"),
            ..CheckOptions::default()
        };
        let report = engine.check(text, &options).unwrap();
        report.diagnostics.iter().any(|d| d.rule == rule)
    }

    fn offers_help_missing(text: &str) -> bool {
        finds("closing-offer-help", text)
    }

    #[test]
    fn thanks_may_follow_an_interjection() {
        let thanks_missing = |text| finds("thanks-first-sentence", text);
        assert!(!thanks_missing(
            "Certainly! Thanks for asking. We ship to Finland."
        ));
        assert!(thanks_missing(
            "Certainly! We ship to Finland. Thanks for asking."
        ));
        assert!(thanks_missing("We ship to Finland. Thanks for asking."));
    }

    #[test]
    fn the_closing_is_the_last_three_sentences() {
        let offer = "Thanks for writing. Your refund was sent today. If anything else comes up, \
                     let me know. The card is valid for a year. Happy shopping!";
        assert!(!offers_help_missing(offer));
        let too_early = format!("{offer} It reaches your bank on Monday.");
        assert!(offers_help_missing(&too_early));
    }

    #[test]
    fn a_reply_that_asks_the_customer_something_needs_no_offer() {
        let asks = "Thanks for writing. I looked for your order. Could you send me its number? \
                    Then I can check where it is.";
        assert!(!offers_help_missing(asks));
        let tells = "Thanks for writing. I looked for your order. It was sent on Monday. \
                     It reaches you on Friday.";
        assert!(offers_help_missing(tells));
    }
}
