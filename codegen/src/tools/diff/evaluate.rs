//! Step 2: one evaluator per concern compares the aligned pairs and emits events (smithy-diff's evaluators).
//!
//! Types are compared after mapping old type and enum names to their new names, so a renamed type is reported once
//! (as `type.renamed`), not again at every input, field and response that uses it.

use super::align::{Alignment, Pair, key};
use super::rules::{self, Rule};
use super::{Event, OperationRef, Position, SectionRef, Target};
use crate::model::api::{Api, EnumDef, Input, Operation, Paging, ResponseShape, Ty, TypeDef, WireValue};
use crate::names::unraw;
use std::collections::HashMap;

/// Collects the events of one comparison.
struct Evaluator<'a> {
    old: &'a Api,
    new: &'a Api,
    renames: &'a HashMap<String, String>,
    events: Vec<Event>,
}

pub(super) fn evaluate(old: &Api, new: &Api, alignment: &Alignment<'_>) -> Vec<Event> {
    let mut evaluator = Evaluator { old, new, renames: &alignment.renames, events: Vec::new() };
    evaluator.document();
    for pair in &alignment.sections {
        evaluator.section(pair);
    }
    for pair in &alignment.operations {
        evaluator.operation(pair);
    }
    for pair in &alignment.types {
        evaluator.type_def(pair);
    }
    for pair in &alignment.enums {
        evaluator.enum_def(pair);
    }
    evaluator.events
}

impl<'a> Evaluator<'a> {
    fn emit(&mut self, rule: &'static Rule, target: &Target, detail: String) {
        self.events.push(Event { rule, target: target.clone(), detail });
    }

    /// The same type, once old names are read as their new ones.
    fn same(&self, old: &Ty, new: &Ty) -> bool {
        match (old, new) {
            (Ty::Struct(o), Ty::Struct(n)) | (Ty::Enum(o), Ty::Enum(n)) => self.renames.get(o).unwrap_or(o) == n,
            (Ty::List(o), Ty::List(n)) => self.same(o, n),
            _ => old == new,
        }
    }

    fn document(&mut self) {
        if self.old.base_url != self.new.base_url {
            let detail = format!("`{}` → `{}`", self.old.base_url, self.new.base_url);
            self.emit(&rules::BASE_URL_CHANGED, &Target::Document, detail);
        }
    }

    /// The section numbered `number` in `api`, named and placed as the new model has it when it still exists.
    fn section_ref(&self, api: &Api, number: u32) -> SectionRef {
        let module = api.sections.iter().find(|s| s.number == number).map(|s| s.module.clone()).unwrap_or_default();
        let find = |api: &'a Api| api.sections.iter().enumerate().find(|(_, s)| s.module == module);
        let (position, heading) = match (find(self.new), find(self.old)) {
            (Some((index, section)), _) => (Position::New(index), format!("{} {}", section.number, section.title)),
            (None, Some((index, section))) => {
                (Position::Removed(index), format!("{} {}", section.number, section.title))
            }
            (None, None) => (Position::Removed(usize::MAX), format!("section {number}")),
        };
        SectionRef { position, heading, module }
    }

    fn section(&mut self, pair: &Pair<'_, crate::model::api::ApiSection>) {
        let (rule, section, api) = match pair {
            Pair::Added(_, section) => (&rules::SECTION_ADDED, *section, self.new),
            Pair::Removed(_, section) => (&rules::SECTION_REMOVED, *section, self.old),
            Pair::Both(..) => return,
        };
        let target = Target::Section(self.section_ref(api, section.number), None);
        self.emit(rule, &target, format!("`client.{}()` ({})", section.module, section.title));
    }

