//! Named object types (`types.rs`) and enums (`enums.rs`).

use super::docs::{bilingual, code, inert, outer};
use super::{ident, rust_type};
use crate::model::api::{Api, EnumDef, Member, Presence, Ty, TypeDef, WireValue};
use proc_macro2::TokenStream;
use quote::quote;
use syn::ext::IdentExt;

/// Every named object type: fields optional when decoding unless required or always sent, unknown fields ignored.
pub(crate) fn structs(api: &Api) -> TokenStream {
    let defs = api.types.iter().map(struct_def);
    quote! {
        //! The object types of the API, one per distinct shape in the document.
        //!
        //! A field is an `Option` unless the document marks it required (必填) in a request, or the corrections
        //! state that the service always sends it (an entity's ID, a token): an answer without such a field is an
        //! `Error::Decode` naming its JSON path. Unknown fields are ignored when decoding.
        //!
        //! The types are `#[non_exhaustive]`, so that a field the document adds later is not a breaking change: build
        //! one sent in requests with `new` (its required fields) or `Default`, then its `with_*` setters (every type
        //! has them, so that a test builds an answer's fixture in one expression), or assign its public fields. A type
        //! only received whose IDs are plain has `Default` only with the crate feature `mock`, for such fixtures.
        //! Types sent in requests implement `Serialize`; the others do with the crate feature `serialize`.
        #(#defs)*
    }
}

