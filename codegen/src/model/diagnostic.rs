//! Located diagnostics: every problem found in the document or in the corrections file carries the file, line and
//! column it points at, and all of them are collected and reported together (`file:line:col: what, expected …`).

use std::cell::Cell;
use std::fmt;
use std::sync::Arc;

/// A position in a source file: the file as the user names it, then 1-based line and column (the column counts
/// characters, not bytes).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file, e.g. `spec/zh-hans/user.md`.
    pub file: Arc<str>,
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

impl Location {
    /// The first character of `file`.
    pub fn start_of(file: &str) -> Location {
        Location { file: file.into(), line: 1, column: 1 }
    }

    /// `line:col` without the file, for listings that name the file once.
    pub fn line_col(&self) -> String {
        format!("{}:{}", self.line, self.column)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Maps byte offsets of one source text to [`Location`]s.
///
/// Lines are found by binary search over their starts; within a line, the column of a later offset is counted on
/// from the previous lookup, so locating every cell of one very long row stays linear.
#[derive(Clone, Debug)]
pub struct LineIndex<'a> {
    file: Arc<str>,
    text: &'a str,
    line_starts: Vec<usize>,
    /// The last lookup: (line index, byte offset, 0-based column).
    last: Cell<(usize, usize, u32)>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`, which diagnostics call `file`.
    pub fn new(file: &str, text: &'a str) -> Self {
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(at, _)| at + 1)).collect();
        LineIndex { file: file.into(), text, line_starts, last: Cell::new((0, 0, 0)) }
    }

    /// The file name diagnostics use.
    pub fn file(&self) -> &Arc<str> {
        &self.file
    }

    /// The location of byte `offset` (clamped to the text; offsets inside a character count as that character).
    pub fn location(&self, offset: usize) -> Location {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let (last_line, last_offset, last_column) = self.last.get();
        let (from, column) = if last_line == line && last_offset <= offset {
            (last_offset, last_column)
        } else {
            (self.line_starts[line], 0)
        };
        let column = column + self.chars_between(from, offset);
        self.last.set((line, offset, column));
        Location { file: Arc::clone(&self.file), line: line as u32 + 1, column: column + 1 }
    }

    /// Characters that start in `from..to` (`from` is a character boundary).
    fn chars_between(&self, from: usize, to: usize) -> u32 {
        let bytes = &self.text.as_bytes()[from..to];
        bytes.iter().filter(|&&b| (b as i8) >= -0x40).count() as u32
    }
}

/// One problem in an input file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Where in which file.
    pub location: Location,
    /// What was found and what was expected.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// All the problems found in one run, in source order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Records a problem at `location`.
    pub fn push(&mut self, location: Location, message: impl Into<String>) {
        self.0.push(Diagnostic { location, message: message.into() });
    }

    /// One problem at the start of `file` (a file that cannot be read, say).
    pub fn single(file: &str, message: impl Into<String>) -> Diagnostics {
        let mut diagnostics = Diagnostics::default();
        diagnostics.push(Location::start_of(file), message);
        diagnostics
    }

    /// Appends all of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when nothing was recorded, otherwise the sorted diagnostics.
    pub fn into_result<T>(mut self, value: T) -> Result<T, Diagnostics> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            self.0.sort();
            self.0.dedup();
            Err(self)
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "{diagnostic}")?;
        }
        write!(f, "{} error(s)", self.0.len())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_count_lines_and_characters() {
        let index = LineIndex::new("f.md", "ab\n参数|x|y\n");
        let at = |offset| {
            let location = index.location(offset);
            (location.line, location.column)
        };
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(3), (2, 1));
        // "参数" is 6 bytes but 2 characters: the first '|' is column 3, the second column 5.
        assert_eq!(at(9), (2, 3));
        assert_eq!(at(11), (2, 5));
        // Going back on the same line recounts from the line start.
        assert_eq!(at(6), (2, 2));
        assert_eq!(at(999), (3, 1));
        assert_eq!(index.location(9).to_string(), "f.md:2:3");
    }
}
