//! Rust names for wire names, by one stated rule, and the namespaces that keep them apart.
//!
//! Naming is three small layers (smithy-rs's habit), each tested on its own:
//!
//! 1. **Case conversion** with heck: `snake_case` for fields, inputs, operations and modules, `UpperCamelCase` for
//!    types, enums and variants. heck splits words at every character that is not a letter or digit, so `user-id`,
//!    `userId` and `user_id` all become `user_id` (and then meet in a [`Namespace`]). What is left must be ASCII
//!    letters, digits and `_` ([`NameError::NotAscii`] otherwise) and must not be empty (`_`, `-`:
//!    [`NameError::Empty`]); the caller turns either into a diagnostic at the name's line.
//! 2. **Keyword escape** ([`escape`], prost-build's rule): a leading digit gets a `_` prefix (`1st` → `_1st`);
//!    `_`, `self`, `Self`, `super`, `crate` and `extern` get a `_` suffix (`self` → `self_`: the first five cannot be
//!    raw identifiers); every other keyword of any edition, the reserved ones and edition 2024's `gen` included,
//!    becomes a raw identifier (`type` → `r#type`). Module names follow [`escape_module`] instead: every keyword
//!    gets the `_` suffix (`mod` → `mod_`), because a module is also a file name.
//! 3. **Namespaces** ([`Namespace`]): each scope the generated code declares names in remembers which wire name,
//!    at which place, claimed each Rust name; a second claim is a [`Clash`] naming both. The constructors seed each
//!    scope with the names the generator or the hand-written runtime already use there (`Unknown` in every enum,
//!    `send` in every request builder, `types.rs` among the files, …).
//!
//! A [`Name`] keeps the wire name beside the Rust spelling, so that `#[serde(rename)]` and a "`x` on the wire"
//! doc line follow from it (emit renames wherever the identifier without `r#` is not the wire name). A Rust name
//! is never case-converted again: heck would undo the escape (`self_` → `self`); derived names (`FooRequest`) go
//! through [`derived`].

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};
use std::collections::BTreeMap;
use std::fmt;

/// A Rust name made from a wire name by the rule above.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name {
    /// The name as the document or the corrections write it (`user-id`, `self`).
    pub wire: String,
    /// The Rust spelling (`user_id`, `self_`, `r#type`), ready for [`ident`].
    pub rust: String,
}

impl Name {
    /// A field, input, operation or handle-method name: `snake_case`, keywords escaped.
    pub fn snake_case(wire: &str) -> Result<Name, NameError> {
        let converted = convert(wire, wire.to_snake_case())?;
        Ok(Name { wire: wire.to_owned(), rust: escape(&converted) })
    }

    /// A type, enum or variant name: `UpperCamelCase`, keywords escaped (`Self` → `Self_`).
    pub fn upper_camel_case(wire: &str) -> Result<Name, NameError> {
        let converted = convert(wire, wire.to_upper_camel_case())?;
        Ok(Name { wire: wire.to_owned(), rust: escape(&converted) })
    }

    /// A module (and file) name: `snake_case`, every keyword suffixed (`mod` → `mod_`), never raw.
    pub fn module(wire: &str) -> Result<Name, NameError> {
        let converted = convert(wire, wire.to_snake_case())?;
        Ok(Name { wire: wire.to_owned(), rust: escape_module(&converted) })
    }
}

/// Why a wire name cannot become a Rust name; the caller reports it at the name's location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameError {
    /// Nothing is left after case conversion (`_`, `-`, `$`).
    Empty {
        /// The wire name.
        wire: String,
    },
    /// Case conversion leaves characters other than ASCII letters, digits and `_` (`用户`, `é`).
    NotAscii {
        /// The wire name.
        wire: String,
    },
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameError::Empty { wire } => {
                write!(f, "`{wire}` has no letters or digits to make a Rust name from; name it in the corrections")
            }
            NameError::NotAscii { wire } => {
                write!(f, "`{wire}` has letters outside ASCII, which make poor Rust names; name it in the corrections")
            }
        }
    }
}

