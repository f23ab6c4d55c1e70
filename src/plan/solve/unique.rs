//! An exact certificate that a solution is the only optimum, in the
//! figures that matter. A solver hands back a point; this module proves, in
//! integer arithmetic and without the solver, that it is optimal for the
//! linear relaxation and that every optimum of the relaxation (so every
//! integer optimum) has the same values in the `decisive` variables.
//!
//! How: the point's active constraints (variables at a bound, tight rows)
//! are "peeled": a tight row with a single variable left undetermined (and
//! coefficient ±1) determines it, as a tree's leaves determine a network's
//! flows. The rows peeled form a triangular system, whose dual `y` solves
//! exactly the columns of the determined variables (reduced cost 0). Then,
//! for any feasible `x'`:
//!
//! `c·x' − c·x = Σ d_j·(x'_j − x_j) + Σ y_r·(a_r·x' − a_r·x)`,
//!
//! with `d = c − Σ y_r·a_r`. When every variable held at a bound has a
//! reduced cost strictly pushing it there, every peeled inequality row a
//! dual of strict sign, and every variable left free of both a reduced cost
//! of 0, each term is ≥ 0: `x` is optimal, and an equally good `x'` keeps
//! every such bound and row, so the triangular system gives it the same
//! determined variables. A variable at a bound whose reduced cost is 0, or
//! a peeled row whose dual is 0, may move: it is set free and the peeling
//! done again, until nothing changes. The certificate fails (never wrongly
//! succeeds) when a decisive variable is left undetermined.

use super::super::lp::{Lp, Op};

/// Why no certificate was found (the solution may still be the only one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Doubt {
    /// These decisive variables may move with the objective unchanged, as
    /// far as the peeling sees; the others are proved not to (`x` is
    /// optimal and they keep their value in every optimum).
    Undetermined(Vec<usize>),
    /// The point breaks a row or a bound (not a solution).
    Infeasible,
    /// A reduced cost says the point is not optimal for this basis, or a
    /// figure overflowed.
    NoDual,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Fixed by its bounds: never moves.
    Fixed,
    /// At a bound with a reduced cost that keeps it there (so far).
    Held,
    /// Strictly inside its bounds, or at a bound it may leave.
    Free,
}

