//! Errors returned by the client: configuration, API (business), HTTP, decode, encode, size limit, timeout,
//! transport and login errors are separate variants of [`Error`].
//!
//! The MaxIM service reports most business errors with HTTP status 200 and an envelope whose
//! `code` is not 200; those become [`Error::Api`] with a typed [`ErrorCode`]. Non-2xx HTTP answers
//! become [`Error::Http`] (with the envelope's code and message when the body was one, and the
//! response headers). Bodies that cannot be decoded become [`Error::Decode`], which keeps the raw
//! body and the JSON path of the failure, but never quotes a value from the body: a value may be a
//! token. Raw bodies kept in errors are cut at [`MAX_ERROR_BODY`] bytes (`body_truncated` says so).

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

use crate::UnknownValue;
use crate::values::Method;

/// The most bytes of a response body an error keeps (64 KiB); the rest is dropped and `body_truncated` is set.
pub const MAX_ERROR_BODY: usize = 64 * 1024;

/// `Result` with this crate's [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when calling the MaxIM API.
///
/// Request-bound variants carry `operation` (the operation id, e.g. `"group.info"`), `method`
/// and `url_path` (e.g. `GET` and `"/group/info"`). The `Display` output names the request and
/// the problem but never includes the response body, which may be large; use
/// [`Error::raw_body`] to get it. `Debug` shows the body's length only: a body that failed to
/// decode may still carry secrets (the token of a `/token/*` answer), and errors end up in logs.
///
/// # Example
///
/// ```
/// use maxim_api::{Error, ErrorCode};
///
/// fn explain(err: &Error) -> &'static str {
///     match err.api_code() {
///         Some(ErrorCode::GroupNotFound) => "no such group",
///         Some(ErrorCode::AccessTokenInvalid) => "log in again",
///         Some(_) => "the service refused the request",
///         None if err.is_timeout() => "the service is slow, try again",
///         None => "request failed",
///     }
/// }
/// # let _ = explain;
/// ```
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The client was misconfigured (no `app_id`, an unparsable base URL, a value that is not a
    /// valid header).
    #[error("invalid client configuration: {message}")]
    Config {
        /// What is wrong.
        message: String,
    },

    /// The service answered with a 2xx status and an envelope whose `code` is not 200.
    #[error("{method} {url_path}: API error {code}{}", suffix(message.as_deref()))]
    Api {
        /// The business error code.
        code: ErrorCode,
        /// The envelope's `message`, if any.
        message: Option<String>,
        /// The HTTP status (2xx).
        http_status: u16,
        /// Operation id, e.g. `"group.info"`.
        operation: &'static str,
        /// HTTP method of the request.
        method: Method,
        /// Path of the request, e.g. `"/group/info"`.
        url_path: &'static str,
        /// The raw response body (at most [`MAX_ERROR_BODY`] bytes).
        body: String,
        /// Whether `body` was cut at [`MAX_ERROR_BODY`] bytes.
        body_truncated: bool,
    },

    /// The service answered with a non-2xx HTTP status. When the body was an envelope, `code` and
    /// `message` are filled from it; the raw body (JSON or an HTML error page) is kept, cut at
    /// [`MAX_ERROR_BODY`] bytes, and so are the response headers (see [`Error::retry_after`]).
    #[error("{method} {url_path}: HTTP {status}{}{}", code_suffix(*code), suffix(message.as_deref()))]
    Http {
        /// The HTTP status code.
        status: u16,
        /// Operation id, e.g. `"group.info"`.
        operation: &'static str,
        /// HTTP method of the request.
        method: Method,
        /// Path of the request, e.g. `"/group/info"`.
        url_path: &'static str,
        /// The response's `Content-Type`, if any.
        content_type: Option<String>,
        /// The raw response body (at most [`MAX_ERROR_BODY`] bytes).
        body: String,
        /// Whether `body` was cut at [`MAX_ERROR_BODY`] bytes.
        body_truncated: bool,
        /// The envelope's `code`, when the body was an envelope.
        code: Option<ErrorCode>,
        /// The envelope's `message`, when the body was an envelope and had one.
        message: Option<String>,
        /// The response headers, without `Set-Cookie`, at most 64 of them.
        headers: HeaderMap,
        /// Whether sending this very call again cannot perform it twice: a read, or a write the service
        /// de-duplicates by a `transaction_id` the caller set (see [`Error::is_retryable`]).
        replay_safe: bool,
    },

    /// The response body could not be decoded (truncated or invalid JSON, an empty body, an HTML
    /// page with status 200, a missing `code`, a field of the wrong type, a missing `data` that the
    /// document promises). The message names the JSON path and the expected type, never a value.
    #[error("{method} {url_path}: cannot decode response{}: {message}", at_path(path))]
    Decode {
        /// Operation id, e.g. `"group.info"`.
        operation: &'static str,
        /// HTTP method of the request.
        method: Method,
        /// Path of the request, e.g. `"/group/info"`.
        url_path: &'static str,
        /// JSON path of the failure, e.g. `"data.messages[0].from_xid.uid"`; empty for the root.
        path: String,
        /// What went wrong (never quotes a value from the body).
        message: String,
        /// The raw response body (at most [`MAX_ERROR_BODY`] bytes).
        body: String,
        /// Whether `body` was cut at [`MAX_ERROR_BODY`] bytes.
        body_truncated: bool,
        /// Whether sending this very call again cannot perform it twice: a read, or a write the service
        /// de-duplicates by a `transaction_id` the caller set (see [`Error::is_retryable`]).
        replay_safe: bool,
    },

    /// The request (query string or JSON body) could not be encoded.
    #[error("{method} {url_path}: cannot encode request: {message}")]
    Encode {
        /// Operation id, e.g. `"group.info"`.
        operation: &'static str,
        /// HTTP method of the request.
        method: Method,
        /// Path of the request, e.g. `"/group/info"`.
        url_path: &'static str,
        /// What went wrong.
        message: String,
    },

    /// The response body is larger than the client allows
    /// ([`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes) for JSON,
    /// [`max_download_bytes`](crate::ClientBuilder::max_download_bytes) for downloads). The body was not
    /// buffered: reading stopped at the limit, or before the first byte when `Content-Length` said so.
    #[error("{method} {url_path}: response body exceeds the limit of {limit} bytes")]
    TooLarge {
        /// Operation id, e.g. `"group.info"`.
        operation: &'static str,
        /// HTTP method of the request.
        method: Method,
        /// Path of the request, e.g. `"/group/info"`.
        url_path: &'static str,
        /// The limit in bytes.
        limit: u64,
        /// The HTTP status of the response.
        status: u16,
        /// Whether sending this very call again cannot perform it twice: a read, or a write the service
        /// de-duplicates by a `transaction_id` the caller set (see [`Error::is_retryable`]).
        replay_safe: bool,
    },

    /// The request did not complete within the configured timeout (which covers connecting,
    /// redirects and reading the body).
    #[error("{method} {url_path}: request timed out")]
    Timeout {
        /// Operation id, e.g. `"group.info"`.
        operation: &'static str,
        /// HTTP method of the request.
        method: Method,
        /// Path of the request, e.g. `"/group/info"`.
        url_path: &'static str,
        /// Whether sending this very call again cannot perform it twice: a read, or a write the service
        /// de-duplicates by a `transaction_id` the caller set (see [`Error::is_retryable`]).
        replay_safe: bool,
    },

    /// The request could not be sent or the response could not be read (connection refused,
    /// DNS failure, TLS error, connection reset). `Display` says which; the cause is `source()`
    /// (printed with the error chain by `anyhow`'s `{:#}` and the like), not repeated.
    #[error("{method} {url_path}: {}", transport_failure(source))]
    Transport {
        /// Operation id, e.g. `"group.info"`.
        operation: &'static str,
        /// HTTP method of the request.
        method: Method,
        /// Path of the request, e.g. `"/group/info"`.
        url_path: &'static str,
        /// The underlying HTTP client error.
        #[source]
        source: reqwest::Error,
        /// Whether sending this very call again cannot perform it twice: a read, or a write the service
        /// de-duplicates by a `transaction_id` the caller set (see [`Error::is_retryable`]).
        replay_safe: bool,
    },

    /// A download was redirected to a URL this client does not fetch: a scheme other than `http` and `https`
    /// (`file:`, `data:`, …). The URL itself is not kept (it may carry a signature).
    #[error("{method} {url_path}: redirected to a `{scheme}:` URL, which is not fetched")]
    Redirect {
        /// Operation id, e.g. `"file.download_chat"`.
        operation: &'static str,
        /// HTTP method of the request.
        method: Method,
        /// Path of the request, e.g. `"/file/download/chat"`.
        url_path: &'static str,
        /// The scheme of the redirect's target, e.g. `"file"`.
        scheme: String,
    },

    /// Writing a streamed download into the caller's writer failed
    /// ([`DownloadStream::write_to`](crate::DownloadStream::write_to)).
    #[error("{method} {url_path}: writing the download failed")]
    Io {
        /// Operation id, e.g. `"file.download_chat"`.
        operation: &'static str,
        /// HTTP method of the request.
        method: Method,
        /// Path of the request, e.g. `"/file/download/chat"`.
        url_path: &'static str,
        /// The writer's error.
        #[source]
        source: std::io::Error,
    },

    /// A [user session](crate::Client::user_session) could not log in. `source` is the error of the
    /// login call; calls that waited for the same login share it.
    #[error("user session login failed")]
    Login {
        /// The login call's error.
        #[source]
        source: Arc<Error>,
    },
}

