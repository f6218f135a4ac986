//! One call, from the request builder to the decoded answer: the crate-internal interface the generated operations
//! use ([`Call`], [`CallOptions`], [`DedupKey`]), the public [`ResponseFuture`] they return, and the non-generic core
//! that every call runs (credentials, retries, tracing).
//!
//! A generated `send()` encodes its query and body into bytes ([`Call::query`], [`Call::json`]) and picks how the
//! answer is decoded ([`Call::data`], [`Call::data_or_default`], [`Call::envelope`], [`Call::download`], [`Call::stream`]).
//! Everything between, the core, is one non-generic `async fn` shared by all operations: per call it opens a
//! `tracing` span, obtains the access token (a [user session](crate::Client::user_session) may log in first), and
//! runs attempts ([`crate::transport`]) until [`crate::retry::decide`] says stop. A session whose token the service
//! rejects (code 10008) logs in again and sends the call once more. The only generic step is the decode
//! ([`crate::decode`]), instantiated once per result type, not per operation.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tracing::Instrument;

use crate::client::{ActAs, Auth, Client, Shared};
use crate::decode;
use crate::download::{Download, DownloadStream};
pub(crate) use crate::endpoint::{Endpoint, Expect};
use crate::error::{Error, ErrorCode, Result};
use crate::retry::{self, Decision, Failure, RetryPolicy};
use crate::timer;
use crate::transport::{self, Answer, Limits};
use crate::values::Method;
use tokio::time::Instant;

/// The service's credential and identity headers (names built once, not parsed per call).
const APP_ID: HeaderName = HeaderName::from_static("app_id");
const ACCESS_TOKEN: HeaderName = HeaderName::from_static("access-token");
const USER_ID: HeaderName = HeaderName::from_static("user_id");
const GROUP_ID: HeaderName = HeaderName::from_static("group_id");

/// The per-call settings a request builder collects (`.attempt_timeout()`, `.operation_timeout()`, `.retry()`,
/// `.no_retry()`, and on paged operations `.max_empty_pages()`); `None` means the client's default.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct CallOptions {
    pub attempt_timeout: Option<Duration>,
    pub operation_timeout: Option<Duration>,
    pub retry: Option<RetryPolicy>,
    pub max_empty_pages: Option<u32>,
}

impl CallOptions {
    /// How many consecutive empty pages end a paging stream (default 3).
    pub fn max_empty_pages(&self) -> u32 {
        self.max_empty_pages.unwrap_or(3)
    }
}

/// A value the SDK generates for a de-duplication input (`transaction_id`) the caller left unset: generated once,
/// before the first attempt, and sent unchanged by every retry. See [`retry::dedup_id`].
pub(crate) trait DedupKey {
    /// A fresh random key.
    fn generate() -> Self;
}

impl DedupKey for i64 {
    fn generate() -> Self {
        retry::dedup_id()
    }
}

impl DedupKey for String {
    fn generate() -> Self {
        retry::dedup_id().to_string()
    }
}

/// One call being prepared by a generated `send()`.
pub(crate) struct Call<'a> {
    client: &'a Client,
    endpoint: Endpoint,
    options: CallOptions,
    /// The encoded query string, without `?`.
    query: String,
    body: Option<Bytes>,
    /// A JSON object body being written member by member (`{"a":1,"b":2`, closed when the call starts).
    object: Option<Vec<u8>>,
    /// A `GET`, or the service de-duplicates the call (by the caller's key or one generated for this call): the
    /// call loop may send it again after it may have arrived. (`endpoint.replay_safe`, what errors report, counts
    /// only a key of the caller's, which a new `send()` sends again.)
    replay_safe: bool,
    encode_error: Option<String>,
}

impl<'a> Call<'a> {
    /// A call without query or body.
    pub fn new(
        client: &'a Client,
        operation: &'static str,
        method: Method,
        path: &'static str,
        options: CallOptions,
    ) -> Self {
        Call {
            client,
            endpoint: Endpoint { operation, method, path, replay_safe: method == Method::Get },
            options,
            query: String::new(),
            body: None,
            object: None,
            replay_safe: method == Method::Get,
            encode_error: None,
        }
    }

