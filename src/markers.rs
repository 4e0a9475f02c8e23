//! Lines that open quoted text or a signature in an e-mail reply ("On … wrote:", "-----Original
//! Message-----", "Sent from my iPhone"), and the prefixes of a reply's subject ("Re:"), from the
//! words the loaded packs give for their languages (`conventions.mail`). Recognised by hand: a
//! pre-send hook checks one e-mail per run, and compiling a regex for each of these would cost
//! more than the whole check. Letters compare case-insensitively (by lowercasing); "white space"
//! is Unicode's.

/// The mail words of every loaded language, lowercase (see [`crate::pack::MailConventions`]).
#[derive(Debug, Clone, Default)]
pub struct MailMarkers {
    wrote: Vec<String>,
    date_openers: Vec<String>,
    forwarded: Vec<String>,
    /// Each signature's words; `*` stands for any one word.
    signatures: Vec<Vec<String>>,
    header_from: Vec<String>,
    header_fields: Vec<String>,
    reply_prefixes: Vec<String>,
    not_a_person: Vec<String>,
    name_fields: Vec<String>,
    /// Month names and abbreviations, lowercase and without a dot, with their numbers (1 to
    /// 12): searched in turn, as only an attribution line's few words are looked up.
    months: Vec<(String, u32)>,
    /// The first letters of `header_from` and of `signatures` (`None`: any letter may open
    /// one), to pass over most lines without lowercasing them.
    from_initials: Vec<char>,
    signature_initials: Option<Vec<char>>,
}

impl MailMarkers {
    /// Add one language's words.
    pub fn extend(&mut self, c: &crate::pack::MailConventions) {
        let lists = [
            &c.wrote,
            &c.date_openers,
            &c.forwarded,
            &c.mobile_signatures,
            &c.header_from,
            &c.header_fields,
            &c.reply_prefixes,
            &c.not_a_person,
            &c.name_fields,
        ];
        for (number, names) in (1..=12).zip(&c.months) {
            for name in names {
                let name = name.trim().trim_end_matches('.');
                let name = if name.chars().any(char::is_uppercase) {
                    name.to_lowercase()
                } else {
                    name.to_string()
                };
                self.months.push((name, number));
            }
        }
        if lists.iter().all(|l| l.is_empty()) {
            return; // most packs hold rules only
        }
        let lower = |v: &Vec<String>| -> Vec<String> {
            v.iter()
                .map(|w| w.trim().to_lowercase())
                .filter(|w| !w.is_empty())
                .collect()
        };
        self.wrote.extend(lower(&c.wrote));
        self.date_openers.extend(lower(&c.date_openers));
        self.forwarded.extend(lower(&c.forwarded));
        self.signatures.extend(
            lower(&c.mobile_signatures)
                .iter()
                .map(|s| s.split_whitespace().map(str::to_string).collect()),
        );
        self.header_from.extend(lower(&c.header_from));
        self.header_fields.extend(lower(&c.header_fields));
        self.reply_prefixes.extend(lower(&c.reply_prefixes));
        self.not_a_person.extend(lower(&c.not_a_person));
        self.name_fields.extend(lower(&c.name_fields));
        // Longest first: "имя и фамилия" before "имя".
        (self.name_fields).sort_by(|a, b| (b.chars().count(), a).cmp(&(a.chars().count(), b)));
        self.name_fields.dedup();
        // Longest first: "fwd" before "fw".
        self.reply_prefixes
            .sort_by(|a, b| (b.chars().count(), a).cmp(&(a.chars().count(), b)));
        self.reply_prefixes.dedup();
        self.from_initials = self
            .header_from
            .iter()
            .filter_map(|w| w.chars().next())
            .collect();
        self.signature_initials = self
            .signatures
            .iter()
            .map(|words| {
                let first = words.first()?;
                (first != "*").then(|| first.chars().next()).flatten()
            })
            .collect();
    }

    /// The month a lowercase word without its dot names ("feb", "февраля"), 1 to 12.
    pub fn month(&self, word: &str) -> Option<u32> {
        self.months
            .iter()
            .find(|(name, _)| name == word)
            .map(|&(_, n)| n)
    }

