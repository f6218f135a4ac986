//! Wire tests of the request runtime against a loopback `wiremock` server.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{Call, CallOptions, Endpoint};
use crate::error::{Error, ErrorCode, Result};
use crate::values::Method;
use crate::{Client, Download};

const GROUP_INFO: Endpoint =
    Endpoint { operation: "group.info", method: Method::Get, path: "/group/info", replay_safe: true };

const REGISTER: Endpoint =
    Endpoint { operation: "user.register", method: Method::Post, path: "/user/register", replay_safe: false };

const DOWNLOAD: Endpoint = Endpoint {
    operation: "file.download_avatar",
    method: Method::Get,
    path: "/file/download/avatar",
    replay_safe: true,
};

type Value = serde_json::Value;

/// A call of `endpoint` with the default options.
fn call(client: &Client, endpoint: Endpoint) -> Call<'_> {
    Call::new(client, endpoint.operation, endpoint.method, endpoint.path, CallOptions::default())
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .app_id("app-1")
        .access_token("tok-secret")
        .attempt_timeout(Duration::from_secs(5))
        .build()
        .expect("valid configuration")
}

async fn answer(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any()).respond_with(template).mount(&server).await;
    server
}

fn ok_envelope() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"code": 200, "message": null, "data": true}))
}

async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.expect("recording on");
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

fn header<'r>(request: &'r wiremock::Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// Sends `GROUP_INFO` without query or body, expecting an error.
async fn get_err(server: &MockServer) -> Error {
    let result: Result<Value> = call(&client(server), GROUP_INFO).envelope().await;
    result.expect_err("expected an error")
}

#[tokio::test]
async fn sends_headers_and_json_body() -> Result<()> {
    let server = answer(ok_envelope()).await;
    let body = json!({"username": "alice", "password": "pw", "id": 2302128618880_i64});
    let got: bool = call(&client(&server), REGISTER).json(&body).data().await?;
    assert!(got);
    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "POST");
    assert_eq!(req.url.path(), "/user/register");
    assert_eq!(req.url.query(), None);
    assert_eq!(header(&req, "app_id"), Some("app-1"));
    assert_eq!(header(&req, "access-token"), Some("tok-secret"));
    assert_eq!(header(&req, "content-type"), Some("application/json"));
    let ua = format!("maxim-api/{}", env!("CARGO_PKG_VERSION"));
    assert_eq!(header(&req, "user-agent"), Some(ua.as_str()));
    assert_eq!(header(&req, "user_id"), None);
    assert_eq!(header(&req, "group_id"), None);
    assert_eq!(req.body, br#"{"id":2302128618880,"password":"pw","username":"alice"}"#.to_vec());
    Ok(())
}

#[tokio::test]
async fn no_token_and_no_body_send_no_such_headers() -> Result<()> {
    let server = answer(ok_envelope()).await;
    let anonymous = Client::builder().base_url(server.uri()).app_id("app-2").build()?;
    let _: Value = call(&anonymous, GROUP_INFO).envelope().await?;
    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "GET");
    assert_eq!(header(&req, "app_id"), Some("app-2"));
    assert_eq!(header(&req, "access-token"), None);
    assert_eq!(header(&req, "content-type"), None);
    assert!(req.body.is_empty());
    Ok(())
}

#[tokio::test]
async fn as_user_and_as_group_admin_headers() -> Result<()> {
    let server = answer(ok_envelope()).await;
    let admin = client(&server);
    let _: Value = call(&admin.as_user(2302128618880), GROUP_INFO).envelope().await?;
    let _: Value = call(&admin.as_user(1).as_group_admin(2306414607729), GROUP_INFO).envelope().await?;
    let requests = server.received_requests().await.expect("recording on");
    assert_eq!(requests.len(), 2);
    assert_eq!(header(&requests[0], "user_id"), Some("2302128618880"));
    assert_eq!(header(&requests[0], "group_id"), None);
    assert_eq!(header(&requests[1], "group_id"), Some("2306414607729"));
    assert_eq!(header(&requests[1], "user_id"), None);
    for r in &requests {
        assert_eq!(header(r, "access-token"), Some("tok-secret"));
    }
    Ok(())
}

