//! The resolved model: required inputs, corrections, aliases and the default verb, and the diagnostics of stale and
//! redundant corrections. The rules that hold for every revision of the document are checked on both documents in
//! `tests/tests/it/spec_invariants.rs`; facts of the vendored pages live in the snapshots.

use codegen::model::api::{Api, Occurrence, Paging, Part, Presence, ResponseShape, Ty, WireValue};
use codegen::model::doc::Document;
use codegen::model::doc::Method;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn read(file: &str) -> String {
    std::fs::read_to_string(root().join(file)).expect("spec file is readable")
}

const EXPORT_2022: &str = "codegen/tests/fixtures/2022-01/maxim-server-api.md";
const EXPORT_2022_CORRECTIONS: &str = "codegen/tests/fixtures/2022-01/overrides.toml";

fn document() -> Document {
    codegen::load_document(root(), codegen::DOCUMENT_DIR).expect("the document parses")
}

fn resolve_with(corrections: &str) -> Result<Api, Vec<String>> {
    codegen::resolve::resolve(&document(), codegen::CORRECTIONS_FILE, corrections)
        .map_err(|d| d.0.iter().map(ToString::to_string).collect())
}

fn api() -> Api {
    codegen::load_api(root()).unwrap_or_else(|d| panic!("the spec resolves:\n{d}"))
}

fn export_2022() -> Api {
    codegen::load_api_from(root(), EXPORT_2022, EXPORT_2022_CORRECTIONS)
        .unwrap_or_else(|d| panic!("the 2022 export resolves with its corrections:\n{d}"))
}

#[test]
fn the_default_verb_ignores_the_order_of_verb_lines() {
    // The vendor lists PUT or DELETE first today and POST first in 2022: swapping every pair of verb lines in the
    // pages must change neither the default verb of an operation nor any correction key.
    let root = root();
    let pages = codegen::parse::read_pages(root, codegen::DOCUMENT_DIR).expect("pages");
    let mut swapped = 0;
    let reordered: Vec<(String, String)> = pages
        .iter()
        .map(|(file, text)| {
            let mut lines: Vec<&str> = text.lines().collect();
            for i in 0..lines.len().saturating_sub(2) {
                if lines[i].starts_with("> ") && lines[i + 1].is_empty() && lines[i + 2].starts_with("> ") {
                    let is_verb = |line: &str| line.split_whitespace().nth(2).is_some_and(|p| p.starts_with('/'));
                    if is_verb(lines[i]) && is_verb(lines[i + 2]) {
                        lines.swap(i, i + 2);
                        swapped += 1;
                    }
                }
            }
            (file.clone(), lines.join("\n") + "\n")
        })
        .collect();
    assert!(swapped > 10, "{swapped} verb pairs swapped");
    let doc = codegen::parse_pages(&reordered).expect("the reordered pages parse");
    let corrections = read(codegen::CORRECTIONS_FILE);
    let reordered_api = codegen::resolve::resolve(&doc, codegen::CORRECTIONS_FILE, &corrections)
        .unwrap_or_else(|d| panic!("the reordered pages resolve with the same corrections:\n{d}"));
    let defaults = |api: &Api| -> Vec<String> {
        api.operations.iter().map(|op| format!("{} {} {}", op.entries[0].method, op.path, op.name)).collect()
    };
    let original = resolve_with(&corrections).expect("resolves");
    assert_eq!(defaults(&reordered_api), defaults(&original));
    // Everything but the verb lines' own locations is the same.
    let same = codegen::tools::render::api(&reordered_api) == codegen::tools::render::api(&original);
    assert!(same, "reordering the verb lines changed the resolved model");
    // The rule: the first of GET, POST, PUT, DELETE.
    for op in &reordered_api.operations {
        assert!(op.entries.windows(2).all(|pair| pair[0].method < pair[1].method), "{}", op.path);
    }
}

