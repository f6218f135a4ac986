//! Limits against a hostile server, on loopback: bodies too large are refused without being buffered, error bodies
//! are cut, a redirect chain cannot stretch the call's timeout, downloads stream within their own cap, and paging
//! ends on circular cursors and on runs of empty pages.

use std::time::{Duration, Instant};

use futures::{StreamExt, TryStreamExt};
use maxim_api::{Client, Error, GroupMember, MAX_ERROR_BODY};
use maxim_api_tests::ids::GROUP;
use maxim_api_tests::raw::{self, Behaviour};
use maxim_api_tests::{APP_ID, TOKEN, client, serve};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const GIB: u64 = 1 << 30;
const MIB: u64 = 1 << 20;

fn client_to(uri: &str) -> maxim_api::ClientBuilder {
    Client::builder().base_url(uri).app_id(APP_ID).access_token(TOKEN)
}

fn too_large_limit(err: &Error) -> u64 {
    match err {
        Error::TooLarge { limit, status, .. } => {
            assert_eq!(*status, 200);
            *limit
        }
        other => panic!("expected Error::TooLarge, got {other:?}"),
    }
}

/// Gives the server time to notice the client hung up, then returns how much it wrote.
async fn written_after_hang_up(server: &raw::RawServer) -> u64 {
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.stats.bytes_written()
}

// ---- size limits ----

#[tokio::test]
async fn a_1_gib_json_body_announced_by_content_length_is_refused_before_reading() {
    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1073741824\r\n\r\n";
    let server = raw::start(Behaviour::Stream { head, limit: GIB }).await;
    let client = client_to(&server.uri).build().expect("client");
    let err = client.group().info(GROUP).await.unwrap_err();
    assert_eq!(too_large_limit(&err), 16 * MIB, "the default JSON limit");
    assert_eq!(err.to_string(), "GET /group/info: response body exceeds the limit of 16777216 bytes");
    assert!(!err.is_retryable());
    assert_eq!(server.stats.connections(), 1, "not retried");
    let written = written_after_hang_up(&server).await;
    assert!(written < 64 * MIB, "the client hung up instead of reading: the server wrote {written} bytes");
}

#[tokio::test]
async fn a_1_gib_json_body_without_content_length_is_cut_at_the_limit() {
    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n";
    let server = raw::start(Behaviour::Stream { head, limit: GIB }).await;
    let client = client_to(&server.uri).max_response_bytes(MIB).build().expect("client");
    let err = client.group().info(GROUP).await.unwrap_err();
    assert_eq!(too_large_limit(&err), MIB);
    let written = written_after_hang_up(&server).await;
    assert!(written < 64 * MIB, "read about the limit, not the whole body: the server wrote {written} bytes");
}

#[tokio::test]
async fn a_download_has_its_own_limit() {
    let head = "HTTP/1.1 200 OK\r\ncontent-type: image/png\r\nconnection: close\r\n\r\n";
    let server = raw::start(Behaviour::Stream { head, limit: GIB }).await;
    let client = client_to(&server.uri).max_download_bytes(2 * MIB).build().expect("client");
    let err = client.file().download_chat("sign").await.unwrap_err();
    assert_eq!(too_large_limit(&err), 2 * MIB);
    let written = written_after_hang_up(&server).await;
    assert!(written < 64 * MIB, "the server wrote {written} bytes");

    // Under the limit, the JSON limit does not apply to a file.
    let file = vec![7u8; 3 * 1024];
    let server = serve(ResponseTemplate::new(200).set_body_raw(file.clone(), "image/png")).await;
    let client = client_to(&server.uri()).max_response_bytes(1024).build().expect("client");
    let download = client.file().download_chat("sign").await.expect("3 KiB is under the download limit");
    assert_eq!(download.bytes.as_ref(), file.as_slice());
}

