//! Plain-text renderings of the models, one line per fact, for insta snapshots and `cargo xtask spec`.
//!
//! The format is meant for reviewing diffs: a change to one field of the document changes one line.

use crate::model::api::{Api, ResponseShape, Ty, WireValue};
use crate::model::doc::{Document, Endpoint, Field, Param};
use std::fmt::Write;

/// The whole document model, every entry with its parameters and field trees. Locations are `line:col` in the file
/// named on the section's line.
pub fn document(doc: &Document) -> String {
    let mut out = String::new();
    let version = doc.version.as_deref().unwrap_or("-");
    let _ = writeln!(out, "document {:?} version {version}", doc.title);
    let _ = writeln!(out, "base_url {}", doc.base_url.as_deref().unwrap_or("-"));
    for section in &doc.sections {
        let _ = writeln!(
            out,
            "\nsection {} {}{} @{}",
            section.number,
            section.title,
            anchor(&section.anchor),
            section.location
        );
        for endpoint in doc.endpoints.iter().filter(|e| e.section == section.number) {
            endpoint_lines(&mut out, endpoint);
        }
    }
    out
}

fn anchor(anchor: &Option<String>) -> String {
    anchor.as_ref().map(|a| format!(" {{#{a}}}")).unwrap_or_default()
}

/// ` required` / ` optional` when the document states it; nothing when it does not.
fn required(flag: Option<bool>) -> &'static str {
    match flag {
        Some(true) => " required",
        Some(false) => " optional",
        None => "",
    }
}

fn endpoint_lines(out: &mut String, endpoint: &Endpoint) {
    let _ = writeln!(
        out,
        "\n{} {} {}{} @{}",
        endpoint.number,
        endpoint.path,
        endpoint.title,
        anchor(&endpoint.anchor),
        endpoint.location.line_col()
    );
    for verb in &endpoint.verbs {
        let _ = writeln!(out, "  verb {} @{}", verb.method, verb.location.line_col());
    }
    for (kind, params) in [("header", &endpoint.headers), ("query", &endpoint.query)] {
        for Param { name, ty, required: flag, default, description, location } in params {
            let ty = ty.as_ref().map(|t| format!(": {t}")).unwrap_or_default();
            let default = if default.is_empty() { String::new() } else { format!(" = {default:?}") };
            let flag = required(*flag);
            let _ = writeln!(out, "  {kind} {name}{ty}{flag}{default} {description:?} @{}", location.line_col());
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
    let mut flags = required(field.required).to_owned();
    if field.not_null == Some(true) {
        flags.push_str(" not-null");
    }
    if !field.default.is_empty() {
        let _ = write!(flags, " = {:?}", field.default);
    }
    let name = if field.name.is_empty() { "(bare)" } else { field.name.as_str() };
    let _ = writeln!(
        out,
        "{indent}{kind} {name}: {}{flags} {:?} @{}",
        field.raw_type,
        field.description,
        field.location.line_col()
    );
    for child in &field.children {
        field_lines(out, kind, child, depth + 1);
    }
}

/// One line per entry heading and the totals: what `cargo xtask spec` prints. The last line is meant for scripts:
/// `N entries (H headings) in M sections; F fields in all`, an entry being a (method, path) pair.
pub fn summary(doc: &Document) -> String {
    let mut out = String::new();
    for endpoint in &doc.endpoints {
        let verbs: Vec<&str> = endpoint.verbs.iter().map(|v| v.method.as_str()).collect();
        let _ = writeln!(
            out,
            "{:<6} {:<12}{:<48} headers {} query {} body {} response {}  {}",
            endpoint.number,
            verbs.join(","),
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
        "{} entries ({} headings) in {} sections; {} fields in all",
        doc.verb_count(),
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
            let bare = if op.bare_body { " (bare body)" } else { "" };
            let english = op.title_en.as_ref().map(|t| format!(" | {t}")).unwrap_or_default();
            let _ = writeln!(out, "  op {} = {} [{}] {}{english}", op.name, op.path, entries.join(", "), op.title);
            let _ = writeln!(out, "    headers {}{bare}", op.headers.join(", "));
            for (kind, inputs) in [("query", &op.query), ("body", &op.body)] {
                for input in inputs {
                    let required = input.required.map(|p| format!(" required#{p}")).unwrap_or_default();
                    let name = if input.wire_name.is_empty() {
                        format!("({})", input.rust_name)
                    } else {
                        input.wire_name.clone()
                    };
                    let documented: Vec<String> = input
                        .documented_values
                        .iter()
                        .map(|value| match value {
                            WireValue::Int(i) => i.to_string(),
                            WireValue::Str(s) => format!("{s:?}"),
                        })
                        .collect();
                    let only = if documented.is_empty() {
                        String::new()
                    } else {
                        format!(" (documented here: {})", documented.join(", "))
                    };
                    let _ = writeln!(out, "    {kind} {name}: {}{required}{only}", ty(&input.ty));
                }
            }
            let result = match &op.response {
                ResponseShape::Data(data) => format!("data {}", ty(data)),
                ResponseShape::Envelope(name) => format!("envelope {name}"),
                ResponseShape::Bytes => "bytes".to_owned(),
            };
            let paging = op.paging.as_ref().map(|paging| format!(" paged by {}", paging.name())).unwrap_or_default();
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
