//! The rules every revision of the document must satisfy (`maxim_api_tests::spec_checks`), on the vendored pages and
//! on the January 2022 export with its own corrections.

use maxim_api_tests::spec_checks::{self, Spec};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn the_vendored_pages_satisfy_every_rule() {
    let spec = Spec::workspace(root()).unwrap_or_else(|e| panic!("spec/ resolves:\n{e}"));
    assert_eq!(spec_checks::failures(&spec), Vec::<String>::new());
    spec_checks::current_layout_states_types_and_required_flags(&spec).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn the_2022_export_satisfies_every_rule() {
    let dir = "codegen/tests/fixtures/2022-01";
    let spec = Spec::load(root(), &format!("{dir}/maxim-server-api.md"), &format!("{dir}/overrides.toml"))
        .unwrap_or_else(|e| panic!("the 2022 export resolves:\n{e}"));
    assert_eq!(spec_checks::failures(&spec), Vec::<String>::new());
    // The 2022 layout states no 必填 and no query types: the check notices.
    assert!(spec_checks::current_layout_states_types_and_required_flags(&spec).is_err());
}

#[test]
fn each_rule_can_fail() {
    // A model broken on purpose fails each rule, so none of them passes vacuously.
    let mut spec = Spec::workspace(root()).unwrap_or_else(|e| panic!("{e}"));
    spec.api.operations[0].entries.pop();
    let with_id = |t: &codegen::model::api::TypeDef| t.fields.iter().any(|f| f.wire_name.ends_with("_id"));
    let duplicate = spec.api.types.iter().rev().find(|t| !with_id(t)).expect("a type without ids").clone();
    spec.api.types.push(duplicate);
    let some_type = spec.api.types.iter_mut().find(|t| with_id(t)).expect("a type with an id");
    let id = some_type.fields.iter_mut().find(|f| f.wire_name.ends_with("_id")).expect("id field");
    id.ty = codegen::model::api::Ty::Bool;
    spec.api.operations[1].name = "Bad-Name".into();
    let failed: Vec<String> = spec_checks::failures(&spec);
    assert_eq!(failed.len(), spec_checks::ALL.len(), "{failed:#?}");
}
