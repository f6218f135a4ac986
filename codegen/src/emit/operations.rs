//! One module per section: its handle (`client.group()`), and per operation a method on the handle that takes the
//! required inputs and returns a request builder with a setter per optional input, alias verbs (`via_put`), `send`,
//! `IntoFuture`, and, for paged operations, `pages` and `items` streams.

use super::docs::{block, code, inert, inert_after, inert_line, inner, outer};
use super::{ident, rust_type};
use crate::api::{Api, ApiSection, Input, Operation, Paging, ResponseShape, Ty};
use crate::names::derived;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use syn::ext::IdentExt;

/// The handle type of a section: `user` → `UserApi`.
pub(crate) fn handle_name(section: &ApiSection) -> Ident {
    ident(&derived(&section.module, "Api"))
}

/// The module of one section.
pub(crate) fn section(api: &Api, section: &ApiSection) -> TokenStream {
    let handle = handle_name(section);
    let operations: Vec<&Operation> = api.operations.iter().filter(|op| op.section == section.number).collect();
    let methods = operations.iter().map(|op| handle_method(section, op));
    let builders = operations.iter().map(|op| builder(api, section, op));
    let module_doc = format!(
        "Section {} of the API document, {}: the operations under {}, reached through [`crate::Client::{}`].",
        section.number,
        inert_line(&section.title),
        code(&format!("/{}/", super::path_prefix(api, section))),
        ident(&section.module)
    );
    let handle_doc = format!(
        "The operations of section {} ({}). Cheap to create; borrows the client.",
        section.number,
        inert_line(&section.title)
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

fn method_variant(method: crate::doc::Method) -> TokenStream {
    match method {
        crate::doc::Method::Get => quote!(crate::Method::Get),
        crate::doc::Method::Post => quote!(crate::Method::Post),
        crate::doc::Method::Put => quote!(crate::Method::Put),
        crate::doc::Method::Delete => quote!(crate::Method::Delete),
    }
}

/// The parameter type a setter or argument takes, and how the stored value is made from it.
fn parameter(ty: &Ty, value: &Ident) -> (TokenStream, TokenStream) {
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

/// What `send` returns.
fn output_type(op: &Operation) -> TokenStream {
    match &op.response {
        ResponseShape::Data(Ty::List(inner)) => {
            let inner = rust_type(inner);
            quote!(::std::vec::Vec<#inner>)
        }
        ResponseShape::Data(ty) => {
            let ty = rust_type(ty);
            quote!(::std::option::Option<#ty>)
        }
        ResponseShape::Envelope(name) => rust_type(&Ty::Struct(name.clone())),
        ResponseShape::Bytes => quote!(crate::Download),
    }
}

fn operation_doc(section: &ApiSection, op: &Operation) -> String {
    let builder = builder_name(op);
    let first = &op.entries[0];
    let mut doc = format!(
        "{}\n\n{}: entry {} of the API document (section {}).",
        inert(&op.title),
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
    doc.push_str(&format!(
        "\n\nOptional inputs are set on the returned [`{builder}`]; `.await` it (or call [`{builder}::send`]) to send it."
    ));
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
    if input.doc.is_empty() || input.doc == input.wire_name {
        format!("{field}{wire}")
    } else {
        // Indented so that a multi-line description stays inside its list item.
        format!("{field}{wire}: {}", inert_after(&input.doc).replace('\n', "\n  "))
    }
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
            quote!(#field: None)
        }
    });
    quote! {
        #doc
        pub fn #name(&self, #(#arguments),*) -> #builder<'a> {
            #builder {
                client: self.client,
                method: #method,
                #(#fields,)*
            }
        }
    }
}

fn builder(api: &Api, section: &ApiSection, op: &Operation) -> TokenStream {
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
        let (ty, value) = parameter(&input.ty, &field);
        let doc = outer(&input_summary(input));
        quote! {
            #doc
            pub fn #field(mut self, #field: #ty) -> Self {
                self.#field = Some(#value);
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
    let send = send_body(op);
    let paging = paging_methods(api, op);
    quote! {
        #struct_doc
        #[derive(Clone, Debug)]
        #[must_use = "a request does nothing until it is awaited or sent"]
        pub struct #builder<'a> {
            client: &'a crate::Client,
            method: crate::Method,
            #(#fields,)*
        }
        impl<'a> #builder<'a> {
            #(#setters)*
            #(#aliases)*
            /// Sends the request and decodes the response.
            pub async fn send(self) -> crate::Result<#output> {
                #send
            }
            #paging
        }
        impl<'a> ::std::future::IntoFuture for #builder<'a> {
            type Output = crate::Result<#output>;
            type IntoFuture = ::futures::future::BoxFuture<'a, Self::Output>;
            fn into_future(self) -> Self::IntoFuture {
                ::std::boxed::Box::pin(self.send())
            }
        }
    }
}

/// A borrowed serializable view of some inputs, or `None` when there are none.
fn view(name: &Ident, inputs: &[Input]) -> Option<(TokenStream, TokenStream)> {
    if inputs.is_empty() {
        return None;
    }
    let fields = inputs.iter().map(|input| {
        let field = ident(&input.rust_name);
        let ty = rust_type(&input.ty);
        // serde takes the identifier without `r#`: rename whenever that is not the wire name.
        let rename = (field.unraw() != input.wire_name).then(|| {
            let wire = &input.wire_name;
            quote!(#[serde(rename = #wire)])
        });
        if input.required.is_some() {
            quote!(#rename #field: &'r #ty)
        } else {
            quote! {
                #rename
                #[serde(skip_serializing_if = "::std::option::Option::is_none")]
                #field: &'r ::std::option::Option<#ty>
            }
        }
    });
    let values = inputs.iter().map(|input| {
        let field = ident(&input.rust_name);
        quote!(#field: &self.#field)
    });
    let definition = quote! {
        #[derive(::serde::Serialize)]
        struct #name<'r> {
            #(#fields,)*
        }
    };
    Some((definition, quote!(#name { #(#values,)* })))
}

fn send_body(op: &Operation) -> TokenStream {
    let operation_id = format!("{}.{}", op.path.trim_start_matches('/').split('/').next().unwrap_or_default(), op.name);
    let path = &op.path;
    let query = view(&format_ident!("Query"), &op.query);
    let query_definition = query.as_ref().map(|(definition, _)| definition.clone());
    let query_value = query.map(|(_, value)| value).unwrap_or_else(|| quote!(()));
    let (body_definition, body_value) = match (op.bare_body, op.body.as_slice()) {
        // A bare body is the value itself (a string or an array), not an object holding it.
        (true, [input]) => {
            let field = ident(&input.rust_name);
            let value =
                if input.required.is_some() { quote!(Some(&self.#field)) } else { quote!(self.#field.as_ref()) };
            (None, value)
        }
        _ => match view(&format_ident!("Body"), &op.body) {
            Some((definition, value)) => (Some(definition), quote!(Some(&#value))),
            None => (None, quote!(None::<&()>)),
        },
    };
    let endpoint = quote! {
        let endpoint = crate::request::Endpoint { operation: #operation_id, method: self.method, path: #path };
    };
    let call = match &op.response {
        ResponseShape::Bytes => quote! { self.client.send_download(endpoint, &#query_value).await },
        ResponseShape::Envelope(_) => quote! { self.client.send_json(endpoint, &#query_value, #body_value).await },
        ResponseShape::Data(ty) => {
            let data = rust_type(ty);
            let unwrap = if matches!(ty, Ty::List(_)) { quote!(.unwrap_or_default()) } else { quote!() };
            quote! {
                let reply: crate::request::DataOnly<#data> =
                    self.client.send_json(endpoint, &#query_value, #body_value).await?;
                Ok(reply.data #unwrap)
            }
        }
    };
    quote! {
        #query_definition
        #body_definition
        #endpoint
        #call
    }
}

/// `pages` and `items` for paged operations.
fn paging_methods(api: &Api, op: &Operation) -> TokenStream {
    let member_ty = |type_name: &str, member: &str| {
        api.types
            .iter()
            .find(|t| t.name == type_name)
            .and_then(|t| t.fields.iter().find(|f| f.wire_name == member))
            .map(|f| f.ty.clone())
    };
    match (&op.paging, &op.response) {
        (Some(Paging::Cursor), ResponseShape::Envelope(page_name)) => {
            let page = rust_type(&Ty::Struct(page_name.clone()));
            let items = match member_ty(page_name, "data") {
                Some(Ty::List(item)) => {
                    let item = rust_type(&item);
                    quote! {
                        /// Follows the cursor like [`Self::pages`] and yields the items of every page, each once.
                        pub fn items(
                            self,
                        ) -> impl ::futures::Stream<Item = crate::Result<#item>> + ::std::marker::Send + 'a {
                            crate::paging::items(self.pages(), |page: #page| page.data.unwrap_or_default())
                        }
                    }
                }
                _ => quote!(),
            };
            quote! {
                /// Sends this request, then follows the response's `cursor` until a page comes without one (or
                /// repeats the cursor it was asked for), yielding every page. The first error ends the stream.
                pub fn pages(self) -> impl ::futures::Stream<Item = crate::Result<#page>> + ::std::marker::Send + 'a {
                    crate::paging::pages(self, Self::send, |request: &Self, page: &#page| {
                        let cursor = page.cursor.as_deref().filter(|cursor| !cursor.is_empty())?;
                        (request.cursor.as_deref() != Some(cursor)).then(|| request.clone().cursor(cursor))
                    })
                }
                #items
            }
        }
        (Some(Paging::MessageId), ResponseShape::Data(Ty::Struct(page_name))) => {
            let page = rust_type(&Ty::Struct(page_name.clone()));
            let items = match member_ty(page_name, "messages") {
                Some(Ty::List(item)) => {
                    let item = rust_type(&item);
                    quote! {
                        /// Follows the history like [`Self::pages`] and yields every message, each once.
                        pub fn items(
                            self,
                        ) -> impl ::futures::Stream<Item = crate::Result<#item>> + ::std::marker::Send + 'a {
                            crate::paging::items(self.pages(), |page: ::std::option::Option<#page>| {
                                page.and_then(|page| page.messages).unwrap_or_default()
                            })
                        }
                    }
                }
                _ => quote!(),
            };
            quote! {
                /// Sends this request, then asks for the messages from `next_msg_id` on until a page says
                /// `is_last` (or has no `next_msg_id`), yielding every page. The first error ends the stream.
                pub fn pages(
                    self,
                ) -> impl ::futures::Stream<Item = crate::Result<::std::option::Option<#page>>>
                       + ::std::marker::Send
                       + 'a {
                    crate::paging::pages(self, Self::send, |request: &Self, page: &::std::option::Option<#page>| {
                        let page = page.as_ref()?;
                        if page.is_last == Some(true) {
                            return None;
                        }
                        let next = page.next_msg_id?;
                        (request.msg_id_start != Some(next)).then(|| request.clone().msg_id_start(next))
                    })
                }
                #items
            }
        }
        _ => quote!(),
    }
}
