//! Decoding a 2xx answer: the envelope `{"code":200,"message":…,"data":…}` into what the operation returns.
//!
//! The fast path parses the body once, `code`, `message` and `data` together, with no per-key bookkeeping (an
//! envelope type is skimmed for its `code` first, without allocating, then decoded whole). Only when
//! that fails does the slow path look closer, in order: an empty body, a body that is not a JSON object with a
//! numeric `code`, a `code` other than 200 ([`Error::Api`], even when `data` has an unexpected shape), and at last
//! the JSON path of the field that does not fit ([`Error::Decode`]), found from the error's position in the text
//! ([`crate::json_path`]), so that no second decode is compiled per result type. Decode messages name the path and the expected type, never a value (which may be a token).
//!
//! What `data` becomes:
//! - an operation whose document promises `data` returns it; absent or `null` is an [`Error::Decode`] saying so.
//!   A boolean `data` is returned as is: `false` is the service saying "nothing was done" (for instance, removing
//!   someone who is not there), not an error;
//! - a list: absent or `null` is an empty list (services commonly send `null` for "none");
//! - an object the document leaves undescribed (`serde_json::Value`): returned as it came, `null` when absent. The
//!   SDK relies on nothing in it, and reporting a successful write as failed over it could invite a duplicate;
//! - an envelope type (`data` with `cursor`, `total`, …): the whole body, every field optional.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::download::{Download, DownloadStream};
use crate::endpoint::Endpoint;
use crate::error::{Error, ErrorCode, Result};
use crate::json_path;
use crate::transport::{Answer, Body};

/// The answer if its status is 2xx, else [`Error::Http`] (with the envelope's code and message when the body is
/// one, the body cut at [`crate::MAX_ERROR_BODY`], and the headers but `Set-Cookie`).
pub(crate) fn success(answer: Answer) -> Result<Answer> {
    if (200..300).contains(&answer.status) {
        return Ok(answer);
    }
    let head = Head::parse(answer.body());
    let (body, body_truncated) = answer.error_body();
    let headers = crate::transport::error_headers(&answer.headers);
    let Endpoint { operation, method, path, replay_safe } = answer.endpoint;
    Err(Error::Http {
        status: answer.status,
        operation,
        method,
        url_path: path,
        content_type: answer.content_type().map(str::to_owned),
        body,
        body_truncated,
        code: head.as_ref().and_then(|h| h.code()).map(ErrorCode::from_code),
        message: head.as_ref().and_then(|h| h.message()),
        headers,
        replay_safe,
    })
}

/// The envelope with `data` of type `T`, decoded in one pass. `message` is kept raw: it is only read on errors.
///
/// Deserialized by hand (a map of known keys): a derive would also compile a visitor for JSON arrays and a field
/// matcher for every result type, the largest part of this crate's generic code.
struct DataReply<'a, T> {
    code: Option<i64>,
    message: Option<&'a RawValue>,
    data: Option<T>,
}

/// The members of an envelope that [`DataReply`] reads; the others are skipped.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum EnvelopeKey {
    Code,
    Message,
    Data,
    #[serde(other)]
    Other,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for DataReply<'de, T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_map(DataReplyVisitor(PhantomData))
    }
}

struct DataReplyVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for DataReplyVisitor<T> {
    type Value = DataReply<'de, T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON envelope object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Self::Value, A::Error> {
        let mut reply = DataReply { code: None, message: None, data: None };
        while let Some(key) = map.next_key()? {
            match key {
                EnvelopeKey::Code => reply.code = map.next_value()?,
                EnvelopeKey::Message => reply.message = map.next_value()?,
                EnvelopeKey::Data => reply.data = map.next_value()?,
                EnvelopeKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(reply)
    }
}

/// A generated object type, decoded member by member: the generator emits this and a `Deserialize` that calls
/// [`members`], instead of `#[derive(Deserialize)]` (which also compiles a visitor for JSON arrays and a field enum
/// per type).
pub(crate) trait Members: Sized {
    /// The value while its members arrive: the type itself when every field is optional, else a draft whose fields
    /// are all optional.
    type Draft: Default;

    /// Decodes the value of the member `member` into its field; `false` when the type has no such member.
    fn decode_member<'de, A: MapAccess<'de>>(
        draft: &mut Self::Draft,
        member: &str,
        map: &mut A,
    ) -> std::result::Result<bool, A::Error>;