/// An error and its sources, joined by `: `.
pub(crate) fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut cause = err.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

/// The server's `message` as `Display` (and so every log line) shows it: at most [`MAX_MESSAGE_CHARS`]
/// characters, control characters (line breaks, escapes that would restyle a terminal) as `\u{…}`. The error's
/// `message` field keeps the text as sent.
fn suffix(message: Option<&str>) -> String {
    let Some(message) = message.filter(|m| !m.is_empty()) else { return String::new() };
    let mut shown = String::from(": ");
    for (count, c) in message.chars().enumerate() {
        if count == MAX_MESSAGE_CHARS {
            shown.push('…');
            break;
        }
        if c.is_control() {
            shown.extend(c.escape_unicode());
        } else {
            shown.push(c);
        }
    }
    shown
}

/// The most characters of a server's `message` that `Display` shows.
const MAX_MESSAGE_CHARS: usize = 200;

/// What kind of transport failure, for `Display` (the cause itself is `source()`).
fn transport_failure(source: &reqwest::Error) -> &'static str {
    if source.is_connect() {
        "could not connect"
    } else if source.is_body() || source.is_decode() {
        "connection lost while reading the answer"
    } else if source.is_request() {
        "sending the request failed"
    } else {
        "transport error"
    }
}

fn code_suffix(code: Option<ErrorCode>) -> String {
    code.map(|c| format!(", API error {c}")).unwrap_or_default()
}

