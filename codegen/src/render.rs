//! Plain-text renderings of the models, one line per fact, for insta snapshots and `cargo xtask spec`.
//!
//! The format is meant for reviewing diffs: a change to one field of the document changes one line.

use crate::api::{Api, Paging, ResponseShape, Ty, WireValue};
use crate::doc::{Document, Endpoint, Field, Param};
use std::fmt::Write;

/// The whole document model, every entry with its parameters and field trees.
pub fn document(doc: &Document) -> String {
    let mut out = String::new();
    let version = doc.version.as_deref().unwrap_or("-");
    let _ = writeln!(out, "document {:?} version {version}", doc.title);
    let _ = writeln!(out, "base_url {}", doc.base_url.as_deref().unwrap_or("-"));
    for section in &doc.sections {
        let _ = writeln!(out, "\nsection {} {} @{}", section.number, section.title, section.location);
        for endpoint in doc.endpoints.iter().filter(|e| e.section == section.number) {
            endpoint_lines(&mut out, endpoint);
        }
    }
    out
}

fn endpoint_lines(out: &mut String, endpoint: &Endpoint) {
    let _ = writeln!(out, "\n{} {} {} @{}", endpoint.number, endpoint.key(), endpoint.title, endpoint.location);
    for (kind, params) in [("header", &endpoint.headers), ("query", &endpoint.query)] {
        for Param { name, default, description, location } in params {
            let default = if default.is_empty() { String::new() } else { format!(" = {default:?}") };
            let _ = writeln!(out, "  {kind} {name}{default} {description:?} @{location}");
        }
    }
    for field in &endpoint.body {
        field_lines(out, "body", field, 1);
    }
    let response = &endpoint.response;
    let _ = writeln!(out, "  response {} {}", response.status, response.format);
    for field in &response.fields {
        field_lines(out, "field", field, 2);
    }
    if !endpoint.description.is_empty() {
        let _ = writeln!(out, "  description:");
        for line in endpoint.description.lines() {
            let _ = writeln!(out, "    | {line}");
        }
    }
}

fn field_lines(out: &mut String, kind: &str, field: &Field, depth: usize) {
    let indent = "  ".repeat(depth);
    let mut flags = String::new();
    if field.not_null {
        flags.push_str(" not-null");
    }
    if !field.default.is_empty() {
        let _ = write!(flags, " = {:?}", field.default);
    }
    let _ = writeln!(
        out,
        "{indent}{kind} {}: {}{flags} {:?} @{}",
        field.name, field.raw_type, field.description, field.location
    );
    for child in &field.children {
        field_lines(out, kind, child, depth + 1);
    }
}

/// One line per entry and the totals: what `cargo xtask spec` prints.
pub fn summary(doc: &Document) -> String {
    let mut out = String::new();
    for endpoint in &doc.endpoints {
        let _ = writeln!(
            out,
            "{:<6} {:<7}{:<48} headers {} query {} body {} response {}  {}",
            endpoint.number,
            endpoint.method.as_str(),
            endpoint.path,
            endpoint.headers.len(),
            endpoint.query.len(),
            count_fields(&endpoint.body),
            count_fields(&endpoint.response.fields),
            endpoint.title
        );
    }
    let _ = writeln!(
        out,
        "{} entries in {} sections; {} fields in all",
        doc.endpoints.len(),
        doc.sections.len(),
        doc.endpoints.iter().map(|e| count_fields(&e.body) + count_fields(&e.response.fields)).sum::<usize>()
    );
    out
}

fn count_fields(fields: &[Field]) -> usize {
    fields.iter().map(|f| 1 + count_fields(&f.children)).sum()
}

/// The resolved model: operations with their entries, inputs and results, then every type and enum.
pub fn api(api: &Api) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "api version {} base_url {}", api.version, api.base_url);
    for section in &api.sections {
        let _ = writeln!(out, "\nsection {} `{}` {}", section.number, section.module, section.title);
        for op in api.operations.iter().filter(|op| op.section == section.number) {
            let entries: Vec<String> = op.entries.iter().map(|e| format!("{} {}", e.number, e.method)).collect();
            let _ = writeln!(out, "  op {} = {} [{}] {}", op.name, op.path, entries.join(", "), op.title);
            let _ = writeln!(out, "    headers {}", op.headers.join(", "));
            for (kind, inputs) in [("query", &op.query), ("body", &op.body)] {
                for input in inputs {
                    let required = input.required.map(|p| format!(" required#{p}")).unwrap_or_default();
                    let _ = writeln!(out, "    {kind} {}: {}{required}", input.wire_name, ty(&input.ty));
                }
            }
            let result = match &op.response {
                ResponseShape::Data(data) => format!("data {}", ty(data)),
                ResponseShape::Envelope(name) => format!("envelope {name}"),
                ResponseShape::Bytes => "bytes".to_owned(),
            };
            let paging = match &op.paging {
                Some(Paging::Cursor) => " paged by cursor",
                Some(Paging::MessageId) => " paged by msg_id",
                None => "",
            };
            let _ = writeln!(out, "    returns {result}{paging}");
            if let Some(key) = &op.dedup_key {
                let _ = writeln!(out, "    deduplicated by {key}");
            }
        }
    }
    for def in &api.types {
        let _ = writeln!(out, "\ntype {} {:?}", def.name, def.doc);
        for field in &def.fields {
            let _ = writeln!(out, "  {}: {}", field.wire_name, ty(&field.ty));
        }
        for occurrence in &def.occurrences {
            let _ = writeln!(out, "  at {occurrence}");
        }
    }
    for def in &api.enums {
        let values: Vec<String> = def
            .variants
            .iter()
            .map(|v| match &v.value {
                WireValue::Int(i) => format!("{} = {i}", v.rust_name),
                WireValue::Str(s) => format!("{} = {s:?}", v.rust_name),
            })
            .collect();
        let _ = writeln!(out, "\nenum {} {}", def.name, values.join(", "));
    }
    out
}

/// A resolved type in the corrections file's own grammar.
pub fn ty(ty: &Ty) -> String {
    match ty {
        Ty::Bool => "bool".into(),
        Ty::I64 => "i64".into(),
        Ty::F64 => "f64".into(),
        Ty::String => "string".into(),
        Ty::Secret => "secret".into(),
        Ty::JsonString => "json_string".into(),
        Ty::Json => "json".into(),
        Ty::Audience => "audience".into(),
        Ty::Enum(name) | Ty::Struct(name) => name.clone(),
        Ty::List(inner) => format!("[{}]", self::ty(inner)),
    }
}
