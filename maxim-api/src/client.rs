//! The [`Client`] and its [`ClientBuilder`]: base URL, `app_id`, credentials (an access token or a
//! [user session](Client::user_session)), timeouts, retries, response size limits, user agent, and
//! the admin "act as" headers (`user_id`, `group_id`).
//!
//! The configuration shared by every copy of a client (connection pool, base URL, limits) sits
//! behind one `Arc`; what a copy may change cheaply (credentials, act-as, timeout, retry policy)
//! sits in the `Client` itself.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;

use crate::error::{Error, Result};
use crate::retry::RetryPolicy;
use crate::session::{LogIn, LoginAnswer, Session, UserLogin, Who, token_header};
use crate::values::Secret;

/// The default base URL: HTTPS, the vendor's quick start's `api_endpoint`. The document's own
/// default environment is [`DOCUMENT_BASE_URL`](crate::DOCUMENT_BASE_URL), which is plain HTTP.
pub const DEFAULT_BASE_URL: &str = "https://api.maximtop.com";

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_MAX_RESPONSE_BYTES: u64 = 16 * 1024 * 1024;
const DEFAULT_MAX_DOWNLOAD_BYTES: u64 = 256 * 1024 * 1024;

/// Whom an admin token acts as, set by [`Client::as_user`] and [`Client::as_group_admin`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActAs {
    /// Sends header `user_id: <id>`: the admin token acts as that user.
    User(i64),
    /// Sends header `group_id: <id>`: the admin token acts as that group's admin.
    GroupAdmin(i64),
}

/// A MaxIM API client. Cloning is cheap (the configuration and connection pool are shared).
///
/// ```
/// use maxim_api::Client;
///
/// let admin = Client::builder()
///     .app_id("my-app")
///     .access_token("admin-token")
///     .build()?;
/// // HTTPS by default.
/// assert_eq!(admin.base_url(), "https://api.maximtop.com");
/// // The same client, acting as user 2302128618880 (sends header `user_id`).
/// let alice = admin.as_user(2302128618880);
/// assert_eq!(alice.base_url(), admin.base_url());
/// // The token never shows up in debug output.
/// assert!(!format!("{admin:?}").contains("admin-token"));
/// # Ok::<(), maxim_api::Error>(())
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) shared: Arc<Shared>,
    pub(crate) auth: Auth,
    pub(crate) act_as: Option<ActAs>,
    pub(crate) attempt_timeout: Duration,
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) retry: RetryPolicy,
}

/// The configuration every copy of a client shares.
pub(crate) struct Shared {
    pub(crate) http: reqwest::Client,
    /// Without a trailing `/`.
    pub(crate) base_url: String,
    /// The base URL parsed, to recognise its origin when a download is redirected.
    pub(crate) base: reqwest::Url,
    pub(crate) app_id: String,
    pub(crate) app_id_header: HeaderValue,
    /// Sent per request when set (always when the client built its own `reqwest::Client`).
    pub(crate) user_agent: Option<HeaderValue>,
    pub(crate) max_response_bytes: u64,
    pub(crate) max_download_bytes: u64,
}

/// Where the `access-token` header comes from.
#[derive(Clone)]
pub(crate) enum Auth {
    /// No `access-token` header.
    None,
    /// A fixed token (admin or user).
    Token(Arc<(Secret, HeaderValue)>),
    /// A user session that logs in and refreshes its token itself.
    Session(Arc<Session>),
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The same client, sending header `user_id: <id>`: an admin token acts as that user, with no
    /// password and no login. Replaces any previous [`as_group_admin`](Self::as_group_admin). Cheap.
    pub fn as_user(&self, user_id: i64) -> Client {
        Client { act_as: Some(ActAs::User(user_id)), ..self.clone() }
    }

    /// The same client, sending header `group_id: <id>`: an admin token acts as that group's
    /// admin. Replaces any previous [`as_user`](Self::as_user). Cheap.
    pub fn as_group_admin(&self, group_id: i64) -> Client {
        Client { act_as: Some(ActAs::GroupAdmin(group_id)), ..self.clone() }
    }

