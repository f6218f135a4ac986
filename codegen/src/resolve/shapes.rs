//! Rules 3 and 4: object shapes become named types (identical shapes are one type), enums come from the
//! corrections, and every field gets its Rust type.

use super::Resolver;
use super::naming::claim;
use super::operations::Draft;
use super::value_lists::Place;
use crate::corrections::{Text, TypeCorrection};
use crate::model::api::{EnumDef, Member, Occurrence, Part, Presence, Ty, TypeDef, Variant, WireValue};
use crate::model::doc::{DocType, Field};
use crate::names::{Name, Namespace, derived};
use heck::ToUpperCamelCase;
use std::collections::{BTreeMap, HashMap};

/// A distinct object shape and where it occurs.
pub(super) struct Shape<'a> {
    name: Option<String>,
    /// The `[types.X]` correction that names it.
    correction: Option<&'a TypeCorrection>,
    doc: String,
    /// `doc` comes from the corrections (written in English), not from the document.
    doc_corrected: bool,
    fields: Vec<Field>,
    occurrences: Vec<Occurrence>,
    /// A name made from the first occurrence, used when no correction names it.
    rule_name: String,
}

impl<'a> Resolver<'a> {
    /// Rule 3, first half: every object with documented fields, deduplicated by shape.
    pub(super) fn collect_shapes(&self, drafts: &[Draft<'a>]) -> (Vec<Shape<'a>>, HashMap<String, usize>) {
        let mut shapes = Vec::new();
        let mut index = HashMap::new();
        for draft in drafts {
            let operation = draft.name.as_str();
            let response = draft.occurrence(Part::Response);
            if draft.has_envelope_type() {
                let rule_name = derived(operation, "Response");
                add_shape(&mut shapes, &mut index, &draft.envelope, "", response.clone(), rule_name);
            }
            walk_shapes(&mut shapes, &mut index, &draft.endpoint.body, &draft.occurrence(Part::Body), operation);
            walk_shapes(&mut shapes, &mut index, &draft.envelope, &response, operation);
        }
        (shapes, index)
    }

    /// Rule 3, second half: names from `[types.X] at = …`, then the rule names; names must be unique.
    /// Types named by the corrections were claimed already (see `name_corrected_types`); the others are claimed
    /// here at their first occurrence.
    pub(super) fn name_shapes(
        &mut self,
        mut shapes: Vec<Shape<'a>>,
        index: &HashMap<String, usize>,
        drafts: &[Draft<'a>],
    ) -> Names<'a> {
        let corrections = self.corrections;
        for (name, correction) in &corrections.types {
            self.mark(name);
            let Some(key) = self.locate_shape(&correction.at, drafts) else { continue };
            let Some(&shape) = index.get(&key) else { continue };
            if let Some(previous) = &shapes[shape].name {
                let message =
                    format!("`{}` names the same shape as `{previous}`; keep one name per shape", name.get_ref());
                self.correction_error(name, message);
                continue;
            }
            shapes[shape].name = Some(self.corrected_type_name(name.get_ref()));
            shapes[shape].correction = Some(correction);
            if let Some(doc) = &correction.doc {
                shapes[shape].doc = doc.clone();
                shapes[shape].doc_corrected = true;
            }
        }
        let mut names = Names::default();
        // The order of the index is arbitrary: walk the shapes by key so diagnostics and names are deterministic.
        for (key, shape) in index.iter().map(|(k, &i)| (k.clone(), i)).collect::<BTreeMap<String, usize>>() {
            let name = match &shapes[shape].name {
                Some(name) => name.clone(),
                None => {
                    let rule =
                        Name { wire: shapes[shape].occurrences[0].to_string(), rust: shapes[shape].rule_name.clone() };
                    let location = shapes[shape].fields.first().map(|f| f.location.clone()).unwrap_or_default();
                    claim(&mut self.diagnostics, &mut self.types, &rule, &location);
                    rule.rust
                }
            };
            names.by_key.insert(key, name.clone());
            names.shapes.push((name, shape));
        }
        names.shapes.sort();
        names.all = shapes;
        names
    }

    /// Finds the shape a locator (`"METHOD /path response.data.messages"`) points at.
    fn locate_shape(&mut self, at: &Text, drafts: &[Draft<'a>]) -> Option<String> {
        let text = at.get_ref();
        let mut words = text.splitn(3, ' ');
        let (Some(method), Some(path), Some(field_path)) = (words.next(), words.next(), words.next()) else {
            self.correction_error(
                at,
                format!("locator `{text}` is not `METHOD /path body.a.b` or `METHOD /path response.a.b`"),
            );
            return None;
        };
        let key = format!("{method} {path}");
        let Some(draft) = self.drafts_by_entry.get(&key).map(|&index| &drafts[index]) else {
            self.correction_error(at, format!("locator `{text}`: `{key}` matches no entry of the document"));
            return None;
        };
        let mut segments = field_path.split('.');
        let mut reached = None;
        let mut fields: &[Field] = match segments.next() {
            Some("body") => match draft.bare_body() {
                // A bare body is located as `body`, its fields as `body.x`.
                Some(bare) => {
                    reached = Some(bare);
                    &bare.children
                }
                None => &draft.endpoint.body,
            },
            Some("response") => &draft.envelope,
            _ => {
                self.correction_error(at, format!("locator `{text}`: expected `body` or `response` after the path"));
                return None;
            }
        };
        for segment in segments {
            match fields.iter().find(|f| f.name == segment) {
                Some(field) => {
                    fields = &field.children;
                    reached = Some(field);
                }
                None => {
                    self.correction_error(at, format!("locator `{text}`: no field `{segment}` there in the document"));
                    return None;
                }
            }
        }
        match reached {
            None if draft.has_envelope_type() && field_path == "response" => Some(shape_key(&draft.envelope)),
            Some(field) if !field.children.is_empty() => Some(shape_key(&field.children)),
            _ => {
                self.correction_error(at, format!("locator `{text}` is not an object with documented fields"));
                None
            }
        }
    }

    /// Enums from the corrections; each variant's name is claimed among its enum's variants (`Unknown` is taken).
    pub(super) fn enums(&mut self) -> Vec<EnumDef> {
        let mut enums = Vec::new();
        let corrections = self.corrections;
        for (name, correction) in &corrections.enums {
            let enum_name = self.corrected_type_name(name.get_ref());
            let mut scope = Namespace::variants(&enum_name);
            let mut variants: Vec<Variant> = Vec::new();
            let mut values: BTreeMap<WireValue, String> = BTreeMap::new();
            for (variant, value) in &correction.values {
                let location = self.correction_location(variant);
                let rust_name = match self.check_pascal(variant, "variant") {
                    true => match self.made(Name::upper_camel_case(variant.get_ref()), &location) {
                        Some(rule) => {
                            claim(&mut self.diagnostics, &mut scope, &rule, &location);
                            rule.rust
                        }
                        None => variant.get_ref().clone(),
                    },
                    false => variant.get_ref().clone(),
                };
                let value = match value.get_ref() {
                    toml::Value::Integer(i) => WireValue::Int(*i),
                    toml::Value::String(s) => WireValue::Str(s.clone()),
                    other => {
                        self.correction_error(
                            variant,
                            format!("value `{other}` of `{}` is neither an integer nor a string", variant.get_ref()),
                        );
                        continue;
                    }
                };
                if let Some(other) = values.get(&value) {
                    let message =
                        format!("`{}` has the same value as `{other}`; expected distinct values", variant.get_ref());
                    self.correction_error(variant, message);
                } else {
                    values.insert(value.clone(), rust_name.clone());
                }
                variants.push(Variant { rust_name, value });
            }
            variants.sort_by(|a, b| a.value.cmp(&b.value));
            let def = EnumDef { name: enum_name, doc: correction.doc.trim().to_owned(), variants };
            let mixed = !def.is_integer() && def.variants.iter().any(|v| matches!(v.value, WireValue::Int(_)));
            if mixed || def.variants.is_empty() {
                self.correction_error(
                    name,
                    format!("enum `{}` needs values that are all integers or all strings", name.get_ref()),
                );
            }
            enums.push(def);
        }
        enums
    }

    /// Rule 4 for the fields of every named type; each field's name is claimed among its type's fields.
    pub(super) fn type_defs(&mut self, names: &Names<'a>) -> Vec<TypeDef> {
        let mut types = Vec::new();
        for (name, shape) in &names.shapes {
            let shape = &names.all[*shape];
            let correction = shape.correction;
            let mut scope = Namespace::fields(name);
            let mut fields = Vec::new();
            let sent = shape.occurrences.iter().any(|occurrence| occurrence.part == Part::Body);
            for field in &shape.fields {
                let corrected = correction.and_then(|c| c.fields.get_key_value(field.name.as_str()));
                let documented = self.default_ty(field, &names.by_key);
                let ty = match corrected {
                    Some((key, word)) => {
                        let ty = self.parse_ty(word).unwrap_or(Ty::Json);
                        self.mark_effect(key, ty != documented);
                        ty
                    }
                    None => documented,
                };
                let english = self.english_at(
                    &shape.occurrences,
                    |occurrence| Some((occurrence.clone(), field.name.as_str())),
                    |f| f.ty == field.ty,
                );
                let place = Place {
                    wire_name: &field.name,
                    what: format!("field `{}` of `{name}`", field.name),
                    location: &field.location,
                };
                self.check_value_list(&field.description, &ty, &place);
                let rename = correction.and_then(|c| c.rename.get_key_value(field.name.as_str()));
                // 必填 in a request body (response tables have no such column); else what the corrections state.
                let mut presence =
                    if field.required == Some(true) && sent { Presence::Required } else { Presence::Optional };
                if let Some((key, reason)) = correction.and_then(|c| c.always_sent.get_key_value(field.name.as_str())) {
                    self.mark_effect(key, presence == Presence::Optional);
                    if presence == Presence::Optional {
                        presence = Presence::AlwaysSent(reason.trim().to_owned());
                    }
                }
                fields.push(Member {
                    wire_name: field.name.clone(),
                    rust_name: self.member_name(&field.name, &field.location, rename, &mut scope),
                    ty,
                    presence,
                    doc: field.description.clone(),
                    doc_en: english,
                });
            }
            if let Some(correction) = correction {
                let wire_names: std::collections::HashSet<&str> =
                    shape.fields.iter().map(|f| f.name.as_str()).collect();
                let kinds: [(&str, Vec<&Text>); 3] = [
                    ("field", correction.fields.keys().collect()),
                    ("field to rename", correction.rename.keys().collect()),
                    ("always-sent field", correction.always_sent.keys().collect()),
                ];
                for (kind, keys) in kinds {
                    for key in keys.into_iter().filter(|key| !wire_names.contains(key.get_ref().as_str())) {
                        self.correction_error(
                            key,
                            format!("type `{name}` has no {kind} `{}` in the document", key.get_ref()),
                        );
                        self.mark_effect(key, true);
                    }
                }
            }
            // The shape's own text is the description of the field that holds it: `… response.data` → `data`.
            let doc_en = if shape.doc_corrected {
                None
            } else {
                self.english_at(&shape.occurrences, Occurrence::parent, |holder| holder.ty.holds_fields())
            };
            let new_arguments = self.new_arguments(name, &fields, correction);
            types.push(TypeDef {
                name: name.clone(),
                doc: shape.doc.clone(),
                doc_en,
                new_arguments,
                fields,
                occurrences: shape.occurrences.clone(),
                sent,
            });
        }
        types
    }
}

impl Resolver<'_> {
    /// The plain fields in the order `new` takes them: the document's, or the correction's `new`.
    fn new_arguments(&mut self, name: &str, fields: &[Member], correction: Option<&TypeCorrection>) -> Vec<usize> {
        let plain: Vec<usize> = (0..fields.len()).filter(|&i| fields[i].is_plain()).collect();
        let Some(order) = correction.and_then(|c| c.new.as_ref()) else { return plain };
        let mut arguments = Vec::new();
        for wire in order {
            match plain.iter().find(|&&i| fields[i].wire_name == *wire.get_ref()) {
                Some(&index) if !arguments.contains(&index) => arguments.push(index),
                _ => self.correction_error(wire, format!("`{}` is not a plain field of type `{name}`", wire.get_ref())),
            }
        }
        if let Some(first) = order.first() {
            if arguments.len() != plain.len() {
                let message = format!("`new` of type `{name}` must name every plain field, once");
                self.correction_error(first, message);
            } else if arguments == plain {
                self.correction_error(first, format!("`new` of type `{name}` repeats the document's order; remove it"));
            }
        }
        arguments
    }

    /// The English description of a field: the first of the occurrences where the English pages have one.
    /// `place` gives, for an occurrence, the (occurrence of the parent, field name) to look up, if any.
    fn english_at<'o>(
        &self,
        occurrences: &'o [Occurrence],
        place: impl Fn(&'o Occurrence) -> Option<(Occurrence, &'o str)>,
        agrees: impl Fn(&Field) -> bool,
    ) -> Option<String> {
        let english = self.english.as_ref()?;
        occurrences.iter().find_map(|occurrence| {
            let (parent, name) = place(occurrence)?;
            super::english::text(english.field(&parent, name, &agrees).map(|f| f.description.as_str()))
        })
    }
}

