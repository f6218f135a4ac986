//! `cargo xtask update-spec DIR`: takes in a release of the vendor's pages in one step, then leaves it to review.
//!
//! DIR is laid out as the vendor publishes the Chinese pages (`README.md`, `user.md`, …, one file per section). The
//! update parses them first and changes nothing if they cannot be read. Otherwise it replaces the pages in
//! `spec/zh-hans/` with DIR's (same file names, byte for byte; pages DIR no longer has are removed), re-pins them in
//! `spec/SHA256SUMS`, resolves them against `spec/overrides.toml`, regenerates `maxim-api/src/generated/`, and
//! returns the API diff against the previous `spec/` with every correction that went stale or redundant, at its line.
//! Those are listed, not fatal: the model is still generated from the corrections that apply, so the code diff can be
//! reviewed at once, and `cargo xtask codegen --check` fails until they are fixed.

use crate::diagnostic::Diagnostics;
use crate::diff::report::{self, Advice};
use crate::diff::{self, Event};
use crate::generate::{self, Mode};
use crate::source::Spec;
use sha2::{Digest, Sha256};
use std::path::Path;

/// The pins of the pages, relative to the workspace root (`sha256sum` format, paths relative to `spec/`).
pub const PINS_FILE: &str = "spec/SHA256SUMS";

/// What an update did and what it asks to review.
#[derive(Debug)]
pub struct Update {
    /// What changed on disk, one line per step.
    pub summary: Vec<String>,
    /// The API changes against the previous `spec/`.
    pub events: Vec<Event>,
    /// [`Self::events`] as the Markdown changelog, with the semver advice.
    pub changelog: String,
    /// What resolving the new pages reported: stale and redundant corrections at their line in
    /// `spec/overrides.toml`, and any problem of the pages that a correction must answer.
    pub review: Diagnostics,
}

/// Updates the workspace at `workspace` to the pages in `pages` (see the module docs).
pub fn update_spec(workspace: &Path, pages: &Path) -> Result<Update, String> {
    let label = pages.display().to_string();
    let new_pages = read_pages(pages)?;
    let texts: Vec<(String, String)> = new_pages
        .iter()
        .map(|(name, bytes)| {
            let text = String::from_utf8(bytes.clone()).map_err(|_| format!("{label}/{name}: not UTF-8"))?;
            Ok((format!("{label}/{name}"), text))
        })
        .collect::<Result<_, String>>()?;
    crate::parse_pages(&texts)
        .map_err(|diagnostics| format!("the pages in {label} do not parse; spec/ is unchanged:\n{diagnostics}"))?;

    // The manifest is not touched: its version is the one the changes are measured against.
    let version = crate::source::read_version(&workspace.join(crate::source::MANIFEST), crate::source::MANIFEST)?;
    // A previous spec/ that no longer loads leaves nothing to compare with; the update itself can still proceed.
    let old_api = Spec::working_tree(workspace)?.load().map(|(api, _)| api);

    let mut summary = vec![replace_pages(workspace, &new_pages)?, pin(workspace, &new_pages)?];
    let (new_api, review) = Spec::working_tree(workspace)?.load()?;
    summary.push(match generate::write(workspace, &new_api, Mode::Write) {
        Ok(line) => line,
        Err(error) => format!("{}: not regenerated: {error}", generate::OUTPUT_DIRS.join(", ")),
    });

    let (events, changelog) = match old_api {
        Ok(old_api) => {
            let events = diff::diff(&old_api, &new_api);
            let advice = Advice::new(&events, Some(version.clone()), version);
            let changelog = report::markdown(&events, "previous `spec/`", &format!("`{label}`"), &advice);
            (events, changelog)
        }
        Err(error) => (Vec::new(), format!("no API diff: the previous {error}\n")),
    };
    Ok(Update { summary, events, changelog, review })
}

/// The `*.md` files of `dir` by name, sorted, as bytes.
fn read_pages(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
    let label = dir.display();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{label}: cannot read the directory: {e}"))?;
    let mut pages = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("{label}: {e}"))?;
        let Ok(name) = entry.file_name().into_string() else { continue };
        if name.ends_with(".md") && entry.path().is_file() {
            let bytes = std::fs::read(entry.path()).map_err(|e| format!("{label}/{name}: cannot read: {e}"))?;
            pages.push((name, bytes));
        }
    }
    if pages.is_empty() {
        return Err(format!("{label}: no Markdown pages (`*.md`) to take in"));
    }
    pages.sort();
    Ok(pages)
}

/// Writes the new pages into `spec/zh-hans/` and removes the pages that disappeared.
fn replace_pages(workspace: &Path, pages: &[(String, Vec<u8>)]) -> Result<String, String> {
    let dir = workspace.join(crate::DOCUMENT_DIR);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: cannot create: {e}", crate::DOCUMENT_DIR))?;
    let mut removed = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", crate::DOCUMENT_DIR))? {
        let entry = entry.map_err(|e| format!("{}: {e}", crate::DOCUMENT_DIR))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") && !pages.iter().any(|(page, _)| *page == name) {
            std::fs::remove_file(entry.path())
                .map_err(|e| format!("{}/{name}: cannot remove: {e}", crate::DOCUMENT_DIR))?;
            removed.push(name);
        }
    }
    let mut changed = 0;
    for (name, bytes) in pages {
        let path = dir.join(name);
        if std::fs::read(&path).ok().as_ref() != Some(bytes) {
            std::fs::write(&path, bytes).map_err(|e| format!("{}/{name}: cannot write: {e}", crate::DOCUMENT_DIR))?;
            changed += 1;
        }
    }
    removed.sort();
    let removed = if removed.is_empty() { String::new() } else { format!("; removed {}", removed.join(", ")) };
    Ok(format!("{}: {changed} of {} pages changed{removed}", crate::DOCUMENT_DIR, pages.len()))
}

/// Rewrites the pins of the Chinese pages in [`PINS_FILE`] (`<sha256>  zh-hans/<page>`, sorted by name, first), and
/// keeps the other pins (the English pages') as they are.
fn pin(workspace: &Path, pages: &[(String, Vec<u8>)]) -> Result<String, String> {
    let dir = crate::DOCUMENT_DIR.trim_start_matches("spec/");
    let mut pins: String =
        pages.iter().map(|(name, bytes)| format!("{:x}  {dir}/{name}\n", Sha256::digest(bytes))).collect();
    let previous = std::fs::read_to_string(workspace.join(PINS_FILE)).unwrap_or_default();
    for line in previous
        .lines()
        .filter(|line| !line.split_once("  ").is_some_and(|(_, file)| file.starts_with(&format!("{dir}/"))))
    {
        pins.push_str(line);
        pins.push('\n');
    }
    std::fs::write(workspace.join(PINS_FILE), pins).map_err(|e| format!("{PINS_FILE}: cannot write: {e}"))?;
    Ok(format!("{PINS_FILE}: {} pages pinned", pages.len()))
}
