//! Wire tests of sections 2 (token 接口, `client.token()`), entries 2.1–2.3, and 7 (推送接口, `client.push()`),
//! entries 7.1–7.3.

use maxim_api::{
    AndroidPushOptions, Audience, ClickAction, DistributionStrategy, ErrorCode, HuaweiPushOptions, IosPushOptions,
    OsPushChannel, PushEnvironment, PushMessage, PushMessageType, PushProvider, PushSetting, VivoClassification,
    VivoPushMode, VivoPushOptions,
};
use maxim_api_tests::ids::{ALICE, BOB};
use maxim_api_tests::{Expected, assert_received, client, serve_data, serve_json};
use serde_json::json;

// ---- 2.1 POST /token/id ----

/// A `TokenInfo` as the live service returns it, with an unknown extra field.
fn token_data() -> serde_json::Value {
    json!({
        "user_id": ALICE,
        "token": "user-token-abc123",
        "expire": 1569615417000_i64,
        "access_key_secret": "ak-secret-789",
        "store_token": "store-token-456",
        "public_key": "-----BEGIN PUBLIC KEY-----",
        "encrypt_type": 0,
        "login_count": 3
    })
}

#[tokio::test]
async fn token_by_id_sends_64_bit_user_id_and_plain_password_and_redacts_secrets() {
    let server = serve_data(token_data()).await;
    let info = client(&server).token().by_id(ALICE, "alice-pw").device_guid("guid-5f3a9c1e").await.unwrap();
    assert_eq!(info.user_id, Some(ALICE));
    assert_eq!(info.token.expose(), "user-token-abc123");
    assert_eq!(info.access_key_secret.as_ref().map(|s| s.expose()), Some("ak-secret-789"));
    assert_eq!(info.store_token.as_ref().map(|s| s.expose()), Some("store-token-456"));
    assert_eq!(info.expire, Some(1569615417000));
    assert_eq!(info.public_key.as_deref(), Some("-----BEGIN PUBLIC KEY-----"));
    assert_eq!(info.encrypt_type, Some(0));
    assert_eq!(info.push_token, None);
    let shown = format!("{info:?}");
    assert!(!shown.contains("user-token-abc123"), "token leaks in Debug: {shown}");
    assert!(!shown.contains("ak-secret-789"), "access_key_secret leaks in Debug: {shown}");
    assert!(!shown.contains("store-token-456"), "store_token leaks in Debug: {shown}");
    assert!(shown.contains("2302128618880"), "{shown}");
    assert_received(
        &server,
        Expected::new("POST", "/token/id").body(json!({
            "device_guid": "guid-5f3a9c1e",
            "password": "alice-pw",
            "user_id": 2302128618880_i64
        })),
    )
    .await;
}

#[tokio::test]
async fn token_by_id_debug_of_request_hides_password() {
    let server = serve_data(json!({ "user_id": BOB, "token": "t-bob", "push_token": "pt-bob" })).await;
    let api = client(&server);
    let request = api.token().by_id(BOB, "bob-secret-pw");
    let shown = format!("{request:?}");
    assert!(!shown.contains("bob-secret-pw"), "{shown}");
    let info = request.await.unwrap();
    assert_eq!(info.push_token.as_deref(), Some("pt-bob"));
    assert_eq!(info.expire, None);
    assert_received(
        &server,
        Expected::new("POST", "/token/id").body(json!({ "password": "bob-secret-pw", "user_id": 2302128618881_i64 })),
    )
    .await;
}

// ---- 2.2 POST /token/login ----

#[tokio::test]
async fn token_login_omits_absent_device_guid_and_redacts_token() {
    let server = serve_data(token_data()).await;
    let info = client(&server).token().login("alice@example.com", "alice-pw").await.unwrap();
    assert_eq!(info.token.expose(), "user-token-abc123");
    assert_eq!(info.expire, Some(1569615417000));
    let shown = format!("{info:?}");
    assert!(!shown.contains("user-token-abc123") && !shown.contains("ak-secret-789"), "{shown}");
    assert_received(
        &server,
        Expected::new("POST", "/token/login")
            .body(json!({ "login_name": "alice@example.com", "password": "alice-pw" })),
    )
    .await;
}

#[tokio::test]
async fn token_login_with_device_guid_and_bad_app_is_api_error() {
    let server = serve_json(200, json!({ "code": 40000, "message": "app_id does not exist" })).await;
    let err = client(&server).token().login("13800138000", "pw").device_guid("g-1").await.unwrap_err();
    assert_eq!(err.api_code(), Some(ErrorCode::AppIdNotFound));
    assert_received(
        &server,
        Expected::new("POST", "/token/login")
            .body(json!({ "device_guid": "g-1", "login_name": "13800138000", "password": "pw" })),
    )
    .await;
}

