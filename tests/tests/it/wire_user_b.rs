//! Wire tests of section 1 (用户操作, `client.user()`), entries 1.23–1.44: `/user/profile/batch` …
//! `/user/vibratory`, including the bare string body of `/user/public` and registration with and without an
//! access token.

use maxim_api::{AuthMode, BatchResult, ErrorCode, NewUser, ProfileUpdate, Secret};
use maxim_api_tests::ids::{ALICE, BOB, CAROL, GROUP};
use maxim_api_tests::{APP_ID, Acting, Expected, assert_received, client, serve_data, serve_json, the_request};
use serde_json::{Value, json};

/// A full `UserSettings` object as the live service returns it, with an unknown extra field.
fn settings_data(auth_mode: i64) -> Value {
    json!({
        "id": 40001,
        "user_id": ALICE,
        "auth_mode": auth_mode,
        "auth_question": "favourite tea?",
        "auto_download": true,
        "group_confirm": false,
        "no_push": false,
        "no_push_detail": true,
        "no_push_start_hour": 22,
        "no_push_end_hour": 7,
        "no_sounds": false,
        "push_nick_name": "Alice",
        "silence_start_time": 23,
        "silence_end_time": 6,
        "vibratory": true,
        "updated_at": 1569615417000_i64
    })
}

/// A `BatchResult` as the test expects it decoded.
fn batch_result(user_id: i64, success: bool, reason: Option<&str>) -> BatchResult {
    let mut result = BatchResult::new(user_id, success);
    result.reason = reason.map(str::to_owned);
    result
}

// ---- 1.23 PUT, POST /user/profile/batch ----

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
            ProfileUpdate::default().with_user_id(ALICE).with_nick_name("Alice").with_public_info("p"),
            ProfileUpdate::default().with_user_id(BOB).with_description("d").with_private_info("q"),
        ])
        .await
        .unwrap();
    assert_eq!(results, vec![batch_result(ALICE, true, None), batch_result(BOB, false, Some("nick_name too long"))]);
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
    let server = serve_data(json!([{ "user_id": CAROL, "success": true }])).await;
    let results = client(&server)
        .user()
        .update_profiles([ProfileUpdate::default().with_user_id(CAROL).with_nick_name("C")])
        .via_put()
        .await
        .unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].user_id, CAROL);
    assert_received(
        &server,
        Expected::new("PUT", "/user/profile/batch")
            .body(json!({ "list": [{ "nick_name": "C", "user_id": 2302128618882_i64 }] })),
    )
    .await;
}

// ---- 1.24 PUT, POST /user/public (the body is a bare JSON string) ----

#[tokio::test]
async fn user_set_public_info_sends_the_string_as_the_whole_body() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().set_public_info(r#"{"city":"Beijing"}"#).await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/user/public").body(json!("{\"city\":\"Beijing\"}")).acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn user_set_public_info_put_alias_as_group_admin_sends_group_header() {
    // Not a typical combination, but the header must follow the client's act-as setting.
    let server = serve_json(200, json!({ "code": 10010, "message": "no permission" })).await;
    let err = client(&server).as_group_admin(GROUP).user().set_public_info("").via_put().await.unwrap_err();
    assert_eq!(err.api_code(), Some(ErrorCode::NoPermission));
    assert_received(&server, Expected::new("PUT", "/user/public").body(json!("")).acting(Acting::GroupAdmin(GROUP)))
        .await;
}

// ---- 1.25 PUT, POST /user/push ----

#[tokio::test]
async fn user_set_no_push_sends_bool_query() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().set_no_push(true).await.unwrap();
    assert!(done);
    assert_received(&server, Expected::new("POST", "/user/push").query("value=true").acting(Acting::User(ALICE))).await;
}

#[tokio::test]
async fn user_set_no_push_put_alias() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().set_no_push(false).via_put().await.unwrap();
    assert!(done);
    assert_received(&server, Expected::new("PUT", "/user/push").query("value=false").acting(Acting::User(ALICE))).await;
}

// ---- 1.26 POST /user/push/alias ----

#[tokio::test]
async fn user_bind_push_alias_with_push_token() {
    let server = serve_data(json!(true)).await;
    let done =
        client(&server).as_user(ALICE).user().bind_push_alias("alice-phone").push_token("pt-0a1b2c").await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/user/push/alias")
            .body(json!({ "alias": "alice-phone", "push_token": "pt-0a1b2c" }))
            .acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn user_bind_push_alias_omits_absent_push_token() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().bind_push_alias("alice").await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/user/push/alias").body(json!({ "alias": "alice" })).acting(Acting::User(ALICE)),
    )
    .await;
}

