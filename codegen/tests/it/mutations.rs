//! Slips in the real pages give an error, never a smaller model: each mutation below once lost data in silence (a
//! blank line inside a table dropped its later rows; a damaged delimiter row, an indented or re-levelled heading
//! dropped a table or merged two entries). Positions are sampled across all pages, deterministically.

use std::path::Path;

fn pages() -> Vec<(String, String)> {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    codegen::parse::read_pages(root, codegen::DOCUMENT_DIR).expect("spec/ is readable")
}

/// How many positions each test mutates, spread evenly over all pages (each case parses the whole document).
const CASES: usize = 24;

/// `(page index, 0-based line)` of the lines that satisfy `pick`, about [`CASES`] of them spread over all pages.
fn sample(pages: &[(String, String)], pick: impl Fn(&[&str], usize) -> bool) -> Vec<(usize, usize)> {
    let mut all = Vec::new();
    for (index, (_, text)) in pages.iter().enumerate() {
        let lines: Vec<&str> = text.lines().collect();
        all.extend((0..lines.len()).filter(|&i| pick(&lines, i)).map(|i| (index, i)));
    }
    let step = (all.len() / CASES).max(1);
    all.into_iter().step_by(step).collect()
}

fn is_row(line: &str) -> bool {
    line.starts_with('|')
}

fn is_delimiter(line: &str) -> bool {
    is_row(line) && line.contains("---") && line.chars().all(|c| matches!(c, '|' | '-' | ' ' | ':'))
}

/// Applies `edit` to line `at` of page `index` and checks that parsing fails with a diagnostic within `slack` lines of
/// the mutated line, in that page.
fn assert_rejected(
    pages: &[(String, String)],
    index: usize,
    at: usize,
    what: &str,
    edit: impl Fn(&str) -> Option<String>,
) {
    let (file, text) = &pages[index];
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    match edit(&lines[at]) {
        Some(replacement) => lines[at] = replacement,
        None => {
            lines.remove(at);
        }
    }
    let mut mutated = pages.to_vec();
    mutated[index].1 = lines.join("\n") + "\n";
    let line = at as u32 + 1;
    match codegen::parse_pages(&mutated) {
        Ok(doc) => panic!("{what} at {file}:{line} parsed into {} entries instead of an error", doc.endpoints.len()),
        Err(diagnostics) => assert!(
            diagnostics.0.iter().any(|d| &*d.location.file == file && d.location.line.abs_diff(line) <= 2),
            "{what} at {file}:{line}: no diagnostic near it:\n{diagnostics}"
        ),
    }
}

#[test]
fn the_unmutated_pages_parse() {
    codegen::parse_pages(&pages()).unwrap_or_else(|d| panic!("{d}"));
}

#[test]
fn dropping_a_delimiter_row_is_an_error() {
    let pages = pages();
    for (index, at) in sample(&pages, |lines, i| is_delimiter(lines[i])) {
        assert_rejected(&pages, index, at, "a dropped delimiter row", |_| None);
    }
}

#[test]
fn a_blank_line_inside_a_table_is_an_error() {
    let pages = pages();
    // A data row below another data row: the blank line goes between them.
    let rows = sample(&pages, |lines, i| {
        i > 1 && is_row(lines[i]) && is_row(lines[i - 1]) && !is_delimiter(lines[i - 1]) && !is_delimiter(lines[i])
    });
    for (index, at) in rows {
        assert_rejected(&pages, index, at, "a blank line inside a table", |row| Some(format!("\n{row}")));
    }
}

#[test]
fn an_indented_heading_is_an_error() {
    let pages = pages();
    for (index, at) in sample(&pages, |lines, i| lines[i].starts_with("## ") || lines[i].starts_with("#### ")) {
        assert_rejected(&pages, index, at, "a tab before a heading", |line| Some(format!("\t{line}")));
        assert_rejected(&pages, index, at, "four spaces before a heading", |line| Some(format!("    {line}")));
    }
}

#[test]
fn a_heading_at_another_level_is_an_error() {
    let pages = pages();
    // Section and entry headings, and entry subsections (the README's front matter has no fixed levels).
    let headings = sample(&pages, |lines, i| {
        let line = lines[i];
        (line.starts_with("# ") || line.starts_with("## ")) && line.contains("{#") || line.starts_with("#### ")
    });
    for (index, at) in headings {
        assert_rejected(&pages, index, at, "a heading one level deeper", |line| Some(format!("#{line}")));
        if !pages[index].1.lines().nth(at).is_some_and(|l| l.starts_with("# ")) {
            assert_rejected(&pages, index, at, "a heading one level up", |line| Some(line[1..].to_owned()));
        }
    }
}
