//! The cost of a typed call: `client.group().info(id)` against the same request written by hand with reqwest and
//! serde, in one process, against one in-process loopback server answering a 455-byte `GET /group/info` envelope.
//! The typed call runs with everything on (retry policy, tracing span, size limits, deadline); nothing fails.
//!
//! Besides criterion's report, `main` prints the ratio typed / hand-written of the median call times, with the two
//! calls interleaved one by one (so bursts of machine load hit both alike), and the heap allocations per call of
//! each. The server writes a canned answer from a reused buffer, so the allocations counted are the client's.
//!
//! `MODE=typed` (or `MODE=hand`) with `N=<calls>` makes only that kind of call, for an instruction profiler: the
//! difference between two runs under `valgrind --tool=callgrind` with different `N`, divided by the difference in
//! `N`, is the instructions per call (both threads, user space), a figure that machine load does not move.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use maxim_api::{Client, GroupInfo};
use serde::Deserialize;
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[global_allocator]
static GLOBAL: &StatsAlloc<std::alloc::System> = &INSTRUMENTED_SYSTEM;

const GROUP: i64 = 2306414607729;
const APP_ID: &str = "app-bench-1";
const TOKEN: &str = "admin-token-bench";

/// The answer: a group's info, padded to 455 bytes.
fn envelope() -> String {
    let head = r#"{"code":200,"message":null,"data":{"group_id":2306414607729,"owner_id":2302128618880,"name":"Rustaceans","type":0,"created_at":1569615417000,"updated_at":1569615417000,"avatar":"https://cdn.example.com/g/2306414607729.png","ext":"{\"topic\":\"rust\"}","member_count":42,"capacity":500,"apply_approval":1,"description":""#;
    let tail = r#""}}"#;
    let padding = 455 - head.len() - tail.len();
    let body = format!("{head}{}{tail}", "x".repeat(padding));
    assert_eq!(body.len(), 455);
    body
}

/// A keep-alive HTTP/1.1 server on loopback, on its own thread, answering every request with `body`.
fn start_server(body: String) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let address = listener.local_addr().expect("address");
    listener.set_nonblocking(true).expect("non-blocking");
    let answer =
        format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}", body.len());
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            let answer: &'static [u8] = answer.into_bytes().leak();
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(serve(socket, answer));
            }
        });
    });
    format!("http://{address}")
}

async fn serve(mut socket: tokio::net::TcpStream, answer: &'static [u8]) {
    let mut buffer = [0u8; 16 * 1024];
    let mut filled = 0;
    loop {
        match socket.read(&mut buffer[filled..]).await {
            Ok(0) | Err(_) => return,
            Ok(n) => filled += n,
        }
        // GET requests have no body: each head ends a request.
        while let Some(end) = buffer[..filled].windows(4).position(|w| w == b"\r\n\r\n") {
            if socket.write_all(answer).await.is_err() {
                return;
            }
            buffer.copy_within(end + 4..filled, 0);
            filled -= end + 4;
        }
    }
}

/// The envelope a hand-written client decodes.
#[derive(Deserialize)]
struct Envelope {
    code: i64,
    #[allow(dead_code, reason = "decoded as a careful client would, read on errors only")]
    message: Option<String>,
    data: Option<GroupInfo>,
}

struct Setup {
    runtime: tokio::runtime::Runtime,
    typed: Client,
    http: reqwest::Client,
    base: String,
}

impl Setup {
    fn new() -> Self {
        let base = start_server(envelope());
        let typed = Client::builder().base_url(&base).app_id(APP_ID).access_token(TOKEN).build().expect("client");
        // The same reqwest set-up as the typed client's (a plain `reqwest::Client::new()` has no crypto provider).
        let http = maxim_api::http_client_builder().expect("TLS set-up").build().expect("http client");
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        Setup { runtime, typed, http, base }
    }

    async fn typed_call(&self) -> GroupInfo {
        self.typed.group().info(GROUP).await.expect("typed call")
    }

    async fn hand_written_call(&self) -> GroupInfo {
        let response = self
            .http
            .get(format!("{}/group/info", self.base))
            .query(&[("group_id", GROUP)])
            .header("app_id", APP_ID)
            .header("access-token", TOKEN)
            .send()
            .await
            .expect("sent");
        assert!(response.status().is_success());
        let body = response.bytes().await.expect("body");
        let envelope: Envelope = serde_json::from_slice(&body).expect("decodes");
        assert_eq!(envelope.code, 200);
        envelope.data.expect("data")
    }

    fn typed(&self, calls: u32) {
        self.runtime.block_on(async {
            for _ in 0..calls {
                black_box(self.typed_call().await);
            }
        })
    }

    fn hand_written(&self, calls: u32) {
        self.runtime.block_on(async {
            for _ in 0..calls {
                black_box(self.hand_written_call().await);
            }
        })
    }
}

/// Allocations per call over `calls` calls (after a warm-up that fills the connection pool).
fn allocations(calls: u32, run: impl Fn(u32)) -> f64 {
    run(10);
    let region = Region::new(GLOBAL);
    run(calls);
    region.change().allocations as f64 / f64::from(calls)
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

/// The ratio typed / hand-written of the median call times, the two calls interleaved one by one (so bursts of load
/// from other processes hit both alike), and the allocations per call.
fn interleaved(setup: &Setup) {
    const PAIRS: usize = 20_000;
    setup.typed(200);
    setup.hand_written(200);
    let (mut typed, mut hand) = (Vec::with_capacity(PAIRS), Vec::with_capacity(PAIRS));
    setup.runtime.block_on(async {
        for pair in 0..PAIRS {
            let first_typed = pair % 2 == 0;
            for typed_turn in [first_typed, !first_typed] {
                let started = Instant::now();
                if typed_turn {
                    black_box(setup.typed_call().await);
                    typed.push(started.elapsed());
                } else {
                    black_box(setup.hand_written_call().await);
                    hand.push(started.elapsed());
                }
            }
        }
    });
    let (typed, hand) = (median(typed), median(hand));
    println!(
        "typed / hand-written: {:.3}x (median call {typed:?} vs {hand:?}, {PAIRS} interleaved pairs)",
        typed.as_secs_f64() / hand.as_secs_f64()
    );
    let typed_allocations = allocations(1000, |n| setup.typed(n));
    let hand_allocations = allocations(1000, |n| setup.hand_written(n));
    println!("allocations per call: typed {typed_allocations:.1}, hand-written {hand_allocations:.1}");
}

fn main() {
    let setup = Setup::new();
    // For an instruction profiler: only one kind of call, N times (see the module docs).
    if let Ok(mode) = std::env::var("MODE") {
        let calls = std::env::var("N").ok().and_then(|n| n.parse().ok()).unwrap_or(100_000);
        match mode.as_str() {
            "typed" => setup.typed(calls),
            _ => setup.hand_written(calls),
        }
        return;
    }
    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("get_group_info");
    group.bench_function("typed", |b| b.iter(|| setup.typed(1)));
    group.bench_function("hand_written", |b| b.iter(|| setup.hand_written(1)));
    group.finish();
    criterion.final_summary();
    // `cargo bench -- --test` only checks that the benchmark runs.
    if !std::env::args().any(|arg| arg == "--test") {
        interleaved(&setup);
    }
}
