//! Project automation, run as `cargo xtask <command>` (the alias lives in `.cargo/config.toml`).
//!
//! - `cargo xtask codegen` regenerates `maxim-api/src/generated/` from `spec/`;
//!   `cargo xtask codegen --check` changes nothing and fails when the checked-in files are stale.
//! - `cargo xtask spec` prints one line per endpoint entry and the totals, or the diagnostics of a malformed document.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const DOCUMENT: &str = "spec/maxim-server-api.md";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["codegen"] => codegen::generate::run(&workspace_root(), codegen::generate::Mode::Write)
            .map(|summary| println!("{summary}")),
        ["codegen", "--check"] => codegen::generate::run(&workspace_root(), codegen::generate::Mode::Check)
            .map(|summary| println!("{summary}")),
        ["spec"] => spec(DOCUMENT),
        ["spec", "--resolved"] => codegen::load_api(&workspace_root())
            .map(|api| print!("{}", codegen::render::api(&api)))
            .map_err(|diagnostics| diagnostics.to_string()),
        ["spec", path] => spec(path),
        _ => Err(format!(
            "usage: cargo xtask <command>\n  \
             codegen [--check]  regenerate maxim-api/src/generated/ from spec/ (--check: fail if stale)\n  \
             spec [FILE]        summarise the API document (default {DOCUMENT})\n  \
             spec --resolved    print the resolved model (operations, types, enums)"
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root, so the commands work from any directory.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn read(relative: &str) -> Result<String, String> {
    let path = workspace_root().join(relative);
    std::fs::read_to_string(&path).map_err(|e| format!("{relative}: cannot read {}: {e}", path.display()))
}

fn spec(relative: &str) -> Result<(), String> {
    let text = read(relative)?;
    let doc = codegen::parse_document(relative, &text).map_err(|diagnostics| diagnostics.to_string())?;
    print!("{}", codegen::render::summary(&doc));
    Ok(())
}
