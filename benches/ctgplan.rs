//! Benchmarks: parse, check and propose at several sizes, with each solver
//! compiled in. Results and how to read them: docs/benchmarks.md.
//! Run: `cargo bench --bench ctgplan` (add `--features highs` for HiGHS).

#[path = "../tests/common/mod.rs"]
mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use ctgplan::plan::build::Objective;
use ctgplan::plan::propose::{propose, Proposal, Scope};
use ctgplan::plan::solve::{Backend, Options};
use ctgplan::scenario::load_str;
use std::hint::black_box;
use std::time::Duration;

/// A generated territory, every figure fixed (what `check` sees).
fn fixed(communes: usize, periods: usize) -> String {
    common::fixed_text(communes, periods, false)
}

fn bench_parse_and_check(c: &mut Criterion) {
    let mut g = c.benchmark_group("check");
    let vallee = include_str!("../scenarios/vallee-des-baux-alpilles.toml");
    g.bench_function("vallee-des-baux/parse", |b| {
        b.iter(|| load_str("v.toml", black_box(vallee)))
    });
    g.bench_function("vallee-des-baux/parse+check", |b| {
        b.iter(|| {
            let l = load_str("v.toml", black_box(vallee));
            l.scenario.map(|s| ctgplan::rules::check(&s))
        })
    });
    for communes in [10, 100, 1000] {
        let text = fixed(communes, 4);
        g.bench_with_input(BenchmarkId::new("parse", communes), &text, |b, t| {
            b.iter(|| load_str("g.toml", black_box(t)))
        });
        g.bench_with_input(BenchmarkId::new("parse+check", communes), &text, |b, t| {
            b.iter(|| {
                let l = load_str("g.toml", black_box(t));
                l.scenario.map(|s| ctgplan::rules::check(&s))
            })
        });
    }
    g.finish();
}

/// A Caf-wide or national review: 1,200 territories of 29 communes (about
/// 35,000 communes), in memory, on every core. Parsing alone is the floor.
fn bench_national(c: &mut Criterion) {
    use rayon::prelude::*;
    let mut g = c.benchmark_group("national");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    let texts: Vec<String> = (0..1200).map(|_| fixed(29, 4)).collect();
    g.bench_function("1200x29/parse", |b| {
        b.iter(|| {
            texts
                .par_iter()
                .map(|t| load_str("g.toml", t).scenario.is_some())
                .count()
        })
    });
    g.bench_function("1200x29/parse+check", |b| {
        b.iter(|| {
            texts
                .par_iter()
                .map(|t| {
                    load_str("g.toml", t)
                        .scenario
                        .map(|s| ctgplan::rules::check(&s).len())
                })
                .count()
        })
    });
    g.finish();
}

fn bench_propose(c: &mut Criterion) {
    let mut g = c.benchmark_group("propose");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    // Communes (5 periods), periods (130 communes), then communes that each
    // list their own themes ("varied").
    let shapes: Vec<(usize, usize, bool)> = [10, 130, 500, 1000]
        .iter()
        .map(|c| (*c, 5, false))
        .chain([2, 3, 8].iter().map(|p| (130, *p, false)))
        .chain([(130, 5, true), (1000, 5, true)])
        .collect();
    for &(communes, periods, varied) in &shapes {
        let text = common::open_text(communes, periods, varied);
        let id = format!(
            "{communes}x{periods}{}",
            if varied { "-varied" } else { "" }
        );
        // The floor: reading the same input.
        g.bench_with_input(BenchmarkId::new("parse", &id), &text, |b, t| {
            b.iter(|| load_str("g.toml", black_box(t)))
        });
        let s = load_str("g.toml", &text)
            .scenario
            .expect("generated scenario loads");
        for backend in Backend::available() {
            let opts = Options {
                backend: *backend,
                time_limit: Some(Duration::from_secs(120)),
            };
            g.bench_with_input(BenchmarkId::new(backend.name(), &id), &s, |b, s| {
                b.iter(|| {
                    let p =
                        propose(s, &Scope::All, Objective::Closest, opts).expect("model builds");
                    assert!(
                        matches!(p, Proposal::Planned(_)),
                        "the generated ask is feasible"
                    );
                    p
                })
            });
        }
    }
    g.finish();
}

/// Asks on the Vallée des Baux scenario: one feasible ask, and asks no
/// scheme meets, answered with three alternatives (`plan::negotiate`).
fn bench_negotiate(c: &mut Criterion) {
    use ctgplan::plan::ask;
    use ctgplan::plan::negotiate::Negotiation;
    use ctgplan::plan::propose::{plan_negotiated, scope_indices};
    let mut g = c.benchmark_group("negotiate");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/vallee-des-baux-alpilles.toml"
    ))
    .expect("the scenario is readable");
    let s = load_str("vba.toml", &text).scenario.expect("it loads");
    let cases: [(&str, &[&str], usize); 2] = [
        ("vallee-des-baux/ask", &["2027-2030.aureille=0.3"], 1),
        (
            "vallee-des-baux/3-alternatives",
            &["2027-2030.aureille=1.5", "2027-2030.saint-remy>=1.2"],
            3,
        ),
    ];
    for (name, asks, alternatives) in cases {
        let neg = Negotiation {
            asks: ask::resolve_all(&s, asks).expect("asks resolve"),
            alternatives,
            ..Negotiation::default()
        };
        let s = neg.scenario(&s);
        let indices = scope_indices(&s, &Scope::Open).expect("periods");
        g.bench_function(name, |b| {
            b.iter(|| {
                plan_negotiated(&s, &indices, Objective::Closest, Options::default(), &neg)
                    .expect("model builds")
            })
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    bench_parse_and_check,
    bench_national,
    bench_propose,
    bench_negotiate
);
criterion_main!(benches);
