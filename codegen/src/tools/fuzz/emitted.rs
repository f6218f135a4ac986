//! Checks of the emitted files that need no compiler: each parses as a Rust file, and no scope declares a name
//! twice (items of a module or block in the type and value namespaces, inherent methods of one type across its
//! `impl` blocks, fields of a struct, variants of an enum, parameters of a function).

use crate::emit::GeneratedFile;
use std::collections::{HashMap, HashSet};
use syn::visit::Visit;

/// One message per problem in `files`.
pub(super) fn problems(files: &[GeneratedFile]) -> Vec<String> {
    let mut problems = Vec::new();
    for file in files {
        match syn::parse_file(&file.contents) {
            Ok(syntax) => {
                let mut scopes = Scopes { file: &file.name, problems: &mut problems, methods: HashMap::new() };
                scopes.items(&syntax.items);
                scopes.visit_file(&syntax);
            }
            Err(error) => problems.push(format!("{} does not parse: {error}", file.name)),
        }
    }
    problems
}

/// One message per file name emitted more than once.
pub(super) fn repeated_names(names: &[String]) -> Vec<String> {
    let mut seen = HashSet::new();
    names.iter().filter(|name| !seen.insert(name.as_str())).map(|name| format!("{name} is emitted twice")).collect()
}

struct Scopes<'f, 'p> {
    file: &'f str,
    problems: &'p mut Vec<String>,
    /// Inherent methods by the type they are on (`impl<'a> X<'a>` and `impl X` are one type).
    methods: HashMap<String, HashSet<String>>,
}

impl Scopes<'_, '_> {
    fn duplicate(&mut self, what: &str, name: &str) {
        self.problems.push(format!("{}: {what} `{name}` is declared twice", self.file));
    }

    /// The items of one module or block: types and values are separate namespaces, as in Rust.
    fn items(&mut self, items: &[syn::Item]) {
        let mut types = HashSet::new();
        let mut values = HashSet::new();
        for item in items {
            let (namespace, name) = match item {
                syn::Item::Struct(s) => (&mut types, s.ident.to_string()),
                syn::Item::Enum(e) => (&mut types, e.ident.to_string()),
                syn::Item::Mod(m) => (&mut types, m.ident.to_string()),
                syn::Item::Type(t) => (&mut types, t.ident.to_string()),
                syn::Item::Trait(t) => (&mut types, t.ident.to_string()),
                syn::Item::Fn(f) => (&mut values, f.sig.ident.to_string()),
                syn::Item::Const(c) => (&mut values, c.ident.to_string()),
                syn::Item::Static(s) => (&mut values, s.ident.to_string()),
                _ => continue,
            };
            if !namespace.insert(name.clone()) {
                self.duplicate("item", &name);
            }
        }
    }

    fn unique(&mut self, what: &str, names: impl Iterator<Item = String>) {
        let mut seen = HashSet::new();
        for name in names {
            if !seen.insert(name.clone()) {
                self.duplicate(what, &name);
            }
        }
    }
}

impl<'ast> Visit<'ast> for Scopes<'_, '_> {
    fn visit_item_mod(&mut self, module: &'ast syn::ItemMod) {
        if let Some((_, items)) = &module.content {
            self.items(items);
        }
        syn::visit::visit_item_mod(self, module);
    }

    fn visit_block(&mut self, block: &'ast syn::Block) {
        let items: Vec<syn::Item> = block
            .stmts
            .iter()
            .filter_map(|stmt| if let syn::Stmt::Item(item) = stmt { Some(item.clone()) } else { None })
            .collect();
        self.items(&items);
        syn::visit::visit_block(self, block);
    }

    fn visit_item_impl(&mut self, block: &'ast syn::ItemImpl) {
        if block.trait_.is_none() {
            let self_type = match &*block.self_ty {
                syn::Type::Path(path) => path.path.segments.iter().map(|s| s.ident.to_string()).collect::<Vec<_>>(),
                other => vec![quote::ToTokens::to_token_stream(other).to_string()],
            };
            let key = self_type.join("::");
            for member in &block.items {
                if let syn::ImplItem::Fn(method) = member {
                    let name = method.sig.ident.to_string();
                    if !self.methods.entry(key.clone()).or_default().insert(name.clone()) {
                        self.duplicate(&format!("method of `{key}`"), &name);
                    }
                }
            }
        }
        syn::visit::visit_item_impl(self, block);
    }

    fn visit_fields_named(&mut self, fields: &'ast syn::FieldsNamed) {
        let names = fields.named.iter().filter_map(|f| f.ident.as_ref().map(ToString::to_string));
        self.unique("field", names);
        syn::visit::visit_fields_named(self, fields);
    }

    fn visit_item_enum(&mut self, item: &'ast syn::ItemEnum) {
        self.unique("variant", item.variants.iter().map(|v| v.ident.to_string()));
        syn::visit::visit_item_enum(self, item);
    }

    fn visit_signature(&mut self, signature: &'ast syn::Signature) {
        let names = signature.inputs.iter().filter_map(|input| match input {
            syn::FnArg::Typed(typed) => match &*typed.pat {
                syn::Pat::Ident(pat) => Some(pat.ident.to_string()),
                _ => None,
            },
            syn::FnArg::Receiver(_) => Some("self".to_owned()),
        });
        self.unique("parameter", names);
        syn::visit::visit_signature(self, signature);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(contents: &str) -> GeneratedFile {
        GeneratedFile { name: "x.rs".into(), contents: contents.into() }
    }

    #[test]
    fn duplicates_in_every_scope_are_found() {
        let text = "struct A { x: i32, x: i32 } enum A { B, B } fn f(a: i32, a: i32) { struct C; struct C; }\n\
                    impl<'a> D<'a> { fn g() {} } impl D<'_> { fn g() {} } mod m { const K: u8 = 0; static K: u8 = 0; }";
        let found = problems(&[file(text), file("")]);
        assert_eq!(repeated_names(&["a.rs".into(), "b.rs".into(), "a.rs".into()]), ["a.rs is emitted twice"]);
        assert_eq!(
            found,
            [
                "x.rs: item `A` is declared twice",
                "x.rs: field `x` is declared twice",
                "x.rs: variant `B` is declared twice",
                "x.rs: parameter `a` is declared twice",
                "x.rs: item `C` is declared twice",
                "x.rs: method of `D` `g` is declared twice",
                "x.rs: item `K` is declared twice",
            ]
        );
        // Types and values are separate namespaces; so are two impls' methods of different types.
        assert!(problems(&[file("struct A {} fn A() {} impl A { fn f() {} } impl B { fn f() {} }")]).is_empty());
        assert_eq!(problems(&[file("fn (")]).len(), 1);
    }
}
