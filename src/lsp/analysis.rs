//! One open document, checked as `ctgplan check` checks a file: the same
//! loader and the same rules on the editor's text, so codes, ranges and help
//! are the ones `check` prints.

use super::position::LineIndex;
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::Lang;
use crate::render::words;
use crate::rules;
use crate::rules::codes;
use crate::scenario::facts::Facts;
use crate::scenario::load::MAX_FILE_BYTES;
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
        // The loader's size limit for files holds for editor buffers too; the
        // text is not kept, so open documents stay bounded in memory.
        if text.len() as u64 > MAX_FILE_BYTES {
            return Analysis {
                // The loader's own words, in the editor's language.
                diagnostics: vec![Diagnostic::error(
                    codes::IO,
                    crate::i18n::Text::new(&crate::scenario::words::TOO_LARGE)
                        .arg("at_least", crate::i18n::Arg::raw(""))
                        .arg("bytes", crate::i18n::Arg::count(text.len()))
                        .arg(
                            "max",
                            crate::i18n::Arg::count(
                                usize::try_from(MAX_FILE_BYTES / 1024 / 1024).unwrap_or(usize::MAX),
                            ),
                        ),
                )
                .help(&crate::scenario::words::TOO_LARGE_HELP)],
                text: String::new(),
                bom: 0,
                scenario: None,
                facts: None,
            };
        }
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let loaded = load_str(name, &text);
        let mut diagnostics = loaded.diagnostics;
        let facts = loaded.scenario.as_ref().map(Facts::of);
        if let Some(s) = &loaded.scenario {
            diagnostics.extend(rules::check(s));
        }
        // A variant's findings may point into its base, which is not the
        // editor's text: shown at the top, with where they are in the base.
        let source = &loaded.source;
        if source.has_bases() {
            for d in &mut diagnostics {
                for l in d
                    .labels
                    .iter_mut()
                    .filter(|l| source.file_id(l.span.start) != 0)
                {
                    let at = source.line_col(l.span.start);
                    d.notes.push(crate::i18n::Text::raw(format!(
                        "{}:{}:{}",
                        source.name_at(l.span.start),
                        at.line,
                        at.column
                    )));
                    l.span = 0..0;
                }
            }
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

    pub fn lsp_diagnostics(&self, uri: &Uri, lang: Lang) -> Vec<lsp_types::Diagnostic> {
        let index = self.index();
        self.diagnostics
            .iter()
            .map(|d| to_lsp(self, &index, uri, d, lang))
            .collect()
    }
}

/// The message an editor shows: the diagnostic's message, notes and help, as
/// `check` prints them under the snippet.
pub fn message(d: &Diagnostic, lang: Lang) -> String {
    let mut text = d.message.render(lang);
    for n in &d.notes {
        text.push('\n');
        text.push_str(&words::prefixed(lang, &words::NOTE, n));
    }
    if let Some(h) = &d.help {
        text.push('\n');
        text.push_str(&words::prefixed(lang, &words::HELP, h));
    }
    text
}

pub fn to_lsp(
    a: &Analysis,
    index: &LineIndex,
    uri: &Uri,
    d: &Diagnostic,
    lang: Lang,
) -> lsp_types::Diagnostic {
    let primary = d.labels.iter().find(|l| l.primary).or(d.labels.first());
    let range = primary.map_or_else(lsp_types::Range::default, |l| a.range(index, &l.span));
    let mut related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter(|l| !l.primary)
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), a.range(index, &l.span)),
            message: l.message.render(lang),
        })
        .collect();
    // The primary label's own words ("0.9 ETP declared here") are worth keeping too.
    let primary_message = primary.map(|l| l.message.render(lang));
    if let Some(message) = primary_message.filter(|m| !m.is_empty()) {
        related.insert(
            0,
            DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), range),
                message,
            },
        );
    }
    // A link to the rule's section, when the docs' address is known (as SARIF's helpUri).
    // Through a String: `code` becomes a typed enum (issue 12).
    let code = d.code.to_string();
    let code_description = rules::find(&code)
        .and_then(crate::render::sarif::help_uri)
        .and_then(|u| u.parse::<Uri>().ok())
        .map(|href| lsp_types::CodeDescription { href });
    lsp_types::Diagnostic {
        range,
        code_description,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.to_string())),
        source: Some("ctgplan".to_owned()),
        message: message(d, lang),
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_variants_findings_in_its_base_stay_in_the_editors_text() {
        // Read from the crate root, as the editor names the file.
        let text = std::fs::read_to_string("docs/negotiate/caf-3-2.toml").unwrap();
        let a = Analysis::new("docs/negotiate/caf-3-2.toml", text.clone());
        let cap = a
            .diagnostics
            .iter()
            .find(|d| d.code.as_str() == "CTG032")
            .expect("CTG032");
        assert!(cap.labels.iter().all(|l| l.span.end <= text.len()));
        // The base's total is named in a note; the variant's own figure stays put.
        let notes: Vec<String> = cap
            .notes
            .iter()
            .map(|n| n.render(crate::i18n::Lang::En))
            .collect();
        assert!(
            notes
                .iter()
                .any(|n| n == "scenarios/vallee-des-baux-alpilles.toml:152:9"),
            "{notes:?}"
        );
        assert!(cap.labels.iter().any(|l| &text[l.span.clone()] == "3.2"));
    }

    #[test]
    fn an_oversized_buffer_is_a_diagnostic_and_is_not_kept() {
        let big = "#".repeat(MAX_FILE_BYTES as usize + 1);
        let a = Analysis::new("big.toml", big);
        assert_eq!(a.diagnostics.len(), 1);
        assert_eq!(a.diagnostics[0].code.to_string(), "CTG001");
        assert!(a.text.is_empty() && a.scenario.is_none());
    }

    #[test]
    fn a_byte_order_mark_shifts_ranges() {
        let text = "\u{feff}[territory]\nname = 1\n".to_owned();
        let a = Analysis::new("bom.toml", text);
        let uri: Uri = "file:///bom.toml".parse().unwrap();
        let d = a.lsp_diagnostics(&uri, Lang::En);
        assert_eq!(d.len(), 1, "{:?}", a.diagnostics);
        // `1` is at line 1, column 7, whatever the mark before line 0.
        assert_eq!(d[0].range.start, lsp_types::Position::new(1, 7));
    }
}
