//! `cargo xtask update-spec DIR` on a scratch copy of the repository layout (`spec/`, the generated module and the
//! SDK's manifest), with DIR a copy of the current pages edited as a vendor release might be: the pages are copied
//! and pinned, the code is regenerated, and the report says exactly what changed.

use codegen::generate::{self, Mode};
use codegen::tools::update::{Update, update_spec};
use maxim_api_tests::spec_checks::{self, NEW_ENTRY};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("readable") {
        let entry = entry.expect("entry");
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
        }
    }
}

/// A scratch workspace, and a release of the pages (a copy of the current ones) beside it.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Scratch {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&root().join("spec"), &dir.path().join("spec"));
        for generated in generate::OUTPUT_DIRS {
            copy_dir(&root().join(generated), &dir.path().join(generated));
        }
        let manifest = codegen::tools::source::MANIFEST;
        std::fs::copy(root().join(manifest), dir.path().join(manifest)).expect("copy the manifest");
        copy_dir(&root().join(codegen::DOCUMENT_DIR), &dir.path().join("release/zh-hans"));
        Scratch { dir }
    }

    fn workspace(&self) -> &Path {
        self.dir.path()
    }

    fn release(&self) -> PathBuf {
        self.dir.path().join("release/zh-hans")
    }

    fn edit_release(&self, page: &str, from: &str, to: &str) {
        let path = self.release().join(page);
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(text.matches(from).count(), 1, "`{from}` occurs once in {page}");
        std::fs::write(&path, text.replace(from, to)).expect("write");
    }

    fn update(&self) -> Update {
        update_spec(self.workspace(), &self.release()).unwrap_or_else(|e| panic!("{e}"))
    }
}

/// maxim-api's version as `(major, minor, patch)`, which the reports' semver advice starts from.
fn version() -> (u64, u64, u64) {
    let manifest = std::fs::read_to_string(root().join("maxim-api/Cargo.toml")).expect("maxim-api/Cargo.toml");
    let line = manifest.lines().find_map(|l| l.strip_prefix("version = \"")).expect("a version line");
    let parts: Vec<u64> = line.trim_end_matches('"').split('.').map(|p| p.parse().expect("a number")).collect();
    (parts[0], parts[1], parts[2])
}

/// The report's change lines.
fn changes(update: &Update) -> Vec<&str> {
    update.changelog.lines().filter(|line| line.starts_with("- **")).collect()
}

#[test]
fn a_page_with_one_entry_added_gives_one_compatible_line() {
    let scratch = Scratch::new();
    let page = scratch.release().join("message.md");
    let text = std::fs::read_to_string(&page).expect("read") + NEW_ENTRY;
    std::fs::write(&page, &text).expect("write");

    let update = scratch.update();
    assert_eq!(changes(&update), ["- **compatible** operation added: `client.message().pin(msg_id)`"]);
    let (major, minor, patch) = version();
    let advice =
        format!("only compatible changes: a **patch** bump: {major}.{minor}.{patch} → {major}.{minor}.{}", patch + 1);
    assert!(update.changelog.contains(&advice), "{}", update.changelog);
    assert!(update.review.is_empty(), "{}", update.review);

    // The page is the vendor's, byte for byte, pinned; the code is regenerated (and so fresh).
    let copied = std::fs::read_to_string(scratch.workspace().join(codegen::DOCUMENT_DIR).join("message.md"));
    assert_eq!(copied.expect("copied"), text);
    spec_checks::pinned_hashes(scratch.workspace()).unwrap_or_else(|e| panic!("{e}"));
    generate::run(scratch.workspace(), Mode::Check).unwrap_or_else(|e| panic!("{e}"));
    let generated = scratch.workspace().join(generate::GENERATED_DIR).join("message.rs");
    assert!(std::fs::read_to_string(generated).expect("message.rs").contains("pub fn pin("));
    assert_eq!(update.summary[0], "spec/zh-hans: 1 of 9 pages changed");

    // Taking in the same release again changes nothing.
    let again = scratch.update();
    assert_eq!(again.changelog, "no API changes\n");
    assert_eq!(again.summary[0], "spec/zh-hans: 0 of 9 pages changed");
}