#[test]
fn corrections_supply_enums_secrets_and_special_bodies() {
    let api = api();
    let op = |path: &str| api.operations.iter().find(|op| op.path == path).unwrap_or_else(|| panic!("{path}"));
    let send = op("/message/send");
    let ty = |name: &str| send.body.iter().find(|i| i.wire_name == name).map(|i| i.ty.clone());
    assert_eq!(ty("content_type"), Some(Ty::Enum("ContentType".into())));
    assert_eq!(ty("config"), Some(Ty::JsonString));
    assert_eq!(send.response, ResponseShape::Envelope("SendResult".into()));
    let notify = op("/push/notify");
    assert_eq!(notify.body.iter().find(|i| i.wire_name == "audience").map(|i| i.ty.clone()), Some(Ty::Audience));
    assert_eq!(op("/file/download/chat").response, ResponseShape::Bytes);
    let login = op("/token/login");
    assert!(login.body.iter().any(|i| i.wire_name == "password" && i.ty == Ty::Secret));
    let apply = op("/roster/apply/batch");
    assert!(apply.bare_body);
    assert_eq!(apply.body[0].ty, Ty::List(Box::new(Ty::Struct("RosterApplyRequest".into()))));
    assert_eq!(apply.body[0].rust_name, "applications");
}

#[test]
fn corrections_keep_a_readable_argument_order() {
    // The document lists inputs alphabetically; these corrections keep the 2022 argument order.
    let api = api();
    let required = |path: &str| {
        let op = api.operations.iter().find(|op| op.path == path).unwrap_or_else(|| panic!("{path}"));
        op.required_inputs().map(|i| i.wire_name.clone()).collect::<Vec<_>>()
    };
    assert_eq!(required("/token/id"), ["user_id", "password"]);
    assert_eq!(required("/message/send"), ["targets", "type", "content_type", "content"]);
}

#[test]
fn resolved_model_snapshots() {
    insta::assert_snapshot!("resolved_model", codegen::tools::render::api(&api()));
    insta::assert_snapshot!("resolved_export_2022", codegen::tools::render::api(&export_2022()));
}

/// Appends `extra` to the real corrections and returns the diagnostics.
fn stale(extra: &str) -> Vec<String> {
    let text = format!("{}\n{extra}", read(codegen::CORRECTIONS_FILE));
    match resolve_with(&text) {
        Ok(_) => panic!("expected diagnostics for:\n{extra}"),
        Err(errors) => errors,
    }
}

fn last_line() -> usize {
    read(codegen::CORRECTIONS_FILE).lines().count() + 2
}

#[test]
fn stale_operation_key_is_located() {
    let line = last_line();
    assert_eq!(
        stale("[operations.\"GET /group/nope\"]\nrequired = [\"group_id\"]"),
        [format!(
            "spec/overrides.toml:{line}:13: operation `GET /group/nope` matches no entry of the document; expected `METHOD /path`"
        )]
    );
}

#[test]
fn correction_under_an_alias_verb_is_located() {
    let line = last_line();
    assert_eq!(
        stale("[operations.\"PUT /user/avatar\"]\nname = \"x\""),
        [format!(
            "spec/overrides.toml:{line}:13: `PUT /user/avatar` is not the default verb of its operation; correct it \
             under `POST /user/avatar` (the default verb is the first of GET, POST, PUT, DELETE the operation has)"
        )]
    );
}

#[test]
fn corrections_that_repeat_the_document_are_redundant() {
    let line = last_line();
    let errors = stale(
        "[operations.\"GET /group/admin_list\"]\nname = \"admin_list\"\nrequired = [\"group_id\"]\nquery = { group_id = \"i64\" }",
    );
    assert_eq!(
        errors,
        [
            format!("spec/overrides.toml:{}:8: name `admin_list` is what the path gives already; remove it", line + 1),
            format!(
                "spec/overrides.toml:{}:13: `required` of `GET /group/admin_list` repeats the document's 必填 column \
                 (group_id); remove it",
                line + 2
            ),
            format!(
                "spec/overrides.toml:{}:11: query or body type `group_id` repeats what the document says; remove it",
                line + 3
            ),
        ]
    );
}

#[test]
fn a_field_type_that_repeats_the_document_is_redundant() {
    let response =
        "| 参数名称 | 类型 | 描述 |\n| --- | --- | --- |\n| data | object | 结果 |\n|⇥ mode | int32 | 模式 |\n";
    let corrections = "[types.Thing]\nat = \"GET /user/x response.data\"\nfields = { mode = \"i64\" }\n";
    let errors = resolve_small(&small("", response), corrections).expect_err("redundant");
    assert_eq!(errors, ["small.toml:3:12: field type `mode` repeats what the document says; remove it"]);
}