    /// "On Mon, 3 Feb 2025, Anna <a@b.c> wrote:", "Am … schrieb Anna:", "Анна пишет:", "Anna
    /// <a@b.c>:": a line that ends in a colon after a "wrote" word, after an address in angle
    /// brackets, or after a date of a line that opens with a date opener ("On", "Am").
    pub fn is_attribution(&self, line: &str) -> bool {
        let Some(head) = line.trim_end().strip_suffix(':') else {
            return false;
        };
        self.wrote_word_in(head) || ends_with_address(head) || self.opens_with_date(head)
    }

    /// The writer an attribution line names without an address: the capitalised words (one to
    /// three) right after its "wrote" word ("Am … schrieb Anna Berg:") or right before it ("On
    /// 3/2/25, Anna Berg wrote:", "Анна Петрова написал(а):").
    pub fn attribution_name(&self, line: &str) -> Option<String> {
        let head = line.trim_end().strip_suffix(':')?;
        let words = attribution_words(head);
        let is_wrote = |w: &&str| {
            let bare = w.split('(').next().unwrap_or(w).to_lowercase();
            self.wrote.contains(&bare)
        };
        let at = words.iter().position(is_wrote)?;
        // The name follows the "wrote" word to the colon, or the word ends the line.
        match &words[at + 1..] {
            [] => name_ending(&words[..at]),
            after if (1..=3).contains(&after.len()) && after.iter().all(|w| is_name_word(w)) => {
                Some(after.join(" "))
            }
            _ => None,
        }
    }

    /// Whether a "wrote" word stands in `text` as a whole word.
    fn wrote_word_in(&self, text: &str) -> bool {
        let lower = text.to_lowercase();
        (self.wrote.iter()).any(|w| crate::fold::holds_word(&lower, w))
    }

    /// Whether `text`'s first word is a date opener, white space follows it, and a digit
    /// comes after.
    fn opens_with_date(&self, text: &str) -> bool {
        let text = text.trim_start();
        let Some(space) = text.find(char::is_whitespace) else {
            return false;
        };
        self.is_date_opener(&text[..space]) && text[space..].chars().any(char::is_numeric)
    }

    fn is_date_opener(&self, word: &str) -> bool {
        let lower = word.to_lowercase();
        self.date_openers.contains(&lower)
    }

    /// Whether `line`'s first word is a date opener ("On …"), or the line holds an `@` or ends
    /// by opening an address (`Anna <`): how a wrapped attribution line starts.
    pub fn starts_like_attribution(&self, line: &str) -> bool {
        line.split_whitespace()
            .next()
            .is_some_and(|w| self.is_date_opener(w))
            || line.contains('@')
            || line.trim_end().ends_with('<')
    }

    /// "-----Original Message-----", "---------- Forwarded message ---------": a forwarding
    /// phrase between runs of at least two dashes.
    pub fn is_forward_marker(&self, line: &str) -> bool {
        let Some(rest) = line.trim().strip_prefix("--") else {
            return false;
        };
        let Some(inner) = rest.trim_start_matches('-').strip_suffix("--") else {
            return false;
        };
        let phrase = inner.trim_end_matches('-').trim().to_lowercase();
        self.forwarded.contains(&phrase)
    }

    /// "Sent from my iPhone", "Von meinem iPad gesendet", "Отправлено с моего …": a line that
    /// opens with what a mail app appends.
    pub fn is_mobile_signature(&self, line: &str) -> bool {
        let start = line.trim_start();
        if let Some(initials) = &self.signature_initials {
            let first = start.chars().next().and_then(|c| c.to_lowercase().next());
            if !first.is_some_and(|c| initials.contains(&c)) {
                return false;
            }
        }
        let lower = start.to_lowercase();
        self.signatures
            .iter()
            .any(|words| opens_with(&lower, words))
    }

    /// "From: Anna <a@b.c>" ("Von:", "От:", "Saatja:"; also bold, `**From:**`): the first line of
    /// a forwarded message's header block, with a value.
    pub fn is_header_from(&self, line: &str) -> bool {
        let first = line.trim_start().trim_start_matches('*').chars().next();
        let first = first.and_then(|c| c.to_lowercase().next());
        first.is_some_and(|c| self.from_initials.contains(&c))
            && header_field(line, &self.header_from).is_some_and(|v| !v.trim_start().is_empty())
    }