// ---- 1.27 POST /user/push/badge ----

#[tokio::test]
async fn user_set_push_badge_sends_number() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().set_push_badge(5).await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/user/push/badge").body(json!({ "badge": 5 })).acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn user_set_push_badge_zero_is_sent_not_omitted() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(BOB).user().set_push_badge(0).await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/user/push/badge").body(json!({ "badge": 0 })).acting(Acting::User(BOB)),
    )
    .await;
}

// ---- 1.28 PUT, POST /user/push/detail ----

#[tokio::test]
async fn user_set_no_push_detail_sends_bool_query() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().set_no_push_detail(true).await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/user/push/detail").query("value=true").acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn user_set_no_push_detail_put_alias() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(BOB).user().set_no_push_detail(false).via_put().await.unwrap();
    assert!(done);
    assert_received(&server, Expected::new("PUT", "/user/push/detail").query("value=false").acting(Acting::User(BOB)))
        .await;
}

// ---- 1.29 PUT, POST /user/push/limit ----

#[tokio::test]
async fn user_set_no_push_hours_sends_both_hours_in_document_order() {
    let server = serve_data(json!(true)).await;
    // Arguments: start hour, then end hour; the document lists `no_push_end_hour` first.
    let done = client(&server).as_user(ALICE).user().set_no_push_hours(22, 7).await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/user/push/limit")
            .query("no_push_end_hour=7&no_push_start_hour=22")
            .acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn user_set_no_push_hours_put_alias() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().set_no_push_hours(0, 8).via_put().await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("PUT", "/user/push/limit")
            .query("no_push_end_hour=8&no_push_start_hour=0")
            .acting(Acting::User(ALICE)),
    )
    .await;
}

// ---- 1.30 PUT, POST /user/push/nickname ----

#[tokio::test]
async fn user_set_push_nickname_sends_value_query() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().set_push_nickname("Alice W.").await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/user/push/nickname").query("value=Alice+W.").acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn user_set_push_nickname_put_alias() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().set_push_nickname("A&B").via_put().await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("PUT", "/user/push/nickname").query("value=A%26B").acting(Acting::User(ALICE)),
    )
    .await;
}

// ---- 1.31 GET /user/push/tag ----

#[tokio::test]
async fn user_push_tags_decodes_list_of_strings() {
    let server = serve_data(json!(["beijing", "vip"])).await;
    let tags = client(&server).as_user(ALICE).user().push_tags().await.unwrap();
    assert_eq!(tags, vec!["beijing".to_owned(), "vip".to_owned()]);
    assert_received(&server, Expected::new("GET", "/user/push/tag").acting(Acting::User(ALICE))).await;
}

#[tokio::test]
async fn user_push_tags_null_data_is_empty() {
    let server = serve_data(Value::Null).await;
    let tags = client(&server).as_user(BOB).user().push_tags().await.unwrap();
    assert!(tags.is_empty());
    assert_received(&server, Expected::new("GET", "/user/push/tag").acting(Acting::User(BOB))).await;
}

// ---- 1.32 POST /user/push/tag ----

#[tokio::test]
async fn user_bind_push_tags_sends_tags() {
    let server = serve_data(json!(true)).await;
    let done =
        client(&server).as_user(ALICE).user().bind_push_tags(["beijing".to_owned(), "vip".to_owned()]).await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/user/push/tag").body(json!({ "tags": ["beijing", "vip"] })).acting(Acting::User(ALICE)),
    )
    .await;
}

// ---- 1.33 DELETE /user/push/tag ----

#[tokio::test]
async fn user_unbind_push_tags_deletes_with_body() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().unbind_push_tags(["vip".to_owned()]).await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("DELETE", "/user/push/tag").body(json!({ "tags": ["vip"] })).acting(Acting::User(ALICE)),
    )
    .await;
}

// ---- 1.34 DELETE /user/push/tag/all ----

#[tokio::test]
async fn user_clear_push_tags_deletes_without_body() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().clear_push_tags().await.unwrap();
    assert!(done);
    assert_received(&server, Expected::new("DELETE", "/user/push/tag/all").acting(Acting::User(ALICE))).await;
}

// ---- 1.35 POST /user/register/batch ----

