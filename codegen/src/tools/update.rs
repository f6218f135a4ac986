//! `cargo xtask update-spec DIR`: takes in a release of the vendor's pages in one step, then leaves it to review.
//!
//! DIR is laid out as the vendor publishes the Chinese pages (`README.md`, `user.md`, …, one file per section). The
//! update parses them first and changes nothing if they cannot be read. Otherwise it replaces the pages in
//! `spec/zh-hans/` with DIR's (same file names, byte for byte; pages DIR no longer has are removed), re-pins them in
//! `spec/SHA256SUMS`, resolves them against `spec/overrides.toml`, regenerates `maxim-api/src/generated/`, and
//! returns the API diff against the previous `spec/` with every correction that went stale or redundant, at its line.
//! Those are listed, not fatal: the model is still generated from the corrections that apply, so the code diff can be
//! reviewed at once, and `cargo xtask codegen --check` fails until they are fixed.
//!
//! `cargo xtask update-spec --git URL[#REV]` ([`update_spec_from_git`]) takes the pages from the vendor's repository
//! (`maxim-top/im.gitbook`) at a revision instead: the git command line fetches only what it needs (one commit when
//! REV is a branch or tag, or none is given; file contents only under the pages' directories), the Chinese pages of
//! [`VENDOR_CHINESE_DIR`] and the English ones of [`VENDOR_ENGLISH_DIR`] are taken in as above (the English pages
//! into `spec/en/`), and [`SOURCE_FILE`] records the repository and the commit, for the changelogs to cite.

use crate::generate::{self, Mode};
use crate::model::diagnostic::Diagnostics;
use crate::tools::diff::report::{self, Advice};
use crate::tools::diff::{self, Event};
use crate::tools::source::Spec;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::process::Command;

/// The pins of the pages, relative to the workspace root (`sha256sum` format, paths relative to `spec/`).
pub const PINS_FILE: &str = "spec/SHA256SUMS";

/// Where the vendor's repository keeps the Chinese pages, one `*.md` per section.
pub const VENDOR_CHINESE_DIR: &str = "zh-hans/reference/server-api";

/// Where the vendor's repository keeps the English pages.
pub const VENDOR_ENGLISH_DIR: &str = "en/reference/server-api";

/// Where the pages of `spec/` come from (repository, commit and its date), relative to the workspace root: written
/// by [`update_spec_from_git`], removed by an update from a directory that changes a page.
pub const SOURCE_FILE: &str = "spec/SOURCE.toml";

/// What an update did and what it asks to review.
#[derive(Debug)]
pub struct Update {
    /// What changed on disk, one line per step.
    pub summary: Vec<String>,
    /// How many pages were written or removed.
    pub pages_changed: usize,
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
    let mut update = update(workspace, pages, None, &pages.display().to_string())?;
    let source = workspace.join(SOURCE_FILE);
    if update.pages_changed > 0 && source.is_file() {
        std::fs::remove_file(&source).map_err(|e| format!("{SOURCE_FILE}: cannot remove: {e}"))?;
        update.summary.push(format!("{SOURCE_FILE}: removed (the pages no longer come from its revision)"));
    }
    Ok(update)
}

