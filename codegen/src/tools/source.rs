//! Where a spec (a document and its corrections) comes from, for `cargo xtask api-diff` and `update-spec`.
//!
//! An argument is read as a path if one exists there, else as a git revision of this repository:
//! - **A directory holding a whole spec** (a `zh-hans/` directory of pages, or the one-file `maxim-server-api.md` of
//!   revisions before 2026, next to `overrides.toml`; this is `spec/` at any revision) is that spec, with the
//!   English pages of its `en/` directory when it has one.
//! - **Any other path** is a document: a Markdown file or a directory of pages. Its corrections are the first
//!   `overrides.toml` found in the directory itself (a directory only), then in the directory holding it; failing
//!   both (a directory of pages as the vendor publishes them), the workspace's `spec/overrides.toml`. So
//!   `codegen/tests/fixtures/2022-01/maxim-server-api.md` reads the `overrides.toml` beside it, `spec/zh-hans` reads
//!   `spec/overrides.toml`.
//! - **A git revision** (`HEAD`, `main~3`, a tag) is its `spec/` directory as above, read with `git show` into a
//!   temporary directory; its version is its `maxim-api/Cargo.toml`'s.
//!
//! A git revision and the working tree also have generated code (`maxim-api/src/generated/`, checked in), whose
//! public Rust API [`Spec::public_api`] lists; a path has none.

use crate::generate::GENERATED_DIR;
use crate::model::api::Api;
use crate::model::diagnostic::Diagnostics;
use semver::Version;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The manifest whose version the API diff's semver advice is about, relative to the workspace root.
pub const MANIFEST: &str = "maxim-api/Cargo.toml";

/// A spec found by [`locate`].
#[derive(Debug)]
pub struct Spec {
    /// How the report names it (the argument as given, or `working tree`).
    pub label: String,
    /// The directory `document` and `corrections` are relative to (absolute paths are used as they are).
    pub root: PathBuf,
    /// The document: a Markdown file or a directory of pages.
    pub document: String,
    /// The corrections file.
    pub corrections: String,
    /// The English pages, when the spec has them (they only add documentation text).
    pub english: Option<String>,
    /// The version `maxim-api` had there, when the spec is a git revision or the working tree.
    pub version: Option<Version>,
    /// The generated code's directory (relative to `root`), when the spec is a git revision that has one or the
    /// working tree.
    pub generated: Option<String>,
    /// Holds a git revision's files for as long as the spec is used.
    _checkout: Option<tempfile::TempDir>,
}

impl Spec {
    /// The workspace's own `spec/`, with the working tree's version.
    pub fn working_tree(workspace: &Path) -> Result<Spec, String> {
        let version = read_version(&workspace.join(MANIFEST), MANIFEST)?;
        Ok(Spec {
            label: "working tree".to_owned(),
            root: workspace.to_path_buf(),
            document: crate::DOCUMENT_DIR.to_owned(),
            corrections: crate::CORRECTIONS_FILE.to_owned(),
            english: workspace.join(crate::ENGLISH_DIR).is_dir().then(|| crate::ENGLISH_DIR.to_owned()),
            version: Some(version),
            generated: workspace.join(GENERATED_DIR).is_dir().then(|| GENERATED_DIR.to_owned()),
            _checkout: None,
        })
    }

    /// The public-API listing ([`crate::public_api`]) of the spec's generated code, or `None` when it has none. It is
    /// rendered from the code itself rather than read from the tests' public-API snapshot: every revision has its
    /// code checked in (and fresh, by `cargo xtask codegen --check`), while the snapshot came later, changed its
    /// format, and in a working tree can lag behind the code until the tests are run.
    pub fn public_api(&self) -> Result<Option<String>, String> {
        let Some(dir) = &self.generated else { return Ok(None) };
        let in_spec = |e: std::io::Error| format!("{}: {dir}: {e}", self.label);
        let mut files = Vec::new();
        for entry in std::fs::read_dir(self.root.join(dir)).map_err(in_spec)? {
            let path = entry.map_err(in_spec)?.path();
            if path.extension().is_some_and(|extension| extension == "rs") {
                let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
                files.push((name, std::fs::read_to_string(&path).map_err(in_spec)?));
            }
        }
        files.sort();
        let listing = crate::public_api::listing(files.iter().map(|(name, text)| (name.as_str(), text.as_str())))
            .map_err(|error| format!("{}: {dir}/{error}", self.label))?;
        Ok(Some(listing))
    }

    /// Parses, checks and resolves the spec. Problems of the corrections against this document (stale or redundant
    /// corrections, or what today's resolver asks of an older spec) come back beside the model rather than instead of
    /// it; a document that cannot be parsed, or corrections that are not valid TOML, are an error.
    pub fn load(&self) -> Result<(Api, Diagnostics), String> {
        let in_spec = |diagnostics: Diagnostics| format!("{}: the spec does not load:\n{diagnostics}", self.label);
        let document = crate::load_document(&self.root, &self.document).map_err(in_spec)?;
        let english = match &self.english {
            Some(pages) => Some(crate::load_document(&self.root, pages).map_err(in_spec)?),
            None => None,
        };
        let text = std::fs::read_to_string(self.root.join(&self.corrections))
            .map_err(|e| format!("{}: {}: cannot read: {e}", self.label, self.corrections))?;
        crate::resolve::resolve_lenient(&document, english.as_ref(), &self.corrections, &text).map_err(in_spec)
    }
}

