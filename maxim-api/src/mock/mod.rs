//! An in-memory MaxIM for tests (feature `mock`): an emulator that remembers users, tokens, rosters, groups and
//! messages, validates every request against the API document, and lets a test mount answers and faults.
//!
//! It is a real HTTP server on loopback, so the code under test runs unchanged: point a [`Client`] at
//! [`MockServer::uri`]. The standalone server (`cargo run -p maxim-api --features mock --example mock-server --
//! --port 8080`) is the same emulator, for programs in any language.
//!
//! Every request goes through three steps, in this order:
//!
//! 1. **Mounted answers** ([`MockServer::on`]): the first one mounted that matches the request (method, path, and
//!    the query, header and JSON body matchers) and has uses left answers it, instead of the emulator. There is no
//!    limit on their number; [`Answer::times`] limits one, after which the next one matching answers. Faults are
//!    answers too: a delay, a reset connection, an HTTP status with `Retry-After`.
//! 2. **Validation** against the model (the generated table of every operation's headers, query parameters and body
//!    members): an unknown or misspelled member, a wrong type or a missing required input is recorded as a
//!    [`Violation`] ([`MockServer::violations`]) and answered as the service answers a bad request: HTTP 200 with
//!    code 10002 ([`ErrorCode::BadParameters`](crate::ErrorCode::BadParameters)), or 10003 for a missing
//!    `access-token`. A mounted answer still answers an invalid request, but the violation is recorded.
//! 3. **The emulator** answers the operations it keeps state for ([`EMULATED_OPERATIONS`]), with the service's
//!    business errors as HTTP 200 and a documented code: users (register, batch register, profile, list, delete,
//!    disable and enable, passwords), tokens (login by ID, name or login name; 10008 for a revoked, unknown or
//!    foreign token), rosters (apply, accept, decline, list, remove, block), groups (create, info, invite, apply and
//!    approve, member list with real paging, kick, leave, admins, mute, transfer, destroy; a non-member cannot read,
//!    a non-admin cannot kick) and messages (send to users or a group, both sides' histories with paging, recall,
//!    read acknowledgements, and `transaction_id` de-duplication). Every other operation answers its example data,
//!    as before the emulator, and says so: header `x-maxim-emulated: false` and a `tracing` log line.
//!
//! Who is calling: a token issued by the emulator (`/token/*`) acts as its user only. Any other token is the app's
//! admin token: with header `user_id` it acts as that user, with `group_id` as that group's owner, and with
//! neither as [`EXAMPLE_USER_ID`]. The emulator starts with the example data: user [`EXAMPLE_USER_ID`]
//! ([`EXAMPLE_USERNAME`], password [`EXAMPLE_PASSWORD`], token [`EXAMPLE_USER_TOKEN`]) owning group
//! [`EXAMPLE_GROUP_ID`].
//!
//! ```
//! use maxim_api::mock::{self, MockServer};
//! use maxim_api::{ErrorCode, Method};
//! use serde_json::json;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), maxim_api::Error> {
//! let mock = MockServer::start().await;
//! let client = mock.client()?;
//!
//! // The emulator remembers: a group created is there to read.
//! let group = client.group().create().name("Rustaceans").await?;
//! let group_id = group.group_id;
//! assert_eq!(client.group().info(group_id).await?.name.as_deref(), Some("Rustaceans"));
//! assert_eq!(client.group().info(1).await.unwrap_err().api_code(), Some(ErrorCode::GroupNotFound));
//!
//! // Mounted answers win over the emulator, in the order mounted.
//! mock.on(Method::Get, "/group/info").query("group_id", group_id.to_string()).times(1).api_error(20001, "gone").await;
//! assert_eq!(client.group().info(group_id).await.unwrap_err().api_code(), Some(ErrorCode::GroupNotFound));
//! assert!(client.group().info(group_id).await.is_ok());
//!
//! // See what was sent, and that every request was valid.
//! let sent = mock.received_at(Method::Post, "/group/create").await;
//! assert_eq!(sent[0].json().expect("JSON body")["name"], "Rustaceans");
//! assert!(mock.violations().await.is_empty());
//! # let _ = (mock::EXAMPLE_GROUP_ID, json!(null));
//! # Ok(())
//! # }
//! ```

mod rules;
mod server;
mod state;
mod validate;