/// Updates the workspace at `workspace` to the vendor's pages in the git repository `source`, `URL` or `URL#REV`
/// (a branch, tag or commit; without one, the default branch), and records where they came from in
/// [`SOURCE_FILE`] (see the module docs).
pub fn update_spec_from_git(workspace: &Path, source: &str) -> Result<Update, String> {
    let (url, revision) = match source.rsplit_once('#') {
        Some((url, revision)) if !revision.is_empty() => (url, Some(revision)),
        _ => (source.trim_end_matches('#'), None),
    };
    let checkout = fetch(url, revision)?;
    let commit = git(Some(checkout.path()), &["rev-parse", "HEAD"])?;
    let date = git(Some(checkout.path()), &["show", "--no-patch", "--format=%cs", "HEAD"])?;
    let chinese = checkout.path().join(VENDOR_CHINESE_DIR);
    if !chinese.is_dir() {
        return Err(format!("{url} at {commit}: no {VENDOR_CHINESE_DIR}/ directory; spec/ is unchanged"));
    }
    let english = Some(checkout.path().join(VENDOR_ENGLISH_DIR)).filter(|dir| dir.is_dir());
    let short = commit.get(..12).unwrap_or(&commit);
    let mut update = update(workspace, &chinese, english.as_deref(), &format!("{url} at {short}"))?;
    let record = format!(
        "# Where the pages of spec/zh-hans/ and spec/en/ come from: written by `cargo xtask update-spec --git`.\n\
         repository = {}\nrevision = \"{commit}\"\ndate = \"{date}\"\nchinese = \"{VENDOR_CHINESE_DIR}\"\n{}",
        toml::Value::String(url.to_owned()),
        if english.is_some() { format!("english = \"{VENDOR_ENGLISH_DIR}\"\n") } else { String::new() }
    );
    std::fs::write(workspace.join(SOURCE_FILE), record).map_err(|e| format!("{SOURCE_FILE}: cannot write: {e}"))?;
    update.summary.push(format!("{SOURCE_FILE}: {url} at {commit} ({date})"));
    Ok(update)
}

