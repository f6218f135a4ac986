//! Checks of a spec (document + corrections) that must hold for ANY revision of the vendor's document: they state
//! rules, never counts, line numbers or quoted rows (those live in snapshots). `tests/it/spec_invariants.rs` runs
//! them on `spec/` and on the 2022 export; `tests/it/document_update.rs` runs them on a scratch copy with one entry
//! added, to show that a document update fails only the snapshots and the wire coverage.

use codegen::model::api::{Api, Ty};
use codegen::model::doc::{Document, Field};
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashSet};
use std::path::Path;

/// An entry to append to the message page (`spec/zh-hans/message.md`): a document update adding one operation,
/// `POST /message/pin` with one required input.
pub const NEW_ENTRY: &str = "
## 5.9 置顶消息{#post__message_pin}

> POST /message/pin

#### 请求头
|  参数名称 |  数据类型 | 必填 |  描述 |
|  ------ |  ------ |  ------ |  ------ |
| access-token | string | false | 令牌 |
| app_id | string | true | 应用ID |

#### 请求体(Request Body)
|  参数名称 |  数据类型 | 必填  |  默认值 |  描述 |
|  ------ |  ------ |  ------ |  ------ |  ------ |
| msg_id | int64 | true |  | 消息ID |

#### 响应体
● 200 响应数据格式：JSON

|  参数名称 |  类型 |  描述 |
|  ------ |  ------ |  ------ |
| code | int32 | 返回码，200是成功 |
| data | boolean | 结果数据 |
| message | string | 错误信息，如果成功，该项为null |
#### 接口描述
> 
";

/// A document and its resolved model.
pub struct Spec {
    /// What the document says.
    pub doc: Document,
    /// What the SDK is generated from.
    pub api: Api,
}

impl Spec {
    /// Loads `document` (a file or a directory of pages) with `corrections`, both relative to `root`.
    pub fn load(root: &Path, document: &str, corrections: &str) -> Result<Spec, String> {
        let doc = codegen::load_document(root, document).map_err(|d| d.to_string())?;
        let api = codegen::load_api_from(root, document, corrections).map_err(|d| d.to_string())?;
        Ok(Spec { doc, api })
    }

    /// The workspace's own `spec/` under `root`, with the English pages' text (as the generator reads it).
    pub fn workspace(root: &Path) -> Result<Spec, String> {
        let doc = codegen::load_document(root, codegen::DOCUMENT_DIR).map_err(|d| d.to_string())?;
        let api = codegen::load_api(root).map_err(|d| d.to_string())?;
        Ok(Spec { doc, api })
    }
}

/// A rule: `Err(why)` when the spec breaks it.
pub type Check = fn(&Spec) -> Result<(), String>;

/// Every check, by name.
pub const ALL: [(&str, Check); 4] = [
    ("every entry is reachable from exactly one operation", every_entry_is_reachable_once),
    ("names are meaningful and unique", names_are_meaningful_and_unique),
    ("no two types share a shape", no_two_types_share_a_shape),
    ("identifiers and times are 64-bit", ids_and_times_are_64_bit),
];

/// Runs every check, returning the failures as `name: why`.
pub fn failures(spec: &Spec) -> Vec<String> {
    ALL.iter().filter_map(|(name, check)| check(spec).err().map(|why| format!("{name}: {why}"))).collect()
}

fn ensure(ok: bool, why: impl FnOnce() -> String) -> Result<(), String> {
    if ok { Ok(()) } else { Err(why()) }
}

/// Each (method, path) pair of the document belongs to exactly one operation.
pub fn every_entry_is_reachable_once(spec: &Spec) -> Result<(), String> {
    let documented: BTreeSet<String> = spec.doc.endpoints.iter().flat_map(|e| e.keys()).collect();
    let reachable: Vec<String> = spec
        .api
        .operations
        .iter()
        .flat_map(|op| op.entries.iter().map(move |e| format!("{} {}", e.method, op.path)))
        .collect();
    ensure(reachable.len() == spec.doc.verb_count(), || {
        format!("{} entries reachable, {} documented", reachable.len(), spec.doc.verb_count())
    })?;
    let reachable: BTreeSet<String> = reachable.into_iter().collect();
    ensure(reachable == documented, || format!("differs: {:?}", reachable.symmetric_difference(&documented)))
}

/// Operation names are snake_case and unique per section; type and enum names are unique and not the generated
/// fallbacks (`ListData`, `…Response`) that mean nobody named a shape.
pub fn names_are_meaningful_and_unique(spec: &Spec) -> Result<(), String> {
    let mut operation_names = HashSet::new();
    for op in &spec.api.operations {
        ensure(op.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'), || {
            format!("operation name `{}`", op.name)
        })?;
        ensure(operation_names.insert((op.section, op.name.clone())), || format!("duplicate operation {}", op.name))?;
    }
    let names: Vec<&str> =
        spec.api.types.iter().map(|t| t.name.as_str()).chain(spec.api.enums.iter().map(|e| e.name.as_str())).collect();
    let unique: HashSet<&str> = names.iter().copied().collect();
    ensure(unique.len() == names.len(), || "type and enum names repeat".to_owned())?;
    for name in names {
        let generic = name.trim_end_matches(|c: char| c.is_ascii_digit()) != name
            || ["Data", "Type", "Object", "Item"].contains(&name)
            || name.ends_with("Data")
            || name.ends_with("Response");
        ensure(name.starts_with(|c: char| c.is_ascii_uppercase()) && !generic, || {
            format!("`{name}` is not a meaningful type name; name the shape in spec/overrides.toml [types]")
        })?;
    }
    Ok(())
}