use std::net::TcpListener;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use serde_json::Value;

use crate::client::Client;
use crate::error::Result;
use crate::generated::mock_examples::OPERATIONS;
use crate::values::Method;

pub use rules::Answer;
pub use state::EMULATED_OPERATIONS;
pub use validate::Violation;

/// The `app_id` of [`MockServer::client`]. The mock server accepts any.
pub const APP_ID: &str = "mock-app";
/// The admin token of [`MockServer::client`]. The mock server takes any token it did not issue as the admin's.
pub const ADMIN_TOKEN: &str = "mock-admin-token";
/// What the file downloads (and `GET /mock-storage/…`) answer with, as `application/octet-stream`.
pub const EXAMPLE_FILE: &[u8] = b"mock file contents\n";
/// The path below the server's URI where upload targets point (`upload_url`, `download_url`).
pub const STORAGE_PATH: &str = "/mock-storage";
/// The response header that says whether the emulator answered (`true`) or the operation's example data did
/// (`false`). Mounted answers do not carry it.
pub const EMULATED_HEADER: &str = "x-maxim-emulated";

/// The user the emulator starts with, and the one the examples show (`user_id`).
pub const EXAMPLE_USER_ID: i64 = 2_302_128_618_880;
/// The user name of [`EXAMPLE_USER_ID`] (not one the examples register: `alice`, `bob`, … are free).
pub const EXAMPLE_USERNAME: &str = "mock-user";
/// The password of [`EXAMPLE_USER_ID`].
pub const EXAMPLE_PASSWORD: &str = "mock-password";
/// A token of [`EXAMPLE_USER_ID`], valid from the start, and the token the examples show.
pub const EXAMPLE_USER_TOKEN: &str = "mock-user-token";
/// The group the emulator starts with (owned by [`EXAMPLE_USER_ID`]), and the one the examples show.
pub const EXAMPLE_GROUP_ID: i64 = 2_306_414_607_729;
/// The name of [`EXAMPLE_GROUP_ID`].
pub const EXAMPLE_GROUP_NAME: &str = "Rustaceans";
/// The message ID the examples show; the emulator numbers new messages after it.
pub const EXAMPLE_MESSAGE_ID: i64 = 2_319_876_543_210;

/// Replaced by the server's origin in the generated examples (see `codegen/src/emit/mock.rs`).
const ORIGIN_PLACEHOLDER: &str = "$MOCK_ORIGIN";

/// One operation of the API document (the generated table): what a request may carry, and its example answer.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Operation {
    /// `section.name`, as in errors and logs (`group.create`).
    pub id: &'static str,
    /// The methods of its entries.
    pub methods: &'static [Method],
    pub path: &'static str,
    /// The header names the document lists.
    pub headers: &'static [&'static str],
    pub query: &'static [Field],
    /// Top-level body members; with `bare_body`, the one bare value (its name is empty).
    pub body: &'static [Field],
    pub bare_body: bool,
    /// The example JSON envelope, or `None` for a file download.
    pub example: Option<&'static str>,
}

/// An input or a member of a named type, in the generated table.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
}

/// What JSON value a field takes (enums by their values' kind: values the document does not list are valid).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Kind {
    Bool,
    Int,
    Float,
    String,
    /// A string holding a JSON document.
    JsonString,
    /// Anything (objects the document leaves undescribed).
    Any,
    /// `"all"` or an object with one list.
    Audience,
    /// An object of the named type (its members in `TYPES`).
    Object(&'static str),
    List(&'static Kind),
}

impl Field {
    /// A row of the generated table.
    pub(crate) const fn new(name: &'static str, kind: Kind, required: bool) -> Field {
        Field { name, kind, required }
    }
}

impl Operation {
    /// The operation of an entry, if the document has it.
    pub(crate) fn find(method: Method, path: &str) -> Option<&'static Operation> {
        OPERATIONS.iter().find(|op| op.path == path && op.methods.contains(&method))
    }

    /// The example envelope with URLs pointing at `origin`, or `None` for a file download.
    pub(crate) fn example(&self, origin: &str) -> Option<Value> {
        serde_json::from_str(&self.example?.replace(ORIGIN_PLACEHOLDER, origin)).ok()
    }
}

