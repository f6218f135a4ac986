//! Type words read without recursion and with a depth limit: `array[array[int32]]` in the document,
//! `[[i64]]` in the corrections.
//!
//! Nesting is counted in one pass over the word, so `array[` repeated 40,000 times costs a scan, not a stack
//! frame per level; anything deeper than [`MAX_DEPTH`] is an error the caller reports at the word's location.
//! Deeper lists describe no real API, and every later stage (resolve, emit, syn, rustc) recurses per level.

use crate::model::api::Ty;
use crate::model::doc::DocType;
use std::fmt;

/// The deepest list nesting a type word may have.
pub const MAX_DEPTH: usize = 32;

/// A type word split into its list nesting and its innermost word: `array[array[int32]]` is depth 2, `int32`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Nested<'a> {
    /// How many lists wrap the base (0 for a plain word).
    pub depth: usize,
    /// The innermost word (`int32`, `i64`, an enum name), not yet checked.
    pub base: &'a str,
}

/// Why a type word was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeWordError {
    /// The word is not in the grammar (an unknown base word, an unclosed or stray bracket).
    Unknown,
    /// Lists nest deeper than [`MAX_DEPTH`].
    TooDeep {
        /// How deep they nest.
        depth: usize,
    },
}

impl fmt::Display for TypeWordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeWordError::Unknown => f.write_str("not a type word"),
            TypeWordError::TooDeep { depth } => {
                write!(f, "lists nested {depth} deep; at most {MAX_DEPTH} levels are allowed")
            }
        }
    }
}

impl std::error::Error for TypeWordError {}

/// Splits a document type word: `array[` … `]` around a base word.
pub fn document_nesting(word: &str) -> Result<Nested<'_>, TypeWordError> {
    nesting(word, "array[", "]")
}

/// Splits a corrections type word: `[` … `]` around a base word.
pub fn corrections_nesting(word: &str) -> Result<Nested<'_>, TypeWordError> {
    nesting(word, "[", "]")
}

fn nesting<'a>(word: &'a str, open: &str, close: &str) -> Result<Nested<'a>, TypeWordError> {
    let mut depth = 0;
    let mut rest = word;
    while let Some(inner) = rest.strip_prefix(open) {
        rest = inner;
        depth += 1;
    }
    for _ in 0..depth {
        rest = rest.strip_suffix(close).ok_or(TypeWordError::Unknown)?;
    }
    if depth > MAX_DEPTH {
        return Err(TypeWordError::TooDeep { depth });
    }
    if rest.is_empty() || rest.contains(open) || rest.contains(close) {
        return Err(TypeWordError::Unknown);
    }
    Ok(Nested { depth, base: rest })
}

/// Parses a document type word (the grammar of [`DocType`]) without recursion.
pub fn doc_type(word: &str) -> Result<DocType, TypeWordError> {
    let Nested { depth, base } = document_nesting(word)?;
    let mut ty = match base {
        "int32" | "integer" => DocType::Int32,
        "int64" | "long" => DocType::Int64,
        "number" | "double" | "float" => DocType::Number,
        "string" => DocType::String,
        "boolean" => DocType::Boolean,
        "object" => DocType::Object,
        _ => return Err(TypeWordError::Unknown),
    };
    for _ in 0..depth {
        ty = DocType::Array(Box::new(ty));
    }
    Ok(ty)
}

/// A type word as diagnostics quote it: whole up to 256 characters (a word nested to the limit fits), else its start
/// and its length, so that a word of 40,000 levels makes a readable line instead of a 240 kB one.
pub fn shown(word: &str) -> String {
    const WHOLE: usize = 256;
    match word.char_indices().nth(WHOLE) {
        None => word.to_owned(),
        Some(_) => {
            let start: String = word.chars().take(64).collect();
            format!("{start}… ({} characters)", word.chars().count())
        }
    }
}