#[test]
fn stale_field_and_input_corrections_are_located() {
    let line = last_line();
    let errors = stale("[operations.\"GET /user/online_status\"]\nquery = { gid = \"i64\" }\nrequired = [\"groupid\"]");
    assert_eq!(
        errors,
        [
            format!(
                "spec/overrides.toml:{}:11: `GET /user/online_status` has no query parameter `gid` in the document",
                line + 1
            ),
            format!(
                "spec/overrides.toml:{}:13: required input `groupid` is neither a query parameter nor a body field of `GET /user/online_status`",
                line + 2
            ),
        ]
    );
}

#[test]
fn stale_type_locator_and_unused_entries_are_located() {
    let line = last_line();
    let errors = stale(
        "[types.Ghost]\nat = \"GET /group/info response.data.owner\"\n[enums.Unused]\ndoc = \"x\"\nvalues = { A = 1 }",
    );
    assert_eq!(
        errors,
        [
            format!(
                "spec/overrides.toml:{}:6: locator `GET /group/info response.data.owner`: no field `owner` there in the document",
                line + 1
            ),
            format!(
                "spec/overrides.toml:{}:8: enum `Unused` matches nothing in the document; remove it or fix its name",
                line + 2
            ),
        ]
    );
}

#[test]
fn unknown_type_word_and_bad_toml_are_located() {
    let line = last_line();
    let errors = stale("[operations.\"GET /group/admin_list\"]\nquery = { group_id = \"u128\" }");
    assert_eq!(
        errors,
        [format!(
            "spec/overrides.toml:{}:22: unknown type `u128`; expected bool, i64, f64, string, secret, json_string, \
             json, audience, [T] (nested at most 32 deep), or an enum or type named in this file",
            line + 1
        )]
    );
    let broken = resolve_with("[operations.\"GET /group/info\"]\nnmae = \"x\"\n").expect_err("unknown key");
    assert_eq!(broken.len(), 1);
    assert!(broken[0].starts_with("spec/overrides.toml:2:1: unknown field `nmae`"), "{broken:#?}");
}

#[test]
fn names_that_cannot_be_rust_identifiers_are_located() {
    let line = last_line();
    let errors = stale("[enums.bad_name]\ndoc = \"x\"\nvalues = { \"1st\" = 1, Unknown = 2, Again = 1 }");
    assert_eq!(
        errors,
        [
            format!(
                "spec/overrides.toml:{line}:8: enum `bad_name` matches nothing in the document; remove it or fix its name"
            ),
            format!(
                "spec/overrides.toml:{line}:8: enum name `bad_name` is not UpperCamelCase (ASCII letters and digits)"
            ),
            format!(
                "spec/overrides.toml:{}:12: variant name `1st` is not UpperCamelCase (ASCII letters and digits)",
                line + 2
            ),
            format!(
                "spec/overrides.toml:{0}:23: `Unknown` at spec/overrides.toml:{0}:23 would become variant `Unknown` of \
                 `bad_name`, which is reserved: it keeps the values this SDK does not know; rename it in the corrections",
                line + 2
            ),
            format!(
                "spec/overrides.toml:{}:36: `Again` has the same value as `1st`; expected distinct values",
                line + 2
            ),
        ]
    );
}

// ---- Small documents: diagnostics that point into the document ----------------------------------------------------

/// A one-entry document in the current layout, with `rows` as its query table's rows and `response` as its response.
fn small(query_rows: &str, response: &str) -> String {
    format!(
        "# 1 用户操作{{#user}}\n\n## 1.1 标题{{#get__user_x}}\n\n> GET /user/x\n\n#### 请求头\n\
         | 参数名称 | 数据类型 | 必填 | 描述 |\n| --- | --- | --- | --- |\n| app_id | string | true | 应用ID |\n{query_rows}\n\
         #### 响应体\n● 200 响应数据格式：JSON\n\n{response}#### 接口描述\n> \n"
    )
}

const DATA_RESPONSE: &str =
    "| 参数名称 | 类型 | 描述 |\n| --- | --- | --- |\n| code | int32 | 返回码 |\n| data | boolean | 结果 |\n";

