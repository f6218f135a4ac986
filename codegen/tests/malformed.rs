//! Malformed documents yield located diagnostics (never a panic), all collected in one run.

use codegen::Diagnostics;

const HEADERS: &str =
    "### 请求头\n| 参数名称 | 默认值 | 描述 |\n| ------ | ------ | ------ |\n|access-token||令牌||app_id||应用ID|\n";
const RESPONSE_HEAD: &str = "### 响应体\n● 200 响应数据格式：JSON\n| 参数名称 | 类型 | 默认值 | 不为空 | 描述 |\n| ------ | ------ | ------ | ------ | ------ |\n";

/// A one-section document whose single entry has the given method line and response rows.
fn doc(method_line: &str, response_rows: &str) -> String {
    format!(
        "# t\n## 3\t用户操作\n\n## 3.1\t标题\n\n{method_line}\n{HEADERS}{RESPONSE_HEAD}{response_rows}\n##### 接口描述\n> \n"
    )
}

fn errors(text: &str) -> Vec<String> {
    match codegen::parse_document("spec/bad.md", text) {
        Ok(doc) => panic!("expected diagnostics, got a model with {} entries", doc.endpoints.len()),
        Err(Diagnostics(list)) => list.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn well_formed_minimal_document_parses() {
    let text = doc("> GET  /a/b", "| code|int32||false|返回码|\n");
    let parsed = codegen::parse_document("spec/ok.md", &text).expect("parses");
    assert_eq!(parsed.endpoints.len(), 1);
    assert_eq!(parsed.endpoints[0].headers.len(), 2);
}

#[test]
fn entry_without_method_line() {
    let text = doc("", "| code|int32||false||\n");
    assert_eq!(
        errors(&text),
        ["spec/bad.md:4:1: entry 3.1 `标题` has no method/path line; expected `> METHOD /path` after its heading"]
    );
}

#[test]
fn unknown_method() {
    let text = doc("> FETCH  /a", "| code|int32||false||\n");
    assert_eq!(errors(&text), ["spec/bad.md:6:3: unknown HTTP method `FETCH`; expected GET, POST, PUT or DELETE"]);
}

#[test]
fn row_width_does_not_match_header() {
    let text = doc("> GET  /a", "| code|int32||false||\n| data|boolean|false|\n");
    assert_eq!(errors(&text), ["spec/bad.md:16:1: table row has 3 cells but its header has 5"]);
}

#[test]
fn malformed_flattened_header_row() {
    let text = doc("> GET  /a", "| code|int32||false||\n")
        .replace("|access-token||令牌||app_id||应用ID|", "|access-token||令牌|x|app_id||应用ID|");
    assert_eq!(
        errors(&text),
        ["spec/bad.md:10:1: header row has 7 cells; expected groups of 3 (name, default, description) joined by `||`"]
    );
}

#[test]
fn unknown_type_word() {
    let text = doc("> GET  /a", "| code|int33||false||\n");
    assert_eq!(
        errors(&text),
        [
            "spec/bad.md:15:8: unknown type `int33` for field `code`; expected int32, int64, number, string, boolean, object or array[T]"
        ]
    );
}

#[test]
fn nesting_depth_jumps_two_levels() {
    let text = doc("> GET  /a", "| data|object||false||\n|⇥⇥ deep|string||false||\n");
    assert_eq!(errors(&text), ["spec/bad.md:16:5: field `deep` is nested 2 levels deep; expected at most 1"]);
}

#[test]
fn nesting_under_a_scalar() {
    let text = doc("> GET  /a", "| data|string||false||\n|⇥ inner|string||false||\n");
    assert_eq!(
        errors(&text),
        [
            "spec/bad.md:16:4: field `inner` is nested under `data` of type string; expected a parent of type object or array[object]"
        ]
    );
}

#[test]
fn duplicate_method_and_path() {
    let one = doc("> GET  /a", "| code|int32||false||\n");
    let second = one.split_once("## 3.1").map(|(_, rest)| format!("## 3.2{rest}")).expect("has an entry");
    let text = format!("{one}\n{second}");
    assert_eq!(
        errors(&text),
        ["spec/bad.md:20:1: entry 3.2 repeats `GET /a` of entry 3.1; expected each (method, path) pair once"]
    );
}

#[test]
fn empty_and_invalid_field_names() {
    let text = doc("> GET  /a", "| |string||false||\n| 2fa|string||false||\n");
    assert_eq!(
        errors(&text),
        [
            "spec/bad.md:15:3: empty name is not a valid wire name; expected letters, digits, `_` or `-`, not starting with a digit",
            "spec/bad.md:16:3: name `2fa` is not a valid wire name; expected letters, digits, `_` or `-`, not starting with a digit",
        ]
    );
}

#[test]
fn all_problems_are_reported_together() {
    let text =
        format!("{}\n## 3.2\t二\n\n> PATCH /b\n", doc("> GET  /a", "| code|int33||false||\n|⇥⇥ x|string||false||\n"));
    let found = errors(&text);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found[0].starts_with("spec/bad.md:15:8: unknown type"), "{found:#?}");
    assert!(found[2].contains("unknown HTTP method `PATCH`"), "{found:#?}");
}

#[test]
fn arbitrary_text_never_panics() {
    for text in
        ["", "## 3.1", "| a |\n|---|\n|⇥⇥⇥|", "## 3\tx\n## 3.1\tt\n> GET\n### 请求体\n| x |", "\u{0}\u{feff}## ⇥"]
    {
        let _ = codegen::parse_document("spec/fuzz.md", text);
    }
}

#[test]
fn document_without_entries() {
    assert_eq!(
        errors("# title\n\nsome text\n"),
        ["spec/bad.md:1:1: no endpoint entries found; expected `## N.M<TAB>title` headings"]
    );
}
