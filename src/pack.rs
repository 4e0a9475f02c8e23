//! The YAML pack format: parsing and validation (no compilation; see [`crate::rules`]).

use crate::diagnostic::{Applicability, Severity};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

/// A pack as written in YAML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackSpec {
    pub pack: String,
    pub language: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub conventions: Conventions,
    #[serde(default)]
    pub templates: Templates,
    pub rules: Vec<RuleSpec>,
}

/// A pack without its rules: what every loaded pack contributes whatever the language.
#[derive(Debug, Clone, Deserialize)]
pub struct PackHead {
    pub pack: String,
    pub language: String,
    #[serde(default)]
    pub conventions: Conventions,
    #[serde(default)]
    pub templates: Templates,
}

impl PackSpec {
    /// The pack's head and its rules.
    pub fn split(self) -> (PackHead, Vec<RuleSpec>) {
        let head = PackHead {
            pack: self.pack,
            language: self.language,
            conventions: self.conventions,
            templates: self.templates,
        };
        (head, self.rules)
    }
}

/// How texts of a language are written: used to parse texts and detect their language.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conventions {
    #[serde(default)]
    pub greetings: Vec<String>,
    #[serde(default)]
    pub sign_offs: Vec<String>,
    #[serde(default)]
    pub abbreviations: Vec<String>,
    #[serde(default)]
    pub markers: Vec<String>,
    /// Letters found only in this language (`õ`, `ß`), for language detection.
    #[serde(default)]
    pub letters: String,
    /// Every letter the language writes with, for language detection: a text with many
    /// letters of the same script outside it is in another language.
    #[serde(default)]
    pub alphabet: String,
    /// How mail apps of this language mark quoted text, signatures and reply subjects.
    #[serde(default)]
    pub mail: MailConventions,
}

/// The words mail apps write in one language, to tell quoted text and signatures from the
/// reply. Matched case-insensitively.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailConventions {
    /// The "wrote" of an attribution line: "On 3 Feb, Anna wrote:" (`wrote`).
    #[serde(default)]
    pub wrote: Vec<String>,
    /// First words of an attribution line that goes on with a date: "On 3 Feb, …:" (`on`).
    #[serde(default)]
    pub date_openers: Vec<String>,
    /// What stands between dashes above a forwarded message: `original message`.
    #[serde(default)]
    pub forwarded: Vec<String>,
    /// Lines mail apps append, `*` for one word: `sent from my *`.
    #[serde(default)]
    pub mobile_signatures: Vec<String>,
    /// The first field of a forwarded message's header block: `from`.
    #[serde(default)]
    pub header_from: Vec<String>,
    /// The fields that follow it: `sent`, `date`, `to`, `subject`.
    #[serde(default)]
    pub header_fields: Vec<String>,
    /// Subject prefixes of replies and forwards: `re`, `fwd`.
    #[serde(default)]
    pub reply_prefixes: Vec<String>,
    /// Words of an e-mail's display name that show it is no person's: `form` ("Website Contact
    /// Form"), `support` ("Acme Support").
    #[serde(default)]
    pub not_a_person: Vec<String>,
    /// The labels of a web form's name field: `name`, `your name` ("Name: Anna Berg").
    #[serde(default)]
    pub name_fields: Vec<String>,
    /// The names of the twelve months, each with its abbreviations (`[feb, february]`), to read
    /// the date of an attribution line.
    #[serde(default)]
    pub months: Vec<Vec<String>>,
}

/// Wording for drafts and inserted sentences.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Templates {
    pub greeting: Option<String>,
    pub greeting_no_name: Option<String>,
    pub thanks: Option<String>,
    pub thanks_no_topic: Option<String>,
    pub answer_slot: Option<String>,
    pub timeframe: Option<String>,
    /// After the thanks, when the customer has waited longer than a rule of the language
    /// allows (`waited_hours`): "Thank you for your patience."
    pub patience: Option<String>,
    pub further_help: Option<String>,
    pub sign_off: Option<String>,
    pub signature: Option<String>,
    /// Endings of surnames (Russian `ова`, `ов`): a two-word name whose first word has one and
    /// whose second has none is written surname first ("Иванова Анна"), and greeted by the second.
    pub surname_endings: Option<Vec<String>>,
    /// Endings of patronymics (Russian `ович`, `овна`): a name that has one is greeted by the
    /// first name and the patronymic ("Игорь Петрович").
    pub patronymic_endings: Option<Vec<String>>,
}