#[tokio::test]
async fn user_register_batch_sends_plain_passwords_and_decodes_results() {
    let server = serve_data(json!([
        { "username": "alice", "user_id": ALICE, "success": true },
        { "username": "bob", "success": false, "reason": "user exists", "code": 10004 }
    ]))
    .await;
    let results = client(&server)
        .user()
        .register_batch([NewUser::new("alice", Secret::from("pw-a")), NewUser::new("bob", "pw-b")])
        .await
        .unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].username.as_deref(), Some("alice"));
    assert_eq!(results[0].user_id, Some(ALICE));
    assert_eq!(results[0].success, Some(true));
    assert_eq!(results[1].user_id, None);
    assert_eq!(results[1].success, Some(false));
    assert_eq!(results[1].reason.as_deref(), Some("user exists"));
    assert_received(
        &server,
        Expected::new("POST", "/user/register/batch").body(json!({
            "list": [
                { "password": "pw-a", "username": "alice" },
                { "password": "pw-b", "username": "bob" }
            ]
        })),
    )
    .await;
}

#[tokio::test]
async fn user_register_batch_debug_hides_passwords() {
    let users = [NewUser::new("carol", "carol-secret")];
    let server = serve_data(json!([])).await;
    let api = client(&server);
    let request = api.user().register_batch(users);
    let shown = format!("{request:?}");
    assert!(!shown.contains("carol-secret"), "{shown}");
    assert!(request.await.unwrap().is_empty());
    assert_received(
        &server,
        Expected::new("POST", "/user/register/batch")
            .body(json!({ "list": [{ "password": "carol-secret", "username": "carol" }] })),
    )
    .await;
}

// ---- 1.36 POST /user/register/push ----

#[tokio::test]
async fn user_register_push_sends_all_set_fields() {
    let server = serve_data(settings_data(0)).await;
    let settings = client(&server)
        .user()
        .register_push("dev-5f3a", "push-pw")
        .alias("kiosk-1")
        .device_guid("5f3a9c1e-guid")
        .push_token("pt-xyz")
        .sign("c2lnbmF0dXJl")
        .await
        .unwrap();
    assert_eq!(settings.auth_mode, Some(AuthMode::Open));
    assert_eq!(settings.no_push_start_hour, Some(22));
    assert_received(
        &server,
        Expected::new("POST", "/user/register/push").body(json!({
            "alias": "kiosk-1",
            "device_guid": "5f3a9c1e-guid",
            "password": "push-pw",
            "push_token": "pt-xyz",
            "sign": "c2lnbmF0dXJl",
            "username": "dev-5f3a"
        })),
    )
    .await;
}

#[tokio::test]
async fn user_register_push_with_required_fields_only() {
    let server = serve_data(json!({ "user_id": BOB })).await;
    let settings = client(&server).user().register_push("bob", "pw").await.unwrap();
    assert_eq!(settings.user_id, BOB);
    assert_eq!(settings.auth_mode, None);
    assert_received(
        &server,
        Expected::new("POST", "/user/register/push").body(json!({ "password": "pw", "username": "bob" })),
    )
    .await;
}

// ---- 1.37 POST /user/register/v2 ----

#[tokio::test]
async fn user_register_v2_with_admin_client() {
    let server = serve_data(json!({ "user_id": ALICE, "auth_mode": 1 })).await;
    let settings = client(&server).user().register_v2("alice", "v2-pw").await.unwrap();
    assert_eq!(settings.user_id, ALICE);
    assert_eq!(settings.auth_mode, Some(AuthMode::NeedsApproval));
    assert_received(
        &server,
        Expected::new("POST", "/user/register/v2").body(json!({ "password": "v2-pw", "username": "alice" })),
    )
    .await;
}

#[tokio::test]
async fn user_register_v2_existing_user_is_api_error() {
    let server = serve_json(200, json!({ "code": 10004, "message": "user exists", "data": null })).await;
    let err = client(&server).user().register_v2("alice", "pw").await.unwrap_err();
    assert_eq!(err.api_code(), Some(ErrorCode::UserExists));
    assert_received(
        &server,
        Expected::new("POST", "/user/register/v2").body(json!({ "password": "pw", "username": "alice" })),
    )
    .await;
}

