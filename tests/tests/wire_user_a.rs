//! Wire tests of section 3 (用户操作, `client.user()`), entries 3.1–3.31: `/user/authmode` … `/user/public`.

use maxim_api::{AuthMode, AvatarUpdate, ErrorCode, Platform, ProfileUpdate};
use maxim_api_tests::ids::{ALICE, BOB, GROUP};
use maxim_api_tests::{Acting, Expected, assert_received, client, serve_data, serve_json};
use serde_json::json;

// 3.1 / 3.2 /user/authmode

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
    let done = client(&server).user().set_auth_mode(AuthMode::Open).via_put().await.unwrap();
    assert!(!done);
    assert_received(&server, Expected::new("PUT", "/user/authmode").query("value=0")).await;
}

// 3.3 / 3.4 /user/avatar

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

// 3.5 / 3.6 /user/avatar/batch

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
            AvatarUpdate { user_id: Some(ALICE), avatar: Some("https://cdn.example.com/a.png".into()) },
            AvatarUpdate { user_id: Some(BOB), ..Default::default() },
        ])
        .await
        .unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].user_id, Some(ALICE));
    assert_eq!(results[0].success, Some(true));
    assert_eq!(results[0].reason, None);
    assert_eq!(results[1].user_id, Some(BOB));
    assert_eq!(results[1].success, Some(false));
    assert_eq!(results[1].reason.as_deref(), Some("user not found"));
    assert_received(
        &server,
        Expected::new("POST", "/user/avatar/batch").body(json!({
            "list": [
                { "avatar": "https://cdn.example.com/a.png", "user_id": 2302128618880_i64 },
                { "user_id": 2302128618881_i64 }
            ]
        })),
    )
    .await;
}

#[tokio::test]
async fn user_set_avatars_put_alias_with_missing_data_is_empty() {
    let server = serve_json(200, json!({ "code": 200, "message": null })).await;
    let results = client(&server)
        .user()
        .set_avatars([AvatarUpdate { user_id: Some(ALICE), avatar: Some("a.png".into()) }])
        .via_put()
        .await
        .unwrap();
    assert!(results.is_empty());
    assert_received(
        &server,
        Expected::new("PUT", "/user/avatar/batch")
            .body(json!({ "list": [{ "avatar": "a.png", "user_id": 2302128618880_i64 }] })),
    )
    .await;
}

// 3.7 /user/bind_openid

#[tokio::test]
async fn user_bind_openid_sends_open_id_and_type_in_document_order() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().bind_openid("oX9a_b-Cd12").r#type("wechat").await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("GET", "/user/bind_openid").query("open_id=oX9a_b-Cd12&type=wechat").acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn user_bind_openid_omits_absent_type() {
    let server = serve_data(json!(false)).await;
    let done = client(&server).as_user(ALICE).user().bind_openid("oX9a").await.unwrap();
    assert!(!done);
    assert_received(
        &server,
        Expected::new("GET", "/user/bind_openid").query("open_id=oX9a").acting(Acting::User(ALICE)),
    )
    .await;
}

// 3.8 /user/change_password

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

// 3.9 /user/device/list

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
    assert_eq!(devices[1].platform, Some(Platform::Unknown(9)));
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

// 3.10 / 3.11 /user/device/remove

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

// 3.12 /user/disable

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

// 3.13 / 3.14 /user/download

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

// 3.15 /user/enable

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
    let err = client(&server).user().enable([BOB]).await.unwrap_err();
    assert_eq!(err.api_code(), Some(ErrorCode::UserNotFound));
    assert_eq!(err.operation(), Some("user.enable"));
    assert_received(&server, Expected::new("PUT", "/user/enable").body(json!({ "list": [2302128618881_i64] }))).await;
}

// 3.16 / 3.17 /user/kick

#[tokio::test]
async fn user_kick_one_device() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().kick().device_sn(3).await.unwrap();
    assert!(done);
    assert_received(&server, Expected::new("POST", "/user/kick").query("device_sn=3").acting(Acting::User(ALICE)))
        .await;
}

