//! A lowercased, space-normalised copy of a text that maps back to the original's byte offsets.

use crate::scan::{ascii_in, non_ascii};

/// Lowercase copy of a text in which every run of white space (and every masked byte) is one space,
/// `’` is `'`, `ё` is `е`, `ſ` is `s`, and offsets map back to the original.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    /// `(folded offset, original offset)` at every point where the two stop moving together;
    /// between points, both advance byte for byte.
    anchors: Vec<(usize, usize)>,
}

impl Folded {
    /// Fold `text`, treating bytes where `masked` is true (sorted, disjoint spans) as white space.
    pub fn new(text: &str, masked: &[crate::Span]) -> Folded {
        let bytes = text.as_bytes();
        let mut out = String::with_capacity(text.len());
        // Room for a collapsed run of white space every 64 bytes (a reply's line breaks).
        let mut anchors = Vec::with_capacity(text.len() / 64 + 4);
        anchors.push((0, 0));
        let mut in_space = false;
        let mut mask = masked.iter().peekable();
        let mut i = 0;
        while i < bytes.len() {
            while mask.peek().is_some_and(|m| m.end <= i) {
                mask.next();
            }
            // Up to the next masked span, byte by byte (non-ASCII characters whole).
            let stop = match mask.peek() {
                Some(m) if m.start <= i => {
                    // The whole masked span folds into (at most) one space.
                    let end = m.end.min(bytes.len());
                    if !in_space {
                        out.push(' ');
                        in_space = true;
                    }
                    set_anchor(&mut anchors, out.len(), end);
                    i = end;
                    continue;
                }
                Some(m) => m.start.min(bytes.len()),
                None => bytes.len(),
            };
            while i < stop {
                // Plain ASCII, where nothing but letters change, is copied a run at once.
                let (run, space_after) = plain_ascii_run(&bytes[i..stop], in_space);
                if run > 0 {
                    let start = out.len();
                    out.push_str(&text[i..i + run]);
                    out[start..].make_ascii_lowercase();
                    in_space = space_after;
                    i += run;
                    continue;
                }
                let b = bytes[i];
                if b < 0x80 {
                    if !b.is_ascii_whitespace() {
                        out.push(char::from(b.to_ascii_lowercase()));
                        in_space = false;
                    } else if !in_space {
                        out.push(' ');
                        in_space = true;
                    } else {
                        set_anchor(&mut anchors, out.len(), i + 1);
                    }
                    i += 1;
                    continue;
                }
                // Lowercase Cyrillic letters but `ё` (U+0430–U+045F), most of Russian text, are
                // copied by their bytes, a run at once.
                let run = cyrillic_lowercase_run(&bytes[i..stop]);
                if run > 0 {
                    out.push_str(&text[i..i + run]);
                    in_space = false;
                    i += run;
                    continue;
                }
                let c = text[i..].chars().next().unwrap_or(' ');
                let len = c.len_utf8();
                in_space = false;
                let before = out.len();
                if c == '\u{2019}' || c == '\u{2018}' {
                    out.push('\'');
                } else if c == 'ё' || c == 'Ё' {
                    out.push('е'); // Russian writes ё as е more often than not
                } else if c == 'ſ' {
                    out.push('s'); // the long s, which a case-insensitive regex takes for `s`
                } else if is_common_lowercase(c) {
                    out.push(c);
                } else if c.is_whitespace() {
                    out.push(' ');
                    in_space = true;
                } else if let Some(lower) = simple_lowercase(c) {
                    out.push(lower);
                } else if c.is_uppercase() {
                    out.extend(c.to_lowercase());
                } else {
                    out.push(c);
                }
                i += len;
                if out.len() - before != len {
                    set_anchor(&mut anchors, out.len(), i);
                }
            }
        }
        Folded { text: out, anchors }
    }

    /// The original byte offset of folded offset `pos`.
    pub fn original(&self, pos: usize) -> usize {
        let idx = self.anchors.partition_point(|a| a.0 <= pos);
        let (f, o) = self.anchors[idx.saturating_sub(1)];
        o + (pos - f)
    }