impl std::error::Error for NameError {}

fn convert(wire: &str, converted: String) -> Result<String, NameError> {
    if converted.is_empty() {
        Err(NameError::Empty { wire: wire.to_owned() })
    } else if !converted.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        Err(NameError::NotAscii { wire: wire.to_owned() })
    } else {
        Ok(converted)
    }
}

/// Keywords that cannot be raw identifiers (`r#self` is an error), and `extern` with them as in prost-build.
const SUFFIXED: [&str; 6] = ["_", "self", "Self", "super", "crate", "extern"];

/// Every other keyword: strict (2015, 2018), reserved, and edition 2024's `gen` (syn's keyword list lacks it).
const RAW: [&str; 47] = [
    "as", "break", "const", "continue", "else", "enum", "false", "fn", "for", "if", "impl", "in", "let", "loop",
    "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct", "trait", "true", "type", "unsafe",
    "use", "where", "while", // strict, 2015
    "async", "await", "dyn", // strict, 2018
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual",
    "yield", // reserved, 2015
    "try",   // reserved, 2018
    "gen",   // reserved, 2024
];

/// Layer 2 for a word of ASCII letters, digits and `_` (what case conversion leaves): a leading digit gets a `_`
/// prefix, `_`/`self`/`Self`/`super`/`crate`/`extern` a `_` suffix, any other keyword becomes raw (`r#type`).
pub fn escape(word: &str) -> String {
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{word}")
    } else if SUFFIXED.contains(&word) {
        format!("{word}_")
    } else if RAW.contains(&word) {
        format!("r#{word}")
    } else {
        word.to_owned()
    }
}

/// [`escape`] for module and file names: a leading digit gets a `_` prefix, every keyword a `_` suffix.
pub fn escape_module(word: &str) -> String {
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{word}")
    } else if SUFFIXED.contains(&word) || RAW.contains(&word) {
        format!("{word}_")
    } else {
        word.to_owned()
    }
}

/// A name derived from another Rust name (`register_v2` + `Request` → `RegisterV2Request`), by the same rule.
///
/// The base is stripped of `r#` and of the suffix `_` added by [`escape`] before case conversion, so `self_`
/// gives `SelfRequest` and `r#type` gives `TypeRequest`. Derived names must still be claimed in their
/// [`Namespace`]: `a_1` and `a1` both give `A1Request`.
pub fn derived(base: &str, suffix: &str) -> String {
    let camel = unraw(base).to_upper_camel_case();
    escape(&format!("{camel}{suffix}"))
}

/// `r#type` → `type`; other names unchanged.
pub fn unraw(rust: &str) -> &str {
    rust.strip_prefix("r#").unwrap_or(rust)
}

/// The identifier for a Rust name the rule produced (`user_id`, `r#type`, `self_`, `_1st`).
///
/// Never panics: a name the rule did not produce (a model built without the naming layer) is made valid the same
/// way, every character other than ASCII letters, digits and `_` becoming `_` (`self` → `self_`, `a-b` → `a_b`,
/// `` → `__`). Resolve names everything by the rule first, so for its models this is the identity.
pub fn ident(rust: &str) -> Ident {
    let word: String = unraw(rust).chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    let word = if word.is_empty() { "_".to_owned() } else { word };
    let escaped = escape(&word);
    match escaped.strip_prefix("r#") {
        Some(keyword) => Ident::new_raw(keyword, Span::call_site()),
        None => Ident::new(&escaped, Span::call_site()),
    }
}

/// One scope of Rust names (the fields of a type, the variants of an enum, the generated files, …).
#[derive(Clone, Debug)]
pub struct Namespace {
    /// What a name here is, for messages: `field`, `variant`, `module`.
    kind: String,
    /// Where the scope is, for messages: ` of `GroupInfo``, or empty.
    scope: String,
    /// Rust name without `r#` → who has it.
    claims: BTreeMap<String, Owner>,
}

