//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Tone linter and reply drafter for customer-service replies.
#[derive(Debug, Parser)]
#[command(name = "tactful", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check replies and report findings.
    Check(CheckArgs),
    /// List every loaded rule.
    Rules(RulesArgs),
    /// Show a rule's explanation and examples.
    Explain(ExplainArgs),
    /// Run the examples of the built-in packs and the given ones.
    TestPacks(TestPacksArgs),
    /// Apply fixes: print the fixed reply, show a diff, or rewrite the files.
    Fix(FixArgs),
    /// Draft a reply skeleton from the customer's message.
    Draft(DraftArgs),
    /// Check an e-mail on standard input, then pass it unchanged to the real sendmail (or refuse).
    Sendmail(super::sendmail::SendmailArgs),
}

/// Options that choose the rules.
#[derive(Debug, Args, Clone, Default)]
pub struct PackArgs {
    /// Load a pack file, or every *.yaml/*.yml in a folder (repeatable).
    #[arg(long = "pack", value_name = "PATH")]
    pub packs: Vec<PathBuf>,
    /// Use only the packs given with --pack.
    #[arg(long)]
    pub no_default_packs: bool,
    /// Only these rules or categories (comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "RULE|CATEGORY", value_parser = trimmed)]
    pub select: Vec<String>,
    /// Skip these rules or categories (comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "RULE|CATEGORY", value_parser = trimmed)]
    pub ignore: Vec<String>,
}

/// Which configuration file to read.
#[derive(Debug, Clone, Args)]
pub struct ConfigArgs {
    /// Use this configuration file instead of looking for `.tactful.yml`.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore configuration files.
    #[arg(long)]
    pub isolated: bool,
}

/// How the files named and found are taken, for `check` and `fix`.
#[derive(Debug, Args)]
pub struct FileArgs {
    /// Leave out files named on the command line that the configuration's `exclude` matches (as
    /// it always does for files found in folders); for pre-commit and `xargs`.
    #[arg(long)]
    pub force_exclude: bool,
    /// The path standard input stands for: its name in the output, and what the configuration
    /// and the format (by extension) go by; for editors.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to check; `-` or nothing reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The customer's message the reply answers (else the reply's quoted text serves).
    #[arg(long, value_name = "FILE")]
    pub inquiry: Option<PathBuf>,
    /// The language of the replies: `auto` detects it per reply [default: auto, or the config's].
    #[arg(long, value_name = "auto|en|de|ru|et")]
    pub lang: Option<String>,
    /// How to read the inputs: `auto` decodes `.eml` files and texts that start with mail headers.
    #[arg(long, value_enum, default_value_t = InputKind::Auto)]
    pub input: InputKind,
    /// `draft`: a reply about to be sent (placeholders are errors); `template`: a canned reply
    /// (placeholders allowed) [default: template for collection files, else draft].
    #[arg(long, value_enum)]
    pub mode: Option<Mode>,
    #[command(flatten)]
    pub packs: PackArgs,
    /// The lowest severity that makes the exit code 1 [default: warning, or the config's].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Full)]
    pub format: Format,
    /// Print how many findings each rule has instead of the findings (with a structured
    /// format, after the output, on standard error).
    #[arg(long)]
    pub statistics: bool,
    /// Print findings only: no summary line, nothing when clean.
    #[arg(long, short)]
    pub quiet: bool,
    /// When to use colour (NO_COLOR is respected).
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Threads for checking files, and the sections of a long text [default: one per core].
    #[arg(long, short, value_name = "N")]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub files: FileArgs,
}

/// Whether an input is a reply about to be sent, or a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Draft,
    Template,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub packs: PackArgs,
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Only rules of this language.
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id, e.g. `abrasive-blame`.
    pub rule: String,
    #[command(flatten)]
    pub packs: PackArgs,
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Only the rule of this language.
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,
}

