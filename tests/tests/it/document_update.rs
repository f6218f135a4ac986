//! The tests survive a document update: on a scratch copy of `spec/` with one entry added to a page (and the hashes
//! re-pinned, as the README's update steps say), every rule still holds and the generator runs; what fails is only
//! the snapshots (which show the new entry, and nothing else, as added lines) and the wire coverage (which names the
//! new entry).

use maxim_api_tests::spec_checks::{self, NEW_ENTRY, Spec};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A copy of `spec/` and the generated module, with [`NEW_ENTRY`] appended to the message page and the hashes
/// re-pinned.
fn updated_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let [sdk, cli] = codegen::generate::OUTPUT_DIRS;
    for sub in [codegen::DOCUMENT_DIR, codegen::ENGLISH_DIR, sdk, cli] {
        let (from, to) = (root().join(sub), dir.path().join(sub));
        std::fs::create_dir_all(&to).expect("mkdir");
        for entry in std::fs::read_dir(&from).expect("readable") {
            let entry = entry.expect("entry");
            std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
        }
    }
    std::fs::copy(root().join(codegen::CORRECTIONS_FILE), dir.path().join(codegen::CORRECTIONS_FILE)).expect("copy");
    let page = dir.path().join(codegen::DOCUMENT_DIR).join("message.md");
    let text = std::fs::read_to_string(&page).expect("read") + NEW_ENTRY;
    std::fs::write(&page, text).expect("write");
    let mut pages = codegen::parse::read_pages(dir.path(), codegen::DOCUMENT_DIR).expect("pages");
    pages.extend(codegen::parse::read_pages(dir.path(), codegen::ENGLISH_DIR).expect("pages"));
    let sums: String = pages
        .iter()
        .map(|(file, text)| format!("{}  {}\n", spec_checks::sha256(text.as_bytes()), file.trim_start_matches("spec/")))
        .collect();
    std::fs::write(dir.path().join("spec/SHA256SUMS"), sums).expect("write sums");
    dir
}

/// The snapshot's contents without insta's header.
fn snapshot(name: &str) -> String {
    let path = root().join("codegen/tests/it/snapshots").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.splitn(3, "---\n").nth(2).unwrap_or_default().to_owned()
}

/// The lines of `new` that are not in `old`, checking that `old`'s lines all appear in `new`, in order.
fn added_lines(old: &str, new: &str) -> Vec<String> {
    let mut old_lines = old.lines().peekable();
    let mut added = Vec::new();
    for line in new.lines() {
        if old_lines.peek() == Some(&line) {
            old_lines.next();
        } else {
            added.push(line.to_owned());
        }
    }
    assert_eq!(old_lines.next(), None, "a line of the snapshot disappeared");
    added
}

#[test]
fn adding_one_entry_fails_only_the_snapshots_and_the_wire_coverage() {
    let scratch = updated_workspace();
    let updated = Spec::workspace(scratch.path()).unwrap_or_else(|e| panic!("the updated spec resolves:\n{e}"));
    let current = Spec::workspace(&root()).unwrap_or_else(|e| panic!("{e}"));

    // The rules, the hash pins and the generator are content with the update.
    assert_eq!(spec_checks::failures(&updated), Vec::<String>::new());
    spec_checks::current_layout_states_types_and_required_flags(&updated).unwrap_or_else(|e| panic!("{e}"));
    spec_checks::pinned_hashes(scratch.path()).unwrap_or_else(|e| panic!("{e}"));
    use codegen::generate::{Mode, run};
    assert!(run(scratch.path(), Mode::Check).is_err(), "the generated code is stale until regenerated");
    run(scratch.path(), Mode::Write).unwrap_or_else(|e| panic!("{e}"));
    run(scratch.path(), Mode::Check).unwrap_or_else(|e| panic!("{e}"));

    // The snapshots fail, and their diffs are exactly the new entry.
    let summary = codegen::tools::render::summary(&updated.doc);
    let (entries, totals) = summary.trim_end().rsplit_once('\n').expect("entries, then the totals");
    let committed = snapshot("it__document__current_summary.snap");
    let (committed_entries, _) = committed.trim_end().rsplit_once('\n').expect("entries, then the totals");
    let added = added_lines(committed_entries, entries);
    assert_eq!(added.len(), 1, "{added:#?}");
    assert!(added[0].starts_with("5.9    POST        /message/pin "), "{added:#?}");
    let (verbs, headings) = (current.doc.verb_count() + 1, current.doc.endpoints.len() + 1);
    assert!(totals.starts_with(&format!("{verbs} entries ({headings} headings) in 8 sections")), "{totals}");
    let added =
        added_lines(&snapshot("it__document__current_model.snap"), &codegen::tools::render::document(&updated.doc));
    assert!(added[0].starts_with("5.9 /message/pin 置顶消息 {#post__message_pin}"), "{added:#?}");
    // The heading, then only the entry's own indented lines (and the blank line between entries).
    assert!(added[1..].iter().all(|line| line.is_empty() || line.starts_with("  ")), "{added:#?}");
    assert_eq!(added.len(), 10, "{added:#?}");
    let added = added_lines(&snapshot("it__resolved__resolved_model.snap"), &codegen::tools::render::api(&updated.api));
    assert_eq!(
        added,
        [
            "  op pin = /message/pin [5.9 POST] 置顶消息",
            "    headers access-token, app_id",
            "    body msg_id: i64 required#0",
            "    returns data bool",
        ]
    );

    // The wire coverage names the new entry, and only it.
    let tests = root().join("tests/tests/it");
    let (missing_now, unknown_now) = spec_checks::wire_coverage(&current.api, &tests);
    let (missing_after, unknown_after) = spec_checks::wire_coverage(&updated.api, &tests);
    let newly_missing: Vec<&String> = missing_after.iter().filter(|m| !missing_now.contains(m)).collect();
    assert_eq!(newly_missing, ["POST /message/pin"]);
    assert_eq!(unknown_after, unknown_now);
}