/// `Ok` when `values` is the only optimum of `lp` under `objective`
/// (minimised) in the variables `decisive`.
pub fn certify(
    lp: &Lp,
    objective: &[(usize, i64)],
    values: &[i64],
    decisive: &[usize],
) -> Result<(), Doubt> {
    let n = lp.vars.len();
    if values.len() != n || !lp.violations(values).is_empty() {
        return Err(Doubt::Infeasible);
    }
    let mut c = vec![0i128; n];
    for &(v, k) in objective {
        if let Some(slot) = c.get_mut(v) {
            *slot += i128::from(k);
        }
    }
    let x = |v: usize| values.get(v).copied().unwrap_or(0);
    // Rows tight at the point (equalities always): the others have dual 0.
    let tight: Vec<bool> = lp
        .rows
        .iter()
        .map(|r| {
            let lhs: i128 = r
                .terms
                .iter()
                .map(|&(v, k)| i128::from(k) * i128::from(x(v)))
                .sum();
            r.op == Op::Eq || lhs == i128::from(r.rhs)
        })
        .collect();
    // Each variable's tight rows, with its coefficient there (merged).
    let mut columns: Vec<Vec<(usize, i128)>> = vec![Vec::new(); n];
    for (r, row) in lp.rows.iter().enumerate() {
        if !tight.get(r).copied().unwrap_or(false) {
            continue;
        }
        for &(v, k) in &row.terms {
            if let Some(col) = columns.get_mut(v) {
                match col.last_mut() {
                    Some((at, sum)) if *at == r => *sum += i128::from(k),
                    _ => col.push((r, i128::from(k))),
                }
            }
        }
    }
    for col in &mut columns {
        col.retain(|(_, k)| *k != 0);
    }
    let mut state: Vec<State> = lp
        .vars
        .iter()
        .zip(values)
        .map(|(v, &at)| {
            if v.lo == v.hi {
                State::Fixed
            } else if at == v.lo || at == v.hi {
                State::Held
            } else {
                State::Free
            }
        })
        .collect();
    // Rows whose dual came out 0 or of the wrong sign: not used to peel.
    let mut banned = vec![false; lp.rows.len()];
    // Each round sets at least one more variable free or bans one more row.
    for _ in 0..=(n + lp.rows.len()) {
        let peeled = peel(lp, &columns, &tight, &banned, &state);
        // What the peeling left: solved exactly as one small system.
        let bump = Bump::of(lp, &columns, &tight, &banned, &state, &peeled)?;
        let (scale, mut y) = bump.duals(lp, &c)?;
        let c: Vec<i128> = c
            .iter()
            .map(|k| k.checked_mul(scale))
            .collect::<Option<_>>()
            .ok_or(Doubt::NoDual)?;
        duals(&columns, &c, &peeled, &mut y).ok_or(Doubt::NoDual)?;
        let mut changed = false;
        let used = peeled
            .order
            .iter()
            .map(|(r, _)| *r)
            .chain(bump.rows.iter().copied());
        for r in used {
            let dual = y.get(r).copied().unwrap_or(0);
            let strict = match lp.rows.get(r).map(|row| row.op) {
                Some(Op::Le) => dual < 0,
                Some(Op::Ge) => dual > 0,
                _ => true,
            };
            if !strict {
                if let Some(b) = banned.get_mut(r) {
                    *b = true;
                }
                changed = true;
            }
        }
        let mut stuck = false;
        for v in 0..n {
            let s = state.get(v).copied().unwrap_or(State::Fixed);
            if s == State::Fixed || peeled.determined.get(v).copied().unwrap_or(false) {
                continue;
            }
            let mut d = c.get(v).copied().unwrap_or(0);
            for &(r, k) in columns.get(v).map_or(&[][..], |c| c.as_slice()) {
                let dual = y.get(r).copied().unwrap_or(0);
                d = d
                    .checked_sub(k.checked_mul(dual).ok_or(Doubt::NoDual)?)
                    .ok_or(Doubt::NoDual)?;
            }
            match s {
                State::Held => {
                    let at_lo = lp.vars.get(v).is_some_and(|var| x(v) == var.lo);
                    if (at_lo && d <= 0) || (!at_lo && d >= 0) {
                        if let Some(slot) = state.get_mut(v) {
                            *slot = State::Free;
                        }
                        changed = true;
                    }
                }
                State::Free => stuck |= d != 0,
                State::Fixed => {}
            }
        }
        if changed {
            continue;
        }
        if stuck {
            return Err(Doubt::NoDual);
        }
        let solved = bump.determined();
        let pinned = |v: &usize| {
            matches!(state.get(*v), Some(State::Fixed | State::Held))
                || peeled.determined.get(*v).copied().unwrap_or(false)
                || solved.contains(v)
        };
        let free: Vec<usize> = decisive.iter().copied().filter(|v| !pinned(v)).collect();
        return if free.is_empty() {
            Ok(())
        } else {
            Err(Doubt::Undetermined(free))
        };
    }
    Err(Doubt::NoDual)
}

/// Most variables or rows the peeling may leave to the exact elimination
/// (it is dense and cubic).
const BUMP_MAX: usize = 400;

/// The free variables the peeling left undetermined, and the usable tight
/// rows that hold them: `matrix` is rows × variables.
struct Bump {
    vars: Vec<usize>,
    rows: Vec<usize>,
    matrix: Vec<Vec<i128>>,
}

impl Bump {
    fn of(
        lp: &Lp,
        columns: &[Vec<(usize, i128)>],
        tight: &[bool],
        banned: &[bool],
        state: &[State],
        peeled: &Peeled,
    ) -> Result<Bump, Doubt> {
        let usable = |r: usize| {
            tight.get(r).copied().unwrap_or(false) && !banned.get(r).copied().unwrap_or(true)
        };
        let vars: Vec<usize> = (0..lp.vars.len())
            .filter(|v| {
                state.get(*v) == Some(&State::Free)
                    && !peeled.determined.get(*v).copied().unwrap_or(true)
            })
            .collect();
        let mut rows: Vec<usize> = vars
            .iter()
            .flat_map(|v| columns.get(*v).into_iter().flatten().map(|(r, _)| *r))
            .filter(|r| usable(*r))
            .collect();
        rows.sort_unstable();
        rows.dedup();
        if vars.len() > BUMP_MAX || rows.len() > BUMP_MAX {
            return Err(Doubt::NoDual);
        }
        let mut matrix = vec![vec![0i128; vars.len()]; rows.len()];
        for (j, v) in vars.iter().enumerate() {
            for (r, k) in columns.get(*v).into_iter().flatten() {
                if let Ok(i) = rows.binary_search(r) {
                    if let Some(cell) = matrix.get_mut(i).and_then(|row| row.get_mut(j)) {
                        *cell = *k;
                    }
                }
            }
        }
        Ok(Bump { vars, rows, matrix })
    }

