//! The vendored pages are the vendor's, byte for byte: corrections go to `spec/overrides.toml`, never into them.

use std::path::Path;

#[test]
fn vendored_pages_match_their_pinned_hashes() {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    maxim_api_tests::spec_checks::pinned_hashes(root).unwrap_or_else(|e| panic!("{e}"));
}
