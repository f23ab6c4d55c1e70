//! Negotiation (issue 15 part B): rules of one period (`[period.rules]`),
//! variant files (`extends`), `ctgplan compare`. Commands run from the crate
//! root with relative paths and `--color never`.

mod support;

use support::{output, run};

const TARGET: &str = "tests/fixtures/negotiate/period-rules-target.toml";
const EVERYWHERE: &str = "tests/fixtures/negotiate/period-rules-everywhere.toml";

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A minimum that only the target period should have: in `[rules]` it
/// breaks the 2026 transitional scheme and `propose --period 2027-2030`
/// refuses to plan; in the target's `[period.rules]` it plans, and the plan
/// gives the theme its minimum.
#[test]
fn a_minimum_of_the_target_period_only_lets_propose_plan_it() {
    let args = ["propose", "--color", "never", "--period", "2027-2030"];
    let out = output(&[&args[..], &[EVERYWHERE]].concat());
    let t = text(&out);
    assert_eq!(out.status.code(), Some(2), "{t}");
    assert!(t.contains("error[CTG042]: period 2026"), "{t}");

    let out = run(&[&args[..], &[TARGET]].concat(), 0);
    let t = text(&out);
    let themes = t
        .lines()
        .find(|l| l.starts_with("themes "))
        .unwrap_or_else(|| panic!("no themes line in\n{t}"));
    let petite_enfance = themes.split_whitespace().nth(3).unwrap_or("");
    let value: f64 = petite_enfance.parse().unwrap_or(0.0);
    assert!(value >= 2.0, "petite enfance gets {petite_enfance}:\n{t}");
    assert!(t.contains("the scheme passes check"), "{t}");
}
