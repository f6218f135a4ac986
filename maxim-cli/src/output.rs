//! Printing results: JSON (pretty on a terminal, compact when piped), a table for lists, or NDJSON (one value per
//! line, written as each value arrives).

use std::io::Write;

use serde_json::Value;

/// The `--output` format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One JSON document.
    Json,
    /// Columns, one row per item.
    Table,
    /// One JSON value per line.
    Ndjson,
}

impl Format {
    /// The format named on the command line.
    pub fn from_name(name: &str) -> Format {
        match name {
            "table" => Format::Table,
            "ndjson" => Format::Ndjson,
            _ => Format::Json,
        }
    }
}

/// Prints one result: a list is one row or line per item in `table` and `ndjson`.
pub fn print(out: &mut impl Write, format: Format, pretty: bool, value: &Value) -> std::io::Result<()> {
    match format {
        Format::Json if pretty => writeln!(out, "{}", serde_json::to_string_pretty(value).unwrap_or_default()),
        Format::Json => writeln!(out, "{value}"),
        Format::Ndjson => match value {
            Value::Array(items) => items.iter().try_for_each(|item| writeln!(out, "{item}")),
            other => writeln!(out, "{other}"),
        },
        Format::Table => write!(out, "{}", table(value)),
    }
}

/// A value as a table: a list of objects has a column per member (in order of first appearance); one object is a
/// column of names and a column of values; anything else is printed as it is.
pub fn table(value: &Value) -> String {
    let rows: Vec<Vec<String>> = match value {
        Value::Array(items) if items.iter().all(Value::is_object) && !items.is_empty() => {
            let mut columns: Vec<&str> = Vec::new();
            for item in items.iter().filter_map(Value::as_object) {
                for name in item.keys() {
                    if !columns.contains(&name.as_str()) {
                        columns.push(name);
                    }
                }
            }
            let header = columns.iter().map(|name| name.to_uppercase()).collect();
            let body = items.iter().map(|item| columns.iter().map(|name| cell(item.get(*name))).collect());
            std::iter::once(header).chain(body).collect()
        }
        Value::Array(items) => items.iter().map(|item| vec![cell(Some(item))]).collect(),
        Value::Object(members) => members.iter().map(|(name, value)| vec![name.clone(), cell(Some(value))]).collect(),
        other => vec![vec![cell(Some(other))]],
    };
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|column| rows.iter().filter_map(|row| row.get(column)).map(|cell| cell.chars().count()).max().unwrap_or(0))
        .collect();
    let mut text = String::new();
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell}{}", " ".repeat(width - cell.chars().count())))
            .collect();
        text.push_str(cells.join("  ").trim_end());
        text.push('\n');
    }
    text
}

/// A table cell: text as it is, other scalars written out, nested values as compact JSON, nothing for null.
fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.replace(['\n', '\t'], " "),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_list_of_objects_has_a_column_per_member() {
        let users = json!([{"user_id": 1, "username": "alice"}, {"user_id": 22, "status": 0}]);
        assert_eq!(table(&users), "USER_ID  USERNAME  STATUS\n1        alice\n22                 0\n");
    }

    #[test]
    fn ndjson_writes_a_line_per_item() {
        let mut out = Vec::new();
        print(&mut out, Format::Ndjson, false, &json!([{"a": 1}, 2])).expect("writes");
        assert_eq!(String::from_utf8(out).expect("utf-8"), "{\"a\":1}\n2\n");
    }
}
