//! The API diff: what changed for a user of `maxim-api` between two resolved models ([`Api`]), each change marked
//! breaking or compatible. `cargo xtask api-diff` and `cargo xtask update-spec` print it.
//!
//! Three steps, one module each (the shape of smithy-diff):
//! 1. [`align`] pairs the items of the two models by stable keys: sections by module; operations by path and
//!    default verb, then by path alone (so a changed default verb is a change, not a removal and an addition);
//!    types by name, then by occurrence (`GET /group/info response.data`), so a renamed type is one change; enums
//!    by name, then by their values. Rust names are attributes of the pairs, so a rename is its own change, and old
//!    type names are mapped to new ones before anything that uses them is compared.
//! 2. [`evaluate`] runs one small evaluator per concern (verbs, inputs, response, paging, fields, values) over the
//!    pairs; each emits [`Event`]s under a rule of [`rules::RULES`], which fixes the level.
//! 3. [`report`] prints the events as Markdown grouped by section, then operation (types and enums last), in a
//!    stable order, and ends with the semver advice.
//!
//! Beside the models, [`rust`] compares the public Rust API of the generated code of both sides (each revision's
//! checked-in `maxim-api/src/generated/`, read by [`crate::public_api`]), so that what the generator alone changes is
//! listed and rated too, under the `rust-*` rules.
//!
//! Each rule is tested by a fixture pair in `codegen/tests/fixtures/api-diff/<case>/` (`old.md`, `new.md`, optional
//! corrections, and the expected `events`), or for the `rust-*` rules in `codegen/tests/fixtures/rust-api/<case>/`
//! (`old.rs`, `new.rs`: two public-API listings).

mod align;
mod evaluate;
pub mod report;
pub mod rules;
pub mod rust;

use crate::model::api::Api;
use crate::tools::source::Spec;
use rules::{Level, Rule};
use std::fmt;

/// One change, under one rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// The rule it falls under (which gives its level).
    pub rule: &'static Rule,
    /// What it is about.
    pub target: Target,
    /// The specifics, in Markdown (`` `user_id` becomes argument 1 ``).
    pub detail: String,
}

impl Event {
    /// The rule's level.
    pub fn level(&self) -> Level {
        self.rule.level
    }
}

/// One line per event, as the fixture tests' `events` files list them: `level rule target: detail`.
impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}: {}", self.rule.level.as_str(), self.rule.id, self.target, self.detail)
    }
}

/// What an event is about, ordered as the report lists it: the document, then sections and their operations in the
/// new document's order (removed ones after, in the old order), then types, then enums, then the Rust API.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// The document as a whole.
    Document,
    /// A section (its handle), or one of its operations.
    Section(SectionRef, Option<OperationRef>),
    /// A named type, by its new name (its old one when removed).
    Type(String),
    /// An enum, by its new name (its old one when removed).
    Enum(String),
    /// An item of the generated code's public Rust API, by its path in the crate (`user::SetAvatarRequest`).
    Rust(String),
}

/// Where an item sorts: present in the new model (by its position there), or removed (by its old position).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Position {
    /// In the new model, at this index.
    New(usize),
    /// Only in the old model, at this index.
    Removed(usize),
}

/// A section, for grouping.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SectionRef {
    /// Where it sorts.
    pub position: Position,
    /// The section number and title (`5 消息操作`).
    pub heading: String,
    /// The module and handle name (`message`).
    pub module: String,
}

/// An operation, for grouping.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct OperationRef {
    /// Where it sorts.
    pub position: Position,
    /// The Rust method name (the new one when renamed).
    pub name: String,
    /// `METHOD /path` of its default verb (the new one when changed).
    pub key: String,
    /// The document's title.
    pub title: String,
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Document => f.write_str("document"),
            Target::Section(section, None) => write!(f, "section {}", section.module),
            Target::Section(section, Some(op)) => write!(f, "{}.{}", section.module, op.name),
            Target::Type(name) => write!(f, "type {name}"),
            Target::Enum(name) => write!(f, "enum {name}"),
            Target::Rust(path) => write!(f, "rust {path}"),
        }
    }
}

/// Every change from `old` to `new`, sorted by target (the report's order), in evaluation order within a target.
pub fn diff(old: &Api, new: &Api) -> Vec<Event> {
    let alignment = align::align(old, new);
    let mut events = evaluate::evaluate(old, new, &alignment);
    events.sort_by(|a, b| a.target.cmp(&b.target));
    events
}

/// Two specs compared: what `cargo xtask api-diff` prints.
#[derive(Debug)]
pub struct Comparison {
    /// The changes.
    pub events: Vec<Event>,
    /// The version bump they need.
    pub advice: report::Advice,
    /// The Markdown changelog, ending with the advice.
    pub changelog: String,
    /// What each spec's resolution reported (`label: N problems` and the diagnostics): stale or redundant
    /// corrections, or what today's resolver asks of an older spec. Not API changes, but worth a look.
    pub notes: Vec<String>,
}

/// Loads and compares two specs. NEW's version is its own when it has one (a git revision, the working tree),
/// else `fallback_version` (the working tree's).
pub fn compare(old: &Spec, new: &Spec, fallback_version: semver::Version) -> Result<Comparison, String> {
    let (old_api, old_problems) = old.load()?;
    let (new_api, new_problems) = new.load()?;
    let mut notes: Vec<String> = [(old, old_problems), (new, new_problems)]
        .into_iter()
        .filter(|(_, problems)| !problems.is_empty())
        .map(|(spec, problems)| {
            let lines: Vec<String> = problems.0.iter().map(|problem| format!("  {problem}")).collect();
            format!("{} resolves with {} problem(s), not API changes:\n{}", spec.label, lines.len(), lines.join("\n"))
        })
        .collect();
    let mut events = diff(&old_api, &new_api);
    match (old.public_api()?, new.public_api()?) {
        (Some(old_listing), Some(new_listing)) => {
            let surface = |listing: &str, spec: &Spec| {
                rust::Surface::parse(listing).map_err(|error| format!("{}: {error}", spec.label))
            };
            events.extend(rust::diff(&surface(&old_listing, old)?, &surface(&new_listing, new)?));
            events.sort_by(|a, b| a.target.cmp(&b.target));
        }
        (None, None) => {}
        (old_listing, _) => {
            let (with, without) = if old_listing.is_none() { (new, old) } else { (old, new) };
            notes.push(format!(
                "{} has no generated code (maxim-api/src/generated/), {} has: only the models are compared, not the \
                 public Rust API",
                without.label, with.label
            ));
        }
    }
    let advice = report::Advice::new(&events, old.version.clone(), new.version.clone().unwrap_or(fallback_version));
    let changelog = report::markdown(&events, &old.label, &new.label, &advice);
    Ok(Comparison { events, advice, changelog, notes })
}
