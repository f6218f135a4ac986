//! The vendor's history, replayed: every revision of the pages that `maxim-top/im.gitbook` published and that we hold
//! (`fixtures/history/`, the vendor's text, vendored like `spec/`), then today's pages, each read by today's parser
//! and resolved, or refused only for its real damage, one located error per damaged entry. Pages of 2022 are resolved
//! against the 2022 export's corrections, with exactly the diagnostics listed here (none, or what an entry newer than
//! those corrections needs); later pages against today's corrections, which must find nothing to say of the pages
//! themselves (only of their own lines that name entries and shapes not published yet).
//!
//! A directory that holds only the pages one commit changed takes the others from the revision named as its base:
//! the index these pages were taken from holds page versions by the commit that changed them, not every commit's
//! tree, so where that commit's other pages are not held, the nearest revision of the same layout stands in.
//!
//! Where the pages come from: that index serves a page's text, not its file, so each page here was written from that
//! text, or, where it differs from an earlier page here only by a layout rule (the not-empty column's name, the
//! subsection level, the blank line below `● 200`) or a few rows, made by that edit of the earlier page; either way
//! it was checked against the stored version's length in characters and sampled passages.

use codegen::Diagnostics;
use codegen::model::doc::Document;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

const HISTORY: &str = "codegen/tests/fixtures/history";
/// The pages of 2022-03-21, whose README.md is the first held.
const MARCH_2022: &str = "codegen/tests/fixtures/history/2022-03-21";
/// The corrections of the 2022 layouts (one section per page, `## 3.1  title`, no anchors, untyped query tables).
const CORRECTIONS_2022: &str = "codegen/tests/fixtures/2022-01/overrides.toml";

/// One revision of the pages and what reading it must give.
struct Revision {
    /// The directory of its pages, relative to the workspace root.
    dir: &'static str,
    /// The revision that provides the pages this directory does not hold.
    base: Option<&'static str>,
    /// The corrections it is resolved against.
    corrections: &'static str,
    outcome: Outcome,
}

enum Outcome {
    /// Parses; its model has this many entries, and resolving it reports exactly these diagnostics.
    Reads { entries: usize, diagnostics: &'static [&'static str] },
    /// Parses into this many entries, and resolving it against today's corrections reports nothing in its pages:
    /// only lines of those corrections that name entries and shapes these older pages do not have yet (which lines
    /// depends on today's corrections, so they are not listed here).
    ReadsBeforeTodaysCorrections { entries: usize },
    /// Refused at parse time, once per `#### 接口描述` heading swallowed into the table row above it, and for
    /// nothing else.
    SwallowedHeadings,
}

/// What `GET /user/list` (added 2022-03-21) needs from corrections that the 2022 export's corrections predate.
const USER_LIST_NEEDS: &[&str] = &[
    "codegen/tests/fixtures/history/2022-03-21/user.md:2185:2: query parameter `page_num` of `GET /user/list` has no \
     type (the document gives none); add it to [query_types] or [operations.\"GET /user/list\".query] in \
     codegen/tests/fixtures/2022-01/overrides.toml",
    "codegen/tests/fixtures/history/2022-03-21/user.md:2186:2: query parameter `page_size` of `GET /user/list` has no \
     type (the document gives none); add it to [query_types] or [operations.\"GET /user/list\".query] in \
     codegen/tests/fixtures/2022-01/overrides.toml",
    "codegen/tests/fixtures/history/2022-03-21/user.md:2195:4: field `status` of `ListData` lists the values 0 (激活), \
     1 (禁用) in its description; give it an enum in codegen/tests/fixtures/2022-01/overrides.toml (the type's \
     `fields` or the operation's `query`/`body`), or list `status` in [not_enums] with the reason it stays plain",
];

