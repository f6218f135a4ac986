//! Create a group and invite users to it, then list its members (following the cursor across pages).
//!
//! ```sh
//! cargo run -p maxim-api --features mock --example group_invite              # against a mock server
//! MAXIM_BASE_URL=… MAXIM_APP_ID=… MAXIM_ADMIN_TOKEN=… cargo run -p maxim-api --example group_invite
//! ```

mod common;

use maxim_api::Client;

use futures::TryStreamExt;

#[tokio::main]
async fn main() -> Result<(), common::BoxError> {
    let target = common::connect().await?;
    run(&target.admin).await
}

/// The walk-through, given an admin client.
pub async fn run(admin: &Client) -> Result<(), common::BoxError> {
    // Three users: the owner and two guests.
    let [owner_id, guest_a, guest_b] = common::register_users(admin, ["owner", "guest-a", "guest-b"]).await?;

    // The admin token acts as the owner (header `user_id`) to create the group.
    let owner = admin.as_user(owner_id);
    let group =
        owner.group().create().name("Rust example group").description("Made by examples/group_invite.rs").await?;
    let group_id = group.group_id;
    println!("created group {group_id}");

    // Each invitee gets its own result.
    for result in owner.group().invite(group_id, [guest_a, guest_b]).reason("Welcome!").await? {
        println!("invited {:?}: {:?}", result.user_id, result.result);
    }

    // `items()` follows the cursor until the last page.
    let members: Vec<i64> =
        owner.group().member_list(group_id).limit(50).items().map_ok(|m| m.user_id).try_collect().await?;
    println!("members: {members:?}");
    Ok(())
}
