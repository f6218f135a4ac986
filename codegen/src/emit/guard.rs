//! The emitter's last guard, so that a model resolve did not validate is refused with a message instead of being
//! emitted as code that does not compile (or a stack overflow in syn):
//! - every name the generated code declares is claimed in its [`Namespace`], exactly as it will be written (two
//!   wire names that map to one field, an input named `send`, a section module named `types`);
//! - no type nests lists deeper than [`MAX_DEPTH`].

use super::ident;
use crate::model::api::{Api, Member, ResponseShape, Ty};
use crate::names::{Name, Namespace, derived};
use crate::typeword::MAX_DEPTH;

/// Err with one line per problem when the model would not compile.
pub(super) fn refuse_invalid(api: &Api) -> Result<(), String> {
    let mut problems = too_deep(api);
    let mut claim = |scope: &mut Namespace, wire: &str, rust: String, at: &str| {
        if let Err(clash) = scope.claim(&Name { wire: wire.to_owned(), rust }, at) {
            problems.push(clash.to_string());
        }
    };
    let written = |name: &str| ident(name).to_string();

    let mut modules = Namespace::modules();
    for section in &api.sections {
        let at = format!("section {}", section.number);
        claim(&mut modules, &section.module, written(&section.module), &at);
    }
    let mut types = Namespace::types();
    for (name, what) in api.types.iter().map(|t| (&t.name, "type")).chain(api.enums.iter().map(|e| (&e.name, "enum"))) {
        claim(&mut types, name, written(name), &format!("{what} `{name}`"));
    }
    // A type with plain fields decodes through a crate-private draft beside it (`emit::types`).
    for def in api.types.iter().filter(|def| def.fields.iter().any(Member::is_plain)) {
        let draft = format!("{}Draft", def.name);
        claim(&mut types, &draft, written(&draft), &format!("the decoding draft of type `{}`", def.name));
    }
    for def in &api.types {
        let mut fields = Namespace::fields(&def.name);
        let at = format!("type `{}`", def.name);
        for field in &def.fields {
            claim(&mut fields, &field.wire_name, written(&field.rust_name), &at);
        }
    }
    for def in &api.enums {
        let mut variants = Namespace::variants(&def.name);
        let at = format!("enum `{}`", def.name);
        for variant in &def.variants {
            claim(&mut variants, &variant.rust_name, written(&variant.rust_name), &at);
        }
    }
    for section in &api.sections {
        let mut operations = Namespace::operations(&section.module);
        let mut builders = Namespace::builders(&section.module);
        for op in api.operations.iter().filter(|op| op.section == section.number) {
            let at = format!("`{} {}`", op.method(), op.path);
            claim(&mut operations, &op.name, written(&op.name), &at);
            claim(&mut builders, &op.name, derived(&op.name, "Request"), &at);
            let mut inputs = Namespace::inputs(&op.name);
            for input in op.query.iter().chain(&op.body) {
                claim(&mut inputs, &input.wire_name, written(&input.rust_name), &at);
            }
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(problems.join("\n")) }
}

/// Lists nested deeper than the type words allow, one line per type that has them.
fn too_deep(api: &Api) -> Vec<String> {
    let fields = api
        .types
        .iter()
        .flat_map(|t| t.fields.iter().map(move |f| (&f.ty, format!("field `{}` of `{}`", f.wire_name, t.name))));
    let inputs = api.operations.iter().flat_map(|op| {
        op.query
            .iter()
            .chain(&op.body)
            .map(move |i| (&i.ty, format!("input `{}` of `{} {}`", i.wire_name, op.method(), op.path)))
    });
    let responses = api.operations.iter().filter_map(|op| match &op.response {
        ResponseShape::Data(ty) => Some((ty, format!("the response of `{} {}`", op.method(), op.path))),
        _ => None,
    });
    fields
        .chain(inputs)
        .chain(responses)
        .filter_map(|(ty, what)| {
            let depth = list_depth(ty);
            (depth > MAX_DEPTH).then(|| format!("{what} nests lists {depth} deep; at most {MAX_DEPTH} are allowed"))
        })
        .collect()
}

/// How many lists wrap the innermost type (counted without recursion).
fn list_depth(mut ty: &Ty) -> usize {
    let mut depth = 0;
    while let Ty::List(inner) = ty {
        depth += 1;
        ty = inner;
    }
    depth
}
