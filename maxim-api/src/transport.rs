//! One attempt of a call: build the HTTP request, send it, follow a download's redirects, and read the body within
//! the size limits, all before one deadline (so a timeout covers connecting, redirects and the body together).
//!
//! The credentials (`app_id`, `access-token`, act-as headers) go only to the API's own origin: a download redirected
//! elsewhere (object storage) is fetched without them. A non-2xx body is read up to [`MAX_ERROR_BODY`] bytes and no
//! further; a 2xx body larger than its limit is refused with [`Error::TooLarge`] before it is buffered (at once when
//! `Content-Length` announces it, else when the running count passes the limit).

use std::time::{Duration, SystemTime};

use bytes::{Bytes, BytesMut};
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use tokio::time::Instant;

use crate::client::{ActAs, Client};
use crate::endpoint::{Endpoint, Expect};
use crate::error::{Error, MAX_ERROR_BODY, Result};

/// How many redirects a download follows.
const MAX_REDIRECTS: usize = 10;

/// How many response headers an [`Error::Http`] keeps.
const MAX_ERROR_HEADERS: usize = 64;

/// Response headers that may carry a server's request id, logged on the call's span.
const REQUEST_ID_HEADERS: [&str; 2] = ["x-request-id", "request-id"];

/// The service's credential and identity headers (names built once, not parsed per call).
const APP_ID: HeaderName = HeaderName::from_static("app_id");
const ACCESS_TOKEN: HeaderName = HeaderName::from_static("access-token");
const USER_ID: HeaderName = HeaderName::from_static("user_id");
const GROUP_ID: HeaderName = HeaderName::from_static("group_id");

/// What one attempt sends.
pub(crate) struct Request<'r> {
    pub client: &'r Client,
    pub endpoint: Endpoint,
    /// Encoded, without `?`; empty for none.
    pub query: &'r str,
    pub body: Option<&'r Bytes>,
    pub token: Option<&'r HeaderValue>,
    pub expect: Expect,
}

/// An answered attempt: any status; the body read, or for a successful stream left to the caller.
pub(crate) struct Answer {
    pub endpoint: Endpoint,
    pub expect: Expect,
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Body,
    /// The call's span (set by the core once the call is over), for the decode step to record the API code.
    pub span: tracing::Span,
}

/// A response body.
pub(crate) enum Body {
    /// Read; `truncated` when an error body was cut at [`MAX_ERROR_BODY`].
    Read { bytes: Bytes, truncated: bool },
    /// A successful download stream, not read yet: the caller reads it before `deadline`, up to `limit` bytes.
    /// (Boxed: an answer moves through every layer of a call, and most answers are read.)
    Unread { response: Box<reqwest::Response>, deadline: Instant, limit: u64 },
}

impl Answer {
    /// The body read so far (empty for an unread stream).
    pub fn body(&self) -> &[u8] {
        match &self.body {
            Body::Read { bytes, .. } => bytes,
            Body::Unread { .. } => &[],
        }
    }

    /// The `Content-Type` header.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(header::CONTENT_TYPE)?.to_str().ok()
    }

    /// Whether the body is JSON by its `Content-Type`.
    pub fn is_json(&self) -> bool {
        self.content_type().is_some_and(is_json)
    }

    /// The server's request id, if it sent one.
    pub fn request_id(&self) -> Option<&str> {
        REQUEST_ID_HEADERS.iter().find_map(|name| self.headers.get(*name)?.to_str().ok())
    }

    /// The `Retry-After` wait the server asked for.
    pub fn retry_after(&self) -> Option<Duration> {
        let value = self.headers.get(header::RETRY_AFTER)?.to_str().ok()?;
        crate::retry::parse_retry_after(value, SystemTime::now())
    }

    /// The body as text for an error: at most [`MAX_ERROR_BODY`] bytes, and whether it was cut.
    pub fn error_body(&self) -> (String, bool) {
        let (bytes, truncated) = match &self.body {
            Body::Read { bytes, truncated } => (&bytes[..], *truncated),
            Body::Unread { .. } => (&[][..], false),
        };
        let kept = &bytes[..bytes.len().min(MAX_ERROR_BODY)];
        (String::from_utf8_lossy(kept).into_owned(), truncated || kept.len() < bytes.len())
    }
}

