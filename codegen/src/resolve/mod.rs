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
//! 6. [`value_lists`]: an integer or string whose description lists its values is an enum holding them all, or
//!    is listed in `[not_enums]`; a list that cannot be read is reported;
//! 7. every correction must matter: one that matches nothing is stale, one that repeats what the document says is
//!    redundant, and both are reported at their place in the corrections file.
//!
//! Every Rust name made on the way (section modules, operations and their request builders, inputs, types, fields,
//! enums, variants) comes from [`crate::names`] and is claimed in its [`Namespace`] with the place that asked for
//! it ([`naming`]): a name that cannot be made, or two that would be one, is a diagnostic at that place. So is a
//! type that would contain itself, and paging whose parameters have the wrong types ([`checks`]); so is a model
//! that lacks what the hand-written runtime names ([`contract`]). A model that
//! resolves without diagnostics therefore emits code that compiles, and [`crate::emit`] never refuses it.

mod checks;
pub mod contract;
mod english;
mod naming;
mod operations;
mod shapes;
mod value_lists;

use crate::corrections::{Corrections, Spans, Text};
use crate::model::api::{Api, ApiSection, EnumDef, Ty};
use crate::model::diagnostic::{Diagnostics, Location};
use crate::model::doc::Document;
use crate::names::Namespace;
use std::collections::{HashMap, HashSet};

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
        secrets: HashMap::new(),
        named: HashMap::new(),
        types: Namespace::types(),
        drafts_by_entry: HashMap::new(),
        spans: Spans::new(corrections_file, corrections_text),
        diagnostics: Diagnostics::default(),
        notes: Diagnostics::default(),
        used: HashSet::new(),
        needed: HashSet::new(),
        enum_defs: HashMap::new(),
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
    /// `secrets`, indexed once: it is looked up for every string field and parameter.
    secrets: HashMap<&'a str, &'a Text>,
    /// The enums and types the corrections name, by the name written there: the Rust type they become, and the key
    /// (a type word that names one uses it).
    named: HashMap<&'a str, (Ty, &'a Text)>,
    /// Generated types and enums: one scope, since both are re-exported from one module.
    types: Namespace,
    /// Every entry's `METHOD /path` → the index of its operation's draft.
    drafts_by_entry: HashMap<String, usize>,
    spans: Spans<'a>,
    diagnostics: Diagnostics,
    /// Non-fatal findings (the English translation's disagreements), returned in [`Api::notes`].
    notes: Diagnostics,
    /// Span starts of the corrections that matched something.
    used: HashSet<usize>,
    /// Span starts of the corrections that changed something the document says (the others are redundant).
    needed: HashSet<usize>,
    /// The enums by Rust name, once resolved: rule 7 checks value lists against them.
    enum_defs: HashMap<String, EnumDef>,
}

