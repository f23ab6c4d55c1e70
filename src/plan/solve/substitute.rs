//! Defined variables substituted away before a relaxation is solved. A move
//! between periods, `b − a − up + down = 0`, defines the later figure `b`
//! by the earlier one and the move; handed the moves instead of the
//! figures, a simplex starts from "every figure where the period before
//! leaves it" (every move at 0), close to the optimum. With the figures as
//! variables, microlp's dual simplex starts each at a bound and repairs
//! about one row per pivot: at 1,000 communes × 5 periods, 4,214 pivots
//! and 1.4 s of CPU against 714 pivots and 0.13 s once substituted (see
//! docs/benchmarks.md). The substitution is exact (integer coefficients);
//! a defined variable's bounds become rows, and its value is computed back
//! from the solution, then checked like every other value. The builder
//! gives definitions only in the planning model, not in the elastic one.

use super::{Op, Program, ProgramRow};

/// Most terms a definition may have once expanded: beyond, the rows it
/// enters would grow denser than the row it saves.
const MAX_TERMS: usize = 32;

/// `k + Σ c·x` over variables of the original program that stay variables.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Expr {
    k: i128,
    terms: Vec<(usize, i64)>,
}

/// A program with some variables substituted away, and how to get every
/// original variable's value back.
pub(super) struct Substituted {
    pub program: Program,
    /// For each original variable: its position in `program`, or its
    /// definition.
    vars: Vec<Slot>,
}

enum Slot {
    Kept(usize),
    Defined(Expr),
}

impl Substituted {
    /// `p` with the variables of `defs` ((variable, row) pairs, in an order
    /// where a definition uses only variables defined before it or never)
    /// substituted away. `None` when no definition applies, or when a row
    /// is decided by the substitution alone (the plain program is solved
    /// then, and reports it).
    pub fn of(p: &Program, defs: &[(usize, usize)]) -> Option<Substituted> {
        let n = p.vars.len();
        let mut defined: Vec<Option<Expr>> = vec![None; n];
        // Variables some definition uses: defining one of them later would
        // leave a definition over a variable no longer in the program.
        let mut used = vec![false; n];
        let mut used_row = vec![false; p.rows.len()];
        let mut any = false;
        for &(b, r) in defs {
            let (Some(None), Some(false), Some(false)) = (
                defined.get(b),
                used.get(b).copied(),
                used_row.get(r).copied(),
            ) else {
                continue;
            };
            let Some((terms, Op::Eq, rhs)) = p.rows.get(r) else {
                continue;
            };
            let Some(e) = definition(&defined, b, terms, *rhs) else {
                continue;
            };
            for (v, _) in &e.terms {
                if let Some(u) = used.get_mut(*v) {
                    *u = true;
                }
            }
            if let (Some(slot), Some(u)) = (defined.get_mut(b), used_row.get_mut(r)) {
                *slot = Some(e);
                *u = true;
                any = true;
            }
        }
        if !any {
            return None;
        }
        let mut vars = Vec::with_capacity(n);
        let mut kept = Vec::new();
        for (i, d) in defined.iter().enumerate() {
            vars.push(match d {
                Some(e) => Slot::Defined(e.clone()),
                None => {
                    kept.push(p.vars.get(i).copied().unwrap_or((0, 0, false)));
                    Slot::Kept(kept.len() - 1)
                }
            });
        }
        let position = |v: usize| match vars.get(v) {
            Some(Slot::Kept(k)) => Some(*k),
            _ => None,
        };
        let mut rows = Vec::with_capacity(p.rows.len());
        for (r, (terms, op, rhs)) in p.rows.iter().enumerate() {
            if used_row.get(r).copied().unwrap_or(true) {
                continue;
            }
            let e = expand(&defined, terms)?;
            rows.push(row(&e, *op, i128::from(*rhs), &position)?);
        }
        // A defined variable's bounds, where its definition does not imply them.
        for (b, d) in defined.iter().enumerate() {
            let (Some(e), Some(&(lo, hi, _))) = (d, p.vars.get(b)) else {
                continue;
            };
            let (min, max) = range(e, &p.vars);
            if min < i128::from(lo) {
                rows.push(row(e, Op::Ge, i128::from(lo), &position)?);
            }
            if max > i128::from(hi) {
                rows.push(row(e, Op::Le, i128::from(hi), &position)?);
            }
        }
        // The objective's constant does not change its minimiser.
        let objective = expand(&defined, &p.objective)?
            .terms
            .iter()
            .map(|&(v, c)| position(v).map(|k| (k, c)))
            .collect::<Option<Vec<_>>>()?;
        Some(Substituted {
            program: Program {
                vars: kept,
                rows,
                objective,
            },
            vars,
        })
    }

