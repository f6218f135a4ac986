//! Sending requests and checking responses: the crate-internal interface that the generated
//! operations call ([`Endpoint`], [`Client::send_json`], [`Client::send_download`],
//! [`DataOnly`]).
//!
//! Response handling, in order: transport failures become [`Error::Transport`] or
//! [`Error::Timeout`]; a non-2xx status becomes [`Error::Http`]; the body must be a JSON object
//! with a numeric `code` ([`Error::Decode`] otherwise); a `code` other than 200 becomes
//! [`Error::Api`]; finally the whole envelope is decoded into the caller's type, and a failure
//! becomes [`Error::Decode`] with the JSON path of the offending field.

use std::time::Instant;

use bytes::Bytes;
use reqwest::header::{self, HeaderMap, HeaderValue};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::client::{ActAs, Client};
use crate::error::{Error, ErrorCode, Result};
use crate::values::{Download, Method};

/// Identity of one documented API entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Endpoint {
    /// Operation id, e.g. `"user.register"`.
    pub operation: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path below the base URL, e.g. `"/user/register"`.
    pub path: &'static str,
}

/// The usual envelope when an operation returns only `data`. Unknown fields are ignored; a
/// missing or `null` `data` decodes to `None`.
#[derive(Debug, Deserialize)]
pub(crate) struct DataOnly<T> {
    #[serde(default = "none")]
    pub data: Option<T>,
}

fn none<T>() -> Option<T> {
    None
}

/// The part of the envelope checked before decoding the caller's type.
#[derive(Deserialize)]
struct Head {
    code: Option<i64>,
    #[serde(default)]
    message: Option<serde_json::Value>,
}

impl Head {
    fn parse(body: &[u8]) -> Option<Head> {
        serde_json::from_slice(body).ok()
    }

    fn message(&self) -> Option<String> {
        match &self.message {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            Some(other) => Some(other.to_string()),
        }
    }
}

/// A response whose status and body have been read.
struct Raw {
    status: u16,
    content_type: Option<String>,
    body: Bytes,
    /// Where the response came from, to resolve a relative `Location`.
    url: reqwest::Url,
    location: Option<String>,
}

/// How many redirects a download follows.
const MAX_REDIRECTS: usize = 10;

impl Client {
    /// Sends a request, checks the envelope and decodes the whole response body (the envelope,
    /// not only `data`) into `T`. `query` is encoded as a URL query string (`None` fields are
    /// skipped); `body = None` sends no body and no `Content-Type`.
    pub(crate) async fn send_json<Q, B, T>(&self, endpoint: Endpoint, query: &Q, body: Option<&B>) -> Result<T>
    where
        Q: Serialize + ?Sized,
        B: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        let body = match body {
            Some(b) => Some(serde_json::to_vec(b).map_err(|e| Error::Encode {
                operation: endpoint.operation,
                method: endpoint.method,
                url_path: endpoint.path,
                message: e.to_string(),
            })?),
            None => None,
        };
        let raw = self.execute(endpoint, query, body, true).await?;
        if !(200..300).contains(&raw.status) {
            return Err(http_error(endpoint, raw));
        }
        check_envelope(endpoint, &raw)?;
        decode_body(endpoint, &raw)
    }

    /// Downloads a file: returns its bytes and content type on a 2xx answer. Redirects are followed
    /// here rather than by reqwest, so that the credentials (`app_id`, `access-token`, act-as
    /// headers) go only to the API's own origin: a redirect to object storage is fetched without
    /// them. A 2xx JSON envelope whose `code` is not 200 becomes [`Error::Api`]; a non-2xx status
    /// becomes [`Error::Http`].
    pub(crate) async fn send_download<Q: Serialize + ?Sized>(&self, endpoint: Endpoint, query: &Q) -> Result<Download> {
        let mut raw = self.execute(endpoint, query, None, false).await?;
        for _ in 0..MAX_REDIRECTS {
            let Some(next) = redirect_target(&raw) else { break };
            let same_origin =
                reqwest::Url::parse(&self.inner.base_url).is_ok_and(|base| base.origin() == next.origin());
            let mut request = self.inner.http.get(next).timeout(self.inner.timeout);
            request = if same_origin {
                request.headers(self.headers(false))
            } else {
                match &self.inner.user_agent {
                    Some(ua) => request.header(header::USER_AGENT, ua.clone()),
                    None => request,
                }
            };
            raw = self.finish(endpoint, request, 0).await?;
        }
        if !(200..300).contains(&raw.status) {
            return Err(http_error(endpoint, raw));
        }
        let is_json = raw.content_type.as_deref().is_some_and(|ct| ct.to_ascii_lowercase().contains("json"));
        // A JSON answer with an error code is the service refusing, not the file.
        if is_json
            && let Some(head) = Head::parse(&raw.body)
            && let Some(code) = head.code.filter(|&code| code != 200)
        {
            return Err(api_error(endpoint, &raw, code, head.message()));
        }
        Ok(Download { bytes: raw.body, content_type: raw.content_type })
    }

    /// Sends the request and reads the whole response.
    async fn execute<Q: Serialize + ?Sized>(
        &self,
        endpoint: Endpoint,
        query: &Q,
        body: Option<Vec<u8>>,
        want_json: bool,
    ) -> Result<Raw> {
        let inner = &self.inner;
        let url = format!("{}{}", inner.base_url, endpoint.path);
        let mut request = inner
            .http
            .request(endpoint.method.to_reqwest(), url)
            .query(query)
            .timeout(inner.timeout)
            .headers(self.headers(want_json));
        let body_len = body.as_ref().map_or(0, Vec::len);
        if let Some(body) = body {
            request = request.header(header::CONTENT_TYPE, "application/json").body(body);
        }
        self.finish(endpoint, request, body_len).await
    }

    /// Sends a built request and reads the whole response, logging its outcome.
    async fn finish(&self, endpoint: Endpoint, request: reqwest::RequestBuilder, body_len: usize) -> Result<Raw> {
        let started = Instant::now();
        let result = match request.send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                let text_header =
                    |name| response.headers().get(name).and_then(|v: &HeaderValue| v.to_str().ok()).map(str::to_owned);
                let content_type = text_header(header::CONTENT_TYPE);
                let location = text_header(header::LOCATION);
                let url = response.url().clone();
                response.bytes().await.map(|body| Raw { status, content_type, body, url, location })
            }
            Err(e) => Err(e),
        };
        let elapsed_ms = started.elapsed().as_millis();
        match result {
            Ok(raw) => {
                tracing::debug!(
                    operation = endpoint.operation,
                    method = endpoint.method.as_str(),
                    path = endpoint.path,
                    status = raw.status,
                    elapsed_ms,
                    request_body_len = body_len,
                    response_body_len = raw.body.len(),
                    "maxim-api request"
                );
                Ok(raw)
            }
            Err(source) => {
                tracing::debug!(
                    operation = endpoint.operation,
                    method = endpoint.method.as_str(),
                    path = endpoint.path,
                    elapsed_ms,
                    timeout = source.is_timeout(),
                    "maxim-api request failed"
                );
                Err(transport_error(endpoint, source))
            }
        }
    }

    /// The credentials and identity headers of every API call.
    fn headers(&self, want_json: bool) -> HeaderMap {
        let inner = &self.inner;
        let mut headers = HeaderMap::new();
        headers.insert("app_id", inner.app_id_header.clone());
        if let Some((_, token)) = &inner.access_token {
            headers.insert("access-token", token.clone());
        }
        match self.act_as {
            Some(ActAs::User(id)) => {
                headers.insert("user_id", HeaderValue::from(id));
            }
            Some(ActAs::GroupAdmin(id)) => {
                headers.insert("group_id", HeaderValue::from(id));
            }
            None => {}
        }
        if let Some(ua) = &inner.user_agent {
            headers.insert(header::USER_AGENT, ua.clone());
        }
        if want_json {
            headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        }
        headers
    }
}

