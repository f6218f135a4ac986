//! The runtime's contract (codegen/src/resolve/contract.rs): a document update that would break the hand-written
//! runtime at compile time is refused at its line instead, and one that it survives is accepted. The two
//! reproducers of issue 20: one more documented field in the answer of entry 2.2 (`POST /token/login`), and the
//! `/token/` section moved or renamed.

use codegen::model::api::{Api, ResponseShape, Ty};
use codegen::{Diagnostics, parse_pages};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// Resolves the real pages and corrections as `cargo xtask codegen` does (the contract checked), with `edit_page` applied to `token.md` and `edit_corrections` to
/// `spec/overrides.toml`.
fn resolve_edited(
    edit_page: impl Fn(&str) -> String,
    edit_corrections: impl Fn(&str) -> String,
) -> Result<Api, Diagnostics> {
    let mut pages = codegen::parse::read_pages(root(), codegen::DOCUMENT_DIR).expect("spec/ is readable");
    for (file, text) in &mut pages {
        if file.ends_with("/token.md") {
            *text = edit_page(text);
        }
    }
    let corrections = std::fs::read_to_string(root().join(codegen::CORRECTIONS_FILE)).expect("corrections");
    let document = parse_pages(&pages)?;
    let corrections = edit_corrections(&corrections);
    let (api, mut diagnostics) =
        codegen::resolve::resolve_lenient(&document, None, codegen::CORRECTIONS_FILE, &corrections)?;
    diagnostics.extend(codegen::resolve::contract::check(&api));
    diagnostics.into_result(api)
}

fn contract_errors(diagnostics: &Diagnostics) -> Vec<String> {
    let all = diagnostics.0.iter().map(ToString::to_string);
    all.filter(|d| d.contains("codegen/src/resolve/contract.rs")).collect()
}

#[test]
fn the_real_spec_satisfies_the_contract() {
    let api = resolve_edited(str::to_owned, str::to_owned).unwrap_or_else(|d| panic!("spec/ resolves:\n{d}"));
    let login = api.operations.iter().find(|op| op.path == "/token/login").expect("POST /token/login");
    assert_eq!(login.response, ResponseShape::Data(Ty::Struct("TokenInfo".into())));
}

/// Entry 2.2's answer with one more documented field (`region`): no longer `TokenInfo`, a type of its own.
fn add_a_login_field(text: &str) -> String {
    text.replacen(
        "|⇥ user_id | int64 | 用户ID |\n| message",
        "|⇥ user_id | int64 | 用户ID |\n|⇥ region | string | 区域 |\n| message",
        2,
    )
    // Only entry 2.2's answer (the second of the page) changes: put the first one back.
    .replacen(
        "|⇥ user_id | int64 | 用户ID |\n|⇥ region | string | 区域 |\n| message",
        "|⇥ user_id | int64 | 用户ID |\n| message",
        1,
    )
}

/// The correction the maintainer adds for that answer: its token, too, is always sent.
fn declare_its_token(corrections: &str) -> String {
    format!(
        "{corrections}\n[types.LoginData]\nat = \"POST /token/login response.data\"\n\
         always_sent = {{ token = \"a login answers with a token\" }}\n"
    )
}

/// The update above, with its correction.
fn with_one_more_login_field() -> Api {
    resolve_edited(add_a_login_field, declare_its_token).unwrap_or_else(|d| panic!("accepted:\n{d}"))
}

