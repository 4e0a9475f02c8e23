//! Finding and reading the inputs: files, folders (recursively) and standard input.

use super::args::FileArgs;
use std::io::Read;
use std::path::{Path, PathBuf};
use tactful::collection::Format as CollectionFormat;

/// One input to check.
pub enum Input {
    /// Standard input, with the path it stands for (`--stdin-filename`), if given.
    Stdin(Option<PathBuf>),
    /// A file named on the command line.
    File(PathBuf),
    /// A file found in a folder: skipped when it looks binary ([`Input::skip_reason`]).
    Found(PathBuf),
}

impl Input {
    /// The name shown in output (`-` for standard input without a name).
    pub fn name(&self) -> String {
        match self.path() {
            None => "-".into(),
            Some(p) => p.display().to_string(),
        }
    }

    /// The file's path (for standard input, the one it stands for, if given).
    pub fn path(&self) -> Option<&Path> {
        match self {
            Input::Stdin(p) => p.as_deref(),
            Input::File(p) | Input::Found(p) => Some(p),
        }
    }

    /// The file's format, from its name (standard input is plain text).
    pub fn format(&self) -> CollectionFormat {
        self.path()
            .map_or(CollectionFormat::Text, CollectionFormat::from_path)
    }

    /// Whether the file is named `*.eml` (an e-mail, whatever its first lines look like).
    pub fn is_eml(&self) -> bool {
        self.path().is_some_and(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("eml"))
        })
    }

    /// Why the input, as read, is to be skipped with a warning rather than checked: a file found
    /// in a folder with a NUL byte in its first 8 KB (unless it is UTF-16 with a byte order mark).
    /// The test waits for the read, so that it costs no second opening of every file.
    pub fn skip_reason(&self, bytes: &[u8]) -> Option<&'static str> {
        let binary = !bytes.starts_with(&[0xFF, 0xFE])
            && !bytes.starts_with(&[0xFE, 0xFF])
            && memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some();
        (matches!(self, Input::Found(_)) && binary).then_some("binary file")
    }

    /// Read the whole input, a file longer than [`MAP_FROM`] mapped into memory rather than
    /// read (if it can be mapped).
    pub fn read_or_map(&self) -> Result<Bytes, String> {
        let (Input::File(p) | Input::Found(p)) = self else {
            return self.read_bytes().map(Bytes::Read);
        };
        let mut file = std::fs::File::open(p).map_err(|e| io_message(&e))?;
        let len = file
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.len());
        // SAFETY: the map is only read, and lives as long as the bytes taken from it. Its
        // bytes are the file's: should another program change the file while it is being
        // checked, findings may be mixed, and should it shorten it, the run ends with SIGBUS
        // (README, "Speed").
        if let Some(map) = len
            .filter(|&n| n > MAP_FROM)
            .and_then(|_| unsafe { memmap2::Mmap::map(&file) }.ok())
        {
            return Ok(Bytes::Mapped(map));
        }
        // The file opened once and read up to the length it had when opened, which spares the
        // calls that find its length again and probe for more: reading a folder of small
        // replies is mostly opening them. A length of 0 may be no length (`/proc`): read to
        // the end.
        let mut bytes = Vec::new();
        let read = match len.and_then(|n| usize::try_from(n).ok()).filter(|&n| n > 0) {
            Some(n) => {
                bytes.reserve_exact(n);
                (&mut file).take(n as u64).read_to_end(&mut bytes)
            }
            None => file.read_to_end(&mut bytes),
        };
        read.map_err(|e| io_message(&e))?;
        Ok(Bytes::Read(bytes))
    }

    /// Read the whole input as bytes.
    pub fn read_bytes(&self) -> Result<Vec<u8>, String> {
        let mut bytes = Vec::new();
        match self {
            Input::Stdin(_) => std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|e| e.to_string())?,
            Input::File(p) | Input::Found(p) => {
                bytes = std::fs::read(p).map_err(|e| io_message(&e))?;
                bytes.len()
            }
        };
        Ok(bytes)
    }
}

/// Files longer than this (4 MiB, where a text is checked in sections) are mapped into memory:
/// copying one into memory would take as long as checking a tenth of it.
pub const MAP_FROM: u64 = tactful::sections::SECTIONED_FROM as u64;

/// An input's bytes: read into memory, or mapped.
pub enum Bytes {
    Read(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Read(bytes) => bytes,
            Bytes::Mapped(map) => map,
        }
    }
}

impl Bytes {
    /// The bytes in memory of their own.
    pub fn into_vec(self) -> Vec<u8> {
        match self {
            Bytes::Read(bytes) => bytes,
            Bytes::Mapped(map) => map.to_vec(),
        }
    }
}

