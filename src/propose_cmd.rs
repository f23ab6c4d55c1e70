//! The `propose` command: load, plan, verify with `check`, print, write.

use crate::check::{check_loaded, FileReport};
use crate::diagnostic::{Diagnostic, Severity};
use crate::fsutil;
use crate::plan::build::Objective;
use crate::plan::propose::{self, Proposal, Scope};
use crate::plan::solve::Options;
use crate::plan::{apply, guard, table};
use crate::render::human;
use crate::scenario::{load_path, load_str};
use crate::timings;
use codespan_reporting::term::termcolor::WriteColor;
use std::path::Path;

/// What `propose` writes: the completed scenario (`--out`, replaced only
/// with `--force`) and its table as a workbook (`--table`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Files<'a> {
    pub out: Option<&'a Path>,
    pub force: bool,
    pub table: Option<&'a Path>,
}

pub fn run(
    w: &mut dyn WriteColor,
    file: &Path,
    scope: &Scope,
    objective: Objective,
    opts: Options,
    files: Files,
    lang: crate::i18n::Lang,
) -> std::io::Result<u8> {
    let Files {
        out,
        force,
        table: table_out,
    } = files;
    if let Some(Err(m)) = out.map(|o| crate::xlsx::refuse_table_extension(o, "a scenario (TOML)")) {
        writeln!(w, "error: {m}")?;
        return Ok(2);
    }
    if let Some(t) = table_out.filter(|t| crate::xlsx::extension(t) != crate::xlsx::Extension::Xlsx)
    {
        writeln!(
            w,
            "error: --table writes a workbook: name it .xlsx, not {}",
            t.display()
        )?;
        return Ok(2);
    }
    // An --out that cannot be written is refused before any planning.
    if let Some(path) = out {
        if let Err(e) = fsutil::check_target(path, force, &[file]) {
            writeln!(w, "error: cannot write the proposal: {e}")?;
            return Ok(2);
        }
    }
    let t = timings::phase("load");
    let mut loaded = load_path(file);
    t.done(String::new);
    let Some(scenario) = loaded.scenario.take() else {
        for d in &loaded.diagnostics {
            human::write_diagnostic(w, &loaded.source, d, lang)?;
        }
        return Ok(2);
    };
    let source = loaded.source;
    // Errors no figure can fix (a dangling id...) would make any scheme fail check.
    // (An unknown --period is reported by `propose` below.)
    let t = timings::phase("blocking");
    let blocking = propose::scope_indices(&scenario, scope)
        .map(|indices| propose::blocking(&scenario, &indices))
        .unwrap_or_default();
    t.done(String::new);
    if !blocking.is_empty() {
        for d in &blocking {
            human::write_diagnostic(w, &source, d, lang)?;
        }
        writeln!(
            w,
            "error: propose chooses the figures of the planned periods only; fix the error(s) above first"
        )?;
        return Ok(2);
    }
    let planned = propose::scope_indices(&scenario, scope)
        .and_then(|indices| guard::plan_within(&scenario, &indices, objective, opts));
    let proposal = match planned {
        Ok(p) => p,
        Err(e) => {
            match e.code {
                Some(code) => {
                    let mut d = Diagnostic::error(code, format!("cannot plan: {}", e.message));
                    if let Some(span) = e.span {
                        d = d.primary(span, "here");
                    }
                    human::write_diagnostic(w, &source, &d, lang)?;
                }
                None => writeln!(w, "error: cannot plan: {}", e.message)?,
            }
            return Ok(2);
        }
    };
    match proposal {
        Proposal::Planned(plan) => {
            let t = timings::phase("table");
            write!(w, "{}", table::render(&scenario, &plan))?;
            t.done(String::new);
            let t = timings::phase("apply");
            let text = match apply::apply(source.text(), &scenario, &plan) {
                Ok(t) => t,
                Err(e) => {
                    writeln!(w, "error: {e}")?;
                    return Ok(2);
                }
            };
            // The proposal must pass check unchanged; anything else is a bug.
            t.done(String::new);
            let t = timings::phase("recheck");
            let report: FileReport = check_loaded(load_str(source.name(), &text));
            t.done(String::new);
            if report.count(Severity::Error) > 0 {
                writeln!(
                    w,
                    "error: internal error: the proposed scheme does not pass check:"
                )?;
                for d in &report.diagnostics {
                    human::write_diagnostic(w, &report.source, d, lang)?;
                }
                return Ok(2);
            }
            if let Some(path) = table_out {
                let bytes = crate::xlsx::to_bytes(&crate::commands::books::propose::book(
                    &scenario, &plan,
                ))?;
                match fsutil::write_output(path, &bytes, force, &[file]) {
                    Ok(()) => writeln!(w, "wrote {}", path.display())?,
                    Err(e) => {
                        writeln!(w, "error: cannot write the table: {e}")?;
                        return Ok(2);
                    }
                }
            }
            match out {
                Some(path) => match fsutil::write_output(
                    path,
                    fsutil::TextStyle::of(file, source.text())
                        .apply(&text)
                        .as_bytes(),
                    force,
                    &[file],
                ) {
                    Ok(()) => writeln!(w, "wrote {} (passes check)", path.display())?,
                    Err(e) => {
                        writeln!(w, "error: cannot write the proposal: {e}")?;
                        return Ok(2);
                    }
                },
                None => writeln!(
                    w,
                    "the scheme passes check; use --out FILE to write it as a scenario"
                )?,
            }
            Ok(0)
        }
        Proposal::Impossible {
            relaxations,
            confirmed,
        } => {
            writeln!(
                w,
                "no scheme meets every rule of {}. It becomes possible if you:",
                source.name()
            )?;
            for r in &relaxations {
                let mut d = Diagnostic::new(r.code, Severity::Warning, r.text.clone());
                if let Some(span) = &r.span {
                    d = d.primary(span.clone(), "constraint set here");
                }
                human::write_relaxation(w, &source, &d, lang)?;
            }
            if confirmed {
                writeln!(
                    w,
                    "checked: with these changes the solver finds a scheme, verified exactly."
                )?;
            } else {
                writeln!(
                    w,
                    "warning: these changes could not be confirmed by a second solve."
                )?;
            }
            Ok(1)
        }
        Proposal::Failed(e) => {
            writeln!(w, "error: the solver failed: {e}")?;
            Ok(2)
        }
        Proposal::TimeLimit => {
            // Only name HiGHS where this build has it.
            let hint = if cfg!(feature = "highs") {
                "raise --time-limit or try --solver highs"
            } else {
                "raise --time-limit (a build with `--features highs` offers a faster solver)"
            };
            writeln!(
                w,
                "error: the time limit was reached before any scheme was found; {hint}"
            )?;
            Ok(2)
        }
    }
}