    fn operation(&mut self, pair: &Pair<'_, Operation>) {
        let (op, api) = match pair {
            Pair::Added(_, op) | Pair::Both(_, _, op) => (*op, self.new),
            Pair::Removed(_, op) => (*op, self.old),
        };
        let section = self.section_ref(api, op.section);
        let module = section.module.clone();
        let operation =
            OperationRef { position: pair.position(), name: op.name.clone(), key: key(op), title: op.title.clone() };
        let target = Target::Section(section, Some(operation));
        match pair {
            Pair::Added(..) => self.emit(&rules::OPERATION_ADDED, &target, call(&module, op)),
            Pair::Removed(..) => self.emit(&rules::OPERATION_REMOVED, &target, call(&module, op)),
            Pair::Both(_, old, new) => {
                if old.name != new.name {
                    self.emit(&rules::OPERATION_RENAMED, &target, format!("`{}` → `{}`", old.name, new.name));
                }
                self.verbs(&target, old, new);
                self.inputs(&target, old, new);
                self.response(&target, old, new);
                self.paging(&target, old, new);
            }
        }
    }

    fn verbs(&mut self, target: &Target, old: &Operation, new: &Operation) {
        if old.method() != new.method() {
            let detail = format!("`{}` → `{}`", key(old), key(new));
            self.emit(&rules::VERB_DEFAULT_CHANGED, target, detail);
        }
        let aliases = |op: &Operation| -> Vec<crate::model::doc::Method> {
            op.entries.iter().skip(1).map(|e| e.method).collect()
        };
        let (old_aliases, new_aliases) = (aliases(old), aliases(new));
        for method in new_aliases.iter().filter(|m| !old_aliases.contains(m)) {
            let detail = format!("`via_{}()` ({method} {})", method.as_str().to_lowercase(), new.path);
            self.emit(&rules::VERB_ADDED, target, detail);
        }
        for method in old_aliases.iter().filter(|m| !new_aliases.contains(m)) {
            let detail = format!("`via_{}()` ({method} {})", method.as_str().to_lowercase(), old.path);
            self.emit(&rules::VERB_REMOVED, target, detail);
        }
    }

