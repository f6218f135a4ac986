//! Checks of the finished model that the corrections can break: what the generated code takes for granted must
//! hold, or it would not compile.
//!
//! - Paging: the generated `pages` and `items` read the cursor, message ID or page number from the response and
//!   set it on the request, through members of fixed names and types (a string `cursor` query parameter, a string
//!   `cursor` member and a `data` member; an `i64` `msg_id_start`, and `next_msg_id: i64`, `is_last: bool` and
//!   `messages` in `data`; an optional `i64` `page_num`, and `page_size` optional `i64` too). The operation's
//!   [`Paging`] is set here, with the page and item types the walk reads.
//! - De-duplication: the SDK fills in an optional `transaction_id` with a random `i64` or string.
//! - Finite types: a type may hold itself only through a list (`Option<Self>` would have infinite size); only a
//!   field type correction can close such a loop, since the document's shapes are trees.

use super::Resolver;
use super::operations::{Draft, Walk};
use crate::model::api::{Input, Operation, Paging, ResponseShape, Ty, TypeDef};
use std::collections::HashMap;

impl Resolver<'_> {
    /// Sets the paging of the operations the corrections page, when the members paging reads and writes have the
    /// names and types the generated code uses.
    pub(super) fn resolve_paging(&mut self, drafts: &[Draft<'_>], operations: &mut [Operation], types: &[TypeDef]) {
        let by_name: HashMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
        // The member of a type with this wire name and the same Rust name, if it has one.
        let member = |type_name: &str, wire: &str| {
            let def = by_name.get(type_name)?;
            def.fields.iter().find(|f| f.wire_name == wire && f.rust_name == wire).map(|f| &f.ty)
        };
        for (draft, op) in drafts.iter().zip(operations) {
            let Some(kind) = draft.correction.and_then(|c| c.paging.as_ref()) else { continue };
            let Some(walk) = self.walk(draft, &op.query) else { continue };
            let input = |wire: &str, ty: &Ty| op.query.iter().any(|i| i.wire_name == wire && i.ty == *ty);
            let (paging, needs) = match (walk, &op.response) {
                (Walk::Cursor, ResponseShape::Envelope(page)) => (
                    member(page, "data")
                        .filter(|_| input("cursor", &Ty::String) && member(page, "cursor") == Some(&Ty::String))
                        .map(|data| Paging::Cursor { page: page.clone(), data: data.clone() }),
                    "a string query parameter `cursor`, and a string `cursor` and a `data` in the response",
                ),
                (Walk::MessageId, ResponseShape::Data(Ty::Struct(page))) => (
                    member(page, "messages")
                        .filter(|_| {
                            input("msg_id_start", &Ty::I64)
                                && member(page, "next_msg_id") == Some(&Ty::I64)
                                && member(page, "is_last") == Some(&Ty::Bool)
                        })
                        .map(|messages| Paging::MessageId { page: page.clone(), messages: messages.clone() }),
                    "an i64 query parameter `msg_id_start`, and `next_msg_id` (i64), `is_last` (bool) and `messages` \
                     in `data`",
                ),
                (Walk::PageNumber, ResponseShape::Data(Ty::List(item))) => (
                    (optional_input(&op.query, "page_num", &Ty::I64)
                        && op
                            .query
                            .iter()
                            .all(|i| i.wire_name != "page_size" || optional_input(&op.query, "page_size", &Ty::I64)))
                    .then(|| Paging::PageNumber { item: item.as_ref().clone() }),
                    "an optional i64 query parameter `page_num` (and `page_size`, if any, optional i64 too)",
                ),
                (Walk::Cursor, _) => (None, "a response envelope with a string `cursor` and a `data`"),
                (Walk::MessageId, _) => (None, "an object in `data`"),
                (Walk::PageNumber, _) => (None, "a list in `data`"),
            };
            op.paging = paging;
            if op.paging.is_none() {
                let message = format!(
                    "`{}` cannot page by `{}`: it needs {needs}, each named in Rust as on the wire",
                    draft.key(),
                    kind.get_ref()
                );
                self.correction_error(kind, message);
            }
        }
    }

    /// The SDK fills in an optional de-duplication key (`transaction_id`) with a fresh random value, which it can
    /// make as an `i64` or a string.
    pub(super) fn check_dedup_keys(&mut self, drafts: &[Draft<'_>], operations: &[Operation]) {
        for (draft, op) in drafts.iter().zip(operations) {
            let Some(key) = &op.dedup_key else { continue };
            let input = op.query.iter().chain(&op.body).find(|i| &i.wire_name == key);
            let Some(input) = input.filter(|i| i.required.is_none() && !matches!(i.ty, Ty::I64 | Ty::String)) else {
                continue;
            };
            let endpoint = draft.endpoint;
            let params = endpoint.query.iter().map(|p| (&p.name, &p.location));
            let location = params
                .chain(endpoint.body.iter().map(|f| (&f.name, &f.location)))
                .find(|(name, _)| *name == key)
                .map_or_else(|| endpoint.location.clone(), |(_, location)| location.clone());
            let message = format!(
                "`{key}` of `{}` is the key the service drops repeated requests by, which the SDK fills in; expected \
                 it to be an int64 or a string, not {}",
                draft.key(),
                crate::tools::render::ty(&input.ty)
            );
            self.error(&location, message);
        }
    }

    /// No type holds itself except through a list.
    pub(super) fn check_finite_types(&mut self, types: &[TypeDef]) {
        let index: HashMap<&str, usize> = types.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
        // Each type's directly held types (not through a list), as (field wire name, type index).
        let held: Vec<Vec<(&str, usize)>> = types
            .iter()
            .map(|t| {
                let direct = t.fields.iter().filter_map(|f| match &f.ty {
                    Ty::Struct(name) => Some((f.wire_name.as_str(), *index.get(name.as_str())?)),
                    _ => None,
                });
                direct.collect()
            })
            .collect();
        // Iterative depth-first search: 0 unvisited, 1 on the current path, 2 done.
        let mut state = vec![0u8; types.len()];
        for root in 0..types.len() {
            if state[root] != 0 {
                continue;
            }
            let mut stack = vec![(root, 0usize)];
            state[root] = 1;
            while let Some((node, next)) = stack.pop() {
                let Some(&(field, child)) = held[node].get(next) else {
                    state[node] = 2;
                    continue;
                };
                stack.push((node, next + 1));
                match state[child] {
                    0 => {
                        state[child] = 1;
                        stack.push((child, 0));
                    }
                    1 => {
                        let cycle: Vec<&str> = stack.iter().map(|(n, _)| types[*n].name.as_str()).collect();
                        let from = cycle.iter().position(|name| *name == types[child].name).unwrap_or(0);
                        self.report_cycle(&types[node], field, &cycle[from..]);
                    }
                    _ => {}
                }
            }
        }
    }

    /// Reports a loop of types at the field type correction that closes it.
    fn report_cycle(&mut self, def: &TypeDef, field: &str, cycle: &[&str]) {
        let mut path = cycle.join(" → ");
        path.push_str(&format!(" → {}", cycle.first().copied().unwrap_or_default()));
        let message = format!(
            "field `{field}` of `{}` makes a type hold itself ({path}), which would have infinite size; use a list \
             (`[T]`) or `json`",
            def.name
        );
        let corrections = self.corrections;
        let correction = corrections.types.iter().find(|(key, _)| self.corrected_type_name(key.get_ref()) == def.name);
        match correction.and_then(|(_, c)| c.fields.get_key_value(field)) {
            Some((key, _)) => self.correction_error(key, message),
            None => {
                let location = crate::model::diagnostic::Location::start_of(self.spans.file());
                self.error(&location, message);
            }
        }
    }
}

/// The operation has an optional input `wire` of type `ty`, named `wire` in Rust.
fn optional_input(inputs: &[Input], wire: &str, ty: &Ty) -> bool {
    inputs.iter().any(|i| i.wire_name == wire && i.rust_name == wire && i.required.is_none() && i.ty == *ty)
}
