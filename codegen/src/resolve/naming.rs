//! Rust names, made by the rule of [`crate::names`] and claimed where the generated code declares them.
//!
//! Each claim carries the place that asked for the name (a document row or heading, or a key of the corrections
//! file), so a clash is one diagnostic naming both places, reported at the second. The corrections can rename every
//! kind of name the rule makes: `modules` (a section's module, by its first path segment), an operation's `name`,
//! `body_name` and `rename` (its inputs), `[types.X]` (a type) and its `rename` (its fields); enums and variants are
//! named in the corrections already.

use super::Resolver;
use crate::corrections::Text;
use crate::model::api::Ty;
use crate::model::diagnostic::{Diagnostics, Location};
use crate::model::doc::Section;
use crate::names::{self, Name, NameError, Namespace};

/// Claims `name` in `scope` for the thing at `location`; a clash is reported there, naming both claimants (and
/// `false` returned).
pub(super) fn claim(diagnostics: &mut Diagnostics, scope: &mut Namespace, name: &Name, location: &Location) -> bool {
    match scope.claim(name, location) {
        Ok(()) => true,
        Err(clash) => {
            diagnostics.push(location.clone(), clash.to_string());
            false
        }
    }
}

/// True for what the corrections may give as a snake_case Rust name: a lower-case ASCII letter, then lower-case
/// letters, digits and `_`.
pub(super) fn is_snake_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl<'a> Resolver<'a> {
    /// The name the rule made, or a diagnostic at `location` saying why there is none.
    pub(super) fn made(&mut self, made: Result<Name, NameError>, location: &Location) -> Option<Name> {
        made.map_err(|error| self.error(location, error.to_string())).ok()
    }

    /// Names the enums and types of the corrections (enums first): each is claimed among the generated types at its
    /// key, and remembered for the type words that name it.
    pub(super) fn name_corrected_types(&mut self) {
        let corrections = self.corrections;
        let enums = corrections.enums.keys().map(|key| (key, "enum"));
        let types = corrections.types.keys().map(|key| (key, "type"));
        for (key, what) in enums.chain(types) {
            let location = self.correction_location(key);
            let rust = if self.check_pascal(key, what)
                && let Some(name) = self.made(Name::upper_camel_case(key.get_ref()), &location)
            {
                // Named after the table, so that a clash says which of the two sections each name comes from.
                let name = Name { wire: format!("[{what}s.{}]", key.get_ref()), rust: name.rust };
                claim(&mut self.diagnostics, &mut self.types, &name, &location);
                name.rust
            } else {
                // Reported; named as written so that type words naming it add no second error.
                key.get_ref().clone()
            };
            let ty = if what == "enum" { Ty::Enum(rust) } else { Ty::Struct(rust) };
            // A type word naming both an enum and a type means the enum (the clash is reported above).
            self.named.entry(key.get_ref()).or_insert((ty, key));
        }
    }

    /// The Rust name of a type named in the corrections (or as written, if it is not there).
    pub(super) fn corrected_type_name(&self, key: &str) -> String {
        match self.named.get(key) {
            Some((Ty::Enum(rust) | Ty::Struct(rust), _)) => rust.clone(),
            _ => key.to_owned(),
        }
    }

    /// Names of types, enums and variants in the corrections are UpperCamelCase as written (ASCII letters and
    /// digits, a capital first): they are Rust names, and type words refer to them by that spelling.
    pub(super) fn check_pascal(&mut self, name: &Text, what: &str) -> bool {
        let mut chars = name.get_ref().chars();
        let valid = chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_alphanumeric());
        if !valid {
            self.correction_error(
                name,
                format!("{what} name `{}` is not UpperCamelCase (ASCII letters and digits)", name.get_ref()),
            );
        }
        valid
    }

    /// A section's module: its entries' first path segment by the module rule (`self` → `self_`), or the name
    /// `modules` gives that segment; claimed among the modules at the section's heading (or at the correction).
    pub(super) fn module_name(&mut self, section: &Section, segment: &str, modules: &mut Namespace) -> String {
        let renamed = self.corrections.modules.get_key_value(segment);
        let (made, location) = match renamed {
            Some((key, value)) => {
                let rule = Name::module(segment).ok();
                self.mark_effect(key, rule.is_none_or(|rule| rule.rust != *value.get_ref()));
                if !is_snake_identifier(value.get_ref()) {
                    let message = format!("module name `{}` is not a snake_case identifier", value.get_ref());
                    self.correction_error(value, message);
                    return value.get_ref().clone();
                }
                let name = Name { wire: segment.to_owned(), rust: names::escape_module(value.get_ref()) };
                (Ok(name), self.correction_location(value))
            }
            None if segment.is_empty() => {
                let message = format!(
                    "section {} has no path segment to name its module by; expected paths like `/user/…`",
                    section.number
                );
                self.error(&section.location, message);
                return String::new();
            }
            None => (Name::module(segment), section.location.clone()),
        };
        match self.made(made, &location) {
            Some(name) => {
                claim(&mut self.diagnostics, modules, &name, &location);
                name.rust
            }
            None => String::new(),
        }
    }

    /// The Rust name of an input or field: the rule's, or the one `rename` gives its wire name; claimed in `scope`
    /// at the row (or at the correction).
    pub(super) fn member_name(
        &mut self,
        wire: &str,
        location: &Location,
        rename: Option<(&Text, &Text)>,
        scope: &mut Namespace,
    ) -> String {
        let (made, location) = match rename {
            Some((key, value)) => {
                let rule = Name::snake_case(wire).ok();
                self.mark_effect(key, rule.is_none_or(|rule| rule.rust != names::escape(value.get_ref())));
                if !is_snake_identifier(value.get_ref()) {
                    let message = format!("rename `{}` is not a snake_case identifier", value.get_ref());
                    self.correction_error(value, message);
                    return value.get_ref().clone();
                }
                (
                    Ok(Name { wire: wire.to_owned(), rust: names::escape(value.get_ref()) }),
                    self.correction_location(value),
                )
            }
            None => (Name::snake_case(wire), location.clone()),
        };
        match self.made(made, &location) {
            Some(name) => {
                claim(&mut self.diagnostics, scope, &name, &location);
                name.rust
            }
            None => wire.to_owned(),
        }
    }
}
