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
        let settings = admin.user().register_v2(name, format!("{name}-password")).await?;
        ids.push(settings.user_id);
    }
    let (bob, carol) = (ids[1], ids[2]);

    // 2. Alice logs in: a user token, with its expiry time (milliseconds).
    let token = admin.token().login("alice", "alice-password").await?;
    let alice = admin.with_access_token(token.token)?;

    // 3. Alice creates a group; the service answers with its info.
    let group = alice.group().create().name("Rustaceans").description("The quick-start group").await?;
    let group_id = group.group_id;

    // 4. She invites Bob and Carol; each invitee gets a result.
    for result in alice.group().invite(group_id, [bob, carol]).reason("Welcome!").await? {
        println!("invited {:?}: {:?}", result.user_id, result.result);
    }

    // 5. A text message to the group. The SDK gives the send its own `transaction_id` and reuses it on retries, so
    //    a retried send arrives once. Set one yourself only when it is derived from the business event (your
    //    outbox row's ID, say), never a constant or a time: the service drops a later send with the same ID.
    let sent = alice.message().send([group_id], TargetType::Group, ContentType::Text, "Hello, group!").await?;

    // 6. List the members, following the cursor across pages.
    let members: Vec<i64> =
        alice.group().member_list(group_id).limit(50).items().map_ok(|member| member.user_id).try_collect().await?;
    // `msg_ids` is sent for a single receiver only (the document says so): none for a send to several.
    Ok(Outcome { group_id, members, message_ids: sent.msg_ids.unwrap_or_default() })
}
