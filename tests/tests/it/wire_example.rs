//! Example of the wire-test style (the per-section files follow it), on two entries of section 1 (用户操作):
//! 1.37 `POST /user/register/v2` and the `PUT` verb of 1.1 `/user/authmode`.

use maxim_api::AuthMode;
use maxim_api_tests::ids::ALICE;
use maxim_api_tests::{Acting, Expected, assert_received, client, serve_data};
use serde_json::json;

#[tokio::test]
async fn user_register_v2_sends_the_required_fields_and_decodes_the_settings() {
    let server = serve_data(json!({ "user_id": ALICE, "auth_mode": 1, "no_push": false, "new_field": 1 })).await;
    let settings = client(&server).user().register_v2("alice", "s3cret").await.unwrap();
    assert_eq!(settings.user_id, ALICE);
    assert_eq!(settings.auth_mode, Some(AuthMode::NeedsApproval));
    assert_eq!(settings.no_push, Some(false));
    assert_eq!(settings.vibratory, None);
    assert_received(
        &server,
        Expected::new("POST", "/user/register/v2").body(json!({ "username": "alice", "password": "s3cret" })),
    )
    .await;
}

#[tokio::test]
async fn user_set_auth_mode_put_as_user() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).user().set_auth_mode(AuthMode::RejectAll).via_put().await;
    assert!(done.unwrap());
    assert_received(&server, Expected::new("PUT", "/user/authmode").query("value=3").acting(Acting::User(ALICE))).await;
}
