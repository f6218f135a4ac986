//! Wire tests of the failure paths, through the public SDK on entry 4.24 (`GET /group/info`,
//! `client.group().info(..)`): business errors in HTTP 200, non-2xx answers with JSON and HTML bodies, undecodable
//! bodies, connection refused and timeouts; the tolerant side of decoding (unknown envelope fields, `data: null`);
//! and secrets kept out of errors (entries 2.2 `POST /token/login` and 6.2 `GET /file/download/chat`).

use std::error::Error as _;
use std::time::{Duration, Instant};

use maxim_api::{Client, Error, ErrorCode, GroupType, Method};
use maxim_api_tests::ids::{ALICE as ME, GROUP};
use maxim_api_tests::{APP_ID, Acting, Expected, TOKEN, assert_received, client, serve, serve_data, serve_json};
use serde_json::json;
use wiremock::ResponseTemplate;

/// The request every test here sends: `GET /group/info?group_id=2306414607729`.
fn group_info() -> Expected {
    Expected::new("GET", "/group/info").query("group_id=2306414607729")
}

// ---- business errors in HTTP 200 ----

#[tokio::test]
async fn api_error_group_not_found_keeps_code_message_status_and_body() {
    let raw = r#"{"code":20001,"message":"group not exist","data":null}"#;
    let server = serve(ResponseTemplate::new(200).set_body_raw(raw, "application/json")).await;
    let err = client(&server).group().info(GROUP).await.unwrap_err();
    match &err {
        Error::Api { code, message, http_status, operation, method, url_path, body, body_truncated } => {
            assert!(!body_truncated);
            assert_eq!(*code, ErrorCode::GroupNotFound);
            assert_eq!(code.code(), 20001);
            assert_eq!(message.as_deref(), Some("group not exist"));
            assert_eq!(*http_status, 200);
            assert_eq!(*operation, "group.info");
            assert_eq!(*method, Method::Get);
            assert_eq!(*url_path, "/group/info");
            assert_eq!(body, raw);
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert_eq!(err.api_code(), Some(ErrorCode::GroupNotFound));
    assert_eq!(err.http_status(), Some(200));
    assert_eq!(err.raw_body(), Some(raw));
    assert_eq!(err.operation(), Some("group.info"));
    assert!(!err.is_timeout());
    assert_received(&server, group_info()).await;
}

#[tokio::test]
async fn api_error_display_names_method_path_code_and_message_but_not_body() {
    let server = serve_json(200, json!({ "code": 20001, "message": "group not exist", "data": null })).await;
    let err = client(&server).as_user(ME).group().info(GROUP).await.unwrap_err();
    assert_eq!(err.to_string(), "GET /group/info: API error 20001 (group not found): group not exist");
    assert!(!err.to_string().contains("\"data\""), "the body stays out of Display");
    assert_received(&server, group_info().acting(Acting::User(ME))).await;
}

#[tokio::test]
async fn api_error_unknown_code_is_kept() {
    let server = serve_json(200, json!({ "code": 99999, "message": "something new", "data": null })).await;
    let err = client(&server).group().info(GROUP).await.unwrap_err();
    match &err {
        Error::Api { code, message, http_status, .. } => {
            assert_eq!(*code, ErrorCode::from(99999));
            assert_eq!(code.code(), 99999);
            assert_eq!(message.as_deref(), Some("something new"));
            assert_eq!(*http_status, 200);
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert_eq!(err.to_string(), "GET /group/info: API error 99999: something new");
    assert_received(&server, group_info()).await;
}

#[tokio::test]
async fn api_error_without_message() {
    let server = serve_json(200, json!({ "code": 20002, "message": null })).await;
    let err = client(&server).group().info(GROUP).await.unwrap_err();
    match &err {
        Error::Api { code, message, .. } => {
            assert_eq!(*code, ErrorCode::NotGroupMember);
            assert_eq!(*message, None);
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert_eq!(err.to_string(), "GET /group/info: API error 20002 (not a group member)");
    assert_received(&server, group_info()).await;
}

#[tokio::test]
async fn api_error_with_bad_data_is_still_an_api_error() {
    // The code is checked before `data` is decoded: a wrong `data` shape must not hide the business error.
    let server = serve_json(200, json!({ "code": 10010, "message": "no permission", "data": "oops" })).await;
    let err = client(&server).group().info(GROUP).await.unwrap_err();
    assert_eq!(err.api_code(), Some(ErrorCode::NoPermission));
    assert!(matches!(err, Error::Api { .. }), "{err:?}");
    assert_received(&server, group_info()).await;
}

// ---- non-2xx HTTP answers ----

#[tokio::test]
async fn http_error_statuses_with_json_envelope_body() {
    let cases = [
        (401, 10008, "access-token invalid", ErrorCode::AccessTokenInvalid),
        (403, 10010, "no permission", ErrorCode::NoPermission),
        (404, 20001, "group not exist", ErrorCode::GroupNotFound),
        (500, 99998, "internal error", ErrorCode::from(99998)),
    ];
    for (status, wire_code, wire_message, expected_code) in cases {
        let raw = format!(r#"{{"code":{wire_code},"message":"{wire_message}","data":null}}"#);
        let server = serve(ResponseTemplate::new(status).set_body_raw(raw.clone(), "application/json")).await;
        let err = client(&server).group().info(GROUP).await.unwrap_err();
        match &err {
            Error::Http { status: got, operation, method, url_path, content_type, body, code, message, .. } => {
                assert_eq!(*got, status);
                assert_eq!(*operation, "group.info");
                assert_eq!(*method, Method::Get);
                assert_eq!(*url_path, "/group/info");
                assert_eq!(content_type.as_deref(), Some("application/json"), "{status}");
                assert_eq!(body, &raw, "{status}");
                assert_eq!(*code, Some(expected_code), "{status}");
                assert_eq!(message.as_deref(), Some(wire_message), "{status}");
            }
            other => panic!("{status}: expected Error::Http, got {other:?}"),
        }
        assert_eq!(err.http_status(), Some(status));
        assert_eq!(err.api_code(), Some(expected_code));
        assert_eq!(err.raw_body(), Some(raw.as_str()));
        let shown = err.to_string();
        assert!(shown.starts_with(&format!("GET /group/info: HTTP {status}")), "{shown}");
        assert!(shown.contains(wire_message), "{shown}");
        assert_received(&server, group_info()).await;
    }
}

#[tokio::test]
async fn http_error_statuses_with_html_body() {
    for status in [401_u16, 403, 404, 500] {
        let html = format!("<html><head><title>{status}</title></head><body><h1>Error {status}</h1></body></html>");
        let server = serve(ResponseTemplate::new(status).set_body_raw(html.clone(), "text/html; charset=utf-8")).await;
        let err = client(&server).as_user(ME).group().info(GROUP).await.unwrap_err();
        match &err {
            Error::Http { status: got, content_type, body, code, message, url_path, .. } => {
                assert_eq!(*got, status);
                assert_eq!(content_type.as_deref(), Some("text/html; charset=utf-8"), "{status}");
                assert_eq!(body, &html, "{status}");
                assert_eq!(*code, None, "{status}");
                assert_eq!(*message, None, "{status}");
                assert_eq!(*url_path, "/group/info");
            }
            other => panic!("{status}: expected Error::Http, got {other:?}"),
        }
        assert_eq!(err.to_string(), format!("GET /group/info: HTTP {status}"));
        assert_eq!(err.api_code(), None);
        assert_received(&server, group_info().acting(Acting::User(ME))).await;
    }
}

#[tokio::test]
async fn http_error_without_body_or_content_type() {
    let server = serve(ResponseTemplate::new(503)).await;
    let err = client(&server).group().info(GROUP).no_retry().await.unwrap_err();
    match &err {
        Error::Http { status, content_type, body, code, message, .. } => {
            assert_eq!(*status, 503);
            assert_eq!(*content_type, None);
            assert_eq!(body, "");
            assert_eq!(*code, None);
            assert_eq!(*message, None);
        }
        other => panic!("expected Error::Http, got {other:?}"),
    }
    assert_received(&server, group_info()).await;
}

// ---- bodies that do not decode ----

fn expect_decode(err: &Error) -> (&str, &str, &str) {
    match err {
        Error::Decode { operation, method, url_path, path, message, body, body_truncated, .. } => {
            assert!(!body_truncated);
            assert_eq!(*operation, "group.info");
            assert_eq!(*method, Method::Get);
            assert_eq!(*url_path, "/group/info");
            assert!(!message.is_empty());
            (path, message, body)
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn decode_error_truncated_json_keeps_raw_body() {
    let raw = r#"{"code":200,"data":{"group_id":23"#;
    let server = serve(ResponseTemplate::new(200).set_body_raw(raw, "application/json")).await;
    let err = client(&server).group().info(GROUP).await.unwrap_err();
    let (path, _, body) = expect_decode(&err);
    assert_eq!(path, "");
    assert_eq!(body, raw);
    assert_eq!(err.raw_body(), Some(raw));
    assert_eq!(err.http_status(), None);
    assert!(err.to_string().starts_with("GET /group/info: cannot decode response"), "{err}");
    assert_received(&server, group_info()).await;
}

#[tokio::test]
async fn decode_error_empty_body() {
    let server = serve(ResponseTemplate::new(200).set_body_raw("", "application/json")).await;
    let err = client(&server).group().info(GROUP).await.unwrap_err();
    let (path, message, body) = expect_decode(&err);
    assert_eq!(path, "");
    assert_eq!(body, "");
    assert!(message.contains("empty"), "{message}");
    assert_received(&server, group_info()).await;
}

#[tokio::test]
async fn decode_error_html_in_a_200() {
    let html = "<!DOCTYPE html><html><body>Welcome to nginx!</body></html>";
    let server = serve(ResponseTemplate::new(200).set_body_raw(html, "text/html")).await;
    let err = client(&server).group().info(GROUP).await.unwrap_err();
    let (path, _, body) = expect_decode(&err);
    assert_eq!(path, "");
    assert_eq!(body, html);
    assert_received(&server, group_info()).await;
}

#[tokio::test]
async fn decode_error_envelope_without_code() {
    let raw = r#"{"message":null,"data":{"group_id":2306414607729}}"#;
    let server = serve(ResponseTemplate::new(200).set_body_raw(raw, "application/json")).await;
    let err = client(&server).group().info(GROUP).await.unwrap_err();
    let (_, message, body) = expect_decode(&err);
    assert!(message.contains("code"), "{message}");
    assert_eq!(body, raw);
    assert_received(&server, group_info()).await;
}

#[tokio::test]
async fn decode_error_wrong_field_type_names_the_json_path() {
    let raw = r#"{"code":200,"message":null,"data":{"name":"g","group_id":"abc"}}"#;
    let server = serve(ResponseTemplate::new(200).set_body_raw(raw, "application/json")).await;
    let err = client(&server).group().info(GROUP).await.unwrap_err();
    let (path, _, body) = expect_decode(&err);
    assert_eq!(path, "data.group_id");
    assert_eq!(body, raw);
    assert!(err.to_string().contains("at `data.group_id`"), "{err}");
    assert_received(&server, group_info()).await;
}

#[tokio::test]
async fn decode_error_fractional_id_names_the_json_path() {
    // 64-bit ids are integers: a float where an id belongs is a decode error, not a silent truncation.
    let raw = r#"{"code":200,"message":null,"data":{"group_id":2306414607729,"owner_id":1.5}}"#;
    let server = serve(ResponseTemplate::new(200).set_body_raw(raw, "application/json")).await;
    let err = client(&server).group().info(GROUP).await.unwrap_err();
    let (path, _, body) = expect_decode(&err);
    assert_eq!(path, "data.owner_id");
    assert_eq!(body, raw);
    assert_received(&server, group_info()).await;
}

// ---- network failures ----

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .app_id(APP_ID)
        .access_token(TOKEN)
        .build()
        .unwrap();
    let err = client.group().info(GROUP).await.unwrap_err();
    match &err {
        Error::Transport { operation, method, url_path, source, replay_safe } => {
            assert_eq!(*operation, "group.info");
            assert_eq!(*method, Method::Get);
            assert_eq!(*url_path, "/group/info");
            assert!(source.is_connect(), "{source:?}");
            assert!(*replay_safe, "a read");
        }
        other => panic!("expected Error::Transport, got {other:?}"),
    }
    assert!(err.source().is_some(), "the reqwest error is the source");
    assert!(!err.is_timeout());
    assert!(err.is_retryable() && !err.may_have_taken_effect(), "never sent: {err:?}");
    assert_eq!(err.raw_body(), None);
    assert_eq!(err.http_status(), None);
    // The message says what failed; the cause is its source, printed once in the chain (the URL is not: its
    // query string may hold a secret).
    let shown = err.to_string();
    assert_eq!(shown, "GET /group/info: could not connect");
    let mut chain = shown.clone();
    let mut cause = err.source();
    while let Some(c) = cause {
        chain.push_str(": ");
        chain.push_str(&c.to_string());
        cause = c.source();
    }
    let cause = err.source().map(ToString::to_string).unwrap_or_default();
    assert_eq!(chain.matches(&cause).count(), 1, "the cause once: {chain}");
    assert!(chain.contains("onnect"), "{chain}");
    assert!(!chain.contains("127.0.0.1"), "{chain}");
}

#[tokio::test]
async fn slow_server_is_a_timeout() {
    let server = serve(
        ResponseTemplate::new(200)
            .set_body_json(json!({ "code": 200, "message": null, "data": { "group_id": GROUP } }))
            .set_delay(Duration::from_millis(1500)),
    )
    .await;
    let client = Client::builder()
        .base_url(server.uri())
        .app_id(APP_ID)
        .access_token(TOKEN)
        .attempt_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.as_user(ME).group().info(GROUP).no_retry().await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(err.is_timeout(), "{err:?}");
    match &err {
        Error::Timeout { operation, method, url_path, .. } => {
            assert_eq!(*operation, "group.info");
            assert_eq!(*method, Method::Get);
            assert_eq!(*url_path, "/group/info");
        }
        other => panic!("expected Error::Timeout, got {other:?}"),
    }
    assert!(elapsed < Duration::from_millis(1400), "gave up after {elapsed:?}, not after the 200 ms timeout");
    assert_eq!(err.to_string(), "GET /group/info: request timed out");
    assert_received(&server, group_info().acting(Acting::User(ME))).await;
}

// ---- tolerant decoding ----

#[tokio::test]
async fn unknown_top_level_envelope_fields_are_ignored() {
    let server = serve_json(
        200,
        json!({
            "code": 200,
            "message": null,
            "data": { "group_id": GROUP, "owner_id": ME, "name": "Rust", "type": 9, "created_at": 1569615417000_i64, "new": {} },
            "cursor": "abc",
            "total": 3,
            "version": 1569586735861_i64,
            "request_id": "7c1e",
            "server_time": 1569615417000_i64
        }),
    )
    .await;
    let info = client(&server).group().info(GROUP).await.unwrap();
    assert_eq!(info.group_id, GROUP);
    assert_eq!(info.name.as_deref(), Some("Rust"));
    assert_eq!(info.r#type, Some(GroupType::from(9)));
    assert_eq!(info.created_at, Some(1569615417000));
    assert_eq!(info.owner_id, ME);
    assert_eq!(info.description, None);
    assert_received(&server, group_info()).await;
}

#[tokio::test]
async fn null_or_missing_promised_data_is_a_decode_error() {
    for body in [json!({ "code": 200, "message": null, "data": null }), json!({ "code": 200, "message": null })] {
        let server = serve_json(200, body.clone()).await;
        let err = client(&server).group().info(GROUP).await.unwrap_err();
        let (path, message, raw) = expect_decode(&err);
        assert_eq!(path, "data");
        assert_eq!(message, "the envelope has no `data`, which the document promises");
        assert_eq!(raw, body.to_string());
        assert_received(&server, group_info()).await;
    }
}

#[tokio::test]
async fn data_false_is_an_answer_not_an_error() {
    let server = serve_data(json!(false)).await;
    assert!(!client(&server).group().destroy(GROUP).await.unwrap(), "false means the service did nothing");
}

#[tokio::test]
async fn success_with_a_message_string_is_still_success() {
    let server =
        serve_json(200, json!({ "code": 200, "message": "ok", "data": { "group_id": GROUP, "owner_id": ME } })).await;
    let info = client(&server).group().info(GROUP).await.unwrap();
    assert_eq!(info.group_id, GROUP);
    assert_received(&server, group_info()).await;
}

#[tokio::test]
async fn error_debug_and_display_keep_secrets_out() {
    // A token answer whose `expire` has the wrong type: the raw body holds the token.
    let body = r#"{"code":200,"data":{"token":"tok-SECRET-1","expire":"soon"}}"#;
    let server =
        maxim_api_tests::serve(wiremock::ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    let err = client(&server).token().login("alice", "pw-SECRET-2").await.expect_err("expire is not a number");
    assert_eq!(err.raw_body(), Some(body), "the raw body stays available on purpose");
    let debug = format!("{err:?}");
    assert!(!debug.contains("tok-SECRET-1") && !debug.contains("pw-SECRET-2"), "{debug}");
    assert!(debug.contains(&format!("body: <{} bytes>", body.len())), "{debug}");
    assert!(!err.to_string().contains("tok-SECRET-1"), "{err}");

    // A download that cannot connect: the query string carries the store token.
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let offline = maxim_api::Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .app_id(maxim_api_tests::APP_ID)
        .access_token(maxim_api_tests::TOKEN)
        .build()
        .expect("client");
    let err = offline.file().download_chat("sign").store_token("store-SECRET-3").await.expect_err("refused");
    let shown =
        format!("{err:?} {err} {}", std::error::Error::source(&err).map(ToString::to_string).unwrap_or_default());
    assert!(!shown.contains("store-SECRET-3") && !shown.contains(maxim_api_tests::TOKEN), "{shown}");
}
