//! The real `maxim` binary against the mock server (`maxim_api::mock`, a real HTTP server on loopback): help, a read,
//! a write, paging, an API error's exit code, `--dry-run`, profiles, file transfers, shell integration.

use assert_cmd::Command;
use maxim_api::Method;
use maxim_api::mock::{self, MockServer};
use serde_json::{Value, json};

/// `maxim` with a clean environment: no profile, English help, and the mock server's settings when given.
fn maxim(mock: Option<&MockServer>, config_dir: &std::path::Path) -> Command {
    let mut command = Command::cargo_bin("maxim").expect("the maxim binary is built");
    command.env_clear().env("LANG", "C").env("MAXIM_CONFIG_DIR", config_dir);
    if let Some(mock) = mock {
        command
            .env("MAXIM_BASE_URL", mock.uri())
            .env("MAXIM_APP_ID", mock::APP_ID)
            .env("MAXIM_ADMIN_TOKEN", mock::ADMIN_TOKEN);
    }
    command
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn json_lines(bytes: &[u8]) -> Vec<Value> {
    text(bytes).lines().map(|line| serde_json::from_str(line).expect("a JSON line")).collect()
}

#[test]
fn help_lists_the_sections_and_each_section_its_commands() {
    let config = tempfile::tempdir().expect("temp dir");
    let help = maxim(None, config.path()).arg("--help").assert().success().get_output().stdout.clone();
    let help = text(&help);
    for section in ["user", "token", "roster", "group", "message", "file", "push", "ai"] {
        assert!(help.contains(&format!("\n  {section} ")), "{section} missing from:\n{help}");
        let section_help = maxim(None, config.path()).args([section, "--help"]).assert().success();
        let section_help = text(&section_help.get_output().stdout);
        assert!(section_help.contains("Usage: maxim ") && section_help.contains("Commands:"), "{section_help}");
    }
    assert!(help.contains("Exit codes:") && help.contains("3  the service refused"), "{help}");
    let info = maxim(None, config.path()).args(["group", "info", "--help"]).assert().success();
    let info = text(&info.get_output().stdout);
    assert!(info.contains("maxim group info <GROUP_ID>") && info.contains("GET /group/info"), "{info}");
    let english = info.find("Get group information by group id").expect("the English title");
    let chinese = info.find("根据group id获取群信息").expect("the Chinese title");
    assert!(english < chinese, "the Chinese below the English: {info}");
    let zh = maxim(None, config.path()).env("LANG", "zh_CN.UTF-8").args(["group", "info", "--help"]).assert().success();
    let zh = text(&zh.get_output().stdout);
    let (english, chinese) = (zh.find("Get group information").expect("en"), zh.find("根据group id").expect("zh"));
    assert!(chinese < english, "Chinese first under a Chinese locale: {zh}");
}

#[test]
fn a_missing_argument_is_a_usage_error() {
    let config = tempfile::tempdir().expect("temp dir");
    let failed = maxim(None, config.path()).args(["group", "info"]).assert().code(2);
    assert!(text(&failed.get_output().stderr).contains("missing <GROUP_ID> (or --group-id)"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_read_prints_the_data_as_json() {
    let mock = MockServer::start().await;
    let config = tempfile::tempdir().expect("temp dir");
    let read = maxim(Some(&mock), config.path()).args(["group", "info", "2306414607729"]).assert().success();
    let group: Value = serde_json::from_slice(&read.get_output().stdout).expect("JSON on stdout");
    assert_eq!(group["group_id"], json!(2306414607729_i64));
    assert_eq!(text(&read.get_output().stdout).lines().count(), 1, "compact when piped");
    let sent = mock.received_at(Method::Get, "/group/info").await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].query_param("group_id"), Some("2306414607729"));
    assert_eq!(sent[0].header("app_id"), Some(mock::APP_ID));
    assert_eq!(sent[0].header("access-token"), Some(mock::ADMIN_TOKEN));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_write_sends_the_body_and_acts_as_a_user() {
    let mock = MockServer::start().await;
    let config = tempfile::tempdir().expect("temp dir");
    // The emulator sends between users it knows: the example user writes to one registered here.
    let admin = mock.client().expect("client");
    let bob = admin.user().register_v2("bob", "bob-password").await.expect("registered").user_id.to_string();
    let me = mock::EXAMPLE_USER_ID.to_string();
    let args = ["message", "send", "--targets", bob.as_str(), "--type", "user", "--content-type", "text"];
    maxim(Some(&mock), config.path()).args(args).args(["--content", "hi", "--as-user", me.as_str()]).assert().success();
    let sent = mock.received_at(Method::Post, "/message/send").await;
    assert_eq!(sent.len(), 1);
    let body = sent[0].json().expect("a JSON body");
    assert_eq!(body["targets"], json!([bob.parse::<i64>().expect("an ID")]));
    assert_eq!(
        (body["type"].clone(), body["content_type"].clone(), body["content"].clone()),
        (json!(1), json!(0), json!("hi"))
    );
    assert!(body["transaction_id"].is_i64(), "a send is de-duplicated, hence safe to retry: {body}");
    assert_eq!(sent[0].header("user_id"), Some(me.as_str()));

    // Positional required arguments, and the other verb the document lists: Bob, invited by the example group's
    // owner, leaves it (the owner cannot).
    let group = mock::EXAMPLE_GROUP_ID;
    let bob_id: i64 = bob.parse().expect("an ID");
    admin.as_user(mock::EXAMPLE_USER_ID).group().invite(group, [bob_id]).await.expect("invited");
    let leave = ["group", "leave", "2306414607729", "--via", "delete", "--as-user", bob.as_str()];
    maxim(Some(&mock), config.path()).args(leave).assert().success();
    let sent = mock.received_at(Method::Delete, "/group/leave").await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].query_param("group_id"), Some("2306414607729"));
}

#[tokio::test(flavor = "multi_thread")]
async fn all_streams_every_page_and_max_items_stops_early() {
    let mock = MockServer::start().await;
    let page = |users: &[i64]| {
        let data: Vec<Value> = users.iter().map(|id| json!({"user_id": id, "username": format!("u{id}")})).collect();
        json!({"code": 200, "message": null, "data": data})
    };
    // The first mounted answer that matches wins: page 2's, then page 1's for every other request.
    let list = || mock.on(Method::Get, "/user/list");
    list().query("page_num", "2").envelope(page(&[3])).await;
    list().envelope(page(&[1, 2])).await;
    let config = tempfile::tempdir().expect("temp dir");

    let mut all = maxim(Some(&mock), config.path());
    all.args(["user", "list", "--page-size", "2", "--all", "--output", "ndjson"]);
    let users = json_lines(&all.assert().success().get_output().stdout);
    let ids: Vec<&Value> = users.iter().map(|user| &user["user_id"]).collect();
    assert_eq!(ids, [&json!(1), &json!(2), &json!(3)], "one user per line, across pages");
    assert_eq!(mock.received_at(Method::Get, "/user/list").await.len(), 2, "the short page is the last");

    mock.reset().await;
    list().envelope(page(&[1, 2])).await;
    let mut first = maxim(Some(&mock), config.path());
    first.args(["user", "list", "--page-size", "2", "--max-items", "2", "-o", "ndjson"]);
    assert_eq!(json_lines(&first.assert().success().get_output().stdout).len(), 2);
    assert_eq!(mock.received_at(Method::Get, "/user/list").await.len(), 1, "no page fetched past the items wanted");

    let mut table = maxim(Some(&mock), config.path());
    table.args(["user", "list", "--max-items", "2", "--output", "table"]);
    let table = text(&table.assert().success().get_output().stdout);
    assert_eq!(table, "USER_ID  USERNAME\n1        u1\n2        u2\n");

    let not_paged = maxim(Some(&mock), config.path()).args(["group", "info", "1", "--all"]).assert().code(2);
    assert!(text(&not_paged.get_output().stderr).contains("not paged"));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_api_error_exits_3_with_its_code_on_stderr() {
    let mock = MockServer::start().await;
    // Answers are used in the order mounted: the business error once, then the HTTP error.
    mock.on(Method::Get, "/group/info").times(1).api_error(20001, "group not found").await;
    let config = tempfile::tempdir().expect("temp dir");
    let failed = maxim(Some(&mock), config.path()).args(["group", "info", "1"]).assert().code(3);
    let stderr = text(&failed.get_output().stderr);
    assert!(stderr.contains("20001") && stderr.contains("group not found"), "{stderr}");
    assert!(failed.get_output().stdout.is_empty());

    mock.on(Method::Get, "/group/info").http_error(503, "down").await;
    let failed = maxim(Some(&mock), config.path()).args(["group", "info", "1"]).assert().code(4);
    assert!(text(&failed.get_output().stderr).contains("HTTP 503"));
}

#[tokio::test(flavor = "multi_thread")]
async fn dry_run_prints_curl_and_sends_nothing() {
    let mock = MockServer::start().await;
    let config = tempfile::tempdir().expect("temp dir");
    let args = ["--dry-run", "message", "send", "--targets", "1,2", "--type", "group", "--content-type", "text"];
    let dry = maxim(Some(&mock), config.path()).args(args).args(["--content", "it's"]).assert().success();
    let curl = text(&dry.get_output().stdout);
    assert!(curl.starts_with(&format!("curl -X POST '{}/message/send'", mock.uri())), "{curl}");
    assert!(curl.contains("-H 'access-token: ***'") && !curl.contains(mock::ADMIN_TOKEN), "{curl}");
    assert!(curl.contains(&format!("-H 'app_id: {}'", mock::APP_ID)), "{curl}");
    assert!(curl.contains(r#""content":"it'\''s""#) && curl.contains(r#""targets":[1,2]"#), "{curl}");
    let mut shown = maxim(Some(&mock), config.path());
    shown.args(["--dry-run", "--show-secrets", "token", "by-id", "1", "pw"]);
    let shown = text(&shown.assert().success().get_output().stdout);
    assert!(shown.contains(mock::ADMIN_TOKEN) && shown.contains(r#""password":"pw""#), "{shown}");
    let mut hidden = maxim(Some(&mock), config.path());
    hidden.args(["--dry-run", "token", "by-id", "1", "pw"]);
    let hidden = text(&hidden.assert().success().get_output().stdout);
    assert!(hidden.contains(r#""password":"***""#) && !hidden.contains(r#""pw""#), "{hidden}");
    assert!(mock.received().await.is_empty(), "a dry run sends nothing");
}

#[tokio::test(flavor = "multi_thread")]
async fn configure_writes_a_private_profile_and_never_echoes_the_token() {
    let mock = MockServer::start().await;
    let config = tempfile::tempdir().expect("temp dir");
    let configure = maxim(None, config.path())
        .args(["configure", "--profile", "ops", "--base-url", &mock.uri(), "--app-id", mock::APP_ID, "--token-stdin"])
        .write_stdin(format!("{}\n", mock::ADMIN_TOKEN))
        .assert()
        .success();
    let said = format!("{}{}", text(&configure.get_output().stdout), text(&configure.get_output().stderr));
    assert!(said.contains("profile `ops`") && !said.contains(mock::ADMIN_TOKEN), "{said}");
    let file = config.path().join("config.toml");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).expect("written").permissions().mode() & 0o777, 0o600);
    }
    assert!(std::fs::read_to_string(&file).expect("readable").contains("[profiles.ops]"));

    maxim(None, config.path()).args(["--profile", "ops", "group", "info", "2306414607729"]).assert().success();
    let sent = mock.received_at(Method::Get, "/group/info").await;
    assert_eq!(sent[0].header("access-token"), Some(mock::ADMIN_TOKEN), "the profile's token is used");
    let missing = maxim(None, config.path()).args(["--profile", "nope", "group", "info", "5"]).assert().code(1);
    assert!(text(&missing.get_output().stderr).contains("no profile `nope`"));
}

#[tokio::test(flavor = "multi_thread")]
async fn files_upload_from_a_pipe_and_download_to_stdout() {
    let mock = MockServer::start().await;
    let config = tempfile::tempdir().expect("temp dir");
    let upload = maxim(Some(&mock), config.path())
        .args(["file", "upload-user-avatar", "-"])
        .write_stdin("piped bytes")
        .assert()
        .success();
    let uploaded: Value = serde_json::from_slice(&upload.get_output().stdout).expect("JSON");
    assert!(uploaded["download_url"].as_str().is_some_and(|url| url.starts_with(&mock.uri())), "{uploaded}");
    let stored = mock.received_at(Method::Post, mock::STORAGE_PATH).await;
    assert_eq!(stored.len(), 1);
    assert!(text(&stored[0].body).contains("piped bytes"));

    let download = maxim(Some(&mock), config.path()).args(["file", "download-avatar", "mock/a.png"]).assert().success();
    assert_eq!(download.get_output().stdout, mock::EXAMPLE_FILE);
    let saved = config.path().join("a.png");
    let args = ["file", "download-avatar", "mock/a.png", "--save", saved.to_str().expect("UTF-8 path")];
    assert!(maxim(Some(&mock), config.path()).args(args).assert().success().get_output().stdout.is_empty());
    assert_eq!(std::fs::read(&saved).expect("saved"), mock::EXAMPLE_FILE);
}

#[test]
fn completions_and_the_man_page() {
    let config = tempfile::tempdir().expect("temp dir");
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = maxim(None, config.path()).args(["completions", shell]).assert().success();
        let script = text(&script.get_output().stdout);
        assert!(script.contains("member-list"), "{shell} completes the operations");
    }
    let man = maxim(None, config.path()).arg("man").assert().success();
    assert!(text(&man.get_output().stdout).starts_with(".ie"), "roff");
}