impl Templates {
    /// Fill unset templates from `other`.
    pub fn merge_missing(&mut self, other: &Templates) {
        macro_rules! take {
            ($($f:ident),*) => { $( if self.$f.is_none() { self.$f = other.$f.clone(); } )* };
        }
        take!(
            greeting,
            greeting_no_name,
            thanks,
            thanks_no_topic,
            answer_slot,
            timeframe,
            patience,
            further_help,
            sign_off,
            signature,
            surname_endings,
            patronymic_endings
        );
    }
}

/// The kinds of rule a pack can declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Phrases,
    Pattern,
    Require,
    Acronym,
    Unanswered,
    Placeholder,
    Shouting,
    Consistency,
    SentenceLength,
    GreetingName,
}

impl Kind {
    /// The name used in packs.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Phrases => "phrases",
            Kind::Pattern => "pattern",
            Kind::Require => "require",
            Kind::Acronym => "acronym",
            Kind::Unanswered => "unanswered",
            Kind::Placeholder => "placeholder",
            Kind::Shouting => "shouting",
            Kind::Consistency => "consistency",
            Kind::SentenceLength => "sentence-length",
            Kind::GreetingName => "greeting-name",
        }
    }

    /// The fields this kind fills in a message or suggestion, besides `{match}`.
    fn message_fields(self) -> &'static [&'static str] {
        match self {
            Kind::Phrases => &["count", "replacement"],
            Kind::Pattern => &["replacement"],
            Kind::Acronym => &["expansion", "replacement"],
            Kind::Unanswered => &["question"],
            Kind::Placeholder => &["state"],
            Kind::Consistency => &["variant", "main"],
            Kind::SentenceLength => &["count", "limit"],
            Kind::GreetingName => &["name"],
            Kind::Require | Kind::Shouting => &[],
        }
    }

    /// The kind-specific keys this kind accepts.
    fn keys(self) -> &'static [&'static str] {
        match self {
            Kind::Phrases => &["phrases", "except", "except_patterns", "threshold", "fix"],
            Kind::Pattern => &["patterns", "replace", "fix", "case_sensitive"],
            Kind::Require => &[
                "scope",
                "phrases",
                "patterns",
                "when",
                "waited_hours",
                "insert",
                "insert_variants",
                "fix",
            ],
            Kind::Acronym => &["allow", "expansions", "ignore", "max_length", "fix"],
            Kind::Unanswered => &[
                "stop_words",
                "openers",
                "rhetorical",
                "question_patterns",
                "question_starts",
                "suffixes",
                "prefix_length",
                "min_overlap",
                "synonyms",
                "question_words",
                "answers",
            ],
            Kind::Placeholder => &["states"],
            Kind::Shouting => &["allow", "words", "min_length", "fix"],
            Kind::Consistency => &["variants", "case_sensitive"],
            Kind::SentenceLength => &["max_words"],
            Kind::GreetingName => &["not_names", "name_forms", "fix"],
        }
    }
}

/// The states of a placeholder a `placeholder` rule reports, which its `states` may name.
pub const PLACEHOLDER_STATES: [&str; 3] = ["unfilled", "broken", "unknown"];

/// Where a `require` rule looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    FirstSentence,
    Body,
    Closing,
    Sentence,
    /// From the first trigger's sentence to the end of the body.
    FromTrigger,
}

/// One phrase of a phrase list, with optional replacements.
#[derive(Debug, Clone)]
pub enum PhraseSpec {
    Plain(String),
    Full(PhraseEntry),
}

impl<'de> Deserialize<'de> for PhraseSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let expected = "a phrase, or a map with `phrase` and `replace`";
        Ok(match string_or(d, expected)? {
            Either::String(p) => PhraseSpec::Plain(p),
            Either::Other(entry) => PhraseSpec::Full(entry),
        })
    }
}

/// A phrase with replacements.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhraseEntry {
    pub phrase: String,
    #[serde(default)]
    pub replace: Option<OneOrMany>,
}

impl PhraseSpec {
    /// The phrase text.
    pub fn phrase(&self) -> &str {
        match self {
            PhraseSpec::Plain(p) => p,
            PhraseSpec::Full(e) => &e.phrase,
        }
    }

    /// Its replacements (empty when it has none).
    pub fn replacements(&self) -> Vec<String> {
        match self {
            PhraseSpec::Full(PhraseEntry {
                replace: Some(r), ..
            }) => r.to_vec(),
            _ => Vec::new(),
        }
    }
}

