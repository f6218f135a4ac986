//! Wire tests of section 6 of the API document, 消息处理 (`client.message()`, the 8 entries under `/message/`).

use maxim_api::{ContentType, JsonString, TargetType};
use maxim_api_tests::ids::{ALICE, BOB, GROUP};
use maxim_api_tests::{Acting, Expected, assert_received, assert_request, client, serve_data, serve_json, the_request};
use serde_json::{Value, json};

// ---- 6.1 GET /message/ack ----------------------------------------------------------------------------------------

#[tokio::test]
async fn message_ack_sends_query_in_document_order_as_user() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).message().ack(BOB, 2302128618880123).device_sn(3).await.unwrap();
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
async fn message_ack_omits_absent_device_sn() {
    let server = serve_data(json!(false)).await;
    let done = client(&server).message().ack(GROUP, 2302128618880124).await.unwrap();
    assert!(!done);
    assert_received(
        &server,
        Expected::new("GET", "/message/ack").query("conversation_id=2306414607729&msg_id=2302128618880124"),
    )
    .await;
}

// ---- 6.2 GET /message/conversation (history) -------------------------------------------------------------------

#[tokio::test]
async fn message_history_decodes_three_levels_of_a_realistic_page() {
    let server = serve_data(json!({
        "is_last": false,
        "messages": [
            {
                "msg_id": 2302128618880123_i64,
                "from_xid": { "uid": ALICE, "device_sn": 3, "set_uid": true, "set_device_sn": true },
                "to_xid": { "uid": BOB, "device_sn": 0 },
                "content": "你好",
                "ctype": "TEXT",
                "status": "READ",
                "timestamp": 1569615417000_i64,
                "config": "{\"mentions\":[2302128618881]}",
                "ext": "{\"k\":1}",
                "set_msg_id": true,
                "set_content": true
            },
            {
                "msg_id": 2302128618880124_i64,
                "from_xid": { "uid": BOB },
                "to_xid": { "uid": ALICE, "new_xid_field": 1 },
                "ctype": "CUSTOM",
                "status": "RECALLED",
                "timestamp": 1569615418000_i64,
                "attachment": "{\"url\":\"https://example.com/a.png\",\"size\":2048}",
                "new_message_field": { "x": 1 }
            }
        ],
        "messages_iterator": {},
        "messages_size": 2,
        "next_msg_id": 2302128618880125_i64,
        "page_token": "unknown-extra"
    }))
    .await;
    let page =
        client(&server).as_user(ALICE).message().history(BOB).limit(20).msg_id_start(2302128618880100).await.unwrap();
    assert_eq!(page.is_last, Some(false));
    assert_eq!(page.next_msg_id, Some(2302128618880125));
    assert_eq!(page.messages_size, Some(2));
    assert_eq!(page.messages_iterator, Some(json!({})));
    assert_eq!(page.set_is_last, None);
    let messages = page.messages.expect("messages are present");
    assert_eq!(messages.len(), 2);

    let first = &messages[0];
    assert_eq!(first.msg_id, Some(2302128618880123));
    let from = first.from_xid.as_ref().expect("from_xid");
    assert_eq!(from.uid, Some(ALICE));
    assert_eq!(from.device_sn, Some(3));
    assert_eq!(from.set_uid, Some(true));
    assert_eq!(first.to_xid.as_ref().and_then(|x| x.uid), Some(BOB));
    assert_eq!(first.content.as_deref(), Some("你好"));
    assert_eq!(first.ctype.as_deref(), Some("TEXT"));
    assert_eq!(first.timestamp, Some(1569615417000));
    let config = first.config.as_ref().expect("config");
    assert_eq!(config.as_str(), r#"{"mentions":[2302128618881]}"#);
    assert_eq!(config.decode::<Value>().unwrap(), json!({ "mentions": [BOB] }));
    assert_eq!(first.ext.as_ref().map(JsonString::as_str), Some(r#"{"k":1}"#));
    assert_eq!(first.attachment, None);
    assert_eq!(first.set_msg_id, Some(true));
    assert_eq!(first.set_status, None);

    let second = &messages[1];
    assert_eq!(second.msg_id, Some(2302128618880124));
    assert_eq!(second.from_xid.as_ref().and_then(|x| x.uid), Some(BOB));
    assert_eq!(second.from_xid.as_ref().and_then(|x| x.device_sn), None);
    assert_eq!(second.to_xid.as_ref().and_then(|x| x.uid), Some(ALICE));
    assert_eq!(second.ctype.as_deref(), Some("CUSTOM"));
    assert_eq!(second.status.as_deref(), Some("RECALLED"));
    assert_eq!(second.content, None);
    let attachment: Value = second.attachment.as_ref().expect("attachment").decode().unwrap();
    assert_eq!(attachment["size"], 2048);
    assert_received(
        &server,
        Expected::new("GET", "/message/conversation")
            .query("limit=20&msg_id_start=2302128618880100&opposite_id=2302128618881")
            .acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn message_history_last_page_with_only_the_required_parameter() {
    let server = serve_data(json!({ "is_last": true, "messages": [], "messages_size": 0 })).await;
    let page = client(&server).message().history(GROUP).await.unwrap();
    assert_eq!(page.is_last, Some(true));
    assert_eq!(page.messages, Some(vec![]));
    assert_eq!(page.next_msg_id, None);
    assert_received(&server, Expected::new("GET", "/message/conversation").query("opposite_id=2306414607729")).await;
}

// ---- 6.3 DELETE /message/conversation ----------------------------------------------------------------------------

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

// ---- 6.4 POST / 6.5 PUT /message/notify ----------------------------------------------------------------------------

#[tokio::test]
async fn message_notify_sends_all_set_fields() {
    let server = serve_data(json!(true)).await;
    let ext = JsonString::encode(&json!({ "kind": "welcome", "level": 2 })).unwrap();
    let done = client(&server)
        .message()
        .notify([ALICE, BOB], TargetType::User, ContentType::Text)
        .content("系统维护通知")
        .ext(ext)
        .from_user_id(2302128618882)
        .transaction_id(1569615417000123)
        .await
        .unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/message/notify").body(json!({
            "content": "系统维护通知",
            "content_type": 0,
            "ext": "{\"kind\":\"welcome\",\"level\":2}",
            "from_user_id": 2302128618882_i64,
            "targets": [ALICE, BOB],
            "transaction_id": 1569615417000123_i64,
            "type": 1
        })),
    )
    .await;
}

#[tokio::test]
async fn message_notify_put_alias_to_a_group_as_group_admin() {
    let server = serve_data(json!(true)).await;
    let done = client(&server)
        .as_group_admin(GROUP)
        .message()
        .notify([GROUP], TargetType::Group, ContentType::Command)
        .config(r#"{"silent":true}"#)
        .via_put()
        .await
        .unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("PUT", "/message/notify")
            .generated("transaction_id")
            .body(json!({
                "config": "{\"silent\":true}",
                "content_type": 6,
                "targets": [GROUP],
                "type": 2
            }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

// ---- 6.6 POST / 6.7 PUT /message/send ------------------------------------------------------------------------------

#[tokio::test]
async fn message_send_carries_json_strings_and_decodes_msg_ids() {
    let server = serve_json(
        200,
        json!({ "code": 200, "message": null, "data": true, "msg_ids": [2302128618880123_i64], "trace": "x" }),
    )
    .await;
    let config = JsonString::encode(&json!({ "mentionAll": false, "mentionList": [BOB] })).unwrap();
    let ext = JsonString::encode(&json!({ "k": 1 })).unwrap();
    let sent = client(&server)
        .as_user(ALICE)
        .message()
        .send([BOB], TargetType::User, ContentType::Text)
        .content("hi")
        .config(config)
        .ext(ext)
        .transaction_id(1569615417000)
        .await
        .unwrap();
    assert_eq!(sent.data, Some(true));
    assert_eq!(sent.msg_ids, Some(vec![2302128618880123]));
    let request = the_request(&server).await;
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body["ext"], json!("{\"k\":1}"), "ext travels as a string of JSON text");
    assert_eq!(body["config"], json!("{\"mentionAll\":false,\"mentionList\":[2302128618881]}"));
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
async fn message_send_put_alias_image_to_a_group() {
    let server = serve_json(200, json!({ "code": 200, "message": null, "data": true })).await;
    let attachment = JsonString::encode(&json!({ "url": "https://example.com/cat.jpg", "width": 640 })).unwrap();
    let sent = client(&server)
        .as_group_admin(GROUP)
        .message()
        .send([GROUP], TargetType::Group, ContentType::Image)
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
            .generated("transaction_id")
            .body(json!({
                "attachment": "{\"url\":\"https://example.com/cat.jpg\",\"width\":640}",
                "content_type": 1,
                "from_user_id": ALICE,
                "targets": [GROUP],
                "type": 2
            }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn message_send_keeps_content_types_the_document_does_not_list() {
    for wire in [9_i64, 10, 11, 12] {
        let server = serve_json(200, json!({ "code": 200, "message": null, "data": true, "msg_ids": [] })).await;
        let content_type = ContentType::from(wire);
        assert_eq!(content_type, ContentType::Unknown(wire));
        let sent = client(&server)
            .message()
            .send([ALICE, BOB], TargetType::User, content_type)
            .content("custom")
            .await
            .unwrap();
        assert_eq!(sent.msg_ids, Some(vec![]));
        let request = the_request(&server).await;
        assert_request(
            &request,
            &Expected::new("POST", "/message/send").generated("transaction_id").body(json!({
                "content": "custom",
                "content_type": wire,
                "targets": [ALICE, BOB],
                "type": 1
            })),
        );
    }
}

#[tokio::test]
async fn message_send_unknown_target_type_is_sent_as_is() {
    let server = serve_json(200, json!({ "code": 200, "message": null, "data": false })).await;
    let sent = client(&server)
        .message()
        .send([ALICE], TargetType::Unknown(3), ContentType::Location)
        .content("{\"lat\":31.2}")
        .await
        .unwrap();
    assert_eq!(sent.data, Some(false));
    assert_received(
        &server,
        Expected::new("POST", "/message/send").generated("transaction_id").body(json!({
            "content": "{\"lat\":31.2}",
            "content_type": 5,
            "targets": [ALICE],
            "type": 3
        })),
    )
    .await;
}

// ---- 6.8 GET /message/unread ---------------------------------------------------------------------------------------

#[tokio::test]
async fn message_unread_decodes_conversations_as_user() {
    let server = serve_data(json!([
        { "conversation_id": { "uid": BOB, "device_sn": 0 }, "num": 3, "set_num": true, "last_msg": "x" },
        { "conversation_id": { "uid": GROUP }, "num": 120 },
        { "num": 0 }
    ]))
    .await;
    let unread = client(&server).as_user(ALICE).message().unread().await.unwrap();
    assert_eq!(unread.len(), 3);
    assert_eq!(unread[0].conversation_id.as_ref().and_then(|x| x.uid), Some(BOB));
    assert_eq!(unread[0].conversation_id.as_ref().and_then(|x| x.device_sn), Some(0));
    assert_eq!(unread[0].num, Some(3));
    assert_eq!(unread[0].set_num, Some(true));
    assert_eq!(unread[0].set_conversation_id, None);
    assert_eq!(unread[1].conversation_id.as_ref().and_then(|x| x.uid), Some(GROUP));
    assert_eq!(unread[1].num, Some(120));
    assert_eq!(unread[2].conversation_id, None);
    assert_received(&server, Expected::new("GET", "/message/unread").acting(Acting::User(ALICE))).await;
}

#[tokio::test]
async fn message_unread_null_data_is_an_empty_list() {
    let server = serve_data(Value::Null).await;
    let unread = client(&server).message().unread().await.unwrap();
    assert!(unread.is_empty());
    assert_received(&server, Expected::new("GET", "/message/unread")).await;
}
