//! Pass 2, the grammar: the outline's blocks of one page become sections, entries and their tables.
//!
//! A page is front matter (title, `环境变量`, `文档版本`, …) followed by sections (`# N title` or `## N<TAB>title`)
//! holding entries (`## N.M title{#anchor}`). An entry is its verb lines (`> PUT /path`, one or more), then
//! subsections (`请求头`, `请求参数(Query Param)`, `请求体(Request Body)`, `响应体`, `接口描述`) at any level below the
//! entry's, each holding one table (the response: a `● 200 …` status line, then a table unless the answer is not
//! JSON). Heading levels are checked for consistency across the whole document afterwards ([`super::check_levels`]).
//!
//! Every block ends up placed in the model or reported with its location and the likely cause: nothing is dropped in
//! silence. A final sweep reports any block that no rule claimed.

use super::outline::{Block, BlockKind};
use super::table::{self, Cell, Column, Row, Table};
use crate::model::diagnostic::{Diagnostics, LineIndex, Location};
use crate::model::doc::{DocType, Endpoint, Field, Method, Param, Response, Section, Verb};
use std::ops::Range;

/// How deeply `⇥` may nest fields: deeper is refused, so no later pass recurses without bound.
pub const MAX_NESTING: usize = 32;

/// How many rows a table may have (the largest today has 61): more is refused at the first row over the limit. The
/// emitted code is flat in a table's rows, but rustc's own passes (a derived `Serialize` counts fields in one
/// `1 + 1 + …` expression) overflow their stack somewhere below 10,000 members of one type; this keeps every type and
/// every request far below that.
pub const MAX_TABLE_ROWS: usize = 1_000;

/// What one page holds.
#[derive(Debug, Default)]
pub(crate) struct Page {
    pub title: Option<String>,
    pub version: Option<String>,
    pub base_url: Option<String>,
    /// Sections that hold at least one entry.
    pub sections: Vec<Section>,
    pub endpoints: Vec<Endpoint>,
    /// The level of every structural heading, for the document-wide consistency check.
    pub levels: Vec<(Role, u8, Location)>,
}

/// What a heading is, for the level consistency check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Role {
    Section,
    Entry,
    Subsection(Subsection),
}

/// The subsections of entries and of the front matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Subsection {
    Headers,
    Query,
    Body,
    Response,
    Description,
    Environment,
    Version,
    /// `说明`, `联系方式`: prose about the document.
    About,
}

impl Subsection {
    fn in_entry(self) -> bool {
        matches!(self, Self::Headers | Self::Query | Self::Body | Self::Response | Self::Description)
    }

    /// The columns a table of this subsection may have.
    fn allowed_columns(self) -> &'static [Column] {
        use Column::*;
        match self {
            Self::Headers | Self::Query => &[Name, Type, Required, Default, Description],
            Self::Body | Self::Response => &[Name, Type, Required, NotNull, Default, Description],
            Self::Environment => &[Name, Value],
            Self::Description | Self::Version | Self::About => &[],
        }
    }
}

/// Subsection headings in both languages (a trailing number is ignored: the 2022 export writes `默认环境1`).
const SUBSECTIONS: [(&str, Subsection); 19] = [
    ("请求头", Subsection::Headers),
    ("Request Header", Subsection::Headers),
    ("请求参数(Query Param)", Subsection::Query),
    ("Query Param", Subsection::Query),
    ("请求体(Request Body)", Subsection::Body),
    ("Request Body", Subsection::Body),
    ("响应体", Subsection::Response),
    ("Response Body", Subsection::Response),
    ("接口描述", Subsection::Description),
    ("Interface Description", Subsection::Description),
    ("默认环境", Subsection::Environment),
    ("Default environment", Subsection::Environment),
    ("文档版本", Subsection::Version),
    ("Document version", Subsection::Version),
    ("说明", Subsection::About),
    ("Description", Subsection::About),
    ("联系方式", Subsection::About),
    ("Contact", Subsection::About),
    ("Contact information", Subsection::About),
];

const ENTRY_SUBSECTIONS: &str = "请求头, 请求参数(Query Param), 请求体(Request Body), 响应体 or 接口描述";

/// What became of a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fate {
    /// It is in the model.
    Placed,
    /// A diagnostic names it.
    Reported,
    /// No rule claimed it: the final sweep reports it.
    Unclaimed,
}

struct OpenSection {
    number: u32,
    level: u8,
    location: Location,
}

struct OpenEntry {
    endpoint: Endpoint,
    level: u8,
    /// Verb lines come before the first subsection.
    subsections: Vec<Subsection>,
    /// A verb line was read, even a malformed one (already reported).
    verb_line_seen: bool,
}

struct OpenSubsection {
    kind: Subsection,
    title: String,
    heading: usize,
    /// A table (or, for the version, a code block) was read.
    has_content: bool,
    /// The response's `● 200 …` line was read.
    has_status: bool,
    /// The description's blocks, as a byte range of the page.
    description: Option<Range<usize>>,
}

