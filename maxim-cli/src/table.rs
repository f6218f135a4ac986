//! The shape of the generated command table (`crate::generated`): what codegen knows about each operation that the
//! command line needs, as static data. `codegen/src/emit/cli.rs` writes the rows.

use maxim_api::Method;

/// A section of the API document: `maxim <section>`.
#[derive(Debug)]
pub struct Section {
    /// The command name (`user`), the SDK's handle name.
    pub name: &'static str,
    /// The English title.
    pub title: &'static str,
    /// The Chinese title, as the document writes it.
    pub title_zh: &'static str,
}

/// An operation: `maxim <section> <name> [required args] [--optional …]`.
#[derive(Debug)]
pub struct Command {
    /// The section's command name.
    pub section: &'static str,
    /// The command name: the SDK's method name in kebab case (`member-list`).
    pub name: &'static str,
    /// The operation id in errors and logs (`group.member_list`).
    pub operation: &'static str,
    /// The verbs the document lists: the default first, then the ones `--via` may choose.
    pub methods: &'static [Method],
    /// The path below the base URL.
    pub path: &'static str,
    /// One line in English (the English title, or the Chinese one where there is none).
    pub about: &'static str,
    /// One line in Chinese: the document's title.
    pub about_zh: &'static str,
    /// The English description, possibly empty.
    pub help: &'static str,
    /// The document's description, possibly empty.
    pub help_zh: &'static str,
    /// The inputs: required ones first, in the SDK's argument order.
    pub args: &'static [Arg],
    /// What the answer is.
    pub response: Response,
    /// How the pages follow each other, for a paged operation.
    pub paging: Option<Paging>,
    /// The body member the service de-duplicates the call by (`transaction_id`).
    pub dedup: Option<&'static str>,
}

/// An input of an operation.
#[derive(Debug)]
pub struct Arg {
    /// The flag's name (`--group-id`): the SDK's Rust name in kebab case.
    pub name: &'static str,
    /// The name on the wire (empty for a bare body).
    pub wire: &'static str,
    /// Where it goes.
    pub kind: Kind,
    /// Its type (of each element, for a list).
    pub ty: ArgType,
    /// A list of such values: comma-separated or the flag repeated.
    pub list: bool,
    /// The call cannot work without it: a positional argument (or its flag).
    pub required: bool,
    /// The English description, possibly empty.
    pub help: &'static str,
    /// The document's description, possibly empty.
    pub help_zh: &'static str,
}

/// Where an input goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A query parameter.
    Query,
    /// A member of the JSON object body.
    Body,
    /// The whole body (a bare string or array).
    BareBody,
}

/// The type of an input on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgType {
    /// `true` or `false`.
    Bool,
    /// An integer (IDs, millisecond times).
    Integer,
    /// A number.
    Number,
    /// Text.
    String,
    /// Text that is a secret (a password, a token): redacted in `--dry-run` output.
    Secret,
    /// A JSON document sent as a string (`ext`, `config`, `attachment`).
    JsonString,
    /// A JSON value written out (`'{"tag":["a"]}'`), or `@FILE` to read it from a file (`@-`: standard input).
    Json,
    /// One of the named values, sent as its integer.
    IntEnum(&'static [(&'static str, i64)]),
    /// One of the named values, sent as its string.
    StrEnum(&'static [(&'static str, &'static str)]),
}

/// What a successful answer is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Response {
    /// An envelope whose `data` is the result.
    Data,
    /// An envelope whose members together are the result (`data` with `cursor`, `total`, …).
    Envelope,
    /// An upload target (`data` is an `UploadUrl`): the command can upload a file to it.
    UploadTarget,
    /// The file's bytes.
    File,
}

/// How a paged operation's pages follow each other (see `maxim_api::RawPaging`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paging {
    /// By the answer's `cursor`.
    Cursor,
    /// By `data.next_msg_id`, until `data.is_last`.
    MessageId,
    /// By `page_num`.
    PageNumber,
}

impl Paging {
    /// The runtime's rule of the same name.
    pub fn raw(self) -> maxim_api::RawPaging {
        match self {
            Paging::Cursor => maxim_api::RawPaging::Cursor,
            Paging::MessageId => maxim_api::RawPaging::MessageId,
            Paging::PageNumber => maxim_api::RawPaging::PageNumber,
        }
    }
}
