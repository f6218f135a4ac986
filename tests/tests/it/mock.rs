//! The mock server (feature `mock`): every entry of the model answers with data of its resolved type, the quick start
//! and the examples run against it, and tests can override answers, inject failures and read what was received.
#![allow(clippy::duplicate_mod, reason = "each example included below brings its own copy of examples/common")]

// The examples, whose `run` functions the tests below call with a client of the mock server.
#[allow(dead_code, reason = "the example's `main` reads the environment; the tests call `run`")]
#[path = "../../../maxim-api/examples/group_invite.rs"]
mod group_invite;
#[allow(dead_code, reason = "the example's `main` reads the environment; the tests call `run`")]
#[path = "../../../maxim-api/examples/message_history.rs"]
mod message_history;
#[allow(dead_code, reason = "the example's `main` reads the environment; the tests call `run`")]
#[path = "../../../maxim-api/examples/push_notify.rs"]
mod push_notify;
#[allow(dead_code, reason = "the example's `main` reads the environment; the tests call `run`")]
#[path = "../../../maxim-api/examples/quickstart.rs"]
mod quickstart;
#[allow(dead_code, reason = "the example's `main` reads the environment; the tests call `run`")]
#[path = "../../../maxim-api/examples/register_and_login.rs"]
mod register_and_login;
#[allow(dead_code, reason = "the example's `main` reads the environment; the tests call `run`")]
#[path = "../../../maxim-api/examples/upload_download.rs"]
mod upload_download;

use std::path::Path;

use codegen::model::api::{Api, ResponseShape, Ty, WireValue};
use futures::TryStreamExt;
use maxim_api::mock::{self, MockServer};
use maxim_api::{Error, ErrorCode, Method, UploadFile};
use serde_json::{Value, json};

/// What the tests return: `?` works on every error.
type TestResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

fn sdk_method(method: codegen::model::doc::Method) -> Method {
    match method {
        codegen::model::doc::Method::Get => Method::Get,
        codegen::model::doc::Method::Post => Method::Post,
        codegen::model::doc::Method::Put => Method::Put,
        codegen::model::doc::Method::Delete => Method::Delete,
    }
}

/// Checks that `value` is a valid `ty` named `name`, with service-like IDs and times; returns the problems found.
fn conforms(api: &Api, ty: &Ty, name: &str, value: &Value, at: &str, problems: &mut Vec<String>) {
    let mut fail = |what: &str| problems.push(format!("{at}: expected {what}, got {value}"));
    match ty {
        Ty::Bool if !value.is_boolean() => fail("a boolean"),
        Ty::I64 => match value.as_i64() {
            None => fail("an integer"),
            Some(n) if (name.ends_with("_id") || name.ends_with("_at") || name.ends_with("_time")) => {
                if n.to_string().len() != 13 {
                    fail("a 13-digit ID or millisecond time");
                }
            }
            Some(_) => {}
        },
        Ty::F64 if !value.is_number() => fail("a number"),
        Ty::String | Ty::Secret if !value.is_string() => fail("a string"),
        Ty::JsonString if value.as_str().and_then(|s| serde_json::from_str::<Value>(s).ok()).is_none() => {
            fail("JSON text in a string")
        }
        Ty::Audience if !(value == "all" || value.is_object()) => fail("an audience"),
        Ty::Enum(enum_name) => {
            let known =
                api.enums.iter().find(|e| &e.name == enum_name).expect("enum exists").variants.iter().any(|v| match &v
                    .value
                {
                    WireValue::Int(i) => value.as_i64() == Some(*i),
                    WireValue::Str(s) => value.as_str() == Some(s),
                });
            if !known {
                fail(&format!("a known value of {enum_name}"));
            }
        }
        Ty::Struct(type_name) => {
            let Some(members) = value.as_object() else { return fail(&format!("a {type_name} object")) };
            let def = api.types.iter().find(|t| &t.name == type_name).expect("type exists");
            for (key, member) in members {
                match def.fields.iter().find(|f| &f.wire_name == key) {
                    Some(field) => conforms(api, &field.ty, key, member, &format!("{at}.{key}"), problems),
                    None => problems.push(format!("{at}: {type_name} has no field `{key}`")),
                }
            }
        }
        Ty::List(item) => match value.as_array() {
            Some(items) if !items.is_empty() => {
                for (i, v) in items.iter().enumerate() {
                    conforms(api, item, name, v, &format!("{at}[{i}]"), problems);
                }
            }
            _ => fail("a non-empty list"),
        },
        _ => {}
    }
}

