//! Language detection from the packs' `markers` (frequent words), `letters` and `alphabet`.

use foldhash::{HashMap, HashSet, HashSetExt};
use std::sync::OnceLock;

/// Scores a text against every language that declares markers.
#[derive(Debug, Clone, Default)]
pub struct Detector {
    languages: Vec<Profile>,
    /// Every marker word with the languages (indexes) it marks: one lookup per word.
    markers: HashMap<String, Vec<usize>>,
    /// What each character below [`TABLED`] (Latin and Cyrillic) tells: one lookup per letter.
    /// Built when first needed, once every language is added.
    table: OnceLock<Vec<Letter>>,
}

/// Characters below this are looked up in [`Detector::table`].
const TABLED: usize = 0x500;

/// What a character tells about the language of a text.
#[derive(Debug, Clone, Copy, Default)]
struct Letter {
    letter: bool,
    cyrillic: bool,
    /// The languages (a bit each, by index) whose `letters` hold it.
    own: u64,
    /// The languages whose alphabet is of its script but lacks it.
    foreign: u64,
}

#[derive(Debug, Clone)]
struct Profile {
    code: String,
    markers: HashSet<String>,
    letters: Vec<char>,
    /// The letters the language writes with, in small letters (empty: not declared).
    alphabet: Vec<char>,
}

impl Profile {
    /// Whether the language is written in Cyrillic (judged by its alphabet, else its markers).
    fn cyrillic(&self) -> bool {
        if let Some(&a) = self.alphabet.first() {
            return is_cyrillic(a);
        }
        let (cyr, all) = self
            .markers
            .iter()
            .flat_map(|m| m.chars())
            .fold((0, 0), |(c, a), ch| {
                (
                    c + usize::from(is_cyrillic(ch)),
                    a + usize::from(ch.is_alphabetic()),
                )
            });
        all > 0 && cyr * 2 > all
    }
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

/// A text of this many words or more needs a marker of its language (letters alone do not
/// tell Latvian from Estonian), and ...
const MARKED_FROM: usize = 4;
/// ... one of this many words or more needs one word in eight to be a marker: French or Dutch
/// shares a few short words with the packs' languages, but not that many.
const DENSE_FROM: usize = 8;
/// A language is ruled out when more than one in this many letters of its script (and at
/// least [`FOREIGN_LETTERS`]) are not in its alphabet: Ukrainian "і", "є" for Russian,
/// Latvian "ā", "ē" for Estonian. A name or two ("José") stays below it.
const FOREIGN_SHARE: usize = 25;
/// See [`FOREIGN_SHARE`].
const FOREIGN_LETTERS: usize = 3;

/// The most languages told apart (the first added): each has a bit in [`Letter`].
const MAX_LANGUAGES: usize = 64;

/// How many words of a long text are enough to decide.
const SAMPLE_WORDS: usize = 5_000;

impl Detector {
    /// Add (or extend) the profile of `code`.
    pub fn add(&mut self, code: &str, c: &crate::pack::Conventions) {
        let idx = match self.languages.iter().position(|p| p.code == code) {
            Some(i) => i,
            None => {
                self.languages.push(Profile {
                    code: code.to_string(),
                    markers: HashSet::new(),
                    letters: Vec::new(),
                    alphabet: Vec::new(),
                });
                self.languages.len() - 1
            }
        };
        let p = &mut self.languages[idx];
        p.markers.reserve(c.markers.len());
        self.markers.reserve(c.markers.len());
        for m in &c.markers {
            let m = crate::phrases::normalize(m).0;
            if p.markers.insert(m.clone()) && idx < MAX_LANGUAGES {
                self.markers.entry(m).or_default().push(idx);
            }
        }
        p.letters.extend(c.letters.to_lowercase().chars());
        p.alphabet.extend(c.alphabet.to_lowercase().chars());
        p.alphabet.sort_unstable();
        p.alphabet.dedup();
        self.table = OnceLock::new();
    }

    /// [`Detector::table`], for the languages added.
    fn build_table(&self) -> Vec<Letter> {
        (0..TABLED as u32)
            .map(|u| {
                let c = char::from_u32(u).unwrap_or(' ');
                let mut l = Letter {
                    letter: c.is_alphabetic(),
                    cyrillic: is_cyrillic(c),
                    ..Letter::default()
                };
                if c.is_ascii() {
                    return l; // ASCII words are not looked up
                }
                for (i, p) in self.languages.iter().enumerate().take(MAX_LANGUAGES) {
                    let bit = 1u64 << i;
                    if p.letters.contains(&c) {
                        l.own |= bit;
                    }
                    let own_script = p
                        .alphabet
                        .first()
                        .is_some_and(|&a| is_cyrillic(a) == is_cyrillic(c));
                    if l.letter && own_script && p.alphabet.binary_search(&c).is_err() {
                        l.foreign |= bit;
                    }
                }
                l
            })
            .collect()
    }

