//! Document + corrections → [`Api`]: operations, named types, enums, required inputs and paging.
//!
//! The rules, in the order they run:
//! 1. entries with the same path, title, inputs and outputs are one operation (the later verbs are aliases);
//! 2. an operation is named by its path after the section's segment (`/group/member_list` → `member_list`)
//!    unless a correction names it;
//! 3. every object with documented fields is a type; identical shapes (same wire names and document types, nested
//!    alike) are one type, named by a correction (`[types.X] at = …`) or else by its first occurrence
//!    (`{Operation}{FieldPath}`);
//! 4. every documented integer is `i64` (the service sends 13-digit IDs and millisecond times where the document
//!    says `int32`); the corrections then give enums, secrets, JSON-in-string fields and query parameter types;
//! 5. every correction must match something: one that does not is reported at its place in the corrections file.

use crate::api::{
    Api, ApiSection, Entry, EnumDef, Input, Member, Operation, Paging, ResponseShape, Ty, TypeDef, Variant, WireValue,
};
use crate::corrections::{Corrections, OperationCorrection, Spans, Text};
use crate::diagnostic::Diagnostics;
use crate::doc::{DocType, Document, Endpoint, Field};
use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Resolves the document against the corrections file (`corrections_file` names it in diagnostics).
pub fn resolve(
    doc_file: &str,
    doc: &Document,
    corrections_file: &str,
    corrections_text: &str,
) -> Result<Api, Diagnostics> {
    let corrections = crate::corrections::parse_corrections(corrections_file, corrections_text)?;
    let mut resolver = Resolver {
        doc_file,
        doc,
        corrections: &corrections,
        spans: Spans::new(corrections_file, corrections_text),
        diagnostics: Diagnostics::default(),
        used: HashSet::new(),
    };
    let api = resolver.run();
    resolver.diagnostics.into_result(api)
}

/// The `code` and `message` members every envelope has; what is left describes the operation's result.
const ENVELOPE_STATUS: [&str; 2] = ["code", "message"];

/// The input that makes the service drop a repeated request. The document says of `transaction_id` (on
/// `/message/send` and `/message/notify`): "请求ID，用于消息去重，
/// 如果短时间内收到2个相同transaction_id的请求，第二次请求不会被执行" (a request id for de-duplication: of two requests
/// with the same id received within a short time, the second is not executed). Rule: any operation with a query or
/// body input of this name is de-duplicated by the service, which makes it safe to retry.
const DEDUP_KEY: &str = "transaction_id";

struct Resolver<'a> {
    doc_file: &'a str,
    doc: &'a Document,
    corrections: &'a Corrections,
    spans: Spans<'a>,
    diagnostics: Diagnostics,
    /// Span starts of the corrections that matched something.
    used: HashSet<usize>,
}

/// An operation before its types are resolved.
struct Draft<'a> {
    name: String,
    entries: Vec<&'a Endpoint>,
    correction: Option<&'a OperationCorrection>,
    /// The response's top-level members minus `code`/`message`, plus the corrections' `extra` members.
    envelope: Vec<Field>,
}

impl Draft<'_> {
    fn first(&self) -> &Endpoint {
        self.entries[0]
    }

    fn is_bytes(&self) -> bool {
        self.correction.and_then(|c| c.response.as_ref()).is_some_and(|r| r.get_ref() == "bytes")
    }

    /// True when the envelope carries more than `data`, so the operation returns a named envelope type.
    fn has_envelope_type(&self) -> bool {
        let data_only = self.envelope.len() == 1 && self.envelope[0].name == "data";
        !self.is_bytes() && !data_only && !self.envelope.is_empty()
    }
}

/// A distinct object shape and where it occurs.
struct Shape {
    name: Option<String>,
    doc: String,
    fields: Vec<Field>,
    occurrences: Vec<String>,
    /// A name made from the first occurrence, used when no correction names the shape.
    rule_name: String,
}

impl<'a> Resolver<'a> {
    fn run(&mut self) -> Api {
        let sections = self.sections();
        let mut drafts = self.group_operations();
        self.name_operations(&mut drafts);
        let (shapes, shape_index) = self.collect_shapes(&drafts);
        let names = self.name_shapes(shapes, &shape_index, &drafts);
        let enums = self.enums();
        let types = self.type_defs(&names);
        let operations = drafts.iter().map(|draft| self.operation(draft, &names.by_key)).collect();
        self.report_unused();
        Api {
            base_url: self.doc.base_url.clone().unwrap_or_default(),
            version: self.doc.version.clone().unwrap_or_default(),
            sections,
            operations,
            types,
            enums,
        }
    }