    /// The same client, sending neither `user_id` nor `group_id`. Cheap.
    pub fn without_act_as(&self) -> Client {
        Client { act_as: None, ..self.clone() }
    }

    /// A client with the same configuration and connection pool but another access token
    /// (e.g. a user token obtained from a `/token/*` operation). Keeps the "act as" setting.
    ///
    /// Fails with [`Error::Config`] if the token is not a valid header value.
    pub fn with_access_token(&self, token: impl Into<Secret>) -> Result<Client> {
        let token = token.into();
        let header = token_header(&token)?;
        Ok(Client { auth: Auth::Token(Arc::new((token, header))), ..self.clone() })
    }

    /// The same client with another default timeout for each attempt of a call (connecting,
    /// sending, following redirects and reading the whole body); see
    /// [`ClientBuilder::attempt_timeout`]. Cheap.
    pub fn with_attempt_timeout(&self, timeout: Duration) -> Client {
        Client { attempt_timeout: timeout, ..self.clone() }
    }

    /// The same client with another default timeout for a whole call, every attempt, wait and
    /// login included (`None`: no such bound); see [`ClientBuilder::operation_timeout`]. Cheap.
    pub fn with_operation_timeout(&self, timeout: Option<Duration>) -> Client {
        Client { operation_timeout: timeout, ..self.clone() }
    }

    /// The same client with another default [`RetryPolicy`]. Cheap.
    pub fn with_retry(&self, policy: RetryPolicy) -> Client {
        Client { retry: policy, ..self.clone() }
    }

    /// A client that acts as a user with the user's own token, which takes care of itself: it logs
    /// in on first use (through the `/token/*` operations, with this client's configuration and
    /// credentials but no act-as header), caches the token, logs in again shortly before it
    /// expires, and once more when the service answers code 10008 (access-token invalid), sending
    /// that call again once. Concurrent calls share one login.
    ///
    /// A server backend holding the admin token usually does not need this: [`as_user`](Self::as_user)
    /// acts as any user without a password. See [`UserLogin`] for how `expire` is read.
    ///
    /// ```no_run
    /// use maxim_api::{Client, UserLogin};
    ///
    /// # async fn demo(admin: Client) -> Result<(), maxim_api::Error> {
    /// let alice = admin.user_session(UserLogin::id(2302128618880, "alice-password"));
    /// let profile = alice.user().profile().await?; // logs in first
    /// # let _ = profile;
    /// # Ok(())
    /// # }
    /// ```
    pub fn user_session(&self, login: UserLogin) -> Client {
        let base = Client { act_as: None, ..self.clone() };
        Client { auth: Auth::Session(Arc::new(Session::new(login, Box::new(base)))), act_as: None, ..self.clone() }
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The app id sent in header `app_id`.
    pub fn app_id(&self) -> &str {
        &self.shared.app_id
    }

    /// Whether an access token (fixed, or from a user session) is sent.
    pub fn has_access_token(&self) -> bool {
        !matches!(self.auth, Auth::None)
    }

    /// The default timeout of each attempt of a call.
    pub fn attempt_timeout(&self) -> Duration {
        self.attempt_timeout
    }

    /// The default timeout of a whole call, if any.
    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation_timeout
    }

