//! Project automation, run as `cargo xtask <command>` (the alias lives in `.cargo/config.toml`).
//!
//! - `cargo xtask codegen` regenerates `maxim-api/src/generated/` and `maxim-cli/src/generated/` from `spec/` and the rules table of
//!   `docs/api-diff.md`; `cargo xtask codegen --check` changes nothing and fails when either is stale.
//! - `cargo xtask spec` prints one line per endpoint entry and the totals, or the diagnostics of a malformed document.
//! - `cargo xtask api-diff OLD [NEW] [--check-version]` prints what changed for users of `maxim-api`.
//! - `cargo xtask update-spec DIR` takes in a new release of the vendor's pages and prints the review;
//!   `cargo xtask update-spec --git URL[#REV]` takes them from the vendor's repository at a revision and records it.
//! - `cargo xtask fuzz --iterations N [--seed S]` runs the generator on N mutated copies of the real inputs
//!   (`codegen::tools::fuzz`) and reports every case that panicked, was slow, lost a row or emitted bad code;
//!   `--case K` replays one case and writes its files to `target/fuzz/case-K/`; `--compile-every K` also compiles
//!   every Kth case that generates new code (and the last) with `cargo check`. Build with `--release` for long runs
//!   (`cargo run --release -p xtask -- fuzz …`).

