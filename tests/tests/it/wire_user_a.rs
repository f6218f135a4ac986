//! Wire tests of section 1 (用户操作, `client.user()`), entries 1.1–1.22: `/user/authmode` … `/user/profile`
//! (POST, PUT), including the bare string body of `/user/private`.

use maxim_api::{AuthMode, AvatarUpdate, ErrorCode, PinnedConversations, Platform, UserListItem, UserStatus};
use maxim_api_tests::ids::{ALICE, BOB, CAROL, GROUP};
use maxim_api_tests::{Acting, Expected, assert_received, client, serve_data, serve_json};
use serde_json::{Value, json};

// ---- 1.1 PUT, POST /user/authmode ----

#[tokio::test]
async fn user_set_auth_mode_posts_value_as_number() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().set_auth_mode(AuthMode::NeedsAnswer).await.unwrap();
    assert!(done);
    assert_received(&server, Expected::new("POST", "/user/authmode").query("value=2").acting(Acting::User(ALICE)))
        .await;
}

#[tokio::test]
async fn user_set_auth_mode_put_alias_sends_open_as_zero() {
    let server = serve_data(json!(false)).await;
    let done = client(&server).as_user(BOB).user().set_auth_mode(AuthMode::Open).via_put().await.unwrap();
    assert!(!done);
    assert_received(&server, Expected::new("PUT", "/user/authmode").query("value=0").acting(Acting::User(BOB))).await;
}

#[tokio::test]
async fn user_set_auth_mode_sends_a_value_the_sdk_does_not_know_unchanged() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().set_auth_mode(AuthMode::from(4)).await.unwrap();
    assert!(done);
    assert_received(&server, Expected::new("POST", "/user/authmode").query("value=4").acting(Acting::User(ALICE)))
        .await;
}

// ---- 1.2 PUT, POST /user/avatar ----

#[tokio::test]
async fn user_set_avatar_sends_avatar_in_body() {
    let server = serve_data(json!(true)).await;
    let done =
        client(&server).as_user(ALICE).user().set_avatar("https://cdn.example.com/avatars/alice.png").await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/user/avatar")
            .body(json!({ "avatar": "https://cdn.example.com/avatars/alice.png" }))
            .acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn user_set_avatar_put_alias() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(BOB).user().set_avatar("https://cdn.example.com/b.jpg").via_put().await;
    assert!(done.unwrap());
    assert_received(
        &server,
        Expected::new("PUT", "/user/avatar")
            .body(json!({ "avatar": "https://cdn.example.com/b.jpg" }))
            .acting(Acting::User(BOB)),
    )
    .await;
}

// ---- 1.3 PUT, POST /user/avatar/batch ----

#[tokio::test]
async fn user_set_avatars_sends_list_and_decodes_results() {
    let server = serve_data(json!([
        { "user_id": ALICE, "success": true, "extra": "x" },
        { "user_id": BOB, "success": false, "reason": "user not found" }
    ]))
    .await;
    let results = client(&server)
        .user()
        .set_avatars([
            AvatarUpdate::new(ALICE, "https://cdn.example.com/a.png"),
            AvatarUpdate::new(BOB, "https://cdn.example.com/b.png"),
        ])
        .await
        .unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].user_id, ALICE);
    assert!(results[0].success);
    assert_eq!(results[0].reason, None);
    assert_eq!(results[1].user_id, BOB);
    assert!(!results[1].success);
    assert_eq!(results[1].reason.as_deref(), Some("user not found"));
    assert_received(
        &server,
        Expected::new("POST", "/user/avatar/batch").body(json!({
            "list": [
                { "avatar": "https://cdn.example.com/a.png", "user_id": 2302128618880_i64 },
                { "avatar": "https://cdn.example.com/b.png", "user_id": 2302128618881_i64 }
            ]
        })),
    )
    .await;
}

