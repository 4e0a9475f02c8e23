//! The engine: loaded packs, compiled per language on first use, one phrase automaton per language.

use crate::diagnostic::Diagnostic;
use crate::document::{Conventions, Document};
use crate::fold::Folded;
use crate::language::Detector;
use crate::pack::{parse_pack, PackError, PackHead, RuleSpec, Templates};
use crate::phrases::{PhraseSet, PhraseSetBuilder};
use crate::rules::{Acronyms, Context, Origin, Rule};
use crate::{Name, Span};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::ControlFlow;
use std::sync::{Arc, OnceLock};

/// The pack sources and rule filters an [`Engine`] is built from.
#[derive(Debug, Default, Clone)]
pub struct EngineBuilder {
    packs: Vec<(String, Source)>,
    select: Vec<String>,
    ignore: Vec<String>,
}

impl EngineBuilder {
    /// Add a pack: `file` names it in errors, `source` is its YAML.
    /// A pack with the name of one added before replaces it (e.g. an edited built-in pack).
    pub fn pack(mut self, file: impl Into<String>, source: impl Into<String>) -> Self {
        self.packs.push((file.into(), Source::File(source.into())));
        self
    }

    /// Add the packs built into tactful.
    pub fn builtin_packs(mut self) -> Self {
        let packs = crate::builtin::PACKS.iter().zip(crate::builtin::RULES_AT);
        let packs = packs.zip(crate::builtin::RULE_NAMES);
        for (((&(path, json), &rules_at), &names), &examples) in packs.zip(crate::builtin::EXAMPLES)
        {
            self.packs.push((
                format!("<built-in>/{path}"),
                Source::Builtin {
                    json,
                    rules_at,
                    names,
                    examples,
                },
            ));
        }
        self
    }

    /// Keep only rules whose id or category is listed (all rules when empty).
    pub fn select(mut self, ids_or_categories: Vec<String>) -> Self {
        self.select = ids_or_categories;
        self
    }

    /// Drop rules whose id or category is listed.
    pub fn ignore(mut self, ids_or_categories: Vec<String>) -> Self {
        self.ignore = ids_or_categories;
        self
    }

