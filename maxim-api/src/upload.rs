//! Uploading a file to object storage with the signed target an upload operation returns ([`Client::upload`]).
//!
//! The `/file/upload/*` operations do not take the file: they answer with an [`UploadUrl`] that says where to put
//! it (`upload_url`), the form fields object storage wants beside it (`oss_body_param`: key, policy, signature,
//! …) and where the file is served afterwards (`download_url`). [`Client::upload`] performs that second step: a
//! `multipart/form-data` POST of the fields, stringified, followed by the file part named `file` (object storage
//! requires the file to be the form's last field).
//!
//! The storage host is not the API: the request carries none of the client's credentials or identity headers
//! (`app_id`, `access-token`, `user_id`, `group_id`), only the `User-Agent`. The signed URL is kept out of errors
//! and logs, and an error answer's body is kept only up to [`MAX_ERROR_BODY`](crate::MAX_ERROR_BODY) bytes.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header;
use reqwest::multipart::{Form, Part};

use crate::client::Client;
use crate::error::{Error, MAX_ERROR_BODY, Result};
use crate::generated::UploadUrl;
use crate::values::Method;

/// The `operation` of errors from the upload to object storage.
const OPERATION: &str = "upload";
/// Stands for the signed URL in errors, which must not show it (its query string is a credential).
const URL_PATH: &str = "<upload_url>";
/// An upload writes one object under the name the service chose: sending it again writes the same object, once.
const UPLOAD_REPLAY_SAFE: bool = true;

/// A file to upload: its contents, name and content type. See [`Client::upload`].
pub struct UploadFile {
    contents: Contents,
    file_name: String,
    content_type: String,
    timeout: Option<Duration>,
}

enum Contents {
    Bytes(Bytes),
    Reader { body: reqwest::Body, len: u64 },
}

impl UploadFile {
    /// A file held in memory.
    ///
    /// ```
    /// let file = maxim_api::UploadFile::bytes(&b"hello"[..], "hello.txt", "text/plain");
    /// assert_eq!(file.len(), 5);
    /// ```
    pub fn bytes(contents: impl Into<Bytes>, file_name: impl Into<String>, content_type: impl Into<String>) -> Self {
        Self::new(Contents::Bytes(contents.into()), file_name, content_type)
    }

    /// A file read from `reader` as it is sent, without loading it into memory; `len` is its exact length in bytes
    /// (object storage wants the form's `Content-Length`). A reader that ends early or goes on past `len` makes the
    /// upload fail.
    ///
    /// ```no_run
    /// # async fn demo() -> std::io::Result<maxim_api::UploadFile> {
    /// let file = tokio::fs::File::open("video.mp4").await?;
    /// let len = file.metadata().await?.len();
    /// Ok(maxim_api::UploadFile::reader(file, len, "video.mp4", "video/mp4"))
    /// # }
    /// ```
    pub fn reader(
        reader: impl tokio::io::AsyncRead + Send + 'static,
        len: u64,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
    ) -> Self {
        let body = reqwest::Body::wrap_stream(tokio_util::io::ReaderStream::new(reader));
        Self::new(Contents::Reader { body, len }, file_name, content_type)
    }

    fn new(contents: Contents, file_name: impl Into<String>, content_type: impl Into<String>) -> Self {
        UploadFile { contents, file_name: file_name.into(), content_type: content_type.into(), timeout: None }
    }

    /// The whole upload's timeout, instead of the client's per-request timeout (large files need longer).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The file's length in bytes.
    pub fn len(&self) -> u64 {
        match &self.contents {
            Contents::Bytes(bytes) => bytes.len() as u64,
            Contents::Reader { len, .. } => *len,
        }
    }

    /// Whether the file is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn into_part(self) -> Result<Part> {
        let part = match self.contents {
            Contents::Bytes(bytes) => {
                let len = bytes.len() as u64;
                Part::stream_with_length(bytes, len)
            }
            Contents::Reader { body, len } => Part::stream_with_length(body, len),
        };
        let part = part.file_name(self.file_name);
        part.mime_str(&self.content_type)
            .map_err(|_| Error::config(format!("{:?} is not a valid content type", self.content_type)))
    }
}

impl fmt::Debug for UploadFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UploadFile")
            .field("len", &self.len())
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// What a successful upload leaves the caller: where the file is served and its name in storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadedFile {
    /// The `download_url` of the upload target: where the file can be fetched, and what a message's attachment or
    /// a user's avatar refers to.
    pub download_url: String,
    /// The object's name (key) in storage: the form's `key` field, with `${filename}` replaced by the file name as
    /// object storage does, or for a target without a form (a pre-signed PUT URL) the URL's path. The avatar
    /// downloads take it as `object_name`.
    pub object_name: String,
    /// The HTTP status object storage answered with (204 unless the form asked for another).
    pub status: u16,
}

