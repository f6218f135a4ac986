//! Document-level checks that need more than one row at a time: duplicate entries and invalid wire names.
//!
//! The row-level checks (unknown methods and types, table widths, `⇥` depth jumps) happen while parsing, where the
//! row is at hand; both kinds end up in the same [`Diagnostics`].

use crate::diagnostic::{Diagnostics, Location};
use crate::doc::{Document, Field, Param};
use std::collections::HashMap;

/// Runs every document-level check, appending what it finds to `diagnostics`.
pub fn check_document(file: &str, document: &Document, diagnostics: &mut Diagnostics) {
    if document.endpoints.is_empty() && diagnostics.is_empty() {
        let start = Location { line: 1, column: 1 };
        diagnostics.push(file, start, "no endpoint entries found; expected `## N.M<TAB>title` headings");
    }
    let mut seen: HashMap<(crate::doc::Method, &str), &str> = HashMap::new();
    for endpoint in &document.endpoints {
        if let Some(first) = seen.insert((endpoint.method, endpoint.path.as_str()), endpoint.number.as_str()) {
            diagnostics.push(
                file,
                endpoint.location,
                format!(
                    "entry {} repeats `{}` of entry {first}; expected each (method, path) pair once",
                    endpoint.number,
                    endpoint.key()
                ),
            );
        }
        let params = endpoint.headers.iter().chain(&endpoint.query);
        for Param { name, location, .. } in params {
            check_name(file, name, *location, diagnostics);
        }
        for field in endpoint.body.iter().chain(&endpoint.response.fields) {
            check_field(file, field, diagnostics);
        }
    }
}

fn check_field(file: &str, field: &Field, diagnostics: &mut Diagnostics) {
    check_name(file, &field.name, field.location, diagnostics);
    let mut names: HashMap<&str, Location> = HashMap::new();
    for child in &field.children {
        if names.insert(child.name.as_str(), child.location).is_some() {
            diagnostics.push(file, child.location, format!("field `{}` appears twice in `{}`", child.name, field.name));
        }
        check_field(file, child, diagnostics);
    }
}

/// A wire name is an ASCII identifier that may also contain `-` (`access-token`).
fn check_name(file: &str, name: &str, location: Location, diagnostics: &mut Diagnostics) {
    let mut chars = name.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !valid {
        let shown = if name.is_empty() { "empty name".to_owned() } else { format!("name `{name}`") };
        diagnostics.push(
            file,
            location,
            format!(
                "{shown} is not a valid wire name; expected letters, digits, `_` or `-`, not starting with a digit"
            ),
        );
    }
}