    /// The value, or the wire name of a member it cannot be without (one the service always sends).
    fn finish(draft: Self::Draft) -> std::result::Result<Self, &'static str>;
}

/// Decodes a [`Members`] type from a map: unknown members are skipped, absent optional ones are `None`, and an
/// absent plain one is serde's "missing field" error (the slow path adds its name to the JSON path).
pub(crate) fn members<'de, T: Members, D: Deserializer<'de>>(
    deserializer: D,
    name: &'static str,
) -> std::result::Result<T, D::Error> {
    deserializer.deserialize_map(MembersVisitor { name, marker: PhantomData })
}

struct MembersVisitor<T> {
    name: &'static str,
    marker: PhantomData<T>,
}

impl<'de, T: Members> Visitor<'de> for MembersVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", self.name)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<T, A::Error> {
        let mut draft = T::Draft::default();
        while let Some(MemberName(member)) = map.next_key()? {
            if !T::decode_member(&mut draft, &member, &mut map)? {
                map.next_value::<IgnoredAny>()?;
            }
        }
        T::finish(draft).map_err(serde::de::Error::missing_field)
    }
}

/// A member name, borrowed from the input when it has no escapes.
struct MemberName<'de>(std::borrow::Cow<'de, str>);

impl<'de> Deserialize<'de> for MemberName<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct NameVisitor;
        impl<'de> Visitor<'de> for NameVisitor {
            type Value = MemberName<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E>(self, name: &'de str) -> std::result::Result<Self::Value, E> {
                Ok(MemberName(std::borrow::Cow::Borrowed(name)))
            }
            fn visit_str<E>(self, name: &str) -> std::result::Result<Self::Value, E> {
                Ok(MemberName(std::borrow::Cow::Owned(name.to_owned())))
            }
        }
        deserializer.deserialize_str(NameVisitor)
    }
}

/// The status of an envelope whose other members (`data`, `cursor`, `total`, …) make up the result: skimmed first,
/// without allocating, then the result is decoded from the whole body. (A `#[serde(flatten)]` envelope would parse
/// once but buffer every member, and report errors without a position.)
#[derive(Deserialize)]
struct Status<'a> {
    code: Option<i64>,
    #[serde(borrow, default)]
    message: Option<&'a RawValue>,
}

/// The `data` the document promises.
pub(crate) fn data<T: DeserializeOwned>(answer: Answer) -> Result<T> {
    match serde_json::from_slice::<DataReply<T>>(answer.body()) {
        Ok(DataReply { code: Some(200), data: Some(data), .. }) => {
            answer.finish(200);
            Ok(data)
        }
        Ok(reply) => Err(answer.refused(reply.code, reply.message)),
        Err(error) => Err(slow_path(&answer, &error)),
    }
}

/// The `data` list, or undescribed JSON; absent or `null` is the empty list, or JSON `null`.
pub(crate) fn data_or_default<T: DeserializeOwned + Default>(answer: Answer) -> Result<T> {
    match serde_json::from_slice::<DataReply<T>>(answer.body()) {
        Ok(DataReply { code: Some(200), data, .. }) => {
            answer.finish(200);
            Ok(data.unwrap_or_default())
        }
        Ok(reply) => Err(answer.refused(reply.code, reply.message)),
        Err(error) => Err(slow_path(&answer, &error)),
    }
}

/// The whole envelope as `T`.
pub(crate) fn envelope<T: DeserializeOwned>(answer: Answer) -> Result<T> {
    match serde_json::from_slice::<Status>(answer.body()) {
        Ok(Status { code: Some(200), .. }) => match serde_json::from_slice::<T>(answer.body()) {
            Ok(result) => {
                answer.finish(200);
                Ok(result)
            }
            Err(error) => Err(slow_path(&answer, &error)),
        },
        Ok(status) => Err(answer.refused(status.code, status.message)),
        Err(error) => Err(slow_path(&answer, &error)),
    }
}

/// A buffered download; a JSON envelope with a code other than 200 is the service refusing.
pub(crate) fn download(answer: Answer) -> Result<Download> {
    answer.check_download()?;
    let content_type = answer.content_type().map(str::to_owned);
    let bytes = match answer.body {
        Body::Read { bytes, .. } => bytes,
        Body::Unread { .. } => bytes::Bytes::new(),
    };
    Ok(Download { bytes, content_type })
}

