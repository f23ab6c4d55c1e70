//! Commands that report on a scenario as tables (`diff`, `cost`): what they
//! share: checking the file first, the output formats (a table for people,
//! CSV for spreadsheets, JSON), and writing the result.

pub mod books;
pub mod bounds;
pub mod budget;
pub mod catalogue;
pub mod compare;
pub mod compare_asks;
pub mod cost;
pub mod diff;
pub mod error;
pub mod indicators;
pub mod open;
pub mod portfolio;
pub mod portfolio_propose;
pub mod words;

#[cfg(test)]
mod format_tests;

pub use error::UsageError;

use crate::diagnostic::Severity;
use crate::exit::ExitStatus;
use crate::finance::money::Style;
use crate::fsutil;
use crate::i18n::{Arg, Lang, Text};
use crate::render::human;
use crate::scenario::{Financing, Scenario};
use clap::ValueEnum;
use codespan_reporting::term::termcolor::WriteColor;
use std::path::Path;

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFormat {
    /// A table for the terminal.
    Human,
    /// CSV for a spreadsheet (see --csv-style).
    Csv,
    /// JSON; amounts and ETP as exact decimal strings.
    Json,
    /// An Excel/LibreOffice workbook (needs `--out FILE.xlsx`).
    Xlsx,
}

/// The format of a table command from `--format` and the `--out` file's
/// extension: `--out couts.xlsx` alone writes a workbook; a format that does
/// not match the extension is a usage error, never a mislabelled file.
pub fn resolve_format(
    format: Option<TableFormat>,
    out: Option<&Path>,
) -> Result<TableFormat, UsageError> {
    let by_ext = match out.map(crate::xlsx::extension) {
        Some(crate::xlsx::Extension::Other) | None => None,
        Some(crate::xlsx::Extension::Xlsx) => Some(TableFormat::Xlsx),
        Some(crate::xlsx::Extension::Csv) => Some(TableFormat::Csv),
        Some(crate::xlsx::Extension::Json) => Some(TableFormat::Json),
        Some(crate::xlsx::Extension::Unwritable(ext)) => {
            return Err(UsageError::UnwritableExtension {
                ext: ext.to_string(),
            })
        }
    };
    let name = |f: TableFormat| {
        f.to_possible_value()
            .map(|v| v.get_name().to_owned())
            .unwrap_or_default()
    };
    let chosen = match (format, by_ext) {
        (Some(f), Some(e)) if f != e => {
            return Err(UsageError::FormatMismatch {
                format: name(f),
                out: out.map(|p| p.display().to_string()).unwrap_or_default(),
                name_as: if f == TableFormat::Human {
                    "txt".to_owned()
                } else {
                    name(f)
                },
                by_ext: name(e),
            })
        }
        (Some(f), _) => f,
        (None, Some(e)) => e,
        (None, None) => TableFormat::Human,
    };
    if chosen == TableFormat::Xlsx && by_ext != Some(TableFormat::Xlsx) {
        return Err(match out {
            None => UsageError::WorkbookNeedsOut,
            Some(p) => UsageError::WorkbookName {
                out: p.to_path_buf(),
            },
        });
    }
    Ok(chosen)
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvStyle {
    /// For a French spreadsheet: `;` separator, decimal comma, UTF-8 with BOM, CRLF.
    French,
    /// Plain CSV: `,` separator, decimal point, no BOM, LF.
    Plain,
}

/// Where and how to write a command's result.
#[derive(Debug, Clone)]
pub struct Output<'a> {
    pub format: TableFormat,
    pub csv_style: CsvStyle,
    pub out: Option<&'a Path>,
    pub force: bool,
    /// The language of tables and messages (CSV and JSON keys do not change).
    pub lang: Lang,
}

impl Output<'_> {
    /// How figures are written in CSV.
    pub fn csv_figures(&self) -> Style {
        match self.csv_style {
            CsvStyle::French => Style::French,
            CsvStyle::Plain => Style::Plain,
        }
    }
}

