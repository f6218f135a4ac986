//! `Client::upload` on the wire: the multipart form object storage expects, no credentials to the storage host,
//! bounded error bodies and a signed URL that never shows in errors.

use maxim_api::{Error, UploadFile, UploadUrl};
use maxim_api_tests::{client, ids};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// What the tests return: `?` works on every error.
type TestResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// A storage signature in the URL's query: it must never show up in errors.
const SIGNATURE: &str = "sig-0123456789";

fn target(server: &MockServer, params: Value) -> UploadUrl {
    // Decoded as from the service, so that fields newer documents add (`upload_method`) keep their defaults.
    serde_json::from_value(json!({
        "upload_url": format!("{}/bucket?Signature={SIGNATURE}", server.uri()),
        "download_url": "https://cdn.example.com/chat/photo.png",
        "oss_body_param": params,
    }))
    .expect("an upload target")
}

async fn storage(status: u16, body: &str) -> MockServer {
    let server = MockServer::start().await;
    let answer = ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/xml");
    Mock::given(method("POST")).and(path("/bucket")).respond_with(answer).mount(&server).await;
    server
}

/// One part of a `multipart/form-data` body.
#[derive(Debug, PartialEq)]
struct FormPart {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    value: Vec<u8>,
}

/// Splits a multipart body by the boundary of its `Content-Type`.
fn form_parts(request: &Request) -> Vec<FormPart> {
    let content_type = request.headers.get("content-type").and_then(|v| v.to_str().ok()).expect("a content type");
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("a multipart form");
    let delimiter = format!("--{boundary}");
    // Latin-1, one char per byte, so that binary file contents come back unchanged.
    let body: String = request.body.iter().map(|&byte| char::from(byte)).collect();
    let mut sections: Vec<&str> = body.split(delimiter.as_str()).collect();
    assert_eq!(sections.first(), Some(&""), "the body starts with the boundary");
    assert_eq!(sections.pop().map(str::trim_end), Some("--"), "the body ends with the closing boundary");
    sections.remove(0);
    sections
        .into_iter()
        .map(|section| {
            let section = section.strip_prefix("\r\n").expect("CRLF after the boundary");
            let (head, value) = section.split_once("\r\n\r\n").expect("headers, blank line, value");
            let value = value.strip_suffix("\r\n").expect("CRLF before the next boundary");
            let header =
                |name: &str| head.lines().find_map(|line| line.strip_prefix(name)).map(|v| v.trim().to_owned());
            let disposition =
                header("content-disposition:").or_else(|| header("Content-Disposition:")).expect("disposition");
            let quoted = |key: &str| {
                let start = disposition.find(&format!("{key}=\""))? + key.len() + 2;
                Some(disposition[start..start + disposition[start..].find('"')?].to_owned())
            };
            FormPart {
                name: quoted("name").expect("a name"),
                file_name: quoted("filename"),
                content_type: header("content-type:").or_else(|| header("Content-Type:")),
                value: value.chars().map(|c| u8::try_from(c).expect("a Latin-1 char")).collect(),
            }
        })
        .collect()
}

fn text(name: &str, value: &str) -> FormPart {
    FormPart { name: name.into(), file_name: None, content_type: None, value: value.as_bytes().to_vec() }
}

fn assert_no_credentials(request: &Request) {
    for header in ["app_id", "access-token", "user_id", "group_id", "authorization", "cookie"] {
        assert!(request.headers.get(header).is_none(), "{header} was sent to the storage host");
    }
}

#[tokio::test]
async fn the_form_carries_the_stringified_fields_then_the_file() -> TestResult {
    let server = storage(204, "").await;
    let params = json!({
        "key": "chat/${filename}",
        "policy": "eyJleHBpcmF0aW9uIjoiMjAyNiJ9",
        "OSSAccessKeyId": "LTAI-test",
        "Signature": "form-signature",
        "success_action_status": 204,
        "x-oss-forbid-overwrite": true,
        "callback-var": null
    });
    // An admin acting as a user: none of it may reach the storage host.
    let client = client(&server).as_user(ids::ALICE);
    let file = UploadFile::bytes(&b"\x89PNG\r\n\x1a\nfake image"[..], "photo.png", "image/png");
    let uploaded = client.upload(&target(&server, params), file).await?;
    assert_eq!(uploaded.status, 204);
    assert_eq!(uploaded.object_name, "chat/photo.png", "`${{filename}}` is replaced");
    assert_eq!(uploaded.download_url, "https://cdn.example.com/chat/photo.png");

    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.query(), Some(format!("Signature={SIGNATURE}").as_str()), "the signed URL is used as is");
    assert_no_credentials(request);
    assert!(request.headers.get("user-agent").is_some(), "the user agent is still sent");
    let length = request.headers.get("content-length").and_then(|v| v.to_str().ok()).map(str::to_owned);
    assert_eq!(length, Some(request.body.len().to_string()), "a Content-Length, not a chunked body");
    // Fields in the order of the JSON object, `null` left out, the file last.
    let file = FormPart {
        name: "file".into(),
        file_name: Some("photo.png".into()),
        content_type: Some("image/png".into()),
        value: b"\x89PNG\r\n\x1a\nfake image".to_vec(),
    };
    let expected = vec![
        text("OSSAccessKeyId", "LTAI-test"),
        text("Signature", "form-signature"),
        text("key", "chat/${filename}"),
        text("policy", "eyJleHBpcmF0aW9uIjoiMjAyNiJ9"),
        text("success_action_status", "204"),
        text("x-oss-forbid-overwrite", "true"),
        file,
    ];
    assert_eq!(form_parts(request), expected);
    Ok(())
}

