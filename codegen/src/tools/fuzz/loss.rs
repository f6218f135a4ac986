//! "No silent loss", made precise for a case that parsed (a case with diagnostics generates nothing, so loses
//! nothing in silence):
//!
//! 1. **Rows → document.** A line scan finds the tables of every page: a run of lines starting with `|` whose
//!    second line is a delimiter row (`| --- |`), continuing (as GitHub's table rules have it) up to a blank line
//!    or the start of another block; fenced code is skipped. Every data row must be the line of a header, query
//!    parameter, body or response field of the document model (nested ones included), or the environment table's
//!    `baseUrl` row. Every entry heading (`## 1.2 title`, outside fenced code) must be the line of an entry.
//! 2. **Document → resolved model.** Every verb line is an entry of exactly one operation; every query parameter
//!    and top-level body field is an input of it (a bare body is its one input), every header is listed; every
//!    object with documented fields is a type that lists that occurrence and has exactly those fields, and the
//!    response's members besides `code` and `message` are the fields of its envelope type (when it has one).

use crate::model::api::{Api, Occurrence, Part, ResponseShape};
use crate::model::doc::{Document, Field};
use std::collections::{HashMap, HashSet};

/// Rows of the pages that are not in the document model, one message each.
pub(super) fn rows_missing_from_document(pages: &[(String, String)], doc: &Document) -> Vec<String> {
    let mut placed: HashSet<(&str, u32)> = HashSet::new();
    for endpoint in &doc.endpoints {
        for param in endpoint.headers.iter().chain(&endpoint.query) {
            placed.insert((&param.location.file, param.location.line));
        }
        let mut stack: Vec<&Field> = endpoint.body.iter().chain(&endpoint.response.fields).collect();
        while let Some(field) = stack.pop() {
            placed.insert((&field.location.file, field.location.line));
            stack.extend(&field.children);
        }
    }
    let headings: HashSet<(&str, u32)> = doc.endpoints.iter().map(|e| (&*e.location.file, e.location.line)).collect();
    let mut missing = Vec::new();
    for (file, text) in pages {
        // Numbered as the parser numbers lines: `\n`, `\r\n` and a lone `\r` each end one.
        let text = crate::parse::unify_line_endings(text);
        for (line, heading) in entry_headings(&text) {
            if !headings.contains(&(file.as_str(), line)) {
                missing.push(format!("{file}:{line}: entry heading `{heading}` is not an entry of the model"));
            }
        }
        for (line, row) in data_rows(&text) {
            let base_url_row = row.split('|').nth(1).is_some_and(|name| name.trim() == "baseUrl");
            let in_model = placed.contains(&(file.as_str(), line)) || base_url_row && doc.base_url.is_some();
            if !in_model {
                missing.push(format!("{file}:{line}: table row `{row}` is in neither the model nor a diagnostic"));
            }
        }
    }
    missing
}

/// The data rows of the tables of a page whose lines end in `\n`, as (1-based line, text).
fn data_rows(text: &str) -> Vec<(u32, &str)> {
    let lines: Vec<(u32, &str)> =
        text.split('\n').enumerate().map(|(number, line)| (number as u32 + 1, line)).collect();
    let mut rows = Vec::new();
    let mut fence: Option<&str> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].1;
        let unindented = line.trim_start_matches(' ');
        let indent = line.len() - unindented.len();
        let marker = ["```", "~~~"].into_iter().find(|m| indent < 4 && unindented.starts_with(m));
        match (fence, marker) {
            (Some(open), Some(close)) if open == close => fence = None,
            (None, Some(open)) => fence = Some(open),
            _ => {}
        }
        let is_table = fence.is_none()
            && indent < 4
            && unindented.starts_with('|')
            && lines.get(i + 1).is_some_and(|(_, next)| is_delimiter(next));
        if !is_table {
            i += 1;
            continue;
        }
        i += 2;
        while i < lines.len() && continues_table(lines[i].1) {
            rows.push(lines[i]);
            i += 1;
        }
    }
    rows
}