    /// The default retry policy.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.retry
    }

    /// Whom an admin token acts as, if set.
    pub fn act_as(&self) -> Option<ActAs> {
        self.act_as
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::None => f.write_str("None"),
            Auth::Token(token) => write!(f, "{:?}", token.0),
            Auth::Session(session) => write!(f, "{session:?}"),
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.shared.base_url)
            .field("app_id", &self.shared.app_id)
            .field("access_token", &self.auth)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("retry", &self.retry)
            .field("act_as", &self.act_as)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`]; see [`Client::builder`].
///
/// ```
/// use std::time::Duration;
/// use maxim_api::{Client, Error, RetryPolicy};
///
/// // `app_id` is required.
/// assert!(matches!(Client::builder().build(), Err(Error::Config { .. })));
///
/// // Plain HTTP is refused (the admin token would travel in clear text), except to loopback.
/// assert!(Client::builder().app_id("my-app").base_url("http://api.example.com").build().is_err());
/// assert!(Client::builder().app_id("my-app").base_url("http://127.0.0.1:8080").build().is_ok());
///
/// // Registration (`POST /user/register/v2`) needs only the app id.
/// let anonymous = Client::builder()
///     .app_id("my-app")
///     .operation_timeout(Duration::from_secs(10))
///     .retry(RetryPolicy::default().max_attempts(5))
///     .build()?;
/// assert!(!anonymous.has_access_token());
/// # Ok::<(), Error>(())
/// ```
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    app_id: Option<String>,
    access_token: Option<Secret>,
    attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    max_response_bytes: Option<u64>,
    max_download_bytes: Option<u64>,
    allow_insecure_http: bool,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url.as_deref().map(|_| "…"))
            .field("app_id", &self.app_id)
            .field("access_token", &self.access_token)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("retry", &self.retry)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("http_client", &self.http.is_some())
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The service's base URL, your app's `api_endpoint` (default [`DEFAULT_BASE_URL`]). A
    /// trailing `/` is tolerated; a path prefix (e.g. `https://host/im`) is kept. `http://` is
    /// refused unless the host is loopback or [`allow_insecure_http`](Self::allow_insecure_http)
    /// is set; a `user:password@` part is refused.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The app id, sent in header `app_id` with every request. Required.
    pub fn app_id(mut self, app_id: impl Into<String>) -> Self {
        self.app_id = Some(app_id.into());
        self
    }

    /// The access token (admin or user), sent in header `access-token`. Optional: without it
    /// the header is not sent. For a user token that renews itself, see [`Client::user_session`].
    pub fn access_token(mut self, token: impl Into<Secret>) -> Self {
        self.access_token = Some(token.into());
        self
    }

    /// Timeout of each attempt of a call, from connecting to having read the whole body,
    /// redirects included (default 30 s): bounds how long one slow answer is waited for before the
    /// call is retried (when that is safe) or fails with [`Error::Timeout`]. A request builder's
    /// `.attempt_timeout()` overrides it per call.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Timeout of a whole call: every attempt, the waits between them and a user session's login
    /// (default: none, a call is bounded by its attempts and the [`RetryPolicy`]'s budget). Set it
    /// to bound the latency a caller sees, for instance inside a request handler with a deadline;
    /// past it the call fails with [`Error::Timeout`]. A request builder's `.operation_timeout()`
    /// overrides it per call.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// Timeout of establishing a connection (default 10 s). A connection that could not be made
    /// is retried for every call, since nothing was sent. Ignored with
    /// [`http_client`](Self::http_client): configure that client instead.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The default [`RetryPolicy`] (default [`RetryPolicy::default`]). A request builder's
    /// `.retry()` or `.no_retry()` overrides it per call.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The largest JSON response body accepted, in bytes (default 16 MiB). A larger body is
    /// refused with [`Error::TooLarge`] without being buffered.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// The largest file a download accepts, in bytes (default 256 MiB), whether buffered or
    /// streamed; a stream can set its own ([`DownloadStream::limit`](crate::DownloadStream::limit)).
    pub fn max_download_bytes(mut self, limit: u64) -> Self {
        self.max_download_bytes = Some(limit);
        self
    }

    /// Accepts a plain `http://` base URL that is not loopback. The access token then travels in
    /// clear text: only for a trusted network.
    pub fn allow_insecure_http(mut self) -> Self {
        self.allow_insecure_http = true;
        self
    }

    /// The `User-Agent` header (default `maxim-api/<crate version>`). With
    /// [`http_client`](Self::http_client), the header is only sent if this is set.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Uses this `reqwest::Client` (proxy, TLS, connection pool settings) instead of a new one.
    /// The timeouts, retries, limits and headers of this crate still apply.
    ///
    /// Start from [`crate::http_client_builder`], which sets up the crate's TLS backend and
    /// `.redirect(reqwest::redirect::Policy::none())`: file downloads then follow
    /// redirects themselves and send the credentials only to the API's own origin. With a client
    /// that follows redirects on its own, reqwest forwards the `access-token` header to wherever a
    /// download is redirected (object storage, for instance).
    ///
    /// This crate does not re-export reqwest: to name its types (a `reqwest::Proxy`), depend on
    /// `reqwest` 0.13 yourself. A bare `reqwest::Client::new()` is no substitute for
    /// [`crate::http_client_builder`]: with this crate's `rustls` feature and no TLS feature of your
    /// own, reqwest has no crypto provider and panics ("No provider set") unless your program
    /// installed one process-wide.
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let http = maxim_api::http_client_builder()?.pool_max_idle_per_host(4).tcp_keepalive(Duration::from_secs(60)).build()?;
    /// let client = maxim_api::Client::builder().app_id("my-app").http_client(http).build()?;
    /// # let _ = client;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Builds the client.
    ///
    /// Fails with [`Error::Config`] when `app_id` is missing or empty, when the base URL is not
    /// an absolute `https` URL (or `http` to loopback, or with
    /// [`allow_insecure_http`](Self::allow_insecure_http)), has a `user:password@` part, or when a
    /// value cannot be sent as a header.
    pub fn build(self) -> Result<Client> {
        let app_id = self.app_id.filter(|a| !a.is_empty()).ok_or_else(|| Error::config("app_id is required"))?;
        let app_id_header =
            HeaderValue::from_str(&app_id).map_err(|_| Error::config("app_id is not a valid HTTP header value"))?;
        let raw_url = self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL);
        let (base_url, base) = normalize_base_url(raw_url, self.allow_insecure_http)?;
        if self.http.is_none() {
            crate::tls::check_scheme(&base_url)?;
        }
        let auth = match self.access_token {
            Some(token) => {
                let header = token_header(&token)?;
                Auth::Token(Arc::new((token, header)))
            }
            None => Auth::None,
        };
        let user_agent = match (&self.user_agent, &self.http) {
            (Some(ua), _) => Some(ua.clone()),
            (None, None) => Some(concat!("maxim-api/", env!("CARGO_PKG_VERSION")).to_owned()),
            (None, Some(_)) => None,
        };
        let user_agent = user_agent
            .map(|ua| {
                HeaderValue::from_str(&ua).map_err(|_| Error::config("user agent is not a valid HTTP header value"))
            })
            .transpose()?;
        let http = match self.http {
            Some(http) => http,
            // Redirects are followed by the download path itself, which sends the credentials to the API's origin only.
            None => crate::tls::http_client_builder()?
                .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .build()
                .map_err(|e| Error::config(format!("cannot build the HTTP client: {e}")))?,
        };
        Ok(Client {
            shared: Arc::new(Shared {
                http,
                base_url,
                base,
                app_id,
                app_id_header,
                user_agent,
                max_response_bytes: self.max_response_bytes.unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
                max_download_bytes: self.max_download_bytes.unwrap_or(DEFAULT_MAX_DOWNLOAD_BYTES),
            }),
            auth,
            act_as: None,
            attempt_timeout: self.attempt_timeout.unwrap_or(DEFAULT_TIMEOUT),
            operation_timeout: self.operation_timeout,
            retry: self.retry.unwrap_or_default(),
        })
    }
}

