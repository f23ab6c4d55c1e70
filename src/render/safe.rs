//! Output that cannot be turned against its reader. A scenario's ids, names
//! and even its raw lines (shown under a diagnostic) reach terminals and
//! spreadsheets: a control character could set the window title, clear the
//! screen or overwrite a line ("0 errors"), and a CSV cell starting with `=`
//! is run by Excel or Calc as a formula. Every human renderer writes through
//! [`Terminal`]; every CSV cell goes through [`csv_cell`].

use codespan_reporting::term::termcolor::{ColorSpec, WriteColor};
use std::borrow::Cow;
use std::io::{self, Write};

/// Whether `c` must not reach a terminal as is: C0 controls but line feed and
/// tab, DEL, C1 controls (U+0080-U+009F, CSI and OSC among them), and the
/// bidirectional overrides and isolates that reorder what is shown ("Trojan
/// Source").
pub fn is_dangerous(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every dangerous character written as `\u001b`, so that it
/// shows and does nothing. The form is JSON's own escape, so a JSON document
/// passed through [`Terminal`] stays valid and means the same.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_dangerous) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_char(&mut out, c);
    }
    Cow::Owned(out)
}

/// `text` on one line: like [`escape`], and line feeds, tabs and carriage
/// returns are written `\u000a` too, so that a value from a file cannot
/// break a table row or a one-line message.
pub fn escape_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            push_char(&mut out, c);
        }
    }
    Cow::Owned(out)
}

fn push_char(out: &mut String, c: char) {
    if is_dangerous(c) {
        out.push_str(&format!("\\u{:04x}", u32::from(c)));
    } else {
        out.push(c);
    }
}

/// A terminal writer that escapes dangerous characters in everything written
/// through it, while colours (set through [`WriteColor`]) still pass. Bytes
/// are decoded as UTF-8 across `write` calls; invalid bytes show as `\xNN`. A
/// carriage return is kept only right before a line feed (a CRLF file's
/// lines), where it cannot overwrite anything.
///
/// A reader that goes away (`ctgplan propose … | head -1`) closes the pipe:
/// what follows is dropped without an error, so that the command ends
/// quietly with its own verdict as exit code, not as unusable input.
pub struct Terminal<W: Write> {
    inner: W,
    /// An incomplete UTF-8 sequence, or a CR waiting for its LF.
    pending: Vec<u8>,
    /// The reader closed the pipe: nothing more is written.
    closed: bool,
}

impl<W: Write> Terminal<W> {
    pub fn new(inner: W) -> Self {
        Terminal {
            inner,
            pending: Vec::new(),
            closed: false,
        }
    }

    /// `op` on the inner writer, a closed pipe taken as done and remembered.
    fn unless_closed(&mut self, op: impl FnOnce(&mut W) -> io::Result<()>) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        match op(&mut self.inner) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            r => r,
        }
    }

    fn sanitise(&mut self, buf: &[u8]) -> String {
        let mut bytes = std::mem::take(&mut self.pending);
        bytes.extend_from_slice(buf);
        let mut out = String::with_capacity(bytes.len());
        let mut rest: &[u8] = &bytes;
        loop {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    self.push_str(&mut out, s);
                    break;
                }
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    self.push_str(&mut out, std::str::from_utf8(good).unwrap_or_default());
                    match e.error_len() {
                        Some(n) => {
                            let (invalid, after) = bad.split_at(n.min(bad.len()));
                            for b in invalid {
                                out.push_str(&format!("\\x{b:02x}"));
                            }
                            rest = after;
                        }
                        None => {
                            // Cut in the middle of a character: wait for the rest.
                            self.pending.extend_from_slice(bad);
                            break;
                        }
                    }
                }
            }
        }
        out
    }

    fn push_str(&mut self, out: &mut String, s: &str) {
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\r' {
                match chars.peek() {
                    Some('\n') => out.push('\r'),
                    Some(_) => push_char(out, c),
                    None => self.pending.push(b'\r'),
                }
            } else {
                push_char(out, c);
            }
        }
    }

    /// Writes out what is pending as it is (escaped): a lone CR at the end.
    fn drain(&mut self) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending);
        let mut out = String::new();
        for b in pending {
            if b == b'\r' {
                out.push_str("\\u000d");
            } else {
                out.push_str(&format!("\\x{b:02x}"));
            }
        }
        self.unless_closed(|w| w.write_all(out.as_bytes()))
    }
}

/// Whether a byte may start something dangerous: a C0 control (but LF and
/// TAB), DEL, or the lead byte of a C1 control (0xC2) or of a bidi control
/// (0xE2). Most output has none, and is written as it is.
fn suspicious(b: u8) -> bool {
    (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f || b == 0xc2 || b == 0xe2 || b >= 0xf8
}

impl<W: Write> Write for Terminal<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // Fast path: nothing to decode or escape. A buffer cut inside a
        // character is still written as it is: only whole characters can
        // be dangerous, and their lead bytes are caught here.
        if self.pending.is_empty() && !buf.iter().any(|b| suspicious(*b)) {
            self.unless_closed(|w| w.write_all(buf))?;
            return Ok(buf.len());
        }
        let text = self.sanitise(buf);
        self.unless_closed(|w| w.write_all(text.as_bytes()))?;
        Ok(buf.len())
    }

    /// Also writes out a lone CR or cut character left at the end: a flush
    /// comes at the end of an output.
    fn flush(&mut self) -> io::Result<()> {
        self.drain()?;
        self.unless_closed(|w| w.flush())
    }
}

