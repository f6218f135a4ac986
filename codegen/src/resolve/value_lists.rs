//! Rule 7: value lists in descriptions. The document states the values of many fields in prose
//! (`状态： 0 - 待处理，1 - 同意，2 - 拒绝`, `消息类型 TEXT = 0;<br>IMAGE = 1;`, `text - 文本，image - 图片`). Every
//! integer or string input and field whose description holds such a list must be an enum (named in the
//! corrections, since variant names need English) holding every listed value, or be listed in `[not_enums]` with
//! the reason it stays plain. A description that seems to list values but cannot be read is reported too, so no
//! list is dropped in silence.
//!
//! Where an operation documents fewer values than its enum has (`/group/create` lists group types 0 and 2 of
//! three), they are kept ([`crate::model::api::Input::documented_values`]) and its docs say so.

use super::Resolver;
use crate::model::api::{Ty, WireValue};
use crate::model::diagnostic::Location;

/// What a description says about the values of its field.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Reading {
    /// No list.
    None,
    /// The values it lists, in its order, each with its label.
    List(Vec<(WireValue, String)>),
    /// It seems to list values, but cannot be read: why.
    Unreadable(String),
}

/// Reads the value list of a description, if any: integers for an integer field (`0 - 待处理`, `1: 原图`,
/// `0表示私有群`, `TEXT = 0;`), identifiers for a string field (`text - 文本`, with a space by the dash so that
/// hyphenated words are not values). A dash between two numbers is a range (`0-23`), not a value.
pub(crate) fn read(description: &str, integers: bool) -> Reading {
    let text = description.replace("<br>", "\n");
    let chars: Vec<char> = text.chars().collect();
    let items = if integers { integer_items(&chars) } else { string_items(&chars) };
    let Some(first) = items.first() else { return Reading::None };
    let mut values: Vec<(WireValue, String)> = Vec::new();
    for (index, item) in items.iter().enumerate() {
        if values.iter().any(|(value, _)| *value == item.value) {
            return Reading::Unreadable(format!("value {} is listed twice", shown(&item.value)));
        }
        let end = items.get(index + 1).map_or(chars.len(), |next| next.start);
        let label = match &item.label {
            Some(label) => label.clone(),
            None => chars[item.label_start..end].iter().collect::<String>(),
        };
        let label = label.trim_matches(|c: char| c.is_whitespace() || ",，;；。、".contains(c)).to_owned();
        values.push((item.value.clone(), label));
    }
    if items.iter().any(|item| item.label.is_some()) && items.iter().any(|item| item.label.is_none()) {
        return Reading::Unreadable("it mixes `NAME = value` with `value - label`".to_owned());
    }
    // A number before the list is a value the list does not hold (`为0或小于当前时间表示不禁言, -1表示永久禁言`).
    let lead: String = chars[..first.start].iter().collect();
    if integers && lead.chars().any(|c| c.is_ascii_digit()) {
        return Reading::Unreadable(format!("`{}` names a value outside the list", lead.trim()));
    }
    Reading::List(values)
}

/// One listed value: where it starts, its value, and its label when written before it (`TEXT = 0`), else where
/// the label starts (it runs to the next value).
struct Item {
    start: usize,
    value: WireValue,
    label: Option<String>,
    label_start: usize,
}

fn integer_items(chars: &[char]) -> Vec<Item> {
    let mut items = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        // `NAME = 0;`: a constant as the vendor's code declares it.
        if chars[i].is_ascii_uppercase() && (i == 0 || !is_word(chars[i - 1])) {
            let name_end = scan(chars, i, |c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            let eq = skip_spaces(chars, name_end);
            if chars.get(eq) == Some(&'=') {
                let digits = skip_spaces(chars, eq + 1);
                let end = scan(chars, digits, |c| c.is_ascii_digit());
                if end > digits && chars.get(end).is_none_or(|c| !is_word(*c)) {
                    let name: String = chars[i..name_end].iter().collect();
                    if let Some(value) = number(&chars[digits..end], false) {
                        items.push(Item { start: i, value, label: Some(name), label_start: end });
                    }
                    i = end;
                    continue;
                }
            }
            i = name_end;
            continue;
        }
        if !chars[i].is_ascii_digit() || (i > 0 && (is_word(chars[i - 1]) || chars[i - 1] == '.')) {
            i += 1;
            continue;
        }
        let end = scan(chars, i, |c| c.is_ascii_digit());
        // `-1表示…`: a minus sign, not a dash after a word.
        let negative =
            i > 0 && chars[i - 1] == '-' && (i < 2 || (!is_word(chars[i - 2]) && !chars[i - 2].is_ascii_digit()));
        let after = skip_spaces(chars, end);
        let separator = match chars.get(after) {
            Some('-') => {
                let next = skip_spaces(chars, after + 1);
                // `0-23` is a range.
                (!chars.get(next).is_some_and(char::is_ascii_digit)).then_some(after + 1)
            }
            Some(':' | '：') => Some(after + 1),
            Some('表') if chars.get(after + 1) == Some(&'示') => Some(after + 2),
            _ => None,
        };
        if let Some(label_start) = separator
            && chars.get(end).is_none_or(|c| !is_word(*c))
            && let Some(value) = number(&chars[i..end], negative)
        {
            let start = if negative { i - 1 } else { i };
            items.push(Item { start, value, label: None, label_start });
        }
        i = end;
    }
    items
}