#[tokio::test]
async fn user_kick_all_devices_put_alias_sends_no_query() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().kick().via_put().await.unwrap();
    assert!(done);
    assert_received(&server, Expected::new("PUT", "/user/kick").acting(Acting::User(ALICE))).await;
}

// 3.18 / 3.19 /user/mobile

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

// 3.20 / 3.21 /user/nickname

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

// 3.22 /user/online_status

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
    assert_eq!(status, maxim_api::OnlineStatus { online: None });
    assert_received(&server, Expected::new("GET", "/user/online_status").acting(Acting::User(BOB))).await;
}

// 3.23 / 3.24 /user/private (the document lists no input)

#[tokio::test]
async fn user_set_private_info_sends_no_query_and_no_body() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().set_private_info().await.unwrap();
    assert!(done);
    assert_received(&server, Expected::new("POST", "/user/private").acting(Acting::User(ALICE))).await;
}

#[tokio::test]
async fn user_set_private_info_put_alias() {
    let server = serve_data(json!(false)).await;
    let done = client(&server).as_user(ALICE).user().set_private_info().via_put().await.unwrap();
    assert!(!done);
    assert_received(&server, Expected::new("PUT", "/user/private").acting(Acting::User(ALICE))).await;
}

// 3.25 /user/profile (GET)

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
    assert_eq!(profile.user_id, Some(ALICE));
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

// 3.26 / 3.27 /user/profile (POST, PUT)

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

// 3.28 / 3.29 /user/profile/batch

#[tokio::test]
async fn user_update_profiles_sends_list_and_decodes_results() {
    let server = serve_data(json!([
        { "user_id": ALICE, "success": true },
        { "user_id": BOB, "success": false, "reason": "nick_name too long", "code": 10002 }
    ]))
    .await;
    let results = client(&server)
        .user()
        .update_profiles([
            ProfileUpdate {
                user_id: Some(ALICE),
                nick_name: Some("Alice".into()),
                public_info: Some("p".into()),
                ..Default::default()
            },
            ProfileUpdate {
                user_id: Some(BOB),
                description: Some("d".into()),
                private_info: Some("q".into()),
                ..Default::default()
            },
        ])
        .await
        .unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].success, Some(true));
    assert_eq!(results[1].user_id, Some(BOB));
    assert_eq!(results[1].reason.as_deref(), Some("nick_name too long"));
    assert_received(
        &server,
        Expected::new("POST", "/user/profile/batch").body(json!({
            "list": [
                { "nick_name": "Alice", "public_info": "p", "user_id": 2302128618880_i64 },
                { "description": "d", "private_info": "q", "user_id": 2302128618881_i64 }
            ]
        })),
    )
    .await;
}

#[tokio::test]
async fn user_update_profiles_put_alias() {
    let server = serve_data(json!([{ "user_id": ALICE, "success": true }])).await;
    let results = client(&server)
        .user()
        .update_profiles([ProfileUpdate { user_id: Some(ALICE), nick_name: Some("A".into()), ..Default::default() }])
        .via_put()
        .await
        .unwrap();
    assert_eq!(results[0].user_id, Some(ALICE));
    assert_received(
        &server,
        Expected::new("PUT", "/user/profile/batch")
            .body(json!({ "list": [{ "nick_name": "A", "user_id": 2302128618880_i64 }] })),
    )
    .await;
}

// 3.30 / 3.31 /user/public (the document lists no input)

#[tokio::test]
async fn user_set_public_info_sends_no_query_and_no_body() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().set_public_info().await.unwrap();
    assert!(done);
    assert_received(&server, Expected::new("POST", "/user/public").acting(Acting::User(ALICE))).await;
}

#[tokio::test]
async fn user_set_public_info_put_alias_as_group_admin_sends_group_header() {
    // Not a typical combination, but the header must follow the client's act-as setting.
    let server = serve_json(200, json!({ "code": 10010, "message": "no permission" })).await;
    let err = client(&server).as_group_admin(GROUP).user().set_public_info().via_put().await.unwrap_err();
    assert_eq!(err.api_code(), Some(ErrorCode::NoPermission));
    assert_received(&server, Expected::new("PUT", "/user/public").acting(Acting::GroupAdmin(GROUP))).await;
}