    /// The encoded query string, without `?` (for [`crate::RawRequest::url`]).
    pub fn query_string(&self) -> &str {
        &self.query
    }

    /// Marks the call as de-duplicated by the service (its `transaction_id` is set), hence safe to retry;
    /// `caller_key`: the caller set the key, so that sending the same request again is safe too.
    pub fn deduplicated(mut self, caller_key: bool) -> Self {
        self.replay_safe = true;
        self.endpoint.replay_safe |= caller_key;
        self
    }

    /// Appends `name=value` to the query string. Generic only over the value's type, which operations share: the
    /// generated code calls this per input instead of deriving a serializer per operation (compile time).
    pub fn param<V: Serialize + ?Sized>(mut self, name: &str, value: &V) -> Self {
        match value.serialize(serde_json::value::Serializer) {
            Ok(value) => self.push_param(name, value),
            Err(e) => self.encode_error = Some(format!("query parameter `{name}`: {e}")),
        }
        self
    }

    /// Appends `name=value`, form-encoded (the part of [`Self::param`] that needs no generics); `null` adds nothing.
    fn push_param(&mut self, name: &str, value: serde_json::Value) {
        let text = match value {
            serde_json::Value::Null => return,
            serde_json::Value::String(text) => text,
            serde_json::Value::Bool(flag) => flag.to_string(),
            serde_json::Value::Number(number) => number.to_string(),
            serde_json::Value::Array(_) | serde_json::Value::Object(_) => {
                self.encode_error = Some(format!("query parameter `{name}`: only a string, number or boolean fits"));
                return;
            }
        };
        if !self.query.is_empty() {
            self.query.push('&');
        }
        self.query.extend(form_urlencoded::byte_serialize(name.as_bytes()));
        self.query.push('=');
        self.query.extend(form_urlencoded::byte_serialize(text.as_bytes()));
    }

    /// [`Self::param`] when the optional input is set.
    pub fn param_if<V: Serialize>(self, name: &str, value: &Option<V>) -> Self {
        match value {
            Some(value) => self.param(name, value),
            None => self,
        }
    }

    /// Starts a JSON object body, even one whose members all end up unset (`{}`).
    pub fn object(mut self) -> Self {
        self.object.get_or_insert_with(|| b"{".to_vec());
        self
    }

    /// Writes the member `"name": value` of the JSON object body (see [`Self::param`] on why not a derive).
    pub fn member<V: Serialize + ?Sized>(mut self, name: &str, value: &V) -> Self {
        if let Err(e) = serde_json::to_writer(self.member_key(name), value) {
            self.encode_error = Some(format!("body field `{name}`: {e}"));
        }
        self
    }

    /// Writes `"name":` into the JSON object body (the part of [`Self::member`] that needs no generics).
    fn member_key(&mut self, name: &str) -> &mut Vec<u8> {
        let object = self.object.get_or_insert_with(|| b"{".to_vec());
        if object.len() > 1 {
            object.push(b',');
        }
        // Writing a string into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *object, name);
        object.push(b':');
        object
    }

    /// [`Self::member`] when the optional input is set.
    pub fn member_if<V: Serialize>(self, name: &str, value: &Option<V>) -> Self {
        match value {
            Some(value) => self.member(name, value),
            None => self,
        }
    }

