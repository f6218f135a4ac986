//! Send a push notification to one user's devices, then read the push task's delivery statistics.
//!
//! ```sh
//! cargo run -p maxim-api --features mock --example push_notify               # against a mock server
//! MAXIM_BASE_URL=… MAXIM_APP_ID=… MAXIM_ADMIN_TOKEN=… MAXIM_PUSH_USER_ID=… cargo run -p maxim-api --example push_notify
//! ```
//!
//! Against a real app, `MAXIM_PUSH_USER_ID` names the user whose devices get the notification.

mod common;

use maxim_api::{Audience, Client, PushMessage};

#[tokio::main]
async fn main() -> Result<(), common::BoxError> {
    let target = common::connect().await?;
    let user_id: i64 = match std::env::var("MAXIM_PUSH_USER_ID") {
        Ok(id) => id.parse()?,
        Err(_) => 2302128618880,
    };
    run(&target.admin, user_id).await
}

/// The walk-through, given an admin client and the user to notify.
pub async fn run(admin: &Client, user_id: i64) -> Result<(), common::BoxError> {
    // The audience is `"all"` or one list of at most 500 users, tags, aliases or push tokens.
    let message = PushMessage::default()
        .with_title("Hello from Rust")
        .with_body("examples/push_notify.rs sent this notification");
    let task = admin.push().notify(Audience::UserId(vec![user_id]), message).await?;
    let task_id = task.task_id;
    println!("push task {task_id}");

    // Per-vendor counts of targeted, sent and received notifications.
    for stats in admin.push().task_detail([task_id]).await? {
        println!("task {:?}: apns sent {:?}, fcm sent {:?}", stats.task_id, stats.apns_sent, stats.fcm_sent);
    }
    Ok(())
}
