//! Every (method, path) entry of the model has a wire test: the wire tests state each request they check as
//! `Expected::new("METHOD", "/path")`, and this test finds those in their sources.

use std::collections::BTreeSet;
use std::path::Path;

/// The `(method, path)` pairs the wire tests assert on.
fn asserted_entries() -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut found = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("tests/ is readable") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        if !(name.starts_with("wire_") && name.ends_with(".rs")) {
            continue;
        }
        let source = std::fs::read_to_string(&path).expect("readable");
        for call in source.split("Expected::new(").skip(1) {
            let mut strings = call.split('"');
            if let (Some(_), Some(method), Some(_), Some(route)) =
                (strings.next(), strings.next(), strings.next(), strings.next())
            {
                found.insert(format!("{method} {route}"));
            }
        }
    }
    found
}

#[test]
fn every_entry_of_the_model_has_a_wire_test() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let api = codegen::load_api(&root).expect("the spec resolves");
    let entries: BTreeSet<String> = api
        .operations
        .iter()
        .flat_map(|op| op.entries.iter().map(move |e| format!("{} {}", e.method, op.path)))
        .collect();
    let asserted = asserted_entries();
    let missing: Vec<&String> = entries.difference(&asserted).collect();
    let unknown: Vec<&String> = asserted.difference(&entries).collect();
    println!("wire coverage: {}/{} entries", entries.len() - missing.len(), entries.len());
    assert!(unknown.is_empty(), "wire tests assert entries the model does not have: {unknown:#?}");
    assert!(missing.is_empty(), "{} of {} entries have no wire test: {missing:#?}", missing.len(), entries.len());
    assert_eq!(entries.len(), 180);
}
