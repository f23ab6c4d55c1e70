//! `ctgplan propose caf.toml`: a Caf's portfolio planned under its envelope,
//! on real files (tests/fixtures/portfolio-plan, and the bundled portfolio
//! of the Caf des Bouches-du-Rhône).

mod support;

use support::{output, run};

const FIXTURE: &str = "tests/fixtures/portfolio-plan/caf.toml";
const EXAMPLE: &str = "scenarios/caf-bouches-du-rhone.toml";

#[test]
fn planned_together_when_alone_they_break_the_envelope() {
    snapshot!("together_en", &["propose", FIXTURE], 0);
    snapshot!("together_fr", &["--lang", "fr", "propose", FIXTURE], 0);
}

#[test]
fn planned_alone_when_the_envelope_allows() {
    let out = run(&["propose", "--set", "2027-2029.envelope=5", FIXTURE], 0);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("each territory was planned alone"), "{text}");
}

#[test]
fn json_plan_adds_up_within_the_envelope() {
    snapshot!(
        "together_json",
        &["propose", "--format", "json", FIXTURE],
        0
    );
    let out = run(&["propose", "--format", "json", FIXTURE], 0);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["status"], "planned");
    assert_eq!(v["solved_together"], true);
    for y in v["years"].as_array().expect("years") {
        let etp: f64 = y["etp"].as_str().expect("etp").parse().expect("number");
        if let Some(env) = y["envelope_etp"].as_str() {
            let env: f64 = env.parse().expect("number");
            assert!(etp <= env + 1e-9, "{y}");
        }
    }
}

#[test]
fn an_envelope_ask_no_scheme_meets_gives_ways_out_per_territory() {
    snapshot!(
        "impossible_en",
        &["propose", "--set", "2027-2029.envelope=1.5", FIXTURE],
        1
    );
    snapshot!(
        "impossible_fr",
        &[
            "--lang",
            "fr",
            "propose",
            "--set",
            "2027-2029.envelope=1.5",
            FIXTURE
        ],
        1
    );
    snapshot!(
        "impossible_json",
        &[
            "propose",
            "--format",
            "json",
            "--set",
            "2027-2029.envelope=1.5",
            FIXTURE
        ],
        1
    );
}

#[test]
fn the_bundled_portfolio_with_a_caf_level_ask() {
    snapshot!("example_plan", &["propose", EXAMPLE], 0);
    snapshot!(
        "example_envelope_6_8",
        &["propose", "--set", "2027.envelope=6.8", EXAMPLE],
        1
    );
}

#[test]
fn territory_asks_with_and_without_prefix() {
    let out = run(
        &[
            "propose",
            "--format",
            "json",
            "--set",
            "2027-2029.n1=0.5",
            "--set",
            "sud/2027-2029.s1=0.9",
            FIXTURE,
        ],
        0,
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let t = v["territories"].as_array().expect("territories");
    assert_eq!(t[0]["periods"][1]["holders"]["n1"], "0.5");
    assert_eq!(t[1]["periods"][1]["holders"]["s1"], "0.9");
}

#[test]
fn asks_that_cannot_be_used_are_refused() {
    snapshot!(
        "ask_ambiguous",
        &["propose", "--set", "2027-2029.total=1", FIXTURE],
        2
    );
    snapshot!(
        "ask_unknown_territory",
        &["propose", "--set", "ouest/2027-2029.total=1", FIXTURE],
        2
    );
    snapshot!(
        "ask_envelope_ge",
        &["propose", "--set", "2027.envelope>=1", FIXTURE],
        2
    );
    snapshot!(
        "scenario_options_refused",
        &["propose", "--period", "2026", FIXTURE],
        2
    );
    let out = output(&[
        "propose",
        "--format",
        "json",
        "scenarios/golfe-des-etangs.toml",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

/// The example in docs/portfolio-plan.md is what the command prints.
#[test]
fn the_doc_shows_real_output() {
    let out = run(&["propose", "--set", "2027-2029.envelope=1.5", FIXTURE], 1);
    let doc =
        std::fs::read_to_string(format!("{}/docs/portfolio-plan.md", support::ROOT)).expect("doc");
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        doc.contains(&format!("```text\n{printed}```")),
        "docs/portfolio-plan.md is out of date; it should show:\n{printed}"
    );
}

/// A euro envelope whose euros cannot be known (a territory without rates)
/// is never said to be met (found by a new-user trial).
#[test]
fn unknown_euros_are_not_said_to_meet_the_envelope() {
    let out = run(
        &[
            "--lang",
            "fr",
            "propose",
            "scenarios/caf-bouches-du-rhone.toml",
            "--set",
            "2027.euros=90000",
        ],
        0,
    );
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        printed.contains("l'enveloppe en euros de 2027 ne peut pas être vérifiée"),
        "{printed}"
    );
    assert!(!printed.contains("respecte son enveloppe"), "{printed}");
}

/// The known euros alone (the Vallée's 81,100 € at its floor) over the
/// envelope: no scheme, whatever the Golfe's unknown euros (CTG111); the
/// raise is "at least" those euros, the Golfe's being unknown.
#[test]
fn known_euros_alone_over_the_envelope_are_a_breach() {
    let out = run(
        &[
            "--lang",
            "fr",
            "propose",
            "scenarios/caf-bouches-du-rhone.toml",
            "--set",
            "2027.euros=1000",
        ],
        1,
    );
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        printed.contains("2027 de 1\u{202f}000,00\u{a0}€ à au moins 81\u{202f}100,00\u{a0}€"),
        "{printed}"
    );
}
