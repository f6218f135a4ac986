//! The Rust half of the API diff: two listings of the generated code's public API ([`crate::public_api`]) compared
//! item by item, as cargo-semver-checks compares crates, so that what the generator alone changes (`#[non_exhaustive]`,
//! an `Option` dropped from a return type, a derive moved behind a feature) is listed and rated like a change of the
//! document. Each change is an [`Event`] under a `rust-*` rule of [`rules::RULES`].
//!
//! A listing is read back into a [`Surface`]: items keyed by their path in the crate (`AiMessage`,
//! `user::SetAvatarRequest`; `Client` and `i64` for impls on types the listing does not declare), each with its
//! `#[non_exhaustive]`, public fields or variants, methods, constant type and value, and trait impls, derived or
//! written, with the feature they are behind. Types are compared as written after one normalisation: paths into
//! `std`, `core` and `serde` are cut to their last segment and paths into the generated module to the name
//! (`::std::option::Option<super::Xid>` and `Option<crate::generated::Xid>` are both `Option<Xid>`), so a change of
//! how the emitter spells a path is not a change.

use super::rules::{self, Rule};
use super::{Event, Target};
use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::ToTokens;
use std::collections::{BTreeMap, BTreeSet};
use syn::punctuated::Punctuated;

/// The public API of a listing, by item path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Surface {
    items: BTreeMap<String, Item>,
}

/// What a listing says about one item.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Item {
    kind: Kind,
    non_exhaustive: bool,
    /// Public fields of a struct: name → type.
    fields: BTreeMap<String, String>,
    /// Variants of an enum: name → its fields (`(i64)`, or empty).
    variants: BTreeMap<String, String>,
    /// Public methods, from inherent impls.
    methods: BTreeMap<String, Signature>,
    /// Trait impls, derived or written: trait (`Serialize`, `From<i64>`) → impl.
    traits: BTreeMap<String, TraitImpl>,
}

/// The kinds of items; `Foreign` is a type declared elsewhere that the listing only implements (`crate::Client`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
enum Kind {
    #[default]
    Foreign,
    Struct,
    Enum,
    Module,
    Const {
        ty: String,
        value: String,
    },
}

impl Kind {
    fn word(&self) -> &'static str {
        match self {
            Kind::Foreign => "type",
            Kind::Struct => "struct",
            Kind::Enum => "enum",
            Kind::Module => "module",
            Kind::Const { .. } => "constant",
        }
    }
}

/// A method's signature: compared without argument names (they are not part of a call), shown with them.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Signature {
    compared: String,
    shown: String,
}

/// One trait impl: the `cfg` it is behind (`feature = "serialize"`), and its associated types.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct TraitImpl {
    gate: Option<String>,
    types: BTreeMap<String, String>,
}

impl Surface {
    /// Reads a listing: `// ---- file.rs` lines, each followed by that file's public items (a listing without them is
    /// one file of the root module). Items of `mod.rs`, `types.rs` and `enums.rs` are at the crate's root (the
    /// generated module re-exports them there); those of another file are in the module of its name.
    pub fn parse(listing: &str) -> Result<Surface, String> {
        let mut surface = Surface::default();
        let mut files: Vec<(&str, String)> = vec![("mod.rs", String::new())];
        for line in listing.lines() {
            match line.strip_prefix("// ---- ") {
                Some(name) => files.push((name.trim(), String::new())),
                None => {
                    let text = &mut files.last_mut().expect("starts with one").1;
                    text.push_str(line);
                    text.push('\n');
                }
            }
        }
        for (name, text) in files {
            let syntax = syn::parse_file(&text).map_err(|e| format!("public API listing, {name}: {e}"))?;
            let module = match name.trim_end_matches(".rs") {
                "mod" | "types" | "enums" => String::new(),
                other => format!("{other}::"),
            };
            for item in &syntax.items {
                surface.add(&module, item);
            }
        }
        Ok(surface)
    }

