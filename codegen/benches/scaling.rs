//! Scaling benchmark: parse, resolve and emit on documents 1×, 4× and 16× the real pages, and the inputs issue 11
//! found super-linear at two sizes each (the time should grow with the size, not with its square).
//!
//! A synthetic document of scale n is the real pages n times over: copy k > 0 of a page renumbers its section
//! (`# 1` → `# 101`, `## 1.1` → `## 101.1` for k = 1), suffixes its anchors (`{#user}` → `{#user_r1}`) and moves
//! its paths under a new first segment (`/user/x` → `/user_r1/x`, a new module); the corrections repeat every
//! `[operations."METHOD /path"]` entry for each copy's paths. The copies' shapes are the originals', so they join
//! the same named types. The English pages are copied the same way, as `cargo xtask codegen` reads them too.
//!
//! `cargo bench -p codegen --bench scaling`; compare the times of one stage across scales (the ratios are in the
//! closing notes of issue 11).

use codegen::model::doc::Document;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

/// The real inputs.
struct Inputs {
    pages: Vec<(String, String)>,
    english: Vec<(String, String)>,
    corrections: String,
}

fn inputs() -> Inputs {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    let read = |dir| codegen::parse::read_pages(root, dir).expect("the vendored pages are readable");
    let corrections = std::fs::read_to_string(root.join(codegen::CORRECTIONS_FILE)).expect("readable");
    Inputs { pages: read(codegen::DOCUMENT_DIR), english: read(codegen::ENGLISH_DIR), corrections }
}

/// The pages `scale` times over (see the module docs); front matter (a page without sections) once.
fn replicate_pages(pages: &[(String, String)], scale: usize) -> Vec<(String, String)> {
    let mut out = pages.to_vec();
    for copy in 1..scale {
        for (file, text) in
            pages.iter().filter(|(_, text)| text.lines().any(|l| l.starts_with("# ") && l.contains("{#")))
        {
            let name = file.replace(".md", &format!("_r{copy}.md"));
            out.push((name, text.lines().map(|line| copy_line(line, copy)).collect::<Vec<_>>().join("\n") + "\n"));
        }
    }
    out
}

/// One line of copy `copy`: headings renumbered with suffixed anchors, verb lines under a new first segment.
fn copy_line(line: &str, copy: usize) -> String {
    if let Some(rest) = line.strip_prefix("> ")
        && let Some((method, path)) = rest.split_once(' ')
        && path.starts_with('/')
    {
        return format!("> {method} {}", copy_path(path.trim(), copy));
    }
    let hashes = line.len() - line.trim_start_matches('#').len();
    if hashes == 0 || !line.contains("{#") {
        return line.to_owned();
    }
    let rest = line[hashes..].trim_start();
    let (number, title) = rest.split_once(' ').unwrap_or((rest, ""));
    let (section, entry) = number.split_once('.').map_or((number, None), |(s, e)| (s, Some(e)));
    let section: usize = section.parse().unwrap_or(0) + 100 * copy;
    let number = entry.map_or(section.to_string(), |entry| format!("{section}.{entry}"));
    let title = title.replacen('}', &format!("_r{copy}}}"), 1);
    format!("{} {number} {title}", &line[..hashes])
}

/// `/user/x` → `/user_r1/x`.
fn copy_path(path: &str, copy: usize) -> String {
    let rest = path.trim_start_matches('/');
    let (first, tail) = rest.split_once('/').map_or((rest, ""), |(f, t)| (f, t));
    if tail.is_empty() { format!("/{first}_r{copy}") } else { format!("/{first}_r{copy}/{tail}") }
}

/// The corrections with each operation entry repeated for every copy's paths.
fn replicate_corrections(text: &str, scale: usize) -> String {
    let mut table: toml::Table = toml::from_str(text).expect("the corrections parse");
    if let Some(toml::Value::Table(operations)) = table.get_mut("operations") {
        let originals: Vec<(String, toml::Value)> = operations.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        for copy in 1..scale {
            for (key, value) in &originals {
                let (method, path) = key.split_once(' ').expect("METHOD /path");
                operations.insert(format!("{method} {}", copy_path(path, copy)), value.clone());
            }
        }
    }
    toml::to_string(&table).expect("the corrections print")
}

struct Synthetic {
    pages: Vec<(String, String)>,
    english: Document,
    corrections: String,
}

fn synthetic(inputs: &Inputs, scale: usize) -> Synthetic {
    let english = codegen::parse_pages(&replicate_pages(&inputs.english, scale)).expect("the English copies parse");
    Synthetic {
        pages: replicate_pages(&inputs.pages, scale),
        english,
        corrections: replicate_corrections(&inputs.corrections, scale),
    }
}

