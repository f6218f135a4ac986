//! A mock MaxIM server for tests (feature `mock`): every operation of the API document answers a valid envelope
//! with example data of the right types, and a test can change any answer, inject failures and inspect what the
//! server received.
//!
//! It is a real HTTP server on loopback (wiremock), so the code under test runs unchanged: point a [`Client`] at
//! [`MockServer::uri`]. The example data is generated from the API document with the SDK: 13-digit IDs,
//! millisecond times, plausible strings, the first known value of each enum, one element per list; paged lists
//! are single last pages. Upload targets point at the mock server's own `/mock-storage`, which accepts the upload,
//! and downloads answer with [`EXAMPLE_FILE`].
//!
//! ```
//! use maxim_api::mock::MockServer;
//! use maxim_api::{ErrorCode, Method};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), maxim_api::Error> {
//! let mock = MockServer::start().await;
//! let client = mock.client()?;
//!
//! // Every operation answers with example data.
//! let group = client.group().create().name("Rustaceans").await?;
//! assert_eq!(group.group_id, 2306414607729);
//!
//! // Change one answer, or make it fail.
//! mock.on(Method::Get, "/group/info").api_error(20001, "group not found").await;
//! let err = client.group().info(1).await.unwrap_err();
//! assert_eq!(err.api_code(), Some(ErrorCode::GroupNotFound));
//!
//! // See what was sent.
//! let sent = mock.received_at(Method::Post, "/group/create").await;
//! assert_eq!(sent[0].json().expect("JSON body")["name"], "Rustaceans");
//! # Ok(())
//! # }
//! ```

use std::net::TcpListener;
use std::sync::atomic::{AtomicU8, Ordering};

use serde_json::{Value, json};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, ResponseTemplate};

use crate::client::Client;
use crate::error::Result;
use crate::generated::mock_examples::EXAMPLES;
use crate::values::Method;

/// Re-exported for answers and matchers this module does not cover ([`MockServer::wiremock`]).
pub use wiremock;

/// The `app_id` of [`MockServer::client`]. The mock server accepts any.
pub const APP_ID: &str = "mock-app";
/// The admin token of [`MockServer::client`]. The mock server accepts any.
pub const ADMIN_TOKEN: &str = "mock-admin-token";
/// What the file downloads (and `GET /mock-storage/…`) answer with, as `application/octet-stream`.
pub const EXAMPLE_FILE: &[u8] = b"mock file contents\n";
/// The path below the server's URI where upload targets point (`upload_url`, `download_url`).
pub const STORAGE_PATH: &str = "/mock-storage";

/// Replaced by the server's origin in the generated examples (see `codegen/src/emit/mock.rs`).
const ORIGIN_PLACEHOLDER: &str = "$MOCK_ORIGIN";
/// Priority of the default answers; overrides start just above it and climb, so the latest one wins.
const DEFAULT_PRIORITY: u8 = 200;

/// One entry of the API document and its example answer (the generated table).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Example {
    pub operation: &'static str,
    pub method: Method,
    pub path: &'static str,
    /// The JSON body, or `None` for a file download.
    pub body: Option<&'static str>,
}

/// A running mock MaxIM server on loopback; it stops when dropped. See the [module docs](self).
#[derive(Debug)]
pub struct MockServer {
    server: wiremock::MockServer,
    next_priority: AtomicU8,
}

impl MockServer {
    /// Starts a server on `127.0.0.1` on a free port, answering every operation with its example.
    pub async fn start() -> MockServer {
        MockServer::serve(wiremock::MockServer::start().await).await
    }

    /// Starts a server on `listener` (for a fixed address, as the `mock-server` example does).
    pub async fn start_on(listener: TcpListener) -> MockServer {
        MockServer::serve(wiremock::MockServer::builder().listener(listener).start().await).await
    }

    async fn serve(server: wiremock::MockServer) -> MockServer {
        let mock = MockServer { server, next_priority: AtomicU8::new(DEFAULT_PRIORITY) };
        mock.mount_defaults().await;
        mock
    }

    async fn mount_defaults(&self) {
        let origin = self.server.uri();
        for example in &EXAMPLES {
            let template = match example.body {
                Some(body) => json_template(200, &body.replace(ORIGIN_PLACEHOLDER, &origin)),
                None => file_template(),
            };
            let answer = Mock::given(method(example.method.as_str())).and(path(example.path)).respond_with(template);
            answer.with_priority(DEFAULT_PRIORITY).named(example.operation).mount(&self.server).await;
        }
        let upload = Mock::given(method("POST")).and(path(STORAGE_PATH)).respond_with(ResponseTemplate::new(204));
        upload.with_priority(DEFAULT_PRIORITY).named("mock storage upload").mount(&self.server).await;
        let download =
            Mock::given(method("GET")).and(path_regex(format!("^{STORAGE_PATH}/"))).respond_with(file_template());
        download.with_priority(DEFAULT_PRIORITY).named("mock storage download").mount(&self.server).await;
    }

    /// The server's base URL (`http://127.0.0.1:PORT`), to pass to
    /// [`ClientBuilder::base_url`](crate::ClientBuilder::base_url).
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// An admin client of app [`APP_ID`] with token [`ADMIN_TOKEN`], pointed at this server.
    pub fn client(&self) -> Result<Client> {
        Client::builder().base_url(self.uri()).app_id(APP_ID).access_token(ADMIN_TOKEN).build()
    }

