//! Checking a Caf's portfolio: load it, find and load the files it covers,
//! add them up (`portfolio::summary`) and run the portfolio rules
//! (`rules::portfolio`). The covered files' own rules run in their own
//! reports (`check` adds the covered files to what it checks), never here.

use super::FileReport;
use crate::diagnostic::Diagnostic;
use crate::portfolio::load::{load_covered, resolve, CoveredPath, LoadedPortfolio};
use crate::portfolio::summary::{summarise, Covered, Summary};
use crate::portfolio::{self, Portfolio};
use crate::rules;
use std::path::{Path, PathBuf};

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

pub fn check_path(path: &Path) -> PortfolioCheck {
    let base = path.parent().unwrap_or(Path::new(""));
    check_loaded(portfolio::load::load_path(path), base, Some(path))
}

/// Checks a loaded portfolio whose paths are relative to `base`; `this` is
/// the portfolio's own path, so that a folder it lists does not cover it.
pub fn check_loaded(loaded: LoadedPortfolio, base: &Path, this: Option<&Path>) -> PortfolioCheck {
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
    let mut covered = Vec::new();
    let mut unusable = Vec::new();
    let mut paths = Vec::new();
    for (
        CoveredPath {
            path,
            origin,
            entry,
        },
        l,
    ) in load_covered(&res)
    {
        let file = path.display().to_string();
        paths.push(path);
        match l.scenario {
            Some(s) => covered.push(Covered::new(file, origin, entry, s)),
            None => unusable.push((file, origin)),
        }
    }
    let (summary, found) = check_covered(&p, &covered, &res.repeated, &unusable);
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
    repeated: &[(crate::diagnostic::Span, crate::diagnostic::Span, PathBuf)],
    unusable: &[(String, crate::diagnostic::Span)],
) -> (Summary, Vec<Diagnostic>) {
    let summary = summarise(p, covered);
    let ctx = rules::portfolio::Context {
        portfolio: p,
        covered,
        summary: &summary,
        repeated,
        unusable,
    };
    let diags = rules::portfolio::check(&ctx);
    (summary, diags)
}

/// Adds to `files` the files covered by the portfolios among them (once
/// each, after the others), so that checking a portfolio checks its files.
pub fn with_covered(files: Vec<PathBuf>) -> Vec<PathBuf> {
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let mut seen: std::collections::HashSet<PathBuf> = files.iter().map(|f| canon(f)).collect();
    let mut out = files.clone();
    for f in &files {
        if !portfolio::is_portfolio_file(f) {
            continue;
        }
        let l = portfolio::load::load_path(f);
        if let Some(p) = &l.portfolio {
            let res = resolve(p, f.parent().unwrap_or(Path::new("")), Some(f));
            for c in res.covered {
                if seen.insert(canon(&c.path)) {
                    out.push(c.path);
                }
            }
        }
    }
    out
}

/// Checks one file, a portfolio or a scenario.
pub fn check_any(path: &Path) -> FileReport {
    if portfolio::is_portfolio_file(path) {
        check_path(path).report
    } else {
        super::check_file(path)
    }
}