#[tokio::test]
async fn every_entry_has_an_example_of_its_type() -> TestResult {
    let api = codegen::load_api(&Path::new(env!("CARGO_MANIFEST_DIR")).join("..")).expect("the spec resolves");
    let mock = MockServer::start().await;
    let mut problems = Vec::new();
    let mut checked = 0;
    for op in &api.operations {
        for entry in &op.entries {
            let at = format!("{} {}", entry.method, op.path);
            let example = mock.example(sdk_method(entry.method), &op.path);
            checked += 1;
            let Some(envelope) = example else {
                assert_eq!(op.response, ResponseShape::Bytes, "{at}: only downloads have no JSON example");
                continue;
            };
            assert_eq!((&envelope["code"], &envelope["message"]), (&json!(200), &Value::Null), "{at}");
            match &op.response {
                ResponseShape::Data(ty) => conforms(&api, ty, "data", &envelope["data"], &at, &mut problems),
                ResponseShape::Envelope(name) => {
                    assert!(envelope.get("cursor").is_none(), "{at}: a last page, so that paging ends");
                    let mut members = envelope.as_object().expect("an object").clone();
                    members.remove("code");
                    members.remove("message");
                    conforms(&api, &Ty::Struct(name.clone()), "", &Value::Object(members), &at, &mut problems);
                }
                ResponseShape::Bytes => unreachable!(),
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(checked, api.operations.iter().map(|op| op.entries.len()).sum::<usize>());
    // Not in the document: a 404, as from the service.
    let http = maxim_api::http_client_builder()?.build().expect("builds");
    let unknown = http.get(format!("{}/no/such/entry", mock.uri())).send().await.expect("answers");
    assert_eq!(unknown.status(), 404);
    Ok(())
}

#[tokio::test]
async fn the_quick_start_runs_against_the_mock() -> TestResult {
    let mock = MockServer::start().await;
    let outcome = quickstart::run(&mock.client()?).await?;
    // The emulator numbers new users, groups and messages after the example ones.
    assert_eq!(outcome.group_id, mock::EXAMPLE_GROUP_ID + 1);
    let registered = [1, 2, 3].map(|n| mock::EXAMPLE_USER_ID + n);
    assert_eq!(outcome.members, registered);
    assert_eq!(outcome.message_ids, [mock::EXAMPLE_MESSAGE_ID + 1]);
    let received = mock.received().await;
    let summary: Vec<String> = received.iter().map(|r| format!("{} {}", r.method, r.path)).collect();
    assert_eq!(
        summary,
        [
            "POST /user/register/v2",
            "POST /user/register/v2",
            "POST /user/register/v2",
            "POST /token/login",
            "POST /group/create",
            "POST /group/invite",
            "POST /message/send",
            "GET /group/member_list"
        ]
    );
    // The admin token until the login, then the user token the mock handed out.
    let tokens: Vec<Option<&str>> = received.iter().map(|r| r.header("access-token")).collect();
    assert_eq!(tokens[..4], [Some(mock::ADMIN_TOKEN); 4]);
    assert_eq!(tokens[4..], [Some("mock-user-token-1"); 4]);
    assert!(received.iter().all(|r| r.header("app_id") == Some(mock::APP_ID)));
    assert_eq!(received[6].json().expect("JSON")["content"], "Hello, group!");
    assert_eq!(received[7].query_param("group_id"), Some("2306414607730"));
    assert_eq!(mock.violations().await, []);
    Ok(())
}

#[tokio::test]
async fn answers_can_be_overridden_limited_and_reset() -> TestResult {
    let mock = MockServer::start().await;
    let client = mock.client()?;
    let example_group = mock::EXAMPLE_GROUP_ID;
    assert_eq!(client.group().info(example_group).await?.name.as_deref(), Some(mock::EXAMPLE_GROUP_NAME));

    // A business error in HTTP 200, as the service sends it.
    mock.on(Method::Get, "/group/info").times(1).api_error(20001, "group not found").await;
    let err = client.group().info(example_group).await.expect_err("overridden");
    assert_eq!(err.api_code(), Some(ErrorCode::GroupNotFound));
    assert!(matches!(err, Error::Api { http_status: 200, .. }), "{err:?}");
    assert!(client.group().info(example_group).await.is_ok(), "used up: the emulator answers again");

    // Answers in the order mounted: `times` limits one, then the next one answers.
    mock.on(Method::Get, "/group/info").times(1).data(json!({ "group_id": 42, "owner_id": 7, "name": "once" })).await;
    mock.on(Method::Get, "/group/info").data(json!({ "group_id": 42, "owner_id": 7, "name": "always" })).await;
    assert_eq!(client.group().info(1).await?.name.as_deref(), Some("once"));
    assert_eq!(client.group().info(1).await?.name.as_deref(), Some("always"));
    assert_eq!(client.group().info(1).await?.name.as_deref(), Some("always"));

    // HTTP failures keep their body.
    mock.on(Method::Post, "/group/create").http_error(502, "<html>Bad Gateway</html>").await;
    match client.group().create().name("x").await.expect_err("502") {
        Error::Http { status: 502, body, content_type, .. } => {
            assert_eq!(body, "<html>Bad Gateway</html>");
            assert_eq!(content_type.as_deref(), Some("text/html"));
        }
        other => panic!("expected Error::Http, got {other:?}"),
    }

    // A whole envelope, e.g. a first page with a cursor: the stream then asks for the next page.
    mock.on(Method::Get, "/group/member_list")
        .times(1)
        .envelope(json!({ "code": 200, "data": [{ "user_id": 1 }, { "user_id": 2 }], "cursor": "page-2" }))
        .await;
    let members: Vec<_> = client.group().member_list(example_group).items().try_collect().await?;
    let ids: Vec<i64> = members.iter().map(|m| m.user_id).collect();
    assert_eq!(ids, [1, 2, mock::EXAMPLE_USER_ID], "the second page from the emulator");
    let pages = mock.received_at(Method::Get, "/group/member_list").await;
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[1].query_param("cursor"), Some("page-2"));

    // Reset: no mounted answers, nothing received, and the emulator as it started.
    mock.reset().await;
    assert!(mock.received().await.is_empty());
    assert_eq!(client.group().info(1).await.expect_err("no group 1").api_code(), Some(ErrorCode::GroupNotFound));
    assert_eq!(client.group().create().name("x").await?.group_id, example_group + 1);
    assert_eq!(client.group().create().name("x").await?.group_id, example_group + 2);
    Ok(())
}

#[tokio::test]
async fn uploads_and_downloads_go_through_the_mock_storage() -> TestResult {
    let mock = MockServer::start().await;
    let client = mock.client()?.as_user(2302128618880);
    let target = client.file().upload_user_avatar().await?;
    assert_eq!(target.upload_url, format!("{}{}", mock.uri(), mock::STORAGE_PATH));
    let uploaded = client.upload(&target, UploadFile::bytes(&b"png"[..], "avatar.png", "image/png")).await?;
    assert_eq!(uploaded.status, 204);
    assert_eq!(uploaded.object_name, "mock/avatar.png");
    let stored = mock.received_at(Method::Post, mock::STORAGE_PATH).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].header("access-token"), None, "no credentials to storage");
    assert_eq!(stored[0].header("user_id"), None);
    assert_eq!(stored[0].header("app_id"), None);

    let download = client.file().download_avatar("mock/avatar.png").await?;
    assert_eq!(download.bytes.as_ref(), mock::EXAMPLE_FILE);
    mock.on(Method::Get, "/file/download/avatar").bytes("image/png", b"\x89PNG".to_vec()).await;
    let download = client.file().download_avatar("mock/avatar.png").await?;
    assert_eq!((download.bytes.as_ref(), download.content_type.as_deref()), (&b"\x89PNG"[..], Some("image/png")));
    Ok(())
}

