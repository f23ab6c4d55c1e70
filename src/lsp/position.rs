//! Byte offsets (what diagnostics store) to LSP positions and back. LSP counts
//! columns in UTF-16 code units by default: "É" is one unit, an emoji two,
//! while it is two and four bytes in the file.

use lsp_types::{Position, Range};

/// Start of every line, so that lookups do not rescan the text.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { text, starts }
    }

    /// The position of a byte offset (clamped to the text, and back to a
    /// character boundary).
    pub fn position(&self, byte: usize) -> Position {
        let mut byte = byte.min(self.text.len());
        while byte > 0 && !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self
            .starts
            .partition_point(|s| *s <= byte)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..byte)
            .map_or(0, |s| s.encode_utf16().count());
        Position::new(to_u32(line), to_u32(column))
    }

    pub fn range(&self, span: &std::ops::Range<usize>) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of a position; a column past the end of its line means
    /// the end of the line, a line past the end means the end of the text.
    pub fn offset(&self, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(pos.line as usize + 1)
            .map_or(self.text.len(), |n| n.saturating_sub(1));
        let line = self.text.get(start..end).unwrap_or("");
        let mut units = 0u32;
        for (i, c) in line.char_indices() {
            if units >= pos.character {
                return start + i;
            }
            units += u32::try_from(c.len_utf16()).unwrap_or(2);
        }
        // A trailing CR belongs to the line break, not to the line.
        start
            + line
                .strip_suffix('\r')
                .unwrap_or(line)
                .len()
                .min(line.len())
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accented_names_count_in_utf16_units() {
        let text = "name = \"Saint-Étienne-du-Grès\"\nid = \"x\"\n";
        let idx = LineIndex::new(text);
        // After the closing quote: 8 + 21 characters; É and è are 2 bytes each.
        let close = text.find("\"\n").unwrap() + 1;
        assert_eq!(close, 8 + "Saint-Étienne-du-Grès".len() + 1);
        assert_eq!(idx.position(close), Position::new(0, 30));
        assert_eq!(idx.offset(Position::new(0, 30)), close);
        let id = text.find("id").unwrap();
        assert_eq!(idx.position(id), Position::new(1, 0));
        assert_eq!(idx.offset(Position::new(1, 0)), id);
    }

    #[test]
    fn astral_characters_are_two_units_and_offsets_round_trip() {
        let text = "a = \"😀é\"\r\nb";
        let idx = LineIndex::new(text);
        // Every character start, but the LF of a CRLF (inside the line break).
        for (byte, _) in text.char_indices().filter(|(_, c)| *c != '\n') {
            assert_eq!(idx.offset(idx.position(byte)), byte);
        }
        let after = text.find('é').unwrap();
        assert_eq!(idx.position(after), Position::new(0, 7));
        // Inside the emoji's bytes: back to its start.
        assert_eq!(idx.position(6), Position::new(0, 5));
        // Past the end of a line (CRLF): its end; past the last line: the text's end.
        assert_eq!(idx.offset(Position::new(0, 99)), text.find('\r').unwrap());
        assert_eq!(idx.offset(Position::new(9, 0)), text.len());
    }
}
