//! The emitter's last guard: every name the generated code declares is claimed in its
//! [`Namespace`], exactly as it will be written, so that a model whose names collide (two wire names that map to
//! one field, an input named `send`, a section module named `types`) is refused with a message instead of being
//! emitted as code that does not compile.

use super::ident;
use crate::api::Api;
use crate::names::{Name, Namespace, derived};

/// Err with one line per clash when the model's names would not compile together.
pub(super) fn refuse(api: &Api) -> Result<(), String> {
    let mut clashes = Vec::new();
    let mut claim = |scope: &mut Namespace, wire: &str, rust: String, at: &str| {
        if let Err(clash) = scope.claim(&Name { wire: wire.to_owned(), rust }, at) {
            clashes.push(clash.to_string());
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
    if clashes.is_empty() { Ok(()) } else { Err(clashes.join("\n")) }
}
