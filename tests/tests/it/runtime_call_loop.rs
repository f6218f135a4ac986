//! The call loop on loopback: what an error says about repeating the call (`is_retryable`,
//! `may_have_taken_effect`), the whole-call and per-attempt timeouts against a server that never answers, the
//! errors of its traps (a redirect to a non-HTTP scheme, a server's message), paging that ends on repeated content,
//! and the builders tests and handlers use (`with_*` on every type, `set_*` beside every optional input).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures::TryStreamExt;
use maxim_api::{Client, ContentType, Error, GroupInfo, GroupMemberPage, RetryPolicy, TargetType};
use maxim_api_tests::ids::{BOB, GROUP};
use maxim_api_tests::{APP_ID, TOKEN, client};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server on loopback that accepts every connection and never answers; it counts the connections.
async fn silent_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let address = listener.local_addr().expect("local address");
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&connections);
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            held.push(socket); // kept open, never answered
        }
    });
    (format!("http://{address}"), connections)
}

fn client_to(uri: &str) -> Client {
    Client::builder().base_url(uri).app_id(APP_ID).access_token(TOKEN).build().expect("client")
}

/// Retries without waiting, so that a test's attempts are bounded by their timeouts only.
fn eager(attempts: u32) -> RetryPolicy {
    RetryPolicy::default().max_attempts(attempts).initial_backoff(Duration::ZERO)
}

async fn always(status: u16, verb: &str, route: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb)).and(path(route)).respond_with(ResponseTemplate::new(status)).mount(&server).await;
    server
}

// ---- what an error says about repeating the call ----

#[tokio::test]
async fn a_503_on_group_create_may_have_taken_effect_and_is_not_retryable() {
    let server = always(503, "POST", "/group/create").await;
    let err = client(&server).group().create().name("Rustaceans").await.unwrap_err();
    assert_eq!(err.http_status(), Some(503));
    assert!(!err.is_retryable(), "repeating it may create the group twice: {err:?}");
    assert!(err.may_have_taken_effect(), "{err:?}");
}

#[tokio::test]
async fn a_503_on_a_read_is_retryable_and_took_no_effect() {
    let server = always(503, "GET", "/group/info").await;
    let err = client(&server).group().info(GROUP).retry(eager(2)).await.unwrap_err();
    assert_eq!(err.http_status(), Some(503));
    assert!(err.is_retryable(), "{err:?}");
    assert!(!err.may_have_taken_effect(), "{err:?}");
}

#[tokio::test]
async fn a_deduplicated_write_is_retryable_only_with_the_callers_transaction_id() {
    let server = always(503, "POST", "/message/send").await;
    let client = client(&server).with_retry(eager(2));
    let send = || client.message().send([BOB], TargetType::User, ContentType::Text, "hi");
    // The SDK's own key is gone with this `send()`: sending again would be a new message.
    let err = send().await.unwrap_err();
    assert!(!err.is_retryable() && err.may_have_taken_effect(), "{err:?}");
    // The caller's key goes again with the next `send()`: the service drops the repeat.
    let err = send().transaction_id(42).await.unwrap_err();
    assert!(err.is_retryable() && !err.may_have_taken_effect(), "{err:?}");
}

#[tokio::test]
async fn a_refused_connection_is_retryable_and_took_no_effect() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    drop(listener);
    let client = client_to(&format!("http://127.0.0.1:{port}")).with_retry(eager(1));
    let err = client.group().create().name("Rustaceans").await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.is_retryable(), "never sent, even a write: {err:?}");
    assert!(!err.may_have_taken_effect(), "{err:?}");
}

// ---- timeouts that say what they bound ----