fn resolve_small(document: &str, corrections: &str) -> Result<Api, Vec<String>> {
    let doc = codegen::parse_document("small.md", document).unwrap_or_else(|d| panic!("parses:\n{d}"));
    codegen::resolve::resolve(&doc, "small.toml", corrections)
        .map_err(|d| d.0.iter().map(ToString::to_string).collect())
}

#[test]
fn untyped_query_parameter_is_reported_at_its_place_in_the_document() {
    let query = "\n#### 请求参数(Query Param)\n| 参数名称 | 描述 |\n| --- | --- |\n| limit | 最多多少条 |\n";
    let errors = resolve_small(&small(query, DATA_RESPONSE), "").expect_err("limit has no type");
    assert_eq!(
        errors,
        ["small.md:15:3: query parameter `limit` of `GET /user/x` has no type (the document gives none); add it to \
          [query_types] or [operations.\"GET /user/x\".query] in small.toml"]
    );
    let api = resolve_small(&small(query, DATA_RESPONSE), "[query_types]\nlimit = \"i64\"\n").expect("typed");
    assert_eq!(api.operations[0].query[0].ty, Ty::I64);
}

#[test]
fn entry_without_data_and_without_bytes_correction_is_reported() {
    let errors = resolve_small(&small("", ""), "").expect_err("no data");
    assert_eq!(
        errors,
        ["small.md:3:1: `GET /user/x` documents no `data` in its response; expected a `data` member, or `response = \
          \"bytes\"` for it in small.toml"]
    );
    let api = resolve_small(&small("", ""), "[operations.\"GET /user/x\"]\nresponse = \"bytes\"\n").expect("bytes");
    assert_eq!(api.operations[0].response, ResponseShape::Bytes);
}

#[test]
fn a_type_named_like_an_enum_is_reported_at_its_correction() {
    let response =
        "| 参数名称 | 类型 | 描述 |\n| --- | --- | --- |\n| data | object | 结果 |\n|⇥ mode | int32 | 模式 |\n";
    let corrections = "[enums.Mode]\ndoc = \"x\"\nvalues = { A = 1 }\n[types.Mode]\nat = \"GET /user/x response.data\"\n\
                       fields = { mode = \"Mode\" }\n";
    let errors = resolve_small(&small("", response), corrections).expect_err("two items named Mode");
    assert_eq!(
        errors,
        ["small.toml:4:8: `[enums.Mode]` at small.toml:1:8 and `[types.Mode]` at small.toml:4:8 both become type \
          `Mode`; rename one in the corrections"]
    );
}

#[test]
fn a_header_the_client_does_not_send_is_reported() {
    let document =
        small("", DATA_RESPONSE).replace("| app_id | string | true | 应用ID |", "| x-trace | string | true | 追踪 |");
    let errors = resolve_small(&document, "").expect_err("unknown header");
    assert_eq!(
        errors,
        [
            "small.md:10:3: header `x-trace` of `GET /user/x` is not one the client sends (app_id, access-token, user_id, \
          group_id); the SDK could not call it correctly"
        ]
    );
}

#[test]
fn required_arguments_come_from_the_documents_required_column() {
    let query = "\n#### 请求参数(Query Param)\n| 参数名称 | 数据类型 | 必填 | 描述 |\n| --- | --- | --- | --- |\n\
                 | limit | int32 | false | 条数 |\n| zone | string | true | 区 |\n| after | int64 | true | 起点 |\n";
    let document = small(query, DATA_RESPONSE);
    let arguments = |api: &Api| api.operations[0].required_inputs().map(|i| i.wire_name.clone()).collect::<Vec<_>>();
    // The document's order, whatever it is.
    assert_eq!(arguments(&resolve_small(&document, "").expect("resolves")), ["zone", "after"]);
    // A correction replaces the list.
    let corrected = "[operations.\"GET /user/x\"]\nrequired = [\"after\", \"limit\"]\n";
    assert_eq!(arguments(&resolve_small(&document, corrected).expect("resolves")), ["after", "limit"]);
}

