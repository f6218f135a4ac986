//! Shared harness of the cross-crate tests: a loopback HTTP server (wiremock on 127.0.0.1) that answers with a
//! canned envelope and records what it received, and assertions on that request.
//!
//! Wire tests call the public SDK exactly as a user would, then check the bytes the server saw. Their
//! expectations are written by hand from the API document, never derived from the generator.

pub mod spec_checks;

use maxim_api::Client;
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// IDs the wire tests use: 64-bit, like the live service's (a client that decodes them as `i32` fails).
pub mod ids {
    /// A user.
    pub const ALICE: i64 = 2302128618880;
    /// Another user.
    pub const BOB: i64 = 2302128618881;
    /// A third user.
    pub const CAROL: i64 = 2302128618882;
    /// A group.
    pub const GROUP: i64 = 2306414607729;
    /// Another group.
    pub const OTHER_GROUP: i64 = 2306414607730;
}

/// The `MemberResult` list most group member operations answer with: one success (with an unknown field), one
/// failure.
pub fn member_results() -> Value {
    serde_json::json!([
        { "user_id": ids::ALICE, "result": "success", "extra": 1 },
        { "user_id": ids::BOB, "result": "fail", "reason": "not a member of the group" }
    ])
}

/// Asserts that `results` decoded [`member_results`].
pub fn assert_member_results(results: &[maxim_api::MemberResult]) {
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].user_id, Some(ids::ALICE));
    assert_eq!(results[0].result.as_deref(), Some("success"));
    assert_eq!(results[0].reason, None);
    assert_eq!(results[1].user_id, Some(ids::BOB));
    assert_eq!(results[1].reason.as_deref(), Some("not a member of the group"));
}

/// The `app_id` every test client sends.
pub const APP_ID: &str = "app-test-1";
/// The access token every test client sends.
pub const TOKEN: &str = "admin-token-123";

/// A loopback server that answers every request with `status` and the JSON `body`.
pub async fn serve_json(status: u16, body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(status).set_body_json(body)).mount(&server).await;
    server
}

/// A loopback server that answers every request with HTTP 200 and `{"code":200,"message":null,"data":data}`.
pub async fn serve_data(data: Value) -> MockServer {
    serve_json(200, serde_json::json!({ "code": 200, "message": null, "data": data })).await
}

/// A loopback server that answers every request with `template`.
pub async fn serve(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(template).mount(&server).await;
    server
}

/// An admin client of the test app pointed at `server`.
pub fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).app_id(APP_ID).access_token(TOKEN).build().expect("client builds")
}

/// Who the request should claim to act as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Acting {
    /// Neither `user_id` nor `group_id` header.
    Admin,
    /// Header `user_id: <id>`.
    User(i64),
    /// Header `group_id: <id>`.
    GroupAdmin(i64),
}

/// What a test expects the server to have received.
#[derive(Clone, Debug)]
pub struct Expected {
    /// `GET`, `POST`, `PUT` or `DELETE`.
    pub method: &'static str,
    /// The path, e.g. `/user/register`.
    pub path: &'static str,
    /// The exact query string without `?` (empty for none).
    pub query: &'static str,
    /// The exact JSON body, or `None` for no body at all.
    pub body: Option<Value>,
    /// Impersonation headers.
    pub acting: Acting,
}

impl Expected {
    /// A request with no query and no body, sent by the admin itself.
    pub fn new(method: &'static str, path: &'static str) -> Self {
        Expected { method, path, query: "", body: None, acting: Acting::Admin }
    }

    /// With this exact query string.
    pub fn query(mut self, query: &'static str) -> Self {
        self.query = query;
        self
    }

    /// With this exact JSON body.
    pub fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    /// Sent while acting as someone.
    pub fn acting(mut self, acting: Acting) -> Self {
        self.acting = acting;
        self
    }
}

/// The one request `server` received (fails if it received none or several).
pub async fn the_request(server: &MockServer) -> Request {
    let mut received = server.received_requests().await.expect("request recording is on");
    assert_eq!(received.len(), 1, "expected exactly one request, got {}", received.len());
    received.remove(0)
}

/// Asserts that `server` received exactly the `expected` request: method, path, query string, JSON body (exact:
/// absent optional fields must be omitted), `app_id` and `access-token` headers, and the impersonation headers.
pub async fn assert_received(server: &MockServer, expected: Expected) {
    let request = the_request(server).await;
    assert_request(&request, &expected);
}

/// [`assert_received`] for one already-taken request.
pub fn assert_request(request: &Request, expected: &Expected) {
    let what = format!("{} {}", expected.method, expected.path);
    assert_eq!(request.method.as_str(), expected.method, "{what}: method");
    assert_eq!(request.url.path(), expected.path, "{what}: path");
    assert_eq!(request.url.query().unwrap_or(""), expected.query, "{what}: query string");
    let header = |name: &str| request.headers.get(name).map(|v| v.to_str().expect("ASCII header").to_owned());
    assert_eq!(header("app_id").as_deref(), Some(APP_ID), "{what}: app_id header");
    assert_eq!(header("access-token").as_deref(), Some(TOKEN), "{what}: access-token header");
    let (user_id, group_id) = match expected.acting {
        Acting::Admin => (None, None),
        Acting::User(id) => (Some(id.to_string()), None),
        Acting::GroupAdmin(id) => (None, Some(id.to_string())),
    };
    assert_eq!(header("user_id"), user_id, "{what}: user_id header");
    assert_eq!(header("group_id"), group_id, "{what}: group_id header");
    match &expected.body {
        None => {
            assert!(request.body.is_empty(), "{what}: expected no body, got {}", String::from_utf8_lossy(&request.body))
        }
        Some(body) => {
            assert_eq!(header("content-type").as_deref(), Some("application/json"), "{what}: content-type");
            let sent: Value = serde_json::from_slice(&request.body).expect("the body is JSON");
            assert_eq!(&sent, body, "{what}: JSON body");
        }
    }
}
