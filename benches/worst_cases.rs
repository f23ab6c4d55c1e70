//! `check` (load, rules, the planner's advice on CTG040) on the worst inputs
//! the limits accept (tests/common/worst.rs), in process. Peak memory and the
//! binary's own time: `cargo test --release --test worst_cases -- --ignored
//! --nocapture`. Run: `cargo bench --bench worst_cases`; figures in
//! docs/reliability.md.

#[path = "../tests/common/worst.rs"]
mod worst;

use criterion::{criterion_group, criterion_main, Criterion};
use ctgplan::check::check_loaded;
use ctgplan::scenario::load_str;
use std::hint::black_box;
use std::time::Duration;

fn bench_worst_checks(c: &mut Criterion) {
    let mut g = c.benchmark_group("worst");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    let limit = usize::try_from(ctgplan::scenario::load::MAX_FILE_BYTES).unwrap_or(usize::MAX);
    for case in worst::all(limit) {
        if case.command != worst::Command::Check {
            continue;
        }
        g.bench_function(case.name.trim_end_matches(".toml"), |b| {
            b.iter(|| {
                check_loaded(load_str(case.name, black_box(&case.text)))
                    .diagnostics
                    .len()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench_worst_checks);
criterion_main!(benches);