pub(crate) struct Grammar<'t> {
    text: &'t str,
    lines: LineIndex<'t>,
    diagnostics: Diagnostics,
    page: Page,
    section: Option<OpenSection>,
    /// A section's entries go to `page` only once the section is known to hold entries.
    section_has_entries: bool,
    pending_section: Option<Section>,
    entry: Option<OpenEntry>,
    subsection: Option<OpenSubsection>,
    /// An unknown heading was reported: the blocks under it are named by that diagnostic.
    under_reported_heading: bool,
    /// The block before this one was a table (rows after a blank line then read as text).
    after_table: bool,
}

impl<'t> Grammar<'t> {
    pub(crate) fn new(file: &str, text: &'t str) -> Self {
        Grammar {
            text,
            lines: LineIndex::new(file, text),
            diagnostics: Diagnostics::default(),
            page: Page::default(),
            section: None,
            section_has_entries: false,
            pending_section: None,
            entry: None,
            subsection: None,
            under_reported_heading: false,
            after_table: false,
        }
    }

    /// Reads every block of the page.
    pub(crate) fn run(mut self, blocks: &[Block]) -> (Page, Diagnostics) {
        for block in blocks {
            if let Some(at) = block.nested_table {
                let message = format!(
                    "table inside a {} {} is never read; expected tables at the top level, directly below their \
                     subsection heading",
                    block.kind.describe(),
                    self.context()
                );
                self.error(at, message);
                // The subsection has its table, misplaced: no "has no content" on top.
                if let Some(sub) = self.subsection.as_mut() {
                    sub.has_content = true;
                }
            }
            let fate = match &block.kind {
                BlockKind::Heading { level, text, id, extra_attributes } => {
                    self.heading(block, *level, text, id.clone(), extra_attributes)
                }
                BlockKind::Paragraph => self.paragraph(block),
                BlockKind::BlockQuote => self.blockquote(block),
                BlockKind::Table => self.table(block),
                BlockKind::CodeBlock { fenced, text } => self.code_block(block, *fenced, text),
                BlockKind::List | BlockKind::Html => self.prose(block),
                BlockKind::Rule => Fate::Placed,
                BlockKind::Unexpected(_) => Fate::Unclaimed,
            };
            let fate = match fate {
                Fate::Unclaimed if self.under_reported_heading || block.nested_table.is_some() => Fate::Reported,
                other => other,
            };
            if fate == Fate::Unclaimed {
                let context = self.context();
                self.error(
                    block.range.start,
                    format!(
                        "{} {context} is not part of the document's structure; expected {}",
                        block.kind.describe(),
                        self.expectation()
                    ),
                );
            }
            self.after_table = block.kind == BlockKind::Table;
        }
        self.close_entry();
        self.close_section();
        (self.page, self.diagnostics)
    }

    fn error(&mut self, offset: usize, message: impl Into<String>) {
        let location = self.lines.location(offset);
        self.diagnostics.push(location, message);
    }

    fn location(&self, offset: usize) -> Location {
        self.lines.location(offset)
    }

    /// Where the reader is, for diagnostics: `in 请求头 of entry 1.1`.
    fn context(&self) -> String {
        match (&self.entry, &self.subsection) {
            (Some(entry), Some(sub)) => format!("in `{}` of entry {}", sub.title, entry.endpoint.number),
            (Some(entry), None) => format!("in entry {}", entry.endpoint.number),
            (None, Some(sub)) => format!("in `{}`", sub.title),
            (None, None) => "outside any entry".to_owned(),
        }
    }

    /// What may come here, for diagnostics.
    fn expectation(&self) -> String {
        match (&self.entry, self.subsection.as_ref().map(|s| s.kind)) {
            (Some(_), None) => "verb lines (`> POST /path`) and then subsections".to_owned(),
            (Some(_), Some(Subsection::Response)) => "a `● 200 …` status line and one table".to_owned(),
            (Some(_), Some(Subsection::Description)) => "text, blockquotes, lists or fenced code".to_owned(),
            (Some(_), Some(_)) => "one table".to_owned(),
            (None, _) => "a section (`# N title`), an entry (`## N.M title`) or front matter".to_owned(),
        }
    }

    // ---- headings -------------------------------------------------------------------------------------------------

    fn heading(&mut self, block: &Block, level: u8, text: &str, id: Option<String>, extra: &[String]) -> Fate {
        let start = block.range.start;
        self.close_subsection();
        self.under_reported_heading = false;
        if !extra.is_empty() {
            let message = format!(
                "heading attributes `{}` are not used by the document; expected at most `{{#anchor}}`",
                extra.join(" ")
            );
            self.error(start, message);
        }
        match split_number(text) {
            Some((number, title)) if number.contains('.') => {
                self.close_entry();
                self.open_entry(start, level, number, title, id);
            }
            Some((number, title)) => {
                self.close_entry();
                self.close_section();
                match number.parse::<u32>() {
                    Ok(number) => self.open_section(start, level, number, title, id),
                    Err(_) => self.error(start, format!("section number `{number}` is too large")),
                }
            }
            None => self.unnumbered_heading(start, level, text),
        }
        Fate::Placed
    }

