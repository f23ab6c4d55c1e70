//! `check --format sarif|github|gitlab|junit`: each output is validated
//! against its published schema (vendored in tests/schemas/) or parsed by a
//! reader of the format, on real files: the bundled scenarios, a breach, and a
//! path that does not exist (which must appear inside the document).

use insta_cmd::get_cargo_bin;
use serde_json::Value;
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const BREACH: &str = "tests/fixtures/invalid/ctg030-period-total.toml";
const MISSING: &str = "tests/fixtures/no-such-file.toml";

fn check(format: &str, paths: &[&str]) -> (String, i32) {
    check_env(format, paths, None)
}

fn check_env(format: &str, paths: &[&str], docs_url: Option<&str>) -> (String, i32) {
    let mut cmd = Command::new(get_cargo_bin("ctgplan"));
    cmd.env("CTGPLAN_LANG", "en");
    match docs_url {
        Some(url) => cmd.env("CTGPLAN_DOCS_URL", url),
        None => cmd.env_remove("CTGPLAN_DOCS_URL"),
    };
    let out = cmd
        .current_dir(ROOT)
        .args(["check", "--format", format])
        .args(paths)
        .output()
        .expect("the binary runs");
    assert!(
        out.stderr.is_empty(),
        "a CI format says everything on stdout; stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).expect("UTF-8 output"),
        out.status.code().expect("exit code"),
    )
}

fn schema(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(format!("{ROOT}/tests/schemas/{name}")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the vendored schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, doc: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "schema errors:\n{}", errors.join("\n"));
}

