//! The documents parse into the expected models. The vendored pages (spec/zh-hans/) are pinned by snapshots, so a
//! vendor update shows up as a reviewable diff rather than as broken hand-written numbers; the January 2022 export, a
//! frozen fixture, also pins the guide's traps one by one.

use codegen::model::doc::{DocType, Document, Endpoint, Field, Method};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The vendor's current pages, as `cargo xtask codegen` reads them.
fn current() -> Document {
    codegen::load_document(root(), codegen::DOCUMENT_DIR).unwrap_or_else(|d| panic!("spec/ must parse:\n{d}"))
}

/// The January 2022 export (one file, the older layout).
const EXPORT_2022: &str = "codegen/tests/fixtures/2022-01/maxim-server-api.md";

fn document() -> Document {
    codegen::load_document(root(), EXPORT_2022).unwrap_or_else(|d| panic!("the 2022 export must parse:\n{d}"))
}

fn entry<'d>(doc: &'d Document, method: Method, path: &str) -> &'d Endpoint {
    doc.endpoints
        .iter()
        .find(|e| e.path == path && e.verbs.iter().any(|v| v.method == method))
        .unwrap_or_else(|| panic!("{method} {path} is in the document"))
}

fn child<'f>(fields: &'f [Field], name: &str) -> &'f Field {
    fields.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("field `{name}` exists"))
}

fn names<T>(items: &[T], name: impl Fn(&T) -> &str) -> Vec<&str> {
    items.iter().map(name).collect()
}

fn flatten(fields: &[Field]) -> Vec<&Field> {
    fields.iter().flat_map(|f| std::iter::once(f).chain(flatten(&f.children))).collect()
}

#[test]
fn current_document_snapshots() {
    // Any change to the vendored pages shows up as a reviewable diff of these two snapshots.
    let doc = current();
    insta::assert_snapshot!("current_summary", codegen::tools::render::summary(&doc));
    insta::assert_snapshot!("current_model", codegen::tools::render::document(&doc));
}

#[test]
fn export_2022_snapshots() {
    // The older layout keeps parsing: 180 entries in 7 sections, 1,323 field rows, every header of the flattened rows.
    let doc = document();
    insta::assert_snapshot!(
        "export_2022_summary",
        codegen::tools::render::summary(&doc).lines().last().unwrap_or_default()
    );
    insta::assert_snapshot!("export_2022_model", codegen::tools::render::document(&doc));
}

#[test]
fn export_2022_holds_all_180_entries_in_seven_sections() {
    let doc = document();
    assert_eq!((doc.endpoints.len(), doc.verb_count()), (180, 180));
    let sections: Vec<(u32, &str)> = doc.sections.iter().map(|s| (s.number, s.title.as_str())).collect();
    assert_eq!(
        sections,
        [
            (3, "用户操作"),
            (4, "推送接口"),
            (5, "token 接口"),
            (6, "消息处理"),
            (7, "群接口"),
            (8, "好友管理接口"),
            (9, "文件操作接口")
        ]
    );
    let per_section: Vec<usize> =
        doc.sections.iter().map(|s| doc.endpoints.iter().filter(|e| e.section == s.number).count()).collect();
    assert_eq!(per_section, [62, 3, 3, 8, 76, 22, 6]);
    assert_eq!(doc.base_url.as_deref(), Some("http://s-1-3-api.maximtop.cn"));
    assert_eq!(doc.version.as_deref(), Some("v1.0"));
    assert_eq!(doc.title, "美信拓扑服务端API文档");
}

#[test]
fn entry_keeps_number_title_method_path_and_location() {
    let doc = document();
    let register = entry(&doc, Method::Post, "/user/register");
    assert_eq!((register.number.as_str(), register.title.as_str(), register.section), ("3.46", "注册用户", 3));
    assert_eq!((register.location.line, register.location.column), (1173, 1));
    let username = child(&register.body, "username");
    assert_eq!((username.location.line, username.location.column), (1186, 3));
    assert_eq!(username.ty, DocType::String);
}