    /// Parse and validate every pack. The rules of a language are compiled when first needed,
    /// but those of a language a pack from a file is in are compiled now, to report its errors.
    pub fn build(self) -> Result<Engine, Vec<PackError>> {
        let mut errors = Vec::new();
        let mut packs: Vec<Loaded> = Vec::new();
        for (file, source) in self.packs {
            match Loaded::load(file, source) {
                Ok(pack) => {
                    packs.retain(|p| p.head.pack != pack.head.pack);
                    packs.push(pack);
                }
                Err(e) => errors.push(e),
            }
        }
        // Rule ids are unique per language. The tests check the built-in packs', so those are
        // read here only when a pack from a file shares their language.
        let from_files: HashSet<&str> = packs
            .iter()
            .filter(|p| !p.builtin())
            .map(|p| p.head.language.as_str())
            .collect();
        // (language, id) → the file of the pack that defines it.
        let mut ids: HashMap<(&str, &str), &str> = HashMap::new();
        for p in packs
            .iter()
            .filter(|p| from_files.contains(p.head.language.as_str()))
        {
            for (id, _) in p.names() {
                if let Some(other) = ids.insert((&p.head.language, id), &p.file) {
                    errors.push(p.error(
                        id,
                        format!(
                            "duplicate rule id: the `{}` pack {other} defines it too (a pack \
                             with the same `pack:` name replaces a pack)",
                            p.head.language
                        ),
                    ));
                }
            }
        }
        // A rule yields only to rules of its language (those of the built-in packs are tested).
        for p in packs.iter().filter(|p| !p.builtin()) {
            for r in p.rules() {
                if let Some(unknown) = r
                    .yields_to
                    .iter()
                    .find(|y| !ids.contains_key(&(p.head.language.as_str(), y.as_str())))
                {
                    errors.push(p.error(
                        &r.id,
                        format!(
                            "`yields_to` names `{unknown}`, which no loaded `{}` pack defines",
                            p.head.language
                        ),
                    ));
                }
            }
        }
        // A sentence varies by variants of a consistency rule of its language.
        for p in packs.iter().filter(|p| !p.builtin()) {
            for r in p.rules() {
                let Some(names) = &r.insert_variants else {
                    continue;
                };
                let has_all = packs
                    .iter()
                    .filter(|q| q.head.language == p.head.language)
                    .flat_map(|q| q.rules())
                    .filter_map(|c| c.variants.as_ref())
                    .any(|v| names.keys().all(|n| v.contains_key(n)));
                if !has_all {
                    let names: Vec<String> = names.keys().map(|n| format!("`{n}`")).collect();
                    errors.push(p.error(
                        &r.id,
                        format!(
                            "`insert_variants` names {}, but no `consistency` rule of a loaded `{}` pack has {}",
                            names.join(", "),
                            p.head.language,
                            if names.len() == 1 { "it" } else { "them all" }
                        ),
                    ));
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut conventions = Conventions::default();
        let mut detector = Detector::default();
        let mut templates: BTreeMap<String, Templates> = BTreeMap::new();
        let mut languages: BTreeMap<String, Slot> = BTreeMap::new();
        // A pack loaded later (a team's, after the built-in ones) has its templates first.
        for p in packs.iter().rev() {
            templates
                .entry(p.head.language.clone())
                .or_default()
                .merge_missing(&p.head.templates);
        }
        for (i, p) in packs.iter().enumerate() {
            conventions.extend(&p.head.conventions);
            detector.add(&p.head.language, &p.head.conventions, p.has_rules());
            if p.has_rules() {
                languages
                    .entry(p.head.language.clone())
                    .or_default()
                    .packs
                    .push(i);
            }
        }
        let engine = Engine {
            packs,
            languages,
            conventions,
            detector,
            templates,
            select: self.select,
            ignore: self.ignore,
        };
        // The rules of a pack from a file are compiled now, so that an error in one (a regex, a
        // synonym group) stops the run once, whatever language the texts are in.
        let from_files: BTreeSet<&str> = engine
            .packs
            .iter()
            .filter(|p| !p.builtin())
            .map(|p| p.head.language.as_str())
            .collect();
        let errors: Vec<PackError> = from_files
            .into_iter()
            .filter_map(|code| engine.language(code)?.err())
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(engine)
    }
}

/// A pack's text.
#[derive(Debug, Clone)]
enum Source {
    File(String),
    /// JSON with its `rules` key last, at `rules_at` (0: not split), and the ids and categories
    /// of its rules; see [`crate::builtin`].
    Builtin {
        json: &'static str,
        rules_at: usize,
        names: &'static [(&'static str, &'static str)],
        /// Its rules' examples, kept apart: JSON from rule id to examples.
        examples: &'static str,
    },
}

impl Source {
    fn text(&self) -> &str {
        match self {
            Source::File(text) => text,
            Source::Builtin { json, .. } => json,
        }
    }

    /// A built-in pack without its rules, as JSON (when split).
    fn builtin_head(&self) -> Option<String> {
        match *self {
            Source::Builtin { json, rules_at, .. } if rules_at > 0 => {
                Some(format!("{}}}", json[..rules_at].trim_end_matches(',')))
            }
            _ => None,
        }
    }

    /// A built-in pack's rules, as JSON (when split).
    fn builtin_rules(&self) -> Option<&'static str> {
        match *self {
            Source::Builtin { json, rules_at, .. } if rules_at > 0 => {
                Some(&json[rules_at + "\"rules\":".len()..json.len() - 1])
            }
            _ => None,
        }
    }
}

struct Loaded {
    file: String,
    source: Source,
    head: PackHead,
    /// Parsed with the head, except a built-in pack's: on first use.
    rules: OnceLock<Vec<Arc<RuleSpec>>>,
}

impl Loaded {
    /// Where its rules come from.
    fn origin(&self) -> Origin<'_> {
        Origin {
            language: &self.head.language,
            pack: &self.head.pack,
            file: &self.file,
            source: self.source.text(),
            builtin_examples: match self.source {
                Source::Builtin { examples, .. } => Some(examples),
                Source::File(_) => None,
            },
        }
    }

    /// Parse and validate a pack. Of a built-in pack (validated by the tests), only the head is
    /// parsed now.
    fn load(file: String, source: Source) -> Result<Loaded, PackError> {
        let head = source
            .builtin_head()
            .and_then(|head| serde_json::from_str(&head).ok());
        let (head, rules) = match head {
            Some(head) => (head, OnceLock::new()),
            None => {
                let (head, rules) = parse_pack(&file, source.text())?.split();
                (
                    head,
                    OnceLock::from(rules.into_iter().map(Arc::new).collect::<Vec<_>>()),
                )
            }
        };
        Ok(Loaded {
            file,
            source,
            head,
            rules,
        })
    }

    fn builtin(&self) -> bool {
        matches!(self.source, Source::Builtin { .. })
    }

    /// Its rules, shared with the rules compiled later (see [`Rule::compile`]).
    fn rules(&self) -> &[Arc<RuleSpec>] {
        self.rules.get_or_init(|| {
            let rules = self.source.builtin_rules();
            let rules: Vec<RuleSpec> =
                serde_json::from_str(rules.expect("packs from files are parsed whole"))
                    .expect("built-in packs are valid");
            rules.into_iter().map(Arc::new).collect()
        })
    }

    /// An error in this pack's rule `id`, with the rule's line.
    fn error(&self, id: &str, message: String) -> PackError {
        PackError {
            file: self.file.clone(),
            rule: Some(id.to_string()),
            position: crate::pack::line_of_rule(self.source.text(), id),
            message,
        }
    }

    /// The id and category of each of its rules.
    fn names(&self) -> Vec<(&str, &str)> {
        match self.source {
            Source::Builtin { names, .. } => names.to_vec(),
            Source::File(_) => self
                .rules()
                .iter()
                .map(|r| (r.id.as_str(), r.category.as_str()))
                .collect(),
        }
    }

    fn has_rules(&self) -> bool {
        match self.rules.get() {
            Some(rules) => !rules.is_empty(),
            None => self.source.builtin_rules() != Some("[]"),
        }
    }
}

#[derive(Default)]
struct Slot {
    packs: Vec<usize>,
    compiled: OnceLock<Result<Language, PackError>>,
}

/// The compiled rules of one language.
struct Language {
    rules: Vec<Rule>,
    /// The numbers of the rules in the order they run: those that read the folded text first.
    order: Vec<usize>,
    /// How many rules of `order` read the folded text.
    reading_folded: usize,
    phrases: PhraseSet,
    acronyms: Acronyms,
    /// The rules that yield to others ([`crate::rules::RuleInfo::yields_to`]).
    yielding: Vec<usize>,
}

/// Loaded packs, ready to check any number of texts (shareable across threads).
pub struct Engine {
    packs: Vec<Loaded>,
    languages: BTreeMap<String, Slot>,
    conventions: Conventions,
    detector: Detector,
    templates: BTreeMap<String, Templates>,
    select: Vec<String>,
    ignore: Vec<String>,
}

/// How to check one text.
#[derive(Debug, Clone, Copy, Default)]
pub struct CheckOptions<'a> {
    /// The language to use; `None` detects it.
    pub language: Option<&'a str>,
    /// The customer's message; without it, the reply's quoted text serves.
    pub inquiry: Option<&'a str>,
    /// Check a template (a canned reply) rather than a reply about to be sent: placeholders
    /// are allowed, only broken ones and (when the list is not empty) unknown variables are
    /// reported.
    pub template: Option<&'a [String]>,
    /// When the reply is sent, in seconds since 1970 (UTC): its e-mail's `Date`, or now. With
    /// [`Self::customer_wrote`] or the date of the quoted message's attribution line, it tells how
    /// long the customer has waited (`require` rules with `waited_hours`); `None` for a template.
    pub sent_at: Option<i64>,
    /// When the customer wrote (the `Date` of the e-mail given as the customer's message).
    pub customer_wrote: Option<crate::dates::Moment>,
    /// Who sends the reply (its e-mail's `From:`): a quoted message whose attribution names
    /// them is their own earlier one, and tells nothing of how long the customer has waited.
    pub sender: crate::document::Sender<'a>,
    /// The customer's name as an e-mail gives it (the reply's `To:`, or the `From:` of the
    /// e-mail given as the customer's message): whom the greeting should name.
    pub recipient: Option<&'a str>,
}

