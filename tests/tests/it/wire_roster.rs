//! Wire tests of section 3 (好友管理接口, `client.roster()`), entries 3.1–3.16: `/roster/accept` … `/roster/unblock`,
//! including the bare JSON array body of `/roster/apply/batch`.

use maxim_api::{
    AuthMode, BatchApplyResult, Error, ErrorCode, FailedUser, RosterApplication, RosterApplyRequest, RosterItem,
};
use maxim_api_tests::ids::{ALICE as ME, BOB as FRIEND, CAROL, GROUP};
use maxim_api_tests::{Acting, Expected, assert_received, client, serve_data, serve_json};
use serde_json::json;

// ---- 3.1 PUT, POST /roster/accept ----

#[tokio::test]
async fn roster_accept_sends_user_id_as_query_param() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).roster().accept(FRIEND).await.unwrap();
    assert!(done);
    assert_received(&server, Expected::new("POST", "/roster/accept").query("user_id=2302128618881")).await;
}

#[tokio::test]
async fn roster_accept_put_alias_as_user_sends_header_and_query_param() {
    // The document merges the `user_id` header into the `user_id` query parameter here; both must still be sent,
    // with their own values: the header names who acts, the query names whose request is accepted.
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ME).roster().accept(FRIEND).via_put().await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("PUT", "/roster/accept").query("user_id=2302128618881").acting(Acting::User(ME)),
    )
    .await;
}

#[tokio::test]
async fn roster_accept_false_and_null_data() {
    let server = serve_data(json!(false)).await;
    assert!(!client(&server).roster().accept(FRIEND).await.unwrap());
    assert_received(&server, Expected::new("POST", "/roster/accept").query("user_id=2302128618881")).await;

    // The document promises a boolean `data`: `null` is not an answer to "was it done?".
    let server = serve_data(json!(null)).await;
    let err = client(&server).roster().accept(FRIEND).await.unwrap_err();
    assert!(matches!(&err, Error::Decode { path, .. } if path == "data"), "{err:?}");
    assert_received(&server, Expected::new("POST", "/roster/accept").query("user_id=2302128618881")).await;
}

// ---- 3.2 POST /roster/apply ----

#[tokio::test]
async fn roster_apply_sends_all_body_fields_as_user() {
    let server = serve_data(json!(true)).await;
    let done = client(&server)
        .as_user(ME)
        .roster()
        .apply(FRIEND)
        .alias("Bob at work")
        .auth_answer("blue")
        .reason("we met at the conference")
        .await
        .unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/roster/apply")
            .body(json!({
                "alias": "Bob at work",
                "auth_answer": "blue",
                "reason": "we met at the conference",
                "user_id": 2302128618881_i64
            }))
            .acting(Acting::User(ME)),
    )
    .await;
}

#[tokio::test]
async fn roster_apply_omits_unset_optional_fields() {
    let server = serve_data(json!(true)).await;
    client(&server).as_user(ME).roster().apply(FRIEND).await.unwrap();
    assert_received(
        &server,
        Expected::new("POST", "/roster/apply").body(json!({ "user_id": 2302128618881_i64 })).acting(Acting::User(ME)),
    )
    .await;
}