#[tokio::test]
async fn query_skips_none_fields() -> Result<()> {
    let server = answer(ok_envelope()).await;
    let (cursor, limit): (Option<String>, Option<i64>) = (None, Some(20));
    let client = client(&server);
    let call = call(&client, GROUP_INFO).param("group_id", &2306414607729_i64);
    let _: Value = call.param_if("cursor", &cursor).param_if("limit", &limit).envelope().await?;
    let req = only_request(&server).await;
    assert_eq!(req.url.query(), Some("group_id=2306414607729&limit=20"));
    Ok(())
}

#[tokio::test]
async fn query_values_are_form_encoded_and_only_scalars_fit() -> Result<()> {
    #[derive(serde::Serialize)]
    enum Kind {
        #[serde(rename = "PUT")]
        Put,
    }
    let server = answer(ok_envelope()).await;
    let client = client(&server);
    let _: Value = call(&client, GROUP_INFO)
        .param("name", "Zoë & co=1")
        .param("flag", &true)
        .param("ratio", &0.5)
        .param("unset", &None::<i64>)
        .param("method", &Kind::Put)
        .envelope()
        .await?;
    let req = only_request(&server).await;
    assert_eq!(req.url.query(), Some("name=Zo%C3%AB+%26+co%3D1&flag=true&ratio=0.5&method=PUT"));

    let list = call(&client, GROUP_INFO).param("ids", &[1, 2]).envelope::<Value>().await;
    assert!(
        matches!(&list, Err(Error::Encode { message, .. }) if message == "query parameter `ids`: only a string, number or boolean fits"),
        "{list:?}"
    );
    Ok(())
}

#[tokio::test]
async fn base_url_path_prefix_is_kept() -> Result<()> {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/im/group/info")).respond_with(ok_envelope()).expect(1).mount(&server).await;
    let c = Client::builder().base_url(format!("{}/im/", server.uri())).app_id("a").build()?;
    let got: bool = call(&c, GROUP_INFO).data().await?;
    assert!(got);
    Ok(())
}

#[test]
fn a_call_url_is_the_url_its_text_parses_to() -> Result<()> {
    // Also the failures: a raw call's path without a leading `/` can end up in the port.
    let bases = ["https://api.maximtop.com", "http://127.0.0.1:8080/", "https://host.example/im/", "https://h/a%20b"];
    let paths = ["/group/info", "/file/download/avatar", "/a/../b", "/x\\y", "group/info", "/q?x=1", "/f#frag", ""];
    let queries = ["", "group_id=2306414607729", "a=%E4%B8%AD&b=x+y", "c='"];
    for base in bases {
        let client = Client::builder().base_url(base).app_id("a").build()?;
        let shared = &*client.shared;
        for path in paths {
            for query in queries {
                let got = super::call_url(shared, path, query).map_err(|e| e.to_string());
                let text = match query {
                    "" => format!("{}{path}", shared.base_url),
                    query => format!("{}{path}?{query}", shared.base_url),
                };
                let parsed = reqwest::Url::parse(&text).map_err(|e| e.to_string());
                assert_eq!(got, parsed, "base {base:?}, path {path:?}, query {query:?}");
            }
        }
    }
    Ok(())
}

#[derive(Debug, Deserialize)]
struct UserEnvelope {
    data: Option<User>,
    cursor: Option<String>,
    total: Option<i64>,
}

#[derive(Debug, Deserialize)]
struct User {
    user_id: Option<i64>,
    created_at: Option<i64>,
    username: Option<String>,
}