#[tokio::test]
async fn user_set_avatars_put_alias_with_missing_data_is_empty() {
    let server = serve_json(200, json!({ "code": 200, "message": null })).await;
    let results = client(&server).user().set_avatars([AvatarUpdate::new(CAROL, "c.png")]).via_put().await.unwrap();
    assert!(results.is_empty());
    assert_received(
        &server,
        Expected::new("PUT", "/user/avatar/batch")
            .body(json!({ "list": [{ "avatar": "c.png", "user_id": 2302128618882_i64 }] })),
    )
    .await;
}

// ---- 1.4 POST /user/change_password ----

#[tokio::test]
async fn user_change_password_sends_both_passwords_as_plain_strings() {
    let server = serve_data(json!(true)).await;
    let alice = client(&server).as_user(ALICE);
    let request = alice.user().change_password("old-Pa55", "new-Pa55!");
    let shown = format!("{request:?}");
    assert!(!shown.contains("old-Pa55") && !shown.contains("new-Pa55!"), "passwords leak in Debug: {shown}");
    assert!(request.await.unwrap());
    assert_received(
        &server,
        Expected::new("POST", "/user/change_password")
            .body(json!({ "new_password": "new-Pa55!", "old_password": "old-Pa55" }))
            .acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn user_change_password_business_error_is_api_error() {
    let server = serve_json(200, json!({ "code": 10002, "message": "old password is wrong", "data": null })).await;
    let err = client(&server).as_user(ALICE).user().change_password("wrong", "next").await.unwrap_err();
    assert_eq!(err.api_code(), Some(ErrorCode::BadParameters));
    assert!(matches!(&err, maxim_api::Error::Api { message: Some(m), .. } if m == "old password is wrong"));
    assert_received(
        &server,
        Expected::new("POST", "/user/change_password")
            .body(json!({ "new_password": "next", "old_password": "wrong" }))
            .acting(Acting::User(ALICE)),
    )
    .await;
}

// ---- 1.5 POST /user/change_password_admin ----

#[tokio::test]
async fn user_change_password_admin_sets_the_acted_users_password_without_leaking_it() {
    let server = serve_data(json!(true)).await;
    let as_bob = client(&server).as_user(BOB);
    let request = as_bob.user().change_password_admin("Reset-2026!");
    let shown = format!("{request:?}");
    assert!(!shown.contains("Reset-2026!"), "password leaks in Debug: {shown}");
    assert!(request.await.unwrap());
    assert_received(
        &server,
        Expected::new("POST", "/user/change_password_admin")
            .body(json!({ "password": "Reset-2026!" }))
            .acting(Acting::User(BOB)),
    )
    .await;
}

#[tokio::test]
async fn user_change_password_admin_without_permission_is_api_error() {
    let server = serve_json(200, json!({ "code": 10010, "message": "no permission", "data": false })).await;
    let err = client(&server).as_user(CAROL).user().change_password_admin("pw").await.unwrap_err();
    assert_eq!(err.api_code(), Some(ErrorCode::NoPermission));
    assert_eq!(err.operation(), Some("user.change_password_admin"));
    assert_received(
        &server,
        Expected::new("POST", "/user/change_password_admin")
            .body(json!({ "password": "pw" }))
            .acting(Acting::User(CAROL)),
    )
    .await;
}

// ---- 1.6 PUT, POST /user/conversation/pin ----

#[tokio::test]
async fn user_pin_conversation_posts_64_bit_conversation_id() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().pin_conversation(BOB).await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/user/conversation/pin")
            .body(json!({ "conversation_id": 2302128618881_i64 }))
            .acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn user_pin_conversation_put_alias_pins_a_group() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().pin_conversation(GROUP).via_put().await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("PUT", "/user/conversation/pin")
            .body(json!({ "conversation_id": 2306414607729_i64 }))
            .acting(Acting::User(ALICE)),
    )
    .await;
}

// ---- 1.7 GET /user/conversation/pin_list ----

#[tokio::test]
async fn user_pinned_conversations_decodes_64_bit_ids_and_ignores_unknown_fields() {
    let server = serve_data(json!({ "conversation_ids": [GROUP, BOB], "updated_at": 1569615417000_i64 })).await;
    let pinned = client(&server).as_user(ALICE).user().pinned_conversations().await.unwrap();
    let mut expected = PinnedConversations::default();
    expected.conversation_ids = Some(vec![2306414607729, 2302128618881]);
    assert_eq!(pinned, expected);
    assert_received(&server, Expected::new("GET", "/user/conversation/pin_list").acting(Acting::User(ALICE))).await;
}