/// The inputs found, and the paths that could not be walked (each with its name and why).
pub type Collected = (Vec<Input>, Vec<(String, String)>);

/// File endings checked when walking a folder (named files are always checked).
const WALKED: &[&str] = &[
    "txt", "text", "md", "markdown", "eml", "yml", "yaml", "json", "jsonl", "csv", "html", "htm",
];

/// The files a repository keeps about itself, named in capitals as repositories name them (a
/// licence or a read-me is no reply, so a walk skips them; a named file is always checked). A
/// saved reply about a licence or security is named otherwise ("license-renewal.md",
/// "security.md").
const ABOUT_THE_REPOSITORY: &[&str] = &[
    "AUTHORS",
    "CHANGELOG",
    "CHANGES",
    "CODE_OF_CONDUCT",
    "CONTRIBUTING",
    "CONTRIBUTORS",
    "COPYING",
    "LICENCE",
    "LICENSE",
    "NOTICE",
    "README",
    "SECURITY",
];

/// Whether a file's name, up to its first `.` or `-`, is one of [`ABOUT_THE_REPOSITORY`]
/// ("LICENSE-GPL-2.0.txt", "CHANGELOG.md"), or "readme" in any case.
fn about_the_repository(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let base = name.split(['.', '-']).next().unwrap_or(name);
    base.eq_ignore_ascii_case("readme") || ABOUT_THE_REPOSITORY.contains(&base)
}

/// The order of two paths found under the same folder: component by component, as
/// [`Path::cmp`] orders them (a folder's files before names that extend the folder's: `a/z.txt`,
/// `a-b/c.txt`, `a.txt`), without taking them apart. The walk gives no `.` components and no
/// repeated separators below the folder, so a separator sorts before any other byte.
fn walked_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    // The common part, eight bytes at a time first.
    let short = a.len().min(b.len());
    let mut same = 0;
    while same + 8 <= short && a[same..same + 8] == b[same..same + 8] {
        same += 8;
    }
    same += (a[same..].iter().zip(&b[same..]))
        .take_while(|(x, y)| x == y)
        .count();
    // After the common part: the end first, then a separator, then any other byte.
    let rank = |path: &[u8]| match path.get(same) {
        None => 0,
        Some(&c) if std::path::is_separator(char::from(c)) => 1,
        Some(&c) => 2 + u16::from(c),
    };
    rank(a).cmp(&rank(b))
}

/// The saved replies of a repository on GitHub, in a hidden folder a walk takes all the same.
const SAVED_REPLIES: &[&str] = &[".github/replies.yml", ".github/replies.yaml"];

/// Whether `--force-exclude` leaves out standard input: the configuration's `exclude` matches
/// the path it stands for.
pub fn stdin_excluded(config: &super::config::Config, files: &FileArgs) -> bool {
    let name = files.stdin_filename.as_deref();
    files.force_exclude && name.is_some_and(|p| config.excluded(p))
}

/// Expand the paths: `-` (or none) is standard input; folders are walked in parallel-safe order
/// (sorted), respecting `.gitignore` and skipping hidden and excluded files (but for
/// [`SAVED_REPLIES`] at a walked folder's top), and the files a repository keeps about itself.
pub fn collect(paths: &[PathBuf], config: &super::config::Config, files: &FileArgs) -> Collected {
    let force_exclude = files.force_exclude;
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let stdin_input =
        || (!stdin_excluded(config, files)).then(|| Input::Stdin(files.stdin_filename.clone()));
    if paths.is_empty() {
        inputs.extend(stdin_input());
    }
    let mut stdin = false;
    for p in paths {
        // Standard input is read once.
        if p.as_os_str() == "-" {
            if !std::mem::replace(&mut stdin, true) {
                inputs.extend(stdin_input());
            }
            continue;
        }
        if !p.is_dir() {
            if !(force_exclude && config.excluded(p)) {
                inputs.push(Input::File(p.clone()));
            }
            continue;
        }
        let mut found = Vec::new();
        for entry in ignore::WalkBuilder::new(p)
            .hidden(true)
            .git_ignore(true)
            .require_git(false)
            .follow_links(false)
            .build()
        {
            match entry {
                Ok(e) => {
                    let wanted = e.file_type().is_some_and(|t| t.is_file())
                        && e.path()
                            .extension()
                            .and_then(|x| x.to_str())
                            .is_some_and(|x| WALKED.iter().any(|w| x.eq_ignore_ascii_case(w)));
                    if wanted && !about_the_repository(e.path()) && !config.excluded(e.path()) {
                        found.push(e.into_path());
                    }
                }
                Err(e) => errors.push((p.display().to_string(), e.to_string())),
            }
        }
        // GitHub keeps saved replies in a hidden folder.
        for saved in SAVED_REPLIES {
            let path = p.join(saved);
            if path.is_file() && !config.excluded(&path) {
                found.push(path);
            }
        }
        found.sort_unstable_by(|a, b| walked_order(a, b));
        if found.is_empty() {
            super::warning(&format!(
                "{}: no file to check in this folder (see README: the files a walk takes)",
                p.display()
            ));
        }
        inputs.extend(found.into_iter().map(Input::Found));
    }
    // A file reached twice ("a.txt ./a.txt", a folder and a file in it) is checked once.
    if paths.len() > 1 {
        let mut seen = std::collections::HashSet::new();
        inputs.retain(|i| match i {
            Input::File(p) | Input::Found(p) => {
                seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
            }
            Input::Stdin(_) => true,
        });
    }
    (inputs, errors)
}