impl Client {
    /// Uploads `file` to the `target` that an upload operation returned (`client.file().upload_chat_file(…)`,
    /// `upload_user_avatar`, `upload_group_avatar`).
    ///
    /// Sends a `multipart/form-data` POST to `target.upload_url` with every `oss_body_param` field as text (numbers
    /// and booleans written out, `null` left out, objects as JSON) and then the file as part `file`. None of this
    /// client's credentials are sent. An answer with `upload_method: "PUT"` is honoured by a PUT of the file's bytes
    /// alone, the convention of pre-signed PUT URLs.
    ///
    /// Errors: a target without `upload_url` (or whose `oss_body_param` is not an object) is [`Error::Decode`]; a
    /// non-2xx answer from storage is [`Error::Http`] with at most [`MAX_ERROR_BODY`] bytes of its body and, for
    /// the usual XML error document, its `Code` and `Message` as the message; network failures are
    /// [`Error::Transport`] or [`Error::Timeout`]. None of them shows the signed URL.
    ///
    /// ```no_run
    /// use maxim_api::{Client, FileType, TargetType, UploadFile};
    ///
    /// # async fn demo(client: Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let to_user = 2302128618880;
    /// let target = client.file().upload_chat_file(FileType::ChatImage, to_user).to_type(TargetType::User).await?;
    /// let png = std::fs::read("photo.png")?;
    /// let uploaded = client.upload(&target, UploadFile::bytes(png, "photo.png", "image/png")).await?;
    /// println!("served at {:?}", uploaded.download_url);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn upload(&self, target: &UploadUrl, file: UploadFile) -> Result<UploadedFile> {
        let shared = &self.shared;
        let url = target.upload_url.as_str();
        if url.is_empty() {
            return Err(bad_target("data.upload_url", "the upload target's `upload_url` is empty".to_owned()));
        }
        let fields = form_fields(target)?;
        let object_name = object_name(url, &fields, &file.file_name)?;
        let timeout = file.timeout.unwrap_or(self.attempt_timeout);
        let file_len = file.len();
        let method = if upload_method(target).eq_ignore_ascii_case("PUT") { Method::Put } else { Method::Post };
        let mut request = if method == Method::Put {
            let request = shared.http.put(url).header(header::CONTENT_TYPE, file.content_type);
            match file.contents {
                Contents::Bytes(bytes) => request.body(bytes),
                Contents::Reader { body, len } => request.header(header::CONTENT_LENGTH, len).body(body),
            }
        } else {
            let form = fields.into_iter().fold(Form::new(), |form, (name, value)| form.text(name, value));
            shared.http.post(url).multipart(form.part("file", file.into_part()?))
        };
        // Only the user agent: the API's credentials must not reach the storage host.
        if let Some(ua) = &shared.user_agent {
            request = request.header(header::USER_AGENT, ua.clone());
        }
        let started = std::time::Instant::now();
        let response = request.timeout(timeout).send().await.map_err(|e| transport_error(method, e))?;
        let status = response.status().as_u16();
        let elapsed_ms = started.elapsed().as_millis();
        // Like the API's requests: never the URL (it carries the signature), headers or body.
        tracing::debug!(
            operation = OPERATION,
            method = method.as_str(),
            status,
            elapsed_ms,
            file_len,
            "maxim-api upload"
        );
        if response.status().is_success() {
            return Ok(UploadedFile { download_url: target.download_url.clone(), object_name, status });
        }
        let content_type =
            response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let headers = crate::transport::error_headers(response.headers());
        let (body, body_truncated) = bounded_body(response).await;
        Err(Error::Http {
            status,
            operation: OPERATION,
            method,
            url_path: URL_PATH,
            content_type,
            message: storage_message(&body),
            body,
            body_truncated,
            headers,
            code: None,
            replay_safe: UPLOAD_REPLAY_SAFE,
        })
    }
}

/// `oss_body_param` as form fields, in the order object storage receives them.
fn form_fields(target: &UploadUrl) -> Result<Vec<(String, String)>> {
    use serde_json::Value;
    let params = match &target.oss_body_param {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Object(params)) => params,
        Some(other) => {
            let message = format!("`oss_body_param` should be an object of form fields, not {other}");
            return Err(bad_target("data.oss_body_param", message));
        }
    };
    let fields = params.iter().filter_map(|(name, value)| {
        let text = match value {
            Value::Null => return None,
            Value::String(s) => s.clone(),
            Value::Bool(_) | Value::Number(_) | Value::Array(_) | Value::Object(_) => value.to_string(),
        };
        Some((name.clone(), text))
    });
    Ok(fields.collect())
}

