//! The names [`codegen::names`] reserves for the hand-written runtime match the runtime: every top-level name of
//! `maxim-api` (where the generated module is re-exported) and every method of `Client` (where each section adds
//! its handle method). A runtime change that adds one fails here until the list knows it.

use codegen::names::{RESERVED_MODULES, RESERVED_TYPES};
use std::path::Path;

fn parse(file: &str) -> syn::File {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../maxim-api/src").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    syn::parse_file(&text).unwrap_or_else(|e| panic!("{file} parses: {e}"))
}

/// Items under `#[cfg(…)]` (tests, doctests) are not part of the crate a user sees.
fn configured_out(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("cfg"))
}

fn use_names(tree: &syn::UseTree, out: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(path) => use_names(&path.tree, out),
        syn::UseTree::Name(name) => out.push(name.ident.to_string()),
        syn::UseTree::Rename(rename) => out.push(rename.rename.to_string()),
        syn::UseTree::Group(group) => group.items.iter().for_each(|tree| use_names(tree, out)),
        syn::UseTree::Glob(_) => {}
    }
}

/// The names the crate root declares or imports, generated ones (`pub use generated::*`) aside.
fn root_names() -> Vec<String> {
    let mut names = Vec::new();
    for item in parse("lib.rs").items {
        match item {
            syn::Item::Mod(m) if !configured_out(&m.attrs) => names.push(m.ident.to_string()),
            syn::Item::Use(u) if !configured_out(&u.attrs) => use_names(&u.tree, &mut names),
            syn::Item::Struct(s) if !configured_out(&s.attrs) => names.push(s.ident.to_string()),
            _ => {}
        }
    }
    names
}

/// The public inherent methods of `Client`, in every file of the runtime that adds some (`upload.rs` adds `upload`).
fn client_methods() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../maxim-api/src");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("maxim-api/src is readable")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".rs"))
        .collect();
    files.sort();
    let mut methods = Vec::new();
    for file in files {
        for item in parse(&file).items {
            if let syn::Item::Impl(block) = item
                && block.trait_.is_none()
                && matches!(&*block.self_ty, syn::Type::Path(p) if p.path.is_ident("Client"))
            {
                for member in block.items {
                    if let syn::ImplItem::Fn(f) = member
                        && matches!(f.vis, syn::Visibility::Public(_))
                    {
                        methods.push(f.sig.ident.to_string());
                    }
                }
            }
        }
    }
    methods
}

#[test]
fn every_runtime_name_at_the_crate_root_is_reserved() {
    let reserved_modules: Vec<&str> = RESERVED_MODULES.iter().map(|(name, _)| *name).collect();
    let reserved_types: Vec<&str> = RESERVED_TYPES.iter().map(|(name, _)| *name).collect();
    let names = root_names();
    assert!(names.contains(&"Client".to_owned()) && names.contains(&"generated".to_owned()), "{names:?}");
    let missing: Vec<&String> = names
        .iter()
        .filter(|name| {
            let reserved = if name.starts_with(char::is_uppercase) { &reserved_types } else { &reserved_modules };
            !reserved.contains(&name.as_str())
        })
        .collect();
    assert!(missing.is_empty(), "{missing:?} are top-level names of maxim-api: reserve them in names.rs");
    for name in reserved_types {
        assert!(names.iter().any(|n| n == name), "RESERVED_TYPES has `{name}`, which maxim-api no longer exports");
    }
}

#[test]
fn every_client_method_is_reserved_and_every_reserved_method_exists() {
    let methods = client_methods();
    assert!(methods.contains(&"builder".to_owned()), "{methods:?}");
    let missing: Vec<&String> =
        methods.iter().filter(|method| !RESERVED_MODULES.iter().any(|(name, _)| name == *method)).collect();
    assert!(
        missing.is_empty(),
        "`Client::` {missing:?} would clash with a section's handle method: reserve them in names.rs"
    );
    for (name, why) in RESERVED_MODULES {
        if why.contains("`Client::") {
            assert!(methods.iter().any(|m| m == name), "`Client::{name}` is reserved but no longer exists");
        }
    }
}
