//! Rules 1, 2 and 5: entries grouped into operations with an order-independent default verb, operation names, and
//! each operation's inputs, result and paging.

use super::Resolver;
use super::naming::{claim, is_snake_identifier};
use super::shapes::{doc_ty, shape_key};
use super::value_lists::Place;
use crate::corrections::OperationCorrection;
use crate::model::api::{ApiSection, Entry, Input, Occurrence, Operation, Part, ResponseShape, Ty};
use crate::model::doc::{DocType, Endpoint, Field, Param, Verb};
use crate::names::{Name, Namespace, derived};
use std::collections::{HashMap, HashSet};

/// The `code` and `message` members every envelope has; what is left describes the operation's result.
const ENVELOPE_STATUS: [&str; 2] = ["code", "message"];

/// The input that makes the service drop a repeated request. The document says of `transaction_id` (on
/// `/message/send`, `/message/notify` and `/ai/message/send`): "请求ID，用于消息去重，
/// 如果短时间内收到2个相同transaction_id的请求，第二次请求不会被执行" (a request id for de-duplication: of two requests
/// with the same id received within a short time, the second is not executed). Rule: any operation with a query or
/// body input of this name is de-duplicated by the service, which makes it safe to retry.
const DEDUP_KEY: &str = "transaction_id";

/// An operation before its types are resolved.
pub(super) struct Draft<'a> {
    pub name: String,
    /// The entry of the default verb: all entries of an operation document the same inputs and outputs.
    pub endpoint: &'a Endpoint,
    /// Every (entry, verb) of the operation, default verb first, then the others in method order.
    pub entries: Vec<(&'a Endpoint, &'a Verb)>,
    pub correction: Option<&'a OperationCorrection>,
    /// The response's top-level members minus `code`/`message`, plus the corrections' `extra` members.
    pub envelope: Vec<Field>,
}

impl Draft<'_> {
    /// `METHOD /path` of the default verb: the key corrections use.
    pub fn key(&self) -> String {
        format!("{} {}", self.entries[0].1.method, self.endpoint.path)
    }

    /// Where an object at the root of the default verb's body or response occurs.
    pub fn occurrence(&self, part: Part) -> Occurrence {
        Occurrence::new(self.entries[0].1.method, &self.endpoint.path, part)
    }

    pub fn is_bytes(&self) -> bool {
        self.correction.and_then(|c| c.response.as_ref()).is_some_and(|r| r.get_ref() == "bytes")
    }

    /// True when the envelope carries more than `data`, so the operation returns a named envelope type.
    pub fn has_envelope_type(&self) -> bool {
        let data_only = self.envelope.len() == 1 && self.envelope[0].name == "data";
        !self.is_bytes() && !data_only && !self.envelope.is_empty()
    }

    /// The body field that is the whole body (a row without a name), if the body is bare.
    pub fn bare_body(&self) -> Option<&Field> {
        match self.endpoint.body.as_slice() {
            [only] if only.name.is_empty() => Some(only),
            _ => None,
        }
    }
}

