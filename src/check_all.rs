//! Checking paths for a document output (SARIF, GitLab, JUnit, GitHub): every
//! path the user named ends up *inside* the document. A path that does not
//! exist, or a directory that cannot be walked, becomes a file entry with a
//! CTG001 diagnostic instead of a message on stderr only (an unreadable file
//! already does, through the loader).

use crate::check::{self, FileReport, Report};
use crate::diagnostic::Diagnostic;
use crate::i18n::{Arg, Msg, Text};
use crate::rules::codes;
use crate::source::SourceFile;
use std::path::PathBuf;

/// Checks every path; never fails. Files keep the order of the paths given;
/// a missing file is reported by the loader (CTG001), a directory that
/// cannot be walked gets an entry of its own. A portfolio among the files
/// brings the files it covers, as in `check::check_paths`.
pub fn check_all(paths: &[PathBuf]) -> Report {
    let mut files = Vec::new();
    let mut unwalkable = Vec::new();
    for path in paths {
        match check::collect(std::slice::from_ref(path)) {
            Ok(found) => files.extend(found),
            Err(e) => unwalkable.push(missing(path, &e)),
        }
    }
    // `collect` removes duplicates within one call; across paths, here.
    let mut seen = std::collections::HashSet::new();
    files.retain(|p| seen.insert(p.canonicalize().unwrap_or_else(|_| p.clone())));
    let files = check::portfolio::with_covered(files);
    let nothing = files.is_empty() && unwalkable.is_empty();
    let mut report = Report {
        files: check::portfolio::check_all(&files),
    };
    report.files.extend(unwalkable);
    if nothing {
        // Folders without a scenario: "checked 0 files" would pass in CI.
        report.files.extend(paths.iter().map(|p| no_scenario(p)));
    }
    report
}

/// The entry for a folder where no scenario file was found (exit 2).
pub fn no_scenario(path: &std::path::Path) -> FileReport {
    FileReport {
        source: SourceFile::new(path.display().to_string(), String::new()),
        diagnostics: vec![Diagnostic::error(
            codes::IO,
            Text::new(&NO_SCENARIO).arg("dir", Arg::raw(path.display().to_string())),
        )
        .help(&NO_SCENARIO_HELP)],
    }
}

static NO_SCENARIO: Msg = Msg::new(
    "check.no_scenario",
    "aucun fichier de scénario (*.toml) dans {dir}",
    "no scenario file (*.toml) in {dir}",
);
static NO_SCENARIO_HELP: Msg = Msg::new(
    "check.no_scenario.help",
    "donnez un fichier de scénario, ou un dossier qui en contient",
    "pass a scenario file, or a directory that holds some",
);

/// The entry for a path that could not be collected.
pub fn missing(path: &std::path::Path, error: &check::CollectError) -> FileReport {
    let (message, help) = match error {
        check::CollectError::Walk(e) => (
            format!("cannot walk directory: {e}"),
            "check the directory's permissions",
        ),
    };
    FileReport {
        source: SourceFile::new(path.display().to_string(), String::new()),
        diagnostics: vec![Diagnostic::error(codes::IO, message).help(help)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_path_is_a_file_entry_with_ctg001() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("ok.toml");
        std::fs::write(&good, "[territory]\nname = \"T\"\n").unwrap();
        let gone = dir.path().join("absent.toml");
        let report = check_all(&[gone.clone(), good]);
        assert_eq!(report.files.len(), 2);
        assert_eq!(report.files[0].source.name(), gone.display().to_string());
        assert_eq!(report.files[0].diagnostics[0].code.to_string(), "CTG001");
        assert!(report.files[0].unusable());
        assert!(!report.files[1].unusable());
        assert_eq!(report.exit_code(false), crate::exit::ExitStatus::Unusable);
    }

    #[test]
    fn a_folder_without_scenarios_is_an_entry_with_ctg001() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not a scenario").unwrap();
        let report = check_all(&[dir.path().to_path_buf()]);
        assert_eq!(report.files.len(), 1);
        let d = &report.files[0].diagnostics[0];
        assert_eq!(d.code.to_string(), "CTG001");
        let m = d.message.render(crate::i18n::Lang::En);
        assert!(m.contains("no scenario file"), "{m}");
        assert_eq!(report.exit_code(false), crate::exit::ExitStatus::Unusable);
        // A folder with one beside a file is no finding.
        let good = dir.path().join("ok.toml");
        std::fs::write(&good, "[territory]\nname = \"T\"\n").unwrap();
        let empty = tempfile::tempdir().unwrap();
        let report = check_all(&[empty.path().to_path_buf(), good]);
        assert_eq!(report.files.len(), 1);
        assert_eq!(report.exit_code(false), crate::exit::ExitStatus::Valid);
    }
}
