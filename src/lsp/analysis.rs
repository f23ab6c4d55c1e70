//! One open document, checked as `ctgplan check` checks a file: the same
//! loader and the same rules on the editor's text, so codes, ranges and help
//! are the ones `check` prints.

use super::position::LineIndex;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules;
use crate::scenario::facts::Facts;
use crate::scenario::{load_str, Scenario};
use lsp_types::{DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Uri};

pub struct Analysis {
    /// The editor's text.
    pub text: String,
    /// Bytes of a UTF-8 byte order mark the loader dropped (0 or 3): spans
    /// are offsets into the text after it.
    pub bom: usize,
    pub diagnostics: Vec<Diagnostic>,
    pub scenario: Option<Scenario>,
    pub facts: Option<Facts>,
}

impl Analysis {
    pub fn new(name: &str, text: String) -> Analysis {
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let loaded = load_str(name, &text);
        let mut diagnostics = loaded.diagnostics;
        let facts = loaded.scenario.as_ref().map(Facts::of);
        if let Some(s) = &loaded.scenario {
            diagnostics.extend(rules::check(s));
        }
        Analysis {
            text,
            bom,
            diagnostics,
            scenario: loaded.scenario,
            facts,
        }
    }

    /// The text the loader read (without a byte order mark).
    pub fn body(&self) -> &str {
        self.text.get(self.bom..).unwrap_or("")
    }

    pub fn index(&self) -> LineIndex<'_> {
        LineIndex::new(&self.text)
    }

    /// A loader span as a range of the editor's text.
    pub fn range(&self, index: &LineIndex, span: &std::ops::Range<usize>) -> lsp_types::Range {
        index.range(&(span.start + self.bom..span.end + self.bom))
    }

    /// A byte offset of the editor's text as an offset into [`Analysis::body`].
    pub fn body_offset(&self, offset: usize) -> usize {
        offset.saturating_sub(self.bom)
    }

    pub fn lsp_diagnostics(&self, uri: &Uri) -> Vec<lsp_types::Diagnostic> {
        let index = self.index();
        self.diagnostics
            .iter()
            .map(|d| to_lsp(self, &index, uri, d))
            .collect()
    }
}

/// The message an editor shows: the diagnostic's message, notes and help, as
/// `check` prints them under the snippet.
pub fn message(d: &Diagnostic) -> String {
    let mut text = d.message.clone();
    for n in &d.notes {
        text.push_str("\nnote: ");
        text.push_str(n);
    }
    if let Some(h) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(h);
    }
    text
}

pub fn to_lsp(a: &Analysis, index: &LineIndex, uri: &Uri, d: &Diagnostic) -> lsp_types::Diagnostic {
    let primary = d.labels.iter().find(|l| l.primary).or(d.labels.first());
    let range = primary.map_or_else(lsp_types::Range::default, |l| a.range(index, &l.span));
    let mut related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter(|l| !l.primary)
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), a.range(index, &l.span)),
            message: l.message.clone(),
        })
        .collect();
    // The primary label's own words ("0.9 ETP declared here") are worth keeping too.
    if let Some(l) = primary.filter(|l| !l.message.is_empty()) {
        related.insert(
            0,
            DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), range),
                message: l.message.clone(),
            },
        );
    }
    lsp_types::Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.to_string())),
        source: Some("ctgplan".to_owned()),
        message: message(d),
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}
