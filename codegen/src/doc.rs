//! The document model: every fact the API document states, as written, with its source location.
//!
//! Nothing here is corrected or invented; that is the job of [`crate::resolve`]. Types keep both the parsed form
//! ([`DocType`]) and the raw text, and parameters keep their wire names exactly.

use crate::diagnostic::Location;
use std::fmt;

/// The whole API document.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The level-1 title.
    pub title: String,
    /// The document version (`##### 文档版本`), e.g. `v1.0`.
    pub version: Option<String>,
    /// The default environment's base URL (`baseUrl` in `## 1 环境变量`).
    pub base_url: Option<String>,
    /// The endpoint sections (`## 3 用户操作` … `## 9 文件操作接口`), in document order.
    pub sections: Vec<Section>,
    /// Every endpoint entry, in document order.
    pub endpoints: Vec<Endpoint>,
}

/// One section of endpoints.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    /// The section number (`3`).
    pub number: u32,
    /// The title as written (`用户操作`).
    pub title: String,
    /// Where the heading is.
    pub location: Location,
}

/// An HTTP method as the document writes it.
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

/// One endpoint entry (`## 3.46 注册用户` and what follows it).
#[derive(Clone, Debug, PartialEq)]
pub struct Endpoint {
    /// The entry number, e.g. `3.46`.
    pub number: String,
    /// The section the entry belongs to (`3`).
    pub section: u32,
    /// The title, e.g. `注册用户`.
    pub title: String,
    /// The HTTP method.
    pub method: Method,
    /// The path, e.g. `/user/register`.
    pub path: String,
    /// Header parameters (`### 请求头`), recovered from the flattened header row.
    pub headers: Vec<Param>,
    /// Query parameters (`### 请求参数(Query Param)`); the document gives them no type.
    pub query: Vec<Param>,
    /// Request body fields (`### 请求体(Request Body)`), as a tree.
    pub body: Vec<Field>,
    /// The response (`### 响应体`).
    pub response: Response,
    /// The description (`##### 接口描述`), `<br>` turned into line breaks; empty when the document has none.
    pub description: String,
    /// Where the entry's heading is.
    pub location: Location,
}

impl Endpoint {
    /// `METHOD /path`, the key corrections use.
    pub fn key(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// A header or query parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// The wire name.
    pub name: String,
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
    /// The envelope's fields as a tree (`code`, `data`, `message`, sometimes `cursor`, `total`, `version`).
    pub fields: Vec<Field>,
}

/// A body or response field.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The wire name.
    pub name: String,
    /// The type as parsed.
    pub ty: DocType,
    /// The type as written (`array[int32]`).
    pub raw_type: String,
    /// The documented default (usually empty).
    pub default: String,
    /// The documented "不为空" (not null) flag; `false` everywhere in today's document.
    pub not_null: bool,
    /// The description, `<br>` turned into line breaks.
    pub description: String,
    /// Nested fields (`⇥` one level deeper).
    pub children: Vec<Field>,
    /// Where the field's name is.
    pub location: Location,
}

/// The document's small type grammar.
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
    /// Parses a type word; `None` for words outside the grammar.
    pub fn parse(word: &str) -> Option<DocType> {
        Some(match word {
            "int32" | "integer" => DocType::Int32,
            "int64" | "long" => DocType::Int64,
            "number" | "double" | "float" => DocType::Number,
            "string" => DocType::String,
            "boolean" => DocType::Boolean,
            "object" => DocType::Object,
            _ => {
                let inner = word.strip_prefix("array[")?.strip_suffix(']')?;
                DocType::Array(Box::new(DocType::parse(inner)?))
            }
        })
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_grammar_parses_nested_arrays_and_rejects_unknown_words() {
        assert_eq!(
            DocType::parse("array[array[int32]]"),
            Some(DocType::Array(Box::new(DocType::Array(Box::new(DocType::Int32)))))
        );
        assert_eq!(DocType::parse("array[object]").map(|t| t.holds_fields()), Some(true));
        assert_eq!(DocType::parse("int33"), None);
        assert_eq!(DocType::parse("array[int32"), None);
        assert_eq!(DocType::parse("array[int32]").map(|t| t.to_string()).as_deref(), Some("array[int32]"));
    }
}
