//! Retries on loopback: what is retried, what never is, and how long the client waits.
//!
//! Timing assertions are lower bounds (a `Retry-After: 1` waits at least 1 s) with generous upper bounds only where
//! the point is that the client stopped: the machine running them may be loaded.

use std::time::{Duration, Instant};

use maxim_api::{Client, ContentType, Error, RetryPolicy, TargetType};
use maxim_api_tests::ids::{BOB, GROUP};
use maxim_api_tests::raw::{self, Behaviour};
use maxim_api_tests::{APP_ID, TOKEN, client};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn ok(data: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({ "code": 200, "message": null, "data": data }))
}

/// A server whose first `failures` answers to `verb path` are `failure`, and every later one `success`.
async fn failing_first(
    verb: &str,
    route: &str,
    failures: u64,
    failure: ResponseTemplate,
    success: ResponseTemplate,
) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(failure)
        .up_to_n_times(failures)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method(verb)).and(path(route)).respond_with(success).mount(&server).await;
    server
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("request recording is on")
}

fn transaction_id(request: &Request) -> Option<i64> {
    let body: Value = serde_json::from_slice(&request.body).expect("JSON body");
    body["transaction_id"].as_i64()
}

fn client_to(uri: &str) -> Client {
    Client::builder().base_url(uri).app_id(APP_ID).access_token(TOKEN).build().expect("client builds")
}

// ---- de-duplicated writes ----

#[tokio::test]
async fn a_send_without_transaction_id_is_retried_after_503_with_the_same_generated_id() {
    let sent =
        ResponseTemplate::new(200).set_body_json(json!({ "code": 200, "data": true, "msg_ids": [2306414607801_i64] }));
    let server = failing_first("POST", "/message/send", 1, ResponseTemplate::new(503), sent).await;
    let result = client(&server).message().send([BOB], TargetType::User, ContentType::Text, "hi").await;
    assert_eq!(result.expect("the retry succeeds").msg_ids, Some(vec![2306414607801]));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2, "sent twice: once answered 503, once delivered");
    let (first, second) = (transaction_id(&requests[0]), transaction_id(&requests[1]));
    assert!(first.is_some_and(|id| id > 0), "a transaction_id was generated: {first:?}");
    assert_eq!(first, second, "the retry carries the same transaction_id, so the service drops a duplicate");
}

#[tokio::test]
async fn a_callers_transaction_id_is_kept_on_every_attempt() {
    let server = failing_first("POST", "/message/notify", 2, ResponseTemplate::new(502), ok(json!(true))).await;
    let sent = client(&server)
        .message()
        .notify([GROUP], TargetType::Group, ContentType::Command, "refresh")
        .transaction_id(42)
        .await
        .expect("the third attempt succeeds");
    assert_eq!(sent.data, Some(true));
    let ids: Vec<Option<i64>> = received(&server).await.iter().map(transaction_id).collect();
    assert_eq!(ids, vec![Some(42); 3]);
}

#[tokio::test]
async fn separate_sends_get_separate_transaction_ids() {
    let server = maxim_api_tests::serve_data(json!(true)).await;
    let client = client(&server);
    for _ in 0..2 {
        client.message().send([BOB], TargetType::User, ContentType::Text, "hi").await.expect("sent");
    }
    let ids: Vec<Option<i64>> = received(&server).await.iter().map(transaction_id).collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1], "a new call is a new message");
}

// ---- writes the service does not de-duplicate ----

#[tokio::test]
async fn a_write_without_transaction_id_is_not_retried_once_it_reached_the_server() {
    for failure in [503_u16, 502, 504, 429] {
        let server = failing_first("POST", "/group/create", 1, ResponseTemplate::new(failure), ok(json!({}))).await;
        let err = client(&server).group().create().name("Rustaceans").await.expect_err("not retried");
        assert_eq!(err.http_status(), Some(failure));
        // Transient, yet repeating this very call may create the group twice.
        assert!(!err.is_retryable(), "{failure}: not safe to repeat");
        assert_eq!(err.may_have_taken_effect(), failure != 429, "{failure}: a 5xx after sending is an unknown outcome");
        assert_eq!(received(&server).await.len(), 1, "{failure}: sent once");
    }
}