    fn add(&mut self, module: &str, item: &syn::Item) {
        match item {
            syn::Item::Struct(s) => {
                let entry = self.declare(format!("{module}{}", s.ident), Kind::Struct, &s.attrs);
                for (index, field) in s.fields.iter().enumerate() {
                    let name = field.ident.as_ref().map_or_else(|| index.to_string(), ToString::to_string);
                    entry.fields.insert(name, tidy(field.ty.to_token_stream()));
                }
            }
            syn::Item::Enum(e) => {
                let entry = self.declare(format!("{module}{}", e.ident), Kind::Enum, &e.attrs);
                for variant in &e.variants {
                    entry.variants.insert(variant.ident.to_string(), tidy(variant.fields.to_token_stream()));
                }
            }
            syn::Item::Const(c) => {
                let kind = Kind::Const { ty: tidy(c.ty.to_token_stream()), value: tidy(c.expr.to_token_stream()) };
                self.declare(format!("{module}{}", c.ident), kind, &c.attrs);
            }
            syn::Item::Mod(m) => {
                self.declare(format!("{module}{}", m.ident), Kind::Module, &m.attrs);
            }
            syn::Item::Impl(block) => self.implement(module, block),
            _ => {}
        }
    }

    /// Records a declared item with what its attributes say: `#[non_exhaustive]`, and derives, each behind the
    /// `cfg_attr` condition that carries it.
    fn declare(&mut self, path: String, kind: Kind, attrs: &[syn::Attribute]) -> &mut Item {
        let entry = self.items.entry(path).or_default();
        entry.kind = kind;
        for attr in attrs {
            if attr.path().is_ident("non_exhaustive") {
                entry.non_exhaustive = true;
            }
            for (gate, derived) in derives(attr) {
                entry.traits.entry(derived).or_default().gate = gate;
            }
        }
        entry
    }

    fn implement(&mut self, module: &str, block: &syn::ItemImpl) {
        let Some(path) = self_path(module, &block.self_ty) else { return };
        let gate = cfg(&block.attrs);
        let entry = self.items.entry(path).or_default();
        match &block.trait_ {
            Some((trait_path, _)) => {
                let types = block.items.iter().filter_map(|member| match member {
                    syn::ImplItem::Type(t) => Some((t.ident.to_string(), tidy(t.ty.to_token_stream()))),
                    _ => None,
                });
                let implemented = entry.traits.entry(trait_name(trait_path)).or_default();
                implemented.gate = gate;
                implemented.types.extend(types);
            }
            None => {
                for member in &block.items {
                    if let syn::ImplItem::Fn(f) = member {
                        let gate = cfg(&f.attrs).or(gate.clone());
                        entry.methods.insert(f.sig.ident.to_string(), signature(&f.sig, gate.as_deref()));
                    }
                }
            }
        }
    }
}

/// The item an impl's self type names: `crate::Client` → `Client`, `super::AiMessage` → `AiMessage`,
/// `::std::string::String` → `String`, a type of the file's own module → `user::SetAvatarRequest`; generic arguments
/// are left out.
fn self_path(module: &str, ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(path) = ty else { return None };
    let segments: Vec<String> = path.path.segments.iter().map(|s| s.ident.to_string()).collect();
    if segments.len() > 1 && ["std", "core", "alloc"].contains(&segments[0].as_str()) {
        return segments.last().cloned();
    }
    let outside = ["crate", "super", "generated"];
    let rest: Vec<&str> = segments.iter().map(String::as_str).skip_while(|s| outside.contains(s)).collect();
    let declared_here = rest.len() == segments.len() && rest.len() == 1 && !is_primitive(rest[0]);
    Some(if declared_here { format!("{module}{}", rest[0]) } else { rest.join("::") })
}

/// A primitive type or `String`: an impl for it (`From<GroupType> for i64`) is listed under its bare name.
fn is_primitive(name: &str) -> bool {
    matches!(
        name,
        "bool"
            | "char"
            | "str"
            | "f32"
            | "f64"
            | "i8"
            | "i16"
            | "i32"
            | "i64"
            | "i128"
            | "isize"
            | "u8"
            | "u16"
            | "u32"
            | "u64"
            | "u128"
            | "usize"
            | "String"
    )
}

/// A trait as the report names it: its last segment and generic types, lifetimes left out
/// (`::serde::Deserialize<'de>` → `Deserialize`, `::std::convert::From<i64>` → `From<i64>`).
fn trait_name(path: &syn::Path) -> String {
    let Some(last) = path.segments.last() else { return String::new() };
    let mut name = last.ident.to_string();
    if let syn::PathArguments::AngleBracketed(args) = &last.arguments {
        let kept: Vec<String> = args
            .args
            .iter()
            .filter(|arg| !matches!(arg, syn::GenericArgument::Lifetime(_)))
            .map(|arg| tidy(arg.to_token_stream()))
            .collect();
        if !kept.is_empty() {
            name = format!("{name}<{}>", kept.join(", "));
        }
    }
    name
}