#[tokio::test]
async fn decodes_envelope_with_large_ids_and_unknown_fields() -> Result<()> {
    let server = answer(ResponseTemplate::new(200).set_body_json(json!({
        "code": 200, "message": null,
        "data": {"user_id": 2302128618880_i64, "created_at": 1569615417000_i64,
                 "username": "alice", "set_foo": true},
        "cursor": "c-2", "total": 3, "something_new": [1, 2]
    })))
    .await;
    let got: UserEnvelope = call(&client(&server), GROUP_INFO).envelope().await?;
    let user = got.data.expect("data present");
    assert_eq!(user.user_id, Some(2302128618880));
    assert_eq!(user.created_at, Some(1569615417000));
    assert_eq!(user.username.as_deref(), Some("alice"));
    assert_eq!(got.cursor.as_deref(), Some("c-2"));
    assert_eq!(got.total, Some(3));
    Ok(())
}

#[tokio::test]
async fn promised_data_null_or_missing_is_a_decode_error_but_a_list_is_empty() -> Result<()> {
    for body in [json!({"code": 200, "message": null, "data": null}), json!({"code": 200})] {
        let server = answer(ResponseTemplate::new(200).set_body_json(body.clone())).await;
        let got: Result<bool> = call(&client(&server), GROUP_INFO).data().await;
        match got {
            Err(Error::Decode { path, message, body: raw, .. }) => {
                assert_eq!(path, "data");
                assert!(message.contains("no `data`"), "{message}");
                assert_eq!(raw, body.to_string());
            }
            other => panic!("{body}: expected Error::Decode, got {other:?}"),
        }
        let list: Vec<i64> = call(&client(&server), GROUP_INFO).data_or_default().await?;
        assert!(list.is_empty());
        let json: Value = call(&client(&server), GROUP_INFO).data_or_default().await?;
        assert_eq!(json, Value::Null);
    }
    // `false` is an answer, not an error.
    let server = answer(ResponseTemplate::new(200).set_body_json(json!({"code": 200, "data": false}))).await;
    assert!(!call(&client(&server), GROUP_INFO).data::<bool>().await?);
    Ok(())
}