fn string_items(chars: &[char]) -> Vec<Item> {
    let mut items = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_word = (chars[i].is_ascii_alphabetic() || chars[i] == '_')
            && (i == 0 || !(is_word(chars[i - 1]) || "-./".contains(chars[i - 1])));
        if !starts_word {
            i += 1;
            continue;
        }
        let end = scan(chars, i, is_word);
        let dash = skip_spaces(chars, end);
        let spaced = dash > end || chars.get(dash + 1).is_some_and(|c| c.is_whitespace());
        if chars.get(dash) == Some(&'-') && spaced {
            let value: String = chars[i..end].iter().collect();
            items.push(Item { start: i, value: WireValue::Str(value), label: None, label_start: dash + 1 });
        }
        i = end;
    }
    items
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn scan(chars: &[char], from: usize, keep: impl Fn(char) -> bool) -> usize {
    let mut end = from;
    while chars.get(end).is_some_and(|c| keep(*c)) {
        end += 1;
    }
    end
}

fn skip_spaces(chars: &[char], from: usize) -> usize {
    scan(chars, from, |c| c == ' ' || c == '\t')
}

fn number(digits: &[char], negative: bool) -> Option<WireValue> {
    let text: String = digits.iter().collect();
    let value: i64 = text.parse().ok()?;
    Some(WireValue::Int(if negative { -value } else { value }))
}

/// A value as the document writes it.
pub(crate) fn shown(value: &WireValue) -> String {
    match value {
        WireValue::Int(i) => i.to_string(),
        WireValue::Str(s) => format!("`{s}`"),
    }
}

/// An input or field whose description is checked: where it is, for messages and `[not_enums]`.
pub(super) struct Place<'p> {
    pub wire_name: &'p str,
    /// `` `status` of `GroupApplication` ``, `` input `type` of `POST /group/create` ``.
    pub what: String,
    pub location: &'p Location,
}

