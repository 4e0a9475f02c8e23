//! Drafting a reply skeleton from the customer's message, in its language, from the packs' templates.

use crate::engine::Engine;
use crate::markers::MailMarkers;
use crate::pack::Templates;

/// What a draft needs besides the customer's message.
#[derive(Debug, Clone, Default)]
pub struct DraftOptions<'a> {
    /// The language; `None` detects it from the message.
    pub language: Option<&'a str>,
    /// The customer's name, used as given for both `{name}` and `{full_name}` (else it is
    /// taken from `sender` or the message's sign-off).
    pub name: Option<&'a str>,
    /// The sender's display name ("Anna Berg", "Berg, Anna"), when the message is an e-mail.
    pub sender: Option<&'a str>,
    /// What the message is about (an e-mail's subject, say).
    pub topic: Option<&'a str>,
    /// How many hours the customer has waited (since an e-mail's `Date:`), when known.
    pub waited_hours: Option<f64>,
}

/// A drafted reply.
#[derive(Debug, Clone)]
pub struct Draft {
    pub language: String,
    pub text: String,
    /// The customer's questions, one slot each in the text.
    pub questions: Vec<String>,
}

/// Why no draft could be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftError {
    /// No pack of the language has templates.
    NoTemplates(String),
    /// The language's templates lack these keys, which every draft needs.
    MissingTemplates(String, Vec<&'static str>),
    /// The message has no words to answer.
    Empty,
    /// The message's language could not be told.
    UnknownLanguage,
    /// A pack could not be compiled.
    Pack(String),
}

impl std::fmt::Display for DraftError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DraftError::NoTemplates(l) => {
                write!(
                    f,
                    "no pack has draft templates for language `{l}`; pass --lang to draft in another"
                )
            }
            DraftError::MissingTemplates(l, keys) => write!(
                f,
                "the draft templates for language `{l}` lack {}",
                keys.join(", ")
            ),
            DraftError::Empty => f.write_str("the message is empty"),
            DraftError::UnknownLanguage => {
                write!(f, "cannot tell the message's language; pass --lang")
            }
            DraftError::Pack(e) => f.write_str(e),
        }
    }
}

impl std::error::Error for DraftError {}

fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    crate::rules::RuleInfo::render(template, vars)
}

