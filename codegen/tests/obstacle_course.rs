//! The emitter on hostile models (smithy-rs's "naming obstacle course"): every reproducer of issue 11 that lives in
//! emit, as a regression test.
//!
//! [`obstacle_course`] is a model whose names went through [`codegen::names`] the way resolve names a document:
//! keywords, `_1`, types named `Option`/`String`/`Vec`, an enum value of `i64::MIN`, 32 nested lists, vendor prose
//! with a Rust code block, HTML and control characters. Its emitted code is checked in under
//! `maxim-api/src/naming_obstacle_course/`, where `cargo test -p maxim-api` compiles it (and doctests its docs);
//! [`obstacle_course_is_fresh`] keeps that copy in step with the emitter
//! (`UPDATE_OBSTACLE_COURSE=1 cargo test -p codegen --test obstacle_course` rewrites it).

use codegen::Location;
use codegen::api::{
    Api, ApiSection, Entry, EnumDef, Input, Member, Operation, Paging, ResponseShape, Ty, TypeDef, Variant, WireValue,
};
use codegen::doc::Method;
use codegen::emit::{GeneratedFile, emit};
use codegen::names::Name;
use codegen::typeword::{MAX_DEPTH, list_of};
use std::path::{Path, PathBuf};

/// A fenced Rust block in vendor prose: if it ever became a doctest, `cargo test` would fail.
const RUST_FENCE: &str = "示例：\n```rust\npanic!(\"vendor text ran as a doctest\");\n```\n";
/// HTML, brackets that look like intra-doc links, and control characters.
const HOSTILE_TITLE: &str = "<img src=x onerror=alert(1)> [Client] \r\0\u{2028}\u{202e}";

fn snake(wire: &str) -> String {
    Name::snake_case(wire).expect("a name").rust
}

fn camel(wire: &str) -> String {
    Name::upper_camel_case(wire).expect("a name").rust
}

fn input(wire: &str, ty: Ty, required: Option<usize>, doc: &str) -> Input {
    Input {
        wire_name: wire.into(),
        rust_name: snake(wire),
        ty,
        documented_required: required.is_some(),
        required,
        doc: doc.into(),
        doc_en: None,
    }
}

fn member(wire: &str, ty: Ty, doc: &str) -> Member {
    Member { wire_name: wire.into(), rust_name: snake(wire), ty, doc: doc.into(), doc_en: None }
}

fn entry(number: &str, method: Method) -> Entry {
    Entry { number: number.into(), anchor: None, method, location: Location::start_of("obstacle.md") }
}

fn operation(section: u32, wire_name: &str, path: &str, response: ResponseShape) -> Operation {
    Operation {
        name: snake(wire_name),
        section,
        title: HOSTILE_TITLE.into(),
        title_en: None,
        description: String::new(),
        description_en: None,
        summary: None,
        example: None,
        path: path.into(),
        entries: vec![entry(&format!("{section}.1"), Method::Get)],
        headers: vec!["access-token".into()],
        query: Vec::new(),
        body: Vec::new(),
        bare_body: false,
        response,
        paging: None,
        dedup_key: None,
    }
}

fn section(number: u32, title: &str, module: &str) -> ApiSection {
    let module = Name::module(module).expect("a name").rust;
    ApiSection { number, title: title.into(), anchor: None, title_en: None, module }
}

fn named(name: &str) -> Ty {
    Ty::Struct(camel(name))
}

fn type_def(name: &str, fields: Vec<Member>) -> TypeDef {
    TypeDef {
        name: camel(name),
        doc: RUST_FENCE.into(),
        doc_en: None,
        fields,
        occurrences: vec!["GET /self/gen`<b>` response".into()],
    }
}