#[tokio::test]
async fn roster_apply_already_a_friend_is_an_api_error() {
    let server = serve_json(200, json!({ "code": 10005, "message": "already friend", "data": null })).await;
    let err = client(&server).as_user(ME).roster().apply(FRIEND).reason("hi").await.unwrap_err();
    match &err {
        Error::Api { code, message, http_status, operation, url_path, .. } => {
            assert_eq!(*code, ErrorCode::AlreadyFriend);
            assert_eq!(message.as_deref(), Some("already friend"));
            assert_eq!(*http_status, 200);
            assert_eq!(*operation, "roster.apply");
            assert_eq!(*url_path, "/roster/apply");
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert_received(
        &server,
        Expected::new("POST", "/roster/apply")
            .body(json!({ "reason": "hi", "user_id": 2302128618881_i64 }))
            .acting(Acting::User(ME)),
    )
    .await;
}

// ---- 3.3 POST /roster/apply/batch (the body is a bare JSON array) ----

#[tokio::test]
async fn roster_apply_batch_sends_a_bare_array_and_decodes_successes_and_failures() {
    let server = serve_data(json!({
        "success": [2302128618881_i64],
        "fails": [
            { "user_id": 2302128618882_i64, "reason": "in blacklist", "extra": 1 },
            { "user_id": 2302128618883_i64 }
        ],
        "request_id": "r-1"
    }))
    .await;
    let result = client(&server)
        .as_user(ME)
        .roster()
        .apply_batch([
            RosterApplyRequest::new(FRIEND).with_alias("Bob").with_reason("hello"),
            RosterApplyRequest::new(CAROL).with_reason("同事"),
            RosterApplyRequest::new(2302128618883),
        ])
        .await
        .unwrap();
    let failed = |user_id: i64, reason: Option<&str>| {
        let mut user = FailedUser::new(user_id);
        user.reason = reason.map(str::to_owned);
        user
    };
    let mut expected = BatchApplyResult::default();
    expected.success = Some(vec![2302128618881]);
    expected.fails = Some(vec![failed(2302128618882, Some("in blacklist")), failed(2302128618883, None)]);
    assert_eq!(result, expected);
    assert_received(
        &server,
        Expected::new("POST", "/roster/apply/batch")
            .body(json!([
                { "alias": "Bob", "reason": "hello", "user_id": 2302128618881_i64 },
                { "reason": "同事", "user_id": 2302128618882_i64 },
                { "user_id": 2302128618883_i64 }
            ]))
            .acting(Acting::User(ME)),
    )
    .await;
}

#[tokio::test]
async fn roster_apply_batch_of_one_is_still_an_array_and_empty_result_is_all_none() {
    let server = serve_data(json!({})).await;
    let result = client(&server).roster().apply_batch([RosterApplyRequest::new(FRIEND)]).await.unwrap();
    assert_eq!(result.success, None);
    assert_eq!(result.fails, None);
    assert_received(
        &server,
        Expected::new("POST", "/roster/apply/batch").body(json!([{ "user_id": 2302128618881_i64 }])),
    )
    .await;
}

#[tokio::test]
async fn roster_apply_batch_blocked_is_api_error() {
    let server = serve_json(200, json!({ "code": 10006, "message": "in blacklist", "data": null })).await;
    let err = client(&server)
        .as_user(ME)
        .roster()
        .apply_batch(vec![RosterApplyRequest::new(CAROL).with_alias("C")])
        .await
        .unwrap_err();
    assert_eq!(err.api_code(), Some(ErrorCode::InBlacklist));
    assert_eq!(err.operation(), Some("roster.apply_batch"));
    assert_received(
        &server,
        Expected::new("POST", "/roster/apply/batch")
            .body(json!([{ "alias": "C", "user_id": 2302128618882_i64 }]))
            .acting(Acting::User(ME)),
    )
    .await;
}

// ---- 3.4 GET /roster/apply/list ----

#[tokio::test]
async fn roster_apply_list_decodes_page_and_sends_cursor_then_limit() {
    let server = serve_json(
        200,
        json!({
            "code": 200,
            "message": null,
            "cursor": "next-3",
            "version": 1569586735861_i64,
            "total": 7,
            "data": [
                {
                    "user_id": 2302128618881_i64,
                    "reason": "hi, it is Bob",
                    "status": 0,
                    "expired_time": 1569615417000_i64,
                    "unknown_field": "x"
                },
                { "user_id": 2302128618882_i64, "status": 9 }
            ]
        }),
    )
    .await;
    let page = client(&server).as_user(ME).roster().apply_list().cursor("c-2").limit(2).await.unwrap();
    assert_eq!(page.cursor.as_deref(), Some("next-3"));
    assert_eq!(page.version, Some(1569586735861));
    let first = RosterApplication::new(2302128618881)
        .with_reason("hi, it is Bob")
        .with_status(maxim_api::ApplicationStatus::Pending)
        .with_expired_time(1569615417000);
    let second = RosterApplication::new(2302128618882).with_status(maxim_api::ApplicationStatus::from(9));
    assert_eq!(page.data, Some(vec![first, second]));
    assert_received(
        &server,
        Expected::new("GET", "/roster/apply/list").query("cursor=c-2&limit=2").acting(Acting::User(ME)),
    )
    .await;
}

#[tokio::test]
async fn roster_apply_list_without_params_last_page() {
    let server = serve_json(200, json!({ "code": 200, "message": null, "data": [] })).await;
    let page = client(&server).as_user(ME).roster().apply_list().await.unwrap();
    assert_eq!(page.cursor, None);
    assert_eq!(page.version, None);
    assert_eq!(page.data, Some(vec![]));
    assert_received(&server, Expected::new("GET", "/roster/apply/list").acting(Acting::User(ME))).await;
}

// ---- 3.5 PUT, POST /roster/block ----

#[tokio::test]
async fn roster_block_as_group_admin() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_group_admin(GROUP).roster().block(FRIEND).await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/roster/block").query("user_id=2302128618881").acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn roster_block_put_alias_as_user() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ME).roster().block(FRIEND).via_put().await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("PUT", "/roster/block").query("user_id=2302128618881").acting(Acting::User(ME)),
    )
    .await;
}