    /// Every original variable's value from the values of `program`'s.
    pub fn expand(&self, xs: &[f64]) -> Vec<f64> {
        let value = |k: usize| xs.get(k).copied().unwrap_or(0.0);
        self.vars
            .iter()
            .map(|slot| match slot {
                Slot::Kept(k) => value(*k),
                Slot::Defined(e) => e.terms.iter().fold(e.k as f64, |acc, (v, c)| {
                    let at = match self.vars.get(*v) {
                        Some(Slot::Kept(k)) => value(*k),
                        _ => 0.0,
                    };
                    acc + (*c as f64) * at
                }),
            })
            .collect()
    }
}

/// `b` from the equality `terms = rhs`, in which it has coefficient ±1,
/// over variables not defined: `None` when it cannot be (another
/// coefficient, `b` on both sides, too many terms, out of range).
fn definition(
    defined: &[Option<Expr>],
    b: usize,
    terms: &[(usize, i64)],
    rhs: i64,
) -> Option<Expr> {
    let cb: i64 = terms.iter().filter(|(v, _)| *v == b).map(|(_, c)| c).sum();
    if cb != 1 && cb != -1 {
        return None;
    }
    // b = cb·(rhs − Σ others): 1/cb = cb.
    let others: Vec<(usize, i64)> = terms
        .iter()
        .filter(|(v, _)| *v != b)
        .map(|&(v, c)| c.checked_mul(-cb).map(|c| (v, c)))
        .collect::<Option<_>>()?;
    let mut e = expand(defined, &others)?;
    e.k = e.k.checked_add(i128::from(rhs) * i128::from(cb))?;
    let fits = e.terms.len() <= MAX_TERMS
        && !e.terms.iter().any(|(v, _)| *v == b)
        && i64::try_from(e.k).is_ok();
    fits.then_some(e)
}

/// `Σ c·x` with the defined variables replaced by their definitions, like
/// terms merged, zeros dropped.
fn expand(defined: &[Option<Expr>], terms: &[(usize, i64)]) -> Option<Expr> {
    let mut k = 0i128;
    let mut out: Vec<(usize, i128)> = Vec::with_capacity(terms.len());
    for &(v, c) in terms {
        let c = i128::from(c);
        match defined.get(v) {
            Some(Some(e)) => {
                k = k.checked_add(c.checked_mul(e.k)?)?;
                out.extend(e.terms.iter().map(|&(w, d)| (w, c * i128::from(d))));
            }
            _ => out.push((v, c)),
        }
    }
    out.sort_unstable_by_key(|(v, _)| *v);
    let mut merged: Vec<(usize, i128)> = Vec::with_capacity(out.len());
    for (v, c) in out {
        match merged.last_mut() {
            Some((w, a)) if *w == v => *a += c,
            _ => merged.push((v, c)),
        }
    }
    let terms = merged
        .into_iter()
        .filter(|(_, c)| *c != 0)
        .map(|(v, c)| i64::try_from(c).ok().map(|c| (v, c)))
        .collect::<Option<Vec<_>>>()?;
    Some(Expr { k, terms })
}

/// The row `e op rhs` over `program` positions.
fn row(
    e: &Expr,
    op: Op,
    rhs: i128,
    position: &dyn Fn(usize) -> Option<usize>,
) -> Option<ProgramRow> {
    let rhs = i64::try_from(rhs.checked_sub(e.k)?).ok()?;
    let terms = e
        .terms
        .iter()
        .map(|&(v, c)| position(v).map(|k| (k, c)))
        .collect::<Option<Vec<_>>>()?;
    // A row left without a variable is decided here: let the plain program
    // be solved instead, which reports it as the model has it.
    (!terms.is_empty()).then_some((terms, op, rhs))
}

