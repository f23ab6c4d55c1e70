//! The ways out `propose` offers when no scheme meets the asks: their plans
//! are plans a person would sign (no carrier gets more than the scenario
//! gives it), and they differ in kind (the Caf's total among them).

use ctgplan::plan::ask;
use ctgplan::plan::build::Objective;
use ctgplan::plan::negotiate::Negotiation;
use ctgplan::plan::propose::{plan_negotiated, scope_indices, Alternative, Proposal, Scope};
use ctgplan::plan::solve::Options;
use ctgplan::scenario::load_path;
use rust_decimal::Decimal;

const VALLEE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/scenarios/vallee-des-baux-alpilles.toml"
);

fn run(asks: &[&str]) -> Proposal {
    let s = load_path(std::path::Path::new(VALLEE))
        .scenario
        .expect("the scenario loads");
    let neg = Negotiation {
        asks: ask::resolve_all(&s, asks).expect("the asks resolve"),
        alternatives: 3,
        ..Negotiation::default()
    };
    let s = neg.scenario(&s);
    let mut indices = scope_indices(&s, &Scope::Open).expect("a scope");
    indices.extend(neg.periods());
    indices.sort_unstable();
    indices.dedup();
    plan_negotiated(&s, &indices, Objective::Closest, Options::default(), &neg)
        .expect("the model builds")
}

fn ways_out(asks: &[&str]) -> Vec<Alternative> {
    match run(asks) {
        Proposal::Impossible { alternatives, .. } => alternatives,
        other => panic!("{asks:?}: expected no scheme, got {other:?}"),
    }
}

#[test]
fn ways_out_give_no_carrier_more_and_include_the_caf_total() {
    for asks in [
        &["2027-2030.saint-remy=2.5"][..],
        &["2027-2030.aureille=1.5", "2027-2030.saint-remy>=1.2"][..],
        &["2027-2030.saint-remy=2.0", "2027-2030.aureille>=0.5"][..],
    ] {
        let alts = ways_out(asks);
        assert!(alts.len() >= 2, "{asks:?}: {} ways out", alts.len());
        assert!(
            alts.iter()
                .any(|a| a.relaxations.iter().any(|r| r.code.as_str() == "CTG032")),
            "{asks:?}: no way out raises the Caf's total"
        );
        for (k, a) in alts.iter().enumerate() {
            assert!(a.confirmed, "{asks:?}: way out {k} not confirmed");
            let plan = a.plan.as_ref().expect("a confirmed way out has a plan");
            for p in &plan.periods {
                let ccvba = p
                    .holders
                    .iter()
                    .find(|(h, _)| h == "ccvba")
                    .map_or(Decimal::ZERO, |(_, v)| *v);
                assert_eq!(
                    ccvba,
                    Decimal::ZERO,
                    "{asks:?}: way out {k} gives the CCVBA {ccvba} ETP in {}",
                    p.id
                );
            }
        }
    }
}

/// A way out is planned as a plan is: raising the Caf's total to meet
/// `total=4.0` gives the scheme `propose` gives when both are asked (the
/// file's figures kept where they can be), not any scheme the changes allow.
#[test]
fn a_way_out_is_planned_closest_to_the_file() {
    let alts = ways_out(&["2027-2030.total=4.0"]);
    let first = alts.first().expect("a way out");
    assert!(
        first
            .relaxations
            .iter()
            .all(|r| r.code.as_str() == "CTG032"),
        "{:?}",
        first.relaxations
    );
    let Proposal::Planned(direct) = run(&["2027-2030.total=4.0", "2027-2030.caf_total=4.0"]) else {
        panic!("both asks together are planned");
    };
    let holders = |p: &ctgplan::plan::propose::Plan| {
        p.periods
            .iter()
            .find(|x| x.id == "2027-2030")
            .map(|x| x.holders.clone())
    };
    let way = first.plan.as_ref().expect("a confirmed plan");
    assert_eq!(holders(way), holders(&direct));
}
