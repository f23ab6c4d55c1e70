//! Every broken scenario in `tests/fixtures/invalid/` states what it must
//! trigger, one comment line per diagnostic:
//!
//! ```text
//! # expect: CTG030 12:9
//! ```
//!
//! (the code, then the line and column of the primary label, 1-based, columns
//! in characters). The library and the binary are both held to these lines,
//! and the binary's exit code to what the codes imply. Files that cannot hold
//! a comment (empty, not UTF-8) have their expectations in [`NO_COMMENT`].

use ctgplan::check::{check_file, FileReport, Report};
use ctgplan::diagnostic::Severity;
use ctgplan::rules::{self, Family};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/invalid");

/// Fixtures that cannot carry `# expect:` lines.
const NO_COMMENT: &[(&str, &[&str])] = &[
    // No byte at all: the first thing missing is the [territory] table.
    ("input-empty.toml", &["CTG003 1:1"]),
    // Latin-1: the first non-UTF-8 byte is the é of "Vallée" on line 3.
    ("input-not-utf8.toml", &["CTG001 3:13"]),
    // UTF-16 (a Windows "Unicode" export): its byte order mark FF FE is not UTF-8.
    ("input-utf16.toml", &["CTG001 1:1"]),
];

/// (code, line, column) of one diagnostic; line 0 when it has no label.
type Found = (String, usize, usize);

fn parse_expectation(text: &str) -> Result<Found, String> {
    let bad = || format!("`{text}` is not `CODE LINE:COLUMN`");
    let (code, pos) = text.trim().split_once(' ').ok_or_else(bad)?;
    let (line, column) = pos.trim().split_once(':').ok_or_else(bad)?;
    if rules::find(code).map(|r| r.code.as_str()) != Some(code) {
        return Err(format!("`{code}` is not a code of the catalogue"));
    }
    Ok((
        code.to_owned(),
        line.parse().map_err(|_| bad())?,
        column.parse().map_err(|_| bad())?,
    ))
}

/// The expectations of one fixture, from its comments or from [`NO_COMMENT`].
fn expectations(path: &Path) -> Result<Vec<Found>, String> {
    let name = file_name(path);
    let lines: Vec<String> = match NO_COMMENT.iter().find(|(n, _)| *n == name) {
        Some((_, table)) => table.iter().map(|s| (*s).to_owned()).collect(),
        None => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("unreadable: {e}"))?;
            text.lines()
                .filter(|l| l.starts_with("# expect"))
                .map(|l| {
                    l.strip_prefix("# expect: ")
                        .map(str::to_owned)
                        .ok_or_else(|| format!("malformed expectation `{l}`"))
                })
                .collect::<Result<_, _>>()?
        }
    };
    if lines.is_empty() {
        return Err("no `# expect: CODE LINE:COLUMN` line".to_owned());
    }
    let mut v = lines
        .iter()
        .map(|l| parse_expectation(l))
        .collect::<Result<Vec<_>, _>>()?;
    v.sort();
    Ok(v)
}

fn file_name(path: &Path) -> &str {
    path.file_name().and_then(|n| n.to_str()).unwrap_or("")
}

fn fixtures() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(DIR)
        .expect("tests/fixtures/invalid exists")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    v
}

fn found_by_library(report: &FileReport) -> Vec<Found> {
    let mut v: Vec<Found> = report
        .diagnostics
        .iter()
        .map(|d| {
            let label = d.labels.iter().find(|l| l.primary).or(d.labels.first());
            let (line, column) = label.map_or((0, 0), |l| {
                let at = report.source.line_col(l.span.start);
                (at.line, at.column)
            });
            (d.code.to_string(), line, column)
        })
        .collect();
    v.sort();
    v
}