fn at_path(path: &str) -> String {
    if path.is_empty() || path == "." { String::new() } else { format!(" at `{path}`") }
}

/// A raw body in `Debug` output: its length, never its contents.
struct BodyLength(usize, bool);

impl fmt::Debug for BodyLength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let truncated = if self.1 { ", truncated" } else { "" };
        write!(f, "<{} bytes{truncated}>", self.0)
    }
}

/// Headers in `Debug` output: their names only (a value may be a session cookie).
struct HeaderNames<'a>(&'a HeaderMap);

impl fmt::Debug for HeaderNames<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.keys().map(|name| name.as_str())).finish()
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config { message } => f.debug_struct("Config").field("message", message).finish(),
            Error::Api { code, message, http_status, operation, method, url_path, body, body_truncated } => f
                .debug_struct("Api")
                .field("code", code)
                .field("message", message)
                .field("http_status", http_status)
                .field("operation", operation)
                .field("method", method)
                .field("url_path", url_path)
                .field("body", &BodyLength(body.len(), *body_truncated))
                .finish(),
            Error::Http {
                status,
                operation,
                method,
                url_path,
                content_type,
                body,
                body_truncated,
                code,
                message,
                headers,
                replay_safe,
            } => f
                .debug_struct("Http")
                .field("status", status)
                .field("operation", operation)
                .field("method", method)
                .field("url_path", url_path)
                .field("content_type", content_type)
                .field("body", &BodyLength(body.len(), *body_truncated))
                .field("code", code)
                .field("message", message)
                .field("headers", &HeaderNames(headers))
                .field("replay_safe", replay_safe)
                .finish(),
            Error::Decode { operation, method, url_path, path, message, body, body_truncated, replay_safe } => f
                .debug_struct("Decode")
                .field("operation", operation)
                .field("method", method)
                .field("url_path", url_path)
                .field("path", path)
                .field("message", message)
                .field("body", &BodyLength(body.len(), *body_truncated))
                .field("replay_safe", replay_safe)
                .finish(),
            Error::Encode { operation, method, url_path, message } => f
                .debug_struct("Encode")
                .field("operation", operation)
                .field("method", method)
                .field("url_path", url_path)
                .field("message", message)
                .finish(),
            Error::TooLarge { operation, method, url_path, limit, status, replay_safe } => f
                .debug_struct("TooLarge")
                .field("operation", operation)
                .field("method", method)
                .field("url_path", url_path)
                .field("limit", limit)
                .field("status", status)
                .field("replay_safe", replay_safe)
                .finish(),
            Error::Timeout { operation, method, url_path, replay_safe } => f
                .debug_struct("Timeout")
                .field("operation", operation)
                .field("method", method)
                .field("url_path", url_path)
                .field("replay_safe", replay_safe)
                .finish(),
            Error::Transport { operation, method, url_path, source, replay_safe } => f
                .debug_struct("Transport")
                .field("operation", operation)
                .field("method", method)
                .field("url_path", url_path)
                .field("source", source)
                .field("replay_safe", replay_safe)
                .finish(),
            Error::Redirect { operation, method, url_path, scheme } => f
                .debug_struct("Redirect")
                .field("operation", operation)
                .field("method", method)
                .field("url_path", url_path)
                .field("scheme", scheme)
                .finish(),
            Error::Io { operation, method, url_path, source } => f
                .debug_struct("Io")
                .field("operation", operation)
                .field("method", method)
                .field("url_path", url_path)
                .field("source", source)
                .finish(),
            Error::Login { source } => f.debug_struct("Login").field("source", source).finish(),
        }
    }
}

