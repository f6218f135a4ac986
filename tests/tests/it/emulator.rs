//! The emulator (`maxim_api::mock`): a chat backend's flow runs with no mounted answer, state shows each effect,
//! requests are validated, mounted answers match and answer in order, faults are injected, and the same server
//! works over plain HTTP.

use std::time::Duration;

use futures::TryStreamExt;
use maxim_api::mock::{self, MockServer};
use maxim_api::{ApplyApproval, Client, ContentType, Error, ErrorCode, Method, RetryPolicy, TargetType, UserLogin};
use serde_json::{Value, json};

type TestResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// The business error code of a failed call.
fn code(error: Error) -> Option<ErrorCode> {
    error.api_code()
}

async fn register(admin: &Client, name: &str) -> Result<i64, Error> {
    let settings = admin.user().register_v2(name, format!("{name}-password")).await?;
    Ok(settings.user_id)
}

async fn history(client: &Client, opposite: i64) -> Result<Vec<(i64, String)>, Error> {
    let messages: Vec<_> = client.message().history(opposite, 0, 2).items().try_collect().await?;
    let summary = messages.into_iter().map(|m| (m.from_xid.uid, m.content.unwrap_or_default()));
    Ok(summary.collect())
}

async fn members(client: &Client, group_id: i64) -> Result<Vec<i64>, Error> {
    let items = client.group().member_list(group_id).limit(1).items();
    items.map_ok(|member| member.user_id).try_collect().await
}

#[tokio::test]
async fn a_chat_backend_runs_against_the_emulator_with_no_mounted_answer_for_its_happy_path() -> TestResult {
    let mock = MockServer::start().await;
    let admin = mock.client()?;

    // Register two users and log each in with a session of their own (tokens from /token/id and /token/user).
    let ann_id = register(&admin, "ann").await?;
    let bob_id = register(&admin, "bob").await?;
    assert_ne!(ann_id, bob_id);
    let ann = admin.without_act_as().user_session(UserLogin::id(ann_id, "ann-password"));
    let bob = admin.without_act_as().user_session(UserLogin::name("bob", "bob-password"));
    assert_eq!(ann.user().profile().await?.username.as_deref(), Some("ann"));
    assert_eq!(bob.user().profile().await?.user_id, bob_id);

    // Ann creates a group and invites Bob: both are members, listed one per page.
    let group_id = ann.group().create().name("crabs").await?.group_id;
    let invited = ann.group().invite(group_id, [bob_id]).await?;
    assert_eq!(invited[0].result, maxim_api::OperationResult::Success);
    assert_eq!(members(&ann, group_id).await?, [ann_id, bob_id]);
    assert_eq!(bob.group().info(group_id).await?.count, Some(2));

    // Bob's send is answered 503 after the emulator took it; the SDK retries with the same transaction_id and the
    // message arrives once.
    mock.on(Method::Post, "/message/send")
        .times(1)
        .after_emulating()
        .retry_after(Duration::ZERO)
        .http_error(503, "")
        .await;
    let sent = bob.message().send([group_id], TargetType::Group, ContentType::Text, "hello crabs").await?;
    let attempts = mock.received_at(Method::Post, "/message/send").await;
    assert_eq!(attempts.len(), 2);
    let transaction = |i: usize| attempts[i].json().expect("JSON")["transaction_id"].clone();
    assert_eq!(transaction(0), transaction(1));
    let group_message = sent.msg_ids.expect("msg_ids")[0];

    // A direct message too; both sides read both conversations.
    ann.message().send([bob_id], TargetType::User, ContentType::Text, "hi bob").await?;
    ann.message().send([bob_id], TargetType::User, ContentType::Text, "again").await?;
    ann.message().send([bob_id], TargetType::User, ContentType::Text, "and again").await?;
    let hello = vec![(bob_id, "hello crabs".to_owned())];
    assert_eq!(history(&ann, group_id).await?, hello);
    assert_eq!(history(&bob, group_id).await?, hello);
    let direct: Vec<_> = ["and again", "again", "hi bob"].into_iter().map(|text| (ann_id, text.to_owned())).collect();
    assert_eq!(history(&bob, ann_id).await?, direct, "newest first, two a page");
    assert_eq!(history(&ann, bob_id).await?, direct);

    // Recall: the message leaves both histories. Ann cannot recall Bob's direct messages (there are none) but can
    // recall as the group's owner.
    bob.message().recall(group_id, group_message).await?;
    assert!(history(&ann, group_id).await?.is_empty());
    assert!(history(&bob, group_id).await?.is_empty());

    // Kick: Bob is out, and a non-member cannot read or send.
    assert_eq!(code(bob.group().kick(group_id, [ann_id]).await.unwrap_err()), Some(ErrorCode::NoPermission));
    ann.group().kick(group_id, [bob_id]).await?;
    assert_eq!(members(&ann, group_id).await?, [ann_id]);
    assert_eq!(code(bob.group().info(group_id).await.unwrap_err()), Some(ErrorCode::NotGroupMember));
    let refused = bob.message().send([group_id], TargetType::Group, ContentType::Text, "let me in").await;
    assert_eq!(code(refused.unwrap_err()), Some(ErrorCode::NotGroupMember));

    // Destroyed, the group is gone.
    ann.group().destroy(group_id).await?;
    assert_eq!(code(ann.group().info(group_id).await.unwrap_err()), Some(ErrorCode::GroupNotFound));
    assert_eq!(mock.violations().await, []);
    Ok(())
}

