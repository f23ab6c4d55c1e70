//! The one way a command opens its scenario: read, parse, validate, and
//! when the file is unusable, print its input errors as `check` does and end
//! with [`ExitStatus::Unusable`]. `check` itself goes through the same
//! loader and [`check_loaded`]; `propose`, `report` and the table commands
//! come here.

use crate::check::{check_loaded, FileReport};
use crate::diagnostic::Diagnostic;
use crate::exit::ExitStatus;
use crate::i18n::Lang;
use crate::render::human;
use crate::scenario::{load_path, Scenario};
use crate::source::SourceFile;
use codespan_reporting::term::termcolor::WriteColor;
use std::path::{Path, PathBuf};

/// A usable scenario file, loaded.
pub struct Opened {
    pub scenario: Scenario,
    pub source: SourceFile,
    /// What the loader found in a usable file (warnings only).
    pub diagnostics: Vec<Diagnostic>,
    /// The file read, which an `--out` must never replace.
    pub file: PathBuf,
}

/// A usable scenario file, loaded and checked by the whole catalogue.
pub struct Checked {
    pub scenario: Scenario,
    pub report: FileReport,
    /// The file read, which an `--out` must never replace.
    pub file: PathBuf,
}

/// Loads `file`. When it is unusable, its input errors go to `w` and the
/// answer is the exit status to end with.
pub fn open(
    file: &Path,
    w: &mut dyn WriteColor,
    lang: Lang,
) -> std::io::Result<Result<Opened, ExitStatus>> {
    let mut loaded = load_path(file);
    match loaded.scenario.take() {
        Some(scenario) => Ok(Ok(Opened {
            scenario,
            source: loaded.source,
            diagnostics: loaded.diagnostics,
            file: file.to_path_buf(),
        })),
        None => unusable(check_loaded(loaded), w, lang).map(Err),
    }
}

/// Loads and checks `file` as `check` does (the catalogue, CTG040's advice,
/// the cap per code). When it is unusable, as [`open`].
pub fn open_checked(
    file: &Path,
    w: &mut dyn WriteColor,
    lang: Lang,
) -> std::io::Result<Result<Checked, ExitStatus>> {
    let loaded = load_path(file);
    let scenario = loaded.scenario.clone();
    let report = check_loaded(loaded);
    match scenario {
        Some(scenario) => Ok(Ok(Checked {
            scenario,
            report,
            file: file.to_path_buf(),
        })),
        None => unusable(report, w, lang).map(Err),
    }
}

fn unusable(report: FileReport, w: &mut dyn WriteColor, lang: Lang) -> std::io::Result<ExitStatus> {
    for d in &report.diagnostics {
        human::write_diagnostic(w, &report.source, d, lang)?;
    }
    Ok(ExitStatus::Unusable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use codespan_reporting::term::termcolor::NoColor;

    #[test]
    fn an_unusable_file_reports_its_input_errors() {
        let dir = std::env::temp_dir().join(format!("ctgplan-open-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let bad = dir.join("bad.toml");
        std::fs::write(&bad, "[territory\n").expect("written");
        let mut w = NoColor::new(Vec::new());
        let r = open(&bad, &mut w, Lang::En).expect("no I/O error");
        assert!(matches!(r, Err(ExitStatus::Unusable)));
        let text = String::from_utf8(w.into_inner()).expect("utf-8");
        assert!(text.contains(crate::code::TOML_SYNTAX.as_str()), "{text}");
        let good = dir.join("good.toml");
        std::fs::write(&good, "[territory]\nname = \"T\"\n").expect("written");
        let mut w = NoColor::new(Vec::new());
        let c = open_checked(&good, &mut w, Lang::En).expect("no I/O error");
        assert!(c.is_ok_and(|c| c.file == good && c.report.diagnostics.is_empty()));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