/// The hostile model; every name comes from the naming rule.
fn obstacle_course() -> Api {
    let mut self_op = operation(3, "self", "/self/gen", ResponseShape::Data(named("Option")));
    self_op.description = RUST_FENCE.into();
    self_op.query = vec![
        input("_1", Ty::I64, None, "a leading digit after case conversion"),
        input("self", Ty::Bool, None, HOSTILE_TITLE),
        input("type", Ty::List(Box::new(Ty::String)), None, ""),
    ];
    self_op.body = vec![
        input("user-id", Ty::I64, None, RUST_FENCE),
        input("gen", Ty::String, Some(0), "edition 2024's keyword"),
        input("crate", Ty::Enum(camel("From")), Some(1), ""),
        input("super", named("Send"), None, "<script>alert(1)</script>"),
    ];
    let mut cursor_op = operation(3, "type", "/self/type", ResponseShape::Envelope(camel("Box")));
    cursor_op.entries.extend([entry("3.2", Method::Post), entry("3.3", Method::Delete)]);
    cursor_op.query =
        vec![input("cursor", Ty::String, None, "the page to fetch"), input("limit", Ty::I64, Some(0), "")];
    cursor_op.paging = Some(Paging::Cursor);
    let mut history_op = operation(3, "_1", "/self/1", ResponseShape::Data(named("Option")));
    history_op.query = vec![input("msg_id_start", Ty::I64, None, "")];
    history_op.paging = Some(Paging::MessageId);
    let download = operation(3, "super", "/self/super", ResponseShape::Bytes);
    let list = operation(3, "gen", "/self/list", ResponseShape::Data(Ty::List(Box::new(named("Send")))));
    let deep = operation(4, "crate", "/gen/crate", ResponseShape::Data(list_of(Ty::Bool, MAX_DEPTH)));

    let types = vec![
        type_def(
            "Box",
            vec![
                member("cursor", Ty::String, ""),
                member("data", Ty::List(Box::new(named("Send"))), ""),
                member("total", Ty::I64, ""),
            ],
        ),
        type_def("Default", Vec::new()),
        type_def(
            "Option",
            vec![
                member("self", Ty::String, HOSTILE_TITLE),
                member("super", Ty::I64, ""),
                member("crate", Ty::Bool, ""),
                member("_1", Ty::F64, ""),
                member("type", Ty::Json, ""),
                member("gen", Ty::JsonString, ""),
                member("async", Ty::Audience, ""),
                member("user-id", Ty::I64, "a renamed field"),
                member("is_last", Ty::Bool, ""),
                member("next_msg_id", Ty::I64, ""),
                member("messages", Ty::List(Box::new(named("String"))), ""),
                member("deep", list_of(Ty::I64, MAX_DEPTH), "lists nested to the limit"),
            ],
        ),
        type_def(
            "Send",
            vec![
                member("id", Ty::I64, ""),
                member("kind", Ty::Enum(camel("Vec")), ""),
                member("label", Ty::Enum(camel("From")), ""),
                member("secret", Ty::Secret, ""),
            ],
        ),
        type_def("String", vec![member("value", Ty::String, RUST_FENCE)]),
    ];
    let int = |wire: &str, value: i64| Variant { rust_name: camel(wire), value: WireValue::Int(value) };
    let text = |wire: &str, value: &str| Variant { rust_name: camel(wire), value: WireValue::Str(value.into()) };
    let enums = vec![
        EnumDef {
            name: camel("From"),
            doc: RUST_FENCE.into(),
            variants: vec![
                text("Self", "self"),
                text("quote", "a\"b\\c`d"),
                text("bidi", "x\u{202e}y"),
                text("line", "line\nbreak"),
            ],
        },
        EnumDef {
            name: camel("Vec"),
            doc: HOSTILE_TITLE.into(),
            variants: vec![
                int("min", i64::MIN),
                int("crate", -1),
                int("_1", 0),
                int("HTTPError", 500),
                int("max", i64::MAX),
            ],
        },
    ];
    Api {
        base_url: "http://s-1-3-api.maximtop.cn`<b>`".into(),
        version: "v1.0\r".into(),
        sections: vec![section(3, HOSTILE_TITLE, "self"), section(4, RUST_FENCE, "gen")],
        operations: vec![self_op, cursor_op, history_op, download, list, deep],
        types,
        enums,
        notes: codegen::Diagnostics::default(),
    }
}

fn obstacle_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../maxim-api/src/naming_obstacle_course")
}

/// The header of the checked-in copy, in place of the generator's.
const HEADER: &str = "// @generated by `UPDATE_OBSTACLE_COURSE=1 cargo test -p codegen --test obstacle_course` \
                      from the model in codegen/tests/obstacle_course.rs; do not edit.\n";

fn emitted() -> Vec<GeneratedFile> {
    let mut files = emit(&obstacle_course()).expect("the obstacle course is a valid model");
    for file in &mut files {
        file.contents = file.contents.replacen(codegen::emit::HEADER, HEADER, 1);
    }
    files
}

fn file<'a>(files: &'a [GeneratedFile], name: &str) -> &'a str {
    &files.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("{name} is emitted")).contents
}

