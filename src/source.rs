//! A scenario file's name and text, and line/column lookup.
//!
//! A variant (`extends = "base.toml"`) is read with its base: its spans lie
//! in one address space where the variant's text comes first and each base
//! follows at an offset ([`SourceFile::with_bases`]). Lookups resolve a span
//! to the file it lies in, so that a figure from the base points into the
//! base and an override into the variant.

use codespan_reporting::files::{Files, SimpleFile};

#[derive(Debug, Clone)]
pub struct SourceFile {
    file: SimpleFile<String, String>,
    /// The files a variant is built on, each with the offset its spans start
    /// at (after the variant's text and the bases before it).
    bases: Vec<(usize, SimpleFile<String, String>)>,
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
            bases: Vec::new(),
        }
    }

    /// A variant's text with its bases (name, text), in `extends` order:
    /// each base's spans start one byte after the end of the file before it.
    pub fn with_bases(
        name: impl Into<String>,
        text: impl Into<String>,
        bases: Vec<(String, String)>,
    ) -> Self {
        let mut source = SourceFile::new(name, text);
        let mut offset = source.text().len() + 1;
        for (name, text) in bases {
            let len = text.len();
            source.bases.push((offset, SimpleFile::new(name, text)));
            offset += len + 1;
        }
        source
    }

    /// Where the file of id `id` starts in the address space (see [`Files`]).
    pub fn offset_of(&self, id: usize) -> usize {
        id.checked_sub(1)
            .and_then(|i| self.bases.get(i))
            .map_or(0, |(o, _)| *o)
    }

    /// The file a byte lies in: 0 for the file itself, 1.. for its bases.
    pub fn file_id(&self, byte: usize) -> usize {
        self.bases
            .iter()
            .rposition(|(o, _)| byte >= *o)
            .map_or(0, |i| i + 1)
    }

    fn simple(&self, id: usize) -> &SimpleFile<String, String> {
        id.checked_sub(1)
            .and_then(|i| self.bases.get(i))
            .map_or(&self.file, |(_, f)| f)
    }

    /// A span of the address space as a span of its own file.
    pub fn local(&self, span: &std::ops::Range<usize>) -> (usize, std::ops::Range<usize>) {
        let id = self.file_id(span.start);
        let o = self.offset_of(id);
        (
            id,
            span.start.saturating_sub(o)..span.end.saturating_sub(o).max(span.start - o),
        )
    }

    /// The text of the file of id `id` (0: the file itself).
    pub fn text_of(&self, id: usize) -> &str {
        self.simple(id).source()
    }

    /// The name of the file a byte lies in.
    pub fn name_at(&self, byte: usize) -> &str {
        self.simple(self.file_id(byte)).name()
    }

    /// Whether the file is a variant read with its bases.
    pub fn has_bases(&self) -> bool {
        !self.bases.is_empty()
    }

    /// Every file's name, the file itself first.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.file.name().as_str())
            .chain(self.bases.iter().map(|(_, f)| f.name().as_str()))
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
        let (id, span) = self.local(span);
        self.simple(id).source().get(span).unwrap_or("")
    }

    /// Line and column of a byte, in the file it lies in ([`Self::name_at`]).
    pub fn line_col(&self, byte: usize) -> LineCol {
        let (id, span) = self.local(&(byte..byte));
        let file = self.simple(id);
        let byte = clamp_to_boundary(file.source(), span.start);
        match file.location((), byte) {
            Ok(loc) => LineCol {
                line: loc.line_number,
                column: loc.column_number,
            },
            Err(_) => LineCol { line: 1, column: 1 },
        }
    }
}

/// Every file of a variant for codespan: id 0 is the file itself, 1.. its bases.
impl<'a> Files<'a> for SourceFile {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(self.simple(id).name())
    }

    fn source(&'a self, id: usize) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(self.simple(id).source())
    }

    fn line_index(
        &'a self,
        id: usize,
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        self.simple(id).line_index((), byte)
    }

    fn line_range(
        &'a self,
        id: usize,
        line: usize,
    ) -> Result<std::ops::Range<usize>, codespan_reporting::files::Error> {
        self.simple(id).line_range((), line)
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

    #[test]
    fn a_variants_spans_resolve_to_the_file_they_lie_in() {
        let f = SourceFile::with_bases(
            "v.toml",
            "x = 1\n",
            vec![("b.toml".into(), "a = 1\nb = 2\n".into())],
        );
        // The base starts one byte after the variant's 6 bytes.
        assert_eq!(f.file_id(3), 0);
        assert_eq!(f.file_id(7), 1);
        assert_eq!(f.name_at(13), "b.toml");
        assert_eq!(f.slice(&(13..18)), "b = 2");
        assert_eq!(f.line_col(17), LineCol { line: 2, column: 5 });
        assert_eq!(f.local(&(13..18)), (1, 6..11));
        assert_eq!(f.names().collect::<Vec<_>>(), ["v.toml", "b.toml"]);
        assert_eq!(f.slice(&(0..5)), "x = 1");
    }
}
