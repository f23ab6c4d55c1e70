//! A scenario file's name and text, and line/column lookup.

use codespan_reporting::files::{Files, SimpleFile};

#[derive(Debug, Clone)]
pub struct SourceFile {
    file: SimpleFile<String, String>,
}

/// 1-based line and column (in characters), as editors and rustc count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile {
            file: SimpleFile::new(name.into(), text.into()),
        }
    }

    pub fn name(&self) -> &str {
        self.file.name()
    }

    pub fn text(&self) -> &str {
        self.file.source()
    }

    pub fn inner(&self) -> &SimpleFile<String, String> {
        &self.file
    }

    /// Text of a span, or "" if the span does not fit the file.
    pub fn slice(&self, span: &std::ops::Range<usize>) -> &str {
        self.text().get(span.clone()).unwrap_or("")
    }

    pub fn line_col(&self, byte: usize) -> LineCol {
        let byte = clamp_to_boundary(self.text(), byte);
        match self.file.location((), byte) {
            Ok(loc) => LineCol {
                line: loc.line_number,
                column: loc.column_number,
            },
            Err(_) => LineCol { line: 1, column: 1 },
        }
    }
}

fn clamp_to_boundary(text: &str, byte: usize) -> usize {
    let mut b = byte.min(text.len());
    while b > 0 && !text.is_char_boundary(b) {
        b -= 1;
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let f = SourceFile::new("t.toml", "a = 1\né = 2\n");
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        // "é" is two bytes; the `=` after it is column 3.
        assert_eq!(f.line_col(9), LineCol { line: 2, column: 3 });
        assert_eq!(f.line_col(10_000).line, 3);
    }
}