// ---- 2.3 POST /token/user ----

#[tokio::test]
async fn token_by_name_sends_name_and_password() {
    let server = serve_data(token_data()).await;
    let info = client(&server).token().by_name("alice", "alice-pw").device_guid("g-2").await.unwrap();
    assert_eq!(info.user_id, Some(ALICE));
    let shown = format!("{info:?}");
    assert!(!shown.contains("user-token-abc123") && !shown.contains("ak-secret-789"), "{shown}");
    assert_received(
        &server,
        Expected::new("POST", "/token/user")
            .body(json!({ "device_guid": "g-2", "name": "alice", "password": "alice-pw" })),
    )
    .await;
}

#[tokio::test]
async fn token_by_name_unknown_user_is_api_error() {
    let server = serve_json(200, json!({ "code": 10000, "message": "user not found", "data": null })).await;
    let err = client(&server).token().by_name("nobody", "pw").await.unwrap_err();
    assert_eq!(err.api_code(), Some(ErrorCode::UserNotFound));
    assert_eq!(err.http_status(), Some(200));
    assert_received(&server, Expected::new("POST", "/token/user").body(json!({ "name": "nobody", "password": "pw" })))
        .await;
}

const TASK: i64 = 1569586735861;

// ---- 7.1 GET /push/certificate ----

#[tokio::test]
async fn push_certificate_sends_environment_and_provider_and_hides_app_secret() {
    let server = serve_data(json!({
        "app_id": "100023456",
        "app_key": "hw-key-1",
        "app_secret": "hw-app-secret-zzz",
        "name": "huawei-prod",
        "expires_at": 1569615417000_i64
    }))
    .await;
    let cert = client(&server)
        .push()
        .certificate(PushProvider::Huawei)
        .environment(PushEnvironment::Development)
        .await
        .unwrap();
    assert_eq!(cert.app_id.as_deref(), Some("100023456"));
    assert_eq!(cert.app_key.as_deref(), Some("hw-key-1"));
    assert_eq!(cert.app_secret.as_ref().map(|s| s.expose()), Some("hw-app-secret-zzz"));
    assert_eq!(cert.name.as_deref(), Some("huawei-prod"));
    assert_eq!(cert.certificate, None);
    let shown = format!("{cert:?}");
    assert!(!shown.contains("hw-app-secret-zzz"), "{shown}");
    assert_received(&server, Expected::new("GET", "/push/certificate").query("environment=0&provider=2")).await;
}

#[tokio::test]
async fn push_certificate_with_provider_only_omits_environment() {
    let server = serve_data(json!({ "name": "apns", "certificate": "-----BEGIN CERTIFICATE-----\nMIIB\n" })).await;
    let cert = client(&server).push().certificate(PushProvider::Apns).await.unwrap();
    assert_eq!(cert.certificate.as_deref(), Some("-----BEGIN CERTIFICATE-----\nMIIB\n"));
    assert_eq!(cert.app_secret, None);
    assert_received(&server, Expected::new("GET", "/push/certificate").query("provider=1")).await;
}

#[tokio::test]
async fn push_certificate_fcm_production_without_data_is_a_decode_error() {
    // The document promises a `data` object: `null` is not a certificate.
    let server = serve_data(json!(null)).await;
    let err = client(&server)
        .push()
        .certificate(PushProvider::Fcm)
        .environment(PushEnvironment::Production)
        .await
        .unwrap_err();
    assert!(matches!(&err, maxim_api::Error::Decode { path, .. } if path == "data"), "{err:?}");
    assert_received(&server, Expected::new("GET", "/push/certificate").query("environment=1&provider=7")).await;
}

#[tokio::test]
async fn push_certificate_sends_a_provider_the_sdk_does_not_know_unchanged() {
    let server = serve_data(json!({ "name": "honor" })).await;
    let cert = client(&server).push().certificate(PushProvider::from(8)).await.unwrap();
    assert_eq!(cert.name.as_deref(), Some("honor"));
    assert_received(&server, Expected::new("GET", "/push/certificate").query("provider=8")).await;
}

// ---- 7.2 POST /push/notify ----