#[tokio::test]
async fn user_pinned_conversations_without_ids_is_none() {
    let server = serve_data(json!({})).await;
    let pinned = client(&server).as_user(BOB).user().pinned_conversations().await.unwrap();
    assert_eq!(pinned.conversation_ids, None);
    assert_received(&server, Expected::new("GET", "/user/conversation/pin_list").acting(Acting::User(BOB))).await;
}

// ---- 1.8 PUT, POST /user/conversation/unpin ----

#[tokio::test]
async fn user_unpin_conversation_posts_conversation_id() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().unpin_conversation(GROUP).await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/user/conversation/unpin")
            .body(json!({ "conversation_id": 2306414607729_i64 }))
            .acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn user_unpin_conversation_put_alias_not_pinned_is_false() {
    let server = serve_data(json!(false)).await;
    let done = client(&server).as_user(ALICE).user().unpin_conversation(CAROL).via_put().await.unwrap();
    assert!(!done);
    assert_received(
        &server,
        Expected::new("PUT", "/user/conversation/unpin")
            .body(json!({ "conversation_id": 2302128618882_i64 }))
            .acting(Acting::User(ALICE)),
    )
    .await;
}

// ---- 1.9 DELETE, POST /user/delete ----

#[tokio::test]
async fn user_delete_by_admin_sends_an_empty_object() {
    // With an admin token the password is not needed: the optional field is omitted.
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(CAROL).user().delete().await.unwrap();
    assert!(done);
    assert_received(&server, Expected::new("POST", "/user/delete").body(json!({})).acting(Acting::User(CAROL))).await;
}

#[tokio::test]
async fn user_delete_delete_alias_with_password_hides_it_in_debug() {
    let server = serve_data(json!(true)).await;
    let as_bob = client(&server).as_user(BOB);
    let request = as_bob.user().delete().password("bob-Pa55").via_delete();
    let shown = format!("{request:?}");
    assert!(!shown.contains("bob-Pa55"), "password leaks in Debug: {shown}");
    assert!(request.await.unwrap());
    assert_received(
        &server,
        Expected::new("DELETE", "/user/delete").body(json!({ "password": "bob-Pa55" })).acting(Acting::User(BOB)),
    )
    .await;
}

#[tokio::test]
async fn user_delete_unknown_user_is_api_error() {
    let server = serve_json(200, json!({ "code": 10000, "message": "user not found", "data": null })).await;
    let err = client(&server).as_user(CAROL).user().delete().via_delete().await.unwrap_err();
    assert_eq!(err.api_code(), Some(ErrorCode::UserNotFound));
    assert_received(&server, Expected::new("DELETE", "/user/delete").body(json!({})).acting(Acting::User(CAROL))).await;
}

// ---- 1.10 GET /user/device/list ----

#[tokio::test]
async fn user_device_list_decodes_page_with_unknown_platform() {
    let server = serve_json(
        200,
        json!({
            "code": 200,
            "message": null,
            "cursor": "c-2",
            "version": 1569586735861_i64,
            "total": 2,
            "data": [
                { "device_sn": 3, "platform": 2, "user_agent": "MaxIM/2.0 Android", "user_id": ALICE, "last_seen": 1 },
                { "device_sn": 7, "platform": 9, "user_id": ALICE }
            ]
        }),
    )
    .await;
    let page = client(&server).as_user(ALICE).user().device_list().await.unwrap();
    assert_eq!(page.cursor.as_deref(), Some("c-2"));
    assert_eq!(page.version, Some(1569586735861));
    let devices = page.data.expect("data is present");
    assert_eq!(devices.len(), 2);
    assert_eq!(devices[0].device_sn, Some(3));
    assert_eq!(devices[0].platform, Some(Platform::Android));
    assert_eq!(devices[0].user_agent.as_deref(), Some("MaxIM/2.0 Android"));
    assert_eq!(devices[0].user_id, Some(ALICE));
    assert_eq!(devices[1].platform, Some(Platform::from(9)));
    assert_eq!(devices[1].user_agent, None);
    assert_received(&server, Expected::new("GET", "/user/device/list").acting(Acting::User(ALICE))).await;
}