    /// Original offsets for folded offsets asked mostly in increasing order (each lookup
    /// starts from the last one's place).
    pub fn cursor(&self) -> Cursor<'_> {
        Cursor {
            anchors: &self.anchors,
            at: 0,
        }
    }
}

/// See [`Folded::cursor`].
pub struct Cursor<'f> {
    anchors: &'f [(usize, usize)],
    at: usize,
}

impl Cursor<'_> {
    /// The original byte offset of folded offset `pos`, as [`Folded::original`] gives it.
    pub fn original(&mut self, pos: usize) -> usize {
        self.at = crate::sorted::last_at_or_before(self.anchors, |a| a.0, pos, self.at);
        let (f, o) = self.anchors[self.at];
        o + (pos - f)
    }
}

/// The length of the ASCII run `bytes` starts with that folds byte for byte: no control byte
/// and no two spaces in a row (nor a space first after `in_space`), looked at eight bytes at a
/// time (so not in the last seven bytes), and 0 unless it fills the first eight; and whether
/// the run ends in a space.
fn plain_ascii_run(bytes: &[u8], mut in_space: bool) -> (usize, bool) {
    let mut n = 0;
    while let Some(block) = bytes.get(n..n + 8) {
        let x = u64::from_le_bytes(block.try_into().expect("eight bytes"));
        let spaces = ascii_in(x, b' ', b' ');
        let space_after_space = spaces & ((spaces << 8) | u64::from(in_space) << 7);
        let stop = non_ascii(x) | ascii_in(x, 0, 0x1F) | space_after_space;
        if stop != 0 {
            // The bytes before the stop join a run of whole blocks; a short run alone (between
            // the words of Cyrillic text, say) is quicker byte by byte.
            let k = (stop.trailing_zeros() / 8) as usize;
            if n == 0 {
                return (0, in_space);
            }
            if k > 0 {
                in_space = block[k - 1] == b' ';
            }
            return (n + k, in_space);
        }
        in_space = spaces >> 63 != 0;
        n += 8;
    }
    (n, in_space)
}

/// Record that folded offset `folded` corresponds to original offset `original`.
fn set_anchor(anchors: &mut Vec<(usize, usize)>, folded: usize, original: usize) {
    match anchors.last_mut() {
        Some(last) if last.0 == folded => last.1 = original,
        _ => anchors.push((folded, original)),
    }
}

/// Whether `c` belongs inside a word.
pub fn is_word_char(c: char) -> bool {
    c == '_' || is_alphanumeric(c)
}

/// `char::is_alphanumeric`, without its table lookup for ASCII and for the letters of Latin-1,
/// Latin Extended-A and -B and Cyrillic (German, Estonian, Russian and most European text).
pub fn is_alphanumeric(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\u{7f}' => false,
        'À'..='Ö' | 'Ø'..='ö' | 'ø'..='ɏ' | 'Ѐ'..='ҁ' | 'Ҋ'..='ԯ' => true,
        _ => c.is_alphanumeric(),
    }
}

/// `char::is_uppercase`, without its table lookup for ASCII, Latin-1 and basic Cyrillic.
#[inline]
pub fn is_uppercase(c: char) -> bool {
    match c {
        'A'..='Z' | 'À'..='Ö' | 'Ø'..='Þ' | 'Ѐ'..='Я' => true,
        '\0'..='\u{7f}' | '×' | 'ß'..='ÿ' | 'а'..='џ' => false,
        _ => c.is_uppercase(),
    }
}

/// `char::is_lowercase`, without its table lookup for the same letters as [`is_uppercase`].
#[inline]
pub fn is_lowercase(c: char) -> bool {
    match c {
        'a'..='z' | 'ß'..='ö' | 'ø'..='ÿ' | 'а'..='џ' => true,
        '\0'..='\u{7f}' | 'À'..='Þ' | '÷' | 'Ѐ'..='Я' => false,
        _ => c.is_lowercase(),
    }
}

/// `char::is_numeric`, without its table lookup for ASCII and the letters of
/// [`is_alphanumeric`].
#[inline]
pub fn is_numeric(c: char) -> bool {
    match c {
        '0'..='9' => true,
        '\0'..='\u{7f}' | 'À'..='ɏ' | 'Ѐ'..='ԯ' => false,
        _ => c.is_numeric(),
    }
}

