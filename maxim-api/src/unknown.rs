//! The values an enum of this crate does not know: readable, but neither built nor matched by value.

use std::fmt;

/// An integer an enum does not know, as it came on the wire: read it with [`UnknownValue::value`].
///
/// The service sends values newer than the SDK (content types 9–12 before the document listed them, error codes
/// nobody documented). An enum keeps such a value in its `Unknown` variant, holding an [`UnknownValue`] (integer
/// enums and [`crate::ErrorCode`]) or an [`UnknownString`] (string enums). Their field is private, so user code can
/// read the value (`.value()`, `.as_str()`) but cannot write `GroupType::Unknown(3)` or match a specific unknown
/// value: when a later version names the value, code written against this one keeps its meaning, which is what
/// makes adding a named value a compatible change (aws-sdk-rust's `UnknownVariantValue` is the model).
///
/// To send a value the SDK does not name yet, convert the wire value: `GroupType::from(3)` (the named variant when
/// the value is known, `Unknown` otherwise).
///
/// ```
/// use maxim_api::GroupType;
///
/// let group_type = GroupType::from(3);
/// assert!(matches!(group_type, GroupType::Unknown(_)));
/// assert_eq!(group_type.value(), 3);
/// // A known value is always its named variant.
/// assert_eq!(GroupType::from(2), GroupType::Chatroom);
/// ```
///
/// An unknown value cannot be written by hand:
///
/// ```compile_fail
/// use maxim_api::GroupType;
///
/// let _ = GroupType::Unknown(3);
/// ```
///
/// ```compile_fail
/// use maxim_api::{GroupType, UnknownValue};
///
/// let _ = GroupType::Unknown(UnknownValue(3));
/// ```
///
/// nor matched by value:
///
/// ```compile_fail
/// use maxim_api::{GroupType, UnknownValue};
///
/// fn is_three(group_type: GroupType) -> bool {
///     matches!(group_type, GroupType::Unknown(UnknownValue(3)))
/// }
/// ```
///
/// ```compile_fail
/// use maxim_api::{PushMessageType, UnknownString};
///
/// let _ = PushMessageType::Unknown(UnknownString("video".to_owned()));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UnknownValue(i64);

impl UnknownValue {
    /// Only the enums' conversions from wire values make one, for a value they do not name.
    pub(crate) const fn new(value: i64) -> Self {
        Self(value)
    }

    /// The value on the wire.
    pub const fn value(self) -> i64 {
        self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A string an enum does not know, as it came on the wire. Read it with [`UnknownString::as_str`]; like
/// [`UnknownValue`], only the SDK makes one.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UnknownString(String);

impl UnknownString {
    /// Only the enums' conversions from wire values make one, for a value they do not name.
    pub(crate) fn new(value: &str) -> Self {
        Self(value.to_owned())
    }

    /// The value on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