    /// The most likely language of a folded (lowercased) text, or `None` when it reads as none
    /// of them. Only the languages of the text's script (Cyrillic or not) whose alphabet does
    /// not rule them out can be it; the only one is it. Of several, the one with the most
    /// markers (two points each) and words with its `letters` (one point), less a point per
    /// letter its alphabet lacks, wins, the language added first on a tie. A longer text needs
    /// markers of that language, enough of them ([`MARKED_FROM`], [`DENSE_FROM`]): a French or
    /// Finnish reply is no language of the packs, not English or Estonian. A short one without
    /// any is English, else the first language of its script.
    pub fn detect(&self, folded: &str) -> Option<&str> {
        let n = self.languages.len().min(MAX_LANGUAGES);
        let (mut points, mut marked) = ([0usize; MAX_LANGUAGES], [0usize; MAX_LANGUAGES]);
        // Per script (Cyrillic or not): its letters, and per language those not in the alphabet.
        let (mut letters, mut foreign) = ([0usize; 2], [0usize; MAX_LANGUAGES]);
        let mut words = 0;
        for w in crate::fold::words(folded).take(SAMPLE_WORDS) {
            // Words of digits (and apostrophes) say nothing.
            if w.is_ascii() && !w.bytes().any(|b| b.is_ascii_alphabetic()) {
                continue;
            }
            words += 1;
            for &i in self.markers.get(w).into_iter().flatten() {
                points[i] += 2;
                marked[i] += 1;
            }
            if w.is_ascii() {
                letters[0] += w.len();
                continue;
            }
            let mut own = 0u64;
            let table = self.table.get_or_init(|| self.build_table());
            for c in w.chars() {
                match table.get(c as usize) {
                    Some(l) if l.letter => {
                        letters[usize::from(l.cyrillic)] += 1;
                        own |= l.own;
                        let mut lacking = l.foreign;
                        while lacking != 0 {
                            foreign[lacking.trailing_zeros() as usize] += 1;
                            lacking &= lacking - 1;
                        }
                    }
                    Some(_) => {}
                    // Other scripts: only a language's own `letters` tell.
                    None => {
                        for (i, p) in self.languages.iter().enumerate().take(MAX_LANGUAGES) {
                            if p.letters.contains(&c) {
                                own |= 1 << i;
                            }
                        }
                    }
                }
            }
            while own != 0 {
                points[own.trailing_zeros() as usize] += 1;
                own &= own - 1;
            }
        }
        let ruled_out = |i: usize| {
            let p = &self.languages[i];
            let all = p
                .alphabet
                .first()
                .map_or(0, |&a| letters[usize::from(is_cyrillic(a))]);
            foreign[i] >= FOREIGN_LETTERS && foreign[i] * FOREIGN_SHARE > all
        };
        // The languages of the text's script; of them, the one with the most points (fewer for
        // letters its alphabet lacks: "ä" tells "on" is Estonian, not English).
        let cyrillic = letters[1] > letters[0];
        let fits: Vec<usize> = (0..n)
            .filter(|&i| !ruled_out(i) && self.languages[i].cyrillic() == cyrillic)
            .collect();
        let code = |i: usize| Some(self.languages[i].code.as_str());
        if words == 0 || fits.is_empty() {
            return None;
        }
        // The only language of its script needs no markers (Russian among Latin-script ones).
        if let [only] = fits[..] {
            return code(only);
        }
        let score = |i: usize| points[i] as isize - foreign[i] as isize;
        let best = (fits.iter().copied()).max_by_key(|&i| (score(i), std::cmp::Reverse(i)))?;
        if points[best] > 0 {
            let enough = (words < MARKED_FROM || marked[best] > 0)
                && (words < DENSE_FROM || marked[best] * 8 >= words);
            return enough.then(|| code(best)).flatten();
        }
        // A short text without a marker ("Done!"): English, else the first language.
        if words >= MARKED_FROM {
            return None;
        }
        let en = fits
            .iter()
            .copied()
            .find(|&i| self.languages[i].code == "en");
        code(en.unwrap_or(fits[0]))
    }
}

#[cfg(test)]
mod tests {
    fn detected(texts: &[&str]) -> Vec<Option<String>> {
        let engine = crate::Engine::builder().builtin_packs().build().unwrap();
        texts
            .iter()
            .map(|t| engine.detect(&engine.parse(t)))
            .collect()
    }

    #[test]
    fn short_replies_are_told_apart() {
        let texts = [
            "Done!",
            "Makse on tehtud.",
            "Raha kanti üle.",
            "Заказ отправлен.",
            "Hallo Anna,\n\ndein Paket kommt am Freitag.",
            "Hi José, your refund for the café order is on its way.",
            // No marker, but the only language of its script.
            "Оплата осуществляется посредством банковской карты.",
            // "on" is English and Estonian; "ä" is not English.
            "Paki ETA on neljapäev.",
        ];
        let want = ["en", "et", "et", "ru", "de", "en", "ru", "et"];
        assert_eq!(detected(&texts), want.map(|l| Some(l.to_string())));
    }

    /// Languages no pack has are none of them: not English for sharing "a" or "on", not
    /// Estonian for "et" or "š", not Russian for the Cyrillic script.
    #[test]
    fn other_languages_are_none_of_the_packs() {
        let texts = [
            "Bonjour, votre commande est en route et arrivera demain.",
            "Lamentamos el retraso. El reembolso se realizará en un plazo de cinco días hábiles.",
            "Paldies par jūsu vēstuli. Jūsu pasūtījums šodien tiks nosūtīts.",
            "Дякуємо за ваше повідомлення. Посилку відправлено сьогодні вранці.",
            "Onze excuses voor de vertraging. De terugbetaling volgt binnen vijf werkdagen.",
        ];
        assert_eq!(detected(&texts), vec![None; texts.len()]);
    }
}
