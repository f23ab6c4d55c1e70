//! Solving an [`Lp`] with a good_lp backend chosen at run time, and checking
//! the answer exactly: a solution that breaks a row is never returned.

use super::lp::{Lp, Op};
use good_lp::{
    variable, Expression, ProblemVariables, ResolutionError, Solution, SolverModel, WithTimeLimit,
};
use std::time::Duration;

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
    Failed(String),
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
    solve_repaired(lp, objective, opts, &|_| {})
}

/// Like [`solve`], with `repair` applied to the rounded values before they are
/// verified (continuous helper variables are made exact there).
pub fn solve_repaired(
    lp: &Lp,
    objective: &[(usize, i64)],
    opts: Options,
    repair: &dyn Fn(&mut [i64]),
) -> Outcome {
    let run = || match opts.backend {
        Backend::Microlp => solve_with(lp, objective, good_lp::microlp, opts.time_limit),
        #[cfg(feature = "highs")]
        Backend::Highs => solve_with(lp, objective, good_lp::highs, opts.time_limit),
    };
    // A solver bug must not take the process down.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
        .unwrap_or_else(|_| Outcome::Failed(format!("the {} solver crashed", opts.backend.name())));
    match outcome {
        Outcome::Solved(mut values) => {
            repair(&mut values);
            let bad = lp.violations(&values);
            if bad.is_empty() {
                Outcome::Solved(values)
            } else {
                Outcome::Failed(format!(
                    "the {} solver returned a scheme that breaks {} constraint(s), e.g. {}",
                    opts.backend.name(),
                    bad.len(),
                    bad.first().map_or("", String::as_str)
                ))
            }
        }
        other => other,
    }
}

fn solve_with<S>(lp: &Lp, objective: &[(usize, i64)], solver: S, limit: Option<Duration>) -> Outcome
where
    S: good_lp::Solver,
    S::Model: WithTimeLimit + SolverModel<Error = ResolutionError>,
{
    let mut vars = ProblemVariables::new();
    let xs: Vec<good_lp::Variable> = lp
        .vars
        .iter()
        .map(|v| {
            let def = variable().min(v.lo as f64).max(v.hi as f64);
            vars.add(if v.integer { def.integer() } else { def })
        })
        .collect();
    let expr = |terms: &[(usize, i64)]| -> Expression {
        terms
            .iter()
            .filter_map(|(v, c)| xs.get(*v).map(|x| (*c as f64) * *x))
            .sum()
    };
    let mut model = vars.minimise(expr(objective)).using(solver);
    if let Some(limit) = limit {
        model = model.with_time_limit(limit.as_secs_f64());
    }
    for row in &lp.rows {
        let e = expr(&row.terms);
        let rhs = row.rhs as f64;
        model = model.with(match row.op {
            Op::Le => e.leq(rhs),
            Op::Ge => e.geq(rhs),
            Op::Eq => e.eq(rhs),
        });
    }
    match model.solve() {
        Ok(sol) => Outcome::Solved(xs.iter().map(|x| sol.value(*x).round() as i64).collect()),
        Err(ResolutionError::Infeasible) => Outcome::Infeasible,
        Err(ResolutionError::Other(msg)) if msg.contains("Time limit") => Outcome::TimeLimit,
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::lp::{Relax, Subject};

    #[test]
    fn solves_and_verifies_a_small_program() {
        let mut lp = Lp::default();
        let a = lp.var("a", 0, 10, true);
        let b = lp.var("b", 0, 10, true);
        let g = lp.group("CTG030", None, Subject::Structure, Relax::Never);
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
