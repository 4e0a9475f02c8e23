//! Lines that open quoted text or a signature in an e-mail reply ("On … wrote:", "-----Original
//! Message-----", "Sent from my iPhone"), recognised by hand: a pre-send hook checks one e-mail
//! per run, and compiling a regex for each of these would cost more than the whole check.
//! Letters compare case-insensitively (by lowercasing); "white space" is Unicode's.

/// "On Mon, 3 Feb 2025, Anna <a@b.c> wrote:", "Am … schrieb Anna:", "Анна пишет:", "Anna
/// <a@b.c>:", "… kirjutas …:": a line that ends in a colon after a "wrote" word, after an
/// address in angle brackets, or after a date of a line that opens with "On"/"Am"/"Le"/"El"/"Il".
pub fn is_attribution(line: &str) -> bool {
    let Some(head) = line.trim_end().strip_suffix(':') else {
        return false;
    };
    wrote_word_in(head) || ends_with_address(head) || opens_with_date(head)
}

/// The "wrote" words, lowercase.
const WROTE: [&str; 10] = [
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
];

/// Whether one of [`WROTE`] stands in `text` as a whole word.
fn wrote_word_in(text: &str) -> bool {
    let lower = text.to_lowercase();
    WROTE.iter().any(|w| {
        lower.match_indices(w).any(|(at, _)| {
            !lower[..at]
                .chars()
                .next_back()
                .is_some_and(crate::fold::is_word_char)
                && !lower[at + w.len()..]
                    .chars()
                    .next()
                    .is_some_and(crate::fold::is_word_char)
        })
    })
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

/// Whether `text` opens with "On", "Am", "Le", "El" or "Il" and a white-space character, and
/// holds a digit after them.
fn opens_with_date(text: &str) -> bool {
    let mut chars = text.trim_start().chars();
    let (Some(a), Some(b), Some(space)) = (chars.next(), chars.next(), chars.next()) else {
        return false;
    };
    let first: String = [a, b].iter().flat_map(|c| c.to_lowercase()).collect();
    matches!(first.as_str(), "on" | "am" | "le" | "el" | "il")
        && space.is_whitespace()
        && chars.any(|c| c.is_numeric())
}

/// The phrases a forwarding or quoting client puts between dashes, lowercase.
const FORWARDED: [&str; 9] = [
    "original message",
    "forwarded message",
    "ursprüngliche nachricht",
    "weitergeleitete nachricht",
    "исходное сообщение",
    "пересылаемое сообщение",
    "переадресованное сообщение",
    "algne kiri",
    "edastatud kiri",
];

/// "-----Original Message-----", "---------- Forwarded message ---------": one of
/// [`FORWARDED`] between runs of at least two dashes.
pub fn is_forward_marker(line: &str) -> bool {
    let Some(rest) = line.trim().strip_prefix("--") else {
        return false;
    };
    let Some(inner) = rest.trim_start_matches('-').strip_suffix("--") else {
        return false;
    };
    let phrase = inner.trim_end_matches('-').trim().to_lowercase();
    FORWARDED.contains(&phrase.as_str())
}

/// "Sent from my iPhone", "Get Outlook for Android", "Von meinem iPad gesendet", "Gesendet von
/// meinem …", "Отправлено с моего …", "Saadetud minu …": a line that opens with what a mail app
/// appends.
pub fn is_mobile_signature(line: &str) -> bool {
    let start = line.trim_start();
    // Most lines are told apart by their first letter, without lowercasing them.
    if !start.starts_with(['s', 'S', 'g', 'G', 'v', 'V', 'о', 'О']) {
        return false;
    }
    let lower = start.to_lowercase();
    let word_after = |prefix: &str| {
        lower
            .strip_prefix(prefix)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| !c.is_whitespace())
    };
    let von_meinem = lower.strip_prefix("von meinem ").is_some_and(|rest| {
        let word = rest.find(char::is_whitespace).unwrap_or(rest.len());
        word > 0 && rest[word..].starts_with(" gesendet")
    });
    von_meinem
        || [
            "sent from my ",
            "get outlook for ",
            "gesendet von meinem ",
            "отправлено с ",
            "saadetud minu ",
        ]
        .iter()
        .any(|p| word_after(p))
}

/// "From: Anna <a@b.c>", "**Von:** …", "От: …": the line that opens an Outlook-style header
/// block of a quoted message (a field name, a colon, then a value).
pub fn is_header_from(line: &str) -> bool {
    const NAMES: [&str; 5] = ["from", "von", "от", "saatja", "kellelt"];
    header_field(line, &NAMES).is_some_and(|value| !value.trim_start().is_empty())
}

/// "Sent:", "Date:", "To:", "Subject:" and their German, Russian and Estonian names: the lines
/// after the first of an Outlook-style header block.
pub fn is_header_next(line: &str) -> bool {
    const NAMES: [&str; 16] = [
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
    ];
    header_field(line, &NAMES).is_some()
}

/// What follows the colon of a line that opens (after white space and `*`s, as Markdown bold
/// leaves them) with one of `names` and a colon; a value's own `*`s count as its text.
fn header_field<'l>(line: &'l str, names: &[&str]) -> Option<&'l str> {
    let rest = line.trim_start().trim_start_matches('*');
    let after = names
        .iter()
        .find_map(|name| strip_prefix_ignoring_case(rest, name))?;
    after.trim_start().strip_prefix(':')
}