/// The traits a `#[derive(…)]` or `#[cfg_attr(condition, derive(…))]` names, each with the condition.
fn derives(attr: &syn::Attribute) -> Vec<(Option<String>, String)> {
    let paths = |meta: &syn::Meta| -> Vec<String> {
        meta.require_list()
            .ok()
            .filter(|list| list.path.is_ident("derive"))
            .and_then(|list| list.parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated).ok())
            .map(|paths| paths.iter().map(trait_name).collect())
            .unwrap_or_default()
    };
    if attr.path().is_ident("derive") {
        return paths(&attr.meta).into_iter().map(|name| (None, name)).collect();
    }
    if attr.path().is_ident("cfg_attr")
        && let Ok(parts) = attr.parse_args_with(Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated)
        && let Some((condition, rest)) = parts.iter().collect::<Vec<_>>().split_first()
    {
        let gate = tidy(condition.to_token_stream());
        return rest.iter().flat_map(|meta| paths(meta)).map(|name| (Some(gate.clone()), name)).collect();
    }
    Vec::new()
}

/// The condition of an item's `#[cfg(…)]`, if it has one.
fn cfg(attrs: &[syn::Attribute]) -> Option<String> {
    attrs
        .iter()
        .find(|a| a.path().is_ident("cfg"))
        .and_then(|a| a.meta.require_list().ok())
        .map(|list| tidy(list.tokens.clone()))
}

fn signature(sig: &syn::Signature, gate: Option<&str>) -> Signature {
    let mut head = String::new();
    if let Some(gate) = gate {
        head.push_str(&format!("#[cfg({gate})] "));
    }
    for (present, word) in [(sig.constness.is_some(), "const "), (sig.asyncness.is_some(), "async ")] {
        if present {
            head.push_str(word);
        }
    }
    head.push_str(&format!("fn {}{}", sig.ident, tidy(sig.generics.to_token_stream())));
    let (mut compared, mut shown) = (Vec::new(), Vec::new());
    for input in &sig.inputs {
        match input {
            // `mut self` is the method's own business, not its callers'.
            syn::FnArg::Receiver(receiver) => {
                let text = match &receiver.kind {
                    syn::ReceiverKind::Reference(_, lifetime, mutability) => {
                        let lifetime = lifetime.as_ref().map(|l| format!("{l} ")).unwrap_or_default();
                        format!("&{lifetime}{}self", if mutability.is_some() { "mut " } else { "" })
                    }
                    syn::ReceiverKind::Typed(_, ty) => format!("self: {}", tidy(ty.to_token_stream())),
                    _ => "self".to_owned(),
                };
                compared.push(text.clone());
                shown.push(text);
            }
            syn::FnArg::Typed(typed) => {
                let ty = tidy(typed.ty.to_token_stream());
                let name = match &*typed.pat {
                    syn::Pat::Ident(ident) => ident.ident.to_string(),
                    other => tidy(other.to_token_stream()),
                };
                shown.push(format!("{name}: {ty}"));
                compared.push(ty);
            }
        }
    }
    let output = match &sig.output {
        syn::ReturnType::Default => String::new(),
        syn::ReturnType::Type(_, ty) => format!(" -> {}", tidy(ty.to_token_stream())),
    };
    let clause =
        sig.generics.where_clause.as_ref().map(|w| format!(" {}", tidy(w.to_token_stream()))).unwrap_or_default();
    Signature {
        compared: format!("{head}({}){output}{clause}", compared.join(", ")),
        shown: format!("{head}({}){output}{clause}", shown.join(", ")),
    }
}

/// Tokens as compact text, with paths into `std`, `core`, `alloc`, `serde` and the generated module cut short.
fn tidy(tokens: TokenStream) -> String {
    let mut flat = Vec::new();
    flatten(tokens, &mut flat);
    let flat = shorten_paths(flat);
    let mut out = String::new();
    for (index, token) in flat.iter().enumerate() {
        let previous = index.checked_sub(1).map(|i| flat[i].as_str());
        let glued_to_previous = matches!(token.as_str(), "::" | "," | ">" | ")" | "]" | ";" | "?" | ".")
            || (matches!(token.as_str(), "<" | "(" | "[") && previous.is_some_and(is_word));
        let glued_after_previous = matches!(previous, Some("::" | "<" | "(" | "[" | "&" | "#" | "!"));
        if index > 0 && !glued_to_previous && !glued_after_previous {
            out.push(' ');
        }
        out.push_str(token);
    }
    out
}

