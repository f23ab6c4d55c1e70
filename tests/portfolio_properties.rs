//! Property tests of a Caf's portfolio: over random territories (the
//! generator of tests/common), the per-territory figures of each year add up
//! exactly to the portfolio's totals, what is left is the envelope minus the
//! total, each territory's figure is its period's own, and CTG110 is
//! reported exactly when a year is over the envelope.

mod common;

use common::{render, scenario_params, ScenarioParams};
use ctgplan::check::portfolio::check_covered;
use ctgplan::portfolio::load::load_str;
use ctgplan::portfolio::summary::Covered;
use proptest::prelude::*;
use rust_decimal::Decimal;

const FINANCING: &str = "\n[financing]\nassumption = \"test\"\ncost_per_etp = 51234.56\noperator_cost_per_etp = 60000\ncaf_rate = 33.3\ncoordinator_key = \"equal\"\n";

fn tenths(t: u32) -> Decimal {
    Decimal::new(i64::from(t), 1)
}

fn territory(i: usize, p: &ScenarioParams, financing: bool) -> Covered {
    let mut text = render(p).text.replace(
        "name = \"Territoire généré – Vallée\"",
        &format!("name = \"Territoire {i}\""),
    );
    if financing {
        text.push_str(FINANCING);
    }
    let l = ctgplan::scenario::load_str(&format!("t{i}.toml"), &text);
    assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
    Covered::new(format!("t{i}.toml"), 0..0, None, l.scenario.expect("loads"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn territories_add_up_to_the_portfolio(
        params in prop::collection::vec((scenario_params(), any::<bool>()), 1..5),
        envelope in 0u32..200,
    ) {
        let covered: Vec<Covered> = params
            .iter()
            .enumerate()
            .map(|(i, (p, f))| territory(i, p, *f))
            .collect();
        let portfolio = load_str(
            "caf.toml",
            &format!(
                "[portfolio]\ncaf = \"Caf de test\"\n[envelope]\n\"2018-2060\" = {{ etp = {}, euros = 400000 }}\n",
                tenths(envelope)
            ),
        )
        .portfolio
        .expect("portfolio loads");
        let (summary, diags) = check_covered(&portfolio, &covered, &[], &[]);
        let mut over = false;
        for y in &summary.years {
            // Totals are the sums of the rows, exactly; unknown when one is.
            let etp: Option<Decimal> = y.rows.iter().map(|r| r.etp).sum();
            prop_assert_eq!(y.etp, etp);
            let caf: Option<i64> = y.rows.iter().map(|r| r.caf).sum();
            prop_assert_eq!(y.caf, caf);
            let rest: Option<i64> = y.rows.iter().map(|r| r.rest).sum();
            prop_assert_eq!(y.rest, rest);
            prop_assert_eq!(y.left_etp, y.etp.map(|t| tenths(envelope) - t));
            prop_assert_eq!(y.left_euros, y.caf.map(|c| 40_000_000 - c));
            over |= y.etp.is_some_and(|t| t > tenths(envelope));
            // Each row is its territory's period figure, from the generator.
            for r in &y.rows {
                let (p, financed) = &params[r.territory];
                let period = &p.periods[r.period];
                let (first, last) = p.period_years()[r.period];
                prop_assert!(first <= y.year && y.year <= last);
                prop_assert_eq!(r.etp, Some(tenths(period.total() + period.caf_margin.unwrap_or(0))));
                prop_assert_eq!(r.caf.is_some(), *financed);
            }
            // A theme's sum across territories is the sum of its rows.
            for (theme, sum) in &y.themes {
                let rows: Decimal = y
                    .rows
                    .iter()
                    .flat_map(|r| r.themes.iter().flatten())
                    .filter(|(t, _)| t == theme)
                    .map(|(_, v)| *v)
                    .sum();
                prop_assert_eq!(*sum, rows);
            }
        }
        // Every year of every period is counted once.
        let counted: usize = summary.years.iter().map(|y| y.rows.len()).sum();
        let expected: usize = params
            .iter()
            .map(|(p, _)| p.periods.iter().map(|q| q.years as usize).sum::<usize>())
            .sum();
        prop_assert_eq!(counted, expected);
        let reported = diags
            .iter()
            .any(|d| matches!(d.code.to_string().as_str(), "CTG110"));
        prop_assert_eq!(reported, over);
    }
}
