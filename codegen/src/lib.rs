//! Code generation for the `maxim-api` SDK.
//!
//! The pipeline, one module each, in the order data flows:
//! 1. [`parse`]: the Markdown API document → [`doc::Document`], every fact as written, located;
//! 2. [`check`]: document-level checks (duplicates, wire names), reported with the parse errors;
//! 3. [`corrections`]: `spec/overrides.toml`, the facts the document gets wrong or leaves out;
//! 4. [`resolve`]: document + corrections → [`api::Api`], the complete model the emitter reads;
//! 5. [`emit`]: [`api::Api`] → Rust source files, formatted with prettyplease.
//!
//! [`render`] prints both models as text for snapshots and for `cargo xtask spec`; [`generate`] writes (or checks)
//! the generated files. [`names`] (Rust names for wire names, and the scopes that keep them apart) and
//! [`typeword`] (type words read without recursion, with a depth limit) hold the rules for resolve and parse;
//! [`emit`] re-checks both before it writes anything.

pub mod api;
pub mod check;
pub mod corrections;
pub mod diagnostic;
pub mod doc;
pub mod emit;
pub mod generate;
pub mod names;
pub mod parse;
pub mod render;
pub mod resolve;
pub mod typeword;

pub use diagnostic::{Diagnostic, Diagnostics, Location};
pub use parse::parse_document;

/// Where the inputs live, relative to the workspace root (and how diagnostics name them).
pub const DOCUMENT_FILE: &str = "spec/maxim-server-api.md";
/// The corrections file, relative to the workspace root.
pub const CORRECTIONS_FILE: &str = "spec/overrides.toml";

/// Reads, parses, checks and resolves the spec under `root` (the workspace root).
pub fn load_api(root: &std::path::Path) -> Result<api::Api, Diagnostics> {
    let document_text = read(root, DOCUMENT_FILE)?;
    let corrections_text = read(root, CORRECTIONS_FILE)?;
    let document = parse_document(DOCUMENT_FILE, &document_text)?;
    resolve::resolve(DOCUMENT_FILE, &document, CORRECTIONS_FILE, &corrections_text)
}

fn read(root: &std::path::Path, file: &str) -> Result<String, Diagnostics> {
    std::fs::read_to_string(root.join(file)).map_err(|error| {
        let mut diagnostics = Diagnostics::default();
        diagnostics.push(file, Location { line: 1, column: 1 }, format!("cannot read: {error}"));
        diagnostics
    })
}
