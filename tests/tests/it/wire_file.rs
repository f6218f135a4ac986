//! Wire tests of section 6 of the API document (spec/zh-hans/file.md), 文件操作接口 (`client.file()`): all 6
//! entries, 6.1 to 6.6, one method+path pair each, with binary downloads (bytes and content type unchanged,
//! redirects, errors) and upload URLs.

use maxim_api::{AudioFormat, Error, ErrorCode, FileType, ImageType, Method, TargetType, ThumbnailStrategy, UploadUrl};
use maxim_api_tests::ids::{ALICE as ME, BOB as FRIEND, GROUP};
use maxim_api_tests::{Acting, Expected, assert_received, assert_request, client, serve, serve_data, serve_json};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A PNG signature followed by every byte value: not UTF-8, with NULs and 0x80..0xff.
fn binary_png() -> Vec<u8> {
    let mut bytes = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    bytes.extend(0u8..=255);
    bytes
}

// ---- 6.1 GET /file/download/avatar -----------------------------------------------------------------------------

#[tokio::test]
async fn file_download_avatar_returns_binary_bytes_unchanged() {
    let png = binary_png();
    assert!(std::str::from_utf8(&png).is_err(), "the test body must not be UTF-8");
    let server = serve(ResponseTemplate::new(200).set_body_raw(png.clone(), "image/png")).await;
    let download = client(&server)
        .as_user(ME)
        .file()
        .download_avatar("avatar/2302128618880_1569615417000.png")
        .h(200.0)
        .image_type(ImageType::Thumbnail)
        .sdk_sign("sdk-sign-1")
        .store_token("store-token-1")
        .thumbnail_strategy(ThumbnailStrategy::Local)
        .w(300.5)
        .await
        .unwrap();
    assert_eq!(download.bytes.as_ref(), png.as_slice());
    assert_eq!(download.bytes.len(), 8 + 256);
    assert_eq!(download.content_type.as_deref(), Some("image/png"));
    assert_received(
        &server,
        Expected::new("GET", "/file/download/avatar")
            .query(
                "h=200.0&image_type=2&object_name=avatar%2F2302128618880_1569615417000.png&sdk_sign=sdk-sign-1\
                 &store_token=store-token-1&thumbnail_strategy=2&w=300.5",
            )
            .acting(Acting::User(ME)),
    )
    .await;
}

#[tokio::test]
async fn file_download_avatar_required_only() {
    let server = serve(ResponseTemplate::new(200).set_body_raw(binary_png(), "image/png")).await;
    let download = client(&server).file().download_avatar("a.png").await.unwrap();
    assert_eq!(download.bytes.as_ref(), binary_png().as_slice());
    assert_received(&server, Expected::new("GET", "/file/download/avatar").query("object_name=a.png")).await;
}

#[tokio::test]
async fn file_download_avatar_without_content_type_and_empty_file() {
    let server = serve(ResponseTemplate::new(200)).await;
    let download = client(&server).file().download_avatar("empty.png").image_type(ImageType::Cover).await.unwrap();
    assert!(download.bytes.is_empty());
    assert_eq!(download.content_type, None);
    assert_received(&server, Expected::new("GET", "/file/download/avatar").query("image_type=3&object_name=empty.png"))
        .await;
}

