//! The runtime's contract: every generated item the hand-written runtime of `maxim-api` (`maxim-api/src/*.rs`)
//! names, declared in one place ([`RUNTIME_NEEDS`]) and checked against the resolved model ([`check`], which
//! [`crate::load_api`] and the fuzzer run).
//!
//! Generated code may use the runtime freely (that direction cannot break on a document update), but where the
//! runtime calls a generated operation or reads a generated type, a document that no longer provides it would fail to
//! compile in code its maintainer did not touch. Checked here, such a document is refused at the entry (or the
//! correction) that changed, naming the runtime feature and what it needs. Paging and de-duplication, which the
//! generated code itself relies on, are checked in [`super::checks`].

use crate::model::api::{Api, Operation, ResponseShape, Ty, TypeDef};
use crate::model::diagnostic::{Diagnostics, Location};
use crate::model::doc::Method;

/// Whether the runtime reads a field as a plain value (the corrections' `always_sent`) or as an `Option`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadAs {
    /// A plain value: the service always sends it.
    Plain,
    /// An `Option`.
    Optional,
}

/// One generated item the runtime names.
#[derive(Clone, Copy, Debug)]
pub enum Need {
    /// `client.{module}().{name}(arguments…)`, with an optional `device_guid(String)` setter when `device_guid` is
    /// set, answering a `data` object with `token` (secret, always sent) and `expire` (optional i64): a login of the user sessions.
    Login {
        /// The section handle (`token`).
        module: &'static str,
        /// The operation's method name (`by_id`).
        name: &'static str,
        /// The document entry the runtime means (for messages, and to locate the problem).
        method: Method,
        /// Its path.
        path: &'static str,
        /// The required arguments, in order.
        arguments: &'static [Ty],
    },
    /// A named type and the fields (wire and Rust name, type, whether plain) the runtime reads.
    Type {
        /// The type's name.
        name: &'static str,
        /// The fields read.
        fields: &'static [(&'static str, Ty, ReadAs)],
    },
}

/// A runtime feature and what it needs of the generated code.
#[derive(Clone, Copy, Debug)]
pub struct RuntimeNeed {
    /// The feature, and the file that implements it.
    pub feature: &'static str,
    /// What it needs.
    pub need: Need,
}

const SESSIONS: &str = "user sessions (maxim-api/src/session.rs)";
const UPLOADS: &str = "uploads (maxim-api/src/upload.rs)";

/// Everything the hand-written runtime names in generated code. Keep in step with `maxim-api/src/`: a new use of a
/// generated item there belongs here.
pub const RUNTIME_NEEDS: [RuntimeNeed; 4] = [
    login("by_id", "/token/id", &[Ty::I64, Ty::Secret]),
    login("by_name", "/token/user", &[Ty::String, Ty::Secret]),
    login("login", "/token/login", &[Ty::String, Ty::Secret]),
    RuntimeNeed {
        feature: UPLOADS,
        need: Need::Type {
            name: "UploadUrl",
            fields: &[
                ("upload_url", Ty::String, ReadAs::Plain),
                ("download_url", Ty::String, ReadAs::Plain),
                ("oss_body_param", Ty::Json, ReadAs::Optional),
                ("upload_method", Ty::String, ReadAs::Optional),
            ],
        },
    },
];

const fn login(name: &'static str, path: &'static str, arguments: &'static [Ty]) -> RuntimeNeed {
    RuntimeNeed {
        feature: SESSIONS,
        need: Need::Login { module: "token", name, method: Method::Post, path, arguments },
    }
}

/// The fields a login answer must have.
const LOGIN_ANSWER: [(&str, Ty, ReadAs); 2] =
    [("token", Ty::Secret, ReadAs::Plain), ("expire", Ty::I64, ReadAs::Optional)];