    fn correction_error(&mut self, at: &Text, message: impl Into<String>) {
        let location = self.spans.location(at.span());
        self.diagnostics.push(self.spans.file, location, message);
    }

    fn mark(&mut self, at: &Text) {
        self.used.insert(at.span().start);
    }

    /// Each section becomes a module named after the first path segment all its entries share.
    fn sections(&mut self) -> Vec<ApiSection> {
        let mut sections = Vec::new();
        for section in &self.doc.sections {
            let segments: Vec<&str> = self
                .doc
                .endpoints
                .iter()
                .filter(|e| e.section == section.number)
                .map(|e| e.path.trim_start_matches('/').split('/').next().unwrap_or_default())
                .collect();
            let module = segments.first().copied().unwrap_or_default().to_owned();
            if !is_snake_identifier(&module) {
                self.diagnostics.push(
                    self.doc_file,
                    section.location,
                    format!("section {} would be module `{module}`, not a snake_case identifier", section.number),
                );
            }
            if segments.iter().any(|s| *s != module) {
                self.diagnostics.push(
                    self.doc_file,
                    section.location,
                    format!(
                        "section {} mixes paths under `/{module}` and others; expected one first segment",
                        section.number
                    ),
                );
            }
            sections.push(ApiSection { number: section.number, title: section.title.clone(), module });
        }
        sections
    }

