//! Wire tests of section 4 of the API document (spec/zh-hans/group.md), 群接口 (`client.group()`), second half:
//! entries 4.29 to 4.54 (`/group/info/name` to `/group/user_joined`), 40 method+path pairs.

use maxim_api::{ApplyApproval, GroupStatus, GroupType, MsgMuteMode, MsgPushMode};
use maxim_api_tests::ids::{ALICE, BOB, CAROL, GROUP, OTHER_GROUP};
use maxim_api_tests::{
    Acting, Expected, assert_member_results, assert_received, client, member_results, serve_data, serve_json,
};
use serde_json::{Value, json};

// ---- 4.29 PUT, POST /group/info/name -------------------------------------------------------------------------

#[tokio::test]
async fn group_set_name_put_as_group_admin() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_group_admin(GROUP).group().set_name(GROUP, "研发中心").via_put().await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("PUT", "/group/info/name")
            .body(json!({ "group_id": GROUP, "value": "研发中心" }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn group_set_name_post_null_data_is_a_decode_error() {
    // The document promises a boolean `data`: `null` is not an answer to "was it done?".
    let server = serve_data(Value::Null).await;
    let err = client(&server).group().set_name(OTHER_GROUP, "R&D").await.unwrap_err();
    assert!(matches!(&err, maxim_api::Error::Decode { path, .. } if path == "data"), "{err:?}");
    assert_received(
        &server,
        Expected::new("POST", "/group/info/name").body(json!({ "group_id": OTHER_GROUP, "value": "R&D" })),
    )
    .await;
}

// ---- 4.30 GET /group/invitation_list; 4.31 POST /group/invite; 4.32 PUT, POST /group/invite/handle ------------

#[tokio::test]
async fn group_invitation_list_sends_paging_query_and_decodes_invitations() {
    let server = serve_json(
        200,
        json!({
            "code": 200, "message": null,
            "data": [
                {
                    "group_id": GROUP, "inviter_id": ALICE, "invitee_id": BOB, "reason": "一起来",
                    "status": 0, "expired_time": 1570220217000_i64, "updated_at": "2019-09-28 04:16:57"
                },
                { "group_id": OTHER_GROUP, "inviter_id": CAROL, "invitee_id": BOB, "status": 2, "source": "qr" }
            ],
            "cursor": "20", "total": 21, "version": 1569586735861_i64, "server_time": 1569615417000_i64
        }),
    )
    .await;
    let page = client(&server)
        .as_user(BOB)
        .group()
        .invitation_list()
        .cursor("10")
        .limit(10)
        .version(1569586735861)
        .await
        .unwrap();
    assert_eq!(page.cursor.as_deref(), Some("20"));
    assert_eq!(page.total, Some(21));
    assert_eq!(page.version, Some(1569586735861));
    let invitations = page.data.expect("data is present");
    assert_eq!(invitations.len(), 2);
    assert_eq!(invitations[0].group_id, GROUP);
    assert_eq!(invitations[0].inviter_id, ALICE);
    assert_eq!(invitations[0].invitee_id, BOB);
    assert_eq!(invitations[0].reason.as_deref(), Some("一起来"));
    assert_eq!(invitations[0].status, Some(maxim_api::ApplicationStatus::Pending));
    assert_eq!(invitations[0].expired_time, Some(1570220217000));
    assert_eq!(invitations[0].updated_at.as_deref(), Some("2019-09-28 04:16:57"));
    assert_eq!(invitations[1].inviter_id, CAROL);
    assert_eq!(invitations[1].status, Some(maxim_api::ApplicationStatus::Rejected));
    assert_eq!(invitations[1].expired_time, None);
    assert_received(
        &server,
        Expected::new("GET", "/group/invitation_list")
            .query("cursor=10&limit=10&version=1569586735861")
            .acting(Acting::User(BOB)),
    )
    .await;
}

#[tokio::test]
async fn group_invitation_list_without_parameters() {
    let server = serve_json(200, json!({ "code": 200, "message": null, "data": [] })).await;
    let page = client(&server).as_user(BOB).group().invitation_list().await.unwrap();
    assert_eq!(page.cursor, None);
    assert_eq!(page.total, None);
    assert_eq!(page.data, Some(vec![]));
    assert_received(&server, Expected::new("GET", "/group/invitation_list").acting(Acting::User(BOB))).await;
}

#[tokio::test]
async fn group_invite_with_reason_as_group_admin() {
    let server = serve_data(member_results()).await;
    let results = client(&server)
        .as_group_admin(GROUP)
        .group()
        .invite(GROUP, [ALICE, BOB])
        .reason("欢迎加入研发部")
        .await
        .unwrap();
    assert_member_results(&results);
    assert_received(
        &server,
        Expected::new("POST", "/group/invite")
            .body(json!({ "group_id": GROUP, "reason": "欢迎加入研发部", "user_list": [ALICE, BOB] }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn group_invite_without_reason_omits_it() {
    let server = serve_data(json!([{ "user_id": CAROL, "result": "success" }])).await;
    let results = client(&server).as_user(ALICE).group().invite(GROUP, [CAROL]).await.unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].user_id, CAROL);
    assert_eq!(results[0].result, maxim_api::OperationResult::Success);
    assert_received(
        &server,
        Expected::new("POST", "/group/invite")
            .body(json!({ "group_id": GROUP, "user_list": [CAROL] }))
            .acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn group_handle_invitation_put_as_invited_user() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(CAROL).group().handle_invitation(GROUP, ALICE, true).via_put().await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("PUT", "/group/invite/handle")
            .body(json!({ "approval": true, "group_id": GROUP, "user_id": ALICE }))
            .acting(Acting::User(CAROL)),
    )
    .await;
}

#[tokio::test]
async fn group_handle_invitation_post_declines() {
    let server = serve_data(json!(false)).await;
    let done = client(&server).as_user(CAROL).group().handle_invitation(GROUP, ALICE, false).await.unwrap();
    assert!(!done);
    assert_received(
        &server,
        Expected::new("POST", "/group/invite/handle")
            .body(json!({ "approval": false, "group_id": GROUP, "user_id": ALICE }))
            .acting(Acting::User(CAROL)),
    )
    .await;
}

// ---- 4.33 DELETE, POST /group/kick; 4.34 DELETE, POST /group/leave ---------------------------------------------

#[tokio::test]
async fn group_kick_delete_as_group_admin() {
    let server = serve_data(member_results()).await;
    let results = client(&server).as_group_admin(GROUP).group().kick(GROUP, [ALICE, BOB]).via_delete().await.unwrap();
    assert_member_results(&results);
    assert_received(
        &server,
        Expected::new("DELETE", "/group/kick")
            .body(json!({ "group_id": GROUP, "user_list": [ALICE, BOB] }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn group_kick_post() {
    let server = serve_data(json!([{ "user_id": CAROL, "result": "success" }])).await;
    let results = client(&server).group().kick(GROUP, [CAROL]).await.unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].user_id, CAROL);
    assert_received(
        &server,
        Expected::new("POST", "/group/kick").body(json!({ "group_id": GROUP, "user_list": [CAROL] })),
    )
    .await;
}

#[tokio::test]
async fn group_leave_delete_as_user() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(BOB).group().leave(GROUP).via_delete().await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("DELETE", "/group/leave").query("group_id=2306414607729").acting(Acting::User(BOB)),
    )
    .await;
}

#[tokio::test]
async fn group_leave_post_as_user() {
    let server = serve_data(json!(false)).await;
    let done = client(&server).as_user(CAROL).group().leave(OTHER_GROUP).await.unwrap();
    assert!(!done);
    assert_received(
        &server,
        Expected::new("POST", "/group/leave").query("group_id=2306414607730").acting(Acting::User(CAROL)),
    )
    .await;
}

// ---- 4.35 GET /group/member_list; 4.36 POST /group/members/display_name ------------------------------------------

#[tokio::test]
async fn group_member_list_decodes_a_page_of_members() {
    let server = serve_json(
        200,
        json!({
            "code": 200, "message": null,
            "data": [
                { "user_id": ALICE, "display_name": "群主", "join_time": 1569615417000_i64, "expired_time": 0 },
                { "user_id": BOB, "join_time": 1569615418000_i64, "role": "member" }
            ],
            "cursor": "MTAw", "total": 142, "version": 1569586735861_i64, "extra": null
        }),
    )
    .await;
    let page = client(&server)
        .as_user(ALICE)
        .group()
        .member_list(GROUP)
        .cursor("NTA=")
        .limit(50)
        .version(1569586735861)
        .await
        .unwrap();
    assert_eq!(page.cursor.as_deref(), Some("MTAw"));
    assert_eq!(page.total, Some(142));
    assert_eq!(page.version, Some(1569586735861));
    let members = page.data.expect("data is present");
    assert_eq!(members.len(), 2);
    assert_eq!(members[0].user_id, ALICE);
    assert_eq!(members[0].display_name.as_deref(), Some("群主"));
    assert_eq!(members[0].expired_time, Some(0));
    assert_eq!(members[1].user_id, BOB);
    assert_eq!(members[1].join_time, Some(1569615418000));
    assert_eq!(members[1].display_name, None);
    assert_eq!(members[1].expired_time, None);
    assert_received(
        &server,
        Expected::new("GET", "/group/member_list")
            .query("cursor=NTA%3D&group_id=2306414607729&limit=50&version=1569586735861")
            .acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn group_member_list_last_page_with_only_group_id() {
    let server =
        serve_json(200, json!({ "code": 200, "message": null, "data": [{ "user_id": CAROL }], "total": 1 })).await;
    let page = client(&server).group().member_list(OTHER_GROUP).await.unwrap();
    assert_eq!(page.cursor, None);
    assert_eq!(page.total, Some(1));
    assert_eq!(page.data.expect("data")[0].user_id, CAROL);
    assert_received(&server, Expected::new("GET", "/group/member_list").query("group_id=2306414607730")).await;
}

#[tokio::test]
async fn group_member_display_names_decode_members() {
    let server = serve_data(json!([
        { "user_id": ALICE, "display_name": "艾丽斯", "join_time": 1569615417000_i64 },
        { "user_id": BOB }
    ]))
    .await;
    let members = client(&server).as_group_admin(GROUP).group().member_display_names(GROUP, [ALICE, BOB]).await;
    let members = members.unwrap();
    assert_eq!(members.len(), 2);
    assert_eq!(members[0].display_name.as_deref(), Some("艾丽斯"));
    assert_eq!(members[0].join_time, Some(1569615417000));
    assert_eq!(members[1].user_id, BOB);
    assert_eq!(members[1].display_name, None);
    assert_received(
        &server,
        Expected::new("POST", "/group/members/display_name")
            .body(json!({ "group_id": GROUP, "user_list": [ALICE, BOB] }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

// ---- 4.37 PUT, POST /group/msg/mute_mode; 4.38 PUT, POST /group/msg/push_mode ----------------------------------

#[tokio::test]
async fn group_set_msg_mute_mode_put_as_user() {
    let server = serve_data(json!({})).await;
    let data =
        client(&server).as_user(BOB).group().set_msg_mute_mode(GROUP, MsgMuteMode::NoNotification).via_put().await;
    assert_eq!(data.unwrap(), json!({}));
    assert_received(
        &server,
        Expected::new("PUT", "/group/msg/mute_mode")
            .body(json!({ "group_id": GROUP, "msg_mute_mode": 1 }))
            .acting(Acting::User(BOB)),
    )
    .await;
}

#[tokio::test]
async fn group_set_msg_mute_mode_post_sends_an_unknown_value_as_is() {
    let server = serve_data(Value::Null).await;
    let data = client(&server).as_user(BOB).group().set_msg_mute_mode(GROUP, MsgMuteMode::from(3)).await;
    assert_eq!(data.unwrap(), Value::Null);
    assert_received(
        &server,
        Expected::new("POST", "/group/msg/mute_mode")
            .body(json!({ "group_id": GROUP, "msg_mute_mode": 3 }))
            .acting(Acting::User(BOB)),
    )
    .await;
}

#[tokio::test]
async fn group_set_msg_push_mode_put_as_user() {
    let server = serve_data(json!({ "msg_push_mode": 2 })).await;
    let data =
        client(&server).as_user(CAROL).group().set_msg_push_mode(GROUP, MsgPushMode::AdminAndMentions).via_put().await;
    assert_eq!(data.unwrap(), json!({ "msg_push_mode": 2 }));
    assert_received(
        &server,
        Expected::new("PUT", "/group/msg/push_mode")
            .body(json!({ "group_id": GROUP, "msg_push_mode": 2 }))
            .acting(Acting::User(CAROL)),
    )
    .await;
}

#[tokio::test]
async fn group_set_msg_push_mode_post() {
    let server = serve_data(json!({})).await;
    let data = client(&server).group().set_msg_push_mode(OTHER_GROUP, MsgPushMode::MentionsOnly).await;
    assert_eq!(data.unwrap(), json!({}));
    assert_received(
        &server,
        Expected::new("POST", "/group/msg/push_mode").body(json!({ "group_id": OTHER_GROUP, "msg_push_mode": 4 })),
    )
    .await;
}

// ---- 4.39 GET /group/public_list; 4.40 POST /group/qrcode/invite; 4.41 GET /group/qrcode/sign ---------------------

#[tokio::test]
async fn group_public_list_decodes_64_bit_ids() {
    let server = serve_data(json!([GROUP, OTHER_GROUP])).await;
    let groups = client(&server).group().public_list().await.unwrap();
    assert_eq!(groups, vec![GROUP, OTHER_GROUP]);
    assert_received(&server, Expected::new("GET", "/group/public_list")).await;
}

#[tokio::test]
async fn group_qrcode_invite_sends_qr_info_as_user() {
    let server = serve_data(json!({ "group_id": GROUP, "result": "success" })).await;
    let data = client(&server).as_user(CAROL).group().qrcode_invite("mxqr://g/2306414607729?sig=a1b2c3").await;
    assert_eq!(data.unwrap(), json!({ "group_id": GROUP, "result": "success" }));
    assert_received(
        &server,
        Expected::new("POST", "/group/qrcode/invite")
            .body(json!({ "qr_info": "mxqr://g/2306414607729?sig=a1b2c3" }))
            .acting(Acting::User(CAROL)),
    )
    .await;
}

#[tokio::test]
async fn group_qrcode_sign_decodes_millisecond_times() {
    let server = serve_data(json!({
        "qr_info": "mxqr://g/2306414607729?sig=a1b2c3",
        "create_at": 1569615417000_i64,
        "expire_at": 1570220217000_i64,
        "version": 1
    }))
    .await;
    let qr = client(&server).as_user(ALICE).group().qrcode_sign(GROUP).await.unwrap();
    assert_eq!(qr.qr_info.as_deref(), Some("mxqr://g/2306414607729?sig=a1b2c3"));
    assert_eq!(qr.create_at, Some(1569615417000));
    assert_eq!(qr.expire_at, Some(1570220217000));
    assert_received(
        &server,
        Expected::new("GET", "/group/qrcode/sign").query("group_id=2306414607729").acting(Acting::User(ALICE)),
    )
    .await;
}

// ---- 4.42 GET /group/settings ----------------------------------------------------------------------------------

#[tokio::test]
async fn group_settings_decode_with_missing_and_unknown_values() {
    let server = serve_data(json!({
        "group_id": GROUP, "owner_id": ALICE, "apply_approval": 5, "msg_mute_mode": 0, "msg_push_mode": 3,
        "ban_expire_time": 1569615417, "hide_member_info": false, "history_visible": true,
        "member_invite": false, "read_ack": false, "status": 0, "type": 0, "updated_at": 1569615418000_i64,
        "mute_all": false
    }))
    .await;
    let settings = client(&server).as_user(ALICE).group().settings(GROUP).await.unwrap();
    assert_eq!(settings.group_id, GROUP);
    assert_eq!(settings.owner_id, ALICE);
    assert_eq!(settings.apply_approval, Some(ApplyApproval::from(5)));
    assert_eq!(settings.msg_mute_mode, Some(MsgMuteMode::None));
    assert_eq!(settings.msg_push_mode, Some(MsgPushMode::AdminOnly));
    assert_eq!(settings.ban_expire_time, Some(1569615417), "seconds, as the document says");
    assert_eq!(settings.hide_member_info, Some(false));
    assert_eq!(settings.history_visible, Some(true));
    assert_eq!(settings.member_invite, Some(false));
    assert_eq!(settings.member_modify, None);
    assert_eq!(settings.read_ack, Some(false));
    assert_eq!(settings.status, Some(GroupStatus::Normal));
    assert_eq!(settings.r#type, Some(GroupType::Private));
    assert_eq!(settings.updated_at, Some(1569615418000));
    assert_eq!(settings.name, None);
    assert_eq!(settings.created_at, None);
    assert_received(
        &server,
        Expected::new("GET", "/group/settings").query("group_id=2306414607729").acting(Acting::User(ALICE)),
    )
    .await;
}

// ---- 4.43 to 4.50: settings updates ----------------------------------------------------------------------------

#[tokio::test]
async fn group_settings_allow_member_invitation_put_as_group_admin() {
    let server = serve_data(json!(true)).await;
    let done =
        client(&server).as_group_admin(GROUP).group().settings_allow_member_invitation(GROUP, true).via_put().await;
    assert!(done.unwrap());
    assert_received(
        &server,
        Expected::new("PUT", "/group/settings/allow_member_invitation")
            .body(json!({ "group_id": GROUP, "value": true }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn group_settings_allow_member_invitation_post() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).group().settings_allow_member_invitation(GROUP, false).await;
    assert!(done.unwrap());
    assert_received(
        &server,
        Expected::new("POST", "/group/settings/allow_member_invitation")
            .body(json!({ "group_id": GROUP, "value": false })),
    )
    .await;
}

#[tokio::test]
async fn group_settings_allow_member_modify_put() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).group().settings_allow_member_modify(GROUP, false).via_put().await;
    assert!(done.unwrap());
    assert_received(
        &server,
        Expected::new("PUT", "/group/settings/allow_member_modify").body(json!({ "group_id": GROUP, "value": false })),
    )
    .await;
}

#[tokio::test]
async fn group_settings_allow_member_modify_post_as_group_admin() {
    let server = serve_data(json!(false)).await;
    let done = client(&server).as_group_admin(GROUP).group().settings_allow_member_modify(GROUP, true).await;
    assert!(!done.unwrap());
    assert_received(
        &server,
        Expected::new("POST", "/group/settings/allow_member_modify")
            .body(json!({ "group_id": GROUP, "value": true }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn group_settings_ban_all_decodes_the_expiry() {
    let server = serve_data(json!({ "ban_expire_time": 1569619017_i64, "extra": 0 })).await;
    let result = client(&server).as_group_admin(GROUP).group().settings_ban_all(GROUP, 60).await.unwrap();
    assert_eq!(result.ban_expire_time, Some(1569619017));
    assert_received(
        &server,
        Expected::new("POST", "/group/settings/ban_all")
            .body(json!({ "duration": 60, "group_id": GROUP }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn group_settings_ban_all_forever_decodes_minus_one() {
    let server = serve_data(json!({ "ban_expire_time": -1 })).await;
    let result = client(&server).group().settings_ban_all(OTHER_GROUP, -1).await.unwrap();
    assert_eq!(result.ban_expire_time, Some(-1));
    assert_received(
        &server,
        Expected::new("POST", "/group/settings/ban_all").body(json!({ "duration": -1, "group_id": OTHER_GROUP })),
    )
    .await;
}

#[tokio::test]
async fn group_settings_enable_read_ack_put_as_group_admin() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_group_admin(GROUP).group().settings_enable_read_ack(GROUP, true).via_put().await;
    assert!(done.unwrap());
    assert_received(
        &server,
        Expected::new("PUT", "/group/settings/enable_read_ack")
            .body(json!({ "group_id": GROUP, "value": true }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn group_settings_enable_read_ack_post() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).group().settings_enable_read_ack(GROUP, false).await;
    assert!(done.unwrap());
    assert_received(
        &server,
        Expected::new("POST", "/group/settings/enable_read_ack").body(json!({ "group_id": GROUP, "value": false })),
    )
    .await;
}

#[tokio::test]
async fn group_settings_hide_member_info_put_as_group_admin() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_group_admin(GROUP).group().settings_hide_member_info(GROUP, true).via_put().await;
    assert!(done.unwrap());
    assert_received(
        &server,
        Expected::new("PUT", "/group/settings/hide_member_info")
            .body(json!({ "group_id": GROUP, "value": true }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn group_settings_hide_member_info_post_as_owner() {
    let server = serve_data(json!(false)).await;
    let done = client(&server).as_user(ALICE).group().settings_hide_member_info(OTHER_GROUP, false).await;
    assert!(!done.unwrap());
    assert_received(
        &server,
        Expected::new("POST", "/group/settings/hide_member_info")
            .body(json!({ "group_id": OTHER_GROUP, "value": false }))
            .acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn group_settings_history_visible_put() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).group().settings_history_visible(GROUP, true).via_put().await;
    assert!(done.unwrap());
    assert_received(
        &server,
        Expected::new("PUT", "/group/settings/history_visible").body(json!({ "group_id": GROUP, "value": true })),
    )
    .await;
}

#[tokio::test]
async fn group_settings_history_visible_post_as_group_admin() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_group_admin(GROUP).group().settings_history_visible(GROUP, false).await;
    assert!(done.unwrap());
    assert_received(
        &server,
        Expected::new("POST", "/group/settings/history_visible")
            .body(json!({ "group_id": GROUP, "value": false }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn group_settings_require_admin_approval_put_as_group_admin() {
    let server = serve_data(json!(true)).await;
    let done = client(&server)
        .as_group_admin(GROUP)
        .group()
        .settings_require_admin_approval(GROUP, ApplyApproval::AdminApproves)
        .via_put()
        .await;
    assert!(done.unwrap());
    assert_received(
        &server,
        Expected::new("PUT", "/group/settings/require_admin_approval")
            .body(json!({ "apply_approval": 1, "group_id": GROUP }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn group_settings_require_admin_approval_post_rejects_all() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).group().settings_require_admin_approval(GROUP, ApplyApproval::RejectAll).await;
    assert!(done.unwrap());
    assert_received(
        &server,
        Expected::new("POST", "/group/settings/require_admin_approval")
            .body(json!({ "apply_approval": 2, "group_id": GROUP })),
    )
    .await;
}

#[tokio::test]
async fn group_settings_unban_all_as_group_admin() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_group_admin(GROUP).group().settings_unban_all(GROUP).await;
    assert!(done.unwrap());
    assert_received(
        &server,
        Expected::new("POST", "/group/settings/unban_all")
            .body(json!({ "group_id": GROUP }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

// ---- 4.51 PUT, POST /group/transfer ----------------------------------------------------------------------------

#[tokio::test]
async fn group_transfer_put_as_owner() {
    let server = serve_data(json!({ "user_id": BOB, "result": "success", "extra": [] })).await;
    let result = client(&server).as_user(ALICE).group().transfer(GROUP, BOB).via_put().await.unwrap();
    assert_eq!(result.user_id, BOB);
    assert_eq!(result.result, maxim_api::OperationResult::Success);
    assert_eq!(result.reason, None);
    assert_received(
        &server,
        Expected::new("PUT", "/group/transfer")
            .body(json!({ "group_id": GROUP, "new_owner": BOB }))
            .acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn group_transfer_post_as_group_admin() {
    let server = serve_data(json!({ "user_id": CAROL, "result": "fail", "reason": "not a member" })).await;
    let result = client(&server).as_group_admin(GROUP).group().transfer(GROUP, CAROL).await.unwrap();
    assert_eq!(result.result, maxim_api::OperationResult::Fail);
    assert_eq!(result.reason.as_deref(), Some("not a member"));
    assert_received(
        &server,
        Expected::new("POST", "/group/transfer")
            .body(json!({ "group_id": GROUP, "new_owner": CAROL }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

// ---- 4.52 POST /group/unban; 4.53 DELETE, POST /group/unblock; 4.54 GET /group/user_joined --------------------

#[tokio::test]
async fn group_unban_as_group_admin() {
    let server = serve_data(member_results()).await;
    let results = client(&server).as_group_admin(GROUP).group().unban(GROUP, [ALICE, BOB]).await.unwrap();
    assert_member_results(&results);
    assert_received(
        &server,
        Expected::new("POST", "/group/unban")
            .body(json!({ "group_id": GROUP, "user_list": [ALICE, BOB] }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn group_unblock_delete_as_group_admin() {
    let server = serve_data(member_results()).await;
    let results =
        client(&server).as_group_admin(GROUP).group().unblock(GROUP, [ALICE, BOB]).via_delete().await.unwrap();
    assert_member_results(&results);
    assert_received(
        &server,
        Expected::new("DELETE", "/group/unblock")
            .body(json!({ "group_id": GROUP, "user_list": [ALICE, BOB] }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn group_unblock_post() {
    let server = serve_data(json!([{ "user_id": CAROL, "result": "success" }])).await;
    let results = client(&server).group().unblock(GROUP, [CAROL]).await.unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].user_id, CAROL);
    assert_received(
        &server,
        Expected::new("POST", "/group/unblock").body(json!({ "group_id": GROUP, "user_list": [CAROL] })),
    )
    .await;
}

#[tokio::test]
async fn group_user_joined_decodes_64_bit_ids_as_user() {
    let server = serve_data(json!([GROUP, OTHER_GROUP, 2306414607731_i64])).await;
    let groups = client(&server).as_user(ALICE).group().user_joined().await.unwrap();
    assert_eq!(groups, vec![GROUP, OTHER_GROUP, 2306414607731]);
    assert_received(&server, Expected::new("GET", "/group/user_joined").acting(Acting::User(ALICE))).await;
}

#[tokio::test]
async fn group_user_joined_null_data_is_an_empty_list() {
    let server = serve_data(Value::Null).await;
    let groups = client(&server).as_user(BOB).group().user_joined().await.unwrap();
    assert!(groups.is_empty());
    assert_received(&server, Expected::new("GET", "/group/user_joined").acting(Acting::User(BOB))).await;
}
