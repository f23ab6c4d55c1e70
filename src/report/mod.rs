//! `ctgplan report FILE`: the scenario as a document people read: one
//! self-contained HTML page (inline CSS and SVG charts, nothing fetched) or
//! Markdown to paste into a document, in French or English.
//!
//! [`data`] gathers what the library already computes (facts, the
//! theme-split check's split, `diff`, the check, `finance::cost`);
//! [`view`] writes it in one language; the minijinja templates in
//! `templates/` lay it out. Every value from the scenario reaches the output
//! through the template engine's escaping: HTML escaping for the page, a
//! Markdown escaping (see [`escape_markdown`]) for Markdown.

pub mod chart;
pub mod data;
pub mod locale;
pub mod portfolio;
pub mod view;

use crate::check::check_loaded;
use crate::diagnostic::Severity;
use crate::exit::ExitStatus;
use crate::fsutil;
pub use locale::Lang;
use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use std::io::Write;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// One self-contained HTML page with charts.
    Html,
    /// Markdown tables, to paste into a document.
    Md,
    /// An Excel/LibreOffice workbook (needs `--out FILE.xlsx`).
    Xlsx,
}

pub(crate) const HTML_TEMPLATE: &str = include_str!("templates/report.html");
/// The chart macro both the report and the portfolio page use.
pub(crate) const CHARTS_TEMPLATE: &str = include_str!("templates/charts.html");
const MD_TEMPLATE: &str = include_str!("templates/report.md");
const MARKDOWN: &str = "markdown";

/// Escapes text for Markdown: characters that would start emphasis, code,
/// links, HTML or a table cell are backslash-escaped; line breaks become
/// spaces so that a value stays in its table cell.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

fn environment() -> Result<Environment<'static>, minijinja::Error> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()?,
    );
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".md") {
            AutoEscape::Custom(MARKDOWN.into())
        } else {
            AutoEscape::Html
        }
    });
    env.set_formatter(|out, state, value| {
        if matches!(state.auto_escape(), AutoEscape::Custom(n) if n == MARKDOWN) {
            let text = if value.is_safe() {
                value.to_string()
            } else if value.is_none() || value.is_undefined() {
                String::new()
            } else {
                escape_markdown(&value.to_string())
            };
            out.write_str(&text).map_err(minijinja::Error::from)
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    env.add_template("charts.html", CHARTS_TEMPLATE)?;
    env.add_template("report.html", HTML_TEMPLATE)?;
    env.add_template("report.md", MD_TEMPLATE)?;
    Ok(env)
}

/// Renders the report of gathered data.
pub fn render(
    data: &data::ReportData,
    format: ReportFormat,
    lang: Lang,
) -> Result<String, minijinja::Error> {
    let env = environment()?;
    let name = match format {
        ReportFormat::Html => "report.html",
        ReportFormat::Md => "report.md",
        ReportFormat::Xlsx => {
            return Err(minijinja::Error::new(
                minijinja::ErrorKind::InvalidOperation,
                "a workbook is not rendered from a template",
            ))
        }
    };
    let v = view::view(data, lang);
    env.get_template(name)?.render(Value::from(Serde(&v)))
}

/// The report of a scenario given as text (for tests and embedding):
/// `None` when the file is unusable.
pub fn render_str(
    name: &str,
    text: &str,
    format: ReportFormat,
    lang: Lang,
) -> Option<Result<String, minijinja::Error>> {
    let loaded = crate::scenario::load_str(name, text);
    let scenario = loaded.scenario.clone()?;
    let report = check_loaded(loaded);
    Some(render(&data::gather(&scenario, &report), format, lang))
}

/// Options of the `report` command.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    pub format: ReportFormat,
    pub lang: Lang,
    pub out: Option<&'a Path>,
    pub force: bool,
}

/// Runs `ctgplan report`. Exit code: 0 when written (warnings allowed), 1
/// when the scenario has errors (the report is written all the same and
/// shows them), 2 when the file is unusable or the output cannot be written.
pub fn run(
    out: &mut dyn Write,
    err: &mut dyn codespan_reporting::term::termcolor::WriteColor,
    file: &Path,
    opts: &Options,
) -> std::io::Result<ExitStatus> {
    if crate::portfolio::is_portfolio_file(file) {
        return portfolio::run(out, err, file, opts);
    }
    let (scenario, report) = match crate::commands::open::open_checked(file, err, opts.lang)? {
        Ok(c) => (c.scenario, c.report),
        Err(status) => return Ok(status),
    };
    let data = data::gather(&scenario, &report);
    let rendered = if opts.format == ReportFormat::Xlsx {
        let book = crate::commands::books::report::book(&scenario, &report, &data);
        crate::xlsx::to_bytes(&book).map_err(|e| {
            minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, e.to_string())
        })
    } else {
        render(&data, opts.format, opts.lang).map(String::into_bytes)
    };
    let text = match rendered {
        Ok(t) => t,
        Err(e) => {
            let m = crate::tr!(opts.lang, "report.cannot_render",
                "erreur\u{a0}: impossible de produire le rapport\u{a0}: {e}",
                "error: cannot render the report: {e}", "e" => &e.to_string());
            writeln!(err, "{m}")?;
            return Ok(ExitStatus::Unusable);
        }
    };
    let (errors, warnings) = (
        report.count(Severity::Error),
        report.count(Severity::Warning),
    );
    if errors + warnings > 0 {
        let m = crate::tr!(opts.lang, "report.findings_note",
            "remarque\u{a0}: {file} a {count} (le rapport les liste)",
            "note: {file} has {count} (the report lists them)",
            "file" => report.source.name(), "count" => &opts.lang.error_count(errors, warnings));
        writeln!(err, "{m}")?;
    }
    match opts.out {
        Some(path) => match fsutil::write_output(path, &text, opts.force, &[file]) {
            Ok(()) => writeln!(err, "{}", written(path, opts.lang))?,
            Err(e) => {
                writeln!(err, "{}", fsutil::cannot_write(path, &e, opts.lang))?;
                return Ok(ExitStatus::Unusable);
            }
        },
        None => {
            out.write_all(&text)?;
            out.flush()?;
        }
    }
    Ok(ExitStatus::breached_if(errors > 0))
}

/// `écrit : PATH` / `wrote PATH`.
pub(crate) fn written(path: &std::path::Path, lang: Lang) -> String {
    use crate::commands::words;
    words::say(&words::WROTE, "path", path.display().to_string(), lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping_keeps_text_as_text() {
        assert_eq!(
            escape_markdown("<b>a|b</b> *x* [l](u)\nnext"),
            "\\<b\\>a\\|b\\</b\\> \\*x\\* \\[l\\](u) next"
        );
    }

    #[test]
    fn templates_compile() {
        assert!(environment().is_ok());
    }
}