    /// "Sent:", "Date:", "To:", "Subject:" and their translations: a line of a header block.
    pub fn is_header_next(&self, line: &str) -> bool {
        header_field(line, &self.header_fields).is_some()
    }

    /// Whether `display` (an e-mail's display name) is no person's: its first word or one of the
    /// capitalised words after it says so ("Website Contact Form", "Acme Support", "Служба
    /// поддержки"; not "Anna Berg (Acme Support)").
    pub fn names_no_person(&self, display: &str) -> bool {
        (display.trim_matches(['"', '\'']).split_whitespace())
            .enumerate()
            .take_while(|(i, w)| *i == 0 || w.starts_with(char::is_uppercase))
            .map(|(_, w)| w)
            .flat_map(|w| w.split(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty())
            .any(|w| self.not_a_person.contains(&w.to_lowercase()))
    }

    /// The value of a web form's name field ("Name: Anna Berg" → "Anna Berg").
    pub fn name_field<'l>(&self, line: &'l str) -> Option<&'l str> {
        let value = header_field(line, &self.name_fields)?;
        let value = value.trim_start_matches('*').trim();
        (!value.is_empty()).then_some(value)
    }

    /// The length of the reply and forward prefixes that open `subject` ("Re: AW: Fwd[2]: "),
    /// with the white space after them.
    pub fn reply_prefix_len(&self, subject: &str) -> usize {
        let mut end = 0;
        loop {
            let rest = subject[end..].trim_start();
            let Some(after) = self
                .reply_prefixes
                .iter()
                .find_map(|p| strip_prefix_ignoring_case(rest, p))
            else {
                return end;
            };
            let mut after = after.trim_start();
            if let Some(number) = after.strip_prefix('[') {
                let digits = number.trim_start_matches(|c: char| c.is_numeric());
                if digits.len() < number.len() {
                    if let Some(closed) = digits.strip_prefix(']') {
                        after = closed.trim_start();
                    }
                }
            }
            let Some(next) = after.strip_prefix(':') else {
                return end;
            };
            end = subject.len() - next.trim_start().len();
        }
    }
}

/// Whether `lower` opens with `words`, one space apart; a `*` stands for one word.
fn opens_with(lower: &str, words: &[String]) -> bool {
    let mut rest = lower;
    for (k, word) in words.iter().enumerate() {
        if k > 0 {
            let Some(r) = rest.strip_prefix(' ') else {
                return false;
            };
            rest = r;
        }
        if word == "*" {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            if end == 0 {
                return false;
            }
            rest = &rest[end..];
        } else {
            let Some(r) = rest.strip_prefix(word.as_str()) else {
                return false;
            };
            rest = r;
        }
    }
    true
}

/// Whether `text` ends (before white space) in `<local@domain>`: no white space or angle
/// brackets inside, something on both sides of an `@`.
fn ends_with_address(text: &str) -> bool {
    let Some(inner) = text.trim_end().strip_suffix('>') else {
        return false;
    };
    let Some(open) = inner.rfind('<') else {
        return false;
    };
    let address = &inner[open + 1..];
    !address.contains(|c: char| c.is_whitespace() || c == '>')
        && address
            .match_indices('@')
            .any(|(at, _)| at > 0 && at + 1 < address.len())
}

/// The value of a header field of `line` named one of `names` (lowercase): after the name,
/// optional white space and a colon. Leading white space and `*` (bold) are skipped. Inlined:
/// [`MailMarkers::is_header_from`] meets every line of a reply that opens like a `From:`.
#[inline]
fn header_field<'l>(line: &'l str, names: &[String]) -> Option<&'l str> {
    let rest = line.trim_start().trim_start_matches('*');
    let after = names
        .iter()
        .find_map(|name| strip_prefix_ignoring_case(rest, name))?;
    after.trim_start().strip_prefix(':')
}

/// `text` without `prefix` (lowercase), compared case-insensitively.
fn strip_prefix_ignoring_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let mut chars = text.char_indices();
    for p in prefix.chars() {
        let (_, c) = chars.next()?;
        if !c.to_lowercase().eq(std::iter::once(p)) {
            return None;
        }
    }
    Some(chars.next().map_or("", |(at, _)| &text[at..]))
}