/// The object's name in storage: the form's `key` (object storage replaces `${filename}` in it), else the path of a
/// pre-signed URL. A target that names neither is refused before anything is sent: the caller could not refer to
/// the file afterwards.
fn object_name(url: &str, fields: &[(String, String)], file_name: &str) -> Result<String> {
    if let Some((_, key)) = fields.iter().find(|(name, _)| name == "key") {
        return Ok(if file_name.is_empty() { key.clone() } else { key.replace("${filename}", file_name) });
    }
    let path = reqwest::Url::parse(url).ok().map(|url| url.path().trim_start_matches('/').to_owned());
    match path {
        Some(path) if !path.is_empty() => Ok(path),
        _ => Err(bad_target("data.oss_body_param.key", "the upload target names no object (no form `key`)".to_owned())),
    }
}

/// `upload_method` of the target (`POST` when absent).
fn upload_method(target: &UploadUrl) -> &str {
    target.upload_method.as_deref().unwrap_or("POST")
}

fn bad_target(path: &str, message: String) -> Error {
    Error::Decode {
        operation: OPERATION,
        method: Method::Post,
        url_path: URL_PATH,
        path: path.to_owned(),
        message,
        body: String::new(),
        body_truncated: false,
        replay_safe: UPLOAD_REPLAY_SAFE,
    }
}

fn transport_error(method: Method, source: reqwest::Error) -> Error {
    // The URL carries the storage signature: keep it out of the error.
    let source = source.without_url();
    if source.is_timeout() {
        Error::Timeout { operation: OPERATION, method, url_path: URL_PATH, replay_safe: UPLOAD_REPLAY_SAFE }
    } else {
        Error::Transport { operation: OPERATION, method, url_path: URL_PATH, source, replay_safe: UPLOAD_REPLAY_SAFE }
    }
}

/// At most [`MAX_ERROR_BODY`] bytes of the answer, read chunk by chunk so that a huge error page is not buffered.
/// The body of a storage error, cut at [`MAX_ERROR_BODY`] bytes, and whether it was cut.
async fn bounded_body(mut response: reqwest::Response) -> (String, bool) {
    let mut body = Vec::new();
    let mut truncated = false;
    while let Ok(Some(chunk)) = response.chunk().await {
        let room = MAX_ERROR_BODY - body.len();
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if chunk.len() > room {
            truncated = true;
            break;
        }
    }
    (String::from_utf8_lossy(&body).into_owned(), truncated)
}

/// `Code: Message` of an object-storage XML error document (`<Error><Code>…</Code><Message>…</Message>`).
fn storage_message(body: &str) -> Option<String> {
    let element = |name: &str| {
        let start = body.find(&format!("<{name}>"))? + name.len() + 2;
        let end = start + body[start..].find(&format!("</{name}>"))?;
        Some(body[start..end].trim().to_owned())
    };
    match (element("Code"), element("Message")) {
        (Some(code), Some(message)) => Some(format!("{code}: {message}")),
        (code, message) => code.or(message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn target(params: serde_json::Value) -> UploadUrl {
        let target = json!({"upload_url": "http://127.0.0.1:9/up", "download_url": "http://127.0.0.1:9/file",
                            "oss_body_param": params});
        serde_json::from_value(target).expect("a target")
    }

    #[test]
    fn fields_are_stringified_and_nulls_dropped() -> Result<()> {
        let params = json!({"key": "a/${filename}", "success_action_status": 200, "flag": true, "gone": null,
                            "meta": {"k": 1}});
        let fields = form_fields(&target(params))?;
        let expected =
            [("flag", "true"), ("key", "a/${filename}"), ("meta", r#"{"k":1}"#), ("success_action_status", "200")];
        let fields: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        assert_eq!(fields, expected);
        Ok(())
    }

    #[test]
    fn a_target_that_is_not_an_object_is_a_decode_error() {
        let err = form_fields(&target(json!(["key"]))).map(|_| ()).unwrap_err();
        assert!(matches!(&err, Error::Decode { path, .. } if path == "data.oss_body_param"), "{err:?}");
    }

    #[test]
    fn storage_xml_errors_are_summarised() {
        let xml = "<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code><Message>Invalid according to Policy\
                   </Message><RequestId>1</RequestId></Error>";
        assert_eq!(storage_message(xml).as_deref(), Some("AccessDenied: Invalid according to Policy"));
        assert_eq!(storage_message("<html>bad gateway</html>"), None);
        assert_eq!(storage_message("<Code>X</Code>").as_deref(), Some("X"));
    }

    #[test]
    fn upload_method_defaults_to_post() {
        assert_eq!(upload_method(&target(json!({}))), "POST");
    }
}