fn is_word(token: &str) -> bool {
    token.chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '\'')
}

/// Tokens as strings: joint punctuation and lifetimes in one piece, groups opened and closed.
fn flatten(tokens: TokenStream, out: &mut Vec<String>) {
    let mut joint = false;
    for tree in tokens {
        match tree {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::None => ("", ""),
                };
                if !open.is_empty() {
                    out.push(open.to_owned());
                }
                flatten(group.stream(), out);
                if !close.is_empty() {
                    out.push(close.to_owned());
                }
                joint = false;
            }
            TokenTree::Punct(punct) => {
                // Only operators are joined: `>>` closing two generic lists stays two tokens.
                let operator = |last: &str| matches!(format!("{last}{}", punct.as_char()).as_str(), "::" | "->" | "=>");
                match out.last_mut() {
                    Some(last) if joint && operator(last) => last.push(punct.as_char()),
                    _ => out.push(punct.as_char().to_string()),
                }
                joint = punct.spacing() == Spacing::Joint;
            }
            TokenTree::Ident(ident) => {
                match out.last_mut() {
                    Some(last) if joint && last == "'" => last.push_str(&ident.to_string()),
                    _ => out.push(ident.to_string()),
                }
                joint = false;
            }
            TokenTree::Literal(literal) => {
                out.push(literal.to_string());
                joint = false;
            }
        }
    }
}

/// Cuts each path into `std`, `core`, `alloc` or `serde` to its last segment, drops `crate::generated::` and
/// `super::` before a name of the generated module and a leading `::`, and a trailing comma in a list.
fn shorten_paths(tokens: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(tokens.len());
    let mut index = 0;
    while index < tokens.len() {
        // A path: an optional leading `::`, then names joined by `::`.
        let start = index;
        let mut segments = Vec::new();
        let mut at = index + usize::from(tokens[index] == "::");
        while at < tokens.len() && is_name(&tokens[at]) {
            segments.push(tokens[at].as_str());
            if tokens.get(at + 1).map(String::as_str) == Some("::") && tokens.get(at + 2).is_some_and(|t| is_name(t)) {
                at += 2;
            } else {
                at += 1;
                break;
            }
        }
        if segments.len() < 2 {
            let token = &tokens[start];
            let closes = tokens.get(start + 1).is_some_and(|next| matches!(next.as_str(), ">" | ")" | "]" | "}"));
            let trailing_comma = token == "," && closes;
            let leading_colons = token == "::" && segments.len() == 1;
            if !trailing_comma && !leading_colons {
                out.push(token.clone());
            }
            index = start + 1;
            continue;
        }
        let kept: &[&str] = match segments[0] {
            "std" | "core" | "alloc" | "serde" => &segments[segments.len() - 1..],
            "crate" if segments[1] == "generated" => &segments[2..],
            "super" => &segments[1..],
            _ => &segments[..],
        };
        for (position, segment) in kept.iter().enumerate() {
            if position > 0 {
                out.push("::".to_owned());
            }
            out.push((*segment).to_owned());
        }
        index = at;
    }
    out
}

/// A path segment: a name, but not a keyword that can stand before a path (`impl ::std::…`, `dyn`, `mut`).
fn is_name(token: &str) -> bool {
    token.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && !matches!(token, "impl" | "dyn" | "mut" | "const" | "fn" | "for" | "where" | "as" | "unsafe" | "async")
}

/// `new` is `old` without one `Option<…>` around some part of it (`Result<Option<bool>>` → `Result<bool>`).
fn lost_option(old: &str, new: &str) -> bool {
    let bytes = old.as_bytes();
    let mut search = 0;
    while let Some(found) = old[search..].find("Option<") {
        let start = search + found;
        search = start + 1;
        if start > 0 && is_word(&old[start - 1..start]) {
            continue;
        }
        let inner = start + "Option<".len();
        let mut depth = 1;
        let mut end = inner;
        while end < bytes.len() && depth > 0 {
            match bytes[end] {
                b'<' => depth += 1,
                b'>' if end == 0 || bytes[end - 1] != b'-' => depth -= 1,
                _ => {}
            }
            end += 1;
        }
        if depth == 0 && format!("{}{}{}", &old[..start], &old[inner..end - 1], &old[end..]) == new {
            return true;
        }
    }
    false
}

