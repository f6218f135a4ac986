//! Wire tests of section 5 of the API document (spec/zh-hans/message.md), 消息处理 (`client.message()`): all 8
//! entries, 5.1 to 5.8, 11 method+path pairs (`/message/notify`, `/message/recall` and `/message/send` under PUT and
//! POST each).

use maxim_api::{ContentType, JsonString, TargetType};
use maxim_api_tests::ids::{ALICE, BOB, CAROL, GROUP};
use maxim_api_tests::{Acting, Expected, assert_received, assert_request, client, serve_data, serve_json, the_request};
use serde_json::{Value, json};

/// A message ID as the service makes them (beyond 32 bits, like every ID).
const MSG: i64 = 2302128618880123;

// ---- 5.1 GET /message/ack -------------------------------------------------------------------------------------

#[tokio::test]
async fn message_ack_sends_query_in_document_order_as_user() {
    let server = serve_data(json!(true)).await;
    let done =
        client(&server).as_user(ALICE).message().ack().conversation_id(BOB).msg_id(MSG).device_sn(3).await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("GET", "/message/ack")
            .query("conversation_id=2302128618881&device_sn=3&msg_id=2302128618880123")
            .acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn message_ack_in_a_group_omits_absent_device_sn() {
    let server = serve_data(json!(false)).await;
    let done = client(&server).as_user(BOB).message().ack().conversation_id(GROUP).msg_id(MSG + 1).await.unwrap();
    assert!(!done);
    assert_received(
        &server,
        Expected::new("GET", "/message/ack")
            .query("conversation_id=2306414607729&msg_id=2302128618880124")
            .acting(Acting::User(BOB)),
    )
    .await;
}

#[tokio::test]
async fn message_ack_of_a_conversation_without_msg_id_as_the_document_allows() {
    // Entry 5.1 marks every query parameter optional (conversation_id, device_sn and msg_id all 必填 false).
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).message().ack().conversation_id(BOB).await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("GET", "/message/ack").query("conversation_id=2302128618881").acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn message_ack_with_no_arguments_sends_no_query() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(BOB).message().ack().await.unwrap();
    assert!(done);
    assert_received(&server, Expected::new("GET", "/message/ack").acting(Acting::User(BOB))).await;
}

// ---- 5.2 POST /message/broadcast ------------------------------------------------------------------------------

#[tokio::test]
async fn message_broadcast_text_to_every_user_decodes_the_count() {
    let server = serve_data(json!({ "send_num": 2147483648_i64, "success": true, "task": "b-1" })).await;
    let ext = JsonString::encode(&json!({ "campaign": "spring" })).unwrap();
    let result = client(&server)
        .message()
        .broadcast(TargetType::User, ContentType::Text)
        .content("系统将于今晚 23:00 维护")
        .ext(ext)
        .await
        .unwrap();
    assert_eq!(result.send_num, Some(2147483648), "a count beyond 32 bits decodes");
    assert_eq!(result.success, Some(true));
    assert_received(
        &server,
        Expected::new("POST", "/message/broadcast").body(json!({
            "content": "系统将于今晚 23:00 维护",
            "content_type": 0,
            "ext": "{\"campaign\":\"spring\"}",
            "type": 1
        })),
    )
    .await;
}

