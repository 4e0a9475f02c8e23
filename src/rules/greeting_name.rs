//! `greeting-name`: a greeting that names someone other than the customer ("Hi Maria," to
//! Anna), as a reply adapted from another customer's does.
//!
//! Who the customer is comes from what is known of them: the name their message is signed
//! with, the author named by the attribution line of the message quoted below the reply (and
//! the address's local part), and the name an e-mail gives ([`crate::CheckOptions::recipient`]).
//! Without any of them (in the greeted name's script) the rule stays silent; a greeted name that
//! shares a word with any of them, or a short form of one ("Alex" for "Alexander", or a form the
//! pack lists with it: "Bob" for "Robert", "Саша" for "Александр"), or that the customer's
//! message holds, is the customer's. The fix greets the customer by their first name,
//! unless a title comes before the name.

use super::{Context, RuleInfo};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::fold::to_lowercase as fold;
use crate::markers::{attribution_words, name_ending};
use crate::pack::RuleSpec;
use crate::Span;
use std::sync::OnceLock;

/// A compiled `greeting-name` rule.
pub struct GreetingName {
    /// Folded words of a greeting that are no name ("mr", "team", "herr").
    not_names: Vec<String>,
    /// `name_forms`: groups of forms of one first name.
    name_forms: Vec<Vec<String>>,
    /// Each name's [`key`] with a group of `name_forms` it is in, sorted ("sam" twice: Samuel's
    /// and Samantha's); made when first needed, as most greetings name a known name as it is.
    forms: OnceLock<Vec<(String, usize)>>,
}

impl GreetingName {
    pub fn compile(spec: &RuleSpec) -> GreetingName {
        GreetingName {
            not_names: (spec.not_names.iter().flatten())
                .map(|w| fold(w.trim_end_matches('.')))
                .collect(),
            name_forms: spec.name_forms.clone().unwrap_or_default(),
            forms: OnceLock::new(),
        }
    }

    /// Whether two name words (as [`key`]s) are forms of one name listed together ("bob",
    /// "robert").
    fn listed_together(&self, a: &str, b: &str) -> bool {
        let forms = self.forms.get_or_init(|| {
            let mut forms: Vec<(String, usize)> = (self.name_forms.iter().enumerate())
                .flat_map(|(group, names)| names.iter().map(move |n| (key(n), group)))
                .collect();
            forms.sort();
            forms
        });
        let groups = |name: &str| {
            let from = forms.partition_point(|(n, _)| n.as_str() < name);
            let to = from + forms[from..].partition_point(|(n, _)| n == name);
            forms[from..to].iter().map(|&(_, g)| g)
        };
        groups(a).any(|g| groups(b).any(|h| h == g))
    }

    pub fn check(&self, info: &RuleInfo, ctx: &Context, out: &mut Vec<Diagnostic>) {
        if ctx.doc.greeting.is_none() {
            return;
        }
        // What is known of the customer first: most often nothing. A name of titles and roles
        // alone ("Customer", "Support Team") is none.
        let (names, author, local) = known_names(ctx);
        let mut known: Vec<String> = (names.into_iter())
            .filter(|n| name_words(n).iter().any(|w| !self.not_names.contains(w)))
            .collect();
        if known.is_empty() {
            return;
        }
        let greeted = self.greeted(ctx);
        let (Some(first), Some(last)) = (greeted.first(), greeted.last()) else {
            return;
        };
        // Names are compared within a script: "Юрген" may well be "Jürgen".
        let script = cyrillic(ctx.doc.slice(*first));
        known.retain(|n| cyrillic(n) == script);
        if known.is_empty() {
            return;
        }
        let known_words: Vec<String> = (known.iter().chain(&local))
            .flat_map(|n| name_words(n))
            .map(|w| key(&w))
            .collect();
        let greeted_keys: Vec<String> = greeted.iter().map(|s| key(ctx.doc.slice(*s))).collect();
        // A double name's parts count alone too ("Anne-Marie" is Annemarie's).
        let known_as = |word: &String, one: &dyn Fn(&str, &str) -> bool| {
            let parts =
                std::iter::once(word.replace('-', "")).chain(word.split('-').map(String::from));
            parts
                .filter(|p| !p.is_empty())
                .any(|p| known_words.iter().any(|k| one(&p, k)))
        };
        let by = |one: &dyn Fn(&str, &str) -> bool| greeted_keys.iter().any(|w| known_as(w, one));
        if by(&same_name)
            || named_by_customer(ctx, &greeted_keys)
            || by(&|a, b| self.listed_together(a, b))
        {
            return;
        }
        // A follow-up quoting the sender's own message: its author is no customer. (Told only
        // here, as the finding is rare: fewer names known can only leave the greeting unknown.)
        if author.as_ref().is_some_and(|a| quoted_by_sender(ctx, a)) {
            known.retain(|n| Some(n) != author.as_ref());
        }
        // After a title the greeting names a surname ("Dear Mr Krause"): unknown when the
        // customer signed with a first name alone.
        let surname_known = known.iter().any(|n| name_words(n).len() >= 2);
        if self.titled(ctx, *first) && !surname_known {
            return;
        }
        let Some(shown) = known.first() else {
            return;
        };
        let span = Span::new(first.start, last.end);
        let fix = self.fix(ctx, &greeted, shown).map(|replacement| Fix {
            applicability: info.fix,
            edits: vec![Edit {
                start: span.start,
                end: span.end,
                replacement,
            }],
        });
        out.push(info.diagnostic(ctx.doc, span, &[("name", shown)], fix));
    }