    fn open_section(&mut self, start: usize, level: u8, number: u32, title: &str, anchor: Option<String>) {
        let location = self.location(start);
        self.pending_section = Some(Section { number, title: title.to_owned(), anchor, location: location.clone() });
        self.section = Some(OpenSection { number, level, location });
        self.section_has_entries = false;
    }

    fn close_section(&mut self) {
        if let Some(section) = self.pending_section.take()
            && self.section_has_entries
        {
            let level = self.section.as_ref().map_or(0, |s| s.level);
            self.page.levels.push((Role::Section, level, section.location.clone()));
            self.page.sections.push(section);
        }
    }

    fn open_entry(&mut self, start: usize, level: u8, number: &str, title: &str, anchor: Option<String>) {
        let location = self.location(start);
        let section_part = number.split('.').next().unwrap_or_default();
        let well_formed = number.split('.').count() == 2 && number.split('.').all(|p| p.parse::<u32>().is_ok());
        let section_number = section_part.parse::<u32>().unwrap_or(0);
        if !well_formed {
            self.error(start, format!("entry number `{number}` is not `section.index`"));
        }
        match &self.section {
            None => self.error(
                start,
                format!(
                    "entry {number} comes before any section heading; expected `# {section_number} title` above it"
                ),
            ),
            Some(section) if section.number != section_number => {
                let message = format!(
                    "entry {number} is in section {} (heading at line {}); expected entries {}.M there, or a section \
                     {section_number} heading before it",
                    section.number, section.location.line, section.number
                );
                self.error(start, message);
            }
            Some(section) if level != section.level && level != section.level + 1 => {
                let message = format!(
                    "entry {number} is a level-{level} heading (`{}`), but its section (line {}) is level {}; expected \
                     `{}` or `{}`",
                    "#".repeat(level.into()),
                    section.location.line,
                    section.level,
                    "#".repeat(section.level.into()),
                    "#".repeat(usize::from(section.level) + 1)
                );
                self.error(start, message);
            }
            Some(_) => {}
        }
        self.section_has_entries = true;
        self.page.levels.push((Role::Entry, level, location.clone()));
        self.entry = Some(OpenEntry {
            endpoint: Endpoint {
                number: number.to_owned(),
                section: section_number,
                title: title.to_owned(),
                anchor,
                verbs: Vec::new(),
                path: String::new(),
                headers: Vec::new(),
                query: Vec::new(),
                body: Vec::new(),
                response: Response::default(),
                description: String::new(),
                location,
            },
            level,
            subsections: Vec::new(),
            verb_line_seen: false,
        });
    }

    fn close_entry(&mut self) {
        self.close_subsection();
        let Some(entry) = self.entry.take() else { return };
        let endpoint = entry.endpoint;
        let start = endpoint.location.clone();
        if endpoint.verbs.is_empty() && !entry.verb_line_seen {
            self.diagnostics.push(
                start.clone(),
                format!(
                    "entry {} `{}` has no verb line; expected `> METHOD /path` below its heading",
                    endpoint.number, endpoint.title
                ),
            );
        }
        for (required, name) in [(Subsection::Headers, "请求头"), (Subsection::Response, "响应体")] {
            if !entry.subsections.contains(&required) {
                self.diagnostics.push(
                    start.clone(),
                    format!("entry {} has no `{name}` subsection; every entry documents its {name}", endpoint.number),
                );
            }
        }
        self.page.endpoints.push(endpoint);
    }

    fn unnumbered_heading(&mut self, start: usize, level: u8, text: &str) {
        let name = text.trim_end_matches(|c: char| c.is_ascii_digit());
        let kind = SUBSECTIONS.iter().find(|(word, _)| word.eq_ignore_ascii_case(name)).map(|(_, kind)| *kind);
        let Some(kind) = kind else {
            if level == 1 && self.page.title.is_none() && self.section.is_none() {
                self.page.title = Some(text.to_owned());
                return;
            }
            let message = match &self.entry {
                Some(entry) => format!(
                    "unknown subsection `{text}` in entry {}; expected {ENTRY_SUBSECTIONS}",
                    entry.endpoint.number
                ),
                None => format!(
                    "heading `{text}` is neither a section (`N title`), an entry (`N.M title`) nor a known subsection"
                ),
            };
            self.error(start, message);
            self.under_reported_heading = true;
            return;
        };
        let location = self.location(start);
        match &mut self.entry {
            Some(entry) if kind.in_entry() => {
                let number = entry.endpoint.number.clone();
                if level <= entry.level {
                    let message = format!(
                        "subsection `{text}` is a level-{level} heading, not below its entry {number} (level {}); \
                         expected `{}`",
                        entry.level,
                        "#".repeat(usize::from(entry.level) + 2)
                    );
                    self.error(start, message);
                } else if entry.subsections.contains(&kind) {
                    self.error(start, format!("entry {number} has a second `{text}` subsection; expected one"));
                } else {
                    entry.subsections.push(kind);
                }
                self.page.levels.push((Role::Subsection(kind), level, location));
            }
            Some(entry) => {
                let number = entry.endpoint.number.clone();
                self.error(start, format!("`{text}` belongs to the front matter, not inside entry {number}"));
            }
            None if kind.in_entry() => {
                self.error(
                    start,
                    format!("subsection `{text}` is outside any entry; expected it below `## N.M title`"),
                );
            }
            None => {}
        }
        self.subsection = Some(OpenSubsection {
            kind,
            title: text.to_owned(),
            heading: start,
            has_content: false,
            has_status: false,
            description: None,
        });
    }