    /// Encodes `body` as the JSON body.
    pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        match serde_json::to_vec(body) {
            Ok(encoded) => self.body = Some(Bytes::from(encoded)),
            Err(e) => self.encode_error = Some(e.to_string()),
        }
        self
    }

    /// Sends `body` as the JSON body when there is one (an optional bare body).
    #[allow(dead_code)] // Emitted for an optional bare body; the current document has none.
    pub fn json_if<B: Serialize + ?Sized>(self, body: Option<&B>) -> Self {
        match body {
            Some(body) => self.json(body),
            None => self,
        }
    }

    /// Sends the call; the answer's `data`, which the document promises (absent or `null` is an error).
    pub fn data<T: DeserializeOwned>(self) -> ResponseFuture<'a, T> {
        self.start(Expect::Json, decode::data::<T>)
    }

    /// Sends the call; the answer's `data` list or undescribed JSON (absent or `null` is empty, or JSON `null`).
    pub fn data_or_default<T: DeserializeOwned + Default>(self) -> ResponseFuture<'a, T> {
        self.start(Expect::Json, decode::data_or_default::<T>)
    }

    /// Sends the call; the whole envelope (`data` with `cursor`, `total`, …) as `T`.
    pub fn envelope<T: DeserializeOwned>(self) -> ResponseFuture<'a, T> {
        self.start(Expect::Json, decode::envelope::<T>)
    }

    /// Sends the call; the downloaded file, buffered.
    pub fn download(self) -> ResponseFuture<'a, Download> {
        self.start(Expect::Download, decode::download)
    }

    /// Sends the call; the downloaded file as a stream.
    pub fn stream(self) -> ResponseFuture<'a, DownloadStream> {
        self.start(Expect::Stream, decode::stream)
    }

    fn start<T>(self, expect: Expect, decode: fn(Answer) -> Result<T>) -> ResponseFuture<'a, T> {
        ResponseFuture { pending: self.pending(expect), decode }
    }

    /// The call's future, before its decode step (not generic, so compiled once rather than per result type).
    fn pending(mut self, expect: Expect) -> Pin<Box<dyn Future<Output = Result<Answer>> + Send + 'a>> {
        if let Some(mut object) = self.object.take() {
            object.push(b'}');
            self.body = Some(Bytes::from(object));
        }
        Box::pin(self.execute(expect))
    }

    /// The core: encode errors, the call's span and its deadline around [`Self::run`]. Not generic.
    #[allow(clippy::manual_async_fn, reason = "an `async` block keeps the arguments once in the state")]
    fn execute(self, expect: Expect) -> impl Future<Output = Result<Answer>> + Send + 'a {
        // An `async` block rather than an `async fn`: the call is then kept once in the future's state, not
        // also copied into a local (rust-lang/rust#62958).
        async move {
            let Endpoint { operation, method, path, replay_safe } = self.endpoint;
            if let Some(message) = self.encode_error {
                return Err(Error::Encode { operation, method, url_path: path, message });
            }
            // One span per call; its fields are recorded once, with their final values, when the call is over.
            let span = tracing::debug_span!(
                "maxim_api.call",
                operation,
                method = method.as_str(),
                path,
                attempts = tracing::field::Empty,
                status = tracing::field::Empty,
                api_code = tracing::field::Empty,
                request_id = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty,
            );
            let started = Instant::now();
            let deadline = self.options.operation_timeout.or(self.client.operation_timeout).map(|t| started + t);
            let mut report = Report::default();
            // Boxed: the call's future then stays under 1 KiB (520 bytes, not 1288), like every allocation of a call (see
            // `run`).
            let run = Box::pin(self.run(expect, started, deadline, &mut report).instrument(span.clone()));
            let result = match deadline {
                None => run.await,
                Some(deadline) => match timer::before(deadline, run).await {
                    Some(result) => result,
                    None => Err(Error::Timeout { operation, method, url_path: path, replay_safe }),
                },
            };
            report.record(&span, started, &result);
            match result {
                Ok(mut answer) => {
                    answer.span = span;
                    Ok(answer)
                }
                Err(error) => {
                    tracing::debug!(parent: &span, error = %crate::error::error_chain(&error), "maxim-api call failed");
                    Err(error)
                }
            }
        }
    }

    /// The call loop: per attempt, the access token (a user session may log in first), the attempt itself, and one
    /// decision on its outcome ([`retry::decide`]): return it, wait and retry, or log the session in again after a
    /// rejected token (once) and send again. Each attempt and each retry is an event in the call's span.
    #[allow(clippy::manual_async_fn, reason = "an `async` block keeps the arguments once in the state")]
    fn run<'r>(
        &'r self,
        expect: Expect,
        started: Instant,
        deadline: Option<Instant>,
        report: &'r mut Report,
    ) -> impl Future<Output = Result<Answer>> + 'r {
        async move {
            let policy = self.options.retry.unwrap_or(self.client.retry);
            let attempt_timeout = self.options.attempt_timeout.unwrap_or(self.client.attempt_timeout);
            // The retry budget counts from the start of the call, the first attempt included.
            let budget_end = started + policy.budget();
            let mut renewed = false;
            // Attempts that count against the policy (a resend after a renewed login does not).
            let mut tries = 0;
            loop {
                tries += 1;
                report.attempts += 1;
                let (token, generation) = match &self.client.auth {
                    Auth::None => (None, 0),
                    Auth::Token(token) => (Some(token.1.clone()), 0),
                    Auth::Session(session) => {
                        let (token, generation) = session.token().await?;
                        (Some(token), generation)
                    }
                };
                let mut limit = (Instant::now() + attempt_timeout).min(budget_end);
                if let Some(deadline) = deadline {
                    limit = limit.min(deadline);
                }
                // Boxed, like the read step inside it: each of a call's allocations then stays under 1 KiB, the
                // size the allocator serves from its fast per-thread cache (one 2.6 KB future took its slow path).
                let result = match self.prepare(expect, token, limit) {
                    Ok(request) => Box::pin(transport::attempt(request)).await,
                    // An unusable URL is an outcome of the attempt like any other (final).
                    Err(error) => Err(error),
                };
                report.observe(&result);
                let failure = failure_of(&result, matches!(self.client.auth, Auth::Session(_)) && !renewed);
                let elapsed = started.elapsed();
                let decision = retry::decide(&policy, tries, elapsed, failure, self.replay_safe, fastrand::f64());
                match decision {
                    Decision::Renew => {
                        tracing::debug!(
                            attempt = report.attempts,
                            "the service rejected the session's token (10008): logging in again"
                        );
                        if let Auth::Session(session) = &self.client.auth {
                            session.invalidate(generation);
                        }
                        renewed = true;
                        tries -= 1;
                    }
                    Decision::Retry(delay) if deadline.is_some_and(|d| Instant::now() + delay >= d) => {
                        tracing::debug!(attempt = report.attempts, failure = ?failure, "maxim-api call not retried: the wait would pass the operation timeout");
                        return result.and_then(decode::success);
                    }
                    Decision::Retry(delay) => {
                        tracing::info!(
                            attempt = report.attempts,
                            delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                            failure = ?failure,
                            "maxim-api call failed, retrying"
                        );
                        tokio::time::sleep(delay).await;
                    }
                    Decision::Stop(reason) => {
                        if failure != Failure::Final {
                            tracing::debug!(attempt = report.attempts, failure = ?failure, stop = ?reason, "maxim-api call not retried");
                        }
                        return result.and_then(decode::success);
                    }
                }
            }
        }
    }

    /// What one attempt sends, prepared for the transport: the URL, the credentials and identity headers of every
    /// API call (`access-token`: `token`), the body, the client's limits, and the attempt's `deadline`.
    fn prepare(&self, expect: Expect, token: Option<HeaderValue>, deadline: Instant) -> Result<transport::Request<'a>> {
        let client: &'a Client = self.client;
        let shared = &*client.shared;
        let Endpoint { operation, method, path, .. } = self.endpoint;
        let url = call_url(shared, path, &self.query).map_err(|e| Error::Encode {
            operation,
            method,
            url_path: path,
            message: format!("invalid URL: {e}"),
        })?;
        let mut headers = HeaderMap::new();
        headers.insert(APP_ID, shared.app_id_header.clone());
        if let Some(token) = token {
            headers.insert(ACCESS_TOKEN, token);
        }
        match client.act_as {
            Some(ActAs::User(id)) => headers.insert(USER_ID, HeaderValue::from(id)),
            Some(ActAs::GroupAdmin(id)) => headers.insert(GROUP_ID, HeaderValue::from(id)),
            None => None,
        };
        if let Some(ua) = &shared.user_agent {
            headers.insert(header::USER_AGENT, ua.clone());
        }
        if expect == Expect::Json {
            headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        }
        Ok(transport::Request {
            http: &shared.http,
            endpoint: self.endpoint,
            expect,
            url,
            headers,
            body: self.body.clone(),
            base: &shared.base,
            user_agent: shared.user_agent.as_ref(),
            limits: Limits { json: shared.max_response_bytes, download: shared.max_download_bytes },
            deadline,
        })
    }
}