#[tokio::test]
async fn push_notify_tag_audience_with_nested_options_and_setting() {
    let server = serve_data(json!({ "task_id": TASK, "queued": 3 })).await;
    let ios = IosPushOptions::default()
        .with_sound("default")
        .with_content_available(true)
        .with_mutable_content(false)
        .with_category("MSG")
        .with_thread_id("chat-1")
        .with_subtitle("sub")
        .with_apns_collapse_id("c-1");
    let android = AndroidPushOptions::default()
        .with_channel_id("im")
        .with_click_action(ClickAction::Intent)
        .with_intent("intent:#Intent;component=com.example/.Main;end");
    let huawei = HuaweiPushOptions::default()
        .with_click_action(ClickAction::OpenApp)
        .with_badge_class("com.test.badge.MainActivity");
    let vivo =
        VivoPushOptions::default().with_push_mode(VivoPushMode::Test).with_classification(VivoClassification::System);
    let message = PushMessage::default()
        .with_type(PushMessageType::Text)
        .with_title("this is push title")
        .with_body("this is push body")
        .with_big_text("a much longer body")
        .with_badge("+1")
        .with_ext(json!({ "key1": 12345, "key2": "xxx" }))
        .with_show_begin_time(1569615417)
        .with_show_end_time(1569701817)
        .with_ios(ios)
        .with_android(android)
        .with_huawei(huawei)
        .with_xiaomi(AndroidPushOptions::default().with_sound("ding"))
        .with_vivo(vivo);
    let setting = PushSetting::default()
        .with_request_id("req-20190928-1")
        .with_distribution_strategy(DistributionStrategy::Combined)
        .with_ospush_sequence([OsPushChannel::Ups, OsPushChannel::Fcm]);
    let task = client(&server)
        .push()
        .notify(Audience::Tag(vec!["beijing".into(), "shanghai".into()]), message)
        .setting(setting)
        .await
        .unwrap();
    assert_eq!(task.task_id, TASK);
    assert_received(
        &server,
        Expected::new("POST", "/push/notify").body(json!({
            "audience": { "tag": ["beijing", "shanghai"] },
            "setting": {
                "request_id": "req-20190928-1",
                "distribution_strategy": "combined",
                "ospush_sequence": ["ups", "fcm"]
            },
            "message": {
                "type": "text",
                "title": "this is push title",
                "body": "this is push body",
                "big_text": "a much longer body",
                "badge": "+1",
                "ext": { "key1": 12345, "key2": "xxx" },
                "show_begin_time": 1569615417,
                "show_end_time": 1569701817,
                "ios": {
                    "sound": "default",
                    "content_available": true,
                    "mutable_content": false,
                    "category": "MSG",
                    "thread_id": "chat-1",
                    "subtitle": "sub",
                    "apns_collapse_id": "c-1"
                },
                "android": {
                    "channel_id": "im",
                    "click_action": "intent",
                    "intent": "intent:#Intent;component=com.example/.Main;end"
                },
                "huawei": { "click_action": "open_app", "badge_class": "com.test.badge.MainActivity" },
                "xiaomi": { "sound": "ding" },
                "vivo": { "push_mode": 1, "classification": 1 }
            }
        })),
    )
    .await;
}

#[tokio::test]
async fn push_notify_all_audience_without_setting() {
    let server = serve_data(json!({ "task_id": 42 })).await;
    let message = PushMessage::default()
        .with_type(PushMessageType::Text)
        .with_title("this is push title")
        .with_body("this is push body");
    let task = client(&server).push().notify(Audience::All, message).await.unwrap();
    assert_eq!(task.task_id, 42);
    assert_received(
        &server,
        Expected::new("POST", "/push/notify").body(json!({
            "audience": "all",
            "message": { "type": "text", "title": "this is push title", "body": "this is push body" }
        })),
    )
    .await;
}

#[tokio::test]
async fn push_notify_user_id_audience_sends_64_bit_ids_and_image_with_oem_options() {
    let server = serve_data(json!({ "task_id": TASK })).await;
    let message = PushMessage::default()
        .with_type(PushMessageType::Image)
        .with_attachment_url("https://example.com/images/1.jpg")
        .with_oppo(AndroidPushOptions::default().with_channel_id("promo"))
        .with_flyme(AndroidPushOptions::default().with_click_action(ClickAction::OpenApp))
        .with_fcm(AndroidPushOptions::default().with_sound("beep"));
    let setting = PushSetting::default()
        .with_distribution_strategy(DistributionStrategy::OspushOnly)
        .with_ospush_sequence([OsPushChannel::Huawei, OsPushChannel::Xiaomi, OsPushChannel::Meizu]);
    let task =
        client(&server).push().notify(Audience::UserId(vec![ALICE, BOB]), message).setting(setting).await.unwrap();
    assert_eq!(task.task_id, TASK);
    assert_received(
        &server,
        Expected::new("POST", "/push/notify").body(json!({
            "audience": { "user_id": [2302128618880_i64, 2302128618881_i64] },
            "setting": { "distribution_strategy": "ospush_only", "ospush_sequence": ["huawei", "xiaomi", "meizu"] },
            "message": {
                "type": "image",
                "attachment_url": "https://example.com/images/1.jpg",
                "oppo": { "channel_id": "promo" },
                "flyme": { "click_action": "open_app" },
                "fcm": { "sound": "beep" }
            }
        })),
    )
    .await;
}

