//! `mock_examples.rs`: the mock server's table of every operation (feature `mock` of maxim-api): what a request
//! may carry, and the default answer.
//!
//! One static row per operation: its id, methods and path, the inputs a request is validated against (headers,
//! query parameters and body members with their JSON kinds and required flags; nested members in a table per named
//! type) and the example response as compact JSON text (or `None` for the file downloads, which answer with bytes).
//! The example data follows the resolved types: 13-digit IDs, millisecond times, plausible strings chosen by the
//! field's wire name, the first known value of an enum, one element per list. Paged answers are last pages (no
//! `cursor`, `is_last: true`) so that streams end. URLs point at the mock server itself through the `$MOCK_ORIGIN`
//! placeholder, which the runtime replaces with its address.

use crate::model::api::{Api, Operation, ResponseShape, Ty, WireValue};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::{Map, Value, json};

use super::operations::method_variant;

/// Replaced by the mock server's origin (`http://127.0.0.1:PORT`) when it loads the examples.
pub const ORIGIN_PLACEHOLDER: &str = "$MOCK_ORIGIN";

/// How deep example objects nest before optional members are left out (types that contain themselves).
const MAX_DEPTH: usize = 6;

/// The generated file.
pub(crate) fn examples(api: &Api) -> TokenStream {
    let rows = api.operations.iter().map(|op| {
        let operation = operation_id(op);
        let path = &op.path;
        let methods = op.entries.iter().map(|entry| method_variant(entry.method));
        let example = match response(api, op) {
            Some(json) => {
                let json = raw_string(&json);
                quote!(Some(#json))
            }
            None => quote!(None),
        };
        let headers = &op.headers;
        let query = op.query.iter().map(|input| field(api, &input.wire_name, &input.ty, input.required.is_some()));
        let body = op.body.iter().map(|input| field(api, &input.wire_name, &input.ty, input.required.is_some()));
        let bare_body = op.bare_body;
        quote! {
            crate::mock::Operation {
                id: #operation,
                methods: &[#(#methods),*],
                path: #path,
                headers: &[#(#headers),*],
                query: &[#(#query),*],
                body: &[#(#body),*],
                bare_body: #bare_body,
                example: #example,
            },
        }
    });
    let count = Literal::usize_unsuffixed(api.operations.len());
    let types = api.types.iter().map(|def| {
        let name = &def.name;
        let fields = def.fields.iter().map(|member| field(api, &member.wire_name, &member.ty, false));
        quote!((#name, &[#(#fields),*]),)
    });
    let type_count = Literal::usize_unsuffixed(api.types.len());
    quote! {
        //! The mock server's table of operations: inputs to validate requests against and the example answer; see
        //! `crate::mock`.
        /// Every operation of the API document: its entries, inputs and example answer.
        pub(crate) static OPERATIONS: [crate::mock::Operation; #count] = [#(#rows)*];
        /// The members of every named object type, to validate nested request members.
        pub(crate) static TYPES: [(&str, &[crate::mock::Field]); #type_count] = [#(#types)*];
    }
}

/// One input or member of the validation table.
fn field(api: &Api, wire_name: &str, ty: &Ty, required: bool) -> TokenStream {
    let kind = kind(api, ty);
    quote!(crate::mock::Field::new(#wire_name, #kind, #required))
}

/// The JSON kind a value of `ty` has on the wire (enums by their values' kind: unknown values are valid).
fn kind(api: &Api, ty: &Ty) -> TokenStream {
    match ty {
        Ty::Bool => quote!(crate::mock::Kind::Bool),
        Ty::I64 => quote!(crate::mock::Kind::Int),
        Ty::F64 => quote!(crate::mock::Kind::Float),
        Ty::String | Ty::Secret => quote!(crate::mock::Kind::String),
        Ty::JsonString => quote!(crate::mock::Kind::JsonString),
        Ty::Json => quote!(crate::mock::Kind::Any),
        Ty::Audience => quote!(crate::mock::Kind::Audience),
        Ty::Enum(name) => match api.enums.iter().find(|e| &e.name == name) {
            Some(def) if !def.is_integer() => quote!(crate::mock::Kind::String),
            _ => quote!(crate::mock::Kind::Int),
        },
        Ty::Struct(name) => quote!(crate::mock::Kind::Object(#name)),
        Ty::List(item) => {
            let item = kind(api, item);
            quote!(crate::mock::Kind::List(&#item))
        }
    }
}

/// A raw string literal (`r#"…"#`), so that the JSON reads as JSON in the generated file.
fn raw_string(text: &str) -> Literal {
    let mut hashes = "#".to_owned();
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}").parse().unwrap_or_else(|_| Literal::string(text))
}

/// The operation id the runtime uses in errors and logs (`user.register`).
fn operation_id(op: &Operation) -> String {
    format!("{}.{}", op.path.trim_start_matches('/').split('/').next().unwrap_or_default(), op.name)
}

/// The example response body as JSON text, or `None` for a file download.
fn response(api: &Api, op: &Operation) -> Option<String> {
    let mut envelope = Map::new();
    envelope.insert("code".into(), json!(200));
    envelope.insert("message".into(), Value::Null);
    match &op.response {
        ResponseShape::Bytes => return None,
        ResponseShape::Data(ty) => {
            envelope.insert("data".into(), example(api, ty, "data", 0));
        }
        ResponseShape::Envelope(name) => {
            if let Value::Object(members) = example(api, &Ty::Struct(name.clone()), "", 0) {
                // The last page: no `cursor`, so that paging streams end.
                envelope.extend(members.into_iter().filter(|(member, _)| member != "cursor"));
            }
        }
    }
    Some(Value::Object(envelope).to_string())
}

/// An example value of `ty` for a member named `wire_name`.
fn example(api: &Api, ty: &Ty, wire_name: &str, depth: usize) -> Value {
    let name = wire_name.to_ascii_lowercase();
    match ty {
        Ty::Bool => json!(!name.starts_with("no_")),
        Ty::I64 => json!(integer(&name)),
        Ty::F64 => json!(if matches!(name.as_str(), "w" | "h" | "width" | "height") { 128.0 } else { 1.5 }),
        Ty::String => json!(string(&name)),
        Ty::Secret => json!(if name.contains("token") { "mock-user-token" } else { "mock-password" }),
        Ty::JsonString => json!("{}"),
        Ty::Json if name == "oss_body_param" => json!({
            "key": "mock/${filename}",
            "policy": "eyJleHBpcmF0aW9uIjoiMjAyNi0xMi0zMVQwMDowMDowMFoifQ==",
            "OSSAccessKeyId": "mock-access-key-id",
            "signature": "mock-signature",
            "success_action_status": 200,
        }),
        Ty::Json => json!({}),
        Ty::Audience => json!("all"),
        Ty::Enum(enum_name) => {
            let first = api.enums.iter().find(|e| &e.name == enum_name).and_then(|e| e.variants.first());
            match first.map(|variant| &variant.value) {
                Some(WireValue::Int(value)) => json!(value),
                Some(WireValue::Str(value)) => json!(value),
                None => Value::Null,
            }
        }
        Ty::Struct(type_name) if depth < MAX_DEPTH => {
            let fields = api.types.iter().find(|t| &t.name == type_name).map(|t| t.fields.as_slice()).unwrap_or(&[]);
            let members = fields.iter().map(|f| (f.wire_name.clone(), example(api, &f.ty, &f.wire_name, depth + 1)));
            Value::Object(members.filter(|(_, value)| !value.is_null()).collect())
        }
        Ty::Struct(_) => Value::Null,
        Ty::List(item) => {
            let item = example(api, item, wire_name, depth + 1);
            if item.is_null() { json!([]) } else { json!([item]) }
        }
    }
}

/// Plausible integers: 13-digit IDs, millisecond times, small counts.
fn integer(name: &str) -> i64 {
    let is = |words: &[&str]| words.iter().any(|word| name.contains(word));
    if is(&["hour"]) {
        8
    } else if is(&["expire"]) {
        // In the future, so that a token of the mock is valid (sessions renew it only near its expiry).
        4_102_444_800_000
    } else if is(&["time", "_at", "timestamp", "date"]) {
        1_764_115_200_000
    } else if is(&["group"]) {
        2_306_414_607_729
    } else if is(&["msg", "message"]) {
        2_319_876_543_210
    } else if is(&["user", "uid", "owner", "uploader", "from", "to_", "xid", "roster"]) || name == "to" {
        2_302_128_618_880
    } else if name == "id" || name.ends_with("_id") || name.ends_with("_sn") || is(&["ids", "list"]) {
        2_300_000_000_001
    } else {
        1
    }
}

/// Plausible strings, by the member's wire name.
fn string(name: &str) -> String {
    let is = |words: &[&str]| words.iter().any(|word| name.contains(word));
    let text = if name == "upload_url" {
        return format!("{ORIGIN_PLACEHOLDER}/mock-storage");
    } else if is(&["url", "avatar", "link"]) {
        return format!("{ORIGIN_PLACEHOLDER}/mock-storage/mock/example.png");
    } else if name == "upload_method" {
        "POST"
    } else if is(&["email"]) {
        "alice@example.com"
    } else if is(&["mobile", "phone"]) {
        "13800138000"
    } else if is(&["token"]) {
        "mock-user-token"
    } else if is(&["user_name", "username", "nick", "login"]) {
        "alice"
    } else if is(&["name", "title"]) {
        "Rustaceans"
    } else if is(&["description", "reason", "content", "text", "message", "info", "question", "answer"]) {
        "Hello from the mock server"
    } else if is(&["result"]) {
        "success"
    } else if is(&["sign", "key", "secret"]) {
        "mock-signature"
    } else {
        "example"
    };
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_look_like_the_services() {
        assert_eq!(integer("user_id"), 2_302_128_618_880);
        assert_eq!(integer("group_id"), 2_306_414_607_729);
        assert_eq!(integer("created_at"), 1_764_115_200_000);
        assert_eq!(integer("expired_time"), 4_102_444_800_000);
        assert_eq!(integer("expire"), 4_102_444_800_000);
        assert_eq!(integer("no_push_start_hour"), 8);
        assert_eq!(integer("total"), 1);
        for id in [integer("device_sn"), integer("msg_id"), integer("file_id"), integer("user_id")] {
            assert_eq!(id.to_string().len(), 13, "{id}");
        }
    }

    #[test]
    fn strings_follow_the_member_name() {
        assert_eq!(string("upload_url"), "$MOCK_ORIGIN/mock-storage");
        assert!(string("avatar").starts_with("$MOCK_ORIGIN/"));
        assert_eq!(string("username"), "alice");
        assert_eq!(string("email"), "alice@example.com");
        assert_eq!(string("anything"), "example");
    }
}
