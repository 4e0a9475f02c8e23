//! Project configuration: `.tactful.yml`, found by walking up from the working directory.

use super::args::Mode;
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tactful::Severity;

/// The names looked for, in order, in each folder from the working directory up.
pub const FILE_NAMES: &[&str] = &[".tactful.yml", ".tactful.yaml", "tactful.yml"];

/// Defines a configuration struct: its own fields plus every per-file setting, so that unknown keys
/// are errors (serde cannot deny unknown fields through `flatten`).
macro_rules! with_settings {
    ($(#[$meta:meta])* pub struct $name:ident { $($(#[$fmeta:meta])* pub $field:ident: $ty:ty,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, Deserialize)]
        #[serde(deny_unknown_fields, rename_all = "kebab-case")]
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty,)*
            pub lang: Option<String>,
            pub mode: Option<Mode>,
            #[serde(default)]
            pub text_fields: Vec<String>,
            pub csv_column: Option<String>,
            pub inquiry_field: Option<String>,
            pub markdown_split: Option<bool>,
            #[serde(default)]
            pub select: Vec<String>,
            #[serde(default)]
            pub ignore: Vec<String>,
            /// Severity per rule id or category.
            #[serde(default)]
            pub severity: BTreeMap<String, Severity>,
        }

        impl $name {
            /// The per-file settings this item sets.
            pub fn settings(&self) -> Settings {
                Settings {
                    lang: self.lang.clone(),
                    mode: self.mode,
                    text_fields: self.text_fields.clone(),
                    csv_column: self.csv_column.clone(),
                    inquiry_field: self.inquiry_field.clone(),
                    markdown_split: self.markdown_split,
                    select: self.select.clone(),
                    ignore: self.ignore.clone(),
                    severity: self.severity.clone(),
                }
            }
        }
    };
}

/// Settings for some files (the whole project, or an override's globs).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub lang: Option<String>,
    pub mode: Option<Mode>,
    pub text_fields: Vec<String>,
    pub csv_column: Option<String>,
    /// The field (or CSV column) of a collection's entries that holds the customer's message.
    pub inquiry_field: Option<String>,
    pub markdown_split: Option<bool>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub severity: BTreeMap<String, Severity>,
}

with_settings! {
    /// One `overrides:` item: settings for the files its globs match.
    pub struct Override {
        pub files: Vec<String>,
    }
}

with_settings! {
    /// The whole configuration file.
    pub struct ConfigFile {
        /// Pack files or folders, relative to the configuration file.
        #[serde(default)]
        pub packs: Vec<PathBuf>,
        #[serde(default)]
        pub no_default_packs: bool,
        pub fail_on: Option<String>,
        /// Words and acronyms the team accepts (product names, "SKU"): never reported.
        #[serde(default)]
        pub vocabulary: Vec<String>,
        /// Globs of files never checked.
        #[serde(default)]
        pub exclude: Vec<String>,
        /// Template variables that exist (`ticket.requester.name`); others are reported.
        #[serde(default)]
        pub variables: Vec<String>,
        #[serde(default)]
        pub overrides: Vec<Override>,
    }
}

/// A loaded configuration, with its globs compiled.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub file: Option<PathBuf>,
    pub root: PathBuf,
    pub data: ConfigFile,
    exclude: Option<GlobSet>,
    overrides: Vec<GlobSet>,
}

fn globs(patterns: &[String], file: &Path) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let glob = Glob::new(p).map_err(|e| format!("{}: bad glob `{p}`: {e}", file.display()))?;
        b.add(glob);
        if !p.contains('/') {
            // `*.md` matches in every folder.
            b.add(Glob::new(&format!("**/{p}")).map_err(|e| e.to_string())?);
        }
    }
    b.build().map_err(|e| e.to_string())
}