/// The streams a command writes to: results and, for human output, the
/// diagnostics go to `out`; with CSV or JSON on `out`, diagnostics and
/// messages go to `err` so that the data stays clean.
pub struct Streams<'a> {
    pub out: &'a mut dyn WriteColor,
    pub err: &'a mut dyn WriteColor,
    /// The language the user chose (`--lang`, see [`crate::i18n::Lang::detect`]).
    pub lang: crate::i18n::Lang,
}

impl Streams<'_> {
    pub(crate) fn messages(&mut self, format: TableFormat) -> &mut dyn WriteColor {
        match format {
            TableFormat::Human => self.out,
            _ => self.err,
        }
    }
}

pub use open::Checked;

/// Loads `file` and runs the catalogue ([`open::open_checked`]): unusable,
/// after printing why; otherwise the diagnostics wait for
/// [`Checked::print_diagnostics`], so that a usage error comes alone.
pub fn load_checked(
    file: &Path,
    format: TableFormat,
    streams: &mut Streams,
) -> std::io::Result<Result<Checked, ExitStatus>> {
    let lang = streams.lang;
    open::open_checked(file, streams.messages(format), lang)
}

impl Checked {
    /// Prints the errors as `check` does; warnings are only counted, since
    /// they do not make the figures wrong and `check` shows them in full.
    pub fn print_diagnostics(
        &self,
        format: TableFormat,
        streams: &mut Streams,
    ) -> std::io::Result<()> {
        let lang = streams.lang;
        let w = streams.messages(format);
        for d in self
            .report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
        {
            human::write_diagnostic(w, &self.report.source, d, lang)?;
        }
        let warnings = self.report.count(Severity::Warning);
        if warnings > 0 {
            let note = Text::new(&words::WARNINGS_NOTE)
                .arg("file", Arg::raw(self.report.source.name()))
                .arg("n", Arg::count(warnings))
                .render(lang);
            writeln!(w, "{note}\n")?;
        }
        Ok(())
    }
}

/// The index of the period named `id`, or the error listing the ids.
pub fn find_period(s: &Scenario, file: &Path, id: &str) -> Result<usize, UsageError> {
    s.periods
        .iter()
        .position(|p| p.name() == id)
        .ok_or_else(|| UsageError::NoPeriod {
            file: file.to_path_buf(),
            id: id.to_owned(),
            periods: s.periods.iter().map(|p| p.name().to_owned()).collect(),
        })
}

/// [`find_period`] with its message in `lang`.
pub fn find_period_in(s: &Scenario, file: &Path, id: &str, lang: Lang) -> Result<usize, String> {
    find_period(s, file, id).map_err(|_| {
        let ids: Vec<&str> = s.periods.iter().map(|p| p.name()).collect();
        Text::new(&words::NO_PERIOD)
            .arg("file", Arg::raw(file.display().to_string()))
            .arg("id", Arg::raw(id))
            .arg(
                "ids",
                Arg::raw(if ids.is_empty() {
                    words::word(&words::NONE, lang)
                } else {
                    ids.join(", ")
                }),
            )
            .render(lang)
    })
}

/// The scenario's `[financing]`, or the error saying that the cost
/// commands need one.
pub fn financing<'a>(s: &'a Scenario, file: &Path) -> Result<&'a Financing, UsageError> {
    s.financing.as_ref().ok_or_else(|| UsageError::NoFinancing {
        file: file.to_path_buf(),
    })
}

/// [`financing`] with its message in `lang`.
pub fn financing_in<'a>(s: &'a Scenario, file: &Path, lang: Lang) -> Result<&'a Financing, String> {
    financing(s, file).map_err(|_| {
        words::say(
            &words::NO_FINANCING,
            "file",
            file.display().to_string(),
            lang,
        )
    })
}

/// Prints a usage-level error (exit code 2).
pub fn usage_error(
    streams: &mut Streams,
    message: &(impl std::fmt::Display + ?Sized),
) -> std::io::Result<ExitStatus> {
    usage_error_in(streams, &message.to_string(), Lang::En)
}