#[tokio::test]
async fn user_register_v2_without_access_token_sends_only_app_id() {
    let server = serve_data(json!({ "user_id": BOB, "no_push": false })).await;
    let anonymous = maxim_api::Client::builder().base_url(server.uri()).app_id(APP_ID).build().unwrap();
    assert!(!anonymous.has_access_token());
    let settings = anonymous.user().register_v2("bob", "bob-pw").await.unwrap();
    assert_eq!(settings.user_id, BOB);
    assert_eq!(settings.no_push, Some(false));

    // `assert_received` expects the harness's token, so this request is checked field by field.
    let request = the_request(&server).await;
    let header = |name: &str| request.headers.get(name).map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/user/register/v2");
    assert_eq!(request.url.query(), None);
    assert_eq!(header("app_id").as_deref(), Some(APP_ID));
    assert_eq!(header("access-token"), None, "no access-token header without a token");
    assert_eq!(header("user_id"), None);
    assert_eq!(header("group_id"), None);
    assert_eq!(header("content-type").as_deref(), Some("application/json"));
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body, json!({ "password": "bob-pw", "username": "bob" }));
}

// ---- 1.38 GET /user/settings ----

#[tokio::test]
async fn user_settings_decodes_all_fields_and_unknown_auth_mode() {
    let server = serve_data(settings_data(9)).await;
    let s = client(&server).as_user(ALICE).user().settings().await.unwrap();
    assert_eq!(s.id, Some(40001));
    assert_eq!(s.user_id, ALICE);
    assert_eq!(s.auth_mode, Some(AuthMode::from(9)));
    assert_eq!(s.auth_question.as_deref(), Some("favourite tea?"));
    assert_eq!(s.auth_answer, None);
    assert_eq!(s.auto_download, Some(true));
    assert_eq!(s.group_confirm, Some(false));
    assert_eq!(s.no_push, Some(false));
    assert_eq!(s.no_push_detail, Some(true));
    assert_eq!(s.no_push_start_hour, Some(22));
    assert_eq!(s.no_push_end_hour, Some(7));
    assert_eq!(s.no_sounds, Some(false));
    assert_eq!(s.push_nick_name.as_deref(), Some("Alice"));
    assert_eq!(s.push_token, None);
    assert_eq!(s.silence_start_time, Some(23));
    assert_eq!(s.silence_end_time, Some(6));
    assert_eq!(s.vibratory, Some(true));
    assert_received(&server, Expected::new("GET", "/user/settings").acting(Acting::User(ALICE))).await;
}

#[tokio::test]
async fn user_settings_http_401_is_http_error() {
    let server = serve_json(401, json!({ "code": 10008, "message": "access-token invalid" })).await;
    let err = client(&server).as_user(ALICE).user().settings().await.unwrap_err();
    assert_eq!(err.http_status(), Some(401));
    assert!(matches!(err, maxim_api::Error::Http { code: Some(ErrorCode::AccessTokenInvalid), .. }));
    assert_received(&server, Expected::new("GET", "/user/settings").acting(Acting::User(ALICE))).await;
}

// ---- 1.39 PUT, POST /user/settings (`user_id` is required by the document) ----

#[tokio::test]
async fn user_update_settings_sends_user_id_and_only_set_fields() {
    let server = serve_data(json!(true)).await;
    let done = client(&server)
        .as_user(ALICE)
        .user()
        .update_settings(ALICE)
        .auth_mode(AuthMode::NeedsAnswer)
        .auth_question("favourite tea?")
        .auth_answer("oolong")
        .no_push_start_hour(22)
        .no_push_end_hour(7)
        .vibratory(false)
        .await
        .unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/user/settings")
            .body(json!({
                "auth_answer": "oolong",
                "auth_mode": 2,
                "auth_question": "favourite tea?",
                "no_push_end_hour": 7,
                "no_push_start_hour": 22,
                "user_id": 2302128618880_i64,
                "vibratory": false
            }))
            .acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn user_update_settings_put_alias_with_every_field() {
    let server = serve_data(json!(true)).await;
    let done = client(&server)
        .user()
        .update_settings(BOB)
        .auth_answer("a")
        .auth_mode(AuthMode::RejectAll)
        .auth_question("q")
        .auto_download(true)
        .group_confirm(true)
        .id(40001)
        .no_push(false)
        .no_push_detail(true)
        .no_push_end_hour(8)
        .no_push_start_hour(23)
        .no_sounds(true)
        .push_nick_name("Bob")
        .push_token("pt-bob")
        .silence_end_time(6)
        .silence_start_time(22)
        .vibratory(true)
        .via_put()
        .await
        .unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("PUT", "/user/settings").body(json!({
            "auth_answer": "a",
            "auth_mode": 3,
            "auth_question": "q",
            "auto_download": true,
            "group_confirm": true,
            "id": 40001,
            "no_push": false,
            "no_push_detail": true,
            "no_push_end_hour": 8,
            "no_push_start_hour": 23,
            "no_sounds": true,
            "push_nick_name": "Bob",
            "push_token": "pt-bob",
            "silence_end_time": 6,
            "silence_start_time": 22,
            "user_id": 2302128618881_i64,
            "vibratory": true
        })),
    )
    .await;
}

