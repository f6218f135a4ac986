//! Example of the wire-test style (the per-section files follow it).

use maxim_api_tests::{Acting, Expected, assert_received, client, serve_data};
use serde_json::json;

#[tokio::test]
async fn user_register_sends_required_and_set_fields_only() {
    let server =
        serve_data(json!({ "user_id": 2302128618880_i64, "auth_mode": 1, "no_push": false, "new_field": 1 })).await;
    let settings = client(&server).user().register("alice", "s3cret").email("alice@example.com").await.unwrap();
    assert_eq!(settings.user_id, Some(2302128618880));
    assert_eq!(settings.auth_mode, Some(maxim_api::AuthMode::NeedsApproval));
    assert_eq!(settings.no_push, Some(false));
    assert_eq!(settings.vibratory, None);
    assert_received(
        &server,
        Expected::new("POST", "/user/register").body(json!({
            "username": "alice", "password": "s3cret", "email": "alice@example.com"
        })),
    )
    .await;
}

#[tokio::test]
async fn user_set_auth_mode_put_alias_as_user() {
    let server = serve_data(json!(true)).await;
    let done =
        client(&server).as_user(2302128618880).user().set_auth_mode(maxim_api::AuthMode::RejectAll).via_put().await;
    assert!(done.unwrap());
    assert_received(
        &server,
        Expected::new("PUT", "/user/authmode").query("value=3").acting(Acting::User(2302128618880)),
    )
    .await;
}
