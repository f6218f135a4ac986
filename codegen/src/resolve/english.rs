//! The English pages: the vendor's translation of the Chinese reference, used for documentation only. An English
//! entry joins its Chinese counterpart by anchor (`{#post__token_id}`), or else by one of its method + path pairs;
//! its fields join by wire name at the same place. The Chinese pages stay the reference: what the English says about
//! types or structure never changes the SDK. Where the two disagree (an English entry or field the Chinese lacks, a
//! type that differs) that is a note at the English page's line, not an error: the translation lags behind the
//! reference, and the maintainer cannot fix the vendor's pages. The English text is not used where the types differ.

use super::Resolver;
use crate::model::api::{Occurrence, Part};
use crate::model::doc::{Document, Endpoint, Field, Param};
use std::collections::HashMap;

/// The entries of one language's pages, indexed to find the counterparts of the other's.
pub(super) struct Index<'a> {
    by_anchor: HashMap<&'a str, &'a Endpoint>,
    by_key: HashMap<String, &'a Endpoint>,
}

impl<'a> Index<'a> {
    pub fn new(doc: &'a Document) -> Self {
        let by_anchor = doc.endpoints.iter().filter_map(|e| Some((e.anchor.as_deref()?, e))).collect();
        let by_key = doc.endpoints.iter().flat_map(|e| e.keys().map(move |key| (key, e))).collect();
        Index { by_anchor, by_key }
    }

    /// The counterpart of an entry of the other language: by anchor, or else by a method + path pair.
    pub fn entry(&self, other: &Endpoint) -> Option<&'a Endpoint> {
        let by_anchor = other.anchor.as_deref().and_then(|anchor| self.by_anchor.get(anchor));
        by_anchor.or_else(|| other.keys().find_map(|key| self.by_key.get(&key))).copied()
    }

    /// The field at a shape's occurrence (`GET /group/info response.data`) named `name`, if `agrees` with it (an
    /// English field whose type disagrees with the reference describes something else).
    pub fn field(&self, occurrence: &Occurrence, name: &str, agrees: impl Fn(&Field) -> bool) -> Option<&'a Field> {
        let endpoint = self.by_key.get(&format!("{} {}", occurrence.method, occurrence.path))?;
        let mut fields: &[Field] = match occurrence.part {
            Part::Body => match endpoint.body.as_slice() {
                [bare] if bare.name.is_empty() => &bare.children,
                body => body,
            },
            Part::Response => &endpoint.response.fields,
        };
        for segment in &occurrence.fields {
            fields = &fields.iter().find(|f| f.name == *segment)?.children;
        }
        fields.iter().find(|f| f.name == name && agrees(f))
    }
}

/// English text where the English pages have some: `None` for empty text too.
pub(super) fn text(english: Option<&str>) -> Option<String> {
    english.map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned)
}

impl<'a> Resolver<'a> {
    /// Notes English entries and fields that the Chinese pages lack, and types that disagree.
    pub(super) fn check_english(&mut self) {
        let Some(english_doc) = self.english_doc else { return };
        let chinese_index = Index::new(self.doc);
        for entry in &english_doc.endpoints {
            let Some(chinese) = chinese_index.entry(entry) else {
                let keys: Vec<String> = entry.keys().collect();
                let message = format!(
                    "English entry {} `{}` ({}) has no counterpart in the Chinese pages; the Chinese pages are the \
                     reference",
                    entry.number,
                    entry.title,
                    keys.join(", ")
                );
                self.notes.push(entry.location.clone(), message);
                continue;
            };
            let what = format!("{} {}", chinese.number, chinese.path);
            self.compare_params(&what, "header", &entry.headers, &chinese.headers);
            self.compare_params(&what, "query parameter", &entry.query, &chinese.query);
            self.compare_fields(&what, &entry.body, &chinese.body);
            self.compare_fields(&what, &entry.response.fields, &chinese.response.fields);
        }
    }

    fn compare_params(&mut self, what: &str, kind: &str, english: &[Param], chinese: &[Param]) {
        for param in english {
            match chinese.iter().find(|p| p.name == param.name) {
                None => {
                    let message = format!("English {kind} `{}` of {what} is not in the Chinese pages", param.name);
                    self.notes.push(param.location.clone(), message);
                }
                Some(reference) if reference.ty != param.ty => {
                    let show = |p: &Param| p.ty.as_ref().map_or("no type".to_owned(), ToString::to_string);
                    let message = format!(
                        "English {kind} `{}` of {what} has type {}, the Chinese reference {} (at {})",
                        param.name,
                        show(param),
                        show(reference),
                        reference.location
                    );
                    self.notes.push(param.location.clone(), message);
                }
                Some(_) => {}
            }
        }
    }

    fn compare_fields(&mut self, what: &str, english: &[Field], chinese: &[Field]) {
        for field in english {
            match chinese.iter().find(|f| f.name == field.name) {
                None => {
                    let message = format!("English field `{}` of {what} is not in the Chinese pages", field.name);
                    self.notes.push(field.location.clone(), message);
                }
                Some(reference) => {
                    if reference.ty != field.ty {
                        let message = format!(
                            "English field `{}` of {what} has type {}, the Chinese reference {} (at {})",
                            field.name, field.raw_type, reference.raw_type, reference.location
                        );
                        self.notes.push(field.location.clone(), message);
                    }
                    self.compare_fields(what, &field.children, &reference.children);
                }
            }
        }
    }
}
