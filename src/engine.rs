//! The engine: loaded packs compiled into rules and one phrase automaton per language.

use crate::diagnostic::Diagnostic;
use crate::document::{Conventions, Document};
use crate::language::Detector;
use crate::pack::{parse_pack, PackError, Templates};
use crate::phrases::{PhraseSet, PhraseSetBuilder};
use crate::rules::{Context, Rule};
use std::collections::{BTreeMap, HashSet};

/// The pack sources and rule filters an [`Engine`] is built from.
#[derive(Debug, Default, Clone)]
pub struct EngineBuilder {
    packs: Vec<(String, String)>,
    select: Vec<String>,
    ignore: Vec<String>,
}

impl EngineBuilder {
    /// Add a pack: `file` names it in errors, `source` is its YAML.
    pub fn pack(mut self, file: impl Into<String>, source: impl Into<String>) -> Self {
        self.packs.push((file.into(), source.into()));
        self
    }

    /// Add the packs built into tactful.
    pub fn builtin_packs(mut self) -> Self {
        for (path, source) in crate::builtin::PACKS {
            self.packs
                .push((format!("<built-in>/{path}"), source.to_string()));
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

    /// Parse, validate and compile every pack. Stops at the first broken pack.
    pub fn build(self) -> Result<Engine, Vec<PackError>> {
        let mut errors = Vec::new();
        let mut rules: Vec<Rule> = Vec::new();
        let mut builders: BTreeMap<String, PhraseSetBuilder> = BTreeMap::new();
        let mut conventions = Conventions::default();
        let mut detector = Detector::default();
        let mut templates: BTreeMap<String, Templates> = BTreeMap::new();
        let mut ids: HashSet<(String, String)> = HashSet::new();
        let wanted = |id: &str, cat: &str| {
            let listed = |l: &Vec<String>| l.iter().any(|x| x == id || x == cat);
            (self.select.is_empty() || listed(&self.select)) && !listed(&self.ignore)
        };
        let mut parsed = Vec::new();
        for (file, source) in &self.packs {
            match parse_pack(file, source) {
                // A pack with the name of one loaded before replaces it (e.g. an edited built-in pack).
                Ok(spec) => {
                    parsed.retain(|(_, _, s): &(&String, &String, crate::pack::PackSpec)| {
                        s.pack != spec.pack
                    });
                    parsed.push((file, source, spec));
                }
                Err(e) => errors.push(e),
            }
        }
        for (file, source, spec) in parsed {
            conventions.extend(&spec.conventions);
            detector.add(&spec.language, &spec.conventions);
            templates
                .entry(spec.language.clone())
                .or_default()
                .merge_missing(&spec.templates);
            for r in &spec.rules {
                if !ids.insert((spec.language.clone(), r.id.clone())) {
                    errors.push(PackError {
                        file: file.to_string(),
                        rule: Some(r.id.clone()),
                        position: crate::pack::line_of_rule(source, &r.id),
                        message: format!(
                            "duplicate rule id: another loaded `{}` pack defines it",
                            spec.language
                        ),
                    });
                    continue;
                }
                if !wanted(&r.id, &r.category) {
                    continue;
                }
                let builder = builders.entry(spec.language.clone()).or_default();
                match Rule::compile(
                    r,
                    &spec.language,
                    &spec.pack,
                    file,
                    source,
                    rules.len(),
                    builder,
                ) {
                    Ok(rule) => rules.push(rule),
                    Err(e) => errors.push(e),
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let languages = builders
            .into_iter()
            .map(|(code, b)| {
                let members: Vec<usize> = (0..rules.len())
                    .filter(|&i| rules[i].info.language == code)
                    .collect();
                let known_acronyms = members
                    .iter()
                    .flat_map(|&i| rules[i].known_acronyms())
                    .collect();
                (
                    code,
                    Language {
                        rules: members,
                        phrases: b.build(),
                        known_acronyms,
                    },
                )
            })
            .collect();
        Ok(Engine {
            rules,
            languages,
            conventions,
            detector,
            templates,
        })
    }
}

struct Language {
    rules: Vec<usize>,
    phrases: PhraseSet,
    known_acronyms: HashSet<String>,
}

/// Compiled packs, ready to check any number of texts (shareable across threads).
pub struct Engine {
    rules: Vec<Rule>,
    languages: BTreeMap<String, Language>,
    conventions: Conventions,
    detector: Detector,
    templates: BTreeMap<String, Templates>,
}

/// How to check one text.
#[derive(Debug, Clone, Copy, Default)]
pub struct CheckOptions<'a> {
    /// The language to use; `None` detects it.
    pub language: Option<&'a str>,
    /// The customer's message; without it, the reply's quoted text serves.
    pub inquiry: Option<&'a str>,
}

/// The outcome of checking one text.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The language used (detected or given), if any pack matched.
    pub language: Option<String>,
    /// Findings, sorted by position and rule.
    pub diagnostics: Vec<Diagnostic>,
}

impl Engine {
    /// Start building an engine.
    pub fn builder() -> EngineBuilder {
        EngineBuilder::default()
    }

    /// Every loaded rule, in pack order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
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
        self.detector.detect(&doc.folded.text).map(str::to_string)
    }

    /// Check one text.
    pub fn check(&self, text: &str, options: &CheckOptions) -> Report {
        let doc = self.parse(text);
        self.check_document(&doc, options)
    }

    /// Check an already parsed text.
    pub fn check_document(&self, doc: &Document, options: &CheckOptions) -> Report {
        let language = match options.language {
            Some(l) => Some(l.to_string()),
            None => self.detect(doc).or_else(|| {
                (self.languages.len() == 1)
                    .then(|| self.languages.keys().next().cloned())
                    .flatten()
            }),
        };
        let Some(lang) = language.as_deref().and_then(|l| self.languages.get(l)) else {
            return Report {
                language,
                diagnostics: Vec::new(),
            };
        };
        let customer_text = options
            .inquiry
            .map(str::to_string)
            .or_else(|| (!doc.customer_text.trim().is_empty()).then(|| doc.customer_text.clone()));
        let customer = customer_text
            .as_deref()
            .map(|t| Document::parse(t, &self.conventions));
        let hits = lang.phrases.find(&doc.folded);
        let ctx = Context {
            doc,
            hits: &hits,
            customer: customer.as_ref(),
            known_acronyms: &lang.known_acronyms,
            conventions: &self.conventions,
        };
        let mut diagnostics = Vec::new();
        for &i in &lang.rules {
            self.rules[i].check(i, &ctx, &mut diagnostics);
        }
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Report {
            language,
            diagnostics,
        }
    }
}