#[test]
fn obstacle_course_is_fresh() {
    let files = emitted();
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["mod.rs", "types.rs", "enums.rs", "mock_examples.rs", "self_.rs", "gen_.rs"]);
    let dir = obstacle_dir();
    if std::env::var_os("UPDATE_OBSTACLE_COURSE").is_some() {
        std::fs::create_dir_all(&dir).expect("mkdir");
        for file in &files {
            std::fs::write(dir.join(&file.name), &file.contents).expect("write");
        }
    }
    for file in &files {
        let current = std::fs::read_to_string(dir.join(&file.name)).unwrap_or_default();
        assert!(
            current == file.contents,
            "maxim-api/src/naming_obstacle_course/{} is stale; run \
             `UPDATE_OBSTACLE_COURSE=1 cargo test -p codegen --test obstacle_course` and read the diff",
            file.name
        );
    }
}

#[test]
fn keywords_become_suffixed_or_raw_identifiers_without_panicking() {
    let files = emitted();
    let types = file(&files, "types.rs");
    for expected in [
        "pub self_: ::std::option::Option<::std::string::String>",
        "pub super_: ::std::option::Option<i64>",
        "pub crate_: ::std::option::Option<bool>",
        "pub _1: ::std::option::Option<f64>",
        "pub r#type: ::std::option::Option<::serde_json::Value>",
        "pub r#gen: ::std::option::Option<crate::JsonString>",
        "pub r#async: ::std::option::Option<crate::Audience>",
    ] {
        assert!(types.contains(expected), "types.rs lacks `{expected}`");
    }
    // serde gets the wire name back wherever the identifier differs from it (and not for `r#type`).
    for wire in ["self", "super", "crate", "user-id"] {
        assert!(types.contains(&format!("#[serde(rename = \"{wire}\")]")), "no rename for `{wire}`");
    }
    assert!(!types.contains("rename = \"type\""));
    let section = file(&files, "self_.rs");
    for expected in ["pub fn self_(", "pub fn r#type(", "pub fn _1(", "pub fn super_(", "pub fn r#gen(", "r#gen: impl"]
    {
        assert!(section.contains(expected), "self_.rs lacks `{expected}`");
    }
    for builder in
        ["pub struct SelfRequest", "pub struct TypeRequest", "pub struct _1Request", "pub struct SuperRequest"]
    {
        assert!(section.contains(builder), "self_.rs lacks `{builder}`");
    }
    assert!(file(&files, "mod.rs").contains("pub mod self_;"));
}

#[test]
fn names_the_rule_did_not_make_still_emit_valid_identifiers() {
    // The issue's panic: today's resolve passes `self`, `Self`, `super`, `crate`, `_` and `_1` through unchanged.
    let mut api = obstacle_course();
    *option_fields(&mut api) = ["self", "Self", "super", "crate", "_", "_1"]
        .iter()
        .map(|wire| Member {
            wire_name: (*wire).into(),
            rust_name: (*wire).into(),
            ty: Ty::I64,
            doc: String::new(),
            doc_en: None,
        })
        .collect();
    let files = emit(&api).expect("emits");
    let types = file(&files, "types.rs");
    for expected in ["pub self_:", "pub Self_:", "pub super_:", "pub crate_:", "pub __:", "pub _1:"] {
        assert!(types.contains(expected), "types.rs lacks `{expected}`");
    }
    for wire in ["self", "Self", "super", "crate", "_"] {
        assert!(types.contains(&format!("#[serde(rename = \"{wire}\")]")), "no rename for `{wire}`");
    }
    assert!(!types.contains("rename = \"_1\""));
}

#[test]
fn operations_types_enums_variants_and_sections_named_like_keywords_emit_without_panicking() {
    let mut api = obstacle_course();
    api.sections[0].module = "self".into();
    api.operations[0].name = "Self".into();
    api.operations[1].name = "_".into();
    api.types.iter_mut().find(|t| t.name == "Default").expect("type Default").name = "Self".into();
    api.enums[0].variants[0].rust_name = "self".into();
    api.enums[1].variants[2].rust_name = "_1".into();
    let files = emit(&api).expect("emits");
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["mod.rs", "types.rs", "enums.rs", "mock_examples.rs", "self_.rs", "gen_.rs"]);
    assert!(file(&files, "mod.rs").contains("pub fn self_(&self) -> self_::SelfApi<'_>"));
    let section = file(&files, "self_.rs");
    assert!(section.contains("pub fn Self_(") && section.contains("pub struct SelfRequest"));
    assert!(section.contains("pub fn __(") && section.contains("pub struct Request<'a>"));
    assert!(file(&files, "types.rs").contains("pub struct Self_ {"));
    let enums = file(&files, "enums.rs");
    assert!(enums.contains("    self_,") && enums.contains("    _1,"));
}

