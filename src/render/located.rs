//! A diagnostic seen by the CI formats: file, 1-based line and column (in
//! characters) of its primary label, rule name and help. One place, so that
//! SARIF, GitHub, GitLab and JUnit say the same thing.

use super::words;
use crate::check::Report;
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::Lang;
use crate::rules;
use crate::source::{LineCol, SourceFile};

pub struct Located<'a> {
    pub file: &'a str,
    pub diagnostic: &'a Diagnostic,
    pub code: String,
    /// Kebab-case rule name ("" for a code outside the catalogue).
    pub rule: &'static str,
    /// Start and end of the primary label; `None` for a file-level problem.
    pub start: Option<LineCol>,
    pub end: Option<LineCol>,
    pub lang: Lang,
}

impl Located<'_> {
    pub fn severity(&self) -> Severity {
        self.diagnostic.severity
    }
    pub fn message(&self) -> String {
        self.diagnostic.message.render(self.lang)
    }
    pub fn help(&self) -> Option<String> {
        self.diagnostic.help.as_ref().map(|h| h.render(self.lang))
    }
    /// Whether the code reports unusable input (exit code 2) rather than a breach.
    pub fn is_input(&self) -> bool {
        rules::is_input_code(&self.code)
    }
    /// Message, help and notes as plain text, one per line.
    pub fn full_text(&self) -> String {
        let mut s = self.message();
        for n in &self.diagnostic.notes {
            s.push('\n');
            s.push_str(&words::prefixed(self.lang, &words::NOTE, n));
        }
        if let Some(h) = &self.diagnostic.help {
            s.push('\n');
            s.push_str(&words::prefixed(self.lang, &words::HELP, h));
        }
        s
    }
}

pub fn locate<'a>(source: &'a SourceFile, d: &'a Diagnostic, lang: Lang) -> Located<'a> {
    let code = d.code.to_string();
    let label = d.labels.iter().find(|l| l.primary).or(d.labels.first());
    // A file that could not be read has no text: no position to point at.
    let has_text = !source.text().is_empty();
    let (start, end) = match label {
        Some(l) if has_text => (
            Some(source.line_col(l.span.start)),
            Some(source.line_col(l.span.end)),
        ),
        _ => (None, None),
    };
    Located {
        file: source.name(),
        diagnostic: d,
        rule: rules::find(&code).map_or("", |r| r.name),
        code,
        start,
        end,
        lang,
    }
}

/// Every diagnostic of the report, file by file, in file order.
pub fn all(report: &Report, lang: Lang) -> Vec<Located<'_>> {
    report
        .files
        .iter()
        .flat_map(|f| {
            f.diagnostics
                .iter()
                .map(move |d| locate(&f.source, d, lang))
        })
        .collect()
}

/// A path as a relative URI reference (forward slashes, percent-encoded where
/// needed), as SARIF's `artifactLocation.uri` wants.
pub fn path_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(path_uri("./scenarios/a b.toml"), "scenarios/a%20b.toml");
        assert_eq!(path_uri("dir\\é.toml"), "dir/%C3%A9.toml");
    }
}
