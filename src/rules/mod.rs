//! Compiled rules: the common part every rule has, and one module per kind.

mod acronym;
mod consistency;
mod gate;
mod greeting_name;
mod pattern;
mod phrase_list;
mod placeholder;
mod require;
mod sentence_length;
mod shouting;
mod unanswered;

use crate::diagnostic::{Applicability, Diagnostic, Fix, Name};
use crate::document::{Conventions, Document};
use crate::pack::{ExampleSpec, Kind, PackError, RuleSpec};
use crate::phrases::{Hit, PhraseSetBuilder};
use crate::Span;
pub use acronym::Acronyms;
use std::sync::{Arc, OnceLock};

/// What a rule check reads: the parsed reply, the phrase hits of its language, and the customer's text.
pub struct Context<'d, 'a> {
    pub doc: &'d Document<'a>,
    /// Phrase hits of every rule of the language, grouped by rule and sorted by position in
    /// each group (see [`Context::hits_of`]).
    pub hits: &'d [Hit],
    /// The customer's message, parsed (from `--inquiry`, or the quoted text of the reply).
    pub customer: Option<&'d Document<'d>>,
    /// Whether the customer's questions are checked: not when asked in another language.
    pub questions_checked: bool,
    /// What the language's `acronym` rules take for acronyms.
    pub acronyms: &'d Acronyms,
    pub conventions: &'d Conventions,
    /// Template mode, with the known variable names (empty: any); `None` for a reply.
    pub template: Option<&'d [String]>,
    /// How many hours the customer has waited for the reply, when known.
    pub waited_hours: Option<f64>,
    /// The customer's name as an e-mail gives it ([`crate::CheckOptions::recipient`]).
    pub recipient: Option<&'d str>,
    /// Who sends the reply ([`crate::CheckOptions::sender`]).
    pub sender: crate::document::Sender<'d>,
    /// Runs of all-caps words, found once for `acronym` and `shouting`.
    pub caps_runs: std::cell::OnceCell<Vec<Vec<Span>>>,
    /// The reply folded ([`Document::fold`]), when a rule asks for it.
    pub folded: std::cell::OnceCell<crate::fold::Folded>,
}

impl Context<'_, '_> {
    /// The phrase hits of one rule, sorted by position.
    pub fn hits_of(&self, rule: usize) -> &[Hit] {
        let start = self.hits.partition_point(|h| h.rule < rule);
        let end = start + self.hits[start..].partition_point(|h| h.rule == rule);
        &self.hits[start..end]
    }

    /// The reply folded, for rules that look for words anywhere in it.
    pub fn folded(&self) -> &crate::fold::Folded {
        self.folded.get_or_init(|| self.doc.fold())
    }

    /// Runs of adjacent all-caps words in the reply ("PLEASE DO NOT").
    pub fn caps_runs(&self) -> &[Vec<Span>] {
        self.caps_runs
            .get_or_init(|| shouting::caps_runs(&self.doc.masked_text))
    }
}

/// The description of a rule shared by every kind.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    /// Shared with the rule's findings, as are its category and language.
    pub id: Name,
    pub category: Name,
    pub severity: crate::Severity,
    pub kind: Kind,
    pub language: Name,
    pub pack: String,
    /// The file (or built-in path) the rule comes from.
    pub file: String,
    pub message: String,
    pub suggestion: Option<String>,
    pub explanation: String,
    /// Applicability of the rule's single-replacement fixes.
    pub fix: Applicability,
    /// Rules whose finding in the same sentence replaces this rule's finding.
    pub yields_to: Vec<Name>,
}

