//! Solving an [`Lp`] with a good_lp backend chosen at run time, and checking
//! the answer exactly: a solution that breaks a row is never returned.

use super::lp::{Lp, Op};
use super::reasons;
use crate::i18n::Text;
use good_lp::{
    variable, Expression, ProblemVariables, ResolutionError, Solution, SolverModel, WithTimeLimit,
};
use std::time::Duration;

#[cfg(feature = "highs")]
mod highs_direct;
mod substitute;
pub mod unique;

/// Backends compiled into this build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Backend {
    #[default]
    Microlp,
    #[cfg(feature = "highs")]
    Highs,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Microlp => "microlp",
            #[cfg(feature = "highs")]
            Backend::Highs => "highs",
        }
    }
    pub fn available() -> &'static [Backend] {
        &[
            Backend::Microlp,
            #[cfg(feature = "highs")]
            Backend::Highs,
        ]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Values of every variable, verified against every row.
    Solved(Vec<i64>),
    /// The solver says no solution exists (a claim: callers confirm it).
    Infeasible,
    /// The time limit was hit before any solution was found.
    TimeLimit,
    /// The solver failed, or returned a solution that does not verify.
    Failed(crate::i18n::Text),
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub backend: Backend,
    pub time_limit: Option<Duration>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            backend: Backend::default(),
            time_limit: Some(Duration::from_secs(60)),
        }
    }
}

/// Solves `lp` minimising `objective`.
pub fn solve(lp: &Lp, objective: &[(usize, i64)], opts: Options) -> Outcome {
    solve_repaired(lp, objective, opts, None, &|_| {})
}

/// Like [`solve`], with `repair` applied to the rounded values before they are
/// verified (continuous helper variables are made exact there). `start`, a
/// feasible solution, is handed to backends that can use one (HiGHS).
pub fn solve_repaired(
    lp: &Lp,
    objective: &[(usize, i64)],
    opts: Options,
    start: Option<&[i64]>,
    repair: &dyn Fn(&mut [i64]),
) -> Outcome {
    let reduced = match Reduced::of(lp, objective) {
        Ok(r) => r,
        Err(outcome) => return outcome,
    };
    // The relaxation first: these models are close to network structures,
    // so their linear optimum is often integral, and then it is the integer
    // optimum without any branching. Otherwise, the integer program.
    let integers = reduced
        .free
        .iter()
        .any(|i| reduced.lp.vars.get(*i).is_some_and(|v| v.integer));
    // Both runs share the time limit.
    let started = std::time::Instant::now();
    let run = |relaxed: bool| -> Raw {
        let limit = opts.time_limit.map(|l| l.saturating_sub(started.elapsed()));
        if limit.is_some_and(|l| l.is_zero()) {
            return Raw::Done(Outcome::TimeLimit);
        }
        // The relaxation with defined variables substituted away (their
        // integrality is then checked on their computed values); the
        // integer program as it is, so the solver keeps every integer.
        let substituted = if relaxed {
            let t = crate::timings::phase("substitute");
            let s = substitute::Substituted::of(&reduced.program, &reduced.defs());
            t.done(String::new);
            s
        } else {
            None
        };
        let program = substituted
            .as_ref()
            .map_or(&reduced.program, |s| &s.program);
        let raw = match opts.backend {
            Backend::Microlp => solve_with(program, good_lp::microlp, limit, None, relaxed),
            #[cfg(feature = "highs")]
            Backend::Highs => {
                // The start is over `lp`'s variables; the program's are the free ones.
                let start: Option<Vec<i64>> = start.map(|x| {
                    let at = |i: &usize| x.get(*i).copied().unwrap_or(0);
                    reduced.free.iter().map(at).collect()
                });
                let start = start.filter(|_| substituted.is_none());
                highs_direct::solve(program, limit, start.as_deref(), relaxed)
            }
        };
        match (raw, substituted) {
            (Ok(xs), Some(sub)) => reduced.program.finish(&sub.expand(&xs), relaxed),
            (Ok(xs), None) => reduced.program.finish(&xs, relaxed),
            (Err(outcome), _) => Raw::Done(outcome),
        }
    };
    #[cfg(not(feature = "highs"))]
    let _ = start;
    // A solver bug must not take the process down.
    let guarded = |relaxed: bool| {
        let t = crate::timings::phase(if relaxed { "relaxation" } else { "integer" });
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(relaxed)))
            .unwrap_or_else(|_| {
                Raw::Done(Outcome::Failed(
                    Text::new(&reasons::CRASHED)
                        .arg("solver", reasons::solver(opts.backend.name())),
                ))
            });
        t.done(String::new);
        r
    };
    let outcome = match guarded(integers) {
        Raw::Done(o) => o,
        Raw::Fractional => match guarded(false) {
            Raw::Done(o) => o,
            Raw::Fractional => Outcome::Failed(Text::new(&reasons::NOT_INTEGRAL)),
        },
    };
    match outcome {
        Outcome::Solved(free_values) => {
            let mut values = reduced.expand(&free_values);
            repair(&mut values);
            let bad = lp.violations(&values);
            if bad.is_empty() {
                Outcome::Solved(values)
            } else {
                Outcome::Failed(
                    Text::new(&reasons::BREAKS)
                        .arg("solver", reasons::solver(opts.backend.name()))
                        .arg("n", crate::i18n::Arg::count(bad.len()))
                        .arg(
                            "example",
                            crate::i18n::Arg::raw(bad.first().map_or("", String::as_str)),
                        ),
                )
            }
        }
        other => other,
    }
}

