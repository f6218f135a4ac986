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

    // A text message with an `ext` JSON document. A `transaction_id` lets the service drop a repeated send, which
    // makes the send safe to retry.
    let ext = JsonString::encode(&serde_json::json!({ "example": "message_history" }))?;
    let sent = alice
        .message()
        .send([bob], TargetType::User, ContentType::Text)
        .content("Hello, Bob!")
        .ext(ext)
        .transaction_id(i64::try_from(common::unique_suffix())?)
        .await?;
    println!("sent message(s) {:?}", sent.msg_ids);

    // The history of Alice's conversation with Bob: `items()` asks for the next page from `next_msg_id` until the
    // service says `is_last`.
    let history: Vec<_> = alice.message().history(bob).limit(20).items().try_collect().await?;
    for message in &history {
        println!(
            "{:?} from {:?}: {:?}",
            message.msg_id,
            message.from_xid.as_ref().and_then(|x| x.uid),
            message.content
        );
    }
    Ok(())
}
