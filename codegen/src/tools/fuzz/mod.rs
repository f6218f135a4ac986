//! A deterministic mutation fuzzer for the whole generator (`cargo xtask fuzz`, and a seeded `cargo test`).
//!
//! Each case takes the real inputs ([`Corpus`]: the Chinese pages, the English pages, `spec/overrides.toml`),
//! applies one to three [`mutate`] mutations to one page or to the corrections, and runs parse, resolve and emit on
//! the result, checking that:
//! - nothing panics (caught per case) and nothing overflows the stack (every case runs on a thread with a 2 MiB
//!   stack, as test threads have; the parser and resolver limit nesting to 32, so nothing recurses deeper);
//! - a refused case has diagnostics that point into its files (`file:line:col`, inside the text);
//! - a resolved model is emitted (emit refusing it would be an unlocated error), every emitted file parses and
//!   declares no name twice in one scope ([`emitted`]);
//! - no table row is lost in silence ([`loss`]);
//! - with `--compile-every K`, every Kth case that generated new code (and the last) builds: [`compile`] runs
//!   `cargo check` on it;
//! - no case takes longer than [`Options::slow`] (1 s; meaningful in a release build) and [`SLOW_RATIO`] times the
//!   real inputs' own time, measured beside it: the faster of two runs counts, and the ratio tells a slow input
//!   from a busy machine (which slows both alike).
//!
//! A case is `(seed, index)`: the same pair always gives the same mutated inputs, so any finding can be replayed
//! with `cargo xtask fuzz --seed S --case K` (which also writes the case's files to `target/fuzz/`).

pub mod compile;
mod emitted;
mod loss;
pub mod mutate;

use crate::model::api::Api;
use crate::model::diagnostic::Diagnostics;
use crate::model::doc::Document;
use mutate::Rng;
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The stack each case runs with: the default of Rust's spawned threads (and of `cargo test`'s).
pub const STACK_SIZE: usize = 2 * 1024 * 1024;

/// The unmutated inputs, and what they generate.
#[derive(Clone, Debug)]
pub struct Corpus {
    /// The Chinese pages, `(file name for diagnostics, text)`.
    pub pages: Vec<(String, String)>,
    /// The English pages, parsed once (they are not mutated).
    pub english: Document,
    /// The text of `spec/overrides.toml`.
    pub corrections: String,
    /// The model of the unmutated inputs: a case that resolves to it generates what was checked already.
    api: Api,
    /// The files the unmutated inputs generate, checked once: a case's file with the same contents needs no check.
    files: HashMap<String, String>,
}

impl Corpus {
    /// How long the unmutated inputs take through the pipeline, every file emitted and checked, now (the faster of
    /// two runs).
    fn own_time(&self) -> Duration {
        let case = Case {
            index: 0,
            pages: self.pages.clone(),
            corrections: self.corrections.clone(),
            description: "the real inputs".to_owned(),
        };
        (0..2)
            .map(|_| {
                let begun = Instant::now();
                let _ = pipeline(self, &case, true);
                begun.elapsed()
            })
            .min()
            .unwrap_or_default()
    }

    /// Reads the inputs of the workspace at `root`; they must generate files that pass the checks.
    pub fn load(root: &Path) -> Result<Corpus, String> {
        let pages = crate::parse::read_pages(root, crate::DOCUMENT_DIR).map_err(|d| d.to_string())?;
        let english = crate::load_document(root, crate::ENGLISH_DIR).map_err(|d| d.to_string())?;
        let corrections = std::fs::read_to_string(root.join(crate::CORRECTIONS_FILE))
            .map_err(|error| format!("{}: cannot read: {error}", crate::CORRECTIONS_FILE))?;
        let doc = crate::parse_pages(&pages).map_err(|d| d.to_string())?;
        let api = crate::resolve::resolve_bilingual(&doc, Some(&english), crate::CORRECTIONS_FILE, &corrections)
            .map_err(|d| d.to_string())?;
        let files = crate::emit::emit(&api)?;
        let problems = emitted::problems(&files);
        if !problems.is_empty() {
            return Err(format!("the unmutated inputs generate bad files:\n{}", problems.join("\n")));
        }
        let files = files.into_iter().map(|file| (file.name, file.contents)).collect();
        Ok(Corpus { pages, english, corrections, api, files })
    }
}

