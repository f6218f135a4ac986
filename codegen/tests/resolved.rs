//! The resolved model: names, shapes, integer widths, required inputs, aliases, and stale-correction diagnostics.

use codegen::api::{Api, ResponseShape, Ty};
use codegen::doc::Document;
use std::collections::{BTreeSet, HashSet};

fn read(file: &str) -> String {
    std::fs::read_to_string(format!("{}/../{file}", env!("CARGO_MANIFEST_DIR"))).expect("spec file is readable")
}

fn document() -> Document {
    codegen::parse_document(codegen::DOCUMENT_FILE, &read(codegen::DOCUMENT_FILE)).expect("the document parses")
}

fn resolve_with(corrections: &str) -> Result<Api, Vec<String>> {
    codegen::resolve::resolve(codegen::DOCUMENT_FILE, &document(), codegen::CORRECTIONS_FILE, corrections)
        .map_err(|d| d.0.iter().map(ToString::to_string).collect())
}

fn api() -> Api {
    match resolve_with(&read(codegen::CORRECTIONS_FILE)) {
        Ok(api) => api,
        Err(errors) => panic!("the spec resolves:\n{}", errors.join("\n")),
    }
}

/// Every type of a tree of types, for walking.
fn contains(ty: &Ty, wanted: &dyn Fn(&Ty) -> bool) -> bool {
    wanted(ty) || matches!(ty, Ty::List(inner) if contains(inner, wanted))
}

#[test]
fn every_entry_is_reachable_from_exactly_one_operation() {
    let doc = document();
    let api = api();
    let documented: BTreeSet<String> = doc.endpoints.iter().map(|e| e.key()).collect();
    let mut reachable = Vec::new();
    for op in &api.operations {
        for entry in &op.entries {
            reachable.push(format!("{} {}", entry.method, op.path));
        }
    }
    assert_eq!(reachable.len(), 180, "each entry belongs to one operation");
    assert_eq!(reachable.iter().cloned().collect::<BTreeSet<_>>(), documented);
    assert_eq!(api.operations.len(), 127);
    let aliased = api.operations.iter().filter(|op| op.entries.len() > 1).count();
    assert_eq!(aliased, 53, "operations that the document lists under two verbs");
}

#[test]
fn aliases_merge_only_identical_entries() {
    let api = api();
    let op = |section: u32, name: &str| {
        api.operations.iter().find(|op| op.section == section && op.name == name).unwrap_or_else(|| panic!("{name}"))
    };
    let methods = |section, name| op(section, name).entries.iter().map(|e| e.method.as_str()).collect::<Vec<_>>();
    assert_eq!(methods(3, "set_auth_mode"), ["POST", "PUT"]);
    assert_eq!(methods(3, "remove_device"), ["POST", "DELETE"]);
    // One path, different operations per verb.
    assert_eq!(methods(8, "list"), ["GET"]);
    assert_eq!(methods(8, "details"), ["POST"]);
    assert_eq!(methods(3, "profile"), ["GET"]);
    assert_eq!(methods(3, "update_profile"), ["POST", "PUT"]);
    assert_eq!(methods(6, "history"), ["GET"]);
    assert_eq!(methods(6, "delete_conversation"), ["DELETE"]);
    // Same inputs and outputs but different titles (绑定标签 / 解绑标签): not aliases.
    assert_eq!(methods(3, "bind_push_tags"), ["POST"]);
    assert_eq!(methods(3, "unbind_push_tags"), ["DELETE"]);
}