/// The outcome of checking one text.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The language used (detected or given), if any.
    pub language: Option<String>,
    /// Findings, sorted by position and rule.
    pub diagnostics: Vec<Diagnostic>,
}

impl Engine {
    /// Start building an engine.
    pub fn builder() -> EngineBuilder {
        EngineBuilder::default()
    }

    fn wanted(&self, id: &str, category: &str) -> bool {
        let listed = |l: &Vec<String>| l.iter().any(|x| x == id || x == category);
        (self.select.is_empty() || listed(&self.select)) && !listed(&self.ignore)
    }

    fn language(&self, code: &str) -> Option<Result<&Language, PackError>> {
        let slot = self.languages.get(code)?;
        let compiled = slot.compiled.get_or_init(|| {
            let mut rules = Vec::new();
            let mut builder = PhraseSetBuilder::default();
            // A sentence to insert follows the reply's variant ("du") even when the consistency
            // rule that tells the variants is not selected: such a rule is compiled to tell
            // them, and never run.
            let mut unselected = Vec::new();
            for &i in &slot.packs {
                let p = &self.packs[i];
                let origin = p.origin();
                for r in p.rules() {
                    if self.wanted(&r.id, &r.category) {
                        rules.push(Rule::compile(r, &origin, rules.len(), &mut builder)?);
                    } else if r.kind == crate::pack::Kind::Consistency {
                        unselected.push((p, r));
                    }
                }
            }
            let mut tellers = Vec::new();
            if rules.iter().any(Rule::has_insert_variants) {
                for (p, r) in unselected {
                    let index = rules.len() + tellers.len();
                    tellers.push(Rule::compile(r, &p.origin(), index, &mut builder)?);
                }
            }
            Rule::link_insert_variants(&mut rules, &tellers);
            let mut acronyms = Acronyms::default();
            for r in &rules {
                r.add_acronyms(&mut acronyms);
            }
            let (mut order, then): (Vec<usize>, Vec<usize>) =
                (0..rules.len()).partition(|&i| rules[i].reads_folded());
            let reading_folded = order.len();
            order.extend(then);
            let yielding = (0..rules.len())
                .filter(|&i| !rules[i].info.yields_to.is_empty())
                .collect();
            Ok(Language {
                yielding,
                rules,
                order,
                reading_folded,
                phrases: builder.build(),
                acronyms,
            })
        });
        Some(compiled.as_ref().map_err(Clone::clone))
    }

    /// The fewest hours a customer may wait before a rule of `language` asks the reply to say a
    /// word about the wait (`waited_hours`), if one does.
    pub fn patience_hours(&self, language: &str) -> Result<Option<f64>, PackError> {
        let Some(lang) = self.language(language) else {
            return Ok(None);
        };
        Ok(lang?
            .rules
            .iter()
            .filter_map(Rule::waited_hours)
            .reduce(f64::min))
    }

