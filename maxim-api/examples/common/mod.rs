//! Shared by the examples: an admin client for a real app configured by environment variables, or else for an
//! in-process mock server (feature `mock`).
//!
//! Real app: set `MAXIM_BASE_URL` (the console's api_endpoint), `MAXIM_APP_ID` and `MAXIM_ADMIN_TOKEN`.
//! Mock server: set none of them and run with `--features mock`.
#![allow(dead_code, reason = "each example uses a part of it")]

use maxim_api::Client;

/// Anything that can go wrong in an example.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The admin client an example works with, and the mock server behind it when no real app is configured.
pub struct Target {
    /// An admin client of the app.
    pub admin: Client,
    /// Keeps the mock server running for as long as the example needs it (it stops when dropped).
    #[cfg(feature = "mock")]
    pub mock: Option<maxim_api::mock::MockServer>,
}

/// Connects to the app the environment names, or starts a mock server when it names none.
pub async fn connect() -> Result<Target, BoxError> {
    let names = ["MAXIM_BASE_URL", "MAXIM_APP_ID", "MAXIM_ADMIN_TOKEN"];
    let values: Vec<Option<String>> = names.iter().map(|name| std::env::var(name).ok()).collect();
    if let [Some(base_url), Some(app_id), Some(token)] = values.as_slice() {
        let admin = Client::builder().base_url(base_url).app_id(app_id).access_token(token.as_str()).build()?;
        eprintln!("using the app at {base_url}");
        return Ok(Target {
            admin,
            #[cfg(feature = "mock")]
            mock: None,
        });
    }
    if values.iter().any(Option::is_some) {
        return Err(format!("set all of {names:?} to use a real app, or none to use the mock server").into());
    }
    mock_target().await
}

#[cfg(feature = "mock")]
async fn mock_target() -> Result<Target, BoxError> {
    let mock = maxim_api::mock::MockServer::start().await;
    eprintln!("no MAXIM_* variables: using a mock server at {}", mock.uri());
    Ok(Target { admin: mock.client()?, mock: Some(mock) })
}

#[cfg(not(feature = "mock"))]
async fn mock_target() -> Result<Target, BoxError> {
    Err("set MAXIM_BASE_URL, MAXIM_APP_ID and MAXIM_ADMIN_TOKEN, or run with `--features mock`".into())
}

/// A number that differs between runs (milliseconds since the epoch), for names that must be new.
pub fn unique_suffix() -> u64 {
    let elapsed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    u64::try_from(elapsed.as_millis()).unwrap_or_default()
}

/// Registers one new user per name (made unique with [`unique_suffix`], so that the example can run again against
/// a real app) and returns their IDs.
pub async fn register_users<const N: usize>(admin: &Client, names: [&str; N]) -> Result<[i64; N], BoxError> {
    let suffix = unique_suffix();
    let mut ids = Vec::with_capacity(N);
    for name in names {
        let settings = admin.user().register_v2(format!("rust-{name}-{suffix}"), "rust-example-password").await?;
        ids.push(settings.user_id);
    }
    ids.try_into().map_err(|_| "one ID per name".into())
}