/// The URL of a call: the base URL, then `path`, then `?query` (none when empty). A path of the usual shape is set on
/// a copy of the parsed base URL rather than parsing the whole URL again (its host parse is the most costly part of
/// a call's own work); any other path (a raw call's) is appended to the base URL's text and the whole parsed, which
/// gives the same URL.
fn call_url(shared: &Shared, path: &str, query: &str) -> std::result::Result<reqwest::Url, impl fmt::Display> {
    if !path.starts_with('/') || path.contains(['?', '#']) {
        let mut url = String::with_capacity(shared.base_url.len() + path.len() + 1 + query.len());
        url.push_str(&shared.base_url);
        url.push_str(path);
        if !query.is_empty() {
            url.push('?');
            url.push_str(query);
        }
        return reqwest::Url::parse(&url);
    }
    let mut url = shared.base.clone();
    match shared.base.path() {
        "/" => url.set_path(path),
        prefix => url.set_path(&format!("{prefix}{path}")),
    }
    url.set_query((!query.is_empty()).then_some(query));
    Ok(url)
}

/// What the call's span reports once the call is over: attempts made, the last answer's status and request id.
#[derive(Default)]
struct Report {
    attempts: u32,
    status: Option<u16>,
    request_id: Option<String>,
}

impl Report {
    /// Notes an attempt's answer (an event in the span, fields kept for the end).
    fn observe(&mut self, result: &Result<Answer>) {
        match result {
            Ok(answer) => {
                self.status = Some(answer.status);
                if tracing::enabled!(tracing::Level::DEBUG) {
                    self.request_id = answer.request_id().map(str::to_owned);
                }
                tracing::trace!(attempt = self.attempts, status = answer.status, "maxim-api attempt answered");
            }
            Err(error) => tracing::trace!(attempt = self.attempts, error = %error, "maxim-api attempt failed"),
        }
    }