fn transport_error(endpoint: Endpoint, source: reqwest::Error) -> Error {
    let Endpoint { operation, method, path: url_path } = endpoint;
    // The URL's query string may carry a secret (`store_token` of the downloads): keep it out of messages.
    let source = source.without_url();
    if source.is_timeout() {
        Error::Timeout { operation, method, url_path }
    } else if source.is_builder() {
        Error::Encode { operation, method, url_path, message: error_chain(&source) }
    } else {
        Error::Transport { operation, method, url_path, source }
    }
}

fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut cause = err.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

fn body_text(body: &[u8]) -> String {
    String::from_utf8_lossy(body).into_owned()
}

fn http_error(endpoint: Endpoint, raw: Raw) -> Error {
    let head = Head::parse(&raw.body);
    Error::Http {
        status: raw.status,
        operation: endpoint.operation,
        method: endpoint.method,
        url_path: endpoint.path,
        content_type: raw.content_type,
        body: body_text(&raw.body),
        code: head.as_ref().and_then(|h| h.code).map(ErrorCode::from_code),
        message: head.as_ref().and_then(Head::message),
    }
}

fn api_error(endpoint: Endpoint, raw: &Raw, code: i64, message: Option<String>) -> Error {
    Error::Api {
        code: ErrorCode::from_code(code),
        message,
        http_status: raw.status,
        operation: endpoint.operation,
        method: endpoint.method,
        url_path: endpoint.path,
        body: body_text(&raw.body),
    }
}

fn decode_error(endpoint: Endpoint, raw: &Raw, path: String, message: String) -> Error {
    Error::Decode {
        operation: endpoint.operation,
        method: endpoint.method,
        url_path: endpoint.path,
        path,
        message,
        body: body_text(&raw.body),
    }
}

/// Requires a JSON object with a numeric `code`, and `code == 200`.
fn check_envelope(endpoint: Endpoint, raw: &Raw) -> Result<()> {
    if raw.body.iter().all(u8::is_ascii_whitespace) {
        let message = "empty response body".to_owned();
        return Err(decode_error(endpoint, raw, String::new(), message));
    }
    let head: Head = serde_json::from_slice(&raw.body).map_err(|e| {
        let message = format!("response is not a JSON envelope: {e}");
        decode_error(endpoint, raw, String::new(), message)
    })?;
    match head.code {
        None => {
            let message = "response envelope has no numeric `code`".to_owned();
            Err(decode_error(endpoint, raw, String::new(), message))
        }
        Some(200) => Ok(()),
        Some(code) => Err(api_error(endpoint, raw, code, head.message())),
    }
}

fn decode_body<T: DeserializeOwned>(endpoint: Endpoint, raw: &Raw) -> Result<T> {
    let mut de = serde_json::Deserializer::from_slice(&raw.body);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        decode_error(endpoint, raw, path, e.into_inner().to_string())
    })?;
    de.end().map_err(|e| decode_error(endpoint, raw, String::new(), e.to_string()))?;
    Ok(value)
}

#[cfg(test)]
mod tests;

/// The absolute URL a 3xx response points to, if it is a redirect with a usable `Location`.
fn redirect_target(raw: &Raw) -> Option<reqwest::Url> {
    if !(300..400).contains(&raw.status) {
        return None;
    }
    raw.url.join(raw.location.as_deref()?).ok()
}