/// Terms over a program's variable positions, comparison, right-hand side.
type ProgramRow = (Vec<(usize, i64)>, Op, i64);

/// What a backend is handed: variables by position, rows, objective.
struct Program {
    /// (lower bound, upper bound, integer) of each variable.
    vars: Vec<(i64, i64, bool)>,
    rows: Vec<ProgramRow>,
    objective: Vec<(usize, i64)>,
}

impl Program {
    /// The rounded values of a backend's answer; with `relaxed`, kept only
    /// when every integer variable is integral already.
    fn finish(&self, xs: &[f64], relaxed: bool) -> Raw {
        let integral = self
            .vars
            .iter()
            .zip(xs)
            .all(|(v, x)| !v.2 || (x - x.round()).abs() <= 1e-7);
        if relaxed && !integral {
            return Raw::Fractional;
        }
        Raw::Done(Outcome::Solved(
            xs.iter().map(|x| x.round() as i64).collect(),
        ))
    }
}

/// The program handed to a solver: variables fixed by their bounds are
/// substituted away (rows left without a free variable are decided here,
/// exactly), so the solver sees only what is to be chosen.
struct Reduced<'a> {
    lp: &'a Lp,
    /// Free variables, by index into `lp.vars`.
    free: Vec<usize>,
    /// Over `free` positions.
    program: Program,
    /// The row of `lp` each program row comes from.
    origin: Vec<usize>,
}

impl<'a> Reduced<'a> {
    /// `Err` carries the outcome when a row on fixed variables alone is broken.
    fn of(lp: &'a Lp, objective: &[(usize, i64)]) -> Result<Self, Outcome> {
        let fixed = |v: usize| lp.vars.get(v).filter(|x| x.lo == x.hi).map(|x| x.lo);
        let mut position = vec![usize::MAX; lp.vars.len()];
        let mut free = Vec::new();
        for (i, v) in lp.vars.iter().enumerate() {
            if v.lo != v.hi {
                if let Some(p) = position.get_mut(i) {
                    *p = free.len();
                }
                free.push(i);
            }
        }
        let mut rows = Vec::with_capacity(lp.rows.len());
        let mut origin = Vec::with_capacity(lp.rows.len());
        for (at, row) in lp.rows.iter().enumerate() {
            let mut terms = Vec::with_capacity(row.terms.len());
            let mut rhs = i128::from(row.rhs);
            for &(v, c) in &row.terms {
                match fixed(v) {
                    Some(x) => rhs -= i128::from(c) * i128::from(x),
                    None => {
                        if let Some(&p) = position.get(v).filter(|p| **p != usize::MAX) {
                            terms.push((p, c));
                        }
                    }
                }
            }
            if terms.is_empty() {
                let ok = match row.op {
                    Op::Le => 0 <= rhs,
                    Op::Ge => 0 >= rhs,
                    Op::Eq => rhs == 0,
                };
                if ok {
                    continue;
                }
                return Err(Outcome::Infeasible);
            }
            let Ok(rhs) = i64::try_from(rhs) else {
                return Err(Outcome::Failed(Text::new(&reasons::ROW_OUT_OF_RANGE)));
            };
            rows.push((terms, row.op, rhs));
            origin.push(at);
        }
        let objective = objective
            .iter()
            .filter_map(|&(v, c)| {
                position
                    .get(v)
                    .filter(|p| **p != usize::MAX)
                    .map(|p| (*p, c))
            })
            .collect();
        let vars = free
            .iter()
            .filter_map(|i| lp.vars.get(*i))
            .map(|v| (v.lo, v.hi, v.integer))
            .collect();
        Ok(Reduced {
            lp,
            free,
            program: Program {
                vars,
                rows,
                objective,
            },
            origin,
        })
    }

    /// `lp`'s definitions (see [`Lp::defs`]) as (program position, program row).
    fn defs(&self) -> Vec<(usize, usize)> {
        let lp = self.lp;
        let mut position = vec![usize::MAX; lp.vars.len()];
        for (p, &i) in self.free.iter().enumerate() {
            if let Some(slot) = position.get_mut(i) {
                *slot = p;
            }
        }
        let mut row_at = vec![usize::MAX; lp.rows.len()];
        for (r, &at) in self.origin.iter().enumerate() {
            if let Some(slot) = row_at.get_mut(at) {
                *slot = r;
            }
        }
        lp.defs
            .iter()
            .filter_map(|&(v, row)| {
                let p = *position.get(v)?;
                let r = *row_at.get(row)?;
                (p != usize::MAX && r != usize::MAX).then_some((p, r))
            })
            .collect()
    }