/// One mutated input.
#[derive(Clone, Debug)]
pub struct Case {
    /// Its index in the run.
    pub index: u64,
    /// The pages, one of them perhaps mutated.
    pub pages: Vec<(String, String)>,
    /// The corrections, perhaps mutated.
    pub corrections: String,
    /// What was mutated, where.
    pub description: String,
}

/// Case `index` of the run seeded with `seed`.
pub fn case(corpus: &Corpus, seed: u64, index: u64) -> Case {
    let mut rng = Rng::new(seed ^ index.wrapping_mul(0x2545_f491_4f6c_dd1d));
    let mut pages = corpus.pages.clone();
    let mut corrections = corpus.corrections.clone();
    let target = rng.below(pages.len() + 1);
    let (file, text) = match pages.get_mut(target) {
        Some((file, text)) => (file.clone(), text),
        None => (crate::CORRECTIONS_FILE.to_owned(), &mut corrections),
    };
    let mut described = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let (mutated, what) = mutate::mutate(&mut rng, text);
        *text = mutated;
        described.push(what);
    }
    let description = format!("{file}: {}", described.join("; "));
    Case { index, pages, corrections, description }
}

/// The files a case generates, when it resolves to a model other than the unmutated one (`None` when it is refused
/// or generates what the real inputs do): what [`compile::check`] compiles.
pub fn generated_files(corpus: &Corpus, case: &Case) -> Option<Vec<crate::emit::GeneratedFile>> {
    let doc = crate::parse_pages(&case.pages).ok()?;
    let api =
        crate::resolve::resolve_bilingual(&doc, Some(&corpus.english), crate::CORRECTIONS_FILE, &case.corrections)
            .ok()?;
    if api == corpus.api || !crate::resolve::contract::check(&api).is_empty() {
        return None;
    }
    crate::emit::emit(&api).ok()
}

/// How a case ended, when it ended well.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Located diagnostics, and nothing generated.
    Refused,
    /// Generated files that passed every check.
    Generated {
        /// The model, and so the code, differs from the real inputs' own.
        new_code: bool,
    },
}

/// Runs one case through parse, resolve and emit and checks the result; `Err` holds the problems found.
pub fn run_case(corpus: &Corpus, case: &Case) -> Result<Outcome, Vec<String>> {
    match catch_unwind(AssertUnwindSafe(|| pipeline(corpus, case, false))) {
        Ok(result) => result,
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            Err(vec![format!("panicked: {message}")])
        }
    }
}

/// Parse, resolve and emit, with every check; `as_new` emits and checks every file even when the model is the real
/// inputs' own (the most a case can cost: what [`Corpus::own_time`] measures).
fn pipeline(corpus: &Corpus, case: &Case, as_new: bool) -> Result<Outcome, Vec<String>> {
    let doc = match crate::parse_pages(&case.pages) {
        Ok(doc) => doc,
        Err(diagnostics) => return refused(case, &diagnostics),
    };
    let lost = loss::rows_missing_from_document(&case.pages, &doc);
    if !lost.is_empty() {
        return Err(lost);
    }
    let api = match crate::resolve::resolve_bilingual(
        &doc,
        Some(&corpus.english),
        crate::CORRECTIONS_FILE,
        &case.corrections,
    ) {
        Ok(api) => api,
        Err(diagnostics) => return refused(case, &diagnostics),
    };
    let contract = crate::resolve::contract::check(&api);
    if !contract.is_empty() {
        return refused(case, &contract);
    }
    let mut problems = loss::document_missing_from_api(&doc, &api);
    let new_code = api != corpus.api;
    if new_code || as_new {
        match crate::emit::emit(&api) {
            Ok(mut files) => {
                let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
                files.retain(|file| as_new || corpus.files.get(&file.name) != Some(&file.contents));
                problems.extend(emitted::problems(&files));
                problems.extend(emitted::repeated_names(&names));
            }
            Err(refusal) => problems.push(format!("emit refused a resolved model (an unlocated error): {refusal}")),
        }
    }
    if problems.is_empty() { Ok(Outcome::Generated { new_code }) } else { Err(problems) }
}