    /// Every loaded rule (selected and not ignored), by language. Compiles every language.
    pub fn rules(&self) -> Result<Vec<&Rule>, PackError> {
        let mut all = Vec::new();
        for code in self.languages.keys() {
            if let Some(lang) = self.language(code) {
                all.extend(lang?.rules.iter());
            }
        }
        Ok(all)
    }

    /// Whether a loaded rule (selected or not) has this id or category.
    pub fn knows(&self, id_or_category: &str) -> bool {
        self.names()
            .any(|(id, category)| id == id_or_category || category == id_or_category)
    }

    /// Whether some loaded rule that `id_or_category` names runs (is selected and not ignored).
    pub fn runs(&self, id_or_category: &str) -> bool {
        self.names().any(|(id, category)| {
            (id == id_or_category || category == id_or_category) && self.wanted(id, category)
        })
    }

    /// The id and category of every loaded rule, and of the checks that are no pack's
    /// ([`crate::checks`]).
    fn names(&self) -> impl Iterator<Item = (&str, &str)> {
        self.packs
            .iter()
            .flat_map(Loaded::names)
            .chain(crate::checks::ALL.iter().map(|c| (c.id, c.category)))
    }

    /// The loaded rule id or category closest to `name` (a typo of it), if one is close.
    pub fn closest(&self, name: &str) -> Option<String> {
        let mut known: Vec<&str> = self
            .names()
            .flat_map(|(id, category)| [id, category])
            .collect();
        known.sort_unstable();
        known.dedup();
        known
            .into_iter()
            .map(|k| (edit_distance(name, k), k))
            .filter(|&(d, k)| d <= 2 && d < k.chars().count())
            .min()
            .map(|(_, k)| k.to_string())
    }

    /// The conventions of all loaded packs, merged.
    pub fn conventions(&self) -> &Conventions {
        &self.conventions
    }

    /// The templates of a language.
    pub fn templates(&self, language: &str) -> Option<&Templates> {
        self.templates.get(language)
    }