    /// Checks that a subsection got its content, and stores a description.
    fn close_subsection(&mut self) {
        let Some(sub) = self.subsection.take() else { return };
        let what = match sub.kind {
            Subsection::Headers | Subsection::Query | Subsection::Body | Subsection::Environment => {
                (!sub.has_content).then_some("a table")
            }
            Subsection::Response => (!sub.has_status).then_some("a `● 200 …` status line"),
            Subsection::Version => (!sub.has_content).then_some("a fenced code block with the version"),
            Subsection::Description | Subsection::About => None,
        };
        if let Some(what) = what
            && !self.under_reported_heading
        {
            let message = format!("`{}` has no content; expected {what} below it", sub.title);
            self.error(sub.heading, message);
        }
        if let (Some(range), Some(entry)) = (sub.description, &mut self.entry) {
            entry.endpoint.description = clean_description(&self.text[range]);
        }
    }

    // ---- prose, verb lines ----------------------------------------------------------------------------------------

    /// Text that only a description or the front matter's prose may hold.
    fn prose(&mut self, block: &Block) -> Fate {
        if self.swallows_structure(block) {
            return Fate::Reported;
        }
        match self.subsection.as_mut() {
            Some(sub) if sub.kind == Subsection::Description => {
                let range = block.range.clone();
                sub.description = Some(match &sub.description {
                    Some(previous) => previous.start..range.end,
                    None => range,
                });
                Fate::Placed
            }
            Some(sub) if sub.kind == Subsection::About => Fate::Placed,
            _ => Fate::Unclaimed,
        }
    }

    fn paragraph(&mut self, block: &Block) -> Fate {
        let source = self.text[block.range.clone()].trim();
        if source.starts_with('|') {
            let message = if self.after_table {
                "table rows after a blank line: the blank line ends the table above, so these rows would be lost; \
                 remove the blank line"
            } else {
                "text that looks like table rows is not a table: a table needs its header row directly followed by a \
                 delimiter row (`| --- | --- |`)"
            };
            self.error(block.range.start, message);
            if let Some(sub) = self.subsection.as_mut() {
                sub.has_content = true;
            }
            return Fate::Reported;
        }
        if self.entry.is_none() && self.section.is_none() && source.eq_ignore_ascii_case("[toc]") {
            return Fate::Placed;
        }
        match self.subsection.as_ref().map(|s| s.kind) {
            Some(Subsection::Response) if source.starts_with('●') => self.status_line(block, source),
            _ => self.prose(block),
        }
    }

    /// A prose block (an HTML or code block, a list) that holds a section, entry or subsection heading: the block
    /// never ended (an unclosed `<script>`, `<!--` or fence), and the entries it swallowed would be lost. Reported at
    /// the first such heading.
    fn swallows_structure(&mut self, block: &Block) -> bool {
        let source = &self.text[block.range.clone()];
        let mut offset = block.range.start;
        let mut swallowed = None;
        for line in source.split_inclusive('\n') {
            if offset > block.range.start && is_structural_heading(line) {
                swallowed = Some((offset, line.trim()));
                break;
            }
            offset += line.len();
        }
        let Some((at, heading)) = swallowed else { return false };
        let message = format!(
            "the {} {} runs on over the heading `{heading}`, so everything up to its end would be lost; close it \
             (an unclosed `<script>`, `<!--` or code fence?)",
            block.kind.describe(),
            self.context()
        );
        self.error(at, message);
        true
    }

    /// `● 200 响应数据格式：JSON`
    fn status_line(&mut self, block: &Block, source: &str) -> Fate {
        // The status line is a paragraph of its own: anything on the lines after it (rows that did not become a table,
        // say) would be part of it, and lost.
        if let Some((first, _)) = source.split_once(['\n', '\r']) {
            let at = block.range.start + self.text[block.range.clone()].find(first).unwrap_or(0) + first.len() + 1;
            let message = "the lines after the status line are part of its paragraph, so they would be lost; expected \
                           a blank line after it (or the response table directly below it)";
            self.error(at, message);
            // The status line is there: a table after it needs no second report.
            if let Some(sub) = self.subsection.as_mut() {
                sub.has_status = true;
            }
            return Fate::Reported;
        }
        let rest = source.trim_start_matches('●');
        let status = rest.split_whitespace().next().and_then(|w| w.parse::<u16>().ok());
        let format = rest.rsplit(['：', ':']).next().unwrap_or_default().trim().to_owned();
        let Some(status) = status else {
            self.error(block.range.start, format!("response line `{source}` has no status; expected `● 200 …`"));
            return Fate::Reported;
        };
        let (Some(sub), Some(entry)) = (self.subsection.as_mut(), self.entry.as_mut()) else { return Fate::Unclaimed };
        if sub.has_status {
            self.error(block.range.start, "a second response status line; expected one per entry");
            return Fate::Reported;
        }
        sub.has_status = true;
        entry.endpoint.response.status = status;
        entry.endpoint.response.format = format;
        Fate::Placed
    }