/// A refusal is fine when every diagnostic points into one of the case's files, inside its text (the English
/// pages are not mutated, but a mutated Chinese page may disagree with them: diagnostics there are fine too).
fn refused(case: &Case, diagnostics: &Diagnostics) -> Result<Outcome, Vec<String>> {
    if diagnostics.is_empty() {
        return Err(vec!["refused without a diagnostic".to_owned()]);
    }
    // Lines as diagnostics count them: one more than the text's line endings (`\n`, `\r\n` or a lone `\r`).
    let lines = |text: &str| text.matches(['\n', '\r']).count() - text.matches("\r\n").count() + 1;
    let mut line_counts: HashMap<&str, usize> =
        case.pages.iter().map(|(name, text)| (name.as_str(), lines(text))).collect();
    line_counts.insert(crate::CORRECTIONS_FILE, lines(&case.corrections));
    let unlocated: Vec<String> = diagnostics
        .0
        .iter()
        .filter(|d| {
            let inside = match line_counts.get(&*d.location.file) {
                Some(&count) => d.location.line as usize <= count,
                None => d.location.file.starts_with(crate::ENGLISH_DIR),
            };
            d.message.is_empty() || d.location.line == 0 || d.location.column == 0 || !inside
        })
        .map(|d| format!("diagnostic outside the inputs: {d}"))
        .collect();
    if unlocated.is_empty() { Ok(Outcome::Refused) } else { Err(unlocated) }
}

/// What to run.
#[derive(Clone, Debug)]
pub struct Options {
    /// The run's seed.
    pub seed: u64,
    /// The first case.
    pub start: u64,
    /// How many cases.
    pub iterations: u64,
    /// Worker threads.
    pub threads: usize,
    /// A case that takes longer, and [`SLOW_RATIO`] times the real inputs' own time, is a finding.
    pub slow: Duration,
    /// A case that takes longer ends the run (it hangs).
    pub hang: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            seed: 0,
            start: 0,
            iterations: 1000,
            threads: 1,
            slow: Duration::from_secs(1),
            hang: Duration::from_secs(60),
        }
    }
}

/// A case that failed a check.
#[derive(Clone, Debug)]
pub struct Finding {
    /// The case's index.
    pub index: u64,
    /// What was mutated.
    pub description: String,
    /// What went wrong.
    pub problems: Vec<String>,
}

/// The result of a run.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Cases run.
    pub cases: u64,
    /// Cases refused with located diagnostics.
    pub refused: u64,
    /// Cases that generated checked files.
    pub generated: u64,
    /// The indices of those that generated code other than the real inputs' (what `--compile-every` samples), in
    /// the order they ended.
    pub new_code_cases: Vec<u64>,
    /// Every failed case, by index.
    pub findings: Vec<Finding>,
    /// The slowest case: (time, index).
    pub slowest: (Duration, u64),
    /// Wall time of the run.
    pub elapsed: Duration,
}