/// Draft a reply to `inquiry`: greeting, thanks, one marked slot per question (quoting it), when the
/// customer will hear back, an offer of further help and a sign-off. Unknown values stay `{{…}}`
/// placeholders, which `check` reports until the agent fills them.
pub fn draft(engine: &Engine, inquiry: &str, options: &DraftOptions) -> Result<Draft, DraftError> {
    if !inquiry.chars().any(char::is_alphanumeric) {
        return Err(DraftError::Empty);
    }
    let doc = engine.parse(inquiry);
    let language = match options.language {
        Some(l) => l.to_string(),
        None => engine.detect(&doc).ok_or(DraftError::UnknownLanguage)?,
    };
    let t: &Templates = engine
        .templates(&language)
        .ok_or_else(|| DraftError::NoTemplates(language.clone()))?;
    if *t == Templates::default() {
        return Err(DraftError::NoTemplates(language));
    }
    let missing: Vec<&'static str> = [
        ("greeting_no_name", t.greeting_no_name.is_none()),
        ("thanks_no_topic", t.thanks_no_topic.is_none()),
    ]
    .into_iter()
    .filter_map(|(key, missing)| missing.then_some(key))
    .collect();
    if !missing.is_empty() {
        return Err(DraftError::MissingTemplates(language, missing));
    }
    let questions = engine
        .questions(&doc, &language)
        .map_err(|e| DraftError::Pack(e.to_string()))?;
    let name = match options.name {
        Some(n) => Some(CustomerName {
            first: n.to_string(),
            full: n.to_string(),
        }),
        None => options
            .sender
            .and_then(|s| from_display_name(s, &engine.conventions().mail))
            .or_else(|| form_name(&doc, &engine.conventions().mail))
            .or_else(|| signed_by(&doc))
            .map(|n| surname_last(n, t.surname_endings.as_deref().unwrap_or_default()))
            .map(|n| with_patronymic(n, t.patronymic_endings.as_deref().unwrap_or_default())),
    };
    let get = |o: &Option<String>| o.clone().unwrap_or_default();
    let mut parts: Vec<String> = Vec::new();
    parts.push(match (&name, &t.greeting) {
        (Some(n), Some(g)) => fill(g, &[("name", &n.first), ("full_name", &n.full)]),
        _ => get(&t.greeting_no_name),
    });
    let mut thanks = match (options.topic, &t.thanks) {
        (Some(topic), Some(th)) => fill(th, &[("topic", topic)]),
        _ => get(&t.thanks_no_topic),
    };
    // A word about the wait, when a rule of the language would ask for one.
    if let (Some(waited), Some(patience)) = (options.waited_hours, &t.patience) {
        let allowed = engine
            .patience_hours(&language)
            .map_err(|e| DraftError::Pack(e.to_string()))?;
        if allowed.is_some_and(|hours| waited > hours) {
            thanks = format!("{thanks} {patience}");
        }
    }
    let mut body = vec![thanks];
    let slot = t
        .answer_slot
        .clone()
        .unwrap_or_else(|| "{{answer: {question}}}".into());
    body.extend(questions.iter().map(|q| fill(&slot, &[("question", q)])));
    parts.push(body.join("\n\n"));
    let closing: Vec<String> = [&t.timeframe, &t.further_help]
        .into_iter()
        .filter_map(|x| x.clone())
        .collect();
    if !closing.is_empty() {
        parts.push(closing.join(" "));
    }
    let sign_off = [&t.sign_off, &t.signature]
        .into_iter()
        .filter_map(|x| x.clone())
        .collect::<Vec<_>>()
        .join("\n");
    if !sign_off.is_empty() {
        parts.push(sign_off);
    }
    Ok(Draft {
        language,
        text: parts.join("\n\n") + "\n",
        questions,
    })
}

/// The customer's name: the first word ("Hi Anna,") and the whole name ("Guten Tag Anna Berg,",
/// the formal German greeting when the customer's gender is not known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CustomerName {
    pub(crate) first: String,
    pub(crate) full: String,
}

/// The name a message is signed with: after its sign-off phrase, or alone on its last line.
pub(crate) fn signed_by(doc: &crate::Document) -> Option<CustomerName> {
    name_from_sign_off(doc).or_else(|| name_on_last_line(doc))
}

/// The name a web form's name field gives ("Name: Anna Berg", or in small letters), outside
/// quoted text.
pub(crate) fn form_name(doc: &crate::Document, mail: &MailMarkers) -> Option<CustomerName> {
    let value = (doc.text.lines())
        .filter(|l| !l.trim_start().starts_with('>'))
        .find_map(|l| mail.name_field(l))?;
    if value.chars().any(char::is_uppercase) {
        return from_display_name(value, mail);
    }
    let capitalised: Vec<String> = value.split_whitespace().map(capitalize_name).collect();
    from_display_name(&capitalised.join(" "), mail)
}

/// "Thanks,\nAnna" → "Anna": the line after the sign-off phrase, when it looks like a name.
fn name_from_sign_off(doc: &crate::Document) -> Option<CustomerName> {
    let s = doc.slice(doc.sign_off?);
    let mut lines = s.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next()?;
    // "Kind regards, Anna" on one line.
    let inline = first
        .split_once(',')
        .map(|(_, n)| n.trim())
        .filter(|n| !n.is_empty());
    let line = inline.or_else(|| lines.next())?;
    signed_name(line).or_else(|| lowercase_name(line))
}

