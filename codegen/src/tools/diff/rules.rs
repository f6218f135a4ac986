//! The rules of the API diff: one table, [`RULES`], saying for each kind of change whether it breaks code written
//! against `maxim-api`, and why (oasdiff's `checker/rules.go`).
//!
//! Levels come from the SDK's Rust surface, not from HTTP: a required input is a positional argument of the
//! operation's method, an optional one a setter of its request builder, an alias verb a `via_*` method, and every
//! generated struct and enum is `#[non_exhaustive]` (structs with `Default`, enums with an opaque `Unknown`), so new
//! fields and values break nobody. The `rust-*` rules rate what [`super::rust`] finds between two listings of the
//! generated code's public Rust API (cargo-semver-checks' lints, for the kinds of change the generator makes): they
//! catch what the generator alone changes, which the model does not show.
//! The table in `docs/api-diff.md` is generated from [`RULES`] by `cargo xtask codegen` (and checked by `--check`).

use crate::generate::Mode;
use std::path::Path;

/// Whether a change breaks code that compiled against the previous version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Code that compiled still compiles and means the same.
    Compatible,
    /// Some code that compiled no longer does, or silently means something else.
    Breaking,
}

impl Level {
    /// `breaking` or `compatible`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Compatible => "compatible",
            Level::Breaking => "breaking",
        }
    }
}

/// One kind of change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable id, `subject.change` (`input.now-required`): what the fixture tests and the docs name.
    pub id: &'static str,
    /// What changed: in the model, document, section, operation, verb, input, response, paging, type, field, enum or
    /// variant; in the public Rust API of the generated code, rust-item, rust-field, rust-variant, rust-fn,
    /// rust-trait, rust-const or rust-type.
    pub subject: &'static str,
    /// The change, as the report's lines say it (`input made required`).
    pub change: &'static str,
    /// Its level.
    pub level: Level,
    /// Why, in terms of the Rust surface.
    pub why: &'static str,
}

/// Declares each rule as a constant (evaluators name them, so a typo does not compile) and [`RULES`], all of them in
/// the order of the docs table.
macro_rules! rules {
    ($($name:ident = $id:literal, $subject:literal, $change:literal, $level:ident, $why:literal;)*) => {
        $(
            #[doc = concat!("`", $id, "`: ", $why)]
            pub const $name: Rule =
                Rule { id: $id, subject: $subject, change: $change, level: Level::$level, why: $why };
        )*
        /// Every rule, in the order of the docs table.
        pub const RULES: &[Rule] = &[$($name),*];
    };
}