/// A streamed download; a JSON envelope with a code other than 200 is the service refusing.
pub(crate) fn stream(answer: Answer) -> Result<DownloadStream> {
    answer.check_download()?;
    let content_type = answer.content_type().map(str::to_owned);
    Ok(DownloadStream::new(answer.endpoint, content_type, answer.body))
}

/// Whether the body is an envelope whose `code` is `code` (cheap when the digits do not occur at all).
pub(crate) fn has_code(body: &[u8], code: i64) -> bool {
    let digits = code.to_string();
    body.windows(digits.len()).any(|w| w == digits.as_bytes()) && Head::parse(body).and_then(|h| h.code()) == Some(code)
}

/// The status part of an envelope, read on the slow path and for HTTP errors.
#[derive(Deserialize)]
pub(crate) struct Head {
    #[serde(default)]
    code: Option<serde_json::Value>,
    #[serde(default)]
    message: Option<serde_json::Value>,
}

impl Head {
    /// The head of a JSON object body, if it is one.
    pub fn parse(body: &[u8]) -> Option<Head> {
        serde_json::from_slice(body).ok()
    }

    /// The numeric `code`.
    pub fn code(&self) -> Option<i64> {
        self.code.as_ref()?.as_i64()
    }

    /// The `message` as text (`null` and absent are `None`).
    pub fn message(&self) -> Option<String> {
        match self.message.as_ref()? {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    }
}

/// Why a body that failed the fast path does not decode.
#[cold]
fn slow_path(answer: &Answer, fast: &serde_json::Error) -> Error {
    let body = answer.body();
    if body.iter().all(u8::is_ascii_whitespace) {
        return answer.decode_error(String::new(), "empty response body".to_owned());
    }
    let Some(head) = Head::parse(body) else {
        let message = format!("response is not a JSON envelope: {}", redact(fast));
        return answer.decode_error(String::new(), message);
    };
    match head.code() {
        None => answer.decode_error(String::new(), "response envelope has no numeric `code`".to_owned()),
        Some(200) => {
            let mut path = json_path::path_at(body, fast.line(), fast.column());
            let message = redact(fast);
            // serde_json points at the object's closing brace: the path names the member that is not there.
            if let Some(member) = message.strip_prefix("missing field `").and_then(|rest| rest.split('`').next()) {
                path = if path.is_empty() { member.to_owned() } else { format!("{path}.{member}") };
            }
            answer.decode_error(path, message)
        }
        Some(code) => answer.api_error(code, head.message()),
    }
}

impl Answer {
    /// Records the API code on the call's span and logs the end of the call.
    fn finish(&self, code: i64) {
        self.span.record("api_code", code);
        tracing::debug!(parent: &self.span, "maxim-api call finished");
    }

    /// The error for an envelope that parsed but did not say 200 with the promised `data`.
    fn refused(&self, code: Option<i64>, message: Option<&RawValue>) -> Error {
        match code {
            Some(200) => self
                .decode_error("data".to_owned(), "the envelope has no `data`, which the document promises".to_owned()),
            Some(code) => {
                let message = message.and_then(|raw| match serde_json::from_str::<serde_json::Value>(raw.get()) {
                    Ok(serde_json::Value::Null) => None,
                    Ok(serde_json::Value::String(s)) => Some(s),
                    _ => Some(raw.get().to_owned()),
                });
                self.api_error(code, message)
            }
            None => self.decode_error(String::new(), "response envelope has no numeric `code`".to_owned()),
        }
    }

    fn api_error(&self, code: i64, message: Option<String>) -> Error {
        self.finish(code);
        let Endpoint { operation, method, path, .. } = self.endpoint;
        let (body, body_truncated) = self.error_body();
        Error::Api {
            code: ErrorCode::from_code(code),
            message,
            http_status: self.status,
            operation,
            method,
            url_path: path,
            body,
            body_truncated,
        }
    }

    fn decode_error(&self, path: String, message: String) -> Error {
        tracing::debug!(parent: &self.span, path, "maxim-api response does not decode");
        let Endpoint { operation, method, path: url_path, replay_safe } = self.endpoint;
        let (body, body_truncated) = self.error_body();
        Error::Decode { operation, method, url_path, path, message, body, body_truncated, replay_safe }
    }

