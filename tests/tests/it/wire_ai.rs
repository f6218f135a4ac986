//! Wire tests of section 8 of the API document (spec/zh-hans/ai.md), AI 接口 (`client.ai()`): entry 8.1, both of its
//! method+path pairs (PUT and POST `/ai/message/send`).

use maxim_api::{ContentType, Error, ErrorCode, JsonString, TargetType};
use maxim_api_tests::ids::{ALICE, BOB, GROUP};
use maxim_api_tests::{Acting, Expected, assert_received, client, serve_data, serve_json};
use serde_json::json;

/// The AI assistant: a user of the app, like any other.
const BOT: i64 = 2302128618899;
/// The message ID of the assistant's answer.
const REPLY: i64 = 2302128618880777;

// ---- 8.1 PUT, POST /ai/message/send ----------------------------------------------------------------------------

#[tokio::test]
async fn ai_send_message_post_decodes_the_reply_and_the_quota_used() {
    let server = serve_data(json!({
        "message_quota_usage": 1.5,
        "messages": [
            {
                "msg_id": REPLY,
                "from_xid": { "uid": BOT, "device_sn": 0 },
                "to_xid": { "uid": ALICE, "device_sn": 3 },
                "content": "你好！有什么可以帮你？",
                "ctype": "TEXT",
                "type": "CHAT",
                "timestamp": 1569615417000_i64,
                "ext": "{\"model\":\"m1\"}",
                "reasoning": "extra field"
            }
        ],
        "request_id": "r-1"
    }))
    .await;
    let ext = JsonString::encode(&json!({ "session": 7 })).unwrap();
    let reply = client(&server)
        .as_user(ALICE)
        .ai()
        .send_message([BOT], TargetType::User, ContentType::Text, "你好")
        .ext(ext)
        .transaction_id(1569615417000001)
        .await
        .unwrap();
    assert_eq!(reply.message_quota_usage, Some(1.5));
    let messages = reply.messages.expect("messages are present");
    assert_eq!(messages.len(), 1);
    let answer = &messages[0];
    assert_eq!(answer.msg_id, REPLY);
    assert_eq!(answer.from_xid.uid, BOT);
    assert_eq!(answer.to_xid.as_ref().map(|x| x.uid), Some(ALICE));
    assert_eq!(answer.to_xid.as_ref().and_then(|x| x.device_sn), Some(3));
    assert_eq!(answer.content.as_deref(), Some("你好！有什么可以帮你？"));
    assert_eq!(answer.ctype, Some(maxim_api::ContentTypeName::Text));
    assert_eq!(answer.r#type, Some(maxim_api::ChatType::Chat));
    assert_eq!(answer.timestamp, Some(1569615417000));
    assert_eq!(answer.ext.as_ref().map(JsonString::as_str), Some(r#"{"model":"m1"}"#));
    assert_eq!(answer.attachment, None);
    assert_eq!(answer.config, None);
    assert_received(
        &server,
        Expected::new("POST", "/ai/message/send")
            .body(json!({
                "content": "你好",
                "content_type": 0,
                "ext": "{\"session\":7}",
                "targets": [BOT],
                "transaction_id": 1569615417000001_i64,
                "type": 1
            }))
            .acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn ai_send_message_put_in_a_group_as_group_admin() {
    let server = serve_data(json!({
        "message_quota_usage": 0,
        "messages": [
            { "msg_id": REPLY, "from_xid": { "uid": BOT }, "to_xid": { "uid": GROUP }, "type": "GROUPCHAT",
              "ctype": "MARKDOWN", "content": "**总结**" },
            { "msg_id": REPLY + 1, "from_xid": { "uid": BOT }, "ctype": "IMAGE",
              "attachment": "{\"url\":\"https://example.com/chart.png\"}" }
        ]
    }))
    .await;
    let reply = client(&server)
        .as_group_admin(GROUP)
        .ai()
        .send_message([GROUP], TargetType::Group, ContentType::Text, "总结一下今天的讨论")
        .from_user_id(BOB)
        .config(r#"{"mentionList":[2302128618899]}"#)
        .online_only(false)
        .via_put()
        .await
        .unwrap();
    assert_eq!(reply.message_quota_usage, Some(0.0));
    let messages = reply.messages.expect("messages are present");
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0].to_xid.as_ref().map(|x| x.uid), Some(GROUP));
    assert_eq!(messages[0].r#type, Some(maxim_api::ChatType::GroupChat));
    assert!(
        matches!(messages[0].ctype, Some(maxim_api::ContentTypeName::Unknown(_))),
        "a content type the document does not list is kept"
    );
    assert_eq!(messages[0].ctype.as_ref().map(maxim_api::ContentTypeName::as_str), Some("MARKDOWN"));
    assert_eq!(messages[1].msg_id, REPLY + 1);
    assert_eq!(messages[1].content, None);
    assert_eq!(messages[1].timestamp, None);
    let attachment = messages[1].attachment.as_ref().expect("attachment");
    assert_eq!(attachment.as_str(), r#"{"url":"https://example.com/chart.png"}"#);
    assert_eq!(attachment.decode::<serde_json::Value>().unwrap(), json!({ "url": "https://example.com/chart.png" }));
    assert_received(
        &server,
        Expected::new("PUT", "/ai/message/send")
            .body(json!({
                "config": "{\"mentionList\":[2302128618899]}",
                "content": "总结一下今天的讨论",
                "content_type": 0,
                "from_user_id": BOB,
                "online_only": false,
                "targets": [GROUP],
                "type": 2
            }))
            .generated("transaction_id")
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn ai_send_message_null_data_and_a_business_error() {
    // The document promises a `data` object (messages, message_quota_usage): `null` is a decode error.
    let server = serve_data(serde_json::Value::Null).await;
    let err = client(&server).ai().send_message([BOT], TargetType::User, ContentType::Text, "ping").await.unwrap_err();
    assert!(matches!(&err, Error::Decode { path, .. } if path == "data"), "{err:?}");
    assert_received(
        &server,
        Expected::new("POST", "/ai/message/send")
            .body(json!({ "content": "ping", "content_type": 0, "targets": [BOT], "type": 1 }))
            .generated("transaction_id"),
    )
    .await;

    // A refusal comes back as a business error in an HTTP 200.
    let server = serve_json(200, json!({ "code": 10010, "message": "no permission", "data": null })).await;
    let err = client(&server).ai().send_message([BOT], TargetType::User, ContentType::Text, "ping").await.unwrap_err();
    assert!(matches!(err, Error::Api { .. }), "{err:?}");
    assert_eq!(err.api_code(), Some(ErrorCode::NoPermission));
    assert_eq!(err.operation(), Some("ai.send_message"));
}
