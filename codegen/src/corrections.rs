//! `spec/overrides.toml`: the facts the document gets wrong or leaves out, as data.
//!
//! This module only reads the file into [`Corrections`], keeping the span of every key so that a correction that
//! no longer matches the document (a stale one) can be reported at its own `file:line:col`. What each correction
//! means is applied in [`crate::resolve`]; the file's own comments say why each one is there.

use crate::model::diagnostic::{Diagnostics, LineIndex, Location};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use toml::Spanned;

/// A string from the corrections file, with its byte span.
pub type Text = Spanned<String>;

/// The whole corrections file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Corrections {
    /// Wire names whose string values are secrets (redacted in `Debug`), wherever they occur.
    #[serde(default)]
    pub secrets: Vec<Text>,
    /// The type of each query parameter, by wire name (the document gives none).
    #[serde(default)]
    pub query_types: BTreeMap<Text, Text>,
    /// Descriptions of inputs that the document gets wrong, by wire name, for every operation: the text replaces the
    /// document's, in both languages.
    #[serde(default)]
    pub input_docs: BTreeMap<Text, String>,
    /// Enums recovered from the document's prose, by Rust name.
    #[serde(default)]
    pub enums: BTreeMap<Text, EnumCorrection>,
    /// Names and field types of object types, by Rust name.
    #[serde(default)]
    pub types: BTreeMap<Text, TypeCorrection>,
    /// Per-operation corrections, keyed by the operation's first entry, `"METHOD /path"`.
    #[serde(default)]
    pub operations: BTreeMap<Text, OperationCorrection>,
    /// Wire names whose descriptions list values (or seem to) but that stay plain integers or strings: the values
    /// are special ones of a number (`0` for "the latest"), not all it takes. Each with the reason.
    #[serde(default)]
    pub not_enums: BTreeMap<Text, Text>,
    /// Module names of sections, by the first path segment of their entries, where the rule's name is taken or
    /// cannot be made (`types = "type_api"`).
    #[serde(default)]
    pub modules: BTreeMap<Text, Text>,
}

/// An enum: its values on the wire, by Rust variant name.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumCorrection {
    /// Rustdoc for the enum (where the values come from).
    pub doc: String,
    /// Variant name → wire value (all integers or all strings).
    pub values: BTreeMap<Text, Spanned<toml::Value>>,
}

/// Names an object shape and corrects its fields' types.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeCorrection {
    /// Where the shape occurs: `"METHOD /path response.data"` (any occurrence; identical shapes are one type).
    pub at: Text,
    /// Rustdoc; defaults to the document's description of the first occurrence.
    pub doc: Option<String>,
    /// Field wire name → corrected type.
    #[serde(default)]
    pub fields: BTreeMap<Text, Text>,
    /// Field wire name → Rust name, where the rule's name clashes or cannot be made.
    #[serde(default)]
    pub rename: BTreeMap<Text, Text>,
    /// Field wire name → why the service always sends it (one line: the document's examples, the service's
    /// behaviour). Such a field is a plain type, not an `Option`, and an answer without it is a decode error.
    #[serde(default)]
    pub always_sent: BTreeMap<Text, String>,
    /// The wire names of the plain fields in the order `new` takes them, where the document's order makes poor
    /// arguments (a password before a user name). Names every plain field.
    pub new: Option<Vec<Text>>,
}

/// Corrections of one operation.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationCorrection {
    /// The method name, when the path-based rule gives a poor or ambiguous one.
    pub name: Option<Text>,
    /// An English summary put first in the method's docs, where the document's title says too little (the three
    /// `register*` operations share one title). Prose: rendered inert like the document's text.
    pub summary: Option<String>,
    /// Rust statements showing a call, compiled as the method's doctest inside
    /// `async fn example(client: maxim_api::Client) -> Result<(), Box<dyn std::error::Error>>`. The one field of
    /// this file that is code: it is the project's own text, reviewed like code.
    pub example: Option<String>,
    /// The inputs (query or body wire names) a call cannot work without, in argument order, when the document's
    /// 必填 column is missing, wrong, or lists them in a poor order.
    pub required: Option<Vec<Text>>,
    /// The argument name of a bare body (a body row without a name), when `body` says too little.
    pub body_name: Option<Text>,
    /// Query parameter wire name → type.
    #[serde(default)]
    pub query: BTreeMap<Text, Text>,
    /// Top-level body field wire name → corrected type.
    #[serde(default)]
    pub body: BTreeMap<Text, Text>,
    /// Query parameter or top-level body field wire name → Rust name, where the rule's name clashes or cannot be
    /// made.
    #[serde(default)]
    pub rename: BTreeMap<Text, Text>,
    /// The real type of `data` when the document leaves it undescribed.
    pub data: Option<Text>,
    /// Top-level response members the document omits, in the document's type grammar (`array[int64]`).
    #[serde(default)]
    pub extra: BTreeMap<Text, Text>,
    /// `"bytes"` when the endpoint answers with a file instead of JSON.
    pub response: Option<Text>,
    /// `"cursor"`, `"msg_id"` or `"page"`: how the operation pages.
    pub paging: Option<Text>,
}

/// Reads the corrections file; a syntax error or an unknown key is a located diagnostic.
pub fn parse_corrections(file: &str, text: &str) -> Result<Corrections, Diagnostics> {
    toml::from_str(text).map_err(|error| {
        let mut diagnostics = Diagnostics::default();
        let location = match error.span() {
            Some(span) => LineIndex::new(file, text).location(span.start),
            None => Location::start_of(file),
        };
        diagnostics.push(location, error.message().trim().to_owned());
        diagnostics
    })
}

/// Where each span of the corrections file is, for diagnostics.
pub struct Spans<'a> {
    lines: LineIndex<'a>,
}

impl<'a> Spans<'a> {
    /// Indexes the corrections file's text.
    pub fn new(file: &str, text: &'a str) -> Self {
        Spans { lines: LineIndex::new(file, text) }
    }

    /// The file as the user names it.
    pub fn file(&self) -> &str {
        self.lines.file()
    }

    /// The location of a span's start.
    pub fn location(&self, span: Range<usize>) -> Location {
        self.lines.location(span.start)
    }
}