use codegen::generate::Mode;
use codegen::tools::source::Spec;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["codegen"] => generate(Mode::Write),
        ["codegen", "--check"] => generate(Mode::Check),
        ["api-diff", rest @ ..] if !rest.is_empty() => api_diff(rest),
        ["update-spec", "--git", source] => {
            codegen::tools::update::update_spec_from_git(&workspace_root(), source).and_then(|update| review(&update))
        }
        ["update-spec", dir] => update_spec(dir),
        ["spec"] => spec(codegen::DOCUMENT_DIR),
        ["spec", "--resolved"] => codegen::load_api(&workspace_root())
            .map(|api| print!("{}", codegen::tools::render::api(&api)))
            .map_err(|diagnostics| diagnostics.to_string()),
        ["spec", path] => spec(path),
        ["fuzz", options @ ..] => fuzz(options),
        _ => Err(format!(
            "usage: cargo xtask <command>\n  \
             codegen [--check]  regenerate maxim-api/ and maxim-cli/src/generated/ from spec/ (--check: fail if stale)\n  \
             spec [PATH]        summarise the API document: a file, or a directory of pages (default {})\n  \
             spec --resolved    print the resolved model (operations, types, enums)\n  \
             api-diff OLD [NEW] [--check-version]\n                    \
             the API changes from OLD to NEW (default: the working tree), each a path or a git revision;\n                    \
             --check-version: fail unless maxim-api's version is bumped enough over OLD's\n  \
             update-spec DIR    copy the vendor's pages in DIR to {}, re-pin, regenerate, print the review\n  \
             update-spec --git URL[#REV]\n                    \
             the same from the vendor's git repository at REV (a branch, tag or commit; default: its\n                    \
             default branch), recorded in spec/SOURCE.toml\n  \
             fuzz [--iterations N] [--seed S] [--start K] [--threads T] [--case K] [--compile-every K]\n                    \
             run the generator on mutated inputs (see codegen::tools::fuzz; build with --release for long runs);\n                    \
             --compile-every K: `cargo check` every Kth case that generates new code, and the last",
            codegen::DOCUMENT_DIR,
            codegen::DOCUMENT_DIR
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root, so the commands work from any directory.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Paths on the command line are taken from the current directory; inside the workspace they are shown relative to
/// its root, as the diagnostics of `cargo xtask codegen` name them.
fn spec(path: &str) -> Result<(), String> {
    let root = workspace_root();
    let given = Path::new(path);
    let (base, relative) = if given.is_absolute() || std::env::current_dir().is_ok_and(|cwd| cwd != root) {
        let absolute = std::env::current_dir().map(|cwd| cwd.join(given)).unwrap_or_else(|_| given.to_path_buf());
        match absolute.strip_prefix(&root) {
            Ok(inside) => (root.clone(), inside.to_string_lossy().into_owned()),
            Err(_) => (PathBuf::from("/"), absolute.to_string_lossy().trim_start_matches('/').to_owned()),
        }
    } else {
        (root, path.to_owned())
    };
    let doc = codegen::load_document(&base, &relative).map_err(|diagnostics| diagnostics.to_string())?;
    print!("{}", codegen::tools::render::summary(&doc));
    Ok(())
}

/// `cargo xtask fuzz`: see `codegen::tools::fuzz`.
fn fuzz(args: &[&str]) -> Result<(), String> {
    let mut options = codegen::tools::fuzz::Options {
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        ..Default::default()
    };
    let mut replay = None;
    let mut compile_every = None;
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = value.parse::<u64>().map_err(|_| format!("{flag} {value}: expected a number"))?;
        match *flag {
            "--iterations" => options.iterations = number,
            "--seed" => options.seed = number,
            "--start" => options.start = number,
            "--threads" => options.threads = number.max(1) as usize,
            "--case" => replay = Some(number),
            "--compile-every" => compile_every = Some(number.max(1)),
            other => return Err(format!("unknown option {other}; see `cargo xtask`")),
        }
    }
    let root = workspace_root();
    let corpus = codegen::tools::fuzz::Corpus::load(&root)?;
    if let Some(index) = replay {
        return replay_case(&root, &corpus, options.seed, index, compile_every.is_some());
    }
    eprintln!(
        "fuzz: cases {}..{} of seed {} on {} threads",
        options.start,
        options.start + options.iterations,
        options.seed,
        options.threads
    );
    let mut report = codegen::tools::fuzz::run(&corpus, &options, &|line| eprintln!("fuzz: {line}"));
    let compiled = match compile_every {
        Some(every) => compile_sample(&root, &corpus, options.seed, every, &mut report),
        None => 0,
    };
    for finding in &report.findings {
        println!("case {} ({}):", finding.index, finding.description);
        for problem in &finding.problems {
            println!("  {problem}");
        }
    }
    println!(
        "{} cases in {:.1?} ({:.0} per second): {} refused with located diagnostics, {} generated and checked; \
         {compiled} of them compiled; slowest case {} took {:.1?}; {} findings",
        report.cases,
        report.elapsed,
        report.cases as f64 / report.elapsed.as_secs_f64().max(1e-9),
        report.refused,
        report.generated,
        report.slowest.1,
        report.slowest.0,
        report.findings.len()
    );
    if report.findings.is_empty() { Ok(()) } else { Err(format!("{} findings", report.findings.len())) }
}

/// Compiles every `every`th case of the run that generated new code, and the last such case; a failing
/// `cargo check` is a finding. Returns how many were compiled.
fn compile_sample(
    root: &Path,
    corpus: &codegen::tools::fuzz::Corpus,
    seed: u64,
    every: u64,
    report: &mut codegen::tools::fuzz::Report,
) -> usize {
    let mut cases = report.new_code_cases.clone();
    cases.sort_unstable();
    let last = cases.len().saturating_sub(1);
    // Only the sampled cases are generated again: the run already knows which ones made new code.
    let sample: Vec<u64> = cases
        .into_iter()
        .enumerate()
        .filter(|(position, _)| (*position as u64).is_multiple_of(every) || *position == last)
        .map(|(_, index)| index)
        .collect();
    for (n, &index) in sample.iter().enumerate() {
        eprintln!("fuzz: compiling case {index} ({} of {})", n + 1, sample.len());
        let case = codegen::tools::fuzz::case(corpus, seed, index);
        let problems = match codegen::tools::fuzz::generated_files(corpus, &case) {
            Some(files) => match codegen::tools::fuzz::compile::check(root, &files) {
                Ok(()) => continue,
                Err(errors) => vec![errors],
            },
            None => vec!["generated new code in the run, but not when generated again (not deterministic)".to_owned()],
        };
        let replay = format!("replay: cargo xtask fuzz --seed {seed} --case {index} --compile-every 1");
        report.findings.push(codegen::tools::fuzz::Finding {
            index,
            description: case.description,
            problems: problems.into_iter().chain([replay]).collect(),
        });
    }
    report.findings.sort_by_key(|f| f.index);
    sample.len()
}

/// Runs one case, prints what it did and found, and writes its inputs under `target/fuzz/case-K/`; with `compile`,
/// also compiles what it generates.
fn replay_case(
    root: &Path,
    corpus: &codegen::tools::fuzz::Corpus,
    seed: u64,
    index: u64,
    compile: bool,
) -> Result<(), String> {
    let case = codegen::tools::fuzz::case(corpus, seed, index);
    let dir = root.join("target/fuzz").join(format!("case-{index}"));
    for (file, text) in case.pages.iter().chain([&(codegen::CORRECTIONS_FILE.to_owned(), case.corrections.clone())]) {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap_or(&dir)).map_err(|e| format!("{}: {e}", path.display()))?;
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    println!("case {index} of seed {seed}: {}\ninputs written to {}", case.description, dir.display());
    let started = std::time::Instant::now();
    let result = codegen::tools::fuzz::run_case(corpus, &case);
    println!("took {:.1?}", started.elapsed());
    match result {
        Ok(outcome) => {
            println!("{outcome:?}: no problem found");
            match codegen::tools::fuzz::generated_files(corpus, &case).filter(|_| compile) {
                Some(files) => {
                    codegen::tools::fuzz::compile::check(root, &files).map(|()| println!("the generated code compiles"))
                }
                None => Ok(()),
            }
        }
        Err(problems) => Err(problems.join("\n")),
    }
}

/// The generated code and the generated docs table, both written or both checked.
fn generate(mode: Mode) -> Result<(), String> {
    let root = workspace_root();
    let code = codegen::generate::run(&root, mode);
    let docs = codegen::tools::diff::rules::refresh_docs(&root, mode);
    for line in [&code, &docs].into_iter().flatten() {
        println!("{line}");
    }
    code.and(docs).map(|_| ())
}

fn current_dir() -> Result<PathBuf, String> {
    std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))
}

