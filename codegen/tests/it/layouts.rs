//! Every layout the vendor has published reads, and line endings, nested tables and anchors cannot change the model
//! in silence: the March 2022 pages (`不能为空` columns) and the GitBook export of 2025-12-17 (CommonMark escapes,
//! headings swallowed into table rows), copied from the vendor's history into `fixtures/history/`.

use codegen::model::doc::{Document, Method};
use codegen::parse_pages;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn pages(dir: &str) -> Vec<(String, String)> {
    codegen::parse::read_pages(root(), dir).unwrap_or_else(|d| panic!("{dir} is readable:\n{d}"))
}

const MARCH_2022: &str = "codegen/tests/fixtures/history/2022-03-21";
const GITBOOK_2025: &str = "codegen/tests/fixtures/history/2025-12-17";

#[test]
fn the_march_2022_pages_parse_with_their_not_empty_column() {
    let document = parse_pages(&pages(MARCH_2022)).unwrap_or_else(|d| panic!("the March 2022 pages parse:\n{d}"));
    assert_eq!(document.endpoints.len(), 181);
    assert_eq!(document.sections.len(), 7);
    // `不能为空` is the not-empty column: its `false` is read, not refused as an unknown column.
    let entry = document.endpoints.iter().find(|e| e.response.fields.iter().any(|f| f.not_null.is_some()));
    let field = entry.and_then(|e| e.response.fields.iter().find(|f| f.not_null.is_some())).expect("a 不能为空 cell");
    assert_eq!(field.not_null, Some(false));
}

#[test]
fn the_gitbook_export_is_refused_once_per_damaged_entry_and_only_for_its_damage() {
    let pages = pages(GITBOOK_2025);
    let damaged_rows: usize =
        pages.iter().map(|(_, text)| text.lines().filter(|line| line.starts_with("| #### 接口描述")).count()).sum();
    let diagnostics = parse_pages(&pages).expect_err("the swallowed headings are refused");
    assert_eq!(diagnostics.0.len(), damaged_rows, "one error per damaged entry:\n{diagnostics}");
    assert!(damaged_rows > 100);
    for diagnostic in &diagnostics.0 {
        assert!(
            diagnostic.message.starts_with("the heading `#### 接口描述` is swallowed into the table above"),
            "{diagnostic}"
        );
        assert_eq!(diagnostic.location.column, 3, "{diagnostic}");
    }
    let first = &diagnostics.0[0];
    let (file, text) = pages.iter().find(|(file, _)| **file == *first.location.file).expect("its page");
    let line = text.lines().nth(first.location.line as usize - 1).unwrap_or_default();
    assert!(line.starts_with("| #### 接口描述"), "{file}:{}: {line}", first.location.line);
}

#[test]
fn the_gitbook_export_repaired_reads_as_commonmark_means_it() {
    // The one real damage mended (a blank line before each swallowed heading), everything else as published.
    let repaired: Vec<(String, String)> = pages(GITBOOK_2025)
        .into_iter()
        .map(|(file, text)| {
            let mended = text
                .lines()
                .map(|line| if line.starts_with("| #### 接口描述") { "\n#### 接口描述" } else { line })
                .collect::<Vec<_>>()
                .join("\n");
            (file, mended)
        })
        .collect();
    let document = parse_pages(&repaired).unwrap_or_else(|d| panic!("the repaired export parses:\n{d}"));
    let token = entry(&document, Method::Post, "/token/id");
    // `{#post\_\_token\_id}` and `app\_id` are read with their escapes resolved.
    assert_eq!(token.anchor.as_deref(), Some("post__token_id"));
    assert!(token.headers.iter().any(|h| h.name == "app_id"), "{:?}", token.headers);
    assert!(document.endpoints.iter().all(|e| !e.description.contains("#### ")));
}

fn entry<'d>(doc: &'d Document, method: Method, path: &str) -> &'d codegen::model::doc::Endpoint {
    doc.endpoints
        .iter()
        .find(|e| e.path == path && e.verbs.iter().any(|v| v.method == method))
        .unwrap_or_else(|| panic!("{method} {path} is in the document"))
}

#[test]
fn lf_crlf_and_cr_only_pages_give_the_same_model() {
    let lf = pages(codegen::DOCUMENT_DIR);
    let with_endings = |ending: &str| -> Vec<(String, String)> {
        lf.iter().map(|(file, text)| (file.clone(), text.replace('\n', ending))).collect()
    };
    let expected = parse_pages(&lf).expect("spec/ parses");
    assert!(expected.base_url.is_some() && expected.version.is_some());
    for ending in ["\r\n", "\r"] {
        let document = parse_pages(&with_endings(ending)).unwrap_or_else(|d| panic!("{ending:?} pages parse:\n{d}"));
        assert_eq!(document, expected, "with {ending:?} line endings");
    }
}

#[test]
fn a_table_inside_a_blockquote_is_reported_where_it_stands() {
    let page = "# API\n\n## 1 环境变量\n\n### 默认环境\n\n> | 参数名 | 字段值 |\n> | --- | --- |\n> | baseUrl | http://x |\n\n\
                # 1 用户{#user}\n\n## 1.1 a{#a}\n\n> GET /user/a\n\n#### 请求头\n\n| 参数名称 | 类型 |\n| - | - |\n\
                | app_id | string |\n\n#### 响应体\n\n● 200 响应数据格式：JSON\n\n| 参数名称 | 类型 |\n| - | - |\n\
                | code | int32 |\n";
    let diagnostics = parse_pages(&[("README.md".to_owned(), page.to_owned())]).expect_err("the table is reported");
    let messages: Vec<String> = diagnostics.0.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        ["README.md:7:3: table inside a blockquote in `默认环境` is never read; expected tables at the top level, \
          directly below their subsection heading"]
    );
}

#[test]
fn duplicate_anchors_are_an_error_naming_both() {
    let entry = |number: &str, anchor: &str, path: &str| {
        format!(
            "## {number} t{{#{anchor}}}\n\n> GET {path}\n\n#### 请求头\n\n| 参数名称 | 类型 |\n| - | - |\n| app_id | string |\n\n\
             #### 响应体\n\n● 200 响应数据格式：JSON\n\n| 参数名称 | 类型 |\n| - | - |\n| code | int32 |\n\n"
        )
    };
    let page = format!("# 1 用户{{#user}}\n\n{}{}", entry("1.1", "same", "/user/a"), entry("1.2", "same", "/user/b"));
    let diagnostics = parse_pages(&[("user.md".to_owned(), page)]).expect_err("the anchor repeats");
    let messages: Vec<String> = diagnostics.0.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        ["user.md:21:1: anchor `{#same}` is also the anchor of the heading at user.md:3:1; expected each once"]
    );
}
