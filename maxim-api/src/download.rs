//! Downloaded files: [`Download`] (buffered, what `.await` on a download gives) and [`DownloadStream`] (what
//! `.stream()` gives: the body read chunk by chunk, as a `Stream` or into an `AsyncWrite`, within its own size
//! limit and the call's deadline).

use std::fmt;

use bytes::Bytes;
use futures::{Stream, StreamExt, stream};
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::time::Instant;

use crate::endpoint::Endpoint;
use crate::error::{Error, Result};
use crate::timer;
use crate::transport::{Body, transport_error};

/// A downloaded file.
#[derive(Clone, PartialEq, Eq)]
pub struct Download {
    /// The file's bytes, unchanged.
    pub bytes: Bytes,
    /// The response's `Content-Type`, if any.
    pub content_type: Option<String>,
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download").field("len", &self.bytes.len()).field("content_type", &self.content_type).finish()
    }
}

/// A download whose body has not been read yet. Read it with [`bytes_stream`](Self::bytes_stream) or
/// [`write_to`](Self::write_to); either stops with [`Error::TooLarge`] past [`limit`](Self::limit) bytes (default
/// [`ClientBuilder::max_download_bytes`](crate::ClientBuilder::max_download_bytes)) and with [`Error::Timeout`] at
/// the call's deadline (the call's timeout covers the body: set a long one with `.timeout()` for large files).
///
/// ```no_run
/// # async fn demo(client: maxim_api::Client) -> Result<(), maxim_api::Error> {
/// let mut file = tokio::fs::File::create("chat.bin").await.expect("create");
/// let download = client.file().download_chat("sign").stream().await?;
/// let written = download.limit(1 << 30).write_to(&mut file).await?;
/// # let _ = written;
/// # Ok(())
/// # }
/// ```
pub struct DownloadStream {
    endpoint: Endpoint,
    content_type: Option<String>,
    source: Source,
    limit: u64,
}

enum Source {
    /// A short body that was read already (an error check needed it).
    Read(Bytes),
    /// The live response.
    Live { response: Box<reqwest::Response>, deadline: Instant },
}

impl DownloadStream {
    pub(crate) fn new(endpoint: Endpoint, content_type: Option<String>, body: Body) -> Self {
        let (source, limit) = match body {
            Body::Read { bytes, .. } => (Source::Read(bytes), u64::MAX),
            Body::Unread { response, deadline, limit } => (Source::Live { response, deadline }, limit),
        };
        DownloadStream { endpoint, content_type, source, limit }
    }

    /// The response's `Content-Type`, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The body's length as announced by the server (`Content-Length`), if it did.
    pub fn content_length(&self) -> Option<u64> {
        match &self.source {
            Source::Read(bytes) => Some(bytes.len() as u64),
            Source::Live { response, .. } => response.content_length(),
        }
    }

    /// The most bytes this stream accepts before it fails with [`Error::TooLarge`].
    pub fn limit(mut self, bytes: u64) -> Self {
        self.limit = bytes;
        self
    }

    /// The body, chunk by chunk. The first error ends the stream.
    pub fn bytes_stream(self) -> impl Stream<Item = Result<Bytes>> + Send + Unpin + 'static {
        let DownloadStream { endpoint, source, limit, .. } = self;
        let Endpoint { operation, method, path, replay_safe } = endpoint;
        let too_large = move |status| Error::TooLarge { operation, method, url_path: path, limit, status, replay_safe };
        let state = match source {
            Source::Read(bytes) if bytes.len() as u64 > limit => Err(too_large(200)),
            Source::Read(bytes) => Ok(State::Read(Some(bytes))),
            Source::Live { response, .. } if response.content_length().is_some_and(|n| n > limit) => {
                Err(too_large(response.status().as_u16()))
            }
            Source::Live { response, deadline } => Ok(State::Live { response, deadline, received: 0 }),
        };
        let state = match state {
            Ok(state) => state,
            Err(error) => State::Failed(Some(error)),
        };
        Box::pin(stream::unfold(state, move |state| async move {
            match state {
                State::Failed(error) => error.map(|e| (Err(e), State::Failed(None))),
                State::Read(bytes) => bytes.map(|b| (Ok(b), State::Read(None))),
                State::Live { mut response, deadline, received } => {
                    let chunk = match timer::before(deadline, response.chunk()).await {
                        None => Err(Error::Timeout { operation, method, url_path: path, replay_safe }),
                        Some(read) => read.map_err(|e| transport_error(endpoint, e)),
                    };
                    match chunk {
                        Ok(None) => None,
                        Ok(Some(chunk)) => {
                            let received = received.saturating_add(chunk.len() as u64);
                            if received > limit {
                                let status = response.status().as_u16();
                                Some((Err(too_large(status)), State::Failed(None)))
                            } else {
                                Some((Ok(chunk), State::Live { response, deadline, received }))
                            }
                        }
                        Err(error) => Some((Err(error), State::Failed(None))),
                    }
                }
            }
        }))
    }

    /// Writes the body into `writer` and flushes it; the number of bytes written. On an error, what was written
    /// so far stays written.
    pub async fn write_to<W: AsyncWrite + Unpin + ?Sized>(self, writer: &mut W) -> Result<u64> {
        let Endpoint { operation, method, path, .. } = self.endpoint;
        let io_error = |source| Error::Io { operation, method, url_path: path, source };
        let mut chunks = self.bytes_stream();
        let mut written: u64 = 0;
        while let Some(chunk) = chunks.next().await {
            let chunk = chunk?;
            writer.write_all(&chunk).await.map_err(io_error)?;
            written += chunk.len() as u64;
        }
        writer.flush().await.map_err(io_error)?;
        Ok(written)
    }
}

/// Where [`DownloadStream::bytes_stream`] is.
enum State {
    Failed(Option<Error>),
    Read(Option<Bytes>),
    Live { response: Box<reqwest::Response>, deadline: Instant, received: u64 },
}

impl fmt::Debug for DownloadStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DownloadStream")
            .field("operation", &self.endpoint.operation)
            .field("content_type", &self.content_type)
            .field("content_length", &self.content_length())
            .field("limit", &self.limit)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_debug_shows_length_only() {
        let d = Download { bytes: Bytes::from_static(b"abcdef"), content_type: Some("image/png".into()) };
        assert_eq!(format!("{d:?}"), r#"Download { len: 6, content_type: Some("image/png") }"#);
    }
}