    /// The languages that have rules.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.languages.keys().map(String::as_str)
    }

    /// Parse `text` with the loaded packs' conventions.
    pub fn parse<'a>(&self, text: &'a str) -> Document<'a> {
        Document::parse(text, &self.conventions)
    }

    /// Detect the language of a parsed document (by its reply, never its quoted text).
    pub fn detect(&self, doc: &Document) -> Option<String> {
        self.detect_folded(&doc.fold())
    }

    fn detect_folded(&self, folded: &Folded) -> Option<String> {
        self.detector.detect(&folded.text).map(str::to_string)
    }

    /// The questions of a customer's message, as its `unanswered` rule sees them
    /// (sentences ending in `?` when the language has none), each on one line. A question
    /// without words of its own comes after the statement it asks about ("My parcel has not
    /// come. Where is it?").
    pub fn questions(&self, doc: &Document, language: &str) -> Result<Vec<String>, PackError> {
        let spans = match self.language(language).transpose()? {
            Some(lang) => lang.rules.iter().find_map(|r| r.questions(doc)),
            None => None,
        };
        let spans = spans.unwrap_or_else(|| {
            doc.sentences
                .iter()
                .copied()
                .filter(|s| doc.slice(*s).trim_end().ends_with('?'))
                .map(|s| (s, None))
                .collect()
        });
        // One line, without the label of a form's field ("Message: Where is …?").
        let one_line = |s: Span| {
            let text = doc.slice(s);
            (crate::document::form_field_value(text).unwrap_or(text))
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        Ok(spans
            .into_iter()
            .map(|(q, about)| match about {
                Some(about) => format!("{} {}", one_line(about), one_line(q)),
                None => one_line(q),
            })
            .collect())
    }

    /// Check one text, honouring its suppression comments ([`crate::suppress`]). A text longer
    /// than [`crate::sections::SECTIONED_FROM`] bytes is checked in sections
    /// ([`Engine::check_sections`]), whose findings are returned together.
    pub fn check(&self, text: &str, options: &CheckOptions) -> Result<Report, PackError> {
        let mut report = Report::default();
        self.check_sections(text, options, |section| {
            report.language = report.language.take().or(section.language);
            report.diagnostics.extend(section.diagnostics);
            ControlFlow::Continue(())
        })?;
        Ok(report)
    }

    /// Check one text section by section ([`crate::sections`]), handing each section's report
    /// (positions in `text`) to `each` as soon as the section is checked, so that memory grows
    /// with a section, not with the text. Stops when `each` breaks.
    ///
    /// A text up to [`crate::sections::SECTIONED_FROM`] bytes is one section. A longer one is
    /// not one reply (it is an export, a log, many replies in a file): each section is checked
    /// as a text of its own (language, suppression comments, consistency), except that only the
    /// first is checked for how a reply opens, only the last for how it closes, and none for
    /// the customer's questions being answered.
    pub fn check_sections(
        &self,
        text: &str,
        options: &CheckOptions,
        mut each: impl FnMut(Report) -> ControlFlow<()>,
    ) -> Result<(), PackError> {
        let sections = crate::sections::sections(text);
        for k in 0..sections.len() {
            if each(self.check_section(text, &sections, k, options)?).is_break() {
                break;
            }
        }
        Ok(())
    }

    /// Check an already parsed text. Fails only when a pack of the language cannot be compiled.
    pub fn check_document(
        &self,
        doc: &Document,
        options: &CheckOptions,
    ) -> Result<Report, PackError> {
        let folded = doc.fold();
        let customer_text = options
            .inquiry
            .map(str::to_string)
            .or_else(|| (!doc.customer_text.trim().is_empty()).then(|| doc.customer_text.clone()));
        let customer = customer_text
            .as_deref()
            .map(|t| Document::parse(t, &self.conventions));
        // A reply without a word to tell its language by ("👍", a placeholder alone) is taken
        // to be in the customer's language, else in English (or the first loaded).
        let wordless = || !folded.text.chars().any(char::is_alphabetic);
        let language = match options.language {
            Some(l) => Some(l.to_string()),
            None => (self.detect_folded(&folded))
                .or_else(|| {
                    let customer = || customer.as_ref().and_then(|c| self.detect(c));
                    let fallback = || {
                        let en = self.languages.keys().find(|l| *l == "en");
                        en.or(self.languages.keys().next()).cloned()
                    };
                    wordless().then(|| customer().or_else(fallback)).flatten()
                })
                .or_else(|| {
                    (self.languages.len() == 1)
                        .then(|| self.languages.keys().next().cloned())
                        .flatten()
                }),
        };
        let empty = (doc.section.is_none())
            .then(|| crate::checks::empty_reply(doc, language.as_deref().unwrap_or_default()))
            .flatten()
            .filter(|_| self.runs(crate::checks::EMPTY_REPLY.id));
        let Some(lang) = language.as_deref().and_then(|l| self.language(l)) else {
            return Ok(Report {
                language,
                diagnostics: empty.into_iter().collect(),
            });
        };
        let lang = lang?;
        // Questions in another language cannot be found in the reply word by word: they are
        // counted, not checked.
        let asked_elsewhere = (customer.as_ref())
            .filter(|_| doc.section.is_none() && lang.rules.iter().any(Rule::asks_questions))
            .and_then(|c| Some((c, self.detect(c)?)))
            .filter(|(_, l)| Some(l.as_str()) != language.as_deref());
        let mut notes = Vec::new();
        if let Some((c, asked_in)) = &asked_elsewhere {
            let questions = self.questions(c, asked_in)?.len();
            if questions > 0 && self.runs(crate::checks::INQUIRY_LANGUAGE.id) {
                let at = doc.sentences.first().copied();
                let at = at.unwrap_or(Span::new(doc.body.start, doc.body.start));
                let reply_in = language.as_deref().unwrap_or_default();
                notes.push(crate::checks::INQUIRY_LANGUAGE.diagnostic(
                    doc.text,
                    at,
                    reply_in,
                    format!(
                        "The customer asked {questions} question{} in `{asked_in}` and the reply is in `{reply_in}`: whether {} answered is not checked",
                        if questions == 1 { "" } else { "s" },
                        if questions == 1 { "it is" } else { "they are" },
                    ),
                    Some("Make sure the reply answers every question".into()),
                ));
            }
        }
        let hits = lang.phrases.find(&folded);
        let mut ctx = Context {
            doc,
            hits: &hits,
            customer: customer.as_ref(),
            questions_checked: asked_elsewhere.is_none(),
            acronyms: &lang.acronyms,
            conventions: &self.conventions,
            caps_runs: Default::default(),
            folded: folded.into(),
            template: options.template,
            recipient: options.recipient,
            sender: options.sender,
            // A text checked in sections is no one reply to one message.
            waited_hours: options
                .sent_at
                .filter(|_| doc.section.is_none())
                .and_then(|sent| {
                    let wrote = (options.customer_wrote).or_else(|| {
                        crate::document::customer_wrote(
                            doc,
                            &self.conventions,
                            options.sender,
                            sent,
                        )
                    })?;
                    Some(wrote.hours_until(sent))
                }),
        };
        // The rules that read the folded text first: it is freed before the others add their
        // findings (a long text has a great many). The order of findings does not depend on it.
        // Most replies get a few findings: room for them before the first.
        let mut diagnostics = Vec::with_capacity(4);
        let (first, then) = lang.order.split_at(lang.reading_folded);
        for &i in first {
            lang.rules[i].check(i, &ctx, &mut diagnostics);
        }
        ctx.folded.take();
        for &i in then {
            lang.rules[i].check(i, &ctx, &mut diagnostics);
        }
        drop_yielded(doc, &lang.rules, &lang.yielding, &mut diagnostics);
        crate::fix::keep_quotations(doc.text, &mut diagnostics);
        diagnostics.extend(empty);
        diagnostics.extend(notes);
        crate::diagnostic::sort(&mut diagnostics);
        Ok(Report {
            language,
            diagnostics,
        })
    }

    /// Check section `k` of `sections`, the sections of `text` ([`crate::sections::sections`]),
    /// as [`Engine::check_sections`] does (positions in `text`). Sections can be checked on
    /// several threads at once.
    pub fn check_section(
        &self,
        text: &str,
        sections: &[Span],
        k: usize,
        options: &CheckOptions,
    ) -> Result<Report, PackError> {
        let span = sections[k];
        let section = &text[span.start..span.end];
        let mut doc = self.parse(section);
        if sections.len() > 1 {
            doc.section = Some((k + 1, sections.len()));
        }
        let mut report = self.check_document(&doc, options)?;
        drop(doc);
        let language = report.language.as_deref().unwrap_or_default();
        let found = std::mem::take(&mut report.diagnostics);
        report.diagnostics = crate::suppress::apply(section, found, language, self);
        if span.start > 0 {
            for d in &mut report.diagnostics {
                d.map_offsets(|at| at + span.start);
            }
        }
        Ok(report)
    }
}

