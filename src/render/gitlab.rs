//! `check --format gitlab`: a GitLab Code Quality report (a JSON array, read
//! through `artifacts:reports:codequality`). GitLab drops entries without
//! `check_name`, and matches findings between pipelines by `fingerprint`.

use super::located::{self, Located};
use crate::check::Report;
use crate::diagnostic::Severity;
use serde::Serialize;
use std::hash::Hasher;

#[derive(Serialize)]
pub struct Issue {
    pub description: String,
    pub check_name: String,
    pub fingerprint: String,
    /// info, minor, major, critical or blocker.
    pub severity: &'static str,
    pub location: IssueLocation,
}

#[derive(Serialize)]
pub struct IssueLocation {
    pub path: String,
    pub lines: Lines,
}

#[derive(Serialize)]
pub struct Lines {
    pub begin: usize,
}

/// Stable across runs, machines and Rust versions (FNV-1a, not std's
/// hasher): path, code and message, not the line, so that a finding keeps its
/// fingerprint when lines above it move. The message in English, whatever
/// the output's language: the fingerprint must not change with the reader.
pub fn fingerprint(l: &Located) -> String {
    let mut h = fnv::FnvHasher::default();
    let message = l.diagnostic.message.render(crate::i18n::Lang::En);
    for part in [l.file, &l.code, &message] {
        h.write(part.as_bytes());
        h.write(&[0]);
    }
    format!("{:016x}", h.finish())
}

fn severity(l: &Located) -> &'static str {
    match l.severity() {
        // Unusable input: nothing else in the file was checked.
        Severity::Error if l.is_input() => "blocker",
        Severity::Error => "major",
        Severity::Warning => "minor",
    }
}

pub fn issues(report: &Report, lang: crate::i18n::Lang) -> Vec<Issue> {
    let mut seen = std::collections::HashMap::new();
    located::all(report, lang)
        .iter()
        .map(|l| {
            // Two identical findings in one file still get distinct fingerprints.
            let base = fingerprint(l);
            let n = seen.entry(base.clone()).or_insert(0u32);
            *n += 1;
            let fingerprint = if *n == 1 { base } else { format!("{base}-{n}") };
            Issue {
                description: l.full_text(),
                check_name: if l.rule.is_empty() {
                    l.code.clone()
                } else {
                    format!("{} {}", l.code, l.rule)
                },
                fingerprint,
                severity: severity(l),
                location: IssueLocation {
                    path: l.file.to_owned(),
                    lines: Lines {
                        begin: l.start.map_or(1, |s| s.line),
                    },
                },
            }
        })
        .collect()
}

pub fn to_string(report: &Report, lang: crate::i18n::Lang) -> String {
    serde_json::to_string_pretty(&issues(report, lang)).unwrap_or_else(|_| "[]".to_owned())
}