    /// A scale `D > 0` and the bump rows' duals times `D` (0 elsewhere),
    /// giving every bump variable a reduced cost of 0: `Mᵀ·z = D·c`.
    fn duals(&self, lp: &Lp, c: &[i128]) -> Result<(i128, Vec<i128>), Doubt> {
        let mut y = vec![0i128; lp.rows.len()];
        if self.vars.is_empty() {
            return Ok((1, y));
        }
        let width = self.rows.len();
        let mut m: Vec<Vec<i128>> = self
            .vars
            .iter()
            .enumerate()
            .map(|(j, v)| {
                let mut row: Vec<i128> = self
                    .matrix
                    .iter()
                    .map(|r| r.get(j).copied().unwrap_or(0))
                    .collect();
                row.push(c.get(*v).copied().unwrap_or(0));
                row
            })
            .collect();
        let pivots = rref(&mut m, width).ok_or(Doubt::NoDual)?;
        // A row without pivot must read 0 = 0.
        if m.iter()
            .skip(pivots.len())
            .any(|row| row.get(width).is_some_and(|x| *x != 0))
        {
            return Err(Doubt::NoDual);
        }
        let mut scale = 1i128;
        for (i, _) in pivots.iter().enumerate() {
            let p = m
                .get(i)
                .and_then(|row| row.get(pivots.get(i).copied()?))
                .copied();
            let p = p.ok_or(Doubt::NoDual)?.abs();
            scale = lcm(scale, p).ok_or(Doubt::NoDual)?;
        }
        for (i, col) in pivots.iter().enumerate() {
            let row = m.get(i).ok_or(Doubt::NoDual)?;
            let p = row.get(*col).copied().ok_or(Doubt::NoDual)?;
            let rhs = row.get(width).copied().unwrap_or(0);
            let z = rhs.checked_mul(scale / p).ok_or(Doubt::NoDual)?;
            let r = self.rows.get(*col).ok_or(Doubt::NoDual)?;
            *y.get_mut(*r).ok_or(Doubt::NoDual)? = z;
        }
        Ok((scale, y))
    }

    /// The bump variables its rows determine: `e_j` in their row space.
    fn determined(&self) -> Vec<usize> {
        let mut m = self.matrix.clone();
        let width = self.vars.len();
        let Some(pivots) = rref(&mut m, width) else {
            return Vec::new();
        };
        pivots
            .iter()
            .enumerate()
            .filter(|(i, col)| {
                m.get(*i).is_some_and(|row| {
                    row.iter()
                        .take(width)
                        .enumerate()
                        .all(|(j, x)| j == **col || *x == 0)
                })
            })
            .filter_map(|(_, col)| self.vars.get(*col).copied())
            .collect()
    }
}

/// Fraction-free Gauss-Jordan elimination over the first `width` columns
/// (Bareiss): each row stays an integer combination of the rows given, so
/// a row reading `α·e_j` proves `e_j` in their span. The pivot columns, in
/// row order; `None` on overflow or an inexact division.
fn rref(m: &mut [Vec<i128>], width: usize) -> Option<Vec<usize>> {
    let mut pivots = Vec::new();
    let mut prev = 1i128;
    for col in 0..width {
        let r = pivots.len();
        let Some(i) = (r..m.len()).find(|i| m.get(*i).and_then(|row| row.get(col)) != Some(&0))
        else {
            continue;
        };
        m.swap(r, i);
        let pivot_row = m.get(r)?.clone();
        let p = *pivot_row.get(col)?;
        for (k, row) in m.iter_mut().enumerate() {
            if k == r {
                continue;
            }
            let a = *row.get(col)?;
            for (x, q) in row.iter_mut().zip(&pivot_row) {
                let v = p.checked_mul(*x)?.checked_sub(a.checked_mul(*q)?)?;
                if v % prev != 0 {
                    return None;
                }
                *x = v / prev;
            }
        }
        prev = p;
        pivots.push(col);
    }
    Some(pivots)
}

