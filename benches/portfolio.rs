//! The national review by Caf: about 1,200 territories (34,800 communes) in
//! 101 Caf portfolios, each territory parsed and checked by the scenario
//! rules, then each Caf's territories summed year by year and checked
//! against its envelope (the portfolio rules), on every core. Results:
//! docs/benchmarks.md. Run: `cargo bench --bench portfolio`.

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

criterion_group!(benches, bench_national_by_caf);
criterion_main!(benches);
