//! The resolved model: what the SDK is generated from.
//!
//! Built by [`crate::resolve`] from the document and the corrections, complete before anything is emitted
//! (progenitor's habit). Every input and field keeps its wire name beside its Rust name, and every operation
//! keeps all the document entries (method, path, number) it stands for, so no entry is lost.

use crate::model::diagnostic::Location;
use crate::model::doc::Method;

/// The whole SDK surface.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    /// The document's default base URL.
    pub base_url: String,
    /// The document's version.
    pub version: String,
    /// One handle per section, in document order.
    pub sections: Vec<ApiSection>,
    /// Every operation, in document order.
    pub operations: Vec<Operation>,
    /// Named object types, sorted by name.
    pub types: Vec<TypeDef>,
    /// Enums, sorted by name.
    pub enums: Vec<EnumDef>,
    /// Problems that do not stop generation: where the English translation (documentation only) disagrees with the
    /// Chinese reference. Its text is then not used there.
    pub notes: crate::Diagnostics,
}

/// A section of the document, which becomes a module and a handle (`client.user()`).
#[derive(Clone, Debug, PartialEq)]
pub struct ApiSection {
    /// The section number in the document (`3`).
    pub number: u32,
    /// The title as written (`用户操作`).
    pub title: String,
    /// The heading's `{#anchor}` (`user`), when the document gives one.
    pub anchor: Option<String>,
    /// The English pages' title (`User operations`), where they have the section.
    pub title_en: Option<String>,
    /// The module and handle method name: the first path segment its entries share (`user`), unless the naming rule
    /// escaped it (`self_`) or the corrections renamed it.
    pub module: String,
    /// The first path segment its entries share, as written (`user`).
    pub path_segment: String,
}

/// One operation: one or more document entries with the same path, title, inputs and outputs.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The method name, snake_case, unique within its section (`register_v2`).
    pub name: String,
    /// The section number.
    pub section: u32,
    /// The document's title.
    pub title: String,
    /// The English pages' title, where they have the entry.
    pub title_en: Option<String>,
    /// The document's description (may be empty).
    pub description: String,
    /// The English pages' description, where they have one.
    pub description_en: Option<String>,
    /// The corrections' English summary, shown first.
    pub summary: Option<String>,
    /// The corrections' example call (Rust statements), compiled as a doctest.
    pub example: Option<String>,
    /// The path.
    pub path: String,
    /// The document entries (method + path pairs) this operation stands for: the default verb first (the first of
    /// GET, POST, PUT, DELETE the operation has, whatever the document's order), then the aliases the caller can
    /// choose per call, in that same order.
    pub entries: Vec<Entry>,
    /// The header names the document lists for it.
    pub headers: Vec<String>,
    /// Query parameters.
    pub query: Vec<Input>,
    /// Top-level request body fields (empty when the operation sends no body).
    pub body: Vec<Input>,
    /// The body is one bare value (a string or an array), not an object: `body` then holds exactly that input, and
    /// its `wire_name` is empty.
    pub bare_body: bool,
    /// What a successful call returns.
    pub response: ResponseShape,
    /// How to fetch the following pages, if the operation is paged.
    pub paging: Option<Paging>,
    /// The wire name of the input that makes the service drop a repeated request (`transaction_id`), if the
    /// operation has one: such an operation is safe to retry once the SDK fills the input in.
    pub dedup_key: Option<String>,
}

impl Operation {
    /// The default verb (the first entry's).
    pub fn method(&self) -> Method {
        self.entries[0].method
    }

    /// The inputs a call cannot work without, in the order they are taken as arguments.
    pub fn required_inputs(&self) -> impl Iterator<Item = &Input> {
        let mut required: Vec<&Input> = self.query.iter().chain(&self.body).filter(|i| i.required.is_some()).collect();
        required.sort_by_key(|i| i.required);
        required.into_iter()
    }
}

/// A document entry: one verb line (`> POST /user/authmode`) of an entry heading (`## 1.1 …{#put__user_authmode}`).
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The entry number (`1.1`).
    pub number: String,
    /// The heading's `{#anchor}`, when the document gives one (shared by the verbs of one heading).
    pub anchor: Option<String>,
    /// Its HTTP method.
    pub method: Method,
    /// Where the verb line is in the document.
    pub location: Location,
}

/// A query parameter or top-level body field of an operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    /// The name on the wire.
    pub wire_name: String,
    /// The Rust name (snake_case; keywords are emitted as raw identifiers).
    pub rust_name: String,
    /// The resolved type.
    pub ty: Ty,
    /// The document marks it required (必填).
    pub documented_required: bool,
    /// `Some(position)` when the call cannot work without it: it is taken as the position-th argument.
    pub required: Option<usize>,
    /// The document's description.
    pub doc: String,
    /// The English pages' description, where they have one.
    pub doc_en: Option<String>,
    /// The values the description lists where they are fewer than its enum's (the operation takes only some of a
    /// shared enum's values, and its docs say so); empty otherwise.
    pub documented_values: Vec<WireValue>,
}

/// The successful response of an operation.
#[derive(Clone, Debug, PartialEq)]
pub enum ResponseShape {
    /// A JSON envelope whose only useful member is `data`.
    Data(Ty),
    /// A JSON envelope with more top-level members (`cursor`, `total`, `version`, `msg_ids`): the named type holds
    /// them all, `data` included.
    Envelope(String),
    /// The file's bytes (the download endpoints).
    Bytes,
}

