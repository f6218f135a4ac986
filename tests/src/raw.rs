//! Loopback servers for the hostile cases wiremock cannot play, because it builds every answer in memory before
//! sending it: a body of 1 GiB streamed lazily, and a connection dropped after the request arrived. Each server
//! counts connections and the bytes it managed to write, so a test can show what the client read.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What a raw server saw.
#[derive(Debug, Default)]
pub struct Stats {
    connections: AtomicUsize,
    bytes_written: AtomicU64,
}

impl Stats {
    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Body bytes written so far (the peer may not have read them all).
    pub fn bytes_written(&self) -> u64 {
        self.bytes_written.load(Ordering::SeqCst)
    }
}

/// A running raw server.
pub struct RawServer {
    /// `http://127.0.0.1:<port>`.
    pub uri: String,
    /// What it saw.
    pub stats: Arc<Stats>,
}

/// What the server does once it has read a request.
#[derive(Clone, Copy, Debug)]
pub enum Behaviour {
    /// Writes `head`, then zeros until the client hangs up or `limit` bytes are written.
    Stream {
        /// The status line and headers, ending with an empty line.
        head: &'static str,
        /// The most body bytes to write.
        limit: u64,
    },
    /// Closes the connection without answering.
    HangUp,
}

/// Starts a server on loopback that answers every connection with `behaviour`.
pub async fn start(behaviour: Behaviour) -> RawServer {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let addr: SocketAddr = listener.local_addr().expect("local address");
    let stats = Arc::new(Stats::default());
    let counted = Arc::clone(&stats);
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            counted.connections.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(serve(socket, behaviour, Arc::clone(&counted)));
        }
    });
    RawServer { uri: format!("http://{addr}"), stats }
}

async fn serve(mut socket: TcpStream, behaviour: Behaviour, stats: Arc<Stats>) {
    if read_request(&mut socket).await.is_none() {
        return;
    }
    match behaviour {
        Behaviour::HangUp => {}
        Behaviour::Stream { head, limit } => {
            if socket.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let zeros = vec![0u8; 64 * 1024];
            let mut written = 0u64;
            while written < limit {
                let n = zeros.len().min(usize::try_from(limit - written).unwrap_or(usize::MAX));
                if socket.write_all(&zeros[..n]).await.is_err() {
                    return; // the client hung up
                }
                written += n as u64;
                stats.bytes_written.fetch_add(n as u64, Ordering::SeqCst);
            }
        }
    }
}

/// Reads one request (head and `Content-Length` body); `None` if the peer closed first.
async fn read_request(socket: &mut TcpStream) -> Option<()> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
        let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") else { continue };
        let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|line| line.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        if buffer.len() >= end + 4 + length {
            return Some(());
        }
    }
}