#[tokio::test]
async fn error_bodies_are_cut_and_say_so() {
    let huge = "x".repeat(MIB as usize);
    let server = serve(ResponseTemplate::new(500).set_body_raw(huge, "text/plain")).await;
    let err = client(&server).group().info(GROUP).await.unwrap_err();
    match &err {
        Error::Http { status: 500, body, body_truncated, .. } => {
            assert_eq!(body.len(), MAX_ERROR_BODY);
            assert!(body_truncated);
        }
        other => panic!("expected Error::Http, got {other:?}"),
    }
    assert!(format!("{err:?}").contains("body: <65536 bytes, truncated>"), "{err:?}");

    let small = r#"{"code":20001,"message":"group not exist"}"#;
    let server = serve(ResponseTemplate::new(404).set_body_raw(small, "application/json")).await;
    match client(&server).group().info(GROUP).await.unwrap_err() {
        Error::Http { body, body_truncated: false, .. } => assert_eq!(body, small),
        other => panic!("expected a whole small body, got {other:?}"),
    }
}

#[tokio::test]
async fn http_errors_keep_the_response_headers_but_cookies() {
    let answer = ResponseTemplate::new(403)
        .insert_header("x-request-id", "req-42")
        .insert_header("set-cookie", "session=SECRET")
        .set_body_raw("denied", "text/plain");
    let server = serve(answer).await;
    match client(&server).group().info(GROUP).await.unwrap_err() {
        Error::Http { headers, .. } => {
            assert_eq!(headers.get("x-request-id").and_then(|v| v.to_str().ok()), Some("req-42"));
            assert!(headers.get("set-cookie").is_none());
        }
        other => panic!("expected Error::Http, got {other:?}"),
    }
}

// ---- the timeout covers the whole call ----

#[tokio::test]
async fn a_three_hop_slow_redirect_chain_times_out_at_the_calls_timeout() {
    // Each hop answers in 0.7 s, under the 1.5 s timeout; the chain takes 2.8 s in all.
    let server = MockServer::start().await;
    let hop = |to: &str| ResponseTemplate::new(302).insert_header("location", to).set_delay(Duration::from_millis(700));
    Mock::given(path("/file/download/chat")).respond_with(hop("/hop/1")).mount(&server).await;
    Mock::given(path("/hop/1")).respond_with(hop("/hop/2")).mount(&server).await;
    Mock::given(path("/hop/2")).respond_with(hop("/hop/3")).mount(&server).await;
    let file = ResponseTemplate::new(200).set_body_raw("file", "text/plain").set_delay(Duration::from_millis(700));
    Mock::given(path("/hop/3")).respond_with(file).mount(&server).await;
    let started = Instant::now();
    let err = client(&server)
        .file()
        .download_chat("sign")
        .attempt_timeout(Duration::from_millis(1500))
        .no_retry()
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(err.is_timeout(), "{err:?}");
    assert!(elapsed >= Duration::from_millis(1500), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(2700), "gave up at the call's timeout, not per hop: {elapsed:?}");
}

// ---- streamed downloads ----

#[tokio::test]
async fn a_download_streams_into_a_writer_or_as_chunks() {
    let file: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let server = serve(ResponseTemplate::new(200).set_body_raw(file.clone(), "video/mp4")).await;
    let client = client(&server);
    let download = client.file().download_chat("sign").stream().await.expect("headers arrive");
    assert_eq!(download.content_type(), Some("video/mp4"));
    assert_eq!(download.content_length(), Some(200_000));
    let mut sink: Vec<u8> = Vec::new();
    assert_eq!(download.write_to(&mut sink).await.expect("written"), 200_000);
    assert_eq!(sink, file);

    let chunks: Vec<maxim_api::bytes::Bytes> = client
        .file()
        .download_chat("sign")
        .stream()
        .await
        .expect("headers")
        .bytes_stream()
        .try_collect()
        .await
        .expect("read");
    assert_eq!(chunks.concat(), file);
}

