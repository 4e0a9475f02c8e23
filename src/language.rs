//! Language detection from the packs' `markers` (frequent words), `letters` and `alphabet`.

use foldhash::HashMap;
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
    /// No language of its script writes it (Ukrainian "і", Latvian "ā", French "é").
    unwritten: bool,
}

#[derive(Debug, Clone)]
struct Profile {
    code: String,
    /// Of the letters of its markers: how many are Cyrillic, and how many there are.
    marker_letters: (usize, usize),
    letters: Vec<char>,
    /// The letters the language writes with, in small letters (empty: not declared).
    alphabet: Vec<char>,
    /// Some pack has rules for it (others are only told apart, so that their text is not
    /// checked as another language's).
    checked: bool,
    /// It is written in Cyrillic ([`Profile::written_in_cyrillic`]).
    cyrillic: bool,
}

impl Profile {
    /// Whether the language is written in Cyrillic (judged by its alphabet, else its markers).
    fn written_in_cyrillic(&self) -> bool {
        if let Some(&a) = self.alphabet.first() {
            return is_cyrillic(a);
        }
        let (cyr, all) = self.marker_letters;
        all > 0 && cyr * 2 > all
    }
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

/// Of several languages of a script, a text of this many words or more needs a marker of the
/// one it is in, and ...
const MARKED_FROM: usize = 4;
/// ... one of this many words or more needs one word in eight to be a marker; with fewer, it
/// is English if every letter is English's, else none of them.
const DENSE_FROM: usize = 8;
/// A text is in none of the languages of its script when more than one in this many of its
/// letters (and at least [`FOREIGN_LETTERS`]) are in no alphabet of them: Ukrainian "і", "є",
/// Latvian "ā", "ē", French "é". A name or two ("José") stays below it.
const FOREIGN_SHARE: usize = 25;
/// See [`FOREIGN_SHARE`].
const FOREIGN_LETTERS: usize = 3;

/// The most languages told apart (the first added): each has a bit in [`Letter`].
const MAX_LANGUAGES: usize = 64;

/// How many words of a long text are enough to decide.
const SAMPLE_WORDS: usize = 5_000;

impl Detector {
    /// Add (or extend) the profile of `code`; `checked` when the pack has rules.
    pub fn add(&mut self, code: &str, c: &crate::pack::Conventions, checked: bool) {
        let idx = match self.languages.iter().position(|p| p.code == code) {
            Some(i) => i,
            None => {
                self.languages.push(Profile {
                    code: code.to_string(),
                    marker_letters: (0, 0),
                    letters: Vec::new(),
                    alphabet: Vec::new(),
                    checked: false,
                    cyrillic: false,
                });
                self.languages.len() - 1
            }
        };
        let p = &mut self.languages[idx];
        p.checked |= checked;
        self.markers.reserve(c.markers.len());
        for m in &c.markers {
            let m = crate::phrases::normalize(m).0;
            let (cyr, all) = &mut p.marker_letters;
            for ch in m.chars() {
                let cyrillic = is_cyrillic(ch);
                *cyr += usize::from(cyrillic);
                *all += usize::from(cyrillic || ch.is_alphabetic());
            }
            let marked = self.markers.entry(m).or_default();
            if idx < MAX_LANGUAGES && !marked.contains(&idx) {
                marked.push(idx);
            }
        }
        p.letters.extend(c.letters.to_lowercase().chars());
        p.alphabet.extend(c.alphabet.to_lowercase().chars());
        p.alphabet.sort_unstable();
        p.alphabet.dedup();
        p.cyrillic = p.written_in_cyrillic();
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
                let mut of_script = 0u64;
                for (i, p) in self.languages.iter().enumerate().take(MAX_LANGUAGES) {
                    let bit = 1u64 << i;
                    if p.letters.contains(&c) {
                        l.own |= bit;
                    }
                    let own_script = p
                        .alphabet
                        .first()
                        .is_some_and(|&a| is_cyrillic(a) == is_cyrillic(c));
                    if l.letter && own_script {
                        of_script |= bit;
                        if p.alphabet.binary_search(&c).is_err() {
                            l.foreign |= bit;
                        }
                    }
                }
                l.unwritten = of_script != 0 && l.foreign == of_script;
                l
            })
            .collect()
    }

    /// The most likely language of a folded (lowercased) text, or `None` when it reads as none
    /// of them. Only a language of the text's script (Cyrillic or not) can be it, and none when
    /// many letters are in no alphabet of them ([`FOREIGN_SHARE`]); the only one is it. Of
    /// several, the one with the most markers (two points each) and words with its `letters`
    /// (one point), less a point per letter its alphabet lacks, wins (on a tie, one with rules,
    /// then the one added first) when it has markers enough ([`MARKED_FROM`], [`DENSE_FROM`]).
    /// Else the text is in the default language of its script (English; else its only language
    /// with rules) if that writes all its letters (terse English has few markers), a short
    /// text in its best language, and a longer one (Finnish) in none.
    pub fn detect(&self, folded: &str) -> Option<&str> {
        let n = self.languages.len().min(MAX_LANGUAGES);
        let (mut points, mut marked) = ([0usize; MAX_LANGUAGES], [0usize; MAX_LANGUAGES]);
        // Per script (Cyrillic or not): its letters, and per language those not in the alphabet.
        let (mut letters, mut foreign) = ([0usize; 2], [0usize; MAX_LANGUAGES]);
        // Per script: letters no language of it writes.
        let mut unwritten = [0usize; 2];
        let mut words = 0;
        for w in crate::fold::words(folded).take(SAMPLE_WORDS) {
            // Words of digits (and apostrophes) say nothing.
            let ascii = w.is_ascii();
            if ascii && !w.bytes().any(|b| b.is_ascii_alphabetic()) {
                continue;
            }
            words += 1;
            for &i in self.markers.get(w).into_iter().flatten() {
                points[i] += 2;
                marked[i] += 1;
            }
            if ascii {
                letters[0] += w.len();
                continue;
            }
            let mut own = 0u64;
            let table = self.table.get_or_init(|| self.build_table());
            for c in w.chars() {
                match table.get(c as usize) {
                    Some(l) if l.letter => {
                        letters[usize::from(l.cyrillic)] += 1;
                        unwritten[usize::from(l.cyrillic)] += usize::from(l.unwritten);
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
        // The languages of the text's script. Letters none of them writes, more than a name's
        // few, tell another language: Ukrainian, Latvian, French, Spanish.
        let script = usize::from(letters[1] > letters[0]);
        let mut in_script = [0; MAX_LANGUAGES];
        let mut count = 0;
        for i in (0..n).filter(|&i| usize::from(self.languages[i].cyrillic) == script) {
            in_script[count] = i;
            count += 1;
        }
        let fits = &in_script[..count];
        let other_letters = unwritten[script] >= FOREIGN_LETTERS
            && unwritten[script] * FOREIGN_SHARE > letters[script];
        let code = |i: usize| Some(self.languages[i].code.as_str());
        if words == 0 || fits.is_empty() || other_letters {
            return None;
        }
        // The only language of its script needs no markers (Russian among Latin-script ones).
        if let [only] = fits[..] {
            return code(only);
        }
        // The one with the most points, less one per letter its alphabet lacks ("ä" tells that
        // "on" is Estonian, not English; "Jürgen" in an English reply weighs little).
        let score = |i: usize| points[i] as isize - foreign[i] as isize;
        let checked = |i: usize| self.languages[i].checked;
        let best =
            (fits.iter().copied()).max_by_key(|&i| (score(i), checked(i), std::cmp::Reverse(i)))?;
        let enough = (words < MARKED_FROM || marked[best] > 0)
            && (words < DENSE_FROM || marked[best] * 8 >= words);
        if points[best] > 0 && enough {
            return code(best);
        }
        // Too few markers to tell (a terse list, "Done!"): the script's default language
        // (English; else the only one with rules, as Russian is where Bulgarian is only told
        // apart) when every letter is one it writes; a short text, its best language; else none
        // (Finnish, say).
        let default = (fits
            .iter()
            .copied()
            .find(|&i| self.languages[i].code == "en"))
        .or_else(
            || match fits.iter().filter(|&&i| checked(i)).collect::<Vec<_>>()[..] {
                [&only] => Some(only),
                _ => None,
            },
        );
        match default {
            Some(d) if foreign[d] == 0 => code(d),
            _ if words < MARKED_FROM => code(if points[best] > 0 {
                best
            } else {
                default.unwrap_or(fits[0])
            }),
            _ => None,
        }
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
            // Terse English has few frequent words; German names do not make it German.
            "1. Open Settings\n2. Tap Account\n3. Choose Reset\n4. Confirm with OK",
            "Hi Jürgen, your parcel goes to Königstraße 5, Düsseldorf.",
            // German without a function word English lacks, told by a word of support replies.
            "Die Lieferung dauert drei Tage.",
        ];
        let want = [
            "en", "et", "et", "ru", "de", "en", "ru", "et", "en", "en", "de",
        ];
        assert_eq!(detected(&texts), want.map(|l| Some(l.to_string())));
    }

    /// Languages no pack has are none of them, when their letters or their lack of the packs'
    /// frequent words tell: not English for "a" or "on", not Estonian for "et" or "š", not
    /// Russian for the Cyrillic script.
    #[test]
    fn other_languages_are_none_of_the_packs() {
        let texts = [
            "Nous sommes désolés du retard : le colis arrivera jeudi, nous vous prévenons dès son arrivée.",
            "Lamentamos el retraso. El reembolso se realizará en un plazo de cinco días hábiles.",
            "Paldies par jūsu vēstuli. Jūsu pasūtījums šodien tiks nosūtīts.",
            "Дякуємо за ваше повідомлення. Посилку відправлено сьогодні вранці.",
            "Hei Matti, kiitos viestistäsi. Pakettisi lähti tänä aamuna ja saapuu torstaina.",
        ];
        assert_eq!(detected(&texts), vec![None; texts.len()]);
    }

    /// Languages that built-in packs without rules tell apart: written without accents they
    /// are not English, and Bulgarian is not Russian.
    #[test]
    fn languages_without_rules_are_told_apart() {
        let texts = [
            (
                "Bedankt voor uw bericht. Wij sturen het pakket morgen op.",
                "nl",
            ),
            (
                "Merci pour votre message, nous envoyons le colis demain.",
                "fr",
            ),
            (
                "Gracias por tu mensaje. Te enviamos el paquete manana.",
                "es",
            ),
            (
                "Grazie per il tuo messaggio. Spediamo il pacco domani.",
                "it",
            ),
            (
                "Obrigado pela sua mensagem. Enviamos o pacote amanha.",
                "pt",
            ),
            ("Dziekujemy za wiadomosc. Paczke wyslemy jutro.", "pl"),
            (
                "Terima kasih atas pesan Anda. Kami akan mengirim paket besok.",
                "id",
            ),
            (
                "Благодарим ви за съобщението. Ще изпратим пратката утре.",
                "bg",
            ),
        ];
        let got = detected(&texts.map(|(t, _)| t));
        assert_eq!(got, texts.map(|(_, l)| Some(l.to_string())));
    }

    /// A few words or names of those languages leave English English, and a text they tie on
    /// goes to the language with rules.
    #[test]
    fn english_with_a_few_foreign_words_stays_english() {
        let texts = [
            "Thanks Dan, done.",
            "Hi Juan, de nada! Your refund is on its way.",
            "Hello Jan de Vries, thank you for your message. We will call you tomorrow.",
            "Hi Dewi, terima kasih for your order. It ships today and arrives on Friday.",
            "Bonjour! Thanks for writing to us about your order.",
        ];
        assert_eq!(detected(&texts), vec![Some("en".to_string()); texts.len()]);
        let russian = ["Спасибо! Заказ готов.", "Да, и на складе тоже."];
        assert_eq!(detected(&russian), vec![Some("ru".to_string()); 2]);
    }
}