// ---- 3.6 GET /roster/blocked_list ----

#[tokio::test]
async fn roster_blocked_list_decodes_64_bit_ids() {
    let server = serve_data(json!([2302128618881_i64, 2302128618882_i64, 9007199254740993_i64])).await;
    let ids = client(&server).as_user(ME).roster().blocked_list().await.unwrap();
    assert_eq!(ids, vec![2302128618881, 2302128618882, 9007199254740993]);
    assert_received(&server, Expected::new("GET", "/roster/blocked_list").acting(Acting::User(ME))).await;
}

#[tokio::test]
async fn roster_blocked_list_null_data_is_empty() {
    let server = serve_data(json!(null)).await;
    let ids = client(&server).roster().blocked_list().await.unwrap();
    assert!(ids.is_empty());
    assert_received(&server, Expected::new("GET", "/roster/blocked_list")).await;
}

// ---- 3.7 PUT, POST /roster/decline ----

#[tokio::test]
async fn roster_decline_sends_reason_and_user_id_in_body() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ME).roster().decline(FRIEND).reason("不认识").await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/roster/decline")
            .body(json!({ "reason": "不认识", "user_id": 2302128618881_i64 }))
            .acting(Acting::User(ME)),
    )
    .await;
}

#[tokio::test]
async fn roster_decline_put_alias_without_reason() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).roster().decline(FRIEND).via_put().await.unwrap();
    assert!(done);
    assert_received(&server, Expected::new("PUT", "/roster/decline").body(json!({ "user_id": 2302128618881_i64 })))
        .await;
}

// ---- 3.8 DELETE, POST /roster/delete ----

#[tokio::test]
async fn roster_delete_sends_user_id_query() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ME).roster().delete(FRIEND).await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/roster/delete").query("user_id=2302128618881").acting(Acting::User(ME)),
    )
    .await;
}

#[tokio::test]
async fn roster_delete_delete_alias() {
    let server = serve_data(json!(false)).await;
    let done = client(&server).roster().delete(FRIEND).via_delete().await.unwrap();
    assert!(!done);
    assert_received(&server, Expected::new("DELETE", "/roster/delete").query("user_id=2302128618881")).await;
}

// ---- 3.9 PUT, POST /roster/ext ----

#[tokio::test]
async fn roster_ext_sends_all_fields() {
    let server = serve_data(json!(true)).await;
    let done = client(&server)
        .as_user(ME)
        .roster()
        .ext(FRIEND)
        .alias("Bobby")
        .ext(r#"{"tag":"colleague"}"#)
        .mute_notification(true)
        .await
        .unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/roster/ext")
            .body(json!({
                "alias": "Bobby",
                "ext": "{\"tag\":\"colleague\"}",
                "mute_notification": true,
                "user_id": 2302128618881_i64
            }))
            .acting(Acting::User(ME)),
    )
    .await;
}

#[tokio::test]
async fn roster_ext_put_alias_sends_false_not_omitted() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ME).roster().ext(FRIEND).mute_notification(false).via_put().await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("PUT", "/roster/ext")
            .body(json!({ "mute_notification": false, "user_id": 2302128618881_i64 }))
            .acting(Acting::User(ME)),
    )
    .await;
}

// ---- 3.10 GET /roster/id ----

