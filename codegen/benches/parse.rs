//! Parse benchmark: the vendored pages, against a baseline of pulldown-cmark alone on the same text.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;

fn bench(c: &mut Criterion) {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    let pages = codegen::parse::read_pages(root, codegen::DOCUMENT_DIR).expect("the vendored pages are readable");
    let mut group = c.benchmark_group("document");
    group.bench_function("pulldown_cmark_events_only", |b| {
        b.iter(|| {
            pages
                .iter()
                .map(|(_, text)| {
                    pulldown_cmark::Parser::new_ext(black_box(text), pulldown_cmark::Options::ENABLE_TABLES).count()
                })
                .sum::<usize>()
        })
    });
    group.bench_function("parse_pages", |b| {
        b.iter(|| codegen::parse_pages(black_box(&pages)).map(|d| d.endpoints.len()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
