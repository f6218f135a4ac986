//! Tracing on loopback: one span per call with the operation, method, path, attempt, status, API code, server
//! request id and elapsed time; an event per retry with its delay; no token, password or query value anywhere.

use std::io::Write;
use std::sync::{Arc, Mutex};

use maxim_api::UserLogin;
use maxim_api_tests::ids::{ALICE, GROUP};
use maxim_api_tests::{TOKEN, client};
use serde_json::json;
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Everything the subscriber wrote.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("not poisoned").extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("not poisoned")).into_owned()
    }
}

/// Runs `calls` with a `debug` subscriber on this thread (the test runtime is single-threaded) and returns the log.
async fn logged<F: std::future::Future<Output = ()>>(calls: F) -> String {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    calls.await;
    captured.text()
}

#[tokio::test]
async fn one_span_per_call_with_attempt_status_code_request_id_and_retry_events() {
    let server = MockServer::start().await;
    let route = || Mock::given(method("GET")).and(path("/group/info"));
    let busy = ResponseTemplate::new(503).insert_header("x-request-id", "req-first");
    route().respond_with(busy).up_to_n_times(1).with_priority(1).mount(&server).await;
    let ok = ResponseTemplate::new(200)
        .insert_header("x-request-id", "req-second")
        .set_body_json(json!({ "code": 200, "data": { "group_id": GROUP, "owner_id": 2302128618880_i64 } }));
    route().respond_with(ok).mount(&server).await;
    let client = client(&server);
    let log = logged(async {
        client.group().info(GROUP).await.expect("retried");
    })
    .await;

    let close = log.lines().find(|l| l.contains("maxim_api.call") && l.contains("close")).expect("the span closed");
    for field in [
        r#"operation="group.info""#,
        r#"method="GET""#,
        r#"path="/group/info""#,
        "attempts=2",
        "status=200",
        "api_code=200",
        r#"request_id="req-second""#,
        "elapsed_ms=",
    ] {
        assert!(close.contains(field), "{field} missing from {close}");
    }
    assert_eq!(log.lines().filter(|l| l.contains("maxim_api.call") && l.contains("close")).count(), 1, "{log}");
    // Final values, each recorded once (not once per attempt).
    for field in ["attempts=", "status=", "request_id=", "api_code=", "elapsed_ms="] {
        assert_eq!(close.matches(field).count(), 1, "{field} recorded more than once: {close}");
    }
    let retry = log.lines().find(|l| l.contains("retrying")).expect("a retry event");
    assert!(retry.contains("INFO") && retry.contains("delay_ms=") && retry.contains("attempt=1"), "{retry}");
    assert!(retry.contains("status: 503"), "{retry}");
    assert!(!log.contains(TOKEN), "the token leaked: {log}");
    assert!(!log.contains(&GROUP.to_string()), "a query value leaked: {log}");
}

#[tokio::test]
async fn a_business_error_is_logged_with_its_code() {
    let server = maxim_api_tests::serve_json(200, json!({ "code": 20001, "message": "group not exist" })).await;
    let client = client(&server);
    let log = logged(async {
        client.group().info(GROUP).await.expect_err("20001");
    })
    .await;
    let close = log.lines().find(|l| l.contains("maxim_api.call") && l.contains("close")).expect("the span closed");
    assert!(close.contains("status=200") && close.contains("api_code=20001"), "{close}");
}

#[tokio::test]
async fn a_session_logs_no_password_and_no_token() {
    let server = MockServer::start().await;
    let login = json!({ "code": 200, "data": { "token": "user-SECRET-token", "expire": 0 } });
    Mock::given(path("/token/id")).respond_with(ResponseTemplate::new(200).set_body_json(login)).mount(&server).await;
    let profile = json!({ "code": 200, "data": { "user_id": ALICE } });
    Mock::given(path("/user/profile"))
        .respond_with(ResponseTemplate::new(200).set_body_json(profile))
        .mount(&server)
        .await;
    let session = client(&server).user_session(UserLogin::id(ALICE, "pw-SECRET"));
    let log = logged(async {
        session.user().profile().await.expect("profile");
    })
    .await;
    assert!(log.contains(r#"operation="token.by_id""#) && log.contains(r#"operation="user.profile""#), "{log}");
    for secret in ["pw-SECRET", "user-SECRET-token", TOKEN] {
        assert!(!log.contains(secret), "{secret} leaked: {log}");
    }
}