impl Error {
    /// The business error code: from an [`Error::Api`], from an [`Error::Http`] whose body was
    /// an envelope, or from the failed login of an [`Error::Login`].
    pub fn api_code(&self) -> Option<ErrorCode> {
        match self {
            Error::Api { code, .. } => Some(*code),
            Error::Http { code, .. } => *code,
            Error::Login { source } => source.api_code(),
            _ => None,
        }
    }

    /// The raw response body, for the variants that keep one (`Api`, `Http`, `Decode`), at most
    /// [`MAX_ERROR_BODY`] bytes.
    pub fn raw_body(&self) -> Option<&str> {
        match self {
            Error::Api { body, .. } | Error::Http { body, .. } | Error::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Timeout { .. } => true,
            Error::Login { source } => source.is_timeout(),
            _ => false,
        }
    }

    /// Whether repeating this very call may succeed and cannot perform it twice: the failure is transient (a
    /// transport error, a timeout, HTTP 429, 502, 503 or 504) and the call was never sent (no connection could be
    /// made), or it is safe to send again (a read, or a write the service de-duplicates by a `transaction_id` the
    /// caller set; one the SDK generated is not kept between `send()` calls). A failed login of a
    /// [user session](crate::Client::user_session) is retryable when the login's failure was transient: the call
    /// itself was not sent. The client has already retried what it could (see [`RetryPolicy`](crate::RetryPolicy)).
    ///
    /// | failure | read, or de-duplicated write | other write |
    /// | --- | --- | --- |
    /// | connection never made ([`Error::Transport`]) | retryable | retryable |
    /// | timeout, connection lost after sending | retryable | **may have taken effect** |
    /// | HTTP 429, 502, 503, 504 | retryable | may have taken effect (5xx only) |
    /// | HTTP 500 and other 5xx | — | may have taken effect |
    /// | a 2xx answer that does not decode or is too large | — | may have taken effect |
    /// | business error ([`Error::Api`]), other 4xx, encode, config | — | — |
    ///
    /// ("—": neither retryable nor possibly performed; see [`Error::may_have_taken_effect`].)
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport { source, .. } if source.is_connect() => true,
            Error::Transport { replay_safe, .. } | Error::Timeout { replay_safe, .. } => *replay_safe,
            Error::Http { status, replay_safe, .. } => *replay_safe && crate::retry::is_transient_status(*status),
            Error::Login { source } => source.is_transient(),
            _ => false,
        }
    }

    /// Whether the call was a write that may have reached the service and whose outcome is unknown: a timeout, a
    /// connection lost after sending, an HTTP 5xx, or a 2xx answer that could not be read, for a write that is not
    /// safe to send again (see the table of [`Error::is_retryable`]). Check the service's state before repeating
    /// such a call (for instance, look the group up before creating it again). `false` for reads, for writes the
    /// service de-duplicates by the caller's `transaction_id`, and whenever the service answered that it did not
    /// perform the call (a business error, a 4xx) or the request was never sent.
    pub fn may_have_taken_effect(&self) -> bool {
        match self {
            Error::Transport { source, .. } if source.is_connect() => false,
            Error::Transport { replay_safe, .. }
            | Error::Timeout { replay_safe, .. }
            | Error::Decode { replay_safe, .. }
            | Error::TooLarge { replay_safe, .. } => !replay_safe,
            Error::Http { status, replay_safe, .. } => !replay_safe && *status >= 500,
            _ => false,
        }
    }

    /// A transport error, a timeout, or HTTP 429, 502, 503 or 504, whatever the call.
    fn is_transient(&self) -> bool {
        match self {
            Error::Transport { .. } | Error::Timeout { .. } => true,
            Error::Http { status, .. } => crate::retry::is_transient_status(*status),
            Error::Login { source } => source.is_transient(),
            _ => false,
        }
    }

    /// How long the server asked the caller to wait before trying again (`Retry-After`, in
    /// seconds or as an HTTP date, measured from now), on an [`Error::Http`].
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Http { headers, .. } => {
                let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
                crate::retry::parse_retry_after(value, SystemTime::now())
            }
            Error::Login { source } => source.retry_after(),
            _ => None,
        }
    }

    /// The HTTP status of the response, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Api { http_status, .. } => Some(*http_status),
            Error::Http { status, .. } | Error::TooLarge { status, .. } => Some(*status),
            Error::Login { source } => source.http_status(),
            _ => None,
        }
    }

    /// The operation id (e.g. `"group.info"`) of the failed request, for request-bound variants.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::Api { operation, .. }
            | Error::Http { operation, .. }
            | Error::Decode { operation, .. }
            | Error::Encode { operation, .. }
            | Error::TooLarge { operation, .. }
            | Error::Timeout { operation, .. }
            | Error::Transport { operation, .. }
            | Error::Redirect { operation, .. }
            | Error::Io { operation, .. } => Some(operation),
            Error::Login { source } => source.operation(),
            Error::Config { .. } => None,
        }
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::Config { message: message.into() }
    }
}

