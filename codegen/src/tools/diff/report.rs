//! Step 3: the events as a changelog in plain Markdown (readable in a terminal and as a PR comment), and the semver
//! advice it ends with.
//!
//! Order is stable: the document, then each section and its operations in the new document's order (removed ones
//! after, in the old order), then types, then enums; within an operation or type, the evaluators' order. Every line
//! starts with its level: `- **breaking** input made required: …`. The Rust API's changes come last, one line per
//! kind of change and detail with the items it applies to.

use super::rules::{Level, RULES};
use super::{Event, Target};
use semver::Version;
use std::fmt::Write;

/// The changelog of `events` between the specs labelled `old` and `new`, ending with `advice`; `no API changes`
/// alone when there are none.
pub fn markdown(events: &[Event], old: &str, new: &str, advice: &Advice) -> String {
    if events.is_empty() {
        return "no API changes\n".to_owned();
    }
    let count = |level| events.iter().filter(|e| e.level() == level).count();
    let mut out = format!(
        "# API changes\n\n{old} → {new}: {} breaking, {} compatible.\n",
        count(Level::Breaking),
        count(Level::Compatible)
    );
    let (rust, model): (Vec<&Event>, Vec<&Event>) =
        events.iter().partition(|event| matches!(event.target, Target::Rust(_)));
    let mut group = String::new();
    let mut item = String::new();
    for event in model {
        let (this_group, this_item) = headings(&event.target);
        if this_group != group {
            heading(&mut out, &format!("## {this_group}"));
            group = this_group;
            item.clear();
        }
        if this_item != item {
            if !this_item.is_empty() {
                heading(&mut out, &format!("### {this_item}"));
            }
            item = this_item;
        }
        let _ = writeln!(out, "- **{}** {}: {}", event.level().as_str(), event.rule.change, event.detail);
    }
    if !rust.is_empty() {
        rust_api(&mut out, &rust);
    }
    heading(&mut out, "## Semver");
    let _ = writeln!(out, "{}", advice.sentence());
    out
}

/// The Rust API's changes, one line per kind of change and detail, naming every item it applies to: the generator
/// makes the same change to many items (`#[non_exhaustive]` on every struct), which reads better once.
fn rust_api(out: &mut String, events: &[&Event]) {
    heading(out, "## Rust API of the generated code");
    let mut lines: Vec<(usize, &Event, Vec<&str>)> = Vec::new();
    for event in events {
        let Target::Rust(path) = &event.target else { continue };
        let order = RULES.iter().position(|rule| rule.id == event.rule.id).unwrap_or(RULES.len());
        match lines.iter_mut().find(|(o, first, _)| *o == order && first.detail == event.detail) {
            Some((_, _, items)) => items.push(path),
            None => lines.push((order, event, vec![path])),
        }
    }
    lines.sort_by_key(|(order, _, _)| *order);
    for (_, event, items) in lines {
        let items: Vec<String> = items.iter().map(|path| format!("`{path}`")).collect();
        let (level, change) = (event.level().as_str(), event.rule.change);
        let _ = writeln!(out, "- **{level}** {change}: {} ({})", event.detail, items.join(", "));
    }
}

/// A heading with one blank line before and after it.
fn heading(out: &mut String, text: &str) {
    out.truncate(out.trim_end_matches('\n').len());
    let _ = write!(out, "\n\n{text}\n\n");
}

/// The `##` and `###` headings an event is listed under.
fn headings(target: &Target) -> (String, String) {
    match target {
        Target::Document => ("Document".to_owned(), String::new()),
        Target::Section(section, op) => {
            let group = format!("{} · `client.{}()`", section.heading, section.module);
            let item = op
                .as_ref()
                .map(|op| format!("`{}().{}` · `{}` · {}", section.module, op.name, op.key, op.title))
                .unwrap_or_default();
            (group, item)
        }
        Target::Type(name) => ("Types".to_owned(), format!("`{name}`")),
        Target::Enum(name) => ("Enums".to_owned(), format!("`{name}`")),
        Target::Rust(path) => ("Rust API of the generated code".to_owned(), format!("`{path}`")),
    }
}

/// How far a version must move.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// No API change: any version will do.
    None,
    /// Only compatible changes in 0.x.
    Patch,
    /// Breaking changes in 0.x, or compatible ones from 1.0 on.
    Minor,
    /// Breaking changes from 1.0 on.
    Major,
}

/// The version bump a diff needs, for `maxim-api`'s `Cargo.toml`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Advice {
    /// The bump the changes need.
    pub bump: Bump,
    /// The version OLD was released as, when known (OLD is a git revision).
    pub old_version: Option<Version>,
    /// The version NEW has.
    pub new_version: Version,
}

impl Advice {
    /// The advice for `events`. Semver's rule for 0.x, which `maxim-api` is: a breaking change needs a minor bump,
    /// anything else a patch; from 1.0 on, a major and a minor bump.
    pub fn new(events: &[Event], old_version: Option<Version>, new_version: Version) -> Advice {
        let base = old_version.as_ref().unwrap_or(&new_version);
        let breaking = events.iter().any(|e| e.level() == Level::Breaking);
        let bump = match (events.is_empty(), breaking, base.major == 0) {
            (true, _, _) => Bump::None,
            (false, true, true) => Bump::Minor,
            (false, true, false) => Bump::Major,
            (false, false, true) => Bump::Patch,
            (false, false, false) => Bump::Minor,
        };
        Advice { bump, old_version, new_version }
    }

    /// The lowest version NEW may have, when OLD's is known.
    pub fn minimum(&self) -> Option<Version> {
        let old = self.old_version.as_ref()?;
        Some(match self.bump {
            Bump::None => old.clone(),
            Bump::Patch => Version::new(old.major, old.minor, old.patch + 1),
            Bump::Minor => Version::new(old.major, old.minor + 1, 0),
            Bump::Major => Version::new(old.major + 1, 0, 0),
        })
    }

