//! End to end through rustdoc itself: vendor prose made [`inert`] yields no doctest and no rustdoc warning (broken
//! intra-doc links, HTML tags, bare URLs), and its HTML renders as text. The same prose passed raw yields both,
//! which shows the probe can see them.

use codegen::emit::docs::inert;
use std::path::Path;
use std::process::{Command, Output};

/// Prose the vendor (or a correction) could write; each one is active Markdown for rustdoc.
const HOSTILE: [&str; 8] = [
    "示例：\n```rust\nstd::fs::write(\"pwned-by-doctest\", \"\").unwrap();\npanic!(\"vendor text ran\");\n```\n",
    "缩进代码：\n\n    panic!(\"indented vendor text ran\");\n",
    "~~~\npanic!(\"tilde fence ran\");\n~~~",
    "<img src=x onerror=alert(1)> and <script>alert(1)</script>",
    "<div>\n```rust\npanic!(\"fence under html ran\");\n```\n</div>",
    "see [Client], [`Secret`], [x][y] and [^note]",
    "docs at https://example.com/api_docs and http://maximtop.cn",
    "a lone \r carriage return, a NUL \0, a line separator \u{2028} and an override \u{202e}",
];

/// A one-file crate with one documented function per text.
fn write_crate(dir: &Path, docs: &[String]) -> std::path::PathBuf {
    let mut source = String::from("//! Probe.\n");
    for (i, doc) in docs.iter().enumerate() {
        source.push_str(&format!("#[doc = {doc:?}]\npub fn item_{i}() {{}}\n"));
    }
    let path = dir.join("lib.rs");
    std::fs::write(&path, source).expect("write the probe crate");
    path
}

fn rustdoc(dir: &Path, args: &[&str], lib: &Path) -> Output {
    let rustdoc = std::env::var("RUSTDOC").unwrap_or_else(|_| "rustdoc".to_owned());
    Command::new(rustdoc)
        .current_dir(dir)
        .args(["--edition", "2024", "--crate-type", "lib", "--crate-name", "probe"])
        .args(args)
        .arg(lib)
        .output()
        .expect("rustdoc runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn inert_prose_gives_rustdoc_no_doctest_no_warning_and_no_html() {
    let dir = tempfile::tempdir().expect("temp dir");
    let docs: Vec<String> = HOSTILE.iter().map(|text| inert(text)).collect();
    let lib = write_crate(dir.path(), &docs);

    let tests = rustdoc(dir.path(), &["--test"], &lib);
    assert!(tests.status.success(), "{}{}", text(&tests.stdout), text(&tests.stderr));
    assert!(text(&tests.stdout).contains("running 0 tests"), "{}", text(&tests.stdout));
    assert!(!dir.path().join("pwned-by-doctest").exists());

    let out = dir.path().join("doc");
    let doc = rustdoc(dir.path(), &["-D", "warnings", "-o", out.to_str().expect("utf-8 path")], &lib);
    assert!(doc.status.success(), "rustdoc warned:\n{}", text(&doc.stderr));
    let html = std::fs::read_to_string(out.join("probe/fn.item_3.html")).expect("item page");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "the tag is shown as text");
    assert!(!html.contains("<img src=x"), "the tag is not rendered");
}

#[test]
fn the_same_prose_raw_gives_rustdoc_doctests_and_warnings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let docs: Vec<String> = HOSTILE.iter().map(|text| text.replace(['\r', '\0', '\u{202e}'], "")).collect();
    let lib = write_crate(dir.path(), &docs);

    let tests = rustdoc(dir.path(), &["--test"], &lib);
    let stdout = text(&tests.stdout);
    assert!(!tests.status.success(), "the vendor blocks ran and panicked: {stdout}");
    assert!(stdout.contains("running 3 tests"), "fenced, indented and tilde blocks are doctests: {stdout}");

    let out = dir.path().join("doc");
    let doc = rustdoc(dir.path(), &["-D", "warnings", "-o", out.to_str().expect("utf-8 path")], &lib);
    let stderr = text(&doc.stderr);
    assert!(!doc.status.success());
    for lint in ["broken_intra_doc_links", "bare_urls"] {
        assert!(stderr.contains(lint), "rustdoc reports {lint}:\n{stderr}");
    }
}