/// Who holds a name in a [`Namespace`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Owner {
    /// The generator or the runtime uses the name itself; the text says what for.
    Reserved(&'static str),
    /// A wire name claimed it, at a place (`spec/…md:12:3`).
    Claimed {
        /// The wire name.
        wire: String,
        /// Where it was claimed.
        at: String,
    },
}

/// A second claim of a Rust name: the caller reports it at the second claim's location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clash {
    /// Who had the name first.
    pub first: Owner,
    /// Both claims and the name, for the diagnostic.
    message: String,
}

impl fmt::Display for Clash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Clash {}

/// What every request builder declares itself, besides one field and one setter per input.
pub const BUILDER_MEMBERS: [(&str, &str); 17] = [
    ("client", "the builder's client"),
    ("method", "the builder's HTTP method"),
    ("options", "the builder's per-call options"),
    ("send", "the builder's `send`"),
    ("into_future", "`IntoFuture::into_future`, which `.await` calls"),
    ("pages", "the paged builder's `pages` stream"),
    ("items", "the paged builder's `items` stream"),
    ("max_empty_pages", "the paged builder's `max_empty_pages`"),
    ("stream", "the download builder's `stream`"),
    ("via_get", "the builder's verb alias `via_get`"),
    ("via_post", "the builder's verb alias `via_post`"),
    ("via_put", "the builder's verb alias `via_put`"),
    ("via_delete", "the builder's verb alias `via_delete`"),
    ("attempt_timeout", "the builder's per-call `attempt_timeout`"),
    ("operation_timeout", "the builder's per-call `operation_timeout`"),
    ("retry", "the builder's per-call `retry`"),
    ("no_retry", "the builder's per-call `no_retry`"),
];

/// Modules the generated module tree cannot use: the generator's own files, the runtime's top-level names (the
/// generated module is re-exported at the crate root, where these would shadow a section) and the methods of the
/// hand-written `Client` (each section is also a `Client` method, `client.user()`).
pub const RESERVED_MODULES: [(&str, &str); 42] = [
    ("mod", "the generator writes `mod.rs`"),
    ("types", "the generator writes `types.rs`"),
    ("enums", "the generator writes `enums.rs`"),
    ("mock_examples", "the generator writes `mock_examples.rs`"),
    ("mock", "the runtime's `mock` module (the mock server)"),
    ("generated", "the crate root's `generated` module"),
    ("client", "the runtime's `client` module"),
    ("decode", "the runtime's `decode` module"),
    ("endpoint", "the runtime's `endpoint` module"),
    ("download", "the runtime's `download` module"),
    ("error", "the runtime's `error` module"),
    ("json_path", "the runtime's `json_path` module"),
    ("paging", "the runtime's `paging` module"),
    ("request", "the runtime's `request` module"),
    ("retry", "the runtime's `retry` module"),
    ("session", "the runtime's `session` module"),
    ("timer", "the runtime's `timer` module"),
    ("tls", "the runtime's `tls` module"),
    ("transport", "the runtime's `transport` module"),
    ("unknown", "the runtime's `unknown` module"),
    ("raw", "the runtime's `raw` module"),
    ("raw_call", "`Client::raw_call`"),
    ("upload", "the runtime's `upload` module and `Client::upload`"),
    ("values", "the runtime's `values` module"),
    ("http_client_builder", "the crate root's `http_client_builder`"),
    ("bytes", "the crate root's re-export of `bytes`"),
    ("builder", "`Client::builder`"),
    ("as_user", "`Client::as_user`"),
    ("as_group_admin", "`Client::as_group_admin`"),
    ("without_act_as", "`Client::without_act_as`"),
    ("with_access_token", "`Client::with_access_token`"),
    ("base_url", "`Client::base_url`"),
    ("app_id", "`Client::app_id`"),
    ("has_access_token", "`Client::has_access_token`"),
    ("attempt_timeout", "`Client::attempt_timeout`"),
    ("operation_timeout", "`Client::operation_timeout`"),
    ("with_attempt_timeout", "`Client::with_attempt_timeout`"),
    ("with_operation_timeout", "`Client::with_operation_timeout`"),
    ("with_retry", "`Client::with_retry`"),
    ("retry_policy", "`Client::retry_policy`"),
    ("user_session", "`Client::user_session`"),
    ("act_as", "`Client::act_as`"),
];

