//! Small value types shared by the runtime and the generated operations: [`Secret`],
//! [`JsonString`], [`Audience`] and [`Method`].

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A secret string (an access token, a password). `Debug` prints `Secret(***)`; serde and the request encoder see
/// the plain string; [`Secret::expose`] is the only other way to the value.
///
/// ```
/// use maxim_api::Secret;
///
/// let token = Secret::from("abc123");
/// assert_eq!(format!("{token:?}"), "Secret(***)");
/// assert_eq!(token.expose(), "abc123");
/// ```
///
/// There is no `Display` (as in secrecy's `SecretString`): a placeholder formatted into a message for a user or a
/// device would be sent in silence, where the real value was meant. Formatting one does not compile:
///
/// ```compile_fail
/// let token = maxim_api::Secret::from("abc123");
/// let text = format!("{}", token);
/// ```
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// The secret value. Take care not to log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The secret value, consuming `self`.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret(s.to_owned())
    }
}

/// A JSON document carried as a string on the wire (a message's `config`, `ext` and
/// `attachment`).
///
/// ```
/// use maxim_api::JsonString;
/// use serde_json::json;
///
/// let ext = JsonString::encode(&json!({"k": 1}))?;
/// assert_eq!(ext.as_str(), r#"{"k":1}"#);
/// let back: serde_json::Value = ext.decode()?;
/// assert_eq!(back["k"], 1);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct JsonString(String);

impl JsonString {
    /// Serializes `value` to JSON text.
    pub fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        serde_json::to_string(value).map(JsonString)
    }

    /// Parses the JSON text into `T`.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&self.0)
    }

    /// The JSON text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The JSON text, consuming `self`.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl From<String> for JsonString {
    fn from(s: String) -> Self {
        JsonString(s)
    }
}

impl From<&str> for JsonString {
    fn from(s: &str) -> Self {
        JsonString(s.to_owned())
    }
}

impl fmt::Display for JsonString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The audience of a push: everyone, or exactly one list of targets.
///
/// Each list may hold at most 500 entries; the service answers a longer list with
/// [`ErrorCode::PushTargetsOverLimit`](crate::ErrorCode::PushTargetsOverLimit) (12005). This
/// crate does not check the length itself.
///
/// On the wire: `All` is `"all"`, `Tag(v)` is `{"tag": v}`, `Alias(v)` is `{"alias": v}`,
/// `UserId(v)` is `{"user_id": v}` and `PushToken(v)` is `{"push_token": v}`. Decoding never
/// fails on a JSON value: any other shape is kept as [`Audience::Other`].
///
/// ```
/// use maxim_api::Audience;
///
/// let a = Audience::UserId(vec![2302128618880]);
/// assert_eq!(serde_json::to_string(&a)?, r#"{"user_id":[2302128618880]}"#);
/// assert_eq!(serde_json::to_string(&Audience::All)?, r#""all""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Audience {
    /// Every device of the app (`"all"`).
    All,
    /// Devices with any of these tags.
    Tag(Vec<String>),
    /// Devices with any of these aliases.
    Alias(Vec<String>),
    /// Devices of these users.
    UserId(Vec<i64>),
    /// Devices with these push tokens.
    PushToken(Vec<String>),
    /// A shape this crate does not know, kept as received (serialized back unchanged).
    Other(serde_json::Value),
}