/// The length in bytes of the reply and forward prefixes that open a subject line ("Re: ",
/// "AW: Fwd: ", "Re[2]: ", "Отв: "), 0 when there are none.
pub fn reply_prefix_len(subject: &str) -> usize {
    const PREFIXES: [&str; 12] = [
        "re",
        "aw",
        "fwd",
        "fw",
        "wg",
        "sv",
        "vs",
        "tr",
        "ed",
        "antw",
        "отв",
        "пересл",
    ];
    let mut end = 0;
    loop {
        let rest = subject[end..].trim_start();
        let Some(after) = PREFIXES
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::Regex;

    // The regexes these functions replace: they must agree.
    const ATTRIBUTION: &str = concat!(
        r"(?i)(?:\b(?:wrote|writes|schrieb|schreibt|пишет|писал|писала|написал|написала|kirjutas)\b.*:\s*$)",
        r"|(?:<[^<>\s]+@[^<>\s]+>\s*:\s*$)",
        r"|(?:^\s*(?:on|am|le|el|il)\s.*\d.*:\s*$)"
    );
    const FORWARD: &str = concat!(
        r"(?i)^\s*-{2,}\s*(?:original message|forwarded message|ursprüngliche nachricht",
        r"|weitergeleitete nachricht|исходное сообщение|пересылаемое сообщение",
        r"|переадресованное сообщение|algne kiri|edastatud kiri)\s*-{2,}\s*$"
    );
    const MOBILE: &str = concat!(
        r"(?i)^\s*(?:sent from my \S+|get outlook for \S+|von meinem \S+ gesendet",
        r"|gesendet von meinem \S+|отправлено с (?:моего )?\S+|saadetud minu \S+)"
    );

    #[test]
    fn examples() {
        for yes in [
            "On Mon, 3 Feb 2025, Anna <a@b.c> wrote:",
            "Am 03.02.2025 um 10:15 schrieb Anna Berg:",
            "Анна Иванова пишет:",
            "ср, 30 апр. 2025 г. в 15:19, Anna <a@b.c>:",
            "Kolmapäeval kirjutas Mari:  ",
            "Le 3 févr. 2025 à 10:15, Anne a écrit :",
        ] {
            assert!(is_attribution(yes), "{yes}");
        }
        for no in [
            "I wrote it down",
            "Rewrote it:",
            "Once 3 times:x",
            "<a@b.c>",
            "On Monday:",
            "",
        ] {
            assert!(!is_attribution(no), "{no}");
        }
        assert!(is_forward_marker("-----Original Message-----"));
        assert!(is_forward_marker(
            " ---------- Forwarded message --------- "
        ));
        assert!(is_forward_marker("-- Исходное сообщение --"));
        assert!(!is_forward_marker("-- original message -"));
        assert!(!is_forward_marker("-- "));
        assert!(is_mobile_signature("Sent from my iPhone"));
        assert!(is_mobile_signature("Von meinem iPad gesendet"));
        assert!(is_mobile_signature("Отправлено с моего Samsung"));
        assert!(!is_mobile_signature("Sent from my "));
        assert!(!is_mobile_signature("Von meinem  gesendet"));
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
            let from = Regex::new(r"(?i)^\s*\**(?:from|von|от|saatja|kellelt)\s*:\**\s*\S")
                .expect("valid");
            let next = Regex::new(concat!(
                r"(?i)^\s*\**(?:sent|date|to|subject|gesendet|datum|an|betreff|отправлено|дата|кому|тема",
                r"|saadetud|kuupäev|kellele|teema)\s*:"
            ))
            .expect("valid");
            prop_assert_eq!(is_header_from(&line), from.is_match(&line), "{:?}", line);
            prop_assert_eq!(is_header_next(&line), next.is_match(&line), "{:?}", line);
        }
    }

    #[test]
    fn reply_prefixes() {
        assert_eq!(
            reply_prefix_len("Re: AW:Fwd : Order"),
            "Re: AW:Fwd : ".len()
        );
        assert_eq!(reply_prefix_len("  RE[2]: Отв: x"), "  RE[2]: Отв: ".len());
        assert_eq!(reply_prefix_len("Return: x"), 0);
        assert_eq!(reply_prefix_len("Re[]: x"), 0);
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
            let regex = Regex::new(
                r"(?i)^\s*(?:(?:re|aw|fwd?|wg|sv|vs|tr|ed|antw|отв|пересл)\s*(?:\[\d+\])?\s*:\s*)+",
            )
            .expect("valid");
            let expected = regex.find(&subject).map_or(0, |m| m.end());
            prop_assert_eq!(reply_prefix_len(&subject), expected, "{:?}", subject);
        }

        #[test]
        fn agree_with_the_regexes(line in line()) {
            let attribution = Regex::new(ATTRIBUTION).expect("valid");
            let forward = Regex::new(FORWARD).expect("valid");
            let mobile = Regex::new(MOBILE).expect("valid");
            prop_assert_eq!(is_attribution(&line), attribution.is_match(&line), "{:?}", line);
            prop_assert_eq!(is_forward_marker(&line), forward.is_match(&line), "{:?}", line);
            prop_assert_eq!(is_mobile_signature(&line), mobile.is_match(&line), "{:?}", line);
        }
    }
}
