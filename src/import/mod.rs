//! `ctgplan import FILE.xlsx|.ods|.csv [--sheet NAME] --out scenario.toml`:
//! an annex-shaped table (communes in rows, periods in columns, ETP and
//! themes written as the annexes write them) read into a scenario, which is
//! then checked. A cell that cannot be read gives a diagnostic naming it
//! (`Feuil1!C7`) and nothing is written: no guess is passed off as data.

pub mod annex;
pub mod cell;
pub mod grid;
pub mod scenario;
mod words;

use crate::check::check_loaded;
use crate::diagnostic::Severity;
use crate::exit::ExitStatus;
use crate::fsutil;
use crate::i18n::{Arg, Lang, Msg, Text};
use crate::render::human;
use crate::render::safe::escape_line;
use crate::scenario::load_str;
use codespan_reporting::term::termcolor::WriteColor;
use std::path::Path;

/// The import codes (their explanations: `rules::import`).
pub mod codes {
    use crate::code::Code;
    pub const UNREADABLE: Code = Code::ImportUnreadable;
    pub const NO_TABLE: Code = Code::ImportNoTable;
    pub const PERIOD: Code = Code::ImportPeriod;
    pub const FIGURE: Code = Code::ImportFigure;
    pub const THEME: Code = Code::ImportTheme;
    pub const CARRIED_BY: Code = Code::ImportCarriedBy;
    pub const ROW: Code = Code::ImportRow;
    pub const NOTE: Code = Code::ImportNote;
    pub const ALL: [Code; 8] = [
        UNREADABLE, NO_TABLE, PERIOD, FIGURE, THEME, CARRIED_BY, ROW, NOTE,
    ];
}

/// A finding of the importer, about a cell of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportDiag {
    pub code: crate::code::Code,
    pub severity: Severity,
    /// "Feuil1!C7", or `None` for the file as a whole.
    pub cell: Option<String>,
    pub message: Text,
    pub help: Text,
}

/// What `import` was asked.
pub struct Options<'a> {
    pub sheet: Option<&'a str>,
    pub territory: Option<&'a str>,
    pub out: Option<&'a Path>,
    pub force: bool,
    pub lang: crate::i18n::Lang,
}

/// Writes one finding as `check` writes its own, in `lang`.
fn write_diag(
    w: &mut dyn WriteColor,
    file: &Path,
    d: &ImportDiag,
    lang: Lang,
) -> std::io::Result<()> {
    let severity = match d.severity {
        Severity::Error => &words::ERROR,
        Severity::Warning => &words::WARNING,
    };
    let cell = d.cell.as_deref().map_or(String::new(), |c| {
        Text::new(&words::AT_CELL)
            .arg("cell", Arg::raw(c))
            .render(lang)
    });
    let line = Text::new(&words::FINDING)
        .arg("severity", Arg::text(Text::new(severity)))
        .arg("code", Arg::raw(d.code.as_str()))
        .arg("cell", Arg::raw(cell))
        .arg("message", Arg::raw(escape_line(&d.message.render(lang))))
        .arg("file", Arg::raw(file.display().to_string()))
        .arg("help", Arg::raw(escape_line(&d.help.render(lang))))
        .render(lang);
    writeln!(w, "{line}")
}

/// Reads the table and returns the scenario text, or the findings that
/// stop it (errors).
pub fn import_text(path: &Path, opts: &Options, diags: &mut Vec<ImportDiag>) -> Option<String> {
    let grid = match grid::read(path, opts.sheet) {
        Ok(g) => g,
        Err(message) => {
            diags.push(ImportDiag {
                code: codes::UNREADABLE,
                severity: Severity::Error,
                cell: None,
                message,
                help: Text::new(&words::UNREADABLE_HELP),
            });
            return None;
        }
    };
    let table = annex::parse(&grid, diags)?;
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return None;
    }
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("Territoire");
    let territory = opts
        .territory
        .map(str::to_owned)
        .or_else(|| table.title.clone())
        .unwrap_or_else(|| stem.to_owned());
    let source = crate::tr!(opts.lang, "import.source", "{file}, feuille «\u{a0}{sheet}\u{a0}»", "{file}, sheet \"{sheet}\"",
        "file" => path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        "sheet" => grid.sheet.clone());
    let text = scenario::write(&table, &territory, &source, diags, opts.lang)?;
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return None;
    }
    // What `check` would refuse to read is not written either: the limit
    // bounds the work of checking it (docs/reliability.md).
    let limit = crate::scenario::load::MAX_FILE_BYTES;
    if u64::try_from(text.len()).unwrap_or(u64::MAX) > limit {
        diags.push(ImportDiag {
            code: codes::UNREADABLE,
            severity: Severity::Error,
            cell: None,
            message: Text::new(&TOO_LARGE)
                .arg("bytes", Arg::count(text.len()))
                .arg(
                    "mib",
                    Arg::int(i64::try_from(limit / 1024 / 1024).unwrap_or(i64::MAX)),
                ),
            help: Text::new(&TOO_LARGE_HELP),
        });
        return None;
    }
    Some(text)
}

