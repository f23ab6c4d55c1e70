//! Properties of `propose caf.toml`: whatever the envelope, a plan meets it
//! and every planned territory passes its own rules' checks; when no plan
//! exists, raising the envelope as the first way out says gives one.

use ctgplan::check::portfolio::check_path;
use ctgplan::plan::build::Objective;
use ctgplan::plan::negotiate::Negotiation;
use ctgplan::plan::portfolio::{self as pplan, PortfolioProposal, Way};
use ctgplan::plan::solve::Options;
use ctgplan::rules;
use ctgplan::scenario::load_str;
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::path::Path;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/portfolio-plan/caf.toml"
);

fn tenths(n: u32) -> Decimal {
    Decimal::new(i64::from(n), 1)
}

/// Plans the fixture with these asks; on a plan, checks it and returns
/// `None`, else the ways out.
fn plan_and_check(asks: &[String]) -> Option<Vec<Way>> {
    let pc = check_path(Path::new(FIXTURE));
    let p = pc.portfolio.as_ref().expect("portfolio loads");
    let asks = pplan::read_asks(&pc.covered, asks).expect("asks read");
    let penv = pplan::with_envelope(p, &asks);
    let ts = pplan::territories(&penv, &pc.covered, &asks, &Negotiation::default())
        .expect("territories");
    match pplan::plan(&penv, &ts, Objective::Closest, Options::default(), 3).expect("builds") {
        PortfolioProposal::Planned(plan) => {
            // Checked again here, from the plans alone: each planned file
            // with the rules' own checks, then the envelope year by year.
            for (t, pl) in ts.iter().zip(&plan.plans) {
                let Some(pl) = pl else { continue };
                let text = pplan::written(t, pl).expect("written");
                let s = load_str(&t.covered.file, &text)
                    .scenario
                    .expect("the planned file loads");
                let errors: Vec<_> = rules::check(&s)
                    .into_iter()
                    .filter(|d| d.severity == ctgplan::diagnostic::Severity::Error)
                    .collect();
                assert!(errors.is_empty(), "{}: {errors:?}", t.covered.file);
            }
            let v = pplan::verify(&penv, &ts, &plan.plans).expect("verified");
            assert!(v.passes(), "{:?}", v.portfolio);
            for y in &v.summary.years {
                if let (Some(e), Some(cap)) = (y.etp, y.envelope_etp) {
                    assert!(e <= cap, "{}: {e} > {cap}", y.year);
                }
            }
            None
        }
        PortfolioProposal::Impossible(ways) => Some(ways),
        other => panic!("{other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn a_plan_meets_the_envelope_and_every_rule(e26 in 30u32..60, e27 in 10u32..50, e29 in 10u32..50) {
        let asks = vec![
            format!("2026.envelope={}", tenths(e26)),
            format!("2027-2028.envelope={}", tenths(e27)),
            format!("2029.envelope={}", tenths(e29)),
        ];
        if let Some(ways) = plan_and_check(&asks) {
            // The first way out, when it raises the envelope, is enough.
            prop_assert!(!ways.is_empty());
            if let Some(Way::Envelope { years, .. }) = ways.first() {
                let mut raised = asks.clone();
                for (y, _, to) in years {
                    raised.push(format!("{y}.envelope={to}"));
                }
                prop_assert!(plan_and_check(&raised).is_none(), "{raised:?}");
            }
        }
    }
}