#[derive(Debug, Args)]
pub struct TestPacksArgs {
    /// More pack files or folders to test (a pack named like a built-in one replaces it).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Test only the given packs.
    #[arg(long)]
    pub no_default_packs: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    /// The lowest severity that makes the exit code 1.
    pub fn threshold(self) -> Option<tactful::Severity> {
        match self {
            FailOn::Error => Some(tactful::Severity::Error),
            FailOn::Warning => Some(tactful::Severity::Warning),
            FailOn::Info => Some(tactful::Severity::Info),
            FailOn::Never => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Source lines with the span underlined, like a compiler.
    Full,
    /// One line per finding.
    Concise,
    /// One JSON object with every finding and a summary.
    Json,
    /// One JSON object per line, one line per finding.
    Jsonl,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// SARIF 2.1.0 (GitHub code scanning and others).
    Sarif,
    /// JUnit XML.
    Junit,
    /// Checkstyle XML.
    Checkstyle,
    /// reviewdog's rdjson, with fixes as suggestions.
    Rdjson,
    /// GitLab code quality report.
    Gitlab,
}

impl Format {
    /// Whether the format is for machines (never coloured, no summary line).
    pub fn structured(self) -> bool {
        !matches!(self, Format::Full | Format::Concise)
    }
}

/// How an input is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputKind {
    /// An e-mail if it is a `.eml` file or starts with a mail header block, else text.
    Auto,
    /// Plain UTF-8 (or UTF-16) text.
    Text,
    /// A raw RFC 5322 e-mail: the decoded body and the subject are checked.
    Email,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    /// Files or folders to fix; `-` or nothing reads standard input (fixed text to stdout).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Also apply unsafe fixes (tone or content changes, inserted sentences).
    #[arg(long = "unsafe")]
    pub unsafe_fixes: bool,
    /// Rewrite the files in place (atomically; a file changed meanwhile is left alone; an e-mail
    /// only when it holds its body unencoded).
    #[arg(long, conflicts_with = "diff")]
    pub write: bool,
    /// Print a unified diff instead of the fixed text (exit code 1 when there are changes).
    #[arg(long)]
    pub diff: bool,
    /// The customer's message the reply answers.
    #[arg(long, value_name = "FILE")]
    pub inquiry: Option<PathBuf>,
    /// The language of the replies: `auto` detects it per reply.
    #[arg(long, default_value = "auto", value_name = "auto|en|de|ru|et")]
    pub lang: String,
    #[command(flatten)]
    pub packs: PackArgs,
    /// `text` (the fixed reply or diff), or `json` (applied and skipped edits, and the fixed text).
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
    /// When to use colour in diffs (NO_COLOR is respected).
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Threads for fixing files [default: one per core].
    #[arg(long, short, value_name = "N")]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub files: FileArgs,
}

#[derive(Debug, Args)]
pub struct DraftArgs {
    /// The customer's message (a text or an e-mail); `-` or nothing reads standard input.
    #[arg(value_name = "FILE", conflicts_with = "inquiry")]
    pub message: Option<PathBuf>,
    /// The customer's message, as `check` takes it (the same as the FILE argument).
    #[arg(long, value_name = "FILE")]
    pub inquiry: Option<PathBuf>,
    /// The reply's language: `auto` takes the message's.
    #[arg(long, default_value = "auto", value_name = "auto|en|de|ru|et")]
    pub lang: String,
    /// The customer's name for the greeting, used as given (default: from the e-mail's sender or
    /// the message's sign-off).
    #[arg(long)]
    pub name: Option<String>,
    /// What the message is about, for the thanks sentence.
    #[arg(long)]
    pub topic: Option<String>,
    #[command(flatten)]
    pub packs: PackArgs,
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// A name given on the command line, without the spaces around it ("abrasive, jargon").
fn trimmed(value: &str) -> Result<String, std::convert::Infallible> {
    Ok(value.trim().to_string())
}