#[test]
fn english_pages_are_joined_and_their_disagreements_noted() {
    let response =
        "| 参数名称 | 类型 | 描述 |\n| --- | --- | --- |\n| data | object | 结果 |\n|⇥ mode | int32 | 模式 |\n";
    let chinese = codegen::parse_document("zh.md", &small("", response)).expect("parses");
    let translate = |text: String| {
        text.replace("标题", "Title")
            .replace("| 结果 |", "| Result |")
            .replace("| 模式 |", "| Mode |")
            .replace("| 应用ID |", "| App ID |")
    };
    let corrections = "[types.Thing]\nat = \"GET /user/x response.data\"\n";
    let resolve = |english: &str| {
        let english = codegen::parse_document("en.md", english).expect("parses");
        codegen::resolve::resolve_bilingual(&chinese, Some(&english), "small.toml", corrections).expect("resolves")
    };
    let notes = |api: &Api| api.notes.0.iter().map(ToString::to_string).collect::<Vec<_>>();
    let api = resolve(&translate(small("", response)));
    assert_eq!(notes(&api), Vec::<String>::new());
    let op = &api.operations[0];
    assert_eq!((op.title.as_str(), op.title_en.as_deref()), ("标题", Some("Title")));
    let thing = &api.types[0];
    assert_eq!((thing.fields[0].doc.as_str(), thing.fields[0].doc_en.as_deref()), ("模式", Some("Mode")));
    // The corrections name the type but give no doc: the text of the field holding it (`data`) is used.
    assert_eq!((thing.doc.as_str(), thing.doc_en.as_deref()), ("结果", Some("Result")));

    // Disagreements are notes, not errors (the translation lags behind); the English text is then not used.
    let retyped = resolve(&translate(small("", response)).replace("|⇥ mode | int32 |", "|⇥ mode | string |"));
    assert_eq!(
        notes(&retyped),
        [
            "en.md:18:4: English field `mode` of 1.1 /user/x has type string, the Chinese reference int32 (at zh.md:18:4)"
        ]
    );
    assert_eq!(retyped.types[0].fields[0].doc_en, None);
    let extra = translate(small("", response))
        .replace("|⇥ mode | int32 | Mode |", "|⇥ mode | int32 | Mode |\n|⇥ extra | int32 | More |");
    assert_eq!(
        notes(&resolve(&extra)),
        ["en.md:19:4: English field `extra` of 1.1 /user/x is not in the Chinese pages"]
    );
    let other =
        translate(small("", response)).replace("GET /user/x", "GET /user/y").replace("get__user_x", "get__user_y");
    let other = resolve(&other);
    assert_eq!(
        notes(&other),
        ["en.md:3:1: English entry 1.1 `Title` (GET /user/y) has no counterpart in the Chinese pages; the Chinese \
          pages are the reference"]
    );
    assert_eq!(other.operations[0].title_en, None);
}

#[test]
fn renames_and_module_names_must_match_something_and_change_it() {
    let query = "\n#### 请求参数(Query Param)\n| 参数名称 | 数据类型 | 必填 | 描述 |\n| --- | --- | --- | --- |\n\
                 | limit | int32 | false | 条数 |\n";
    let document = small(query, DATA_RESPONSE);
    let renamed = "[modules]\nuser = \"users\"\n[operations.\"GET /user/x\"]\nrename = { limit = \"max\" }\n";
    let api = resolve_small(&document, renamed).expect("renames resolve");
    assert_eq!((api.sections[0].module.as_str(), api.operations[0].query[0].rust_name.as_str()), ("users", "max"));
    let stale = "[modules]\nuser = \"user\"\nghost = \"x\"\n[operations.\"GET /user/x\"]\n\
                 rename = { limit = \"limit\", nope = \"y\" }\n";
    assert_eq!(
        resolve_small(&document, stale).expect_err("stale and redundant"),
        [
            "small.toml:2:1: module `user` repeats what the document says; remove it",
            "small.toml:3:1: module `ghost` matches nothing in the document; remove it or fix its name",
            "small.toml:5:12: input rename `limit` repeats what the document says; remove it",
            "small.toml:5:29: input rename `nope` matches nothing in the document; remove it or fix its name",
        ]
    );
}