#[tokio::test]
async fn business_error_in_http_200() {
    let body = r#"{"code":20001,"message":"group not exist","data":null}"#;
    let server = answer(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    let err = get_err(&server).await;
    assert_eq!(err.to_string(), "GET /group/info: API error 20001 (group not found): group not exist");
    match err {
        Error::Api { code, message, http_status, operation, body: raw, .. } => {
            assert_eq!(code, ErrorCode::GroupNotFound);
            assert_eq!(message.as_deref(), Some("group not exist"));
            assert_eq!(http_status, 200);
            assert_eq!(operation, "group.info");
            assert_eq!(raw, body);
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn unknown_business_code_is_kept() {
    let server = answer(ResponseTemplate::new(200).set_body_json(json!({"code": 99999}))).await;
    let err = get_err(&server).await;
    assert!(matches!(err.api_code(), Some(ErrorCode::Unknown(_))), "{err:?}");
    assert_eq!(err.api_code().map(ErrorCode::code), Some(99999));
    assert!(matches!(err, Error::Api { message: None, .. }), "{err:?}");
}

#[tokio::test]
async fn non_2xx_with_json_envelope() {
    for status in [401_u16, 403, 404, 500] {
        let body = r#"{"code":10008,"message":"token invalid"}"#;
        let server = answer(ResponseTemplate::new(status).set_body_raw(body, "application/json")).await;
        match get_err(&server).await {
            Error::Http { status: got, content_type, body: raw, code, message, .. } => {
                assert_eq!(got, status);
                assert_eq!(content_type.as_deref(), Some("application/json"));
                assert_eq!(raw, body);
                assert_eq!(code, Some(ErrorCode::AccessTokenInvalid));
                assert_eq!(message.as_deref(), Some("token invalid"));
            }
            other => panic!("{status}: expected Error::Http, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn non_2xx_with_html_body() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    for status in [401_u16, 403, 404, 500] {
        let server = answer(ResponseTemplate::new(status).set_body_raw(html, "text/html")).await;
        let err = get_err(&server).await;
        assert_eq!(err.raw_body(), Some(html));
        assert_eq!(err.http_status(), Some(status));
        assert!(!err.to_string().contains("Bad Gateway"), "body not in Display");
        match err {
            Error::Http { content_type, code: None, message: None, .. } => {
                assert_eq!(content_type.as_deref(), Some("text/html"))
            }
            other => panic!("{status}: expected Error::Http, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn undecodable_bodies_are_decode_errors_with_raw_body() {
    let cases = [
        (r#"{"code":200,"data":{"user_id":23"#, "application/json"),
        ("", "application/json"),
        ("<html><body>maintenance</body></html>", "text/html"),
        (r#"{"message":"no code here"}"#, "application/json"),
        (r#"[{"code":200}]"#, "application/json"),
        (r#"{"code":"200"}"#, "application/json"),
    ];
    for (body, mime) in cases {
        let server = answer(ResponseTemplate::new(200).set_body_raw(body, mime)).await;
        match get_err(&server).await {
            Error::Decode { path, body: raw, message, .. } => {
                assert_eq!(path, "", "{body}");
                assert_eq!(raw, body);
                assert!(!message.is_empty());
            }
            other => panic!("{body:?}: expected Error::Decode, got {other:?}"),
        }
    }
}

#[derive(Debug, Deserialize)]
struct Messages {
    #[allow(dead_code, reason = "decoded, then only the error is inspected")]
    data: Option<MessagesData>,
}

#[derive(Debug, Deserialize)]
struct MessagesData {
    #[allow(dead_code, reason = "decoded, then only the error is inspected")]
    messages: Vec<Message>,
}

#[derive(Debug, Deserialize)]
struct Message {
    #[allow(dead_code, reason = "decoded, then only the error is inspected")]
    from_xid: Xid,
}

#[derive(Debug, Deserialize)]
struct Xid {
    #[allow(dead_code, reason = "decoded, then only the error is inspected")]
    uid: Option<i64>,
}

#[tokio::test]
async fn wrong_field_type_reports_json_path() {
    let body = r#"{"code":200,"data":{"user_id":"not-a-number"}}"#;
    let server = answer(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    let result: Result<UserEnvelope> = call(&client(&server), GROUP_INFO).envelope().await;
    match result {
        Err(Error::Decode { path, body: raw, .. }) => {
            assert_eq!(path, "data.user_id");
            assert_eq!(raw, body);
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }

    let body = r#"{"code":200,"data":{"messages":[{"from_xid":{"uid":1.5}}]}}"#;
    let server = answer(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    let result: Result<Messages> = call(&client(&server), GROUP_INFO).envelope().await;
    match result {
        Err(err @ Error::Decode { .. }) => {
            assert!(err.to_string().contains("at `data.messages[0].from_xid.uid`"), "{err}");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn connection_refused_is_transport_error() -> Result<()> {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let c = Client::builder().base_url(format!("http://127.0.0.1:{port}")).app_id("a").build()?;
    let result: Result<Value> = call(&c, GROUP_INFO).envelope().await;
    match result {
        Err(err @ Error::Transport { .. }) => {
            assert!(std::error::Error::source(&err).is_some());
            assert_eq!(err.operation(), Some("group.info"));
            assert!(!err.is_timeout());
        }
        other => panic!("expected Error::Transport, got {other:?}"),
    }
    Ok(())
}

#[tokio::test]
async fn slow_server_times_out() -> Result<()> {
    let server = answer(ok_envelope().set_delay(Duration::from_millis(1000))).await;
    let c = Client::builder()
        .base_url(server.uri())
        .app_id("a")
        .attempt_timeout(Duration::from_millis(200))
        .retry(crate::RetryPolicy::none())
        .build()?;
    let started = Instant::now();
    let result: Result<Value> = call(&c, GROUP_INFO).envelope().await;
    assert!(started.elapsed() < Duration::from_millis(900));
    match result {
        Err(err) => {
            assert!(err.is_timeout(), "{err:?}");
            assert_eq!(err.to_string(), "GET /group/info: request timed out");
        }
        Ok(v) => panic!("expected a timeout, got {v}"),
    }
    Ok(())
}

#[tokio::test]
async fn unencodable_body_is_encode_error_and_sends_nothing() {
    let server = answer(ok_envelope()).await;
    let mut bad = BTreeMap::new();
    bad.insert((1, 2), "tuple keys are not JSON object keys");
    let result: Result<Value> = call(&client(&server), REGISTER).json(&bad).envelope().await;
    assert!(matches!(result, Err(Error::Encode { .. })), "{result:?}");
    let requests = server.received_requests().await.expect("recording on");
    assert!(requests.is_empty());
}

#[tokio::test]
async fn custom_http_client_and_user_agent() -> Result<()> {
    let server = answer(ok_envelope()).await;
    let c = Client::builder()
        .base_url(server.uri())
        .app_id("a")
        .http_client(crate::http_client_builder()?.build().map_err(|e| Error::config(e.to_string()))?)
        .user_agent("my-app/2.0")
        .build()?;
    let _: Value = call(&c, GROUP_INFO).envelope().await?;
    let req = only_request(&server).await;
    assert_eq!(header(&req, "user-agent"), Some("my-app/2.0"));
    Ok(())
}

#[tokio::test]
async fn download_returns_bytes_unchanged() -> Result<()> {
    let bytes: Vec<u8> = vec![0x89, b'P', b'N', b'G', 0, 0xff, 0xfe, b'\n', b'{'];
    let server = answer(ResponseTemplate::new(200).set_body_raw(bytes.clone(), "image/png")).await;
    let got: Download = call(&client(&server), DOWNLOAD).param("group_id", &5).download().await?;
    assert_eq!(got.bytes.as_ref(), bytes.as_slice());
    assert_eq!(got.content_type.as_deref(), Some("image/png"));
    let req = only_request(&server).await;
    assert_eq!(req.url.query(), Some("group_id=5"));
    assert_eq!(header(&req, "app_id"), Some("app-1"));
    assert_eq!(header(&req, "content-type"), None);
    Ok(())
}

#[tokio::test]
async fn download_follows_redirects() -> Result<()> {
    let server = MockServer::start().await;
    Mock::given(path("/file/download/avatar"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/storage/obj"))
        .mount(&server)
        .await;
    Mock::given(path("/storage/obj"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("file-bytes", "text/plain"))
        .mount(&server)
        .await;
    let got = call(&client(&server), DOWNLOAD).download().await?;
    assert_eq!(got.bytes.as_ref(), b"file-bytes");
    assert_eq!(got.content_type.as_deref(), Some("text/plain"));
    Ok(())
}

#[tokio::test]
async fn download_errors() {
    let body = r#"{"code":10010,"message":"no permission"}"#;
    let server = answer(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    let err = call(&client(&server), DOWNLOAD).download().await.expect_err("API error");
    assert!(matches!(&err, Error::Api { code: ErrorCode::NoPermission, body: b, .. } if b == body), "{err:?}");

    let server = answer(ResponseTemplate::new(404).set_body_raw("<h1>gone</h1>", "text/html")).await;
    let err = call(&client(&server), DOWNLOAD).download().await.expect_err("HTTP error");
    assert!(matches!(&err, Error::Http { status: 404, body, .. } if body == "<h1>gone</h1>"), "{err:?}");

    // A JSON file with code 200 is just a file.
    let ok = r#"{"code":200,"data":"x"}"#;
    let server = answer(ResponseTemplate::new(200).set_body_raw(ok, "application/json")).await;
    let got = call(&client(&server), DOWNLOAD).download().await;
    assert!(matches!(&got, Ok(d) if d.bytes.as_ref() == ok.as_bytes()), "{got:?}");
}

#[test]
fn request_futures_are_send() -> Result<()> {
    fn assert_send<T: Send>(_: &T) {}
    let c = Client::builder().app_id("a").build()?;
    let json = call(&c, REGISTER).param("group_id", &1).json(&json!({})).data::<bool>();
    assert_send(&json);
    let download = call(&c, DOWNLOAD).param("group_id", &1).download();
    assert_send(&download);
    let stream = call(&c, DOWNLOAD).stream();
    assert_send(&stream);
    Ok(())
}