    fn blockquote(&mut self, block: &Block) -> Fate {
        let in_head = self.entry.as_ref().is_some_and(|e| e.subsections.is_empty()) && self.subsection.is_none();
        if in_head {
            return self.verb_lines(block);
        }
        if let Some(line) = quoted_lines(&self.text[block.range.clone()]).next()
            && parse_verb(line.1).is_some()
            && !matches!(self.subsection.as_ref().map(|s| s.kind), Some(Subsection::Description))
        {
            let message = match &self.entry {
                Some(entry) => format!(
                    "verb line `{}` comes after the subsections of entry {}; expected it directly below the heading",
                    line.1, entry.endpoint.number
                ),
                None => format!("verb line `{}` is outside any entry; expected it below `## N.M title`", line.1),
            };
            self.error(block.range.start + line.0, message);
            return Fate::Reported;
        }
        self.prose(block)
    }

    /// `> PUT /user/authmode`: one or more lines, all naming the same path.
    fn verb_lines(&mut self, block: &Block) -> Fate {
        let source = &self.text[block.range.clone()];
        if let Some(entry) = self.entry.as_mut() {
            entry.verb_line_seen = true;
        }
        let mut lines = quoted_lines(source).peekable();
        if lines.peek().is_none() {
            self.error(block.range.start, "empty verb line; expected `> METHOD /path`");
            return Fate::Reported;
        }
        for (at, line) in lines {
            let offset = block.range.start + at;
            let word = line.split_whitespace().next().unwrap_or_default();
            let Some((method, path)) = parse_verb(line) else {
                let message = match Method::parse(word) {
                    None => format!("unknown HTTP method `{word}`; expected GET, POST, PUT or DELETE"),
                    Some(_) => format!("`{line}` has no path; expected `{word} /path`"),
                };
                self.error(offset, message);
                continue;
            };
            let location = self.location(offset);
            let Some(entry) = self.entry.as_mut() else { return Fate::Unclaimed };
            let endpoint = &mut entry.endpoint;
            if endpoint.path.is_empty() {
                endpoint.path = path.to_owned();
            } else if endpoint.path != path {
                let message = format!(
                    "verb line names `{path}`, but entry {} is `{}`; expected one path per entry",
                    endpoint.number, endpoint.path
                );
                self.diagnostics.push(location, message);
                continue;
            }
            if endpoint.verbs.iter().any(|v| v.method == method) {
                let message = format!("entry {} lists `{method}` twice", endpoint.number);
                self.diagnostics.push(location, message);
                continue;
            }
            endpoint.verbs.push(Verb { method, location });
        }
        Fate::Placed
    }

    fn code_block(&mut self, block: &Block, fenced: bool, code: &str) -> Fate {
        if !fenced {
            let message = "a line indented by a tab or four spaces is read as code; a heading or table row that lost \
                           its place? Remove the indentation";
            self.error(block.range.start, message);
            return Fate::Reported;
        }
        let in_version = self.subsection.as_ref().is_some_and(|sub| sub.kind == Subsection::Version);
        if !in_version || self.entry.is_some() {
            return self.prose(block);
        }
        if self.swallows_structure(block) {
            return Fate::Reported;
        }
        if let Some(sub) = self.subsection.as_mut() {
            sub.has_content = true;
        }
        self.page.version = Some(code.trim().to_owned());
        Fate::Placed
    }

    // ---- tables ---------------------------------------------------------------------------------------------------

