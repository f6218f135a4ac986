//! Typed async client for the [MaxIM](https://www.maximtop.com) (美信拓扑, later Lanying IM /
//! 蓝莺IM) server REST API.
//!
//! The operations are generated from the vendor's API document (the pages in `spec/zh-hans/`);
//! this crate's hand-written runtime provides the [`Client`], the [`Error`] type and a few value
//! types ([`Secret`], [`JsonString`], [`Audience`], [`Download`], [`Method`]).
//!
//! # Quick start
//!
//! ```no_run
//! use futures::TryStreamExt;
//! use maxim_api::{Client, ContentType, Error, TargetType};
//!
//! # async fn demo() -> Result<(), Error> {
//! // Each app has its own endpoint (the console's `api_endpoint`); the default is the document's.
//! let admin = Client::builder()
//!     .base_url("https://api.maximtop.com")
//!     .app_id("my-app-id")
//!     .access_token("admin-token-from-the-console")
//!     .build()?;
//!
//! // One handle per section of the document: user, token, roster, group, message, file, push, ai.
//! // Required inputs are arguments, optional ones are setters, and `.await` sends the request.
//! let settings = admin.user().register_v2("alice", "a-password").await?;
//!
//! // An admin token may act as a user (header `user_id`) or as a group's admin (`group_id`).
//! let alice = admin.as_user(2302128618880);
//! let group = alice.group().create().name("Rustaceans").await?;
//!
//! // Entries the document lists under two verbs are one method; choose the other verb per call.
//! alice.group().leave(2306414607729).via_delete().await?;
//!
//! // Paged lists are streams that follow the cursor to the last page.
//! let members: Vec<_> = admin.group().member_list(2306414607729).items().try_collect().await?;
//!
//! admin.message().send([2306414607729], TargetType::Group, ContentType::Text, "hi").await?;
//! # let _ = (settings, group, members);
//! # Ok(())
//! # }
//! ```
//!
//! Every operation's rustdoc gives the document's title and description, its method and path, and the entry
//! number in the document. Integers are `i64` throughout: the service sends 13-digit IDs and millisecond times
//! where the document says `int32`. Every response field is optional, unknown fields are ignored, and enums keep
//! values they do not know (`ContentType::Unknown(9)`).
//!
//! # Errors
//!
//! The service reports business errors with HTTP 200 and an envelope `code` other than 200;
//! they come back as [`Error::Api`] with an [`ErrorCode`]. Non-2xx answers are [`Error::Http`],
//! bodies that do not decode are [`Error::Decode`] (with the JSON path of the failure and the
//! raw body), and network problems are [`Error::Timeout`] or [`Error::Transport`].
//!
//! ```
//! use maxim_api::{Error, ErrorCode};
//!
//! fn is_missing_group(err: &Error) -> bool {
//!     err.api_code() == Some(ErrorCode::GroupNotFound)
//! }
//! # let _ = is_missing_group;
//! ```
//!
//! # Logging
//!
//! Each request is logged with [`tracing`] at `debug` level: operation, method, path, status,
//! elapsed time and body lengths. Headers, tokens and bodies are never logged.

mod client;
mod error;
#[rustfmt::skip] // prettyplease formats it; `cargo xtask codegen --check` keeps it byte for byte.
pub mod generated;
/// The generator's naming obstacle course (codegen/tests/obstacle_course.rs): a hostile document and corrections
/// (hostile names, prelude-named types, vendor code blocks) through parse, resolve and emit, compiled (and
/// doctested) here so that a regression in the generator fails `cargo test`. Nothing uses it, and its `_1` names
/// and 32-deep lists are meant to be ugly.
#[cfg(any(test, doctest))]
#[allow(dead_code, clippy::just_underscores_and_digits, clippy::type_complexity)]
#[rustfmt::skip]
mod naming_obstacle_course;
mod paging;
mod request;
mod values;

pub use client::{ActAs, Client, ClientBuilder};
pub use error::{Error, ErrorCode, Result};
pub use generated::*;
pub use values::{Audience, Download, JsonString, Method, Secret};

/// Re-exported: [`Download::bytes`] is a [`bytes::Bytes`].
pub use bytes;
/// Re-exported: [`ClientBuilder::http_client`] takes a [`reqwest::Client`].
pub use reqwest;

/// The README's examples compile (checked by `cargo test --doc`).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