    /// Records the final fields on the call's span, once each.
    fn record(&self, span: &tracing::Span, started: Instant, result: &Result<Answer>) {
        if span.is_disabled() {
            return;
        }
        span.record("attempts", self.attempts);
        if let Some(status) = self.status.or_else(|| result.as_ref().err().and_then(Error::http_status)) {
            span.record("status", status);
        }
        if let Some(code) = result.as_ref().err().and_then(Error::api_code) {
            span.record("api_code", code.code());
        }
        if let Some(id) = &self.request_id {
            span.record("request_id", id.as_str());
        }
        span.record("elapsed_ms", u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX));
    }
}

/// What an attempt's outcome means to [`retry::decide`]; `renewable`: a user session that has not logged in again
/// during this call.
fn failure_of(result: &Result<Answer>, renewable: bool) -> Failure {
    if renewable && token_rejected(result) {
        return Failure::TokenRejected;
    }
    match result {
        Ok(answer) if (200..300).contains(&answer.status) => Failure::Final,
        Ok(answer) => Failure::Status { status: answer.status, retry_after: answer.retry_after() },
        Err(Error::Transport { source, .. }) if source.is_connect() => Failure::NotSent,
        Err(Error::Transport { .. }) => Failure::Interrupted,
        Err(Error::Timeout { .. }) => Failure::TimedOut,
        Err(_) => Failure::Final,
    }
}

/// Whether the service refused the access token (code 10008, in a 2xx envelope or an HTTP error).
fn token_rejected(result: &Result<Answer>) -> bool {
    const INVALID: i64 = 10008;
    match result {
        Ok(answer) => answer.expect == Expect::Json && decode::has_code(answer.body(), INVALID),
        Err(error) => error.api_code() == Some(ErrorCode::AccessTokenInvalid),
    }
}

/// The answer of a call: `.await` it for the decoded result. Returned by every request builder's `send()` (and its
/// `IntoFuture`); the request is sent when the future is first polled.
#[must_use = "a request does nothing until it is awaited"]
pub struct ResponseFuture<'a, T> {
    pending: Pin<Box<dyn Future<Output = Result<Answer>> + Send + 'a>>,
    decode: fn(Answer) -> Result<T>,
}

impl<T> Future for ResponseFuture<'_, T> {
    type Output = Result<T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let decode = self.decode;
        self.pending.as_mut().poll(cx).map(|answer| answer.and_then(decode))
    }
}

impl<T> fmt::Debug for ResponseFuture<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
