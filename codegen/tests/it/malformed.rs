//! Malformed documents yield located diagnostics, all collected in one run, and never a panic. Each kind of problem
//! has its own fixture under `fixtures/parse/err/` (see `parse_fixtures.rs`); this file checks what spans cases.

fn errors(text: &str) -> Vec<String> {
    match codegen::parse_document("spec/bad.md", text) {
        Ok(doc) => panic!("expected diagnostics, got a model with {} entries", doc.endpoints.len()),
        Err(diagnostics) => diagnostics.0.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn all_problems_are_reported_together_in_source_order() {
    let text = "# 1 用户操作{#user}\n\n## 1.1 一\n\n> GET /a\n\n#### 请求头\n| 参数名称 | 数据类型 |\n| - | - |\n\
                | app_id | string |\n\n#### 响应体\n● 200 JSON\n\n| 参数名称 | 类型 |\n| - | - |\n| code | int33 |\n\
                |⇥⇥ x | string |\n\n## 1.2 二\n\n> PATCH /b\n";
    assert_eq!(
        errors(text),
        [
            "spec/bad.md:17:10: unknown type `int33` for `code`; expected int32, int64, double, number, string, boolean, \
             object or array[T] (nested at most 32 deep)",
            "spec/bad.md:18:5: field `x` is nested 2 levels deep; expected at most 0",
            "spec/bad.md:20:1: entry 1.2 has no `响应体` subsection; every entry documents its 响应体",
            "spec/bad.md:20:1: entry 1.2 has no `请求头` subsection; every entry documents its 请求头",
            "spec/bad.md:22:3: unknown HTTP method `PATCH`; expected GET, POST, PUT or DELETE",
        ]
    );
}

#[test]
fn arbitrary_text_never_panics_and_every_diagnostic_points_into_it() {
    let texts = [
        "",
        "## 3.1",
        "| a |\n|---|\n|⇥⇥⇥|",
        "## 3\tx\n## 3.1\tt\n> GET\n### 请求体\n| x |",
        "\u{0}\u{feff}## ⇥",
        "# 1 a{#a}\n## 1.1 b{#b}\n> GET /x\n#### 请求头\n| 参数名称 |\n|-|\n|\\|\n",
        "# 1 a\n\n## 1.1 b\n\n> GET /x\n\n#### 响应体\n● x\n\n| 参数名称 | 类型 |\n|-|-|\n| data | array[ |\n",
        "# 1 a\n\n## 1.1 b\n\n> GET /x\r\n\r\n#### 请求头\r\n| 参数名称 | 类型 |\r\n|-|-|\r\n| a | string |\r\n",
    ];
    for text in texts {
        if let Err(diagnostics) = codegen::parse_document("spec/fuzz.md", text) {
            let lines = text.lines().count().max(1) as u32 + 1;
            for diagnostic in &diagnostics.0 {
                assert!(diagnostic.location.line >= 1 && diagnostic.location.line <= lines, "{text:?}: {diagnostic}");
                assert!(diagnostic.location.column >= 1, "{text:?}: {diagnostic}");
            }
        }
    }
}