/// Every change from `old` to `new`, by item path, in the rules' order within an item.
pub fn diff(old: &Surface, new: &Surface) -> Vec<Event> {
    let mut events = Vec::new();
    let paths: BTreeSet<&String> = old.items.keys().chain(new.items.keys()).collect();
    let empty = Item::default();
    for path in paths {
        let mut emit = |rule: &'static Rule, detail: String| {
            events.push(Event { rule, target: Target::Rust(path.clone()), detail });
        };
        match (old.items.get(path), new.items.get(path)) {
            (Some(before), None) if before.kind != Kind::Foreign => {
                emit(&rules::RUST_ITEM_REMOVED, before.kind.word().into())
            }
            (None, Some(after)) if after.kind != Kind::Foreign => {
                emit(&rules::RUST_ITEM_ADDED, after.kind.word().into())
            }
            (before, after) => {
                let (before, after) = (before.unwrap_or(&empty), after.unwrap_or(&empty));
                if std::mem::discriminant(&before.kind) != std::mem::discriminant(&after.kind)
                    && before.kind != Kind::Foreign
                    && after.kind != Kind::Foreign
                {
                    emit(&rules::RUST_ITEM_REMOVED, before.kind.word().into());
                    emit(&rules::RUST_ITEM_ADDED, after.kind.word().into());
                } else {
                    compare(before, after, &mut emit);
                }
            }
        }
    }
    events
}

/// The changes inside one item that both sides have.
fn compare(old: &Item, new: &Item, emit: &mut impl FnMut(&'static Rule, String)) {
    match (old.non_exhaustive, new.non_exhaustive) {
        (false, true) => emit(&rules::RUST_ITEM_NOW_NON_EXHAUSTIVE, new.kind.word().into()),
        (true, false) => emit(&rules::RUST_ITEM_NOW_EXHAUSTIVE, new.kind.word().into()),
        _ => {}
    }
    if let (Kind::Const { ty: old_ty, value: old_value }, Kind::Const { ty, value }) = (&old.kind, &new.kind) {
        if old_ty != ty {
            retyped(&rules::RUST_CONST_RETYPED, "type", old_ty, ty, emit);
        }
        if old_value != value {
            emit(&rules::RUST_CONST_VALUE_CHANGED, format!("`{old_value}` → `{value}`"));
        }
    }
    let (field_added, variant_added) = if new.non_exhaustive {
        (&rules::RUST_FIELD_ADDED, &rules::RUST_VARIANT_ADDED)
    } else {
        (&rules::RUST_FIELD_ADDED_TO_EXHAUSTIVE, &rules::RUST_VARIANT_ADDED_TO_EXHAUSTIVE)
    };
    members(&old.fields, &new.fields, &mut |name, change| match change {
        Change::Added(ty) => emit(field_added, format!("`{name}: {ty}`")),
        Change::Removed(ty) => emit(&rules::RUST_FIELD_REMOVED, format!("`{name}: {ty}`")),
        Change::Changed(a, b) => retyped(&rules::RUST_FIELD_RETYPED, &format!("field `{name}`"), a, b, emit),
    });
    members(&old.variants, &new.variants, &mut |name, change| match change {
        Change::Added(fields) => emit(variant_added, format!("`{name}{fields}`")),
        Change::Removed(fields) => emit(&rules::RUST_VARIANT_REMOVED, format!("`{name}{fields}`")),
        Change::Changed(a, b) => emit(&rules::RUST_VARIANT_CHANGED, format!("`{name}{a}` → `{name}{b}`")),
    });
    let (old_methods, new_methods) = (compared(&old.methods), compared(&new.methods));
    members(&old_methods, &new_methods, &mut |name, change| match change {
        Change::Added(_) => emit(&rules::RUST_FN_ADDED, format!("`{}`", new.methods[name].shown)),
        Change::Removed(_) => emit(&rules::RUST_FN_REMOVED, format!("`{}`", old.methods[name].shown)),
        Change::Changed(..) => {
            let (a, b) = (&old.methods[name].shown, &new.methods[name].shown);
            retyped(&rules::RUST_FN_CHANGED, &format!("`{name}`"), a, b, emit);
        }
    });
    for name in old.traits.keys().chain(new.traits.keys()).collect::<BTreeSet<_>>() {
        match (old.traits.get(name), new.traits.get(name)) {
            (Some(_), None) => emit(&rules::RUST_TRAIT_REMOVED, format!("`{name}`")),
            (None, Some(added)) => emit(&rules::RUST_TRAIT_ADDED, format!("`{name}`{}", behind(&added.gate))),
            (Some(before), Some(after)) => {
                if before.gate != after.gate {
                    match &after.gate {
                        Some(_) => emit(&rules::RUST_TRAIT_NOW_GATED, format!("`{name}`{}", behind(&after.gate))),
                        None => emit(&rules::RUST_TRAIT_UNGATED, format!("`{name}`, was{}", behind(&before.gate))),
                    }
                }
                members(&before.types, &after.types, &mut |ty, change| {
                    let place = format!("`{name}::{ty}`");
                    match change {
                        Change::Changed(a, b) => retyped(&rules::RUST_TRAIT_CHANGED, &place, a, b, emit),
                        Change::Added(b) => emit(&rules::RUST_TRAIT_CHANGED, format!("{place}: `{b}` added")),
                        Change::Removed(a) => emit(&rules::RUST_TRAIT_CHANGED, format!("{place}: `{a}` removed")),
                    }
                });
            }
            (None, None) => {}
        }
    }
}

fn behind(gate: &Option<String>) -> String {
    gate.as_ref().map(|gate| format!(" behind `{gate}`")).unwrap_or_default()
}

/// A type that changed at `place`: under `rule`, unless it only gained or lost an `Option`.
fn retyped(rule: &'static Rule, place: &str, old: &str, new: &str, emit: &mut impl FnMut(&'static Rule, String)) {
    let rule = if lost_option(old, new) {
        &rules::RUST_TYPE_OPTION_REMOVED
    } else if lost_option(new, old) {
        &rules::RUST_TYPE_OPTION_ADDED
    } else {
        rule
    };
    emit(rule, format!("{place}: `{old}` → `{new}`"));
}

