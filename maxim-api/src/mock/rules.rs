//! Mounted answers: an ordered list of rules, each a request matcher (method, path, query, headers, JSON body
//! subset), a number of uses and a reply (an answer, a fault, or the emulator's own answer, delayed or replaced).

use std::time::Duration;

use serde_json::{Value, json};

use super::{MockServer, Received, lock};
use crate::values::Method;

/// The rules in the order mounted: the first that matches and has uses left answers.
#[derive(Debug, Default)]
pub(super) struct Rules(Vec<Rule>);

impl Rules {
    /// Takes one use of the first rule that matches `request`, and returns what it answers.
    pub(super) fn take(&mut self, request: &Received) -> Option<Plan> {
        let rule = self.0.iter_mut().find(|rule| rule.remaining != Some(0) && rule.matches(request))?;
        if let Some(remaining) = &mut rule.remaining {
            *remaining -= 1;
        }
        Some(rule.plan.clone())
    }
}

/// One mounted answer.
#[derive(Debug)]
struct Rule {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<Value>,
    /// `None`: every matching request.
    remaining: Option<u64>,
    plan: Plan,
}

impl Rule {
    fn matches(&self, request: &Received) -> bool {
        request.method == self.method.as_str()
            && request.path == self.path
            && self.query.iter().all(|(name, value)| request.query.iter().any(|(n, v)| n == name && v == value))
            && self.headers.iter().all(|(name, value)| request.header(name) == Some(value.as_str()))
            && self.body.as_ref().is_none_or(|expected| request.json().is_some_and(|sent| contains(&sent, expected)))
    }
}

/// True when `actual` holds `expected`: every member of an expected object (recursively), arrays element by element
/// with the same length, other values equal.
fn contains(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Object(actual), Value::Object(expected)) => {
            expected.iter().all(|(key, value)| actual.get(key).is_some_and(|a| contains(a, value)))
        }
        (Value::Array(actual), Value::Array(expected)) => {
            actual.len() == expected.len() && actual.iter().zip(expected).all(|(a, e)| contains(a, e))
        }
        _ => actual == expected,
    }
}

/// What a matched rule does.
#[derive(Clone, Debug)]
pub(super) struct Plan {
    /// Wait this long before answering (or closing).
    pub delay: Option<Duration>,
    /// Let the emulator handle the request first (its effects happen), then answer with `reply`.
    pub after_emulating: bool,
    pub reply: Reply,
}

/// The answer of a rule.
#[derive(Clone, Debug)]
pub(super) enum Reply {
    /// An HTTP response.
    Respond { status: u16, headers: Vec<(String, String)>, content_type: String, body: Vec<u8> },
    /// Close the connection without answering.
    Reset,
    /// The emulator's answer.
    Emulate,
}

/// An answer being mounted for one method and path; made by [`MockServer::on`]. The matchers and modifiers narrow
/// and shape it; nothing is mounted until one of the `async` methods is awaited.
#[must_use = "an answer is mounted only when one of its async methods is awaited"]
#[derive(Debug)]
pub struct Answer<'a> {
    server: &'a MockServer,
    rule: Rule,
    retry_after: Option<Duration>,
}

impl<'a> Answer<'a> {
    pub(super) fn new(server: &'a MockServer, method: Method, path: String) -> Self {
        let plan = Plan { delay: None, after_emulating: false, reply: Reply::Emulate };
        let rule = Rule { method, path, query: Vec::new(), headers: Vec::new(), body: None, remaining: None, plan };
        Answer { server, rule, retry_after: None }
    }

    /// Matches only requests with query parameter `name` equal to `value`.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.rule.query.push((name.into(), value.into()));
        self
    }

    /// Matches only requests with header `name` (case-insensitive) equal to `value`.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.rule.headers.push((name.into(), value.into()));
        self
    }

    /// Matches only requests whose JSON body contains `subset`: its members recursively (other members may be
    /// there too), arrays element by element.
    pub fn body_json(mut self, subset: Value) -> Self {
        self.rule.body = Some(subset);
        self
    }

    /// Answers only the next `n` matching requests this way; later ones go to the next answer mounted that
    /// matches, or to the emulator.
    pub fn times(mut self, n: u64) -> Self {
        self.rule.remaining = Some(n);
        self
    }

    /// Waits this long before answering (a slow service, for timeouts).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.rule.plan.delay = Some(delay);
        self
    }

    /// Adds header `Retry-After` (whole seconds) to the answer, for clients that honour it.
    pub fn retry_after(mut self, wait: Duration) -> Self {
        self.retry_after = Some(wait);
        self
    }

    /// Lets the emulator handle the matched request before this answer replaces its own: the request takes effect
    /// and its answer is lost, as when a gateway fails after the service did the work (to test that a retry does
    /// not do it twice).
    pub fn after_emulating(mut self) -> Self {
        self.rule.plan.after_emulating = true;
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
        self.respond(status, content_type, body.as_bytes().to_vec()).await;
    }

    /// Answers HTTP 200 with these bytes (file downloads).
    pub async fn bytes(self, content_type: &str, bytes: Vec<u8>) {
        self.respond(200, content_type, bytes).await;
    }

    /// Closes the connection without answering, as a crashed proxy does (after the delay, if one is set).
    pub async fn reset_connection(mut self) {
        self.rule.plan.reply = Reply::Reset;
        self.mount();
    }

    /// Answers as the emulator would: with [`delay`](Self::delay), a slow service; with [`times`](Self::times),
    /// a pass-through that keeps later answers for later requests.
    pub async fn emulate(mut self) {
        self.rule.plan.reply = Reply::Emulate;
        self.mount();
    }

    async fn json(self, status: u16, body: Value) {
        self.respond(status, "application/json", body.to_string().into_bytes()).await;
    }

    async fn respond(mut self, status: u16, content_type: &str, body: Vec<u8>) {
        let headers = self.retry_after.map(|wait| ("retry-after".to_owned(), wait.as_secs().to_string()));
        self.rule.plan.reply = Reply::Respond {
            status,
            headers: headers.into_iter().collect(),
            content_type: content_type.to_owned(),
            body,
        };
        self.mount();
    }

    fn mount(self) {
        lock(&self.server.shared.rules).0.push(self.rule);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_subset_matches_members_recursively_and_arrays_exactly() {
        let sent = json!({ "name": "a", "list": [1, 2], "nested": { "x": 1, "y": 2 } });
        assert!(contains(&sent, &json!({ "nested": { "x": 1 } })));
        assert!(contains(&sent, &json!({ "list": [1, 2] })));
        assert!(!contains(&sent, &json!({ "list": [1] })));
        assert!(!contains(&sent, &json!({ "name": "b" })));
        assert!(!contains(&sent, &json!({ "missing": null })));
    }
}