/// The update from the Chinese pages in `chinese` and, when given, the English ones in `english`; `label` names
/// where they come from in the changelog.
fn update(workspace: &Path, chinese: &Path, english: Option<&Path>, label: &str) -> Result<Update, String> {
    let new_pages = read_pages(chinese)?;
    let new_english = english.map(read_pages).transpose()?;
    for (dir, pages) in [(chinese, &new_pages)].into_iter().chain(english.zip(new_english.as_ref())) {
        let shown = dir.display();
        let texts: Vec<(String, String)> = pages
            .iter()
            .map(|(name, bytes)| {
                let text = String::from_utf8(bytes.clone()).map_err(|_| format!("{shown}/{name}: not UTF-8"))?;
                Ok((format!("{shown}/{name}"), text))
            })
            .collect::<Result<_, String>>()?;
        crate::parse_pages(&texts)
            .map_err(|diagnostics| format!("the pages in {shown} do not parse; spec/ is unchanged:\n{diagnostics}"))?;
    }

    // The manifest is not touched: its version is the one the changes are measured against.
    let version = crate::tools::source::read_version(
        &workspace.join(crate::tools::source::MANIFEST),
        crate::tools::source::MANIFEST,
    )?;
    // A previous spec/ that no longer loads leaves nothing to compare with; the update itself can still proceed.
    let old_api = Spec::working_tree(workspace)?.load().map(|(api, _)| api);

    let (line, mut pages_changed) = replace_pages(workspace, crate::DOCUMENT_DIR, &new_pages)?;
    let mut summary = vec![line];
    if let Some(english) = &new_english {
        let (line, changed) = replace_pages(workspace, crate::ENGLISH_DIR, english)?;
        summary.push(line);
        pages_changed += changed;
    }
    summary.push(pin(workspace, &new_pages, new_english.as_deref())?);
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
    Ok(Update { summary, pages_changed, events, changelog, review })
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

/// Writes the new pages into `spec_dir` (`spec/zh-hans` or `spec/en`) and removes the pages that disappeared; says
/// so, with how many pages were written or removed.
fn replace_pages(workspace: &Path, spec_dir: &str, pages: &[(String, Vec<u8>)]) -> Result<(String, usize), String> {
    let dir = workspace.join(spec_dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{spec_dir}: cannot create: {e}"))?;
    let mut removed = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(|e| format!("{spec_dir}: {e}"))? {
        let entry = entry.map_err(|e| format!("{spec_dir}: {e}"))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") && !pages.iter().any(|(page, _)| *page == name) {
            std::fs::remove_file(entry.path()).map_err(|e| format!("{spec_dir}/{name}: cannot remove: {e}"))?;
            removed.push(name);
        }
    }
    let mut changed = 0;
    for (name, bytes) in pages {
        let path = dir.join(name);
        if std::fs::read(&path).ok().as_ref() != Some(bytes) {
            std::fs::write(&path, bytes).map_err(|e| format!("{spec_dir}/{name}: cannot write: {e}"))?;
            changed += 1;
        }
    }
    removed.sort();
    let count = changed + removed.len();
    let removed = if removed.is_empty() { String::new() } else { format!("; removed {}", removed.join(", ")) };
    Ok((format!("{spec_dir}: {changed} of {} pages changed{removed}", pages.len()), count))
}

/// Rewrites [`PINS_FILE`]: the Chinese pages first, then the English ones (`<sha256>  zh-hans/<page>`, sorted by
/// name); without new English pages, their pins (and any other) are kept as they are.
fn pin(workspace: &Path, pages: &[(String, Vec<u8>)], english: Option<&[(String, Vec<u8>)]>) -> Result<String, String> {
    let pins_of = |dir: &str, pages: &[(String, Vec<u8>)]| -> String {
        let dir = dir.trim_start_matches("spec/");
        pages.iter().map(|(name, bytes)| format!("{:x}  {dir}/{name}\n", Sha256::digest(bytes))).collect()
    };
    let mut pins = pins_of(crate::DOCUMENT_DIR, pages);
    let mut replaced = vec![crate::DOCUMENT_DIR];
    if let Some(english) = english {
        pins.push_str(&pins_of(crate::ENGLISH_DIR, english));
        replaced.push(crate::ENGLISH_DIR);
    }
    let previous = std::fs::read_to_string(workspace.join(PINS_FILE)).unwrap_or_default();
    let is_replaced =
        |file: &str| replaced.iter().any(|dir| file.starts_with(&format!("{}/", dir.trim_start_matches("spec/"))));
    for line in previous.lines().filter(|line| !line.split_once("  ").is_some_and(|(_, file)| is_replaced(file))) {
        pins.push_str(line);
        pins.push('\n');
    }
    std::fs::write(workspace.join(PINS_FILE), pins).map_err(|e| format!("{PINS_FILE}: cannot write: {e}"))?;
    let count = pages.len() + english.map_or(0, <[_]>::len);
    Ok(format!("{PINS_FILE}: {count} pages pinned"))
}

/// A checkout of `url` at `revision` in a temporary directory, with only the pages' directories' files: one commit
/// when the revision is a branch or tag (or none is given); the history that holds it when it is a commit, which
/// `git clone --branch` cannot name.
fn fetch(url: &str, revision: Option<&str>) -> Result<tempfile::TempDir, String> {
    let temp = tempfile::tempdir().map_err(|e| format!("cannot create a temporary directory: {e}"))?;
    let target = temp.path().to_string_lossy().into_owned();
    let commit = revision.filter(|rev| rev.len() >= 7 && rev.chars().all(|c| c.is_ascii_hexdigit()));
    let mut clone = vec!["clone", "--quiet", "--filter=blob:none", "--sparse"];
    match (revision, commit) {
        (_, Some(_)) => clone.push("--no-checkout"),
        (Some(branch_or_tag), None) => clone.extend(["--depth=1", "--branch", branch_or_tag]),
        (None, None) => clone.push("--depth=1"),
    }
    clone.extend(["--", url, &target]);
    git(None, &clone)?;
    git(Some(temp.path()), &["sparse-checkout", "set", VENDOR_CHINESE_DIR, VENDOR_ENGLISH_DIR])?;
    if let Some(commit) = commit {
        git(Some(temp.path()), &["checkout", "--quiet", "--detach", commit])?;
    }
    Ok(temp)
}

/// Runs git (in `dir`, when given) without prompting, and returns its trimmed output.
fn git(dir: Option<&Path>, args: &[&str]) -> Result<String, String> {
    let mut command = Command::new("git");
    if let Some(dir) = dir {
        command.arg("-C").arg(dir);
    }
    let output =
        command.args(args).env("GIT_TERMINAL_PROMPT", "0").output().map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    } else {
        Err(format!("git {}: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim()))
    }
}
