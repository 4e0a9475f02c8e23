//! Finding and reading the inputs: files, folders (recursively) and standard input.

use std::io::Read;
use std::path::{Path, PathBuf};

/// One input to check.
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    /// The name shown in output (`-` for standard input).
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "-".into(),
            Input::File(p) => p.display().to_string(),
        }
    }

    /// Read the whole input as UTF-8 text.
    pub fn read(&self) -> Result<String, String> {
        decode(self.read_bytes()?)
    }

    /// Read the whole input as bytes.
    pub fn read_bytes(&self) -> Result<Vec<u8>, String> {
        let mut bytes = Vec::new();
        match self {
            Input::Stdin => std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|e| e.to_string())?,
            Input::File(p) => {
                bytes = std::fs::read(p).map_err(|e| io_message(&e))?;
                bytes.len()
            }
        };
        Ok(bytes)
    }
}

/// File endings checked when walking a folder (named files are always checked).
const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown", "eml"];

/// Expand paths into inputs: `-` is standard input, folders are walked (hidden entries skipped).
/// Paths that cannot be read are returned as errors, with the name shown.
pub fn collect(paths: &[PathBuf]) -> (Vec<Input>, Vec<(String, String)>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    if paths.is_empty() {
        inputs.push(Input::Stdin);
    }
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if p.is_dir() {
            walk(p, &mut inputs, &mut errors);
        } else {
            inputs.push(Input::File(p.clone()));
        }
    }
    (inputs, errors)
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<(String, String)>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push((dir.display().to_string(), io_message(&e)));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        // Symbolic links to folders are not followed (no loops).
        let is_link = std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink());
        if p.is_dir() {
            if !is_link {
                walk(&p, inputs, errors);
            }
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| TEXT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            inputs.push(Input::File(p));
        }
    }
}

/// Decode bytes as UTF-8 (or UTF-16 with a byte order mark).
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes);
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (invalid byte at offset {}); convert it first, e.g. with `iconv -t UTF-8`",
            e.utf8_error().valid_up_to()
        )
    })
}

fn utf16(bytes: &[u8], word: fn([u8; 2]) -> u16) -> Result<String, String> {
    if bytes.len() % 2 != 0 {
        return Err("UTF-16 text with an odd number of bytes".into());
    }
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| word([c[0], c[1]])).collect();
    String::from_utf16(&units).map_err(|_| "invalid UTF-16 text".into())
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
    let text = decode(bytes).map_err(|e| format!("{name}: {e}"))?;
    Ok((name, text))
}