/// The session's login calls, through the generated `/token/*` operations of this client.
impl LogIn for Client {
    fn log_in<'a>(&'a self, login: &'a UserLogin) -> Pin<Box<dyn Future<Output = Result<LoginAnswer>> + Send + 'a>> {
        Box::pin(async move {
            let token = self.token();
            let password = login.password.clone();
            let guid = login.device_guid.clone();
            // Each answer is read for its `token` and `expire` only, so the three answers may be different types (one
            // documents more fields than another): what is needed is declared in codegen/src/resolve/contract.rs.
            let ((token, expire), operation, path) = match &login.who {
                Who::Id(id) => {
                    let request = with_guid(token.by_id(*id, password), guid, |r, g| r.device_guid(g));
                    (request.await.map(|info| (info.token, info.expire))?, "token.by_id", "/token/id")
                }
                Who::Name(name) => {
                    let request = with_guid(token.by_name(name.clone(), password), guid, |r, g| r.device_guid(g));
                    (request.await.map(|info| (info.token, info.expire))?, "token.by_name", "/token/user")
                }
                Who::LoginName(name) => {
                    let request = with_guid(token.login(name.clone(), password), guid, |r, g| r.device_guid(g));
                    (request.await.map(|info| (info.token, info.expire))?, "token.login", "/token/login")
                }
            };
            Ok(LoginAnswer { token, expire, operation, path })
        })
    }
}

