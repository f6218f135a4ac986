//! Document + corrections → [`Api`]: operations, named types, enums, required inputs and paging.
//!
//! The rules, in the order they run (one module each where they need more than a few lines):
//! 1. [`operations`]: every (method, path) pair is an entry; entries with the same path, title, inputs and outputs
//!    are one operation. Its default verb is the first of GET, POST, PUT, DELETE it has, whatever order the document
//!    lists them in, and corrections key the operation by that verb (`"POST /user/authmode"`); the other verbs are
//!    aliases the caller picks per call;
//! 2. an operation is named by its path after the section's segment (`/group/member_list` → `member_list`)
//!    unless a correction names it;
//! 3. [`shapes`]: every object with documented fields is a type; identical shapes (same wire names and document
//!    types, nested alike) are one type, named by a correction (`[types.X] at = …`) or else by its first occurrence
//!    (`{Operation}{FieldPath}`);
//! 4. types: every documented integer is `i64` (the service sends 13-digit IDs and millisecond times where the
//!    document says `int32`), `double` is `f64`; the corrections then give enums, secrets, JSON-in-string fields, and
//!    the types of query parameters the document leaves untyped;
//! 5. inputs: the document's 必填 (required) column makes an input a positional argument, in the document's order
//!    (query, then body); a correction's `required` list replaces it;
//! 6. every correction must matter: one that matches nothing is stale, one that repeats what the document says is
//!    redundant, and both are reported at their place in the corrections file.

mod english;
mod operations;
mod shapes;

use crate::api::{Api, ApiSection, Ty};
use crate::corrections::{Corrections, Spans, Text};
use crate::diagnostic::{Diagnostics, Location};
use crate::doc::Document;
use std::collections::HashSet;

/// Resolves the document against the corrections file (`corrections_file` names it in diagnostics).
pub fn resolve(doc: &Document, corrections_file: &str, corrections_text: &str) -> Result<Api, Diagnostics> {
    resolve_bilingual(doc, None, corrections_file, corrections_text)
}

/// [`resolve`], with the English pages' text beside the Chinese where they have it (see [`english`]).
pub fn resolve_bilingual(
    doc: &Document,
    english: Option<&Document>,
    corrections_file: &str,
    corrections_text: &str,
) -> Result<Api, Diagnostics> {
    let (api, diagnostics) = resolve_lenient(doc, english, corrections_file, corrections_text)?;
    diagnostics.into_result(api)
}

/// Like [`resolve_bilingual`], but returns the model beside the problems found while resolving (stale or redundant
/// corrections, say), so that a document update can be reviewed before its corrections are fixed. Only corrections
/// that are not valid TOML are an error.
pub fn resolve_lenient(
    doc: &Document,
    english: Option<&Document>,
    corrections_file: &str,
    corrections_text: &str,
) -> Result<(Api, Diagnostics), Diagnostics> {
    let corrections = crate::corrections::parse_corrections(corrections_file, corrections_text)?;
    let mut resolver = Resolver {
        doc,
        english_doc: english,
        english: english.map(english::Index::new),
        corrections: &corrections,
        spans: Spans::new(corrections_file, corrections_text),
        diagnostics: Diagnostics::default(),
        notes: Diagnostics::default(),
        used: HashSet::new(),
        needed: HashSet::new(),
    };
    let api = resolver.run();
    let mut diagnostics = resolver.diagnostics;
    diagnostics.0.sort();
    diagnostics.0.dedup();
    Ok((api, diagnostics))
}

/// The headers the client sends by itself: `app_id` and `access-token` from its configuration, `user_id` and
/// `group_id` when an admin token acts as a user or a group's admin. An entry documenting any other header could not
/// be called correctly, so that is reported.
pub const CLIENT_HEADERS: [&str; 4] = ["app_id", "access-token", "user_id", "group_id"];

pub(crate) struct Resolver<'a> {
    doc: &'a Document,
    english_doc: Option<&'a Document>,
    /// The English pages' entries, to find each Chinese entry's translation.
    english: Option<english::Index<'a>>,
    corrections: &'a Corrections,
    spans: Spans<'a>,
    diagnostics: Diagnostics,
    /// Non-fatal findings (the English translation's disagreements), returned in [`Api::notes`].
    notes: Diagnostics,
    /// Span starts of the corrections that matched something.
    used: HashSet<usize>,
    /// Span starts of the corrections that changed something the document says (the others are redundant).
    needed: HashSet<usize>,
}

impl<'a> Resolver<'a> {
    fn run(&mut self) -> Api {
        let sections = self.sections();
        let mut drafts = self.group_operations();
        self.name_operations(&mut drafts);
        let (shapes, shape_index) = self.collect_shapes(&drafts);
        let names = self.name_shapes(shapes, &shape_index, &drafts);
        let enums = self.enums();
        let types = self.type_defs(&names);
        let operations = drafts.iter().map(|draft| self.operation(draft, &names.by_key)).collect();
        self.check_english();
        self.report_unused();
        let mut notes = std::mem::take(&mut self.notes);
        notes.0.sort();
        Api {
            base_url: self.doc.base_url.clone().unwrap_or_default(),
            version: self.doc.version.clone().unwrap_or_default(),
            sections,
            operations,
            types,
            enums,
            notes,
        }
    }

    fn correction_error(&mut self, at: &Text, message: impl Into<String>) {
        let location = self.spans.location(at.span());
        self.diagnostics.push(location, message);
    }