/// The lowercase of `c` when it is ASCII, Latin-1 or basic Cyrillic (itself if not a capital);
/// `None` for any other character.
#[inline]
fn simple_lowercase(c: char) -> Option<char> {
    match c {
        'A'..='Z' | 'À'..='Ö' | 'Ø'..='Þ' | 'А'..='Я' => char::from_u32(c as u32 + 0x20),
        'Ѐ'..='Џ' => char::from_u32(c as u32 + 0x50),
        '\0'..='\u{7f}' | '×' | 'ß'..='ÿ' | 'а'..='џ' => Some(c),
        _ => None,
    }
}

/// `str::to_lowercase`, without table lookups when `s` is ASCII, Latin-1 and basic Cyrillic.
pub fn to_lowercase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match simple_lowercase(c) {
            Some(lower) => out.push(lower),
            None => return s.to_lowercase(),
        }
    }
    out
}

/// `char::is_alphabetic`, without its table lookup for the same letters as [`is_alphanumeric`].
pub fn is_alphabetic(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\0'..='\u{7f}' => false,
        'À'..='Ö' | 'Ø'..='ö' | 'ø'..='ɏ' | 'Ѐ'..='ҁ' | 'Ҋ'..='ԯ' => true,
        _ => c.is_alphabetic(),
    }
}

/// The words of a text, split at anything but letters, digits, `_` and apostrophes, with
/// apostrophes trimmed from their ends: "can't" is one word, "'quoted'" is `quoted`.
pub fn words(text: &str) -> Words<'_> {
    Words { text, i: 0 }
}

/// The iterator of [`words`].
pub struct Words<'a> {
    text: &'a str,
    i: usize,
}

impl Words<'_> {
    /// The length of the character at `i` when it belongs in a word, else 0.
    #[inline(always)]
    fn word_char_at(&self, i: usize) -> usize {
        let b = self.text.as_bytes()[i];
        if b < 0x80 {
            return usize::from(ASCII_WORD[usize::from(b)]);
        }
        // U+0400–U+047F, all letters, start with these bytes.
        if b == 0xD0 || b == 0xD1 {
            return 2;
        }
        let c = self.text[i..].chars().next().unwrap_or(' ');
        if is_word_char(c) {
            c.len_utf8()
        } else {
            0
        }
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        while self.i < bytes.len() {
            let i = self.i;
            // Skip to the next word character; UTF-8 continuation bytes belong to the character
            // before.
            match bytes[i] {
                b @ 0..0x80 if !ASCII_WORD[usize::from(b)] => {
                    self.i += 1;
                    continue;
                }
                0x80..0xC0 => {
                    self.i += 1;
                    continue;
                }
                _ => {}
            }
            let len = self.word_char_at(i);
            if len == 0 {
                self.i += 1;
                continue;
            }
            let mut start = i;
            let mut end = i + len;
            while end < bytes.len() {
                let len = self.word_char_at(end);
                if len == 0 {
                    break;
                }
                end += len;
            }
            self.i = end;
            while start < end && bytes[start] == b'\'' {
                start += 1;
            }
            while end > start && bytes[end - 1] == b'\'' {
                end -= 1;
            }
            if start < end {
                return Some(&self.text[start..end]);
            }
        }
        None
    }
}

/// The word [`words`] gives that starts at byte `pos` (a character boundary) of `text`, if
/// one does: for looking at a few places of a long text without splitting all of it.
pub fn word_at(text: &str, pos: usize) -> Option<&str> {
    let first = text[pos..].chars().next()?;
    if first == '\'' || !in_word(first) {
        return None;
    }
    // Apostrophes before a word are trimmed from it; any other word character joins it.
    let mut run_start = pos;
    for (i, c) in text[..pos].char_indices().rev() {
        match c {
            '\'' => run_start = i,
            c if in_word(c) => return None,
            _ => break,
        }
    }
    Words { text, i: run_start }.next()
}