#[test]
fn lists_nested_past_the_limit_are_refused_not_a_stack_overflow() {
    // The issue's reproducer: `array[` nested 200 deep overflowed the stack in emit (syn::parse2).
    let too_deep = refused(|api| {
        option_fields(api).push(member("deeper", list_of(Ty::I64, 200), ""));
        api.operations[4].response = ResponseShape::Data(list_of(Ty::Bool, MAX_DEPTH + 1));
    });
    assert_eq!(
        too_deep,
        "field `deeper` of `Option` nests lists 200 deep; at most 32 are allowed\n\
         the response of `GET /self/list` nests lists 33 deep; at most 32 are allowed"
    );
}

fn option_fields(api: &mut Api) -> &mut Vec<Member> {
    &mut api.types.iter_mut().find(|t| t.name == "Option").expect("type Option").fields
}

#[test]
fn the_smallest_enum_value_is_emitted_without_overflow() {
    let enums = file(&emitted(), "enums.rs").to_owned();
    assert!(enums.contains("Self::Min => -9223372036854775808,"), "{enums}");
    assert!(enums.contains("-9223372036854775808 => Self::Min,"));
    assert!(enums.contains("9223372036854775807 => Self::Max,"));
    assert!(enums.contains("-1 => Self::Crate,"));
}

#[test]
fn types_named_like_the_prelude_cannot_shadow_it() {
    let files = emitted();
    let types = file(&files, "types.rs");
    for declared in ["pub struct Option {", "pub struct String {", "pub struct Box {", "pub struct Send {"] {
        assert!(types.contains(declared), "types.rs lacks `{declared}`");
    }
    // Every path the generated code writes is absolute (`::std::…`, `crate::…`, `super::…`), or names something
    // the same file declares, or a local: parse every file and look at the first segment of every path.
    for file in &files {
        let syntax = syn::parse_file(&file.contents).unwrap_or_else(|e| panic!("{} parses: {e}", file.name));
        let mut declared = Declared::default();
        syn::visit::visit_file(&mut declared, &syntax);
        let mut paths = RelativePaths { declared: declared.0, found: Vec::new() };
        syn::visit::visit_file(&mut paths, &syntax);
        assert_eq!(paths.found, Vec::<String>::new(), "relative paths in {}", file.name);
        assert!(!file.contents.contains("\"Option::"), "a serde attribute names `Option` relatively");
    }
}

/// The structs, enums and modules a file declares (at any depth).
#[derive(Default)]
struct Declared(Vec<String>);

impl<'ast> syn::visit::Visit<'ast> for Declared {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        match item {
            syn::Item::Struct(s) => self.0.push(s.ident.to_string()),
            syn::Item::Enum(e) => self.0.push(e.ident.to_string()),
            syn::Item::Mod(m) => self.0.push(m.ident.to_string()),
            _ => {}
        }
        syn::visit::visit_item(self, item);
    }
}

/// Paths whose first segment a generated item could shadow.
struct RelativePaths {
    declared: Vec<String>,
    found: Vec<String>,
}

impl<'ast> syn::visit::Visit<'ast> for RelativePaths {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        let first = path.segments.first().map(|s| s.ident.to_string()).unwrap_or_default();
        // `Some`, `None` and `Ok` live in the value namespace, where generated types (structs with named fields,
        // enums) put nothing; one lower-case segment is a local, a field or an attribute (`serde`, `doc`).
        let fixed = ["crate", "super", "Self", "self", "i64", "f64", "bool", "str", "Some", "None", "Ok"];
        let local = path.segments.len() == 1 && first.starts_with(|c: char| c.is_lowercase() || c == '_');
        if path.leading_colon.is_none() && !local && !fixed.contains(&first.as_str()) && !self.declared.contains(&first)
        {
            self.found.push(quote::ToTokens::to_token_stream(path).to_string());
        }
        syn::visit::visit_path(self, path);
    }
}

/// What emit says of the obstacle course after `edit`.
fn refused(edit: impl FnOnce(&mut Api)) -> String {
    let mut api = obstacle_course();
    edit(&mut api);
    emit(&api).expect_err("refused")
}