/// A MaxIM business error code. Known codes have their own variant; any other code is kept in
/// [`ErrorCode::Unknown`], readable with [`ErrorCode::code`] but not built or matched by number (see
/// [`UnknownValue`]), so a code named in a later version keeps the meaning of code written today.
///
/// ```
/// use maxim_api::ErrorCode;
///
/// assert_eq!(ErrorCode::from_code(20001), ErrorCode::GroupNotFound);
/// assert_eq!(ErrorCode::GroupNotFound.code(), 20001);
/// assert_eq!(ErrorCode::GroupNotFound.to_string(), "20001 (group not found)");
/// assert!(matches!(ErrorCode::from_code(99999), ErrorCode::Unknown(_)));
/// assert_eq!(ErrorCode::from_code(99999).code(), 99999);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// 10000: user not found.
    UserNotFound,
    /// 10002: bad parameters.
    BadParameters,
    /// 10003: access-token missing.
    AccessTokenMissing,
    /// 10004: user exists.
    UserExists,
    /// 10005: already a friend.
    AlreadyFriend,
    /// 10006: in blacklist.
    InBlacklist,
    /// 10008: access-token invalid.
    AccessTokenInvalid,
    /// 10010: no permission.
    NoPermission,
    /// 12005: push target list over 500 entries.
    PushTargetsOverLimit,
    /// 20001: group not found.
    GroupNotFound,
    /// 20002: not a group member.
    NotGroupMember,
    /// 20017: already a group member.
    AlreadyGroupMember,
    /// 40000: app_id does not exist.
    AppIdNotFound,
    /// A code this crate does not know.
    Unknown(UnknownValue),
}