    fn inputs<'b>(&mut self, target: &Target, old: &'b Operation, new: &'b Operation) {
        let old_inputs = located_inputs(old);
        let new_inputs = located_inputs(new);
        for &(place, input) in &new_inputs {
            let Some((old_place, before)) = find_input(&old_inputs, &input.wire_name) else {
                let (rule, detail) = match input.required {
                    Some(position) => {
                        (&rules::INPUT_ADDED_REQUIRED, format!("{}, argument {}", typed(input), position + 1))
                    }
                    None => {
                        (&rules::INPUT_ADDED_OPTIONAL, format!("{}, setter `.{}()`", typed(input), input.rust_name))
                    }
                };
                self.emit(rule, target, detail);
                continue;
            };
            let name = wire(input);
            if old_place != place {
                self.emit(&rules::INPUT_MOVED, target, format!("{name}: {old_place} → {place}"));
            }
            if !self.same(&before.ty, &input.ty) {
                let detail = format!("{name}: `{}` → `{}`", rust_type(&before.ty), rust_type(&input.ty));
                self.emit(&rules::INPUT_RETYPED, target, detail);
            }
            match (before.required, input.required) {
                (None, Some(position)) => {
                    self.emit(&rules::INPUT_NOW_REQUIRED, target, format!("{name} becomes argument {}", position + 1))
                }
                (Some(_), None) => {
                    let detail = format!("{name} is no longer an argument; set it with `.{}()`", input.rust_name);
                    self.emit(&rules::INPUT_NOW_OPTIONAL, target, detail);
                }
                _ => {}
            }
            if before.rust_name != input.rust_name {
                let name = if input.wire_name.is_empty() { "the whole body".to_owned() } else { name.clone() };
                let detail = format!("{name}: `{}` → `{}`", before.rust_name, input.rust_name);
                let rule = if input.required.is_some() {
                    &rules::INPUT_ARGUMENT_RENAMED
                } else {
                    &rules::INPUT_SETTER_RENAMED
                };
                self.emit(rule, target, detail);
            }
        }
        for &(_, input) in &old_inputs {
            if find_input(&new_inputs, &input.wire_name).is_none() {
                let what = match input.required {
                    Some(position) => format!("argument {}", position + 1),
                    None => format!("setter `.{}()`", input.rust_name),
                };
                self.emit(&rules::INPUT_REMOVED, target, format!("{}, {what}", wire(input)));
            }
        }
        // The arguments kept on both sides must keep their relative order; added or removed ones are reported above.
        let kept = |op: &'b Operation, other: &Operation| -> Vec<&'b Input> {
            op.required_inputs().filter(|i| other.required_inputs().any(|o| o.wire_name == i.wire_name)).collect()
        };
        let (before, after) = (kept(old, new), kept(new, old));
        if before.iter().map(|i| &i.wire_name).ne(after.iter().map(|i| &i.wire_name)) {
            let names = |inputs: &[&Input]| inputs.iter().map(|i| unraw(&i.rust_name)).collect::<Vec<_>>().join(", ");
            let detail = format!("`({})` → `({})`", names(&before), names(&after));
            self.emit(&rules::INPUT_REORDERED, target, detail);
        }
    }

    fn response(&mut self, target: &Target, old: &Operation, new: &Operation) {
        let same = match (&old.response, &new.response) {
            (ResponseShape::Data(o), ResponseShape::Data(n)) => self.same(o, n),
            (ResponseShape::Envelope(o), ResponseShape::Envelope(n)) => {
                self.same(&Ty::Struct(o.clone()), &Ty::Struct(n.clone()))
            }
            (ResponseShape::Bytes, ResponseShape::Bytes) => true,
            _ => false,
        };
        if !same {
            let detail = format!("{} → {}", response(&old.response), response(&new.response));
            self.emit(&rules::RESPONSE_CHANGED, target, detail);
        }
    }

    fn paging(&mut self, target: &Target, old: &Operation, new: &Operation) {
        let rule = match (&old.paging, &new.paging) {
            (None, Some(_)) => &rules::PAGING_ADDED,
            (Some(_), None) => &rules::PAGING_REMOVED,
            (Some(o), Some(n)) if o.name() != n.name() => &rules::PAGING_CHANGED,
            _ => return,
        };
        let detail = format!("{} → {}", paging(&old.paging), paging(&new.paging));
        self.emit(rule, target, detail);
    }

    fn type_def(&mut self, pair: &Pair<'_, TypeDef>) {
        match pair {
            Pair::Added(_, def) => {
                let at = def.occurrences.first().map(|o| format!(" at `{o}`")).unwrap_or_default();
                let fields =
                    if def.fields.len() == 1 { "1 field".to_owned() } else { format!("{} fields", def.fields.len()) };
                let detail = format!("`{}`{at}, {fields}", def.name);
                self.emit(&rules::TYPE_ADDED, &Target::Type(def.name.clone()), detail);
            }
            Pair::Removed(_, def) => {
                self.emit(&rules::TYPE_REMOVED, &Target::Type(def.name.clone()), format!("`{}`", def.name));
            }
            Pair::Both(_, old, new) => {
                let target = Target::Type(new.name.clone());
                if old.name != new.name {
                    let at = new.occurrences.first().map(|o| format!(" (at `{o}`)")).unwrap_or_default();
                    self.emit(&rules::TYPE_RENAMED, &target, format!("`{}` → `{}`{at}", old.name, new.name));
                }
                for field in &new.fields {
                    let Some(before) = old.fields.iter().find(|f| f.wire_name == field.wire_name) else {
                        let detail = format!("`{}: {}`", field.rust_name, rust_type(&field.ty));
                        self.emit(&rules::FIELD_ADDED, &target, detail);
                        continue;
                    };
                    if !self.same(&before.ty, &field.ty) {
                        let detail =
                            format!("`{}`: `{}` → `{}`", field.rust_name, rust_type(&before.ty), rust_type(&field.ty));
                        self.emit(&rules::FIELD_RETYPED, &target, detail);
                    }
                }
                for field in old.fields.iter().filter(|f| !new.fields.iter().any(|n| n.wire_name == f.wire_name)) {
                    let detail = format!("`{}: {}`", field.rust_name, rust_type(&field.ty));
                    self.emit(&rules::FIELD_REMOVED, &target, detail);
                }
            }
        }
    }

    fn enum_def(&mut self, pair: &Pair<'_, EnumDef>) {
        match pair {
            Pair::Added(_, def) => {
                let detail = format!("`{}` ({})", def.name, variants(def.variants.iter()));
                self.emit(&rules::ENUM_ADDED, &Target::Enum(def.name.clone()), detail);
            }
            Pair::Removed(_, def) => {
                self.emit(&rules::ENUM_REMOVED, &Target::Enum(def.name.clone()), format!("`{}`", def.name));
            }
            Pair::Both(_, old, new) => {
                let target = Target::Enum(new.name.clone());
                if old.name != new.name {
                    self.emit(&rules::ENUM_RENAMED, &target, format!("`{}` → `{}`", old.name, new.name));
                }
                for variant in &new.variants {
                    match old.variants.iter().find(|v| v.value == variant.value) {
                        None => self.emit(&rules::VARIANT_ADDED, &target, variants(std::iter::once(variant))),
                        Some(before) if before.rust_name != variant.rust_name => {
                            let detail =
                                format!("{}: `{}` → `{}`", value(&variant.value), before.rust_name, variant.rust_name);
                            self.emit(&rules::VARIANT_RENAMED, &target, detail);
                        }
                        Some(_) => {}
                    }
                }
                for variant in old.variants.iter().filter(|v| !new.variants.iter().any(|n| n.value == v.value)) {
                    self.emit(&rules::VARIANT_REMOVED, &target, variants(std::iter::once(variant)));
                }
            }
        }
    }
}