/// A name signed in small letters after a sign-off phrase ("Cheers,\njake"), capitalised: one
/// word of two or more letters (hyphens too: "anna-lena" → "Anna-Lena").
fn lowercase_name(line: &str) -> Option<CustomerName> {
    let word = crate::document::without_dash(line).trim_end_matches([',', '.']);
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let name_like = letters >= 2
        && word.chars().all(|c| c.is_lowercase() || c == '-')
        && !word.starts_with('-')
        && !word.ends_with('-');
    name_like.then(|| {
        let name = capitalize_name(word);
        CustomerName {
            first: name.clone(),
            full: name,
        }
    })
}

/// A name's word written in small letters, capitalised, each part of a hyphenated one too
/// ("anna-lena" → "Anna-Lena").
fn capitalize_name(word: &str) -> String {
    (word.split('-').map(crate::fix::capitalize))
        .collect::<Vec<_>>()
        .join("-")
}

/// "…\n\nAnna": a message without a sign-off phrase that ends in a line of its own holding a name.
fn name_on_last_line(doc: &crate::Document) -> Option<CustomerName> {
    match doc.sign_off {
        Some(s) if doc.signed_by_name_only => signed_name(doc.slice(s)),
        _ => None,
    }
}

/// Whether `word` ends in one of `endings` with at least three letters before it.
fn ends_in(word: &str, endings: &[String]) -> bool {
    let lower = word.to_lowercase();
    endings
        .iter()
        .any(|e| lower.ends_with(e.as_str()) && lower.chars().count() >= e.chars().count() + 3)
}

/// `name` greeted by the first name and the patronymic when it has one ("Игорь Петрович
/// Соколов", "Соколов Игорь Петрович" → "Игорь Петрович").
fn with_patronymic(name: CustomerName, endings: &[String]) -> CustomerName {
    let words: Vec<&str> = name.full.split_whitespace().collect();
    match (1..words.len()).find(|&i| ends_in(words[i], endings)) {
        Some(i) => CustomerName {
            first: format!("{} {}", words[i - 1], words[i]),
            ..name
        },
        None => name,
    }
}

/// `name` with its words turned round when it is written surname first: two words, the first
/// with one of `endings` and the second with none ("Иванова Анна" → "Анна Иванова").
fn surname_last(name: CustomerName, endings: &[String]) -> CustomerName {
    // At least three letters before the ending: "Лев" is a first name.
    let surname = |w: &str| ends_in(w, endings);
    match name.full.split_whitespace().collect::<Vec<_>>()[..] {
        [first, second] if surname(first) && !surname(second) => CustomerName {
            first: second.to_string(),
            full: format!("{second} {first}"),
        },
        _ => name,
    }
}

/// An e-mail's display name: "Anna Berg", or "Berg, Anna" turned round, quotes and what follows
/// a comma ("Anna Berg, Acme") aside. A name with more ("Anna Berg (Acme)") gives its first word.
/// None when its capitalised words name no person ("Website Contact Form", "Acme Support Team";
/// `mail` knows the words).
pub(crate) fn from_display_name(display: &str, mail: &MailMarkers) -> Option<CustomerName> {
    let display = display.trim().trim_matches(['"', '\'']).trim();
    let turned = match display.split_once(',') {
        Some((last, first))
            if last.split_whitespace().count() == 1
                && (1..=2).contains(&first.split_whitespace().count()) =>
        {
            format!("{} {}", first.trim(), last.trim())
        }
        Some((name, _)) => name.to_string(), // "Anna Berg, Acme"
        None => display.to_string(),
    };
    if mail.names_no_person(&turned) {
        return None;
    }
    signed_name(&turned).or_else(|| {
        let first = signed_name(display.split_whitespace().next()?)?.first;
        Some(CustomerName {
            full: first.clone(),
            first,
        })
    })
}