#[tokio::test]
async fn message_broadcast_image_without_content_sends_attachment_and_config() {
    let server = serve_data(json!({ "success": false })).await;
    let attachment = JsonString::encode(&json!({ "url": "https://example.com/banner.png", "width": 828.0 })).unwrap();
    let result = client(&server)
        .message()
        .broadcast(TargetType::User, ContentType::Image)
        .attachment(attachment)
        .config(r#"{"push":false}"#)
        .await
        .unwrap();
    assert_eq!(result.success, Some(false));
    assert_eq!(result.send_num, None);
    assert_received(
        &server,
        Expected::new("POST", "/message/broadcast").body(json!({
            "attachment": "{\"url\":\"https://example.com/banner.png\",\"width\":828.0}",
            "config": "{\"push\":false}",
            "content_type": 1,
            "type": 1
        })),
    )
    .await;
}

// ---- 5.3 GET /message/conversation (history) ------------------------------------------------------------------

#[tokio::test]
async fn message_history_decodes_three_levels_of_a_realistic_page() {
    let server = serve_data(json!({
        "is_last": false,
        "messages": [
            {
                "msg_id": MSG,
                "from_xid": { "uid": ALICE, "device_sn": 3 },
                "to_xid": { "uid": BOB, "device_sn": 0 },
                "content": "你好",
                "ctype": "TEXT",
                "status": "READ",
                "timestamp": 1569615417000_i64,
                "config": "{\"mentions\":[2302128618881]}",
                "ext": "{\"k\":1}"
            },
            {
                "msg_id": MSG + 1,
                "from_xid": { "uid": BOB },
                "to_xid": { "uid": ALICE, "new_xid_field": 1 },
                "ctype": "IMAGE",
                "status": "RECALLED",
                "timestamp": 1569615418000_i64,
                "attachment": "{\"url\":\"https://example.com/a.png\",\"fLen\":2048}",
                "new_message_field": { "x": 1 }
            }
        ],
        "next_msg_id": 2302128618880100_i64,
        "page_token": "unknown-extra"
    }))
    .await;
    let page = client(&server).as_user(ALICE).message().history(BOB, 0, 20).await.unwrap();
    assert_eq!(page.is_last, Some(false));
    assert_eq!(page.next_msg_id, Some(2302128618880100));
    let messages = page.messages.expect("messages are present");
    assert_eq!(messages.len(), 2);

    let first = &messages[0];
    assert_eq!(first.msg_id, MSG);
    let from = &first.from_xid;
    assert_eq!(from.uid, ALICE);
    assert_eq!(from.device_sn, Some(3));
    assert_eq!(first.to_xid.as_ref().map(|x| x.uid), Some(BOB));
    assert_eq!(first.content.as_deref(), Some("你好"));
    assert_eq!(first.ctype, Some(maxim_api::ContentTypeName::Text));
    assert_eq!(first.status, Some(maxim_api::MessageStatus::Read));
    assert_eq!(first.timestamp, Some(1569615417000));
    let config = first.config.as_ref().expect("config");
    assert_eq!(config.as_str(), r#"{"mentions":[2302128618881]}"#);
    assert_eq!(config.decode::<Value>().unwrap(), json!({ "mentions": [BOB] }));
    assert_eq!(first.ext.as_ref().map(JsonString::as_str), Some(r#"{"k":1}"#));
    assert_eq!(first.attachment, None);

    let second = &messages[1];
    assert_eq!(second.msg_id, MSG + 1);
    assert_eq!(second.from_xid.uid, BOB);
    assert_eq!(second.from_xid.device_sn, None);
    assert_eq!(second.to_xid.as_ref().map(|x| x.uid), Some(ALICE));
    assert_eq!(second.ctype, Some(maxim_api::ContentTypeName::Image));
    assert_eq!(
        second.status.as_ref().map(maxim_api::MessageStatus::as_str),
        Some("RECALLED"),
        "a status the document does not list is kept"
    );
    assert_eq!(second.content, None);
    let attachment: Value = second.attachment.as_ref().expect("attachment").decode().unwrap();
    assert_eq!(attachment["fLen"], 2048);
    assert_received(
        &server,
        Expected::new("GET", "/message/conversation")
            .query("limit=20&msg_id_start=0&opposite_id=2302128618881")
            .acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn message_history_last_page_of_a_group() {
    let server = serve_data(json!({ "is_last": true, "messages": [] })).await;
    let page = client(&server).as_user(CAROL).message().history(GROUP, MSG, 50).await.unwrap();
    assert_eq!(page.is_last, Some(true));
    assert_eq!(page.messages, Some(vec![]));
    assert_eq!(page.next_msg_id, None);
    assert_received(
        &server,
        Expected::new("GET", "/message/conversation")
            .query("limit=50&msg_id_start=2302128618880123&opposite_id=2306414607729")
            .acting(Acting::User(CAROL)),
    )
    .await;
}

// ---- 5.4 DELETE /message/conversation -------------------------------------------------------------------------

#[tokio::test]
async fn message_delete_conversation_sends_conversation_id_as_user() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).message().delete_conversation(GROUP).await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("DELETE", "/message/conversation")
            .query("conversation_id=2306414607729")
            .acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn message_delete_conversation_null_data_is_a_decode_error() {
    // The document promises a boolean `data`: `null` is not an answer to "was it done?".
    let server = serve_data(Value::Null).await;
    let err = client(&server).as_user(BOB).message().delete_conversation(ALICE).await.unwrap_err();
    assert!(matches!(&err, maxim_api::Error::Decode { path, .. } if path == "data"), "{err:?}");
    assert_received(
        &server,
        Expected::new("DELETE", "/message/conversation")
            .query("conversation_id=2302128618880")
            .acting(Acting::User(BOB)),
    )
    .await;
}

// ---- 5.5 PUT, POST /message/notify ----------------------------------------------------------------------------

#[tokio::test]
async fn message_notify_post_sends_every_set_field() {
    let server = serve_json(200, json!({ "code": 200, "message": null, "data": true, "msg_ids": [] })).await;
    let ext = JsonString::encode(&json!({ "kind": "welcome", "level": 2 })).unwrap();
    let sent = client(&server)
        .message()
        .notify([ALICE, BOB], TargetType::User, ContentType::Text, "系统维护通知")
        .ext(ext)
        .from_user_id(CAROL)
        .online_only(true)
        .transaction_id(1569615417000123)
        .await
        .unwrap();
    assert_eq!(sent.data, Some(true));
    assert_eq!(sent.msg_ids, Some(vec![]), "several targets: the service returns no message IDs");
    assert_received(
        &server,
        Expected::new("POST", "/message/notify").body(json!({
            "content": "系统维护通知",
            "content_type": 0,
            "ext": "{\"kind\":\"welcome\",\"level\":2}",
            "from_user_id": CAROL,
            "online_only": true,
            "targets": [ALICE, BOB],
            "transaction_id": 1569615417000123_i64,
            "type": 1
        })),
    )
    .await;
}

#[tokio::test]
async fn message_notify_put_to_a_group_as_group_admin_decodes_the_msg_id() {
    let server = serve_json(200, json!({ "code": 200, "message": null, "data": true, "msg_ids": [MSG] })).await;
    let sent = client(&server)
        .as_group_admin(GROUP)
        .message()
        .notify([GROUP], TargetType::Group, ContentType::Command, "refresh")
        .config(r#"{"silent":true}"#)
        .via_put()
        .await
        .unwrap();
    assert_eq!(sent.data, Some(true));
    assert_eq!(sent.msg_ids, Some(vec![MSG]));
    assert_received(
        &server,
        Expected::new("PUT", "/message/notify")
            .body(json!({
                "config": "{\"silent\":true}",
                "content": "refresh",
                "content_type": 6,
                "targets": [GROUP],
                "type": 2
            }))
            .generated("transaction_id")
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

// ---- 5.6 PUT, POST /message/recall ----------------------------------------------------------------------------

#[tokio::test]
async fn message_recall_put_as_sender() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).message().recall(BOB, MSG).via_put().await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("PUT", "/message/recall")
            .body(json!({ "conversation_id": BOB, "msg_id": MSG }))
            .acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn message_recall_post_in_a_group_as_group_admin() {
    let server = serve_data(json!(false)).await;
    let done = client(&server).as_group_admin(GROUP).message().recall(GROUP, MSG + 7).await.unwrap();
    assert!(!done);
    assert_received(
        &server,
        Expected::new("POST", "/message/recall")
            .body(json!({ "conversation_id": GROUP, "msg_id": MSG + 7 }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

// ---- 5.7 PUT, POST /message/send ------------------------------------------------------------------------------

#[tokio::test]
async fn message_send_post_carries_json_strings_and_decodes_msg_ids() {
    let server =
        serve_json(200, json!({ "code": 200, "message": null, "data": true, "msg_ids": [MSG], "trace": "x" })).await;
    let config = JsonString::encode(&json!({ "mentionAll": false, "mentionList": [BOB] })).unwrap();
    let ext = JsonString::encode(&json!({ "k": 1 })).unwrap();
    let sent = client(&server)
        .as_user(ALICE)
        .message()
        .send([BOB], TargetType::User, ContentType::Text, "hi")
        .config(config)
        .ext(ext)
        .transaction_id(1569615417000)
        .await
        .unwrap();
    assert_eq!(sent.data, Some(true));
    assert_eq!(sent.msg_ids, Some(vec![MSG]));
    let request = the_request(&server).await;
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body["ext"], json!("{\"k\":1}"), "ext travels as a string of JSON text");
    assert_request(
        &request,
        &Expected::new("POST", "/message/send")
            .body(json!({
                "config": "{\"mentionAll\":false,\"mentionList\":[2302128618881]}",
                "content": "hi",
                "content_type": 0,
                "ext": "{\"k\":1}",
                "targets": [BOB],
                "transaction_id": 1569615417000_i64,
                "type": 1
            }))
            .acting(Acting::User(ALICE)),
    );
}

#[tokio::test]
async fn message_send_put_image_to_a_group_as_group_admin() {
    let server = serve_json(200, json!({ "code": 200, "message": null, "data": true })).await;
    let attachment = JsonString::encode(&json!({ "url": "https://example.com/cat.jpg", "width": 640 })).unwrap();
    let sent = client(&server)
        .as_group_admin(GROUP)
        .message()
        .send([GROUP], TargetType::Group, ContentType::Image, "[图片]")
        .attachment(attachment)
        .from_user_id(ALICE)
        .via_put()
        .await
        .unwrap();
    assert_eq!(sent.data, Some(true));
    assert_eq!(sent.msg_ids, None, "no msg_ids in the envelope decodes to None");
    assert_received(
        &server,
        Expected::new("PUT", "/message/send")
            .body(json!({
                "attachment": "{\"url\":\"https://example.com/cat.jpg\",\"width\":640}",
                "content": "[图片]",
                "content_type": 1,
                "from_user_id": ALICE,
                "targets": [GROUP],
                "type": 2
            }))
            .generated("transaction_id")
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn message_send_content_types_9_to_12_carry_related_mid() {
    // The document names READ_ACK = 9, RECALL = 10, APPEND = 11 and REPLACE = 12; they go out as the number.
    let named = [
        (9_i64, ContentType::ReadAck, true),
        (10, ContentType::Recall, false),
        (11, ContentType::Append, false),
        (12, ContentType::Replace, false),
    ];
    for (wire, content_type, online_only) in named {
        let server = serve_json(200, json!({ "code": 200, "message": null, "data": true, "msg_ids": [] })).await;
        assert_eq!(ContentType::from(wire), content_type);
        assert_eq!(content_type.value(), wire);
        let sent = client(&server)
            .as_user(BOB)
            .message()
            .send([ALICE], TargetType::User, content_type, "")
            .related_mid(MSG)
            .online_only(online_only)
            .await
            .unwrap();
        assert_eq!(sent.msg_ids, Some(vec![]));
        assert_received(
            &server,
            Expected::new("POST", "/message/send")
                .body(json!({
                    "content": "",
                    "content_type": wire,
                    "online_only": online_only,
                    "related_mid": MSG,
                    "targets": [ALICE],
                    "type": 1
                }))
                .generated("transaction_id")
                .acting(Acting::User(BOB)),
        )
        .await;
    }
}

#[tokio::test]
async fn message_send_unknown_target_type_is_sent_as_is() {
    let server = serve_json(200, json!({ "code": 200, "message": null, "data": false })).await;
    let sent = client(&server)
        .message()
        .send([ALICE], TargetType::from(3), ContentType::Location, "{\"lat\":31.2}")
        .await
        .unwrap();
    assert_eq!(sent.data, Some(false));
    assert_received(
        &server,
        Expected::new("POST", "/message/send")
            .body(json!({
                "content": "{\"lat\":31.2}",
                "content_type": 5,
                "targets": [ALICE],
                "type": 3
            }))
            .generated("transaction_id"),
    )
    .await;
}

// ---- 5.8 GET /message/unread ----------------------------------------------------------------------------------

#[tokio::test]
async fn message_unread_decodes_conversations_as_user() {
    let server = serve_data(json!([
        { "conversation_id": { "uid": BOB, "device_sn": 0 }, "num": 3, "last_msg": "x" },
        { "conversation_id": { "uid": GROUP }, "num": 120 },
        { "num": 0 }
    ]))
    .await;
    let unread = client(&server).as_user(ALICE).message().unread().await.unwrap();
    assert_eq!(unread.len(), 3);
    assert_eq!(unread[0].conversation_id.as_ref().and_then(|c| c.uid), Some(BOB));
    assert_eq!(unread[0].num, Some(3));
    assert_eq!(unread[1].conversation_id.as_ref().and_then(|c| c.uid), Some(GROUP));
    assert_eq!(unread[1].num, Some(120));
    assert_eq!(unread[2].conversation_id, None);
    assert_eq!(unread[2].num, Some(0));
    assert_received(&server, Expected::new("GET", "/message/unread").acting(Acting::User(ALICE))).await;
}

#[tokio::test]
async fn message_unread_null_data_is_an_empty_list() {
    let server = serve_data(Value::Null).await;
    let unread = client(&server).message().unread().await.unwrap();
    assert!(unread.is_empty());
    assert_received(&server, Expected::new("GET", "/message/unread")).await;
}