impl Serialize for Audience {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        fn one<S: Serializer, V: Serialize>(s: S, key: &str, v: &V) -> Result<S::Ok, S::Error> {
            let mut map = s.serialize_map(Some(1))?;
            map.serialize_entry(key, v)?;
            map.end()
        }
        match self {
            Audience::All => serializer.serialize_str("all"),
            Audience::Tag(v) => one(serializer, "tag", v),
            Audience::Alias(v) => one(serializer, "alias", v),
            Audience::UserId(v) => one(serializer, "user_id", v),
            Audience::PushToken(v) => one(serializer, "push_token", v),
            Audience::Other(v) => v.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Audience {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        Ok(Audience::from_value(value))
    }
}

impl Audience {
    fn from_value(value: serde_json::Value) -> Self {
        use serde_json::Value;
        fn list<T: DeserializeOwned>(v: &Value) -> Option<Vec<T>> {
            serde_json::from_value(v.clone()).ok()
        }
        let known = match &value {
            Value::String(s) if s == "all" => Some(Audience::All),
            Value::Object(map) if map.len() == 1 => map.iter().next().and_then(|(k, v)| match k.as_str() {
                "tag" => list(v).map(Audience::Tag),
                "alias" => list(v).map(Audience::Alias),
                "user_id" => list(v).map(Audience::UserId),
                "push_token" => list(v).map(Audience::PushToken),
                _ => None,
            }),
            _ => None,
        };
        known.unwrap_or(Audience::Other(value))
    }
}

/// The HTTP method of an API entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method's name in upper case, e.g. `"GET"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Delete => reqwest::Method::DELETE,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secret_is_redacted_but_serializes_plainly() -> Result<(), serde_json::Error> {
        let s = Secret::from("tok-123");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(serde_json::to_string(&s)?, r#""tok-123""#);
        let back: Secret = serde_json::from_str(r#""tok-456""#)?;
        assert_eq!(back.expose(), "tok-456");
        assert_eq!(back.into_inner(), "tok-456");
        Ok(())
    }

    #[test]
    fn json_string_round_trip() -> Result<(), serde_json::Error> {
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct Ext {
            a: i64,
            b: String,
        }
        let ext = Ext { a: 2302128618880, b: "x\"y".into() };
        let js = JsonString::encode(&ext)?;
        assert_eq!(js.as_str(), r#"{"a":2302128618880,"b":"x\"y"}"#);
        assert_eq!(js.decode::<Ext>()?, ext);
        // On the wire it is a string holding JSON text.
        assert_eq!(serde_json::to_value(&js)?, json!(r#"{"a":2302128618880,"b":"x\"y"}"#));
        let bad = JsonString::from("{not json");
        assert!(bad.decode::<Ext>().is_err());
        Ok(())
    }

    #[test]
    fn audience_round_trips() -> Result<(), serde_json::Error> {
        let cases = [
            (Audience::All, json!("all")),
            (Audience::Tag(vec!["vip".into()]), json!({"tag": ["vip"]})),
            (Audience::Alias(vec!["a".into()]), json!({"alias": ["a"]})),
            (Audience::UserId(vec![2302128618880, 1]), json!({"user_id": [2302128618880_i64, 1]})),
            (Audience::PushToken(vec!["t".into()]), json!({"push_token": ["t"]})),
        ];
        for (audience, wire) in cases {
            assert_eq!(serde_json::to_value(&audience)?, wire);
            assert_eq!(serde_json::from_value::<Audience>(wire)?, audience);
        }
        Ok(())
    }

    #[test]
    fn audience_unknown_shapes_are_kept() -> Result<(), serde_json::Error> {
        for wire in [
            json!("everyone"),
            json!({"segment": ["x"]}),
            json!({"tag": ["a"], "alias": ["b"]}),
            json!({"user_id": ["not-a-number"]}),
            json!(42),
        ] {
            let a: Audience = serde_json::from_value(wire.clone())?;
            assert_eq!(a, Audience::Other(wire.clone()));
            assert_eq!(serde_json::to_value(&a)?, wire);
        }
        Ok(())
    }

    #[test]
    fn method_names() {
        assert_eq!(Method::Get.as_str(), "GET");
        assert_eq!(Method::Delete.to_string(), "DELETE");
        assert_eq!(Method::Put.to_reqwest(), reqwest::Method::PUT);
        assert_eq!(Method::Post.to_reqwest(), reqwest::Method::POST);
    }
}