#[tokio::test]
async fn user_device_list_last_page_has_no_cursor() {
    let server = serve_data(json!([])).await;
    let page = client(&server).as_user(BOB).user().device_list().await.unwrap();
    assert_eq!(page.cursor, None);
    assert_eq!(page.version, None);
    assert_eq!(page.data, Some(vec![]));
    assert_received(&server, Expected::new("GET", "/user/device/list").acting(Acting::User(BOB))).await;
}

// ---- 1.11 DELETE, POST /user/device/remove ----

#[tokio::test]
async fn user_remove_device_posts_device_sn_query() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().remove_device(7).await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/user/device/remove").query("device_sn=7").acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn user_remove_device_delete_alias() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().remove_device(12).via_delete().await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("DELETE", "/user/device/remove").query("device_sn=12").acting(Acting::User(ALICE)),
    )
    .await;
}

// ---- 1.12 PUT /user/disable ----

#[tokio::test]
async fn user_disable_puts_64_bit_ids() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).user().disable([ALICE, BOB]).await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("PUT", "/user/disable").body(json!({ "list": [2302128618880_i64, 2302128618881_i64] })),
    )
    .await;
}

#[tokio::test]
async fn user_disable_with_a_user_token_is_http_403() {
    let server = serve_json(403, json!({ "code": 10010, "message": "no permission" })).await;
    let err = client(&server).as_user(ALICE).user().disable([BOB]).await.unwrap_err();
    assert_eq!(err.http_status(), Some(403));
    assert!(matches!(err, maxim_api::Error::Http { code: Some(ErrorCode::NoPermission), .. }));
    assert_received(
        &server,
        Expected::new("PUT", "/user/disable").body(json!({ "list": [2302128618881_i64] })).acting(Acting::User(ALICE)),
    )
    .await;
}

// ---- 1.13 PUT, POST /user/download ----

#[tokio::test]
async fn user_set_auto_download_sends_bool_query() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().set_auto_download(true).await.unwrap();
    assert!(done);
    assert_received(&server, Expected::new("POST", "/user/download").query("value=true").acting(Acting::User(ALICE)))
        .await;
}

#[tokio::test]
async fn user_set_auto_download_put_alias() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().set_auto_download(false).via_put().await.unwrap();
    assert!(done);
    assert_received(&server, Expected::new("PUT", "/user/download").query("value=false").acting(Acting::User(ALICE)))
        .await;
}

// ---- 1.14 PUT /user/enable ----

#[tokio::test]
async fn user_enable_puts_list() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).user().enable([ALICE]).await.unwrap();
    assert!(done);
    assert_received(&server, Expected::new("PUT", "/user/enable").body(json!({ "list": [2302128618880_i64] }))).await;
}

#[tokio::test]
async fn user_enable_unknown_user_is_api_error() {
    let server = serve_json(200, json!({ "code": 10000, "message": "user not found" })).await;
    let err = client(&server).user().enable([BOB, CAROL]).await.unwrap_err();
    assert_eq!(err.api_code(), Some(ErrorCode::UserNotFound));
    assert_eq!(err.operation(), Some("user.enable"));
    assert_received(
        &server,
        Expected::new("PUT", "/user/enable").body(json!({ "list": [2302128618881_i64, 2302128618882_i64] })),
    )
    .await;
}

// ---- 1.15 PUT, POST /user/kick ----

#[tokio::test]
async fn user_kick_device_posts_one_device() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().kick_device().device_sn(3).await.unwrap();
    assert!(done);
    assert_received(&server, Expected::new("POST", "/user/kick").query("device_sn=3").acting(Acting::User(ALICE)))
        .await;
}