/// The Levenshtein distance between `a` and `b`, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Drop the findings of the `yielding` rules (numbers in `rules`) where a rule they yield to
/// ([`crate::rules::RuleInfo::yields_to`]) reports something in the same sentence.
fn drop_yielded(
    doc: &Document,
    rules: &[Rule],
    yielding: &[usize],
    diagnostics: &mut Vec<Diagnostic>,
) {
    if yielding.is_empty() {
        return;
    }
    let yielding = || yielding.iter().map(|&i| &rules[i]);
    let yields = |d: &Diagnostic| yielding().find(|r| r.info.id == d.rule);
    if !diagnostics.iter().any(|d| yields(d).is_some()) {
        return;
    }
    // The sentences where a rule yielded to reports something.
    let reported: HashSet<(Name, Span)> = diagnostics
        .iter()
        .filter(|d| yielding().any(|r| r.info.yields_to.contains(&d.rule)))
        .filter_map(|d| Some((d.rule.clone(), doc.sentence_at(d.span.start)?)))
        .collect();
    diagnostics.retain(|d| {
        let (Some(r), Some(sentence)) = (yields(d), doc.sentence_at(d.span.start)) else {
            return true;
        };
        !r.info
            .yields_to
            .iter()
            .any(|other| reported.contains(&(other.clone(), sentence)))
    });
}

#[cfg(test)]
mod tests {
    use super::Engine;

    /// Two rules on "soon": `broad` (whole sentence) yields to `precise` (the word).
    const YIELDING: &str = "pack: p\nlanguage: en\nrules:\n  - id: broad\n    category: timeframe\n    severity: warning\n    kind: phrases\n    message: m\n    explanation: e\n    yields_to: [precise]\n    phrases: [get back to you]\n    examples:\n      - fires: We get back to you.\n      - silent: We get back to you soon.\n  - id: precise\n    category: timeframe\n    severity: warning\n    kind: phrases\n    message: m\n    explanation: e\n    phrases: [soon]\n    examples:\n      - fires: Soon.\n      - silent: Today.\n";

    fn rules_found(engine: &Engine, text: &str) -> Vec<String> {
        let options = super::CheckOptions {
            language: Some("en"),
            ..Default::default()
        };
        let report = engine.check(text, &options).expect("compiles");
        report
            .diagnostics
            .iter()
            .map(|d| d.rule.to_string())
            .collect()
    }

    #[test]
    fn a_finding_yields_only_to_one_in_its_own_sentence() {
        let engine = Engine::builder().pack("p.yaml", YIELDING).build().unwrap();
        assert_eq!(
            rules_found(&engine, "We get back to you soon."),
            ["precise"]
        );
        assert_eq!(
            rules_found(&engine, "We get back to you. It ships soon."),
            ["broad", "precise"]
        );
        let alone = Engine::builder()
            .pack("p.yaml", YIELDING)
            .ignore(vec!["precise".into()])
            .build()
            .unwrap();
        assert_eq!(rules_found(&alone, "We get back to you soon."), ["broad"]);
    }

    /// A `require` rule whose phrases do not hold its own inserted sentence.
    const INSERTING: &str = "pack: p\nlanguage: en\nrules:\n  - id: offer\n    category: closing\n    severity: warning\n    kind: require\n    scope: closing\n    message: m\n    explanation: e\n    fix: safe\n    phrases: [happy to help]\n    insert: Write back any time.\n    examples:\n      - fires: It works. Bye.\n      - silent: It works. Happy to help.\n";

    #[test]
    fn a_require_rule_is_satisfied_by_its_own_inserted_sentence() {
        let engine = Engine::builder().pack("p.yaml", INSERTING).build().unwrap();
        let text = "It works now. Have a good day.";
        let options = super::CheckOptions {
            language: Some("en"),
            ..Default::default()
        };
        let report = engine.check(text, &options).unwrap();
        assert_eq!(rules_found(&engine, text), ["offer"]);
        let fixed = crate::fix::apply_fixes(text, &report.diagnostics, crate::Applicability::Safe);
        assert!(
            fixed.text.contains("Write back any time."),
            "{}",
            fixed.text
        );
        assert!(
            rules_found(&engine, &fixed.text).is_empty(),
            "{}",
            fixed.text
        );
    }

    /// Opening, closing and a phrase, for checking a long text.
    const SECTIONED: &str = "pack: p\nlanguage: en\nrules:\n  - id: opening\n    category: thanks\n    severity: warning\n    kind: require\n    scope: first-sentence\n    message: m\n    explanation: e\n    phrases: [thanks]\n    examples:\n      - fires: Hello.\n      - silent: Thanks.\n  - id: closing\n    category: closing\n    severity: warning\n    kind: require\n    scope: closing\n    message: m\n    explanation: e\n    phrases: [bye]\n    examples:\n      - fires: It works. See.\n      - silent: It works. Bye.\n  - id: calm\n    category: abrasive\n    severity: warning\n    kind: phrases\n    message: m\n    explanation: e\n    phrases: [calm down]\n    examples:\n      - fires: Calm down.\n      - silent: Be calm.\n";

