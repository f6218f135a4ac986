//! Parse benchmark: the whole vendored document, against a baseline of pulldown-cmark alone on the same text.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/maxim-server-api.md");
    let text = std::fs::read_to_string(path).expect("the vendored document is readable");
    let mut group = c.benchmark_group("document");
    group.bench_function("pulldown_cmark_events_only", |b| {
        b.iter(|| pulldown_cmark::Parser::new_ext(black_box(&text), pulldown_cmark::Options::ENABLE_TABLES).count())
    });
    group.bench_function("parse_document", |b| {
        b.iter(|| codegen::parse_document("spec/maxim-server-api.md", black_box(&text)).map(|d| d.endpoints.len()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
