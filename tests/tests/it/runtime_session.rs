//! User sessions on loopback: one login for many concurrent calls, a login shortly before the token expires, a
//! second login when the service rejects the token (code 10008) with the call sent once more, and a failed login
//! shared by the calls that waited for it.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures::future::join_all;
use maxim_api::{Client, Error, ErrorCode, UserLogin};
use maxim_api_tests::ids::{ALICE, BOB};
use maxim_api_tests::{TOKEN, client};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const CALLS: usize = 50;

/// `/token/id`: answers token `user-token-<n>` for the n-th login, after a delay that lets concurrent calls pile up.
struct Logins {
    count: Arc<AtomicUsize>,
    /// The `expire` to answer, from the current time in milliseconds.
    expire: fn(i64) -> i64,
}

impl Respond for Logins {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.count.fetch_add(1, Ordering::SeqCst) + 1;
        let now_ms =
            i64::try_from(SystemTime::now().duration_since(UNIX_EPOCH).expect("clock").as_millis()).expect("ms");
        let data = json!({ "token": format!("user-token-{n}"), "expire": (self.expire)(now_ms), "user_id": ALICE });
        ResponseTemplate::new(200)
            .set_body_json(json!({ "code": 200, "message": null, "data": data }))
            .set_delay(Duration::from_millis(200))
    }
}

/// `/user/profile`: rejects the tokens of the first `rejected` logins with code 10008, answers a profile otherwise.
struct Profiles {
    rejected: usize,
}

impl Respond for Profiles {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let token = request.headers.get("access-token").and_then(|v| v.to_str().ok()).unwrap_or_default();
        let login: usize = token.strip_prefix("user-token-").and_then(|n| n.parse().ok()).unwrap_or(0);
        if login == 0 || login <= self.rejected {
            return ResponseTemplate::new(200).set_body_json(json!({ "code": 10008, "message": "token invalid" }));
        }
        ResponseTemplate::new(200).set_body_json(json!({ "code": 200, "data": { "user_id": ALICE } }))
    }
}

/// A server with both routes, and the login counter.
async fn server(expire: fn(i64) -> i64, rejected: usize) -> (MockServer, Arc<AtomicUsize>) {
    let server = MockServer::start().await;
    let count = Arc::new(AtomicUsize::new(0));
    let logins = Logins { count: Arc::clone(&count), expire };
    Mock::given(method("POST")).and(path("/token/id")).respond_with(logins).mount(&server).await;
    Mock::given(method("GET")).and(path("/user/profile")).respond_with(Profiles { rejected }).mount(&server).await;
    (server, count)
}

fn in_an_hour(now_ms: i64) -> i64 {
    now_ms + 3_600_000
}

async fn requests_to(server: &MockServer, route: &str) -> Vec<Request> {
    let all = server.received_requests().await.expect("recording");
    all.into_iter().filter(|r| r.url.path() == route).collect()
}