#[test]
fn one_more_field_in_the_login_answer_is_refused_at_the_entry_until_its_token_is_declared_always_sent() {
    // Without the correction, the new type's `token` would be an `Option`, which the session cannot read.
    let diagnostics = resolve_edited(add_a_login_field, str::to_owned).expect_err("refused");
    assert_eq!(
        contract_errors(&diagnostics),
        ["spec/zh-hans/token.md:43:3: user sessions (maxim-api/src/session.rs) call `client.token().login(string, \
          secret)` (`POST /token/login`): its answer `LoginData` needs the field `token` (secret, always sent: the \
          type's `always_sent` in the corrections); the runtime needs it as declared in \
          codegen/src/resolve/contract.rs"]
    );
    // With it, the answer is a type of its own: the session reads each login answer for `token` and `expire` only.
    let api = with_one_more_login_field();
    let answer = |path: &str| {
        let op = api.operations.iter().find(|op| op.path == path).expect("the entry");
        match &op.response {
            ResponseShape::Data(Ty::Struct(name)) => name.clone(),
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(answer("/token/id"), "TokenInfo");
    let login = answer("/token/login");
    assert_ne!(login, "TokenInfo", "the edit changed the answer's shape");
    let def = api.types.iter().find(|t| t.name == login).expect("the new type");
    for (field, ty, plain) in [("token", Ty::Secret, true), ("expire", Ty::I64, false), ("region", Ty::String, false)] {
        assert!(
            def.fields.iter().any(|f| f.wire_name == field && f.ty == ty && f.is_plain() == plain),
            "{login} has {field}"
        );
    }
}

#[test]
fn a_login_answer_without_its_token_is_refused_at_the_entry() {
    let diagnostics = resolve_edited(
        |text| {
            text.replacen("|⇥ token | string | 访问token, 即调用API时的access-token |\n", "", 2).replacen(
                "|⇥ user_id | int64 | 用户ID |\n| message",
                "|⇥ token | string | 访问token, 即调用API时的access-token |\n|⇥ user_id | int64 | 用户ID |\n| message",
                1,
            )
        },
        str::to_owned,
    )
    .expect_err("refused");
    assert_eq!(
        contract_errors(&diagnostics),
        ["spec/zh-hans/token.md:43:3: user sessions (maxim-api/src/session.rs) call `client.token().login(string, \
          secret)` (`POST /token/login`): its answer `LoginData` needs the field `token` (secret, always sent: the \
          type's `always_sent` in the corrections); the runtime needs it as declared in \
          codegen/src/resolve/contract.rs"]
    );
}

#[test]
fn a_renamed_token_module_is_refused_at_each_login_entry() {
    let diagnostics =
        resolve_edited(str::to_owned, |text| format!("{text}\n[modules]\ntoken = \"auth\"\n")).expect_err("refused");
    let errors = contract_errors(&diagnostics);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert_eq!(
        errors[0],
        "spec/zh-hans/token.md:5:3: user sessions (maxim-api/src/session.rs) call `client.token().by_id(i64, secret)` \
         (`POST /token/id`), which is gone; `POST /token/id` is now `client.auth().by_id`; the runtime needs it as \
         declared in codegen/src/resolve/contract.rs"
    );
    assert!(errors[1].starts_with("spec/zh-hans/token.md:43:3: "), "{}", errors[1]);
}

#[test]
fn moved_token_paths_are_refused_at_the_moved_entries() {
    let diagnostics = resolve_edited(|text| text.replace("/token/", "/auth/"), str::to_owned).expect_err("refused");
    let errors = contract_errors(&diagnostics);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert_eq!(
        errors[0],
        "spec/zh-hans/token.md:5:3: user sessions (maxim-api/src/session.rs) call `client.token().by_id(i64, secret)` \
         (`POST /token/id`), which is gone; `POST /auth/id` is now `client.auth().id`; the runtime needs it as \
         declared in codegen/src/resolve/contract.rs"
    );
}

#[test]
#[ignore = "runs `cargo check` on a copy of maxim-api (minutes); `cargo test -p codegen --test runtime_contract -- --ignored`"]
fn one_more_field_in_the_login_answer_builds() {
    let files = codegen::emit::emit(&with_one_more_login_field()).expect("emits");
    codegen::tools::fuzz::compile::check(root(), &files).unwrap_or_else(|errors| panic!("{errors}"));
}
