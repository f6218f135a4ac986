//! Markdown → [`Document`]: walks pulldown-cmark events with their source offsets.
//!
//! pulldown-cmark finds the headings, blockquotes, tables and code blocks; cells are then read from each table
//! row's own source text, because the header table is one flattened row (`|access-token||令牌||app_id||…|`) whose
//! cells beyond the header's three columns GitHub-flavoured Markdown would drop. Problems are collected as
//! [`Diagnostics`] with `file:line:col`; nothing here panics on a malformed document.

use crate::diagnostic::{Diagnostics, LineIndex, Location};
use crate::doc::{DocType, Document, Endpoint, Field, Method, Param, Response, Section};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// Parses the document `text`, naming it `file` in diagnostics. Runs the [`crate::check`] pass as well.
pub fn parse_document(file: &str, text: &str) -> Result<Document, Diagnostics> {
    let mut reader = Reader::new(file, text);
    reader.run();
    let Reader { document, mut diagnostics, .. } = reader;
    crate::check::check_document(file, &document, &mut diagnostics);
    diagnostics.into_result(document)
}

/// Which `###`/`#####` block the reader is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Block {
    None,
    Environment,
    Version,
    Headers,
    Query,
    Body,
    Response,
    Description,
}

/// An endpoint whose `> METHOD /path` line may not have been seen yet.
struct PendingEndpoint {
    number: String,
    section: u32,
    title: String,
    method: Option<(Method, String)>,
    /// A method line was seen, even a malformed one (already reported).
    method_line_seen: bool,
    headers: Vec<Param>,
    query: Vec<Param>,
    body: Vec<Field>,
    response: Response,
    description_start: Option<usize>,
    location: Location,
}

struct Reader<'a> {
    file: &'a str,
    text: &'a str,
    lines: LineIndex<'a>,
    diagnostics: Diagnostics,
    document: Document,
    block: Block,
    pending: Option<PendingEndpoint>,
    /// Sections seen so far, kept only if they turn out to hold endpoints.
    sections: Vec<Section>,
}

impl<'a> Reader<'a> {
    fn new(file: &'a str, text: &'a str) -> Self {
        Reader {
            file,
            text,
            lines: LineIndex::new(text),
            diagnostics: Diagnostics::default(),
            document: Document {
                title: String::new(),
                version: None,
                base_url: None,
                sections: Vec::new(),
                endpoints: Vec::new(),
            },
            block: Block::None,
            pending: None,
            sections: Vec::new(),
        }
    }

    fn error(&mut self, offset: usize, message: impl Into<String>) {
        let location = self.lines.location(offset);
        self.diagnostics.push(self.file, location, message);
    }