fn resolve(doc: &Document, input: &Synthetic) -> codegen::model::api::Api {
    codegen::resolve::resolve_bilingual(doc, Some(&input.english), codegen::CORRECTIONS_FILE, &input.corrections)
        .unwrap_or_else(|d| panic!("the synthetic document resolves:\n{d}"))
}

fn document_scaling(c: &mut Criterion) {
    let inputs = inputs();
    let mut group = c.benchmark_group("scaling");
    group.sample_size(10).measurement_time(Duration::from_secs(8));
    for scale in [1, 4, 16] {
        let input = synthetic(&inputs, scale);
        let doc = codegen::parse_pages(&input.pages).unwrap_or_else(|d| panic!("the synthetic document parses:\n{d}"));
        let api = resolve(&doc, &input);
        assert_eq!(api.operations.len() % scale, 0, "every copy adds the same operations");
        group.bench_with_input(BenchmarkId::new("parse", scale), &input, |b, input| {
            b.iter(|| codegen::parse_pages(black_box(&input.pages)).map(|d| d.endpoints.len()))
        });
        group.bench_with_input(BenchmarkId::new("resolve", scale), &doc, |b, doc| {
            b.iter(|| resolve(black_box(doc), &input).operations.len())
        });
        group.bench_with_input(BenchmarkId::new("emit", scale), &api, |b, api| {
            b.iter(|| codegen::emit::emit(black_box(api)).map(|files| files.len()))
        });
    }
    group.finish();
}

/// A one-entry document of the 2022 export's layout whose header table is one flattened row of `groups` groups.
fn flattened_header(groups: usize) -> String {
    let row: String = (0..groups).map(|i| format!("|h{i}||令牌|")).collect::<Vec<_>>().join("");
    format!(
        "## 3\t用户操作\n\n## 3.1\t标题\n\n> POST  /user/x\n### 请求头\n| 参数名称 | 默认值 | 描述 |\n| ------ | ------ | ------ |\n\
         {row}\n### 响应体\n● 200 响应数据格式：JSON\n| 参数名称 | 类型 | 描述 |\n| --- | --- | --- |\n| data | boolean | 结果 |\n"
    )
}

/// The real pages with `rows` response rows nested one `⇥` deeper each inserted into the first entry.
fn deep_nesting(inputs: &Inputs, rows: usize) -> Vec<(String, String)> {
    let nested: String = (1..=rows).map(|depth| format!("|{} f{depth} | object | x |\n", "⇥".repeat(depth))).collect();
    let mut pages = inputs.pages.clone();
    let user = pages.iter_mut().find(|(file, _)| file.ends_with("user.md")).expect("user.md");
    user.1 = user.1.replacen("| data | boolean | 结果数据 |\n", &format!("| data | object | 结果数据 |\n{nested}"), 1);
    pages
}

fn adversarial_scaling(c: &mut Criterion) {
    let inputs = inputs();
    let doc = codegen::parse_pages(&inputs.pages).expect("the pages parse");
    let mut group = c.benchmark_group("adversarial");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    for groups in [4_000, 16_000] {
        let text = flattened_header(groups);
        group.bench_with_input(BenchmarkId::new("flattened_header_groups", groups), &text, |b, text| {
            b.iter(|| codegen::parse_document("spec/x.md", black_box(text)).map(|d| d.endpoints[0].headers.len()))
        });
    }
    for secrets in [5_000, 20_000] {
        let list: Vec<String> = (0..secrets).map(|i| format!("\"s{i}\"")).collect();
        let text = inputs.corrections.replacen("secrets = [", &format!("secrets = [{}, ", list.join(", ")), 1);
        group.bench_with_input(BenchmarkId::new("secrets_on_one_line", secrets), &text, |b, text| {
            b.iter(|| {
                codegen::resolve::resolve(&doc, codegen::CORRECTIONS_FILE, black_box(text)).map_err(|d| d.0.len())
            })
        });
    }
    for rows in [750, 3_000] {
        let pages = deep_nesting(&inputs, rows);
        group.bench_with_input(BenchmarkId::new("nesting_rows", rows), &pages, |b, pages| {
            b.iter(|| codegen::parse_pages(black_box(pages)).map_err(|d| d.0.len()))
        });
    }
    group.finish();
}

criterion_group!(benches, document_scaling, adversarial_scaling);
criterion_main!(benches);