/// `request` with its `device_guid` set when there is one.
fn with_guid<R>(request: R, guid: Option<String>, set: impl FnOnce(R, String) -> R) -> R {
    match guid {
        Some(guid) => set(request, guid),
        None => request,
    }
}

/// The base URL without a trailing `/`, and parsed. Error messages quote the URL only when it has no
/// userinfo (which would be a password).
fn normalize_base_url(raw: &str, allow_insecure_http: bool) -> Result<(String, reqwest::Url)> {
    let trimmed = raw.trim().trim_end_matches('/');
    // Quoted in errors without its userinfo (a password), as `Debug` keeps it out.
    let shown = without_userinfo(raw);
    let url = reqwest::Url::parse(trimmed).map_err(|e| Error::config(format!("invalid base URL {shown:?}: {e}")))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::config(
            "invalid base URL: it must not carry a user name or password (`user:password@`); the access token \
             is the credential",
        ));
    }
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(Error::config(format!("invalid base URL {shown:?}: expected an https URL with a host")));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(format!("invalid base URL {shown:?}: must not have a query or fragment")));
    }
    if url.scheme() == "http" && !allow_insecure_http && !is_loopback(&url) {
        return Err(Error::config(format!(
            "insecure base URL {shown:?}: plain http would send the access token in clear text; use https, or \
             call `.allow_insecure_http()` for a trusted network"
        )));
    }
    Ok((trimmed.to_owned(), url))
}

/// `raw` with any `user:password@` before the host replaced by `***@`, even when `raw` does not parse as a URL.
fn without_userinfo(raw: &str) -> String {
    let authority_start = raw.find("://").map_or(0, |i| i + 3);
    let authority_end = raw[authority_start..].find(['/', '?', '#']).map_or(raw.len(), |i| authority_start + i);
    match raw[authority_start..authority_end].rfind('@') {
        Some(at) => format!("{}***{}", &raw[..authority_start], &raw[authority_start + at..]),
        None => raw.to_owned(),
    }
}

fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else { return false };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config_message(r: Result<Client>) -> String {
        match r {
            Err(Error::Config { message }) => message,
            other => panic!("expected Error::Config, got {other:?}"),
        }
    }

    #[test]
    fn app_id_is_required() {
        assert!(config_message(Client::builder().build()).contains("app_id"));
        assert!(config_message(Client::builder().app_id("").build()).contains("app_id"));
        config_message(Client::builder().app_id("a\nb").build());
    }

    #[test]
    fn defaults_are_https_and_trailing_slash_is_dropped() -> Result<()> {
        let c = Client::builder().app_id("app").build()?;
        assert_eq!(c.base_url(), "https://api.maximtop.com");
        assert_eq!(c.base_url(), DEFAULT_BASE_URL);
        assert_eq!((c.attempt_timeout(), c.operation_timeout()), (Duration::from_secs(30), None));
        assert_eq!(c.retry_policy(), RetryPolicy::default());
        assert_eq!(c.shared.max_response_bytes, 16 * 1024 * 1024);
        let c = Client::builder().app_id("app").base_url("https://api.maximtop.com/").build()?;
        assert_eq!(c.base_url(), "https://api.maximtop.com");
        let c = Client::builder().app_id("app").base_url("http://127.0.0.1:8080/im//").build()?;
        assert_eq!(c.base_url(), "http://127.0.0.1:8080/im");
        Ok(())
    }

    #[test]
    fn plain_http_only_to_loopback_or_when_allowed() -> Result<()> {
        for loopback in ["http://127.0.0.1:1", "http://127.8.9.10", "http://[::1]:8080", "http://localhost:80"] {
            Client::builder().app_id("app").base_url(loopback).build()?;
        }
        for remote in [crate::DOCUMENT_BASE_URL, "http://10.0.0.1", "http://api.maximtop.com", "http://[::2]"] {
            let message = config_message(Client::builder().app_id("app").base_url(remote).build());
            assert!(message.contains("clear text") && message.contains("allow_insecure_http"), "{remote}: {message}");
            let allowed = Client::builder().app_id("app").base_url(remote).allow_insecure_http().build()?;
            assert_eq!(allowed.base_url(), remote);
        }
        Ok(())
    }

    #[test]
    fn userinfo_is_refused_without_echoing_it() {
        for bad in ["https://user:hunter2@api.maximtop.com", "https://user@api.maximtop.com"] {
            let message = config_message(Client::builder().app_id("app").base_url(bad).build());
            assert!(message.contains("user name or password"), "{message}");
            assert!(!message.contains("hunter2") && !message.contains("user@"), "{message}");
        }
        // Refused for another reason first (no parse, a query, plain http): the password is masked all the same.
        for bad in
            ["https://user:hunter2@api.maximtop.com:99999", "http://user:hunter2@example.com/?q", "ftp://u:hunter2@h"]
        {
            let message = config_message(Client::builder().app_id("app").base_url(bad).build());
            assert!(!message.contains("hunter2"), "{message}");
        }
        assert_eq!(without_userinfo("https://u:p@h/x@y"), "https://***@h/x@y");
        assert_eq!(without_userinfo("not a url"), "not a url");
    }

    #[test]
    fn bad_base_urls_are_config_errors() {
        for bad in ["not a url", "ftp://host", "/relative", "https://h/?x=1", "https://h/#f", ""] {
            let msg = config_message(Client::builder().app_id("app").base_url(bad).build());
            assert!(msg.contains("base URL"), "{bad}: {msg}");
        }
    }

    #[test]
    fn debug_never_shows_the_token() -> Result<()> {
        let builder = Client::builder().app_id("app").access_token("super-secret-token");
        assert!(!format!("{builder:?}").contains("super-secret-token"));
        let c = builder.build()?;
        let dbg = format!("{c:?}");
        assert!(!dbg.contains("super-secret-token"), "{dbg}");
        assert!(dbg.contains("Secret(***)"), "{dbg}");
        assert!(dbg.contains("app"), "{dbg}");
        let dbg = format!("{:?}", c.with_access_token("other-secret")?);
        assert!(!dbg.contains("other-secret"), "{dbg}");
        let dbg = format!("{:?}", c.user_session(UserLogin::name("alice", "pw-secret")));
        assert!(!dbg.contains("pw-secret") && dbg.contains("alice"), "{dbg}");
        Ok(())
    }

    #[test]
    fn copies_share_the_configuration() -> Result<()> {
        let c = Client::builder().app_id("app").build()?;
        assert_eq!(c.act_as(), None);
        let u = c.as_user(7);
        assert_eq!(u.act_as(), Some(ActAs::User(7)));
        assert!(Arc::ptr_eq(&u.shared, &c.shared));
        let g = u.as_group_admin(9);
        assert_eq!(g.act_as(), Some(ActAs::GroupAdmin(9)));
        assert_eq!(g.without_act_as().act_as(), None);
        let t = g.with_access_token("t2")?;
        assert!(t.has_access_token());
        assert_eq!(t.act_as(), Some(ActAs::GroupAdmin(9)));
        assert!(!c.has_access_token());
        let slow = t.with_attempt_timeout(Duration::from_secs(90)).with_retry(RetryPolicy::none());
        let bounded = slow.with_operation_timeout(Some(Duration::from_secs(5)));
        assert_eq!((slow.attempt_timeout(), slow.retry_policy().attempts()), (Duration::from_secs(90), 1));
        assert_eq!(bounded.operation_timeout(), Some(Duration::from_secs(5)));
        assert_eq!((t.attempt_timeout(), t.retry_policy().attempts()), (Duration::from_secs(30), 3));
        assert!(Arc::ptr_eq(&slow.shared, &c.shared));
        let session = g.user_session(UserLogin::id(7, "pw"));
        assert!(session.has_access_token());
        assert_eq!(session.act_as(), None, "a user session acts as its own user");
        Ok(())
    }
}
