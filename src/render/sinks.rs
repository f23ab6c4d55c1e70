//! The output formats of `check`. `human` and `json` are the tool's own; the
//! others are CI formats, rendered from one report in which every path the
//! user named appears (see [`crate::check_all`]).

use crate::check::Report;
use crate::i18n::Lang;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckFormat {
    /// rustc-like text.
    Human,
    /// ctgplan's own JSON document.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning and other SARIF viewers).
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// GitLab Code Quality report.
    Gitlab,
    /// JUnit XML, one test case per file.
    Junit,
}

impl CheckFormat {
    /// Whether this is a CI format (rendered by [`render`]).
    pub fn is_ci(self) -> bool {
        !matches!(self, CheckFormat::Human | CheckFormat::Json)
    }
}

/// Renders a CI format; `None` for `human` and `json`, which the CLI writes
/// itself. `deny_warnings` makes warnings fail a JUnit test case, as they
/// fail the exit code.
pub fn render(
    format: CheckFormat,
    report: &Report,
    deny_warnings: bool,
    lang: Lang,
) -> Option<String> {
    match format {
        CheckFormat::Human | CheckFormat::Json => None,
        CheckFormat::Sarif => Some(super::sarif::to_string(report, lang)),
        CheckFormat::Github => Some(super::github::to_string(report, lang)),
        CheckFormat::Gitlab => Some(super::gitlab::to_string(report, lang)),
        CheckFormat::Junit => Some(super::junit::to_string(report, deny_warnings, lang)),
    }
}