impl Resolver<'_> {
    /// Rule 7 for one input or field: a list in its description needs an enum type holding every listed value, or
    /// an entry in `[not_enums]`; anything else is reported at `place`. Returns the listed values when they are
    /// fewer than the enum's (see [`crate::model::api::Input::documented_values`]).
    pub(super) fn check_value_list(&mut self, description: &str, ty: &Ty, place: &Place<'_>) -> Vec<WireValue> {
        let mut base = ty;
        while let Ty::List(inner) = base {
            base = inner;
        }
        let (integers, enum_def) = match base {
            Ty::I64 => (true, None),
            Ty::String => (false, None),
            Ty::Enum(name) => match self.enum_defs.get(name).cloned() {
                Some(def) => (def.is_integer(), Some(def)),
                None => return Vec::new(),
            },
            _ => return Vec::new(),
        };
        let reading = read(description, integers);
        let Some(def) = enum_def else {
            let found = match &reading {
                Reading::None => return Vec::new(),
                Reading::List(values) => {
                    let listed: Vec<String> =
                        values.iter().map(|(value, label)| format!("{} ({label})", shown(value))).collect();
                    format!("lists the values {} in its description", listed.join(", "))
                }
                Reading::Unreadable(why) => {
                    format!("seems to list values in its description, but cannot be read ({why})")
                }
            };
            if let Some((key, _)) = self.corrections.not_enums.get_key_value(place.wire_name) {
                self.used.insert(key.span().start);
                return Vec::new();
            }
            let message = format!(
                "{} {found}; give it an enum in {} (the type's `fields` or the operation's `query`/`body`), or list \
                 `{}` in [not_enums] with the reason it stays plain",
                place.what,
                self.spans.file(),
                place.wire_name
            );
            self.error(place.location, message);
            return Vec::new();
        };
        let Reading::List(values) = reading else { return Vec::new() };
        for (value, label) in &values {
            if !def.variants.iter().any(|variant| variant.value == *value) {
                let message = format!(
                    "{} lists the value {} ({label}), which enum `{}` does not have; add it to the enum in {}",
                    place.what,
                    shown(value),
                    def.name,
                    self.spans.file()
                );
                self.error(place.location, message);
            }
        }
        // Where the operation takes fewer values than the enum has, its docs say which.
        if values.len() < def.variants.len() {
            values.into_iter().map(|(value, _)| value).collect()
        } else {
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(text: &str) -> Vec<i64> {
        match read(text, true) {
            Reading::List(values) => values
                .into_iter()
                .map(|(value, _)| match value {
                    WireValue::Int(i) => i,
                    WireValue::Str(s) => panic!("{s}"),
                })
                .collect(),
            other => panic!("{text}: {other:?}"),
        }
    }

    fn strings(text: &str) -> Vec<String> {
        match read(text, false) {
            Reading::List(values) => values
                .into_iter()
                .map(|(value, _)| match value {
                    WireValue::Str(s) => s,
                    WireValue::Int(i) => panic!("{i}"),
                })
                .collect(),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn every_way_the_document_writes_an_integer_list_is_read() {
        assert_eq!(ints("状态： 0 - 待处理，1 - 同意，2 - 拒绝"), [0, 1, 2]);
        assert_eq!(ints("图片类型，1: 原图，2: 缩略图, 3: 封面图"), [1, 2, 3]);
        assert_eq!(ints("群状态, 0：正常, 1：已解散"), [0, 1]);
        assert_eq!(ints("群类型 0表示私有群, 2表示聊天室"), [0, 2]);
        assert_eq!(ints("入群申请审批设置, 0:同意所有申请 1:需要管理员确认 2:拒绝所有申请"), [0, 1, 2]);
        assert_eq!(ints("群消息屏蔽模式： 0 - 不屏蔽1 - 屏蔽本地消息通知2 - 屏蔽消息，不接收消息"), [0, 1, 2]);
        assert_eq!(ints("证书提供方, 1-APNS，2-华为，3-小米"), [1, 2, 3]);
        assert_eq!(ints("0-正常，1-封禁"), [0, 1]);
        assert_eq!(ints("目标类型，1 - 普通用户"), [1]);
        assert_eq!(
            ints("文件类型 100: 普通聊天文件, 104: 语音聊天文件(mp3格式)200: 普通共享文件"),
            [100, 104, 200],
            "a digit inside `mp3` is no value"
        );
        assert_eq!(ints("消息类型 TEXT      = 0;<br>    IMAGE     = 1;<br>    READ_ACK  = 9;"), [0, 1, 9]);
        assert_eq!(ints("运行环境， 0 - 开发环境， 1 - 生产环境 , 默认值：1"), [0, 1], "a default is no value");
    }

    #[test]
    fn labels_run_to_the_next_value() {
        let Reading::List(values) = read("消息类型 0：运营类消息，1：系统类消息。不填默认为0", true)
        else {
            panic!()
        };
        assert_eq!(values[0], (WireValue::Int(0), "运营类消息".to_owned()));
        assert_eq!(values[1], (WireValue::Int(1), "系统类消息。不填默认为0".to_owned()));
        let Reading::List(values) = read("TEXT = 0;<br>IMAGE = 1;", true) else { panic!() };
        assert_eq!(values[1], (WireValue::Int(1), "IMAGE".to_owned()));
    }

    #[test]
    fn string_lists_need_a_spaced_dash() {
        assert_eq!(strings("操作结果： success - 成功, fail - 失败"), ["success", "fail"]);
        assert_eq!(strings("消息类型：CHAT- 单聊 ，GROUPCHAT - 群聊"), ["CHAT", "GROUPCHAT"]);
        assert_eq!(
            strings("通知下发策略: combined - 表示先使用蓝莺通道下发；mxpush_only - 表示只使用蓝莺通道下发"),
            ["combined", "mxpush_only"]
        );
        assert_eq!(read("对应APNs的apns-collapse-id，可为空", false), Reading::None);
        assert_eq!(read("示例：intent:#Intent;component=包名/activity全路径;S.parm1=value1;end", false), Reading::None);
    }

    #[test]
    fn numbers_that_are_not_lists_are_not_read() {
        for text in [
            "推送免打扰结束的小时（0-23）",
            "页数：必须大于0，默认为1",
            "返回码，200是成功",
            "推荐876*324px",
            "{\"user_id\":[111,222]}",
        ] {
            assert_eq!(read(text, true), Reading::None, "{text}");
        }
    }

    #[test]
    fn a_list_that_cannot_be_read_says_why() {
        let Reading::Unreadable(why) =
            read("全员禁言过期时间（秒）， 为0或小于当前时间表示不禁言, -1表示永久禁言", true)
        else {
            panic!("a value outside the list")
        };
        assert!(why.contains("outside the list"), "{why}");
        assert_eq!(read("1 - 用户, 1 - 群组", true), Reading::Unreadable("value 1 is listed twice".to_owned()));
        assert!(matches!(read("TEXT = 0; 1 - 图片", true), Reading::Unreadable(why) if why.contains("mixes")));
    }
}
