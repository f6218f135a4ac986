//! The table reader: a table's columns are named by its header row, through one vocabulary shared by every layout
//! and both languages, so columns may come in any order and any subset. Cells are read from each row's source text,
//! not from pulldown-cmark's cells, because the 2022 export writes all the headers of an entry as one flattened row
//! (`|access-token||令牌||app_id||应用ID|`) wider than its header, whose extra cells GitHub's table rules drop.

use std::ops::Range;

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Column {
    Name,
    Type,
    Required,
    NotNull,
    Default,
    Description,
    /// The value column of the environment table (`字段值`).
    Value,
}

/// Every column name the vendor has used, in Chinese and English (`不能为空`: the pages of March–May 2022).
const VOCABULARY: [(&str, Column); 17] = [
    ("参数名称", Column::Name),
    ("参数名", Column::Name),
    ("Parameter name", Column::Name),
    ("类型", Column::Type),
    ("数据类型", Column::Type),
    ("Data Type", Column::Type),
    ("Type", Column::Type),
    ("必填", Column::Required),
    ("Required", Column::Required),
    ("不为空", Column::NotNull),
    ("不能为空", Column::NotNull),
    ("默认值", Column::Default),
    ("Default", Column::Default),
    ("描述", Column::Description),
    ("Description", Column::Description),
    ("字段值", Column::Value),
    ("Field value", Column::Value),
];

/// The vocabulary as a readable list, for diagnostics.
fn known_columns() -> String {
    VOCABULARY.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", ")
}

/// One cell: its trimmed text, with backslash escapes resolved as CommonMark resolves them (`app\_id` is `app_id`,
/// `\|` is `|`), and the byte offset where that text starts in the page.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Cell {
    pub text: String,
    pub offset: usize,
}

/// One data row.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Row {
    pub cells: Vec<Cell>,
    /// Where the row's line starts in the page.
    pub offset: usize,
}

/// A table whose header row has been mapped to columns.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

impl Table {
    /// The index of `column`, if the table has it.
    pub fn index(&self, column: Column) -> Option<usize> {
        self.columns.iter().position(|c| *c == column)
    }
}

