//! Snapshots of the tables and the catalogue in both languages, on the
//! bundled scenarios: what a negotiator and a finance officer read.

mod support;

use support::VALLEE;

fn snapshot(name: &str, args: &[&str], exit: i32) {
    let out = support::output(args);
    support::assert_exit(&out, args, exit);
    insta_cmd::assert_cmd_snapshot!(name, support::ctgplan(args));
}

#[test]
fn cost_diff_budget_indicators_in_both_languages() {
    for lang in ["fr", "en"] {
        let l = &["--lang", lang, "--color", "never"][..];
        let with = |rest: &[&'static str]| -> Vec<&str> {
            l.iter().copied().chain(rest.iter().copied()).collect()
        };
        snapshot(
            &format!("{lang}_cost"),
            &with(&["cost", VALLEE, "--period", "2027-2030"]),
            0,
        );
        snapshot(
            &format!("{lang}_budget"),
            &with(&["cost", VALLEE, "--years", "2026-2027"]),
            0,
        );
        snapshot(
            &format!("{lang}_diff"),
            &with(&["diff", VALLEE, "2026", "2027-2030"]),
            0,
        );
        snapshot(
            &format!("{lang}_indicators"),
            &with(&["indicators", VALLEE]),
            0,
        );
        snapshot(
            &format!("{lang}_portfolio"),
            &with(&["portfolio", "scenarios/caf-bouches-du-rhone.toml"]),
            0,
        );
        snapshot(
            &format!("{lang}_unknown_period"),
            &with(&["cost", VALLEE, "--period", "2040"]),
            2,
        );
    }
}

#[test]
fn the_catalogue_in_both_languages() {
    for lang in ["fr", "en"] {
        snapshot(
            &format!("{lang}_explain_ctg040"),
            &["--lang", lang, "explain", "CTG040"],
            0,
        );
        snapshot(
            &format!("{lang}_explain_nope"),
            &["--lang", lang, "explain", "nope"],
            2,
        );
        snapshot(&format!("{lang}_rules"), &["--lang", lang, "rules"], 0);
    }
}
