//! The fuzzer (`codegen::tools::fuzz`) on a couple of hundred seeded cases, and every problem it found, kept as a case of
//! its own (written out here, so that it stays a test whatever the mutations become). The long run is
//! `cargo run --release -p xtask -- fuzz --iterations 100000`.

use codegen::tools::fuzz::{Corpus, Options, run};
use std::path::Path;
use std::time::Duration;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn seeded_mutations_of_the_real_inputs_find_nothing() {
    let corpus = Corpus::load(root()).unwrap_or_else(|e| panic!("{e}"));
    let options = Options {
        seed: 11,
        iterations: 200,
        threads: 2,
        // Timing is for release builds (`cargo xtask fuzz`): a debug build on a shared machine is no measure.
        slow: Duration::MAX,
        ..Options::default()
    };
    let report = run(&corpus, &options, &|_| {});
    let findings: Vec<String> = report
        .findings
        .iter()
        .map(|f| format!("case {} ({}): {}", f.index, f.description, f.problems.join("; ")))
        .collect();
    assert_eq!(findings, Vec::<String>::new());
    assert_eq!(report.cases, 200);
    // Both ends of the pipeline are reached: mutations that are refused, and ones that still generate code.
    assert!(report.refused > 50 && report.generated > 10, "{report:?}");
    // What `--compile-every` samples: cases that generated code of their own, a part of those generated.
    assert!(!report.new_code_cases.is_empty() && report.new_code_cases.len() as u64 <= report.generated, "{report:?}");
}

/// The real pages with `edit` applied to the page named `file`, parsed.
fn parse_edited(file: &str, edit: impl FnOnce(&str) -> String) -> Result<codegen::model::doc::Document, Vec<String>> {
    let mut pages = codegen::parse::read_pages(root(), codegen::DOCUMENT_DIR).expect("readable");
    let page = pages.iter_mut().find(|(name, _)| name.ends_with(file)).expect("the page");
    let edited = edit(&page.1);
    assert_ne!(edited, page.1, "the edit changes the page");
    page.1 = edited;
    codegen::parse_pages(&pages).map_err(|d| d.0.iter().map(ToString::to_string).collect())
}

#[test]
fn a_block_left_open_in_a_description_cannot_swallow_the_entries_below() {
    // Found by the fuzzer (`<script>` at the start of a description line): an HTML block of that kind, like an
    // unclosed comment or fence, runs to the end of the page, and every entry below became description text.
    let heading = "## 1.2 设置头像{#put__user_avatar}";
    for opener in ["<script>", "<!--", "```", "~~~"] {
        let errors = parse_edited("user.md", |text| {
            text.replacen("#### 接口描述\n> \n", &format!("#### 接口描述\n> \n{opener}\n"), 1)
        })
        .expect_err("refused");
        assert_eq!(errors.len(), 1, "{opener}: {errors:?}");
        assert!(errors[0].starts_with("spec/zh-hans/user.md:34:1: the "), "{opener}: {}", errors[0]);
        assert!(
            errors[0].contains(&format!("in `接口描述` of entry 1.1 runs on over the heading `{heading}`")),
            "{}",
            errors[0]
        );
    }
}

#[test]
fn a_lone_carriage_return_in_a_delimiter_row_loses_no_row() {
    // Found by the fuzzer: pulldown-cmark ends a line at a lone CR, so `--- |` after it was a table row of its own,
    // which the table reader (splitting at `\n` only) skipped with the delimiter row. A lone CR ends a line, so the
    // row is reported on a line of its own.
    let errors = parse_edited("README.md", |text| {
        text.replacen("| ------- | ------------------", "| ------- | ---------\r---------", 1)
    })
    .expect_err("refused");
    assert_eq!(errors, ["spec/zh-hans/README.md:9:1: table row has 1 cells but its header has 2"]);
}

#[test]
fn a_status_line_cannot_swallow_the_table_below_it() {
    // Found by the fuzzer: with a line of HTML where the blank line after `● 200 …` was, the table did not start,
    // and its rows were read as the rest of the status line's paragraph, then dropped.
    let errors = parse_edited("push.md", |text| {
        text.replacen("● 200 响应数据格式：JSON\n\n", "● 200 响应数据格式：JSON\n<img src=x onerror=alert(1)>\n", 1)
    })
    .expect_err("refused");
    assert_eq!(
        errors,
        [
            "spec/zh-hans/push.md:23:1: the lines after the status line are part of its paragraph, so they would be lost; \
          expected a blank line after it (or the response table directly below it)"
        ]
    );
}

#[test]
fn huge_type_words_are_quoted_by_their_start_and_length() {
    // Found by the fuzzer: a row with a type nested 40,000 deep, repeated 115 times, gave 116 diagnostics of 280 kB
    // (here 8 rows: the quoting is the same, and a debug build parses 32 MB slowly).
    let deep = format!("{}int64{}", "array[".repeat(40_000), "]".repeat(40_000));
    let row = format!("|⇥ message_quota_usage | {deep} | 消耗智能消息条数 |\n");
    let errors = parse_edited("ai.md", |text| {
        text.replacen("|⇥ message_quota_usage | double | 消耗智能消息条数 |\n", &row.repeat(8), 1)
    })
    .expect_err("refused");
    assert_eq!(errors.len(), 8);
    let word = format!("{}… (280005 characters)", "array[".repeat(10) + "arra");
    assert!(
        errors.iter().all(|e| e.contains(&format!("unknown type `{word}` for `message_quota_usage`"))),
        "{}",
        errors[0]
    );
    assert!(errors.iter().all(|e| e.len() < 400), "{}", errors[0]);
}

#[test]
fn a_lone_carriage_return_between_lines_shifts_no_row_out_of_the_model() {
    // Found by the fuzzer (`--seed 4242 --case 98`): a lone CR at the start of a line of group.md is one more line
    // ending, as in Markdown, so the parser numbers every later line one higher; the loss check numbered lines by
    // `\n` alone and reported the 25 entries below, and their rows, as lost. Both number lines the same way now.
    let corpus = Corpus::load(root()).unwrap_or_else(|e| panic!("{e}"));
    let mut pages = corpus.pages.clone();
    let (_, group) = pages.iter_mut().find(|(file, _)| file.ends_with("/group.md")).expect("group.md");
    let at = group.find("#### 响应体\n").expect("an answer") + "#### 响应体\n".len();
    group.insert(at, '\r');
    let case = codegen::tools::fuzz::Case {
        index: 0,
        pages,
        corrections: corpus.corrections.clone(),
        description: "a lone CR at the start of a line of group.md".to_owned(),
    };
    let outcome = codegen::tools::fuzz::run_case(&corpus, &case).unwrap_or_else(|problems| panic!("{problems:#?}"));
    assert!(matches!(outcome, codegen::tools::fuzz::Outcome::Generated { .. }), "{outcome:?}");
}