fn roster_item_json() -> serde_json::Value {
    json!({
        "user_id": 2302128618881_i64,
        "username": "bob",
        "nick_name": "Bob",
        "avatar": "https://cdn.example.com/avatar/2302128618881.png",
        "auth_mode": 9,
        "auth_question": "favourite colour?",
        "public_info": "{\"city\":\"Beijing\"}",
        "relation": 0,
        "mute_notification": false,
        "not_in_the_document": [1, 2]
    })
}

/// [`roster_item_json`] decoded: `alias`, `description` and `ext` absent, the unknown field ignored.
fn roster_item() -> RosterItem {
    let mut item = RosterItem::new(2302128618881);
    item.username = Some("bob".into());
    item.nick_name = Some("Bob".into());
    item.avatar = Some("https://cdn.example.com/avatar/2302128618881.png".into());
    item.auth_mode = Some(AuthMode::from(9));
    item.auth_question = Some("favourite colour?".into());
    item.public_info = Some("{\"city\":\"Beijing\"}".into());
    item.relation = Some(maxim_api::RosterRelation::Friend);
    item.mute_notification = Some(false);
    item
}

#[tokio::test]
async fn roster_search_by_id_decodes_item_with_unknown_auth_mode() {
    let server = serve_data(roster_item_json()).await;
    let item = client(&server).roster().search_by_id(FRIEND).await.unwrap();
    assert_eq!(item, roster_item());
    assert_eq!(item.auth_mode, Some(AuthMode::from(9)));
    assert_received(&server, Expected::new("GET", "/roster/id").query("user_id=2302128618881")).await;
}