#[tokio::test]
async fn an_operation_timeout_bounds_the_whole_call_against_a_server_that_never_answers() {
    let (uri, connections) = silent_server().await;
    // Each attempt alone could take 10 s, and there could be 4 of them: the whole call has 300 ms.
    let client = client_to(&uri).with_attempt_timeout(Duration::from_secs(10)).with_retry(eager(4));
    let started = Instant::now();
    let err = client.group().info(GROUP).operation_timeout(Duration::from_millis(300)).await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(err.is_timeout() && err.is_retryable(), "a read: {err:?}");
    assert!(elapsed < Duration::from_secs(3), "the call ended long after its 300 ms: {elapsed:?}");
    assert_eq!(connections.load(Ordering::SeqCst), 1, "one attempt, cut by the call's deadline");
}

#[tokio::test]
async fn a_client_default_operation_timeout_applies_to_every_call() {
    let (uri, _) = silent_server().await;
    let client = client_to(&uri).with_operation_timeout(Some(Duration::from_millis(200)));
    let err = client.group().info(GROUP).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
}

#[tokio::test]
async fn an_attempt_timeout_still_bounds_each_attempt() {
    let (uri, connections) = silent_server().await;
    let client = client_to(&uri).with_retry(eager(3));
    let err = client
        .group()
        .info(GROUP)
        .attempt_timeout(Duration::from_millis(100))
        .operation_timeout(Duration::from_secs(60))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    // Each attempt gave up on its own: the third one was made, within the call's 60 s.
    assert_eq!(connections.load(Ordering::SeqCst), 3);
}

/// Deadlines run on timers reused from call to call (`timer.rs`): a timer left idle 30 s ahead by a finished call
/// still bounds the next call's 150 ms, and calls running at once each keep their own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deadlines_hold_on_reused_timers_and_for_calls_at_once() {
    let answering = always(400, "GET", "/group/info").await;
    let err = client(&answering).with_attempt_timeout(Duration::from_secs(30)).group().info(GROUP).await.unwrap_err();
    assert_eq!(err.http_status(), Some(400), "{err:?}");

    let (uri, connections) = silent_server().await;
    let client = client_to(&uri).with_attempt_timeout(Duration::from_millis(150)).with_retry(eager(1));
    let started = Instant::now();
    let err = client.group().info(GROUP).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    let calls = (0..20).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.group().info(GROUP).await })
    });
    for call in futures::future::join_all(calls).await {
        let err = call.expect("joined").unwrap_err();
        assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    }
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(3), "21 calls of 150 ms, at most two rounds, took {elapsed:?}");
    assert_eq!(connections.load(Ordering::SeqCst), 21);
}

#[tokio::test]
async fn the_retry_budget_includes_the_first_attempt() {
    let (uri, connections) = silent_server().await;
    let policy = eager(5).max_elapsed(Duration::from_millis(200));
    let client = client_to(&uri).with_attempt_timeout(Duration::from_secs(30)).with_retry(policy);
    let err = client.group().info(GROUP).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    // The first attempt was cut to the budget, and no retry could start after it.
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

// ---- traps ----

#[tokio::test]
async fn a_redirect_to_a_non_http_scheme_is_an_error_of_its_own() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/file/download/chat"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "file:///etc/passwd"))
        .mount(&server)
        .await;
    let err = client(&server).file().download_chat("sign").await.unwrap_err();
    match &err {
        Error::Redirect { scheme, operation, .. } => {
            assert_eq!(scheme, "file");
            assert_eq!(*operation, "file.download_chat");
        }
        other => panic!("expected Error::Redirect, got {other:?}"),
    }
    assert!(!err.to_string().contains("passwd"), "{err}");
    assert!(!err.is_retryable() && !err.may_have_taken_effect());
}

#[tokio::test]
async fn a_servers_message_is_shown_bounded_and_without_control_characters() {
    let message = format!("bad\u{1b}[31m\r\nrequest{}", "x".repeat(5000));
    let body = json!({ "code": 20001, "message": message });
    let server = maxim_api_tests::serve_json(200, body).await;
    let err = client(&server).group().info(GROUP).await.unwrap_err();
    let shown = err.to_string();
    assert!(!shown.chars().any(char::is_control), "{shown:?}");
    assert!(shown.len() < 400, "bounded: {} bytes", shown.len());
    assert!(shown.contains("bad\\u{1b}[31m\\u{d}\\u{a}request"), "{shown}");
    // The error keeps the message as sent.
    assert!(matches!(&err, Error::Api { message: Some(m), .. } if *m == message));
}