/// Finds the spec `argument` names (see the module docs); `cwd` is where relative paths start.
pub fn locate(workspace: &Path, cwd: &Path, argument: &str) -> Result<Spec, String> {
    let path = cwd.join(argument);
    if path.exists() {
        return from_path(workspace, &path, argument);
    }
    if is_revision(workspace, argument) {
        return from_revision(workspace, argument);
    }
    Err(format!("`{argument}` is neither a file, a directory nor a git revision of this repository"))
}

fn from_path(workspace: &Path, path: &Path, label: &str) -> Result<Spec, String> {
    let path = path.canonicalize().map_err(|e| format!("{label}: {e}"))?;
    let workspace = workspace.canonicalize().map_err(|e| format!("{}: {e}", workspace.display()))?;
    let spec = |document: PathBuf, corrections: PathBuf, english: Option<PathBuf>| Spec {
        label: format!("`{label}`"),
        root: workspace.clone(),
        document: shown(&workspace, &document),
        corrections: shown(&workspace, &corrections),
        english: english.map(|english| shown(&workspace, &english)),
        version: None,
        generated: None,
        _checkout: None,
    };
    if let Some(document) = whole_spec(&path) {
        return Ok(spec(document, path.join("overrides.toml"), english_beside(&path)));
    }
    let own = path.is_dir().then(|| path.join("overrides.toml"));
    let beside = path.parent().map(|parent| parent.join("overrides.toml"));
    let corrections = own
        .into_iter()
        .chain(beside)
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| workspace.join(crate::CORRECTIONS_FILE));
    Ok(spec(path, corrections, None))
}

/// The document of a directory that holds a whole spec.
fn whole_spec(dir: &Path) -> Option<PathBuf> {
    if !dir.join("overrides.toml").is_file() {
        return None;
    }
    [dir.join("zh-hans"), dir.join("maxim-server-api.md")].into_iter().find(|candidate| candidate.exists())
}

/// The `en/` pages of a directory that holds a whole spec.
fn english_beside(dir: &Path) -> Option<PathBuf> {
    Some(dir.join("en")).filter(|english| english.is_dir())
}

/// `path` relative to the workspace when inside it (as diagnostics name files there), else absolute.
fn shown(workspace: &Path, path: &Path) -> String {
    path.strip_prefix(workspace).unwrap_or(path).to_string_lossy().into_owned()
}

fn git(workspace: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output =
        Command::new("git").arg("-C").arg(workspace).args(args).output().map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(format!("git {}: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim()))
    }
}

fn is_revision(workspace: &Path, revision: &str) -> bool {
    !revision.starts_with('-')
        && git(workspace, &["rev-parse", "--verify", "--quiet", &format!("{revision}^{{commit}}")]).is_ok()
}

/// Checks out `spec/` and the manifest of `revision` into a temporary directory.
fn from_revision(workspace: &Path, revision: &str) -> Result<Spec, String> {
    let checkout = tempfile::tempdir().map_err(|e| format!("cannot create a temporary directory: {e}"))?;
    let listing = git(workspace, &["ls-tree", "-r", "-z", "--name-only", revision, "--", "spec/"])?;
    let files: Vec<String> = listing
        .split(|&b| b == 0)
        .filter(|name| !name.is_empty())
        .map(|name| String::from_utf8_lossy(name).into_owned())
        .collect();
    if files.is_empty() {
        return Err(format!("{revision}: has no spec/ directory"));
    }
    let listing = git(workspace, &["ls-tree", "-r", "-z", "--name-only", revision, "--", GENERATED_DIR])?;
    let code: Vec<String> = listing
        .split(|&b| b == 0)
        .filter(|name| !name.is_empty())
        .map(|name| String::from_utf8_lossy(name).into_owned())
        .collect();
    let files = [files, code.clone()].concat();
    for file in &files {
        let bytes = git(workspace, &["show", &format!("{revision}:{file}")])?;
        let target = checkout.path().join(file);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&target, bytes).map_err(|e| format!("{}: {e}", target.display()))?;
    }
    let spec_dir = checkout.path().join("spec");
    let document = whole_spec(&spec_dir)
        .ok_or_else(|| format!("{revision}: spec/ holds no overrides.toml with zh-hans/ or maxim-server-api.md"))?;
    // Revisions from before the SDK crate existed have no version.
    let version = match git(workspace, &["show", &format!("{revision}:{MANIFEST}")]) {
        Ok(bytes) => Some(parse_version(&String::from_utf8_lossy(&bytes), &format!("{revision}:{MANIFEST}"))?),
        Err(_) => None,
    };
    Ok(Spec {
        label: format!("`{revision}`"),
        root: checkout.path().to_path_buf(),
        document: shown(checkout.path(), &document),
        corrections: "spec/overrides.toml".to_owned(),
        english: english_beside(&spec_dir).map(|english| shown(checkout.path(), &english)),
        version,
        // Revisions from before the generator have no code to compare.
        generated: (!code.is_empty()).then(|| GENERATED_DIR.to_owned()),
        _checkout: Some(checkout),
    })
}

/// The `package.version` of a manifest file (`name` names it in errors).
pub fn read_version(manifest: &Path, name: &str) -> Result<Version, String> {
    let text = std::fs::read_to_string(manifest).map_err(|e| format!("{name}: cannot read: {e}"))?;
    parse_version(&text, name)
}

fn parse_version(text: &str, name: &str) -> Result<Version, String> {
    let value: toml::Table = toml::from_str(text).map_err(|e| format!("{name}: {}", e.message()))?;
    let version = value
        .get("package")
        .and_then(|package| package.get("version"))
        .and_then(toml::Value::as_str)
        .ok_or_else(|| format!("{name}: no `package.version`"))?;
    Version::parse(version).map_err(|e| format!("{name}: version `{version}`: {e}"))
}