/// [`usage_error`] in `lang`.
pub fn usage_error_in(
    streams: &mut Streams,
    message: &str,
    lang: Lang,
) -> std::io::Result<ExitStatus> {
    writeln!(
        streams.err,
        "{}",
        words::say(&words::ERROR, "message", message, lang)
    )?;
    Ok(ExitStatus::Unusable)
}

/// Writes the result to `--out` (atomically) or to the output stream, and
/// returns the exit code: 1 if the check found errors, else 0.
pub fn finish(
    streams: &mut Streams,
    output: &Output,
    checked: &Checked,
    bytes: &[u8],
) -> std::io::Result<ExitStatus> {
    match output.out {
        Some(path) => match fsutil::write_output(path, bytes, output.force, &[&checked.file]) {
            Ok(()) => writeln!(
                streams.messages(output.format),
                "{}",
                words::say(
                    &words::WROTE,
                    "path",
                    path.display().to_string(),
                    output.lang
                )
            )?,
            Err(e) => {
                let line = crate::fsutil::cannot_write(path, &e, output.lang);
                writeln!(streams.err, "{line}")?;
                return Ok(ExitStatus::Unusable);
            }
        },
        None => {
            streams.out.write_all(bytes)?;
            streams.out.flush()?;
        }
    }
    Ok(ExitStatus::breached_if(
        checked.report.count(Severity::Error) > 0,
    ))
}

/// Writes CSV records in the chosen dialect. A French spreadsheet opens a
/// file by default as Windows-1252 unless it starts with a BOM, splits on
/// `;` (the comma is its decimal separator) and expects CRLF.
pub fn csv_bytes(style: CsvStyle, records: &[Vec<String>]) -> std::io::Result<Vec<u8>> {
    let mut builder = csv::WriterBuilder::new();
    let mut bytes = Vec::new();
    match style {
        CsvStyle::French => {
            builder.delimiter(b';').terminator(csv::Terminator::CRLF);
            bytes.extend_from_slice("\u{feff}".as_bytes());
        }
        CsvStyle::Plain => {
            builder.delimiter(b',');
        }
    }
    let mut w = builder.from_writer(bytes);
    for r in records {
        // Text from the scenario must not run as a formula (render::safe).
        w.write_record(
            r.iter()
                .map(|c| crate::render::safe::csv_cell(c).into_owned()),
        )
        .map_err(std::io::Error::other)?;
    }
    w.into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))
}

/// A text table: a header row, then rows; a row of one cell is a section
/// title. Columns after the first are right-aligned (figures).
pub fn text_table(header: &[String], rows: &[Vec<String>]) -> String {
    let n = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows.iter().filter(|r| r.len() == n) {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[String]| -> String {
        let mut s = String::new();
        for (i, (c, w)) in cells.iter().zip(&widths).enumerate() {
            if i == 0 {
                s.push_str(&format!("{c:<w$}"));
            } else {
                s.push_str(&format!("  {c:>w$}"));
            }
        }
        s.trim_end().to_owned()
    };
    let mut out = line(header);
    out.push('\n');
    for r in rows {
        if r.len() == n {
            out.push_str(&line(r));
        } else {
            out.push_str(r.first().map_or("", String::as_str));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn csv_dialects() {
        let records = vec![strings(&["name", "eur"]), strings(&["Mouriès", "1,5"])];
        let fr = csv_bytes(CsvStyle::French, &records).expect("csv");
        assert_eq!(
            String::from_utf8(fr).expect("utf-8"),
            "\u{feff}name;eur\r\nMouriès;1,5\r\n"
        );
        let plain = csv_bytes(CsvStyle::Plain, &records).expect("csv");
        // The comma inside a field is quoted in plain CSV.
        assert_eq!(
            String::from_utf8(plain).expect("utf-8"),
            "name,eur\nMouriès,\"1,5\"\n"
        );
    }

    #[test]
    fn table_aligns_by_characters() {
        let t = text_table(
            &strings(&["Commune", "ETP"]),
            &[
                strings(&["Eygalières", "0.2"]),
                strings(&["Themes"]),
                strings(&["x", "10"]),
            ],
        );
        assert_eq!(
            t,
            "Commune     ETP\nEygalières  0.2\nThemes\nx            10\n"
        );
    }
}