#[tokio::test]
async fn tokens_belong_to_their_user_and_wrong_or_revoked_credentials_are_refused() -> TestResult {
    let mock = MockServer::start().await;
    let admin = mock.client()?;
    let ann_id = register(&admin, "ann").await?;
    assert_eq!(code(admin.user().register_v2("ann", "x").await.unwrap_err()), Some(ErrorCode::UserExists));
    assert_eq!(code(admin.token().by_id(ann_id, "wrong").await.unwrap_err()), Some(ErrorCode::AccessTokenInvalid));
    assert_eq!(code(admin.token().by_id(1, "x").await.unwrap_err()), Some(ErrorCode::UserNotFound));

    let token = admin.token().login("ann", "ann-password").await?.token;
    let ann = admin.without_act_as().with_access_token(token.clone())?;
    assert_eq!(ann.user().profile().await?.user_id, ann_id);
    // A user token acts as its own user only, and cannot use the admin's operations.
    let foreign = ann.as_user(mock::EXAMPLE_USER_ID).user().profile().await;
    assert_eq!(code(foreign.unwrap_err()), Some(ErrorCode::NoPermission));
    assert_eq!(code(ann.user().list().await.unwrap_err()), Some(ErrorCode::NoPermission));

    mock.revoke_token(token.expose()).await;
    assert_eq!(code(ann.user().profile().await.unwrap_err()), Some(ErrorCode::AccessTokenInvalid));
    // The example user and token are there from the start.
    let alice = admin.without_act_as().with_access_token(mock::EXAMPLE_USER_TOKEN)?;
    assert_eq!(alice.user().profile().await?.username.as_deref(), Some(mock::EXAMPLE_USERNAME));
    assert_eq!(alice.group().info(mock::EXAMPLE_GROUP_ID).await?.name.as_deref(), Some(mock::EXAMPLE_GROUP_NAME));
    Ok(())
}

#[tokio::test]
async fn rosters_and_group_requests_wait_for_approval() -> TestResult {
    let mock = MockServer::start().await;
    let admin = mock.client()?;
    let (ann_id, bob_id) = (register(&admin, "ann").await?, register(&admin, "bob").await?);
    let (ann, bob) = (admin.as_user(ann_id), admin.as_user(bob_id));

    ann.roster().apply(bob_id).reason("hi").await?;
    let requests: Vec<_> = bob.roster().apply_list().items().try_collect().await?;
    assert_eq!(requests[0].user_id, ann_id);
    bob.roster().accept(ann_id).await?;
    let friends: Vec<i64> = ann.roster().list().items().try_collect().await?;
    assert_eq!(friends, [bob_id]);
    assert_eq!(code(ann.roster().apply(bob_id).await.unwrap_err()), Some(ErrorCode::AlreadyFriend));
    bob.roster().block(ann_id).await?;
    let blocked = ann.message().send([bob_id], TargetType::User, ContentType::Text, "hi").await;
    assert_eq!(code(blocked.unwrap_err()), Some(ErrorCode::InBlacklist));

    let group_id = ann.group().create().name("club").await?.group_id;
    ann.group().settings_require_admin_approval(group_id, ApplyApproval::AdminApproves).await?;
    bob.group().apply(group_id).reason("let me in").await?;
    assert_eq!(members(&ann, group_id).await?, [ann_id], "waiting for approval");
    ann.group().handle_application(group_id, bob_id, true).await?;
    assert_eq!(members(&ann, group_id).await?, [ann_id, bob_id]);
    assert_eq!(code(bob.group().apply(group_id).await.unwrap_err()), Some(ErrorCode::AlreadyGroupMember));
    ann.group().transfer(group_id, bob_id).await?;
    assert_eq!(bob.group().info(group_id).await?.owner_id, bob_id);
    assert_eq!(mock.violations().await, []);
    Ok(())
}

