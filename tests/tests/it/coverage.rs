//! Every (method, path) entry of the model has a wire test: the wire tests state each request they check as
//! `Expected::new("METHOD", "/path")`, and this test finds those in their sources.

use maxim_api_tests::spec_checks::{Spec, wire_coverage};
use std::path::Path;

#[test]
fn every_entry_of_the_model_has_a_wire_test() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let spec = Spec::workspace(&root).unwrap_or_else(|e| panic!("the spec resolves:\n{e}"));
    let (missing, unknown) = wire_coverage(&spec.api, &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it"));
    let entries = spec.doc.verb_count();
    println!("wire coverage: {}/{entries} entries", entries - missing.len());
    assert!(unknown.is_empty(), "wire tests assert entries the model does not have: {unknown:#?}");
    assert!(missing.is_empty(), "{} of {entries} entries have no wire test: {missing:#?}", missing.len());
}
