//! Typed async client for the [MaxIM](https://www.maximtop.com) (美信拓扑, later Lanying IM /
//! 蓝莺IM) server REST API.
//!
//! The operations are generated from the vendor's API document (the pages in `spec/zh-hans/`);
//! this crate's hand-written runtime provides the [`Client`], the [`Error`] type, retries
//! ([`RetryPolicy`]), user sessions ([`UserLogin`]), uploads ([`UploadFile`]) and a few value types
//! ([`Secret`], [`JsonString`], [`Audience`], [`Download`], [`DownloadStream`], [`Method`]).
//!
//! # Quick start
//!
//! ```no_run
//! use futures::TryStreamExt;
//! use maxim_api::{Client, ContentType, Error, TargetType};
//!
//! # async fn demo() -> Result<(), Error> {
//! // Each app has its own endpoint (the console's `api_endpoint`); the default is https://api.maximtop.com.
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
//! # Sections and main types
//!
//! One handle per section of the document, each a method of [`Client`] (the operations are its methods):
//!
//! | handle | section | for |
//! | --- | --- | --- |
//! | [`Client::user`] | 1 用户操作 | registration, profiles, settings, devices, push settings, pinned conversations |
//! | [`Client::token`] | 2 token 接口 | user tokens (a backend usually needs [`Client::as_user`] or [`Client::user_session`]) |
//! | [`Client::roster`] | 3 好友管理接口 | friends: requests, lists, block lists |
//! | [`Client::group`] | 4 群接口 | groups: members, admins, announcements, files, settings |
//! | [`Client::message`] | 5 消息处理 | sending, history, read receipts, recalls, broadcasts |
//! | [`Client::file`] | 6 文件操作接口 | upload targets ([`Client::upload`]) and downloads |
//! | [`Client::push`] | 7 推送接口 | push notifications ([`PushMessage`], [`Audience`]) |
//! | [`Client::ai`] | 8 AI 接口 | messages answered by the app's AI |
//!
//! The types most calls meet: [`TargetType`] and [`ContentType`] (messages), [`SendResult`], [`HistoryMessage`],
//! [`GroupInfo`], [`GroupMember`], [`UserSettings`], [`TokenInfo`], [`UploadUrl`], and [`ErrorCode`] for business
//! errors. The vendor's own reference, in Chinese and English: <https://docs.lanyingim.com/>.
//!
//! Every operation's rustdoc gives the document's title and description, its method and path, and the entry
//! number in the document. Integers are `i64` throughout: the service sends 13-digit IDs and millisecond times
//! where the document says `int32`. An operation returns the envelope's `data` when the document promises one
//! (a missing `data` is an [`Error::Decode`]); a boolean `data` of `false` is the service saying "nothing was
//! done", not an error. Fields of the returned structs are optional, except what the service always sends (the
//! ID of every returned entity, tokens, outcomes): those are plain values, and an answer without one is an
//! [`Error::Decode`] naming its JSON path. Unknown fields are ignored, and enums keep values they do not know in an `Unknown`
//! variant that can be read but not built ([`UnknownValue`]).
//!
//! A type sent in a request with fields the document marks required (必填) is built by `new` with those fields,
//! then `with_*` setters for the optional ones; it has no `Default`, so a request cannot leave them out:
//!
//! ```
//! let application = maxim_api::RosterApplyRequest::new(2302128618881).with_reason("Hi, it is Alice");
//! # let _ = application;
//! ```
//!
//! ```compile_fail
//! let application = maxim_api::RosterApplyRequest::default(); // no Default: `user_id` is required
//! ```
//!
//! # Retries
//!
//! A call is retried with capped exponential backoff and full jitter, at most 3 attempts within 60 s by
//! default ([`RetryPolicy`]), honouring `Retry-After`, and only when that cannot duplicate anything:
//! - a connection that could not be made is retried for any call: nothing was sent;
//! - timeouts, lost connections and HTTP 429, 502, 503 and 504 are retried for `GET` calls and for calls the
//!   service de-duplicates. Those are the calls with a `transaction_id` input (message sends): when the caller
//!   sets none, the SDK sets a random one before the first attempt and sends it unchanged on every attempt, so a
//!   retried send is delivered once;
//! - any other call is never sent again once it may have reached the server.
//!
//! Two timeouts, after aws-sdk-rust's pair, each a client default ([`ClientBuilder`]) and per call (on every
//! request builder, beside `.retry(policy)` and `.no_retry()`):
//! - `.attempt_timeout(d)` bounds one attempt, from connecting to the last byte of the body, redirects included
//!   (default 30 s). Use it against one slow answer: the call is then retried when that is safe.
//! - `.operation_timeout(d)` bounds the whole call: every attempt, the waits between them and a user session's
//!   login (default none). Use it for the latency a caller sees, such as a request handler with its own deadline.
//!
//! The retry policy's budget ([`RetryPolicy::max_elapsed`]) counts from the start of the call too, the first
//! attempt included: no attempt outlives it and no retry starts after it.
//!
//! # Limits
//!
//! JSON bodies over 16 MiB ([`ClientBuilder::max_response_bytes`]) and downloads over 256 MiB
//! ([`ClientBuilder::max_download_bytes`]) are refused without being buffered ([`Error::TooLarge`]); downloads
//! can also be streamed (`.stream()` on a download request, then [`DownloadStream::bytes_stream`] or
//! [`DownloadStream::write_to`]). Errors keep at most 64 KiB of a body ([`MAX_ERROR_BODY`]). Paged streams end on
//! a cursor seen before and after 3 consecutive empty pages (`.max_empty_pages(n)` on paged requests).
//!
//! # Errors
//!
//! The service reports business errors with HTTP 200 and an envelope `code` other than 200;
//! they come back as [`Error::Api`] with an [`ErrorCode`]. Non-2xx answers are [`Error::Http`]
//! (with the response headers: [`Error::retry_after`]), bodies that do not decode are
//! [`Error::Decode`] (with the JSON path of the failure and the raw body, but never a value from
//! it), and network problems are [`Error::Timeout`] or [`Error::Transport`].
//! [`Error::is_retryable`] says whether repeating the very call is safe and may succeed, and
//! [`Error::may_have_taken_effect`] whether a failed write may have been performed all the same (its table is on
//! [`Error::is_retryable`]).
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
//! # User sessions
//!
//! A backend holding the admin token acts as any user with [`Client::as_user`]. To act with a user's own
//! token, [`Client::user_session`] logs in with the user's password, caches the token, renews it before it
//! expires and when the service rejects it (code 10008), with one login for any number of concurrent calls.
//!
//! # Tracing
//!
//! Each call runs in one [`tracing`] span `maxim_api.call` at `debug` level with the fields `operation`,
//! `method`, `path`, `attempt`, `status`, `api_code`, `request_id` (from an `x-request-id` or `request-id`
//! response header) and `elapsed_ms`; each retry is an `info` event with its delay. Headers, query strings,
//! tokens, passwords and bodies are never logged.
//!
//! # Uploads
//!
//! The `/file/upload/*` operations answer with a signed target; [`Client::upload`] posts an [`UploadFile`] (bytes,
//! or a stream from a `tokio::io::AsyncRead`) there as object storage expects, without the app's credentials.
//!
//! # Features
//!
//! - `rustls` (default): TLS with rustls and its ring provider (no aws-lc build), the platform's root certificates.
//! - `native-tls`: TLS with the platform's library instead.
//! - With neither, plain `http` only (loopback, or a local TLS-terminating proxy); an `https` base URL is refused.
//! - `mock`: the `maxim_api::mock` module, an in-memory MaxIM for tests: a stateful emulator of users, tokens, rosters,
//!   groups and messages on loopback, with request validation, mounted answers and faults.
//! - `serialize`: `Serialize` for the types the service only sends (types sent in requests always have it).