#[tokio::test]
async fn user_update_settings_with_only_user_id() {
    let server = serve_data(json!(false)).await;
    let done = client(&server).user().update_settings(CAROL).await.unwrap();
    assert!(!done);
    assert_received(&server, Expected::new("POST", "/user/settings").body(json!({ "user_id": 2302128618882_i64 })))
        .await;
}

// ---- 1.40 PUT, POST /user/sounds ----

#[tokio::test]
async fn user_set_no_sounds_sends_bool_query() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().set_no_sounds(true).await.unwrap();
    assert!(done);
    assert_received(&server, Expected::new("POST", "/user/sounds").query("value=true").acting(Acting::User(ALICE)))
        .await;
}

#[tokio::test]
async fn user_set_no_sounds_put_alias() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().set_no_sounds(false).via_put().await.unwrap();
    assert!(done);
    assert_received(&server, Expected::new("PUT", "/user/sounds").query("value=false").acting(Acting::User(ALICE)))
        .await;
}

// ---- 1.41 PUT, POST /user/token/bind (all three inputs are required by the document) ----

#[tokio::test]
async fn user_bind_token_sends_all_three_fields() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().bind_token(3, "a1b2c3d4e5f6", "apns-prod").await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/user/token/bind")
            .body(json!({ "device_sn": 3, "device_token": "a1b2c3d4e5f6", "notifier_name": "apns-prod" }))
            .acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn user_bind_token_put_alias() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(BOB).user().bind_token(0, "fcm:APA91b-x", "fcm").via_put().await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("PUT", "/user/token/bind")
            .body(json!({ "device_sn": 0, "device_token": "fcm:APA91b-x", "notifier_name": "fcm" }))
            .acting(Acting::User(BOB)),
    )
    .await;
}

// ---- 1.42 DELETE, POST /user/token/unbind ----

#[tokio::test]
async fn user_unbind_token_sends_camel_case_device_sn() {
    let server = serve_data(json!({ "unbound": true, "device_sn": 3 })).await;
    let data = client(&server).as_user(ALICE).user().unbind_token(3).await.unwrap();
    assert_eq!(data, json!({ "unbound": true, "device_sn": 3 }));
    assert_received(
        &server,
        Expected::new("POST", "/user/token/unbind").query("deviceSn=3").acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn user_unbind_token_delete_alias() {
    let server = serve_data(Value::Null).await;
    let data = client(&server).as_user(ALICE).user().unbind_token(11).via_delete().await.unwrap();
    assert_eq!(data, Value::Null);
    assert_received(
        &server,
        Expected::new("DELETE", "/user/token/unbind").query("deviceSn=11").acting(Acting::User(ALICE)),
    )
    .await;
}

// ---- 1.43 PUT, POST /user/username ----

#[tokio::test]
async fn user_set_username_sends_query() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().set_username("alice_2").await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/user/username").query("username=alice_2").acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn user_set_username_put_alias_taken_name_is_api_error() {
    let server = serve_json(200, json!({ "code": 10004, "message": "user exists", "data": false })).await;
    let err = client(&server).as_user(ALICE).user().set_username("bob").via_put().await.unwrap_err();
    assert_eq!(err.api_code(), Some(ErrorCode::UserExists));
    assert_received(&server, Expected::new("PUT", "/user/username").query("username=bob").acting(Acting::User(ALICE)))
        .await;
}

// ---- 1.44 PUT, POST /user/vibratory ----

#[tokio::test]
async fn user_set_vibratory_sends_bool_query() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().set_vibratory(true).await.unwrap();
    assert!(done);
    assert_received(&server, Expected::new("POST", "/user/vibratory").query("value=true").acting(Acting::User(ALICE)))
        .await;
}

#[tokio::test]
async fn user_set_vibratory_put_alias() {
    let server = serve_data(json!(false)).await;
    let done = client(&server).as_user(ALICE).user().set_vibratory(false).via_put().await.unwrap();
    assert!(!done);
    assert_received(&server, Expected::new("PUT", "/user/vibratory").query("value=false").acting(Acting::User(ALICE)))
        .await;
}
