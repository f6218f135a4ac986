//! Size never crashes the toolchain: a table over the row limit is refused at its first row too many, and one at
//! the limit is emitted as code whose depth does not grow with its rows (no chain of one call per row), on a thread
//! with the 2 MiB stack of test threads.

use codegen::MAX_TABLE_ROWS;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

const BODY_ROW: &str = "| password | string | true |  | 密码 |\n";
const RESPONSE_ROW: &str = "|⇥ user_id | int64 | 用户ID |\n";

/// The real pages with `rows` more rows after the first `after` of `token.md` (entry 2.1's body or answer), and the
/// 1-based line of the first added row.
fn pages_with(after: &str, row: impl Fn(usize) -> String, rows: usize) -> (Vec<(String, String)>, usize) {
    let mut pages = codegen::parse::read_pages(root(), codegen::DOCUMENT_DIR).expect("spec/ is readable");
    let (_, text) = pages.iter_mut().find(|(file, _)| file.ends_with("/token.md")).expect("token.md");
    let at = text.find(after).expect("the row to add after") + after.len();
    let first_line = text[..at].lines().count() + 1;
    let added: String = (0..rows).map(row).collect();
    text.insert_str(at, &added);
    (pages, first_line)
}

fn body_row(i: usize) -> String {
    BODY_ROW.replace("password", &format!("extra_{i}")).replace("true", "false")
}

fn response_row(i: usize) -> String {
    RESPONSE_ROW.replace("user_id", &format!("extra_{i}"))
}

#[test]
fn a_30000_row_body_is_refused_at_its_first_row_over_the_limit() {
    let (pages, first) = pages_with(BODY_ROW, body_row, 30_000);
    let errors = codegen::parse_pages(&pages).expect_err("refused");
    let messages: Vec<String> = errors.0.iter().map(ToString::to_string).collect();
    // The table's rows: device_guid and password, the added ones, then user_id.
    let line = first + MAX_TABLE_ROWS - 2;
    assert_eq!(
        messages,
        [format!(
            "spec/zh-hans/token.md:{line}:1: table has 30003 rows; expected at most 1000 (a limit of the generator, \
             see README.md)"
        )]
    );
}

#[test]
fn a_10000_row_response_is_refused_at_its_first_row_over_the_limit() {
    let (pages, first) = pages_with(RESPONSE_ROW, response_row, 10_000);
    let errors = codegen::parse_pages(&pages).expect_err("refused");
    assert_eq!(errors.0.len(), 1, "{errors}");
    assert!(errors.0[0].message.starts_with("table has 10011 rows; expected at most 1000"), "{errors}");
    // Entry 2.1's answer table has code, data and 8 fields of data before the added rows' place, then message.
    assert_eq!(errors.0[0].location.line as usize, first + MAX_TABLE_ROWS - 10);
}

#[test]
fn a_body_and_an_answer_at_the_limit_emit_flat_code_on_a_small_stack() {
    let emitted = at_the_limit();
    let token = emitted.iter().find(|f| f.name == "token.rs").expect("token.rs");
    let chained = token.contents.matches("let call = call").count();
    assert!(chained >= MAX_TABLE_ROWS / 32 - 1, "the body is encoded in statements: {chained}");
    let types = emitted.iter().find(|f| f.name == "types.rs").expect("types.rs");
    assert!(types.contents.contains("pub extra_988:"), "the answer keeps every row");
}

#[test]
#[ignore = "runs `cargo check` on a copy of maxim-api (minutes); `cargo test -p codegen --test sizes -- --ignored`"]
fn a_body_and_an_answer_at_the_limit_build() {
    codegen::tools::fuzz::compile::check(root(), &at_the_limit()).unwrap_or_else(|errors| panic!("{errors}"));
}

/// The files generated with entry 2.1's body and answer at the row limit.
fn at_the_limit() -> Vec<codegen::emit::GeneratedFile> {
    // Entry 2.1's body (3 rows) and answer (11 rows) grown to the limit.
    let (mut pages, _) = pages_with(BODY_ROW, body_row, MAX_TABLE_ROWS - 3);
    let token = pages.iter().position(|(file, _)| file.ends_with("/token.md")).expect("token.md");
    let answer_rows: String = (0..MAX_TABLE_ROWS - 11).map(response_row).collect();
    pages[token].1 = pages[token].1.replacen(RESPONSE_ROW, &format!("{RESPONSE_ROW}{answer_rows}"), 1);
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let document = codegen::parse_pages(&pages).unwrap_or_else(|d| panic!("at the limit parses:\n{d}"));
            let corrections = std::fs::read_to_string(root().join(codegen::CORRECTIONS_FILE)).expect("corrections");
            let (api, _) = codegen::resolve::resolve_lenient(&document, None, codegen::CORRECTIONS_FILE, &corrections)
                .expect("valid corrections");
            codegen::emit::emit(&api).expect("emits")
        })
        .expect("thread")
        .join()
        .expect("no stack overflow")
}
