//! The word codespan-reporting writes before each code (`error[CTG030]`),
//! in the user's language (`erreur[CTG030]`).
//!
//! codespan writes its severity's English name right after asking the
//! writer for the header's colour ([`WriteStyle::set_header`]), in one
//! `write`. [`Keywords`] wraps the real writer, passes every colour and
//! byte through, and swaps that one write for the French word: colours stay
//! as codespan sets them, and English output is never wrapped, so it stays
//! byte for byte codespan's.

use crate::i18n::{Lang, Msg};
use codespan_reporting::diagnostic::{LabelStyle, Severity};
use codespan_reporting::term::termcolor::WriteColor;
use codespan_reporting::term::WriteStyle;
use std::io::Write;

crate::msgs! {
    pub(crate) BUG = "render.severity.bug", fr: "bogue", en: "bug";
    pub(crate) ERROR = "render.severity.error", fr: "erreur", en: "error";
    pub(crate) WARNING = "render.severity.warning", fr: "avertissement", en: "warning";
    pub(crate) HELP = "render.severity.help", fr: "aide", en: "help";
    pub(crate) NOTE = "render.severity.note", fr: "note", en: "note";
}

/// The header word of `severity` (codespan writes the English one).
pub fn of(severity: Severity) -> &'static Msg {
    match severity {
        Severity::Bug => &BUG,
        Severity::Error => &ERROR,
        Severity::Warning => &WARNING,
        Severity::Help => &HELP,
        Severity::Note => &NOTE,
    }
}

/// A writer for codespan that writes the header's word in `lang`.
pub struct Keywords<'w> {
    inner: &'w mut dyn WriteColor,
    lang: Lang,
    /// The severity whose header word codespan writes next.
    pending: Option<Severity>,
}

impl<'w> Keywords<'w> {
    pub fn new(inner: &'w mut dyn WriteColor, lang: Lang) -> Keywords<'w> {
        Keywords {
            inner,
            lang,
            pending: None,
        }
    }
}

impl Write for Keywords<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Some(severity) = self.pending.take() {
            let word = of(severity);
            // Only the exact English word is swapped: a codespan that wrote
            // its header differently would print its own words, unchanged.
            if buf == word.en.as_bytes() {
                self.inner.write_all(word.template(self.lang).as_bytes())?;
                return Ok(buf.len());
            }
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl WriteStyle for Keywords<'_> {
    fn set_header(&mut self, severity: Severity) -> std::io::Result<()> {
        self.pending = Some(severity);
        WriteStyle::set_header(self.inner, severity)
    }

    fn set_header_message(&mut self) -> std::io::Result<()> {
        self.pending = None;
        WriteStyle::set_header_message(self.inner)
    }

    fn set_line_number(&mut self) -> std::io::Result<()> {
        WriteStyle::set_line_number(self.inner)
    }

    fn set_note_bullet(&mut self) -> std::io::Result<()> {
        WriteStyle::set_note_bullet(self.inner)
    }

    fn set_source_border(&mut self) -> std::io::Result<()> {
        WriteStyle::set_source_border(self.inner)
    }

    fn set_label(&mut self, severity: Severity, label_style: LabelStyle) -> std::io::Result<()> {
        WriteStyle::set_label(self.inner, severity, label_style)
    }

    fn reset(&mut self) -> std::io::Result<()> {
        WriteStyle::reset(self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use codespan_reporting::diagnostic::{Diagnostic, Label};
    use codespan_reporting::files::SimpleFile;
    use codespan_reporting::term::{self, termcolor::Buffer};

    fn render(severity: Severity, colour: bool, lang: Option<Lang>) -> String {
        let file = SimpleFile::new("s.toml", "total = 2\n");
        let d = Diagnostic::new(severity)
            .with_code("CTG030")
            .with_message("error: warning help")
            .with_labels(vec![Label::primary((), 8..9).with_message("error")])
            .with_notes(vec!["warning".into()]);
        let mut buf = if colour {
            Buffer::ansi()
        } else {
            Buffer::no_color()
        };
        let config = term::Config::default();
        match lang {
            Some(lang) => {
                term::emit_to_write_style(&mut Keywords::new(&mut buf, lang), &config, &file, &d)
            }
            None => term::emit_to_write_style(&mut buf, &config, &file, &d),
        }
        .expect("renders");
        String::from_utf8(buf.into_inner()).expect("utf-8")
    }

    #[test]
    fn the_header_word_only_is_french_and_colours_stay() {
        for colour in [false, true] {
            for (severity, fr) in [
                (Severity::Error, "erreur"),
                (Severity::Warning, "avertissement"),
                (Severity::Help, "aide"),
                (Severity::Note, "note"),
                (Severity::Bug, "bogue"),
            ] {
                let plain = render(severity, colour, None);
                let en = of(severity).en;
                // English through the wrapper is codespan's, byte for byte.
                assert_eq!(render(severity, colour, Some(Lang::En)), plain);
                // French: the first occurrence of the word (the header) is
                // swapped, nothing else (the message, label and note keep
                // their English test words).
                let want = plain.replacen(&format!("{en}[CTG030]"), &format!("{fr}[CTG030]"), 1);
                assert_eq!(want == plain, en == fr);
                assert_eq!(render(severity, colour, Some(Lang::Fr)), want);
            }
        }
    }
}