/// In the order published, as far as the pages show it (the index gives no dates): the commit or date each was
/// taken at, and what changed.
const REVISIONS: &[Revision] = &[
    // 170fb8d7: token, file, group and push as that commit regenerated them (subsections `###`, the answer's table
    // right below its `● 200` line); its versions of the other pages are not held.
    Revision {
        dir: "codegen/tests/fixtures/history/170fb8d7",
        base: Some("codegen/tests/fixtures/history/35ed412b"),
        corrections: CORRECTIONS_2022,
        outcome: Outcome::Reads { entries: 180, diagnostics: &[] },
    },
    // 35ed412b: every page but README.md (unchanged), `###` subsections, a blank line between the `● 200` line and
    // its table.
    Revision {
        dir: "codegen/tests/fixtures/history/35ed412b",
        base: Some(MARCH_2022),
        corrections: CORRECTIONS_2022,
        outcome: Outcome::Reads { entries: 180, diagnostics: &[] },
    },
    // 504014f7: every page but README.md (unchanged), subsections `####`.
    Revision {
        dir: "codegen/tests/fixtures/history/504014f7",
        base: Some(MARCH_2022),
        corrections: CORRECTIONS_2022,
        outcome: Outcome::Reads { entries: 180, diagnostics: &[] },
    },
    // 2022-03-21: the not-empty column named `不能为空`, and `GET /user/list` added.
    Revision {
        dir: "codegen/tests/fixtures/history/2022-03-21",
        base: None,
        corrections: CORRECTIONS_2022,
        outcome: Outcome::Reads { entries: 181, diagnostics: USER_LIST_NEEDS },
    },
    // 4e8e5431: the new product name (蓝莺IM) in README.md (with Markdown escapes: `api\_endpoint`) and push.md.
    Revision {
        dir: "codegen/tests/fixtures/history/4e8e5431",
        base: Some(MARCH_2022),
        corrections: CORRECTIONS_2022,
        outcome: Outcome::Reads { entries: 181, diagnostics: USER_LIST_NEEDS },
    },
    // 63184752: pages in today's layout (sections `# N title{#anchor}`, typed tables with a 必填 column),
    // before most descriptions were filled in, with the `set_*` flags in message's answers: every section page but
    // ai; README.md and ai.md, which that commit did not change and whose versions then are not held, are today's.
    Revision {
        dir: "codegen/tests/fixtures/history/63184752",
        base: Some(codegen::DOCUMENT_DIR),
        corrections: codegen::CORRECTIONS_FILE,
        outcome: Outcome::ReadsBeforeTodaysCorrections { entries: 127 },
    },
    // 43f1dbe4: message before broadcasting was documented (its roster is today's).
    Revision {
        dir: "codegen/tests/fixtures/history/43f1dbe4",
        base: Some(codegen::DOCUMENT_DIR),
        corrections: codegen::CORRECTIONS_FILE,
        outcome: Outcome::ReadsBeforeTodaysCorrections { entries: 134 },
    },
    // 2025-12-17: the GitBook export, reverted two weeks later.
    Revision {
        dir: "codegen/tests/fixtures/history/2025-12-17",
        base: None,
        corrections: codegen::CORRECTIONS_FILE,
        outcome: Outcome::SwallowedHeadings,
    },
    // 9192aec1: the GitBook export reverted (user, group and message as today); ai before its quota field.
    Revision {
        dir: "codegen/tests/fixtures/history/9192aec1",
        base: Some(codegen::DOCUMENT_DIR),
        corrections: codegen::CORRECTIONS_FILE,
        outcome: Outcome::ReadsBeforeTodaysCorrections { entries: 135 },
    },
    // Today's pages (January 2026), as vendored.
    Revision {
        dir: codegen::DOCUMENT_DIR,
        base: None,
        corrections: codegen::CORRECTIONS_FILE,
        outcome: Outcome::Reads { entries: 135, diagnostics: &[] },
    },
];

/// The pages of the revision in `dir`: its own, then those of its base (and the base's base) that it does not hold.
fn pages(dir: &str) -> Vec<(String, String)> {
    let own = codegen::parse::read_pages(root(), dir).unwrap_or_else(|d| panic!("{dir} is readable:\n{d}"));
    let base = REVISIONS.iter().find(|revision| revision.dir == dir).and_then(|revision| revision.base);
    let Some(base) = base else { return own };
    let page_name = |file: &str| file.rsplit('/').next().unwrap_or(file).to_owned();
    let own_names: Vec<String> = own.iter().map(|(file, _)| page_name(file)).collect();
    let mut merged: Vec<(String, String)> =
        pages(base).into_iter().filter(|(file, _)| !own_names.contains(&page_name(file))).collect();
    merged.extend(own);
    merged
}