    fn error(&mut self, location: &Location, message: impl Into<String>) {
        self.diagnostics.push(location.clone(), message);
    }

    /// The correction at `at` matched something.
    fn mark(&mut self, at: &Text) {
        self.used.insert(at.span().start);
    }

    /// The correction at `at` matched and changed what the document says (`changed`), or only repeated it.
    fn mark_effect(&mut self, at: &Text, changed: bool) {
        self.mark(at);
        if changed {
            self.needed.insert(at.span().start);
        }
    }

    /// Each section becomes a module named after the first path segment all its entries share.
    fn sections(&mut self) -> Vec<ApiSection> {
        let mut sections = Vec::new();
        for section in &self.doc.sections {
            let segments: Vec<&str> = self
                .doc
                .endpoints
                .iter()
                .filter(|e| e.section == section.number)
                .map(|e| e.path.trim_start_matches('/').split('/').next().unwrap_or_default())
                .collect();
            let module = segments.first().copied().unwrap_or_default().to_owned();
            if !operations::is_snake_identifier(&module) {
                let message =
                    format!("section {} would be module `{module}`, not a snake_case identifier", section.number);
                self.error(&section.location, message);
            }
            if segments.iter().any(|s| *s != module) {
                let message = format!(
                    "section {} mixes paths under `/{module}` and others; expected one first segment",
                    section.number
                );
                self.error(&section.location, message);
            }
            let title_en = self.english_doc.and_then(|english| {
                let same = |s: &&crate::doc::Section| s.number == section.number && s.anchor == section.anchor;
                english::text(english.sections.iter().find(same).map(|s| s.title.as_str()))
            });
            sections.push(ApiSection {
                number: section.number,
                title: section.title.clone(),
                anchor: section.anchor.clone(),
                title_en,
                module,
            });
        }
        sections
    }

    /// Parses a type word of the corrections file.
    fn parse_ty(&mut self, word: &Text) -> Option<Ty> {
        const MAX_DEPTH: usize = crate::doc::DocType::MAX_DEPTH;
        let mut inner = word.get_ref().as_str();
        let mut depth = 0;
        while let Some(rest) = inner.strip_prefix('[').and_then(|w| w.strip_suffix(']')) {
            inner = rest;
            depth += 1;
        }
        let base = match inner {
            _ if depth > MAX_DEPTH => None,
            "bool" => Some(Ty::Bool),
            "i64" => Some(Ty::I64),
            "f64" => Some(Ty::F64),
            "string" => Some(Ty::String),
            "secret" => Some(Ty::Secret),
            "json_string" => Some(Ty::JsonString),
            "json" => Some(Ty::Json),
            "audience" => Some(Ty::Audience),
            _ => {
                if let Some(key) = self.corrections.enums.keys().find(|k| k.get_ref() == inner) {
                    self.used.insert(key.span().start);
                    Some(Ty::Enum(inner.to_owned()))
                } else if self.corrections.types.keys().any(|k| k.get_ref() == inner) {
                    Some(Ty::Struct(inner.to_owned()))
                } else {
                    None
                }
            }
        };
        let Some(mut ty) = base else {
            let message = format!(
                "unknown type `{}`; expected bool, i64, f64, string, secret, json_string, json, audience, [T] (nested \
                 at most {MAX_DEPTH} deep), or an enum or type named in this file",
                word.get_ref()
            );
            self.correction_error(word, message);
            return None;
        };
        for _ in 0..depth {
            ty = Ty::List(Box::new(ty));
        }
        Some(ty)
    }

    /// `ty`, or [`Ty::Secret`] when it is a string and `name` is listed in `secrets`.
    fn secret_if_listed(&mut self, name: &str, ty: Ty) -> Ty {
        if ty != Ty::String {
            return ty;
        }
        match self.corrections.secrets.iter().find(|s| s.get_ref() == name) {
            Some(secret) => {
                self.used.insert(secret.span().start);
                Ty::Secret
            }
            None => ty,
        }
    }

    /// Rule 6: every correction must have matched something, and changed something.
    fn report_unused(&mut self) {
        let corrections = self.corrections;
        let mut checked: Vec<(&Text, &str)> = Vec::new();
        checked.extend(corrections.secrets.iter().map(|s| (s, "secret")));
        checked.extend(corrections.query_types.keys().map(|k| (k, "query type")));
        checked.extend(corrections.enums.keys().map(|k| (k, "enum")));
        for (key, correction) in &corrections.operations {
            checked.extend(correction.query.keys().chain(correction.body.keys()).map(|k| (k, "query or body type")));
            if self.used.contains(&key.span().start) {
                checked.extend(correction.extra.keys().map(|k| (k, "extra member")));
            }
        }
        for correction in corrections.types.values() {
            checked.extend(correction.fields.keys().map(|k| (k, "field type")));
        }
        for (key, what) in checked {
            let message = if !self.used.contains(&key.span().start) {
                format!("{what} `{}` matches nothing in the document; remove it or fix its name", key.get_ref())
            } else if self.tracks_effect(what) && !self.needed.contains(&key.span().start) {
                format!("{what} `{}` repeats what the document says; remove it", key.get_ref())
            } else {
                continue;
            };
            self.correction_error(key, message);
        }
    }

    /// Corrections of types can repeat the document; secrets, enums and extra members cannot.
    fn tracks_effect(&self, what: &str) -> bool {
        matches!(what, "query type" | "query or body type" | "field type")
    }
}