#[tokio::test]
async fn a_write_that_timed_out_is_not_retried() {
    let slow = ok(json!({})).set_delay(Duration::from_millis(1500));
    let server = failing_first("POST", "/group/create", 1, slow, ok(json!({}))).await;
    let err = client(&server)
        .group()
        .create()
        .name("Rustaceans")
        .attempt_timeout(Duration::from_millis(300))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.may_have_taken_effect() && !err.is_retryable(), "{err:?}");
    assert_eq!(received(&server).await.len(), 1, "the server may have created the group: sent once");
}

#[tokio::test]
async fn a_write_whose_connection_dropped_after_sending_is_not_retried_but_a_read_is() {
    let server = raw::start(Behaviour::HangUp).await;
    let client = client_to(&server.uri);
    let err = client.group().create().name("Rustaceans").await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.may_have_taken_effect() && !err.is_retryable(), "{err:?}");
    assert_eq!(server.stats.connections(), 1, "a write is sent once");

    let err = client.group().info(GROUP).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(server.stats.connections(), 1 + 3, "a read is sent up to the policy's 3 attempts");
}

#[tokio::test]
async fn a_write_is_retried_when_no_connection_could_be_made() {
    // Nothing listens on the port at first: the request cannot have been sent, so even a create is retried.
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let patient = RetryPolicy::default()
        .max_attempts(200)
        .initial_backoff(Duration::from_millis(20))
        .max_backoff(Duration::from_millis(20));
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .app_id(APP_ID)
        .access_token(TOKEN)
        .retry(patient)
        .build()
        .expect("client builds");
    let call = tokio::spawn(async move { client.group().create().name("Rustaceans").await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let listener = std::net::TcpListener::bind(("127.0.0.1", port)).expect("the port is free again");
    let server = MockServer::builder().listener(listener).start().await;
    Mock::given(method("POST"))
        .and(path("/group/create"))
        .respond_with(ok(json!({ "group_id": GROUP, "owner_id": 2302128618880_i64 })))
        .mount(&server)
        .await;
    let created = call.await.expect("task").expect("created once the server is up");
    assert_eq!(created.group_id, GROUP);
    assert_eq!(received(&server).await.len(), 1, "only the attempt that connected reached the server");
}

// ---- reads ----

#[tokio::test]
async fn a_read_is_retried_after_a_timeout_and_transient_statuses() {
    let slow = ok(json!({ "group_id": GROUP, "owner_id": 2302128618880_i64 })).set_delay(Duration::from_millis(1500));
    let server =
        failing_first("GET", "/group/info", 1, slow, ok(json!({ "group_id": GROUP, "owner_id": 2302128618880_i64 })))
            .await;
    let info = client(&server).group().info(GROUP).attempt_timeout(Duration::from_millis(300)).await.expect("retried");
    assert_eq!(info.group_id, GROUP);
    assert_eq!(received(&server).await.len(), 2);

    let server = failing_first(
        "GET",
        "/group/info",
        2,
        ResponseTemplate::new(504),
        ok(json!({ "group_id": GROUP, "owner_id": 1 })),
    )
    .await;
    client(&server).group().info(GROUP).await.expect("the third attempt succeeds");
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn other_errors_are_not_retried() {
    for failure in [
        ResponseTemplate::new(500),
        ResponseTemplate::new(404),
        ResponseTemplate::new(200).set_body_json(json!({ "code": 20001, "message": "group not exist" })),
        ResponseTemplate::new(200).set_body_raw("<html>", "text/html"),
    ] {
        let server = failing_first("GET", "/group/info", 1, failure, ok(json!({}))).await;
        let err = client(&server).group().info(GROUP).await.expect_err("not retried");
        assert!(!err.is_retryable(), "{err:?}");
        assert_eq!(received(&server).await.len(), 1, "{err:?}");
    }
}

#[tokio::test]
async fn retry_after_one_second_waits_at_least_one_second() {
    let busy = ResponseTemplate::new(429).insert_header("retry-after", "1");
    let server =
        failing_first("GET", "/group/info", 1, busy, ok(json!({ "group_id": GROUP, "owner_id": 2302128618880_i64 })))
            .await;
    let started = Instant::now();
    client(&server).group().info(GROUP).await.expect("retried after the wait");
    assert!(started.elapsed() >= Duration::from_secs(1), "waited only {:?}", started.elapsed());
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn attempts_are_capped() {
    let server = failing_first("GET", "/group/info", 100, ResponseTemplate::new(503), ok(json!({}))).await;
    let err = client(&server).group().info(GROUP).await.expect_err("503 every time");
    assert_eq!(err.http_status(), Some(503));
    assert!(err.is_retryable());
    assert_eq!(received(&server).await.len(), 3, "the default policy makes 3 attempts");

    let server = failing_first("GET", "/group/info", 100, ResponseTemplate::new(503), ok(json!({}))).await;
    let policy = RetryPolicy::default().max_attempts(5).initial_backoff(Duration::from_millis(1));
    client(&server).group().info(GROUP).retry(policy).await.expect_err("503 every time");
    assert_eq!(received(&server).await.len(), 5, "a per-call policy overrides the client's");
}

#[tokio::test]
async fn total_time_is_capped() {
    // Every answer asks for one second; a budget of 2.5 s leaves room for attempts at 0, 1 and 2 s only.
    let busy = ResponseTemplate::new(503).insert_header("retry-after", "1");
    let server = failing_first("GET", "/group/info", 100, busy, ok(json!({}))).await;
    let policy = RetryPolicy::default().max_attempts(10).max_elapsed(Duration::from_millis(2500));
    let started = Instant::now();
    let err = client(&server).group().info(GROUP).retry(policy).await.expect_err("503 every time");
    let elapsed = started.elapsed();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(1)));
    assert_eq!(received(&server).await.len(), 3);
    assert!(elapsed >= Duration::from_secs(2), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(6), "stopped at the budget, not at 10 attempts: {elapsed:?}");
}

#[tokio::test]
async fn a_long_retry_after_ends_the_retries_and_is_reported() {
    let busy = ResponseTemplate::new(503).insert_header("retry-after", "120");
    let server = failing_first("GET", "/group/info", 100, busy, ok(json!({}))).await;
    let started = Instant::now();
    let err = client(&server).group().info(GROUP).await.expect_err("not waited for");
    assert!(started.elapsed() < Duration::from_secs(20), "did not wait two minutes");
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(received(&server).await.len(), 1);
}

// ---- per-call options ----

#[tokio::test]
async fn no_retry_sends_once() {
    let server = failing_first("GET", "/group/info", 100, ResponseTemplate::new(503), ok(json!({}))).await;
    client(&server).group().info(GROUP).no_retry().await.expect_err("503");
    assert_eq!(received(&server).await.len(), 1);

    let server = failing_first("GET", "/group/info", 100, ResponseTemplate::new(503), ok(json!({}))).await;
    client(&server).with_retry(RetryPolicy::none()).group().info(GROUP).await.expect_err("503");
    assert_eq!(received(&server).await.len(), 1, "a client-level policy applies to every call");
}

#[tokio::test]
async fn a_per_call_timeout_overrides_the_clients() {
    let slow = ok(json!({})).set_delay(Duration::from_secs(3));
    let server = failing_first("GET", "/group/info", 100, slow, ok(json!({}))).await;
    let client = client(&server).with_attempt_timeout(Duration::from_secs(30));
    let started = Instant::now();
    let err = client.group().info(GROUP).attempt_timeout(Duration::from_millis(300)).no_retry().await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < Duration::from_millis(2500), "{:?}", started.elapsed());
}
