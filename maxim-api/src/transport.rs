//! One attempt of a call, as the call loop prepared it ([`Request`]): send it, follow a download's redirects, and read the body within
//! the size limits, all before one deadline (so a timeout covers connecting, redirects and the body together).
//!
//! The credentials (`app_id`, `access-token`, act-as headers) go only to the API's own origin: a download redirected
//! elsewhere (object storage) is fetched without them. A non-2xx body is read up to [`MAX_ERROR_BODY`] bytes and no
//! further; a 2xx body larger than its limit is refused with [`Error::TooLarge`] before it is buffered (at once when
//! `Content-Length` announces it, else when the running count passes the limit).

use std::future::Future;
use std::time::{Duration, SystemTime};

use bytes::{Bytes, BytesMut};
use futures::FutureExt;
use reqwest::header::{self, HeaderMap, HeaderValue};
use tokio::time::Instant;

use crate::endpoint::{Endpoint, Expect};
use crate::error::{Error, MAX_ERROR_BODY, Result};
use crate::timer;

/// How many redirects a download follows.
const MAX_REDIRECTS: usize = 10;

/// How many response headers an [`Error::Http`] keeps.
const MAX_ERROR_HEADERS: usize = 64;

/// Response headers that may carry a server's request id, logged on the call's span.
const REQUEST_ID_HEADERS: [&str; 2] = ["x-request-id", "request-id"];

/// One attempt as the call loop prepared it: where it goes, everything it sends, and the bounds of its answer.
pub(crate) struct Request<'r> {
    /// The connection pool.
    pub http: &'r reqwest::Client,
    pub endpoint: Endpoint,
    pub expect: Expect,
    /// The whole URL, query included.
    pub url: reqwest::Url,
    /// The headers for the API's own origin: credentials, identity, user agent, `Accept`.
    pub headers: HeaderMap,
    /// A JSON body, sent with `Content-Type: application/json`.
    pub body: Option<Bytes>,
    /// The API's base URL: a download redirected to another origin is fetched without [`Self::headers`].
    pub base: &'r reqwest::Url,
    /// The user agent sent to those other origins.
    pub user_agent: Option<&'r HeaderValue>,
    pub limits: Limits,
    /// When the attempt, body included, must be over.
    pub deadline: Instant,
}

/// The most bytes of a successful body the transport reads.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// A JSON answer (of any call, a download refused with an envelope included).
    pub json: u64,
    /// A downloaded file, buffered or streamed.
    pub download: u64,
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

/// Sends one attempt and reads its answer, all before its deadline.
///
/// Plain functions returning futures rather than `async fn`s, and the request handed to reqwest before the future is
/// made: an `async fn` keeps its arguments in its state beside what it moves them into (rust-lang/rust#62958), which
/// took this future past 1 KiB, the largest size the allocator serves from its fast per-thread cache.
pub(crate) fn attempt<'r>(request: Request<'r>) -> impl Future<Output = Result<Answer>> + Send + 'r {
    let Endpoint { operation, method, path, replay_safe } = request.endpoint;
    timer::before(request.deadline, exchange(request)).map(move |result| match result {
        Some(result) => result,
        None => Err(Error::Timeout { operation, method, url_path: path, replay_safe }),
    })
}

/// Sends the request now; the future reads the answer (and follows a download's redirects).
fn exchange<'r>(request: Request<'r>) -> impl Future<Output = Result<Answer>> + Send + 'r {
    let Request { http, endpoint, expect, url, mut headers, body, base, user_agent, limits, deadline } = request;
    // A request built in place rather than through `RequestBuilder`, which moves itself at every step.
    let mut http_request = reqwest::Request::new(endpoint.method.to_reqwest(), url);
    *http_request.headers_mut() = match expect {
        Expect::Json => std::mem::take(&mut headers),
        // A download may be redirected, and then sends these again to the same origin.
        Expect::Download | Expect::Stream => headers.clone(),
    };
    if let Some(body) = body {
        http_request.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        *http_request.body_mut() = Some(body.into());
    }
    let sent = http.execute(http_request);
    async move {
        let mut response = sent.await.map_err(|e| transport_error(endpoint, e))?;
        if expect != Expect::Json {
            let redirects = Redirects { http, endpoint, base, headers: &headers, user_agent };
            response = Box::pin(redirects.follow(response)).await?;
        }
        // Boxed: see `Call::run` (a call's allocations stay under 1 KiB).
        Box::pin(read(endpoint, expect, limits, deadline, response)).await
    }
}

async fn send(endpoint: Endpoint, builder: reqwest::RequestBuilder) -> Result<reqwest::Response> {
    builder.send().await.map_err(|e| transport_error(endpoint, e))
}

/// What following a download's redirects needs of its [`Request`].
struct Redirects<'r> {
    http: &'r reqwest::Client,
    endpoint: Endpoint,
    base: &'r reqwest::Url,
    headers: &'r HeaderMap,
    user_agent: Option<&'r HeaderValue>,
}

impl Redirects<'_> {
    /// Follows up to [`MAX_REDIRECTS`] redirects; credentials go to the API's own origin only.
    async fn follow(&self, mut response: reqwest::Response) -> Result<reqwest::Response> {
        for _ in 0..MAX_REDIRECTS {
            let Some(next) = redirect_target(&response) else { break };
            if !matches!(next.scheme(), "http" | "https") {
                let Endpoint { operation, method, path, .. } = self.endpoint;
                return Err(Error::Redirect { operation, method, url_path: path, scheme: next.scheme().to_owned() });
            }
            let same_origin = next.origin() == self.base.origin();
            let mut builder = self.http.get(next);
            builder = if same_origin {
                builder.headers(self.headers.clone())
            } else {
                match self.user_agent {
                    Some(ua) => builder.header(header::USER_AGENT, ua.clone()),
                    None => builder,
                }
            };
            response = send(self.endpoint, builder).await?;
        }
        Ok(response)
    }
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
async fn read(
    endpoint: Endpoint,
    expect: Expect,
    limits: Limits,
    deadline: Instant,
    mut response: reqwest::Response,
) -> Result<Answer> {
    let status = response.status().as_u16();
    let headers = std::mem::take(response.headers_mut());
    let is_json = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(is_json);
    let body = if !(200..300).contains(&status) {
        let (bytes, truncated) = read_prefix(endpoint, &mut response, MAX_ERROR_BODY).await?;
        Body::Read { bytes, truncated }
    } else {
        let limit = match expect {
            // A download answering JSON is the service refusing: read it like any envelope.
            Expect::Json => limits.json,
            Expect::Stream if is_json => limits.json,
            Expect::Download => limits.download,
            Expect::Stream => {
                let response = Box::new(response);
                let body = Body::Unread { response, deadline, limit: limits.download };
                return Ok(Answer { endpoint, expect, status, headers, body, span: tracing::Span::none() });
            }
        };
        Body::Read { bytes: read_capped(endpoint, status, &mut response, limit).await?, truncated: false }
    };
    Ok(Answer { endpoint, expect, status, headers, body, span: tracing::Span::none() })
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