/// Whether [`words`] keeps `c` in a word.
fn in_word(c: char) -> bool {
    match u8::try_from(c) {
        Ok(b) if b < 0x80 => ASCII_WORD[usize::from(b)],
        _ => ('\u{400}'..='\u{47f}').contains(&c) || is_word_char(c),
    }
}

/// ASCII bytes that belong in a word: letters, digits, `_` and `'`.
static ASCII_WORD: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_' || c == b'\'';
        b += 1;
    }
    table
};

/// Whether `c` is a lowercase letter of ASCII, Latin-1 or basic Cyrillic: a quick "neither
/// upper case nor a digit" for the bulk of prose (`false` says nothing).
pub fn is_common_lowercase(c: char) -> bool {
    matches!(c, 'a'..='z' | 'ß'..='ö' | 'ø'..='ÿ' | 'а'..='џ')
}

/// The length in bytes of the lowercase Cyrillic letters but `ё` that `bytes` starts with.
fn cyrillic_lowercase_run(bytes: &[u8]) -> usize {
    let mut n = 0;
    while let [lead, next, ..] = bytes[n..] {
        if !is_cyrillic_lowercase(lead, next) || (lead, next) == (0xD1, 0x91) {
            break;
        }
        n += 2;
    }
    n
}

/// The length in bytes of the run `bytes` starts with of characters that are neither capital
/// letters nor (with `digits`) digits, as far as their bytes tell: the lowercase letters of
/// Latin-1 and basic Cyrillic, and single ASCII characters between them. For scans after
/// capitals through prose; two ASCII bytes in a row end the run, as those are skipped faster
/// eight at a time.
pub fn small_run(bytes: &[u8], digits: bool) -> usize {
    let mut n = 0;
    loop {
        match bytes[n..] {
            [b, next, ..] if b < 0x80 => {
                if b.is_ascii_uppercase() || (digits && b.is_ascii_digit()) || next < 0x80 {
                    break;
                }
                n += 1;
            }
            // ß to ÿ but ÷, and а to џ.
            [lead, next, ..]
                if is_cyrillic_lowercase(lead, next)
                    || (lead == 0xC3 && (0x9F..=0xBF).contains(&next) && next != 0xB7) =>
            {
                n += 2
            }
            _ => break,
        }
    }
    n
}

/// Whether `lead` and `next` are the two bytes of a lowercase Cyrillic letter, U+0430–U+045F
/// (most of Russian text): [`is_common_lowercase`] decided from the bytes.
pub fn is_cyrillic_lowercase(lead: u8, next: u8) -> bool {
    (lead == 0xD0 && (0xB0..0xC0).contains(&next)) || (lead == 0xD1 && (0x80..0xA0).contains(&next))
}

/// Whether `word` stands in `text` as a whole word, or words (as written: fold both first).
pub fn holds_word(text: &str, word: &str) -> bool {
    !word.is_empty()
        && text
            .match_indices(word)
            .any(|(at, _)| word_starts_at(text, at) && word_ends_at(text, at + word.len()))
}

/// Whether a word starts at byte `pos` of `text` (no word character or in-word apostrophe before it).
pub fn word_starts_at(text: &str, pos: usize) -> bool {
    let mut before = text[..pos].chars().rev();
    match before.next() {
        None => true,
        Some(c) if is_word_char(c) => false,
        Some('\'') => !before.next().is_some_and(is_word_char),
        Some(_) => true,
    }
}

/// Whether a word ends at byte `pos` of `text` (no word character or in-word apostrophe after it).
pub fn word_ends_at(text: &str, pos: usize) -> bool {
    let mut after = text[pos..].chars();
    match after.next() {
        None => true,
        Some(c) if is_word_char(c) => false,
        Some('\'') => !after.next().is_some_and(is_word_char),
        Some(_) => true,
    }
}