/// The inputs of an operation with where they travel.
fn located_inputs(op: &Operation) -> Vec<(&'static str, &Input)> {
    op.query.iter().map(|i| ("query", i)).chain(op.body.iter().map(|i| ("body", i))).collect()
}

fn find_input<'a>(inputs: &[(&'static str, &'a Input)], wire_name: &str) -> Option<(&'static str, &'a Input)> {
    inputs.iter().find(|(_, input)| input.wire_name == wire_name).copied()
}

/// How the report names an input: its wire name, or `(body)` for a bare body.
fn wire(input: &Input) -> String {
    if input.wire_name.is_empty() {
        format!("`{}` (the whole body)", input.rust_name)
    } else {
        format!("`{}`", input.wire_name)
    }
}

fn typed(input: &Input) -> String {
    format!("{}: `{}`", wire(input), rust_type(&input.ty))
}

/// The call that reaches an operation: `client.user().info(user_id)`.
fn call(module: &str, op: &Operation) -> String {
    // Arguments as a reader names them: `type`, not the identifier `r#type`.
    let arguments: Vec<&str> = op.required_inputs().map(|i| unraw(&i.rust_name)).collect();
    format!("`client.{module}().{}({})`", op.name, arguments.join(", "))
}

/// A resolved type as the SDK spells it.
pub(super) fn rust_type(ty: &Ty) -> String {
    match ty {
        Ty::Bool => "bool".into(),
        Ty::I64 => "i64".into(),
        Ty::F64 => "f64".into(),
        Ty::String => "String".into(),
        Ty::Secret => "Secret".into(),
        Ty::JsonString => "JsonString".into(),
        Ty::Json => "serde_json::Value".into(),
        Ty::Audience => "Audience".into(),
        Ty::Enum(name) | Ty::Struct(name) => name.clone(),
        Ty::List(inner) => format!("Vec<{}>", rust_type(inner)),
    }
}

fn response(shape: &ResponseShape) -> String {
    match shape {
        ResponseShape::Data(ty) => format!("data `{}`", rust_type(ty)),
        ResponseShape::Envelope(name) => format!("envelope `{name}`"),
        ResponseShape::Bytes => "a file download".to_owned(),
    }
}

fn paging(paging: &Option<Paging>) -> String {
    paging.as_ref().map_or_else(|| "none".to_owned(), |paging| format!("by `{}`", paging.name()))
}

fn value(value: &WireValue) -> String {
    match value {
        WireValue::Int(i) => i.to_string(),
        WireValue::Str(s) => format!("{s:?}"),
    }
}

fn variants<'v>(variants: impl Iterator<Item = &'v crate::model::api::Variant>) -> String {
    let all: Vec<String> = variants.map(|v| format!("`{}` = {}", v.rust_name, value(&v.value))).collect();
    all.join(", ")
}