/// `line` as a name: one to three capitalised words of letters (hyphens and apostrophes too),
/// not all capitals, a trailing `,` or `.` and leading dashes ("- Jake") aside. A title or an
/// initial before the last word keeps its dot ("Dr. Thomas Krause").
fn signed_name(line: &str) -> Option<CustomerName> {
    let line = crate::document::without_dash(line).trim_end_matches([',', '.']);
    let words: Vec<&str> = line
        .split_whitespace()
        .map(|w| w.trim_end_matches(','))
        .collect();
    let name_like = |w: &&str| {
        // With a dot: a title ("Dr.") or an initial ("J."), never the last word.
        let (w, dotted) = w.strip_suffix('.').map_or((*w, false), |w| (w, true));
        w.chars().next().is_some_and(char::is_uppercase)
            && (w.chars().any(char::is_lowercase) || (dotted && w.chars().count() == 1))
            && w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
    };
    let named = words.last().is_some_and(|w| !w.ends_with('.'));
    let first = words.iter().find(|w| !w.ends_with('.'))?;
    ((1..=3).contains(&words.len()) && named && words.iter().all(name_like)).then(|| CustomerName {
        first: first.to_string(),
        full: words.join(" "),
    })
}

/// Words that name a ticket before its number ("Case 00123456:"); an "Order 1234:" is the topic.
const TICKET_WORDS: &[&str] = &[
    "case",
    "ticket",
    "request",
    "incident",
    "fall",
    "vorgang",
    "anfrage",
    "заявка",
    "обращение",
    "тикет",
    "pöördumine",
    "päring",
];

/// A mail's subject (reply prefixes removed) as the topic of a thanks: without ticket tags
/// and references (`[EXTERNAL]`, `[Ticket#123]`, `[ ref:_00D1a:ref ]`, `Case 00123456:`), a
/// subject in capitals in small letters, and no closing `?!`. `None` when nothing is left.
pub fn topic_of_subject(subject: &str) -> Option<String> {
    let mut topic = String::with_capacity(subject.len());
    let mut rest = subject;
    while let Some(open) = rest.find('[') {
        topic.push_str(&rest[..open]);
        match rest[open..].find(']') {
            Some(close) => rest = &rest[open + close + 1..],
            None => {
                rest = "";
            }
        }
    }
    topic.push_str(rest);
    // "Case 00123456: …", "Ticket #123: …", "#123 – …": a number first is the ticket's.
    let words: Vec<&str> = topic.split_whitespace().collect();
    let numbered = |w: &str| {
        w.trim_start_matches('#')
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
    };
    let skip = match words.as_slice() {
        [w, n, ..]
            if TICKET_WORDS.contains(&w.to_lowercase().as_str())
                && numbered(n)
                && n.ends_with(':') =>
        {
            2
        }
        [n, ..] if numbered(n) && n.ends_with(':') => 1,
        [n, dash, ..] if n.starts_with('#') && numbered(n) && matches!(*dash, "-" | "–" | "—") => {
            2
        }
        _ => 0,
    };
    let topic = words[skip.min(words.len())..].join(" ");
    let topic = topic.trim_end_matches(['?', '!', '.', ':', ' ']).trim();
    let letters = topic.chars().filter(|c| c.is_alphabetic()).count();
    let capitals = topic.chars().filter(|c| c.is_uppercase()).count();
    let topic = if letters >= 4 && capitals * 5 >= letters * 4 {
        crate::fix::capitalize(&topic.to_lowercase())
    } else {
        topic.to_string()
    };
    (!topic.is_empty()).then_some(topic)
}

#[cfg(test)]
mod tests {
    use super::{
        form_name, from_display_name, name_from_sign_off, name_on_last_line, signed_name,
        CustomerName,
    };
    use crate::document::{Conventions, Document};
    use crate::markers::MailMarkers;

