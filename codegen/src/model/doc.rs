//! The document model: every fact the API document states, as written, with its source location.
//!
//! Nothing here is corrected or invented; that is the job of [`crate::resolve`]. Types keep both the parsed form
//! ([`DocType`]) and the raw text, and parameters keep their wire names exactly.

use crate::model::diagnostic::Location;
use std::fmt;

/// The whole API document: the pages read in order, merged.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The level-1 title (`服务端API`, `美信拓扑服务端API文档`).
    pub title: String,
    /// The document version (`文档版本`), e.g. `v1.0`.
    pub version: Option<String>,
    /// The default environment's base URL (`baseUrl` under `默认环境`).
    pub base_url: Option<String>,
    /// The sections that hold endpoint entries, ordered by number.
    pub sections: Vec<Section>,
    /// Every endpoint entry (one per heading), in section order, then document order.
    pub endpoints: Vec<Endpoint>,
}

impl Document {
    /// Every (method, path) pair the document lists: what `cargo xtask spec` counts as its entries.
    pub fn verb_count(&self) -> usize {
        self.endpoints.iter().map(|e| e.verbs.len()).sum()
    }
}

/// One section of endpoints.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    /// The section number (`1`).
    pub number: u32,
    /// The title as written (`用户操作`).
    pub title: String,
    /// The heading's `{#anchor}`, when it has one (`user`).
    pub anchor: Option<String>,
    /// Where the heading is.
    pub location: Location,
}

/// An HTTP method as the document writes it. The order (GET, POST, PUT, DELETE) is the preference order that picks
/// an operation's default verb.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl Method {
    /// Parses the document's spelling (upper case).
    pub fn parse(word: &str) -> Option<Method> {
        match word {
            "GET" => Some(Method::Get),
            "POST" => Some(Method::Post),
            "PUT" => Some(Method::Put),
            "DELETE" => Some(Method::Delete),
            _ => None,
        }
    }

    /// The upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One endpoint entry: a heading (`## 1.1 设置加好友验证方式{#put__user_authmode}`), its verb lines and its tables.
#[derive(Clone, Debug, PartialEq)]
pub struct Endpoint {
    /// The entry number, e.g. `1.1`.
    pub number: String,
    /// The section the entry belongs to (`1`).
    pub section: u32,
    /// The title, e.g. `设置加好友验证方式`.
    pub title: String,
    /// The heading's `{#anchor}`, when it has one: the entry's stable id in the vendor's pages.
    pub anchor: Option<String>,
    /// The verb lines (`> PUT /user/authmode`, `> POST /user/authmode`), in the order written; all name `path`.
    pub verbs: Vec<Verb>,
    /// The path, e.g. `/user/authmode`.
    pub path: String,
    /// Header parameters (`请求头`).
    pub headers: Vec<Param>,
    /// Query parameters (`请求参数(Query Param)`).
    pub query: Vec<Param>,
    /// Request body fields (`请求体(Request Body)`), as a tree. One top-level field with an empty name means the
    /// body is that bare value (a string or an array).
    pub body: Vec<Field>,
    /// The response (`响应体`).
    pub response: Response,
    /// The description (`接口描述`), `<br>` turned into line breaks; empty when the document has none.
    pub description: String,
    /// Where the entry's heading is.
    pub location: Location,
}

impl Endpoint {
    /// `METHOD /path` of each verb line, in the order written.
    pub fn keys(&self) -> impl Iterator<Item = String> + '_ {
        self.verbs.iter().map(|verb| format!("{} {}", verb.method, self.path))
    }
}

/// One verb line of an entry (`> POST /user/authmode`).
#[derive(Clone, Debug, PartialEq)]
pub struct Verb {
    /// The method.
    pub method: Method,
    /// Where the method is written.
    pub location: Location,
}

/// A header or query parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// The wire name.
    pub name: String,
    /// The type, when the table has a type column (the 2022 export's query tables have none).
    pub ty: Option<DocType>,
    /// The `必填` (required) flag, when the table has that column.
    pub required: Option<bool>,
    /// The documented default (usually empty).
    pub default: String,
    /// The description.
    pub description: String,
    /// Where the parameter's name is.
    pub location: Location,
}

/// The documented response.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Response {
    /// The HTTP status of the documented response (`200`).
    pub status: u16,
    /// The documented format (`JSON`).
    pub format: String,
    /// The envelope's fields as a tree (`code`, `data`, `message`, sometimes `cursor`, `total`, `version`); empty
    /// when the document gives no table (the downloads).
    pub fields: Vec<Field>,
}

/// A body or response field.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The wire name (empty for a bare body value).
    pub name: String,
    /// The type as parsed.
    pub ty: DocType,
    /// The type as written (`array[int32]`).
    pub raw_type: String,
    /// The `必填` (required) flag, when the table has that column.
    pub required: Option<bool>,
    /// The documented `不为空` (not null) flag, when the table has that column; `false` everywhere it is written.
    pub not_null: Option<bool>,
    /// The documented default (usually empty).
    pub default: String,
    /// The description, `<br>` turned into line breaks.
    pub description: String,
    /// Nested fields (`⇥` one level deeper).
    pub children: Vec<Field>,
    /// Where the field's name is.
    pub location: Location,
}

/// The document's small type grammar, read by [`crate::typeword::doc_type`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum DocType {
    /// `int32`: an integer the document calls 32-bit (often wrongly).
    Int32,
    /// `int64`.
    Int64,
    /// `number`, `double`, `float`.
    Number,
    /// `string`.
    String,
    /// `boolean`.
    Boolean,
    /// `object`: the fields, if any, are the children.
    Object,
    /// `array[T]`.
    Array(Box<DocType>),
}

impl DocType {
    /// True for `object` and arrays of objects: the shapes whose fields are the children.
    pub fn holds_fields(&self) -> bool {
        match self {
            DocType::Object => true,
            DocType::Array(inner) => inner.holds_fields(),
            _ => false,
        }
    }
}

impl fmt::Display for DocType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocType::Int32 => f.write_str("int32"),
            DocType::Int64 => f.write_str("int64"),
            DocType::Number => f.write_str("number"),
            DocType::String => f.write_str("string"),
            DocType::Boolean => f.write_str("boolean"),
            DocType::Object => f.write_str("object"),
            DocType::Array(inner) => write!(f, "array[{inner}]"),
        }
    }
}