impl<W: WriteColor> WriteColor for Terminal<W> {
    fn supports_color(&self) -> bool {
        self.inner.supports_color()
    }

    fn set_color(&mut self, spec: &ColorSpec) -> io::Result<()> {
        self.drain()?;
        self.unless_closed(|w| w.set_color(spec))
    }

    fn reset(&mut self) -> io::Result<()> {
        self.drain()?;
        self.unless_closed(|w| w.reset())
    }
}

impl<W: Write> Drop for Terminal<W> {
    fn drop(&mut self) {
        let _ = self.drain();
        let _ = self.inner.flush();
    }
}

/// Whether a spreadsheet would evaluate `text` typed in a cell (OWASP "CSV
/// injection": `=`, `+`, `-`, `@`, tab, carriage return first). The CSV
/// writers quote such text ([`csv_cell`]); the workbook writer gives it
/// Excel's quote prefix, so that it stays text even when the user edits the
/// cell or saves the sheet as CSV.
pub fn formula_like(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A CSV text cell made harmless for a spreadsheet: a [`formula_like`] cell
/// gets a leading single quote, so it is shown as text. Numbers (`-1234,50`,
/// `+0.2`) stay numbers.
pub fn csv_cell(cell: &str) -> Cow<'_, str> {
    if formula_like(cell) && !is_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A figure as the CSV writers print it: an optional sign, digits, an
/// optional decimal point or comma with digits, an optional `%`.
fn is_number(cell: &str) -> bool {
    let s = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let s = s.strip_suffix('%').unwrap_or(s);
    let (int, frac) = match s.split_once(['.', ',']) {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    digits(int) && frac.is_none_or(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pipe whose reader leaves after `room` bytes.
    struct Pipe {
        room: usize,
        got: Vec<u8>,
        tries: usize,
    }

    impl Write for Pipe {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.tries += 1;
            if self.got.len() + buf.len() > self.room {
                return Err(io::ErrorKind::BrokenPipe.into());
            }
            self.got.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_ends_the_output_quietly() {
        let mut t = Terminal::new(Pipe {
            room: 6,
            got: Vec::new(),
            tries: 0,
        });
        writeln!(t, "first").unwrap();
        writeln!(t, "second").unwrap();
        writeln!(t, "third \u{7}").unwrap();
        t.flush().unwrap();
        assert_eq!(t.inner.got, b"first\n");
        // Nothing is tried after the pipe closed.
        assert_eq!(t.inner.tries, 2);
    }

    #[test]
    fn other_write_errors_still_fail() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::ErrorKind::StorageFull.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut t = Terminal::new(Full);
        assert!(writeln!(t, "x").is_err());
    }

    fn through_terminal(chunks: &[&[u8]]) -> String {
        let mut buf = Vec::new();
        {
            let mut t = Terminal::new(&mut buf);
            for c in chunks {
                t.write_all(c).unwrap();
            }
        }
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn control_characters_are_shown_not_run() {
        let s = through_terminal(&[b"a\x1b]0;pwned\x07b\x1b[2Jc\rchecked 0 files\n"]);
        assert_eq!(
            s,
            "a\\u001b]0;pwned\\u0007b\\u001b[2Jc\\u000dchecked 0 files\n"
        );
        // C1 controls (CSI is U+009B), DEL and bidi overrides too.
        assert_eq!(
            through_terminal(&["x\u{9b}2J\u{7f}\u{202e}y".as_bytes()]),
            "x\\u009b2J\\u007f\\u202ey"
        );
        // Line feeds, tabs, CRLF line ends and other text pass.
        assert_eq!(through_terminal(&["é\tà\r\nb\n".as_bytes()]), "é\tà\r\nb\n");
    }

    #[test]
    fn characters_and_crlf_cut_between_writes_are_put_together() {
        let c1 = "\u{9b}".as_bytes();
        assert_eq!(
            through_terminal(&[&c1[..1], &c1[1..], b"a\r", b"\n", b"b\r", b"c", b"\r"]),
            "\\u009ba\r\nb\\u000dc\\u000d"
        );
        assert_eq!(through_terminal(&[b"a\xffb"]), "a\\xffb");
    }

    #[test]
    fn escape_leaves_plain_text_borrowed() {
        assert!(matches!(escape("Mouriès"), Cow::Borrowed(_)));
        assert_eq!(escape("a\u{1b}[31m"), "a\\u001b[31m");
    }

    #[test]
    fn escape_line_keeps_values_on_one_line() {
        assert!(matches!(escape_line("Mouriès"), Cow::Borrowed(_)));
        assert_eq!(
            escape_line("a\u{1b}[31m\nb\tc\u{202e}"),
            "a\\u001b[31m\\u000ab\\u0009c\\u202e"
        );
    }

    #[test]
    fn formula_like_text_is_recognised() {
        for t in ["=1+1", "+33", "-Petite enfance", "@SUM", "\tx", "\rx"] {
            assert!(formula_like(t), "{t:?}");
        }
        for t in ["Aureille", "0,2 ETP", "", " =x"] {
            assert!(!formula_like(t), "{t:?}");
        }
    }

    #[test]
    fn formula_cells_are_quoted_and_numbers_kept() {
        for f in [
            "=HYPERLINK(\"http://x\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(csv_cell(f), format!("'{f}"), "{f:?}");
        }
        for n in [
            "-1234,50", "-0.2", "+0.1", "12", "-5%", "Mouriès", "", "a=b",
        ] {
            assert_eq!(csv_cell(n), n, "{n:?}");
        }
    }
}
