//! Reference: the straightforward good_lp model of the `propose` problem,
//! built and solved directly (not through ctgplan's planner), on the same
//! generated instances as the `propose` group of benches/ctgplan.rs, so that
//! both can be measured on the same machine in the same run.
//! Run: `cargo bench --bench reference` (add `--features highs` for HiGHS).
//!
//! The instance is [`common::ScenarioParams::uniform`] with 5 periods, as
//! `common::open_text` hands it to `propose`: period 0 fixed (the reference),
//! periods 1.. open, `max_commune_move = 0.2` (2 tenths), `commune_max = 1.5`
//! (15 tenths), each period's total and theme totals given.
//!
//! Model, in tenths of ETP, for every open period y and commune c:
//! - integer `x[c][t][y]` in 0..=15 for each theme t;
//! - continuous `d[c][y] >= |Σ_t x[c][t][y] − Σ_t x[c][t][y−1]|` (two rows),
//!   period 0 being the constants of the reference;
//! - objective: minimise Σ d (L1 distance between consecutive periods);
//! - per period: Σ_c Σ_t x = total − coordinator;
//! - per period and theme: Σ_c x >= the period's theme total;
//! - per period and commune: 1 <= Σ_t x <= 15, or Σ_t x = 0 when the commune
//!   is pooled (or its post is still being negotiated: `open_text` keeps those
//!   posts at 0, and `propose` does not ask them to be covered);
//! - per period and commune: |Σ_t x[y] − Σ_t x[y−1]| <= 2 (two rows).

#[path = "../tests/common/mod.rs"]
mod common;

use common::{ScenarioParams, N_THEMES};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use good_lp::{
    constraint, variable, Constraint, Expression, ProblemVariables, Solution, SolutionStatus,
    Solver, SolverModel, Variable, WithTimeLimit,
};
use std::time::Duration;

const PERIODS: usize = 5;
/// `max_commune_move = 0.2`, in tenths.
const MAX_MOVE: i32 = 2;
/// `commune_max = 1.5`, in tenths.
const COMMUNE_MAX: i32 = 15;
/// The solver time limit, as in the planner's benchmark.
const TIME_LIMIT_SECS: f64 = 120.0;

/// What the model needs from a generated scenario, in tenths of ETP.
struct Instance {
    communes: usize,
    /// Commune ETP in period 0, fixed.
    reference: Vec<i32>,
    /// Per open period.
    years: Vec<Year>,
}

struct Year {
    /// Σ over communes and themes: the period total minus the coordinator.
    communes_total: i32,
    theme_min: [i32; N_THEMES],
    /// Per commune: held at 0 (pooled, or post being negotiated).
    zero: Vec<bool>,
    /// Per commune and theme: whether the post may serve that theme.
    admissible: Vec<[bool; N_THEMES]>,
}

impl Instance {
    fn new(communes: usize) -> Instance {
        let p = ScenarioParams::uniform(communes, PERIODS);
        let n = p.communes.len();
        let units = |u: u32| i32::try_from(u).expect("tenths fit in i32");
        let reference = (0..n).map(|c| units(p.periods[0].commune_etp(c))).collect();
        let years = (1..p.periods.len())
            .map(|k| {
                let period = &p.periods[k];
                Year {
                    communes_total: units(period.total() - period.coordinator.unwrap_or(0)),
                    theme_min: std::array::from_fn(|t| units(period.theme_total(t))),
                    zero: (0..n)
                        .map(|c| {
                            p.communes[c].pooled_with.is_some()
                                || period.negotiating.get(c).copied().unwrap_or(false)
                        })
                        .collect(),
                    admissible: (0..n)
                        .map(|c| {
                            let themes = p.effective_themes(k, c);
                            std::array::from_fn(|t| themes.contains(&t))
                        })
                        .collect(),
                }
            })
            .collect();
        Instance {
            communes: n,
            reference,
            years,
        }
    }
}

/// The model, ready to hand to a solver.
struct Model {
    vars: ProblemVariables,
    objective: Expression,
    constraints: Vec<Constraint>,
    /// The `d` variables (the objective is their sum).
    moves: Vec<Variable>,
    /// Integer variables (`x`), continuous ones (`d`).
    integers: usize,
    continuous: usize,
}