/// Checks [`RUNTIME_NEEDS`] against a model that is to become `maxim-api`'s generated code (documents generated
/// elsewhere, the test fixtures, need not satisfy it). Each problem is located at the entry that changed.
pub fn check(api: &Api) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    let module_of = |op: &Operation| api.sections.iter().find(|s| s.number == op.section).map(|s| s.module.as_str());
    let document_start = || {
        let first = api.operations.first().map(|op| op.entries[0].location.clone());
        first.unwrap_or_else(|| Location::start_of(crate::DOCUMENT_DIR))
    };
    for RuntimeNeed { feature, need } in RUNTIME_NEEDS {
        let problem = match need {
            Need::Login { module, name, method, path, arguments } => {
                let call = format!("`client.{module}().{name}({})`", shown_list(arguments));
                match api.operations.iter().find(|op| op.name == name && module_of(op) == Some(module)) {
                    Some(op) => login_problem(op, arguments, &api.types).map(|what| {
                        let message = format!("{feature} call {call} (`{method} {path}`): {what}");
                        (Some(op.entries[0].location.clone()), message)
                    }),
                    None => {
                        // The entry the runtime means, or the same entry moved under another first segment.
                        let tail = |p: &str| p.trim_start_matches('/').split_once('/').map(|(_, t)| t.to_owned());
                        let documented = api.operations.iter().find(|op| op.path == path).or_else(|| {
                            api.operations.iter().find(|op| op.method() == method && tail(&op.path) == tail(path))
                        });
                        let now = documented.map(|op| {
                            format!(
                                "; `{method} {}` is now `client.{}().{}`",
                                op.path,
                                module_of(op).unwrap_or("?"),
                                op.name
                            )
                        });
                        let message = format!(
                            "{feature} call {call} (`{method} {path}`), which is gone{}",
                            now.unwrap_or_default()
                        );
                        Some((documented.map(|op| op.entries[0].location.clone()), message))
                    }
                }
            }
            Need::Type { name, fields } => match api.types.iter().find(|t| t.name == name) {
                None => Some((None, format!("{feature} read the type `{name}`, which is gone"))),
                Some(def) => missing_fields(def, fields).map(|what| {
                    let at = first_occurrence(api, def);
                    (at, format!("{feature} read `{name}` ({}): {what}", occurrence_shown(def)))
                }),
            },
        };
        if let Some((at, message)) = problem {
            let at = at.unwrap_or_else(document_start);
            let message = format!("{message}; the runtime needs it as declared in codegen/src/resolve/contract.rs");
            diagnostics.push(at, message);
        }
    }
    diagnostics
}

/// The verb line of the entry where a type first occurs.
fn first_occurrence(api: &Api, def: &TypeDef) -> Option<Location> {
    let occurrence = def.occurrences.first()?;
    let op = api.operations.iter().find(|op| op.path == occurrence.path)?;
    let entry = op.entries.iter().find(|e| e.method == occurrence.method)?;
    Some(entry.location.clone())
}

/// What a login operation lacks, if anything.
fn login_problem(op: &Operation, arguments: &[Ty], types: &[TypeDef]) -> Option<String> {
    let required: Vec<&Ty> = op.required_inputs().map(|input| &input.ty).collect();
    if required.len() != arguments.len() || required.iter().zip(arguments).any(|(have, want)| *have != want) {
        let have: Vec<Ty> = required.into_iter().cloned().collect();
        return Some(format!("it takes ({}), not ({})", shown_list(&have), shown_list(arguments)));
    }
    let guid = op.query.iter().chain(&op.body).find(|i| i.wire_name == "device_guid");
    if !guid.is_some_and(|i| i.required.is_none() && i.rust_name == "device_guid" && i.ty == Ty::String) {
        return Some("it needs an optional string input `device_guid`".to_owned());
    }
    let answer = match &op.response {
        ResponseShape::Data(Ty::Struct(name)) => types.iter().find(|t| t.name == *name),
        _ => None,
    };
    match answer {
        None => Some("it needs to answer an object in `data`".to_owned()),
        Some(def) => missing_fields(def, &LOGIN_ANSWER).map(|what| format!("its answer `{}` {what}", def.name)),
    }
}

/// The fields of `wanted` that `def` lacks (by wire and Rust name) or types otherwise, said in one sentence.
fn missing_fields(def: &TypeDef, wanted: &[(&str, Ty, ReadAs)]) -> Option<String> {
    let missing: Vec<String> = wanted
        .iter()
        .filter(|(name, ty, presence)| {
            !def.fields.iter().any(|f| {
                f.wire_name == *name
                    && f.rust_name == *name
                    && f.ty == *ty
                    && f.is_plain() == (*presence == ReadAs::Plain)
            })
        })
        .map(|(name, ty, presence)| match presence {
            ReadAs::Plain => {
                format!("`{name}` ({}, always sent: the type's `always_sent` in the corrections)", shown(ty))
            }
            ReadAs::Optional => format!("`{name}` ({}, optional)", shown(ty)),
        })
        .collect();
    (!missing.is_empty())
        .then(|| format!("needs the field{} {}", if missing.len() > 1 { "s" } else { "" }, missing.join(", ")))
}

fn occurrence_shown(def: &TypeDef) -> String {
    def.occurrences.first().map_or_else(|| "no occurrence".to_owned(), |o| format!("at `{o}`"))
}

fn shown_list(types: &[Ty]) -> String {
    types.iter().map(shown).collect::<Vec<_>>().join(", ")
}

/// A type as the corrections file writes it.
fn shown(ty: &Ty) -> String {
    match ty {
        Ty::Bool => "bool".to_owned(),
        Ty::I64 => "i64".to_owned(),
        Ty::F64 => "f64".to_owned(),
        Ty::String => "string".to_owned(),
        Ty::Secret => "secret".to_owned(),
        Ty::JsonString => "json_string".to_owned(),
        Ty::Json => "json".to_owned(),
        Ty::Audience => "audience".to_owned(),
        Ty::Enum(name) | Ty::Struct(name) => name.clone(),
        Ty::List(item) => format!("[{}]", shown(item)),
    }
}