#[tokio::test]
async fn a_streamed_download_stops_at_its_own_limit() {
    let server = serve(ResponseTemplate::new(200).set_body_raw(vec![1u8; 4096], "image/png")).await;
    let download = client(&server).file().download_chat("sign").stream().await.expect("headers");
    let mut chunks = download.limit(1000).bytes_stream();
    assert!(matches!(chunks.next().await, Some(Err(Error::TooLarge { limit: 1000, .. }))));
    assert!(chunks.next().await.is_none(), "the error ends the stream");

    // Without Content-Length, the running count stops it.
    let head = "HTTP/1.1 200 OK\r\ncontent-type: image/png\r\nconnection: close\r\n\r\n";
    let server = raw::start(Behaviour::Stream { head, limit: GIB }).await;
    let client = client_to(&server.uri).build().expect("client");
    let download = client.file().download_chat("sign").stream().await.expect("headers");
    let mut sink: Vec<u8> = Vec::new();
    let err = download.limit(MIB).write_to(&mut sink).await.unwrap_err();
    assert_eq!(too_large_limit(&err), MIB);
    assert!(sink.len() as u64 <= MIB, "{}", sink.len());
}

#[tokio::test]
async fn a_streamed_download_answered_by_an_error_envelope_is_an_api_error() {
    let refusal = json!({ "code": 10010, "message": "no permission" });
    let server = serve(ResponseTemplate::new(200).set_body_json(refusal)).await;
    let err = client(&server).file().download_chat("sign").stream().await.unwrap_err();
    assert_eq!(err.api_code(), Some(maxim_api::ErrorCode::NoPermission));
}

// ---- paging a hostile server ----

fn members_page(cursor: Option<&str>, members: &[i64]) -> ResponseTemplate {
    let data: Vec<Value> = members.iter().map(|id| json!({ "user_id": id })).collect();
    let mut body = json!({ "code": 200, "message": null, "data": data });
    if let Some(cursor) = cursor {
        body["cursor"] = json!(cursor);
    }
    ResponseTemplate::new(200).set_body_json(body)
}

#[tokio::test]
async fn alternating_cursors_end_the_stream() {
    // The server answers a -> b -> a -> b … : the walk ends when `a` comes back.
    let server = MockServer::start().await;
    let route = || Mock::given(method("GET")).and(path("/group/member_list"));
    route().and(query_param_is_missing("cursor")).respond_with(members_page(Some("a"), &[1])).mount(&server).await;
    route().and(query_param("cursor", "a")).respond_with(members_page(Some("b"), &[2])).mount(&server).await;
    route().and(query_param("cursor", "b")).respond_with(members_page(Some("a"), &[3])).mount(&server).await;
    let client = client(&server);
    let walk = client.group().member_list(GROUP).items().try_collect::<Vec<GroupMember>>();
    let members = tokio::time::timeout(Duration::from_secs(10), walk).await.expect("the walk ends").expect("ok");
    assert_eq!(members.iter().map(|m| m.user_id).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert_eq!(server.received_requests().await.expect("recording").len(), 3);
}

/// A server that answers every page empty, with a fresh cursor each time.
async fn endless_empty_pages() -> MockServer {
    struct Fresh(std::sync::atomic::AtomicUsize);
    impl wiremock::Respond for Fresh {
        fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
            let n = self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            members_page(Some(&format!("c{n}")), &[])
        }
    }
    let server = MockServer::start().await;
    Mock::given(path("/group/member_list")).respond_with(Fresh(0.into())).mount(&server).await;
    server
}

#[tokio::test]
async fn consecutive_empty_pages_end_the_stream() {
    let server = endless_empty_pages().await;
    let client = maxim_api_tests::client(&server);
    let walk = client.group().member_list(GROUP).pages().try_collect::<Vec<_>>();
    let pages = tokio::time::timeout(Duration::from_secs(10), walk).await.expect("the walk ends").expect("ok");
    assert_eq!(pages.len(), 3, "the default is 3 empty pages in a row");

    let server = endless_empty_pages().await;
    let client = maxim_api_tests::client(&server);
    let walk = client.group().member_list(GROUP).max_empty_pages(5).items().try_collect::<Vec<_>>();
    let members = tokio::time::timeout(Duration::from_secs(10), walk).await.expect("the walk ends").expect("ok");
    assert!(members.is_empty());
    assert_eq!(server.received_requests().await.expect("recording").len(), 5);
}