    /// Sets the answer to `method` and `path` (any operation, or any other path). The latest answer set for a
    /// request wins over earlier ones and over the example; see [`Answer::times`] to limit it.
    pub fn on(&self, method: Method, path: impl Into<String>) -> Answer<'_> {
        // Lower numbers win in wiremock. Past 199 overrides they all get 1, and the first of those mounted wins.
        let raise = |priority: u8| priority.saturating_sub(1).max(1);
        let previous = self.next_priority.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |p| Some(raise(p)));
        let priority = raise(previous.unwrap_or(1));
        Answer { server: self, method, path: path.into(), times: None, priority }
    }

    /// The default answer of an entry, with URLs pointing at this server: the JSON envelope, or `None` for file
    /// downloads and for entries the document does not have.
    pub fn example(&self, method: Method, path: &str) -> Option<Value> {
        let example = EXAMPLES.iter().find(|e| e.method == method && e.path == path)?;
        serde_json::from_str(&example.body?.replace(ORIGIN_PLACEHOLDER, &self.uri())).ok()
    }

    /// Every request received so far, in order.
    pub async fn received(&self) -> Vec<Received> {
        let requests = self.server.received_requests().await.unwrap_or_default();
        requests.into_iter().map(Received::from).collect()
    }

    /// The requests received so far for `method` and `path`, in order.
    pub async fn received_at(&self, method: Method, path: &str) -> Vec<Received> {
        let mut received = self.received().await;
        received.retain(|r| r.method == method.as_str() && r.path == path);
        received
    }

    /// Forgets every answer set with [`on`](Self::on) and every received request; the examples answer again.
    pub async fn reset(&self) {
        self.server.reset().await;
        self.next_priority.store(DEFAULT_PRIORITY, Ordering::Relaxed);
        self.mount_defaults().await;
    }

    /// The underlying wiremock server, to mount answers with matchers of your own (give them a priority below 200
    /// to win over the examples).
    pub fn wiremock(&self) -> &wiremock::MockServer {
        &self.server
    }
}

/// The answer being set for one method and path; made by [`MockServer::on`]. Nothing changes until one of the
/// `async` methods is awaited.
#[must_use = "an answer is set only when one of its async methods is awaited"]
#[derive(Debug)]
pub struct Answer<'a> {
    server: &'a MockServer,
    method: Method,
    path: String,
    times: Option<u64>,
    priority: u8,
}

impl Answer<'_> {
    /// Answers only the next `n` matching requests this way; later ones get the previous answer again.
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    /// Answers HTTP 200 with `{"code":200,"message":null,"data":data}`.
    pub async fn data(self, data: Value) {
        self.json(200, json!({ "code": 200, "message": null, "data": data })).await;
    }

    /// Answers HTTP 200 with this whole JSON body (an envelope with `cursor`, `total`, … or a malformed one).
    pub async fn envelope(self, body: Value) {
        self.json(200, body).await;
    }

    /// A business error as the service reports it: HTTP 200 with `{"code":code,"message":message,"data":null}`
    /// (e.g. 20001 group not found, 10008 access-token invalid).
    pub async fn api_error(self, code: i64, message: &str) {
        self.json(200, json!({ "code": code, "message": message, "data": null })).await;
    }

    /// An HTTP failure: `status` with this body (an HTML error page, a JSON envelope, or nothing).
    pub async fn http_error(self, status: u16, body: &str) {
        let content_type = if body.trim_start().starts_with('{') { "application/json" } else { "text/html" };
        self.respond(ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), content_type)).await;
    }

    /// Answers HTTP 200 with these bytes (file downloads).
    pub async fn bytes(self, content_type: &str, bytes: Vec<u8>) {
        self.respond(ResponseTemplate::new(200).set_body_raw(bytes, content_type)).await;
    }

    /// Answers with any wiremock template (delays, headers, other statuses).
    pub async fn respond(self, template: ResponseTemplate) {
        let mut answer = Mock::given(method(self.method.as_str()))
            .and(path(self.path))
            .respond_with(template)
            .with_priority(self.priority);
        if let Some(n) = self.times {
            answer = answer.up_to_n_times(n);
        }
        answer.mount(&self.server.server).await;
    }

    async fn json(self, status: u16, body: Value) {
        self.respond(json_template(status, &body.to_string())).await;
    }
}

/// A request the mock server received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Received {
    /// `GET`, `POST`, `PUT` or `DELETE`.
    pub method: String,
    /// The path, e.g. `/group/create`.
    pub path: String,
    /// The query parameters, decoded, in order.
    pub query: Vec<(String, String)>,
    /// The headers, names in lower case, in order.
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: Vec<u8>,
}

impl Received {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The first value of query parameter `name`.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The body as JSON, if it is JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

impl From<wiremock::Request> for Received {
    fn from(request: wiremock::Request) -> Self {
        let headers = request
            .headers
            .iter()
            .map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()));
        Received {
            method: request.method.as_str().to_owned(),
            path: request.url.path().to_owned(),
            query: request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect(),
            headers: headers.collect(),
            body: request.body,
        }
    }
}

fn json_template(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

fn file_template() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(EXAMPLE_FILE.to_vec(), "application/octet-stream")
}
