//! HiGHS through its own crate rather than good_lp: the program is handed
//! over as it is (columns, then rows of merged terms), without good_lp's
//! hash-map expressions (see docs/benchmarks.md for what it saves).

use super::{Outcome, Program};
use crate::lp::Op;
use highs::{HighsModelStatus, HighsSolutionStatus, RowProblem, Sense};
use std::time::Duration;

/// Runs HiGHS on `p`, with integrality dropped when `relaxed`: the raw
/// values of its variables, or the outcome when there are none.
pub(super) fn solve(
    p: &Program,
    limit: Option<Duration>,
    start: Option<&[i64]>,
    relaxed: bool,
) -> Result<Vec<f64>, Outcome> {
    let mut cost = vec![0f64; p.vars.len()];
    for &(v, c) in &p.objective {
        if let Some(slot) = cost.get_mut(v) {
            *slot += c as f64;
        }
    }
    let mut problem = RowProblem::default();
    let cols: Vec<highs::Col> = p
        .vars
        .iter()
        .zip(&cost)
        .map(|(&(lo, hi, integer), &c)| {
            problem.add_column_with_integrality(c, lo as f64..=hi as f64, integer && !relaxed)
        })
        .collect();
    let mut terms: Vec<(usize, i64)> = Vec::new();
    for (row, op, rhs) in &p.rows {
        // HiGHS refuses a column twice in a row: merge like terms.
        terms.clear();
        terms.extend_from_slice(row);
        terms.sort_unstable_by_key(|(v, _)| *v);
        terms.dedup_by(|b, a| {
            if a.0 == b.0 {
                a.1 += b.1;
                true
            } else {
                false
            }
        });
        let factors = terms
            .iter()
            .filter(|(_, c)| *c != 0)
            .filter_map(|(v, c)| cols.get(*v).map(|col| (*col, *c as f64)));
        let r = *rhs as f64;
        match op {
            Op::Le => problem.add_row(..=r, factors),
            Op::Ge => problem.add_row(r.., factors),
            Op::Eq => problem.add_row(r..=r, factors),
        }
    }
    let failed =
        |what: &str| Outcome::Failed(crate::plan::reasons::solver_said(format!("HiGHS: {what}")));
    let mut model = problem
        .try_optimise(Sense::Minimise)
        .map_err(|e| failed(&format!("{e:?}")))?;
    model.make_quiet();
    // Typed as HiGHS declares them: integers, reals, booleans, strings.
    let mut set = |k: &str, v: &str| {
        let r = if let Ok(i) = v.parse::<i32>() {
            model.try_set_option(k, i)
        } else if let Ok(f) = v.parse::<f64>() {
            model.try_set_option(k, f)
        } else if let Ok(b) = v.parse::<bool>() {
            model.try_set_option(k, b)
        } else {
            model.try_set_option(k, v)
        };
        r.map_err(|e| failed(&format!("option {k}: {e:?}")))
    };
    for (k, v) in OPTIONS {
        set(k, v)?;
    }
    if let Ok(extra) = std::env::var("CTGPLAN_HIGHS_OPTS") {
        for kv in extra.split(',') {
            if let Some((k, v)) = kv.split_once('=') {
                set(k, v)?;
            }
        }
    }
    if let Some(limit) = limit {
        model
            .try_set_option("time_limit", limit.as_secs_f64())
            .map_err(|e| failed(&format!("time limit: {e:?}")))?;
    }
    if let (Some(start), false) = (start, relaxed) {
        let xs: Vec<f64> = start.iter().map(|x| *x as f64).collect();
        // A start HiGHS refuses is only a lost hint.
        let _ = model.try_set_solution(Some(&xs), None, None, None);
    }
    // HiGHS itself, apart from handing it the program (CTGPLAN_TIMINGS).
    let t = crate::timings::phase("highs");
    let solved = model.try_solve().map_err(|e| failed(&format!("{e:?}")))?;
    t.done(|| {
        let pivots = solved.int_info_value(c"simplex_iteration_count");
        pivots.map_or_else(|_| String::new(), |n| format!("{n} simplex iterations"))
    });
    match solved.status() {
        HighsModelStatus::Optimal => {}
        HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible => {
            return Err(Outcome::Infeasible)
        }
        HighsModelStatus::ReachedTimeLimit => return Err(Outcome::TimeLimit),
        other => return Err(failed(&format!("{other:?}"))),
    }
    if solved.primal_solution_status() != HighsSolutionStatus::Feasible {
        return Err(failed("no solution"));
    }
    Ok(solved.get_solution().columns().to_vec())
}

/// Options (name, value as HiGHS reads it) on top of HiGHS's defaults.
/// One thread: HiGHS otherwise starts a worker per physical core, which
/// spins between tasks while `propose` runs its own work side by side; its
/// simplex is serial either way, and the plans are the same. Presolve off:
/// it was most of HiGHS's time on the 1,000-commune plan (34 ms of simplex
/// instead of about 130 ms); it was held back while that optimum tied, and
/// is safe since `make_unique` settles every tie the same way whatever the
/// path (microlp and HiGHS plans compared byte for byte at 1,000 communes,
/// plain and varied, and on every fixture by tests/backends.rs).
/// `CTGPLAN_HIGHS_OPTS` adds options to a run, for measuring.
const OPTIONS: &[(&str, &str)] = &[("threads", "1"), ("presolve", "off")];