    /// Rule 1: same path, title, inputs and outputs → one operation.
    fn group_operations(&mut self) -> Vec<Draft<'a>> {
        let mut drafts: Vec<Draft<'a>> = Vec::new();
        for endpoint in &self.doc.endpoints {
            let signature = signature(endpoint);
            let existing = drafts.iter_mut().find(|d| {
                d.first().path == endpoint.path
                    && d.first().title == endpoint.title
                    && signature == self::signature(d.first())
            });
            match existing {
                Some(draft) => draft.entries.push(endpoint),
                None => drafts.push(Draft {
                    name: String::new(),
                    entries: vec![endpoint],
                    correction: None,
                    envelope: Vec::new(),
                }),
            }
        }
        drafts
    }

    /// Rule 2, and attaches each operation's corrections (keyed by its first entry).
    fn name_operations(&mut self, drafts: &mut [Draft<'a>]) {
        let by_key: HashMap<String, usize> = drafts.iter().enumerate().map(|(i, d)| (d.first().key(), i)).collect();
        for (key, correction) in &self.corrections.operations {
            match by_key.get(key.get_ref()) {
                Some(&index) => {
                    self.mark(key);
                    drafts[index].correction = Some(correction);
                }
                None => {
                    let alias_of = drafts.iter().find(|d| d.entries.iter().skip(1).any(|e| e.key() == *key.get_ref()));
                    let message = match alias_of {
                        Some(d) => format!(
                            "`{}` is an alias of `{}`; correct the operation under that key",
                            key.get_ref(),
                            d.first().key()
                        ),
                        None => format!(
                            "operation `{}` matches no entry of the document; expected `METHOD /path`",
                            key.get_ref()
                        ),
                    };
                    self.correction_error(key, message);
                    self.mark(key);
                }
            }
        }
        let mut seen: HashMap<(u32, String), String> = HashMap::new();
        for draft in drafts.iter_mut() {
            let first: &'a Endpoint = draft.entries[0];
            draft.name = match draft.correction.and_then(|c| c.name.as_ref()) {
                Some(name) => name.get_ref().clone(),
                None => rule_name(&first.path),
            };
            if !is_snake_identifier(&draft.name) {
                self.diagnostics.push(
                    self.doc_file,
                    first.location,
                    format!(
                        "operation name `{}` of `{}` is not snake_case; name it in the corrections",
                        draft.name,
                        first.key()
                    ),
                );
            }
            if let Some(other) = seen.insert((first.section, draft.name.clone()), first.key()) {
                self.diagnostics.push(
                    self.doc_file,
                    first.location,
                    format!(
                        "`{}` and `{other}` would both be named `{}`; give one a `name` in the corrections",
                        first.key(),
                        draft.name
                    ),
                );
            }
            draft.envelope =
                first.response.fields.iter().filter(|f| !ENVELOPE_STATUS.contains(&f.name.as_str())).cloned().collect();
        }
        // `extra`: members the document omits, written in its own type grammar.
        for draft in drafts.iter_mut() {
            let Some(correction) = draft.correction else { continue };
            for (name, raw) in &correction.extra {
                self.used.insert(name.span().start);
                match DocType::parse(raw.get_ref()) {
                    Some(ty) => draft.envelope.push(Field {
                        name: name.get_ref().clone(),
                        ty,
                        raw_type: raw.get_ref().clone(),
                        default: String::new(),
                        not_null: false,
                        description: String::new(),
                        children: Vec::new(),
                        location: self.spans.location(name.span()),
                    }),
                    None => {
                        let location = self.spans.location(raw.span());
                        self.diagnostics.push(
                            self.spans.file,
                            location,
                            format!(
                                "unknown type `{}`; expected the document's type grammar (int64, string, array[T], …)",
                                raw.get_ref()
                            ),
                        );
                    }
                }
            }
        }
    }

    /// Rule 3, first half: every object with documented fields, deduplicated by shape.
    fn collect_shapes(&self, drafts: &[Draft<'a>]) -> (Vec<Shape>, HashMap<String, usize>) {
        let mut shapes = Vec::new();
        let mut index = HashMap::new();
        for draft in drafts {
            let key = draft.first().key();
            let prefix = draft.name.to_upper_camel_case();
            if draft.has_envelope_type() {
                let occurrence = format!("{key} response");
                add_shape(&mut shapes, &mut index, &draft.envelope, "", occurrence, format!("{prefix}Response"));
            }
            walk_shapes(&mut shapes, &mut index, &draft.first().body, &format!("{key} body"), &prefix);
            walk_shapes(&mut shapes, &mut index, &draft.envelope, &format!("{key} response"), &prefix);
        }
        (shapes, index)
    }

    /// Rule 3, second half: names from `[types.X] at = …`, then the rule names; names must be unique.
    fn name_shapes(&mut self, mut shapes: Vec<Shape>, index: &HashMap<String, usize>, drafts: &[Draft<'a>]) -> Names {
        for (name, correction) in &self.corrections.types {
            self.mark(name);
            self.check_pascal(name, "type");
            let Some(key) = self.locate_shape(&correction.at, drafts) else { continue };
            let Some(&shape) = index.get(&key) else { continue };
            if let Some(previous) = &shapes[shape].name {
                let message =
                    format!("`{}` names the same shape as `{previous}`; keep one name per shape", name.get_ref());
                self.correction_error(name, message);
                continue;
            }
            shapes[shape].name = Some(name.get_ref().clone());
            if let Some(doc) = &correction.doc {
                shapes[shape].doc = doc.clone();
            }
        }
        let mut names = Names::default();
        let mut taken: HashMap<String, String> =
            self.corrections.enums.keys().map(|k| (k.get_ref().clone(), "an enum".to_owned())).collect();
        // The order of the index is arbitrary: walk the shapes by key so diagnostics and names are deterministic.
        for (key, shape) in index.iter().map(|(k, &i)| (k.clone(), i)).collect::<BTreeMap<String, usize>>() {
            let name = shapes[shape].name.clone().unwrap_or_else(|| shapes[shape].rule_name.clone());
            let first = format!("`{}`", shapes[shape].occurrences[0]);
            if let Some(other) = taken.insert(name.clone(), first.clone()) {
                let location = shapes[shape].fields.first().map(|f| f.location).unwrap_or_default();
                self.diagnostics.push(
                    self.doc_file,
                    location,
                    format!("type name `{name}` is given to both {first} and {other}; name them apart in [types]"),
                );
            }
            names.by_key.insert(key, name.clone());
            names.shapes.push((name, shape));
        }
        names.shapes.sort();
        names.all = shapes;
        names
    }

    /// Finds the shape a locator (`"METHOD /path response.data.messages"`) points at.
    fn locate_shape(&mut self, at: &Text, drafts: &[Draft<'a>]) -> Option<String> {
        let text = at.get_ref();
        let mut words = text.splitn(3, ' ');
        let (Some(method), Some(path), Some(field_path)) = (words.next(), words.next(), words.next()) else {
            self.correction_error(
                at,
                format!("locator `{text}` is not `METHOD /path body.a.b` or `METHOD /path response.a.b`"),
            );
            return None;
        };
        let key = format!("{method} {path}");
        let Some(draft) = drafts.iter().find(|d| d.entries.iter().any(|e| e.key() == key)) else {
            self.correction_error(at, format!("locator `{text}`: `{key}` matches no entry of the document"));
            return None;
        };
        let mut segments = field_path.split('.');
        let mut fields: &[Field] = match segments.next() {
            Some("body") => &draft.first().body,
            Some("response") => &draft.envelope,
            _ => {
                self.correction_error(at, format!("locator `{text}`: expected `body` or `response` after the path"));
                return None;
            }
        };
        let mut reached = None;
        for segment in segments {
            match fields.iter().find(|f| f.name == segment) {
                Some(field) => {
                    fields = &field.children;
                    reached = Some(field);
                }
                None => {
                    self.correction_error(at, format!("locator `{text}`: no field `{segment}` there in the document"));
                    return None;
                }
            }
        }
        match reached {
            None if draft.has_envelope_type() && field_path == "response" => Some(shape_key(&draft.envelope)),
            Some(field) if !field.children.is_empty() => Some(shape_key(&field.children)),
            _ => {
                self.correction_error(at, format!("locator `{text}` is not an object with documented fields"));
                None
            }
        }
    }

    fn enums(&mut self) -> Vec<EnumDef> {
        let mut enums = Vec::new();
        for (name, correction) in &self.corrections.enums {
            self.check_pascal(name, "enum");
            let mut variants: Vec<Variant> = Vec::new();
            for (variant, value) in &correction.values {
                self.check_pascal(variant, "variant");
                if variant.get_ref() == "Unknown" {
                    self.correction_error(
                        variant,
                        "`Unknown` is the variant that keeps unknown values; choose another name",
                    );
                }
                let value = match value.get_ref() {
                    toml::Value::Integer(i) => WireValue::Int(*i),
                    toml::Value::String(s) => WireValue::Str(s.clone()),
                    other => {
                        self.correction_error(
                            variant,
                            format!("value `{other}` of `{}` is neither an integer nor a string", variant.get_ref()),
                        );
                        continue;
                    }
                };
                if let Some(other) = variants.iter().find(|v| v.value == value) {
                    let message = format!(
                        "`{}` has the same value as `{}`; expected distinct values",
                        variant.get_ref(),
                        other.rust_name
                    );
                    self.correction_error(variant, message);
                }
                variants.push(Variant { rust_name: variant.get_ref().clone(), value });
            }
            variants.sort_by(|a, b| a.value.cmp(&b.value));
            let def = EnumDef { name: name.get_ref().clone(), doc: correction.doc.trim().to_owned(), variants };
            let mixed = !def.is_integer() && def.variants.iter().any(|v| matches!(v.value, WireValue::Int(_)));
            if mixed || def.variants.is_empty() {
                self.correction_error(
                    name,
                    format!("enum `{}` needs values that are all integers or all strings", def.name),
                );
            }
            enums.push(def);
        }
        enums
    }

    /// Names of types, enums and variants become Rust identifiers as written.
    fn check_pascal(&mut self, name: &Text, what: &str) {
        let mut chars = name.get_ref().chars();
        let valid = chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_alphanumeric());
        if !valid {
            self.correction_error(
                name,
                format!("{what} name `{}` is not UpperCamelCase (ASCII letters and digits)", name.get_ref()),
            );
        }
    }

    /// Rule 4 for the fields of every named type.
    fn type_defs(&mut self, names: &Names) -> Vec<TypeDef> {
        let mut types = Vec::new();
        for (name, shape) in &names.shapes {
            let shape = &names.all[*shape];
            let correction = self.corrections.types.iter().find(|(k, _)| k.get_ref() == name).map(|(_, c)| c);
            let mut fields = Vec::new();
            for field in &shape.fields {
                let corrected = correction.and_then(|c| c.fields.iter().find(|(k, _)| *k.get_ref() == field.name));
                let ty = match corrected {
                    Some((key, word)) => {
                        self.mark(key);
                        self.parse_ty(word).unwrap_or(Ty::Json)
                    }
                    None => self.default_ty(field, &names.by_key),
                };
                fields.push(Member {
                    wire_name: field.name.clone(),
                    rust_name: field.name.to_snake_case(),
                    ty,
                    doc: field.description.clone(),
                });
            }
            if let Some(correction) = correction {
                for key in correction.fields.keys() {
                    if !shape.fields.iter().any(|f| f.name == *key.get_ref()) {
                        self.correction_error(
                            key,
                            format!("type `{name}` has no field `{}` in the document", key.get_ref()),
                        );
                        self.mark(key);
                    }
                }
            }
            types.push(TypeDef {
                name: name.clone(),
                doc: shape.doc.clone(),
                fields,
                occurrences: shape.occurrences.clone(),
            });
        }
        types
    }

    /// The type a field has when no correction says otherwise.
    fn default_ty(&mut self, field: &Field, shapes: &HashMap<String, String>) -> Ty {
        let ty = doc_ty(&field.ty, &field.children, shapes);
        self.secret_if_listed(&field.name, ty)
    }

    fn secret_if_listed(&mut self, name: &str, ty: Ty) -> Ty {
        if ty != Ty::String {
            return ty;
        }
        match self.corrections.secrets.iter().find(|s| s.get_ref() == name) {
            Some(secret) => {
                self.used.insert(secret.span().start);
                Ty::Secret
            }
            None => ty,
        }
    }

    /// Parses a type word of the corrections file.
    fn parse_ty(&mut self, word: &Text) -> Option<Ty> {
        fn parse(word: &str, corrections: &Corrections, used: &mut HashSet<usize>) -> Option<Ty> {
            Some(match word {
                "bool" => Ty::Bool,
                "i64" => Ty::I64,
                "f64" => Ty::F64,
                "string" => Ty::String,
                "secret" => Ty::Secret,
                "json_string" => Ty::JsonString,
                "json" => Ty::Json,
                "audience" => Ty::Audience,
                _ => {
                    if let Some(inner) = word.strip_prefix('[').and_then(|w| w.strip_suffix(']')) {
                        return Some(Ty::List(Box::new(parse(inner, corrections, used)?)));
                    }
                    if let Some(key) = corrections.enums.keys().find(|k| k.get_ref() == word) {
                        used.insert(key.span().start);
                        return Some(Ty::Enum(word.to_owned()));
                    }
                    if corrections.types.keys().any(|k| k.get_ref() == word) {
                        return Some(Ty::Struct(word.to_owned()));
                    }
                    return None;
                }
            })
        }
        let parsed = parse(word.get_ref(), self.corrections, &mut self.used);
        if parsed.is_none() {
            self.correction_error(
                word,
                format!(
                    "unknown type `{}`; expected bool, i64, f64, string, secret, json_string, json, audience, [T], \
                     or an enum or type named in this file",
                    word.get_ref()
                ),
            );
        }
        parsed
    }

    fn operation(&mut self, draft: &Draft<'a>, shapes: &HashMap<String, String>) -> Operation {
        let first = draft.first();
        let empty = OperationCorrection::default();
        let correction = draft.correction.unwrap_or(&empty);
        let mut query = Vec::new();
        for param in &first.query {
            let per_operation = correction.query.iter().find(|(k, _)| *k.get_ref() == param.name);
            let global = self.corrections.query_types.iter().find(|(k, _)| *k.get_ref() == param.name);
            let ty = match per_operation.or(global) {
                Some((key, word)) => {
                    self.mark(key);
                    self.parse_ty(word).unwrap_or(Ty::String)
                }
                None => {
                    self.diagnostics.push(
                        self.doc_file,
                        param.location,
                        format!(
                            "query parameter `{}` of `{}` has no type (the document gives none); add it to \
                             [query_types] or [operations.\"{}\".query] in {}",
                            param.name,
                            first.key(),
                            first.key(),
                            self.spans.file
                        ),
                    );
                    Ty::String
                }
            };
            let ty = self.secret_if_listed(&param.name, ty);
            query.push(Input {
                wire_name: param.name.clone(),
                rust_name: param.name.to_snake_case(),
                ty,
                required: None,
                doc: param.description.clone(),
            });
        }
        let mut body = Vec::new();
        for field in &first.body {
            let ty = match correction.body.iter().find(|(k, _)| *k.get_ref() == field.name) {
                Some((key, word)) => {
                    self.mark(key);
                    self.parse_ty(word).unwrap_or(Ty::Json)
                }
                None => self.default_ty(field, shapes),
            };
            body.push(Input {
                wire_name: field.name.clone(),
                rust_name: field.name.to_snake_case(),
                ty,
                required: None,
                doc: field.description.clone(),
            });
        }
        for (kind, keys, inputs) in
            [("query parameter", &correction.query, &query), ("body field", &correction.body, &body)]
        {
            for key in keys.keys() {
                if !inputs.iter().any(|i| i.wire_name == *key.get_ref()) {
                    self.correction_error(
                        key,
                        format!("`{}` has no {kind} `{}` in the document", first.key(), key.get_ref()),
                    );
                    self.mark(key);
                }
            }
        }
        for (position, name) in correction.required.iter().enumerate() {
            let input = query.iter_mut().chain(body.iter_mut()).find(|i| i.wire_name == *name.get_ref());
            match input {
                Some(input) => input.required = Some(position),
                None => self.correction_error(
                    name,
                    format!(
                        "required input `{}` is neither a query parameter nor a body field of `{}`",
                        name.get_ref(),
                        first.key()
                    ),
                ),
            }
        }
        let response = self.response(draft, correction, shapes);
        let paging = self.paging(draft, correction, &query);
        let dedup_key = query.iter().chain(&body).find(|i| i.wire_name == DEDUP_KEY).map(|i| i.wire_name.clone());
        Operation {
            name: draft.name.clone(),
            section: first.section,
            title: first.title.clone(),
            description: first.description.clone(),
            path: first.path.clone(),
            entries: draft
                .entries
                .iter()
                .map(|e| Entry { number: e.number.clone(), method: e.method, location: e.location })
                .collect(),
            headers: first.headers.iter().map(|h| h.name.clone()).collect(),
            query,
            body,
            response,
            paging,
            dedup_key,
        }
    }

    fn response(
        &mut self,
        draft: &Draft<'a>,
        correction: &OperationCorrection,
        shapes: &HashMap<String, String>,
    ) -> ResponseShape {
        if let Some(kind) = &correction.response {
            if kind.get_ref() == "bytes" {
                return ResponseShape::Bytes;
            }
            self.correction_error(kind, format!("response kind `{}` is unknown; expected \"bytes\"", kind.get_ref()));
        }
        if draft.has_envelope_type() {
            if let Some(data) = &correction.data {
                self.correction_error(data, "`data` cannot be corrected on an operation that returns a named envelope; correct the envelope type's `data` field in [types]");
            }
            return ResponseShape::Envelope(shapes.get(&shape_key(&draft.envelope)).cloned().unwrap_or_default());
        }
        let Some(data) = draft.envelope.first() else {
            let first = draft.first();
            let message = format!(
                "`{}` documents no `data` in its response; expected a `data` member, or `response = \"bytes\"` \
                 for it in {}",
                first.key(),
                self.spans.file
            );
            self.diagnostics.push(self.doc_file, first.location, message);
            return ResponseShape::Data(Ty::Json);
        };
        match &correction.data {
            Some(word) => ResponseShape::Data(self.parse_ty(word).unwrap_or(Ty::Json)),
            None => ResponseShape::Data(self.default_ty(data, shapes)),
        }
    }

    fn paging(&mut self, draft: &Draft<'a>, correction: &OperationCorrection, query: &[Input]) -> Option<Paging> {
        let kind = correction.paging.as_ref()?;
        let has_query = |name: &str| query.iter().any(|q| q.wire_name == name);
        let envelope = &draft.envelope;
        let data_children =
            envelope.iter().find(|f| f.name == "data").map(|f| f.children.as_slice()).unwrap_or_default();
        let has_data_field = |name: &str| data_children.iter().any(|f| f.name == name);
        match kind.get_ref().as_str() {
            "cursor" if has_query("cursor") && envelope.iter().any(|f| f.name == "cursor") => Some(Paging::Cursor),
            "msg_id"
                if has_query("msg_id_start")
                    && ["next_msg_id", "is_last", "messages"].into_iter().all(has_data_field) =>
            {
                Some(Paging::MessageId)
            }
            "cursor" | "msg_id" => {
                self.correction_error(
                    kind,
                    format!(
                        "`{}` cannot page by `{}`: the document lacks the parameters it needs",
                        draft.first().key(),
                        kind.get_ref()
                    ),
                );
                None
            }
            other => {
                self.correction_error(kind, format!("paging `{other}` is unknown; expected \"cursor\" or \"msg_id\""));
                None
            }
        }
    }

    /// Rule 5: every correction must have matched something.
    fn report_unused(&mut self) {
        let mut unused: Vec<(&Text, &str)> = Vec::new();
        unused.extend(self.corrections.secrets.iter().map(|s| (s, "secret")));
        unused.extend(self.corrections.query_types.keys().map(|k| (k, "query type")));
        unused.extend(self.corrections.enums.keys().map(|k| (k, "enum")));
        for (key, correction) in &self.corrections.operations {
            unused.extend(correction.query.keys().chain(correction.body.keys()).map(|k| (k, "query or body type")));
            if self.used.contains(&key.span().start) {
                unused.extend(correction.extra.keys().map(|k| (k, "extra member")));
            }
        }
        for correction in self.corrections.types.values() {
            unused.extend(correction.fields.keys().map(|k| (k, "field type")));
        }
        let unused: Vec<(Text, &str)> = unused
            .into_iter()
            .filter(|(k, _)| !self.used.contains(&k.span().start))
            .map(|(k, what)| (k.clone(), what))
            .collect();
        for (key, what) in unused {
            self.correction_error(
                &key,
                format!("{what} `{}` matches nothing in the document; remove it or fix its name", key.get_ref()),
            );
        }
    }
}

#[derive(Default)]
struct Names {
    /// Shape key → type name.
    by_key: HashMap<String, String>,
    /// (type name, shape index), sorted by name.
    shapes: Vec<(String, usize)>,
    all: Vec<Shape>,
}

/// The document type of a field without corrections.
fn doc_ty(ty: &DocType, children: &[Field], shapes: &HashMap<String, String>) -> Ty {
    match ty {
        DocType::Int32 | DocType::Int64 => Ty::I64,
        DocType::Number => Ty::F64,
        DocType::String => Ty::String,
        DocType::Boolean => Ty::Bool,
        DocType::Object if children.is_empty() => Ty::Json,
        DocType::Object => Ty::Struct(shapes.get(&shape_key(children)).cloned().unwrap_or_default()),
        DocType::Array(inner) => Ty::List(Box::new(doc_ty(inner, children, shapes))),
    }
}

/// Records the shape of every object with documented fields below `fields`.
fn walk_shapes(shapes: &mut Vec<Shape>, index: &mut HashMap<String, usize>, fields: &[Field], at: &str, prefix: &str) {
    for field in fields {
        let here = format!("{at}.{}", field.name);
        if !field.children.is_empty() {
            let path_name: String = here
                .split(' ')
                .nth(2)
                .unwrap_or_default()
                .split('.')
                .skip(1)
                .filter(|s| *s != "data" || here.ends_with("response.data"))
                .map(|s| s.to_upper_camel_case())
                .collect();
            add_shape(shapes, index, &field.children, &field.description, here.clone(), format!("{prefix}{path_name}"));
            walk_shapes(shapes, index, &field.children, &here, prefix);
        }
    }
}

fn add_shape(
    shapes: &mut Vec<Shape>,
    index: &mut HashMap<String, usize>,
    fields: &[Field],
    doc: &str,
    occurrence: String,
    rule_name: String,
) {
    let key = shape_key(fields);
    match index.get(&key) {
        Some(&i) => shapes[i].occurrences.push(occurrence),
        None => {
            index.insert(key, shapes.len());
            shapes.push(Shape {
                name: None,
                doc: doc.to_owned(),
                fields: fields.to_vec(),
                occurrences: vec![occurrence],
                rule_name,
            });
        }
    }
}

/// The structural identity of an object: wire names and document types, nested alike.
fn shape_key(fields: &[Field]) -> String {
    let members: Vec<String> = fields
        .iter()
        .map(|f| {
            if f.children.is_empty() {
                format!("{}:{}", f.name, f.ty)
            } else {
                format!("{}:{}{{{}}}", f.name, f.ty, shape_key(&f.children))
            }
        })
        .collect();
    members.join(",")
}

/// What must match for two entries to be one operation.
fn signature(endpoint: &Endpoint) -> String {
    let query: Vec<&str> = endpoint.query.iter().map(|p| p.name.as_str()).collect();
    format!("{}|{}|{}", query.join(","), shape_key(&endpoint.body), shape_key(&endpoint.response.fields))
}

/// `/group/settings/allow_member_invitation` → `settings_allow_member_invitation`.
fn rule_name(path: &str) -> String {
    let segments: Vec<&str> = path.trim_matches('/').split('/').skip(1).collect();
    segments.join("_").replace('-', "_").to_lowercase()
}

fn is_snake_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