#[test]
fn always_sent_fields_are_plain_and_must_match_a_field() {
    let response = "| 参数名称 | 类型 | 描述 |\n| --- | --- | --- |\n| data | object | 结果 |\n|⇥ id | int64 | 编号 |\n|⇥ mode | int32 | 模式 |\n";
    let corrections =
        "[types.Thing]\nat = \"GET /user/x response.data\"\nalways_sent = { id = \"every thing has one\" }\n";
    let api = resolve_small(&small("", response), corrections).expect("resolves");
    let presence: Vec<_> = api.types[0].fields.iter().map(|f| (f.wire_name.as_str(), f.presence.clone())).collect();
    assert_eq!(presence, [("id", Presence::AlwaysSent("every thing has one".into())), ("mode", Presence::Optional)]);
    assert_eq!(api.types[0].new_arguments, [0]);
    let stale = "[types.Thing]\nat = \"GET /user/x response.data\"\nalways_sent = { ghost = \"gone\" }\n";
    assert_eq!(
        resolve_small(&small("", response), stale).expect_err("stale"),
        ["small.toml:3:17: type `Thing` has no always-sent field `ghost` in the document"]
    );
}

#[test]
fn input_docs_replace_the_description_and_must_change_it() {
    let query = "\n#### 请求参数(Query Param)\n| 参数名称 | 数据类型 | 必填 | 描述 |\n| --- | --- | --- | --- |\n\
                 | limit | int32 | false | 条数 |\n";
    let document = small(query, DATA_RESPONSE);
    let api = resolve_small(&document, "[input_docs]\nlimit = \"How many.\"\n").expect("resolves");
    assert_eq!(api.operations[0].query[0].doc, "How many.");
    assert_eq!(
        resolve_small(&document, "[input_docs]\nlimit = \"条数\"\nghost = \"x\"\n").expect_err("redundant and stale"),
        [
            "small.toml:2:1: input description `limit` repeats what the document says; remove it",
            "small.toml:3:1: input description `ghost` matches nothing in the document; remove it or fix its name",
        ]
    );
}

// ---- Rule 7: value lists in descriptions --------------------------------------------------------------------------

/// The small document with a query parameter `mode` (int32) and a response field `state` (string), described so.
fn listed(mode: &str, state: &str) -> String {
    let query = format!(
        "\n#### 请求参数(Query Param)\n| 参数名称 | 数据类型 | 必填 | 描述 |\n| --- | --- | --- | --- |\n\
         | mode | int32 | false | {mode} |\n"
    );
    let response = format!(
        "| 参数名称 | 类型 | 描述 |\n| --- | --- | --- |\n| data | object | 结果 |\n|⇥ state | string | {state} |\n"
    );
    small(&query, &response)
}

const MODE_ENUM: &str = "[enums.Mode]\ndoc = \"x\"\nvalues = { Open = 0, Closed = 1, Archived = 2 }\n";
const STATE_TYPE: &str = "[types.Thing]\nat = \"GET /user/x response.data\"\nfields = { state = \"State\" }\n[enums.State]\ndoc = \"x\"\n\
     values = { Ok = \"ok\", Failed = \"failed\" }\n";

#[test]
fn a_value_list_without_an_enum_is_reported_where_the_document_states_it() {
    let document = listed("模式： 0 - 开放，1 - 关闭", "结果： ok - 成功, failed - 失败");
    let errors = resolve_small(&document, "").expect_err("two lists without enums");
    assert_eq!(
        errors,
        [
            "small.md:15:3: query parameter `mode` of `GET /user/x` lists the values 0 (开放), 1 (关闭) in its \
             description; give it an enum in small.toml (the type's `fields` or the operation's `query`/`body`), or \
             list `mode` in [not_enums] with the reason it stays plain",
            "small.md:23:4: field `state` of `XData` lists the values `ok` (成功), `failed` (失败) in its \
             description; give it an enum in small.toml (the type's `fields` or the operation's `query`/`body`), or \
             list `state` in [not_enums] with the reason it stays plain",
        ]
    );
    let corrections = format!("{MODE_ENUM}{STATE_TYPE}[query_types]\nmode = \"Mode\"\n");
    let api = resolve_small(&document, &corrections).expect("both are enums");
    assert_eq!(api.types[0].fields[0].ty, Ty::Enum("State".into()));
}

