//! Checking files and directories: load each scenario, run the catalogue,
//! collect diagnostics. Output is in a stable order (files sorted by path,
//! diagnostics by position).

use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Text};
use crate::plan::propose;
use crate::rules::{self, theme_split};
use crate::scenario::{load_path, Loaded, Scenario};
use crate::source::SourceFile;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub mod portfolio;
pub mod words;

/// One checked file and what was found in it.
#[derive(Debug)]
pub struct FileReport {
    pub source: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
    /// Whether the file could not be checked at all.
    pub fn unusable(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| rules::is_input_code(d.code))
    }
}

#[derive(Debug, Default)]
pub struct Report {
    pub files: Vec<FileReport>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.files.iter().map(|f| f.count(severity)).sum()
    }

    /// 2 when some input is unusable, 1 on an error (or a warning when
    /// `deny_warnings`), else 0.
    pub fn exit_code(&self, deny_warnings: bool) -> u8 {
        if self.files.iter().any(FileReport::unusable) {
            2
        } else if self.count(Severity::Error) > 0
            || (deny_warnings && self.count(Severity::Warning) > 0)
        {
            1
        } else {
            0
        }
    }
}

/// Checks one loaded file.
pub fn check_loaded(loaded: Loaded) -> FileReport {
    let mut diagnostics = loaded.diagnostics;
    if let Some(scenario) = &loaded.scenario {
        let mut found = rules::check(scenario);
        advise(scenario, &mut found, RELAXATION_BUDGET);
        diagnostics.extend(found);
    }
    FileReport {
        source: loaded.source,
        diagnostics: cap_per_code(diagnostics, MAX_DIAGNOSTICS_PER_CODE),
    }
}

/// Time the planner's relaxation search may take over one whole file: each
/// search is bounded by the solver's time limit, but a file with many
/// impossible periods must not take minutes to check.
pub const RELAXATION_BUDGET: Duration = Duration::from_secs(10);

/// Adds to each CTG040 finding the changes the planner's relaxation search
/// finds to make its period plannable (the rule itself never runs the
/// planner).
pub fn advise(scenario: &Scenario, diagnostics: &mut [Diagnostic], budget: Duration) {
    let started = Instant::now();
    for d in diagnostics
        .iter_mut()
        .filter(|d| d.code == theme_split::RULE.code)
    {
        let Some(i) = d
            .subject
            .periods
            .first()
            .and_then(|id| scenario.periods.iter().position(|p| p.id.id == *id))
        else {
            continue;
        };
        let left = budget.saturating_sub(started.elapsed());
        if left.is_zero() {
            d.notes.push(Text::new(&words::SEARCH_SKIPPED));
            continue;
        }
        for r in propose::period_relaxations(scenario, i, left) {
            d.notes.push(
                Text::new(&words::POSSIBLE_IF)
                    .arg("change", Arg::raw(r.text))
                    .arg("code", Arg::id(r.code.to_string())),
            );
        }
    }
}

/// The most diagnostics of one code shown for one file. A file of thousands
/// of unknown ids would otherwise print megabytes (issue 13); past the cap,
/// one more diagnostic of the code says how many were left out.
pub const MAX_DIAGNOSTICS_PER_CODE: usize = 200;

/// Keeps the first `cap` diagnostics of each code, in order, and for a code
/// over it a last one counting the others.
pub fn cap_per_code(diagnostics: Vec<Diagnostic>, cap: usize) -> Vec<Diagnostic> {
    use std::collections::HashMap;
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(diagnostics.len().min(4 * cap));
    let mut dropped: Vec<(Diagnostic, usize)> = Vec::new();
    for d in diagnostics {
        let n = seen.entry(d.code.to_string()).or_insert(0);
        *n += 1;
        if *n <= cap {
            out.push(d);
        } else if *n == cap + 1 {
            dropped.push((d, 1));
        } else if let Some(last) = dropped.iter_mut().find(|(first, _)| first.code == d.code) {
            last.1 += 1;
        }
    }
    for (first, n) in dropped {
        let more = match first.severity {
            Severity::Error => &words::MORE_ERRORS,
            Severity::Warning => &words::MORE_WARNINGS,
        };
        out.push(Diagnostic {
            message: Text::new(more)
                .arg("n", Arg::count(n))
                .arg("code", Arg::id(first.code.to_string()))
                .arg("cap", Arg::count(cap)),
            labels: Vec::new(),
            help: Some(Text::new(&words::FIX_SHOWN)),
            notes: Vec::new(),
            ..first
        });
    }
    out
}

