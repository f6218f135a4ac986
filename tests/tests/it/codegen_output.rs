//! The checked-in generated code: fresh, guarded against hand edits, reviewable as a public-API snapshot, and
//! changed only where the document changed.

use codegen::generate::{GENERATED_DIR, Mode, run};
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
    copy_dir(&root().join(GENERATED_DIR), &dir.path().join(GENERATED_DIR));
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
    let problems = run(scratch.path(), Mode::Check).expect_err("a hand edit is stale");
    assert_eq!(
        problems,
        "maxim-api/src/generated/group.rs is stale\nmaxim-api/src/generated/extra.rs is not generated any more\n\
         run `cargo xtask codegen` and commit the result"
    );
    let summary = run(scratch.path(), Mode::Write).expect("regenerates");
    assert!(summary.starts_with("maxim-api/src/generated: 2 of "), "{summary}");
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
    let mut out = String::new();
    for file in codegen::emit::emit(&api).expect("emits") {
        let mut syntax: syn::File = syn::parse_file(&file.contents).expect("generated code parses");
        syntax.attrs.clear();
        syntax.items.retain_mut(public_item);
        out.push_str(&format!("// ---- {}\n{}\n", file.name, prettyplease::unparse(&syntax)));
    }
    out
}

/// Keeps the public parts of an item, without docs and bodies; false drops it.
fn public_item(item: &mut syn::Item) -> bool {
    let public = |vis: &syn::Visibility| matches!(vis, syn::Visibility::Public(_));
    match item {
        syn::Item::Struct(s) if public(&s.vis) => {
            s.attrs.retain(|a| !a.path().is_ident("doc"));
            if let syn::Fields::Named(fields) = &mut s.fields {
                fields.named = fields.named.clone().into_iter().filter(|f| public(&f.vis)).collect();
                fields.named.iter_mut().for_each(|f| f.attrs.clear());
            }
            true
        }
        syn::Item::Enum(e) if public(&e.vis) => {
            e.attrs.retain(|a| !a.path().is_ident("doc"));
            e.variants.iter_mut().for_each(|v| v.attrs.clear());
            true
        }
        syn::Item::Const(c) if public(&c.vis) => {
            c.attrs.clear();
            true
        }
        // The runtime's own traits are not part of the public API.
        syn::Item::Impl(block) if block.trait_.as_ref().is_some_and(|(path, _)| path.segments[0].ident == "crate") => {
            false
        }
        syn::Item::Impl(block) => {
            block.attrs.clear();
            block.items.retain_mut(|member| match member {
                syn::ImplItem::Fn(f) if public(&f.vis) => {
                    f.attrs.clear();
                    f.block.stmts.clear();
                    true
                }
                syn::ImplItem::Type(t) => {
                    t.attrs.clear();
                    true
                }
                _ => false,
            });
            // A public trait's impl shows even when it has nothing public inside (`Deserialize`).
            !block.items.is_empty() || block.trait_.is_some()
        }
        syn::Item::Mod(m) if public(&m.vis) => {
            m.attrs.clear();
            true
        }
        _ => false,
    }
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
