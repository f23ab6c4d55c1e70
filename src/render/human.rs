//! rustc-like rendering with codespan-reporting.

use crate::check::Report;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;
use codespan_reporting::diagnostic as cs;
use codespan_reporting::term::{self, termcolor::WriteColor};

/// A variant's labels point into the file they lie in (its own or a base).
fn to_codespan(source: &SourceFile, d: &Diagnostic) -> cs::Diagnostic<usize> {
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
            cs::Label::new(style, file, span).with_message(l.message.clone())
        })
        .collect();
    let mut notes: Vec<String> = d.notes.iter().map(|n| format!("note: {n}")).collect();
    if let Some(h) = &d.help {
        notes.push(format!("help: {h}"));
    }
    cs::Diagnostic::new(severity)
        .with_code(d.code)
        .with_message(d.message.clone())
        .with_labels(labels)
        .with_notes(notes)
}

/// Writes one diagnostic; a file without text (unreadable) gets a header line only.
pub fn write_diagnostic(
    w: &mut dyn WriteColor,
    source: &SourceFile,
    d: &Diagnostic,
) -> std::io::Result<()> {
    let config = term::Config::default();
    let mut diag = to_codespan(source, d);
    if source.text().is_empty() {
        diag.labels.clear();
        diag.notes.insert(0, format!("in {}", source.name()));
    }
    term::emit_to_write_style(w, &config, source, &diag).map_err(io_error)
}

pub fn write_report(w: &mut dyn WriteColor, report: &Report) -> std::io::Result<()> {
    for file in &report.files {
        for d in &file.diagnostics {
            write_diagnostic(w, &file.source, d)?;
        }
    }
    writeln!(w, "{}", summary(report))
}

pub fn summary(report: &Report) -> String {
    let n = report.files.len();
    let e = report.count(Severity::Error);
    let wn = report.count(Severity::Warning);
    let unusable = report.files.iter().filter(|f| f.unusable()).count();
    let mut s = format!(
        "checked {n} file{}: {e} error{}, {wn} warning{}",
        plural(n),
        plural(e),
        plural(wn)
    );
    if unusable > 0 {
        s.push_str(&format!(
            " ({unusable} file{} could not be checked)",
            plural(unusable)
        ));
    }
    s
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A suggested change, rendered as a `help` with its rule code and location.
pub fn write_relaxation(
    w: &mut dyn WriteColor,
    source: &SourceFile,
    d: &Diagnostic,
) -> std::io::Result<()> {
    let mut diag = to_codespan(source, d);
    diag.severity = cs::Severity::Help;
    term::emit_to_write_style(w, &term::Config::default(), source, &diag).map_err(io_error)
}

/// codespan's error as an I/O error, keeping the kind of a write failure
/// (a closed pipe must stay recognisable as one).
fn io_error(e: codespan_reporting::files::Error) -> std::io::Error {
    match e {
        codespan_reporting::files::Error::Io(io) => io,
        other => std::io::Error::other(other),
    }
}
