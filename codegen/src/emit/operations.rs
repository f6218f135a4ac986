//! One module per section: its handle (`client.group()`), and per operation a method on the handle that takes the
//! required inputs and returns a request builder with a setter per optional input, alias verbs (`via_put`), the
//! per-call options (`timeout`, `retry`, `no_retry`), `send`, `IntoFuture`, and, for paged operations, `pages` and
//! `items` streams (and `max_empty_pages`), for downloads `stream`.
//!
//! What is emitted per operation stays thin, for compile time: `send` encodes the query and body and hands bytes to
//! the runtime's non-generic core (`crate::request::Call`); the only generic step is the decode, instantiated per
//! result type (`Call::data::<T>`), shared by every operation returning the same type.

use super::docs::{after_text, bilingual, block, code, inert, inner, outer, section_title};
use super::{ident, rust_type};
use crate::model::api::{Api, ApiSection, Input, Operation, Paging, ResponseShape, Ty, WireValue};
use crate::names::derived;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use syn::ext::IdentExt;

/// The handle type of a section: `user` → `UserApi`.
pub(crate) fn handle_name(section: &ApiSection) -> Ident {
    ident(&derived(&section.module, "Api"))
}

/// Hand-written notes for a section's module and handle docs, by module name.
const SECTION_NOTES: [(&str, &str); 1] = [(
    "token",
    "A server backend with the admin token rarely needs a user's token: [`crate::Client::as_user`] acts as any \
     user with no password. To act with the user's own token, [`crate::Client::user_session`] logs in with these \
     operations, caches the token and renews it.",
)];

/// The module of one section.
pub(crate) fn section(api: &Api, section: &ApiSection) -> TokenStream {
    let handle = handle_name(section);
    let operations: Vec<&Operation> = api.operations.iter().filter(|op| op.section == section.number).collect();
    let methods = operations.iter().map(|op| handle_method(section, op));
    let builders = operations.iter().map(|op| builder(section, op));
    let note =
        SECTION_NOTES.iter().find(|(module, _)| *module == section.module).map(|(_, note)| format!("\n\n{note}"));
    let note = note.unwrap_or_default();
    let module_doc = format!(
        "Section {} of the API document, {}: the operations under {}, reached through [`crate::Client::{}`].{note}",
        section.number,
        section_title(section),
        code(&format!("/{}/", section.path_segment)),
        ident(&section.module)
    );
    let handle_doc = format!(
        "The operations of section {} ({}). Cheap to create; borrows the client.{note}",
        section.number,
        section_title(section)
    );
    let module_doc = inner(&module_doc);
    let handle_doc = outer(&handle_doc);
    quote! {
        #module_doc
        #handle_doc
        #[derive(Clone, Copy, Debug)]
        pub struct #handle<'a> {
            client: &'a crate::Client,
        }
        impl<'a> #handle<'a> {
            pub(crate) fn new(client: &'a crate::Client) -> Self {
                Self { client }
            }
            #(#methods)*
        }
        #(#builders)*
    }
}

fn builder_name(op: &Operation) -> Ident {
    ident(&derived(&op.name, "Request"))
}

pub(crate) fn method_variant(method: crate::model::doc::Method) -> TokenStream {
    match method {
        crate::model::doc::Method::Get => quote!(crate::Method::Get),
        crate::model::doc::Method::Post => quote!(crate::Method::Post),
        crate::model::doc::Method::Put => quote!(crate::Method::Put),
        crate::model::doc::Method::Delete => quote!(crate::Method::Delete),
    }
}

