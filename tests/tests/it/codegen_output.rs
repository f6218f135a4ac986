//! The checked-in generated code: fresh, guarded against hand edits, reviewable as a public-API snapshot, and
//! changed only where the document changed.

use codegen::generate::{CLI_GENERATED_DIR, GENERATED_DIR, Mode, OUTPUT_DIRS, run};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A scratch copy of the inputs and the generated module, laid out like the workspace.
fn scratch_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&root().join(codegen::DOCUMENT_DIR), &dir.path().join(codegen::DOCUMENT_DIR));
    copy_dir(&root().join(codegen::ENGLISH_DIR), &dir.path().join(codegen::ENGLISH_DIR));
    std::fs::copy(root().join(codegen::CORRECTIONS_FILE), dir.path().join(codegen::CORRECTIONS_FILE)).expect("copy");
    for generated in OUTPUT_DIRS {
        copy_dir(&root().join(generated), &dir.path().join(generated));
    }
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("readable dir") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy file");
    }
}

#[test]
fn generated_code_is_fresh() {
    if let Err(problems) = run(&root(), Mode::Check) {
        panic!("{problems}");
    }
}

#[test]
fn hand_edit_of_generated_code_fails_the_check() {
    let scratch = scratch_workspace();
    assert!(run(scratch.path(), Mode::Check).is_ok(), "a faithful copy is fresh");
    let group = scratch.path().join(GENERATED_DIR).join("group.rs");
    let edited = std::fs::read_to_string(&group).expect("read").replacen("pub fn info(", "pub fn information(", 1);
    std::fs::write(&group, edited).expect("write");
    std::fs::write(scratch.path().join(GENERATED_DIR).join("extra.rs"), "// stray\n").expect("write");
    let commands = scratch.path().join(CLI_GENERATED_DIR).join("commands.rs");
    let edited = std::fs::read_to_string(&commands).expect("read").replacen("name: \"info\"", "name: \"show\"", 1);
    std::fs::write(&commands, edited).expect("write");
    let problems = run(scratch.path(), Mode::Check).expect_err("a hand edit is stale");
    assert_eq!(
        problems,
        "maxim-api/src/generated/group.rs is stale\nmaxim-api/src/generated/extra.rs is not generated any more\n\
         maxim-cli/src/generated/commands.rs is stale\nrun `cargo xtask codegen` and commit the result"
    );
    let summary = run(scratch.path(), Mode::Write).expect("regenerates");
    assert!(summary.starts_with("maxim-api/src/generated, maxim-cli/src/generated: 3 of "), "{summary}");
    assert!(run(scratch.path(), Mode::Check).is_ok(), "fresh again after regenerating");
}

/// A Windows checkout (git's `core.autocrlf`) has every generated file with CRLF line endings: the same code.
#[test]
fn line_endings_do_not_make_generated_code_stale() {
    let scratch = scratch_workspace();
    let dir = scratch.path().join(GENERATED_DIR);
    for entry in std::fs::read_dir(&dir).expect("readable dir") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, text.replace('\n', "\r\n")).expect("write");
    }
    run(scratch.path(), Mode::Check).unwrap_or_else(|problems| panic!("CRLF copies are fresh:\n{problems}"));
    // A change beyond the line endings is still one.
    let user = dir.join("user.rs");
    let edited = std::fs::read_to_string(&user).expect("read") + "// hand edit\r\n";
    std::fs::write(&user, edited).expect("write");
    let problems = run(scratch.path(), Mode::Check).expect_err("a hand edit is stale");
    assert!(problems.starts_with("maxim-api/src/generated/user.rs is stale\n"), "{problems}");
}

#[test]
fn generation_is_deterministic() {
    let api = codegen::load_api(&root()).expect("the spec resolves");
    let first = codegen::emit::emit(&api).expect("emits");
    let again = codegen::emit::emit(&codegen::load_api(&root()).expect("the spec resolves")).expect("emits");
    assert_eq!(first, again);
    for file in &first {
        assert!(file.contents.starts_with(codegen::emit::HEADER), "{} has the @generated header", file.name);
    }
}