// ---- paging ----

#[tokio::test]
async fn a_walk_ends_on_the_same_items_under_ever_new_cursors() {
    // Two empty pages, then the same member under each new cursor (a cursor per request, never repeated).
    let server = MockServer::start().await;
    let count = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&count);
    Mock::given(method("GET"))
        .and(path("/group/member_list"))
        .respond_with(move |_: &wiremock::Request| {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            let data = if n < 2 { json!([]) } else { json!([{ "user_id": BOB }]) };
            ResponseTemplate::new(200).set_body_json(json!({ "code": 200, "cursor": format!("c{n}"), "data": data }))
        })
        .mount(&server)
        .await;
    let client = client(&server);
    let walk = client.group().member_list(GROUP).pages().try_collect::<Vec<GroupMemberPage>>();
    let pages = tokio::time::timeout(Duration::from_secs(10), walk).await.expect("the walk ends").unwrap();
    assert_eq!(pages.len(), 3, "two empty pages and the member once");
    assert_eq!(count.load(Ordering::SeqCst), 4, "the fourth page repeats the third's items");
}

#[tokio::test]
async fn a_100000_page_walk_whose_server_ignores_the_page_number_ends_after_the_first_repeat() {
    let server = MockServer::start().await;
    let users: Vec<_> = (0..100).map(|n| json!({ "user_id": 2302128618800_i64 + n })).collect();
    Mock::given(method("GET"))
        .and(path("/user/list"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "code": 200, "data": users })))
        .mount(&server)
        .await;
    // Page numbers 1 to 100,000 would all be asked for if the walk did not notice.
    let client = client(&server);
    let walk = client.user().list().page_num(1).page_size(100).items().try_collect::<Vec<_>>();
    let items = tokio::time::timeout(Duration::from_secs(10), walk).await.expect("the walk ends").unwrap();
    assert_eq!(items.len(), 100, "page 1 once");
    assert_eq!(server.received_requests().await.expect("recorded").len(), 2);
}

#[test]
fn next_cursor_is_none_on_the_last_page_even_when_the_cursor_is_empty() {
    assert_eq!(GroupMemberPage::default().with_cursor("c2").next_cursor(), Some("c2"));
    assert_eq!(GroupMemberPage::default().with_cursor("").next_cursor(), None);
    assert_eq!(GroupMemberPage::default().next_cursor(), None);
}

// ---- builders ----

#[test]
fn a_response_fixture_is_one_expression() {
    // The IDs the service always sends are `new`'s arguments; everything else is a `with_*` setter.
    let info = GroupInfo::new(GROUP, 7).with_name("x").with_description("a fixture");
    assert_eq!((info.group_id, info.owner_id, info.name.as_deref()), (GROUP, 7, Some("x")));
    assert_eq!(info.description.as_deref(), Some("a fixture"));
}

#[tokio::test]
async fn a_handler_passes_an_optional_cursor_through() {
    let server = maxim_api_tests::serve_json(200, json!({ "code": 200, "data": [] })).await;
    let client = client(&server);
    for cursor in [Some("c7".to_owned()), None] {
        client.group().member_list(GROUP).set_cursor(cursor).set_limit(None).await.expect("answered");
    }
    let received = server.received_requests().await.expect("recorded");
    let queries: Vec<&str> = received.iter().map(|r| r.url.query().unwrap_or_default()).collect();
    assert!(queries[0].contains("cursor=c7") && !queries[0].contains("limit"), "{queries:?}");
    assert!(!queries[1].contains("cursor") && queries[1].contains("group_id=2306414607729"), "{queries:?}");
}
