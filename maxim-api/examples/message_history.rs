//! Send messages between two users, then read the conversation's history page by page.
//!
//! ```sh
//! cargo run -p maxim-api --features mock --example message_history           # against a mock server
//! MAXIM_BASE_URL=… MAXIM_APP_ID=… MAXIM_ADMIN_TOKEN=… cargo run -p maxim-api --example message_history
//! ```

mod common;

use futures::TryStreamExt;
use maxim_api::{Client, ContentType, JsonString, TargetType};

#[tokio::main]
async fn main() -> Result<(), common::BoxError> {
    let target = common::connect().await?;
    run(&target.admin).await
}

/// The walk-through, given an admin client.
pub async fn run(admin: &Client) -> Result<(), common::BoxError> {
    let [alice_id, bob] = common::register_users(admin, ["alice", "bob"]).await?;
    let alice = admin.as_user(alice_id);

    // A text message with an `ext` JSON document. The SDK gives the send its own `transaction_id` and reuses it on
    // retries, so a retried send arrives once.
    let ext = JsonString::encode(&serde_json::json!({ "example": "message_history" }))?;
    let sent = alice.message().send([bob], TargetType::User, ContentType::Text, "Hello, Bob!").ext(ext).await?;
    println!("sent message(s) {:?}", sent.msg_ids);

    // The history of Alice's conversation with Bob, from the newest message (`msg_id_start` 0), 20 a page:
    // `items()` asks for the next page from `next_msg_id` until the service says `is_last`.
    let history: Vec<_> = alice.message().history(bob, 0, 20).items().try_collect().await?;
    for message in &history {
        println!("{} from {}: {:?}", message.msg_id, message.from_xid.uid, message.content);
    }
    Ok(())
}