/// Lines that differ between two versions of the generated files (which keep their line counts here).
fn changed_lines(scratch: &Path) -> Vec<(String, String, String)> {
    let before = codegen::emit::emit(&codegen::load_api(&root()).expect("resolves")).expect("emits");
    let after = codegen::emit::emit(&codegen::load_api(scratch).expect("resolves")).expect("emits");
    let mut changes = Vec::new();
    for (old, new) in before.iter().zip(&after) {
        assert_eq!(old.contents.lines().count(), new.contents.lines().count(), "{}", old.name);
        for (a, b) in old.contents.lines().zip(new.contents.lines()) {
            if a != b {
                changes.push((old.name.clone(), a.trim().to_owned(), b.trim().to_owned()));
            }
        }
    }
    changes
}

/// Replaces `from`, which must occur once, by `to` in `page` of the pages in `dir` (`codegen::DOCUMENT_DIR`, or
/// `codegen::ENGLISH_DIR`).
fn edit_page(scratch: &Path, dir: &str, page: &str, from: &str, to: &str) {
    let path = scratch.join(dir).join(page);
    let text = std::fs::read_to_string(&path).expect("read");
    assert_eq!(text.matches(from).count(), 1, "`{from}` is unique in the document");
    std::fs::write(&path, text.replace(from, to)).expect("write");
}

#[test]
fn changing_one_description_changes_exactly_its_line() {
    let scratch = scratch_workspace();
    edit_page(
        scratch.path(),
        codegen::DOCUMENT_DIR,
        "group.md",
        "| reason | string | false |  | 申请入群原因 |",
        "| reason | string | false |  | 申请入群的理由 |",
    );
    // The setter's rustdoc: the English description, then the Chinese one on its own line.
    assert_eq!(
        changed_lines(scratch.path()),
        [("group.rs".to_owned(), "///   申请入群原因".to_owned(), "///   申请入群的理由".to_owned())]
    );
}

#[test]
fn changing_one_field_type_changes_only_that_fields_lines() {
    let scratch = scratch_workspace();
    // `/group/ban` duration: int64 → string, on both pages (an English page that disagrees on the type has its
    // text left out, which would change the rustdoc too).
    edit_page(
        scratch.path(),
        codegen::DOCUMENT_DIR,
        "group.md",
        "| duration | int64 | true |  | 禁言时长，单位为分钟 |\n| group_id | int64 | true |  | 群id |\n| user_list",
        "| duration | string | true |  | 禁言时长，单位为分钟 |\n| group_id | int64 | true |  | 群id |\n| user_list",
    );
    edit_page(
        scratch.path(),
        codegen::ENGLISH_DIR,
        "group.md",
        "| duration | int64 | true |  | Duration of banned in minutes |\n| group_id | int64 | true |  | Group id |\n| user_list",
        "| duration | string | true |  | Duration of banned in minutes |\n| group_id | int64 | true |  | Group id |\n| user_list",
    );
    let changes = changed_lines(scratch.path());
    let rendered: Vec<String> = changes.iter().map(|(file, old, new)| format!("{file}: {old} => {new}")).collect();
    assert_eq!(
        rendered,
        [
            // the mock server's validation table
            "mock_examples.rs: crate::mock::Field::new(\"duration\", crate::mock::Kind::Int, true), => \
             crate::mock::Field::new(\"duration\", crate::mock::Kind::String, true),",
            // the handle method's argument, its initializer, the builder field
            "group.rs: duration: i64, => duration: impl ::std::convert::Into<::std::string::String>,",
            "group.rs: duration, => duration: duration.into(),",
            "group.rs: duration: i64, => duration: ::std::string::String,",
        ]
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>(),
        "{rendered:#?}"
    );
}

/// The public surface of the generated module: signatures without bodies or docs.
fn public_api() -> String {
    let api = codegen::load_api(&root()).expect("resolves");
    let files = codegen::emit::emit(&api).expect("emits");
    codegen::public_api::listing(files.iter().map(|file| (file.name.as_str(), file.contents.as_str())))
        .expect("generated code parses")
}

#[test]
fn public_api_snapshot() {
    // A change to the document shows up here as a reviewable diff of the SDK's signatures.
    insta::assert_snapshot!("public_api", public_api());
}

#[test]
fn an_input_named_like_a_builder_member_is_refused() {
    let mut api = codegen::load_api(&root()).expect("resolves");
    let info = api.operations.iter_mut().find(|op| op.path == "/group/info").expect("GET /group/info");
    info.query[0].rust_name = "send".into();
    assert_eq!(
        codegen::emit::emit(&api).expect_err("refused"),
        "`group_id` at `GET /group/info` would become input `send` of `info`, which is reserved: the builder's `send`; \
         rename it in the corrections"
    );
}
