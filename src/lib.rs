//! tactful's engine: parse a customer-service reply once, check it against YAML rule packs,
//! and return findings with exact spans and fixes. Nothing here prints; the `tactful` binary
//! owns input, output and exit codes.
//!
//! ```
//! use tactful::{CheckOptions, Engine};
//! let engine = Engine::builder().builtin_packs().build().expect("built-in packs are valid");
//! let report = engine
//!     .check("Hi Sam,\n\nCalm down, it works.\n", &CheckOptions::default())
//!     .expect("built-in packs compile");
//! assert!(report.diagnostics.iter().any(|d| d.category == "abrasive"));
//! ```
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod builtin {
    //! The packs under `rules/`, embedded at build time.
    include!(concat!(env!("OUT_DIR"), "/builtin_packs.rs"));
}
pub mod checks;
pub mod collection;
pub mod dates;
pub mod diagnostic;
pub mod document;
pub mod draft;
pub mod email;
pub mod engine;
pub mod examples;
pub mod fix;
pub mod fold;
pub mod language;
pub mod markers;
pub mod not_prose;
pub mod pack;
pub mod phrases;
pub mod rules;
pub mod scan;
pub mod sections;
pub mod sorted;
pub mod suppress;
mod trie;

pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Name, Severity, Span};
pub use document::{Document, Sender};
pub use engine::{CheckOptions, Engine, EngineBuilder, Report};