/// The end of the word that continues at `pos` (for `stem*` phrases).
pub fn word_end_from(text: &str, pos: usize) -> usize {
    let mut end = pos;
    let mut chars = text[pos..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_word_char(c) {
            end = pos + i + c.len_utf8();
        } else if c == '\'' && chars.peek().is_some_and(|&(_, n)| is_word_char(n)) {
            continue;
        } else {
            break;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Span;

    #[test]
    fn a_word_is_held_whole() {
        assert!(holds_word("on 3 feb, sam lee wrote:", "sam lee"));
        assert!(holds_word("am … schrieb anna:", "schrieb"));
        assert!(!holds_word("sam leeds wrote:", "sam lee"));
        assert!(!holds_word("rewrote it", "wrote"));
        assert!(!holds_word("anything", ""));
    }

    /// The table-free case tests agree with the standard library's wherever they decide.
    #[test]
    fn case_tests_agree_with_the_standard_library() {
        for c in (0..0x700).filter_map(char::from_u32) {
            assert_eq!(is_uppercase(c), c.is_uppercase(), "{c:?}");
            assert_eq!(is_lowercase(c), c.is_lowercase(), "{c:?}");
            assert_eq!(is_numeric(c), c.is_numeric(), "{c:?}");
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(
                to_lowercase(&c.to_string()),
                c.to_string().to_lowercase(),
                "{c:?}"
            );
        }
        // A word ending in a capital sigma is lowered as a whole (final sigma).
        assert_eq!(to_lowercase("ΟΔΟΣ"), "ΟΔΟΣ".to_lowercase());
        assert_eq!(to_lowercase("Grüße, ЖУК"), "grüße, жук");
    }

    /// Folding character by character, as `Folded::new` does outside its eight-byte blocks.
    fn fold_by_character(text: &str) -> String {
        let mut out = String::new();
        let mut in_space = false;
        for c in text.chars() {
            if c.is_ascii_whitespace() {
                if !in_space {
                    out.push(' ');
                }
                in_space = true;
                continue;
            }
            in_space = c.is_whitespace() && !c.is_ascii();
            match c {
                '\u{2019}' | '\u{2018}' => out.push('\''),
                'ё' | 'Ё' => out.push('е'),
                'ſ' => out.push('s'),
                _ if in_space => out.push(' '),
                c => out.extend(c.to_lowercase()),
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn blocks_fold_like_single_characters_and_map_back(
            pieces in proptest::collection::vec(proptest::sample::select(&[
                "abcdefg", "Hello, World", " ", "  ", "\n", "\r\n", "\t", "x", "AB.", "\x01",
                "\x0b", "\x7f", "’s", "Ёж", "Ä", "\u{a0}", "\u{2003}", "a b c d ", "привет", "ёлка", "ЖУК", "џѐ",
                "ЀЏ", "ÀÞ×÷ß", "ΣΑ",
            ][..]), 0..16)
        ) {
            let text = pieces.concat();
            let f = Folded::new(&text, &[]);
            proptest::prop_assert_eq!(&f.text, &fold_by_character(&text));
            for (p, c) in f.text.char_indices().filter(|&(_, c)| c != ' ') {
                let original = text[f.original(p)..].chars().next().unwrap_or(' ');
                proptest::prop_assert_eq!(fold_by_character(&original.to_string()), c.to_string());
            }
            // A cursor maps every offset as `original` does, asked forwards, then backwards.
            let mut cursor = f.cursor();
            let offsets: Vec<usize> = (0..=f.text.len()).collect();
            for &p in offsets.iter().chain(offsets.iter().rev()) {
                proptest::prop_assert_eq!(cursor.original(p), f.original(p));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn the_word_at_each_place_is_the_one_words_gives_there(
            pieces in proptest::collection::vec(proptest::sample::select(&[
                "ab", "Q", " ", "'", "''", "_", "7", "-", ".", "ж", "ѐ", "ä", "ß", "日本", "—", "\u{a0}", "\u{301}",
            ][..]), 0..14)
        ) {
            let text = pieces.concat();
            let expected: Vec<(usize, &str)> = words(&text)
                .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
                .collect();
            let found: Vec<(usize, &str)> = text
                .char_indices()
                .filter_map(|(p, _)| word_at(&text, p).map(|w| (p, w)))
                .collect();
            proptest::prop_assert_eq!(found, expected);
        }
    }

    #[test]
    fn small_runs_end_at_the_first_capital_or_digit() {
        for c in '\0'..='\u{7ff}' {
            let text = format!("{c}ЖA");
            let small = !(c.is_uppercase() || c.is_ascii_digit())
                && (c.is_ascii() || is_common_lowercase(c));
            let expected = if small { c.len_utf8() } else { 0 };
            assert_eq!(small_run(text.as_bytes(), true), expected, "{c:?}");
        }
        assert_eq!(small_run("äöü Äpfel".as_bytes(), true), "äöü ".len());
        assert_eq!(small_run("ä3ü".as_bytes(), true), "ä".len());
        assert_eq!(small_run("ä3ü".as_bytes(), false), "ä3ü".len());
        assert_eq!(
            small_run("привет мир, Мир".as_bytes(), true),
            "привет мир".len()
        );
        assert_eq!(small_run("über".as_bytes(), true), "ü".len());
    }

    #[test]
    fn folds_case_and_space_and_maps_back() {
        let text = "Hello  WORLD\n\tÜber ẞ ok";
        let f = Folded::new(text, &[]);
        assert_eq!(f.text, "hello world über ß ok");
        let pos = f.text.find("über").unwrap();
        assert_eq!(
            &text[f.original(pos)..f.original(pos + "über".len())],
            "Über"
        );
        let pos = f.text.find(" ok").unwrap() + 1;
        assert_eq!(&text[f.original(pos)..], "ok");
    }

    #[test]
    fn masked_spans_become_one_space() {
        let text = "calm {{x}} down";
        let f = Folded::new(text, &[Span::new(5, 10)]);
        assert_eq!(f.text, "calm down");
        assert_eq!(&text[f.original(5)..], "down");
    }

    #[test]
    fn cyrillic_keeps_offsets() {
        let text = "Успокойтесь, пожалуйста";
        let f = Folded::new(text, &[]);
        assert_eq!(f.text, "успокойтесь, пожалуйста");
        assert_eq!(f.original(f.text.len()), text.len());
    }

    #[test]
    fn fast_alphanumeric_agrees_with_the_standard_library() {
        for c in ('\0'..='\u{2fff}').chain(['\u{1f600}', '𝔸']) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn cyrillic_lowercase_bytes_are_exactly_those_letters() {
        for c in '\u{80}'..='\u{7ff}' {
            let mut buf = [0; 2];
            let b = c.encode_utf8(&mut buf).as_bytes();
            assert_eq!(
                is_cyrillic_lowercase(b[0], b[1]),
                ('а'..='џ').contains(&c),
                "{c:?}"
            );
        }
    }

    #[test]
    fn common_lowercase_letters_are_lowercase() {
        for c in ('\0'..='\u{2fff}').filter(|&c| is_common_lowercase(c)) {
            assert!(
                c.is_lowercase() && !c.is_uppercase() && !c.is_numeric(),
                "{c:?}"
            );
        }
    }

    #[test]
    fn words_keep_inner_apostrophes() {
        let w: Vec<&str> = words("can't 'quoted' ÜBER-größe, x_1 ' ok").collect();
        assert_eq!(w, ["can't", "quoted", "ÜBER", "größe", "x_1", "ok"]);
    }

    proptest::proptest! {
        #[test]
        fn words_are_runs_of_word_characters_trimmed_of_apostrophes(
            text in "[aZ9_' ,.\\n’üЖ\u{301}\u{a0}€-]{0,30}"
        ) {
            let expected: Vec<&str> = text
                .split(|c: char| !(is_word_char(c) || c == '\''))
                .map(|w| w.trim_matches('\''))
                .filter(|w| !w.is_empty())
                .collect();
            proptest::prop_assert_eq!(words(&text).collect::<Vec<_>>(), expected);
        }
    }

    #[test]
    fn boundaries_treat_apostrophes_inside_words_as_letters() {
        assert!(!word_ends_at("can't", 3));
        assert!(word_ends_at("can 't", 3));
        assert!(word_ends_at("cats' toys", 4));
        assert!(!word_starts_at("kneed", 1));
        assert_eq!(
            word_end_from("успокойтесь!", "успокой".len()),
            "успокойтесь".len()
        );
    }
}