#[tokio::test]
async fn push_notify_push_token_audience_cmd_message() {
    let server = serve_data(json!({ "task_id": 7 })).await;
    let message = PushMessage::default().with_type(PushMessageType::Cmd).with_ext(json!({ "action": "sync" }));
    let task = client(&server)
        .push()
        .notify(Audience::PushToken(vec!["token1".into(), "token2".into()]), message)
        .await
        .unwrap();
    assert_eq!(task.task_id, 7);
    assert_received(
        &server,
        Expected::new("POST", "/push/notify").body(json!({
            "audience": { "push_token": ["token1", "token2"] },
            "message": { "type": "cmd", "ext": { "action": "sync" } }
        })),
    )
    .await;
}

#[tokio::test]
async fn push_notify_alias_audience_over_limit_is_api_error() {
    let server = serve_json(200, json!({ "code": 12005, "message": "target list over 500", "data": null })).await;
    let message = PushMessage::default().with_body("hi");
    let err = client(&server).push().notify(Audience::Alias(vec!["alias1".into()]), message).await.unwrap_err();
    assert_eq!(err.api_code(), Some(ErrorCode::PushTargetsOverLimit));
    assert_eq!(err.operation(), Some("push.notify"));
    assert_received(
        &server,
        Expected::new("POST", "/push/notify")
            .body(json!({ "audience": { "alias": ["alias1"] }, "message": { "body": "hi" } })),
    )
    .await;
}

#[tokio::test]
async fn push_notify_keeps_unknown_message_type_and_click_action() {
    let server = serve_data(json!({ "task_id": 8 })).await;
    let message = PushMessage::default()
        .with_type(PushMessageType::from("video"))
        .with_android(AndroidPushOptions::default().with_click_action(ClickAction::from("open_url")));
    let task = client(&server).push().notify(Audience::All, message).await.unwrap();
    assert_eq!(task.task_id, 8);
    assert_received(
        &server,
        Expected::new("POST", "/push/notify").body(json!({
            "audience": "all",
            "message": { "type": "video", "android": { "click_action": "open_url" } }
        })),
    )
    .await;
}

// ---- 7.3 POST /push/task/detail ----

#[tokio::test]
async fn push_task_detail_sends_ids_and_decodes_stats() {
    let server = serve_data(json!([
        {
            "task_id": TASK,
            "mxpush_target": 1200, "mxpush_sent": 1190, "mxpush_received": 1100,
            "apns_target": 300, "apns_sent": 298, "apns_received": 250,
            "huawei_target": 80, "huawei_sent": 80,
            "xiaomi_target": 2147483648_i64,
            "new_channel_sent": 3
        },
        { "task_id": 42 }
    ]))
    .await;
    let stats = client(&server).push().task_detail([TASK, 42]).await.unwrap();
    assert_eq!(stats.len(), 2);
    let first = &stats[0];
    assert_eq!(first.task_id, TASK);
    assert_eq!(first.mxpush_target, Some(1200));
    assert_eq!(first.mxpush_sent, Some(1190));
    assert_eq!(first.mxpush_received, Some(1100));
    assert_eq!(first.apns_target, Some(300));
    assert_eq!(first.apns_sent, Some(298));
    assert_eq!(first.apns_received, Some(250));
    assert_eq!(first.huawei_sent, Some(80));
    assert_eq!(first.huawei_received, None);
    assert_eq!(first.xiaomi_target, Some(2147483648));
    assert_eq!(first.fcm_sent, None);
    assert_eq!(first.vivo_target, None);
    assert_eq!(stats[1].task_id, 42);
    assert_eq!(stats[1].mxpush_sent, None);
    assert_received(
        &server,
        Expected::new("POST", "/push/task/detail").body(json!({ "list": [1569586735861_i64, 42] })),
    )
    .await;
}

#[tokio::test]
async fn push_task_detail_empty_data() {
    let server = serve_data(json!([])).await;
    let stats = client(&server).push().task_detail([7]).await.unwrap();
    assert!(stats.is_empty());
    assert_received(&server, Expected::new("POST", "/push/task/detail").body(json!({ "list": [7] }))).await;
}
