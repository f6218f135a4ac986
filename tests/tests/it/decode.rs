//! The generated types decode what the live service really sends: 64-bit IDs and times, unknown enum values,
//! missing and extra fields; and secrets stay out of `Debug`.

use maxim_api::{
    AiReply, ContentType, GroupInfo, GroupStatus, GroupType, HistoryMessage, JsonString, PinnedConversations,
    PushMessageType, TokenInfo, UserListItem, UserSettings, UserStatus,
};
use serde_json::json;

#[test]
fn ids_and_times_beyond_32_bits_decode() {
    // Values seen from the live service; each overflows i32.
    let info: GroupInfo = serde_json::from_value(json!({
        "group_id": 2306414607729_i64,
        "owner_id": 2302128618880_i64,
        "created_at": 1569615417000_i64,
        "updated_at": 1569586735861_i64,
        "ban_expire_time": -1,
        "type": 2,
        "name": "研发群"
    }))
    .expect("decodes");
    assert_eq!(info.group_id, 2306414607729);
    assert_eq!(info.owner_id, 2302128618880);
    assert_eq!(info.created_at, Some(1569615417000));
    assert_eq!(info.updated_at, Some(1569586735861));
    assert_eq!(info.ban_expire_time, Some(-1));
    assert_eq!(info.r#type, Some(GroupType::Chatroom));
    assert_eq!(info.description, None, "missing fields are None");
}

#[test]
fn unknown_enum_values_are_kept_and_round_trip() {
    let message: HistoryMessage =
        serde_json::from_value(json!({ "msg_id": 1, "from_xid": { "uid": 2 }, "ctype": "TEXT" })).expect("decodes");
    assert_eq!(message.msg_id, 1);
    for (wire, known) in [
        (0, Some(ContentType::Text)),
        (7, Some(ContentType::Forward)),
        (12, Some(ContentType::Replace)),
        (8, None),
        (13, None),
    ] {
        let decoded: ContentType = serde_json::from_value(json!(wire)).expect("any integer decodes");
        match known {
            Some(variant) => assert_eq!(decoded, variant),
            None => assert!(matches!(decoded, ContentType::Unknown(_)), "{decoded:?}"),
        }
        assert_eq!(serde_json::to_value(decoded).expect("encodes"), json!(wire), "serializes back to {wire}");
    }
    let unknown: PushMessageType = serde_json::from_value(json!("video")).expect("any string decodes");
    assert!(matches!(&unknown, PushMessageType::Unknown(value) if value.as_str() == "video"), "{unknown:?}");
    assert_eq!(serde_json::to_value(&unknown).expect("encodes"), json!("video"), "serializes back");
    assert_eq!(serde_json::to_value(PushMessageType::Cmd).expect("encodes"), json!("cmd"));
    let group_type: GroupType = serde_json::from_value(json!(5)).expect("decodes");
    assert_eq!(group_type.value(), 5);
    // A type the service only sends serializes (feature `serialize`) the unknown values it decoded, unchanged.
    let sent = json!({ "group_id": 1, "owner_id": 2, "type": 9, "status": 7 });
    let info: GroupInfo = serde_json::from_value(sent.clone()).expect("decodes");
    assert!(matches!(info.r#type, Some(GroupType::Unknown(_))), "{info:?}");
    assert_eq!(info.status.map(GroupStatus::value), Some(7));
    assert_eq!(serde_json::to_value(&info).expect("encodes"), sent);
}

#[test]
fn wrong_types_are_errors_not_truncation() {
    let error = serde_json::from_value::<GroupInfo>(json!({ "group_id": "2306414607729" })).expect_err("string id");
    assert!(error.to_string().contains("invalid type: string"), "{error}");
    let error = serde_json::from_value::<GroupInfo>(json!({ "group_id": 1.5 })).expect_err("fractional id");
    assert!(error.to_string().contains("invalid type: floating point"), "{error}");
}

#[test]
fn members_decode_from_text_escaped_names_nulls_and_any_order() {
    // From the text, as the SDK reads answers: a name with an escape (not borrowable from the input), `null`, an
    // unknown member holding nested values between known ones, and a wrong shape named by the type.
    let text = r#"{"owner_id":2302128618880,"extra":{"a":[1,{"b":null}]},"group\u005fid":2306414607729,"name":null}"#;
    let group: GroupInfo = serde_json::from_str(text).expect("decodes");
    assert_eq!(group.group_id, 2306414607729);
    assert_eq!(group.owner_id, 2302128618880);
    assert_eq!(group.name, None);
    let error = serde_json::from_str::<GroupInfo>("[2306414607729]").expect_err("an array is not a group");
    assert!(error.to_string().contains("expected struct GroupInfo"), "{error}");
}

#[test]
fn unknown_fields_and_thrift_flags_are_tolerated() {
    let settings: UserSettings = serde_json::from_value(json!({
        "user_id": 2302128618880_i64, "auth_mode": 4, "brand_new_setting": {"x": 1}
    }))
    .expect("decodes");
    assert_eq!(settings.user_id, 2302128618880);
    assert_eq!(settings.auth_mode, Some(maxim_api::AuthMode::from(4)));
    // The 2022 document listed Thrift "is set" flags; the 2026 one does not: they are unknown fields now.
    let message: HistoryMessage = serde_json::from_value(json!({
        "msg_id": 2302128618880123_i64, "from_xid": { "uid": 2302128618880_i64 }, "config": "{\"mention\":[1]}",
        "set_config": true, "status": "UNREAD"
    }))
    .expect("decodes");
    assert_eq!(message.msg_id, 2302128618880123);
    assert_eq!(message.status, Some(maxim_api::MessageStatus::Unread));
    assert_eq!(message.content, None);
    let config: serde_json::Value = message.config.expect("present").decode().expect("JSON inside the string");
    assert_eq!(config, json!({ "mention": [1] }));
}

#[test]
fn types_new_in_the_2026_document_decode() {
    // `double` is f64: an integer and a fraction both decode.
    for (wire, quota) in [(json!(2), 2.0), (json!(0.25), 0.25)] {
        let reply: AiReply = serde_json::from_value(json!({ "message_quota_usage": wire, "messages": [] })).unwrap();
        assert_eq!(reply.message_quota_usage, Some(quota));
    }
    let users: Vec<UserListItem> = serde_json::from_value(json!([
        { "user_id": 2302128618880_i64, "username": "alice", "status": 0 },
        { "user_id": 2302128618881_i64, "status": 3, "created": 1569615417000_i64 }
    ]))
    .expect("decodes");
    assert_eq!(users[0].status, Some(UserStatus::Normal));
    assert_eq!(users[1].status, Some(UserStatus::from(3)));
    assert_eq!(users[1].username, None);
    let pinned: PinnedConversations =
        serde_json::from_value(json!({ "conversation_ids": [2302128618881_i64, 2306414607729_i64] })).expect("decodes");
    assert_eq!(pinned.conversation_ids, Some(vec![2302128618881, 2306414607729]));
    let info: GroupInfo =
        serde_json::from_value(json!({ "group_id": 1, "owner_id": 2, "hide_member_info": true })).expect("decodes");
    assert_eq!(info.hide_member_info, Some(true));
}

#[test]
fn json_carried_in_strings_encodes_as_a_string() {
    let ext = JsonString::encode(&json!({ "k": 1 })).expect("encodes");
    assert_eq!(serde_json::to_value(&ext).expect("encodes"), json!("{\"k\":1}"));
}

#[test]
fn tokens_never_show_in_debug() {
    let token: TokenInfo = serde_json::from_value(json!({
        "token": "tok-VERY-SECRET", "access_key_secret": "ak-HIDDEN", "expire": 1569615417000_i64, "user_id": 2302128618880_i64
    }))
    .expect("decodes");
    let shown = format!("{token:?}");
    assert!(!shown.contains("tok-VERY-SECRET") && !shown.contains("ak-HIDDEN"), "{shown}");
    assert!(shown.contains("2302128618880"), "other fields still show: {shown}");
    assert_eq!(token.token.expose(), "tok-VERY-SECRET");
    assert_eq!(serde_json::to_value(&token).expect("encodes")["token"], json!("tok-VERY-SECRET"));
}