/// A running mock MaxIM server on loopback; it stops when dropped. See the [module docs](self).
#[derive(Debug)]
pub struct MockServer {
    shared: Arc<Shared>,
    _server: server::Running,
}

/// What the server's connections and the test share.
#[derive(Debug)]
struct Shared {
    origin: String,
    rules: Mutex<rules::Rules>,
    emulator: Mutex<state::Emulator>,
    received: Mutex<Vec<Received>>,
    violations: Mutex<Vec<Violation>>,
}

/// Locks a mutex, also after a panic elsewhere (the data stays consistent: every change is one assignment).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl MockServer {
    /// Starts a server on `127.0.0.1` on a free port.
    ///
    /// # Panics
    /// When no loopback port can be bound (as wiremock does): a test cannot run without one.
    pub async fn start() -> MockServer {
        let listener = TcpListener::bind(("127.0.0.1", 0)).expect("a free port on 127.0.0.1");
        MockServer::start_on(listener).await
    }

    /// Starts a server on `listener` (for a fixed address, as the `mock-server` example does).
    ///
    /// # Panics
    /// When the listener has no local address or cannot be made non-blocking.
    pub async fn start_on(listener: TcpListener) -> MockServer {
        let address = listener.local_addr().expect("a bound listener");
        let origin = format!("http://{address}");
        let shared = Arc::new(Shared {
            emulator: Mutex::new(state::Emulator::new(&origin)),
            origin,
            rules: Mutex::default(),
            received: Mutex::default(),
            violations: Mutex::default(),
        });
        let running = server::Running::spawn(listener, Arc::clone(&shared)).expect("a non-blocking listener");
        MockServer { shared, _server: running }
    }

    /// The server's base URL (`http://127.0.0.1:PORT`), to pass to
    /// [`ClientBuilder::base_url`](crate::ClientBuilder::base_url).
    pub fn uri(&self) -> String {
        self.shared.origin.clone()
    }

    /// An admin client of app [`APP_ID`] with token [`ADMIN_TOKEN`], pointed at this server.
    pub fn client(&self) -> Result<Client> {
        Client::builder().base_url(self.uri()).app_id(APP_ID).access_token(ADMIN_TOKEN).build()
    }

    /// Mounts an answer for `method` and `path` (any operation, or any other path), to narrow with matchers and
    /// set with one of [`Answer`]'s `async` methods. Answers are tried in the order mounted; the first that matches
    /// and has uses left answers instead of the emulator.
    pub fn on(&self, method: Method, path: impl Into<String>) -> Answer<'_> {
        Answer::new(self, method, path.into())
    }

    /// The example answer of an entry, with URLs pointing at this server: the JSON envelope, or `None` for file
    /// downloads and for entries the document does not have.
    pub fn example(&self, method: Method, path: &str) -> Option<Value> {
        Operation::find(method, path)?.example(&self.shared.origin)
    }

    /// Every request received so far, in order.
    pub async fn received(&self) -> Vec<Received> {
        lock(&self.shared.received).clone()
    }

    /// The requests received so far for `method` and `path`, in order.
    pub async fn received_at(&self, method: Method, path: &str) -> Vec<Received> {
        let mut received = self.received().await;
        received.retain(|r| r.method == method.as_str() && r.path == path);
        received
    }

    /// Every request so far that does not conform to the API document, in order: a test asserts this is empty.
    pub async fn violations(&self) -> Vec<Violation> {
        lock(&self.shared.violations).clone()
    }

    /// Revokes a user token the emulator issued: calls with it answer 10008 (access-token invalid), as the
    /// service answers an expired token.
    pub async fn revoke_token(&self, token: &str) {
        lock(&self.shared.emulator).revoke_token(token);
    }

    /// Forgets every mounted answer, every received request and violation, and the emulator's state: the server
    /// is as it started.
    pub async fn reset(&self) {
        *lock(&self.shared.rules) = rules::Rules::default();
        lock(&self.shared.received).clear();
        lock(&self.shared.violations).clear();
        *lock(&self.shared.emulator) = state::Emulator::new(&self.shared.origin);
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

    /// The method as the SDK's [`Method`], if it is one of the four the API uses.
    fn sdk_method(&self) -> Option<Method> {
        [Method::Get, Method::Post, Method::Put, Method::Delete].into_iter().find(|m| m.as_str() == self.method)
    }
}
