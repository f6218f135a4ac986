//! Compiles a case's generated code: the fuzzer's other checks parse the emitted files, but only rustc knows whether
//! they build against the hand-written runtime (`cargo xtask fuzz --compile-every K`).
//!
//! The check runs `cargo check` on a scratch copy of the workspace under `target/fuzz/compile/` (the root manifest
//! and lock file, and `maxim-api` with the case's files as `src/generated/`), offline and with the workspace's
//! target directory, so the dependencies already built are reused.

use crate::emit::GeneratedFile;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The scratch workspace for `root` (the real workspace's root).
pub fn scratch_dir(root: &Path) -> PathBuf {
    root.join("target/fuzz/compile")
}

/// Runs `cargo check --lib -p maxim-api` with `files` as its generated code; `Err` holds the compiler's errors.
pub fn check(root: &Path, files: &[GeneratedFile]) -> Result<(), String> {
    let scratch = scratch_dir(root);
    prepare(root, &scratch, files).map_err(|e| format!("cannot prepare {}: {e}", scratch.display()))?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["check", "--offline", "--quiet", "--lib", "-p", "maxim-api", "--message-format", "short"])
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let errors: Vec<&str> = stderr.lines().filter(|line| line.contains("error")).take(20).collect();
    Err(format!("`cargo check` of the generated code failed:\n    {}", errors.join("\n    ")))
}

/// Writes the scratch workspace: only `maxim-api` as a member, its sources as in `root`, `files` as generated code.
fn prepare(root: &Path, scratch: &Path, files: &[GeneratedFile]) -> std::io::Result<()> {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml"))?;
    let members = manifest.lines().find(|line| line.starts_with("members = ")).unwrap_or_default();
    let manifest = manifest.replacen(members, "members = [\"maxim-api\"]", 1);
    std::fs::create_dir_all(scratch)?;
    std::fs::write(scratch.join("Cargo.toml"), manifest)?;
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock"))?;
    let crate_dir = scratch.join("maxim-api");
    if crate_dir.exists() {
        std::fs::remove_dir_all(&crate_dir)?;
    }
    copy_tree(&root.join("maxim-api"), &crate_dir)?;
    let generated = crate_dir.join("src/generated");
    std::fs::remove_dir_all(&generated)?;
    std::fs::create_dir_all(&generated)?;
    for file in files {
        std::fs::write(generated.join(&file.name), &file.contents)?;
    }
    Ok(())
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