    #[test]
    fn a_name_written_surname_first_is_turned_round() {
        let endings = ["ова".to_string(), "ов".to_string(), "ев".to_string()];
        let name = |full: &str| signed_name(full).expect("a name");
        let turned = |full: &str| super::surname_last(name(full), &endings).full;
        assert_eq!(turned("Иванова Анна"), "Анна Иванова");
        assert_eq!(
            super::surname_last(name("Иванова Анна"), &endings).first,
            "Анна"
        );
        assert_eq!(turned("Анна Иванова"), "Анна Иванова");
        assert_eq!(turned("Смирнов Иван"), "Иван Смирнов");
        assert_eq!(turned("Марина Орлова"), "Марина Орлова");
        assert_eq!(turned("Лев Толстой"), "Лев Толстой");
        assert_eq!(turned("Ольга"), "Ольга");
    }

    #[test]
    fn a_patronymic_joins_the_first_name() {
        let endings = ["ович".to_string(), "овна".to_string()];
        let first =
            |full: &str| super::with_patronymic(signed_name(full).expect("a name"), &endings).first;
        assert_eq!(first("Игорь Петрович Соколов"), "Игорь Петрович");
        assert_eq!(first("Соколов Игорь Петрович"), "Игорь Петрович");
        assert_eq!(first("Анна Ивановна"), "Анна Ивановна");
        assert_eq!(first("Игорь Соколов"), "Игорь");
    }

    #[test]
    fn a_name_on_a_line_of_its_own_ends_the_message() {
        let conv = Conventions::default();
        let name = |text: &str| name_on_last_line(&Document::parse(text, &conv)).map(|n| n.first);
        for (text, first) in [
            ("Hi,\n\nWhere is it?\n\nAnna\n", "Anna"),
            ("Hi,\n\nWhere is it?\n\nAnna Berg\n", "Anna"),
            ("Hallo,\n\nwo ist es?\n\nJean-Luc\n", "Jean-Luc"),
            ("Где заказ?\n\nАнна\n", "Анна"),
            // Signed with a dash, as in a chat or a quick e-mail.
            ("Hi,\n\nWhere is it?\n\n- Jake\n", "Jake"),
            ("Hi,\n\nWhere is it?\n\n—Anna Berg\n", "Anna"),
        ] {
            assert_eq!(name(text).as_deref(), Some(first), "{text}");
        }
        for none in [
            "Hi,\n\nWhere is it?\nAnna\n",          // the paragraph's last line
            "Hi,\n\nWhere is it?\n\nURGENT\n",      // capitals, not a name
            "Hi,\n\nWhere is it?\n\nPlease help\n", // a lowercase word
            "Hi,\n\nWhere is it?\n\nOrder 12345\n", // digits
            "Hi,\n\nWhere is it?\n\n- refund\n",    // a list's item
            "Hi,\n\nWhere is it?\n\n--\n",          // a signature's separator
            "Where is it?",
        ] {
            assert_eq!(name(none), None, "{none}");
        }
    }

    #[test]
    fn a_name_in_small_letters_after_a_sign_off_is_capitalised() {
        let engine = crate::Engine::builder()
            .builtin_packs()
            .build()
            .expect("packs");
        let signed = |text: &str| name_from_sign_off(&engine.parse(text)).map(|n| n.full);
        for (text, full) in [
            ("Where is my order?\n\nCheers,\njake\n", "Jake"),
            ("Where is my order?\n\nThanks\nanna-lena\n", "Anna-Lena"),
            ("Где мой заказ?\n\nСпасибо,\nанна\n", "Анна"),
            ("Where is my order?\n\nThanks,\nAnna Berg\n", "Anna Berg"),
        ] {
            assert_eq!(signed(text).as_deref(), Some(full), "{text}");
        }
        for none in [
            "Where is my order?\n\nThanks,\nsent from my phone\n",
            "Where is my order?\n\nThanks,\nj\n",
            "Where is my order?\n\nThanks,\n-\n",
        ] {
            assert_eq!(signed(none), None, "{none}");
        }
    }

    fn name(first: &str, full: &str) -> Option<CustomerName> {
        Some(CustomerName {
            first: first.into(),
            full: full.into(),
        })
    }

