//! The vendored document is the seed, byte for byte: corrections go to `spec/overrides.toml`, never into it.

use sha2::{Digest, Sha256};

#[test]
fn vendored_document_is_unchanged() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/maxim-server-api.md");
    let bytes = std::fs::read(path).expect("spec/maxim-server-api.md is readable");
    let hash: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        hash, "4094e1321efd45c6a44808e7b82fc47b56ebdfb12630c7762e79fa578912fb3a",
        "spec/maxim-server-api.md was edited; restore it and put corrections in spec/overrides.toml"
    );
}