#[tokio::test]
async fn user_kick_device_put_alias_without_device_sn_kicks_all() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().kick_device().via_put().await.unwrap();
    assert!(done);
    assert_received(&server, Expected::new("PUT", "/user/kick").acting(Acting::User(ALICE))).await;
}

// ---- 1.16 GET /user/list ----

#[tokio::test]
async fn user_list_sends_page_query_and_decodes_users_with_unknown_status() {
    let server = serve_data(json!([
        { "user_id": ALICE, "username": "alice", "status": 0, "created_at": 1569615417000_i64 },
        { "user_id": BOB, "username": "bob", "status": 1 },
        { "user_id": CAROL, "status": 2 }
    ]))
    .await;
    let users = client(&server).user().list().page_num(2).page_size(3).await.unwrap();
    assert_eq!(
        users,
        vec![
            user(ALICE, Some("alice"), Some(UserStatus::Normal)),
            user(BOB, Some("bob"), Some(UserStatus::Disabled)),
            user(CAROL, None, Some(UserStatus::from(2))),
        ]
    );
    assert_received(&server, Expected::new("GET", "/user/list").query("page_num=2&page_size=3")).await;
}

#[tokio::test]
async fn user_list_without_paging_sends_no_query_and_null_data_is_empty() {
    let server = serve_data(Value::Null).await;
    let users = client(&server).user().list().await.unwrap();
    assert!(users.is_empty());
    assert_received(&server, Expected::new("GET", "/user/list")).await;
}

#[tokio::test]
async fn user_list_page_size_only() {
    let server = serve_data(json!([{ "user_id": ALICE }])).await;
    let users = client(&server).user().list().page_size(50).await.unwrap();
    assert_eq!(users, vec![user(ALICE, None, None)]);
    assert_received(&server, Expected::new("GET", "/user/list").query("page_size=50")).await;
}

/// A `/user/list` entry as the test expects it decoded.
fn user(user_id: i64, username: Option<&str>, status: Option<UserStatus>) -> UserListItem {
    let mut item = UserListItem::new(user_id);
    item.username = username.map(str::to_owned);
    item.status = status;
    item
}

// ---- 1.17 PUT, POST /user/mobile ----

#[tokio::test]
async fn user_set_mobile_percent_encodes_plus() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().set_mobile("+8613800138000").await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/user/mobile").query("mobile=%2B8613800138000").acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn user_set_mobile_put_alias() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(BOB).user().set_mobile("13800138000").via_put().await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("PUT", "/user/mobile").query("mobile=13800138000").acting(Acting::User(BOB)),
    )
    .await;
}

// ---- 1.18 PUT, POST /user/nickname ----

#[tokio::test]
async fn user_set_nickname_percent_encodes_utf8() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().set_nickname("小美").await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/user/nickname").query("nick_name=%E5%B0%8F%E7%BE%8E").acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn user_set_nickname_put_alias_encodes_space() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().set_nickname("Alice W").via_put().await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("PUT", "/user/nickname").query("nick_name=Alice+W").acting(Acting::User(ALICE)),
    )
    .await;
}

// ---- 1.19 GET /user/online_status ----

#[tokio::test]
async fn user_online_status_decodes_online_flag() {
    let server = serve_data(json!({ "online": true, "device_count": 2 })).await;
    let status = client(&server).as_user(ALICE).user().online_status().await.unwrap();
    assert_eq!(status.online, Some(true));
    assert_received(&server, Expected::new("GET", "/user/online_status").acting(Acting::User(ALICE))).await;
}

#[tokio::test]
async fn user_online_status_empty_object_is_all_none() {
    let server = serve_data(json!({})).await;
    let status = client(&server).as_user(BOB).user().online_status().await.unwrap();
    assert_eq!(status, maxim_api::OnlineStatus::default());
    assert_eq!(status.online, None);
    assert_received(&server, Expected::new("GET", "/user/online_status").acting(Acting::User(BOB))).await;
}

// ---- 1.20 PUT, POST /user/private (the body is a bare JSON string) ----