impl RuleInfo {
    /// Fill `{name}` fields of a message template.
    /// Fields without a value are left as they are; values are not themselves rendered.
    pub fn render(template: &str, vars: &[(&str, &str)]) -> String {
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        // `{` and `}` are ASCII: found by their bytes.
        while let Some(open) = memchr::memchr(b'{', rest.as_bytes()) {
            out.push_str(&rest[..open]);
            let field = &rest[open + 1..];
            let value = memchr::memchr(b'}', field.as_bytes()).and_then(|close| {
                let name = &field[..close];
                let value = vars.iter().find(|(k, _)| *k == name)?.1;
                Some((value, close))
            });
            match value {
                Some((value, close)) => {
                    out.push_str(value);
                    rest = &field[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = field;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// A finding of this rule at `span`.
    pub fn diagnostic(
        &self,
        doc: &Document,
        span: Span,
        vars: &[(&str, &str)],
        fix: Option<Fix>,
    ) -> Diagnostic {
        let text = doc.slice(span);
        // A message is one line: a match across lines is shown on one.
        let shown = one_line(text);
        let mut all: Vec<(&str, &str)> = Vec::with_capacity(vars.len() + 1);
        all.push(("match", &shown));
        all.extend_from_slice(vars);
        let has_replacement = vars.iter().any(|(k, _)| *k == "replacement");
        let replacement = vars
            .iter()
            .find(|(k, _)| *k == "replacement")
            .map(|(_, v)| *v);
        let suggestion = match (&self.suggestion, replacement) {
            (_, Some("")) => Some("Leave it out".to_string()),
            (Some(s), _) if has_replacement || !s.contains("{replacement}") => {
                Some(Self::render(s, &all))
            }
            (None, Some(r)) => Some(format!("Write “{r}” instead")),
            _ => None,
        };
        Diagnostic {
            rule: self.id.clone(),
            category: self.category.clone(),
            severity: self.severity,
            language: self.language.clone(),
            message: Self::render(&self.message, &all),
            suggestion,
            span,
            text: text.to_string(),
            fix,
            entry: None,
        }
    }
}

/// `text` with each run of white space that holds a line break or tab as one space.
pub fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(['\n', '\r', '\t']) {
        text.split_whitespace().collect::<Vec<_>>().join(" ").into()
    } else {
        text.into()
    }
}

/// A rule example, as data.
pub type Example = ExampleSpec;

/// A rule's examples, or where a built-in pack keeps them ([`Rule::examples`]).
enum Examples {
    Given(Vec<Example>),
    /// JSON from rule id to examples.
    Builtin(&'static str),
}

/// A compiled rule.
pub struct Rule {
    pub info: RuleInfo,
    examples: Examples,
    check: Check,
}

enum Check {
    Phrases(phrase_list::PhraseList),
    Pattern(pattern::Pattern),
    Require(require::Require),
    Acronym(acronym::Acronym),
    Unanswered(Box<unanswered::Lazy>),
    Placeholder(placeholder::Placeholder),
    Shouting(shouting::Shouting),
    Consistency(consistency::Consistency),
    SentenceLength(usize),
    GreetingName(greeting_name::GreetingName),
}

/// Where a rule comes from.
pub struct Origin<'a> {
    pub language: &'a str,
    pub pack: &'a str,
    /// The file (or built-in path) and its text, to report errors.
    pub file: &'a str,
    pub source: &'a str,
    /// A built-in pack's examples, kept apart (JSON from rule id to examples); `None` for a
    /// pack from a file. The tests check a built-in pack's patterns, so they are not compiled
    /// before use.
    pub builtin_examples: Option<&'static str>,
}

impl Rule {
    /// Compile `spec` as rule number `index`, registering its phrases in `phrases`. (A rule
    /// compiled on first use keeps `spec`.)
    pub fn compile(
        spec: &Arc<RuleSpec>,
        origin: &Origin,
        index: usize,
        phrases: &mut PhraseSetBuilder,
    ) -> Result<Rule, PackError> {
        let err = |message: String| PackError {
            file: origin.file.to_string(),
            rule: Some(spec.id.clone()),
            position: crate::pack::line_of_rule(origin.source, &spec.id),
            message,
        };
        let check = match spec.kind {
            Kind::Phrases => {
                let list = phrase_list::PhraseList::compile(
                    spec,
                    index,
                    phrases,
                    origin.builtin_examples.is_none(),
                );
                Check::Phrases(list.map_err(err)?)
            }
            Kind::Pattern => {
                let pattern = pattern::Pattern::compile(spec, origin.builtin_examples.is_none());
                Check::Pattern(pattern.map_err(err)?)
            }
            Kind::Require => {
                let require = require::Require::compile(
                    spec,
                    index,
                    phrases,
                    origin.builtin_examples.is_none(),
                );
                Check::Require(require.map_err(err)?)
            }
            Kind::Acronym => Check::Acronym(acronym::Acronym::compile(spec)),
            Kind::Unanswered => {
                let unanswered = match origin.builtin_examples {
                    Some(_) => unanswered::Lazy::later(spec),
                    None => unanswered::Lazy::now(spec).map_err(err)?,
                };
                Check::Unanswered(Box::new(unanswered))
            }
            Kind::Placeholder => Check::Placeholder(placeholder::Placeholder::compile(spec)),
            Kind::Shouting => Check::Shouting(shouting::Shouting::compile(spec)),
            Kind::Consistency => {
                Check::Consistency(consistency::Consistency::compile(spec, index, phrases))
            }
            Kind::SentenceLength => Check::SentenceLength(spec.max_words.unwrap_or(40)),
            Kind::GreetingName => Check::GreetingName(greeting_name::GreetingName::compile(spec)),
        };
        Ok(Rule {
            info: RuleInfo {
                id: spec.id.as_str().into(),
                category: spec.category.as_str().into(),
                severity: spec.severity,
                kind: spec.kind,
                language: origin.language.into(),
                pack: origin.pack.to_string(),
                file: origin.file.to_string(),
                message: spec.message.clone(),
                suggestion: spec.suggestion.clone(),
                explanation: spec.explanation.trim().to_string(),
                fix: spec.fix.unwrap_or(Applicability::Unsafe),
                yields_to: spec.yields_to.iter().map(|y| y.as_str().into()).collect(),
            },
            examples: match origin.builtin_examples {
                Some(json) => Examples::Builtin(json),
                None => Examples::Given(spec.examples.clone()),
            },
            check,
        })
    }

    /// Its examples (a built-in pack's are read when asked for: checking needs none).
    pub fn examples(&self) -> Vec<Example> {
        match &self.examples {
            Examples::Given(given) => given.clone(),
            Examples::Builtin(json) => {
                serde_json::from_str::<std::collections::HashMap<String, Vec<Example>>>(json)
                    .expect("built-in examples are valid: the build wrote them")
                    .remove(self.info.id.as_str())
                    .unwrap_or_default()
            }
        }
    }

    /// Whether the rule can offer fixes.
    pub fn fixable(&self) -> bool {
        match &self.check {
            Check::Phrases(p) => p.fixable(),
            Check::Pattern(p) => p.fixable(),
            Check::Require(r) => r.fixable(),
            Check::Acronym(a) => a.fixable(),
            Check::Shouting(_) | Check::GreetingName(_) => true,
            _ => false,
        }
    }

    /// For a `require` rule with `waited_hours`: after how many hours of waiting it applies.
    pub fn waited_hours(&self) -> Option<f64> {
        match &self.check {
            Check::Require(r) => r.waited_hours(),
            _ => None,
        }
    }

    /// Whether this rule checks that the customer's questions are answered.
    pub fn asks_questions(&self) -> bool {
        matches!(self.check, Check::Unanswered(_))
    }

    /// Whether this is a `require` rule with `insert_variants`.
    pub fn has_insert_variants(&self) -> bool {
        matches!(&self.check, Check::Require(r) if r.insert_variant_names().next().is_some())
    }

    /// Link every `require` rule's `insert_variants` to the `consistency` rule of `rules`, or of
    /// `tellers` (numbered after `rules`: compiled though not selected), that has all the
    /// variants it names. Without one, its `insert` serves.
    pub fn link_insert_variants(rules: &mut [Rule], tellers: &[Rule]) {
        for i in 0..rules.len() {
            let Check::Require(r) = &rules[i].check else {
                continue;
            };
            let names: Vec<String> = r.insert_variant_names().map(str::to_string).collect();
            if names.is_empty() {
                continue;
            }
            let found = rules
                .iter()
                .chain(tellers)
                .enumerate()
                .find_map(|(k, other)| match &other.check {
                    Check::Consistency(c) if names.iter().all(|n| c.names().contains(n)) => {
                        Some((k, c.clone()))
                    }
                    _ => None,
                });
            if let (Some((k, consistency)), Check::Require(r)) = (found, &mut rules[i].check) {
                r.vary_by(k, consistency);
            }
        }
    }

    /// Adds what an `acronym` rule takes for acronyms to `acronyms`.
    pub fn add_acronyms(&self, acronyms: &mut Acronyms) {
        if let Check::Acronym(a) = &self.check {
            acronyms.add(a);
        }
    }

    /// The customer's questions in `doc`, each with the statement it asks about when it has
    /// no words of its own ("Where is it?"), for an `unanswered` rule.
    pub fn questions(&self, doc: &Document) -> Option<Vec<(Span, Option<Span>)>> {
        match &self.check {
            Check::Unanswered(u) => {
                let u = u.get();
                let questions = u.questions(doc).into_iter();
                Some(questions.map(|q| (q, u.asked_about(doc, q))).collect())
            }
            _ => None,
        }
    }

    /// Whether the rule reads [`Context::folded`] (gated patterns and triggers do).
    pub fn reads_folded(&self) -> bool {
        match &self.check {
            Check::Acronym(_) | Check::Unanswered(_) | Check::Pattern(_) => true,
            Check::Require(r) => r.has_trigger_patterns(),
            _ => false,
        }
    }

    /// Check the document; `index` is this rule's number in the engine (for phrase hits).
    pub fn check(&self, index: usize, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let info = &self.info;
        match &self.check {
            Check::Phrases(c) => c.check(info, index, ctx, out),
            Check::Pattern(c) => c.check(info, ctx, out),
            Check::Require(c) => c.check(info, index, ctx, out),
            Check::Acronym(c) => c.check(info, ctx, out),
            Check::Unanswered(c) => c.check(info, ctx, out),
            Check::Placeholder(p) => p.check(info, ctx, out),
            Check::Shouting(c) => c.check(info, ctx, out),
            Check::Consistency(c) => c.check(info, index, ctx, out),
            Check::SentenceLength(max) => sentence_length::check(*max, info, ctx, out),
            Check::GreetingName(c) => c.check(info, ctx, out),
        }
    }
}

/// Whether `pos` starts a sentence (or the greeting) of the document.
pub(crate) fn at_sentence_start(doc: &Document, pos: usize) -> bool {
    doc.sentence_at(pos).is_some_and(|s| s.start == pos)
        || doc.greeting.is_some_and(|g| g.start == pos)
        || doc.sign_off.is_some_and(|g| g.start == pos)
}

/// Compile a list of regexes, case-insensitive unless asked otherwise, with a size limit.
pub(crate) fn compile_regexes(
    patterns: &[String],
    case_sensitive: bool,
) -> Result<Vec<regex::Regex>, String> {
    patterns
        .iter()
        .map(|p| compile_regex(p, case_sensitive))
        .collect()
}

/// Compile one regex, case-insensitive unless asked otherwise, with a size limit.
pub(crate) fn compile_regex(pattern: &str, case_sensitive: bool) -> Result<regex::Regex, String> {
    regex::RegexBuilder::new(pattern)
        .case_insensitive(!case_sensitive)
        .size_limit(SIZE_LIMIT)
        .build()
        .map_err(|e| format!("bad regex `{pattern}`: {e}"))
}

/// Compile `patterns` into one regex (case-insensitive unless asked otherwise) that finds
/// the leftmost match of any of them, as the `regex` crate's regexes match, on a
/// [`quick_builder`] (without a prefilter: a set's literals are many and common): each
/// pattern must compile within the size limit, and together they share the limits of them all.
pub(crate) fn compile_together(
    patterns: &[&str],
    case_sensitive: bool,
) -> Result<regex_automata::meta::Regex, String> {
    let mut builder = quick_builder(true, patterns.len());
    // Its matches are sliced at: whole characters only.
    builder.syntax(regex_automata::util::syntax::Config::new().case_insensitive(!case_sensitive));
    builder
        .build_many(patterns)
        .map_err(|e| format!("bad regexes `{}`: {e}", patterns.join("`, `")))
}

/// The size limit of one compiled pattern.
const SIZE_LIMIT: usize = 1 << 20;

/// A case-insensitive regex builder for patterns searched in short texts (a sentence, a
/// reply): without the literal prefilter and the one-pass engine, which cost more to build than
/// they save there (a pre-send hook compiles them on every run). `captures` says whether match
/// spans are wanted; `patterns` compiled together share the size limit. A pattern may match
/// inside a character (`(?-u:[^.!?])`): callers compare offsets, they never slice at them.
fn quick_builder(captures: bool, patterns: usize) -> regex_automata::meta::Builder {
    use regex_automata::{meta, nfa::thompson::WhichCaptures, util::syntax};
    let config = meta::Config::new()
        .auto_prefilter(false)
        .onepass(false)
        .which_captures(if captures {
            WhichCaptures::Implicit
        } else {
            WhichCaptures::None
        })
        .nfa_size_limit(Some(SIZE_LIMIT * patterns.max(1)));
    let mut builder = meta::Regex::builder();
    builder
        .configure(config)
        .syntax(syntax::Config::new().case_insensitive(true).utf8(false));
    builder
}

/// Case-insensitive `patterns` to be searched in one sentence at a time, each on its own.
pub(crate) fn compile_sentence_regexes(
    patterns: &[String],
) -> Result<Vec<regex_automata::meta::Regex>, String> {
    patterns
        .iter()
        .map(|p| {
            quick_builder(true, 1)
                .build(p)
                .map_err(|e| format!("bad regex `{p}`: {e}"))
        })
        .collect()
}

/// Case-insensitive patterns of which any may match, compiled together (faster than one by
/// one) on first use: a text that never needs them costs nothing. Only ever asked whether any
/// matches, so only a forward automaton is built: a lazy DFA, and a PikeVM for the texts it
/// gives up on (a Unicode word boundary next to a non-ASCII character).
pub(crate) struct AnyPattern {
    patterns: Vec<String>,
    set: OnceLock<Box<AnyMatcher>>,
}

struct AnyMatcher {
    dfa: regex_automata::hybrid::dfa::DFA,
    pike: regex_automata::nfa::thompson::pikevm::PikeVM,
    /// Search caches, reused across texts and threads.
    caches: std::sync::Mutex<Vec<AnyCaches>>,
}

type AnyCaches = (
    regex_automata::hybrid::dfa::Cache,
    regex_automata::nfa::thompson::pikevm::Cache,
);

impl AnyMatcher {
    fn new(patterns: &[String]) -> AnyMatcher {
        use regex_automata::nfa::thompson::{self, pikevm::PikeVM, WhichCaptures};
        use regex_automata::{hybrid, util::syntax};
        let nfa = thompson::Compiler::new()
            .syntax(syntax::Config::new().case_insensitive(true).utf8(false))
            .configure(
                thompson::Config::new()
                    .which_captures(WhichCaptures::None)
                    .utf8(false)
                    .nfa_size_limit(Some(SIZE_LIMIT * patterns.len().max(1))),
            )
            .build_many(patterns)
            .expect("each pattern compiles on its own");
        let dfa = hybrid::dfa::Builder::new()
            .configure(hybrid::dfa::Config::new().unicode_word_boundary(true))
            .build_from_nfa(nfa.clone())
            .expect("a lazy DFA builds from any NFA with heuristic Unicode word boundaries");
        let pike = PikeVM::new_from_nfa(nfa).expect("a PikeVM builds from any NFA");
        AnyMatcher {
            dfa,
            pike,
            caches: std::sync::Mutex::new(Vec::new()),
        }
    }

    fn is_match(&self, text: &str) -> bool {
        let taken = self.caches.lock().ok().and_then(|mut c| c.pop());
        let (mut dfa_cache, mut pike_cache) =
            taken.unwrap_or_else(|| (self.dfa.create_cache(), self.pike.create_cache()));
        let input = regex_automata::Input::new(text).earliest(true);
        let found = match self.dfa.try_search_fwd(&mut dfa_cache, &input) {
            Ok(m) => m.is_some(),
            Err(_) => self.pike.is_match(&mut pike_cache, input),
        };
        if let Ok(mut caches) = self.caches.lock() {
            caches.push((dfa_cache, pike_cache));
        }
        found
    }
}

impl AnyPattern {
    /// With `check`, each pattern is compiled now, to report errors (those of the built-in
    /// packs are checked by the tests).
    pub fn new(patterns: &[String], check: bool) -> Result<AnyPattern, String> {
        if check {
            compile_regexes(patterns, false)?;
        }
        Ok(AnyPattern {
            patterns: patterns.to_vec(),
            set: OnceLock::new(),
        })
    }

    /// Whether any of the patterns matches in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        !self.patterns.is_empty()
            && self
                .set
                .get_or_init(|| Box::new(AnyMatcher::new(&self.patterns)))
                .is_match(text)
    }
}

#[cfg(test)]
mod tests {
    use super::{one_line, AnyPattern, RuleInfo};

    #[test]
    fn any_pattern_matches_with_ascii_and_unicode_word_boundaries() {
        let any = |p: &str| AnyPattern::new(&[p.to_string()], true).unwrap();
        let ascii = any(r"(?-u:\bfriday\b)");
        assert!(ascii.is_match("We reply by FRIDAY."));
        assert!(!ascii.is_match("We reply on fridays."));
        // A Unicode word boundary beside Cyrillic: the lazy DFA gives up, the PikeVM answers.
        let unicode = any(r"\bзавтра\b");
        assert!(unicode.is_match("Ответим Завтра."));
        assert!(!unicode.is_match("Ответим послезавтра."));
        for _ in 0..3 {
            assert!(unicode.is_match("до завтра") && ascii.is_match("friday"));
        }
    }

    #[test]
    fn a_match_across_lines_is_shown_on_one() {
        assert_eq!(one_line("prior\r\n  to"), "prior to");
        assert_eq!(one_line("as  is"), "as  is");
    }

    #[test]
    fn render_fills_known_fields_once() {
        let vars = [("match", "{limit}"), ("limit", "40")];
        assert_eq!(
            RuleInfo::render("“{match}” over {limit} {other} {", &vars),
            "“{limit}” over 40 {other} {"
        );
    }
}