    /// A download answered with a JSON envelope whose code is not 200 is an [`Error::Api`].
    fn check_download(&self) -> Result<()> {
        let is_json = self.is_json();
        match Head::parse(self.body()).filter(|_| is_json).and_then(|head| Some((head.code()?, head))) {
            Some((code, head)) if code != 200 => Err(self.api_error(code, head.message())),
            _ => {
                self.finish(200);
                Ok(())
            }
        }
    }
}

/// A serde_json error's message without the values it may quote (`invalid type: string "<a token>", expected
/// i64` becomes `invalid type: string, expected i64`), keeping the kind, the expectation and the position.
pub(crate) fn redact(error: &serde_json::Error) -> String {
    let full = error.to_string();
    if error.classify() != serde_json::error::Category::Data {
        return full; // syntax and EOF messages describe the text, not a value
    }
    let position = format!(" at line {} column {}", error.line(), error.column());
    let message = full.strip_suffix(&position).unwrap_or(&full);
    let redacted = redact_message(message);
    if error.line() == 0 { redacted } else { format!("{redacted}{position}") }
}

/// The value-free form of a serde data error message (see [`redact`]).
fn redact_message(message: &str) -> String {
    for kind in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(kind) {
            // The expectation comes from this crate's types; the unexpected part may hold any text, so split at the
            // last separator.
            let Some(at) = rest.rfind(", expected ") else { return format!("{kind}unexpected value") };
            let (unexpected, expected) = rest.split_at(at);
            let what = unexpected.split(['`', '"']).next().unwrap_or_default().trim();
            return format!("{kind}{what}{expected}");
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let expected = rest.rfind(", expected ").map_or("", |at| &rest[at..]);
        return format!("unknown variant{expected}");
    }
    let safe = ["missing field `", "duplicate field `", "invalid length ", "number out of range"];
    if safe.iter().any(|prefix| message.starts_with(prefix)) {
        return message.to_owned();
    }
    "invalid value".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code, reason = "decoded to provoke errors")]
    struct Token {
        token: Option<i64>,
        kind: Option<Kind>,
        list: Option<[u8; 2]>,
    }

    #[derive(Debug, Deserialize)]
    enum Kind {
        A,
    }

    fn message_for(json: &str) -> String {
        let error = serde_json::from_str::<Token>(json).expect_err("does not decode");
        redact(&error)
    }

    #[test]
    fn data_errors_never_quote_values() {
        let secret = r#"tok-SECRET, expected `x` \"q\""#;
        let cases = [
            (format!(r#"{{"token":"{secret}"}}"#), "invalid type: string, expected i64 at line 1 column "),
            (r#"{"token":true}"#.to_owned(), "invalid type: boolean, expected i64 at line 1 column "),
            (r#"{"token":1.5}"#.to_owned(), "invalid type: floating point, expected i64 at line 1 column "),
            (r#"{"token":{"a":1}}"#.to_owned(), "invalid type: map, expected i64 at line 1 column "),
            (format!(r#"{{"kind":"{secret}"}}"#), "unknown variant, expected `A` at line 1 column "),
            (r#"{"list":[1]}"#.to_owned(), "invalid length 1, expected an array of length 2 at line 1 column "),
            (r#"{"list":[1,999]}"#.to_owned(), "invalid value: integer, expected u8 at line 1 column "),
        ];
        for (json, expected) in cases {
            let message = message_for(&json);
            assert!(message.starts_with(expected), "{json}: {message}");
            assert!(!message.contains("SECRET") && !message.contains("999"), "{json}: {message}");
        }
    }

    #[test]
    fn syntax_errors_are_kept() {
        let error = serde_json::from_str::<Token>(r#"{"token":12"#).expect_err("truncated");
        assert_eq!(redact(&error), error.to_string());
    }

    #[test]
    fn unknown_shapes_of_message_fall_back_to_a_generic_one() {
        assert_eq!(redact_message("invalid type: string \"abc\""), "invalid type: unexpected value");
        assert_eq!(redact_message("some custom message quoting tok-SECRET"), "invalid value");
        assert_eq!(redact_message("missing field `code`"), "missing field `code`");
    }

    #[test]
    fn has_code_looks_at_the_envelope_only() {
        assert!(has_code(br#"{"code":10008,"message":"token invalid"}"#, 10008));
        assert!(!has_code(br#"{"code":200,"data":{"user_id":10008}}"#, 10008));
        assert!(!has_code(b"<html>10008</html>", 10008));
        assert!(!has_code(br#"{"code":200}"#, 10008));
    }
}