fn api_diff(args: &[&str]) -> Result<(), String> {
    let check_version = args.contains(&"--check-version");
    let specs: Vec<&str> = args.iter().copied().filter(|arg| *arg != "--check-version").collect();
    let (root, cwd) = (workspace_root(), current_dir()?);
    let (old, new) = match specs.as_slice() {
        [old] => (codegen::tools::source::locate(&root, &cwd, old)?, Spec::working_tree(&root)?),
        [old, new] => {
            (codegen::tools::source::locate(&root, &cwd, old)?, codegen::tools::source::locate(&root, &cwd, new)?)
        }
        _ => return Err("usage: cargo xtask api-diff OLD [NEW] [--check-version]".to_owned()),
    };
    let version = codegen::tools::source::read_version(
        &root.join(codegen::tools::source::MANIFEST),
        codegen::tools::source::MANIFEST,
    )?;
    let comparison = codegen::tools::diff::compare(&old, &new, version)?;
    for note in &comparison.notes {
        eprintln!("note: {note}");
    }
    print!("{}", comparison.changelog);
    if check_version {
        eprintln!("{}", comparison.advice.check()?);
    }
    Ok(())
}

fn update_spec(dir: &str) -> Result<(), String> {
    review(&codegen::tools::update::update_spec(&workspace_root(), &current_dir()?.join(dir))?)
}

/// Prints what an update did, its API changelog and what it asks to review; fails when there is something to fix.
fn review(update: &codegen::tools::update::Update) -> Result<(), String> {
    for line in &update.summary {
        println!("{line}");
    }
    println!("\n{}", update.changelog.trim_end());
    if update.review.is_empty() {
        println!("\nEvery correction in {} still applies.", codegen::CORRECTIONS_FILE);
        return Ok(());
    }
    println!("\n## To review\n");
    for diagnostic in &update.review.0 {
        println!("- {diagnostic}");
    }
    Err(format!(
        "{} problem(s) to review above; `cargo xtask codegen --check` fails until they are fixed",
        update.review.0.len()
    ))
}
