//! Snapshot tests of the command line: what a user sees, and the exit code.
//! Commands run from the crate root with relative paths and `--color never`,
//! so that snapshots do not depend on the machine or the terminal.

mod support;

use std::path::Path;
use support::{ctgplan, ROOT};

/// Relative paths of the files in a directory of the crate, sorted.
fn toml_files(dir: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(Path::new(ROOT).join(dir))
        .expect("directory exists")
        .map(|e| {
            e.expect("directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".toml"))
        .map(|n| format!("{dir}/{n}"))
        .collect();
    v.sort();
    v
}

/// Exit code a fixture leads to, from its `# expect:` lines (binary fixtures,
/// which cannot hold them, are unusable input).
fn fixture_exit(path: &str) -> i32 {
    let Ok(text) = std::fs::read_to_string(Path::new(ROOT).join(path)) else {
        return 2;
    };
    let codes: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("# expect: "))
        .filter_map(|l| l.split(' ').next())
        .collect();
    let rule = |c: &str| ctgplan::rules::find(c).expect("known code");
    if codes.is_empty() || codes.iter().any(ctgplan::rules::is_input_code) {
        2
    } else if codes
        .iter()
        .any(|c| rule(c).severity == ctgplan::diagnostic::Severity::Error)
    {
        1
    } else {
        0
    }
}

#[test]
fn every_shipped_scenario_passes() {
    let files = toml_files("scenarios");
    assert!(!files.is_empty(), "no scenario in scenarios/");
    for file in files {
        let out = ctgplan(&["check", "--color", "never", &file])
            .output()
            .expect("the binary runs");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{file} does not pass:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn check_scenarios_human() {
    snapshot!(
        "check_scenarios_human",
        &["check", "--color", "never", "scenarios/"],
        0,
    );
}

#[test]
fn check_scenarios_json() {
    snapshot!(
        "check_scenarios_json",
        &[
            "check",
            "--color",
            "never",
            "--format",
            "json",
            "scenarios/",
        ],
        0,
    );
}

#[test]
fn deny_warnings_turns_the_warnings_into_a_failure() {
    snapshot!(
        "check_scenarios_deny_warnings",
        &[
            "check",
            "--color",
            "never",
            "--deny",
            "warnings",
            "scenarios/",
        ],
        1,
    );
}

#[test]
fn check_each_invalid_fixture_human() {
    let files = toml_files("tests/fixtures/invalid");
    assert!(files.len() > 40, "fixtures missing");
    for file in &files {
        let stem = file
            .rsplit('/')
            .next()
            .unwrap_or(file)
            .trim_end_matches(".toml");
        snapshot!(
            &format!("invalid_{stem}"),
            &["check", "--color", "never", file],
            fixture_exit(file),
        );
    }
}

#[test]
fn check_some_invalid_fixtures_json() {
    for stem in [
        "ctg040-theme-split",
        "ctg050-pooled-cycle",
        "input-toml-syntax",
        "input-not-utf8",
        "input-empty",
    ] {
        let file = format!("tests/fixtures/invalid/{stem}.toml");
        snapshot!(
            &format!("invalid_json_{stem}"),
            &["check", "--color", "never", "--format", "json", &file],
            fixture_exit(&file),
        );
    }
}

#[test]
fn missing_path_is_unusable_input() {
    snapshot!(
        "check_missing_path",
        &["check", "--color", "never", "scenarios/nulle-part.toml"],
        2,
    );
}

#[test]
fn bad_flags_are_usage_errors() {
    snapshot!(
        "bad_flag",
        &["check", "--color", "never", "--strict", "scenarios/"],
        2,
    );
    snapshot!(
        "bad_format",
        &[
            "check",
            "--color",
            "never",
            "--format",
            "yaml",
            "scenarios/",
        ],
        2,
    );
}

#[test]
fn rules_lists_the_catalogue() {
    snapshot!("rules", &["rules", "--color", "never"], 0);
}

#[test]
fn explain_a_rule() {
    // The explanations are being rewritten: this snapshot follows them.
    snapshot!(
        "explain_ctg040",
        &["explain", "--color", "never", "CTG040"],
        0,
    );
}

#[test]
fn explain_an_unknown_code() {
    snapshot!("explain_nope", &["explain", "--color", "never", "nope"], 2);
}