#[tokio::test]
async fn user_set_private_info_sends_the_string_as_the_whole_body() {
    let server = serve_data(json!(true)).await;
    let info = r#"{"pin":"4821","city":"北京"}"#;
    let done = client(&server).as_user(ALICE).user().set_private_info(info).await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/user/private")
            .body(json!("{\"pin\":\"4821\",\"city\":\"北京\"}"))
            .acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn user_set_private_info_put_alias_sends_plain_text_as_a_json_string() {
    let server = serve_data(json!(false)).await;
    let done = client(&server).as_user(BOB).user().set_private_info("note: \"vip\"").via_put().await.unwrap();
    assert!(!done);
    assert_received(
        &server,
        Expected::new("PUT", "/user/private").body(Value::String("note: \"vip\"".into())).acting(Acting::User(BOB)),
    )
    .await;
}

// ---- 1.21 GET /user/profile ----

#[tokio::test]
async fn user_profile_decodes_64_bit_user_id_and_leaves_missing_fields_none() {
    let server = serve_data(json!({
        "user_id": ALICE,
        "username": "alice",
        "nick_name": "小美",
        "avatar": "https://cdn.example.com/a.png",
        "email": "alice@example.com",
        "public_info": "{\"city\":\"Beijing\"}",
        "created_at": 1569615417000_i64
    }))
    .await;
    let profile = client(&server).as_user(ALICE).user().profile().await.unwrap();
    assert_eq!(profile.user_id, ALICE);
    assert_eq!(profile.username.as_deref(), Some("alice"));
    assert_eq!(profile.nick_name.as_deref(), Some("小美"));
    assert_eq!(profile.avatar.as_deref(), Some("https://cdn.example.com/a.png"));
    assert_eq!(profile.email.as_deref(), Some("alice@example.com"));
    assert_eq!(profile.public_info.as_deref(), Some("{\"city\":\"Beijing\"}"));
    assert_eq!(profile.mobile, None);
    assert_eq!(profile.description, None);
    assert_eq!(profile.private_info, None);
    assert_received(&server, Expected::new("GET", "/user/profile").acting(Acting::User(ALICE))).await;
}

#[tokio::test]
async fn user_profile_wrong_type_is_decode_error_with_path() {
    let server = serve_data(json!({ "user_id": "not-a-number" })).await;
    let err = client(&server).as_user(ALICE).user().profile().await.unwrap_err();
    match &err {
        maxim_api::Error::Decode { path, .. } => assert_eq!(path, "data.user_id"),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert!(err.raw_body().is_some_and(|b| b.contains("not-a-number")));
    assert_received(&server, Expected::new("GET", "/user/profile").acting(Acting::User(ALICE))).await;
}

// ---- 1.22 PUT, POST /user/profile ----

#[tokio::test]
async fn user_update_profile_sends_only_set_fields() {
    let server = serve_data(json!(true)).await;
    let done = client(&server)
        .as_user(ALICE)
        .user()
        .update_profile()
        .nick_name("Alice")
        .description("likes tea")
        .await
        .unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/user/profile")
            .body(json!({ "description": "likes tea", "nick_name": "Alice" }))
            .acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn user_update_profile_put_alias_with_all_fields() {
    let server = serve_data(json!(true)).await;
    let done = client(&server)
        .as_user(BOB)
        .user()
        .update_profile()
        .description("d")
        .nick_name("Bob")
        .private_info("{\"pin\":1}")
        .public_info("{\"city\":\"Shanghai\"}")
        .via_put()
        .await
        .unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("PUT", "/user/profile")
            .body(json!({
                "description": "d",
                "nick_name": "Bob",
                "private_info": "{\"pin\":1}",
                "public_info": "{\"city\":\"Shanghai\"}"
            }))
            .acting(Acting::User(BOB)),
    )
    .await;
}

#[tokio::test]
async fn user_update_profile_with_nothing_set_sends_empty_object() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().update_profile().await.unwrap();
    assert!(done);
    assert_received(&server, Expected::new("POST", "/user/profile").body(json!({})).acting(Acting::User(ALICE))).await;
}