/// Reads the table at `range` of `text`. Errors are (byte offset, message) pairs.
pub(crate) fn read(text: &str, range: Range<usize>) -> Result<Table, Vec<(usize, String)>> {
    let mut lines = source_lines(text, range.clone());
    let Some((header, header_offset)) = lines.next() else {
        return Err(vec![(range.start, "empty table".to_owned())]);
    };
    let mut errors = Vec::new();
    let mut columns = Vec::new();
    for cell in split_cells(header, header_offset) {
        match VOCABULARY.iter().find(|(name, _)| name.eq_ignore_ascii_case(&cell.text)) {
            Some((_, column)) if columns.contains(column) => {
                errors.push((cell.offset, format!("column `{}` repeats a column of this table", cell.text)));
            }
            Some((_, column)) => columns.push(*column),
            None => errors.push((
                cell.offset,
                format!("unknown table column `{}`; expected one of: {}", cell.text, known_columns()),
            )),
        }
    }
    if !columns.contains(&Column::Name) && errors.is_empty() {
        errors.push((header_offset, "table has no name column (参数名称 / Parameter name)".to_owned()));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // The delimiter row (`| --- |`) was checked by pulldown-cmark when it recognised the table.
    let _delimiter = lines.next();
    let rows = lines.map(|(line, offset)| Row { cells: split_cells(line, offset), offset }).collect();
    Ok(Table { columns, rows })
}

/// The non-blank source lines of a table, with their byte offsets. Lines end where Markdown ends them: at `\n`,
/// `\r\n` or a lone `\r` (pulldown-cmark reads a row after a lone `\r` as a row of its own, so must this).
fn source_lines(text: &str, range: Range<usize>) -> impl Iterator<Item = (&str, usize)> {
    let start = range.start;
    text[range]
        .split_inclusive(['\n', '\r'])
        .scan(start, |offset, line| {
            let here = *offset;
            *offset += line.len();
            Some((line.trim_end(), here))
        })
        .filter(|(line, _)| !line.trim().is_empty())
}

/// Splits `|a|b\|c|` into cells (`a`, `b|c`), keeping each cell's offset for diagnostics.
pub(crate) fn split_cells(row: &str, offset: usize) -> Vec<Cell> {
    let lead = row.len() - row.trim_start().len();
    let trimmed = row.trim();
    let inner_start = lead + usize::from(trimmed.starts_with('|'));
    let ends_with_pipe = trimmed.len() > 1 && trimmed.ends_with('|') && !trimmed.ends_with("\\|");
    let inner_end = (lead + trimmed.len() - usize::from(ends_with_pipe)).max(inner_start);
    let inner = &row[inner_start..inner_end];
    let mut cells = Vec::new();
    let mut start = 0;
    let bytes = inner.as_bytes();
    let mut at = 0;
    while at <= bytes.len() {
        let is_separator = at < bytes.len() && bytes[at] == b'|' && (at == 0 || bytes[at - 1] != b'\\');
        if at == bytes.len() || is_separator {
            let part = &inner[start..at];
            let leading = part.len() - part.trim_start().len();
            let text = part.trim();
            let text = if text.contains('\\') { unescape(text) } else { text.to_owned() };
            cells.push(Cell { text, offset: offset + inner_start + start + leading });
            start = at + 1;
        }
        at += 1;
    }
    cells
}

/// Resolves CommonMark's backslash escapes: a backslash before ASCII punctuation stands for that punctuation (the
/// GitBook export writes `app\_id`, `array\[int64]`); any other backslash is itself.
pub(crate) fn unescape(text: &str) -> String {
    let mut resolved = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&next) if c == '\\' && next.is_ascii_punctuation() => {
                resolved.push(next);
                chars.next();
            }
            _ => resolved.push(c),
        }
    }
    resolved
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(cells: &[Cell]) -> Vec<&str> {
        cells.iter().map(|c| c.text.as_str()).collect()
    }

    #[test]
    fn cells_keep_offsets_and_unescape_pipes() {
        let cells = split_cells("|  a | b\\|c ||d", 10);
        assert_eq!(texts(&cells), ["a", "b|c", "", "d"]);
        assert_eq!(cells.iter().map(|c| c.offset).collect::<Vec<_>>(), [13, 17, 23, 24]);
        assert_eq!(texts(&split_cells("| x |", 0)), ["x"]);
    }

    #[test]
    fn escapes_resolve_as_in_commonmark() {
        let cells = split_cells("| app\\_id | array\\[int64] | a\\\\b \\n |", 0);
        assert_eq!(texts(&cells), ["app_id", "array[int64]", "a\\b \\n"]);
    }

    #[test]
    fn a_lone_carriage_return_ends_a_row_as_in_markdown() {
        let text = "| 参数名称 | 类型 |\r\n| --- | --- |\r| a | x |\r\n| b | y |\n";
        let table = read(text, 0..text.len()).expect("reads");
        let names: Vec<&str> = table.rows.iter().map(|row| row.cells[0].text.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(&text[table.rows[0].offset..][..5], "| a |");
    }

    #[test]
    fn columns_are_named_in_either_language_and_any_order() {
        let text = "| 描述 | Required | 参数名称 |\n| - | - | - |\n| d | true | n |\n";
        let table = read(text, 0..text.len()).expect("reads");
        assert_eq!(table.columns, [Column::Description, Column::Required, Column::Name]);
        assert_eq!(table.index(Column::Name), Some(2));
        assert_eq!(texts(&table.rows[0].cells), ["d", "true", "n"]);
    }

    #[test]
    fn unknown_repeated_and_missing_columns_are_errors() {
        let text = "| 参数名称 | 颜色 | 参数名称 |\n| - | - | - |\n";
        let errors = read(text, 0..text.len()).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].0, 17);
        assert!(
            errors[0].1.starts_with("unknown table column `颜色`; expected one of: 参数名称, 参数名,"),
            "{errors:?}"
        );
        assert_eq!(errors[1].1, "column `参数名称` repeats a column of this table");
        let text = "| 描述 |\n| - |\n";
        assert_eq!(read(text, 0..text.len()).unwrap_err()[0].1, "table has no name column (参数名称 / Parameter name)");
    }
}
