//! The national review by Caf: about 1,200 territories (34,800 communes) in
//! 101 Caf portfolios, each territory parsed and checked by the scenario
//! rules, then each Caf's territories summed year by year and checked
//! against its envelope (the portfolio rules), on every core. Results:
//! docs/benchmarks.md. Also one Caf of 30 territories planned under its
//! envelope (`propose caf.toml`). Run: `cargo bench --bench portfolio`.

#[path = "../tests/common/mod.rs"]
mod common;

use criterion::{criterion_group, criterion_main, Criterion};
use ctgplan::check::portfolio::check_covered;
use ctgplan::portfolio::summary::Covered;
use ctgplan::scenario::load_str;
use rayon::prelude::*;
use std::time::Duration;

/// One Caf: parse and check its territories, sum them, check the envelope.
fn review(caf: &common::CafSet) -> usize {
    let p = ctgplan::portfolio::load::load_str("caf.toml", &caf.portfolio)
        .portfolio
        .expect("generated portfolio loads");
    let mut findings = 0;
    let covered: Vec<Covered> = caf
        .territories
        .iter()
        .filter_map(|(name, text)| {
            let s = load_str(name, text).scenario?;
            findings += ctgplan::rules::check(&s).len();
            Some(Covered::new(name.clone(), 0..0, None, s))
        })
        .collect();
    let (summary, diags) = check_covered(&p, &covered, &[], &[]);
    assert!(
        diags.is_empty(),
        "the generated portfolio passes: {diags:?}"
    );
    findings + summary.years.len()
}

fn bench_national_by_caf(c: &mut Criterion) {
    let mut g = c.benchmark_group("national-portfolios");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    let cafs = common::national_portfolios(1200, 29, 4, 101);
    g.bench_function("1200x29 in 101 Cafs/parse+check+sum", |b| {
        b.iter(|| cafs.par_iter().map(review).sum::<usize>())
    });
    // The sums and portfolio rules alone, on territories already loaded.
    let loaded: Vec<(ctgplan::portfolio::Portfolio, Vec<Covered>)> = cafs
        .iter()
        .map(|caf| {
            let p = ctgplan::portfolio::load::load_str("caf.toml", &caf.portfolio)
                .portfolio
                .expect("loads");
            let covered = caf
                .territories
                .iter()
                .map(|(n, t)| {
                    Covered::new(
                        n.clone(),
                        0..0,
                        None,
                        load_str(n, t).scenario.expect("loads"),
                    )
                })
                .collect();
            (p, covered)
        })
        .collect();
    g.bench_function("1200x29 in 101 Cafs/sum+portfolio rules", |b| {
        b.iter(|| {
            loaded
                .par_iter()
                .map(|(p, covered)| check_covered(p, covered, &[], &[]).0.years.len())
                .sum::<usize>()
        })
    });
    g.finish();
}

/// One Caf of 30 territories and 600 communes planned by `propose caf.toml`
/// under an envelope ask that binds (2028-2031 at 200 ETP for about 207
/// planned alone), so that the territories are solved together: load and
/// check the portfolio, plan each territory alone, then together, write and
/// check every plan.
fn bench_caf_plan(c: &mut Criterion) {
    use ctgplan::plan::portfolio as pplan;
    let mut g = c.benchmark_group("portfolio-plan");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    let dir = tempfile::tempdir().expect("temp dir");
    let caf = common::national_portfolios(30, 20, 4, 1)
        .into_iter()
        .next()
        .expect("one Caf");
    for (name, text) in &caf.territories {
        std::fs::write(dir.path().join(name), text).expect("written");
    }
    let file = dir.path().join("caf.toml");
    std::fs::write(&file, &caf.portfolio).expect("written");
    let asks = vec!["2028-2031.envelope=200".to_owned()];
    g.bench_function("30x20 one Caf/propose, envelope binding", |b| {
        b.iter(|| {
            let pc = ctgplan::check::portfolio::check_path(&file);
            let p = pc.portfolio.as_ref().expect("loads");
            let asks = pplan::read_asks(&pc.covered, &asks).expect("asks");
            let penv = pplan::with_envelope(p, &asks);
            let ts = pplan::territories(&penv, &pc.covered, &asks, &Default::default())
                .expect("territories");
            let planned = pplan::plan(
                &penv,
                &ts,
                ctgplan::plan::build::Objective::Closest,
                ctgplan::plan::solve::Options::default(),
                3,
            )
            .expect("builds");
            assert!(matches!(planned, pplan::PortfolioProposal::Planned(_)));
        })
    });
    g.finish();
}

criterion_group!(benches, bench_national_by_caf, bench_caf_plan);
criterion_main!(benches);