fn compared(methods: &BTreeMap<String, Signature>) -> BTreeMap<String, String> {
    methods.iter().map(|(name, signature)| (name.clone(), signature.compared.clone())).collect()
}

enum Change<'a> {
    Added(&'a str),
    Removed(&'a str),
    Changed(&'a str, &'a str),
}

/// Calls `each` for every member added, removed or changed between two maps, by name.
fn members<'a>(
    old: &'a BTreeMap<String, String>,
    new: &'a BTreeMap<String, String>,
    each: &mut impl FnMut(&str, Change<'a>),
) {
    for name in old.keys().chain(new.keys()).collect::<BTreeSet<_>>() {
        match (old.get(name), new.get(name)) {
            (Some(a), None) => each(name, Change::Removed(a)),
            (None, Some(b)) => each(name, Change::Added(b)),
            (Some(a), Some(b)) if a != b => each(name, Change::Changed(a, b)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tidy_text(text: &str) -> String {
        tidy(text.parse().expect("tokens"))
    }

    #[test]
    fn paths_are_compared_as_names() {
        assert_eq!(tidy_text("::std::option::Option<::std::vec::Vec<super::Xid>>"), "Option<Vec<Xid>>");
        assert_eq!(tidy_text("Option<Vec<crate::generated::Xid>>"), "Option<Vec<Xid>>");
        assert_eq!(tidy_text("crate::ResponseFuture<'a, ::std::string::String>"), "crate::ResponseFuture<'a, String>");
        assert_eq!(tidy_text("impl ::std::convert::Into<crate::Secret>"), "impl Into<crate::Secret>");
        assert_eq!(tidy_text("&'a str"), "&'a str");
        assert_eq!(tidy_text("impl ::std::iter::IntoIterator<Item = i64,>"), "impl IntoIterator<Item = i64>");
        assert_eq!(tidy_text("::serde_json::Value"), "serde_json::Value");
    }

    #[test]
    fn an_option_lost_anywhere_in_a_type_is_found() {
        assert!(lost_option("crate::Result<Option<bool>>", "crate::Result<bool>"));
        assert!(lost_option("Option<Vec<Xid>>", "Vec<Xid>"));
        assert!(!lost_option("Option<i64>", "String"));
        assert!(!lost_option("MyOption<i64>", "i64"));
    }

    #[test]
    fn a_derive_behind_cfg_attr_is_gated() {
        let surface = Surface::parse(
            "#[derive(Clone)]\n#[cfg_attr(feature = \"serialize\", derive(::serde::Serialize))]\npub struct A {}\n",
        )
        .expect("parses");
        let traits = &surface.items["A"].traits;
        assert_eq!(traits["Clone"].gate, None);
        assert_eq!(traits["Serialize"].gate.as_deref(), Some("feature = \"serialize\""));
    }
}