/// The parameter type a setter or argument takes, and how the stored value is made from it.
pub(crate) fn parameter(ty: &Ty, value: &Ident) -> (TokenStream, TokenStream) {
    match ty {
        Ty::String | Ty::Secret | Ty::JsonString => {
            let ty = rust_type(ty);
            (quote!(impl ::std::convert::Into<#ty>), quote!(#value.into()))
        }
        Ty::List(inner) => {
            let inner = rust_type(inner);
            (quote!(impl ::std::iter::IntoIterator<Item = #inner>), quote!(#value.into_iter().collect()))
        }
        other => (rust_type(other), quote!(#value)),
    }
}

/// What the request resolves to: the promised `data` itself, the whole envelope, or the file.
fn output_type(op: &Operation) -> TokenStream {
    match &op.response {
        ResponseShape::Data(ty) => rust_type(ty),
        ResponseShape::Envelope(name) => rust_type(&Ty::Struct(name.clone())),
        ResponseShape::Bytes => quote!(crate::Download),
    }
}

/// What the operation's docs say about its result.
fn output_doc(op: &Operation) -> &'static str {
    match &op.response {
        ResponseShape::Data(Ty::Bool) => {
            "Resolves to the answer's `data`: `true` when the service did it, `false` when it did nothing (the \
             service's answer, not an error)."
        }
        ResponseShape::Data(Ty::List(_)) => "Resolves to the answer's `data` list (empty when the answer has none).",
        ResponseShape::Data(Ty::Json) => "Resolves to the answer's `data` as it came (JSON `null` when absent).",
        ResponseShape::Data(_) => {
            "Resolves to the answer's `data`; an answer without it is an [`Error::Decode`](crate::Error::Decode)."
        }
        ResponseShape::Envelope(_) => "Resolves to the whole answer: `data` with the members beside it.",
        ResponseShape::Bytes => "Resolves to the file, buffered; `.stream()` reads it piece by piece instead.",
    }
}

fn operation_doc(section: &ApiSection, op: &Operation) -> String {
    let builder = builder_name(op);
    let first = &op.entries[0];
    let summary = op.summary.as_deref().map(|summary| format!("{}\n\n", inert(summary))).unwrap_or_default();
    let mut doc = format!(
        "{summary}{}\n\n{}: entry {} of the API document (section {}).",
        bilingual(op.title_en.as_deref(), &op.title),
        code(&format!("{} {}", first.method, op.path)),
        first.number,
        section.number
    );
    for alias in &op.entries[1..] {
        let verb = alias.method.as_str().to_lowercase();
        doc.push_str(&format!(
            " The document also lists {} (entry {}): choose it with [`{builder}::via_{verb}`].",
            code(&format!("{} {}", alias.method, op.path)),
            alias.number
        ));
    }
    if let Some(english) = op.description_en.as_deref().filter(|en| !en.contains('\n')) {
        doc.push_str("\n\n");
        doc.push_str(&inert(english));
    }
    if !op.description.is_empty() {
        doc.push_str("\n\n");
        doc.push_str(&if op.description.contains('\n') { block(&op.description) } else { inert(&op.description) });
    }
    let required: Vec<String> = op.required_inputs().map(input_summary).collect();
    if !required.is_empty() {
        doc.push_str("\n\nArguments (required):");
        for line in required {
            doc.push_str(&format!("\n- {line}"));
        }
    }
    // Only a builder with optional inputs has setters to point to.
    let has_optional = op.query.iter().chain(&op.body).any(|input| input.required.is_none());
    let set = if has_optional { "Optional inputs are set on the returned" } else { "It returns a" };
    doc.push_str(&format!(
        "\n\n{set} [`{builder}`]; `.await` it (or call [`{builder}::send`]) to send it. {}",
        output_doc(op)
    ));
    if let Some(example) = &op.example {
        // The corrections' own code, not the document's text: it is meant to compile.
        doc.push_str(&format!(
            "\n\n# Example\n\n```no_run\n# async fn example(client: maxim_api::Client) -> \
             ::std::result::Result<(), ::std::boxed::Box<dyn ::std::error::Error>> {{\n{}\n# Ok(())\n# }}\n```",
            example.trim_end()
        ));
    }
    if let Some(key) = &op.dedup_key {
        doc.push_str(&format!(
            "\n\nThe service drops a repeated request with the same {key}: when none is set, the SDK generates one \
             per call before the first attempt and reuses it on every retry, so a retried call takes effect once. Set \
             your own {key} only when it is derived from the business event (an outbox row's ID, say), to make a \
             repeated business operation idempotent across restarts; never a constant or a time, or distinct \
             requests inside the service's window are dropped as repeats, with a success answer.",
            key = code(key)
        ));
    }
    doc
}

fn input_summary(input: &Input) -> String {
    let field = ident(&input.rust_name);
    let wire = if input.wire_name.is_empty() {
        " (the whole request body)".to_owned()
    } else if field.unraw() == input.wire_name {
        String::new()
    } else {
        format!(" ({} on the wire)", code(&input.wire_name))
    };
    let field = code(&field.unraw().to_string());
    let narrowed = narrowed_values(input);
    if input.doc.is_empty() || input.doc == input.wire_name {
        format!("{field}{wire}{}", narrowed.map(|note| format!(": {note}")).unwrap_or_default())
    } else {
        let doc = after_text(bilingual(input.doc_en.as_deref(), &input.doc));
        let doc = match narrowed {
            Some(note) => format!("{doc}\n\n{note}"),
            None => doc,
        };
        // Indented so that a multi-line description stays inside its list item.
        format!("{field}{wire}: {}", doc.replace('\n', "\n  "))
    }
}

/// Says which values of a shared enum the operation documents, where it documents fewer than the enum has.
fn narrowed_values(input: &Input) -> Option<String> {
    let mut ty = &input.ty;
    while let Ty::List(inner) = ty {
        ty = inner;
    }
    let (Ty::Enum(name), false) = (ty, input.documented_values.is_empty()) else { return None };
    let values: Vec<String> = input
        .documented_values
        .iter()
        .map(|value| match value {
            WireValue::Int(i) => format!("`{i}`"),
            WireValue::Str(s) => code(&format!("\"{s}\"")),
        })
        .collect();
    Some(format!("This operation documents only {} of [`{name}`](crate::{name}).", values.join(", ")))
}

fn handle_method(section: &ApiSection, op: &Operation) -> TokenStream {
    let name = ident(&op.name);
    let builder = builder_name(op);
    let doc = outer(&operation_doc(section, op));
    let method = method_variant(op.method());
    let arguments = op.required_inputs().map(|input| {
        let field = ident(&input.rust_name);
        let (ty, _) = parameter(&input.ty, &field);
        quote!(#field: #ty)
    });
    let fields = op.query.iter().chain(&op.body).map(|input| {
        let field = ident(&input.rust_name);
        if input.required.is_some() {
            let (_, value) = parameter(&input.ty, &field);
            if field == value.to_string() { quote!(#field) } else { quote!(#field: #value) }
        } else {
            quote!(#field: ::std::option::Option::None)
        }
    });
    quote! {
        #doc
        pub fn #name(&self, #(#arguments),*) -> #builder<'a> {
            #builder {
                client: self.client,
                method: #method,
                options: ::std::default::Default::default(),
                #(#fields,)*
            }
        }
    }
}

fn builder(section: &ApiSection, op: &Operation) -> TokenStream {
    let builder = builder_name(op);
    let handle = handle_name(section);
    let operation_name = ident(&op.name);
    let inputs: Vec<&Input> = op.query.iter().chain(&op.body).collect();
    let struct_doc = format!(
        "A {} request, made by [`{handle}::{operation_name}`]: set optional inputs, then `.await` it.",
        code(&format!("{} {}", op.method(), op.path))
    );
    let fields = inputs.iter().map(|input| {
        let field = ident(&input.rust_name);
        let ty = rust_type(&input.ty);
        if input.required.is_some() { quote!(#field: #ty) } else { quote!(#field: ::std::option::Option<#ty>) }
    });
    let setters = inputs.iter().filter(|input| input.required.is_none()).map(|input| {
        let field = ident(&input.rust_name);
        let set = format_ident!("set_{}", field.unraw().to_string().trim_start_matches('_'));
        let (ty, value) = parameter(&input.ty, &field);
        let doc = outer(&input_summary(input));
        let set_doc = outer(&format!(
            "Sets or clears {} (`None`: not sent), to pass an optional value through; see [`Self::{}`].",
            code(&field.unraw().to_string()),
            field.unraw()
        ));
        let stored = rust_type(&input.ty);
        quote! {
            #doc
            pub fn #field(mut self, #field: #ty) -> Self {
                self.#field = ::std::option::Option::Some(#value);
                self
            }
            #set_doc
            pub fn #set(mut self, #field: ::std::option::Option<#stored>) -> Self {
                self.#field = #field;
                self
            }
        }
    });
    let aliases = op.entries[1..].iter().map(|alias| {
        let name = format_ident!("via_{}", alias.method.as_str().to_lowercase());
        let method = method_variant(alias.method);
        let doc = format!(
            "Sends this request as {} (entry {}) instead of `{}`; the document lists both.",
            code(&format!("{} {}", alias.method, op.path)),
            alias.number,
            op.method()
        );
        let doc = outer(&doc);
        quote! {
            #doc
            pub fn #name(mut self) -> Self {
                self.method = #method;
                self
            }
        }
    });
    let struct_doc = outer(&struct_doc);
    let output = output_type(op);
    let send = send_method(op);
    let paging = paging_methods(op);
    let stream = matches!(op.response, ResponseShape::Bytes).then(|| {
        let call = call(op, quote!(.stream()));
        quote! {
            /// Sends the request; the file comes as a [`crate::DownloadStream`] to read piece by piece, within its
            /// own size limit.
            pub fn stream(self) -> crate::ResponseFuture<'a, crate::DownloadStream> {
                #call
            }
        }
    });
    quote! {
        #struct_doc
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        #[must_use = "a request does nothing until it is awaited or sent"]
        pub struct #builder<'a> {
            client: &'a crate::Client,
            method: crate::Method,
            options: crate::request::CallOptions,
            #(#fields,)*
        }
        impl<'a> #builder<'a> {
            #(#setters)*
            #(#aliases)*
            /// The timeout of each attempt of this call, from connecting to the end of the body, instead of the
            /// client's ([`crate::ClientBuilder::attempt_timeout`]).
            pub fn attempt_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.options.attempt_timeout = ::std::option::Option::Some(timeout);
                self
            }
            /// The timeout of this whole call, every attempt and wait included, instead of the client's
            /// ([`crate::ClientBuilder::operation_timeout`]).
            pub fn operation_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.options.operation_timeout = ::std::option::Option::Some(timeout);
                self
            }
            /// The retry policy of this call instead of the client's.
            pub fn retry(mut self, policy: crate::RetryPolicy) -> Self {
                self.options.retry = ::std::option::Option::Some(policy);
                self
            }
            /// Sends this call once, whatever the retry policy.
            pub fn no_retry(self) -> Self {
                self.retry(crate::RetryPolicy::none())
            }
            #send
            #stream
            #paging
        }
        impl<'a> ::std::future::IntoFuture for #builder<'a> {
            type Output = crate::Result<#output>;
            type IntoFuture = crate::ResponseFuture<'a, #output>;
            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    }
}

/// `send`: fill in the de-duplication key, encode, and hand the bytes over to the runtime.
fn send_method(op: &Operation) -> TokenStream {
    let output = output_type(op);
    let dedup = op.dedup_key.as_ref().and_then(|key| op.query.iter().chain(&op.body).find(|i| &i.wire_name == key));
    // A required key is always the caller's.
    // Whether the key is the caller's (sent again by another `send()` of the same request) is noted first.
    let fill = dedup.filter(|input| input.required.is_none()).map(|input| {
        let field = ident(&input.rust_name);
        quote! {
            let caller_key = self.#field.is_some();
            self.#field.get_or_insert_with(crate::request::DedupKey::generate);
        }
    });
    let receiver = if fill.is_some() { quote!(mut self) } else { quote!(self) };
    let decode = match &op.response {
        ResponseShape::Data(Ty::List(_) | Ty::Json) => quote!(data_or_default),
        ResponseShape::Data(_) => quote!(data),
        ResponseShape::Envelope(_) => quote!(envelope),
        ResponseShape::Bytes => quote!(download),
    };
    let call = call(op, quote!(.#decode()));
    quote! {
        /// Sends the request; the returned future resolves to the decoded answer.
        pub fn send(#receiver) -> crate::ResponseFuture<'a, #output> {
            #fill
            #call
        }
    }
}

/// Inputs encoded in one chained expression. prettyplease and rustc recurse once per chained call, so a longer list
/// goes on in `let call = call…;` statements: the code's depth does not grow with a table's rows.
const INPUTS_PER_CHAIN: usize = 32;

/// The runtime call of an operation with its query and body encoded: one `param`/`member` call per input, so that
/// no serializer is derived per operation (compile time). `finish` (`.data()`, …) ends the last expression; the
/// result is the tail of a function body.
fn call(op: &Operation, finish: TokenStream) -> TokenStream {
    let operation_id = format!("{}.{}", op.path.trim_start_matches('/').split('/').next().unwrap_or_default(), op.name);
    let path = &op.path;
    let encode = |input: &Input, required: TokenStream, optional: TokenStream| {
        let field = ident(&input.rust_name);
        let wire = &input.wire_name;
        if input.required.is_some() {
            quote! { .#required(#wire, &self.#field) }
        } else {
            quote! { .#optional(#wire, &self.#field) }
        }
    };
    let mut links: Vec<TokenStream> = Vec::new();
    // `caller_key` is set by `send` when the key is an optional input: only a key the caller chose is theirs.
    let optional_key = op.dedup_key.as_ref().is_some_and(|key| {
        op.query.iter().chain(&op.body).any(|input| &input.wire_name == key && input.required.is_none())
    });
    links.extend(
        op.dedup_key
            .as_ref()
            .map(|_| if optional_key { quote!(.deduplicated(caller_key)) } else { quote!(.deduplicated(true)) }),
    );
    links.extend(op.query.iter().map(|input| encode(input, quote!(param), quote!(param_if))));
    match (op.bare_body, op.body.as_slice()) {
        (_, []) => {}
        // A bare body is the value itself (a string or an array), not an object holding it.
        (true, [input]) => {
            let field = ident(&input.rust_name);
            links.push(match input.required {
                Some(_) => quote! { .json(&self.#field) },
                None => quote! { .json_if(self.#field.as_ref()) },
            });
        }
        (_, inputs) => {
            links.push(quote!(.object()));
            links.extend(inputs.iter().map(|input| encode(input, quote!(member), quote!(member_if))));
        }
    }
    let head = quote! { crate::request::Call::new(self.client, #operation_id, self.method, #path, self.options) };
    let mut chunks = links.chunks(INPUTS_PER_CHAIN);
    let first = chunks.next().unwrap_or_default();
    let rest: Vec<&[TokenStream]> = chunks.collect();
    let Some((last, middle)) = rest.split_last() else {
        return quote! { #head #(#first)* #finish };
    };
    quote! {
        let call = #head #(#first)*;
        #(let call = call #(#middle)*;)*
        call #(#last)* #finish
    }
}

/// `pages`, `items` and `max_empty_pages` for paged operations.
fn paging_methods(op: &Operation) -> TokenStream {
    // The digest of a page's item member (`page.#member`, an `Option`), `None` when it holds nothing.
    let content_digest = |member: &Ident, ty: &Ty| match ty {
        Ty::List(_) => quote!(crate::paging::list_digest(page.#member.as_deref())),
        Ty::Json => quote!(crate::paging::json_digest(&page.#member)),
        _ => quote!(page.#member.as_ref().map(crate::paging::digest)),
    };
    let (walk, items) = match &op.paging {
        Some(Paging::Cursor { page: page_name, data }) => {
            let page = rust_type(&Ty::Struct(page_name.clone()));
            let (start, following) = walk_input(op, "cursor", quote!(cursor.to_owned()));
            let empty = content_digest(&format_ident!("data"), data);
            let items = match data {
                Ty::List(item) => Some((rust_type(item), quote!(|page: #page| page.data.unwrap_or_default()))),
                _ => None,
            };
            let walk = quote! {
                /// Sends this request, then follows the response's `cursor` until a page comes without one (or with
                /// an empty one), yielding every page. The walk also ends on a cursor seen before, on a page whose
                /// items repeat an earlier page's (a server going round in circles; that page is not yielded), and
                /// after [`Self::max_empty_pages`] empty pages in a row; the first error ends it too. Memory does
                /// not grow with the pages seen.
                pub fn pages(self) -> impl ::futures::Stream<Item = crate::Result<#page>> + ::std::marker::Send + 'a {
                    let start = #start;
                    let max_empty = self.options.max_empty_pages();
                    let next = |request: &Self, page: &#page| {
                        let cursor = page.cursor.as_deref().filter(|cursor| !cursor.is_empty())?;
                        let following = #following;
                        ::std::option::Option::Some((following, cursor.to_owned()))
                    };
                    crate::paging::pages(self, start, max_empty, Self::send, next, |page: &#page| #empty)
                }
            };
            (walk, items)
        }
        Some(Paging::MessageId { page: page_name, messages }) => {
            let page = rust_type(&Ty::Struct(page_name.clone()));
            let (start, following) = walk_input(op, "msg_id_start", quote!(next));
            let empty = content_digest(&format_ident!("messages"), messages);
            let items = match messages {
                Ty::List(item) => Some((rust_type(item), quote!(|page: #page| page.messages.unwrap_or_default()))),
                _ => None,
            };
            let walk = quote! {
                /// Sends this request, then asks for the messages from `next_msg_id` on until a page says `is_last`
                /// (or has no `next_msg_id`), yielding every page. The walk also ends on a `next_msg_id` seen
                /// before, on a page whose messages repeat an earlier page's (not yielded), and after
                /// [`Self::max_empty_pages`] empty pages in a row; the first error ends it too.
                pub fn pages(self) -> impl ::futures::Stream<Item = crate::Result<#page>> + ::std::marker::Send + 'a {
                    let start = #start;
                    let max_empty = self.options.max_empty_pages();
                    let next = |request: &Self, page: &#page| {
                        if page.is_last == ::std::option::Option::Some(true) {
                            return ::std::option::Option::None;
                        }
                        let next = page.next_msg_id?;
                        let following = #following;
                        ::std::option::Option::Some((following, next))
                    };
                    crate::paging::pages(self, start, max_empty, Self::send, next, |page: &#page| #empty)
                }
            };
            (walk, items)
        }
        Some(Paging::PageNumber { item }) => {
            let item = rust_type(item);
            let page = quote!(::std::vec::Vec<#item>);
            let (_, following) = walk_input(op, "page_num", quote!(next));
            let size = op.query.iter().find(|q| q.wire_name == "page_size").map(|q| ident(&q.rust_name));
            // A page shorter than the size asked for is the last one.
            let short = size.map(|size| {
                quote! {
                    if request.#size.is_some_and(|size| (page.len() as i64) < size) {
                        return ::std::option::Option::None;
                    }
                }
            });
            let walk = quote! {
                /// Sends this request, then asks for the following pages (`page_num` + 1) until one comes back empty
                /// or shorter than `page_size`, yielding every page. The walk also ends on a page that repeats one
                /// seen before (a server ignoring `page_num`: that page is not yielded), after
                /// [`Self::max_empty_pages`] empty pages in a row, and on the first error. Repeats are found by a
                /// fixed-size digest of each page: memory does not grow with the pages seen.
                pub fn pages(self) -> impl ::futures::Stream<Item = crate::Result<#page>> + ::std::marker::Send + 'a {
                    // Page numbers never repeat: a page's own contents tell a walk going round in circles.
                    let start: ::std::option::Option<i64> = ::std::option::Option::None;
                    let max_empty = self.options.max_empty_pages();
                    let next = |request: &Self, page: &#page| {
                        if page.is_empty() {
                            return ::std::option::Option::None;
                        }
                        #short
                        let next = request.page_num.unwrap_or(1).checked_add(1)?;
                        let following = #following;
                        ::std::option::Option::Some((following, next))
                    };
                    crate::paging::pages(self, start, max_empty, Self::send, next, |page: &#page| {
                        crate::paging::list_digest(::std::option::Option::Some(page.as_slice()))
                    })
                }
            };
            (walk, Some((item, quote!(|page: #page| page))))
        }
        None => return quote!(),
    };
    let items = items.map(|(item, extract)| {
        quote! {
            /// Walks the pages like [`Self::pages`] and yields the items of every page, each once.
            pub fn items(self) -> impl ::futures::Stream<Item = crate::Result<#item>> + ::std::marker::Send + 'a {
                crate::paging::items(self.pages(), #extract)
            }
        }
    });
    quote! {
        #walk
        #items
        /// How many empty pages in a row end the walk of [`Self::pages`] (default 3): a guard against a server that
        /// keeps answering empty pages with new cursors.
        pub fn max_empty_pages(mut self, pages: u32) -> Self {
            self.options.max_empty_pages = ::std::option::Option::Some(pages);
            self
        }
    }
}

/// For the walk of a paged operation over its input `wire_name`: the first request's value (`start`, as the walk's
/// first cursor) and the next request (`following`, from `request` with the input set to `value`). A required input
/// is a plain field; an optional one is set through its setter.
fn walk_input(op: &Operation, wire_name: &str, value: TokenStream) -> (TokenStream, TokenStream) {
    let input = op.query.iter().find(|q| q.wire_name == wire_name);
    let field = ident(input.map_or(wire_name, |input| input.rust_name.as_str()));
    if input.is_some_and(|input| input.required.is_some()) {
        let start = quote!(::std::option::Option::Some(::std::clone::Clone::clone(&self.#field)));
        let following = quote! {{
            let mut following = request.clone();
            following.#field = #value;
            following
        }};
        (start, following)
    } else {
        (quote!(::std::clone::Clone::clone(&self.#field)), quote!(request.clone().#field(#value)))
    }
}
