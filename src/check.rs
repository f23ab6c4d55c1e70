//! Checking files and directories: load each scenario, run the catalogue,
//! collect diagnostics. Output is in a stable order (files sorted by path,
//! diagnostics by position).

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules;
use crate::scenario::{load_path, Loaded};
use crate::source::SourceFile;
use std::path::{Path, PathBuf};

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
        diagnostics.extend(rules::check(scenario));
    }
    FileReport {
        source: loaded.source,
        diagnostics: cap_per_code(diagnostics, MAX_DIAGNOSTICS_PER_CODE),
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
        out.push(Diagnostic {
            message: format!(
                "{n} more {} {}{} in this file, not shown (the first {cap} are)",
                first.code,
                first.severity.as_str(),
                if n == 1 { "" } else { "s" }
            ),
            labels: Vec::new(),
            help: Some("fix the ones shown and check again".to_owned()),
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
    use rayon::prelude::*;
    let files = collect(paths)?;
    // Files are independent: check them on every core. `collect` keeps the
    // input order, so the output does not depend on thread timing.
    Ok(Report {
        files: files.par_iter().map(|p| check_file(p)).collect(),
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
    fn diagnostics_past_the_cap_are_counted_in_one() {
        let mut v: Vec<Diagnostic> = (0..5)
            .map(|i| Diagnostic::error("CTG011", format!("unknown {i}")).primary(i..i + 1, "x"))
            .collect();
        v.push(Diagnostic::warning("CTG061", "w"));
        let out = cap_per_code(v, 2);
        let messages: Vec<&str> = out.iter().map(|d| d.message.as_str()).collect();
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