    fn table(&mut self, block: &Block) -> Fate {
        let Some(sub) = self.subsection.as_ref() else { return Fate::Unclaimed };
        let kind = sub.kind;
        if kind == Subsection::Description || kind == Subsection::About || kind == Subsection::Version {
            let message = format!(
                "table in `{}`; expected tables only under {}",
                sub.title, "请求头, 请求参数(Query Param), 请求体(Request Body), 响应体 or 默认环境"
            );
            self.error(block.range.start, message);
            return Fate::Reported;
        }
        if sub.has_content {
            let message = format!("a second table in `{}`; expected one (a heading missing above it?)", sub.title);
            self.error(block.range.start, message);
            return Fate::Reported;
        }
        if kind == Subsection::Response && !sub.has_status {
            self.error(block.range.start, "response table without a `● 200 …` status line above it");
            if let Some(sub) = self.subsection.as_mut() {
                sub.has_status = true;
            }
            return Fate::Reported;
        }
        // From here on the subsection has its table, even one reported below: no "has no content" on top.
        if let Some(sub) = self.subsection.as_mut() {
            sub.has_content = true;
        }
        let mut table = match table::read(self.text, block.range.clone()) {
            Ok(table) => table,
            Err(errors) => {
                for (offset, message) in errors {
                    self.error(offset, message);
                }
                return Fate::Reported;
            }
        };
        let swallowed = self.split_swallowed_heading(&mut table);
        let fate = self.place_table(block, kind, &table);
        if let Some((offset, level, heading)) = swallowed {
            // Read on as if the heading stood on its own line, so that what follows it is not reported as well.
            let heading_block = Block {
                kind: BlockKind::Heading { level, text: heading.clone(), id: None, extra_attributes: Vec::new() },
                range: offset..offset,
                nested_table: None,
            };
            self.heading(&heading_block, level, &heading, None, &[]);
        }
        fate
    }

    /// A heading written directly below a table (no blank line between them) is read by GitHub's table rules as one
    /// more row of the table (the GitBook export of 2025-12 does this to `#### 接口描述`). Reported once, here; the
    /// row and any after it leave the table, and the heading is returned, (offset, level, text), to be read as one.
    fn split_swallowed_heading(&mut self, table: &mut Table) -> Option<(usize, u8, String)> {
        let index = table.rows.iter().position(|row| {
            row.cells.first().is_some_and(|cell| cell.text.starts_with('#') && is_structural_heading(&cell.text))
        })?;
        let cell = table.rows[index].cells[0].clone();
        table.rows.truncate(index);
        let title = cell.text.trim_start_matches('#');
        let level = u8::try_from(cell.text.len() - title.len()).unwrap_or(u8::MAX);
        let message = format!(
            "the heading `{}` is swallowed into the table above as one of its rows (no blank line between them); \
             expected a blank line before the heading",
            cell.text
        );
        self.error(cell.offset, message);
        Some((cell.offset, level, title.trim().to_owned()))
    }

    /// Checks a table's columns and stores its rows where its subsection says.
    fn place_table(&mut self, block: &Block, kind: Subsection, table: &Table) -> Fate {
        if let Some(row) = table.rows.get(MAX_TABLE_ROWS) {
            let message = format!(
                "table has {} rows; expected at most {MAX_TABLE_ROWS} (a limit of the generator, see README.md)",
                table.rows.len()
            );
            self.error(row.offset, message);
            return Fate::Reported;
        }
        if !self.check_columns(table, kind, block.range.start) {
            return Fate::Reported;
        }
        if table.rows.is_empty() {
            self.error(
                block.range.start,
                format!("table in `{}` has no rows", self.subsection.as_ref().map_or("", |s| &s.title)),
            );
        }
        match kind {
            Subsection::Environment => self.environment(table),
            Subsection::Headers | Subsection::Query => {
                let params = table.rows.iter().flat_map(|row| self.params(table, row, kind)).collect();
                if let Some(entry) = self.entry.as_mut() {
                    match kind {
                        Subsection::Headers => entry.endpoint.headers = params,
                        _ => entry.endpoint.query = params,
                    }
                }
            }
            Subsection::Body | Subsection::Response => {
                let fields = self.field_tree(table);
                if let Some(entry) = self.entry.as_mut() {
                    match kind {
                        Subsection::Body => entry.endpoint.body = fields,
                        _ => entry.endpoint.response.fields = fields,
                    }
                }
            }
            Subsection::Description | Subsection::Version | Subsection::About => {}
        }
        Fate::Placed
    }

    /// Columns the subsection cannot use, and a missing type column where types are needed, are errors.
    fn check_columns(&mut self, table: &Table, kind: Subsection, start: usize) -> bool {
        let allowed = kind.allowed_columns();
        let mut ok = true;
        let header = table::split_cells(self.text[start..].lines().next().unwrap_or_default(), start);
        for (column, cell) in table.columns.iter().zip(&header) {
            if !allowed.contains(column) {
                let title = self.subsection.as_ref().map_or(String::new(), |s| s.title.clone());
                self.error(cell.offset, format!("column `{}` is not used in `{title}` tables", cell.text));
                ok = false;
            }
        }
        let needs = match kind {
            Subsection::Body | Subsection::Response => Some(Column::Type),
            Subsection::Environment => Some(Column::Value),
            _ => None,
        };
        if let Some(needed) = needs
            && !table.columns.contains(&needed)
        {
            let title = self.subsection.as_ref().map_or(String::new(), |s| s.title.clone());
            let name = if needed == Column::Type { "type (类型 / 数据类型)" } else { "value (字段值)" };
            self.error(start, format!("`{title}` table has no {name} column"));
            ok = false;
        }
        ok
    }