/// How to fetch the page after this one, with the types the walk reads (checked by the resolver).
#[derive(Clone, Debug, PartialEq)]
pub enum Paging {
    /// Send the response's top-level `cursor` back as the `cursor` query parameter; the last page has none.
    Cursor {
        /// The envelope type: one page.
        page: String,
        /// The type of its `data` member, the page's content (the items, when it is a list).
        data: Ty,
    },
    /// Send `data.next_msg_id` back as `msg_id_start` until `data.is_last` is true; the items are `data.messages`.
    MessageId {
        /// The type of `data`: one page.
        page: String,
        /// The type of its `messages` member (the items, when it is a list).
        messages: Ty,
    },
    /// Ask for `page_num` 1, 2, 3, … until a page comes back empty or shorter than `page_size`; `data` is the list.
    PageNumber {
        /// The type of one item of the list.
        item: Ty,
    },
}

impl Paging {
    /// The name of the walk in the model's text and in API diffs (`cursor`, `msg_id`, `page_num`).
    pub fn name(&self) -> &'static str {
        match self {
            Paging::Cursor { .. } => "cursor",
            Paging::MessageId { .. } => "msg_id",
            Paging::PageNumber { .. } => "page_num",
        }
    }
}

/// A resolved type.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ty {
    /// `bool`
    Bool,
    /// `i64`: every documented integer (IDs and millisecond times exceed 32 bits).
    I64,
    /// `f64`
    F64,
    /// `String`
    String,
    /// A secret string (passwords, tokens): redacted in `Debug`.
    Secret,
    /// A JSON document carried as a string on the wire.
    JsonString,
    /// Any JSON value (objects the document leaves undescribed).
    Json,
    /// The push audience union (`"all"` or one list).
    Audience,
    /// A named enum.
    Enum(String),
    /// A named object type.
    Struct(String),
    /// A list.
    List(Box<Ty>),
}

/// A named object type.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// The Rust name (`UserSettings`).
    pub name: String,
    /// Rustdoc: the correction's text (English), or the first occurrence's description.
    pub doc: String,
    /// The English pages' description of the first occurrence, when `doc` is the Chinese one.
    pub doc_en: Option<String>,
    /// Its fields, in document order.
    pub fields: Vec<Member>,
    /// The indexes in `fields` of the plain fields, in the order `new` takes them.
    pub new_arguments: Vec<usize>,
    /// Where the shape occurs (`GET /user/settings response.data`), in document order.
    pub occurrences: Vec<Occurrence>,
    /// The type occurs in a request body, so that callers build it (and it is always `Serialize`).
    pub sent: bool,
}

/// A place in the document where an object shape occurs: `POST /user/avatar/batch body.list`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Occurrence {
    /// The method of the operation's default verb.
    pub method: Method,
    /// The operation's path.
    pub path: String,
    /// The request body or the response.
    pub part: Part,
    /// The field names from the part down to the object (empty for the body or response itself).
    pub fields: Vec<String>,
}

impl Occurrence {
    /// The body or response (`part`) of the operation `method path`.
    pub fn new(method: Method, path: &str, part: Part) -> Self {
        Occurrence { method, path: path.to_owned(), part, fields: Vec::new() }
    }

    /// The occurrence of the field `name` of this object; an empty name (a bare body's row) is the object itself.
    pub fn child(&self, name: &str) -> Self {
        let mut child = self.clone();
        if !name.is_empty() {
            child.fields.push(name.to_owned());
        }
        child
    }

    /// The object holding this one, and the name of the field that holds it; `None` for a body or response itself.
    pub fn parent(&self) -> Option<(Self, &str)> {
        let (name, parent_fields) = self.fields.split_last()?;
        let parent = Occurrence { fields: parent_fields.to_vec(), ..self.clone() };
        Some((parent, name))
    }
}

impl std::fmt::Display for Occurrence {
    /// `METHOD /path body.a.b`, as the corrections' locators write it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {}", self.method, self.path, self.part)?;
        self.fields.iter().try_for_each(|field| write!(f, ".{field}"))
    }
}

/// The part of an exchange where an object occurs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    /// The request body (`body`).
    Body,
    /// The response, envelope included (`response`).
    Response,
}

impl std::fmt::Display for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Part::Body => "body",
            Part::Response => "response",
        })
    }
}

/// A field of a named type.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// The name on the wire.
    pub wire_name: String,
    /// The Rust name.
    pub rust_name: String,
    /// The resolved type.
    pub ty: Ty,
    /// Whether the field is a plain type or an `Option`.
    pub presence: Presence,
    /// The document's description.
    pub doc: String,
    /// The English pages' description, where they have one.
    pub doc_en: Option<String>,
}

/// Whether a field of a named type can be absent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Presence {
    /// It may be absent (an `Option`): the document promises nothing.
    Optional,
    /// The document marks it required (必填) in a request body: callers give it to the type's `new`.
    Required,
    /// The service always sends it, as the corrections state with this reason: an answer without it does not
    /// decode.
    AlwaysSent(String),
}

impl Member {
    /// True when the field is a plain type (not an `Option`).
    pub fn is_plain(&self) -> bool {
        self.presence != Presence::Optional
    }
}

/// An enum recovered from the document's prose. Unknown wire values are kept, never rejected.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumDef {
    /// The Rust name (`ContentType`).
    pub name: String,
    /// Rustdoc.
    pub doc: String,
    /// The known values.
    pub variants: Vec<Variant>,
}

impl EnumDef {
    /// True when the values are integers on the wire (otherwise strings).
    pub fn is_integer(&self) -> bool {
        self.variants.iter().all(|v| matches!(v.value, WireValue::Int(_)))
    }
}

/// One known value of an enum.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    /// The Rust name (`Text`).
    pub rust_name: String,
    /// The value on the wire.
    pub value: WireValue,
}

/// An enum value as it travels.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum WireValue {
    /// An integer.
    Int(i64),
    /// A string.
    Str(String),
}
