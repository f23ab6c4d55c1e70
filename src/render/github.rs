//! `check --format github`: GitHub Actions workflow commands, which the
//! runner turns into annotations on the pull request's files
//! (`::error file=F,line=L,col=C,endLine=..,endColumn=..,title=T::MESSAGE`).
//! Works on private repositories without code scanning.

use super::located::{self, Located};
use crate::check::Report;
use crate::diagnostic::Severity;
use crate::i18n::Lang;

/// Escapes a message: `%`, CR and LF are the runner's escapes; other control
/// characters (ESC of a terminal sequence hidden in a file) are shown, not sent.
fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if c.is_control() => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a property value, which also may not hold `:` or `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A line that starts with `::` would be read as a command: file text never
/// reaches the start of a line here, since every line is one command.
pub fn command(l: &Located) -> String {
    let kind = match l.severity() {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = vec![format!("file={}", escape_property(l.file))];
    if let (Some(s), Some(e)) = (l.start, l.end) {
        props.push(format!("line={}", s.line));
        props.push(format!("col={}", s.column));
        props.push(format!("endLine={}", e.line));
        // GitHub takes endColumn only on the same line.
        if e.line == s.line {
            props.push(format!("endColumn={}", e.column));
        }
    }
    let title = if l.rule.is_empty() {
        l.code.clone()
    } else {
        format!("{} {}", l.code, l.rule)
    };
    props.push(format!("title={}", escape_property(&title)));
    format!(
        "::{kind} {}::{}",
        props.join(","),
        escape_data(&l.full_text())
    )
}

pub fn to_string(report: &Report, lang: Lang) -> String {
    let mut out: Vec<String> = located::all(report, lang).iter().map(command).collect();
    // A summary line for the job log (plain text, not a command).
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    out.push(super::words::ci_summary(
        lang,
        report.files.len(),
        errors,
        warnings,
    ));
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_newlines_percent_and_separators() {
        assert_eq!(escape_data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(escape_property("x:y,z"), "x%3Ay%2Cz");
        assert_eq!(escape_data("a\u{1b}[31m"), "a\\u{1b}[31m");
    }
}