#[test]
fn flattened_header_row_yields_every_header() {
    let doc = document();
    let authmode = entry(&doc, Method::Post, "/user/authmode");
    assert_eq!(names(&authmode.headers, |p| &p.name), ["access-token", "app_id", "group_id", "user_id"]);
    assert_eq!(authmode.headers[1].description, "应用ID");
    // The fourth header is far past the third column of the row: its column proves it was read from the source.
    assert!(authmode.headers[3].location.column > 60, "{:?}", authmode.headers[3].location);
    let group_info = entry(&doc, Method::Get, "/group/info");
    assert_eq!(names(&group_info.headers, |p| &p.name), ["access-token", "app_id", "user_id"]);
    let accept = entry(&doc, Method::Post, "/roster/accept");
    assert_eq!(names(&accept.headers, |p| &p.name), ["access-token", "app_id", "group_id"]);
}

#[test]
fn push_notify_body_nests_two_levels() {
    let doc = document();
    let notify = entry(&doc, Method::Post, "/push/notify");
    let message = child(&notify.body, "message");
    assert_eq!(message.ty, DocType::Object);
    let sound = child(&child(&message.children, "ios").children, "sound");
    assert_eq!((sound.ty.clone(), sound.description.as_str()), (DocType::String, "通知提示声音， 可为空"));
    let vivo = child(&message.children, "vivo");
    assert_eq!(
        names(&vivo.children, |f| &f.name),
        ["sound", "channel_id", "click_action", "intent", "push_mode", "classification"]
    );
    // `<br>` becomes a line break.
    let audience = child(&notify.body, "audience");
    assert!(
        audience.description.starts_with("推送目标, 不可为空。类型为字符串或JSONObject:\n\"all\", 表示发给所有设备\n")
    );
    // The multi-line description keeps its JSON examples as text.
    assert!(
        notify.description.starts_with("发送推送通知需要在管理后台开通推送功能。\n具体请求参数可以参考Model里的定义。")
    );
    assert!(notify.description.contains("  \"audience\": {\"tag\":[\"beijing\",\"shanghai\"]},"));
    assert!(notify.description.ends_with('}'));
}

#[test]
fn conversation_response_nests_three_levels() {
    let doc = document();
    let conversation = entry(&doc, Method::Get, "/message/conversation");
    let data = child(&conversation.response.fields, "data");
    let messages = child(&data.children, "messages");
    assert_eq!(messages.ty, DocType::Array(Box::new(DocType::Object)));
    let uid = child(&child(&messages.children, "from_xid").children, "uid");
    assert_eq!((uid.raw_type.as_str(), uid.location.line), ("int32", 2080));
    assert!(child(&data.children, "messages_iterator").children.is_empty());
}

#[test]
fn types_are_parsed_and_raw_text_kept() {
    let doc = document();
    let send = entry(&doc, Method::Post, "/message/send");
    let targets = child(&send.body, "targets");
    assert_eq!(
        (targets.ty.clone(), targets.raw_type.as_str()),
        (DocType::Array(Box::new(DocType::Int32)), "array[int32]")
    );
    let content_type = child(&send.body, "content_type");
    assert!(content_type.description.contains("TEXT      = 0;\n    IMAGE     = 1;"));
    // Nothing in today's document is marked not-null.
    let all_fields: Vec<&Field> =
        doc.endpoints.iter().flat_map(|e| flatten(&e.body).into_iter().chain(flatten(&e.response.fields))).collect();
    assert!(all_fields.iter().all(|f| f.not_null == Some(false)));
    // Every field row of the document (822 top-level, 501 nested by `⇥`) is in the model.
    assert_eq!(all_fields.len(), 1323);
}

#[test]
fn query_parameters_and_empty_responses() {
    let doc = document();
    let download = entry(&doc, Method::Get, "/file/download/chat");
    assert_eq!(
        names(&download.query, |p| &p.name),
        ["file_sign", "format", "image_type", "sdk_sign", "source", "store_token", "thumbnail_strategy"]
    );
    assert!(download.response.fields.is_empty());
    assert_eq!((download.response.status, download.response.format.as_str()), (200, "JSON"));
    let members = entry(&doc, Method::Get, "/group/member_list");
    assert_eq!(names(&members.response.fields, |f| &f.name), ["code", "cursor", "data", "message", "total", "version"]);
}