    /// Every variable's value from the free ones'.
    fn expand(&self, free_values: &[i64]) -> Vec<i64> {
        let mut values: Vec<i64> = self.lp.vars.iter().map(|v| v.lo).collect();
        for (&i, &x) in self.free.iter().zip(free_values) {
            if let Some(slot) = values.get_mut(i) {
                *slot = x;
            }
        }
        values
    }
}

/// What one solver run gave.
enum Raw {
    Done(Outcome),
    /// A relaxation's optimum with an integer variable at a fractional value.
    Fractional,
}

/// Runs `solver` on `p`, with integrality dropped when `relaxed`: the raw
/// values of its variables, or the outcome when there are none.
fn solve_with<S>(
    p: &Program,
    solver: S,
    limit: Option<Duration>,
    start: Option<&[i64]>,
    relaxed: bool,
) -> Result<Vec<f64>, Outcome>
where
    S: good_lp::Solver,
    S::Model: WithTimeLimit + WithStart + SolverModel<Error = ResolutionError>,
{
    let mut vars = ProblemVariables::new();
    let xs: Vec<good_lp::Variable> = p
        .vars
        .iter()
        .map(|&(lo, hi, integer)| {
            let def = variable().min(lo as f64).max(hi as f64);
            vars.add(if integer && !relaxed {
                def.integer()
            } else {
                def
            })
        })
        .collect();
    let expr = |terms: &[(usize, i64)]| -> Expression {
        terms
            .iter()
            .filter_map(|(v, c)| xs.get(*v).map(|x| (*c as f64) * *x))
            .sum()
    };
    let mut model = vars.minimise(expr(&p.objective)).using(solver);
    if let Some(limit) = limit {
        model = model.with_time_limit(limit.as_secs_f64());
    }
    if let (Some(start), false) = (start, relaxed) {
        let pairs: Vec<(good_lp::Variable, f64)> =
            xs.iter().zip(start).map(|(x, v)| (*x, *v as f64)).collect();
        model = model.start_from(pairs);
    }
    for (terms, op, rhs) in &p.rows {
        let e = expr(terms);
        let rhs = *rhs as f64;
        model = model.with(match op {
            Op::Le => e.leq(rhs),
            Op::Ge => e.geq(rhs),
            Op::Eq => e.eq(rhs),
        });
    }
    match model.solve() {
        Ok(sol) => Ok(xs.iter().map(|x| sol.value(*x)).collect()),
        Err(ResolutionError::Infeasible) => Err(Outcome::Infeasible),
        Err(ResolutionError::Other(msg)) if msg.contains("Time limit") => Err(Outcome::TimeLimit),
        Err(e) => Err(Outcome::Failed(reasons::solver_said(e.to_string()))),
    }
}

/// The raw optimum of `lp`'s linear relaxation under `objective` by microlp
/// (the same in every build), or `None` when it fails or panics: for
/// programs whose answer the caller checks itself (the proof of
/// uniqueness's auxiliary program).
pub(crate) fn microlp_relaxation(lp: &Lp, objective: &[(usize, i64)]) -> Option<Vec<f64>> {
    let p = Program {
        vars: lp.vars.iter().map(|v| (v.lo, v.hi, false)).collect(),
        rows: lp
            .rows
            .iter()
            .map(|r| (r.terms.clone(), r.op, r.rhs))
            .collect(),
        objective: objective.to_vec(),
    };
    let run = || solve_with(&p, good_lp::microlp, None, None, true).ok();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
        .ok()
        .flatten()
}

/// A starting solution, for the backends that take one.
trait WithStart: Sized {
    fn start_from(self, _pairs: Vec<(good_lp::Variable, f64)>) -> Self {
        self
    }
}

impl WithStart for good_lp::solvers::microlp::MicroLpProblem {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::lp::{Relax, Subject};

    #[test]
    fn solves_and_verifies_a_small_program() {
        let mut lp = Lp::default();
        let a = lp.var("a", 0, 10, true);
        let b = lp.var("b", 0, 10, true);
        let g = lp.group(
            crate::rules::period_total::RULE.code,
            None,
            Subject::Structure,
            Relax::Never,
        );
        lp.row(g, vec![(a, 1), (b, 1)], Op::Eq, 7);
        lp.row(g, vec![(a, 1)], Op::Ge, 3);
        lp.objective = vec![(a, 2), (b, 1)];
        assert_eq!(
            solve(&lp, &lp.objective.clone(), Options::default()),
            Outcome::Solved(vec![3, 4])
        );
        lp.row(g, vec![(b, 1)], Op::Ge, 5);
        assert_eq!(
            solve(&lp, &lp.objective.clone(), Options::default()),
            Outcome::Infeasible
        );
    }
}
