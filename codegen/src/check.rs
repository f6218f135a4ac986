//! Document-level checks that need more than one row at a time: duplicate entries, invalid wire names and a document
//! without entries.
//!
//! The row-level checks (unknown methods and types, table widths, `⇥` depth jumps) happen while parsing, where the
//! row is at hand; both kinds end up in the same [`Diagnostics`].

use crate::model::diagnostic::{Diagnostics, Location};
use crate::model::doc::{Document, Field, Method, Param};
use std::collections::HashMap;

/// Runs every document-level check, appending what it finds to `diagnostics`.
pub fn check_document(document: &Document, diagnostics: &mut Diagnostics) {
    check_anchors(document, diagnostics);
    let mut seen: HashMap<(Method, &str), &str> = HashMap::new();
    for endpoint in &document.endpoints {
        for verb in &endpoint.verbs {
            if let Some(first) = seen.insert((verb.method, endpoint.path.as_str()), endpoint.number.as_str()) {
                diagnostics.push(
                    verb.location.clone(),
                    format!(
                        "entry {} repeats `{} {}` of entry {first}; expected each (method, path) pair once",
                        endpoint.number, verb.method, endpoint.path
                    ),
                );
            }
        }
        for (what, params) in [("the headers", &endpoint.headers), ("the query", &endpoint.query)] {
            let named = params.iter().map(|Param { name, location, .. }| (name.as_str(), location));
            check_unique(named, what, diagnostics);
            for Param { name, location, .. } in params {
                check_name(name, location, diagnostics);
            }
        }
        match endpoint.body.as_slice() {
            // A body row without a name is the whole body: its children still need names.
            [bare] if bare.name.is_empty() => check_fields(&bare.children, "the body", diagnostics),
            fields => check_fields(fields, "the body", diagnostics),
        }
        check_fields(&endpoint.response.fields, "the response", diagnostics);
    }
}

/// A `{#anchor}` names one heading (a section's or an entry's): links and the English pages' matching rely on it.
fn check_anchors(document: &Document, diagnostics: &mut Diagnostics) {
    let sections = document.sections.iter().map(|s| (s.anchor.as_deref(), &s.location));
    let entries = document.endpoints.iter().map(|e| (e.anchor.as_deref(), &e.location));
    let mut seen: HashMap<&str, &Location> = HashMap::new();
    for (anchor, location) in sections.chain(entries) {
        let Some(anchor) = anchor.filter(|a| !a.is_empty()) else { continue };
        if let Some(first) = seen.insert(anchor, location) {
            let message =
                format!("anchor `{{#{anchor}}}` is also the anchor of the heading at {first}; expected each once");
            diagnostics.push(location.clone(), message);
        }
    }
}

/// Names are valid and unique among siblings, all the way down.
fn check_fields(fields: &[Field], parent: &str, diagnostics: &mut Diagnostics) {
    check_unique(fields.iter().map(|f| (f.name.as_str(), &f.location)), parent, diagnostics);
    for field in fields {
        check_name(&field.name, &field.location, diagnostics);
        check_fields(&field.children, &format!("`{}`", field.name), diagnostics);
    }
}

fn check_unique<'a>(names: impl Iterator<Item = (&'a str, &'a Location)>, parent: &str, diagnostics: &mut Diagnostics) {
    let mut seen: HashMap<&str, &Location> = HashMap::new();
    for (name, location) in names {
        if let Some(first) = seen.insert(name, location) {
            let message = format!("`{name}` appears twice in {parent} (first at {first})");
            diagnostics.push(location.clone(), message);
        }
    }
}

/// A wire name is an ASCII identifier that may also contain `-` (`access-token`).
fn check_name(name: &str, location: &Location, diagnostics: &mut Diagnostics) {
    let mut chars = name.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !valid {
        let shown = if name.is_empty() { "empty name".to_owned() } else { format!("name `{name}`") };
        diagnostics.push(
            location.clone(),
            format!(
                "{shown} is not a valid wire name; expected letters, digits, `_` or `-`, not starting with a digit \
                 (only a request body's single top-level row may have no name: the body is then that value)"
            ),
        );
    }
}