impl Config {
    /// Read a configuration file.
    pub fn load(file: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("{}: {}", file.display(), super::inputs::io_message(&e)))?;
        let data: ConfigFile = if text.trim().is_empty() {
            ConfigFile::default()
        } else {
            serde_yaml::from_str(&text).map_err(|e| {
                let at = e
                    .location()
                    .map(|l| format!(":{}:{}", l.line(), l.column()))
                    .unwrap_or_default();
                let msg = e.to_string();
                let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
                format!("{}{at}: {msg}", file.display())
            })?
        };
        let root = file
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let exclude = if data.exclude.is_empty() {
            None
        } else {
            Some(globs(&data.exclude, file)?)
        };
        let overrides = data
            .overrides
            .iter()
            .map(|o| globs(&o.files, file))
            .collect::<Result<_, _>>()?;
        Ok(Config {
            file: Some(file.to_path_buf()),
            root,
            data,
            exclude,
            overrides,
        })
    }

    /// The configuration for the working directory: the first file found walking up from it.
    pub fn discover(start: &Path) -> Result<Config, String> {
        let mut dir = Some(start);
        while let Some(d) = dir {
            for name in FILE_NAMES {
                let candidate = d.join(name);
                if candidate.is_file() {
                    return Config::load(&candidate);
                }
            }
            dir = d.parent();
        }
        Ok(Config::default())
    }

    /// `path` relative to the configuration's folder, for glob matching.
    fn relative(&self, path: &Path) -> PathBuf {
        let abs = if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(path)
        };
        let root = if self.root.as_os_str().is_empty() {
            Path::new(".")
        } else {
            &self.root
        };
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let abs = std::fs::canonicalize(&abs).unwrap_or(abs);
        abs.strip_prefix(&root)
            .map(Path::to_path_buf)
            .unwrap_or(abs)
    }

    /// Whether `path` is excluded.
    pub fn excluded(&self, path: &Path) -> bool {
        self.exclude
            .as_ref()
            .is_some_and(|g| g.is_match(self.relative(path)))
    }

    /// The settings for `path`: the project's, then every matching override's, in order.
    pub fn settings_for(&self, path: &Path) -> Settings {
        let mut s = self.data.settings();
        if self.overrides.is_empty() {
            return s;
        }
        let rel = self.relative(path);
        for (o, g) in self.data.overrides.iter().zip(&self.overrides) {
            if g.is_match(&rel) {
                let t = &o.settings();
                if t.lang.is_some() {
                    s.lang = t.lang.clone();
                }
                if t.mode.is_some() {
                    s.mode = t.mode;
                }
                if !t.text_fields.is_empty() {
                    s.text_fields = t.text_fields.clone();
                }
                if t.csv_column.is_some() {
                    s.csv_column = t.csv_column.clone();
                }
                if t.inquiry_field.is_some() {
                    s.inquiry_field = t.inquiry_field.clone();
                }
                if t.markdown_split.is_some() {
                    s.markdown_split = t.markdown_split;
                }
                s.select.extend(t.select.iter().cloned());
                s.ignore.extend(t.ignore.iter().cloned());
                s.severity
                    .extend(t.severity.iter().map(|(k, v)| (k.clone(), *v)));
            }
        }
        s
    }

    /// Pack paths resolved against the configuration's folder.
    pub fn pack_paths(&self) -> Vec<PathBuf> {
        self.data.packs.iter().map(|p| self.root.join(p)).collect()
    }
}

impl Settings {
    /// Whether a finding of `rule`/`category` is kept by these settings' select and ignore lists.
    pub fn keeps(&self, rule: &str, category: &str) -> bool {
        let listed = |l: &Vec<String>| l.iter().any(|x| x == rule || x == category);
        (self.select.is_empty() || listed(&self.select)) && !listed(&self.ignore)
    }

    /// The severity configured for a rule (by id first, then category).
    pub fn severity(&self, rule: &str, category: &str) -> Option<Severity> {
        self.severity
            .get(rule)
            .or_else(|| self.severity.get(category))
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_apply_in_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join(".tactful.yml");
        std::fs::write(
            &file,
            "lang: en\nignore: [closing]\nseverity: {jargon: error}\noverrides:\n  - files: ['de/**']\n    lang: de\n    ignore: [readability]\n",
        )
        .expect("write");
        let c = Config::load(&file).expect("valid");
        let de = c.settings_for(&dir.path().join("de/a.txt"));
        assert_eq!(de.lang.as_deref(), Some("de"));
        assert_eq!(de.ignore, ["closing", "readability"]);
        assert_eq!(
            de.severity("plain-language", "jargon"),
            Some(Severity::Error)
        );
        let en = c.settings_for(&dir.path().join("en/a.txt"));
        assert_eq!(en.lang.as_deref(), Some("en"));
    }

    #[test]
    fn unknown_keys_name_the_file_and_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join(".tactful.yml");
        std::fs::write(&file, "lang: en\ncolour: red\n").expect("write");
        let e = Config::load(&file).expect_err("unknown key");
        assert!(e.contains(".tactful.yml:2:1"), "{e}");
        assert!(e.contains("colour"), "{e}");
    }
}
