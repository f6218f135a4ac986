//! Quick start: register users, get a user token, create a group, invite two users, send a text message and
//! list the group's members.
//!
//! ```sh
//! MAXIM_BASE_URL=https://api.maximtop.com MAXIM_APP_ID=your-app-id MAXIM_ADMIN_TOKEN=console-admin-token \
//!     cargo run -p maxim-api --example quickstart
//! ```

use futures::TryStreamExt;
use maxim_api::{Client, ContentType, TargetType};

/// Anything that can go wrong in the walk-through.
type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What the walk-through made.
#[derive(Debug)]
pub struct Outcome {
    /// The group it created.
    pub group_id: i64,
    /// Its members, as the service lists them.
    pub members: Vec<i64>,
    /// The IDs of the message it sent.
    pub message_ids: Vec<i64>,
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let variable = |name: &str| std::env::var(name).map_err(|_| format!("set {name} (see the example's docs)"));
    let admin = Client::builder()
        .base_url(variable("MAXIM_BASE_URL")?)
        .app_id(variable("MAXIM_APP_ID")?)
        .access_token(variable("MAXIM_ADMIN_TOKEN")?)
        .build()?;
    let outcome = run(&admin).await?;
    println!("group {} has members {:?}; message ids {:?}", outcome.group_id, outcome.members, outcome.message_ids);
    Ok(())
}

/// The walk-through, given an admin client.
pub async fn run(admin: &Client) -> Result<Outcome, BoxError> {
    // 1. Register three users with the admin token; each call returns the new user's settings.
    let mut ids = Vec::new();
    for name in ["alice", "bob", "carol"] {
        let settings = admin.user().register(name, format!("{name}-password")).await?;
        ids.push(settings.user_id.ok_or("register returned no user_id")?);
    }
    let (bob, carol) = (ids[1], ids[2]);

    // 2. Alice logs in: a user token, with its expiry time (milliseconds).
    let token = admin.token().login("alice", "alice-password").await?;
    let alice = admin.with_access_token(token.token.ok_or("login returned no token")?)?;

    // 3. Alice creates a group; the service answers with its info.
    let group = alice.group().create("Rustaceans").description("The quick-start group").await?;
    let group_id = group.group_id.ok_or("create returned no group_id")?;

    // 4. She invites Bob and Carol; each invitee gets a result.
    for result in alice.group().invite(group_id, [bob, carol]).reason("Welcome!").await? {
        println!("invited {:?}: {:?}", result.user_id, result.result);
    }

    // 5. A text message to the group. A transaction_id makes the send safe to retry.
    let sent = alice
        .message()
        .send([group_id], TargetType::Group, ContentType::Text)
        .content("Hello, group!")
        .transaction_id(20261126)
        .await?;

    // 6. List the members, following the cursor across pages.
    let members: Vec<i64> = alice
        .group()
        .member_list(group_id)
        .limit(50)
        .items()
        .map_ok(|member| member.user_id.unwrap_or_default())
        .try_collect()
        .await?;
    Ok(Outcome { group_id, members, message_ids: sent.msg_ids.unwrap_or_default() })
}