pub fn check_file(path: &Path) -> FileReport {
    check_loaded(load_path(path))
}

/// Checks every scenario under the given paths.
pub fn check_paths(paths: &[PathBuf]) -> Result<Report, CollectError> {
    // A portfolio among them brings the files it covers.
    let files = portfolio::with_covered(collect(paths)?);
    // Files are checked on every core, in the input order, so the output
    // does not depend on thread timing.
    Ok(Report {
        files: portfolio::check_all(&files),
    })
}

#[derive(Debug)]
pub enum CollectError {
    Walk(String),
}

impl std::fmt::Display for CollectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CollectError::Walk(e) => write!(f, "cannot walk directory: {e}"),
        }
    }
}

/// Expands directories to the `.toml` files they contain (`.TOML` too),
/// sorted, without following symbolic links to directories (so a link loop
/// cannot trap us). A path that does not exist is kept: checking it reports
/// CTG001 in the output with the other files. A file named twice (by the same
/// or another path) is checked once; `-` is standard input.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, CollectError> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut push = |p: PathBuf| {
        let key = p.canonicalize().unwrap_or_else(|_| p.clone());
        if seen.insert(key) {
            out.push(p);
        }
    };
    for path in paths {
        if path.is_dir() {
            for entry in walkdir::WalkDir::new(path)
                .follow_links(false)
                .sort_by_file_name()
            {
                let entry = entry.map_err(|e| CollectError::Walk(e.to_string()))?;
                let p = entry.path();
                if p.extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
                    && p.is_file()
                {
                    push(p.to_path_buf());
                }
            }
        } else {
            push(path.clone());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_relaxation_search_stops_when_the_time_budget_is_used() {
        let text = "[territory]\nname = \"Test\"\n[[commune]]\nid = \"saint-remy\"\nname = \"Saint-Rémy\"\nthemes = [\"petite_enfance\", \"acces_droits\"]\n[[commune]]\nid = \"mouries\"\nname = \"Mouriès\"\nthemes = [\"petite_enfance\", \"parentalite\"]\n[[period]]\nid = \"2026\"\nthemes = { petite_enfance = 0.8, parentalite = 0.1, acces_droits = 0.3 }\nposts.saint-remy = { etp = 0.2 }\nposts.mouries = { etp = 1.0 }\n";
        let s = crate::scenario::load_str("t.toml", text)
            .scenario
            .expect("loads");
        let mut out = rules::check(&s);
        assert_eq!(out.len(), 1, "{out:?}");
        assert!(out[0].notes.is_empty(), "a rule gives no advice itself");
        advise(&s, &mut out, Duration::ZERO);
        assert_eq!(out[0].notes.len(), 1, "{:?}", out[0].notes);
        assert!(
            out[0].notes[0]
                .render(crate::i18n::Lang::En)
                .contains("skipped"),
            "{:?}",
            out[0].notes
        );
        // With time left, the planner's advice comes instead.
        let mut out = rules::check(&s);
        advise(&s, &mut out, RELAXATION_BUDGET);
        assert!(out[0].notes.iter().all(|n| n
            .render(crate::i18n::Lang::En)
            .starts_with("it becomes possible")));
        assert!(!out[0].notes.is_empty());
    }

    #[test]
    fn diagnostics_past_the_cap_are_counted_in_one() {
        let mut v: Vec<Diagnostic> = (0..5)
            .map(|i| {
                Diagnostic::error(crate::code::Code::UnknownReference, format!("unknown {i}"))
                    .primary(i..i + 1, "x")
            })
            .collect();
        v.push(Diagnostic::warning(crate::code::Code::OpenPost, "w"));
        let out = cap_per_code(v, 2);
        let messages: Vec<String> = out
            .iter()
            .map(|d| d.message.render(crate::i18n::Lang::En))
            .collect();
        assert_eq!(
            messages,
            [
                "unknown 0",
                "unknown 1",
                "w",
                "3 more CTG011 errors in this file, not shown (the first 2 are)"
            ]
        );
        assert_eq!(out[3].severity, Severity::Error);
        assert!(out[3].labels.is_empty());
    }
}
