//! A Caf's portfolio on the command line, on real files: the bundled
//! portfolio of the Caf des Bouches-du-Rhône (`ctgplan portfolio` in every
//! format, `check` of it and of scenarios/), and the fixtures of the
//! portfolio rules (tests/fixtures/portfolio), each stating what it must
//! trigger as `# expect: CODE LINE:COLUMN` lines, as the scenario fixtures do.

mod support;

use ctgplan::check::portfolio::check_path;
use ctgplan::diagnostic::Severity;
use std::path::Path;
use support::{ctgplan, ROOT};

const EXAMPLE: &str = "scenarios/caf-bouches-du-rhone.toml";

fn fixtures() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(Path::new(ROOT).join("tests/fixtures/portfolio"))
        .expect("fixtures")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .map(|n| format!("tests/fixtures/portfolio/{n}"))
        .collect();
    v.sort();
    v
}

fn expectations(path: &str) -> Vec<String> {
    let text = std::fs::read_to_string(Path::new(ROOT).join(path)).expect("readable");
    let mut v: Vec<String> = text
        .lines()
        .filter_map(|l| l.strip_prefix("# expect: "))
        .map(str::to_owned)
        .collect();
    v.sort();
    v
}

#[test]
fn each_fixture_reports_what_it_states() {
    let files = fixtures();
    assert!(files.len() >= 12, "fixtures missing");
    let mut codes_seen = std::collections::BTreeSet::new();
    for file in &files {
        let expected = expectations(file);
        assert!(!expected.is_empty(), "{file}: no `# expect:` line");
        let pc = check_path(&Path::new(ROOT).join(file));
        let mut found: Vec<String> = pc
            .report
            .diagnostics
            .iter()
            .map(|d| {
                let at = d
                    .labels
                    .iter()
                    .find(|l| l.primary)
                    .map_or(0, |l| l.span.start);
                let lc = pc.report.source.line_col(at);
                format!("{} {}:{}", d.code, lc.line, lc.column)
            })
            .collect();
        found.sort();
        assert_eq!(found, expected, "{file}");
        for e in &expected {
            codes_seen.insert(e.split(' ').next().unwrap_or("").to_owned());
        }
        // The binary agrees: its exit code follows from the codes.
        let exit = if expected.iter().any(|e| e.starts_with("CTG00")) {
            2
        } else if pc.report.count(Severity::Error) > 0 {
            1
        } else {
            0
        };
        snapshot!(
            &format!(
                "check_{}",
                file.rsplit('/')
                    .next()
                    .unwrap_or(file)
                    .trim_end_matches(".toml")
            ),
            &["check", "--color", "never", file],
            exit,
        );
    }
    for code in 110..=119 {
        assert!(
            codes_seen.contains(&format!("CTG{code}")),
            "no fixture for CTG{code}"
        );
    }
}

#[test]
fn example_portfolio_human() {
    snapshot!(
        "portfolio_example_human",
        &["portfolio", "--color", "never", EXAMPLE],
        0,
    );
}

#[test]
fn example_portfolio_markdown() {
    snapshot!(
        "portfolio_example_md",
        &["portfolio", "--format", "md", EXAMPLE],
        0,
    );
}

#[test]
fn example_portfolio_csv() {
    snapshot!(
        "portfolio_example_csv",
        &[
            "portfolio",
            "--format",
            "csv",
            "--csv-style",
            "plain",
            EXAMPLE,
        ],
        0,
    );
}

#[test]
fn example_portfolio_json() {
    snapshot!(
        "portfolio_example_json",
        &["portfolio", "--format", "json", EXAMPLE],
        0,
    );
}

#[test]
fn example_portfolio_json_adds_up() {
    let out = ctgplan(&["portfolio", "--format", "json", EXAMPLE])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let years = v["years"].as_array().expect("years");
    let y2026 = years.iter().find(|y| y["year"] == 2026).expect("2026");
    // Vallée des Baux-Alpilles 3.1 (transitional) + Golfe et des étangs 3.8.
    assert_eq!(y2026["cofinanced_etp"], "6.9");
    assert_eq!(y2026["envelope_etp"], "7.1");
    assert_eq!(y2026["left_etp"], "0.2");
    // Golfe's euros are unknown (no financing): the total is too, not a partial sum.
    assert!(y2026["caf_eur"].is_null());
    let rows = y2026["territories"].as_array().expect("rows");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["basis"], "caf_total");
}

#[test]
fn check_of_a_portfolio_checks_its_files() {
    let out = ctgplan(&["check", "--color", "never", EXAMPLE])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("checked 3 files"), "{text}");
}

#[test]
fn portfolio_with_errors_still_shows_its_figures() {
    let out = ctgplan(&[
        "portfolio",
        "--color",
        "never",
        "tests/fixtures/portfolio/ctg110-envelope-etp.toml",
    ])
    .output()
    .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("error[CTG110]"), "{text}");
    assert!(text.contains("Renewals due"), "{text}");
}

#[test]
fn unusable_portfolio_or_scenario_given_as_portfolio() {
    snapshot!(
        "portfolio_missing_file",
        &[
            "portfolio",
            "--color",
            "never",
            "tests/fixtures/portfolio/input-missing-file.toml",
        ],
        2,
    );
    let out = ctgplan(&["portfolio", "scenarios/golfe-des-etangs.toml"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("CTG003"));
}

#[test]
fn out_is_written_atomically_and_not_replaced_without_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("portefeuille.csv");
    let t = target.to_str().expect("utf-8 path");
    let first = ctgplan(&["portfolio", "--format", "csv", "--out", t, EXAMPLE])
        .output()
        .expect("runs");
    assert_eq!(first.status.code(), Some(0));
    let bytes = std::fs::read(&target).expect("written");
    assert!(bytes.starts_with("\u{feff}year;territory".as_bytes()));
    let again = ctgplan(&["portfolio", "--format", "csv", "--out", t, EXAMPLE])
        .output()
        .expect("runs");
    assert_eq!(again.status.code(), Some(2));
    let forced = ctgplan(&[
        "portfolio",
        "--format",
        "csv",
        "--out",
        t,
        "--force",
        EXAMPLE,
    ])
    .output()
    .expect("runs");
    assert_eq!(forced.status.code(), Some(0));
}

#[test]
fn a_portfolio_given_to_a_scenario_command_says_what_it_is() {
    let out = ctgplan(&["cost", "--color", "never", EXAMPLE])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("CTG003"), "{text}");
    assert!(text.contains("`ctgplan portfolio FILE`"), "{text}");
}