#[test]
fn names_are_meaningful_and_unique() {
    let api = api();
    let mut operation_names = HashSet::new();
    for op in &api.operations {
        assert!(op.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'), "{}", op.name);
        assert!(operation_names.insert((op.section, op.name.clone())), "duplicate operation {}", op.name);
    }
    let names: Vec<&str> =
        api.types.iter().map(|t| t.name.as_str()).chain(api.enums.iter().map(|e| e.name.as_str())).collect();
    let unique: HashSet<&str> = names.iter().copied().collect();
    assert_eq!(unique.len(), names.len(), "type and enum names are unique");
    for name in names {
        assert!(name.starts_with(|c: char| c.is_ascii_uppercase()), "{name} is PascalCase");
        let generic = name.trim_end_matches(|c: char| c.is_ascii_digit()) != name
            || ["Data", "Type", "Object", "Item"].contains(&name);
        assert!(!generic, "{name} is not a meaningful name");
    }
    let section = |n: u32| api.sections.iter().find(|s| s.number == n).map(|s| s.module.as_str());
    assert_eq!(
        (1..=9).filter_map(section).collect::<Vec<_>>(),
        ["user", "push", "token", "message", "group", "roster", "file"]
    );
}

#[test]
fn no_two_types_share_a_shape() {
    let api = api();
    let mut shapes = HashSet::new();
    for def in &api.types {
        let shape: Vec<(String, Ty)> = def.fields.iter().map(|f| (f.wire_name.clone(), f.ty.clone())).collect();
        assert!(shapes.insert(shape), "{} repeats another type's shape", def.name);
    }
    let occurrences = |name: &str| api.types.iter().find(|t| t.name == name).map(|t| t.occurrences.len()).unwrap_or(0);
    assert_eq!(occurrences("UserSettings"), 4, "register, register/push, register/v2 and settings share it");
    // ...and `POST /user/settings` takes the same fields as its body: five endpoints in all.
    let settings = api.types.iter().find(|t| t.name == "UserSettings").expect("UserSettings");
    let update = api.operations.iter().find(|op| op.name == "update_settings").expect("update_settings");
    let body: Vec<&str> = update.body.iter().map(|i| i.wire_name.as_str()).collect();
    assert_eq!(body, settings.fields.iter().map(|f| f.wire_name.as_str()).collect::<Vec<_>>());
    assert_eq!(occurrences("TokenInfo"), 3);
    assert_eq!(occurrences("AndroidPushOptions"), 5, "android, xiaomi, oppo, flyme and fcm options");
}

#[test]
fn documented_integers_are_64_bit() {
    let api = api();
    let field = |type_name: &str, field: &str| {
        let def = api.types.iter().find(|t| t.name == type_name).unwrap_or_else(|| panic!("{type_name}"));
        def.fields.iter().find(|f| f.wire_name == field).unwrap_or_else(|| panic!("{field}")).ty.clone()
    };
    for (type_name, name) in [
        ("GroupInfo", "group_id"),
        ("GroupInfo", "created_at"),
        ("TokenInfo", "expire"),
        ("TokenInfo", "user_id"),
        ("Xid", "uid"),
        ("GroupMemberPage", "version"),
    ] {
        assert_eq!(field(type_name, name), Ty::I64, "{type_name}.{name}");
    }
    assert_eq!(field("GroupInfo", "type"), Ty::Enum("GroupType".into()));
    // No 32-bit type exists in the model at all: every integer input and field is i64 or an integer enum.
    let info = api.operations.iter().find(|op| op.path == "/group/info").expect("GET /group/info");
    assert_eq!(info.query[0].ty, Ty::I64);
    let send = api.operations.iter().find(|op| op.path == "/message/send").expect("/message/send");
    let targets = send.body.iter().find(|i| i.wire_name == "targets").expect("targets");
    assert_eq!(targets.ty, Ty::List(Box::new(Ty::I64)));
}

#[test]
fn corrections_supply_required_inputs_enums_and_special_bodies() {
    let api = api();
    let op = |path: &str| api.operations.iter().find(|op| op.path == path).unwrap_or_else(|| panic!("{path}"));
    let required = |path: &str| op(path).required_inputs().map(|i| i.wire_name.clone()).collect::<Vec<_>>();
    assert_eq!(required("/group/info"), ["group_id"]);
    assert_eq!(required("/user/register"), ["username", "password"]);
    assert_eq!(required("/message/send"), ["targets", "type", "content_type"]);
    let send = op("/message/send");
    let ty = |name: &str| send.body.iter().find(|i| i.wire_name == name).map(|i| i.ty.clone());
    assert_eq!(ty("content_type"), Some(Ty::Enum("ContentType".into())));
    assert_eq!(ty("config"), Some(Ty::JsonString));
    assert_eq!(send.response, ResponseShape::Envelope("SendResult".into()));
    let notify = op("/push/notify");
    assert_eq!(notify.body.iter().find(|i| i.wire_name == "audience").map(|i| i.ty.clone()), Some(Ty::Audience));
    assert_eq!(op("/file/download/chat").response, ResponseShape::Bytes);
    assert_eq!(op("/group/create").response, ResponseShape::Data(Ty::Struct("GroupInfo".into())));
    let login = op("/token/login");
    assert!(login.body.iter().any(|i| i.wire_name == "password" && i.ty == Ty::Secret));
    assert!(!api.operations.iter().any(|op| {
        op.query.iter().chain(&op.body).any(|i| contains(&i.ty, &|t| *t == Ty::Json && i.wire_name == "group_id"))
    }));
    let content_type = api.enums.iter().find(|e| e.name == "ContentType").expect("ContentType");
    assert_eq!(content_type.variants.len(), 8);
    assert!(content_type.is_integer());
}

#[test]
fn resolved_model_snapshot() {
    insta::assert_snapshot!("resolved_model", codegen::render::api(&api()));
}

/// Appends `extra` to the real corrections and returns the diagnostics.
fn stale(extra: &str) -> Vec<String> {
    let text = format!("{}\n{extra}", read(codegen::CORRECTIONS_FILE));
    match resolve_with(&text) {
        Ok(_) => panic!("expected diagnostics for:\n{extra}"),
        Err(errors) => errors,
    }
}

fn last_line() -> usize {
    read(codegen::CORRECTIONS_FILE).lines().count() + 2
}

#[test]
fn stale_operation_key_is_located() {
    let line = last_line();
    assert_eq!(
        stale("[operations.\"GET /group/nope\"]\nrequired = [\"group_id\"]"),
        [format!(
            "spec/overrides.toml:{line}:13: operation `GET /group/nope` matches no entry of the document; expected `METHOD /path`"
        )]
    );
}

#[test]
fn correction_under_an_alias_verb_is_located() {
    let line = last_line();
    assert_eq!(
        stale("[operations.\"PUT /user/avatar\"]\nname = \"x\""),
        [format!(
            "spec/overrides.toml:{line}:13: `PUT /user/avatar` is an alias of `POST /user/avatar`; correct the operation under that key"
        )]
    );
}

#[test]
fn stale_field_and_input_corrections_are_located() {
    let line = last_line();
    let errors = stale("[operations.\"GET /user/online_status\"]\nquery = { gid = \"i64\" }\nrequired = [\"groupid\"]");
    assert_eq!(
        errors,
        [
            format!(
                "spec/overrides.toml:{}:11: `GET /user/online_status` has no query parameter `gid` in the document",
                line + 1
            ),
            format!(
                "spec/overrides.toml:{}:13: required input `groupid` is neither a query parameter nor a body field of `GET /user/online_status`",
                line + 2
            ),
        ]
    );
}

#[test]
fn stale_type_locator_and_unused_entries_are_located() {
    let line = last_line();
    let errors = stale(
        "[types.Ghost]\nat = \"GET /group/info response.data.owner\"\n[enums.Unused]\ndoc = \"x\"\nvalues = { A = 1 }",
    );
    assert_eq!(
        errors,
        [
            format!(
                "spec/overrides.toml:{}:6: locator `GET /group/info response.data.owner`: no field `owner` there in the document",
                line + 1
            ),
            format!(
                "spec/overrides.toml:{}:8: enum `Unused` matches nothing in the document; remove it or fix its name",
                line + 2
            ),
        ]
    );
}

#[test]
fn unknown_type_word_and_bad_toml_are_located() {
    let line = last_line();
    let errors = stale("[operations.\"POST /user/kick\"]\nquery = { device_sn = \"u128\" }");
    assert_eq!(
        errors,
        [format!(
            "spec/overrides.toml:{}:23: unknown type `u128`; expected bool, i64, f64, string, secret, json_string, json, audience, [T], or an enum or type named in this file",
            line + 1
        )]
    );
    let broken = resolve_with("[operations.\"GET /group/info\"]\nnmae = \"x\"\n").expect_err("unknown key");
    assert_eq!(broken.len(), 1);
    assert!(broken[0].starts_with("spec/overrides.toml:2:1: unknown field `nmae`"), "{broken:#?}");
}

#[test]
fn untyped_query_parameter_is_reported_at_its_place_in_the_document() {
    let corrections = read(codegen::CORRECTIONS_FILE).replace("opposite_id = \"i64\"\n", "");
    let errors = resolve_with(&corrections).expect_err("opposite_id has no type left");
    assert_eq!(
        errors,
        ["spec/maxim-server-api.md:2062:2: query parameter `opposite_id` of `GET /message/conversation` has no type \
          (the document gives none); add it to [query_types] or [operations.\"GET /message/conversation\".query] in \
          spec/overrides.toml"]
    );
}

#[test]
fn names_that_cannot_be_rust_identifiers_are_located() {
    let line = last_line();
    let errors = stale("[enums.bad_name]\ndoc = \"x\"\nvalues = { \"1st\" = 1, Unknown = 2, Again = 1 }");
    assert_eq!(
        errors,
        [
            format!(
                "spec/overrides.toml:{line}:8: enum `bad_name` matches nothing in the document; remove it or fix its name"
            ),
            format!(
                "spec/overrides.toml:{line}:8: enum name `bad_name` is not UpperCamelCase (ASCII letters and digits)"
            ),
            format!(
                "spec/overrides.toml:{}:12: variant name `1st` is not UpperCamelCase (ASCII letters and digits)",
                line + 2
            ),
            format!(
                "spec/overrides.toml:{}:23: `Unknown` is the variant that keeps unknown values; choose another name",
                line + 2
            ),
            format!(
                "spec/overrides.toml:{}:36: `Again` has the same value as `1st`; expected distinct values",
                line + 2
            ),
        ]
    );
}

#[test]
fn entry_without_data_and_without_bytes_correction_is_reported() {
    let corrections = read(codegen::CORRECTIONS_FILE)
        .replace("required = [\"object_name\"]\nresponse = \"bytes\"", "required = [\"object_name\"]");
    let errors = resolve_with(&corrections).expect_err("the download documents no data");
    assert_eq!(
        errors,
        ["spec/maxim-server-api.md:5086:1: `GET /file/download/avatar` documents no `data` in its response; expected \
          a `data` member, or `response = \"bytes\"` for it in spec/overrides.toml"]
    );
}

#[test]
fn a_type_named_like_an_enum_is_reported_at_the_shape() {
    let corrections = read(codegen::CORRECTIONS_FILE).replace("[types.OnlineStatus]", "[types.AuthMode]");
    let errors = resolve_with(&corrections).expect_err("two items named AuthMode");
    assert_eq!(
        errors,
        ["spec/maxim-server-api.md:583:4: type name `AuthMode` is given to both `GET /user/online_status \
          response.data` and an enum; name them apart in [types]"]
    );
}
