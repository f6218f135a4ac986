//! Leaf values that describe one call to every layer above: which endpoint ([`Endpoint`]) and what its answer is
//! expected to be ([`Expect`]). They depend on nothing but [`Method`], so that the transport, the decoder and the
//! errors can all take them without importing the call loop ([`crate::request`]).

use crate::values::Method;

/// Identity of one call: which operation, with which verb, on which path, and whether sending it again is safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Endpoint {
    /// Operation id, e.g. `"user.register"`.
    pub operation: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path below the base URL, e.g. `"/user/register"`.
    pub path: &'static str,
    /// Sending this very call again cannot perform it twice: a `GET`, or a write the service de-duplicates by a
    /// `transaction_id` the caller set. What errors report ([`crate::Error::is_retryable`]); the call loop's own
    /// retries also reuse a key the SDK generated (see [`crate::request::Call`]).
    pub replay_safe: bool,
}

/// How the body of a successful answer is taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Expect {
    /// A JSON envelope, read whole up to `max_response_bytes`.
    Json,
    /// A file, redirects followed, read whole up to `max_download_bytes`.
    Download,
    /// A file, redirects followed, handed to the caller unread.
    Stream,
}
