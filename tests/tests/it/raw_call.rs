//! Wire tests of `Client::raw_call` (the JSON entry the `maxim` tool calls through): the request as sent, the
//! envelope, business errors, the de-duplicated retry of a send, and the cursor and message-id walks.

use futures::TryStreamExt;
use maxim_api::mock::{self, MockServer};
use maxim_api::{Error, ErrorCode, Method, RawPaging, RetryPolicy};
use serde_json::{Value, json};

#[tokio::test]
async fn a_raw_call_sends_its_query_and_body_and_returns_the_envelope() {
    let mock = MockServer::start().await;
    let client = mock.client().expect("client").as_user(mock::EXAMPLE_USER_ID);
    let request = client
        .raw_call("group.info", Method::Get, "/group/info")
        .query("group_id", json!(1))
        .query("group_id", json!(2306414607729_i64))
        .query("absent", Value::Null);
    assert_eq!(request.url(), format!("{}/group/info?group_id=2306414607729", mock.uri()), "replaced, null left out");
    let envelope = request.send().await.expect("answers");
    assert_eq!(envelope["code"], 200);
    assert_eq!(envelope["data"]["group_id"], json!(2306414607729_i64));
    let sent = mock.received_at(Method::Get, "/group/info").await;
    assert_eq!(sent[0].query, [("group_id".to_owned(), "2306414607729".to_owned())]);
    assert_eq!(sent[0].header("user_id"), Some(mock::EXAMPLE_USER_ID.to_string().as_str()));

    mock.on(Method::Post, "/group/create").api_error(10010, "no permission").await;
    let refused =
        client.raw_call("group.create", Method::Post, "/group/create").body(json!({"name": "x"})).send().await;
    let error = refused.expect_err("a business error");
    assert_eq!(error.api_code(), Some(ErrorCode::NoPermission));
    assert_eq!(mock.received_at(Method::Post, "/group/create").await[0].json(), Some(json!({"name": "x"})));
}

#[tokio::test]
async fn a_deduplicated_send_is_retried_with_the_same_transaction_id() {
    let mock = MockServer::start().await;
    mock.on(Method::Post, "/message/send").times(1).http_error(503, "busy").await;
    let client = mock.client().expect("client").with_retry(RetryPolicy::default().max_attempts(2));
    let send = client
        .raw_call("message.send", Method::Post, "/message/send")
        .body(json!({"targets": [mock::EXAMPLE_USER_ID], "type": 1, "content_type": 0, "content": "hi"}))
        .deduplicated_by("transaction_id");
    send.send().await.expect("the second attempt succeeds");
    let sent = mock.received_at(Method::Post, "/message/send").await;
    assert_eq!(sent.len(), 2);
    let ids: Vec<Value> = sent.iter().map(|r| r.json().expect("JSON")["transaction_id"].clone()).collect();
    assert!(ids[0].is_i64() && ids[0] == ids[1], "{ids:?}");

    // Without de-duplication a POST is not sent again once it may have arrived.
    mock.on(Method::Post, "/group/create").times(1).http_error(503, "busy").await;
    let once = client.raw_call("group.create", Method::Post, "/group/create").body(json!({})).send().await;
    assert!(matches!(once, Err(Error::Http { status: 503, .. })), "{once:?}");
    assert_eq!(mock.received_at(Method::Post, "/group/create").await.len(), 1);
}

#[tokio::test]
async fn raw_pages_follow_the_cursor_and_the_message_id() {
    let mock = MockServer::start().await;
    let page = |cursor: Option<&str>, ids: &[i64]| {
        let data: Vec<Value> = ids.iter().map(|id| json!({"user_id": id})).collect();
        json!({"code": 200, "message": null, "cursor": cursor, "data": data})
    };
    // The first mounted answer that matches wins: the second page's, then the first page's for every other request.
    mock.on(Method::Get, "/group/member_list").query("cursor", "c2").envelope(page(Some(""), &[3])).await;
    mock.on(Method::Get, "/group/member_list").envelope(page(Some("c2"), &[1, 2])).await;
    let client = mock.client().expect("client");
    let items: Vec<Value> = client
        .raw_call("group.member_list", Method::Get, "/group/member_list")
        .query("group_id", json!(5))
        .items(RawPaging::Cursor)
        .try_collect()
        .await
        .expect("walks");
    let ids: Vec<&Value> = items.iter().map(|item| &item["user_id"]).collect();
    assert_eq!(ids, [&json!(1), &json!(2), &json!(3)]);
    let sent = mock.received_at(Method::Get, "/group/member_list").await;
    assert_eq!(sent.len(), 2, "an empty cursor ends the walk");
    assert_eq!(sent[1].query_param("group_id"), Some("5"), "the other inputs are sent again");

    let messages = |next: i64, last: bool| json!({"code": 200, "data": {"messages": [{"msg_id": next}], "next_msg_id": next, "is_last": last}});
    let history = |start: &str| mock.on(Method::Get, "/message/conversation").query("msg_id_start", start);
    history("0").envelope(messages(10, false)).await;
    history("10").envelope(messages(20, true)).await;
    let pages: Vec<Value> = client
        .raw_call("message.history", Method::Get, "/message/conversation")
        .query("msg_id_start", json!(0))
        .pages(RawPaging::MessageId)
        .try_collect()
        .await
        .expect("walks");
    assert_eq!(pages.len(), 2, "is_last ends the walk");
    assert_eq!(pages[1]["data"]["messages"][0]["msg_id"], 20);
}
