//! Validation of a request against the model (the generated table): headers, query parameters and body members,
//! their JSON kinds (recursively, through the named types) and the required inputs.

use std::fmt;

use serde_json::Value;

use super::{Field, Kind, Operation, Received};
use crate::generated::mock_examples::TYPES;

/// A request that does not conform to the API document: what the service would refuse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The request's method.
    pub method: String,
    /// The request's path.
    pub path: String,
    /// Where in the request: `header app_id`, `query group_id`, `body.user_list[1]`, `body`.
    pub at: String,
    /// What is wrong: `unknown member (expected one of: …)`, `expected an integer, got "x"`, `missing`.
    pub problem: String,
}

impl Violation {
    /// `at: problem`, as the bad-request answer's message says it.
    pub(super) fn problem_at(&self) -> String {
        format!("{}: {}", self.at, self.problem)
    }

    /// True for a missing `access-token` header (the service's code 10003).
    pub(super) fn is_missing_token(&self) -> bool {
        self.at == "header access-token" && self.problem == "missing"
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}: {}", self.method, self.path, self.at, self.problem)
    }
}

/// Every way `request` differs from what `operation` takes.
pub(super) fn check(operation: &Operation, request: &Received) -> Vec<Violation> {
    let mut problems = Problems(Vec::new());
    check_headers(operation, request, &mut problems);
    check_query(operation, request, &mut problems);
    check_body(operation, request, &mut problems);
    let into = |(at, problem)| Violation { method: request.method.clone(), path: request.path.clone(), at, problem };
    problems.0.into_iter().map(into).collect()
}

/// Problems found so far, each `(at, problem)`.
struct Problems(Vec<(String, String)>);

impl Problems {
    fn add(&mut self, at: impl Into<String>, problem: impl Into<String>) {
        self.0.push((at.into(), problem.into()));
    }
}

fn check_headers(operation: &Operation, request: &Received, problems: &mut Problems) {
    for name in ["app_id", "access-token"] {
        // `/user/register/v2` takes only `app_id`: the headers the document lists decide.
        let listed = name == "app_id" || operation.headers.contains(&name);
        if listed && request.header(name).is_none_or(str::is_empty) {
            problems.add(format!("header {name}"), "missing");
        }
    }
    for name in ["user_id", "group_id"] {
        if let Some(value) = request.header(name)
            && value.parse::<i64>().is_err()
        {
            problems.add(format!("header {name}"), format!("expected an integer, got {value:?}"));
        }
    }
}

fn check_query(operation: &Operation, request: &Received, problems: &mut Problems) {
    for (name, value) in &request.query {
        let at = format!("query {name}");
        match operation.query.iter().find(|field| field.name == name) {
            None => problems.add(at, unknown("parameter", operation.query)),
            Some(field) => {
                let fits = match field.kind {
                    Kind::Bool => value == "true" || value == "false",
                    Kind::Int => value.parse::<i64>().is_ok(),
                    Kind::Float => value.parse::<f64>().is_ok(),
                    _ => true,
                };
                if !fits {
                    problems.add(at, format!("expected {}, got {value:?}", describe(field.kind)));
                }
            }
        }
    }
    for field in operation.query.iter().filter(|field| field.required) {
        if request.query_param(field.name).is_none() {
            problems.add(format!("query {}", field.name), "missing");
        }
    }
}

fn check_body(operation: &Operation, request: &Received, problems: &mut Problems) {
    let text = String::from_utf8_lossy(&request.body);
    if text.trim().is_empty() {
        for field in operation.body.iter().filter(|field| field.required) {
            problems.add(member_at("body", field.name), "missing");
        }
        return;
    }
    let body: Value = match serde_json::from_str(&text) {
        Ok(body) => body,
        Err(error) => return problems.add("body", format!("not JSON: {error}")),
    };
    if !request.header("content-type").is_some_and(|value| value.starts_with("application/json")) {
        problems.add("header content-type", "expected application/json for a JSON body");
    }
    match (operation.bare_body, operation.body.first()) {
        (true, Some(field)) => check_value(field.kind, &body, "body", problems),
        _ if operation.body.is_empty() => {
            if !(body.is_null() || body.as_object().is_some_and(|members| members.is_empty())) {
                problems.add("body", "the operation takes no body");
            }
        }
        _ => check_members(operation.body, &body, "body", problems),
    }
}

/// Checks an object against its fields: unknown members, kinds, required members.
fn check_members(fields: &[Field], value: &Value, at: &str, problems: &mut Problems) {
    let Some(members) = value.as_object() else {
        return problems.add(at, format!("expected an object, got {value}"));
    };
    for (name, member) in members {
        let member_at = member_at(at, name);
        match fields.iter().find(|field| field.name == name) {
            None => problems.add(member_at, unknown("member", fields)),
            // Absent and null are the same to the service: optional members may be null.
            Some(_) if member.is_null() => {}
            Some(field) => check_value(field.kind, member, &member_at, problems),
        }
    }
    for field in fields.iter().filter(|field| field.required) {
        if members.get(field.name).is_none_or(Value::is_null) {
            problems.add(member_at(at, field.name), "missing");
        }
    }
}

fn check_value(kind: Kind, value: &Value, at: &str, problems: &mut Problems) {
    let fits = match kind {
        Kind::Bool => value.is_boolean(),
        Kind::Int => value.is_i64() || value.is_u64(),
        Kind::Float => value.is_number(),
        Kind::String => value.is_string(),
        Kind::JsonString => value.as_str().is_some_and(|text| serde_json::from_str::<Value>(text).is_ok()),
        Kind::Any => true,
        Kind::Audience => value == "all" || value.is_object(),
        Kind::Object(name) => {
            let fields = TYPES.iter().find(|(type_name, _)| *type_name == name).map_or(&[][..], |(_, fields)| fields);
            return check_members(fields, value, at, problems);
        }
        Kind::List(item) => {
            let Some(items) = value.as_array() else {
                return problems.add(at, format!("expected {}, got {value}", describe(kind)));
            };
            for (index, element) in items.iter().enumerate() {
                check_value(*item, element, &format!("{at}[{index}]"), problems);
            }
            return;
        }
    };
    if !fits {
        problems.add(at, format!("expected {}, got {value}", describe(kind)));
    }
}

fn member_at(at: &str, name: &str) -> String {
    format!("{at}.{name}")
}

/// `unknown member (expected one of: a, b)`.
fn unknown(what: &str, fields: &[Field]) -> String {
    if fields.is_empty() {
        return format!("unknown {what} (the operation takes none)");
    }
    let names: Vec<&str> = fields.iter().map(|field| field.name).collect();
    format!("unknown {what} (expected one of: {})", names.join(", "))
}

fn describe(kind: Kind) -> &'static str {
    match kind {
        Kind::Bool => "a boolean",
        Kind::Int => "an integer",
        Kind::Float => "a number",
        Kind::String => "a string",
        Kind::JsonString => "a string holding JSON",
        Kind::Any => "any value",
        Kind::Audience => "\"all\" or an object with one list",
        Kind::Object(_) => "an object",
        Kind::List(_) => "an array",
    }
}