rules! {
    BASE_URL_CHANGED = "document.base-url-changed", "document", "default base URL changed", Compatible,
        "`DEFAULT_BASE_URL` is a value, not a signature; clients that keep the default now call another host";
    SECTION_ADDED = "section.added", "section", "section added", Compatible,
        "a new handle method on `Client` (`client.ai()`) and its module";
    SECTION_REMOVED = "section.removed", "section", "section removed", Breaking,
        "the handle method and its module are gone";
    OPERATION_ADDED = "operation.added", "operation", "operation added", Compatible,
        "a new method on the section's handle, with its own request builder";
    OPERATION_REMOVED = "operation.removed", "operation", "operation removed", Breaking,
        "the method and its request builder are gone";
    OPERATION_RENAMED = "operation.renamed", "operation", "operation renamed", Breaking,
        "callers name the method, and its request builder type (`{Name}Request`) is renamed with it";
    VERB_ADDED = "verb.added", "verb", "alias verb added", Compatible,
        "a new `via_*` method on the request builder; the default verb is unchanged";
    VERB_REMOVED = "verb.removed", "verb", "alias verb removed", Breaking,
        "its `via_*` method is gone from the request builder";
    VERB_DEFAULT_CHANGED = "verb.default-changed", "verb", "default verb changed", Breaking,
        "the same call now sends another HTTP method, which the service may treat differently";
    INPUT_ADDED_REQUIRED = "input.added-required", "input", "required input added", Breaking,
        "a new positional argument: every call must pass it";
    INPUT_ADDED_OPTIONAL = "input.added-optional", "input", "optional input added", Compatible,
        "a new setter on the request builder";
    INPUT_REMOVED = "input.removed", "input", "input removed", Breaking,
        "its argument or setter is gone";
    INPUT_NOW_REQUIRED = "input.now-required", "input", "input made required", Breaking,
        "its setter becomes a positional argument: every call must pass it";
    INPUT_NOW_OPTIONAL = "input.now-optional", "input", "input made optional", Breaking,
        "its positional argument disappears (it becomes a setter): calls passing it no longer compile";
    INPUT_REORDERED = "input.reordered", "input", "required inputs reordered", Breaking,
        "the positional arguments change order: calls fail to compile, or silently swap values of one type";
    INPUT_RETYPED = "input.retyped", "input", "input retyped", Breaking,
        "its argument or setter takes another Rust type";
    INPUT_SETTER_RENAMED = "input.setter-renamed", "input", "setter renamed", Breaking,
        "the Rust name of an optional input changed (same wire name): callers name the setter";
    INPUT_ARGUMENT_RENAMED = "input.argument-renamed", "input", "argument renamed", Compatible,
        "the Rust name of a required input changed: argument names are not part of a Rust call";
    INPUT_MOVED = "input.moved", "input", "input moved between query and body", Compatible,
        "invisible in Rust (query and body share one builder), but the request on the wire changes";
    RESPONSE_CHANGED = "response.changed", "response", "response changed", Breaking,
        "`send()` returns another type (another data type, a list, an envelope, or bytes)";
    PAGING_ADDED = "paging.added", "paging", "paging added", Compatible,
        "new `pages()` and `items()` streams on the request builder; `send()` is unchanged";
    PAGING_REMOVED = "paging.removed", "paging", "paging removed", Breaking,
        "the `pages()` and `items()` streams are gone";
    PAGING_CHANGED = "paging.changed", "paging", "paging changed", Breaking,
        "the streams follow another cursor and yield other page types";
    TYPE_ADDED = "type.added", "type", "type added", Compatible,
        "a new struct";
    TYPE_REMOVED = "type.removed", "type", "type removed", Breaking,
        "code naming the struct no longer compiles";
    TYPE_RENAMED = "type.renamed", "type", "type renamed", Breaking,
        "the same shape at the same place has a new struct name (reported once, not at each use)";
    FIELD_ADDED = "field.added", "field", "field added", Compatible,
        "structs are `#[non_exhaustive]` with `Default`: no literal or exhaustive pattern can miss the new field";
    FIELD_REMOVED = "field.removed", "field", "field removed", Breaking,
        "code reading the field no longer compiles";
    FIELD_RETYPED = "field.retyped", "field", "field retyped", Breaking,
        "code reading the field gets another Rust type";
    ENUM_ADDED = "enum.added", "enum", "enum added", Compatible,
        "a new enum";
    ENUM_REMOVED = "enum.removed", "enum", "enum removed", Breaking,
        "code naming the enum no longer compiles";
    ENUM_RENAMED = "enum.renamed", "enum", "enum renamed", Breaking,
        "the same values have a new enum name";
    VARIANT_ADDED = "variant.added", "variant", "enum value added", Compatible,
        "enums are `#[non_exhaustive]`, so matches already have a wildcard arm, and their `Unknown` value can be read \
         but neither built nor matched by value (`UnknownValue`), so no code could single out the value that is now \
         named: code that compiled means the same";
    VARIANT_REMOVED = "variant.removed", "variant", "enum value removed", Breaking,
        "code naming the variant no longer compiles (the value now decodes as `Unknown`)";
    VARIANT_RENAMED = "variant.renamed", "variant", "enum value renamed", Breaking,
        "the same wire value has a new variant name";
    RUST_ITEM_ADDED = "rust-item.added", "rust-item", "public item added", Compatible,
        "a new struct, enum, constant or module in the generated code";
    RUST_ITEM_REMOVED = "rust-item.removed", "rust-item", "public item removed", Breaking,
        "code naming the item no longer compiles";
    RUST_ITEM_NOW_NON_EXHAUSTIVE = "rust-item.now-non-exhaustive", "rust-item", "made `#[non_exhaustive]`", Breaking,
        "outside the crate, struct literals and patterns without `..` no longer compile, and matches on an enum need a \
         wildcard arm";
    RUST_ITEM_NOW_EXHAUSTIVE = "rust-item.now-exhaustive", "rust-item", "no longer `#[non_exhaustive]`", Compatible,
        "everything that compiled still does (a wildcard arm may become unreachable, a warning)";
    RUST_FIELD_ADDED = "rust-field.added", "rust-field", "public field added", Compatible,
        "the struct is `#[non_exhaustive]`: no literal or exhaustive pattern outside the crate can miss the field";
    RUST_FIELD_ADDED_TO_EXHAUSTIVE = "rust-field.added-to-exhaustive", "rust-field",
        "public field added to an exhaustive struct", Breaking,
        "struct literals and patterns without `..` must name the new field";
    RUST_FIELD_REMOVED = "rust-field.removed", "rust-field", "public field removed", Breaking,
        "code reading the field no longer compiles";
    RUST_FIELD_RETYPED = "rust-field.retyped", "rust-field", "field retyped", Breaking,
        "code reading or setting the field gets another type";
    RUST_VARIANT_ADDED = "rust-variant.added", "rust-variant", "variant added", Compatible,
        "the enum is `#[non_exhaustive]`: matches outside the crate already have a wildcard arm";
    RUST_VARIANT_ADDED_TO_EXHAUSTIVE = "rust-variant.added-to-exhaustive", "rust-variant",
        "variant added to an exhaustive enum", Breaking,
        "exhaustive matches miss the new variant";
    RUST_VARIANT_REMOVED = "rust-variant.removed", "rust-variant", "variant removed", Breaking,
        "code naming the variant no longer compiles";
    RUST_VARIANT_CHANGED = "rust-variant.changed", "rust-variant", "variant's fields changed", Breaking,
        "code building or matching the variant with its fields no longer compiles";
    RUST_FN_ADDED = "rust-fn.added", "rust-fn", "method added", Compatible,
        "a new method (a method of the same name on a trait in scope could become shadowed, which cargo-semver-checks \
         also accepts)";
    RUST_FN_REMOVED = "rust-fn.removed", "rust-fn", "method removed", Breaking,
        "calls of the method no longer compile";
    RUST_FN_CHANGED = "rust-fn.changed", "rust-fn", "method signature changed", Breaking,
        "its arguments, return type or qualifiers (`async`, `const`) changed: calls may no longer compile";
    RUST_TRAIT_ADDED = "rust-trait.added", "rust-trait", "trait implemented", Compatible,
        "a new derive or impl (`Serialize`, `Default`, `From`): more code compiles";
    RUST_TRAIT_REMOVED = "rust-trait.removed", "rust-trait", "trait no longer implemented", Breaking,
        "code relying on the impl (`.clone()`, `==`, `serde_json::to_string`, `T::default()`) no longer compiles";
    RUST_TRAIT_NOW_GATED = "rust-trait.now-gated", "rust-trait", "trait impl moved behind a feature", Breaking,
        "code relying on the impl compiles only with the feature enabled in its `Cargo.toml`";
    RUST_TRAIT_UNGATED = "rust-trait.ungated", "rust-trait", "trait impl no longer behind a feature", Compatible,
        "the impl is there with or without the feature";
    RUST_TRAIT_CHANGED = "rust-trait.changed", "rust-trait", "trait impl's associated type changed", Breaking,
        "code using the associated type (`IntoFuture::Output`: what `.await` gives) gets another type";
    RUST_CONST_RETYPED = "rust-const.retyped", "rust-const", "constant retyped", Breaking,
        "code using the constant gets another type";
    RUST_CONST_VALUE_CHANGED = "rust-const.value-changed", "rust-const", "constant's value changed", Compatible,
        "a value, not a signature; code using it now gets the new value";
    RUST_TYPE_OPTION_REMOVED = "rust-type.option-removed", "rust-type", "lost its `Option`", Breaking,
        "a field, return type or `Output` is now the plain type: `if let Some`, `unwrap_or…` and `?` on it no longer \
         compile";
    RUST_TYPE_OPTION_ADDED = "rust-type.option-added", "rust-type", "became an `Option`", Breaking,
        "a field, return type or `Output` is now an `Option`: code using the value must handle `None`";
}