    /// A text too long to be one reply is checked section by section: findings in the text's
    /// positions, its opening checked in the first section only and its closing in the last,
    /// a suppression comment holding in its own section.
    #[test]
    fn a_long_text_is_checked_in_sections() {
        let engine = Engine::builder().pack("p.yaml", SECTIONED).build().unwrap();
        let options = super::CheckOptions {
            language: Some("en"),
            ..Default::default()
        };
        let calm = "The parcel left the warehouse this morning and is on its way to you now. ";
        let paragraph = format!("{}Calm down.\n\n", calm.repeat(4));
        let mut text = paragraph.repeat(crate::sections::SECTIONED_FROM / paragraph.len() + 1);
        text.push_str("<!-- tactful-ignore abrasive -->\n\nCalm down. It works.\n");
        let spans = crate::sections::sections(&text);
        let last = spans.last().copied().unwrap();
        assert!(spans.len() > 2);

        let report = engine.check(&text, &options).unwrap();
        let found = |rule: &str| -> Vec<usize> {
            let at = report.diagnostics.iter().filter(|d| d.rule == rule);
            at.map(|d| d.span.start).collect()
        };
        assert_eq!(found("opening"), [0]);
        let closing = found("closing");
        assert_eq!(closing.len(), 1);
        assert!(closing[0] >= last.start);
        let calm_downs = found("calm");
        assert_eq!(calm_downs.len(), last.start / paragraph.len());
        assert!(calm_downs.iter().all(|&at| at < last.start));
        for d in &report.diagnostics {
            assert_eq!(text[d.span.start..d.span.end], d.text, "{d:?}");
        }

        let mut reports = Vec::new();
        engine
            .check_sections(&text, &options, |r| {
                reports.push(r.diagnostics);
                std::ops::ControlFlow::Continue(())
            })
            .unwrap();
        assert_eq!(reports.len(), spans.len());
        assert_eq!(reports.concat(), report.diagnostics);
        let mut calls = 0;
        engine
            .check_sections(&text, &options, |_| {
                calls += 1;
                std::ops::ControlFlow::Break(())
            })
            .unwrap();
        assert_eq!(calls, 1);
    }

    /// A later part of a thread of replies ("2/3") need not open with thanks, nor an earlier
    /// one end with an offer of help; the last part must still end with one.
    #[test]
    fn numbered_parts_of_a_thread_open_and_close_only_where_they_do() {
        let engine = Engine::builder().builtin_packs().build().unwrap();
        let first = "@anna Thanks for asking. Open the app and restart it. Then log in again. 1/2";
        let middle = "@anna 2/3 Open the settings and reset them. Then log in again.";
        let last = "@anna Open the settings and reset them. Then log in again. 3/3";
        let alone = "@anna Open the settings and reset them. Then log in again.";
        assert!(rules_found(&engine, first).is_empty());
        assert!(rules_found(&engine, middle).is_empty());
        assert_eq!(rules_found(&engine, last), ["closing-offer-help"]);
        assert_eq!(
            rules_found(&engine, alone),
            ["thanks-first-sentence", "closing-offer-help"]
        );
    }