#[tokio::test]
async fn file_download_avatar_json_error_envelope_is_an_api_error() {
    let body = json!({ "code": 10008, "message": "access-token invalid", "data": null });
    let server = serve_json(200, body.clone()).await;
    let err = client(&server).file().download_avatar("a.png").await.unwrap_err();
    match &err {
        Error::Api { code, message, http_status, operation, method, url_path, body: raw, body_truncated } => {
            assert!(!body_truncated);
            assert_eq!(*code, ErrorCode::AccessTokenInvalid);
            assert_eq!(message.as_deref(), Some("access-token invalid"));
            assert_eq!(*http_status, 200);
            assert_eq!(*operation, "file.download_avatar");
            assert_eq!(*method, Method::Get);
            assert_eq!(*url_path, "/file/download/avatar");
            assert_eq!(serde_json::from_str::<serde_json::Value>(raw).unwrap(), body);
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert_received(&server, Expected::new("GET", "/file/download/avatar").query("object_name=a.png")).await;
}

#[tokio::test]
async fn file_download_avatar_json_file_with_code_200_is_returned_as_bytes() {
    // A downloaded file may itself be JSON; an envelope-shaped answer with code 200 is still the file.
    let json_file = br#"{"code":200,"data":{"k":1}}"#.to_vec();
    let server = serve(ResponseTemplate::new(200).set_body_raw(json_file.clone(), "application/json")).await;
    let download = client(&server).file().download_avatar("a.json").await.unwrap();
    assert_eq!(download.bytes.as_ref(), json_file.as_slice());
    assert_eq!(download.content_type.as_deref(), Some("application/json"));
    assert_received(&server, Expected::new("GET", "/file/download/avatar").query("object_name=a.json")).await;
}

// ---- 6.2 GET /file/download/chat -------------------------------------------------------------------------------

#[tokio::test]
async fn file_download_chat_sends_every_optional_param_in_document_order() {
    let audio: Vec<u8> = (0u8..=255).rev().chain([0xff, 0xfb, 0x90, 0x00]).collect();
    let server = serve(ResponseTemplate::new(200).set_body_raw(audio.clone(), "audio/mpeg")).await;
    let download = client(&server)
        .as_user(ME)
        .file()
        .download_chat("sign/abc+def=")
        .format(AudioFormat::Mp3)
        .h(480.0)
        .image_type(ImageType::Original)
        .sdk_sign("s1")
        .source(maxim_api::RequestSource::MiniProgram)
        .store_token("tok")
        .thumbnail_strategy(ThumbnailStrategy::ThirdParty)
        .w(640.0)
        .await
        .unwrap();
    assert_eq!(download.bytes.as_ref(), audio.as_slice());
    assert_eq!(download.content_type.as_deref(), Some("audio/mpeg"));
    assert_received(
        &server,
        Expected::new("GET", "/file/download/chat")
            .query(
                "file_sign=sign%2Fabc%2Bdef%3D&format=mp3&h=480.0&image_type=1&sdk_sign=s1&source=miniprogram\
                 &store_token=tok&thumbnail_strategy=1&w=640.0",
            )
            .acting(Acting::User(ME)),
    )
    .await;
}

#[tokio::test]
async fn file_download_chat_required_only_as_group_admin() {
    let server = serve(ResponseTemplate::new(200).set_body_raw(binary_png(), "image/png")).await;
    let download = client(&server).as_group_admin(GROUP).file().download_chat("f1").await.unwrap();
    assert_eq!(download.bytes.as_ref(), binary_png().as_slice());
    assert_eq!(download.content_type.as_deref(), Some("image/png"));
    assert_received(
        &server,
        Expected::new("GET", "/file/download/chat").query("file_sign=f1").acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn file_download_chat_unknown_format_is_sent_verbatim() {
    let server = serve(ResponseTemplate::new(200).set_body_raw(vec![1u8, 2, 3], "audio/ogg")).await;
    let download = client(&server).file().download_chat("f1").format(AudioFormat::from("ogg")).await.unwrap();
    assert_eq!(download.bytes.as_ref(), &[1u8, 2, 3]);
    assert_received(&server, Expected::new("GET", "/file/download/chat").query("file_sign=f1&format=ogg")).await;
}

#[tokio::test]
async fn file_download_chat_http_404_is_an_http_error_with_raw_body() {
    let html = "<html><body><h1>404 Not Found</h1></body></html>";
    let server = serve(ResponseTemplate::new(404).set_body_raw(html, "text/html")).await;
    let err = client(&server).file().download_chat("missing").await.unwrap_err();
    match &err {
        Error::Http { status, content_type, body, code, message, operation, url_path, .. } => {
            assert_eq!(*status, 404);
            assert_eq!(content_type.as_deref(), Some("text/html"));
            assert_eq!(body, html);
            assert_eq!(*code, None);
            assert_eq!(*message, None);
            assert_eq!(*operation, "file.download_chat");
            assert_eq!(*url_path, "/file/download/chat");
        }
        other => panic!("expected Error::Http, got {other:?}"),
    }
    assert_received(&server, Expected::new("GET", "/file/download/chat").query("file_sign=missing")).await;
}

#[tokio::test]
async fn file_download_chat_follows_a_same_host_redirect() {
    let server = MockServer::start().await;
    let audio: Vec<u8> = vec![0x23, 0x21, 0x41, 0x4d, 0x52, 0x0a, 0x00, 0xff, 0x80];
    Mock::given(method("GET"))
        .and(path("/file/download/chat"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/storage/chat/f1.amr?sig=xyz"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/storage/chat/f1.amr"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(audio.clone(), "audio/amr"))
        .mount(&server)
        .await;
    let download = client(&server).as_user(ME).file().download_chat("f1").await.unwrap();
    assert_eq!(download.bytes.as_ref(), audio.as_slice());
    assert_eq!(download.content_type.as_deref(), Some("audio/amr"));
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2, "the API request, then the redirect target");
    assert_request(
        &received[0],
        &Expected::new("GET", "/file/download/chat").query("file_sign=f1").acting(Acting::User(ME)),
    );
    assert_eq!(received[1].url.path(), "/storage/chat/f1.amr");
    assert_eq!(received[1].url.query(), Some("sig=xyz"));
}

#[tokio::test]
async fn file_download_chat_cross_host_redirect_does_not_leak_the_access_token() {
    let api = MockServer::start().await;
    let storage = MockServer::start().await;
    let file = binary_png();
    Mock::given(method("GET"))
        .and(path("/file/download/chat"))
        .respond_with(
            ResponseTemplate::new(302).insert_header("location", format!("{}/bucket/f1.png?sig=xyz", storage.uri())),
        )
        .mount(&api)
        .await;
    Mock::given(method("GET"))
        .and(path("/bucket/f1.png"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(file.clone(), "image/png"))
        .mount(&storage)
        .await;
    let download = client(&api).file().download_chat("f1").await.unwrap();
    assert_eq!(download.bytes.as_ref(), file.as_slice());
    assert_received(&api, Expected::new("GET", "/file/download/chat").query("file_sign=f1")).await;
    let received = storage.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].headers.get("access-token"), None, "the admin token went to the storage host");
    assert_eq!(received[0].headers.get("app_id"), None, "the app id went to the storage host");
    assert_eq!(received[0].url.query(), Some("sig=xyz"), "the signed URL is followed as given");
}

// ---- 6.3 GET /file/upload/avatar/group -------------------------------------------------------------------------

fn upload_url_json() -> serde_json::Value {
    json!({
        "upload_url": "https://oss.example.com/",
        "download_url": "https://cdn.example.com/avatar/g/2306414607729.png",
        "upload_method": "POST",
        "oss_body_param": {
            "key": "avatar/g/2306414607729.png",
            "policy": "eyJleHBpcmF0aW9uIjoi",
            "OSSAccessKeyId": "LTAI-test",
            "signature": "c2lnbmF0dXJl",
            "success_action_status": "200"
        },
        "expire_at": 1569615417000_i64
    })
}

#[tokio::test]
async fn file_upload_group_avatar_decodes_upload_url_as_user() {
    let server = serve_data(upload_url_json()).await;
    let url = client(&server).as_user(ME).file().upload_group_avatar(GROUP).await.unwrap();
    assert_eq!(url.upload_url, "https://oss.example.com/");
    assert_eq!(url.download_url, "https://cdn.example.com/avatar/g/2306414607729.png");
    assert_eq!(url.upload_method.as_deref(), Some("POST"));
    let form = url.oss_body_param.expect("form fields");
    assert_eq!(form["key"], "avatar/g/2306414607729.png");
    assert_eq!(form["success_action_status"], "200");
    assert_eq!(form.as_object().map(|o| o.len()), Some(5));
    assert_received(
        &server,
        Expected::new("GET", "/file/upload/avatar/group").query("group_id=2306414607729").acting(Acting::User(ME)),
    )
    .await;
}

#[tokio::test]
async fn file_upload_group_avatar_partial_data() {
    // `download_url` is always sent (spec/overrides.toml): without it the target is useless, and the caller hears so.
    let server = serve_data(json!({ "upload_url": "https://oss.example.com/" })).await;
    let err = client(&server).file().upload_group_avatar(GROUP).await.unwrap_err();
    assert!(matches!(&err, Error::Decode { path, .. } if path == "data.download_url"), "{err:?}");
    assert_received(&server, Expected::new("GET", "/file/upload/avatar/group").query("group_id=2306414607729")).await;
}

// ---- 6.4 GET /file/upload/avatar/user --------------------------------------------------------------------------

#[tokio::test]
async fn file_upload_user_avatar_as_user() {
    let server = serve_data(json!({
        "upload_url": "https://oss.example.com/",
        "download_url": "https://cdn.example.com/avatar/u/2302128618880.png",
        "oss_body_param": { "key": "avatar/u/2302128618880.png" },
        "upload_method": "PUT"
    }))
    .await;
    let url = client(&server).as_user(ME).file().upload_user_avatar().await.unwrap();
    let mut expected = UploadUrl::new("https://cdn.example.com/avatar/u/2302128618880.png", "https://oss.example.com/");
    expected.oss_body_param = Some(json!({ "key": "avatar/u/2302128618880.png" }));
    expected.upload_method = Some("PUT".into());
    assert_eq!(url, expected);
    assert_received(&server, Expected::new("GET", "/file/upload/avatar/user").acting(Acting::User(ME))).await;
}

#[tokio::test]
async fn file_upload_user_avatar_null_data_is_a_decode_error() {
    // The document promises `data`: a success without it says so instead of returning nothing.
    let server = serve_data(json!(null)).await;
    let err = client(&server).file().upload_user_avatar().await.unwrap_err();
    match &err {
        Error::Decode { path, message, body, .. } => {
            assert_eq!(path, "data");
            assert!(message.contains("no `data`"), "{message}");
            assert_eq!(body, r#"{"code":200,"data":null,"message":null}"#);
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert_received(&server, Expected::new("GET", "/file/upload/avatar/user")).await;
}

// ---- 6.5 GET /file/upload/chat ---------------------------------------------------------------------------------

#[tokio::test]
async fn file_upload_chat_file_sends_numeric_enums_in_document_order() {
    let server = serve_data(upload_url_json()).await;
    let url = client(&server)
        .as_user(ME)
        .file()
        .upload_chat_file(FileType::ChatImage, GROUP)
        .to_type(TargetType::Group)
        .await
        .unwrap();
    assert_eq!(url.upload_url, "https://oss.example.com/");
    assert!(url.oss_body_param.is_some());
    assert_received(
        &server,
        Expected::new("GET", "/file/upload/chat")
            .query("file_type=102&to_id=2306414607729&to_type=2")
            .acting(Acting::User(ME)),
    )
    .await;
}

#[tokio::test]
async fn file_upload_chat_file_to_user_and_shared_and_unknown_types() {
    let server =
        serve_data(json!({ "upload_url": "https://oss.example.com/", "download_url": "https://cdn.example.com/f" }))
            .await;
    let url =
        client(&server).file().upload_chat_file(FileType::SharedVideo, FRIEND).to_type(TargetType::User).await.unwrap();
    assert_eq!(url.download_url, "https://cdn.example.com/f");
    assert_received(
        &server,
        Expected::new("GET", "/file/upload/chat").query("file_type=203&to_id=2302128618881&to_type=1"),
    )
    .await;

    // Values the SDK does not know are sent as given.
    let server = serve_data(json!({ "upload_url": "https://oss.example.com/", "download_url": "https://cdn/x" })).await;
    let url = client(&server)
        .file()
        .upload_chat_file(FileType::from(105), FRIEND)
        .to_type(TargetType::from(3))
        .await
        .unwrap();
    assert_eq!(url, UploadUrl::new("https://cdn/x", "https://oss.example.com/"), "the optional fields are absent");
    assert_received(
        &server,
        Expected::new("GET", "/file/upload/chat").query("file_type=105&to_id=2302128618881&to_type=3"),
    )
    .await;
}

#[tokio::test]
async fn file_upload_chat_file_without_to_type_as_the_document_allows() {
    // Entry 6.5 marks to_type optional (必填 false): without it, no to_type is sent.
    let server = serve_data(upload_url_json()).await;
    let url = client(&server).as_user(ME).file().upload_chat_file(FileType::ChatFile, FRIEND).await.unwrap();
    assert_eq!(url.upload_url, "https://oss.example.com/");
    assert_received(
        &server,
        Expected::new("GET", "/file/upload/chat").query("file_type=100&to_id=2302128618881").acting(Acting::User(ME)),
    )
    .await;
}

// ---- 6.6 GET /file/upload/forward ------------------------------------------------------------------------------

#[tokio::test]
async fn file_forward_chat_file_returns_string_as_user() {
    let server = serve_data(json!("https://cdn.example.com/chat/forwarded/f1.png")).await;
    let url = client(&server)
        .as_user(ME)
        .file()
        .forward_chat_file("sign/abc", FRIEND)
        .to_type(TargetType::User)
        .await
        .unwrap();
    assert_eq!(url, "https://cdn.example.com/chat/forwarded/f1.png");
    assert_received(
        &server,
        Expected::new("GET", "/file/upload/forward")
            .query("file_sign=sign%2Fabc&to_id=2302128618881&to_type=1")
            .acting(Acting::User(ME)),
    )
    .await;
}

#[tokio::test]
async fn file_forward_chat_file_to_group_as_group_admin() {
    let server = serve_data(json!("f2")).await;
    let admin = client(&server).as_group_admin(GROUP);
    let url = admin.file().forward_chat_file("f1", GROUP).to_type(TargetType::Group).await.unwrap();
    assert_eq!(url, "f2");
    assert_received(
        &server,
        Expected::new("GET", "/file/upload/forward")
            .query("file_sign=f1&to_id=2306414607729&to_type=2")
            .acting(Acting::GroupAdmin(GROUP)),
    )
    .await;
}

#[tokio::test]
async fn file_forward_chat_file_without_to_type_as_the_document_allows() {
    // Entry 6.6 marks to_type optional (必填 false): without it, no to_type is sent.
    let server = serve_data(json!("https://cdn.example.com/chat/forwarded/f1.png")).await;
    let url = client(&server).as_user(ME).file().forward_chat_file("f1", FRIEND).await.unwrap();
    assert_eq!(url, "https://cdn.example.com/chat/forwarded/f1.png");
    assert_received(
        &server,
        Expected::new("GET", "/file/upload/forward").query("file_sign=f1&to_id=2302128618881").acting(Acting::User(ME)),
    )
    .await;
}
