//! What `cargo xtask codegen [--check]` runs: regenerates `maxim-api/src/generated/` (the SDK) and
//! `maxim-cli/src/generated/` (the command table of the `maxim` tool) from `spec/`.
//!
//! Like rust-analyzer's: a file is written only when its contents change; with `--check` nothing is written and
//! the command fails, naming every stale, missing or extra file, so CI catches a forgotten regeneration or a hand
//! edit of generated code. Files are compared with their line endings normalised (CRLF as LF).

use crate::emit::GeneratedFile;
use crate::model::api::Api;
use std::collections::BTreeSet;
use std::path::Path;

/// Where the generated module lives, relative to the workspace root.
pub const GENERATED_DIR: &str = "maxim-api/src/generated";
/// Where the `maxim` tool's generated command table lives, relative to the workspace root.
pub const CLI_GENERATED_DIR: &str = "maxim-cli/src/generated";
/// Every directory the generator owns, relative to the workspace root.
pub const OUTPUT_DIRS: [&str; 2] = [GENERATED_DIR, CLI_GENERATED_DIR];

/// Whether to write the files or only compare them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Write what changed.
    Write,
    /// Write nothing; fail on any difference.
    Check,
}

/// Runs the generator over the workspace at `root`.
pub fn run(root: &Path, mode: Mode) -> Result<String, String> {
    let api = crate::load_api(root).map_err(|diagnostics| diagnostics.to_string())?;
    let summary = write(root, &api, mode)?;
    // The English pages' disagreements do not stop generation, but the maintainer should see them.
    let notes: String =
        api.notes.0.iter().map(|note| format!("\nnote: {note} (its English text is not used)")).collect();
    Ok(summary + &notes)
}

/// Emits `api` into the workspace at `root` (or, with [`Mode::Check`], compares).
pub fn write(root: &Path, api: &Api, mode: Mode) -> Result<String, String> {
    let outputs = [(GENERATED_DIR, crate::emit::emit(api)?), (CLI_GENERATED_DIR, crate::emit::emit_cli(api)?)];
    let mut problems = Vec::new();
    let mut written = 0;
    for (dir_name, files) in &outputs {
        written += write_dir(root, dir_name, files, mode, &mut problems)?;
    }
    if !problems.is_empty() {
        return Err(format!("{}\nrun `cargo xtask codegen` and commit the result", problems.join("\n")));
    }
    let count: usize = outputs.iter().map(|(_, files)| files.len()).sum();
    let dirs = OUTPUT_DIRS.join(", ");
    Ok(match mode {
        Mode::Check => format!("{dirs}: {count} files are fresh"),
        Mode::Write => format!(
            "{dirs}: {written} of {count} files updated ({} operations, {} types, {} enums)",
            api.operations.len(),
            api.types.len(),
            api.enums.len()
        ),
    })
}

/// Writes (or compares) the files of one output directory; returns how many files it wrote or removed, and adds
/// what is stale, missing or extra to `problems` in check mode.
fn write_dir(
    root: &Path,
    dir_name: &str,
    files: &[GeneratedFile],
    mode: Mode,
    problems: &mut Vec<String>,
) -> Result<usize, String> {
    let dir = root.join(dir_name);
    if mode == Mode::Write {
        std::fs::create_dir_all(&dir).map_err(|e| format!("{dir_name}: cannot create: {e}"))?;
    }
    let mut written = 0;
    for file in files {
        let path = dir.join(&file.name);
        // Line endings aside: a checkout with CRLF endings (git's `core.autocrlf` on Windows) holds the same code.
        let current = std::fs::read_to_string(&path).ok().map(|text| text.replace("\r\n", "\n"));
        if current.as_deref() == Some(file.contents.as_str()) {
            continue;
        }
        match mode {
            Mode::Check => problems.push(format!(
                "{dir_name}/{} is {}",
                file.name,
                if current.is_some() { "stale" } else { "missing" }
            )),
            Mode::Write => {
                std::fs::write(&path, &file.contents)
                    .map_err(|e| format!("{dir_name}/{}: cannot write: {e}", file.name))?;
                written += 1;
            }
        }
    }
    let expected: BTreeSet<&str> = files.iter().map(|f| f.name.as_str()).collect();
    for extra in existing_files(&dir).iter().filter(|name| !expected.contains(name.as_str())) {
        match mode {
            Mode::Check => problems.push(format!("{dir_name}/{extra} is not generated any more")),
            Mode::Write => {
                std::fs::remove_file(dir.join(extra)).map_err(|e| format!("{dir_name}/{extra}: cannot remove: {e}"))?;
                written += 1;
            }
        }
    }
    Ok(written)
}

fn existing_files(dir: &Path) -> BTreeSet<String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return BTreeSet::new() };
    entries.filter_map(|entry| entry.ok()?.file_name().into_string().ok()).collect()
}
