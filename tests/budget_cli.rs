//! `ctgplan cost --years`: the convention's budget on the bundled scenario
//! (snapshots), what docs/cost.md shows of it, and its usage errors.

mod support;

use support::{run, ROOT, VALLEE};

#[test]
fn budget_of_the_convention() {
    snapshot!(
        "budget_human",
        &["cost", "--color", "never", VALLEE, "--years", "2026-2030"],
        0
    );
    snapshot!(
        "budget_csv",
        &[
            "cost",
            VALLEE,
            "--years",
            "2026-2027",
            "--format",
            "csv",
            "--csv-style",
            "plain"
        ],
        0
    );
}

#[test]
fn json_budget_adds_up() {
    let o = run(
        &["cost", VALLEE, "--years", "2026-2030", "--format", "json"],
        0,
    );
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(j["years"], "2026-2030");
    assert_eq!(j["by_year"].as_array().map(Vec::len), Some(5));
    assert_eq!(j["convention_total"]["rest"], "441300.00");
    assert_eq!(j["by_year"][0]["total"]["rest"], "84100.00");
    assert_eq!(j["cost_vacant_posts"], true);
    assert_eq!(j["indexation"], serde_json::Value::Null);
}

#[test]
fn docs_show_real_output() {
    let doc = std::fs::read_to_string(format!("{ROOT}/docs/cost.md")).expect("docs/cost.md");
    let start = doc.find("Rest to pay per year\n").expect("the excerpt");
    let end = start + doc[start..].find("```").expect("block end");
    let o = run(
        &["cost", "--color", "never", VALLEE, "--years", "2026-2030"],
        0,
    );
    let text = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    for line in doc[start..end]
        .lines()
        .filter(|l| *l != "[...]" && !l.is_empty())
    {
        assert!(
            lines.contains(&line),
            "docs/cost.md shows a line ctgplan does not print: {line}"
        );
    }
}

#[test]
fn years_without_a_period_and_bad_spans() {
    let o = run(&["cost", VALLEE, "--years", "2026-2031"], 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no period covers 2031") && err.contains("2027-2030"),
        "{err}"
    );
    let o = run(&["cost", VALLEE, "--years", "2030-2026"], 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a year or a span of years"));
    run(&["cost", VALLEE, "--years", "2026", "--period", "2026"], 2);
}