static TOO_LARGE: Msg = Msg::new(
    "import.too_large",
    "la table donnerait un scénario de {bytes} octets, au-delà de la limite de {mib} Mio qu'un scénario peut avoir",
    "the table would give a scenario of {bytes} bytes, over the {mib} MiB limit of a scenario",
);
static TOO_LARGE_HELP: Msg = Msg::new(
    "import.too_large.help",
    "une annexe couvre un territoire de CTG\u{a0}: importez une table par territoire",
    "an annex covers one CTG territory: import one table per territory",
);

/// Runs the command; returns the exit code (2: nothing written; else that
/// of `check` on the written scenario).
pub fn run(
    out: &mut dyn WriteColor,
    err: &mut dyn WriteColor,
    path: &Path,
    opts: &Options,
) -> std::io::Result<ExitStatus> {
    if let Some(o) = opts.out {
        if let Err(m) =
            crate::commands::error::refuse_table_extension(o, &crate::commands::error::A_SCENARIO)
        {
            let line = crate::commands::words::say(
                &crate::commands::words::ERROR,
                "message",
                m.render(opts.lang),
                opts.lang,
            );
            writeln!(err, "{line}")?;
            return Ok(ExitStatus::Unusable);
        }
    }
    let mut diags = Vec::new();
    let text = import_text(path, opts, &mut diags);
    for d in &diags {
        write_diag(err, path, d, opts.lang)?;
    }
    let Some(text) = text else {
        let n = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        static NOT_IMPORTED: crate::i18n::Msg = crate::i18n::Msg::new(
            "import.not_imported",
            "erreur\u{a0}: {file} ne peut pas être importé ({n} {n:erreur|erreurs})\u{202f}; rien n'a été écrit",
            "error: {file} cannot be imported ({n} {n:error|errors}); nothing was written",
        );
        let msg = crate::i18n::Text::new(&NOT_IMPORTED)
            .arg("file", crate::i18n::Arg::raw(path.display().to_string()))
            .arg("n", crate::i18n::Arg::count(n))
            .render(opts.lang);
        writeln!(err, "{msg}")?;
        return Ok(ExitStatus::Unusable);
    };
    let name = opts.out.map_or_else(
        || Text::new(&words::IMPORTED).render(opts.lang),
        |p| p.display().to_string(),
    );
    let loaded = load_str(&name, &text);
    let report = check_loaded(loaded);
    match opts.out {
        Some(p) => {
            if let Err(e) = fsutil::write_output(p, text.as_bytes(), opts.force, &[path]) {
                writeln!(err, "{}", fsutil::cannot_write(p, &e, opts.lang))?;
                return Ok(ExitStatus::Unusable);
            }
            let msg = crate::tr!(opts.lang, "import.wrote", "écrit\u{a0}: {path}", "wrote {path}",
                "path" => p.display().to_string());
            writeln!(err, "{msg}")?;
        }
        None => {
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
    }
    // The scenario as `check` judges it.
    for d in &report.diagnostics {
        human::write_diagnostic(err, &report.source, d, opts.lang)?;
    }
    let counts = opts.lang.error_count(
        report.count(Severity::Error),
        report.count(Severity::Warning),
    );
    let line = crate::tr!(opts.lang, "import.check", "vérification\u{a0}: {counts}", "check: {counts}",
        "counts" => counts);
    writeln!(err, "{line}")?;
    Ok(if report.unusable() {
        ExitStatus::Unusable
    } else {
        ExitStatus::breached_if(report.count(Severity::Error) > 0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    #[test]
    fn a_table_that_would_give_a_scenario_over_the_limit_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("annexe.csv");
        let limit = usize::try_from(crate::scenario::load::MAX_FILE_BYTES).unwrap();
        // Each commune row writes its commune and its post (over 60 bytes).
        let mut csv = String::from("Communes;2026\n");
        for i in 0..limit / 60 + 1 {
            let _ = writeln!(csv, "Commune numéro {i};0,1 ETP");
        }
        std::fs::write(&path, csv).unwrap();
        let opts = Options {
            sheet: None,
            territory: Some("T"),
            out: None,
            force: false,
            lang: crate::i18n::Lang::En,
        };
        let mut diags = Vec::new();
        assert!(import_text(&path, &opts, &mut diags).is_none());
        let last = diags.last().expect("a finding");
        assert_eq!(last.code, codes::UNREADABLE);
        let message = last.message.render(Lang::En);
        assert!(message.contains("MiB limit"), "{message}");
        assert!(last.message.render(Lang::Fr).contains("Mio"));
    }
}
