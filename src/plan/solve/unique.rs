//! An exact certificate that a solution is the only optimum, in the
//! figures that matter. A solver hands back a point; this module proves, in
//! integer arithmetic (a solver may propose a dual, see `interior_dual`;
//! nothing it says is trusted), that it is optimal for the
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
//! done again, a few rounds. On a degenerate optimum that dual is a vertex
//! of the dual optimal face that holds too little; `interior_dual` then
//! looks inside the face. The certificate fails (never wrongly succeeds)
//! when a decisive variable is left undetermined.

use super::super::lp::{Lp, Op};

/// Why no certificate was found (the solution may still be the only one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Doubt {
    /// `x` is optimal; the decisive variables `free` may move with the
    /// objective unchanged, as far as the certificate sees, and every
    /// variable in `constant` is proved to keep its value in every optimum
    /// (among them the decisive ones not in `free`).
    Undetermined {
        free: Vec<usize>,
        constant: Vec<usize>,
    },
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
///
/// First the peeling's own dual, mended round by round (cheap, enough on
/// small plans); when it fails, a dual inside the dual optimal face
/// ([`interior`]), which holds every constraint some dual can hold.
pub fn certify(
    lp: &Lp,
    objective: &[(usize, i64)],
    values: &[i64],
    decisive: &[usize],
) -> Result<(), Doubt> {
    let setup = Setup::of(lp, objective, values)?;
    match peeled_dual(lp, &setup, decisive) {
        Ok(()) => Ok(()),
        Err(doubt) => match interior_dual(lp, &setup, decisive) {
            Ok(()) => Ok(()),
            Err(Doubt::Undetermined { free, constant }) => {
                Err(Doubt::Undetermined { free, constant })
            }
            Err(_) => Err(doubt),
        },
    }
}

/// What both ways to a dual start from.
struct Setup {
    /// The objective's coefficient of each variable.
    c: Vec<i128>,
    values: Vec<i64>,
    /// Rows tight at the point (equalities always): the others have dual 0.
    tight: Vec<bool>,
    /// Each variable's tight rows, with its coefficient there (merged).
    columns: Vec<Vec<(usize, i128)>>,
    /// Every variable at a bound held there, the others free.
    state: Vec<State>,
}

impl Setup {
    fn of(lp: &Lp, objective: &[(usize, i64)], values: &[i64]) -> Result<Setup, Doubt> {
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
        let state: Vec<State> = lp
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
        Ok(Setup {
            c,
            values: values.to_vec(),
            tight,
            columns,
            state,
        })
    }

    fn at_lo(&self, lp: &Lp, v: usize) -> bool {
        lp.vars
            .get(v)
            .is_some_and(|var| self.values.get(v) == Some(&var.lo))
    }

    /// `c_v − Σ a_rv·y_r`, exactly.
    fn reduced(&self, c: &[i128], y: &[i128], v: usize) -> Option<i128> {
        let mut d = c.get(v).copied().unwrap_or(0);
        for &(r, k) in self.columns.get(v).map_or(&[][..], |c| c.as_slice()) {
            d = d.checked_sub(k.checked_mul(y.get(r).copied().unwrap_or(0))?)?;
        }
        Some(d)
    }
}

/// Most rounds of [`peeled_dual`].
const PEELING_ROUNDS: usize = 4;

