//! Safe by construction (issue 15): what the service always sends is a plain value, and an answer without it is a
//! located `Error::Decode` on loopback; examples and docs never pass their own literal `transaction_id`.

use futures::TryStreamExt;
use maxim_api::{Error, GroupInfo, GroupMember, RosterApplyRequest};
use maxim_api_tests::ids::{ALICE, BOB, GROUP};
use maxim_api_tests::{client, serve_json};
use serde_json::json;
use std::path::{Path, PathBuf};

/// The path, message and raw body of a decode error.
fn decode_parts(err: &Error) -> (&str, &str, &str) {
    match err {
        Error::Decode { path, message, body, body_truncated, .. } => {
            assert!(!body_truncated);
            (path, message, body)
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn an_answer_without_an_always_sent_id_is_a_decode_error_naming_it() {
    let body = json!({ "code": 200, "message": null, "data": { "owner_id": ALICE, "name": "Rust" } });
    let server = serve_json(200, body.clone()).await;
    let err = client(&server).group().info(GROUP).await.expect_err("no group_id");
    let (path, message, raw) = decode_parts(&err);
    assert_eq!(path, "data.group_id");
    assert!(message.starts_with("missing field `group_id`"), "{message}");
    assert_eq!(raw, body.to_string(), "the raw body is kept");
}

#[tokio::test]
async fn the_path_of_a_missing_id_goes_through_lists_and_nested_objects() {
    // A member list whose second member has no `user_id`.
    let body = json!({ "code": 200, "data": [{ "user_id": ALICE }, { "display_name": "no id" }] });
    let server = serve_json(200, body.clone()).await;
    let err = client(&server).group().member_list(GROUP).await.expect_err("no user_id");
    let (path, _, raw) = decode_parts(&err);
    assert_eq!(path, "data[1].user_id");
    assert_eq!(raw, body.to_string());

    // A history message whose sender has no `uid`.
    let message = json!({ "msg_id": 1, "from_xid": { "device_sn": 3 }, "content": "hi" });
    let body = json!({ "code": 200, "data": { "is_last": true, "messages": [message] } });
    let server = serve_json(200, body).await;
    let err = client(&server).message().history(BOB, 0, 20).await.expect_err("no sender uid");
    assert_eq!(decode_parts(&err).0, "data.messages[0].from_xid.uid");
}

#[tokio::test]
async fn always_sent_ids_decode_as_plain_values() -> Result<(), Error> {
    let body = json!({ "code": 200, "data": [{ "user_id": ALICE, "display_name": "Alice" }, { "user_id": BOB }] });
    let server = serve_json(200, body).await;
    let members: Vec<GroupMember> = client(&server).group().member_list(GROUP).items().try_collect().await?;
    let ids: Vec<i64> = members.iter().map(|member| member.user_id).collect();
    assert_eq!(ids, [ALICE, BOB]);
    Ok(())
}

#[test]
fn a_required_nested_input_is_an_argument_of_new() {
    let application = RosterApplyRequest::new(BOB).with_reason("hello");
    assert_eq!(serde_json::to_value(&application).expect("encodes"), json!({ "user_id": BOB, "reason": "hello" }));
}

// ---- transaction IDs ------------------------------------------------------------------------------------------

#[test]
fn an_answer_fixture_starts_from_default_under_the_mock_feature() {
    // `Default` on a type with always-sent IDs exists only with feature `mock`, which this test crate enables.
    let group = GroupInfo::default().with_name("x");
    assert_eq!(group.name.as_deref(), Some("x"));
    assert_eq!((group.group_id, group.owner_id), (0, 0));
    assert_eq!(group.avatar, None);
    assert_eq!(group, GroupInfo::new(0, 0).with_name("x"));
    assert_ne!(group, GroupInfo::new(GROUP, ALICE).with_name("x"));
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace").to_path_buf()
}

/// The Rust files under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable").map(|e| e.expect("an entry").path()) {
        if entry.is_dir() {
            rust_files(&entry, out);
        } else if entry.extension().is_some_and(|e| e == "rs") {
            out.push(entry);
        }
    }
}

/// The lines of `text` that set a `transaction_id` themselves (`.transaction_id(…)`): the SDK generates one per call,
/// and a constant or a time-based value makes the service drop distinct messages as repeats. The setter's own
/// definition (`fn transaction_id(`) is not a call.
fn sets_transaction_id(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| line.contains(".transaction_id(") && !line.contains("fn transaction_id("))
        .map(|line| line.trim().to_owned())
        .collect()
}

#[test]
fn the_detector_finds_a_literal_or_time_based_transaction_id() {
    let quickstart_0_2 = "        .send([group_id], TargetType::Group, ContentType::Text, \"Hello, group!\")\n        \
                          .transaction_id(20261126)\n        .await?;";
    assert_eq!(sets_transaction_id(quickstart_0_2), [".transaction_id(20261126)"]);
    let history_0_2 = "    .transaction_id(i64::try_from(common::unique_suffix())?)";
    assert_eq!(sets_transaction_id(history_0_2).len(), 1);
    assert!(sets_transaction_id("pub fn transaction_id(mut self, transaction_id: i64) -> Self {").is_empty());
}

#[test]
fn no_example_readme_or_doc_sets_a_transaction_id() {
    let root = root();
    let mut files = Vec::new();
    rust_files(&root.join("maxim-api/examples"), &mut files);
    rust_files(&root.join("maxim-api/src"), &mut files);
    files.extend(["README.md", "maxim-api/README.md", "spec/overrides.toml"].map(|f| root.join(f)));
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable");
        let rust = file.extension().is_some_and(|e| e == "rs");
        let examples = file.components().any(|c| c.as_os_str() == "examples");
        // In the library's sources only the docs (examples and doctests) count; examples and the READMEs are all
        // text a user copies.
        let copied: String = if rust && !examples {
            text.lines().filter(|l| l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
        } else {
            text
        };
        for line in sets_transaction_id(&copied) {
            found.push(format!("{}: {line}", file.strip_prefix(&root).unwrap_or(file).display()));
        }
    }
    assert!(found.is_empty(), "examples and docs let the SDK generate the transaction_id:\n{}", found.join("\n"));
}

#[test]
fn every_de_duplicated_operation_says_when_to_set_a_transaction_id() {
    let mut files = Vec::new();
    rust_files(&root().join("maxim-api/src/generated"), &mut files);
    let (mut setters, mut promises) = (0, 0);
    for file in files {
        let text = std::fs::read_to_string(file).expect("readable");
        assert!(!text.contains("No deduplication when request ID is not set"), "the document's sentence is replaced");
        assert!(!text.contains("如果不设置就不会被去重"), "in both languages");
        setters += text.matches("pub fn transaction_id(").count();
        promises +=
            text.matches("generates one per call before the first attempt and reuses it on every retry").count();
        promises +=
            text.matches("Set your own `transaction_id` only when it is derived from the business event").count();
    }
    assert_eq!(setters, 3, "message.send, message.notify and ai.send_message take a transaction_id");
    assert_eq!(promises, 2 * setters, "each de-duplicated operation says the SDK makes one, and when to set your own");
}