#[tokio::test]
async fn a_server_starts_on_a_given_listener() -> TestResult {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("an address").port();
    let mock = MockServer::start_on(listener).await;
    assert_eq!(mock.uri(), format!("http://127.0.0.1:{port}"));
    assert_eq!(mock.client()?.user().profile().await?.user_id, 2302128618880);
    Ok(())
}

/// The requests the mock server received, as `METHOD /path` lines.
async fn summary(mock: &MockServer) -> Vec<String> {
    mock.received().await.iter().map(|r| format!("{} {}", r.method, r.path)).collect()
}

#[tokio::test]
async fn the_register_and_login_example_runs() -> TestResult {
    let mock = MockServer::start().await;
    register_and_login::run(&mock.client()?).await?;
    let expected = ["POST /user/register/v2", "POST /token/login", "POST /user/nickname", "GET /user/profile"];
    assert_eq!(summary(&mock).await, expected);
    let received = mock.received().await;
    // After the login, the user's own token and no act-as header.
    assert_eq!(received[2].header("access-token"), Some("mock-user-token-1"));
    assert_eq!(received[2].query_param("nick_name"), Some("Rusty"));
    assert_eq!(received[3].header("user_id"), None);
    Ok(())
}

#[tokio::test]
async fn the_group_invite_example_runs() -> TestResult {
    let mock = MockServer::start().await;
    group_invite::run(&mock.client()?).await?;
    let mut expected = vec!["POST /user/register/v2"; 3];
    expected.extend(["POST /group/create", "POST /group/invite", "GET /group/member_list"]);
    assert_eq!(summary(&mock).await, expected);
    let invite = &mock.received_at(Method::Post, "/group/invite").await[0];
    let owner = mock::EXAMPLE_USER_ID + 1;
    assert_eq!(invite.header("user_id"), Some(owner.to_string().as_str()), "the admin acts as the owner");
    assert_eq!(invite.json().expect("JSON")["group_id"], mock::EXAMPLE_GROUP_ID + 1);
    Ok(())
}