    /// The customer's first name for a greeting that names one other ("Hi Maria," → "Hi
    /// Anna,", "Уважаемая Мария" → "Уважаемая Анна"): not after a title ("Dear Ms Lind"),
    /// which a first name would not follow.
    fn fix(&self, ctx: &Context, greeted: &[Span], name: &str) -> Option<String> {
        let [word] = greeted else {
            return None;
        };
        if self.titled(ctx, *word) {
            return None;
        }
        name.split_whitespace()
            .find(|w| !w.ends_with('.') && !self.not_names.contains(&fold(w)))
            .map(str::to_string)
    }

    /// Whether a title comes right before the greeted word `at` ("Ms", "Herr", "господин"): one
    /// of `not_names` that is no greeting word ("Dear", "Уважаемая" are).
    fn titled(&self, ctx: &Context, at: Span) -> bool {
        let Some(g) = ctx.doc.greeting else {
            return false;
        };
        let before = ctx.doc.text[g.start..at.start]
            .split(|c: char| !c.is_alphabetic())
            .rfind(|w| !w.is_empty())
            .map(fold);
        before.is_some_and(|w| {
            self.not_names.contains(&w) && !ctx.conventions.greeting_words.contains(&w)
        })
    }

    /// The words of the greeting that may be a name: capitalised words of letters that are no
    /// word of a greeting phrase ("Good morning") and none of `not_names` ("Mr", "Team").
    fn greeted(&self, ctx: &Context) -> Vec<Span> {
        let Some(g) = ctx.doc.greeting else {
            return Vec::new();
        };
        let masked = &ctx.doc.masked_text[g.start..g.end];
        let greeting_words = |w: &str| ctx.conventions.greeting_words.contains(w);
        let mut words = Vec::new();
        let mut start = None;
        for (i, c) in masked.char_indices().chain([(masked.len(), ' ')]) {
            let in_word = c.is_alphabetic() || matches!(c, '-' | '\'' | '’');
            match (in_word, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    start = None;
                    let word = masked[s..i].trim_matches(['-', '\'', '’']);
                    let folded = fold(word);
                    let capitalised = word.chars().next().is_some_and(char::is_uppercase)
                        && word.chars().any(char::is_lowercase);
                    // "Support-Team": a word of a greeting or a title in it is no name.
                    let no_name = |part: &str| {
                        greeting_words(part) || self.not_names.iter().any(|n| n == part)
                    };
                    if capitalised && !folded.split('-').any(no_name) {
                        let at = g.start + s + masked[s..i].find(word).unwrap_or(0);
                        words.push(Span::new(at, at + word.len()));
                    }
                }
                _ => {}
            }
        }
        words
    }
}

/// What is known of the customer's name, the most telling first: the e-mail's, the signed
/// one, then the quoted message's author (also given apart); and the local part of that
/// author's address, which may match a greeted name but says too little alone ("info").
fn known_names(ctx: &Context) -> (Vec<String>, Option<String>, Option<String>) {
    let mut names = Vec::new();
    let display_name = |r| crate::draft::from_display_name(r, &ctx.conventions.mail);
    if let Some(n) = ctx.recipient.and_then(display_name) {
        names.push(n.full);
    }
    let form = |c| crate::draft::form_name(c, &ctx.conventions.mail);
    if let Some(n) = ctx.customer.and_then(form) {
        names.push(n.full);
    }
    if let Some(n) = ctx.customer.and_then(crate::draft::signed_by) {
        names.push(n.full);
    }
    let (author, local) = quoted_author(ctx);
    // "On …, Website Contact Form <…> wrote:": no person's name.
    let author = author.filter(|a| !ctx.conventions.mail.names_no_person(a));
    names.extend(author.clone());
    (names, author, local)
}

/// Whether the quoted message is the sender's own, its `author` named by the e-mail's
/// `From:` or sharing a word with the name the reply is signed with ("Sam" signs, "Sam Lee"
/// wrote).
fn quoted_by_sender(ctx: &Context, author: &str) -> bool {
    let by_address = attribution(ctx).is_some_and(|line| ctx.sender.named_in(line));
    let signer = crate::draft::signed_by(ctx.doc).map(|n| name_words(&n.full));
    by_address || signer.is_some_and(|own| name_words(author).iter().any(|w| own.contains(w)))
}