/// A string or a list of strings.
#[derive(Debug, Clone)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match string_or(d, "a string or a list of strings")? {
            Either::String(s) => OneOrMany::One(s),
            Either::Other(list) => OneOrMany::Many(list),
        })
    }
}

/// A string, or a value of another type (read from a map or a list).
enum Either<T> {
    String(String),
    Other(T),
}

/// Read a string or a `T`, told apart by what the input holds: not by trying each in turn, as
/// `#[serde(untagged)]` does, which builds an error for every miss (packs hold thousands of
/// phrases). `expected` says what may stand there, for errors.
fn string_or<'de, D, T>(d: D, expected: &'static str) -> Result<Either<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
    struct StringOr<T>(&'static str, std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for StringOr<T> {
        type Value = Either<T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(self.0)
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Either<T>, E> {
            Ok(Either::String(v.to_string()))
        }
        fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Either<T>, E> {
            Ok(Either::String(v))
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Either<T>, A::Error> {
            T::deserialize(MapAccessDeserializer::new(map)).map(Either::Other)
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Either<T>, A::Error> {
            T::deserialize(SeqAccessDeserializer::new(seq)).map(Either::Other)
        }
    }
    d.deserialize_any(StringOr(expected, std::marker::PhantomData))
}

impl OneOrMany {
    /// All values as a list.
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// Phrases and patterns, e.g. a `require` rule's trigger.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Matchers {
    #[serde(default)]
    pub phrases: Vec<String>,
    #[serde(default)]
    pub patterns: Vec<String>,
}

/// One example of a rule: text that must fire (and how it is fixed) or stay silent.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleSpec {
    pub fires: Option<String>,
    pub silent: Option<String>,
    pub fixed: Option<String>,
    pub inquiry: Option<String>,
}

/// A rule as written in YAML: the common keys and every kind's keys, checked against `kind`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: String,
    pub category: String,
    pub severity: Severity,
    pub kind: Kind,
    pub message: String,
    #[serde(default)]
    pub suggestion: Option<String>,
    pub explanation: String,
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
    #[serde(default)]
    pub fix: Option<Applicability>,
    /// Rules (by id, same language) that report the same problem more precisely: their
    /// finding in the sentence of this rule's finding replaces it.
    #[serde(default)]
    pub yields_to: Vec<String>,
    // phrases, require
    pub phrases: Option<Vec<PhraseSpec>>,
    pub except: Option<Vec<String>>,
    /// phrases: regexes whose matches in a sentence hold no finding of the rule.
    pub except_patterns: Option<Vec<String>>,
    pub threshold: Option<usize>,
    // pattern, require
    pub patterns: Option<Vec<String>>,
    pub replace: Option<String>,
    pub case_sensitive: Option<bool>,
    // require
    pub scope: Option<Scope>,
    pub when: Option<Matchers>,
    /// Only when the customer has waited longer than this many hours for the reply (known
    /// from the dates of the reply and of the customer's message).
    pub waited_hours: Option<f64>,
    pub insert: Option<String>,
    /// The sentence to insert instead of `insert` when the reply mostly uses this variant of a
    /// `consistency` rule of the language (a form of address: `du: "Danke für deine Nachricht."`).
    pub insert_variants: Option<BTreeMap<String, String>>,
    // acronym, shouting
    pub allow: Option<Vec<String>>,
    pub expansions: Option<BTreeMap<String, String>>,
    pub ignore: Option<Vec<String>>,
    pub max_length: Option<usize>,
    pub words: Option<Vec<String>>,
    pub min_length: Option<usize>,
    // unanswered
    pub stop_words: Option<Vec<String>>,
    pub openers: Option<Vec<String>>,
    pub rhetorical: Option<Vec<String>>,
    pub question_patterns: Option<Vec<String>>,
    /// The first words of the sentences `question_patterns` may match (all, when absent).
    pub question_starts: Option<Vec<String>>,
    pub suffixes: Option<Vec<String>>,
    pub prefix_length: Option<usize>,
    pub min_overlap: Option<f64>,
    pub synonyms: Option<Vec<Vec<String>>>,
    /// Words that ask more than yes or no ("when", "where"): a question without one of them is
    /// answered by a reply sentence that opens with one of `answers`.
    pub question_words: Option<Vec<String>>,
    /// What a reply sentence that answers yes or no opens with ("yes", "of course").
    pub answers: Option<Vec<String>>,
    // consistency
    pub variants: Option<BTreeMap<String, Vec<String>>>,
    /// placeholder: the words `{state}` stands for, in the pack's language, by state
    /// (`unfilled`, `broken`, `unknown`).
    pub states: Option<BTreeMap<String, String>>,
    // sentence-length
    pub max_words: Option<usize>,
    /// greeting-name: words of a greeting that are no name (titles, "Team", "Customer").
    pub not_names: Option<Vec<String>>,
    /// greeting-name: forms of one first name ("Robert", "Bob"): a greeting with one of them
    /// names a customer known by another.
    pub name_forms: Option<Vec<Vec<String>>>,
}