#[tokio::test]
async fn a_misspelled_body_member_is_a_violation_naming_it_answered_as_a_bad_request() -> TestResult {
    let mock = MockServer::start().await;
    let http = maxim_api::http_client_builder()?.build()?;
    let response = http
        .post(format!("{}/group/create", mock.uri()))
        .header("app_id", mock::APP_ID)
        .header("access-token", mock::ADMIN_TOKEN)
        .json(&json!({ "naem": "typo", "user_list": ["not a number"] }))
        .send()
        .await?;
    assert_eq!(response.headers()[mock::EMULATED_HEADER], "true");
    let envelope: Value = response.json().await?;
    assert_eq!(envelope["code"], 10002);
    let violations = mock.violations().await;
    let found: Vec<(&str, &str)> = violations.iter().map(|v| (v.at.as_str(), v.problem.as_str())).collect();
    assert_eq!(found[0].0, "body.naem");
    assert!(found[0].1.starts_with("unknown member (expected one of: avatar, description, name"), "{found:?}");
    assert_eq!(found[1], ("body.user_list[0]", "expected an integer, got \"not a number\""));
    assert_eq!(violations[0].to_string(), format!("POST /group/create: body.naem: {}", found[0].1));

    // Missing headers and required inputs, and a wrong query type.
    let response = http.get(format!("{}/group/info?group_id=abc", mock.uri())).send().await?;
    let envelope: Value = response.json().await?;
    assert_eq!(envelope["code"], 10003, "access-token missing");
    let at: Vec<String> = mock.violations().await.into_iter().skip(2).map(|v| v.at).collect();
    assert_eq!(at, ["header app_id", "header access-token", "query group_id"]);
    Ok(())
}

#[tokio::test]
async fn mounted_answers_match_and_answer_in_the_order_mounted() -> TestResult {
    let mock = MockServer::start().await;
    let client = mock.client()?;
    let group = mock::EXAMPLE_GROUP_ID;
    // Page 1 then page 2, mounted in that order.
    let page = |members: &[i64], cursor: Option<&str>| json!({ "code": 200, "data": members.iter().map(|m| json!({ "user_id": m })).collect::<Vec<_>>(), "cursor": cursor });
    mock.on(Method::Get, "/group/member_list").times(1).envelope(page(&[1, 2], Some("next"))).await;
    mock.on(Method::Get, "/group/member_list").query("cursor", "next").times(1).envelope(page(&[3], None)).await;
    assert_eq!(members(&client, group).await?, [1, 2, 3]);
    // Used up, the emulator answers again.
    assert_eq!(members(&client, group).await?, [mock::EXAMPLE_USER_ID]);

    // Matchers on headers and the JSON body; a mounted answer wins over the emulator only for what it matches.
    mock.on(Method::Post, "/group/create").header("user_id", "7").api_error(10010, "not you").await;
    mock.on(Method::Post, "/group/create").body_json(json!({ "name": "taken" })).api_error(10004, "taken").await;
    let as_seven = client.as_user(7).group().create().name("x").await;
    assert_eq!(code(as_seven.unwrap_err()), Some(ErrorCode::NoPermission));
    assert_eq!(code(client.group().create().name("taken").await.unwrap_err()), Some(ErrorCode::UserExists));
    assert!(client.group().create().name("free").await?.group_id > 0);

    // A thousand answers, each for one group: all of them work.
    for n in 0..1000 {
        mock.on(Method::Get, "/group/info")
            .query("group_id", n.to_string())
            .data(json!({ "group_id": n, "owner_id": 1, "name": format!("group {n}") }))
            .await;
    }
    for n in [0, 1, 500, 998, 999] {
        assert_eq!(client.group().info(n).await?.name, Some(format!("group {n}")));
    }
    Ok(())
}