impl<'a> Resolver<'a> {
    /// Rule 1: same path, title, inputs and outputs → one operation; the default verb ignores listing order.
    pub(super) fn group_operations(&mut self) -> Vec<Draft<'a>> {
        let mut drafts: Vec<Draft<'a>> = Vec::new();
        let mut by_signature: HashMap<(&str, &str, String), usize> = HashMap::new();
        let doc = self.doc;
        for endpoint in &doc.endpoints {
            let verbs = endpoint.verbs.iter().map(|verb| (endpoint, verb));
            let key = (endpoint.path.as_str(), endpoint.title.as_str(), signature(endpoint));
            match by_signature.get(&key) {
                Some(&index) => drafts[index].entries.extend(verbs),
                None => {
                    by_signature.insert(key, drafts.len());
                    drafts.push(Draft {
                        name: String::new(),
                        endpoint,
                        entries: verbs.collect(),
                        correction: None,
                        envelope: Vec::new(),
                    });
                }
            }
        }
        drafts.retain(|d| !d.entries.is_empty());
        for draft in &mut drafts {
            draft.entries.sort_by_key(|(_, verb)| verb.method);
            draft.endpoint = draft.entries[0].0;
        }
        drafts
    }

    /// Rule 2, and attaches each operation's corrections (keyed by its default verb). Names are claimed per
    /// section, and so are the request builders named after them.
    pub(super) fn name_operations(&mut self, drafts: &mut [Draft<'a>], sections: &[ApiSection]) {
        for (index, draft) in drafts.iter().enumerate() {
            for (endpoint, verb) in &draft.entries {
                self.drafts_by_entry.insert(format!("{} {}", verb.method, endpoint.path), index);
            }
        }
        let corrections = self.corrections;
        for (key, correction) in &corrections.operations {
            self.mark(key);
            let found = self.drafts_by_entry.get(key.get_ref().as_str()).copied();
            match found {
                Some(index) if drafts[index].key() == *key.get_ref() => {
                    drafts[index].correction = Some(correction);
                }
                Some(index) => {
                    let message = format!(
                        "`{}` is not the default verb of its operation; correct it under `{}` (the default verb is \
                         the first of GET, POST, PUT, DELETE the operation has)",
                        key.get_ref(),
                        drafts[index].key()
                    );
                    self.correction_error(key, message);
                }
                None => {
                    let message = format!(
                        "operation `{}` matches no entry of the document; expected `METHOD /path`",
                        key.get_ref()
                    );
                    self.correction_error(key, message);
                }
            }
        }
        let mut scopes: HashMap<u32, (Namespace, Namespace)> = sections
            .iter()
            .map(|s| (s.number, (Namespace::operations(&s.module), Namespace::builders(&s.module))))
            .collect();
        for draft in drafts.iter_mut() {
            draft.name = self.operation_name(draft, &mut scopes);
            draft.envelope = draft
                .endpoint
                .response
                .fields
                .iter()
                .filter(|f| !ENVELOPE_STATUS.contains(&f.name.as_str()))
                .cloned()
                .collect();
        }
        for draft in drafts.iter_mut() {
            self.add_extra_members(draft);
        }
    }

    /// An operation's method name: the correction's `name`, or its path after the section's segment by the rule
    /// (`/group/member_list` → `member_list`); claimed in its section with its request builder's name.
    fn operation_name(&mut self, draft: &Draft<'a>, scopes: &mut HashMap<u32, (Namespace, Namespace)>) -> String {
        let key = draft.key();
        let rule = rule_name(&draft.endpoint.path);
        let (made, location) = match draft.correction.and_then(|c| c.name.as_ref()) {
            Some(name) => {
                if *name.get_ref() == rule {
                    let message = format!("name `{rule}` is what the path gives already; remove it");
                    self.correction_error(name, message);
                }
                if !is_snake_identifier(name.get_ref()) {
                    let message = format!(
                        "operation name `{}` of `{key}` is not snake_case (a lower-case ASCII letter, then lower-case \
                         letters, digits and `_`)",
                        name.get_ref()
                    );
                    self.correction_error(name, message);
                    return name.get_ref().clone();
                }
                let rust = crate::names::escape(name.get_ref());
                (Ok(Name { wire: key.clone(), rust }), self.correction_location(name))
            }
            None if rule.is_empty() => {
                let message = format!(
                    "`{key}` has no path segments after the section's `{}` to name its operation by; name it in the \
                     corrections",
                    draft.endpoint.path
                );
                self.error(&draft.endpoint.location, message);
                return String::new();
            }
            None => match Name::snake_case(&rule) {
                Ok(name) => (Ok(Name { wire: key.clone(), rust: name.rust }), draft.endpoint.location.clone()),
                Err(error) => {
                    let message = format!("operation `{key}` cannot be named by its path: {error}");
                    self.error(&draft.endpoint.location, message);
                    return rule;
                }
            },
        };
        let Some(name) = self.made(made, &location) else { return rule };
        if let Some((operations, builders)) = scopes.get_mut(&draft.endpoint.section)
            && claim(&mut self.diagnostics, operations, &name, &location)
        {
            // Distinct method names can still make one builder name (`a_1` and `a1` both make `A1Request`).
            let builder = Name { wire: key, rust: derived(&name.rust, "Request") };
            claim(&mut self.diagnostics, builders, &builder, &location);
        }
        name.rust
    }

    /// `extra`: top-level members the document omits, written in its own type grammar.
    fn add_extra_members(&mut self, draft: &mut Draft<'a>) {
        let Some(correction) = draft.correction else { return };
        for (name, raw) in &correction.extra {
            self.mark(name);
            if draft.envelope.iter().any(|f| f.name == *name.get_ref()) {
                let message = format!("the document documents `{}` already; remove it from `extra`", name.get_ref());
                self.correction_error(name, message);
                continue;
            }
            let Ok(ty) = crate::typeword::doc_type(raw.get_ref()) else {
                let message = format!(
                    "unknown type `{}`; expected the document's type grammar (int64, string, array[T], …)",
                    raw.get_ref()
                );
                self.correction_error(raw, message);
                continue;
            };
            draft.envelope.push(Field {
                name: name.get_ref().clone(),
                ty,
                raw_type: raw.get_ref().clone(),
                required: None,
                not_null: None,
                default: String::new(),
                description: String::new(),
                children: Vec::new(),
                location: self.spans.location(name.span()),
            });
        }
    }

    pub(super) fn operation(&mut self, draft: &Draft<'a>, shapes: &HashMap<String, String>) -> Operation {
        let endpoint = draft.endpoint;
        let empty = OperationCorrection::default();
        let correction = draft.correction.unwrap_or(&empty);
        for header in &endpoint.headers {
            if !super::CLIENT_HEADERS.contains(&header.name.as_str()) {
                let message = format!(
                    "header `{}` of `{}` is not one the client sends ({}); the SDK could not call it correctly",
                    header.name,
                    draft.key(),
                    super::CLIENT_HEADERS.join(", ")
                );
                self.error(&header.location, message);
            }
        }
        let mut inputs = Namespace::inputs(&draft.name);
        let mut query: Vec<Input> =
            endpoint.query.iter().map(|param| self.query_input(draft, correction, param, &mut inputs)).collect();
        let mut body: Vec<Input> = match draft.bare_body() {
            Some(bare) => vec![self.bare_body_input(correction, bare, shapes, &mut inputs)],
            None => endpoint.body.iter().map(|field| self.body_input(correction, field, shapes, &mut inputs)).collect(),
        };
        if let (Some(name), None) = (&correction.body_name, draft.bare_body()) {
            let message = format!("`{}` has no bare body to name; remove `body_name`", draft.key());
            self.correction_error(name, message);
        }
        for (kind, keys, inputs) in
            [("query parameter", &correction.query, &query), ("body field", &correction.body, &body)]
        {
            let wire_names: HashSet<&str> = inputs.iter().map(|i| i.wire_name.as_str()).collect();
            for key in keys.keys() {
                if !wire_names.contains(key.get_ref().as_str()) {
                    let message = format!("`{}` has no {kind} `{}` in the document", draft.key(), key.get_ref());
                    self.correction_error(key, message);
                    // Reported here: not again as unused or redundant.
                    self.mark_effect(key, true);
                }
            }
        }
        self.check_input_value_lists(draft, &mut query, &mut body);
        self.required_inputs(draft, correction, &mut query, &mut body);
        let english = self.english.as_ref().and_then(|english| english.entry(endpoint));
        self.translate_inputs(endpoint, english, &mut query, &mut body);
        self.correct_input_docs(&mut query, &mut body);
        let response = self.response(draft, correction, shapes);
        let dedup_key = query.iter().chain(&body).find(|i| i.wire_name == DEDUP_KEY).map(|i| i.wire_name.clone());
        Operation {
            name: draft.name.clone(),
            section: endpoint.section,
            title: endpoint.title.clone(),
            title_en: super::english::text(english.map(|e| e.title.as_str())),
            description: endpoint.description.clone(),
            description_en: super::english::text(english.map(|e| e.description.as_str())),
            summary: correction.summary.clone(),
            example: correction.example.clone(),
            path: endpoint.path.clone(),
            entries: draft
                .entries
                .iter()
                .map(|(endpoint, verb)| Entry {
                    number: endpoint.number.clone(),
                    anchor: endpoint.anchor.clone(),
                    method: verb.method,
                    location: verb.location.clone(),
                })
                .collect(),
            headers: endpoint.headers.iter().map(|h| h.name.clone()).collect(),
            query,
            bare_body: draft.bare_body().is_some(),
            body,
            response,
            // Set by `resolve_paging` once the types are known.
            paging: None,
            dedup_key,
        }
    }

    fn query_input(
        &mut self,
        draft: &Draft<'a>,
        correction: &OperationCorrection,
        param: &Param,
        inputs: &mut Namespace,
    ) -> Input {
        let documented = param.ty.as_ref().map(|ty| match ty {
            DocType::Object => Ty::Json,
            other => doc_ty(other, &[], &HashMap::new()),
        });
        let per_operation = correction.query.get_key_value(param.name.as_str());
        let global = self.corrections.query_types.get_key_value(param.name.as_str());
        let ty = match (per_operation.or(global), documented) {
            (Some((key, word)), documented) => {
                let corrected = self.parse_ty(word).unwrap_or(Ty::String);
                self.mark_effect(key, documented.as_ref() != Some(&corrected));
                corrected
            }
            (None, Some(documented)) => documented,
            (None, None) => {
                let message = format!(
                    "query parameter `{}` of `{}` has no type (the document gives none); add it to [query_types] or \
                     [operations.\"{}\".query] in {}",
                    param.name,
                    draft.key(),
                    draft.key(),
                    self.spans.file()
                );
                self.error(&param.location, message);
                Ty::String
            }
        };
        let ty = self.secret_if_listed(&param.name, ty);
        let rename = correction.rename.get_key_value(param.name.as_str());
        Input {
            wire_name: param.name.clone(),
            rust_name: self.member_name(&param.name, &param.location, rename, inputs),
            ty,
            documented_required: param.required == Some(true),
            required: None,
            doc: param.description.clone(),
            doc_en: None,
            documented_values: Vec::new(),
        }
    }

    fn body_input(
        &mut self,
        correction: &OperationCorrection,
        field: &Field,
        shapes: &HashMap<String, String>,
        inputs: &mut Namespace,
    ) -> Input {
        let documented = self.default_ty(field, shapes);
        let ty = match correction.body.get_key_value(field.name.as_str()) {
            Some((key, word)) => {
                let corrected = self.parse_ty(word).unwrap_or(Ty::Json);
                self.mark_effect(key, corrected != documented);
                corrected
            }
            None => documented,
        };
        let rename = correction.rename.get_key_value(field.name.as_str());
        Input {
            wire_name: field.name.clone(),
            rust_name: self.member_name(&field.name, &field.location, rename, inputs),
            ty,
            documented_required: field.required == Some(true),
            required: None,
            doc: field.description.clone(),
            doc_en: None,
            documented_values: Vec::new(),
        }
    }

    /// The English descriptions of the inputs, from the English entry's tables where their types agree.
    fn translate_inputs(
        &self,
        chinese: &Endpoint,
        english: Option<&Endpoint>,
        query: &mut [Input],
        body: &mut [Input],
    ) {
        let Some(english) = english else { return };
        for (input, param) in query.iter_mut().zip(&chinese.query) {
            let translated = english.query.iter().find(|p| p.name == param.name && p.ty == param.ty);
            input.doc_en = super::english::text(translated.map(|p| p.description.as_str()));
        }
        for (input, field) in body.iter_mut().zip(&chinese.body) {
            // A bare body's field has no name on either side.
            let translated = english.body.iter().find(|f| f.name == field.name && f.ty == field.ty);
            input.doc_en = super::english::text(translated.map(|f| f.description.as_str()));
        }
    }

    /// The corrections' `input_docs` replace the document's descriptions (both languages) where it is wrong.
    fn correct_input_docs(&mut self, query: &mut [Input], body: &mut [Input]) {
        let corrections = self.corrections;
        for input in query.iter_mut().chain(body.iter_mut()) {
            if let Some((key, text)) = corrections.input_docs.get_key_value(input.wire_name.as_str()) {
                let text = text.trim();
                self.mark_effect(key, input.doc != text || input.doc_en.is_some());
                input.doc = text.to_owned();
                input.doc_en = None;
            }
        }
    }

    /// Rule 7 for the query parameters and top-level body fields.
    fn check_input_value_lists(&mut self, draft: &Draft<'a>, query: &mut [Input], body: &mut [Input]) {
        let key = draft.key();
        for (input, param) in query.iter_mut().zip(&draft.endpoint.query) {
            let what = format!("query parameter `{}` of `{key}`", param.name);
            let place = Place { wire_name: &param.name, what, location: &param.location };
            input.documented_values = self.check_value_list(&param.description, &input.ty, &place);
        }
        if draft.bare_body().is_some() {
            return;
        }
        for (input, field) in body.iter_mut().zip(&draft.endpoint.body) {
            let what = format!("body field `{}` of `{key}`", field.name);
            let place = Place { wire_name: &field.name, what, location: &field.location };
            input.documented_values = self.check_value_list(&field.description, &input.ty, &place);
        }
    }

    /// A bare body is one input without a wire name; its argument is named `body` unless a correction says better.
    fn bare_body_input(
        &mut self,
        correction: &OperationCorrection,
        field: &Field,
        shapes: &HashMap<String, String>,
        inputs: &mut Namespace,
    ) -> Input {
        let (rust_name, location) = match &correction.body_name {
            Some(name) => {
                self.mark(name);
                if !is_snake_identifier(name.get_ref()) {
                    let message = format!("body name `{}` is not a snake_case identifier", name.get_ref());
                    self.correction_error(name, message);
                }
                (crate::names::escape(name.get_ref()), self.correction_location(name))
            }
            None => ("body".to_owned(), field.location.clone()),
        };
        let name = Name { wire: "(bare body)".to_owned(), rust: rust_name.clone() };
        claim(&mut self.diagnostics, inputs, &name, &location);
        Input {
            wire_name: String::new(),
            rust_name,
            ty: self.default_ty(field, shapes),
            documented_required: field.required == Some(true),
            required: None,
            doc: field.description.clone(),
            doc_en: None,
            documented_values: Vec::new(),
        }
    }

    /// Rule 5: the document's 必填 inputs in its order, or the correction's list.
    fn required_inputs(
        &mut self,
        draft: &Draft<'a>,
        correction: &OperationCorrection,
        query: &mut [Input],
        body: &mut [Input],
    ) {
        let documented: Vec<String> =
            query.iter().chain(body.iter()).filter(|i| i.documented_required).map(|i| i.wire_name.clone()).collect();
        // Looked up once per name, so a long list stays linear; the first input of a name wins, as in the document.
        let mut by_wire_name: HashMap<String, &mut Input> = HashMap::new();
        for input in query.iter_mut().chain(body.iter_mut()) {
            by_wire_name.entry(input.wire_name.clone()).or_insert(input);
        }
        let Some(list) = &correction.required else {
            for (position, name) in documented.iter().enumerate() {
                if let Some(input) = by_wire_name.get_mut(name) {
                    input.required = Some(position);
                }
            }
            return;
        };
        if list.iter().map(|t| t.get_ref()).eq(documented.iter())
            && let Some(first) = list.first()
        {
            let message = format!(
                "`required` of `{}` repeats the document's 必填 column ({}); remove it",
                draft.key(),
                documented.join(", ")
            );
            self.correction_error(first, message);
        }
        for (position, name) in list.iter().enumerate() {
            match by_wire_name.get_mut(name.get_ref().as_str()) {
                Some(input) => input.required = Some(position),
                None => {
                    let message = format!(
                        "required input `{}` is neither a query parameter nor a body field of `{}`",
                        name.get_ref(),
                        draft.key()
                    );
                    self.correction_error(name, message);
                }
            }
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
                let message = "`data` cannot be corrected on an operation that returns a named envelope; correct the \
                               envelope type's `data` field in [types]";
                self.correction_error(data, message);
            }
            return ResponseShape::Envelope(shapes.get(&shape_key(&draft.envelope)).cloned().unwrap_or_default());
        }
        let Some(data) = draft.envelope.first() else {
            let message = format!(
                "`{}` documents no `data` in its response; expected a `data` member, or `response = \"bytes\"` for it \
                 in {}",
                draft.key(),
                self.spans.file()
            );
            self.error(&draft.endpoint.location, message);
            return ResponseShape::Data(Ty::Json);
        };
        let documented = self.default_ty(data, shapes);
        match &correction.data {
            Some(word) => {
                let corrected = self.parse_ty(word).unwrap_or(Ty::Json);
                if corrected == documented {
                    let message = format!("`data` of `{}` is documented as this type already; remove it", draft.key());
                    self.correction_error(word, message);
                }
                ResponseShape::Data(corrected)
            }
            None => ResponseShape::Data(documented),
        }
    }

    /// How the corrections say the operation pages, if the document has the parameters that takes.
    pub(super) fn walk(&mut self, draft: &Draft<'_>, query: &[Input]) -> Option<Walk> {
        let kind = draft.correction?.paging.as_ref()?;
        let has_query = |name: &str| query.iter().any(|q| q.wire_name == name);
        let envelope = &draft.envelope;
        let data_children =
            envelope.iter().find(|f| f.name == "data").map(|f| f.children.as_slice()).unwrap_or_default();
        let has_data_field = |name: &str| data_children.iter().any(|f| f.name == name);
        match kind.get_ref().as_str() {
            "cursor" if has_query("cursor") && envelope.iter().any(|f| f.name == "cursor") => Some(Walk::Cursor),
            "msg_id"
                if has_query("msg_id_start")
                    && ["next_msg_id", "is_last", "messages"].into_iter().all(has_data_field) =>
            {
                Some(Walk::MessageId)
            }
            "page"
                if has_query("page_num")
                    && envelope.iter().any(|f| f.name == "data" && matches!(f.ty, DocType::Array(_))) =>
            {
                Some(Walk::PageNumber)
            }
            "cursor" | "msg_id" | "page" => {
                let message = format!(
                    "`{}` cannot page by `{}`: the document lacks the parameters it needs",
                    draft.key(),
                    kind.get_ref()
                );
                self.correction_error(kind, message);
                None
            }
            other => {
                let message = format!("paging `{other}` is unknown; expected \"cursor\", \"msg_id\" or \"page\"");
                self.correction_error(kind, message);
                None
            }
        }
    }

    /// The type a field has when no correction says otherwise.
    pub(super) fn default_ty(&mut self, field: &Field, shapes: &HashMap<String, String>) -> Ty {
        let ty = doc_ty(&field.ty, &field.children, shapes);
        self.secret_if_listed(&field.name, ty)
    }
}

/// How the corrections say an operation pages, before its types are resolved.
#[derive(Clone, Copy)]
pub(super) enum Walk {
    Cursor,
    MessageId,
    PageNumber,
}

/// What must match for two entries to be one operation.
fn signature(endpoint: &Endpoint) -> String {
    let query: Vec<String> = endpoint.query.iter().map(|p| format!("{}:{:?}", p.name, p.ty)).collect();
    format!("{}|{}|{}", query.join(","), shape_key(&endpoint.body), shape_key(&endpoint.response.fields))
}

/// `/group/settings/allow_member_invitation` → `settings_allow_member_invitation`.
fn rule_name(path: &str) -> String {
    let segments: Vec<&str> = path.trim_matches('/').split('/').skip(1).collect();
    segments.join("_").replace('-', "_").to_lowercase()
}
