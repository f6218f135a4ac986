//! `maxim-cli/src/generated/commands.rs`: the command table of the `maxim` command-line tool.
//!
//! One static row per section and per operation: the command's kebab-case name (the SDK's method name), its verbs
//! and path, its inputs with their wire names, kind (query, body member, bare body), type, whether required, enum
//! value names, and the English and Chinese help. The CLI's hand-written clap builder turns the rows into
//! `maxim <section> <operation> [required args] [--optional …]`; nothing in the table is Rust code to compile per
//! operation, so a document update changes rows, not code.

use crate::model::api::{Api, Input, Operation, Paging, ResponseShape, Ty, WireValue};
use crate::names::{self, ident};
use heck::ToKebabCase;
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::collections::BTreeSet;

/// Flags of `maxim` itself, and names the CLI gives its own arguments: an input may not take one of them.
pub const RESERVED_FLAGS: &[&str] = &[
    "all",
    "as-group-admin",
    "as-user",
    "dry-run",
    "help",
    "max-items",
    "output",
    "profile",
    "save",
    "show-secrets",
    "via",
    "file",
];

/// The table's file, or the inputs whose flags would clash (with each other or with [`RESERVED_FLAGS`]).
pub(crate) fn commands(api: &Api) -> Result<TokenStream, String> {
    let mut problems = Vec::new();
    let sections = api.sections.iter().map(|section| {
        let name = section_name(&section.module);
        let title = section.title_en.as_deref().unwrap_or(&section.title);
        let title_zh = &section.title;
        quote!(Section { name: #name, title: #title, title_zh: #title_zh },)
    });
    let mut rows = Vec::new();
    for op in &api.operations {
        match command(api, op) {
            Ok(row) => rows.push(row),
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    let section_count = Literal::usize_unsuffixed(api.sections.len());
    let command_count = Literal::usize_unsuffixed(rows.len());
    Ok(quote! {
        //! Every section and operation of the API document as a command of `maxim`; see `crate::table`.
        use crate::table::{Arg, ArgType, Command, Kind, Paging, Response, Section};
        use maxim_api::Method;
        /// The sections, in document order: `maxim <section>`.
        pub static SECTIONS: [Section; #section_count] = [#(#sections)*];
        /// Every operation, in document order: `maxim <section> <command>`.
        pub static COMMANDS: [Command; #command_count] = [#(#rows)*];
    })
}

/// A section's command name: its module's name, never raw (`user`).
fn section_name(module: &str) -> String {
    names::unraw(&ident(module).to_string()).to_owned()
}

fn command(api: &Api, op: &Operation) -> Result<TokenStream, String> {
    let section = api.sections.iter().find(|s| s.number == op.section).map(|s| section_name(&s.module));
    let section = section.unwrap_or_default();
    let name = op.name.to_kebab_case();
    let operation = format!("{}.{}", op.path.trim_start_matches('/').split('/').next().unwrap_or_default(), op.name);
    let methods = op.entries.iter().map(|entry| match entry.method {
        crate::model::doc::Method::Get => quote!(Method::Get),
        crate::model::doc::Method::Post => quote!(Method::Post),
        crate::model::doc::Method::Put => quote!(Method::Put),
        crate::model::doc::Method::Delete => quote!(Method::Delete),
    });
    let path = &op.path;
    let about = text(op.title_en.as_deref().or(op.summary.as_deref()).unwrap_or(&op.title));
    let about_zh = text(&op.title);
    let help = text(op.description_en.as_deref().unwrap_or_default());
    let help_zh = text(&op.description);
    let mut flags = BTreeSet::new();
    let mut args = Vec::new();
    let mut ordered: Vec<(&Input, bool)> =
        op.query.iter().map(|i| (i, true)).chain(op.body.iter().map(|i| (i, false))).collect();
    // Required inputs first, in argument order, as the SDK takes them; then the optional ones as documented.
    ordered.sort_by_key(|(input, _)| input.required.unwrap_or(usize::MAX));
    for (input, in_query) in ordered {
        let flag = names::unraw(&input.rust_name).to_kebab_case();
        if RESERVED_FLAGS.contains(&flag.as_str()) || !flags.insert(flag.clone()) {
            return Err(format!(
                "{} {}: input `{}` would take the flag --{flag}, which is taken; rename it in spec/overrides.toml",
                op.method(),
                op.path,
                input.wire_name
            ));
        }
        let kind = match (in_query, op.bare_body) {
            (true, _) => quote!(Kind::Query),
            (false, true) => quote!(Kind::BareBody),
            (false, false) => quote!(Kind::Body),
        };
        let (ty, list) = arg_type(api, &input.ty);
        let wire = &input.wire_name;
        let required = input.required.is_some();
        let help = text(input.doc_en.as_deref().unwrap_or_default());
        let help_zh = text(&input.doc);
        args.push(quote! {
            Arg { name: #flag, wire: #wire, kind: #kind, ty: #ty, list: #list, required: #required, help: #help, help_zh: #help_zh },
        });
    }
    let response = match &op.response {
        ResponseShape::Bytes => quote!(Response::File),
        ResponseShape::Data(Ty::Struct(name)) if name == "UploadUrl" => quote!(Response::UploadTarget),
        ResponseShape::Data(_) => quote!(Response::Data),
        ResponseShape::Envelope(_) => quote!(Response::Envelope),
    };
    let paging = match op.paging {
        Some(Paging::Cursor { .. }) => quote!(Some(Paging::Cursor)),
        Some(Paging::MessageId { .. }) => quote!(Some(Paging::MessageId)),
        Some(Paging::PageNumber { .. }) => quote!(Some(Paging::PageNumber)),
        None => quote!(None),
    };
    let dedup = match &op.dedup_key {
        Some(key) => quote!(Some(#key)),
        None => quote!(None),
    };
    Ok(quote! {
        Command {
            section: #section,
            name: #name,
            operation: #operation,
            methods: &[#(#methods),*],
            path: #path,
            about: #about,
            about_zh: #about_zh,
            help: #help,
            help_zh: #help_zh,
            args: &[#(#args)*],
            response: #response,
            paging: #paging,
            dedup: #dedup,
        },
    })
}

/// An input's type on the command line, and whether it is a list of such values (comma-separated or repeated).
/// Lists of objects, objects and undescribed JSON are one JSON value.
fn arg_type(api: &Api, ty: &Ty) -> (TokenStream, bool) {
    match ty {
        Ty::List(item) if !matches!(**item, Ty::List(_) | Ty::Struct(_) | Ty::Json | Ty::Audience) => {
            (arg_type(api, item).0, true)
        }
        Ty::Bool => (quote!(ArgType::Bool), false),
        Ty::I64 => (quote!(ArgType::Integer), false),
        Ty::F64 => (quote!(ArgType::Number), false),
        Ty::String => (quote!(ArgType::String), false),
        Ty::Secret => (quote!(ArgType::Secret), false),
        Ty::JsonString => (quote!(ArgType::JsonString), false),
        Ty::Enum(name) => {
            let Some(def) = api.enums.iter().find(|e| &e.name == name) else { return (quote!(ArgType::String), false) };
            let names = def.variants.iter().map(|variant| variant.rust_name.to_kebab_case());
            if def.is_integer() {
                let values = def.variants.iter().map(|v| match v.value {
                    WireValue::Int(number) => number,
                    WireValue::Str(_) => 0,
                });
                (quote!(ArgType::IntEnum(&[#((#names, #values)),*])), false)
            } else {
                let values = def.variants.iter().map(|v| match &v.value {
                    WireValue::Int(number) => number.to_string(),
                    WireValue::Str(text) => text.clone(),
                });
                (quote!(ArgType::StrEnum(&[#((#names, #values)),*])), false)
            }
        }
        Ty::Json | Ty::Audience | Ty::Struct(_) | Ty::List(_) => (quote!(ArgType::Json), false),
    }
}

/// Documentation text for a terminal: line breaks as `\n` (`<br>` included), no control characters.
fn text(text: &str) -> String {
    let text = super::docs::normalise(text);
    let text = text.replace("<br/>", "\n").replace("<br>", "\n");
    text.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_that_would_take_a_taken_flag_is_refused() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut api = crate::load_api(&root).expect("the spec resolves");
        assert!(commands(&api).is_ok());
        let info = api.operations.iter_mut().find(|op| op.path == "/group/info").expect("GET /group/info");
        info.query[0].rust_name = "output".into();
        let error = commands(&api).expect_err("refused");
        assert!(error.starts_with("GET /group/info: input `group_id` would take the flag --output"), "{error}");
    }
}
