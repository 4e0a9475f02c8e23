//! CSV collections: a header row, one entry per record. The csv crate splits records and
//! finds errors; the text field is then read again from the source to map it. The delimiter
//! is the one of `,`, `;` and tab that the header row holds most of (spreadsheets write `;`
//! where the decimal mark is a comma: in German, Russian and Estonian).

use super::map::{Builder, OffsetMap};
use super::{CollectionError, Entry, Options, Quoting, NAME_FIELDS, TEXT_FIELDS};

pub(crate) fn parse(src: &str, options: &Options) -> Result<Vec<Entry>, CollectionError> {
    let delimiter = delimiter(src);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(false)
        .from_reader(src.as_bytes());
    let headers = reader.headers().map_err(|e| error(src, &e))?.clone();
    let find = |name: &str| {
        headers.iter().position(|h| h == name).or_else(|| {
            headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
        })
    };
    let column = match &options.csv_column {
        Some(name) => find(name).ok_or_else(|| CollectionError {
            message: format!("no column named `{name}` in the header row"),
            line: 1,
            column: 1,
        })?,
        None => options
            .text_fields
            .iter()
            .map(String::as_str)
            .chain(TEXT_FIELDS.iter().copied())
            .find_map(find)
            .ok_or_else(|| CollectionError {
                message: format!(
                    "no reply text column: name one (the columns are {})",
                    headers.iter().collect::<Vec<_>>().join(", ")
                ),
                line: 1,
                column: 1,
            })?,
    };
    let name_column = NAME_FIELDS.iter().find_map(|n| find(n));
    let inquiry_column = match &options.inquiry_field {
        Some(name) => Some(find(name).ok_or_else(|| CollectionError {
            message: format!("no column named `{name}` (the inquiry field) in the header row"),
            line: 1,
            column: 1,
        })?),
        None => None,
    };
    let language_column = super::LANGUAGE_FIELDS.iter().find_map(|n| find(n));
    let mut entries = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| error(src, &e))?;
        let value = record.get(column).unwrap_or_default();
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let (text, map, quoted) = match field(src, start, column, delimiter) {
            Some((text, map, quoted)) if text == value => (text, map, quoted),
            _ => (
                value.to_string(),
                OffsetMap::coarse(start, value.len()),
                true,
            ),
        };
        let name = name_column
            .and_then(|c| record.get(c))
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string);
        let inquiry = inquiry_column
            .and_then(|c| record.get(c))
            .filter(|q| !q.trim().is_empty())
            .map(str::to_string);
        let language = language_column
            .and_then(|c| record.get(c))
            .and_then(super::language_code);
        entries.push(Entry {
            inquiry,
            language,
            ..Entry::new(name, text, map, Quoting::Csv { quoted }, false)
        });
    }
    Ok(entries)
}

fn error(src: &str, e: &csv::Error) -> CollectionError {
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("invalid CSV: a record has {len} fields, the header row {expected_len}"),
        _ => format!("invalid CSV: {e}"),
    };
    match e.position() {
        Some(p) => CollectionError::at(src, p.byte() as usize, message),
        None => CollectionError {
            message,
            line: 1,
            column: 1,
        },
    }
}

/// The delimiter the header row holds most of: `,` unless `;` or tab is more frequent.
fn delimiter(src: &str) -> u8 {
    let header = &src.as_bytes()[..memchr::memchr(b'\n', src.as_bytes()).unwrap_or(src.len())];
    let count = |d: u8| memchr::memchr_iter(d, header).count();
    [b';', b'\t']
        .into_iter()
        .filter(|&d| count(d) > count(b','))
        .max_by_key(|&d| count(d))
        .unwrap_or(b',')
}

/// Field `column` of the record starting at byte `start`, decoded and mapped, and whether it
/// is in quotation marks.
fn field(
    src: &str,
    start: usize,
    column: usize,
    delimiter: u8,
) -> Option<(String, OffsetMap, bool)> {
    let s = src.as_bytes();
    // A record never starts with a line break; the csv crate may place it on one.
    let mut i = start;
    while matches!(s.get(i), Some(b'\r' | b'\n')) {
        i += 1;
    }
    for k in 0..=column {
        let mut b = Builder::new();
        let mut closing_quote = None;
        if s.get(i) == Some(&b'"') {
            i += 1;
            loop {
                let j = i + s.get(i..)?.iter().position(|&c| c == b'"')?;
                b.literal(src.get(i..j)?, i);
                if s.get(j + 1) == Some(&b'"') {
                    b.literal("\"", j);
                    i = j + 2;
                } else {
                    closing_quote = Some(j);
                    i = j + 1;
                    break;
                }
            }
        }
        // Unquoted text (or, leniently, text after a closing quote) up to the delimiter.
        let j = i + s[i..]
            .iter()
            .position(|&c| c == delimiter || matches!(c, b'\r' | b'\n'))
            .unwrap_or(s.len() - i);
        b.literal(src.get(i..j)?, i);
        if k == column {
            let end = match closing_quote {
                Some(q) if j == i => q,
                _ => j,
            };
            let (text, map) = b.finish(end);
            return Some((text, map, closing_quote.is_some()));
        }
        if s.get(j) != Some(&delimiter) {
            return None;
        }
        i = j + 1;
    }
    None
}