/// Type names the runtime exports at the crate root, where the generated types are re-exported too: a generated
/// type with one of these names would be hidden there. (`Option`, `String`, `Vec` and the rest of the prelude are
/// fine: generated code names them by absolute paths.)
pub const RESERVED_TYPES: [(&str, &str); 23] = [
    ("ActAs", "the runtime's `ActAs`"),
    ("RawPaging", "the runtime's `RawPaging`"),
    ("RawRequest", "the runtime's `RawRequest`"),
    ("Client", "the runtime's `Client`"),
    ("ClientBuilder", "the runtime's `ClientBuilder`"),
    ("Error", "the runtime's `Error`"),
    ("ErrorCode", "the runtime's `ErrorCode`"),
    ("Result", "the runtime's `Result`"),
    ("ResponseFuture", "the runtime's `ResponseFuture`"),
    ("RetryPolicy", "the runtime's `RetryPolicy`"),
    ("UserLogin", "the runtime's `UserLogin`"),
    ("Audience", "the runtime's `Audience`"),
    ("Download", "the runtime's `Download`"),
    ("DownloadStream", "the runtime's `DownloadStream`"),
    ("UploadFile", "the runtime's `UploadFile`"),
    ("UploadedFile", "the runtime's `UploadedFile`"),
    ("JsonString", "the runtime's `JsonString`"),
    ("Method", "the runtime's `Method`"),
    ("Secret", "the runtime's `Secret`"),
    ("UnknownValue", "the runtime's `UnknownValue`"),
    ("UnknownString", "the runtime's `UnknownString`"),
    // Constants, so never a generated type's name (those are UpperCamelCase), but names at the crate root all the same.
    ("DEFAULT_BASE_URL", "the runtime's `DEFAULT_BASE_URL`"),
    ("MAX_ERROR_BODY", "the runtime's `MAX_ERROR_BODY`"),
];

impl Namespace {
    /// An empty scope whose names are a `kind` (`field`) `scope` (`of `GroupInfo``, or empty).
    pub fn new(kind: &str, scope: &str) -> Self {
        let scope = if scope.is_empty() { String::new() } else { format!(" {scope}") };
        Namespace { kind: kind.to_owned(), scope, claims: BTreeMap::new() }
    }