#[tokio::test]
async fn roster_search_by_id_as_group_admin_known_auth_mode() {
    let server = serve_data(json!({ "user_id": 2302128618881_i64, "auth_mode": 2 })).await;
    let item = client(&server).as_group_admin(GROUP).roster().search_by_id(FRIEND).await.unwrap();
    assert_eq!(item.auth_mode, Some(AuthMode::NeedsAnswer));
    assert_eq!(item.username, None);
    assert_received(
        &server,
        Expected::new("GET", "/roster/id").query("user_id=2302128618881").acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

// ---- 3.11 GET /roster/list (IDs) ----

#[tokio::test]
async fn roster_list_decodes_ids_cursor_and_version() {
    let server = serve_json(
        200,
        json!({
            "code": 200,
            "message": null,
            "cursor": "2302128618883",
            "version": 1569586735861_i64,
            "data": [2302128618881_i64, 2302128618882_i64],
            "trace": "abc"
        }),
    )
    .await;
    let page = client(&server).as_user(ME).roster().list().limit(2).await.unwrap();
    assert_eq!(page.data, Some(vec![2302128618881, 2302128618882]));
    assert_eq!(page.cursor.as_deref(), Some("2302128618883"));
    assert_eq!(page.version, Some(1569586735861));
    assert_received(&server, Expected::new("GET", "/roster/list").query("limit=2").acting(Acting::User(ME))).await;
}

#[tokio::test]
async fn roster_list_with_cursor_last_page() {
    let server = serve_json(200, json!({ "code": 200, "message": null, "data": [2302128618883_i64] })).await;
    let page = client(&server).as_user(ME).roster().list().cursor("2302128618883").limit(2).await.unwrap();
    assert_eq!(page.data, Some(vec![2302128618883]));
    assert_eq!(page.cursor, None);
    assert_received(
        &server,
        Expected::new("GET", "/roster/list").query("cursor=2302128618883&limit=2").acting(Acting::User(ME)),
    )
    .await;
}

// ---- 3.12 POST /roster/list (details) ----

#[tokio::test]
async fn roster_details_sends_list_and_decodes_items() {
    let server = serve_data(json!([
        roster_item_json(),
        { "user_id": 2302128618882_i64, "alias": "Carol", "ext": "{}", "description": "hi", "auth_mode": 0 }
    ]))
    .await;
    let items = client(&server).as_user(ME).roster().details([2302128618881, 2302128618882]).await.unwrap();
    assert_eq!(
        items,
        vec![roster_item(), {
            let mut carol = RosterItem::new(2302128618882);
            carol.alias = Some("Carol".into());
            carol.ext = Some("{}".into());
            carol.description = Some("hi".into());
            carol.auth_mode = Some(AuthMode::Open);
            carol
        },]
    );
    assert_received(
        &server,
        Expected::new("POST", "/roster/list")
            .body(json!({ "list": [2302128618881_i64, 2302128618882_i64] }))
            .acting(Acting::User(ME)),
    )
    .await;
}

#[tokio::test]
async fn roster_details_null_data_is_empty() {
    let server = serve_data(json!(null)).await;
    let items = client(&server).roster().details(Vec::new()).await.unwrap();
    assert!(items.is_empty());
    assert_received(&server, Expected::new("POST", "/roster/list").body(json!({ "list": [] }))).await;
}

// ---- 3.13 GET /roster/may_message ----

#[tokio::test]
async fn roster_may_message_sends_roster_id_then_user_id() {
    let server = serve_data(json!(true)).await;
    // Arguments: (user_id, roster_id); the query lists them in the document's order: roster_id, user_id.
    let allowed = client(&server).roster().may_message(ME, FRIEND).await.unwrap();
    assert!(allowed);
    assert_received(
        &server,
        Expected::new("GET", "/roster/may_message").query("roster_id=2302128618881&user_id=2302128618880"),
    )
    .await;
}

#[tokio::test]
async fn roster_may_message_as_group_admin_false() {
    let server = serve_data(json!(false)).await;
    let allowed = client(&server).as_group_admin(GROUP).roster().may_message(FRIEND, ME).await.unwrap();
    assert!(!allowed);
    assert_received(
        &server,
        Expected::new("GET", "/roster/may_message")
            .query("roster_id=2302128618880&user_id=2302128618881")
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

// ---- 3.14 GET /roster/mobile ----

#[tokio::test]
async fn roster_search_by_mobile_percent_encodes_plus() {
    let server = serve_data(json!({ "user_id": 2302128618881_i64, "username": "bob", "relation": 2 })).await;
    let item = client(&server).as_user(ME).roster().search_by_mobile("+8613800138000").await.unwrap();
    let mut expected = RosterItem::new(2302128618881);
    expected.username = Some("bob".into());
    expected.relation = Some(maxim_api::RosterRelation::Stranger);
    assert_eq!(item, expected);
    assert_received(
        &server,
        Expected::new("GET", "/roster/mobile").query("mobile=%2B8613800138000").acting(Acting::User(ME)),
    )
    .await;
}

#[tokio::test]
async fn roster_search_by_mobile_null_data_is_a_decode_error() {
    // The document promises a `data` object; the service reports an unknown user as code 10000.
    let server = serve_data(json!(null)).await;
    let err = client(&server).roster().search_by_mobile("13800138000").await.unwrap_err();
    assert!(matches!(&err, Error::Decode { path, .. } if path == "data"), "{err:?}");
    assert_received(&server, Expected::new("GET", "/roster/mobile").query("mobile=13800138000")).await;
}

// ---- 3.15 GET /roster/name ----

#[tokio::test]
async fn roster_search_by_name_decodes_item() {
    let server = serve_data(roster_item_json()).await;
    let item = client(&server).as_user(ME).roster().search_by_name("bob").await.unwrap();
    assert_eq!(item, roster_item());
    assert_received(&server, Expected::new("GET", "/roster/name").query("username=bob").acting(Acting::User(ME))).await;
}

#[tokio::test]
async fn roster_search_by_name_percent_encodes_utf8() {
    let server = serve_data(json!({ "user_id": 2302128618882_i64, "username": "张三 li" })).await;
    let item = client(&server).roster().search_by_name("张三 li").await.unwrap();
    assert_eq!(item.username.as_deref(), Some("张三 li"));
    assert_eq!(item.user_id, 2302128618882);
    assert_received(&server, Expected::new("GET", "/roster/name").query("username=%E5%BC%A0%E4%B8%89+li")).await;
}

// ---- 3.16 DELETE, POST /roster/unblock ----

#[tokio::test]
async fn roster_unblock_sends_user_id_query() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_group_admin(GROUP).roster().unblock(FRIEND).await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/roster/unblock").query("user_id=2302128618881").acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn roster_unblock_delete_alias_as_user() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ME).roster().unblock(FRIEND).via_delete().await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("DELETE", "/roster/unblock").query("user_id=2302128618881").acting(Acting::User(ME)),
    )
    .await;
}