fn resolve(revision: &Revision, document: &Document) -> Diagnostics {
    let text = std::fs::read_to_string(root().join(revision.corrections))
        .unwrap_or_else(|error| panic!("{}: {error}", revision.corrections));
    let (_, diagnostics) = codegen::resolve::resolve_lenient(document, None, revision.corrections, &text)
        .unwrap_or_else(|d| panic!("{} parses:\n{d}", revision.corrections));
    diagnostics
}

#[test]
fn every_revision_of_the_vendor_s_history_reads() {
    let mut failures = Vec::new();
    for revision in REVISIONS {
        let pages = pages(revision.dir);
        let parsed = codegen::parse_pages(&pages);
        match (&revision.outcome, parsed) {
            (Outcome::Reads { entries, diagnostics }, Ok(document)) => {
                let found = resolve(revision, &document);
                let found: Vec<String> = found.0.iter().map(ToString::to_string).collect();
                if document.endpoints.len() != *entries || found != *diagnostics {
                    failures.push(format!(
                        "{}: {} entries (expected {entries}), resolving says:\n{found:#?}",
                        revision.dir,
                        document.endpoints.len()
                    ));
                }
            }
            (Outcome::ReadsBeforeTodaysCorrections { entries }, Ok(document)) => {
                let in_pages: Vec<String> = resolve(revision, &document)
                    .0
                    .iter()
                    .filter(|d| *d.location.file != *revision.corrections)
                    .map(ToString::to_string)
                    .collect();
                if document.endpoints.len() != *entries || !in_pages.is_empty() {
                    failures.push(format!(
                        "{}: {} entries (expected {entries}), resolving says of its pages:\n{in_pages:#?}",
                        revision.dir,
                        document.endpoints.len()
                    ));
                }
            }
            (Outcome::Reads { .. } | Outcome::ReadsBeforeTodaysCorrections { .. }, Err(diagnostics)) => {
                failures.push(format!("{}: refused:\n{diagnostics}", revision.dir));
            }
            (Outcome::SwallowedHeadings, parsed) => {
                if let Some(problem) = swallowed_headings_only(&pages, parsed.err()) {
                    failures.push(format!("{}: {problem}", revision.dir));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `None` when the diagnostics are exactly one per row that starts with a swallowed `#### 接口描述`, each at that
/// row, saying so.
fn swallowed_headings_only(pages: &[(String, String)], diagnostics: Option<Diagnostics>) -> Option<String> {
    let Some(diagnostics) = diagnostics else { return Some("parses, though headings are swallowed".to_owned()) };
    let mut expected: Vec<(String, u32)> = pages
        .iter()
        .flat_map(|(file, text)| {
            text.lines()
                .enumerate()
                .filter(|(_, line)| line.starts_with("| #### 接口描述"))
                .map(move |(index, _)| (file.clone(), index as u32 + 1))
        })
        .collect();
    let mut found: Vec<(String, u32)> = diagnostics
        .0
        .iter()
        .filter(|d| d.message.starts_with("the heading `#### 接口描述` is swallowed into the table above"))
        .map(|d| (d.location.file.to_string(), d.location.line))
        .collect();
    expected.sort();
    found.sort();
    (found != expected || diagnostics.0.len() != expected.len() || expected.is_empty())
        .then(|| format!("expected one error per swallowed heading ({}):\n{diagnostics}", expected.len()))
}

#[test]
fn every_revision_held_is_replayed() {
    let mut held: Vec<String> = std::fs::read_dir(root().join(HISTORY))
        .expect("fixtures/history/")
        .map(|entry| format!("{HISTORY}/{}", entry.expect("an entry").file_name().to_string_lossy()))
        .collect();
    held.sort();
    let mut replayed: Vec<String> =
        REVISIONS.iter().map(|r| r.dir.to_owned()).filter(|dir| dir.starts_with(HISTORY)).collect();
    replayed.sort();
    assert_eq!(held, replayed);
}