fn struct_def(def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let mut doc = if def.doc.is_empty() { inert(&def.name) } else { bilingual(def.doc_en.as_deref(), &def.doc) };
    doc.push_str("\n\nOccurs in the document at:");
    for occurrence in &def.occurrences {
        doc.push_str(&format!("\n- {}", code(&occurrence.to_string())));
    }
    let sent = def.sent;
    let plain = def.fields.iter().any(Member::is_plain);
    // Under `mock` a type only received has `Default` all the same when its plain fields have one (an enum has none).
    let mock_default = plain
        && !sent
        && def.fields.iter().filter(|f| f.is_plain()).all(|f| {
            matches!(
                f.ty,
                Ty::Bool | Ty::I64 | Ty::F64 | Ty::String | Ty::Secret | Ty::JsonString | Ty::Json | Ty::List(_)
            )
        });
    if mock_default {
        doc.push_str(
            "\n\nImplements `Default` (zero IDs, empty texts) only with the crate feature `mock`, for test fixtures: in an answer, \
             IDs come from the service, and a made-up 0 would pass for one.",
        );
    }
    let doc = outer(&doc);
    let fields = def.fields.iter().map(|field| {
        let field_name = ident(&field.rust_name);
        let ty = rust_type(&field.ty);
        // serde takes the identifier without `r#`: rename whenever that is not the wire name.
        let renamed = field_name.unraw() != field.wire_name;
        let mut doc =
            if field.doc.is_empty() { code(&field.wire_name) } else { bilingual(field.doc_en.as_deref(), &field.doc) };
        if renamed && !field.doc.is_empty() {
            doc.push_str(&format!("\n\n{} on the wire.", code(&field.wire_name)));
        }
        match &field.presence {
            Presence::Optional => {}
            Presence::Required => doc.push_str("\n\nRequired (必填): given to `new`."),
            Presence::AlwaysSent(reason) => doc.push_str(&format!(
                "\n\nAlways sent by the service ({}); an answer without it is an `Error::Decode`.",
                inert(reason.trim_end_matches('.'))
            )),
        }
        let doc = outer(&doc);
        let wire = &field.wire_name;
        // Attributes of the `Serialize` derive only (decoding is `decode_members` below), which types only received
        // have with feature `serialize` alone.
        let serde = match (renamed, field.is_plain()) {
            (false, true) => None,
            (true, true) => Some(quote!(serde(rename = #wire))),
            (false, false) => Some(quote!(serde(skip_serializing_if = "::std::option::Option::is_none"))),
            (true, false) => {
                Some(quote!(serde(rename = #wire, skip_serializing_if = "::std::option::Option::is_none")))
            }
        };
        let serde = serde
            .map(|serde| if sent { quote!(#[#serde]) } else { quote!(#[cfg_attr(feature = "serialize", #serde)]) });
        let ty = if field.is_plain() { ty } else { quote!(::std::option::Option<#ty>) };
        quote! {
            #doc
            #serde
            pub #field_name: #ty,
        }
    });
    // A type with plain fields has no `Default`: a default ID or token would be sent, or accepted, in silence. One only
    // received has it under the test-support feature `mock`, so that a test builds an answer's fixture from it.
    let default = (!plain).then(|| quote!(Default,));
    let mock_default = mock_default.then(|| quote!(#[cfg_attr(feature = "mock", derive(Default))]));
    // Types only received are serialized on request (feature `serialize`): the derive costs compile time that most
    // users never need.
    let derive = if sent {
        quote!(#[derive(Clone, Debug, #default PartialEq, ::serde::Serialize)])
    } else {
        quote! {
            #[derive(Clone, Debug, #default PartialEq)]
            #mock_default
            #[cfg_attr(feature = "serialize", derive(::serde::Serialize))]
        }
    };
    let deserialize = deserialize_impl(def);
    let setters = builders(def, sent);
    quote! {
        #doc
        #derive
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
        #deserialize
        #setters
    }
}

/// `new` taking the plain fields, for a type that has any (sent: the required fields; received: what the service
/// always sends, so that tests can build fixtures), and for a type sent in requests a `with_*` setter per optional
/// field.
fn builders(def: &TypeDef, sent: bool) -> Option<TokenStream> {
    let name = ident(&def.name);
    let constructor = (!def.new_arguments.is_empty()).then(|| {
        let parameters = def.new_arguments.iter().map(|&index| {
            let field_name = ident(&def.fields[index].rust_name);
            let (parameter, _) = super::operations::parameter(&def.fields[index].ty, &field_name);
            quote!(#field_name: #parameter)
        });
        let values = def.fields.iter().map(|field| {
            let field_name = ident(&field.rust_name);
            if field.is_plain() {
                let (_, value) = super::operations::parameter(&field.ty, &field_name);
                // Shorthand where the argument is stored as it is (clippy: redundant_field_names).
                if field_name == value.to_string() {
                    quote!(#field_name)
                } else {
                    quote!(#field_name: #value)
                }
            } else {
                quote!(#field_name: ::std::option::Option::None)
            }
        });
        let doc = outer(if sent {
            "A value with its required fields; set the optional ones with the `with_*` setters."
        } else {
            "A value with the fields the service always sends (a fixture for tests); set the optional ones with the `with_*` setters."
        });
        quote! {
            #doc
            pub fn new(#(#parameters),*) -> Self {
                Self { #(#values),* }
            }
        }
    });
    // Every type has its setters: a request is built with them, and a test builds an answer's fixture with them.
    let setters: Vec<TokenStream> = def
        .fields
        .iter()
        .filter(|field| !field.is_plain())
        .map(|field| {
            let field_name = ident(&field.rust_name);
            // `_1` gives `with_1`: `with__1` is not snake case.
            let setter = ident(&format!("with_{}", field_name.unraw().to_string().trim_start_matches('_')));
            let (parameter, value) = super::operations::parameter(&field.ty, &field_name);
            let doc = outer(&format!("Sets {}.", code(&field_name.unraw().to_string())));
            quote! {
                #doc
                pub fn #setter(mut self, #field_name: #parameter) -> Self {
                    self.#field_name = ::std::option::Option::Some(#value);
                    self
                }
            }
        })
        .collect();
    // A page of a cursor walk: its next cursor, the service's empty cursor on the last page normalised to `None`.
    let next_cursor =
        def.fields.iter().find(|field| field.wire_name == "cursor" && matches!(field.ty, Ty::String)).map(|field| {
            let field_name = ident(&field.rust_name);
            quote! {
                /// The cursor of the page after this one: `None` on the last page, whether the service left
                /// `cursor` out or sent it empty (`""`), so that `Some` always means there is more to ask for.
                pub fn next_cursor(&self) -> ::std::option::Option<&str> {
                    self.#field_name.as_deref().filter(|cursor| !cursor.is_empty())
                }
            }
        });
    if constructor.is_none() && setters.is_empty() && next_cursor.is_none() {
        return None;
    }
    Some(quote! {
        impl #name {
            #constructor
            #(#setters)*
            #next_cursor
        }
    })
}

/// `Deserialize` by the runtime's member loop (`crate::decode::Members`): one `match` on the wire names per type,
/// where `#[derive(Deserialize)]` would also emit a visitor for JSON arrays and a field enum with its own visitor,
/// most of the crate's compile time. Unknown members are skipped, absent ones stay `None`, as the derive did. A type
/// with plain fields decodes into a draft (every field an `Option`, `{Name}Draft`), which `finish` turns into the
/// type or the wire name of the first plain field missing.
fn deserialize_impl(def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let name_text = &def.name;
    let plain = def.fields.iter().any(Member::is_plain);
    let arms = def.fields.iter().map(|field| {
        let field_name = ident(&field.rust_name);
        let wire = &field.wire_name;
        quote!(#wire => draft.#field_name = map.next_value()?,)
    });
    let body = if def.fields.is_empty() {
        quote! {
            let _ = (draft, member, map);
            ::std::result::Result::Ok(false)
        }
    } else {
        quote! {
            match member {
                #(#arms)*
                _ => return ::std::result::Result::Ok(false),
            }
            ::std::result::Result::Ok(true)
        }
    };
    let (draft_type, draft_def, finish) = if plain {
        let draft = ident(&format!("{}Draft", def.name));
        let draft_fields = def.fields.iter().map(|field| {
            let field_name = ident(&field.rust_name);
            let ty = rust_type(&field.ty);
            quote!(#field_name: ::std::option::Option<#ty>,)
        });
        let values = def.fields.iter().map(|field| {
            let field_name = ident(&field.rust_name);
            let wire = &field.wire_name;
            if field.is_plain() {
                quote!(#field_name: draft.#field_name.ok_or(#wire)?,)
            } else {
                quote!(#field_name: draft.#field_name,)
            }
        });
        let draft_doc = outer(&format!("The members of a `{}` as they arrive.", def.name));
        let draft_def = quote! {
            #draft_doc
            #[derive(Default)]
            pub(crate) struct #draft {
                #(#draft_fields)*
            }
        };
        let finish = quote!(::std::result::Result::Ok(Self { #(#values)* }));
        (quote!(#draft), Some(draft_def), finish)
    } else {
        (quote!(Self), None, quote!(::std::result::Result::Ok(draft)))
    };
    quote! {
        #draft_def
        impl crate::decode::Members for #name {
            type Draft = #draft_type;
            fn decode_member<'de, A: ::serde::de::MapAccess<'de>>(
                draft: &mut Self::Draft,
                member: &str,
                map: &mut A,
            ) -> ::std::result::Result<bool, A::Error> {
                #body
            }
            fn finish(draft: Self::Draft) -> ::std::result::Result<Self, &'static str> {
                #finish
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::decode::members(deserializer, #name_text)
            }
        }
    }
}

/// Every enum: known values as variants, any other value kept in `Unknown`.
pub(crate) fn enums(api: &Api) -> TokenStream {
    let defs = api.enums.iter().map(enum_def);
    quote! {
        //! The enums of the API, recovered from the document's prose.
        //!
        //! Each keeps values it does not know in its `Unknown` variant, so a new value from the service never
        //! breaks decoding, and serializes back to the same value. The unknown value can be read but neither
        //! built nor matched by value ([`crate::UnknownValue`]), so naming it in a later version changes nothing for
        //! code written today; `From` the wire value builds any value.
        #(#defs)*
    }
}

fn enum_def(def: &EnumDef) -> TokenStream {
    let name = ident(&def.name);
    let doc = outer(&inert(&def.doc));
    let variant_idents: Vec<_> = def.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let variant_docs = def.variants.iter().map(|v| match &v.value {
        WireValue::Int(i) => outer(&format!("`{i}` on the wire.")),
        WireValue::Str(s) => outer(&format!("{} on the wire.", code(&format!("\"{s}\"")))),
    });
    let variants = quote! {
        #(#variant_docs #variant_idents,)*
    };
    if def.is_integer() {
        let values: Vec<TokenStream> = def
            .variants
            .iter()
            .map(|v| {
                let value = if let WireValue::Int(i) = v.value { i } else { 0 };
                // `unsigned_abs`: `abs` overflows on i64::MIN.
                let literal = proc_macro2::Literal::u64_unsuffixed(value.unsigned_abs());
                if value < 0 { quote!(-#literal) } else { quote!(#literal) }
            })
            .collect();
        quote! {
            #doc
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
            #[serde(from = "i64", into = "i64")]
            #[non_exhaustive]
            pub enum #name {
                #variants
                /// A value this version of the SDK does not know: read it with `value()`.
                Unknown(crate::UnknownValue),
            }
            impl #name {
                /// The value on the wire.
                pub const fn value(self) -> i64 {
                    match self {
                        #(Self::#variant_idents => #values,)*
                        Self::Unknown(value) => value.value(),
                    }
                }
            }
            impl ::std::convert::From<i64> for #name {
                fn from(value: i64) -> Self {
                    match value {
                        #(#values => Self::#variant_idents,)*
                        other => Self::Unknown(crate::UnknownValue::new(other)),
                    }
                }
            }
            impl ::std::convert::From<#name> for i64 {
                fn from(value: #name) -> i64 {
                    value.value()
                }
            }
        }
    } else {
        let values: Vec<&str> =
            def.variants.iter().map(|v| if let WireValue::Str(s) = &v.value { s.as_str() } else { "" }).collect();
        quote! {
            #doc
            #[derive(Clone, Debug, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
            #[serde(from = "::std::string::String", into = "::std::string::String")]
            #[non_exhaustive]
            pub enum #name {
                #variants
                /// A value this version of the SDK does not know: read it with `as_str()`.
                Unknown(crate::UnknownString),
            }
            impl #name {
                /// The value on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(Self::#variant_idents => #values,)*
                        Self::Unknown(value) => value.as_str(),
                    }
                }
            }
            impl ::std::convert::From<&str> for #name {
                fn from(value: &str) -> Self {
                    match value {
                        #(#values => Self::#variant_idents,)*
                        other => Self::Unknown(crate::UnknownString::new(other)),
                    }
                }
            }
            impl ::std::convert::From<::std::string::String> for #name {
                fn from(value: ::std::string::String) -> Self {
                    Self::from(value.as_str())
                }
            }
            impl ::std::convert::From<#name> for ::std::string::String {
                fn from(value: #name) -> ::std::string::String {
                    value.as_str().to_owned()
                }
            }
        }
    }
}
