//! rustc-like rendering with codespan-reporting.

use super::{keyword, words};
use crate::check::Report;
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Lang, Text};
use crate::source::SourceFile;
use codespan_reporting::diagnostic as cs;
use codespan_reporting::term::{self, termcolor::WriteColor};

/// A variant's labels point into the file they lie in (its own or a base).
fn to_codespan(source: &SourceFile, d: &Diagnostic, lang: Lang) -> cs::Diagnostic<usize> {
    let severity = match d.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
    };
    let labels = d
        .labels
        .iter()
        .map(|l| {
            let style = if l.primary {
                cs::LabelStyle::Primary
            } else {
                cs::LabelStyle::Secondary
            };
            let (file, span) = source.local(&l.span);
            cs::Label::new(style, file, span).with_message(l.message.render(lang))
        })
        .collect();
    let mut notes: Vec<String> = d
        .notes
        .iter()
        .map(|n| words::prefixed(lang, &words::NOTE, n))
        .collect();
    if let Some(h) = &d.help {
        notes.push(words::prefixed(lang, &words::HELP, h));
    }
    cs::Diagnostic::new(severity)
        .with_code(d.code)
        .with_message(d.message.render(lang))
        .with_labels(labels)
        .with_notes(notes)
}

/// Writes one diagnostic; a file without text (unreadable) gets a header line only.
pub fn write_diagnostic(
    w: &mut dyn WriteColor,
    source: &SourceFile,
    d: &Diagnostic,
    lang: Lang,
) -> std::io::Result<()> {
    let config = term::Config::default();
    let mut diag = to_codespan(source, d, lang);
    if source.text().is_empty() {
        diag.labels.clear();
        let file = Text::new(&words::IN_FILE).arg("file", Arg::raw(source.name()));
        diag.notes.insert(0, file.render(lang));
    }
    emit(w, &config, source, &diag, lang)
}

/// Emits with codespan; in French, with its header word in French.
fn emit(
    w: &mut dyn WriteColor,
    config: &term::Config,
    source: &SourceFile,
    diag: &cs::Diagnostic<usize>,
    lang: Lang,
) -> std::io::Result<()> {
    match lang {
        Lang::En => term::emit_to_write_style(w, config, source, diag),
        Lang::Fr => {
            term::emit_to_write_style(&mut keyword::Keywords::new(w, lang), config, source, diag)
        }
    }
    .map_err(io_error)
}

pub fn write_report(w: &mut dyn WriteColor, report: &Report, lang: Lang) -> std::io::Result<()> {
    for file in &report.files {
        for d in &file.diagnostics {
            write_diagnostic(w, &file.source, d, lang)?;
        }
    }
    writeln!(w, "{}", summary(report, lang))
}

pub fn summary(report: &Report, lang: Lang) -> String {
    words::checked(
        lang,
        report.files.len(),
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.files.iter().filter(|f| f.unusable()).count(),
    )
}

/// A suggested change, rendered as a `help` with its rule code and location.
pub fn write_relaxation(
    w: &mut dyn WriteColor,
    source: &SourceFile,
    d: &Diagnostic,
    lang: Lang,
) -> std::io::Result<()> {
    let mut diag = to_codespan(source, d, lang);
    diag.severity = cs::Severity::Help;
    emit(w, &term::Config::default(), source, &diag, lang)
}

/// codespan's error as an I/O error, keeping the kind of a write failure
/// (a closed pipe must stay recognisable as one).
fn io_error(e: codespan_reporting::files::Error) -> std::io::Error {
    match e {
        codespan_reporting::files::Error::Io(io) => io,
        other => std::io::Error::other(other),
    }
}
