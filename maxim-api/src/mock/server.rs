//! The HTTP server: HTTP/1 on loopback (hyper), on a thread of its own with its own runtime, so that a test that
//! blocks (a child process, a blocking client) does not stall it. Each request is recorded, validated, then
//! answered by the first mounted answer that matches it, or by the emulator, or by its example.

use std::convert::Infallible;
use std::io;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::service::service_fn;
use hyper::{Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::sync::oneshot;

use super::rules::{Plan, Reply};
use super::{EMULATED_HEADER, EXAMPLE_FILE, Operation, Received, STORAGE_PATH, Shared, Violation, lock, validate};

/// The server's thread; dropping it stops the server and closes its connections.
#[derive(Debug)]
pub(super) struct Running {
    _stop: oneshot::Sender<Infallible>,
}

impl Running {
    /// Serves `listener` until dropped.
    pub(super) fn spawn(listener: TcpListener, shared: Arc<Shared>) -> io::Result<Running> {
        listener.set_nonblocking(true)?;
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        let (stop, stopped) = oneshot::channel::<Infallible>();
        std::thread::Builder::new().name("maxim-mock-server".into()).spawn(move || {
            runtime.block_on(async move {
                match tokio::net::TcpListener::from_std(listener) {
                    Ok(listener) => drop(tokio::spawn(accept(listener, shared))),
                    Err(error) => tracing::error!(%error, "the mock server cannot listen"),
                }
                // Resolves when the sender is dropped; the runtime then drops every connection's task.
                let _ = stopped.await;
            });
        })?;
        Ok(Running { _stop: stop })
    }
}

async fn accept(listener: tokio::net::TcpListener, shared: Arc<Shared>) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(error) => {
                // Out of file descriptors and the like: wait instead of spinning.
                tracing::warn!(%error, "the mock server cannot accept a connection");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            let service = service_fn(move |request| handle(Arc::clone(&shared), request));
            let connection = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service);
            // A reset (a fault asked for it) or a client that went away: nothing to do.
            let _ = connection.await;
        });
    }
}

/// The error that makes hyper close the connection without answering.
#[derive(Debug, thiserror::Error)]
#[error("connection reset by a mounted fault")]
struct ConnectionReset;

async fn handle(
    shared: Arc<Shared>,
    request: hyper::Request<Incoming>,
) -> Result<Response<Full<Bytes>>, ConnectionReset> {
    let (parts, body) = request.into_parts();
    let body = body.collect().await.map(|collected| collected.to_bytes().to_vec()).unwrap_or_default();
    let query = parts.uri.query().unwrap_or_default();
    let headers = parts
        .headers
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()));
    let received = Received {
        method: parts.method.as_str().to_owned(),
        path: parts.uri.path().to_owned(),
        query: form_urlencoded::parse(query.as_bytes()).into_owned().collect(),
        headers: headers.collect(),
        body,
    };
    lock(&shared.received).push(received.clone());
    let (delay, answer) = shared.answer(&received);
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }
    answer.ok_or(ConnectionReset)
}

impl Shared {
    /// The delay and the answer to `request` (`None`: close the connection).
    fn answer(&self, request: &Received) -> (Option<Duration>, Option<Response<Full<Bytes>>>) {
        let operation = request.sdk_method().and_then(|method| Operation::find(method, &request.path));
        let violations = operation.map(|op| validate::check(op, request)).unwrap_or_default();
        lock(&self.violations).extend(violations.iter().cloned());
        let Some(Plan { delay, after_emulating, reply }) = lock(&self.rules).take(request) else {
            return (None, Some(self.emulate(operation, request, &violations)));
        };
        let emulated =
            (after_emulating || matches!(reply, Reply::Emulate)).then(|| self.emulate(operation, request, &violations));
        let answer = match reply {
            Reply::Respond { status, headers, content_type, body } => {
                let mut answer = respond(status, &content_type, body);
                for (name, value) in headers {
                    if let (Ok(name), Ok(value)) =
                        (hyper::header::HeaderName::try_from(name), HeaderValue::try_from(value))
                    {
                        answer.headers_mut().insert(name, value);
                    }
                }
                Some(answer)
            }
            Reply::Reset => None,
            Reply::Emulate => emulated,
        };
        (delay, answer)
    }

    /// The answer without mounted answers: the bad request, the emulator's, or the example.
    fn emulate(
        &self,
        operation: Option<&Operation>,
        request: &Received,
        violations: &[Violation],
    ) -> Response<Full<Bytes>> {
        let Some(operation) = operation else {
            return if request.method == "POST" && request.path == STORAGE_PATH {
                respond(204, "text/plain", Vec::new())
            } else if request.method == "GET" && request.path.starts_with(&format!("{STORAGE_PATH}/")) {
                respond(200, "application/octet-stream", EXAMPLE_FILE.to_vec())
            } else {
                respond(404, "text/plain", Vec::new())
            };
        };
        if let Some(first) = violations.first() {
            let message = format!("bad parameters: {}", first.problem_at());
            let (code, message) = match violations.iter().any(Violation::is_missing_token) {
                true => (10003, "access-token missing".to_owned()),
                false => (10002, message),
            };
            return emulated(json!({ "code": code, "message": message, "data": null }));
        }
        if let Some(envelope) = lock(&self.emulator).handle(operation, request) {
            return emulated(envelope);
        }
        tracing::info!(
            operation = operation.id,
            "the mock server does not emulate {} {}: it answers the example",
            request.method,
            request.path
        );
        let mut answer = match operation.example(&self.origin) {
            Some(envelope) => respond(200, "application/json", envelope.to_string().into_bytes()),
            None => respond(200, "application/octet-stream", EXAMPLE_FILE.to_vec()),
        };
        answer.headers_mut().insert(EMULATED_HEADER, HeaderValue::from_static("false"));
        answer
    }
}

/// The emulator's JSON answer, marked as such.
fn emulated(envelope: Value) -> Response<Full<Bytes>> {
    let mut answer = respond(200, "application/json", envelope.to_string().into_bytes());
    answer.headers_mut().insert(EMULATED_HEADER, HeaderValue::from_static("true"));
    answer
}

fn respond(status: u16, content_type: &str, body: Vec<u8>) -> Response<Full<Bytes>> {
    let mut answer = Response::new(Full::new(Bytes::from(body)));
    *answer.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(content_type) = HeaderValue::from_str(content_type) {
        answer.headers_mut().insert(CONTENT_TYPE, content_type);
    }
    answer
}