    /// What `--check-version` says: `Ok` when NEW's version is bumped enough over OLD's.
    pub fn check(&self) -> Result<String, String> {
        let Some(minimum) = self.minimum() else {
            return Err("--check-version needs OLD as a git revision: a path has no released version to compare \
                        maxim-api/Cargo.toml with"
                .to_owned());
        };
        if self.bump == Bump::None && self.new_version >= minimum {
            Ok(format!("no API change: maxim-api {} needs no bump", self.new_version))
        } else if self.new_version >= minimum {
            Ok(format!("maxim-api {} is bumped enough (at least {minimum} needed)", self.new_version))
        } else {
            Err(format!(
                "maxim-api/Cargo.toml has version {}, but these changes need at least {minimum}; bump it",
                self.new_version
            ))
        }
    }

    /// The report's closing sentence.
    pub fn sentence(&self) -> String {
        let zero = self.old_version.as_ref().unwrap_or(&self.new_version).major == 0;
        let why = match (self.bump, zero) {
            (Bump::None, _) => return "No API change: no version bump needed.".to_owned(),
            (Bump::Minor, true) => "maxim-api is 0.x, so a breaking change needs a **minor** bump",
            (Bump::Patch, _) => "only compatible changes: a **patch** bump",
            (Bump::Minor, false) => "only compatible changes: a **minor** bump",
            (Bump::Major, _) => "a breaking change needs a **major** bump",
        };
        match self.minimum() {
            Some(minimum) => format!(
                "{why}: {} → {minimum} or later (maxim-api/Cargo.toml has {}).",
                self.old_version.as_ref().map(ToString::to_string).unwrap_or_default(),
                self.new_version
            ),
            None => format!("{why} over the version OLD was released as."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tools::diff::rules;

    fn event(rule: &'static rules::Rule) -> Event {
        Event { rule, target: Target::Document, detail: String::new() }
    }

    fn version(text: &str) -> Version {
        Version::parse(text).expect("a version")
    }

    #[test]
    fn zero_x_needs_a_minor_bump_for_breaking_changes_and_a_patch_otherwise() {
        let breaking = [event(&rules::INPUT_NOW_REQUIRED), event(&rules::OPERATION_ADDED)];
        let advice = Advice::new(&breaking, Some(version("0.1.3")), version("0.1.4"));
        assert_eq!((advice.bump, advice.minimum()), (Bump::Minor, Some(version("0.2.0"))));
        assert!(advice.check().is_err());
        assert!(Advice::new(&breaking, Some(version("0.1.3")), version("0.2.0")).check().is_ok());

        let compatible = [event(&rules::OPERATION_ADDED)];
        let advice = Advice::new(&compatible, Some(version("0.1.3")), version("0.1.3"));
        assert_eq!((advice.bump, advice.minimum()), (Bump::Patch, Some(version("0.1.4"))));
        assert!(advice.check().is_err());
        assert!(Advice::new(&compatible, Some(version("0.1.3")), version("0.1.4")).check().is_ok());

        let none = Advice::new(&[], Some(version("0.1.3")), version("0.1.3"));
        assert_eq!(none.bump, Bump::None);
        assert!(none.check().is_ok());
    }

    #[test]
    fn from_one_on_breaking_needs_a_major_bump() {
        let advice = Advice::new(&[event(&rules::OPERATION_REMOVED)], Some(version("1.2.3")), version("1.3.0"));
        assert_eq!(advice.minimum(), Some(version("2.0.0")));
        assert!(advice.check().is_err());
        let advice = Advice::new(&[event(&rules::OPERATION_ADDED)], Some(version("1.2.3")), version("1.3.0"));
        assert_eq!(advice.minimum(), Some(version("1.3.0")));
        assert!(advice.check().is_ok());
    }

    #[test]
    fn a_path_has_no_released_version_to_check() {
        let advice = Advice::new(&[event(&rules::OPERATION_ADDED)], None, version("0.1.0"));
        assert!(advice.check().unwrap_err().contains("git revision"));
        assert_eq!(
            advice.sentence(),
            "only compatible changes: a **patch** bump over the version OLD was released as."
        );
    }

    #[test]
    fn the_rust_api_lists_a_change_once_with_every_item_it_applies_to() {
        let rust = |path: &str, rule, detail: &str| Event {
            rule,
            target: Target::Rust(path.to_owned()),
            detail: detail.to_owned(),
        };
        let events = [
            rust("A", &rules::RUST_TRAIT_NOW_GATED, "`Serialize` behind `feature = \"serialize\"`"),
            rust("A", &rules::RUST_ITEM_NOW_NON_EXHAUSTIVE, "struct"),
            rust("B", &rules::RUST_ITEM_NOW_NON_EXHAUSTIVE, "struct"),
        ];
        let advice = Advice::new(&events, Some(version("0.1.0")), version("0.2.0"));
        let report = markdown(&events, "old", "new", &advice);
        let section = report.split("## Rust API of the generated code\n\n").nth(1).expect("the section");
        let lines: Vec<&str> = section.lines().take_while(|line| !line.is_empty()).collect();
        assert_eq!(
            lines,
            [
                "- **breaking** made `#[non_exhaustive]`: struct (`A`, `B`)",
                "- **breaking** trait impl moved behind a feature: `Serialize` behind `feature = \"serialize\"` (`A`)",
            ]
        );
    }

    #[test]
    fn no_events_print_no_api_changes() {
        let advice = Advice::new(&[], None, version("0.1.0"));
        assert_eq!(markdown(&[], "a", "b", &advice), "no API changes\n");
    }
}