    /// The cells of a row, checked against the table's width.
    fn row_cells<'r>(&mut self, table: &Table, row: &'r Row) -> Option<&'r [Cell]> {
        let width = table.columns.len();
        if row.cells.len() == width {
            return Some(&row.cells);
        }
        self.error(row.offset, format!("table row has {} cells but its header has {width}", row.cells.len()));
        None
    }

    fn environment(&mut self, table: &Table) {
        let (Some(name), Some(value)) = (table.index(Column::Name), table.index(Column::Value)) else { return };
        for row in &table.rows {
            let Some(cells) = self.row_cells(table, row) else { continue };
            match cells[name].text.as_str() {
                "baseUrl" => self.page.base_url = Some(cells[value].text.clone()),
                other => {
                    let message = format!("environment variable `{other}` is not known; expected baseUrl");
                    self.error(cells[name].offset, message);
                }
            }
        }
    }

    /// The parameters of one row: one, or several when a header row is flattened (`|a||x||b||y|`).
    fn params(&mut self, table: &Table, row: &Row, kind: Subsection) -> Vec<Param> {
        let width = table.columns.len();
        if kind == Subsection::Headers && row.cells.len() > width {
            return match flattened_groups(&row.cells, width) {
                Some(groups) => groups.iter().filter_map(|cells| self.param(table, cells)).collect(),
                None => {
                    let message = format!(
                        "header row has {} cells; expected groups of {width} joined by `||` (the 2022 export's \
                         flattened header row)",
                        row.cells.len()
                    );
                    self.error(row.offset, message);
                    Vec::new()
                }
            };
        }
        match self.row_cells(table, row) {
            Some(cells) => self.param(table, cells).into_iter().collect(),
            None => Vec::new(),
        }
    }

    fn param(&mut self, table: &Table, cells: &[Cell]) -> Option<Param> {
        let cell = |column| table.index(column).map(|i| &cells[i]);
        let name = cell(Column::Name)?;
        let ty = match cell(Column::Type) {
            Some(cell) => Some(self.doc_type(cell, &name.text)?),
            None => None,
        };
        let required = self.flag(cell(Column::Required));
        Some(Param {
            name: name.text.clone(),
            ty,
            required,
            default: cell(Column::Default).map(|c| c.text.clone()).unwrap_or_default(),
            description: cell(Column::Description).map(|c| clean_text(&c.text)).unwrap_or_default(),
            location: self.location(name.offset),
        })
    }

    fn doc_type(&mut self, cell: &Cell, name: &str) -> Option<DocType> {
        let parsed = crate::typeword::doc_type(&cell.text).ok();
        if parsed.is_none() {
            let shown = if name.is_empty() { "the bare body".to_owned() } else { format!("`{name}`") };
            let message = format!(
                "unknown type `{}` for {shown}; expected int32, int64, double, number, string, boolean, object or \
                 array[T] (nested at most {} deep)",
                crate::typeword::shown(&cell.text),
                crate::typeword::MAX_DEPTH
            );
            self.error(cell.offset, message);
        }
        parsed
    }

    /// `true`, `false`, or nothing (an empty cell or no such column).
    fn flag(&mut self, cell: Option<&Cell>) -> Option<bool> {
        let cell = cell?;
        match cell.text.as_str() {
            "true" => Some(true),
            "false" => Some(false),
            "" => None,
            other => {
                self.error(cell.offset, format!("flag is `{other}`; expected true or false"));
                None
            }
        }
    }

    /// Builds the field tree of a body or response table from the `⇥` depth of each row.
    fn field_tree(&mut self, table: &Table) -> Vec<Field> {
        let mut top = Vec::new();
        // The open ancestors of the next row, innermost last.
        let mut open: Vec<Field> = Vec::new();
        for row in &table.rows {
            let Some(cells) = self.row_cells(table, row) else { continue };
            let cell = |column| table.index(column).map(|i| &cells[i]);
            let Some(name_cell) = cell(Column::Name) else { continue };
            let depth = name_cell.text.chars().take_while(|&c| c == '⇥').count();
            let name = name_cell.text.trim_start_matches('⇥').trim_start();
            let name_offset = name_cell.offset + (name_cell.text.len() - name.len());
            let name = name.to_owned();
            if depth > open.len() || depth > MAX_NESTING {
                let limit = open.len().min(MAX_NESTING);
                self.error(
                    name_offset,
                    format!("field `{name}` is nested {depth} levels deep; expected at most {limit}"),
                );
                continue;
            }
            while open.len() > depth {
                close_field(&mut open, &mut top);
            }
            if let Some(parent) = open.last()
                && !parent.ty.holds_fields()
            {
                let message = format!(
                    "field `{name}` is nested under `{}` of type {}; expected a parent of type object or array[object]",
                    parent.name, parent.raw_type
                );
                self.error(name_offset, message);
            }
            let Some(type_cell) = cell(Column::Type) else { continue };
            let Some(ty) = self.doc_type(type_cell, &name) else { continue };
            let required = self.flag(cell(Column::Required));
            let not_null = self.flag(cell(Column::NotNull));
            open.push(Field {
                name,
                ty,
                raw_type: type_cell.text.clone(),
                required,
                not_null,
                default: cell(Column::Default).map(|c| c.text.clone()).unwrap_or_default(),
                description: cell(Column::Description).map(|c| clean_text(&c.text)).unwrap_or_default(),
                children: Vec::new(),
                location: self.location(name_offset),
            });
        }
        while !open.is_empty() {
            close_field(&mut open, &mut top);
        }
        top
    }
}