#[tokio::test]
async fn a_reader_is_streamed_with_its_length() -> TestResult {
    let server = storage(200, "").await;
    let contents: Vec<u8> = (0..100_000_u32).map(|i| (i % 251) as u8).collect();
    let reader = std::io::Cursor::new(contents.clone());
    let file = UploadFile::reader(reader, contents.len() as u64, "data.bin", "application/octet-stream");
    assert_eq!(file.len(), 100_000);
    let uploaded = client(&server).upload(&target(&server, json!({ "key": "files/data.bin" })), file).await?;
    assert_eq!((uploaded.status, uploaded.object_name.as_str()), (200, "files/data.bin"));

    let requests = server.received_requests().await.expect("recorded");
    let parts = form_parts(&requests[0]);
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[0], text("key", "files/data.bin"));
    assert_eq!(parts[1].name, "file");
    assert_eq!(parts[1].file_name.as_deref(), Some("data.bin"));
    assert_eq!(parts[1].value, contents, "the file's bytes, unchanged");
    let body = &requests[0].body;
    let length = requests[0].headers.get("content-length").and_then(|v| v.to_str().ok()).map(str::to_owned);
    assert_eq!(length, Some(body.len().to_string()));
    Ok(())
}

#[tokio::test]
async fn a_storage_error_is_http_with_a_bounded_body_and_no_signed_url() {
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code>\
         <Message>Invalid according to Policy: Policy expired.</Message><Padding>{}</Padding></Error>",
        "x".repeat(2 * maxim_api::MAX_ERROR_BODY)
    );
    let server = storage(403, &xml).await;
    let file = UploadFile::bytes(&b"data"[..], "a.txt", "text/plain");
    let err = client(&server).upload(&target(&server, json!({ "key": "a.txt" })), file).await.expect_err("403");
    match &err {
        Error::Http { status, body, body_truncated, message, content_type, .. } => {
            assert_eq!(*status, 403);
            assert_eq!(message.as_deref(), Some("AccessDenied: Invalid according to Policy: Policy expired."));
            assert_eq!(content_type.as_deref(), Some("application/xml"));
            assert!(body.starts_with("<?xml"), "{body:.80}");
            assert!(*body_truncated, "the body was cut");
            assert_eq!(body.len(), maxim_api::MAX_ERROR_BODY, "cut at the limit");
        }
        other => panic!("expected Error::Http, got {other:?}"),
    }
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(SIGNATURE) && !shown.contains("/bucket"), "{shown}");
    assert!(err.to_string().contains("HTTP 403"), "{err}");
}

#[tokio::test]
async fn an_unreachable_storage_is_a_transport_error_without_the_url() {
    let server = MockServer::start().await;
    let mut target = target(&server, json!({}));
    // Nothing listens on port 9 of loopback.
    target.upload_url = format!("http://127.0.0.1:9/bucket?Signature={SIGNATURE}");
    let err =
        client(&server).upload(&target, UploadFile::bytes(&b"x"[..], "x", "text/plain")).await.expect_err("refused");
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    let shown = format!("{err} {err:?} {:?}", std::error::Error::source(&err));
    assert!(!shown.contains(SIGNATURE), "{shown}");
}

#[tokio::test]
async fn a_target_with_an_empty_upload_url_is_refused_before_sending() {
    let server = MockServer::start().await;
    let mut target = target(&server, json!({}));
    target.upload_url = String::new();
    let err =
        client(&server).upload(&target, UploadFile::bytes(&b"x"[..], "x", "text/plain")).await.expect_err("no url");
    assert!(matches!(&err, Error::Decode { path, .. } if path == "data.upload_url"), "{err:?}");
    // No form `key` and no path in the URL: the caller could not name the uploaded object afterwards.
    let unnamed = json!({ "upload_url": server.uri(), "download_url": "https://cdn.example.com/x" });
    let target: UploadUrl = serde_json::from_value(unnamed).expect("a target");
    let err =
        client(&server).upload(&target, UploadFile::bytes(&b"x"[..], "x", "text/plain")).await.expect_err("no name");
    assert!(matches!(&err, Error::Decode { path, .. } if path == "data.oss_body_param.key"), "{err:?}");
    let named =
        json!({ "upload_url": server.uri(), "download_url": "https://cdn/x", "oss_body_param": { "key": "k" } });
    let target: UploadUrl = serde_json::from_value(named).expect("a target");
    let err = client(&server)
        .upload(&target, UploadFile::bytes(&b"x"[..], "x", "bad type\n"))
        .await
        .expect_err("bad content type");
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
    assert!(server.received_requests().await.expect("recorded").is_empty());
}

/// The 2026 document adds `upload_method` (`POST`/`PUT`) to the upload target: a PUT target gets the file's bytes
/// alone.
#[tokio::test]
async fn a_put_target_gets_the_bytes_alone() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).and(path("/object")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let target: UploadUrl = serde_json::from_value(json!({
        "upload_url": format!("{}/object?Signature={SIGNATURE}", server.uri()),
        "upload_method": "PUT",
        "download_url": "https://cdn.example.com/object",
    }))
    .expect("decodes");
    assert_eq!(target.upload_method.as_deref(), Some("PUT"));
    let uploaded = client(&server).upload(&target, UploadFile::bytes(&b"raw bytes"[..], "r.bin", "image/png")).await?;
    assert_eq!(uploaded.status, 200);
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests[0].method.as_str(), "PUT");
    assert_eq!(requests[0].body, b"raw bytes");
    assert_eq!(requests[0].headers.get("content-type").and_then(|v| v.to_str().ok()), Some("image/png"));
    assert_no_credentials(&requests[0]);
    Ok(())
}