/// Lines that are entry headings (`## 1.2 title`) outside fenced code, as (1-based line, text), in a page whose lines
/// end in `\n`.
fn entry_headings(text: &str) -> Vec<(u32, &str)> {
    let mut fence: Option<&str> = None;
    let mut found = Vec::new();
    for (number, line) in text.split('\n').enumerate() {
        let unindented = line.trim_start_matches(' ');
        let indent = line.len() - unindented.len();
        if let Some(marker) = ["```", "~~~"].into_iter().find(|m| indent < 4 && unindented.starts_with(m)) {
            fence = match fence {
                Some(open) if open == marker => None,
                Some(open) => Some(open),
                None => Some(marker),
            };
            continue;
        }
        let title = unindented.trim_start_matches('#');
        let hashes = unindented.len() - title.len();
        let numbered = title.strip_prefix([' ', '\t']).is_some_and(|t| {
            let number: String = t.trim_start().chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
            number.trim_end_matches('.').contains('.') && number.starts_with(|c: char| c.is_ascii_digit())
        });
        if fence.is_none() && indent < 4 && (1..=6).contains(&hashes) && numbered {
            found.push((number as u32 + 1, line));
        }
    }
    found
}

fn is_delimiter(line: &str) -> bool {
    let line = line.trim();
    line.contains('-') && line.contains('|') && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// A line after a table's delimiter row is another row unless it is blank or starts another block.
fn continues_table(line: &str) -> bool {
    let unindented = line.trim_start_matches(' ');
    let starts_block = ["#", ">", "```", "~~~", "<", "- ", "* ", "+ "].iter().any(|m| unindented.starts_with(m))
        || unindented.starts_with(|c: char| c.is_ascii_digit())
            && unindented.trim_start_matches(|c: char| c.is_ascii_digit()).starts_with(['.', ')'])
        || is_rule(unindented);
    let indented = line.len() - unindented.len() >= 4;
    !line.trim().is_empty() && (indented || !starts_block)
}

/// `---`, `***`, `___` (with spaces between allowed): a thematic break.
fn is_rule(line: &str) -> bool {
    let marks: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
    marks.len() >= 3 && ['-', '*', '_'].iter().any(|m| marks.iter().all(|c| c == m))
}

/// What of the document is not in the resolved model, one message each.
pub(super) fn document_missing_from_api(doc: &Document, api: &Api) -> Vec<String> {
    let mut missing = Vec::new();
    let mut entries: HashMap<(&str, crate::model::doc::Method, &str), usize> = HashMap::new();
    for (index, op) in api.operations.iter().enumerate() {
        for entry in &op.entries {
            if entries.insert((&entry.number, entry.method, &op.path), index).is_some() {
                missing.push(format!("entry {} {} is in two operations", entry.number, entry.method));
            }
        }
    }
    let types: HashMap<&str, &crate::model::api::TypeDef> = api.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let occurrences: HashMap<&Occurrence, &crate::model::api::TypeDef> =
        api.types.iter().flat_map(|t| t.occurrences.iter().map(move |o| (o, t))).collect();
    for endpoint in &doc.endpoints {
        for verb in &endpoint.verbs {
            let Some(&index) = entries.get(&(endpoint.number.as_str(), verb.method, endpoint.path.as_str())) else {
                missing
                    .push(format!("{}: entry {} {} is in no operation", verb.location, endpoint.number, verb.method));
                continue;
            };
            let op = &api.operations[index];
            let names =
                |inputs: &[crate::model::api::Input]| inputs.iter().map(|i| i.wire_name.clone()).collect::<Vec<_>>();
            let query: Vec<String> = endpoint.query.iter().map(|p| p.name.clone()).collect();
            let body: Vec<String> = endpoint.body.iter().map(|f| f.name.clone()).collect();
            let headers: Vec<String> = endpoint.headers.iter().map(|h| h.name.clone()).collect();
            if names(&op.query) != query || names(&op.body) != body || op.headers != headers {
                missing.push(format!(
                    "{}: the inputs of entry {} {} differ from operation `{}`'s",
                    verb.location, endpoint.number, verb.method, op.name
                ));
            }
        }
    }
    // Objects with documented fields, at the occurrences of each operation's default entry.
    let endpoints: HashMap<(&str, &str), &crate::model::doc::Endpoint> =
        doc.endpoints.iter().map(|e| ((e.number.as_str(), e.path.as_str()), e)).collect();
    for op in &api.operations {
        let Some(endpoint) = endpoints.get(&(op.entries[0].number.as_str(), op.path.as_str())) else { continue };
        let envelope: Vec<&Field> =
            endpoint.response.fields.iter().filter(|f| !matches!(f.name.as_str(), "code" | "message")).collect();
        if let ResponseShape::Envelope(name) = &op.response {
            let members: HashSet<&str> = types
                .get(name.as_str())
                .map(|t| t.fields.iter().map(|f| f.wire_name.as_str()).collect())
                .unwrap_or_default();
            for field in &envelope {
                if !members.contains(field.name.as_str()) {
                    missing.push(format!(
                        "{}: `{}` is not a member of envelope type `{name}`",
                        field.location, field.name
                    ));
                }
            }
        }
        let mut stack: Vec<(Occurrence, &Field)> = Vec::new();
        let body = Occurrence::new(op.method(), &op.path, Part::Body);
        stack.extend(endpoint.body.iter().map(|f| (body.clone(), f)));
        if op.response != ResponseShape::Bytes {
            let response = Occurrence::new(op.method(), &op.path, Part::Response);
            stack.extend(envelope.iter().map(|f| (response.clone(), *f)));
        }
        while let Some((parent, field)) = stack.pop() {
            if field.children.is_empty() {
                continue;
            }
            let here = parent.child(&field.name);
            let wire: Vec<&str> = field.children.iter().map(|c| c.name.as_str()).collect();
            match occurrences.get(&here) {
                Some(def) if def.fields.iter().map(|f| f.wire_name.as_str()).eq(wire.iter().copied()) => {}
                Some(def) => {
                    missing.push(format!("{}: `{here}` has other fields than type `{}`", field.location, def.name))
                }
                None => missing.push(format!("{}: `{here}` is an occurrence of no type", field.location)),
            }
            stack.extend(field.children.iter().map(|c| (here.clone(), c)));
        }
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_found_by_a_line_scan() {
        let text = "# x\n| 参数名称 | 类型 |\n| --- | --- |\n| a | string |\n|⇥ b | int32 |\nc | int64\n\n| d | x |\n\
                    ```\n| 参数名称 |\n| - |\n| e |\n```\n| f |\n| - |\n| g |\n## next\n";
        let rows: Vec<u32> = data_rows(text).into_iter().map(|(line, _)| line).collect();
        // `c | int64` continues the table (GitHub's rules); `| d | x |` after the blank line is no table; `e` is in
        // a fence.
        assert_eq!(rows, [4, 5, 6, 16]);
        // Pages are scanned with their line endings unified, as the parser reads them: a lone CR ends a line (here
        // a blank one, which ends the table) and counts as one.
        let text = crate::parse::unify_line_endings("| 参数名称 |\r| --- |\n| a |\r\n| b |\n\r| c |\n");
        assert_eq!(data_rows(&text), [(3, "| a |"), (4, "| b |")]);
    }

    #[test]
    fn entry_headings_are_found_outside_fences() {
        let text = "# 1 a\n## 1.1 b{#x}\n```\n## 1.2 c\n```\n    ## 1.3 d\n### 1.4\te\n## 2 f\n##1.5 g\n";
        let lines: Vec<u32> = entry_headings(text).into_iter().map(|(line, _)| line).collect();
        assert_eq!(lines, [2, 7]);
    }

    #[test]
    fn rules_and_blocks_end_a_table() {
        assert!(continues_table("| a |"));
        assert!(continues_table("a | b"));
        assert!(!continues_table(""));
        assert!(!continues_table("#### 响应体"));
        assert!(!continues_table("> GET /x"));
        assert!(!continues_table("---"));
        assert!(!continues_table("1. item"));
        assert!(continues_table("1 | x"));
    }
}