/// Pops the innermost open field into its parent (or the top level).
fn close_field(open: &mut Vec<Field>, top: &mut Vec<Field>) {
    if let Some(field) = open.pop() {
        match open.last_mut() {
            Some(parent) => parent.children.push(field),
            None => top.push(field),
        }
    }
}

/// The 2022 export's one-row header table: groups of `width` cells joined by one empty cell.
fn flattened_groups(cells: &[Cell], width: usize) -> Option<Vec<&[Cell]>> {
    let stride = width + 1;
    let well_formed =
        (cells.len() + 1).is_multiple_of(stride) && cells.iter().skip(width).step_by(stride).all(|c| c.text.is_empty());
    well_formed.then(|| cells.chunks(stride).map(|group| &group[..width]).collect())
}

/// `3.46\t注册用户` → (`3.46`, `注册用户`); `None` when the heading does not start with a number.
fn split_number(content: &str) -> Option<(&str, &str)> {
    let end = content.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(content.len());
    let (number, rest) = content.split_at(end);
    let starts_with_digit = number.starts_with(|c: char| c.is_ascii_digit());
    let separated = rest.is_empty() || rest.starts_with(char::is_whitespace);
    (starts_with_digit && separated).then(|| (number.trim_end_matches('.'), rest.trim()))
}

/// The lines of a blockquote without their `>` markers, with their byte offsets inside it; blank lines skipped.
fn quoted_lines(source: &str) -> impl Iterator<Item = (usize, &str)> {
    source
        .split_inclusive('\n')
        .scan(0, |offset, line| {
            let here = *offset;
            *offset += line.len();
            let unquoted = line.trim_start().strip_prefix('>').unwrap_or(line).trim();
            let inner = here + line.find(unquoted).filter(|_| !unquoted.is_empty()).unwrap_or(0);
            Some((inner, unquoted))
        })
        .filter(|(_, line)| !line.is_empty())
}

/// A line that would be a numbered (section or entry) or subsection heading, were it not inside another block.
fn is_structural_heading(line: &str) -> bool {
    let line = line.trim_start_matches([' ', '\t', '>', '-', '*', '+']).trim_start();
    let text = line.trim_start_matches('#');
    let hashes = line.len() - text.len();
    if !(1..=6).contains(&hashes) || !text.starts_with([' ', '\t']) {
        return false;
    }
    let text = text.trim();
    let title = text.split('{').next().unwrap_or_default().trim_end_matches(|c: char| c.is_ascii_digit()).trim();
    split_number(text).is_some() || SUBSECTIONS.iter().any(|(word, _)| word.eq_ignore_ascii_case(title))
}

/// `POST /user/authmode` → (POST, `/user/authmode`); `None` unless the line is exactly a method and a path.
fn parse_verb(line: &str) -> Option<(Method, &str)> {
    let mut words = line.split_whitespace();
    let method = Method::parse(words.next()?)?;
    let path = words.next().filter(|p| p.starts_with('/'))?;
    words.next().is_none().then_some((method, path))
}

/// `<br>` becomes a line break; each line is trimmed at its end.
fn clean_text(text: &str) -> String {
    if !text.contains(['<', '\n']) {
        return text.trim().to_owned();
    }
    text.replace("<br>", "\n").lines().map(str::trim_end).collect::<Vec<_>>().join("\n").trim().to_owned()
}

/// A description's blocks: blockquote markers are dropped.
fn clean_description(text: &str) -> String {
    let body: Vec<&str> =
        text.lines().map(|line| line.strip_prefix("> ").or_else(|| line.strip_prefix('>')).unwrap_or(line)).collect();
    clean_text(&body.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_split_from_titles() {
        assert_eq!(split_number("3.46\t注册用户"), Some(("3.46", "注册用户")));
        assert_eq!(split_number("1 用户操作"), Some(("1", "用户操作")));
        assert_eq!(split_number("2 token 接口"), Some(("2", "token 接口")));
        assert_eq!(split_number("请求头"), None);
        assert_eq!(split_number("2fa"), None);
    }

    #[test]
    fn verb_lines_need_a_method_and_one_path() {
        assert_eq!(parse_verb("POST  /user/authmode"), Some((Method::Post, "/user/authmode")));
        assert_eq!(parse_verb("POST"), None);
        assert_eq!(parse_verb("FETCH /a"), None);
        assert_eq!(parse_verb("GET /a and more"), None);
        let lines: Vec<_> = quoted_lines("> PUT /a\n>\n> POST /a\n").collect();
        assert_eq!(lines, [(2, "PUT /a"), (13, "POST /a")]);
    }
}