#[test]
fn an_enum_must_hold_every_listed_value_and_a_narrower_list_is_kept() {
    let corrections = format!("{MODE_ENUM}{STATE_TYPE}[query_types]\nmode = \"Mode\"\n");
    let missing = listed("模式： 0 - 开放，3 - 删除", "结果： ok - 成功, failed - 失败, gone - 没了");
    assert_eq!(
        resolve_small(&missing, &corrections).expect_err("values the enums lack"),
        [
            "small.md:15:3: query parameter `mode` of `GET /user/x` lists the value 3 (删除), which enum `Mode` does \
             not have; add it to the enum in small.toml",
            "small.md:23:4: field `state` of `Thing` lists the value `gone` (没了), which enum `State` does not have; \
             add it to the enum in small.toml",
        ]
    );
    // The operation documents two of the enum's three values: the model keeps which, for its docs.
    let api = resolve_small(&listed("模式 0表示开放, 2表示归档", "结果： ok - 成功, failed - 失败"), &corrections)
        .expect("resolves");
    assert_eq!(api.operations[0].query[0].documented_values, [WireValue::Int(0), WireValue::Int(2)]);
    let all = resolve_small(&listed("0:开放 1:关闭 2:归档", "结果"), &corrections).expect("resolves");
    assert_eq!(all.operations[0].query[0].documented_values, []);
}

#[test]
fn not_enums_keeps_a_number_plain_and_must_match_something() {
    let document = listed("起点：传0表示最新的一条", "结果");
    let corrections = "[not_enums]\nmode = \"a position; 0 is the latest\"\n";
    let api = resolve_small(&document, corrections).expect("plain by correction");
    assert_eq!(api.operations[0].query[0].ty, Ty::I64);
    let stale = "[not_enums]\nmode = \"a position; 0 is the latest\"\nghost = \"x\"\n";
    assert_eq!(
        resolve_small(&document, stale).expect_err("ghost matches nothing"),
        ["small.toml:3:1: not-enum `ghost` matches nothing in the document; remove it or fix its name"]
    );
}

#[test]
fn a_list_that_cannot_be_read_is_reported() {
    let document = listed("期限（秒）， 为0或小于当前时间表示不限, -1表示永久", "结果");
    let errors = resolve_small(&document, "").expect_err("unreadable");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(
            "small.md:15:3: query parameter `mode` of `GET /user/x` seems to list values in its description, but \
             cannot be read (`期限（秒）， 为0或小于当前时间表示不限,` names a value outside the list)"
        ),
        "{errors:?}"
    );
}

#[test]
fn paging_carries_its_page_and_item_types_or_is_refused_at_its_correction() {
    let query = "\n#### 请求参数(Query Param)\n| 参数名称 | 数据类型 | 必填 | 描述 |\n| --- | --- | --- | --- |\n\
                 | cursor | string | false | 游标 |\n";
    let response = "| 参数名称 | 类型 | 描述 |\n| --- | --- | --- |\n| code | int32 | 返回码 |\n\
                    | data | array[object] | 结果 |\n| ⇥ id | int64 | ID |\n| cursor | string | 游标 |\n";
    let paged = "[operations.\"GET /user/x\"]\npaging = \"cursor\"\n";
    let api = resolve_small(&small(query, response), paged).expect("paged by cursor");
    let page = match &api.operations[0].response {
        ResponseShape::Envelope(page) => page.clone(),
        other => panic!("expected an envelope, got {other:?}"),
    };
    let item = api.types.iter().find(|t| t.name != page).expect("the item type");
    // Occurrences are typed, and shown as the corrections' locators write them.
    let at_data = Occurrence::new(Method::Get, "/user/x", Part::Response).child("data");
    assert_eq!(item.occurrences, std::slice::from_ref(&at_data));
    assert_eq!(at_data.to_string(), "GET /user/x response.data");
    assert_eq!(
        at_data.parent().map(|(parent, name)| (parent.to_string(), name.to_owned())),
        Some(("GET /user/x response".to_owned(), "data".to_owned()))
    );
    assert!(!item.sent);
    let item = item.name.clone();
    assert_eq!(api.operations[0].paging, Some(Paging::Cursor { page, data: Ty::List(Box::new(Ty::Struct(item))) }));
    // A file download has no page to read a cursor from: refused, not left without `pages`.
    let errors = resolve_small(&small(query, response), &format!("{paged}response = \"bytes\"\n"))
        .expect_err("a download cannot page");
    assert_eq!(
        errors,
        [
            "small.toml:2:10: `GET /user/x` cannot page by `cursor`: it needs a response envelope with a string `cursor` \
          and a `data`, each named in Rust as on the wire"
        ]
    );
}