/// The attribution line of the message quoted below the reply ("On 3 Feb 2025, Anna Berg
/// <…> wrote:", or without the address). A header block ("From: …") opens a forwarded message
/// too, whose author is not the one replied to: it gives none.
fn attribution<'t>(ctx: &Context<'t, '_>) -> Option<&'t str> {
    let text = ctx.doc.slice(*ctx.doc.quoted.first()?);
    (text.lines().map(str::trim))
        .take_while(|l| !l.starts_with('>'))
        .find(|l| {
            l.contains('@')
                || ctx.conventions.mail.is_header_from(l)
                || ctx.conventions.mail.is_attribution(l)
        })
        .filter(|l| !ctx.conventions.mail.is_header_from(l))
}

/// The author of the message quoted below the reply, as its attribution line names them ("On 3
/// Feb 2025, Anna Berg <anna.berg@example.com> wrote:"): the display name before the address,
/// and the address's local part ("anna.berg"); or, without an address, the name next to its
/// "wrote" word.
fn quoted_author(ctx: &Context) -> (Option<String>, Option<String>) {
    let Some(line) = attribution(ctx) else {
        return (None, None);
    };
    // "On 2/3/25 10:15 AM, Anna Berg wrote:", as some mail apps write it, without the address.
    if !line.contains('@') {
        return (ctx.conventions.mail.attribution_name(line), None);
    }
    // The display name: the words of a name just before the address ("… at 10:15 AM Anna
    // Berg <…").
    let before = line.split('<').next().unwrap_or(line);
    let author = name_ending(&attribution_words(before));
    let local = line
        .split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | ','))
        .find_map(|w| w.split_once('@').map(|(local, _)| local))
        .filter(|l| !l.is_empty())
        .map(|l| l.replace(['.', '_', '-', '+'], " "));
    (author, local)
}

/// Whether the customer's message (or the text quoted below the reply) holds one of the
/// greeted names as a word: the customer may write on someone's behalf ("Order for Ben Berg").
fn named_by_customer(ctx: &Context, greeted: &[String]) -> bool {
    let quoted = ctx.doc.quoted.iter().map(|&q| ctx.doc.slice(q));
    let customer = ctx.customer.map(|c| c.text);
    (quoted.chain(customer)).any(|text| {
        text.split(|c: char| !c.is_alphabetic())
            .filter(|w| w.starts_with(char::is_uppercase))
            .any(|w| greeted.contains(&key(w)))
    })
}

/// Whether `text` is written in Cyrillic letters.
fn cyrillic(text: &str) -> bool {
    text.chars().any(|c| matches!(c, '\u{0400}'..='\u{04FF}'))
}

/// The words of a name, of two letters or more ("Anna-Lena Berg" → anna, lena, berg).
fn name_words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 2)
        .map(fold)
        .collect()
}

/// A name's word as compared: lowercase, marks left out, and German's written-out umlauts
/// read as the umlaut ("Müller", "Mueller", "Muller" are one name).
fn key(word: &str) -> String {
    let plain: String = fold(word)
        .chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'š' => 's',
            'ž' => 'z',
            'ç' => 'c',
            'ñ' => 'n',
            'ё' => 'е',
            'й' => 'и',
            c => c,
        })
        .collect();
    plain
        .replace("ae", "a")
        .replace("oe", "o")
        .replace("ue", "u")
        .replace('ß', "ss")
}

/// Whether two name words (as [`key`]s) are one name: the same, or one a short form of the
/// other of three letters or more ("alex", "alexander").
fn same_name(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    a == b || (short.chars().count() >= 3 && long.starts_with(short))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_forms_are_one_name_and_a_shared_form_joins_no_groups() {
        let spec: RuleSpec = serde_yaml::from_str(
            "{id: g, category: greeting, severity: warning, kind: greeting-name, message: m, \
             explanation: e, name_forms: [[Robert, Bob], [Samuel, Sam], [Samantha, Sam]]}",
        )
        .expect("a valid rule");
        let rule = GreetingName::compile(&spec);
        let one = |a: &str, b: &str| rule.listed_together(&key(a), &key(b));
        assert!(one("Bob", "Robert") && one("Robert", "Bob"));
        assert!(one("Sam", "Samuel") && one("Sam", "Samantha"));
        assert!(!one("Samuel", "Samantha"));
        assert!(!one("Bob", "Samuel"));
    }

    #[test]
    fn name_words_compare_without_marks_and_by_short_forms() {
        assert_eq!(key("Müller"), key("Mueller"));
        assert_eq!(key("Jürgen"), key("Jurgen"));
        assert_eq!(key("Jõgi"), key("Jogi"));
        assert_eq!(key("Алёна"), key("Алена"));
        assert!(same_name(&key("Alex"), &key("Alexander")));
        assert!(!same_name(&key("Kate"), &key("Katherine")));
        assert!(same_name(&key("Kat"), &key("Katherine")));
        assert!(!same_name(&key("Al"), &key("Alexander")));
        assert!(!same_name(&key("Maria"), &key("Anna")));
    }

    #[test]
    fn a_name_has_its_words_of_two_letters_or_more() {
        assert_eq!(name_words("Anna-Lena J. Berg"), ["anna", "lena", "berg"]);
    }
}
