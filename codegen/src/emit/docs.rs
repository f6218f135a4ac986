//! Rustdoc text from the document's prose: Chinese as written, made safe for rustdoc's Markdown.

/// A one-paragraph description: brackets and angle brackets escaped so rustdoc reads no links or HTML in them;
/// lines kept as hard breaks, their indentation dropped (it would read as a code block).
pub(crate) fn prose(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_start).collect();
    lines
        .join("\n")
        .replace('\\', "\\\\")
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\n', "  \n")
}

/// A multi-line description (JSON examples, numbered lists) kept verbatim in a text block.
pub(crate) fn block(text: &str) -> String {
    format!("```text\n{}\n```", text.replace("```", "'''"))
}

/// Outer doc attributes, one per line, so that prettyplease prints `/// line` comments.
pub(crate) fn outer(text: &str) -> proc_macro2::TokenStream {
    let lines = text.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    quote::quote! { #(#[doc = #lines])* }
}

/// Inner doc attributes (`//! line`), one per line.
pub(crate) fn inner(text: &str) -> proc_macro2::TokenStream {
    let lines = text.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    quote::quote! { #(#![doc = #lines])* }
}
