//! Wire tests of section 4 of the API document (spec/zh-hans/group.md), 群接口 (`client.group()`), first half:
//! entries 4.1 to 4.28 (`/group/admin/add` to `/group/info/ext`), 38 method+path pairs.

use maxim_api::{ApplyApproval, GroupStatus, GroupType, MsgMuteMode, MsgPushMode};
use maxim_api_tests::ids::{ALICE, BOB, CAROL, GROUP, OTHER_GROUP};
use maxim_api_tests::{
    Acting, Expected, assert_member_results, assert_received, client, member_results, serve_data, serve_json,
};
use serde_json::{Value, json};

// ---- 4.1 POST /group/admin/add; 4.2 DELETE, POST /group/admin/remove; 4.3 GET /group/admin_list --------------------

#[tokio::test]
async fn group_add_admins_as_group_admin() {
    let server = serve_data(member_results()).await;
    let results = client(&server).as_group_admin(GROUP).group().add_admins(GROUP, [ALICE, BOB]).await.unwrap();
    assert_member_results(&results);
    assert_received(
        &server,
        Expected::new("POST", "/group/admin/add")
            .body(json!({ "group_id": GROUP, "user_list": [ALICE, BOB] }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn group_remove_admins_post() {
    let server = serve_data(member_results()).await;
    let results = client(&server).group().remove_admins(GROUP, [ALICE, BOB]).await.unwrap();
    assert_member_results(&results);
    assert_received(
        &server,
        Expected::new("POST", "/group/admin/remove").body(json!({ "group_id": GROUP, "user_list": [ALICE, BOB] })),
    )
    .await;
}

#[tokio::test]
async fn group_remove_admins_delete_as_group_admin() {
    let server = serve_data(json!([{ "user_id": CAROL, "result": "success" }])).await;
    let results =
        client(&server).as_group_admin(GROUP).group().remove_admins(GROUP, [CAROL]).via_delete().await.unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].user_id, CAROL);
    assert_eq!(results[0].result, maxim_api::OperationResult::Success);
    assert_received(
        &server,
        Expected::new("DELETE", "/group/admin/remove")
            .body(json!({ "group_id": GROUP, "user_list": [CAROL] }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn group_admin_list_decodes_members_with_mute_expiry() {
    let server = serve_data(json!([
        { "user_id": ALICE, "display_name": "群主", "join_time": 1569615417000_i64, "expired_time": 0 },
        { "user_id": BOB, "join_time": 1569615418000_i64, "expired_time": 1569619017000_i64, "role": 2 }
    ]))
    .await;
    let admins = client(&server).as_user(ALICE).group().admin_list(GROUP).await.unwrap();
    assert_eq!(admins.len(), 2);
    assert_eq!(admins[0].user_id, ALICE);
    assert_eq!(admins[0].display_name.as_deref(), Some("群主"));
    assert_eq!(admins[0].join_time, Some(1569615417000));
    assert_eq!(admins[0].expired_time, Some(0));
    assert_eq!(admins[1].user_id, BOB);
    assert_eq!(admins[1].expired_time, Some(1569619017000));
    assert_eq!(admins[1].display_name, None);
    assert_received(
        &server,
        Expected::new("GET", "/group/admin_list").query("group_id=2306414607729").acting(Acting::User(ALICE)),
    )
    .await;
}

// ---- 4.4 to 4.8: announcements --------------------------------------------------------------------------------

#[tokio::test]
async fn group_announcement_sends_both_ids_in_document_order() {
    let server = serve_data(json!({
        "id": 2306414607800_i64, "group_id": GROUP, "author": ALICE, "title": "群规",
        "content": "请文明发言", "created_at": 1569615417000_i64, "pinned": true
    }))
    .await;
    let notice = client(&server).as_user(BOB).group().announcement(GROUP, 2306414607800).await.unwrap();
    assert_eq!(notice.id, 2306414607800);
    assert_eq!(notice.group_id, Some(GROUP));
    assert_eq!(notice.author, Some(ALICE));
    assert_eq!(notice.title.as_deref(), Some("群规"));
    assert_eq!(notice.content.as_deref(), Some("请文明发言"));
    assert_eq!(notice.created_at, Some(1569615417000));
    assert_received(
        &server,
        Expected::new("GET", "/group/announcement")
            .query("announcement_id=2306414607800&group_id=2306414607729")
            .acting(Acting::User(BOB)),
    )
    .await;
}

#[tokio::test]
async fn group_delete_announcement_post_as_user() {
    let server = serve_data(json!({ "deleted": 1 })).await;
    let data = client(&server).as_user(ALICE).group().delete_announcement(GROUP, 2306414607800).await.unwrap();
    assert_eq!(data, json!({ "deleted": 1 }));
    assert_received(
        &server,
        Expected::new("POST", "/group/announcement/delete")
            .query("announcement_id=2306414607800&group_id=2306414607729")
            .acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn group_delete_announcement_delete() {
    let server = serve_data(Value::Null).await;
    let data = client(&server).group().delete_announcement(GROUP, 2306414607801).via_delete().await.unwrap();
    assert_eq!(data, Value::Null);
    assert_received(
        &server,
        Expected::new("DELETE", "/group/announcement/delete")
            .query("announcement_id=2306414607801&group_id=2306414607729"),
    )
    .await;
}

#[tokio::test]
async fn group_edit_announcement_as_group_admin() {
    let server = serve_data(json!({
        "id": 2306414607802_i64, "group_id": GROUP, "author": ALICE, "title": "周会",
        "content": "周五下午三点", "created_at": 1569615417000_i64
    }))
    .await;
    let notice =
        client(&server).as_group_admin(GROUP).group().edit_announcement(GROUP, "周会", "周五下午三点").await.unwrap();
    assert_eq!(notice.id, 2306414607802);
    assert_eq!(notice.title.as_deref(), Some("周会"));
    assert_eq!(notice.content.as_deref(), Some("周五下午三点"));
    assert_received(
        &server,
        Expected::new("POST", "/group/announcement/edit")
            .body(json!({ "content": "周五下午三点", "group_id": GROUP, "title": "周会" }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn group_last_announcement_with_missing_fields() {
    let server = serve_data(json!({ "id": 2306414607803_i64, "group_id": GROUP, "title": "最新" })).await;
    let notice = client(&server).group().last_announcement(GROUP).await.unwrap();
    assert_eq!(notice.id, 2306414607803);
    assert_eq!(notice.title.as_deref(), Some("最新"));
    assert_eq!(notice.author, None);
    assert_eq!(notice.content, None);
    assert_eq!(notice.created_at, None);
    assert_received(&server, Expected::new("GET", "/group/announcement/last").query("group_id=2306414607729")).await;
}

#[tokio::test]
async fn group_announcements_decode_a_list() {
    let server = serve_data(json!([
        { "id": 2306414607800_i64, "group_id": GROUP, "author": ALICE, "created_at": 1569615417000_i64 },
        { "id": 2306414607801_i64, "group_id": GROUP, "author": BOB, "created_at": 1569615418000_i64 }
    ]))
    .await;
    let list = client(&server).as_user(CAROL).group().announcements(GROUP).await.unwrap();
    assert_eq!(list.iter().map(|a| a.id).collect::<Vec<_>>(), [2306414607800, 2306414607801]);
    assert_eq!(list[1].author, Some(BOB));
    assert_eq!(list[1].created_at, Some(1569615418000));
    assert_received(
        &server,
        Expected::new("GET", "/group/announcement/list").query("group_id=2306414607729").acting(Acting::User(CAROL)),
    )
    .await;
}

// ---- 4.9 POST /group/application_list; 4.10 POST /group/apply; 4.11 PUT, POST /group/apply/handle ---------------

#[tokio::test]
async fn group_application_list_sends_query_and_body_and_decodes_the_page() {
    let server = serve_json(
        200,
        json!({
            "code": 200, "message": null,
            "data": [
                {
                    "group_id": GROUP, "applicant_id": ALICE, "reason": "我是新同事", "status": 0,
                    "expired_time": 1570220217000_i64, "channel": "qr"
                },
                { "group_id": OTHER_GROUP, "applicant_id": BOB, "status": 7 }
            ],
            "cursor": "2", "total": 11, "version": 1569586735861_i64, "extra": true
        }),
    )
    .await;
    let page = client(&server)
        .as_group_admin(GROUP)
        .group()
        .application_list([GROUP, OTHER_GROUP])
        .cursor("1")
        .limit(10)
        .version(1569586735861)
        .await
        .unwrap();
    assert_eq!(page.cursor.as_deref(), Some("2"));
    assert_eq!(page.total, Some(11));
    assert_eq!(page.version, Some(1569586735861));
    let applications = page.data.expect("data is present");
    assert_eq!(applications.len(), 2);
    assert_eq!(applications[0].group_id, GROUP);
    assert_eq!(applications[0].applicant_id, ALICE);
    assert_eq!(applications[0].reason.as_deref(), Some("我是新同事"));
    assert_eq!(applications[0].status, Some(maxim_api::ApplicationStatus::Pending));
    assert_eq!(applications[0].expired_time, Some(1570220217000));
    assert_eq!(applications[1].applicant_id, BOB);
    assert_eq!(
        applications[1].status.map(maxim_api::ApplicationStatus::value),
        Some(7),
        "a status the document does not list is kept"
    );
    assert_eq!(applications[1].reason, None);
    assert_received(
        &server,
        Expected::new("POST", "/group/application_list")
            .query("cursor=1&limit=10&version=1569586735861")
            .body(json!({ "group_list": [GROUP, OTHER_GROUP] }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn group_application_list_first_page_sends_no_query() {
    let server = serve_json(200, json!({ "code": 200, "message": null, "data": [] })).await;
    let page = client(&server).group().application_list([GROUP]).await.unwrap();
    assert_eq!(page.data, Some(vec![]));
    assert_eq!(page.cursor, None);
    assert_eq!(page.total, None);
    assert_received(&server, Expected::new("POST", "/group/application_list").body(json!({ "group_list": [GROUP] })))
        .await;
}

#[tokio::test]
async fn group_apply_with_reason_as_user() {
    let server = serve_data(json!({ "user_id": ALICE, "result": "success" })).await;
    let result = client(&server).as_user(ALICE).group().apply(GROUP).reason("我是新同事").await.unwrap();
    assert_eq!(result.user_id, ALICE);
    assert_eq!(result.result, maxim_api::OperationResult::Success);
    assert_eq!(result.reason, None);
    assert_received(
        &server,
        Expected::new("POST", "/group/apply")
            .body(json!({ "group_id": GROUP, "reason": "我是新同事" }))
            .acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn group_apply_without_reason_omits_it() {
    let server = serve_data(json!({ "user_id": BOB, "result": "fail", "reason": "already a member" })).await;
    let result = client(&server).as_user(BOB).group().apply(GROUP).await.unwrap();
    assert_eq!(result.result, maxim_api::OperationResult::Fail);
    assert_eq!(result.reason.as_deref(), Some("already a member"));
    assert_received(
        &server,
        Expected::new("POST", "/group/apply").body(json!({ "group_id": GROUP })).acting(Acting::User(BOB)),
    )
    .await;
}

#[tokio::test]
async fn group_handle_application_post_as_group_admin() {
    let server = serve_data(json!({ "user_id": ALICE, "result": "success" })).await;
    let result = client(&server).as_group_admin(GROUP).group().handle_application(GROUP, ALICE, true).await.unwrap();
    assert_eq!(result.user_id, ALICE);
    assert_eq!(result.result, maxim_api::OperationResult::Success);
    assert_received(
        &server,
        Expected::new("POST", "/group/apply/handle")
            .body(json!({ "approval": true, "group_id": GROUP, "user_id": ALICE }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn group_handle_application_put_rejects() {
    let server = serve_data(json!({ "user_id": BOB, "result": "success" })).await;
    let result = client(&server).group().handle_application(GROUP, BOB, false).via_put().await.unwrap();
    assert_eq!(result.user_id, BOB);
    assert_received(
        &server,
        Expected::new("PUT", "/group/apply/handle")
            .body(json!({ "approval": false, "group_id": GROUP, "user_id": BOB })),
    )
    .await;
}

// ---- 4.12 POST /group/ban; 4.13 GET /group/banned_list; 4.14 POST /group/block; 4.15 GET /group/blocked_list ----

#[tokio::test]
async fn group_ban_sends_duration_in_minutes() {
    let server = serve_data(member_results()).await;
    let results = client(&server).as_group_admin(GROUP).group().ban(GROUP, [ALICE, BOB], 1440).await.unwrap();
    assert_member_results(&results);
    assert_received(
        &server,
        Expected::new("POST", "/group/ban")
            .body(json!({ "duration": 1440, "group_id": GROUP, "user_list": [ALICE, BOB] }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn group_banned_list_encodes_a_base64_cursor_and_decodes_members() {
    let server = serve_json(
        200,
        json!({
            "code": 200, "message": null,
            "data": [
                { "user_id": ALICE, "display_name": "小艾", "expired_time": 1569619017000_i64, "join_time": 1569615417000_i64 },
                { "user_id": BOB, "expired_time": -1, "muted_by": CAROL }
            ],
            "cursor": "MTU2OTYxNTQxODAwMA==", "total": 30
        }),
    )
    .await;
    let page = client(&server)
        .as_user(ALICE)
        .group()
        .banned_list(GROUP)
        .cursor("MTU2OTYxNTQxNzAwMA==")
        .limit(20)
        .version(1569586735861)
        .await
        .unwrap();
    assert_eq!(page.cursor.as_deref(), Some("MTU2OTYxNTQxODAwMA=="));
    assert_eq!(page.total, Some(30));
    assert_eq!(page.version, None);
    let members = page.data.expect("data is present");
    assert_eq!(members[0].user_id, ALICE);
    assert_eq!(members[0].display_name.as_deref(), Some("小艾"));
    assert_eq!(members[0].expired_time, Some(1569619017000));
    assert_eq!(members[0].join_time, Some(1569615417000));
    assert_eq!(members[1].user_id, BOB);
    assert_eq!(members[1].expired_time, Some(-1));
    assert_eq!(members[1].join_time, None);
    assert_received(
        &server,
        Expected::new("GET", "/group/banned_list")
            .query("cursor=MTU2OTYxNTQxNzAwMA%3D%3D&group_id=2306414607729&limit=20&version=1569586735861")
            .acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn group_block_as_group_admin() {
    let server = serve_data(member_results()).await;
    let results = client(&server).as_group_admin(GROUP).group().block(GROUP, [ALICE, BOB]).await.unwrap();
    assert_member_results(&results);
    assert_received(
        &server,
        Expected::new("POST", "/group/block")
            .body(json!({ "group_id": GROUP, "user_list": [ALICE, BOB] }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn group_blocked_list_last_page_decodes_string_times() {
    let server = serve_json(
        200,
        json!({
            "code": 200, "message": null, "total": 2,
            "data": [
                { "group_id": GROUP, "user_id": ALICE, "created_at": "2019-09-28 04:16:57" },
                { "group_id": GROUP, "user_id": BOB, "operator": CAROL }
            ]
        }),
    )
    .await;
    let page = client(&server).group().blocked_list(GROUP).await.unwrap();
    assert_eq!(page.cursor, None);
    assert_eq!(page.total, Some(2));
    let blocked = page.data.expect("data is present");
    assert_eq!(blocked.len(), 2);
    assert_eq!(blocked[0].group_id, Some(GROUP));
    assert_eq!(blocked[0].user_id, ALICE);
    assert_eq!(blocked[0].created_at.as_deref(), Some("2019-09-28 04:16:57"));
    assert_eq!(blocked[1].user_id, BOB);
    assert_eq!(blocked[1].created_at, None);
    assert_received(&server, Expected::new("GET", "/group/blocked_list").query("group_id=2306414607729")).await;
}

// ---- 4.16 POST /group/create; 4.17 DELETE, POST /group/destroy ------------------------------------------------

#[tokio::test]
async fn group_create_sends_all_fields_and_decodes_the_new_group() {
    let server = serve_data(json!({
        "group_id": GROUP, "name": "研发部", "owner_id": ALICE, "type": 0, "status": 0,
        "description": "研发部门群", "avatar": "https://example.com/g.png",
        "created_at": 1569615417000_i64, "updated_at": 1569615417000_i64,
        "apply_approval": 1, "member_invite": true, "hide_member_info": false, "capacity": 500, "count": 3,
        "theme": "dark"
    }))
    .await;
    let info = client(&server)
        .as_user(ALICE)
        .group()
        .create()
        .name("研发部")
        .avatar("https://example.com/g.png")
        .description("研发部门群")
        .r#type(GroupType::Private)
        .user_list([BOB, CAROL])
        .await
        .unwrap();
    assert_eq!(info.group_id, GROUP);
    assert_eq!(info.owner_id, ALICE);
    assert_eq!(info.name.as_deref(), Some("研发部"));
    assert_eq!(info.r#type, Some(GroupType::Private));
    assert_eq!(info.status, Some(GroupStatus::Normal));
    assert_eq!(info.apply_approval, Some(ApplyApproval::AdminApproves));
    assert_eq!(info.created_at, Some(1569615417000));
    assert_eq!(info.member_invite, Some(true));
    assert_eq!(info.hide_member_info, Some(false));
    assert_eq!(info.capacity, Some(500));
    assert_eq!(info.count, Some(3));
    assert_eq!(info.read_ack, None);
    assert_received(
        &server,
        Expected::new("POST", "/group/create")
            .body(json!({
                "avatar": "https://example.com/g.png",
                "description": "研发部门群",
                "name": "研发部",
                "type": 0,
                "user_list": [BOB, CAROL]
            }))
            .acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn group_create_chatroom_keeps_an_unknown_type_in_the_answer() {
    let server = serve_data(json!({ "group_id": OTHER_GROUP, "owner_id": ALICE, "name": "直播间", "type": 9 })).await;
    let info = client(&server).group().create().name("直播间").r#type(GroupType::Chatroom).await.unwrap();
    assert_eq!(info.group_id, OTHER_GROUP);
    assert_eq!(info.r#type, Some(GroupType::from(9)));
    assert_eq!(info.owner_id, ALICE);
    assert_received(&server, Expected::new("POST", "/group/create").body(json!({ "name": "直播间", "type": 2 }))).await;
}

#[tokio::test]
async fn group_create_without_a_name_as_the_document_allows() {
    // Entry 4.16 marks every body field optional (name 必填 false): no name is sent at all.
    let server = serve_data(json!({ "group_id": GROUP, "owner_id": ALICE })).await;
    let info = client(&server).as_user(ALICE).group().create().user_list([BOB, CAROL]).await.unwrap();
    assert_eq!(info.group_id, GROUP);
    assert_eq!(info.name, None);
    assert_received(
        &server,
        Expected::new("POST", "/group/create").body(json!({ "user_list": [BOB, CAROL] })).acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn group_destroy_delete_as_owner() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(ALICE).group().destroy(GROUP).via_delete().await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("DELETE", "/group/destroy").query("group_id=2306414607729").acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn group_destroy_post() {
    let server = serve_data(json!(false)).await;
    let done = client(&server).group().destroy(OTHER_GROUP).await.unwrap();
    assert!(!done);
    assert_received(&server, Expected::new("POST", "/group/destroy").query("group_id=2306414607730")).await;
}

// ---- 4.18 PUT, POST /group/display_name ---------------------------------------------------------------------

#[tokio::test]
async fn group_set_display_name_put_as_user() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_user(BOB).group().set_display_name(GROUP, "小鲍").via_put().await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("PUT", "/group/display_name")
            .body(json!({ "group_id": GROUP, "value": "小鲍" }))
            .acting(Acting::User(BOB)),
    )
    .await;
}

#[tokio::test]
async fn group_set_display_name_post() {
    let server = serve_data(json!(false)).await;
    let done = client(&server).as_user(BOB).group().set_display_name(GROUP, "Bob").await.unwrap();
    assert!(!done);
    assert_received(
        &server,
        Expected::new("POST", "/group/display_name")
            .body(json!({ "group_id": GROUP, "value": "Bob" }))
            .acting(Acting::User(BOB)),
    )
    .await;
}

// ---- 4.19 to 4.23: group files --------------------------------------------------------------------------------

fn group_file(file_id: i64) -> Value {
    json!({
        "file_id": file_id, "group_id": GROUP, "name": "设计稿.pdf", "size": 3145728, "type": "pdf",
        "uploader": ALICE, "url": "https://example.com/f/设计稿.pdf",
        "created_at": 1569615417000_i64, "updated_at": 1569615418000_i64, "md5": "d41d8cd9"
    })
}

#[tokio::test]
async fn group_file_sends_ids_in_document_order() {
    let server = serve_data(group_file(2306414607900)).await;
    let file = client(&server).as_user(BOB).group().file(GROUP, 2306414607900).await.unwrap();
    assert_eq!(file.file_id, 2306414607900);
    assert_eq!(file.group_id, Some(GROUP));
    assert_eq!(file.name.as_deref(), Some("设计稿.pdf"));
    assert_eq!(file.uploader, Some(ALICE));
    assert_eq!(file.size, Some(3145728));
    assert_eq!(file.r#type.as_deref(), Some("pdf"));
    assert_eq!(file.created_at, Some(1569615417000));
    assert_eq!(file.updated_at, Some(1569615418000));
    assert_eq!(file.url.as_deref(), Some("https://example.com/f/设计稿.pdf"));
    assert_received(
        &server,
        Expected::new("GET", "/group/file")
            .query("file_id=2306414607900&group_id=2306414607729")
            .acting(Acting::User(BOB)),
    )
    .await;
}

#[tokio::test]
async fn group_delete_files_delete_as_group_admin() {
    let server = serve_data(json!([
        { "file_id": 2306414607900_i64, "result": "success" },
        { "file_id": 2306414607901_i64, "result": "fail", "reason": "no permission" }
    ]))
    .await;
    let results = client(&server)
        .as_group_admin(GROUP)
        .group()
        .delete_files(GROUP, [2306414607900, 2306414607901])
        .via_delete()
        .await
        .unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].file_id, 2306414607900);
    assert_eq!(results[0].result, maxim_api::OperationResult::Success);
    assert_eq!(results[0].reason, None);
    assert_eq!(results[1].result, maxim_api::OperationResult::Fail);
    assert_eq!(results[1].reason.as_deref(), Some("no permission"));
    assert_received(
        &server,
        Expected::new("DELETE", "/group/file/delete")
            .body(json!({ "file_list": [2306414607900_i64, 2306414607901_i64], "group_id": GROUP }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn group_delete_files_post() {
    let server = serve_data(json!([{ "file_id": 2306414607902_i64, "result": "success" }])).await;
    let results = client(&server).group().delete_files(GROUP, [2306414607902]).await.unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].file_id, 2306414607902);
    assert_received(
        &server,
        Expected::new("POST", "/group/file/delete")
            .body(json!({ "file_list": [2306414607902_i64], "group_id": GROUP })),
    )
    .await;
}

#[tokio::test]
async fn group_files_decode_a_list() {
    let server =
        serve_data(json!([group_file(2306414607900), { "file_id": 2306414607901_i64, "name": "a.txt" }])).await;
    let files = client(&server).as_user(CAROL).group().files(GROUP).await.unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0].name.as_deref(), Some("设计稿.pdf"));
    assert_eq!(files[0].size, Some(3145728));
    assert_eq!(files[1].file_id, 2306414607901);
    assert_eq!(files[1].size, None);
    assert_eq!(files[1].uploader, None);
    assert_received(
        &server,
        Expected::new("GET", "/group/file/list").query("group_id=2306414607729").acting(Acting::User(CAROL)),
    )
    .await;
}

#[tokio::test]
async fn group_rename_file_put_as_group_admin() {
    let server = serve_data(json!(true)).await;
    let done = client(&server)
        .as_group_admin(GROUP)
        .group()
        .rename_file(GROUP, 2306414607900, "终稿.pdf")
        .via_put()
        .await
        .unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("PUT", "/group/file/update_name")
            .body(json!({ "file_id": 2306414607900_i64, "group_id": GROUP, "name": "终稿.pdf" }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn group_rename_file_post() {
    let server = serve_data(json!(false)).await;
    let done = client(&server).group().rename_file(GROUP, 2306414607901, "b.txt").await.unwrap();
    assert!(!done);
    assert_received(
        &server,
        Expected::new("POST", "/group/file/update_name")
            .body(json!({ "file_id": 2306414607901_i64, "group_id": GROUP, "name": "b.txt" })),
    )
    .await;
}

#[tokio::test]
async fn group_upload_file_sends_all_fields_as_user() {
    let server = serve_data(group_file(2306414607903)).await;
    let file = client(&server)
        .as_user(ALICE)
        .group()
        .upload_file(GROUP, "设计稿.pdf", "https://example.com/f/设计稿.pdf", 3145728)
        .r#type("pdf")
        .await
        .unwrap();
    assert_eq!(file.file_id, 2306414607903);
    assert_eq!(file.uploader, Some(ALICE));
    assert_received(
        &server,
        Expected::new("POST", "/group/file/upload")
            .body(json!({
                "group_id": GROUP,
                "name": "设计稿.pdf",
                "size": 3145728,
                "type": "pdf",
                "url": "https://example.com/f/设计稿.pdf"
            }))
            .acting(Acting::User(ALICE)),
    )
    .await;
}

#[tokio::test]
async fn group_upload_file_omits_the_optional_type() {
    // The document marks `size` required (必填 true), an argument, and `type` optional.
    let server = serve_data(json!({ "file_id": 2306414607904_i64 })).await;
    let file = client(&server).group().upload_file(GROUP, "a.txt", "https://example.com/a.txt", 12).await.unwrap();
    assert_eq!(file.file_id, 2306414607904);
    assert_eq!(file.name, None);
    assert_received(
        &server,
        Expected::new("POST", "/group/file/upload")
            .body(json!({ "group_id": GROUP, "name": "a.txt", "size": 12, "url": "https://example.com/a.txt" })),
    )
    .await;
}

// ---- 4.24 GET /group/info; 4.26 POST /group/info/batch -------------------------------------------------------

#[tokio::test]
async fn group_info_decodes_64_bit_ids_and_unknown_enum_values() {
    let server = serve_data(json!({
        "group_id": GROUP, "name": "研发部", "owner_id": ALICE, "avatar": "https://example.com/g.png",
        "description": "研发部门群", "ext": "{\"dept\":\"rd\"}", "type": 2, "status": 7,
        "apply_approval": 2, "msg_mute_mode": 2, "msg_push_mode": 9, "ban_expire_time": -1,
        "capacity": 2000, "count": 42, "hide_member_info": true,
        "history_visible": false, "member_invite": true, "member_modify": false, "read_ack": true,
        "created_at": 1569615417000_i64, "updated_at": 1569615418000_i64, "member_count": 42
    }))
    .await;
    let info = client(&server).as_user(BOB).group().info(GROUP).await.unwrap();
    assert_eq!(info.group_id, GROUP);
    assert_eq!(info.owner_id, ALICE);
    assert_eq!(info.r#type, Some(GroupType::Chatroom));
    assert_eq!(info.status, Some(GroupStatus::from(7)));
    assert_eq!(info.apply_approval, Some(ApplyApproval::RejectAll));
    assert_eq!(info.msg_mute_mode, Some(MsgMuteMode::Blocked));
    assert_eq!(info.msg_push_mode, Some(MsgPushMode::from(9)));
    assert_eq!(info.ban_expire_time, Some(-1));
    assert_eq!(info.capacity, Some(2000));
    assert_eq!(info.count, Some(42));
    assert_eq!(info.ext.as_deref(), Some(r#"{"dept":"rd"}"#));
    assert_eq!(info.hide_member_info, Some(true));
    assert_eq!(info.history_visible, Some(false));
    assert_eq!(info.member_modify, Some(false));
    assert_eq!(info.read_ack, Some(true));
    assert_eq!(info.created_at, Some(1569615417000));
    assert_eq!(info.updated_at, Some(1569615418000));
    assert_received(
        &server,
        Expected::new("GET", "/group/info").query("group_id=2306414607729").acting(Acting::User(BOB)),
    )
    .await;
}

#[tokio::test]
async fn group_info_batch_decodes_summaries() {
    let server = serve_data(json!([
        {
            "group_id": GROUP, "name": "研发部", "owner": ALICE, "avatar": "https://example.com/g.png",
            "capacity": 500, "count": 42, "type": 0, "status": 1, "apply_approval": 0,
            "msg_mute_mode": 1, "msg_push_mode": 4, "new_field": "x"
        },
        { "group_id": OTHER_GROUP, "owner": BOB, "type": 5, "status": 0 }
    ]))
    .await;
    let groups = client(&server).as_user(ALICE).group().info_batch([GROUP, OTHER_GROUP]).await.unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].group_id, GROUP);
    assert_eq!(groups[0].owner, ALICE);
    assert_eq!(groups[0].capacity, Some(500));
    assert_eq!(groups[0].count, Some(42));
    assert_eq!(groups[0].r#type, Some(GroupType::Private));
    assert_eq!(groups[0].status, Some(GroupStatus::Dissolved));
    assert_eq!(groups[0].apply_approval, Some(ApplyApproval::AcceptAll));
    assert_eq!(groups[0].msg_mute_mode, Some(MsgMuteMode::NoNotification));
    assert_eq!(groups[0].msg_push_mode, Some(MsgPushMode::MentionsOnly));
    assert_eq!(groups[1].group_id, OTHER_GROUP);
    assert_eq!(groups[1].r#type, Some(GroupType::from(5)));
    assert_eq!(groups[1].name, None);
    assert_received(
        &server,
        Expected::new("POST", "/group/info/batch")
            .body(json!({ "group_list": [GROUP, OTHER_GROUP] }))
            .acting(Acting::User(ALICE)),
    )
    .await;
}

// ---- 4.25 avatar, 4.27 description, 4.28 ext (PUT and POST each) ------------------------------------------------

#[tokio::test]
async fn group_set_avatar_put_as_group_admin() {
    let server = serve_data(json!(true)).await;
    let done = client(&server)
        .as_group_admin(GROUP)
        .group()
        .set_avatar(GROUP, "https://example.com/new.png")
        .via_put()
        .await
        .unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("PUT", "/group/info/avatar")
            .body(json!({ "group_id": GROUP, "value": "https://example.com/new.png" }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn group_set_avatar_post_null_data_is_a_decode_error() {
    // The document promises a boolean `data`: `null` is not an answer to "was it done?".
    let server = serve_data(Value::Null).await;
    let err = client(&server).group().set_avatar(GROUP, "https://example.com/b.png").await.unwrap_err();
    assert!(matches!(&err, maxim_api::Error::Decode { path, .. } if path == "data"), "{err:?}");
    assert_received(
        &server,
        Expected::new("POST", "/group/info/avatar")
            .body(json!({ "group_id": GROUP, "value": "https://example.com/b.png" })),
    )
    .await;
}

#[tokio::test]
async fn group_set_description_put() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).group().set_description(GROUP, "研发部门交流群").via_put().await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("PUT", "/group/info/description").body(json!({ "group_id": GROUP, "value": "研发部门交流群" })),
    )
    .await;
}

#[tokio::test]
async fn group_set_description_post_empty_value_as_group_admin() {
    let server = serve_data(json!(true)).await;
    let done = client(&server).as_group_admin(GROUP).group().set_description(GROUP, "").await.unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("POST", "/group/info/description")
            .body(json!({ "group_id": GROUP, "value": "" }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn group_set_ext_put_sends_json_text_as_a_string() {
    let server = serve_data(json!(true)).await;
    let done = client(&server)
        .as_group_admin(GROUP)
        .group()
        .set_ext(GROUP, r#"{"dept":"rd","level":3}"#)
        .via_put()
        .await
        .unwrap();
    assert!(done);
    assert_received(
        &server,
        Expected::new("PUT", "/group/info/ext")
            .body(json!({ "group_id": GROUP, "value": "{\"dept\":\"rd\",\"level\":3}" }))
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn group_set_ext_post() {
    let server = serve_data(json!(false)).await;
    let done = client(&server).group().set_ext(OTHER_GROUP, "plain text").await.unwrap();
    assert!(!done);
    assert_received(
        &server,
        Expected::new("POST", "/group/info/ext").body(json!({ "group_id": OTHER_GROUP, "value": "plain text" })),
    )
    .await;
}
