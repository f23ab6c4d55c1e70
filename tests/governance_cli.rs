//! Snapshot tests of `ctgplan indicators`: what a user sees and the exit
//! code, in every output format. Same pattern as tests/finance_cli.rs: run
//! from the crate root, relative paths, `--color never`, the exit code
//! asserted on its own before the snapshot.

#[macro_use]
mod support;

use support::{run, VALLEE};

#[test]
fn indicators_vallee_human() {
    snapshot!(
        "indicators_vallee_human",
        &["indicators", "--color", "never", VALLEE],
        0,
    );
}

#[test]
fn indicators_vallee_csv_french_and_plain() {
    snapshot!(
        "indicators_vallee_csv_french",
        &["indicators", "--color", "never", VALLEE, "--format", "csv"],
        0,
    );
    snapshot!(
        "indicators_vallee_csv_plain_2026",
        &[
            "indicators",
            "--color",
            "never",
            VALLEE,
            "--year",
            "2026",
            "--format",
            "csv",
            "--csv-style",
            "plain",
        ],
        0,
    );
}

#[test]
fn indicators_vallee_json() {
    snapshot!(
        "indicators_vallee_json",
        &["indicators", "--color", "never", VALLEE, "--format", "json"],
        0,
    );
}

/// The JSON holds the figures the table shows, exactly.
#[test]
fn json_figures_are_exact_and_consistent() {
    let out = run(
        &["indicators", "--color", "never", VALLEE, "--format", "json"],
        0,
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["example"], true, "the Vallée des Baux log is an example");
    assert_eq!(v["judged_years"], serde_json::json!([2026]));
    let instances = v["instances"].as_array().expect("instances");
    let sum = |k: &str| -> u64 {
        instances
            .iter()
            .map(|i| i["participation"][k].as_u64().expect("count"))
            .sum()
    };
    let all = &v["all"]["participation"];
    assert_eq!(all["present"].as_u64(), Some(sum("present")));
    assert_eq!(all["invited"].as_u64(), Some(sum("invited")));
    assert_eq!(
        v["all"]["meetings"].as_u64(),
        Some(
            instances
                .iter()
                .map(|i| i["meetings"].as_u64().expect("meetings"))
                .sum()
        )
    );
    // 385 / 438 = 87.899...% → 87.9, a string: no binary floating point.
    assert_eq!(all["percent"], "87.9");
    for i in instances {
        if let Some(kept) = i["frequency_kept"].as_bool() {
            assert!(kept, "the example log keeps every rhythm: {}", i["id"]);
        }
        if let Some(regular) = i["regular"].as_bool() {
            assert!(regular, "the example log is regular: {}", i["id"]);
        }
    }
}

#[test]
fn a_year_without_meetings() {
    snapshot!(
        "indicators_year_without_meetings",
        &["indicators", "--color", "never", VALLEE, "--year", "2027"],
        0,
    );
}

#[test]
fn a_year_outside_the_convention_is_a_usage_error() {
    snapshot!(
        "indicators_year_outside",
        &["indicators", "--color", "never", VALLEE, "--year", "2031"],
        2,
    );
}

#[test]
fn a_file_without_governance_is_a_usage_error() {
    snapshot!(
        "indicators_without_governance",
        &[
            "indicators",
            "--color",
            "never",
            "scenarios/golfe-des-etangs.toml",
        ],
        2,
    );
}

/// Breaches are shown in full before the table, and the exit code says so.
#[test]
fn breaches_are_reported_with_the_indicators() {
    snapshot!(
        "indicators_breach",
        &[
            "indicators",
            "--color",
            "never",
            "tests/fixtures/invalid/ctg100-meeting-frequency.toml",
        ],
        1,
    );
}

#[test]
fn out_writes_the_file_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("indicateurs.csv");
    let p = path.display().to_string();
    let args = [
        "indicators",
        "--color",
        "never",
        VALLEE,
        "--format",
        "csv",
        "--out",
        &p,
    ];
    let out = run(&args, 0);
    assert!(out.stdout.is_empty(), "the data goes to the file only");
    let bytes = std::fs::read(&path).expect("written");
    assert!(bytes.starts_with("\u{feff}year;indicator;".as_bytes()));
    let text = String::from_utf8(bytes).expect("UTF-8");
    assert!(text.contains("all;participation_percent;;All instances;87,9;;;\r\n"));
    run(&args, 2);
}
