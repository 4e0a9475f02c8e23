//! Language detection from the packs' `markers` (frequent words) and `letters`.

use foldhash::{HashMap, HashSet, HashSetExt};

/// Scores a text against every language that declares markers.
#[derive(Debug, Clone, Default)]
pub struct Detector {
    languages: Vec<Profile>,
    /// Every marker word with the languages (indexes) it marks: one lookup per word.
    markers: HashMap<String, Vec<usize>>,
}

#[derive(Debug, Clone)]
struct Profile {
    code: String,
    markers: HashSet<String>,
    letters: Vec<char>,
}

impl Profile {
    /// Whether the language is written in Cyrillic (judged by its markers).
    fn cyrillic(&self) -> bool {
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
                });
                self.languages.len() - 1
            }
        };
        let p = &mut self.languages[idx];
        p.markers.reserve(c.markers.len());
        self.markers.reserve(c.markers.len());
        for m in &c.markers {
            let m = crate::phrases::normalize(m).0;
            if p.markers.insert(m.clone()) {
                self.markers.entry(m).or_default().push(idx);
            }
        }
        p.letters.extend(c.letters.to_lowercase().chars());
    }

    /// The most likely language of a folded (lowercased) text. Without any marker or letter
    /// found, the script decides (Cyrillic or not), then English, then the first language added.
    /// On a tie, the language added first wins.
    pub fn detect(&self, folded: &str) -> Option<&str> {
        self.by_markers(folded).or_else(|| self.by_script(folded))
    }

    fn by_script(&self, folded: &str) -> Option<&str> {
        let (cyr, all) = folded.chars().take(20_000).fold((0, 0), |(c, a), ch| {
            (
                c + usize::from(is_cyrillic(ch)),
                a + usize::from(ch.is_alphabetic()),
            )
        });
        if all == 0 {
            return None;
        }
        let cyrillic = cyr * 2 > all;
        let fits: Vec<&Profile> = self
            .languages
            .iter()
            .filter(|p| p.cyrillic() == cyrillic)
            .collect();
        fits.iter()
            .find(|p| p.code == "en")
            .or(fits.first())
            .map(|p| p.code.as_str())
    }

    fn by_markers(&self, folded: &str) -> Option<&str> {
        let mut scores = vec![0usize; self.languages.len()];
        let words = crate::fold::words(folded).take(SAMPLE_WORDS);
        for w in words {
            for &i in self.markers.get(w).into_iter().flatten() {
                scores[i] += 2;
            }
            // Language-specific letters are never ASCII: skip the scan for ASCII words.
            if !w.is_ascii() {
                for (i, p) in self.languages.iter().enumerate() {
                    if w.chars().any(|c| p.letters.contains(&c)) {
                        scores[i] += 1;
                    }
                }
            }
        }
        let (best, score) = scores
            .iter()
            .enumerate()
            .max_by_key(|&(i, s)| (*s, std::cmp::Reverse(i)))?;
        (*score > 0).then(|| self.languages[best].code.as_str())
    }
}
