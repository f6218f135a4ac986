//! The quick-start example's flow runs against a loopback server, and sends what a user would expect.

#[allow(dead_code, reason = "the example's `main` reads the environment; the test calls `run` directly")]
#[path = "../../../maxim-api/examples/quickstart.rs"]
mod example;

use maxim_api_tests::{APP_ID, TOKEN, client};
use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn envelope(data: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({ "code": 200, "message": null, "data": data }))
}

async fn mount(server: &MockServer, mock: Mock) {
    mock.expect(1).mount(server).await;
}

#[tokio::test]
async fn quickstart_flow_against_loopback() {
    let server = MockServer::start().await;
    for (name, id) in [("alice", 2302128618880_i64), ("bob", 2302128618881), ("carol", 2302128618882)] {
        let register = Mock::given(method("POST"))
            .and(path("/user/register/v2"))
            .and(body_partial_json(json!({ "username": name })));
        mount(&server, register.respond_with(envelope(json!({ "user_id": id, "auth_mode": 1 })))).await;
    }
    let login = Mock::given(method("POST")).and(path("/token/login"));
    let token = json!({ "token": "alice-user-token", "expire": 1569615417000_i64, "user_id": 2302128618880_i64 });
    mount(&server, login.respond_with(envelope(token))).await;
    let create = Mock::given(method("POST")).and(path("/group/create"));
    mount(
        &server,
        create.respond_with(envelope(
            json!({ "group_id": 2306414607729_i64, "owner_id": 2302128618880_i64, "name": "Rustaceans" }),
        )),
    )
    .await;
    let results =
        json!([{ "user_id": 2302128618881_i64, "result": "ok" }, { "user_id": 2302128618882_i64, "result": "ok" }]);
    mount(&server, Mock::given(method("POST")).and(path("/group/invite")).respond_with(envelope(results))).await;
    let sent = json!({ "code": 200, "message": null, "data": true, "msg_ids": [2306414607729001_i64] });
    let send = Mock::given(method("POST")).and(path("/message/send"));
    mount(&server, send.respond_with(ResponseTemplate::new(200).set_body_json(sent))).await;
    let first_page = json!({ "code": 200, "data": [{ "user_id": 2302128618880_i64 }, { "user_id": 2302128618881_i64 }], "cursor": "p2" });
    let members = Mock::given(method("GET")).and(path("/group/member_list")).and(query_param_is_missing("cursor"));
    mount(&server, members.respond_with(ResponseTemplate::new(200).set_body_json(first_page))).await;
    let last_page = json!({ "code": 200, "data": [{ "user_id": 2302128618882_i64 }], "total": 3 });
    let members = Mock::given(method("GET")).and(path("/group/member_list")).and(query_param("cursor", "p2"));
    mount(&server, members.respond_with(ResponseTemplate::new(200).set_body_json(last_page))).await;

    let outcome = example::run(&client(&server)).await.expect("the flow succeeds");
    assert_eq!(outcome.group_id, 2306414607729);
    assert_eq!(outcome.members, [2302128618880, 2302128618881, 2302128618882]);
    assert_eq!(outcome.message_ids, [2306414607729001]);

    let requests = server.received_requests().await.expect("recorded");
    let summary: Vec<String> = requests.iter().map(|r| format!("{} {}", r.method, r.url.path())).collect();
    assert_eq!(
        summary,
        [
            "POST /user/register/v2",
            "POST /user/register/v2",
            "POST /user/register/v2",
            "POST /token/login",
            "POST /group/create",
            "POST /group/invite",
            "POST /message/send",
            "GET /group/member_list",
            "GET /group/member_list"
        ]
    );
    for (index, request) in requests.iter().enumerate() {
        let token = request.headers.get("access-token").and_then(|v| v.to_str().ok());
        // The admin registers users and logs Alice in; from then on Alice's own token is used.
        let expected = if index < 4 { TOKEN } else { "alice-user-token" };
        assert_eq!(token, Some(expected), "{}", summary[index]);
        assert_eq!(request.headers.get("app_id").and_then(|v| v.to_str().ok()), Some(APP_ID));
    }
    let body = |index: usize| serde_json::from_slice::<Value>(&requests[index].body).expect("JSON body");
    assert_eq!(body(0), json!({ "username": "alice", "password": "alice-password" }));
    assert_eq!(body(3), json!({ "login_name": "alice", "password": "alice-password" }));
    assert_eq!(body(4), json!({ "name": "Rustaceans", "description": "The quick-start group" }));
    assert_eq!(
        body(5),
        json!({ "group_id": 2306414607729_i64, "reason": "Welcome!", "user_list": [2302128618881_i64, 2302128618882_i64] })
    );
    // The send carries the transaction_id the SDK generated for it, not one of the example's own.
    let mut send = body(6);
    let transaction_id = send.as_object_mut().and_then(|body| body.remove("transaction_id"));
    assert!(
        transaction_id.as_ref().and_then(|id| id.as_i64()).is_some_and(|id| id > 0),
        "generated: {transaction_id:?}"
    );
    assert_eq!(
        send,
        json!({ "content": "Hello, group!", "content_type": 0, "targets": [2306414607729_i64], "type": 2 })
    );
    assert_eq!(requests[7].url.query(), Some("group_id=2306414607729&limit=50"));
    assert_eq!(requests[8].url.query(), Some("cursor=p2&group_id=2306414607729&limit=50"));
}