/// The customer's message given with `--inquiry`: its text (of an e-mail, the decoded body) and,
/// for an e-mail, when it was written (its `Date:`) and by whom (its `From:` display name).
pub struct Inquiry {
    pub text: String,
    pub wrote: Option<tactful::dates::Moment>,
    pub from_name: Option<String>,
}

/// The customer's message given with `--inquiry`, if any (an unreadable one is reported).
pub fn read_inquiry(engine: &tactful::Engine, path: Option<&Path>) -> Result<Option<Inquiry>, ()> {
    let Some(p) = path else {
        return Ok(None);
    };
    let input = Input::File(p.to_path_buf());
    let name = input.name();
    let bytes = input
        .read_bytes()
        .map_err(|e| super::error(&format!("{name}: {e}")))?;
    // The customer's mail as saved (`.eml`, or headers first): its body, decoded.
    if input.is_eml() || tactful::email::looks_like_email(&bytes) {
        let mail = tactful::email::parse(&bytes);
        super::email_input::warn(&name, &mail.warnings);
        return Ok(Some(Inquiry {
            text: super::email_input::inquiry_text(engine, &mail),
            wrote: mail.date.map(tactful::dates::Moment::utc),
            from_name: mail.from_name,
        }));
    }
    decode(bytes)
        .map(|text| {
            Some(Inquiry {
                text,
                wrote: None,
                from_name: None,
            })
        })
        .map_err(|e| super::error(&e.about(&name)))
}

/// Why bytes are no text tactful reads, and where (1-based line and column) when one place is
/// to blame.
#[derive(Debug, PartialEq, Eq)]
pub struct DecodeError {
    pub at: Option<(usize, usize)>,
    pub message: String,
}

impl DecodeError {
    fn new(message: impl Into<String>) -> DecodeError {
        DecodeError {
            at: None,
            message: message.into(),
        }
    }

    /// The message about input `name`: `name:line:column: …` or `name: …`.
    pub fn about(&self, name: &str) -> String {
        match self.at {
            Some((line, column)) => format!("{name}:{line}:{column}: {}", self.message),
            None => format!("{name}: {}", self.message),
        }
    }
}

/// Decode bytes as UTF-8 (or UTF-16 with a byte order mark).
pub fn decode(bytes: Vec<u8>) -> Result<String, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes);
    }
    no_nul(&bytes)?;
    String::from_utf8(bytes).map_err(|e| not_utf8(e.as_bytes(), e.utf8_error().valid_up_to()))
}

/// `bytes` as UTF-8 text, as [`decode`] reads them when they are no UTF-16.
pub fn decode_utf8(bytes: &[u8]) -> Result<&str, DecodeError> {
    no_nul(bytes)?;
    std::str::from_utf8(bytes).map_err(|e| not_utf8(bytes, e.valid_up_to()))
}

fn no_nul(bytes: &[u8]) -> Result<(), DecodeError> {
    match memchr::memchr(0, bytes) {
        Some(at) => Err(DecodeError {
            at: Some(line_column(bytes, at)),
            message: "binary file (a NUL byte), not checked".into(),
        }),
        None => Ok(()),
    }
}

/// Bytes that are UTF-8 up to `at`, and not at `at`.
fn not_utf8(bytes: &[u8], at: usize) -> DecodeError {
    DecodeError {
        at: Some(line_column(bytes, at)),
        message: format!(
            "not UTF-8 text (byte 0x{:02X}); convert it first, e.g. with `iconv -t UTF-8`",
            bytes[at]
        ),
    }
}

/// The 1-based line and column (in characters; a byte order mark takes none) of byte `at`,
/// all before it being UTF-8.
fn line_column(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at];
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let line_start = if line_start == 0 && before.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        line_start
    };
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (memchr::memchr_iter(b'\n', before).count() + 1, column)
}