/// The rules as a Markdown table, for the docs.
pub fn markdown_table() -> String {
    let mut out = String::from("| rule | change | level | why |\n| --- | --- | --- | --- |\n");
    for rule in RULES {
        out.push_str(&format!("| `{}` | {} | **{}** | {} |\n", rule.id, rule.change, rule.level.as_str(), rule.why));
    }
    out
}

/// The docs page that holds the generated table, relative to the workspace root.
pub const DOCS_FILE: &str = "docs/api-diff.md";
const TABLE_START: &str =
    "<!-- rules table: generated from codegen/src/tools/diff/rules.rs by `cargo xtask codegen` -->\n";
const TABLE_END: &str = "<!-- end of the rules table -->";

/// Writes the rules table into [`DOCS_FILE`] between its markers, or with [`Mode::Check`] fails when it is stale.
/// Line endings are compared without `\r`, so a Windows checkout is not stale.
pub fn refresh_docs(root: &Path, mode: Mode) -> Result<String, String> {
    let path = root.join(DOCS_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{DOCS_FILE}: cannot read: {e}"))?;
    let text = text.replace("\r\n", "\n");
    let (Some(start), Some(end)) = (text.find(TABLE_START), text.find(TABLE_END)) else {
        return Err(format!(
            "{DOCS_FILE}: expected the rules table between `{}` and `{TABLE_END}`",
            TABLE_START.trim()
        ));
    };
    let start = start + TABLE_START.len();
    if end < start {
        return Err(format!("{DOCS_FILE}: the end marker of the rules table comes before its start"));
    }
    let fresh = format!("{}{}{}", &text[..start], markdown_table(), &text[end..]);
    if fresh == text {
        return Ok(format!("{DOCS_FILE}: the rules table is fresh"));
    }
    match mode {
        Mode::Check => {
            Err(format!("{DOCS_FILE}: the rules table is stale\nrun `cargo xtask codegen` and commit the result"))
        }
        Mode::Write => {
            std::fs::write(&path, fresh).map_err(|e| format!("{DOCS_FILE}: cannot write: {e}"))?;
            Ok(format!("{DOCS_FILE}: the rules table was updated"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_name_their_subject() {
        let mut seen = HashSet::new();
        for rule in RULES {
            assert!(seen.insert(rule.id), "{} appears twice", rule.id);
            assert!(rule.id.starts_with(&format!("{}.", rule.subject)), "{} is not under `{}`", rule.id, rule.subject);
        }
    }

    #[test]
    fn the_table_has_one_row_per_rule() {
        let table = markdown_table();
        assert_eq!(table.lines().count(), RULES.len() + 2);
        assert!(table.contains("| `input.now-optional` | input made optional | **breaking** |"), "{table}");
    }
}