/// What the binary reports for one file (from its JSON), and its exit code.
fn found_by_binary(path: &Path) -> Result<(Vec<Found>, i32), String> {
    let out = Command::new(env!("CARGO_BIN_EXE_ctgplan"))
        .env("CTGPLAN_LANG", "en")
        .args(["check", "--color", "never", "--format", "json"])
        .arg(path)
        .output()
        .map_err(|e| format!("cannot run the binary: {e}"))?;
    let code = out.status.code().ok_or("killed by a signal")?;
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).map_err(|e| {
        format!(
            "stdout is not JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })?;
    let mut v: Vec<Found> = json["diagnostics"]
        .as_array()
        .ok_or("no `diagnostics` array")?
        .iter()
        .map(|d| {
            let n = |k: &str| d[k].as_u64().map_or(0, |n| n as usize);
            (
                d["code"].as_str().unwrap_or("?").to_owned(),
                n("line"),
                n("column"),
            )
        })
        .collect();
    v.sort();
    Ok((v, code))
}

/// 2 if any input is unusable, else 1 if any error, else 0.
fn expected_exit(expected: &[Found]) -> i32 {
    let rule = |code: &str| rules::find(code).expect("checked by parse_expectation");
    if expected
        .iter()
        .any(|(c, _, _)| rule(c).family == Family::Input)
    {
        2
    } else if expected
        .iter()
        .any(|(c, _, _)| rule(c).severity == Severity::Error)
    {
        1
    } else {
        0
    }
}

/// A fixture named `ctgNNN-...` must expect CTGNNN; one named `input-...`
/// must expect an input code.
fn name_matches(name: &str, expected: &[Found]) -> Result<(), String> {
    let codes: BTreeSet<&str> = expected.iter().map(|(c, _, _)| c.as_str()).collect();
    if let Some(rest) = name.strip_prefix("ctg") {
        let code = format!("CTG{}", rest.get(..3).unwrap_or(""));
        if !codes.contains(code.as_str()) {
            return Err(format!("named after {code} but does not expect it"));
        }
    } else if name.starts_with("input-") {
        if !codes
            .iter()
            .any(|c| rules::find(c).is_some_and(|r| rules::is_input_code(r.code)))
        {
            return Err("named `input-...` but expects no input code".to_owned());
        }
    } else {
        return Err("name it `ctgNNN-what.toml` or `input-what.toml`".to_owned());
    }
    Ok(())
}

fn check_one(path: &Path) -> Result<(), String> {
    let expected = expectations(path)?;
    name_matches(file_name(path), &expected)?;
    let report = Report {
        files: vec![check_file(path)],
    };
    let lib = report
        .files
        .iter()
        .flat_map(found_by_library)
        .collect::<Vec<_>>();
    let mut problems = Vec::new();
    if lib != expected {
        problems.push(format!("library found {lib:?}, expected {expected:?}"));
    }
    let want_exit = expected_exit(&expected);
    if i32::from(report.exit_code(false)) != want_exit {
        problems.push(format!(
            "library exit code {}, expected {want_exit}",
            report.exit_code(false)
        ));
    }
    let (bin, code) = found_by_binary(path)?;
    if bin != expected {
        problems.push(format!("binary found {bin:?}, expected {expected:?}"));
    }
    if code != want_exit {
        problems.push(format!("binary exit code {code}, expected {want_exit}"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n    "))
    }
}

#[test]
fn every_invalid_fixture_triggers_exactly_what_it_expects() {
    let files = fixtures();
    assert!(files.len() >= 55, "fixtures missing: {}", files.len());
    let mut failures = Vec::new();
    for path in &files {
        if let Err(e) = check_one(path) {
            failures.push(format!("{}:\n    {e}", file_name(path)));
        }
    }
    for (name, _) in NO_COMMENT {
        if !files.iter().any(|p| file_name(p) == *name) {
            failures.push(format!("{name}: listed in NO_COMMENT but missing"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures fail:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

/// A new rule comes with a broken fixture.
#[test]
fn every_code_of_the_catalogue_has_a_fixture() {
    let mut covered = BTreeSet::new();
    for path in fixtures() {
        if let Ok(expected) = expectations(&path) {
            covered.extend(expected.into_iter().map(|(c, _, _)| c));
        }
    }
    // Portfolio rules have portfolio fixtures (tests/fixtures/portfolio,
    // held to the same standard by tests/portfolio_cli.rs).
    let missing: Vec<&str> = rules::all()
        .iter()
        .filter(|r| r.family != Family::Portfolio)
        .map(|r| r.code.as_str())
        // CTG007 is `propose`'s limit on a valid file, which `check` accepts:
        // tested by plan::guard and tests/hostile.rs.
        .filter(|c| !covered.contains(*c) && *c != "CTG007")
        // `import` reads tables: its codes have table fixtures in tests/import.rs.
        .filter(|c| !ctgplan::import::codes::ALL.iter().any(|i| i == c))
        .collect();
    assert!(missing.is_empty(), "no fixture expects {missing:?}");
}

#[test]
fn expectation_lines_are_parsed_strictly() {
    assert_eq!(
        parse_expectation("CTG030 12:9"),
        Ok(("CTG030".to_owned(), 12, 9))
    );
    for bad in [
        "CTG030",
        "CTG030 12",
        "CTG030 x:9",
        "CTG999 1:1",
        "ctg030 1:1",
    ] {
        assert!(parse_expectation(bad).is_err(), "{bad:?} accepted");
    }
    assert_eq!(
        expected_exit(&[("CTG061".to_owned(), 1, 1)]),
        0,
        "a warning alone passes"
    );
    assert_eq!(
        expected_exit(&[("CTG061".to_owned(), 1, 1), ("CTG030".to_owned(), 2, 1)]),
        1
    );
    assert_eq!(
        expected_exit(&[("CTG030".to_owned(), 2, 1), ("CTG004".to_owned(), 2, 1)]),
        2
    );
}