/// Whether `bytes` open with a UTF-16 byte order mark ([`decode`] reads them as UTF-16).
pub fn is_utf16(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])
}

/// `text` as UTF-16 with a byte order mark (little-endian, or big-endian), as [`decode`] reads it.
pub fn utf16_bytes(text: &str, little_endian: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(2 + 2 * text.len());
    for unit in std::iter::once(0xFEFF).chain(text.encode_utf16()) {
        out.extend_from_slice(&if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    out
}

fn utf16(bytes: &[u8], word: fn([u8; 2]) -> u16) -> Result<String, DecodeError> {
    if bytes.len() % 2 != 0 {
        return Err(DecodeError::new("UTF-16 text with an odd number of bytes"));
    }
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| word([c[0], c[1]])).collect();
    String::from_utf16(&units).map_err(|_| DecodeError::new("invalid UTF-16 text"))
}

/// An I/O error as a short message.
pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Every pack file of the given paths (folders: their `*.yaml`/`*.yml`, sorted).
pub fn pack_files(paths: &[PathBuf]) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| format!("{}: {}", p.display(), io_message(&e)))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| matches!(f.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
                .collect();
            files.sort();
            for f in files {
                out.push(read_pack(&f)?);
            }
        } else {
            out.push(read_pack(p)?);
        }
    }
    Ok(out)
}

fn read_pack(p: &Path) -> Result<(String, String), String> {
    let name = p.display().to_string();
    let bytes = std::fs::read(p).map_err(|e| format!("{name}: {}", io_message(&e)))?;
    let text = decode(bytes).map_err(|e| e.about(&name))?;
    Ok((name, text))
}

#[cfg(test)]
mod tests {
    use super::{about_the_repository, Input};
    use std::path::{Path, PathBuf};

    #[test]
    fn walked_paths_are_ordered_as_path_orders_them() {
        let names = [
            "d/a.txt",
            "d/a/z.txt",
            "d/a-b/c.txt",
            "d/a/b/c.md",
            "d/ab.txt",
            "d/a",
            "d/A.md",
            "d/é.txt",
            "d/e.txt",
            "d/a/b.txt",
            "d/a.b/c.txt",
            "d/.github/replies.yml",
        ];
        let mut ours: Vec<PathBuf> = names.iter().map(PathBuf::from).collect();
        let mut paths = ours.clone();
        ours.sort_unstable_by(|a, b| super::walked_order(a, b));
        paths.sort();
        assert_eq!(ours, paths);
    }

    #[test]
    fn a_byte_that_is_not_utf8_is_placed_by_line_and_character() {
        let e = super::decode(b"Hi,\n\xc3\xbcber \xe9t\xc3\xa9\n".to_vec()).unwrap_err();
        assert_eq!(e.at, Some((2, 6)));
        assert_eq!(
            e.about("a.txt"),
            "a.txt:2:6: not UTF-8 text (byte 0xE9); convert it first, e.g. with `iconv -t UTF-8`"
        );
        let e = super::decode(b"\xef\xbb\xbfHi \xe9".to_vec()).unwrap_err();
        assert_eq!(e.at, Some((1, 4)));
        let e = super::decode(vec![0xFF, 0xFE, 0x41]).unwrap_err();
        assert_eq!(
            e.about("b.txt"),
            "b.txt: UTF-16 text with an odd number of bytes"
        );
    }

    #[test]
    fn licences_and_read_mes_are_about_the_repository() {
        for name in [
            "LICENSE",
            "LICENSE-GPL-2.0.txt",
            "LICENCE.md",
            "README.md",
            "readme.txt",
            "CODE_OF_CONDUCT.md",
            "CHANGELOG.txt",
        ] {
            assert!(about_the_repository(Path::new(name)), "{name}");
        }
        // Saved replies about licences, security or changes.
        for name in [
            "license.md",
            "license-renewal.md",
            "security.md",
            "changes-to-your-order.txt",
            "notice-of-delay.md",
            "readmes.yaml",
        ] {
            assert!(!about_the_repository(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn a_file_is_read_whole_whatever_length_it_reports() {
        let dir = tempfile::tempdir().expect("temp dir");
        for text in ["", "Thanks!\n", &"Thank you for writing. ".repeat(2000)] {
            let path = dir.path().join("reply.txt");
            std::fs::write(&path, text).expect("write");
            let bytes = Input::File(path).read_or_map().expect("read");
            assert_eq!(&*bytes, text.as_bytes());
        }
        // Files in /proc report a length of 0 and have more.
        if let Ok(status) = Input::File("/proc/self/status".into()).read_or_map() {
            assert!(status.starts_with(b"Name:"));
        }
    }
}
