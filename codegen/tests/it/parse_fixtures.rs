//! Parser fixtures, one small file per case (rust-analyzer's habit): every `fixtures/parse/ok/*.md` parses without a
//! diagnostic and its rendered model is a snapshot; every `fixtures/parse/err/*.md` gives at least one diagnostic and
//! the exact `file:line:col: message` lines are a snapshot. Adding a case is adding a file.

use std::path::{Path, PathBuf};

fn fixtures(kind: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parse").join(kind);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixture directory is readable")
        .map(|entry| entry.expect("entry").file_name().into_string().expect("UTF-8 name"))
        .filter(|name| name.ends_with(".md"))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no fixtures in {}", dir.display());
    names
        .into_iter()
        .map(|name| (name.trim_end_matches(".md").to_owned(), format!("fixtures/parse/{kind}/{name}")))
        .collect()
}

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

#[test]
fn ok_fixtures_parse_into_their_model() {
    for (name, path) in fixtures("ok") {
        match codegen::load_document(&tests_dir(), &path) {
            Ok(document) => insta::assert_snapshot!(format!("ok-{name}"), codegen::tools::render::document(&document)),
            Err(diagnostics) => panic!("{path} must parse:\n{diagnostics}"),
        }
    }
}

#[test]
fn err_fixtures_give_located_diagnostics() {
    for (name, path) in fixtures("err") {
        match codegen::load_document(&tests_dir(), &path) {
            Ok(document) => panic!("{path} must not parse, but gave {} entries", document.endpoints.len()),
            Err(diagnostics) => {
                let lines: Vec<String> = diagnostics.0.iter().map(ToString::to_string).collect();
                assert!(
                    lines.iter().all(|l| l.starts_with(&path)),
                    "{path}: every diagnostic names the file:\n{lines:#?}"
                );
                insta::assert_snapshot!(format!("err-{name}"), lines.join("\n"));
            }
        }
    }
}