impl RuleSpec {
    /// The kind-specific keys that are set.
    fn set_keys(&self) -> Vec<&'static str> {
        let mut keys = Vec::new();
        macro_rules! check {
            ($($f:ident),*) => { $( if self.$f.is_some() { keys.push(stringify!($f)); } )* };
        }
        check!(
            fix,
            phrases,
            except,
            except_patterns,
            threshold,
            patterns,
            replace,
            case_sensitive,
            scope,
            when,
            waited_hours,
            insert,
            insert_variants,
            allow,
            expansions,
            ignore,
            max_length,
            words,
            min_length,
            stop_words,
            openers,
            rhetorical,
            question_patterns,
            question_starts,
            suffixes,
            prefix_length,
            min_overlap,
            synonyms,
            question_words,
            answers,
            variants,
            states,
            max_words,
            not_names,
            name_forms
        );
        keys
    }
}

/// A problem with a pack: which file, which rule, where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    pub file: String,
    pub rule: Option<String>,
    /// 1-based line and column, when known.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some((line, col)) = self.position {
            write!(f, ":{line}:{col}")?;
        }
        if let Some(rule) = &self.rule {
            write!(f, ": rule `{rule}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for PackError {}

/// The categories of the built-in packs.
pub const CATEGORIES: &[&str] = &[
    "abrasive",
    "profanity",
    "jargon",
    "thanks",
    "unanswered",
    "timeframe",
    "placeholder",
    "greeting",
    "shouting",
    "readability",
    "closing",
];

/// Parse and validate one pack's YAML (or JSON, a subset of YAML). `file` names it in errors.
pub fn parse_pack(file: &str, source: &str) -> Result<PackSpec, PackError> {
    if source.starts_with('{') {
        // JSON (the built-in packs are embedded so): parsed much faster than by the YAML parser.
        if let Ok(spec) = serde_json::from_str::<PackSpec>(source) {
            validate(file, source, &spec)?;
            return Ok(spec);
        }
    }
    check_flow_depth(file, source)?;
    let spec: PackSpec = serde_yaml::from_str(source).map_err(|e| {
        let position = e.location().map(|l| (l.line(), l.column()));
        PackError {
            file: file.to_string(),
            rule: position.and_then(|(line, _)| rule_at_line(source, line)),
            position,
            message: e
                .to_string()
                .split(" at line ")
                .next()
                .unwrap_or("")
                .to_string(),
        }
    })?;
    validate(file, source, &spec)?;
    Ok(spec)
}

/// How deep `[…]`/`{…}` may nest in a YAML pack. The YAML parser's time grows with the square
/// of the depth (100,000 levels took 16 s), so deeper nesting is refused before parsing. The
/// count also includes brackets inside strings, far below this in any real pack.
const MAX_FLOW_DEPTH: usize = 256;

fn check_flow_depth(file: &str, source: &str) -> Result<(), PackError> {
    let mut depth = 0usize;
    for (i, line) in source.lines().enumerate() {
        for (col, c) in line.chars().enumerate() {
            match c {
                '[' | '{' => depth += 1,
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => continue,
            }
            if depth > MAX_FLOW_DEPTH {
                return Err(PackError {
                    file: file.to_string(),
                    rule: rule_at_line(source, i + 1),
                    position: Some((i + 1, col + 1)),
                    message: format!("`[`/`{{` nested more than {MAX_FLOW_DEPTH} levels deep"),
                });
            }
        }
    }
    Ok(())
}

/// The id of the rule whose text holds `line` (1-based), found by its `id:` key.
fn rule_at_line(source: &str, line: usize) -> Option<String> {
    source
        .lines()
        .take(line)
        .filter_map(|l| {
            let t = l.trim_start().trim_start_matches("- ").trim_start();
            t.strip_prefix("id:")
                .map(|v| v.trim().trim_matches(['"', '\'']).to_string())
        })
        .last()
}

/// The 1-based line of the `id: <id>` key, for errors found after parsing.
pub fn line_of_rule(source: &str, id: &str) -> Option<(usize, usize)> {
    source.lines().enumerate().find_map(|(i, l)| {
        let t = l.trim_start().trim_start_matches("- ").trim_start();
        let v = t.strip_prefix("id:")?.trim().trim_matches(['"', '\'']);
        (v == id).then(|| (i + 1, l.find("id:").unwrap_or(0) + 1))
    })
}

fn validate(file: &str, source: &str, spec: &PackSpec) -> Result<(), PackError> {
    let err = |rule: Option<&str>, message: String| PackError {
        file: file.to_string(),
        rule: rule.map(str::to_string),
        position: rule.and_then(|r| line_of_rule(source, r)),
        message,
    };
    if spec.language.is_empty()
        || !spec
            .language
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '-')
    {
        return Err(err(
            None,
            format!(
                "`language` must be a lowercase code such as `en`, not `{}`",
                spec.language
            ),
        ));
    }
    let months = spec.conventions.mail.months.len();
    if !matches!(months, 0 | 12) {
        return Err(err(
            None,
            format!(
                "`conventions.mail.months` lists {months} months: it takes twelve lists of \
                 names, January's first"
            ),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for rule in &spec.rules {
        let id = rule.id.as_str();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(err(
                Some(id),
                "ids use lowercase letters, digits and `-` only".into(),
            ));
        }
        if !seen.insert(id) {
            return Err(err(Some(id), "duplicate rule id".into()));
        }
        if let Some(other) = rule.yields_to.iter().find(|y| *y == id) {
            return Err(err(
                Some(id),
                format!("`yields_to` lists the rule itself (`{other}`)"),
            ));
        }
        if rule.category.trim().is_empty() {
            return Err(err(Some(id), "`category` is empty".into()));
        }
        let allowed = rule.kind.keys();
        for key in rule.set_keys() {
            if !allowed.contains(&key) {
                return Err(err(
                    Some(id),
                    format!(
                        "key `{key}` is not used by kind `{}` (it takes: {})",
                        rule.kind.as_str(),
                        if allowed.is_empty() {
                            "no keys".to_string()
                        } else {
                            allowed.join(", ")
                        }
                    ),
                ));
            }
        }
        let texts = std::iter::once(&rule.message).chain(rule.suggestion.as_ref());
        for field in texts.flat_map(|t| fields(t)) {
            let known = rule.kind.message_fields();
            if field != "match" && !known.contains(&field) {
                return Err(err(
                    Some(id),
                    format!(
                        "`{{{field}}}` is no field of kind `{}` (it fills: match{})",
                        rule.kind.as_str(),
                        known.iter().map(|k| format!(", {k}")).collect::<String>()
                    ),
                ));
            }
        }
        let fires = rule.examples.iter().filter(|e| e.fires.is_some()).count();
        let silent = rule.examples.iter().filter(|e| e.silent.is_some()).count();
        if fires == 0 || silent == 0 {
            return Err(err(
                Some(id),
                "every rule needs at least one `fires` and one `silent` example".into(),
            ));
        }
        for ex in &rule.examples {
            if ex.fires.is_some() == ex.silent.is_some() {
                return Err(err(
                    Some(id),
                    "an example has exactly one of `fires` and `silent`".into(),
                ));
            }
            if ex.fixed.is_some() && ex.fires.is_none() {
                return Err(err(Some(id), "`fixed` goes with `fires`".into()));
            }
        }
        let need = |present: bool, what: &str| {
            if present {
                Ok(())
            } else {
                Err(err(
                    Some(id),
                    format!("kind `{}` needs `{what}`", rule.kind.as_str()),
                ))
            }
        };
        match rule.kind {
            Kind::Phrases => need(
                rule.phrases.as_ref().is_some_and(|p| !p.is_empty()),
                "phrases",
            )?,
            Kind::Pattern => need(
                rule.patterns.as_ref().is_some_and(|p| !p.is_empty()),
                "patterns",
            )?,
            Kind::Require => {
                need(rule.scope.is_some(), "scope")?;
                if rule
                    .waited_hours
                    .is_some_and(|h| !(h >= 0.0 && h.is_finite()))
                {
                    return Err(err(
                        Some(id),
                        "`waited_hours` is a number of hours, 0 or more".into(),
                    ));
                }
                if rule.insert_variants.is_some() {
                    need(
                        rule.insert.is_some(),
                        "insert (which insert_variants varies)",
                    )?;
                }
                need(
                    rule.phrases.as_ref().is_some_and(|p| !p.is_empty())
                        || rule.patterns.as_ref().is_some_and(|p| !p.is_empty()),
                    "phrases or patterns",
                )?;
                if let Some(scope @ (Scope::Sentence | Scope::FromTrigger)) = rule.scope {
                    let why = if scope == Scope::Sentence {
                        "when (scope `sentence` is the trigger's sentence)"
                    } else {
                        "when (scope `from-trigger` starts at the trigger's sentence)"
                    };
                    need(rule.when.is_some(), why)?;
                }
            }
            Kind::Consistency => need(
                rule.variants.as_ref().is_some_and(|v| v.len() >= 2),
                "at least two variants",
            )?,
            Kind::SentenceLength => need(rule.max_words.is_some(), "max_words")?,
            Kind::Unanswered => {
                if let Some(m) = rule.min_overlap {
                    if !(0.0..=1.0).contains(&m) {
                        return Err(err(Some(id), "`min_overlap` is between 0.0 and 1.0".into()));
                    }
                }
            }
            Kind::Placeholder => {
                let states = rule.states.iter().flatten();
                if let Some((k, _)) = states
                    .clone()
                    .find(|(k, _)| !PLACEHOLDER_STATES.contains(&k.as_str()))
                {
                    return Err(err(
                        Some(id),
                        format!(
                            "unknown state `{k}` (the states are {})",
                            PLACEHOLDER_STATES.join(", ")
                        ),
                    ));
                }
            }
            Kind::Acronym | Kind::Shouting | Kind::GreetingName => {}
        }
        if let Some(phrases) = &rule.phrases {
            for p in phrases {
                check_phrase(p.phrase()).map_err(|m| err(Some(id), m))?;
            }
        }
    }
    Ok(())
}

/// The `{field}` names of a message: lowercase letters and `_` in single braces (`{{time}}` is
/// a placeholder the message shows).
fn fields(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for (open, _) in text.match_indices('{') {
        let name_len = bytes[open + 1..]
            .iter()
            .take_while(|b| b.is_ascii_lowercase() || **b == b'_')
            .count();
        let close = open + 1 + name_len;
        let single = (open == 0 || bytes[open - 1] != b'{')
            && bytes.get(close) == Some(&b'}')
            && bytes.get(close + 1) != Some(&b'}');
        if name_len > 0 && single {
            out.push(&text[open + 1..close]);
        }
    }
    out
}

/// A phrase is non-empty and uses `*` only at the end of a word (after at least one letter).
fn check_phrase(phrase: &str) -> Result<(), String> {
    if phrase.trim().is_empty() {
        return Err("empty phrase".into());
    }
    const MAX_WORDS: usize = 40;
    if phrase.split_whitespace().count() > MAX_WORDS {
        return Err(format!(
            "phrase `{}…` has more than {MAX_WORDS} words",
            phrase.chars().take(40).collect::<String>()
        ));
    }
    for word in phrase.split_whitespace() {
        let body = word.strip_suffix('*').unwrap_or(word);
        if body.is_empty() || body.contains('*') {
            return Err(format!(
                "phrase `{phrase}`: `*` may only end a word (after at least one letter)"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "pack: p\nlanguage: en\nrules:\n  - id: r\n    category: abrasive\n    severity: warning\n    kind: phrases\n    message: m\n    explanation: e\n    phrases: [calm down]\n    examples:\n      - fires: Calm down.\n      - silent: Be calm.\n";

    #[test]
    fn parses_a_minimal_pack() {
        let p = parse_pack("p.yaml", GOOD).unwrap();
        assert_eq!(p.rules[0].id, "r");
    }

    #[test]
    fn unknown_key_names_rule_and_line() {
        let src = GOOD.replace(
            "    explanation: e\n",
            "    explanation: e\n    colour: red\n",
        );
        let e = parse_pack("p.yaml", &src).unwrap_err();
        assert_eq!(e.rule.as_deref(), Some("r"));
        assert_eq!(e.position.map(|p| p.0), Some(10));
        assert!(e.message.contains("colour"), "{}", e.message);
    }

    #[test]
    fn a_message_field_the_kind_does_not_fill_is_an_error() {
        let src = GOOD.replace(
            "    message: m\n",
            "    message: \"{match} is {nonsense}\"\n",
        );
        let e = parse_pack("p.yaml", &src).unwrap_err();
        assert!(
            e.message
                .contains("`{nonsense}` is no field of kind `phrases`"),
            "{e}"
        );
        let fine = GOOD.replace(
            "    message: m\n",
            "    message: \"{match} ({count}), write {{time}}\"\n",
        );
        assert!(parse_pack("p.yaml", &fine).is_ok());
    }

    #[test]
    fn months_are_twelve_lists_and_a_wait_is_hours() {
        let months = |lists: &str| {
            GOOD.replace(
                "rules:\n",
                &format!("conventions:\n  mail:\n    months: {lists}\nrules:\n"),
            )
        };
        let twelve = format!("[{}]", ["[m]"; 12].join(", "));
        assert!(parse_pack("p.yaml", &months(&twelve)).is_ok());
        let e = parse_pack("p.yaml", &months("[[jan], [feb], [mar]]")).unwrap_err();
        assert!(e.message.contains("lists 3 months"), "{e}");
        let wait = |hours: &str| {
            let require = "    kind: require\n    scope: body\n    waited_hours: HOURS\n";
            GOOD.replace("    kind: phrases\n", &require.replace("HOURS", hours))
        };
        assert!(parse_pack("p.yaml", &wait("24")).is_ok());
        for bad in ["-1", ".nan", ".inf"] {
            let e = parse_pack("p.yaml", &wait(bad)).unwrap_err();
            assert_eq!(e.rule.as_deref(), Some("r"), "{bad}");
            assert!(e.message.contains("`waited_hours`"), "{bad}: {e}");
        }
    }

    #[test]
    fn key_of_another_kind_is_an_error() {
        let src = GOOD.replace(
            "    explanation: e\n",
            "    explanation: e\n    max_words: 3\n",
        );
        let e = parse_pack("p.yaml", &src).unwrap_err();
        assert!(e.message.contains("max_words"), "{e}");
        assert_eq!(e.position, Some((4, 5)));
    }

    #[test]
    fn rule_without_silent_example_is_an_error() {
        let src = GOOD.replace("      - silent: Be calm.\n", "");
        assert!(parse_pack("p.yaml", &src)
            .unwrap_err()
            .message
            .contains("silent"));
    }

    #[test]
    fn duplicate_ids_are_an_error() {
        let rule = &GOOD[GOOD.find("  - id").unwrap()..];
        let src = format!("{GOOD}{rule}");
        assert!(parse_pack("p.yaml", &src)
            .unwrap_err()
            .message
            .contains("duplicate"));
    }

    #[test]
    fn a_bad_phrase_entry_says_what_is_wrong_and_where() {
        let bad = |phrases: &str| {
            let src = GOOD.replace("[calm down]", phrases);
            parse_pack("p.yaml", &src).unwrap_err()
        };
        let e = bad("[42]");
        assert!(
            e.message.contains("phrases[0]: invalid type: integer `42`"),
            "{e}"
        );
        let e = bad("[{phrase: calm down, replce: x}]");
        assert!(e.message.contains("unknown field `replce`"), "{e}");
        let e = bad("[{phrase: calm down, replace: 3}]");
        assert!(
            e.message.contains("expected a string or a list of strings"),
            "{e}"
        );
        assert!(parse_pack(
            "p.yaml",
            &GOOD.replace("[calm down]", "[{phrase: calm down, replace: [a, b]}]")
        )
        .is_ok());
    }

    #[test]
    fn a_rule_cannot_yield_to_itself() {
        let src = GOOD.replace(
            "    explanation: e\n",
            "    explanation: e\n    yields_to: [r]\n",
        );
        let e = parse_pack("p.yaml", &src).unwrap_err();
        assert!(e.message.contains("lists the rule itself"), "{e}");
    }

    #[test]
    fn star_inside_a_phrase_is_an_error() {
        let src = GOOD.replace("[calm down]", "[\"ca*m down\"]");
        assert!(parse_pack("p.yaml", &src).is_err());
        let src = GOOD.replace("[calm down]", "[\"calm* * down\"]");
        assert!(parse_pack("p.yaml", &src).is_err());
    }
}