fn token_of(request: &Request) -> String {
    request.headers.get("access-token").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

async fn profiles(session: &Client, calls: usize) -> Vec<Result<maxim_api::UserProfile, Error>> {
    join_all((0..calls).map(|_| async { session.user().profile().await })).await
}

#[tokio::test]
async fn concurrent_first_calls_make_one_login() {
    let (server, logins) = server(in_an_hour, 0).await;
    let session = client(&server).as_user(BOB).user_session(UserLogin::id(ALICE, "alice-pw"));
    let results = profiles(&session, CALLS).await;
    assert!(results.iter().all(Result::is_ok), "{:?}", results.iter().find(|r| r.is_err()));
    assert_eq!(logins.load(Ordering::SeqCst), 1, "one login for {CALLS} concurrent calls");

    let login = &requests_to(&server, "/token/id").await[0];
    let body: Value = serde_json::from_slice(&login.body).expect("JSON");
    assert_eq!(body, json!({ "user_id": ALICE, "password": "alice-pw" }));
    assert_eq!(login.headers.get("access-token").and_then(|v| v.to_str().ok()), Some(TOKEN), "the admin's credentials");
    assert!(login.headers.get("user_id").is_none(), "a session never acts as someone else");
    for call in requests_to(&server, "/user/profile").await {
        assert_eq!(token_of(&call), "user-token-1");
        assert!(call.headers.get("user_id").is_none());
    }
}

#[tokio::test]
async fn an_expiring_token_is_renewed_once_for_concurrent_calls() {
    // The token lives 1.5 s; with a margin of 0.5 s, it is renewed from 1 s on.
    let (server, logins) = server(|now_ms| now_ms + 1500, 0).await;
    let login = UserLogin::id(ALICE, "alice-pw").refresh_margin(Duration::from_millis(500));
    let session = client(&server).user_session(login);
    assert!(profiles(&session, CALLS).await.iter().all(Result::is_ok));
    assert_eq!(logins.load(Ordering::SeqCst), 1);

    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert!(profiles(&session, CALLS).await.iter().all(Result::is_ok));
    assert_eq!(logins.load(Ordering::SeqCst), 2, "the expired token was renewed once for {CALLS} calls");
    let tokens: Vec<String> = requests_to(&server, "/user/profile").await.iter().map(token_of).collect();
    assert!(tokens[..CALLS].iter().all(|t| t == "user-token-1"));
    assert!(tokens[CALLS..].iter().all(|t| t == "user-token-2"), "{tokens:?}");
}

#[tokio::test]
async fn a_rejected_token_is_renewed_once_and_each_call_is_sent_again_once() {
    let (server, logins) = server(in_an_hour, 1).await;
    let session = client(&server).user_session(UserLogin::id(ALICE, "alice-pw"));
    let results = profiles(&session, CALLS).await;
    assert!(results.iter().all(Result::is_ok), "{:?}", results.iter().find(|r| r.is_err()));
    assert_eq!(logins.load(Ordering::SeqCst), 2, "one login, then one renewal after 10008");
    let tokens: Vec<String> = requests_to(&server, "/user/profile").await.iter().map(token_of).collect();
    assert_eq!(tokens.len(), 2 * CALLS, "each call sent twice: rejected, then accepted");
    assert_eq!(tokens.iter().filter(|t| *t == "user-token-2").count(), CALLS);
}

#[tokio::test]
async fn a_token_rejected_again_after_renewal_is_an_error() {
    let (server, logins) = server(in_an_hour, usize::MAX).await;
    let session = client(&server).user_session(UserLogin::id(ALICE, "alice-pw"));
    let err = session.user().profile().await.unwrap_err();
    assert_eq!(err.api_code(), Some(ErrorCode::AccessTokenInvalid));
    assert_eq!(logins.load(Ordering::SeqCst), 2, "renewed once, not in a loop");
    assert_eq!(requests_to(&server, "/user/profile").await.len(), 2);
}

#[tokio::test]
async fn a_failed_login_is_shared_by_the_calls_that_waited_for_it() {
    let server = MockServer::start().await;
    let refusal = ResponseTemplate::new(200)
        .set_body_json(json!({ "code": 10000, "message": "user not found" }))
        .set_delay(Duration::from_millis(200));
    Mock::given(path("/token/user")).respond_with(refusal).mount(&server).await;
    let session = client(&server).user_session(UserLogin::name("nobody", "pw"));
    let results = profiles(&session, 10).await;
    for result in &results {
        match result {
            Err(err @ Error::Login { .. }) => assert_eq!(err.api_code(), Some(ErrorCode::UserNotFound)),
            other => panic!("expected Error::Login, got {other:?}"),
        }
    }
    assert_eq!(requests_to(&server, "/token/user").await.len(), 1, "one login attempt for 10 waiting calls");
    assert!(requests_to(&server, "/user/profile").await.is_empty(), "no call went out without a token");
    // The login's own error is the source, not repeated in the message.
    let err = results[0].as_ref().unwrap_err();
    assert_eq!(err.to_string(), "user session login failed");
    let source = std::error::Error::source(err).map(ToString::to_string).unwrap_or_default();
    assert!(source.starts_with("POST /token/user"), "{source}");
}

#[tokio::test]
async fn a_login_answer_without_token_is_a_decode_error() {
    let server = MockServer::start().await;
    let no_token = ResponseTemplate::new(200).set_body_json(json!({ "code": 200, "data": { "expire": 1 } }));
    Mock::given(path("/token/login")).respond_with(no_token).mount(&server).await;
    let session = client(&server).user_session(UserLogin::login_name("alice@example.com", "pw"));
    match session.user().profile().await.unwrap_err() {
        Error::Login { source } => {
            assert!(matches!(&*source, Error::Decode { path, .. } if path == "data.token"), "{source:?}")
        }
        other => panic!("expected Error::Login, got {other:?}"),
    }
}
