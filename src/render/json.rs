//! The JSON document printed by `check --format json`. Field names are stable:
//! tools parse them. Lines and columns are 1-based, columns in characters.

use crate::check::Report;
use crate::code::Code;
use crate::diagnostic::{Diagnostic, Severity, Subject};
use crate::i18n::{Arg, Lang};
use crate::rules;
use crate::source::SourceFile;
use serde::Serialize;

#[derive(Serialize)]
pub struct JsonReport<'a> {
    pub version: u32,
    pub files: Vec<JsonFile<'a>>,
    pub diagnostics: Vec<JsonDiagnostic<'a>>,
    pub summary: JsonSummary,
}

#[derive(Serialize)]
pub struct JsonFile<'a> {
    pub path: &'a str,
    pub status: &'static str,
    pub errors: usize,
    pub warnings: usize,
}

#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    pub file: &'a str,
    pub code: Code,
    pub rule: &'static str,
    pub severity: Severity,
    /// In the language asked for; `message_id` and `args` are the same
    /// message as data, whatever the language.
    pub message: String,
    pub message_id: &'static str,
    pub args: JsonArgs<'a>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    pub snippet: Option<&'a str>,
    pub labels: Vec<JsonLabel>,
    pub help: Option<String>,
    pub notes: Vec<String>,
    /// What the finding is about (periods, holder, theme...), as data.
    #[serde(skip_serializing_if = "Subject::is_empty")]
    pub subject: &'a Subject,
}

#[derive(Serialize)]
pub struct JsonLabel {
    pub primary: bool,
    pub message: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

#[derive(Serialize)]
pub struct JsonSummary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub unusable: usize,
}

/// A message's arguments as a JSON object (name → value as data).
pub struct JsonArgs<'a>(&'a [(&'static str, Arg)]);

impl Serialize for JsonArgs<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (name, value) in self.0 {
            m.serialize_entry(name, value)?;
        }
        m.end()
    }
}

fn diagnostic<'a>(source: &'a SourceFile, d: &'a Diagnostic, lang: Lang) -> JsonDiagnostic<'a> {
    let labels: Vec<JsonLabel> = d
        .labels
        .iter()
        .map(|l| {
            let start = source.line_col(l.span.start);
            let end = source.line_col(l.span.end);
            JsonLabel {
                primary: l.primary,
                message: l.message.render(lang),
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
            }
        })
        .collect();
    let primary = d.labels.iter().find(|l| l.primary).or(d.labels.first());
    let first = labels.iter().find(|l| l.primary).or(labels.first());
    JsonDiagnostic {
        file: source.name(),
        code: d.code,
        rule: rules::of(d.code).map_or("", |r| r.name),
        severity: d.severity,
        message: d.message.render(lang),
        message_id: d.message.key(),
        args: JsonArgs(d.message.args()),
        line: first.map(|l| l.line),
        column: first.map(|l| l.column),
        end_line: first.map(|l| l.end_line),
        end_column: first.map(|l| l.end_column),
        snippet: primary.map(|l| source.slice(&l.span)),
        labels,
        help: d.help.as_ref().map(|h| h.render(lang)),
        notes: d.notes.iter().map(|n| n.render(lang)).collect(),
        subject: &d.subject,
    }
}

pub fn report(report: &Report, lang: Lang) -> JsonReport<'_> {
    let files = report
        .files
        .iter()
        .map(|f| JsonFile {
            path: f.source.name(),
            status: if f.unusable() {
                "unusable"
            } else if f.count(Severity::Error) > 0 {
                "breaches"
            } else {
                "ok"
            },
            errors: f.count(Severity::Error),
            warnings: f.count(Severity::Warning),
        })
        .collect();
    let diagnostics = report
        .files
        .iter()
        .flat_map(|f| {
            f.diagnostics
                .iter()
                .map(move |d| diagnostic(&f.source, d, lang))
        })
        .collect();
    JsonReport {
        version: 1,
        files,
        diagnostics,
        summary: JsonSummary {
            files: report.files.len(),
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            unusable: report.files.iter().filter(|f| f.unusable()).count(),
        },
    }
}

pub fn to_string(r: &Report, lang: Lang) -> String {
    serde_json::to_string_pretty(&report(r, lang))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
