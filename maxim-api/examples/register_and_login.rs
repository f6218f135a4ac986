//! Register a user, log in as that user and update the profile with the user's own token.
//!
//! ```sh
//! cargo run -p maxim-api --features mock --example register_and_login        # against a mock server
//! MAXIM_BASE_URL=… MAXIM_APP_ID=… MAXIM_ADMIN_TOKEN=… cargo run -p maxim-api --example register_and_login
//! ```

mod common;

use maxim_api::Client;

#[tokio::main]
async fn main() -> Result<(), common::BoxError> {
    let target = common::connect().await?;
    run(&target.admin).await
}

/// The walk-through, given an admin client.
pub async fn run(admin: &Client) -> Result<(), common::BoxError> {
    // A fresh name, so that the example can run more than once against a real app.
    let username = format!("rust-example-{}", common::unique_suffix());
    let password = "rust-example-password";

    // 1. The admin token registers the user; the answer is the new user's settings.
    let settings = admin.user().register_v2(&username, password).await?;
    println!("registered {username} as user {}", settings.user_id);

    // 2. Logging in gives a user token and its expiry (milliseconds since the epoch).
    let login = admin.token().login(&username, password).await?;
    println!("token for user {:?} expires at {:?}", login.user_id, login.expire);
    let user = admin.without_act_as().with_access_token(login.token)?;

    // 3. With the user's own token: set a nickname, then read the profile back.
    user.user().set_nickname("Rusty").await?;
    let profile = user.user().profile().await?;
    println!("profile: user {}, nickname {:?}", profile.user_id, profile.nick_name);
    Ok(())
}