/// The peeling's dual, mended: a variable whose reduced cost does not keep
/// it at its bound, or a row whose dual has no strict sign, is let go and
/// the peeling done again, until nothing changes.
fn peeled_dual(lp: &Lp, setup: &Setup, decisive: &[usize]) -> Result<(), Doubt> {
    let n = lp.vars.len();
    let Setup {
        c, tight, columns, ..
    } = setup;
    let mut state = setup.state.clone();
    // Rows whose dual came out 0 or of the wrong sign: not used to peel.
    let mut banned = vec![false; lp.rows.len()];
    // Each round sets at least one more variable free or bans one more row
    // and peels again: a few rounds, then the dual inside the face is the
    // cheaper way (at 500 communes, 250 ms of rounds against 10 ms).
    for _ in 0..PEELING_ROUNDS {
        let Peeling {
            peeled, bump, c, y, ..
        } = peeling(lp, columns, tight, &banned, &state, c)?;
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
            let d = setup.reduced(&c, &y, v).ok_or(Doubt::NoDual)?;
            match s {
                State::Held => {
                    let at_lo = setup.at_lo(lp, v);
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
        return verdict(lp.vars.len(), decisive, pinned);
    }
    Err(Doubt::NoDual)
}

/// A peeling's dual: the peeled rows, what they left (solved exactly), the
/// scale that makes the dual integral, the costs at that scale and the dual.
struct Peeling {
    peeled: Peeled,
    bump: Bump,
    scale: i128,
    c: Vec<i128>,
    y: Vec<i128>,
}

fn peeling(
    lp: &Lp,
    columns: &[Vec<(usize, i128)>],
    tight: &[bool],
    banned: &[bool],
    state: &[State],
    c: &[i128],
) -> Result<Peeling, Doubt> {
    let peeled = peel(lp, columns, tight, banned, state);
    // What the peeling left: solved exactly as one small system.
    let bump = Bump::of(lp, columns, tight, banned, state, &peeled)?;
    let (scale, mut y) = bump.duals(lp, c)?;
    let c: Vec<i128> = c
        .iter()
        .map(|k| k.checked_mul(scale))
        .collect::<Option<_>>()
        .ok_or(Doubt::NoDual)?;
    duals(columns, &c, &peeled, &mut y).ok_or(Doubt::NoDual)?;
    Ok(Peeling {
        peeled,
        bump,
        scale,
        c,
        y,
    })
}

/// A dual inside the dual optimal face, checked exactly. On a degenerate
/// optimum the peeling's dual is a vertex of that face, where some
/// variable held at a bound (a move of 0 between periods) gets a reduced
/// cost of 0, or the wrong sign. Every dual that leaves the free variables
/// a reduced cost of 0 is the peeling's plus a combination of the
/// *parameters*, the tight rows the peeling did not use (their duals
/// chosen freely, the peeled rows' following by back-substitution): a
/// handful of rows (the period totals, bounds met exactly), however many
/// communes. An auxiliary program over the parameters (solved by microlp
/// in floating point, so the same in every build) seeks each held
/// constraint's reduced cost or dual away from 0 by up to one unit of the
/// objective; its answer is rounded to a fixed fraction and everything is
/// then checked exactly, as a dual the peeling gave would be: the program
/// only proposes.
fn interior_dual(lp: &Lp, setup: &Setup, decisive: &[usize]) -> Result<(), Doubt> {
    let Setup {
        c, tight, columns, ..
    } = setup;
    let state = &setup.state;
    let none = vec![false; lp.rows.len()];
    let Peeling {
        peeled,
        bump,
        scale,
        c,
        y,
    } = peeling(lp, columns, tight, &none, state, c)?;
    let (c, y) = inside(lp, setup, &peeled, &bump, &c, y, scale).ok_or(Doubt::NoDual)?;
    // The exact check: free variables at 0, held ones of the right sign
    // (strict: held; 0: may move), tight inequality rows likewise.
    let mut state = state.clone();
    let mut banned = vec![false; lp.rows.len()];
    for (r, row) in lp.rows.iter().enumerate() {
        let dual = y.get(r).copied().unwrap_or(0);
        let ok = match (tight.get(r).copied().unwrap_or(false), row.op) {
            (false, _) => dual == 0,
            (true, Op::Le) => dual <= 0,
            (true, Op::Ge) => dual >= 0,
            (true, Op::Eq) => true,
        };
        if !ok {
            return Err(Doubt::NoDual);
        }
        if dual == 0 && row.op != Op::Eq {
            if let Some(b) = banned.get_mut(r) {
                *b = true;
            }
        }
    }
    for v in 0..lp.vars.len() {
        let s = state.get(v).copied().unwrap_or(State::Fixed);
        if s == State::Fixed {
            continue;
        }
        let d = setup.reduced(&c, &y, v).ok_or(Doubt::NoDual)?;
        match s {
            State::Free if d != 0 => return Err(Doubt::NoDual),
            State::Held => {
                let at_lo = setup.at_lo(lp, v);
                if (at_lo && d < 0) || (!at_lo && d > 0) {
                    return Err(Doubt::NoDual);
                }
                if d == 0 {
                    if let Some(slot) = state.get_mut(v) {
                        *slot = State::Free;
                    }
                }
            }
            _ => {}
        }
    }
    // What the held constraints determine.
    let peeled = peel(lp, columns, tight, &banned, &state);
    let bump = Bump::of(lp, columns, tight, &banned, &state, &peeled)?;
    let solved = bump.determined();
    let pinned = |v: &usize| {
        matches!(state.get(*v), Some(State::Fixed | State::Held))
            || peeled.determined.get(*v).copied().unwrap_or(false)
            || solved.contains(v)
    };
    verdict(lp.vars.len(), decisive, pinned)
}

/// `Ok` when every decisive variable is `pinned` (constant over the optima).
fn verdict(n: usize, decisive: &[usize], pinned: impl Fn(&usize) -> bool) -> Result<(), Doubt> {
    let free: Vec<usize> = decisive.iter().copied().filter(|v| !pinned(v)).collect();
    if free.is_empty() {
        Ok(())
    } else {
        Err(Doubt::Undetermined {
            free,
            constant: (0..n).filter(|v| pinned(v)).collect(),
        })
    }
}

/// The fraction the auxiliary program's answer is rounded to: fine enough
/// that rounding moves a margin of one unit by little, coarse enough that
/// the duals stay far inside `i128`.
const ROUNDING: i128 = 1 << 20;

/// Most parameters the auxiliary program takes.
const PARAMETERS_MAX: usize = 5_000;

/// The dual `y` (for the objective `c`, both scaled by `scale`) moved into
/// the dual optimal face by the parameters: `(c', y')`, both scaled again
/// by [`ROUNDING`]. `None` when the program fails or a figure overflows;
/// the answer is not checked here.
fn inside(
    lp: &Lp,
    setup: &Setup,
    peeled: &Peeled,
    bump: &Bump,
    c: &[i128],
    y: Vec<i128>,
    scale: i128,
) -> Option<(Vec<i128>, Vec<i128>)> {
    let rows = lp.rows.len();
    let mut used = vec![false; rows];
    for (r, _) in &peeled.order {
        *used.get_mut(*r)? = true;
    }
    for r in &bump.rows {
        *used.get_mut(*r)? = true;
    }
    // A parameter moves the reduced cost of a variable that may move.
    let touches_free = |r: usize| {
        lp.rows.get(r).is_some_and(|row| {
            row.terms
                .iter()
                .any(|(v, _)| setup.state.get(*v) != Some(&State::Fixed))
        })
    };
    let params: Vec<usize> = (0..rows)
        .filter(|r| setup.tight.get(*r) == Some(&true) && !used.get(*r).copied().unwrap_or(true))
        .filter(|r| touches_free(*r))
        .collect();
    if params.is_empty() || params.len() > PARAMETERS_MAX {
        return None;
    }
    // Each row's dual as an affine function of the parameters: its linear
    // part, sparse (parameter position, coefficient).
    let mut resp: Vec<Vec<(usize, i128)>> = vec![Vec::new(); rows];
    for (i, r) in params.iter().enumerate() {
        *resp.get_mut(*r)? = vec![(i, 1)];
    }
    for &(r, v) in peeled.order.iter().rev() {
        let mut acc: std::collections::BTreeMap<usize, i128> = std::collections::BTreeMap::new();
        let mut own = 0i128;
        for &(r2, k) in setup.columns.get(v)? {
            if r2 == r {
                own = k;
                continue;
            }
            for &(i, g) in resp.get(r2)? {
                let e = acc.entry(i).or_insert(0);
                *e = e.checked_sub(k.checked_mul(g)?)?;
            }
        }
        let lin: Vec<(usize, i128)> = acc
            .into_iter()
            .filter(|(_, g)| *g != 0)
            .map(|(i, g)| Some((i, g.checked_mul(own)?)))
            .collect::<Option<_>>()?;
        *resp.get_mut(r)? = lin;
    }
    // The constraints to hold strictly, as `g·θ ≥ −d0` with margin `t`.
    let mut wanted: Vec<(Vec<(usize, i128)>, i128)> = Vec::new();
    for v in 0..lp.vars.len() {
        if setup.state.get(v) != Some(&State::Held) {
            continue;
        }
        let sign: i128 = if setup.at_lo(lp, v) { 1 } else { -1 };
        let mut acc: std::collections::BTreeMap<usize, i128> = std::collections::BTreeMap::new();
        for &(r, k) in setup.columns.get(v)? {
            for &(i, g) in resp.get(r)? {
                let e = acc.entry(i).or_insert(0);
                *e = e.checked_sub(k.checked_mul(g)?.checked_mul(sign)?)?;
            }
        }
        let g: Vec<(usize, i128)> = acc.into_iter().filter(|(_, g)| *g != 0).collect();
        if g.is_empty() {
            continue;
        }
        let d0 = setup.reduced(c, &y, v)?.checked_mul(sign)?;
        wanted.push((g, d0));
    }
    for (r, row) in lp.rows.iter().enumerate() {
        let sign: i128 = match (setup.tight.get(r), row.op) {
            (Some(true), Op::Le) => -1,
            (Some(true), Op::Ge) => 1,
            _ => continue,
        };
        let g: Vec<(usize, i128)> = resp
            .get(r)?
            .iter()
            .map(|&(i, g)| Some((i, g.checked_mul(sign)?)))
            .collect::<Option<_>>()?;
        if g.is_empty() {
            continue;
        }
        wanted.push((g, y.get(r)?.checked_mul(sign)?));
    }
    // The same linear part twice: only the least constant matters.
    wanted.sort();
    wanted.dedup_by(|later, first| later.0 == first.0);
    // The program: θ (one per parameter), then a margin t_k ∈ [0, scale]
    // per constraint; maximise Σ t_k.
    let mut aux = Lp::default();
    // Duals as large as twice the largest cost: room enough inside the face,
    // and small enough that double precision keeps them to a fraction of a
    // unit (a face can be unbounded, e.g. along two parallel rows).
    let largest = c.iter().map(|k| k.abs()).max().unwrap_or(0);
    let bound = i64::try_from(largest.checked_mul(2)?.checked_add(scale)?).ok()?;
    for r in &params {
        aux.var(format!("dual/{r}"), -bound, bound, false);
    }
    let unit = i64::try_from(scale).ok()?;
    let g0 = aux.group(
        crate::code::Code::Planner,
        None,
        crate::lp::Subject::Structure,
        crate::lp::Relax::Never,
    );
    let mut objective = Vec::with_capacity(wanted.len());
    for (g, d0) in &wanted {
        let t = aux.var(String::new(), 0, unit, false);
        let mut terms: Vec<(usize, i64)> = g
            .iter()
            .map(|&(i, k)| Some((i, i64::try_from(k).ok()?)))
            .collect::<Option<_>>()?;
        terms.push((t, -1));
        aux.row(g0, terms, Op::Ge, i64::try_from(d0.checked_neg()?).ok()?);
        objective.push((t, -1));
    }
    let theta = relaxation(&aux, &objective)?;
    let theta: Vec<i128> = theta
        .iter()
        .take(params.len())
        .map(|x| {
            let scaled = (x * ROUNDING as f64).round();
            (scaled.abs() < 1e30).then_some(scaled as i128)
        })
        .collect::<Option<_>>()?;
    let c: Vec<i128> = c
        .iter()
        .map(|k| k.checked_mul(ROUNDING))
        .collect::<Option<_>>()?;
    let mut y: Vec<i128> = y
        .iter()
        .map(|k| k.checked_mul(ROUNDING))
        .collect::<Option<_>>()?;
    for (r, lin) in resp.iter().enumerate() {
        for &(i, g) in lin {
            let slot = y.get_mut(r)?;
            *slot = slot.checked_add(g.checked_mul(*theta.get(i)?)?)?;
        }
    }
    Some((c, y))
}

/// The auxiliary program's optimum by microlp, raw (nothing here trusts
/// it): `None` when microlp fails or panics.
fn relaxation(aux: &Lp, objective: &[(usize, i64)]) -> Option<Vec<f64>> {
    super::microlp_relaxation(aux, objective)
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
        assert!(matches!(
            certify(&lp, &[(0, 1)], &[3, 1, 2], &[0, 1]),
            Err(Doubt::Undetermined { free, constant }) if free == vec![1] && constant.contains(&0)
        ));
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

    /// Two figures f, g from 5 each, f + g = 10, moves (up, down) priced
    /// `move_cost`, the figures `figure_cost` each: variables f0, g0
    /// (fixed), f, g, f_up, f_down, g_up, g_down.
    fn two_chains(move_cost: i64, figure_cost: (i64, i64)) -> (Lp, Vec<(usize, i64)>) {
        let lp = lp_with(
            &[
                (vec![(2, 1), (0, -1), (4, -1), (5, 1)], Op::Eq, 0),
                (vec![(3, 1), (1, -1), (6, -1), (7, 1)], Op::Eq, 0),
                (vec![(2, 1), (3, 1)], Op::Eq, 10),
            ],
            &[
                (5, 5),
                (5, 5),
                (0, 10),
                (0, 10),
                (0, 10),
                (0, 10),
                (0, 10),
                (0, 10),
            ],
        );
        let mut objective: Vec<(usize, i64)> = (4..8).map(|v| (v, move_cost)).collect();
        objective.push((2, figure_cost.0));
        objective.push((3, figure_cost.1));
        (lp, objective)
    }

    #[test]
    fn a_degenerate_optimum_is_certified_by_a_dual_inside_the_face() {
        // Nothing moves: f = g = 5, f costs 10, g nothing, moves 10.
        // Trading f for g costs 10 (f down: 10 − 10, g up: 10 + 0), g for
        // f 30: unique. The peeling's vertex leaves g's move up a reduced
        // cost of 0; the face's duals are f's move row at θ ∈ (0, 10),
        // which hold every move strictly.
        let (lp, objective) = two_chains(10, (10, 0));
        let point = [5, 5, 5, 5, 0, 0, 0, 0];
        let setup = Setup::of(&lp, &objective, &point).expect("feasible");
        assert_eq!(interior_dual(&lp, &setup, &[2, 3]), Ok(()));
        assert_eq!(certify(&lp, &objective, &point, &[2, 3]), Ok(()));
        // Not optimal: f = 4, g = 6 costs 10 more.
        let worse = [5, 5, 4, 6, 0, 1, 1, 0];
        assert!(certify(&lp, &objective, &worse, &[2, 3]).is_err());
    }

    #[test]
    fn a_degenerate_tie_stays_uncertified() {
        // Moves free of charge: every split of 10 between f and g is as
        // good, whatever dual is tried.
        let (lp, objective) = two_chains(0, (10, 10));
        for f in 0..=10 {
            let (up, down) = ((f - 5i64).max(0), (5 - f).max(0));
            let point = [5, 5, f, 10 - f, up, down, down, up];
            let r = certify(&lp, &objective, &point, &[2, 3]);
            assert!(
                matches!(r, Err(Doubt::Undetermined { ref free, .. }) if free == &vec![2, 3]),
                "f = {f}: {r:?}"
            );
        }
        // Moves priced but the figures' costs make a trade free: f down
        // saves 10 and costs 10, g up costs 10 and saves 10.
        let (lp, objective) = two_chains(10, (10, -10));
        let point = [5, 5, 5, 5, 0, 0, 0, 0];
        assert!(certify(&lp, &objective, &point, &[2, 3]).is_err());
        let setup = Setup::of(&lp, &objective, &point).expect("feasible");
        assert!(interior_dual(&lp, &setup, &[2, 3]).is_err());
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