#[derive(Default)]
pub(super) struct Names<'a> {
    /// Shape key → type name.
    pub by_key: HashMap<String, String>,
    /// (type name, shape index), sorted by name.
    shapes: Vec<(String, usize)>,
    all: Vec<Shape<'a>>,
}

/// The document type of a field without corrections.
pub(super) fn doc_ty(ty: &DocType, children: &[Field], shapes: &HashMap<String, String>) -> Ty {
    match ty {
        DocType::Int32 | DocType::Int64 => Ty::I64,
        DocType::Number => Ty::F64,
        DocType::String => Ty::String,
        DocType::Boolean => Ty::Bool,
        DocType::Object if children.is_empty() => Ty::Json,
        DocType::Object => Ty::Struct(shapes.get(&shape_key(children)).cloned().unwrap_or_default()),
        DocType::Array(inner) => Ty::List(Box::new(doc_ty(inner, children, shapes))),
    }
}

/// Records the shape of every object with documented fields below `fields`; `operation` names the operation, for
/// the rule names (`{Operation}{FieldPath}`).
fn walk_shapes(
    shapes: &mut Vec<Shape<'_>>,
    index: &mut HashMap<String, usize>,
    fields: &[Field],
    at: &Occurrence,
    operation: &str,
) {
    for field in fields {
        // A bare body (a field without a name) is located as the body itself.
        let here = at.child(&field.name);
        if !field.children.is_empty() {
            // `data` says nothing in a name (`…Data…`), except where it is the whole of the response's content.
            let whole_data = here.part == Part::Response && here.fields == ["data"];
            let path_name: String =
                here.fields.iter().filter(|s| *s != "data" || whole_data).map(|s| s.to_upper_camel_case()).collect();
            let path_name = if path_name.is_empty() { "Body".to_owned() } else { path_name };
            let rule_name = derived(operation, &path_name);
            add_shape(shapes, index, &field.children, &field.description, here.clone(), rule_name);
            walk_shapes(shapes, index, &field.children, &here, operation);
        }
    }
}

fn add_shape(
    shapes: &mut Vec<Shape<'_>>,
    index: &mut HashMap<String, usize>,
    fields: &[Field],
    doc: &str,
    occurrence: Occurrence,
    rule_name: String,
) {
    let key = shape_key(fields);
    match index.get(&key) {
        Some(&i) => shapes[i].occurrences.push(occurrence),
        None => {
            index.insert(key, shapes.len());
            shapes.push(Shape {
                name: None,
                correction: None,
                doc: doc.to_owned(),
                doc_corrected: false,
                fields: fields.to_vec(),
                occurrences: vec![occurrence],
                rule_name,
            });
        }
    }
}

/// The structural identity of an object: wire names and document types, nested alike.
pub(super) fn shape_key(fields: &[Field]) -> String {
    let members: Vec<String> = fields
        .iter()
        .map(|f| {
            if f.children.is_empty() {
                format!("{}:{}", f.name, f.ty)
            } else {
                format!("{}:{}{{{}}}", f.name, f.ty, shape_key(&f.children))
            }
        })
        .collect();
    members.join(",")
}