const KNOWN: [(ErrorCode, i64, &str); 13] = [
    (ErrorCode::UserNotFound, 10000, "user not found"),
    (ErrorCode::BadParameters, 10002, "bad parameters"),
    (ErrorCode::AccessTokenMissing, 10003, "access-token missing"),
    (ErrorCode::UserExists, 10004, "user exists"),
    (ErrorCode::AlreadyFriend, 10005, "already a friend"),
    (ErrorCode::InBlacklist, 10006, "in blacklist"),
    (ErrorCode::AccessTokenInvalid, 10008, "access-token invalid"),
    (ErrorCode::NoPermission, 10010, "no permission"),
    (ErrorCode::PushTargetsOverLimit, 12005, "push target list over 500"),
    (ErrorCode::GroupNotFound, 20001, "group not found"),
    (ErrorCode::NotGroupMember, 20002, "not a group member"),
    (ErrorCode::AlreadyGroupMember, 20017, "already a group member"),
    (ErrorCode::AppIdNotFound, 40000, "app_id does not exist"),
];

impl ErrorCode {
    /// The variant for a numeric code; unknown codes become [`ErrorCode::Unknown`].
    pub fn from_code(code: i64) -> Self {
        KNOWN.iter().find(|(_, c, _)| *c == code).map_or(ErrorCode::Unknown(UnknownValue::new(code)), |(v, _, _)| *v)
    }

    /// The numeric code.
    pub fn code(self) -> i64 {
        match self {
            ErrorCode::Unknown(c) => c.value(),
            known => KNOWN.iter().find(|(v, _, _)| *v == known).map_or(0, |(_, c, _)| *c),
        }
    }

    /// A short English description, or `None` for an unknown code.
    pub fn description(self) -> Option<&'static str> {
        KNOWN.iter().find(|(v, _, _)| *v == self).map(|(_, _, d)| *d)
    }
}