#[tokio::test]
async fn faults_delay_reset_and_ask_to_retry_after() -> TestResult {
    let mock = MockServer::start().await;
    let client = mock.client()?;

    // A reset connection on a read: the SDK retries it, and the emulator answers the second attempt.
    mock.on(Method::Get, "/user/profile").times(1).reset_connection().await;
    assert_eq!(client.user().profile().await?.user_id, mock::EXAMPLE_USER_ID);
    assert_eq!(mock.received_at(Method::Get, "/user/profile").await.len(), 2);

    // A status with Retry-After, as the caller sees it when it does not retry.
    let once = client.with_retry(RetryPolicy::none());
    mock.on(Method::Get, "/group/info").times(1).retry_after(Duration::from_secs(7)).http_error(503, "busy").await;
    let busy = once.group().info(mock::EXAMPLE_GROUP_ID).await.unwrap_err();
    assert_eq!((busy.http_status(), busy.retry_after()), (Some(503), Some(Duration::from_secs(7))));

    // A delay longer than the client waits: a timeout (the server's answer never comes in time).
    mock.on(Method::Get, "/user/settings").delay(Duration::from_secs(30)).emulate().await;
    let impatient = once.with_attempt_timeout(Duration::from_millis(200));
    assert!(impatient.user().settings().await.unwrap_err().is_timeout());
    Ok(())
}

/// One HTTP/1.1 exchange on a fresh connection, written by hand as any client would: the status, the headers and
/// the JSON body.
async fn curl(
    origin: &str,
    method: &str,
    path: &str,
    token: &str,
    body: &Value,
) -> std::io::Result<(u16, String, Value)> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = origin.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await?;
    let body = if body.is_null() { String::new() } else { body.to_string() };
    let request = format!(
        "{method} {path} HTTP/1.1\r\nhost: {address}\r\napp_id: any-app\r\naccess-token: {token}\r\n\
         content-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    let mut response = String::new();
    stream.read_to_string(&mut response).await?;
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head.split(' ').nth(1).and_then(|status| status.parse().ok()).unwrap_or_default();
    Ok((status, head.to_ascii_lowercase(), serde_json::from_str(body).unwrap_or_default()))
}

#[tokio::test]
async fn the_same_flow_works_over_plain_http() -> TestResult {
    // The standalone server's code path (a server on a given listener), driven by a client that knows nothing of
    // the SDK.
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let mock = MockServer::start_on(listener).await;
    let origin = mock.uri();
    let admin = "any-admin-token";
    let new_user = json!({ "username": "cat", "password": "meow" });
    let (status, _, registered) = curl(&origin, "POST", "/user/register/v2", admin, &new_user).await?;
    assert_eq!(status, 200);
    let cat = registered["data"]["user_id"].as_i64().expect("a user id");
    let (_, _, login) =
        curl(&origin, "POST", "/token/id", admin, &json!({ "user_id": cat, "password": "meow" })).await?;
    let token = login["data"]["token"].as_str().expect("a token").to_owned();
    let (_, _, group) = curl(&origin, "POST", "/group/create", &token, &json!({ "name": "cats" })).await?;
    let group_id = group["data"]["group_id"].as_i64().expect("a group id");
    let send = json!({ "targets": [group_id], "type": 2, "content_type": 0, "content": "purr" });
    let (_, _, sent) = curl(&origin, "POST", "/message/send", &token, &send).await?;
    assert_eq!(sent["code"], 200);
    let path = format!("/message/conversation?opposite_id={group_id}&msg_id_start=0&limit=10");
    let (_, _, history) = curl(&origin, "GET", &path, &token, &Value::Null).await?;
    assert_eq!(history["data"]["messages"][0]["content"], "purr");
    assert_eq!(history["data"]["messages"][0]["msg_id"], sent["msg_ids"][0]);

    // An operation the emulator does not keep state for answers its example, and says so.
    let (status, head, settings) = curl(&origin, "GET", "/user/settings", &token, &Value::Null).await?;
    assert_eq!((status, settings["code"].as_i64()), (200, Some(200)));
    assert!(head.contains("x-maxim-emulated: false"), "{head}");
    assert_eq!(mock.violations().await, []);
    Ok(())
}
