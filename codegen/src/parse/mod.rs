//! Markdown pages → [`Document`], in three steps, one module each:
//! 1. [`outline`]: pulldown-cmark events → a flat list of located top-level blocks;
//! 2. [`grammar`]: blocks → sections, entries, verb lines and subsections of one page, reading tables with
//!    [`table`] (columns named by their header row, in either language);
//! 3. here: pages merged in section order, heading levels checked for consistency across the document, then the
//!    [`crate::check`] pass.
//!
//! Both layouts the vendor has used parse with the same code: the January 2022 export (one file, `## N<TAB>title`
//! sections and entries, `###` subsections, one flattened header row per entry, no types in query tables) and the
//! current pages (one file per section, `# N title{#anchor}` sections, `## N.M title{#anchor}` entries with several
//! verb lines, `####` subsections, typed tables with a 必填 column). Problems are collected as [`Diagnostics`] with
//! `file:line:col`; nothing here panics, and nothing is dropped without a diagnostic.

mod grammar;
mod outline;
mod table;

use crate::model::diagnostic::{Diagnostics, Location};
use crate::model::doc::Document;
use grammar::{Page, Role};
use std::collections::BTreeMap;
use std::path::Path;

pub use grammar::{MAX_NESTING, MAX_TABLE_ROWS};

/// Parses one Markdown file holding the whole document (the 2022 export's layout), naming it `file` in diagnostics.
pub fn parse_document(file: &str, text: &str) -> Result<Document, Diagnostics> {
    parse_pages(&[(file.to_owned(), text.to_owned())])
}

/// Parses the pages of a document, `(file name for diagnostics, text)`, and merges them: the title, base URL and
/// version from whichever page states them, sections ordered by number.
pub fn parse_pages(pages: &[(String, String)]) -> Result<Document, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut parsed = Vec::new();
    for (file, text) in pages {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let text = unify_line_endings(text);
        let text = text.as_ref();
        let blocks = outline::outline(text);
        let (page, page_diagnostics) = grammar::Grammar::new(file, text).run(&blocks);
        diagnostics.extend(page_diagnostics);
        parsed.push(page);
    }
    check_levels(&parsed, &mut diagnostics);
    let document = merge(parsed, &mut diagnostics);
    if document.endpoints.is_empty() && diagnostics.is_empty() {
        let first = pages.first().map_or("the document", |(file, _)| file.as_str());
        let message = "no endpoint entries found; expected `## N.M title` headings below `# N title` sections";
        diagnostics.push(Location::start_of(first), message);
    }
    crate::check::check_document(&document, &mut diagnostics);
    diagnostics.into_result(document)
}

/// The page with every line ending as `\n`. CommonMark ends lines at `\n`, `\r\n` or a lone `\r`, but not every later
/// step (line numbers, blockquote lines, descriptions) splits on all three: read this way, a page gives the same model
/// and the same `line:col` in diagnostics whichever it uses.
pub(crate) fn unify_line_endings(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\r') {
        return text.into();
    }
    text.replace("\r\n", "\n").replace('\r', "\n").into()
}

/// Reads a document from `path` (relative to `root`): a Markdown file, or a directory of pages (every `*.md` in it).
/// Diagnostics name files by their path relative to `root`.
pub fn load_document(root: &Path, path: &str) -> Result<Document, Diagnostics> {
    parse_pages(&read_pages(root, path)?)
}

/// The pages at `path` (a file or a directory of `*.md` files), as `(file name for diagnostics, text)`, sorted by
/// file name (their order does not matter: sections are ordered by number).
pub fn read_pages(root: &Path, path: &str) -> Result<Vec<(String, String)>, Diagnostics> {
    let full = root.join(path);
    let read = |name: String, file: &Path| {
        std::fs::read_to_string(file)
            .map(|text| (name.clone(), text))
            .map_err(|error| Diagnostics::single(&name, format!("cannot read: {error}")))
    };
    if !full.is_dir() {
        return Ok(vec![read(path.to_owned(), &full)?]);
    }
    let entries =
        std::fs::read_dir(&full).map_err(|error| Diagnostics::single(path, format!("cannot read: {error}")))?;
    let mut names: Vec<String> = entries
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".md"))
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(Diagnostics::single(path, "no Markdown pages (`*.md`) in this directory"));
    }
    let prefix = path.trim_end_matches('/');
    names.into_iter().map(|name| read(format!("{prefix}/{name}"), &full.join(&name))).collect()
}

/// Each kind of heading (sections that hold entries, entries, each subsection) is written at one level throughout
/// the document: a heading whose level was changed by mistake is reported, not read in a different role.
fn check_levels(pages: &[Page], diagnostics: &mut Diagnostics) {
    let headings: Vec<&(Role, u8, Location)> = pages.iter().flat_map(|page| &page.levels).collect();
    // The level most headings of a role use is the norm (the lower one on a tie); the others are reported.
    let mut counts: BTreeMap<(Role, u8), usize> = BTreeMap::new();
    for (role, level, _) in &headings {
        *counts.entry((*role, *level)).or_default() += 1;
    }
    let mut norm: BTreeMap<Role, (u8, usize)> = BTreeMap::new();
    for ((role, level), count) in counts {
        let best = norm.entry(role).or_insert((level, count));
        if count > best.1 {
            *best = (level, count);
        }
    }
    for (role, level, location) in &headings {
        let expected = norm[role].0;
        if *level == expected {
            continue;
        }
        let example = headings.iter().find(|(r, l, _)| r == role && *l == expected).map(|(_, _, at)| at);
        let what = match role {
            Role::Section => "sections",
            Role::Entry => "entries",
            Role::Subsection(_) => "this subsection",
        };
        let hashes = |n: u8| "#".repeat(n.into());
        let message = format!(
            "a level-{level} heading (`{}`), but the document writes {what} as `{}`{}",
            hashes(*level),
            hashes(expected),
            example.map(|at| format!(" (as at {at})")).unwrap_or_default()
        );
        diagnostics.push(location.clone(), message);
    }
}

fn merge(pages: Vec<Page>, diagnostics: &mut Diagnostics) -> Document {
    let mut document =
        Document { title: String::new(), version: None, base_url: None, sections: Vec::new(), endpoints: Vec::new() };
    for page in pages {
        if document.title.is_empty() {
            document.title = page.title.unwrap_or_default();
        }
        document.version = document.version.or(page.version);
        document.base_url = document.base_url.or(page.base_url);
        for section in page.sections {
            if let Some(other) = document.sections.iter().find(|s| s.number == section.number) {
                let message = format!("section {} appears twice (also at {})", section.number, other.location);
                diagnostics.push(section.location.clone(), message);
            }
            document.sections.push(section);
        }
        document.endpoints.extend(page.endpoints);
    }
    document.sections.sort_by_key(|s| s.number);
    // Entries follow their sections' order; within a section, the order written.
    let order: BTreeMap<u32, usize> = document.sections.iter().enumerate().map(|(i, s)| (s.number, i)).collect();
    document.endpoints.sort_by_key(|e| order.get(&e.section).copied().unwrap_or(usize::MAX));
    document
}