#[test]
fn clashing_names_are_refused_naming_both() {
    assert_eq!(
        refused(|api| option_fields(api).push(member("userId", Ty::I64, ""))),
        "`user-id` at type `Option` and `userId` at type `Option` both become field `user_id` of `Option`; rename \
         one in the corrections"
    );
    assert_eq!(
        refused(|api| api.enums[1]
            .variants
            .push(Variant { rust_name: camel("HttpError"), value: WireValue::Int(501) })),
        "`HttpError` at enum `Vec` and `HttpError` at enum `Vec` both become variant `HttpError` of `Vec`; rename one \
         in the corrections"
    );
    assert_eq!(
        refused(|api| api.enums[1].variants.push(Variant { rust_name: camel("UNKNOWN"), value: WireValue::Int(502) })),
        "`Unknown` at enum `Vec` would become variant `Unknown` of `Vec`, which is reserved: it keeps the values this \
         SDK does not know; rename it in the corrections"
    );
    assert_eq!(
        refused(|api| api.operations[0].name = snake("new")),
        "`new` at `GET /self/gen` would become operation `new` of section `self_`, which is reserved: the handle's \
         constructor; rename it in the corrections"
    );
    assert_eq!(
        refused(|api| api.operations[1].query[0].rust_name = "send".into()),
        "`cursor` at `GET /self/type` would become input `send` of `r#type`, which is reserved: the builder's `send`; \
         rename it in the corrections"
    );
}

#[test]
fn section_modules_named_like_the_generators_files_are_refused() {
    assert_eq!(
        refused(|api| api.sections[1].module = "types".into()),
        "`types` at section 4 would become module `types`, which is reserved: the generator writes `types.rs`; \
         rename it in the corrections"
    );
    assert_eq!(
        refused(|api| api.sections[1].module = "mod".into()),
        "`mod` at section 4 would become module `r#mod`, which is reserved: the generator writes `mod.rs`; rename \
         it in the corrections"
    );
    assert_eq!(
        refused(|api| api.sections[0].module = "enums".into()),
        "`enums` at section 3 would become module `enums`, which is reserved: the generator writes `enums.rs`; \
         rename it in the corrections"
    );
}

/// Every doc attribute of every emitted file, joined per item.
fn docs(files: &[GeneratedFile]) -> Vec<String> {
    #[derive(Default)]
    struct Docs(Vec<String>);
    impl<'ast> syn::visit::Visit<'ast> for Docs {
        fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
            if let syn::Meta::NameValue(meta) = &attr.meta
                && meta.path.is_ident("doc")
                && let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }) = &meta.value
            {
                self.0.push(text.value());
            }
        }
    }
    let mut docs = Docs::default();
    for file in files {
        let syntax = syn::parse_file(&file.contents).expect("parses");
        // Inner docs (`//!`) are file attributes; outer ones belong to items.
        syn::visit::visit_file(&mut docs, &syntax);
    }
    docs.0
}

#[test]
fn vendor_prose_reaches_rustdoc_only_as_text() {
    let files = emitted();
    let all = docs(&files).join("\n");
    assert!(all.contains(" ```text\n panic!(\"vendor text ran as a doctest\");\n ```"), "the code is shown as text");
    let mut code_blocks = Vec::new();
    for event in pulldown_cmark::Parser::new_ext(&all, codegen::emit::docs::rustdoc_options()) {
        match event {
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::CodeBlock(kind)) => code_blocks.push(match kind {
                pulldown_cmark::CodeBlockKind::Fenced(lang) => lang.to_string(),
                pulldown_cmark::CodeBlockKind::Indented => "indented".to_owned(),
            }),
            pulldown_cmark::Event::Html(html) | pulldown_cmark::Event::InlineHtml(html) => {
                panic!("HTML reaches rustdoc: {html:?}")
            }
            _ => {}
        }
    }
    assert!(!code_blocks.is_empty());
    assert!(code_blocks.iter().all(|lang| lang == "text"), "{code_blocks:?}");
    assert!(all.contains("&lt;img src=x onerror=alert(1)&gt; \\[Client\\]"), "HTML and brackets escaped");
    assert!(!all.contains(['\r', '\0', '\u{2028}', '\u{202e}']), "control characters normalised");
    for file in &files {
        assert!(!file.contents.contains('\r'), "{} holds a carriage return", file.name);
    }
}
