//! The MaxIM emulator for programs in any language (see `maxim_api::mock`): users, tokens, rosters, groups and
//! messages kept in memory, every request validated against the API document, the other operations answered with
//! example data. Each request received is printed, and each violation of the document.
//!
//! ```sh
//! cargo run -p maxim-api --features mock --example mock-server -- --port 8080
//! curl -s -H 'app_id: any' -H 'access-token: any' -H 'content-type: application/json' \
//!      -d '{"username":"ann","password":"secret"}' http://127.0.0.1:8080/user/register/v2
//! curl -s -H 'app_id: any' -H 'access-token: any' -H 'user_id: 2302128618881' http://127.0.0.1:8080/user/profile
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
    println!("MaxIM emulator listening on {} (any app_id; any token acts as the admin; Ctrl-C stops it)", mock.uri());
    let (mut seen, mut violations_seen) = (0, 0);
    loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let received = mock.received().await;
        for request in received.iter().skip(seen) {
            let query = request.query.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
            let separator = if query.is_empty() { "" } else { "?" };
            println!("{} {}{separator}{query}", request.method, request.path);
        }
        seen = received.len();
        let violations = mock.violations().await;
        for violation in violations.iter().skip(violations_seen) {
            println!("  violation: {violation}");
        }
        violations_seen = violations.len();
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