impl<'a> Resolver<'a> {
    fn run(&mut self) -> Api {
        let corrections = self.corrections;
        for secret in &corrections.secrets {
            self.secrets.entry(secret.get_ref().as_str()).or_insert(secret);
        }
        self.name_corrected_types();
        let sections = self.sections();
        let mut drafts = self.group_operations();
        self.name_operations(&mut drafts, &sections);
        let (shapes, shape_index) = self.collect_shapes(&drafts);
        let names = self.name_shapes(shapes, &shape_index, &drafts);
        let enums = self.enums();
        self.enum_defs = enums.iter().map(|def| (def.name.clone(), def.clone())).collect();
        let types = self.type_defs(&names);
        let mut operations: Vec<_> = drafts.iter().map(|draft| self.operation(draft, &names.by_key)).collect();
        self.resolve_paging(&drafts, &mut operations, &types);
        self.check_dedup_keys(&drafts, &operations);
        self.check_finite_types(&types);
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

    /// Where a correction is, for claims and messages.
    fn correction_location(&self, at: &Text) -> Location {
        self.spans.location(at.span())
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

    /// Each section becomes a module named after the first path segment all its entries share (or the name
    /// `modules` gives that segment).
    fn sections(&mut self) -> Vec<ApiSection> {
        let mut first_segments: HashMap<u32, Vec<&'a str>> = HashMap::new();
        for endpoint in &self.doc.endpoints {
            let segment = endpoint.path.trim_start_matches('/').split('/').next().unwrap_or_default();
            first_segments.entry(endpoint.section).or_default().push(segment);
        }
        let mut modules = Namespace::modules();
        let mut sections = Vec::new();
        for section in &self.doc.sections {
            let segments = first_segments.get(&section.number).map(Vec::as_slice).unwrap_or_default();
            let segment = segments.first().copied().unwrap_or_default();
            if segments.iter().any(|s| *s != segment) {
                let message = format!(
                    "section {} mixes paths under `/{segment}` and others; expected one first segment",
                    section.number
                );
                self.error(&section.location, message);
            }
            let module = self.module_name(section, segment, &mut modules);
            let title_en = self.english_doc.and_then(|english| {
                let same = |s: &&crate::model::doc::Section| s.number == section.number && s.anchor == section.anchor;
                english::text(english.sections.iter().find(same).map(|s| s.title.as_str()))
            });
            sections.push(ApiSection {
                number: section.number,
                title: section.title.clone(),
                anchor: section.anchor.clone(),
                title_en,
                module,
                path_segment: segment.to_owned(),
            });
        }
        sections
    }

    /// Parses a type word of the corrections file.
    fn parse_ty(&mut self, word: &Text) -> Option<Ty> {
        let nested = crate::typeword::corrections_nesting(word.get_ref()).ok();
        let base = nested.and_then(|nested| match nested.base {
            "bool" => Some(Ty::Bool),
            "i64" => Some(Ty::I64),
            "f64" => Some(Ty::F64),
            "string" => Some(Ty::String),
            "secret" => Some(Ty::Secret),
            "json_string" => Some(Ty::JsonString),
            "json" => Some(Ty::Json),
            "audience" => Some(Ty::Audience),
            other => {
                let (ty, key) = self.named.get(other)?;
                self.used.insert(key.span().start);
                Some(ty.clone())
            }
        });
        match (base, nested) {
            (Some(ty), Some(nested)) => Some(crate::typeword::list_of(ty, nested.depth)),
            _ => {
                let message = format!(
                    "unknown type `{}`; expected bool, i64, f64, string, secret, json_string, json, audience, [T] \
                     (nested at most {} deep), or an enum or type named in this file",
                    crate::typeword::shown(word.get_ref()),
                    crate::typeword::MAX_DEPTH
                );
                self.correction_error(word, message);
                None
            }
        }
    }

    /// `ty`, or [`Ty::Secret`] when it is a string and `name` is listed in `secrets`.
    fn secret_if_listed(&mut self, name: &str, ty: Ty) -> Ty {
        if ty != Ty::String {
            return ty;
        }
        match self.secrets.get(name) {
            Some(secret) => {
                self.used.insert(secret.span().start);
                Ty::Secret
            }
            None => ty,
        }
    }

    /// Rule 7: every correction must have matched something, and changed something.
    fn report_unused(&mut self) {
        let corrections = self.corrections;
        let mut checked: Vec<(&Text, &str)> = Vec::new();
        checked.extend(corrections.secrets.iter().map(|s| (s, "secret")));
        checked.extend(corrections.query_types.keys().map(|k| (k, "query type")));
        checked.extend(corrections.input_docs.keys().map(|k| (k, "input description")));
        checked.extend(corrections.enums.keys().map(|k| (k, "enum")));
        checked.extend(corrections.modules.keys().map(|k| (k, "module")));
        checked.extend(corrections.not_enums.keys().map(|k| (k, "not-enum")));
        for (key, correction) in &corrections.operations {
            checked.extend(correction.query.keys().chain(correction.body.keys()).map(|k| (k, "query or body type")));
            checked.extend(correction.rename.keys().map(|k| (k, "input rename")));
            if self.used.contains(&key.span().start) {
                checked.extend(correction.extra.keys().map(|k| (k, "extra member")));
            }
        }
        for correction in corrections.types.values() {
            checked.extend(correction.fields.keys().map(|k| (k, "field type")));
            checked.extend(correction.rename.keys().map(|k| (k, "field rename")));
            checked.extend(correction.always_sent.keys().map(|k| (k, "always-sent field")));
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

    /// Corrections of types and names can repeat the document; secrets, enums and extra members cannot.
    fn tracks_effect(&self, what: &str) -> bool {
        matches!(
            what,
            "query type"
                | "query or body type"
                | "field type"
                | "module"
                | "input rename"
                | "field rename"
                | "always-sent field"
                | "input description"
        )
    }
}