fn lcm(a: i128, b: i128) -> Option<i128> {
    let (mut x, mut y) = (a, b);
    while y != 0 {
        (x, y) = (y, x % y);
    }
    if x == 0 {
        return Some(a.max(b));
    }
    (a / x).checked_mul(b)
}

/// The peeling: which free variables the tight rows determine, and in what
/// order (row, variable).
struct Peeled {
    determined: Vec<bool>,
    order: Vec<(usize, usize)>,
}

fn peel(
    lp: &Lp,
    columns: &[Vec<(usize, i128)>],
    tight: &[bool],
    banned: &[bool],
    state: &[State],
) -> Peeled {
    let usable = |r: usize| {
        tight.get(r).copied().unwrap_or(false) && !banned.get(r).copied().unwrap_or(true)
    };
    let free = |v: usize| state.get(v) == Some(&State::Free);
    // Free variables of each usable row not yet determined.
    let mut left = vec![0usize; lp.rows.len()];
    for (v, col) in columns.iter().enumerate() {
        if free(v) {
            for &(r, _) in col {
                if usable(r) {
                    if let Some(l) = left.get_mut(r) {
                        *l += 1;
                    }
                }
            }
        }
    }
    let mut determined = vec![false; lp.vars.len()];
    let mut order = Vec::new();
    // Equalities first: their duals may take either sign.
    let mut eq: Vec<usize> = Vec::new();
    let mut ineq: Vec<usize> = Vec::new();
    let push = |r: usize, eq: &mut Vec<usize>, ineq: &mut Vec<usize>| {
        if lp.rows.get(r).is_some_and(|row| row.op == Op::Eq) {
            eq.push(r);
        } else {
            ineq.push(r);
        }
    };
    for (r, l) in left.iter().enumerate() {
        if *l == 1 && usable(r) {
            push(r, &mut eq, &mut ineq);
        }
    }
    while let Some(r) = eq.pop().or_else(|| ineq.pop()) {
        if left.get(r) != Some(&1) {
            continue;
        }
        let Some(row) = lp.rows.get(r) else { continue };
        // The one free variable left, with its (merged) coefficient.
        let Some(v) = row
            .terms
            .iter()
            .map(|(v, _)| *v)
            .find(|v| free(*v) && !determined.get(*v).copied().unwrap_or(true))
        else {
            continue;
        };
        let k = columns
            .get(v)
            .and_then(|col| col.iter().find(|(at, _)| *at == r))
            .map_or(0, |(_, k)| *k);
        if k != 1 && k != -1 {
            continue;
        }
        if let Some(d) = determined.get_mut(v) {
            *d = true;
        }
        order.push((r, v));
        for &(r2, _) in columns.get(v).map_or(&[][..], |c| c.as_slice()) {
            if !usable(r2) {
                continue;
            }
            if let Some(l) = left.get_mut(r2) {
                *l = l.saturating_sub(1);
                if *l == 1 {
                    push(r2, &mut eq, &mut ineq);
                }
            }
        }
    }
    Peeled { determined, order }
}