#[test]
fn one_input_made_required_gives_one_breaking_line() {
    let scratch = Scratch::new();
    let row = "| auth_answer | string | false |  | 问题答案 |";
    scratch.edit_release("roster.md", row, &row.replace("false", "true"));

    let update = scratch.update();
    let lines = changes(&update);
    assert_eq!(lines.len(), 1, "{}", update.changelog);
    assert!(lines[0].starts_with("- **breaking** input made required: `auth_answer` becomes argument"), "{lines:?}");
    let (major, minor, patch) = version();
    let advice = format!("a **minor** bump: {major}.{minor}.{patch} → {major}.{}.0", minor + 1);
    assert!(update.changelog.contains(&advice), "{}", update.changelog);
    assert!(update.review.is_empty(), "{}", update.review);
    generate::run(scratch.workspace(), Mode::Check).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_page_that_disappeared_is_removed_and_its_stale_corrections_are_listed() {
    let scratch = Scratch::new();
    std::fs::remove_file(scratch.release().join("push.md")).expect("remove a page");

    let update = scratch.update();
    assert!(!scratch.workspace().join(codegen::DOCUMENT_DIR).join("push.md").exists());
    assert_eq!(update.summary[0], "spec/zh-hans: 0 of 8 pages changed; removed push.md");
    let pins = std::fs::read_to_string(scratch.workspace().join("spec/SHA256SUMS")).expect("pins");
    assert!(!pins.contains("zh-hans/push.md") && pins.contains("en/push.md"), "{pins}");
    assert!(
        changes(&update).contains(&"- **breaking** section removed: `client.push()` (推送接口)"),
        "{}",
        update.changelog
    );

    // The corrections of the push operations now match nothing: each is listed at its line, and the code is
    // generated all the same (without the push module).
    let corrections = std::fs::read_to_string(root().join(codegen::CORRECTIONS_FILE)).expect("corrections");
    let stale: Vec<String> = update
        .review
        .0
        .iter()
        .filter(|d| &*d.location.file == codegen::CORRECTIONS_FILE)
        .map(|d| corrections.lines().nth(d.location.line as usize - 1).unwrap_or_default().to_owned())
        .collect();
    assert!(stale.iter().any(|line| line.contains("/push/")), "{stale:#?}");
    assert!(!scratch.workspace().join(generate::GENERATED_DIR).join("push.rs").exists());
}

#[test]
fn pages_that_do_not_parse_change_nothing() {
    let scratch = Scratch::new();
    scratch.edit_release("group.md", "\n## 4.1 添加群管理员", "\n### 4.1 添加群管理员");
    let pins_before = std::fs::read(scratch.workspace().join("spec/SHA256SUMS")).expect("pins");

    let error = update_spec(scratch.workspace(), &scratch.release()).unwrap_err();
    assert!(error.contains("do not parse; spec/ is unchanged"), "{error}");
    assert!(error.contains("group.md:"), "the problem is located: {error}");
    assert_eq!(std::fs::read(scratch.workspace().join("spec/SHA256SUMS")).expect("pins"), pins_before);
    spec_checks::pinned_hashes(scratch.workspace()).unwrap_or_else(|e| panic!("{e}"));
}

/// Runs git in `dir` as a vendor would, and returns its trimmed output.
fn git(dir: &Path, args: &[&str]) -> String {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=Vendor", "-c", "user.email=vendor@example.com", "-c", "init.defaultBranch=main"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// A repository laid out as the vendor's (`maxim-top/im.gitbook`), made in `dir`: a commit with the current pages
/// (Chinese and English, beside a page of another part of the book), then a release that adds [`NEW_ENTRY`], tagged
/// `v2`. Returns both commits.
fn vendor_repository(dir: &Path) -> (String, String) {
    std::fs::create_dir_all(dir).expect("mkdir");
    git(dir, &["init", "--quiet"]);
    let chinese = dir.join(codegen::tools::update::VENDOR_CHINESE_DIR);
    copy_dir(&root().join(codegen::DOCUMENT_DIR), &chinese);
    copy_dir(&root().join(codegen::ENGLISH_DIR), &dir.join(codegen::tools::update::VENDOR_ENGLISH_DIR));
    std::fs::write(dir.join("zh-hans/README.md"), "# 美信拓扑 IM\n").expect("write");
    git(dir, &["add", "--all"]);
    git(dir, &["commit", "--quiet", "--message", "pages as vendored"]);
    let current = git(dir, &["rev-parse", "HEAD"]);
    let page = chinese.join("message.md");
    let text = std::fs::read_to_string(&page).expect("read") + NEW_ENTRY;
    std::fs::write(&page, text).expect("write");
    git(dir, &["commit", "--quiet", "--all", "--message", "message pin"]);
    git(dir, &["tag", "v2"]);
    (current, git(dir, &["rev-parse", "HEAD"]))
}

#[test]
fn an_update_from_the_vendors_repository_takes_its_pages_at_a_revision_and_records_it() {
    let scratch = Scratch::new();
    let vendor = scratch.workspace().join("vendor");
    let (current, release) = vendor_repository(&vendor);
    let url = vendor.to_string_lossy().into_owned();
    let source = |workspace: &Path| std::fs::read_to_string(workspace.join(codegen::tools::update::SOURCE_FILE));

    // The release, by its commit: one new operation, both languages pinned, the code regenerated, the commit recorded.
    let update = codegen::tools::update::update_spec_from_git(scratch.workspace(), &format!("{url}#{release}"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(changes(&update), ["- **compatible** operation added: `client.message().pin(msg_id)`"]);
    assert!(update.changelog.contains(&format!("`{url} at {}`", &release[..12])), "{}", update.changelog);
    assert!(update.review.is_empty(), "{}", update.review);
    assert_eq!(update.summary[..2], ["spec/zh-hans: 1 of 9 pages changed", "spec/en: 0 of 8 pages changed"]);
    let record = source(scratch.workspace()).expect("spec/SOURCE.toml is written");
    for line in [format!("repository = \"{url}\""), format!("revision = \"{release}\"")] {
        assert!(record.lines().any(|l| l == line), "{record}");
    }
    spec_checks::pinned_hashes(scratch.workspace()).unwrap_or_else(|e| panic!("{e}"));
    generate::run(scratch.workspace(), Mode::Check).unwrap_or_else(|e| panic!("{e}"));

    // Back to the earlier commit: the operation goes again (breaking), and the record follows.
    let update = codegen::tools::update::update_spec_from_git(scratch.workspace(), &format!("{url}#{current}"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(changes(&update).len(), 1, "{}", update.changelog);
    assert!(changes(&update)[0].starts_with("- **breaking** operation removed"), "{}", update.changelog);
    assert!(source(scratch.workspace()).expect("recorded").contains(&current));

    // A tag, and the default branch, are fetched alone (one commit).
    for (given, expected) in [(format!("{url}#v2"), &release), (url.clone(), &release)] {
        let update =
            codegen::tools::update::update_spec_from_git(scratch.workspace(), &given).unwrap_or_else(|e| panic!("{e}"));
        assert!(update.summary.last().is_some_and(|line| line.contains(expected.as_str())), "{:?}", update.summary);
    }

    // An update from a directory that changes a page (back to the current ones) no longer comes from the recorded
    // revision.
    let update = scratch.update();
    assert!(source(scratch.workspace()).is_err(), "{:?}", update.summary);
}

#[test]
fn a_revision_the_vendors_repository_lacks_changes_nothing() {
    let scratch = Scratch::new();
    let vendor = scratch.workspace().join("vendor");
    vendor_repository(&vendor);
    let pins_before = std::fs::read(scratch.workspace().join("spec/SHA256SUMS")).expect("pins");

    for revision in ["no-such-branch", "0123456789abcdef"] {
        let given = format!("{}#{revision}", vendor.display());
        let error =
            codegen::tools::update::update_spec_from_git(scratch.workspace(), &given).expect_err("no such revision");
        assert!(error.starts_with("git "), "{error}");
    }
    assert_eq!(std::fs::read(scratch.workspace().join("spec/SHA256SUMS")).expect("pins"), pins_before);
    assert!(!scratch.workspace().join(codegen::tools::update::SOURCE_FILE).exists());
}
