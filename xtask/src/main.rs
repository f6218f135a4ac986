//! Project automation, run as `cargo xtask <command>` (the alias lives in `.cargo/config.toml`).
//!
//! - `cargo xtask codegen` regenerates `maxim-api/src/generated/` from `spec/`;
//!   `cargo xtask codegen --check` changes nothing and fails when the checked-in files are stale.
//! - `cargo xtask spec` prints one line per endpoint entry and the totals, or the diagnostics of a malformed document.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["codegen"] => codegen::generate::run(&workspace_root(), codegen::generate::Mode::Write)
            .map(|summary| println!("{summary}")),
        ["codegen", "--check"] => codegen::generate::run(&workspace_root(), codegen::generate::Mode::Check)
            .map(|summary| println!("{summary}")),
        ["spec"] => spec(codegen::DOCUMENT_DIR),
        ["spec", "--resolved"] => codegen::load_api(&workspace_root())
            .map(|api| print!("{}", codegen::render::api(&api)))
            .map_err(|diagnostics| diagnostics.to_string()),
        ["spec", path] => spec(path),
        _ => Err(format!(
            "usage: cargo xtask <command>\n  \
             codegen [--check]  regenerate maxim-api/src/generated/ from spec/ (--check: fail if stale)\n  \
             spec [PATH]        summarise the API document: a file, or a directory of pages (default {})\n  \
             spec --resolved    print the resolved model (operations, types, enums)",
            codegen::DOCUMENT_DIR
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

/// Paths on the command line are taken from the current directory; inside the workspace they are shown relative to
/// its root, as the diagnostics of `cargo xtask codegen` name them.
fn spec(path: &str) -> Result<(), String> {
    let root = workspace_root();
    let given = Path::new(path);
    let (base, relative) = if given.is_absolute() || std::env::current_dir().is_ok_and(|cwd| cwd != root) {
        let absolute = std::env::current_dir().map(|cwd| cwd.join(given)).unwrap_or_else(|_| given.to_path_buf());
        match absolute.strip_prefix(&root) {
            Ok(inside) => (root.clone(), inside.to_string_lossy().into_owned()),
            Err(_) => (PathBuf::from("/"), absolute.to_string_lossy().trim_start_matches('/').to_owned()),
        }
    } else {
        (root, path.to_owned())
    };
    let doc = codegen::load_document(&base, &relative).map_err(|diagnostics| diagnostics.to_string())?;
    print!("{}", codegen::render::summary(&doc));
    Ok(())
}