/// Sends one attempt and reads its answer, all before `deadline`.
pub(crate) async fn attempt(request: Request<'_>, deadline: Instant) -> Result<Answer> {
    match tokio::time::timeout_at(deadline, exchange(&request, deadline)).await {
        Ok(result) => result,
        Err(_elapsed) => {
            let Endpoint { operation, method, path, replay_safe } = request.endpoint;
            Err(Error::Timeout { operation, method, url_path: path, replay_safe })
        }
    }
}

async fn exchange(request: &Request<'_>, deadline: Instant) -> Result<Answer> {
    let shared = &request.client.shared;
    let Endpoint { method, path, .. } = request.endpoint;
    let mut url = String::with_capacity(shared.base_url.len() + path.len() + 1 + request.query.len());
    url.push_str(&shared.base_url);
    url.push_str(path);
    if !request.query.is_empty() {
        url.push('?');
        url.push_str(request.query);
    }
    let url = reqwest::Url::parse(&url).map_err(|e| {
        let Endpoint { operation, method, path, .. } = request.endpoint;
        Error::Encode { operation, method, url_path: path, message: format!("invalid URL: {e}") }
    })?;
    // A request built in place rather than through `RequestBuilder`, which moves itself at every step.
    let mut http_request = reqwest::Request::new(method.to_reqwest(), url);
    request.add_headers(http_request.headers_mut());
    if let Some(body) = request.body {
        http_request.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        *http_request.body_mut() = Some(body.clone().into());
    }
    let sent = shared.http.execute(http_request).await;
    let mut response = sent.map_err(|e| transport_error(request.endpoint, e))?;
    if request.expect != Expect::Json {
        response = Box::pin(follow_redirects(request, response)).await?;
    }
    // Boxed: see `Call::with_retries` (a call's allocations stay under 1 KiB).
    Box::pin(read(request, response, deadline)).await
}

impl Request<'_> {
    /// Adds the credentials and identity headers of every API call.
    fn add_headers(&self, headers: &mut HeaderMap) {
        let shared = &self.client.shared;
        headers.insert(APP_ID, shared.app_id_header.clone());
        if let Some(token) = self.token {
            headers.insert(ACCESS_TOKEN, token.clone());
        }
        match self.client.act_as {
            Some(ActAs::User(id)) => headers.insert(USER_ID, HeaderValue::from(id)),
            Some(ActAs::GroupAdmin(id)) => headers.insert(GROUP_ID, HeaderValue::from(id)),
            None => None,
        };
        if let Some(ua) = &shared.user_agent {
            headers.insert(header::USER_AGENT, ua.clone());
        }
        if self.expect == Expect::Json {
            headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        }
    }
}

async fn send(endpoint: Endpoint, builder: reqwest::RequestBuilder) -> Result<reqwest::Response> {
    builder.send().await.map_err(|e| transport_error(endpoint, e))
}

/// Follows up to [`MAX_REDIRECTS`] redirects; credentials go to the API's own origin only.
async fn follow_redirects(request: &Request<'_>, mut response: reqwest::Response) -> Result<reqwest::Response> {
    let shared = &request.client.shared;
    for _ in 0..MAX_REDIRECTS {
        let Some(next) = redirect_target(&response) else { break };
        if !matches!(next.scheme(), "http" | "https") {
            let Endpoint { operation, method, path, .. } = request.endpoint;
            return Err(Error::Redirect { operation, method, url_path: path, scheme: next.scheme().to_owned() });
        }
        let same_origin = next.origin() == shared.base.origin();
        let mut builder = shared.http.get(next);
        builder = if same_origin {
            let mut headers = HeaderMap::new();
            request.add_headers(&mut headers);
            builder.headers(headers)
        } else {
            match &shared.user_agent {
                Some(ua) => builder.header(header::USER_AGENT, ua.clone()),
                None => builder,
            }
        };
        response = send(request.endpoint, builder).await?;
    }
    Ok(response)
}

/// The absolute URL a 3xx response points to, if it is a redirect with a usable `Location`.
fn redirect_target(response: &reqwest::Response) -> Option<reqwest::Url> {
    if !response.status().is_redirection() {
        return None;
    }
    let location = response.headers().get(header::LOCATION)?.to_str().ok()?;
    response.url().join(location).ok()
}