    /// Reserves names for the generator or the runtime, each with what uses it.
    pub fn reserving(mut self, reserved: &[(&str, &'static str)]) -> Self {
        for (name, why) in reserved {
            self.claims.insert((*name).to_owned(), Owner::Reserved(why));
        }
        self
    }

    /// The section modules (and their files, and their handle methods on `Client`): [`RESERVED_MODULES`] taken.
    pub fn modules() -> Self {
        Namespace::new("module", "").reserving(&RESERVED_MODULES)
    }

    /// Generated types and enums (one scope: both are re-exported from one module): [`RESERVED_TYPES`] taken.
    pub fn types() -> Self {
        Namespace::new("type", "").reserving(&RESERVED_TYPES)
    }

    /// The fields of one generated type.
    pub fn fields(type_name: &str) -> Self {
        Namespace::new("field", &format!("of `{type_name}`"))
    }

    /// The variants of one enum: `Unknown` keeps the values the SDK does not know.
    pub fn variants(enum_name: &str) -> Self {
        Namespace::new("variant", &format!("of `{enum_name}`"))
            .reserving(&[("Unknown", "it keeps the values this SDK does not know")])
    }

    /// The inputs of one operation (query and body share its builder): [`BUILDER_MEMBERS`] taken.
    pub fn inputs(operation: &str) -> Self {
        Namespace::new("input", &format!("of `{operation}`")).reserving(&BUILDER_MEMBERS)
    }

    /// The operations of one section, which are methods of its handle (`new` is the handle's constructor).
    pub fn operations(section: &str) -> Self {
        Namespace::new("operation", &format!("of section `{section}`")).reserving(&[
            ("new", "the handle's constructor"),
            ("builder", "kept for constructors, as in `Client::builder`"),
        ])
    }

    /// The request builder types of one section ([`derived`] names, `RegisterRequest`).
    pub fn builders(section: &str) -> Self {
        Namespace::new("request builder", &format!("of section `{section}`"))
    }

    /// Claims `name` for the wire name it came from, `at` a place (anything printable: `spec/a.md:12:3`).
    ///
    /// Err when the Rust name (compared without `r#`) is reserved or claimed already; the scope is unchanged.
    pub fn claim(&mut self, name: &Name, at: impl fmt::Display) -> Result<(), Clash> {
        let key = unraw(&name.rust).to_owned();
        if let Some(first) = self.claims.get(&key) {
            let (Name { wire, rust }, Namespace { kind, scope, .. }) = (name, &*self);
            let message = match first {
                Owner::Claimed { wire: first_wire, at: first_at } => format!(
                    "`{first_wire}` at {first_at} and `{wire}` at {at} both become {kind} `{rust}`{scope}; \
                     rename one in the corrections"
                ),
                Owner::Reserved(why) => format!(
                    "`{wire}` at {at} would become {kind} `{rust}`{scope}, which is reserved: {why}; \
                     rename it in the corrections"
                ),
            };
            return Err(Clash { first: first.clone(), message });
        }
        self.claims.insert(key, Owner::Claimed { wire: name.wire.clone(), at: at.to_string() });
        Ok(())
    }

    /// Who holds a Rust name (`r#` or not), if anyone.
    pub fn owner(&self, rust: &str) -> Option<&Owner> {
        self.claims.get(unraw(rust))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snake(wire: &str) -> String {
        Name::snake_case(wire).expect("a name").rust
    }

    fn camel(wire: &str) -> String {
        Name::upper_camel_case(wire).expect("a name").rust
    }

    fn module(wire: &str) -> String {
        Name::module(wire).expect("a name").rust
    }

    #[test]
    fn case_conversion_joins_spellings_of_one_name() {
        for wire in ["user_id", "userId", "user-id", "UserId", "USER_ID", "user id", "user.id"] {
            assert_eq!(snake(wire), "user_id", "{wire}");
        }
        assert_eq!(camel("HTTPError"), "HttpError");
        assert_eq!(camel("HttpError"), "HttpError");
        assert_eq!(camel("UNKNOWN"), "Unknown");
        assert_eq!(camel("content_type"), "ContentType");
        assert_eq!(snake("register_v2"), "register_v2");
    }

    #[test]
    fn names_without_letters_or_with_non_ascii_letters_are_errors() {
        for wire in ["_", "__", "-", "$", "", "  "] {
            assert_eq!(Name::snake_case(wire), Err(NameError::Empty { wire: wire.to_owned() }), "{wire:?}");
            assert_eq!(Name::upper_camel_case(wire), Err(NameError::Empty { wire: wire.to_owned() }), "{wire:?}");
            assert_eq!(Name::module(wire), Err(NameError::Empty { wire: wire.to_owned() }), "{wire:?}");
        }
        for wire in ["用户", "café", "user_名"] {
            assert_eq!(Name::snake_case(wire), Err(NameError::NotAscii { wire: wire.to_owned() }), "{wire}");
        }
        assert_eq!(
            Name::snake_case("_").expect_err("empty").to_string(),
            "`_` has no letters or digits to make a Rust name from; name it in the corrections"
        );
    }

    #[test]
    fn a_leading_digit_gets_an_underscore_prefix() {
        assert_eq!(snake("_1"), "_1");
        assert_eq!(snake("1st"), "_1st");
        assert_eq!(camel("2fa"), "_2fa");
        assert_eq!(module("3d"), "_3d");
        assert_eq!(escape("9"), "_9");
    }

    #[test]
    fn keywords_that_cannot_be_raw_get_an_underscore_suffix() {
        for keyword in SUFFIXED {
            assert_eq!(escape(keyword), format!("{keyword}_"));
            assert_eq!(escape_module(keyword), format!("{keyword}_"));
        }
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("super"), "super_");
        assert_eq!(snake("crate"), "crate_");
        assert_eq!(snake("extern"), "extern_");
        assert_eq!(camel("Self"), "Self_");
        // `Self` as a field is `self` once snake_cased.
        assert_eq!(snake("Self"), "self_");
    }

    #[test]
    fn every_other_keyword_becomes_raw_edition_2024_gen_included() {
        for keyword in RAW {
            assert_eq!(escape(keyword), format!("r#{keyword}"));
            assert_eq!(snake(keyword), format!("r#{keyword}"));
            assert_eq!(ident(&format!("r#{keyword}")).to_string(), format!("r#{keyword}"));
        }
        assert_eq!(snake("gen"), "r#gen");
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("try"), "r#try");
        // Weak keywords are ordinary identifiers.
        for word in ["union", "macro_rules", "raw", "safe", "default", "auto"] {
            assert_eq!(escape(word), word);
        }
    }

    #[test]
    fn the_keyword_lists_match_what_rust_accepts() {
        // Every raw keyword parses as a raw identifier, and none of them as a plain one (syn knows all but `gen`).
        for keyword in RAW {
            let raw: syn::Ident = syn::parse_str(&format!("r#{keyword}")).expect("raw identifier");
            assert_eq!(raw.to_string(), format!("r#{keyword}"));
            assert!(keyword == "gen" || syn::parse_str::<syn::Ident>(keyword).is_err(), "{keyword}");
        }
        // The suffixed ones are keywords too, and their escapes are plain identifiers.
        for keyword in SUFFIXED {
            assert!(syn::parse_str::<syn::Ident>(keyword).is_err(), "{keyword}");
            assert!(syn::parse_str::<syn::Ident>(&escape(keyword)).is_ok(), "{keyword}");
        }
    }

    #[test]
    fn module_names_are_never_raw() {
        assert_eq!(module("mod"), "mod_");
        assert_eq!(module("type"), "type_");
        assert_eq!(module("gen"), "gen_");
        assert_eq!(module("self"), "self_");
        assert_eq!(module("user-profile"), "user_profile");
        for keyword in RAW {
            assert!(!escape_module(keyword).starts_with("r#"), "{keyword}");
        }
    }

    #[test]
    fn names_keep_their_wire_name() {
        let raw = Name::snake_case("type").expect("a name");
        assert_eq!((raw.wire.as_str(), raw.rust.as_str()), ("type", "r#type"));
        let suffixed = Name::snake_case("self").expect("a name");
        assert_eq!((suffixed.wire.as_str(), suffixed.rust.as_str()), ("self", "self_"));
        let converted = Name::snake_case("userId").expect("a name");
        assert_eq!((converted.wire.as_str(), converted.rust.as_str()), ("userId", "user_id"));
    }

    #[test]
    fn derived_names_unescape_their_base() {
        assert_eq!(derived("register_v2", "Request"), "RegisterV2Request");
        assert_eq!(derived("self_", "Request"), "SelfRequest");
        assert_eq!(derived("r#type", "Request"), "TypeRequest");
        assert_eq!(derived("_1", "Api"), "_1Api");
        assert_eq!(derived("mod_", "Api"), "ModApi");
        assert_eq!(derived("a_1", "Request"), derived("a1", "Request"), "a clash the builders namespace catches");
    }

    #[test]
    fn ident_never_panics_and_is_the_identity_on_rule_names() {
        for wire in ["user_id", "type", "self", "Self", "super", "crate", "extern", "_1", "1st", "gen", "HTTPError"] {
            for name in [Name::snake_case(wire), Name::upper_camel_case(wire), Name::module(wire)] {
                let name = name.expect("a name");
                assert_eq!(ident(&name.rust).to_string(), name.rust, "{wire}");
            }
        }
        // Names that did not go through the rule still make valid identifiers.
        let cases = [
            ("self", "self_"),
            ("Self", "Self_"),
            ("_", "__"),
            ("", "__"),
            ("_1", "_1"),
            ("1", "_1"),
            ("a-b", "a_b"),
            ("用户", "__"),
            ("r#self", "self_"),
        ];
        for (input, expected) in cases {
            assert_eq!(ident(input).to_string(), expected, "{input:?}");
        }
    }

    #[test]
    fn a_second_claim_names_both_places() {
        let mut fields = Namespace::fields("GroupInfo");
        let first = Name::snake_case("user-id").expect("a name");
        let second = Name::snake_case("user_id").expect("a name");
        assert_eq!(fields.claim(&first, "spec/a.md:12:3"), Ok(()));
        let clash = fields.claim(&second, "spec/a.md:14:3").expect_err("a clash");
        assert_eq!(
            clash.to_string(),
            "`user-id` at spec/a.md:12:3 and `user_id` at spec/a.md:14:3 both become field `user_id` of \
             `GroupInfo`; rename one in the corrections"
        );
        assert_eq!(
            fields.owner("user_id"),
            Some(&Owner::Claimed { wire: "user-id".into(), at: "spec/a.md:12:3".into() }),
            "the first claim keeps the name"
        );
    }

    #[test]
    fn claims_compare_names_without_raw_prefix() {
        let mut fields = Namespace::fields("T");
        fields.claim(&Name { wire: "type".into(), rust: "r#type".into() }, "1:1").expect("free");
        assert!(fields.claim(&Name { wire: "Type".into(), rust: "type".into() }, "2:1").is_err());
    }

    #[test]
    fn variants_clash_after_case_conversion_and_with_unknown() {
        let mut variants = Namespace::variants("Kind");
        variants.claim(&Name::upper_camel_case("HTTPError").expect("a name"), "overrides.toml:3:1").expect("free");
        let clash = variants.claim(&Name::upper_camel_case("HttpError").expect("a name"), "overrides.toml:4:1");
        assert!(clash.is_err());
        let unknown = variants.claim(&Name::upper_camel_case("UNKNOWN").expect("a name"), "overrides.toml:5:1");
        assert_eq!(
            unknown.expect_err("reserved").to_string(),
            "`UNKNOWN` at overrides.toml:5:1 would become variant `Unknown` of `Kind`, which is reserved: it keeps \
             the values this SDK does not know; rename it in the corrections"
        );
    }

    #[test]
    fn seeded_namespaces_refuse_the_generators_own_names() {
        let mut inputs = Namespace::inputs("register");
        for (member, _) in BUILDER_MEMBERS {
            let name = Name::snake_case(member).expect("a name");
            assert!(inputs.claim(&name, "1:1").is_err(), "{member}");
        }
        let mut modules = Namespace::modules();
        for file in ["types", "enums", "mock", "client", "attempt_timeout", "endpoint"] {
            assert!(modules.claim(&Name::module(file).expect("a name"), "1:1").is_err(), "{file}");
        }
        // `mod` never reaches the namespace as `mod`: the module rule makes it `mod_`, which is free.
        assert_eq!(modules.claim(&Name::module("mod").expect("a name"), "1:1"), Ok(()));
        let mut operations = Namespace::operations("user");
        assert!(operations.claim(&Name::snake_case("new").expect("a name"), "1:1").is_err());
        let mut types = Namespace::types();
        assert!(types.claim(&Name::upper_camel_case("Result").expect("a name"), "1:1").is_err());
        for prelude in ["Option", "String", "Vec", "Box"] {
            assert_eq!(types.claim(&Name::upper_camel_case(prelude).expect("a name"), "1:1"), Ok(()), "{prelude}");
        }
    }
}