mod client;
mod decode;
mod download;
mod endpoint;
mod error;
#[rustfmt::skip] // prettyplease formats it; `cargo xtask codegen --check` keeps it byte for byte.
pub mod generated;
/// The generator's naming obstacle course (codegen/tests/it/obstacle_course.rs): a hostile document and corrections
/// (hostile names, prelude-named types, vendor code blocks) through parse, resolve and emit, compiled (and
/// doctested) here so that a regression in the generator fails `cargo test`. Nothing uses it, and its `_1` names
/// and 32-deep lists are meant to be ugly. Not in the published package (build.rs).
#[cfg(all(any(test, doctest), naming_obstacle_course))]
#[allow(dead_code, clippy::just_underscores_and_digits, clippy::type_complexity)]
#[rustfmt::skip]
mod naming_obstacle_course;
mod json_path;
#[cfg(feature = "mock")]
pub mod mock;
mod paging;
mod raw;
mod request;
mod retry;
mod session;
mod timer;
mod tls;
mod transport;
mod unknown;
mod upload;
mod values;

pub use client::{ActAs, Client, ClientBuilder, DEFAULT_BASE_URL};
pub use download::{Download, DownloadStream};
pub use error::{Error, ErrorCode, MAX_ERROR_BODY, Result};
#[doc(inline)]
pub use generated::*;
pub use raw::{RawPaging, RawRequest};
pub use request::ResponseFuture;
pub use retry::RetryPolicy;
pub use session::UserLogin;
pub use tls::http_client_builder;
pub use unknown::{UnknownString, UnknownValue};
pub use upload::{UploadFile, UploadedFile};
pub use values::{Audience, JsonString, Method, Secret};

/// Re-exported: [`Download::bytes`] is a [`bytes::Bytes`].
pub use bytes;

/// The crate README's examples compile and run, the usage against the mock server (`cargo test --doc --features
/// mock`).
#[cfg(all(doctest, feature = "mock"))]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