    #[test]
    fn a_name_is_capitalised_words_of_letters() {
        assert_eq!(signed_name("Anna"), name("Anna", "Anna"));
        assert_eq!(signed_name("Anna Berg,"), name("Anna", "Anna Berg"));
        assert_eq!(signed_name("~ Anna"), name("Anna", "Anna"));
        assert_eq!(
            signed_name("Dr. Thomas Krause"),
            name("Thomas", "Dr. Thomas Krause")
        );
        assert_eq!(signed_name("Anna B. Berg."), name("Anna", "Anna B. Berg"));
        assert_eq!(
            signed_name("Sinéad O’Brien"),
            name("Sinéad", "Sinéad O’Brien")
        );
        for none in [
            "",
            "anna",
            "ANNA",
            "Order 4711",
            "Sent from my iPhone",
            "A B C D",
        ] {
            assert_eq!(signed_name(none), None, "{none}");
        }
    }

    /// Mail markers that know a few words of no person's display name and a form's name field.
    fn mail() -> MailMarkers {
        let mut m = MailMarkers::default();
        m.extend(&crate::pack::MailConventions {
            not_a_person: ["form", "contact", "support", "team"]
                .map(String::from)
                .into(),
            name_fields: ["name", "your name"].map(String::from).into(),
            ..Default::default()
        });
        m
    }

    #[test]
    fn display_names_are_read_in_either_order() {
        let from = |display| from_display_name(display, &mail());
        assert_eq!(from("Anna Berg"), name("Anna", "Anna Berg"));
        assert_eq!(from("\"Berg, Anna\""), name("Anna", "Anna Berg"));
        assert_eq!(from("Anna Berg (Acme)"), name("Anna", "Anna"));
        assert_eq!(from("Anna Berg, Acme"), name("Anna", "Anna Berg"));
        assert_eq!(from("Anna Berg (Acme Support)"), name("Anna", "Anna"));
        assert_eq!(from("Anna Berg via Acme Support"), name("Anna", "Anna"));
        for none in [
            "  ",
            "anna.berg",
            "ACME SUPPORT",
            "Website Contact Form",
            "Acme Customer Support Team",
            "\"Support, Acme\"",
        ] {
            assert_eq!(from(none), None, "{none}");
        }
    }

    #[test]
    fn a_web_form_names_the_customer() {
        let c = Conventions::default();
        let named = |text: &str| form_name(&Document::parse(text, &c), &mail()).map(|n| n.full);
        let form = "Name: Anna Berg\nE-mail: anna@example.com\nMessage: Where is my order?";
        assert_eq!(named(form).as_deref(), Some("Anna Berg"));
        assert_eq!(
            named("Your name: anna-lena berg\n").as_deref(),
            Some("Anna-Lena Berg")
        );
        for none in [
            "Message: Where is my order?",
            "> Name: Anna Berg",
            "Name: Contact Form",
            "The name: Anna",
        ] {
            assert_eq!(named(none), None, "{none}");
        }
    }

    #[test]
    fn a_subject_becomes_a_topic_without_tags_references_or_shouting() {
        let topics = [
            (
                "[EXTERNAL] WHERE IS MY PARCEL?! [ ref:_00D1a2b3c._5001a2b3c:ref ]",
                Some("Where is my parcel"),
            ),
            ("[Ticket#123] Paket kaputt", Some("Paket kaputt")),
            (
                "Case 00123456: Refund not received",
                Some("Refund not received"),
            ),
            ("#4711 – Lieferung fehlt", Some("Lieferung fehlt")),
            ("Refund for order 1234", Some("Refund for order 1234")),
            ("My iPhone 15 and the SIM", Some("My iPhone 15 and the SIM")),
            ("[EXTERNAL]", None),
            (
                "Order 1234: wrong size delivered",
                Some("Order 1234: wrong size delivered"),
            ),
        ];
        for (subject, topic) in topics {
            assert_eq!(
                super::topic_of_subject(subject).as_deref(),
                topic,
                "{subject}"
            );
        }
    }
}