/// Runs `options.iterations` cases on `options.threads` threads; `progress` gets a line now and then.
///
/// A case that runs longer than `options.hang` cannot be stopped: the run reports it through `progress` and
/// exits the process with status 2.
pub fn run(corpus: &Corpus, options: &Options, progress: &(dyn Fn(&str) + Sync)) -> Report {
    let started = Instant::now();
    let next = AtomicU64::new(options.start);
    let end = options.start + options.iterations;
    let report = Mutex::new(Report::default());
    let running: Vec<Mutex<Option<(u64, Instant)>>> = (0..options.threads.max(1)).map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = running
            .iter()
            .map(|slot| {
                let (next, report) = (&next, &report);
                std::thread::Builder::new()
                    .stack_size(STACK_SIZE)
                    .spawn_scoped(scope, move || {
                        loop {
                            let index = next.fetch_add(1, Ordering::Relaxed);
                            if index >= end {
                                break;
                            }
                            let case = case(corpus, options.seed, index);
                            let begun = Instant::now();
                            *lock(slot) = Some((index, begun));
                            let result = run_case(corpus, &case);
                            let mut took = begun.elapsed();
                            let mut slow = None;
                            if took > options.slow {
                                // Once more (the faster run counts), and the real inputs beside it.
                                let again = Instant::now();
                                let _ = run_case(corpus, &case);
                                took = took.min(again.elapsed());
                                let own = corpus.own_time();
                                if is_slow(took, options.slow, own) {
                                    slow = Some(format!(
                                        "took {took:?}, more than {:?} and {SLOW_RATIO} times the real inputs' {own:?}",
                                        options.slow
                                    ));
                                }
                            }
                            *lock(slot) = None;
                            record(&mut lock(report), &case, result, took, slow);
                        }
                    })
                    .expect("a worker thread starts")
            })
            .collect();
        let mut last_report = Instant::now();
        while workers.iter().any(|w| !w.is_finished()) {
            std::thread::sleep(Duration::from_millis(50));
            for slot in &running {
                if let Some((index, begun)) = *lock(slot)
                    && begun.elapsed() > options.hang
                {
                    let description = case(corpus, options.seed, index).description;
                    progress(&format!("case {index} has run for over {:?}, stopping: {description}", options.hang));
                    std::process::exit(2);
                }
            }
            if last_report.elapsed() > Duration::from_secs(10) {
                last_report = Instant::now();
                let report = lock(&report);
                progress(&format!(
                    "{} of {} cases, {} findings",
                    report.cases,
                    options.iterations,
                    report.findings.len()
                ));
            }
        }
    });
    let mut report = report.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
    report.findings.sort_by_key(|f| f.index);
    report.elapsed = started.elapsed();
    report
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// How many times the real inputs' own time a case may take (mutations that add rows make a case bigger).
pub const SLOW_RATIO: u32 = 3;

/// A case is slow when it passes both the fixed bound and [`SLOW_RATIO`] times the real inputs' time measured
/// beside it.
fn is_slow(took: Duration, bound: Duration, own: Duration) -> bool {
    took > bound && took > own * SLOW_RATIO
}

fn record(
    report: &mut Report,
    case: &Case,
    result: Result<Outcome, Vec<String>>,
    took: Duration,
    slow: Option<String>,
) {
    report.cases += 1;
    if took > report.slowest.0 {
        report.slowest = (took, case.index);
    }
    let mut problems = match result {
        Ok(Outcome::Refused) => {
            report.refused += 1;
            Vec::new()
        }
        Ok(Outcome::Generated { new_code }) => {
            report.generated += 1;
            if new_code {
                report.new_code_cases.push(case.index);
            }
            Vec::new()
        }
        Err(problems) => problems,
    };
    problems.extend(slow);
    if !problems.is_empty() {
        report.findings.push(Finding { index: case.index, description: case.description.clone(), problems });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_is_slow_only_past_both_the_bound_and_the_ratio() {
        let ms = Duration::from_millis;
        // A busy machine slows the real inputs alike: not a finding.
        assert!(!is_slow(ms(1500), ms(1000), ms(900)));
        // A slow input: past the bound, and many times the real inputs' own time.
        assert!(is_slow(ms(3000), ms(1000), ms(300)));
        // Within the bound, whatever the ratio.
        assert!(!is_slow(ms(900), ms(1000), ms(100)));
    }
}