/// The words of an attribution line, split at white space and commas, quotes trimmed
/// (`"Anna Berg" <…>`).
pub(crate) fn attribution_words(text: &str) -> Vec<&str> {
    (text.split(|c: char| c.is_whitespace() || c == ','))
        .map(|w| w.trim_matches(['"', '\'']))
        .filter(|w| !w.is_empty())
        .collect()
}

/// The name that ends `words`: its last one to three words of a name ("… at 10:15 AM Anna
/// Berg").
pub(crate) fn name_ending(words: &[&str]) -> Option<String> {
    let n = words.iter().rev().take_while(|w| is_name_word(w)).count();
    (1..=3)
        .contains(&n)
        .then(|| words[words.len() - n..].join(" "))
}

/// Whether `word` may be a word of a person's name: a capital, then letters (hyphens and
/// apostrophes too), not all capitals ("AM" is none).
pub(crate) fn is_name_word(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().any(char::is_lowercase)
        && word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\''))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::MailConventions;
    use proptest::prelude::*;
    use regex::Regex;

    fn list(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    /// The words of the four built-in languages, as their packs give them.
    fn conventions() -> MailConventions {
        MailConventions {
            wrote: list(&[
                "wrote",
                "writes",
                "schrieb",
                "schreibt",
                "пишет",
                "писал",
                "писала",
                "написал",
                "написала",
                "kirjutas",
            ]),
            date_openers: list(&["on", "am"]),
            forwarded: list(&[
                "original message",
                "forwarded message",
                "ursprüngliche nachricht",
                "weitergeleitete nachricht",
                "исходное сообщение",
                "пересылаемое сообщение",
                "переадресованное сообщение",
                "algne kiri",
                "edastatud kiri",
            ]),
            mobile_signatures: list(&[
                "sent from my *",
                "get outlook for *",
                "von meinem * gesendet",
                "gesendet von meinem *",
                "отправлено с *",
                "saadetud minu *",
            ]),
            header_from: list(&["from", "von", "от", "saatja", "kellelt"]),
            header_fields: list(&[
                "sent",
                "date",
                "to",
                "subject",
                "gesendet",
                "datum",
                "an",
                "betreff",
                "отправлено",
                "дата",
                "кому",
                "тема",
                "saadetud",
                "kuupäev",
                "kellele",
                "teema",
            ]),
            reply_prefixes: list(&["re", "fw", "fwd", "aw", "wg", "antw", "отв", "пересл", "vs"]),
            not_a_person: list(&["form", "support", "kundenservice", "поддержка", "tugi"]),
            name_fields: list(&["name", "your name", "имя", "имя и фамилия", "nimi"]),
            months: Vec::new(),
        }
    }

    fn markers() -> MailMarkers {
        let mut m = MailMarkers::default();
        m.extend(&conventions());
        m
    }

    /// `(?:a|b|…)` of the escaped words.
    fn any(words: &[String]) -> String {
        let escaped: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
        format!("(?:{})", escaped.join("|"))
    }

    // The regexes these functions replace: they must agree.
    fn attribution() -> Regex {
        let c = conventions();
        Regex::new(&format!(
            r"(?i)(?:\b{}\b.*:\s*$)|(?:<[^<>\s]+@[^<>\s]+>\s*:\s*$)|(?:^\s*{}\s.*\d.*:\s*$)",
            any(&c.wrote),
            any(&c.date_openers)
        ))
        .expect("valid")
    }

    fn forward() -> Regex {
        let c = conventions();
        Regex::new(&format!(
            r"(?i)^\s*-{{2,}}\s*{}\s*-{{2,}}\s*$",
            any(&c.forwarded)
        ))
        .expect("valid")
    }

    fn mobile() -> Regex {
        let c = conventions();
        let signatures: Vec<String> = c
            .mobile_signatures
            .iter()
            .map(|s| regex::escape(s).replace(r"\*", r"\S+"))
            .collect();
        Regex::new(&format!(r"(?i)^\s*(?:{})", signatures.join("|"))).expect("valid")
    }

    #[test]
    fn an_attribution_without_an_address_names_its_writer() {
        let m = markers();
        for (line, name) in [
            ("On 2/3/25 10:15 AM, Anna Berg wrote:", Some("Anna Berg")),
            (
                "Am 03.02.2025 um 10:15 schrieb Anna Berg:",
                Some("Anna Berg"),
            ),
            ("Анна Петрова написал(а):", Some("Анна Петрова")),
            (
                "E, 3. veebr 2025 kell 10:15 kirjutas Mari Tamm:",
                Some("Mari Tamm"),
            ),
            ("On Monday, the customer wrote:", None),
            ("On 3/2/25, \"Anna Berg\" wrote:", Some("Anna Berg")),
            ("Anna wrote this:", None),
        ] {
            assert_eq!(m.attribution_name(line).as_deref(), name, "{line}");
        }
    }

    #[test]
    fn examples() {
        let m = markers();
        for yes in [
            "On Mon, 3 Feb 2025, Anna <a@b.c> wrote:",
            "Am 03.02.2025 um 10:15 schrieb Anna Berg:",
            "Анна Иванова пишет:",
            "ср, 30 апр. 2025 г. в 15:19, Anna <a@b.c>:",
            "Kolmapäeval kirjutas Mari:  ",
        ] {
            assert!(m.is_attribution(yes), "{yes}");
        }
        for no in [
            "I wrote it down",
            "Rewrote it:",
            "Once 3 times:x",
            "<a@b.c>",
            "On Monday:",
            "",
        ] {
            assert!(!m.is_attribution(no), "{no}");
        }
        assert!(m.is_forward_marker("-----Original Message-----"));
        assert!(m.is_forward_marker(" ---------- Forwarded message --------- "));
        assert!(m.is_forward_marker("-- Исходное сообщение --"));
        assert!(!m.is_forward_marker("-- original message -"));
        assert!(!m.is_forward_marker("-- "));
        assert!(m.is_mobile_signature("Sent from my iPhone"));
        assert!(m.is_mobile_signature("Von meinem iPad gesendet"));
        assert!(m.is_mobile_signature("Отправлено с моего Samsung"));
        assert!(!m.is_mobile_signature("Sent from my "));
        assert!(!m.is_mobile_signature("Von meinem  gesendet"));
    }

    /// Another language's words are data: a French pack adds "a écrit" and "Le 3 févr. …".
    #[test]
    fn a_language_adds_its_words() {
        let mut m = markers();
        let french = "Le 3 févr. 2025 à 10:15, Anne a écrit :";
        assert!(!m.is_attribution(french));
        assert!(!m.is_mobile_signature("Envoyé de mon iPhone"));
        m.extend(&MailConventions {
            wrote: list(&["a écrit"]),
            date_openers: list(&["le"]),
            mobile_signatures: list(&["envoyé de mon *"]),
            reply_prefixes: list(&["tr"]),
            ..MailConventions::default()
        });
        assert!(m.is_attribution(french));
        assert!(m.is_attribution("Le 3 févr. 2025, Anne <a@b.c> :"));
        assert!(m.is_mobile_signature("Envoyé de mon iPhone"));
        assert_eq!(m.reply_prefix_len("TR: RE: Commande"), "TR: RE: ".len());
    }

    /// Pieces the three kinds of line are made of, and their near misses.
    fn line() -> impl Strategy<Value = String> {
        let pieces = proptest::sample::select(vec![
            "On",
            "on",
            "AM",
            "Le",
            "el",
            "Il",
            "Once",
            " ",
            "  ",
            "\t",
            "\u{a0}",
            "3",
            "2025",
            "٣",
            ":",
            ": ",
            "::",
            ",",
            "wrote",
            "WROTE",
            "Wrote",
            "rewrote",
            "wrote2",
            "_wrote",
            "writes",
            "schrieb",
            "schreibt",
            "пишет",
            "Пишет",
            "написала",
            "kirjutas",
            "Anna",
            "<",
            ">",
            "@",
            "a@b.c",
            "<a@b.c>",
            "<a b@c>",
            "<@b>",
            "<a@>",
            "-",
            "--",
            "---",
            "Original Message",
            "original message",
            "Forwarded message",
            "ursprüngliche Nachricht",
            "Исходное сообщение",
            "algne kiri",
            "message",
            "Sent from my",
            "sent from my ",
            "Get Outlook for ",
            "Von meinem ",
            "iPad",
            " gesendet",
            "gesendet von meinem ",
            "Отправлено с ",
            "моего ",
            "Saadetud minu ",
            "x",
            "é",
            "Ж",
        ]);
        proptest::collection::vec(pieces, 0..8).prop_map(|p| p.concat())
    }

    proptest! {
        #[test]
        fn header_fields_agree_with_the_regexes(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "From", "from", "FROM", "Von", "От", "Saatja", "kellelt", "Sent", "To", "Tema",
                "Kuupäev", "fromage", "*", "**", ":", " ", "\t", "x", "Anna", "é",
            ]), 0..8)
        ) {
            let line = pieces.concat();
            let (m, c) = (markers(), conventions());
            let from = Regex::new(&format!(r"(?i)^\s*\**{}\s*:\**\s*\S", any(&c.header_from)))
                .expect("valid");
            let next = Regex::new(&format!(r"(?i)^\s*\**{}\s*:", any(&c.header_fields)))
                .expect("valid");
            prop_assert_eq!(m.is_header_from(&line), from.is_match(&line), "{:?}", line);
            prop_assert_eq!(m.is_header_next(&line), next.is_match(&line), "{:?}", line);
        }
    }

    #[test]
    fn display_names_of_no_person() {
        let m = markers();
        for display in [
            "Website Contact Form",
            "Acme Support",
            "ACME-SUPPORT",
            "Поддержка Acme",
            "support",
        ] {
            assert!(m.names_no_person(display), "{display}");
        }
        for display in [
            "Anna Berg",
            "Formby, Anna",
            "Anna Berg (Acme Support)",
            "Acme поддержка",
            "",
        ] {
            assert!(!m.names_no_person(display), "{display}");
        }
    }

    #[test]
    fn a_form_names_its_sender() {
        let m = markers();
        assert_eq!(m.name_field("Name: Anna Berg"), Some("Anna Berg"));
        assert_eq!(m.name_field("  **Your name:** Anna"), Some("Anna"));
        assert_eq!(m.name_field("Имя: Анна"), Some("Анна"));
        assert_eq!(
            m.name_field("Имя и фамилия: Анна Петрова"),
            Some("Анна Петрова")
        );
        for none in ["Name:", "Names: Anna", "My name: Anna", "Anna"] {
            assert_eq!(m.name_field(none), None, "{none}");
        }
    }

    #[test]
    fn reply_prefixes() {
        let m = markers();
        assert_eq!(
            m.reply_prefix_len("Re: AW:Fwd : Order"),
            "Re: AW:Fwd : ".len()
        );
        assert_eq!(
            m.reply_prefix_len("  RE[2]: Отв: x"),
            "  RE[2]: Отв: ".len()
        );
        assert_eq!(m.reply_prefix_len("Return: x"), 0);
        assert_eq!(m.reply_prefix_len("Re[]: x"), 0);
    }

    proptest! {
        #[test]
        fn reply_prefixes_agree_with_the_regex(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "re", "RE", "Re", "aw", "fw", "FWD", "fwdd", "wg", "sv", "vs", "tr", "ed", "antw",
                "ОТВ", "пересл", "x", ":", " ", "\t", "[", "]", "12", "٣", "é",
            ]), 0..10)
        ) {
            let subject = pieces.concat();
            let (m, c) = (markers(), conventions());
            let regex = Regex::new(&format!(
                r"(?i)^\s*(?:{}\s*(?:\[\d+\])?\s*:\s*)+",
                any(&c.reply_prefixes)
            ))
            .expect("valid");
            let expected = regex.find(&subject).map_or(0, |m| m.end());
            prop_assert_eq!(m.reply_prefix_len(&subject), expected, "{:?}", subject);
        }

        #[test]
        fn agree_with_the_regexes(line in line()) {
            let m = markers();
            let (attribution, forward, mobile) = (attribution(), forward(), mobile());
            prop_assert_eq!(m.is_attribution(&line), attribution.is_match(&line), "{:?}", line);
            prop_assert_eq!(m.is_forward_marker(&line), forward.is_match(&line), "{:?}", line);
            prop_assert_eq!(m.is_mobile_signature(&line), mobile.is_match(&line), "{:?}", line);
        }
    }
}
