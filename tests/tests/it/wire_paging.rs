//! Wire tests of paging through the public SDK (`.pages()` and `.items()`): cursor walks of entries 4.35
//! (`GET /group/member_list`), 3.11 (`GET /roster/list`) and 3.4 (`GET /roster/apply/list`), and the conversation
//! history walk of entry 5.3 (`GET /message/conversation`, `msg_id_start` → `next_msg_id` until `is_last`), the
//! page-number walk of entry 1.16 (`GET /user/list`, `page_num` 1, 2, … until a short or empty page), with the stops
//! on a repeated cursor and on an error.

use std::time::Duration;

use futures::{StreamExt, TryStreamExt};
use maxim_api::{Error, ErrorCode, GroupMember, GroupMemberPage, HistoryMessage, UserListItem};
use maxim_api_tests::ids::{ALICE as ME, BOB as FRIEND, GROUP};
use maxim_api_tests::{Acting, Expected, assert_request, client, serve_json};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A paged walk must finish well within this.
const BOUND: Duration = Duration::from_secs(10);

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("request recording is on")
}

fn member(user_id: i64, join_time: i64) -> Value {
    json!({ "user_id": user_id, "display_name": format!("m{}", user_id % 100), "join_time": join_time })
}

/// Three pages of `GET /group/member_list`: no cursor → "c2" → "c3" → no cursor; five members in all.
async fn three_member_pages() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/group/member_list"))
        .and(query_param_is_missing("cursor"))
        .respond_with(ok(json!({
            "code": 200, "message": null, "cursor": "c2", "total": 5, "version": 1569586735861_i64,
            "data": [member(2302128618801, 1569615417001), member(2302128618802, 1569615417002)]
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/group/member_list"))
        .and(query_param("cursor", "c2"))
        .respond_with(ok(json!({
            "code": 200, "message": null, "cursor": "c3", "total": 5,
            "data": [member(2302128618803, 1569615417003), member(2302128618804, 1569615417004)]
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/group/member_list"))
        .and(query_param("cursor", "c3"))
        .respond_with(ok(json!({
            "code": 200, "message": null, "total": 5, "unknown": true,
            "data": [member(2302128618805, 1569615417005)]
        })))
        .mount(&server)
        .await;
    server
}

/// The three requests of a `limit(2)` walk over [`three_member_pages`], in the document's parameter order
/// (cursor, group_id, limit, version).
fn assert_three_member_requests(received: &[Request], acting: Acting) {
    assert_eq!(received.len(), 3, "exactly one request per page");
    let expected = [
        Expected::new("GET", "/group/member_list").query("group_id=2306414607729&limit=2").acting(acting),
        Expected::new("GET", "/group/member_list").query("cursor=c2&group_id=2306414607729&limit=2").acting(acting),
        Expected::new("GET", "/group/member_list").query("cursor=c3&group_id=2306414607729&limit=2").acting(acting),
    ];
    for (request, expected) in received.iter().zip(&expected) {
        assert_request(request, expected);
    }
}

// ---- 4.35 GET /group/member_list: cursor paging ------------------------------------------------------------

#[tokio::test]
async fn group_member_list_items_walks_three_cursor_pages_in_order() {
    let server = three_member_pages().await;
    let client = client(&server).as_user(ME);
    let walk = client.group().member_list(GROUP).limit(2).items().try_collect::<Vec<GroupMember>>();
    let members = tokio::time::timeout(BOUND, walk).await.expect("the walk ends").unwrap();
    let ids: Vec<i64> = members.iter().map(|m| m.user_id).collect();
    assert_eq!(
        ids,
        [2302128618801, 2302128618802, 2302128618803, 2302128618804, 2302128618805].to_vec(),
        "every member once, in order"
    );
    let mut last = GroupMember::new(2302128618805);
    last.display_name = Some("m5".into());
    last.join_time = Some(1569615417005);
    assert_eq!(members[4], last);
    assert_eq!(members[4].expired_time, None);
    assert_three_member_requests(&requests(&server).await, Acting::User(ME));
}

#[tokio::test]
async fn group_member_list_pages_yields_three_pages_with_their_cursors() {
    let server = three_member_pages().await;
    let client = client(&server);
    let walk = client.group().member_list(GROUP).limit(2).pages().try_collect::<Vec<GroupMemberPage>>();
    let pages = tokio::time::timeout(BOUND, walk).await.expect("the walk ends").unwrap();
    assert_eq!(pages.len(), 3);
    let cursors: Vec<Option<&str>> = pages.iter().map(|p| p.cursor.as_deref()).collect();
    assert_eq!(cursors, vec![Some("c2"), Some("c3"), None]);
    let sizes: Vec<usize> = pages.iter().map(|p| p.data.as_ref().map_or(0, Vec::len)).collect();
    assert_eq!(sizes, vec![2, 2, 1]);
    assert!(pages.iter().all(|p| p.total == Some(5)));
    assert_eq!(pages[0].version, Some(1569586735861));
    assert_eq!(pages[1].version, None);
    assert_three_member_requests(&requests(&server).await, Acting::Admin);
}

#[tokio::test]
async fn group_member_list_walk_can_start_from_a_given_cursor() {
    let server = three_member_pages().await;
    let client = client(&server);
    let walk = client.group().member_list(GROUP).cursor("c2").limit(2).items().try_collect::<Vec<GroupMember>>();
    let members = tokio::time::timeout(BOUND, walk).await.expect("the walk ends").unwrap();
    let ids: Vec<i64> = members.iter().map(|m| m.user_id).collect();
    assert_eq!(ids, [2302128618803, 2302128618804, 2302128618805].to_vec());
    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    assert_request(
        &received[0],
        &Expected::new("GET", "/group/member_list").query("cursor=c2&group_id=2306414607729&limit=2"),
    );
    assert_request(
        &received[1],
        &Expected::new("GET", "/group/member_list").query("cursor=c3&group_id=2306414607729&limit=2"),
    );
}

#[tokio::test]
async fn group_member_list_stops_when_the_server_repeats_the_cursor() {
    // A broken server that answers every page with cursor "c2": the walk must not loop forever.
    let server = serve_json(
        200,
        json!({ "code": 200, "message": null, "cursor": "c2", "data": [member(2302128618801, 1569615417001)] }),
    )
    .await;
    let client = client(&server);
    let walk = client.group().member_list(GROUP).limit(2).pages().try_collect::<Vec<GroupMemberPage>>();
    let pages = tokio::time::timeout(BOUND, walk).await.expect("the walk ends on a repeated cursor").unwrap();
    // The page asked with c2 repeats the first page's members (and its cursor): it ends the walk, not yielded.
    assert_eq!(pages.len(), 1, "the first page only");
    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    assert_request(&received[0], &Expected::new("GET", "/group/member_list").query("group_id=2306414607729&limit=2"));
    assert_request(
        &received[1],
        &Expected::new("GET", "/group/member_list").query("cursor=c2&group_id=2306414607729&limit=2"),
    );
}

#[tokio::test]
async fn group_member_list_empty_cursor_means_last_page() {
    let server = serve_json(
        200,
        json!({ "code": 200, "message": null, "cursor": "", "data": [member(2302128618801, 1569615417001)] }),
    )
    .await;
    let client = client(&server);
    let walk = client.group().member_list(GROUP).items().try_collect::<Vec<GroupMember>>();
    let members = tokio::time::timeout(BOUND, walk).await.expect("the walk ends").unwrap();
    assert_eq!(members.len(), 1);
    let received = requests(&server).await;
    assert_eq!(received.len(), 1);
    assert_request(&received[0], &Expected::new("GET", "/group/member_list").query("group_id=2306414607729"));
}

#[tokio::test]
async fn group_member_list_error_on_page_two_ends_the_stream_after_yielding_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/group/member_list"))
        .and(query_param_is_missing("cursor"))
        .respond_with(ok(json!({
            "code": 200, "message": null, "cursor": "c2",
            "data": [member(2302128618801, 1569615417001), member(2302128618802, 1569615417002)]
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/group/member_list"))
        .and(query_param("cursor", "c2"))
        .respond_with(ok(json!({ "code": 20002, "message": "not group member", "data": null, "cursor": "c3" })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/group/member_list"))
        .and(query_param("cursor", "c3"))
        .respond_with(ok(json!({ "code": 200, "message": null, "data": [member(2302128618803, 1569615417003)] })))
        .mount(&server)
        .await;
    let client = client(&server).as_user(ME);
    let walk = client.group().member_list(GROUP).limit(2).items().collect::<Vec<Result<GroupMember, Error>>>();
    let got = tokio::time::timeout(BOUND, walk).await.expect("the walk ends");
    assert_eq!(got.len(), 3, "two members of page 1, then the error, then nothing: {got:?}");
    assert_eq!(got[0].as_ref().unwrap().user_id, 2302128618801);
    assert_eq!(got[1].as_ref().unwrap().user_id, 2302128618802);
    match &got[2] {
        Err(Error::Api { code, message, url_path, .. }) => {
            assert_eq!(*code, ErrorCode::NotGroupMember);
            assert_eq!(message.as_deref(), Some("not group member"));
            assert_eq!(*url_path, "/group/member_list");
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    let received = requests(&server).await;
    assert_eq!(received.len(), 2, "page 3 is never asked for");
    assert_request(
        &received[1],
        &Expected::new("GET", "/group/member_list")
            .query("cursor=c2&group_id=2306414607729&limit=2")
            .acting(Acting::User(ME)),
    );

    // The same walk with `try_collect` fails with that error.
    let walk = client.group().member_list(GROUP).limit(2).items().try_collect::<Vec<GroupMember>>();
    let err = tokio::time::timeout(BOUND, walk).await.expect("the walk ends").unwrap_err();
    assert_eq!(err.api_code(), Some(ErrorCode::NotGroupMember));
    assert_eq!(requests(&server).await.len(), 4, "two more requests, still no page 3");
}

#[tokio::test]
async fn group_member_list_http_error_on_page_two_through_pages() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/group/member_list"))
        .and(query_param_is_missing("cursor"))
        .respond_with(ok(json!({ "code": 200, "message": null, "cursor": "c2", "data": [] })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/group/member_list"))
        .and(query_param("cursor", "c2"))
        .respond_with(ResponseTemplate::new(500).set_body_raw("<html>oops</html>", "text/html"))
        .mount(&server)
        .await;
    let client = client(&server);
    let pages = tokio::time::timeout(BOUND, client.group().member_list(GROUP).pages().collect::<Vec<_>>())
        .await
        .expect("the walk ends");
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0].as_ref().unwrap().data, Some(vec![]));
    match &pages[1] {
        Err(Error::Http { status, body, .. }) => {
            assert_eq!(*status, 500);
            assert_eq!(body, "<html>oops</html>");
        }
        other => panic!("expected Error::Http, got {other:?}"),
    }
    let walk = client.group().member_list(GROUP).items().try_collect::<Vec<GroupMember>>();
    let err = tokio::time::timeout(BOUND, walk).await.expect("the walk ends").unwrap_err();
    assert_eq!(err.http_status(), Some(500));
    let received = requests(&server).await;
    assert_eq!(received.len(), 4, "two walks of two requests each");
    assert_request(&received[0], &Expected::new("GET", "/group/member_list").query("group_id=2306414607729"));
    assert_request(&received[1], &Expected::new("GET", "/group/member_list").query("cursor=c2&group_id=2306414607729"));
}

// ---- 5.3 GET /message/conversation: msg_id paging ----------------------------------------------------------

const M1: i64 = 2451870281728001;
const M2: i64 = 2451870281728002;
const M3: i64 = 2451870281728003;
const M4: i64 = 2451870281728004;
const M5: i64 = 2451870281728005;
const M6: i64 = 2451870281728006;

fn message(msg_id: i64, content: &str) -> Value {
    json!({
        "msg_id": msg_id,
        "from_xid": { "uid": 2302128618881_i64, "device_sn": 3 },
        "to_xid": { "uid": 2302128618880_i64, "device_sn": 0 },
        "content": content,
        "ctype": "TEXT",
        "ext": "{\"k\":1}",
        "timestamp": 1569615417000_i64,
        "status": "DELIVERED"
    })
}

fn history_page(messages: Vec<Value>, next_msg_id: Option<i64>, is_last: Option<bool>) -> ResponseTemplate {
    let mut data = json!({ "messages": messages });
    if let Some(next) = next_msg_id {
        data["next_msg_id"] = json!(next);
    }
    if let Some(last) = is_last {
        data["is_last"] = json!(last);
    }
    ok(json!({ "code": 200, "message": null, "data": data }))
}

#[tokio::test]
async fn message_history_items_follows_next_msg_id_until_is_last() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/message/conversation"))
        .and(query_param("msg_id_start", "0"))
        .respond_with(history_page(vec![message(M1, "one"), message(M2, "two")], Some(M3), Some(false)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/message/conversation"))
        .and(query_param("msg_id_start", M3.to_string()))
        .respond_with(history_page(vec![message(M3, "three"), message(M4, "four")], Some(M5), Some(false)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/message/conversation"))
        .and(query_param("msg_id_start", M5.to_string()))
        // The last page still names a next id: `is_last` wins.
        .respond_with(history_page(vec![message(M5, "five")], Some(M6), Some(true)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/message/conversation"))
        .and(query_param("msg_id_start", M6.to_string()))
        .respond_with(history_page(vec![message(M6, "six")], None, Some(true)))
        .mount(&server)
        .await;
    let client = client(&server).as_user(ME);
    // The document requires `limit` and `msg_id_start` (0: from the newest message).
    let walk = client.message().history(FRIEND, 0, 2).items().try_collect::<Vec<HistoryMessage>>();
    let messages = tokio::time::timeout(BOUND, walk).await.expect("the walk ends").unwrap();
    let ids: Vec<i64> = messages.iter().map(|m| m.msg_id).collect();
    assert_eq!(ids, [M1, M2, M3, M4, M5].to_vec(), "every message once, in order");
    let contents: Vec<&str> = messages.iter().filter_map(|m| m.content.as_deref()).collect();
    assert_eq!(contents, vec!["one", "two", "three", "four", "five"]);
    assert_eq!(messages[0].from_xid.uid, 2302128618881);
    assert_eq!(messages[0].ext.as_ref().map(|e| e.as_str()), Some("{\"k\":1}"));
    assert_eq!(messages[0].status, Some(maxim_api::MessageStatus::Delivered));

    let received = requests(&server).await;
    assert_eq!(received.len(), 3, "exactly one request per page, none after is_last");
    let sent: Vec<Option<String>> = received
        .iter()
        .map(|r| r.url.query_pairs().find(|(k, _)| k == "msg_id_start").map(|(_, v)| v.into_owned()))
        .collect();
    assert_eq!(sent, vec![Some("0".to_owned()), Some(M3.to_string()), Some(M5.to_string())]);
    // Parameters in the document's order: limit, msg_id_start, opposite_id.
    assert_request(
        &received[0],
        &Expected::new("GET", "/message/conversation")
            .query("limit=2&msg_id_start=0&opposite_id=2302128618881")
            .acting(Acting::User(ME)),
    );
    assert_request(
        &received[1],
        &Expected::new("GET", "/message/conversation")
            .query("limit=2&msg_id_start=2451870281728003&opposite_id=2302128618881")
            .acting(Acting::User(ME)),
    );
    assert_request(
        &received[2],
        &Expected::new("GET", "/message/conversation")
            .query("limit=2&msg_id_start=2451870281728005&opposite_id=2302128618881")
            .acting(Acting::User(ME)),
    );
}

#[tokio::test]
async fn message_history_pages_stop_without_next_msg_id_or_on_a_repeat() {
    // No `is_last` and no `next_msg_id`: one page.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/message/conversation"))
        .respond_with(history_page(vec![message(M1, "one")], None, None))
        .mount(&server)
        .await;
    let client1 = client(&server);
    let pages = tokio::time::timeout(BOUND, client1.message().history(FRIEND, 0, 20).pages().try_collect::<Vec<_>>())
        .await
        .expect("the walk ends")
        .unwrap();
    assert_eq!(pages.len(), 1);
    let received = requests(&server).await;
    assert_eq!(received.len(), 1);
    assert_request(
        &received[0],
        &Expected::new("GET", "/message/conversation").query("limit=20&msg_id_start=0&opposite_id=2302128618881"),
    );

    // A server that always answers `next_msg_id` = M3 and never `is_last`: page 1, then the page from M3, then stop.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/message/conversation"))
        .respond_with(history_page(vec![message(M3, "three")], Some(M3), Some(false)))
        .mount(&server)
        .await;
    let client2 = client(&server);
    let walk = client2.message().history(FRIEND, 0, 20).items().try_collect::<Vec<HistoryMessage>>();
    let messages = tokio::time::timeout(BOUND, walk).await.expect("the walk ends on a repeated next_msg_id").unwrap();
    assert_eq!(messages.len(), 1, "the page from M3 repeats page 1's message: not yielded");
    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    assert_request(
        &received[1],
        &Expected::new("GET", "/message/conversation")
            .query("limit=20&msg_id_start=2451870281728003&opposite_id=2302128618881"),
    );
}

#[tokio::test]
async fn message_history_null_data_is_a_decode_error_that_ends_the_walk() {
    // The document promises a `data` object (is_last, messages, next_msg_id): `null` is not a page.
    let server = serve_json(200, json!({ "code": 200, "message": null, "data": null })).await;
    let client = client(&server);
    let walk = client.message().history(FRIEND, 0, 20).items().collect::<Vec<_>>();
    let got = tokio::time::timeout(BOUND, walk).await.expect("the walk ends");
    assert_eq!(got.len(), 1, "{got:?}");
    match &got[0] {
        Err(Error::Decode { path, url_path, .. }) => {
            assert_eq!(path, "data");
            assert_eq!(*url_path, "/message/conversation");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    let received = requests(&server).await;
    assert_eq!(received.len(), 1);
    assert_request(
        &received[0],
        &Expected::new("GET", "/message/conversation").query("limit=20&msg_id_start=0&opposite_id=2302128618881"),
    );
}

#[tokio::test]
async fn message_history_error_on_page_two_ends_the_stream() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/message/conversation"))
        .and(query_param("msg_id_start", "0"))
        .respond_with(history_page(vec![message(M1, "one")], Some(M2), Some(false)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/message/conversation"))
        .and(query_param("msg_id_start", M2.to_string()))
        .respond_with(ok(json!({ "code": 200, "message": null, "data": { "messages": [{ "msg_id": "x" }] } })))
        .mount(&server)
        .await;
    let client = client(&server).as_user(ME);
    let walk = client.message().history(FRIEND, 0, 20).items().collect::<Vec<_>>();
    let got = tokio::time::timeout(BOUND, walk).await.expect("the walk ends");
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].as_ref().unwrap().msg_id, M1);
    match &got[1] {
        Err(Error::Decode { path, url_path, .. }) => {
            assert_eq!(path, "data.messages[0].msg_id");
            assert_eq!(*url_path, "/message/conversation");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    assert_request(
        &received[1],
        &Expected::new("GET", "/message/conversation")
            .query("limit=20&msg_id_start=2451870281728002&opposite_id=2302128618881")
            .acting(Acting::User(ME)),
    );
}

#[tokio::test]
async fn message_history_starts_from_the_given_msg_id_start() {
    // `msg_id_start` is required: a walk may start from any message, and that id counts as seen, so a server that
    // names it again as `next_msg_id` ends the walk instead of sending the same request twice.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/message/conversation"))
        .and(query_param("msg_id_start", M4.to_string()))
        .respond_with(history_page(vec![message(M4, "four"), message(M5, "five")], Some(M6), Some(false)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/message/conversation"))
        .and(query_param("msg_id_start", M6.to_string()))
        .respond_with(history_page(vec![message(M6, "six")], Some(M4), Some(false)))
        .mount(&server)
        .await;
    let client = client(&server).as_user(ME);
    let walk = client.message().history(FRIEND, M4, 2).items().try_collect::<Vec<HistoryMessage>>();
    let messages = tokio::time::timeout(BOUND, walk).await.expect("the walk ends").unwrap();
    let ids: Vec<i64> = messages.iter().map(|m| m.msg_id).collect();
    assert_eq!(ids, [M4, M5, M6].to_vec());
    let received = requests(&server).await;
    assert_eq!(received.len(), 2, "the start id named again ends the walk");
    assert_request(
        &received[0],
        &Expected::new("GET", "/message/conversation")
            .query("limit=2&msg_id_start=2451870281728004&opposite_id=2302128618881")
            .acting(Acting::User(ME)),
    );
    assert_request(
        &received[1],
        &Expected::new("GET", "/message/conversation")
            .query("limit=2&msg_id_start=2451870281728006&opposite_id=2302128618881")
            .acting(Acting::User(ME)),
    );
}

#[tokio::test]
async fn message_history_send_is_one_page_with_every_required_parameter() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/message/conversation"))
        .respond_with(history_page(vec![message(M1, "one")], Some(M2), Some(false)))
        .mount(&server)
        .await;
    let page = client(&server).as_user(ME).message().history(FRIEND, 0, 1).await.unwrap();
    assert_eq!(page.is_last, Some(false));
    assert_eq!(page.next_msg_id, Some(M2));
    assert_eq!(page.messages.as_ref().map(Vec::len), Some(1));
    let received = requests(&server).await;
    assert_eq!(received.len(), 1, "`.await` fetches one page, it does not walk");
    assert_request(
        &received[0],
        &Expected::new("GET", "/message/conversation")
            .query("limit=1&msg_id_start=0&opposite_id=2302128618881")
            .acting(Acting::User(ME)),
    );
}

// ---- 1.16 GET /user/list: page-number paging ----------------------------------------------------------------

fn user(user_id: i64) -> Value {
    json!({ "user_id": user_id, "username": format!("u{}", user_id % 100), "status": 0 })
}

fn user_page(users: Vec<Value>) -> ResponseTemplate {
    ok(json!({ "code": 200, "message": null, "data": users }))
}

/// `GET /user/list` answering pages 1 (no `page_num`: the document's default), 2 and 3 as given, and an empty list
/// for any later page.
async fn user_pages(page1: Vec<Value>, page2: Vec<Value>, page3: Vec<Value>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/user/list"))
        .and(query_param_is_missing("page_num"))
        .respond_with(user_page(page1))
        .mount(&server)
        .await;
    for (page_num, users) in [("2", page2), ("3", page3)] {
        Mock::given(method("GET"))
            .and(path("/user/list"))
            .and(query_param("page_num", page_num))
            .respond_with(user_page(users))
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/user/list"))
        .respond_with(user_page(vec![]))
        .with_priority(10)
        .mount(&server)
        .await;
    server
}

fn user_ids(users: &[UserListItem]) -> Vec<i64> {
    users.iter().map(|u| u.user_id).collect()
}

#[tokio::test]
async fn user_list_items_walks_page_numbers_until_a_short_page() {
    let server = user_pages(
        vec![user(2302128618801), user(2302128618802)],
        vec![user(2302128618803), user(2302128618804)],
        vec![user(2302128618805)],
    )
    .await;
    let client = client(&server);
    let walk = client.user().list().page_size(2).items().try_collect::<Vec<UserListItem>>();
    let users = tokio::time::timeout(BOUND, walk).await.expect("the walk ends").unwrap();
    assert_eq!(
        user_ids(&users),
        [2302128618801, 2302128618802, 2302128618803, 2302128618804, 2302128618805].to_vec(),
        "every user once, in order"
    );
    assert_eq!(users[4].username.as_deref(), Some("u5"));
    let received = requests(&server).await;
    assert_eq!(received.len(), 3, "page 3 holds fewer than page_size users: it is the last");
    // Page 1 is the document's default for an absent `page_num`; then 2 and 3.
    assert_request(&received[0], &Expected::new("GET", "/user/list").query("page_size=2"));
    assert_request(&received[1], &Expected::new("GET", "/user/list").query("page_num=2&page_size=2"));
    assert_request(&received[2], &Expected::new("GET", "/user/list").query("page_num=3&page_size=2"));
}

#[tokio::test]
async fn user_list_pages_from_page_one_end_on_an_empty_page() {
    // Full pages all along (no short one): the empty page after them ends the walk.
    let server = MockServer::start().await;
    for (page_num, users) in
        [("1", vec![user(2302128618801), user(2302128618802)]), ("2", vec![user(2302128618803), user(2302128618804)])]
    {
        Mock::given(method("GET"))
            .and(path("/user/list"))
            .and(query_param("page_num", page_num))
            .respond_with(user_page(users))
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/user/list"))
        .respond_with(user_page(vec![]))
        .with_priority(10)
        .mount(&server)
        .await;
    let client = client(&server).as_user(ME);
    let walk = client.user().list().page_num(1).page_size(2).pages().try_collect::<Vec<Vec<UserListItem>>>();
    let pages = tokio::time::timeout(BOUND, walk).await.expect("the walk ends").unwrap();
    let sizes: Vec<usize> = pages.iter().map(Vec::len).collect();
    assert_eq!(sizes, vec![2, 2, 0]);
    assert_eq!(user_ids(&pages[1]), vec![2302128618803, 2302128618804]);
    let received = requests(&server).await;
    assert_eq!(received.len(), 3);
    for (request, query) in
        received.iter().zip(["page_num=1&page_size=2", "page_num=2&page_size=2", "page_num=3&page_size=2"])
    {
        assert_request(request, &Expected::new("GET", "/user/list").query(query).acting(Acting::User(ME)));
    }
}

#[tokio::test]
async fn user_list_without_page_size_walks_until_an_empty_page() {
    // Without `page_size` the SDK does not assume the server's default (50): a page is last when it is empty.
    let server = user_pages(vec![user(2302128618801), user(2302128618802)], vec![user(2302128618803)], vec![]).await;
    let client = client(&server);
    let walk = client.user().list().items().try_collect::<Vec<UserListItem>>();
    let users = tokio::time::timeout(BOUND, walk).await.expect("the walk ends").unwrap();
    assert_eq!(user_ids(&users), [2302128618801, 2302128618802, 2302128618803].to_vec());
    let received = requests(&server).await;
    assert_eq!(received.len(), 3);
    assert_request(&received[0], &Expected::new("GET", "/user/list"));
    assert_request(&received[1], &Expected::new("GET", "/user/list").query("page_num=2"));
    assert_request(&received[2], &Expected::new("GET", "/user/list").query("page_num=3"));
}

#[tokio::test]
async fn user_list_error_on_page_two_ends_the_walk() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/user/list"))
        .and(query_param("page_num", "2"))
        .respond_with(ok(json!({ "code": 10010, "message": "no permission", "data": null })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/user/list"))
        .respond_with(user_page(vec![user(2302128618801), user(2302128618802)]))
        .with_priority(10)
        .mount(&server)
        .await;
    let client = client(&server);
    let walk = client.user().list().page_size(2).items().collect::<Vec<_>>();
    let got = tokio::time::timeout(BOUND, walk).await.expect("the walk ends");
    assert_eq!(got.len(), 3, "two users of page 1, then the error, then nothing: {got:?}");
    assert_eq!(got[1].as_ref().unwrap().user_id, 2302128618802);
    assert_eq!(got[2].as_ref().unwrap_err().api_code(), Some(ErrorCode::NoPermission));
    let received = requests(&server).await;
    assert_eq!(received.len(), 2, "page 3 is never asked for");
    assert_request(&received[1], &Expected::new("GET", "/user/list").query("page_num=2&page_size=2"));
}

// ---- 3.11 GET /roster/list (IDs) and 3.4 GET /roster/apply/list: cursor paging -------------------------------

#[tokio::test]
async fn roster_list_items_walks_two_pages_of_ids() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/roster/list"))
        .and(query_param_is_missing("cursor"))
        .respond_with(ok(json!({
            "code": 200, "message": null, "cursor": "r2", "version": 1569586735861_i64,
            "data": [2302128618881_i64, 2302128618882_i64, 2302128618883_i64]
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/roster/list"))
        .and(query_param("cursor", "r2"))
        .respond_with(ok(json!({ "code": 200, "message": null, "data": [2302128618884_i64] })))
        .mount(&server)
        .await;
    let client = client(&server).as_user(ME);
    let walk = client.roster().list().limit(3).items().try_collect::<Vec<i64>>();
    let ids = tokio::time::timeout(BOUND, walk).await.expect("the walk ends").unwrap();
    assert_eq!(ids, vec![2302128618881, 2302128618882, 2302128618883, 2302128618884]);
    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    assert_request(&received[0], &Expected::new("GET", "/roster/list").query("limit=3").acting(Acting::User(ME)));
    assert_request(
        &received[1],
        &Expected::new("GET", "/roster/list").query("cursor=r2&limit=3").acting(Acting::User(ME)),
    );
}

#[tokio::test]
async fn roster_apply_list_items_walks_two_pages() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/roster/apply/list"))
        .and(query_param_is_missing("cursor"))
        .respond_with(ok(json!({
            "code": 200, "message": null, "cursor": "a2",
            "data": [{ "user_id": 2302128618881_i64, "reason": "hi", "status": 0 }]
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/roster/apply/list"))
        .and(query_param("cursor", "a2"))
        .respond_with(ok(json!({
            "code": 200, "message": null,
            "data": [{ "user_id": 2302128618882_i64, "expired_time": 1569615417000_i64 }]
        })))
        .mount(&server)
        .await;
    let client = client(&server).as_user(ME);
    let walk = client.roster().apply_list().items().try_collect::<Vec<_>>();
    let applications = tokio::time::timeout(BOUND, walk).await.expect("the walk ends").unwrap();
    let ids: Vec<i64> = applications.iter().map(|a| a.user_id).collect();
    assert_eq!(ids, vec![2302128618881, 2302128618882]);
    assert_eq!(applications[1].expired_time, Some(1569615417000));
    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    assert_request(&received[0], &Expected::new("GET", "/roster/apply/list").acting(Acting::User(ME)));
    assert_request(
        &received[1],
        &Expected::new("GET", "/roster/apply/list").query("cursor=a2").acting(Acting::User(ME)),
    );
}

#[tokio::test]
async fn user_list_walk_ends_when_the_server_ignores_page_num() {
    // A server that answers every page number with the same full page: page numbers never repeat and no page is
    // empty or short, so only the repeated contents end the walk (the repeat is not yielded). Without the stop the
    // walk would go on as long as page numbers do.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/user/list"))
        .respond_with(user_page(vec![user(2302128618801), user(2302128618802)]))
        .mount(&server)
        .await;
    let client = client(&server);
    let walk = client.user().list().page_size(2).pages().try_collect::<Vec<Vec<UserListItem>>>();
    let pages = tokio::time::timeout(BOUND, walk).await.expect("the walk ends").unwrap();
    assert_eq!(pages.len(), 1, "page 1; its repetition as page 2 ends the walk");
    assert_eq!(pages[0].len(), 2);
    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    assert_request(&received[1], &Expected::new("GET", "/user/list").query("page_num=2&page_size=2"));
}
