//! The public Rust API of the generated module as a listing: each file's public items with their signatures,
//! derives and trait impls, without docs or bodies (cargo-public-api's idea, read from source with syn, so it works
//! on stable Rust and on any revision's checked-in code).
//!
//! The public-API snapshot of the tests crate is this listing of the emitter's output; `cargo xtask api-diff` renders
//! it from each revision's checked-in `maxim-api/src/generated/` and compares the two ([`crate::tools::diff::rust`]).

/// The listing of generated files, each given as `(file name, contents)`, in the given order: a `// ---- name`
/// line, then the file's public items.
pub fn listing<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<String, String> {
    let mut out = String::new();
    for (name, contents) in files {
        let mut syntax: syn::File =
            syn::parse_file(contents).map_err(|error| format!("{name}: not valid Rust: {error}"))?;
        syntax.attrs.clear();
        syntax.items.retain_mut(public_item);
        out.push_str(&format!("// ---- {name}\n{}\n", prettyplease::unparse(&syntax)));
    }
    Ok(out)
}

/// Keeps the public parts of an item, without docs and bodies; false drops it. Feature gates (`cfg`, `cfg_attr`)
/// are kept: an impl behind a feature is not there without it.
fn public_item(item: &mut syn::Item) -> bool {
    let public = |vis: &syn::Visibility| matches!(vis, syn::Visibility::Public(_));
    let keep_cfg = |attrs: &mut Vec<syn::Attribute>| attrs.retain(|a| a.path().is_ident("cfg"));
    match item {
        syn::Item::Struct(s) if public(&s.vis) => {
            s.attrs.retain(|a| !a.path().is_ident("doc"));
            if let syn::Fields::Named(fields) = &mut s.fields {
                fields.named = fields.named.clone().into_iter().filter(|f| public(&f.vis)).collect();
                fields.named.iter_mut().for_each(|f| f.attrs.clear());
            }
            true
        }
        syn::Item::Enum(e) if public(&e.vis) => {
            e.attrs.retain(|a| !a.path().is_ident("doc"));
            e.variants.iter_mut().for_each(|v| v.attrs.clear());
            true
        }
        syn::Item::Const(c) if public(&c.vis) => {
            c.attrs.clear();
            true
        }
        // The runtime's own traits are not part of the public API.
        syn::Item::Impl(block) if block.trait_.as_ref().is_some_and(|(path, _)| path.segments[0].ident == "crate") => {
            false
        }
        syn::Item::Impl(block) => {
            keep_cfg(&mut block.attrs);
            block.items.retain_mut(|member| match member {
                syn::ImplItem::Fn(f) if public(&f.vis) => {
                    keep_cfg(&mut f.attrs);
                    f.block.stmts.clear();
                    true
                }
                syn::ImplItem::Type(t) => {
                    t.attrs.clear();
                    true
                }
                _ => false,
            });
            // A public trait's impl shows even when it has nothing public inside (`Deserialize`).
            !block.items.is_empty() || block.trait_.is_some()
        }
        syn::Item::Mod(m) if public(&m.vis) => {
            keep_cfg(&mut m.attrs);
            true
        }
        _ => false,
    }
}