impl From<i64> for ErrorCode {
    fn from(code: i64) -> Self {
        ErrorCode::from_code(code)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.description() {
            Some(d) => write!(f, "{} ({d})", self.code()),
            None => write!(f, "{}", self.code()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_code_round_trips() {
        for (variant, code, _) in KNOWN {
            assert_eq!(ErrorCode::from_code(code), variant);
            assert_eq!(variant.code(), code);
        }
        assert_eq!(ErrorCode::from_code(99999), ErrorCode::Unknown(UnknownValue::new(99999)));
        assert_eq!(ErrorCode::from_code(99999).code(), 99999);
    }

    #[test]
    fn code_display() {
        assert_eq!(ErrorCode::GroupNotFound.to_string(), "20001 (group not found)");
        assert_eq!(ErrorCode::from_code(99999).to_string(), "99999");
    }

    #[test]
    fn api_error_display_names_request_and_omits_body() {
        let err = Error::Api {
            code: ErrorCode::GroupNotFound,
            message: Some("group not exist".into()),
            http_status: 200,
            operation: "group.info",
            method: Method::Get,
            url_path: "/group/info",
            body: "SECRET-BODY".into(),
            body_truncated: false,
        };
        assert_eq!(err.to_string(), "GET /group/info: API error 20001 (group not found): group not exist");
        assert_eq!(err.api_code(), Some(ErrorCode::GroupNotFound));
        assert_eq!(err.raw_body(), Some("SECRET-BODY"));
        assert_eq!(err.http_status(), Some(200));
        assert_eq!(err.operation(), Some("group.info"));
        assert!(!err.is_timeout());
        assert!(!err.is_retryable(), "a business error is not transient");
    }

    fn http(status: u16, headers: &[(&'static str, &str)]) -> Error {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(*name, value.parse().expect("header value"));
        }
        Error::Http {
            status,
            operation: "group.info",
            method: Method::Get,
            url_path: "/group/info",
            content_type: None,
            body: "x".repeat(10),
            body_truncated: true,
            code: None,
            message: None,
            headers: map,
            replay_safe: true,
        }
    }

    #[test]
    fn retryable_statuses_and_retry_after() {
        for (status, retryable) in [(429, true), (502, true), (503, true), (504, true), (500, false), (404, false)] {
            assert_eq!(http(status, &[]).is_retryable(), retryable, "{status}");
        }
        assert_eq!(http(429, &[("retry-after", "7")]).retry_after(), Some(Duration::from_secs(7)));
        assert_eq!(http(429, &[("retry-after", "later")]).retry_after(), None);
        assert_eq!(http(429, &[]).retry_after(), None);
        let login = Error::Login { source: Arc::new(http(503, &[("retry-after", "2")])) };
        assert!(login.is_retryable());
        assert_eq!(login.retry_after(), Some(Duration::from_secs(2)));
        assert_eq!(login.http_status(), Some(503));
        assert_eq!(login.to_string(), "user session login failed");
        assert_eq!(crate::error::error_chain(&login), "user session login failed: GET /group/info: HTTP 503");
    }

    #[test]
    fn debug_shows_header_names_and_truncation_only() {
        let err = http(503, &[("retry-after", "7"), ("x-request-id", "req-SECRET")]);
        let debug = format!("{err:?}");
        assert!(debug.contains(r#"headers: ["retry-after", "x-request-id"]"#), "{debug}");
        assert!(debug.contains("body: <10 bytes, truncated>"), "{debug}");
        assert!(!debug.contains("req-SECRET"), "{debug}");
    }

    #[test]
    fn http_and_decode_display() {
        let http = Error::Http {
            status: 401,
            operation: "user.profile",
            method: Method::Post,
            url_path: "/user/profile",
            content_type: Some("application/json".into()),
            body: "{}".into(),
            body_truncated: false,
            code: Some(ErrorCode::AccessTokenInvalid),
            message: Some("bad token".into()),
            headers: HeaderMap::new(),
            replay_safe: false,
        };
        assert_eq!(http.to_string(), "POST /user/profile: HTTP 401, API error 10008 (access-token invalid): bad token");
        let decode = Error::Decode {
            operation: "user.profile",
            method: Method::Get,
            url_path: "/user/profile",
            path: "data.user_id".into(),
            message: "invalid type".into(),
            body: "<html>".into(),
            body_truncated: false,
            replay_safe: true,
        };
        assert_eq!(decode.to_string(), "GET /user/profile: cannot decode response at `data.user_id`: invalid type");
        assert_eq!(decode.api_code(), None);
        assert_eq!(Error::config("x").operation(), None);
    }
}