/// Wraps `ty` in `depth` lists: the corrections' `[[T]]` once `T` is resolved.
pub fn list_of(mut ty: Ty, depth: usize) -> Ty {
    for _ in 0..depth {
        ty = Ty::List(Box::new(ty));
    }
    ty
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deep(open: &str, base: &str, close: &str, depth: usize) -> String {
        format!("{}{base}{}", open.repeat(depth), close.repeat(depth))
    }

    #[test]
    fn document_words_parse_as_before() {
        assert_eq!(doc_type("int32"), Ok(DocType::Int32));
        assert_eq!(doc_type("long"), Ok(DocType::Int64));
        assert_eq!(
            doc_type("array[array[int32]]"),
            Ok(DocType::Array(Box::new(DocType::Array(Box::new(DocType::Int32)))))
        );
        assert_eq!(doc_type("array[object]").map(|t| t.to_string()), Ok("array[object]".to_owned()));
        assert_eq!(doc_type("array[object]").map(|t| t.holds_fields()), Ok(true));
        assert_eq!(doc_type("array[string]").map(|t| t.holds_fields()), Ok(false));
        for bad in ["int33", "array[int32", "array[]", "array[int32]]", "int32]", "array[array[]int32]", "", "[int32]"]
        {
            assert_eq!(doc_type(bad), Err(TypeWordError::Unknown), "{bad:?}");
        }
    }

    #[test]
    fn nesting_up_to_the_limit_is_accepted() {
        let word = deep("array[", "string", "]", MAX_DEPTH);
        let ty = doc_type(&word).expect("at the limit");
        assert_eq!(ty.to_string(), word, "round-trips through Display");
        assert_eq!(
            corrections_nesting(&deep("[", "i64", "]", MAX_DEPTH)),
            Ok(Nested { depth: MAX_DEPTH, base: "i64" })
        );
    }

    #[test]
    fn deeper_nesting_is_an_error_not_a_stack_overflow() {
        let word = deep("array[", "int32", "]", MAX_DEPTH + 1);
        assert_eq!(doc_type(&word), Err(TypeWordError::TooDeep { depth: MAX_DEPTH + 1 }));
        // The reproducer: 40,000 levels overflowed the recursive parser.
        let word = deep("array[", "int32", "]", 40_000);
        assert_eq!(doc_type(&word), Err(TypeWordError::TooDeep { depth: 40_000 }));
        assert_eq!(
            TypeWordError::TooDeep { depth: 40_000 }.to_string(),
            "lists nested 40000 deep; at most 32 levels are allowed"
        );
        let word = deep("[", "i64", "]", 40_000);
        assert_eq!(corrections_nesting(&word), Err(TypeWordError::TooDeep { depth: 40_000 }));
        // Unclosed brackets at any depth are just not a type word.
        assert_eq!(doc_type(&"array[".repeat(40_000)), Err(TypeWordError::Unknown));
    }

    #[test]
    fn long_words_are_shown_by_their_start_and_length() {
        let limit = deep("array[", "int64", "]", MAX_DEPTH + 1);
        assert_eq!(shown(&limit), limit, "a word just past the limit is shown whole");
        let huge = deep("[", "i64", "]", 40_000);
        assert_eq!(shown(&huge), format!("{}… (80003 characters)", "[".repeat(64)));
    }

    #[test]
    fn corrections_words_split_into_depth_and_base() {
        assert_eq!(corrections_nesting("i64"), Ok(Nested { depth: 0, base: "i64" }));
        assert_eq!(corrections_nesting("[[ContentType]]"), Ok(Nested { depth: 2, base: "ContentType" }));
        for bad in ["[i64", "i64]", "[]", "[[i64]", "[i[6]4]"] {
            assert_eq!(corrections_nesting(bad), Err(TypeWordError::Unknown), "{bad:?}");
        }
        assert_eq!(list_of(Ty::I64, 2), Ty::List(Box::new(Ty::List(Box::new(Ty::I64)))));
        assert_eq!(list_of(Ty::Bool, 0), Ty::Bool);
    }
}