#[test]
fn sarif_is_valid_sarif_2_1_0_with_the_catalogue_and_every_path() {
    let validator = schema("sarif-schema-2.1.0.json");
    let docs = "https://example.org/ctgplan/docs/rules.md";
    for (paths, exit, url) in [
        (vec!["scenarios"], 0, Some(docs)),
        (vec![BREACH], 1, None),
        (vec!["scenarios", MISSING], 2, Some(docs)),
    ] {
        let (text, code) = check_env("sarif", &paths, url);
        assert_eq!(code, exit, "{paths:?}");
        let doc: Value = serde_json::from_str(&text).unwrap();
        assert_valid(&validator, &doc);
        let run = &doc["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), ctgplan::rules::all().len());
        for r in rules {
            let help = r["help"]["text"].as_str().unwrap();
            assert!(help.contains("## Why") && help.contains("See docs/rules.md#ctg"));
            match url {
                Some(u) => assert!(r["helpUri"]
                    .as_str()
                    .unwrap()
                    .starts_with(&format!("{u}#ctg"))),
                None => assert!(r.get("helpUri").is_none()),
            }
            let level = r["defaultConfiguration"]["level"].as_str().unwrap();
            assert!(level == "error" || level == "warning");
        }
        for result in run["results"].as_array().unwrap() {
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], result["ruleId"]);
        }
    }
    let (text, _) = check("sarif", &[BREACH]);
    let doc: Value = serde_json::from_str(&text).unwrap();
    let result = &doc["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "CTG030");
    assert_eq!(result["level"], "error");
    let loc = &result["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], BREACH);
    assert!(loc["region"]["startLine"].as_u64().unwrap() > 1);
    assert!(result["message"]["text"]
        .as_str()
        .unwrap()
        .contains("help: change the total"));

    let (text, _) = check("sarif", &[MISSING]);
    let doc: Value = serde_json::from_str(&text).unwrap();
    let result = &doc["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "CTG001");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        MISSING
    );
    assert_eq!(
        doc["runs"][0]["invocations"][0]["executionSuccessful"],
        false
    );
}

#[test]
fn gitlab_entries_pass_gitlabs_schema_with_check_name_and_stable_fingerprints() {
    let validator = schema("gitlab-codeclimate.json");
    let (text, code) = check("gitlab", &["scenarios", BREACH, MISSING]);
    assert_eq!(code, 2);
    let doc: Value = serde_json::from_str(&text).unwrap();
    let entries = doc.as_array().expect("a JSON array");
    assert!(entries.len() >= 3, "{text}");
    let mut fingerprints = std::collections::HashSet::new();
    for e in entries {
        assert_valid(&validator, e);
        assert!(!e["check_name"].as_str().unwrap().is_empty());
        let sev = e["severity"].as_str().unwrap();
        assert!(["info", "minor", "major", "critical", "blocker"].contains(&sev));
        assert!(e["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(fingerprints.insert(e["fingerprint"].as_str().unwrap().to_owned()));
    }
    let missing = entries
        .iter()
        .find(|e| e["location"]["path"] == MISSING)
        .expect("the missing path is in the report");
    assert_eq!(missing["severity"], "blocker");
    assert!(missing["check_name"]
        .as_str()
        .unwrap()
        .starts_with("CTG001"));
    let breach = entries
        .iter()
        .find(|e| e["location"]["path"] == BREACH)
        .unwrap();
    assert_eq!(breach["check_name"], "CTG030 period-total");
    assert_eq!(breach["severity"], "major");
    // Same input, same fingerprints.
    assert_eq!(check("gitlab", &["scenarios", BREACH, MISSING]).0, text);
}

#[test]
fn junit_has_one_case_per_file_and_fails_the_breaching_ones() {
    let (text, code) = check("junit", &["scenarios", BREACH, MISSING]);
    assert_eq!(code, 2);
    let report = quick_junit::Report::deserialize_from_str(&text).expect("valid JUnit XML");
    let suite = &report.test_suites[0];
    let bundled = std::fs::read_dir(format!("{ROOT}/scenarios"))
        .unwrap()
        .count();
    assert_eq!(suite.test_cases.len(), bundled + 2);
    let case = |name: &str| {
        suite
            .test_cases
            .iter()
            .find(|c| c.name.as_str() == name)
            .unwrap_or_else(|| panic!("no test case {name}"))
    };
    assert!(!matches!(
        case(BREACH).status,
        quick_junit::TestCaseStatus::Success { .. }
    ));
    assert!(!matches!(
        case(MISSING).status,
        quick_junit::TestCaseStatus::Success { .. }
    ));
    assert!(matches!(
        case("scenarios/golfe-des-etangs.toml").status,
        quick_junit::TestCaseStatus::Success { .. }
    ));
    assert!(text.contains("CTG030") && text.contains("CTG001"));
}

#[test]
fn junit_fails_a_file_with_warnings_when_warnings_are_denied() {
    // The bundled Vallée des Baux scenario has warnings and no error.
    let vallee = "scenarios/vallee-des-baux-alpilles.toml";
    let status = |deny: bool| {
        let mut cmd = Command::new(get_cargo_bin("ctgplan"));
        cmd.env("CTGPLAN_LANG", "en");
        cmd.current_dir(ROOT).args(["check", "--format", "junit"]);
        if deny {
            cmd.args(["--deny", "warnings"]);
        }
        let out = cmd.arg(vallee).output().expect("the binary runs");
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        let report = quick_junit::Report::deserialize_from_str(&text).expect("valid JUnit XML");
        let failed = !matches!(
            report.test_suites[0].test_cases[0].status,
            quick_junit::TestCaseStatus::Success { .. }
        );
        (out.status.code(), failed)
    };
    assert_eq!(status(false), (Some(0), false));
    assert_eq!(status(true), (Some(1), true));
}

#[test]
fn github_lines_are_workflow_commands() {
    let (text, code) = check("github", &[BREACH, MISSING]);
    assert_eq!(code, 2);
    let lines: Vec<&str> = text.lines().collect();
    let commands: Vec<&&str> = lines.iter().filter(|l| l.starts_with("::")).collect();
    assert_eq!(commands.len(), lines.len() - 1, "one summary line: {text}");
    let breach = commands
        .iter()
        .find(|l| l.contains("title=CTG030 period-total"))
        .expect("the breach");
    assert!(breach.starts_with(&format!("::error file={BREACH},line=")));
    assert!(breach.contains(",col=") && breach.contains("%0Ahelp: "));
    assert!(!breach.contains('\n'));
    assert!(commands.iter().any(|l| l.starts_with(&format!(
        "::error file={MISSING},title=CTG001 unreadable-file::"
    ))));
}

/// What a CI log and a merge request show for one breach and one missing
/// path, as snapshots (the exit code is asserted apart, so that accepting a
/// snapshot cannot accept a wrong one).
#[test]
fn ci_outputs_of_a_breach_and_a_missing_path() {
    for format in ["github", "gitlab", "junit"] {
        let (_, code) = check(format, &[BREACH, MISSING]);
        assert_eq!(code, 2);
        let mut cmd = Command::new(get_cargo_bin("ctgplan"));
        cmd.env("CTGPLAN_LANG", "en");
        cmd.current_dir(ROOT)
            .env_remove("CTGPLAN_DOCS_URL")
            .args(["check", "--format", format, BREACH, MISSING]);
        insta_cmd::assert_cmd_snapshot!(format!("breach_and_missing_{format}"), cmd);
    }
}