/// Reads the body the way the call expects, within its limit.
async fn read(request: &Request<'_>, mut response: reqwest::Response, deadline: Instant) -> Result<Answer> {
    let endpoint = request.endpoint;
    let shared = &request.client.shared;
    let status = response.status().as_u16();
    let headers = std::mem::take(response.headers_mut());
    let is_json = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(is_json);
    let body = if !(200..300).contains(&status) {
        let (bytes, truncated) = read_prefix(endpoint, &mut response, MAX_ERROR_BODY).await?;
        Body::Read { bytes, truncated }
    } else {
        let limit = match request.expect {
            // A download answering JSON is the service refusing: read it like any envelope.
            Expect::Json => shared.max_response_bytes,
            Expect::Stream if is_json => shared.max_response_bytes,
            Expect::Download => shared.max_download_bytes,
            Expect::Stream => {
                return Ok(Answer {
                    endpoint,
                    expect: request.expect,
                    status,
                    headers,
                    body: Body::Unread { response: Box::new(response), deadline, limit: shared.max_download_bytes },
                    span: tracing::Span::none(),
                });
            }
        };
        Body::Read { bytes: read_capped(endpoint, status, &mut response, limit).await?, truncated: false }
    };
    Ok(Answer { endpoint, expect: request.expect, status, headers, body, span: tracing::Span::none() })
}

/// Whether a `Content-Type` is JSON (`application/json`, `…+json`, in any case).
fn is_json(content_type: &str) -> bool {
    content_type.as_bytes().windows(4).any(|w| w.eq_ignore_ascii_case(b"json"))
}

/// Reads the whole body, refusing it with [`Error::TooLarge`] as soon as it is known to exceed `limit`.
pub(crate) async fn read_capped(
    endpoint: Endpoint,
    status: u16,
    response: &mut reqwest::Response,
    limit: u64,
) -> Result<Bytes> {
    let Endpoint { operation, method, path, replay_safe } = endpoint;
    let too_large = || Error::TooLarge { operation, method, url_path: path, limit, status, replay_safe };
    let announced = response.content_length();
    if announced.is_some_and(|length| length > limit) {
        return Err(too_large());
    }
    // Most answers arrive in one chunk: keep it without copying.
    let mut single: Option<Bytes> = None;
    let mut joined = BytesMut::new();
    let mut received: u64 = 0;
    while let Some(chunk) = response.chunk().await.map_err(|e| transport_error(endpoint, e))? {
        received = received.saturating_add(chunk.len() as u64);
        if received > limit {
            return Err(too_large());
        }
        if let Some(first) = single.take() {
            let hint = announced.and_then(|n| usize::try_from(n).ok()).unwrap_or(2 * received as usize);
            joined.reserve(hint);
            joined.extend_from_slice(&first);
            joined.extend_from_slice(&chunk);
        } else if joined.is_empty() {
            single = Some(chunk);
        } else {
            joined.extend_from_slice(&chunk);
        }
    }
    Ok(single.unwrap_or_else(|| joined.freeze()))
}

/// Reads at most `max` bytes of the body, and whether there was more (the rest is not read).
async fn read_prefix(endpoint: Endpoint, response: &mut reqwest::Response, max: usize) -> Result<(Bytes, bool)> {
    let mut kept = BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| transport_error(endpoint, e))? {
        let room = max - kept.len();
        if chunk.len() > room {
            kept.extend_from_slice(&chunk[..room]);
            return Ok((kept.freeze(), true));
        }
        kept.extend_from_slice(&chunk);
    }
    Ok((kept.freeze(), false))
}

/// A reqwest failure as [`Error::Timeout`], [`Error::Encode`] or [`Error::Transport`], without the URL (its query
/// string may carry a secret, such as a download's `store_token`).
pub(crate) fn transport_error(endpoint: Endpoint, source: reqwest::Error) -> Error {
    let Endpoint { operation, method, path: url_path, replay_safe } = endpoint;
    let source = source.without_url();
    if source.is_timeout() && !source.is_connect() {
        Error::Timeout { operation, method, url_path, replay_safe }
    } else if source.is_builder() {
        Error::Encode { operation, method, url_path, message: crate::error::error_chain(&source) }
    } else {
        Error::Transport { operation, method, url_path, source, replay_safe }
    }
}

/// The headers an [`Error::Http`] keeps: all but `Set-Cookie`, at most [`MAX_ERROR_HEADERS`].
pub(crate) fn error_headers(all: &HeaderMap) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in all.iter().filter(|(name, _)| *name != header::SET_COOKIE).take(MAX_ERROR_HEADERS) {
        headers.append(name.clone(), value.clone());
    }
    headers
}