    /// A phrase inside a match of an `except_patterns` regex in its sentence does not count;
    /// a regex that does not compile is the pack's error.
    #[test]
    fn except_patterns_hold_findings_in_their_matches() {
        let pack = |pattern: &str| {
            format!("pack: p\nlanguage: en\nrules:\n  - id: must\n    category: abrasive\n    severity: warning\n    kind: phrases\n    message: m\n    explanation: e\n    phrases: [you must]\n    except_patterns: ['{pattern}']\n    examples:\n      - fires: You must sign.\n      - silent: Please sign.\n")
        };
        let engine = Engine::builder()
            .pack("p.yaml", pack(r"you must (?:\w+ ){1,3}?not\b"))
            .build()
            .unwrap();
        assert_eq!(rules_found(&engine, "You must sign the form."), ["must"]);
        assert!(rules_found(&engine, "You must sign it not later than Friday.").is_empty());
        // The exception holds in its own sentence only.
        assert_eq!(
            rules_found(&engine, "You must sign. It is not hard."),
            ["must"]
        );
        // Found when the pack is loaded, whatever language the texts are in.
        let errors = Engine::builder()
            .pack("p.yaml", pack("you must ("))
            .build()
            .err()
            .expect("bad regex");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().contains("bad regex"), "{}", errors[0]);
        assert!(
            errors[0].to_string().starts_with("p.yaml:"),
            "{}",
            errors[0]
        );
    }

    /// The names written at build time, used to check `--select`, are those of the rules.
    #[test]
    fn builtin_rule_names_match_their_rules() {
        let engine = Engine::builder().builtin_packs().build().unwrap();
        for p in &engine.packs {
            let parsed: Vec<(&str, &str)> = p
                .rules()
                .iter()
                .map(|r| (r.id.as_str(), r.category.as_str()))
                .collect();
            assert_eq!(p.names(), parsed, "{}", p.file);
        }
    }

    #[test]
    fn names_are_checked_and_typos_get_a_suggestion() {
        let engine = Engine::builder().builtin_packs().build().unwrap();
        assert!(engine.knows("timeframe") && engine.knows("abrasive-blame"));
        assert!(!engine.knows("timefram"));
        assert_eq!(engine.closest("timefram").as_deref(), Some("timeframe"));
        assert_eq!(
            engine.closest("abrasive-blam").as_deref(),
            Some("abrasive-blame")
        );
        assert_eq!(engine.closest("xyz"), None);
        assert_eq!(super::edit_distance("kitten", "sitting"), 3);
        assert_eq!(super::edit_distance("", "ab"), 2);
        assert_eq!(super::edit_distance("ёж", "еж"), 1);
    }

    #[test]
    fn yielding_to_an_unknown_rule_is_an_error() {
        let pack = YIELDING.replace("yields_to: [precise]", "yields_to: [precice]");
        let errors = Engine::builder().pack("p.yaml", &pack).build().err();
        let e = &errors.expect("an unknown id")[0];
        assert!(e.message.contains("`precice`"), "{e}");
        assert_eq!(e.rule.as_deref(), Some("broad"));
    }

    #[test]
    fn inserted_sentences_follow_the_replys_variant() {
        let pack = |variants: &str| {
            format!(
                "pack: p\nlanguage: de\nrules:\n  - id: address\n    category: abrasive\n    severity: warning\n    kind: consistency\n    message: m\n    explanation: e\n    variants:\n      Sie: [Ihnen, Ihr*]\n      du: [dir, dein*]\n    examples:\n      - fires: Ich schicke Ihnen und dir den Link.\n      - silent: Ich schicke dir den Link.\n  - id: thanks\n    category: thanks\n    severity: warning\n    kind: require\n    scope: first-sentence\n    message: m\n    explanation: e\n    phrases: [danke]\n    insert: Vielen Dank für Ihre Nachricht.\n    insert_variants:\n      {variants}\n    examples:\n      - fires: Dein Paket ist unterwegs.\n      - silent: Danke. Dein Paket ist unterwegs.\n"
            )
        };
        let engine = Engine::builder()
            .pack("p.yaml", pack("du: Danke für deine Nachricht."))
            .build()
            .unwrap();
        let options = crate::CheckOptions {
            language: Some("de"),
            ..Default::default()
        };
        let fix = |text: &str| {
            let report = engine.check(text, &options).unwrap();
            let d = report
                .diagnostics
                .iter()
                .find(|d| d.rule == "thanks")
                .unwrap();
            d.fix.as_ref().unwrap().edits[0].replacement.clone()
        };
        assert!(fix("Dein Paket ist unterwegs.").starts_with("Danke für deine Nachricht."));
        assert!(fix("Ihr Paket ist unterwegs.").starts_with("Vielen Dank für Ihre Nachricht."));
        assert!(fix("Das Paket ist unterwegs.").starts_with("Vielen Dank für Ihre Nachricht."));
        // With the consistency rule ignored, it still tells the variant, and is not run.
        let without = Engine::builder()
            .pack("p.yaml", pack("du: Danke für deine Nachricht."))
            .ignore(vec!["address".into()])
            .build()
            .unwrap();
        let report = without
            .check("Dein Paket ist unterwegs. Ihr Paket auch.", &options)
            .unwrap();
        assert_eq!(report.diagnostics.len(), 1);
        let d = &report.diagnostics[0];
        assert!(d.fix.as_ref().unwrap().edits[0]
            .replacement
            .starts_with("Danke für deine Nachricht."));
        // A variant no consistency rule has is an error naming the rule.
        let errors = Engine::builder()
            .pack("p.yaml", pack("ihr: Danke für eure Nachricht."))
            .build()
            .err()
            .expect("an unknown variant");
        assert!(errors[0].message.contains("`ihr`"), "{}", errors[0]);
        assert_eq!(errors[0].rule.as_deref(), Some("thanks"));
    }

    /// Built-in packs are loaded unvalidated, their rules read and some of their patterns
    /// compiled only when needed: loaded as packs from files, they are checked at once.
    #[test]
    fn builtin_packs_are_valid_and_load_the_same_either_way() {
        let mut builder = Engine::builder();
        for (path, _) in crate::builtin::PACKS {
            let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
            let yaml = std::fs::read_to_string(&file).expect("a built-in pack's file");
            builder = builder.pack(*path, yaml);
        }
        let checked = builder.build().expect("built-in packs are valid");
        let checked = checked.rules().expect("built-in patterns compile");
        let lazy = Engine::builder().builtin_packs().build().expect("loads");
        let lazy = lazy.rules().expect("compiles");
        let ids = |rules: Vec<&crate::rules::Rule>| -> Vec<(String, String)> {
            rules
                .iter()
                .map(|r| (r.info.language.to_string(), r.info.id.to_string()))
                .collect()
        };
        assert_eq!(ids(checked), ids(lazy));
    }
}