#[tokio::test]
async fn the_message_history_example_runs() -> TestResult {
    let mock = MockServer::start().await;
    message_history::run(&mock.client()?).await?;
    let expected =
        ["POST /user/register/v2", "POST /user/register/v2", "POST /message/send", "GET /message/conversation"];
    assert_eq!(summary(&mock).await, expected);
    let send = mock.received_at(Method::Post, "/message/send").await[0].json().expect("JSON");
    assert_eq!((&send["type"], &send["content_type"], &send["content"]), (&json!(1), &json!(0), &json!("Hello, Bob!")));
    assert_eq!(send["ext"], r#"{"example":"message_history"}"#, "`ext` travels as JSON text");
    Ok(())
}

#[tokio::test]
async fn the_push_notify_example_runs() -> TestResult {
    let mock = MockServer::start().await;
    push_notify::run(&mock.client()?, 2302128618881).await?;
    assert_eq!(summary(&mock).await, ["POST /push/notify", "POST /push/task/detail"]);
    let notify = mock.received_at(Method::Post, "/push/notify").await[0].json().expect("JSON");
    assert_eq!(notify["audience"], json!({ "user_id": [2302128618881_i64] }));
    assert_eq!(notify["message"]["title"], "Hello from Rust");
    Ok(())
}

#[tokio::test]
async fn the_upload_download_example_runs() -> TestResult {
    let mock = MockServer::start().await;
    upload_download::run(&mock.client()?).await?;
    let expected = [
        "POST /user/register/v2",
        "GET /file/upload/avatar/user",
        "POST /mock-storage",
        "POST /user/avatar",
        "GET /file/download/avatar",
    ];
    assert_eq!(summary(&mock).await, expected);
    let download = &mock.received_at(Method::Get, "/file/download/avatar").await[0];
    assert_eq!(download.query_param("object_name"), Some("mock/avatar.png"));
    Ok(())
}
