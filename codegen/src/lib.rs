//! Code generation for the `maxim-api` SDK.
//!
//! The pipeline, one module each, in the order data flows:
//! 1. [`parse`]: the Markdown API document → [`doc::Document`], every fact as written, located;
//! 2. [`check`]: document-level checks (duplicates, wire names), reported with the parse errors;
//! 3. [`corrections`]: `spec/overrides.toml`, the facts the document gets wrong or leaves out;
//! 4. [`resolve`]: document + corrections → [`api::Api`], the complete model the emitter reads;
//! 5. [`emit`]: [`api::Api`] → Rust source files, formatted with prettyplease.
//!
//! [`render`] prints both models as text for snapshots and for `cargo xtask spec`.

pub mod check;
pub mod diagnostic;
pub mod doc;
pub mod parse;
pub mod render;

pub use diagnostic::{Diagnostic, Diagnostics, Location};
pub use parse::parse_document;