/// The duals of the peeled rows, solving the determined variables' columns
/// exactly, last peeled first, given the others' in `y`. `None` on overflow.
fn duals(
    columns: &[Vec<(usize, i128)>],
    c: &[i128],
    peeled: &Peeled,
    y: &mut [i128],
) -> Option<()> {
    for &(r, v) in peeled.order.iter().rev() {
        let mut rest = c.get(v).copied().unwrap_or(0);
        let mut own = 0i128;
        for &(r2, k) in columns.get(v)? {
            if r2 == r {
                own = k;
            } else {
                rest = rest.checked_sub(k.checked_mul(y.get(r2).copied().unwrap_or(0))?)?;
            }
        }
        // own is ±1: dividing is multiplying.
        *y.get_mut(r)? = rest.checked_mul(own)?;
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::lp::{Relax, Subject};

    fn lp_with(rows: &[crate::lp::RowSpec], vars: &[(i64, i64)]) -> Lp {
        let mut lp = Lp::default();
        for (i, (lo, hi)) in vars.iter().enumerate() {
            lp.var(format!("x{i}"), *lo, *hi, true);
        }
        let g = lp.group(
            crate::code::Code::Planner,
            None,
            Subject::Structure,
            Relax::Never,
        );
        for (terms, op, rhs) in rows {
            lp.row(g, terms.clone(), *op, *rhs);
        }
        lp
    }

    #[test]
    fn a_strict_optimum_is_certified() {
        // a + b = 7, a ≥ 3; minimise 2a + b: a = 3, b = 4, and only that.
        let lp = lp_with(
            &[(vec![(0, 1), (1, 1)], Op::Eq, 7), (vec![(0, 1)], Op::Ge, 3)],
            &[(0, 10), (0, 10)],
        );
        assert_eq!(certify(&lp, &[(0, 2), (1, 1)], &[3, 4], &[0, 1]), Ok(()));
        // Not optimal: a = 4, b = 3 costs 11 > 10.
        assert!(certify(&lp, &[(0, 2), (1, 1)], &[4, 3], &[0, 1]).is_err());
    }

    #[test]
    fn a_tie_is_never_certified() {
        // a + b = 7, minimise a + b: every split is optimal.
        let lp = lp_with(&[(vec![(0, 1), (1, 1)], Op::Eq, 7)], &[(0, 10), (0, 10)]);
        for a in 0..=7 {
            let r = certify(&lp, &[(0, 1), (1, 1)], &[a, 7 - a], &[0, 1]);
            assert!(r.is_err(), "a = {a}");
        }
    }

    #[test]
    fn a_tie_outside_the_decisive_variables_is_allowed() {
        // a = 3 (row), f1 + f2 = a (flows, no cost): a is unique, the
        // flows are not.
        let lp = lp_with(
            &[
                (vec![(0, 1)], Op::Eq, 3),
                (vec![(1, 1), (2, 1), (0, -1)], Op::Eq, 0),
            ],
            &[(0, 10), (0, 10), (0, 10)],
        );
        assert_eq!(certify(&lp, &[(0, 1)], &[3, 1, 2], &[0]), Ok(()));
        assert_eq!(
            certify(&lp, &[(0, 1)], &[3, 1, 2], &[0, 1]),
            Err(Doubt::Undetermined(vec![1]))
        );
    }

    #[test]
    fn a_zero_reduced_cost_at_a_bound_sets_the_variable_free() {
        // a + b ≤ 5, minimise −a: a = 5, b = 0; raising b lowers a, so
        // b's reduced cost is 1 > 0: certified.
        let lp = lp_with(&[(vec![(0, 1), (1, 1)], Op::Le, 5)], &[(0, 10), (0, 10)]);
        assert_eq!(certify(&lp, &[(0, -1)], &[5, 0], &[0, 1]), Ok(()));
        // Minimise −a − b: a = 5, b = 0 ties with a = 0, b = 5.
        assert!(certify(&lp, &[(0, -1), (1, -1)], &[5, 0], &[0, 1]).is_err());
    }

    #[test]
    fn a_cycle_the_peeling_cannot_open_is_solved_exactly() {
        // a + b = 4, a − b = 0 (no row with a single unknown), minimise
        // a + 2b: the only point, a = b = 2, with duals 3/2 and −1/2.
        let lp = lp_with(
            &[
                (vec![(0, 1), (1, 1)], Op::Eq, 4),
                (vec![(0, 1), (1, -1)], Op::Eq, 0),
            ],
            &[(0, 10), (0, 10)],
        );
        assert_eq!(certify(&lp, &[(0, 1), (1, 2)], &[2, 2], &[0, 1]), Ok(()));
        // a + b ≤ 4 tight with c, a − b + c = 0, c in [0, 3]; minimise
        // −a − b + 5c: c = 0 held by its cost, a = b = 2 determined.
        let lp = lp_with(
            &[
                (vec![(0, 1), (1, 1)], Op::Le, 4),
                (vec![(0, 1), (1, -1), (2, 1)], Op::Eq, 0),
            ],
            &[(0, 10), (0, 10), (0, 3)],
        );
        assert_eq!(
            certify(&lp, &[(0, -1), (1, -1), (2, 5)], &[2, 2, 0], &[0, 1]),
            Ok(())
        );
        // Without the cost on c, a and b trade along c: a tie.
        assert!(certify(&lp, &[(0, -1), (1, -1)], &[2, 2, 0], &[0, 1]).is_err());
    }

    #[test]
    fn a_point_that_breaks_a_row_is_refused() {
        let lp = lp_with(&[(vec![(0, 1), (1, 1)], Op::Eq, 7)], &[(0, 10), (0, 10)]);
        assert_eq!(
            certify(&lp, &[(0, 1)], &[3, 3], &[0]),
            Err(Doubt::Infeasible)
        );
    }
}