/// The least and the most `e` can be within its variables' bounds.
fn range(e: &Expr, vars: &[(i64, i64, bool)]) -> (i128, i128) {
    e.terms.iter().fold((e.k, e.k), |(min, max), &(v, c)| {
        let (lo, hi, _) = vars.get(v).copied().unwrap_or((0, 0, false));
        let (a, b) = (
            i128::from(c) * i128::from(lo),
            i128::from(c) * i128::from(hi),
        );
        (min + a.min(b), max + a.max(b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// x0 fixed-free in [0, 10], x1 = x0 + u − d (row 0), x2 = x1 + u2 − d2
    /// (row 1), and x1 + x2 = 9 (row 2).
    fn chain() -> Program {
        Program {
            vars: vec![
                (0, 10, true),
                (0, 10, true),
                (0, 10, true),
                (0, 2, false),
                (0, 2, false),
                (0, 2, false),
                (0, 2, false),
            ],
            rows: vec![
                (vec![(1, 1), (0, -1), (3, -1), (4, 1)], Op::Eq, 0),
                (vec![(2, 1), (1, -1), (5, -1), (6, 1)], Op::Eq, 0),
                (vec![(1, 1), (2, 1)], Op::Eq, 9),
            ],
            objective: vec![(1, 3), (2, 5), (3, 1), (4, 1), (5, 1), (6, 1)],
        }
    }

    #[test]
    fn a_chain_of_definitions_is_expanded_exactly() {
        let p = chain();
        let s = Substituted::of(&p, &[(1, 0), (2, 1)]).expect("substituted");
        // x1 and x2 are gone, and so are the two rows that defined them.
        assert_eq!(s.program.vars.len(), 5);
        // x1 + x2 = 9 over x0, u, d, u2, d2: 2·x0 + 2u − 2d + u2 − d2 = 9,
        // then the bounds of x1 and x2 (0 ≤ ·, · ≤ 10: neither implied).
        assert_eq!(
            s.program.rows.first(),
            Some(&(vec![(0, 2), (1, 2), (2, -2), (3, 1), (4, -1)], Op::Eq, 9))
        );
        assert_eq!(s.program.rows.len(), 1 + 4);
        // Values back: x0 = 3, u = 1, d = 0, u2 = 2, d2 = 0 → x1 = 4, x2 = 6.
        let xs = s.expand(&[3.0, 1.0, 0.0, 2.0, 0.0]);
        assert_eq!(xs, vec![3.0, 4.0, 6.0, 1.0, 0.0, 2.0, 0.0]);
        // The objective moved onto the kept variables: 3·x1 + 5·x2 + moves
        // = 8·x0 + 9u − 7d + 6u2 − 4d2.
        assert_eq!(
            s.program.objective,
            vec![(0, 8), (1, 9), (2, -7), (3, 6), (4, -4)]
        );
    }

    #[test]
    fn definitions_that_do_not_fit_are_ignored() {
        let p = chain();
        // A variable a row does not hold, or a missing row, defines nothing.
        assert!(Substituted::of(&p, &[(0, 2), (3, 9)]).is_none());
        // x1 is defined once; x0, used by x1's definition, cannot be
        // defined after it (row 2 would give it).
        let s = Substituted::of(&p, &[(1, 0), (1, 2), (0, 2)]).expect("one applies");
        assert_eq!(s.program.vars.len(), 6);
        let mut p2 = chain();
        p2.rows[2] = (vec![(0, 1), (2, 1)], Op::Eq, 9);
        let s = Substituted::of(&p2, &[(1, 0), (0, 2)]).expect("one applies");
        assert_eq!(s.program.vars.len(), 6);
        let mut p = chain();
        p.rows[0].1 = Op::Le;
        assert!(Substituted::of(&p, &[(1, 0)]).is_none());
    }

    #[test]
    fn implied_bounds_are_not_written_as_rows() {
        // x1 = x0 + u − d with x0 in [2, 5], u, d in [0, 2]: x1 in [0, 7],
        // its bounds [0, 10] are implied.
        let p = Program {
            vars: vec![(2, 5, true), (0, 10, true), (0, 2, false), (0, 2, false)],
            rows: vec![
                (vec![(1, 1), (0, -1), (2, -1), (3, 1)], Op::Eq, 0),
                (vec![(1, 1)], Op::Ge, 3),
            ],
            objective: vec![(1, 1)],
        };
        let s = Substituted::of(&p, &[(1, 0)]).expect("substituted");
        assert_eq!(
            s.program.rows,
            vec![(vec![(0, 1), (1, 1), (2, -1)], Op::Ge, 3)]
        );
    }
}