/// Identical shapes are one type.
pub fn no_two_types_share_a_shape(spec: &Spec) -> Result<(), String> {
    let mut shapes = HashSet::new();
    for def in &spec.api.types {
        let shape: Vec<(String, Ty)> = def.fields.iter().map(|f| (f.wire_name.clone(), f.ty.clone())).collect();
        ensure(shapes.insert(shape), || format!("{} repeats another type's shape", def.name))?;
    }
    Ok(())
}

/// Fields named like IDs and times are 64-bit integers (or something the corrections chose), never narrower, whatever
/// the document's `int32` says.
pub fn ids_and_times_are_64_bit(spec: &Spec) -> Result<(), String> {
    for def in &spec.api.types {
        for field in &def.fields {
            let name = field.wire_name.as_str();
            let id_or_time = name.ends_with("_id") || name == "uid" || name.ends_with("_at") || name == "version";
            // `set_*` members are Thrift "is set" flags: booleans by design.
            if id_or_time && !name.starts_with("set_") {
                let fine = matches!(&field.ty, Ty::I64 | Ty::String | Ty::Enum(_) | Ty::Struct(_))
                    || field.ty == Ty::List(Box::new(Ty::I64));
                ensure(fine, || format!("{}.{name} is {:?}", def.name, field.ty))?;
            }
        }
    }
    Ok(())
}

/// Every field of the current layout states its type and 必填 flag (a page that lost a column shows up here).
pub fn current_layout_states_types_and_required_flags(spec: &Spec) -> Result<(), String> {
    fn flatten(fields: &[Field]) -> Vec<&Field> {
        fields.iter().flat_map(|f| std::iter::once(f).chain(flatten(&f.children))).collect()
    }
    for endpoint in &spec.doc.endpoints {
        for param in endpoint.headers.iter().chain(&endpoint.query) {
            ensure(param.ty.is_some() && param.required.is_some(), || format!("{}: {}", endpoint.number, param.name))?;
        }
        for field in flatten(&endpoint.body) {
            ensure(field.required.is_some(), || format!("{}: {}", endpoint.number, field.name))?;
        }
        ensure(!endpoint.verbs.is_empty() && endpoint.anchor.is_some(), || endpoint.number.clone())?;
    }
    Ok(())
}

/// The wire tests' coverage: `(missing, unknown)`, the (method, path) pairs of the model that no wire test states as
/// `Expected::new("METHOD", "/path")`, and those the tests state that the model lacks.
pub fn wire_coverage(api: &Api, tests_dir: &Path) -> (Vec<String>, Vec<String>) {
    let entries: BTreeSet<String> = api
        .operations
        .iter()
        .flat_map(|op| op.entries.iter().map(move |e| format!("{} {}", e.method, op.path)))
        .collect();
    let asserted = asserted_entries(tests_dir);
    (entries.difference(&asserted).cloned().collect(), asserted.difference(&entries).cloned().collect())
}

/// The `(method, path)` pairs the wire tests (`wire_*.rs` in `tests_dir`) assert on.
fn asserted_entries(tests_dir: &Path) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let Ok(entries) = std::fs::read_dir(tests_dir) else { return found };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        if !(name.starts_with("wire_") && name.ends_with(".rs")) {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap_or_default();
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

/// The hex SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// `spec/SHA256SUMS` under `root` pins exactly the pages the generator reads (Chinese, then English), each with its hash (`cd spec &&
/// sha256sum -c SHA256SUMS` checks the same).
pub fn pinned_hashes(root: &Path) -> Result<(), String> {
    let spec = root.join("spec");
    let sums = std::fs::read_to_string(spec.join("SHA256SUMS")).map_err(|e| format!("spec/SHA256SUMS: {e}"))?;
    let mut pinned = Vec::new();
    for line in sums.lines() {
        let (hash, file) = line.split_once("  ").ok_or_else(|| format!("`{line}` is not `<sha256>  <file>`"))?;
        pinned.push((file.to_owned(), hash.to_owned()));
    }
    let mut read = Vec::new();
    for dir in [codegen::DOCUMENT_DIR, codegen::ENGLISH_DIR] {
        let pages = codegen::parse::read_pages(root, dir).map_err(|d| d.to_string())?;
        read.extend(pages.into_iter().map(|(file, _)| file.trim_start_matches("spec/").to_owned()));
    }
    let listed: Vec<String> = pinned.iter().map(|(file, _)| file.clone()).collect();
    ensure(read == listed, || format!("the pages read ({read:?}) are not the pages pinned ({listed:?})"))?;
    for (file, hash) in &pinned {
        let bytes = std::fs::read(spec.join(file)).map_err(|e| format!("spec/{file}: {e}"))?;
        ensure(sha256(&bytes) == *hash, || {
            format!("spec/{file} was edited; restore the vendor's page and put corrections in spec/overrides.toml")
        })?;
    }
    Ok(())
}