fn build(inst: &Instance) -> Model {
    let mut vars = ProblemVariables::new();
    let mut constraints = Vec::new();
    let mut moves = Vec::new();
    let mut integers = 0;
    // Σ_t x[c][t][y−1], starting from the reference.
    let mut previous: Vec<Expression> = inst
        .reference
        .iter()
        .map(|r| Expression::from(f64::from(*r)))
        .collect();
    for year in &inst.years {
        let mut year_total = Expression::from(0.0);
        let mut theme_sums: Vec<Expression> = vec![Expression::from(0.0); N_THEMES];
        let mut current = Vec::with_capacity(inst.communes);
        for (c, prev) in previous.iter().enumerate() {
            let mut commune = Expression::from(0.0);
            for (t, theme_sum) in theme_sums.iter_mut().enumerate() {
                let max = if year.admissible[c][t] {
                    COMMUNE_MAX
                } else {
                    0
                };
                let x = vars.add(variable().integer().min(0).max(max));
                integers += 1;
                commune += x;
                *theme_sum += x;
            }
            year_total += commune.clone();
            if year.zero[c] {
                constraints.push(constraint!(commune.clone() == 0));
            } else {
                constraints.push(constraint!(commune.clone() >= 1));
                constraints.push(constraint!(commune.clone() <= COMMUNE_MAX));
            }
            let change = commune.clone() - prev.clone();
            constraints.push(constraint!(change.clone() <= MAX_MOVE));
            constraints.push(constraint!(change.clone() >= -MAX_MOVE));
            let d = vars.add(variable().min(0));
            moves.push(d);
            constraints.push(constraint!(change.clone() <= d));
            constraints.push(constraint!(-change <= d));
            current.push(commune);
        }
        constraints.push(constraint!(year_total == year.communes_total));
        for (t, theme_sum) in theme_sums.into_iter().enumerate() {
            constraints.push(constraint!(theme_sum >= year.theme_min[t]));
        }
        previous = current;
    }
    let objective: Expression = moves.iter().copied().sum();
    Model {
        vars,
        objective,
        constraints,
        continuous: moves.len(),
        moves,
        integers,
    }
}

/// Builds and solves the model; panics unless the solver proves an optimum.
/// Returns the objective (total move, in tenths).
fn build_and_solve<S>(inst: &Instance, solver: S) -> f64
where
    S: Solver,
    S::Model: WithTimeLimit,
{
    let m = build(inst);
    let solution = m
        .vars
        .minimise(m.objective)
        .using(solver)
        .with_time_limit(TIME_LIMIT_SECS)
        .with_all(m.constraints)
        .solve()
        .unwrap_or_else(|e| panic!("the reference model solves: {e}"));
    assert!(
        matches!(solution.status(), SolutionStatus::Optimal),
        "the reference model is solved to optimality (status {:?})",
        solution.status()
    );
    m.moves.iter().map(|d| solution.value(*d)).sum()
}

/// Builds and solves an instance with one backend.
type Run = fn(&Instance) -> f64;

fn bench_reference(c: &mut Criterion) {
    let mut g = c.benchmark_group("reference");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(10));
    // (communes, run with microlp too): HiGHS at every size, microlp at 130.
    let sizes: &[(usize, bool)] = &[(130, true), (500, false), (1000, false)];
    for &(communes, with_microlp) in sizes {
        let mut backends: Vec<(&str, Run)> = Vec::new();
        if with_microlp {
            backends.push(("microlp", |i| build_and_solve(i, good_lp::microlp)));
        }
        #[cfg(feature = "highs")]
        backends.push(("highs", |i| build_and_solve(i, good_lp::highs)));
        if backends.is_empty() {
            continue;
        }
        let inst = Instance::new(communes);
        let m = build(&inst);
        eprintln!(
            "reference {communes}x{PERIODS}: {} variables ({} integer, {} continuous), {} rows",
            m.integers + m.continuous,
            m.integers,
            m.continuous,
            m.constraints.len()
        );
        let id = format!("{communes}x{PERIODS}");
        for (name, run) in backends {
            let mut objective = None;
            g.bench_with_input(BenchmarkId::new(name, &id), &inst, |b, inst| {
                b.iter(|| {
                    let v = run(inst);
                    objective = Some(v);
                    v
                })
            });
            if let Some(v) = objective {
                eprintln!("reference {name}/{id}: optimal total move {v} tenths");
            }
        }
    }
    g.finish();
}

criterion_group!(benches, bench_reference);
criterion_main!(benches);
