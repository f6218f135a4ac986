//! The fuzzer (`codegen::fuzz`) on a few hundred seeded cases, and the reproducers it found, kept as cases of
//! their own. `cargo xtask fuzz --release --iterations 100000` runs the long version.

use codegen::fuzz::{Corpus, Options, run};
use std::path::Path;
use std::time::Duration;

fn corpus() -> Corpus {
    Corpus::load(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn seeded_mutations_of_the_real_inputs_find_nothing() {
    let options = Options {
        seed: 11,
        iterations: 300,
        threads: 2,
        // Timing is for release builds (`cargo xtask fuzz`): a debug build on a shared machine is no measure.
        slow: Duration::MAX,
        ..Options::default()
    };
    let report = run(&corpus(), &options, &|_| {});
    let findings: Vec<String> = report
        .findings
        .iter()
        .map(|f| format!("case {} ({}): {}", f.index, f.description, f.problems.join("; ")))
        .collect();
    assert_eq!(findings, Vec::<String>::new());
    assert_eq!(report.cases, 300);
    eprintln!("{report:?}");
}
