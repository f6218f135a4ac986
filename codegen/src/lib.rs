//! Code generation for the `maxim-api` SDK.
//!
//! The pipeline, one module each, in the order data flows:
//! 1. [`parse`]: the Markdown pages of the API document → [`model::doc::Document`], every fact as written, located;
//! 2. [`check`]: document-level checks (duplicates, wire names), reported with the parse errors;
//! 3. [`corrections`]: `spec/overrides.toml`, the facts the document gets wrong or leaves out;
//! 4. [`resolve`]: document + corrections → [`model::api::Api`], the complete model the emitter reads;
//! 5. [`emit`]: [`model::api::Api`] → Rust source files, formatted with prettyplease.
//!
//! [`model`] holds the two models and their location type ([`model::diagnostic`]); [`generate`] writes (or checks)
//! the generated files. [`names`] (Rust names for wire names, and the scopes that keep them apart) and [`typeword`]
//! (type words read without recursion, with a depth limit) hold the rules for resolve and parse; [`emit`] re-checks
//! both before it writes anything. [`tools`] works around the pipeline: [`tools::render`] prints both models as text
//! for snapshots and for `cargo xtask spec`; for document updates, [`tools::source`] finds a spec (a path or a git
//! revision), [`tools::diff`] says what changed for users of the SDK between two resolved models and between two
//! [`public_api`] listings of the generated code, and [`tools::update`] takes in a new release of the pages;
//! [`tools::fuzz`] runs mutated copies of the real inputs through the whole pipeline (`cargo xtask fuzz`).

pub mod check;
pub mod corrections;
pub mod emit;
pub mod generate;
pub mod model;
pub mod names;
pub mod parse;
pub mod public_api;
pub mod resolve;
pub mod tools;
pub mod typeword;

pub use model::diagnostic::{Diagnostic, Diagnostics, Location};
pub use parse::{MAX_TABLE_ROWS, load_document, parse_document, parse_pages};

/// Where the document's pages live, relative to the workspace root (and how diagnostics name them): the vendor's
/// Chinese pages, one file per section, byte for byte.
pub const DOCUMENT_DIR: &str = "spec/zh-hans";
/// The vendor's English translation of the pages, relative to the workspace root: documentation only.
pub const ENGLISH_DIR: &str = "spec/en";
/// The corrections file, relative to the workspace root.
pub const CORRECTIONS_FILE: &str = "spec/overrides.toml";

/// Reads, parses, checks and resolves the spec under `root` (the workspace root), with the English pages' text, and
/// checks that the model provides what the SDK's hand-written runtime needs ([`resolve::contract`]).
pub fn load_api(root: &std::path::Path) -> Result<model::api::Api, Diagnostics> {
    let document = load_document(root, DOCUMENT_DIR)?;
    let english = load_document(root, ENGLISH_DIR)?;
    let corrections_text = std::fs::read_to_string(root.join(CORRECTIONS_FILE))
        .map_err(|error| Diagnostics::single(CORRECTIONS_FILE, format!("cannot read: {error}")))?;
    let (api, mut diagnostics) =
        resolve::resolve_lenient(&document, Some(&english), CORRECTIONS_FILE, &corrections_text)?;
    diagnostics.extend(resolve::contract::check(&api));
    diagnostics.into_result(api)
}

/// Reads, parses, checks and resolves a document (a file or a directory of pages) against a corrections file, both
/// given relative to `root`.
pub fn load_api_from(
    root: &std::path::Path,
    document: &str,
    corrections: &str,
) -> Result<model::api::Api, Diagnostics> {
    let document = load_document(root, document)?;
    let corrections_text = std::fs::read_to_string(root.join(corrections))
        .map_err(|error| Diagnostics::single(corrections, format!("cannot read: {error}")))?;
    resolve::resolve(&document, corrections, &corrections_text)
}
