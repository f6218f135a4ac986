//! Upload a user's avatar to object storage and download it again.
//!
//! ```sh
//! cargo run -p maxim-api --features mock --example upload_download           # against a mock server
//! MAXIM_BASE_URL=… MAXIM_APP_ID=… MAXIM_ADMIN_TOKEN=… cargo run -p maxim-api --example upload_download
//! ```
//!
//! Uploading takes two steps: an upload operation answers with a signed target (`upload_url`, the form fields in
//! `oss_body_param`, `download_url`), and `Client::upload` posts the file there, without the app's credentials.

mod common;

use maxim_api::{Client, UploadFile};

/// A 1×1 transparent PNG.
const AVATAR: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

#[tokio::main]
async fn main() -> Result<(), common::BoxError> {
    let target = common::connect().await?;
    run(&target.admin).await
}

/// The walk-through, given an admin client.
pub async fn run(admin: &Client) -> Result<(), common::BoxError> {
    let [user_id] = common::register_users(admin, ["avatar"]).await?;
    let user = admin.as_user(user_id);

    // 1. Where to put the avatar.
    let upload_target = user.file().upload_user_avatar().await?;

    // 2. The multipart form POST to object storage (`UploadFile::reader` streams a file instead).
    let uploaded = user.upload(&upload_target, UploadFile::bytes(AVATAR, "avatar.png", "image/png")).await?;
    println!("uploaded as {}, served at {}", uploaded.object_name, uploaded.download_url);

    // 3. Make it the user's avatar, then download it through the API by its object name.
    user.user().set_avatar(&uploaded.download_url).await?;
    let download = user.file().download_avatar(uploaded.object_name).await?;
    println!("downloaded {} bytes ({:?})", download.bytes.len(), download.content_type);
    Ok(())
}