    fn run(&mut self) {
        let mut events = Parser::new_ext(self.text, Options::ENABLE_TABLES).into_offset_iter();
        while let Some((event, range)) = events.next() {
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    skip_to(&mut events, |e| matches!(e, Event::End(TagEnd::Heading(_))));
                    self.heading(level, range);
                }
                Event::Start(Tag::Table(_)) => {
                    skip_to(&mut events, |e| matches!(e, Event::End(TagEnd::Table)));
                    self.table(range);
                }
                Event::Start(Tag::BlockQuote(_)) => {
                    skip_to(&mut events, |e| matches!(e, Event::End(TagEnd::BlockQuote(_))));
                    self.blockquote(range);
                }
                Event::Start(Tag::Paragraph) => {
                    skip_to(&mut events, |e| matches!(e, Event::End(TagEnd::Paragraph)));
                    self.paragraph(range);
                }
                Event::Start(Tag::CodeBlock(_)) if self.block == Block::Version => {
                    let mut code = String::new();
                    for (event, _) in events.by_ref() {
                        match event {
                            Event::Text(text) => code.push_str(&text),
                            Event::End(TagEnd::CodeBlock) => break,
                            _ => {}
                        }
                    }
                    self.document.version = Some(code.trim().to_owned());
                    self.block = Block::None;
                }
                _ => {}
            }
        }
        self.finish_endpoint(self.text.len());
        let sections = std::mem::take(&mut self.sections);
        self.document.sections =
            sections.into_iter().filter(|s| self.document.endpoints.iter().any(|e| e.section == s.number)).collect();
    }

    fn heading(&mut self, level: HeadingLevel, range: Range<usize>) {
        let source = &self.text[range.clone()];
        let content = source.trim().trim_start_matches('#').trim();
        // Inside a description only a new `##` entry ends the block.
        if self.block == Block::Description && level != HeadingLevel::H2 {
            return;
        }
        match level {
            HeadingLevel::H1 => self.document.title = content.to_owned(),
            HeadingLevel::H2 => {
                self.finish_endpoint(range.start);
                self.block = Block::None;
                let (number, title) = split_number(content);
                let title = title.to_owned();
                let location = self.lines.location(range.start);
                if number.contains('.') {
                    self.start_endpoint(number, title, location, range.start);
                } else if let Ok(section) = number.parse::<u32>() {
                    self.sections.push(Section { number: section, title, location });
                } else {
                    self.error(range.start, format!("heading `{content}` has no number; expected `## N<TAB>title`"));
                }
            }
            HeadingLevel::H3 => {
                self.block = match content {
                    c if c.starts_with("请求头") => Block::Headers,
                    c if c.starts_with("请求参数") => Block::Query,
                    c if c.starts_with("请求体") => Block::Body,
                    c if c.starts_with("响应体") => Block::Response,
                    c if c.starts_with("默认环境") => Block::Environment,
                    _ => {
                        if self.pending.is_some() {
                            self.error(
                                range.start,
                                format!(
                                    "unknown subsection `{content}`; expected 请求头, 请求参数(Query Param), \
                                     请求体(Request Body) or 响应体"
                                ),
                            );
                        }
                        Block::None
                    }
                };
            }
            _ => {
                self.block = match content {
                    "接口描述" => {
                        if let Some(pending) = &mut self.pending {
                            pending.description_start = Some(range.end);
                        }
                        Block::Description
                    }
                    "文档版本" => Block::Version,
                    _ => Block::None,
                };
            }
        }
    }

    fn start_endpoint(&mut self, number: &str, title: String, location: Location, offset: usize) {
        let section_part = number.split('.').next().unwrap_or_default();
        let section = match section_part.parse::<u32>() {
            Ok(section) => section,
            Err(_) => {
                self.error(offset, format!("entry number `{number}` is not `section.index`"));
                0
            }
        };
        if self.sections.last().map(|s| s.number) != Some(section) {
            self.error(offset, format!("entry {number} is not inside section {section}; expected its heading first"));
        }
        self.pending = Some(PendingEndpoint {
            number: number.to_owned(),
            section,
            title,
            method: None,
            method_line_seen: false,
            headers: Vec::new(),
            query: Vec::new(),
            body: Vec::new(),
            response: Response::default(),
            description_start: None,
            location,
        });
    }

    fn finish_endpoint(&mut self, end: usize) {
        let Some(pending) = self.pending.take() else { return };
        let description = pending
            .description_start
            .map(|start| clean_description(&self.text[start.min(end)..end]))
            .unwrap_or_default();
        let Some((method, path)) = pending.method else {
            if pending.method_line_seen {
                return;
            }
            self.diagnostics.push(
                self.file,
                pending.location,
                format!(
                    "entry {} `{}` has no method/path line; expected `> METHOD /path` after its heading",
                    pending.number, pending.title
                ),
            );
            return;
        };
        self.document.endpoints.push(Endpoint {
            number: pending.number,
            section: pending.section,
            title: pending.title,
            method,
            path,
            headers: pending.headers,
            query: pending.query,
            body: pending.body,
            response: pending.response,
            description,
            location: pending.location,
        });
    }

    fn blockquote(&mut self, range: Range<usize>) {
        let Some(pending) = &mut self.pending else { return };
        if pending.method_line_seen || self.block != Block::None {
            return;
        }
        pending.method_line_seen = true;
        let source = &self.text[range.clone()];
        let line = source.trim().trim_start_matches('>').trim();
        let mut words = line.split_whitespace();
        let (Some(word), path) = (words.next(), words.next()) else {
            self.error(range.start, "empty method/path line; expected `> METHOD /path`");
            return;
        };
        let column = range.start + source.find(word).unwrap_or(0);
        let Some(method) = Method::parse(word) else {
            self.error(column, format!("unknown HTTP method `{word}`; expected GET, POST, PUT or DELETE"));
            return;
        };
        match path {
            Some(path) if path.starts_with('/') => {
                if let Some(pending) = &mut self.pending {
                    pending.method = Some((method, path.to_owned()));
                }
            }
            other => self.error(
                column,
                format!("`{method}` is followed by `{}`; expected a path starting with `/`", other.unwrap_or("")),
            ),
        }
    }

    fn paragraph(&mut self, range: Range<usize>) {
        if self.block != Block::Response {
            return;
        }
        // `● 200 响应数据格式：JSON`
        let source = self.text[range.clone()].trim();
        let Some(rest) = source.strip_prefix('●') else { return };
        let mut words = rest.split_whitespace();
        let status = words.next().and_then(|w| w.parse::<u16>().ok());
        let format = rest.rsplit(['：', ':']).next().unwrap_or_default().trim().to_owned();
        match (status, &mut self.pending) {
            (Some(status), Some(pending)) => pending.response = Response { status, format, ..Response::default() },
            (None, _) => self.error(range.start, format!("response line `{source}` has no status; expected `● 200 …`")),
            _ => {}
        }
    }

    fn table(&mut self, range: Range<usize>) {
        let rows = table_rows(self.text, range.clone());
        let Some((header, data)) = rows.split_first() else { return };
        let header_cells = split_cells(header.0, header.1);
        let expected: &[&str] = match self.block {
            Block::Environment => &["参数名", "字段值"],
            Block::Headers | Block::Query => &["参数名称", "默认值", "描述"],
            Block::Body => &["参数名称", "数据类型", "默认值", "不为空", "描述"],
            Block::Response => &["参数名称", "类型", "默认值", "不为空", "描述"],
            _ => return,
        };
        let names: Vec<&str> = header_cells.iter().map(|c| c.text.as_str()).collect();
        if names != expected {
            self.error(
                range.start,
                format!("table header is `{}`; expected `{}`", names.join(" | "), expected.join(" | ")),
            );
            return;
        }
        // data[0] is the delimiter row.
        let data = data.get(1..).unwrap_or_default();
        match self.block {
            Block::Environment => {
                for &(row, offset) in data {
                    let cells = self.cells(row, offset, 2);
                    if cells.len() == 2 && cells[0].text == "baseUrl" {
                        self.document.base_url = Some(cells[1].text.clone());
                    }
                }
            }
            Block::Headers => {
                let params: Vec<Param> =
                    data.iter().flat_map(|&(row, offset)| self.flattened_params(row, offset)).collect();
                if let Some(pending) = &mut self.pending {
                    pending.headers.extend(params);
                }
            }
            Block::Query => {
                let mut params = Vec::new();
                for &(row, offset) in data {
                    let cells = self.cells(row, offset, 3);
                    if cells.len() == 3 {
                        params.push(self.param(&cells[0], &cells[1], &cells[2]));
                    }
                }
                if let Some(pending) = &mut self.pending {
                    pending.query.extend(params);
                }
            }
            Block::Body | Block::Response => {
                let fields = self.field_tree(data);
                if let Some(pending) = &mut self.pending {
                    match self.block {
                        Block::Body => pending.body.extend(fields),
                        _ => pending.response.fields.extend(fields),
                    }
                }
            }
            _ => {}
        }
    }

    /// The cells of one row, checked against the header's width.
    fn cells(&mut self, row: &str, offset: usize, width: usize) -> Vec<Cell> {
        let cells = split_cells(row, offset);
        if cells.len() != width {
            self.error(offset, format!("table row has {} cells but its header has {width}", cells.len()));
        }
        cells
    }

    /// A header row holds one or more `name | default | description` groups, joined by empty cells.
    fn flattened_params(&mut self, row: &str, offset: usize) -> Vec<Param> {
        let cells = split_cells(row, offset);
        let well_formed =
            (cells.len() + 1).is_multiple_of(4) && cells.iter().skip(3).step_by(4).all(|c| c.text.is_empty());
        if !well_formed {
            self.error(
                offset,
                format!(
                    "header row has {} cells; expected groups of 3 (name, default, description) joined by `||`",
                    cells.len()
                ),
            );
            return Vec::new();
        }
        cells.chunks(4).map(|group| self.param(&group[0], &group[1], &group[2])).collect()
    }

    fn param(&self, name: &Cell, default: &Cell, description: &Cell) -> Param {
        Param {
            name: name.text.clone(),
            default: default.text.clone(),
            description: clean_text(&description.text),
            location: self.lines.location(name.offset),
        }
    }

    /// Builds the field tree of a body or response table from the `⇥` depth of each row.
    fn field_tree(&mut self, rows: &[(&str, usize)]) -> Vec<Field> {
        let mut top = Vec::new();
        // The open ancestors of the next row, innermost last.
        let mut open: Vec<Field> = Vec::new();
        for &(row, offset) in rows {
            let cells = self.cells(row, offset, 5);
            if cells.len() != 5 {
                continue;
            }
            let depth = cells[0].text.chars().take_while(|&c| c == '⇥').count();
            let name = cells[0].text.trim_start_matches('⇥').trim().to_owned();
            let name_offset = cells[0].offset + cells[0].text.find(name.as_str()).unwrap_or(0);
            if depth > open.len() {
                self.error(
                    name_offset,
                    format!("field `{name}` is nested {depth} levels deep; expected at most {}", open.len()),
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
            let raw_type = cells[1].text.clone();
            let ty = DocType::parse(&raw_type).unwrap_or_else(|| {
                self.error(
                    cells[1].offset,
                    format!(
                        "unknown type `{raw_type}` for field `{name}`; expected int32, int64, number, string, \
                         boolean, object or array[T]"
                    ),
                );
                DocType::String
            });
            let not_null = match cells[3].text.as_str() {
                "true" => true,
                "false" | "" => false,
                other => {
                    self.error(cells[3].offset, format!("not-null flag is `{other}`; expected true or false"));
                    false
                }
            };
            open.push(Field {
                name,
                ty,
                raw_type,
                default: cells[2].text.clone(),
                not_null,
                description: clean_text(&cells[4].text),
                children: Vec::new(),
                location: self.lines.location(name_offset),
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

/// Consumes events up to and including the first one matching `end`.
fn skip_to<'e>(events: &mut impl Iterator<Item = (Event<'e>, Range<usize>)>, end: impl Fn(&Event<'e>) -> bool) {
    for (event, _) in events.by_ref() {
        if end(&event) {
            break;
        }
    }
}

/// `3.46\t注册用户` → (`3.46`, `注册用户`).
fn split_number(content: &str) -> (&str, &str) {
    match content.split_once(char::is_whitespace) {
        Some((number, title)) => (number, title.trim()),
        None => (content, ""),
    }
}

/// The source lines of a table with their byte offsets.
fn table_rows(text: &str, range: Range<usize>) -> Vec<(&str, usize)> {
    let mut offset = range.start;
    let mut rows = Vec::new();
    for line in text[range].split_inclusive('\n') {
        let row = line.trim_end();
        if !row.trim().is_empty() {
            rows.push((row, offset));
        }
        offset += line.len();
    }
    rows
}

/// One table cell: its trimmed text and the byte offset where that text starts.
struct Cell {
    text: String,
    offset: usize,
}

/// Splits `|a|b|c|` into cells, keeping each cell's offset for diagnostics.
fn split_cells(row: &str, offset: usize) -> Vec<Cell> {
    let trimmed = row.trim();
    let lead = row.len() - row.trim_start().len();
    let inner_start = lead + usize::from(trimmed.starts_with('|'));
    let inner_end = lead + trimmed.len() - usize::from(trimmed.len() > 1 && trimmed.ends_with('|'));
    let mut cells = Vec::new();
    let mut start = inner_start;
    for part in row[inner_start..inner_end].split('|') {
        let leading = part.len() - part.trim_start().len();
        cells.push(Cell { text: part.trim().to_owned(), offset: offset + start + leading });
        start += part.len() + 1;
    }
    cells
}

/// `<br>` becomes a line break; each line is trimmed at its end.
fn clean_text(text: &str) -> String {
    text.replace("<br>", "\n").lines().map(str::trim_end).collect::<Vec<_>>().join("\n").trim().to_owned()
}

/// The description block: its first line carries the blockquote marker.
fn clean_description(text: &str) -> String {
    let body: Vec<&str> =
        text.lines().map(|line| line.strip_prefix("> ").or_else(|| line.strip_prefix('>')).unwrap_or(line)).collect();
    clean_text(&body.join("\n"))
}
