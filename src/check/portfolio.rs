//! Checking a Caf's portfolio: load it, find the files it covers, add them
//! up (`portfolio::summary`) and run the portfolio rules
//! (`rules::portfolio`). The covered files' own rules run in their own
//! reports (`check` adds the covered files to what it checks, and loads
//! each file once for both), never here.

use super::{check_loaded as check_scenario, FileReport};
use crate::diagnostic::{Diagnostic, Span};
use crate::portfolio::load::{resolve, CoveredPath, LoadedPortfolio};
use crate::portfolio::summary::{summarise, Covered, Summary};
use crate::portfolio::{self, Portfolio};
use crate::rules;
use crate::scenario::{load_path, Scenario};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A checked portfolio: its file's report, and its figures when it loaded.
#[derive(Debug)]
pub struct PortfolioCheck {
    pub report: FileReport,
    pub portfolio: Option<Portfolio>,
    /// The covered files that loaded.
    pub covered: Vec<Covered>,
    /// Every covered file found, loaded or not (for checking each).
    pub paths: Vec<PathBuf>,
    pub summary: Option<Summary>,
}

/// Gives the model of a covered file (`None`: unusable).
pub type ScenarioSource<'a> = dyn Fn(&Path) -> Option<Arc<Scenario>> + Sync + 'a;

fn load_model(path: &Path) -> Option<Arc<Scenario>> {
    load_path(path).scenario.map(Arc::new)
}

pub fn check_path(path: &Path) -> PortfolioCheck {
    check_path_with(path, &load_model)
}

fn check_path_with(path: &Path, source: &ScenarioSource) -> PortfolioCheck {
    let base = path.parent().unwrap_or(Path::new(""));
    check_loaded_with(portfolio::load::load_path(path), base, Some(path), source)
}

/// Checks a loaded portfolio whose paths are relative to `base`; `this` is
/// the portfolio's own path, so that a folder it lists does not cover it.
pub fn check_loaded(loaded: LoadedPortfolio, base: &Path, this: Option<&Path>) -> PortfolioCheck {
    check_loaded_with(loaded, base, this, &load_model)
}

fn check_loaded_with(
    loaded: LoadedPortfolio,
    base: &Path,
    this: Option<&Path>,
    source: &ScenarioSource,
) -> PortfolioCheck {
    use rayon::prelude::*;
    let mut diagnostics = loaded.diagnostics;
    let Some(p) = loaded.portfolio else {
        return PortfolioCheck {
            report: FileReport {
                source: loaded.source,
                diagnostics,
            },
            portfolio: None,
            covered: Vec::new(),
            paths: Vec::new(),
            summary: None,
        };
    };
    let res = resolve(&p, base, this);
    diagnostics.extend(res.diagnostics.iter().cloned());
    let models: Vec<Option<Arc<Scenario>>> =
        res.covered.par_iter().map(|c| source(&c.path)).collect();
    let mut covered = Vec::new();
    let mut unusable = Vec::new();
    let mut paths = Vec::new();
    for (
        CoveredPath {
            path,
            origin,
            entry,
        },
        model,
    ) in res.covered.iter().cloned().zip(models)
    {
        let file = path.display().to_string();
        paths.push(path);
        match model {
            Some(s) => covered.push(Covered::shared(file, origin, entry, s)),
            None => unusable.push((file, origin)),
        }
    }
    let (summary, found) = check_resolved(&p, &covered, &res.repeated, &unusable, res.missing);
    diagnostics.extend(found);
    crate::diagnostic::sort(&mut diagnostics);
    PortfolioCheck {
        report: FileReport {
            source: loaded.source,
            diagnostics,
        },
        portfolio: Some(p),
        covered,
        paths,
        summary: Some(summary),
    }
}

/// Sums and portfolio rules on territories already in memory.
pub fn check_covered(
    p: &Portfolio,
    covered: &[Covered],
    repeated: &[(Span, Span, PathBuf)],
    unusable: &[(String, Span)],
) -> (Summary, Vec<Diagnostic>) {
    check_resolved(p, covered, repeated, unusable, 0)
}

/// [`check_covered`], knowing how many named files were not found.
fn check_resolved(
    p: &Portfolio,
    covered: &[Covered],
    repeated: &[(Span, Span, PathBuf)],
    unusable: &[(String, Span)],
    missing: usize,
) -> (Summary, Vec<Diagnostic>) {
    let summary = summarise(p, covered);
    let ctx = rules::portfolio::Context {
        portfolio: p,
        covered,
        summary: &summary,
        repeated,
        unusable,
        missing,
    };
    let diags = rules::portfolio::check(&ctx);
    (summary, diags)
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Adds to `files` the files covered by the portfolios among them (once
/// each, after the others), so that checking a portfolio checks its files.
pub fn with_covered(files: Vec<PathBuf>) -> Vec<PathBuf> {
    use rayon::prelude::*;
    // Every file is read to know whether it is a portfolio, and each
    // portfolio's files are found: on every core (the national set has
    // 1,300 files), then merged in the order given.
    let found: Vec<Vec<PathBuf>> = files
        .par_iter()
        .map(|f| {
            if !portfolio::is_portfolio_file(f) {
                return Vec::new();
            }
            let l = portfolio::load::load_path(f);
            l.portfolio.as_ref().map_or_else(Vec::new, |p| {
                resolve(p, f.parent().unwrap_or(Path::new("")), Some(f))
                    .covered
                    .into_iter()
                    .map(|c| c.path)
                    .collect()
            })
        })
        .collect();
    if found.iter().all(Vec::is_empty) {
        return files;
    }
    let mut seen: std::collections::HashSet<PathBuf> =
        files.par_iter().map(|f| canonical(f)).collect();
    let mut out = files;
    for path in found.into_iter().flatten() {
        if seen.insert(canonical(&path)) {
            out.push(path);
        }
    }
    out
}

/// Checks files, portfolios and scenarios, on every core, in the order
/// given. Each scenario is loaded once: its model serves its own report and
/// the portfolios covering it.
pub fn check_all(files: &[PathBuf]) -> Vec<FileReport> {
    use rayon::prelude::*;
    let is_portfolio: Vec<bool> = files
        .par_iter()
        .map(|f| portfolio::is_portfolio_file(f))
        .collect();
    let any_portfolio = is_portfolio.iter().any(|p| *p);
    let scenarios: Vec<Option<(FileReport, Option<Arc<Scenario>>)>> = files
        .par_iter()
        .zip(&is_portfolio)
        .map(|(f, &is_p)| {
            (!is_p).then(|| {
                let loaded = load_path(f);
                // Kept for the portfolios only: a clone is cheaper than a second parse.
                let model = if any_portfolio {
                    loaded.scenario.clone().map(Arc::new)
                } else {
                    None
                };
                (check_scenario(loaded), model)
            })
        })
        .collect();
    let models: HashMap<PathBuf, Option<Arc<Scenario>>> = if any_portfolio {
        files
            .iter()
            .zip(&scenarios)
            .filter_map(|(f, s)| s.as_ref().map(|(_, m)| (canonical(f), m.clone())))
            .collect()
    } else {
        HashMap::new()
    };
    let source = |path: &Path| -> Option<Arc<Scenario>> {
        match models.get(&canonical(path)) {
            Some(m) => m.clone(),
            None => load_model(path),
        }
    };
    files
        .par_iter()
        .zip(scenarios)
        .map(|(f, s)| match s {
            Some((report, _)) => report,
            None => check_path_with(f, &source).report,
        })
        .collect()
}
