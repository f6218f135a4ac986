//! A mock MaxIM server for programs in any language: every operation of the API document answers a valid envelope
//! with example data (see `maxim_api::mock`), and each request received is printed.
//!
//! ```sh
//! cargo run -p maxim-api --features mock --example mock-server -- --port 8080
//! curl -s -H 'app_id: any' http://127.0.0.1:8080/user/profile
//! ```
//!
//! Options: `--port N` (default 8080, 0 for any free port), `--host ADDRESS` (default 127.0.0.1).

use std::net::TcpListener;
use std::time::Duration;

use maxim_api::mock::MockServer;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let (host, port) = options(std::env::args().skip(1))?;
    let listener =
        TcpListener::bind((host.as_str(), port)).map_err(|e| format!("cannot listen on {host}:{port}: {e}"))?;
    let mock = MockServer::start_on(listener).await;
    println!("mock MaxIM server listening on {} (any app_id and access-token; Ctrl-C stops it)", mock.uri());
    let mut seen = 0;
    loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let received = mock.received().await;
        for request in received.iter().skip(seen) {
            let query = request.query.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
            let separator = if query.is_empty() { "" } else { "?" };
            println!("{} {}{separator}{query}", request.method, request.path);
        }
        seen = received.len();
    }
}

/// `--host` and `--port` from the command line.
fn options(mut args: impl Iterator<Item = String>) -> Result<(String, u16), BoxError> {
    let (mut host, mut port) = ("127.0.0.1".to_owned(), 8080);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--port" => port = value("--port")?.parse().map_err(|e| format!("--port: {e}"))?,
            "--host" => host = value("--host")?,
            other => {
                return Err(
                    format!("unknown argument {other:?}; usage: mock-server [--host ADDRESS] [--port N]").into()
                );
            }
        }
    }
    Ok((host, port))
}
