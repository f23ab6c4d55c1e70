//! Scenario → integer program: the variables (each holder's and theme's
//! figure per planned period), the assembly (each rule the planner models
//! adds its own rows through [`crate::lp::Rows`], tagged with its code and
//! the place in the file that imposed it; see `src/rules/`), the objective,
//! and the mapping of a solution back to exact figures. Figures are counted
//! in integer units of the step. `period` assembles one period's variables
//! and rows; `rows` is the builder's side of `Rows` (presolve, elastic
//! slack).

use super::ask::Item;
use super::lp::{Lp, Op, Relax, RowSpec, Subject, Term, VarId};
use super::negotiate::{self, Negotiation};
use super::spread;
use crate::rules::theme_split::planning::{self as split, SplitVars};
use crate::rules::transition_limit::Moved;
use crate::rules::{commune_bounds, granularity, population_needed, transition_limit};
use crate::scenario::facts::Facts;
use crate::scenario::Scenario;
use rust_decimal::Decimal;

mod period;
mod references;
mod rows;

pub use crate::rules::theme_split::planning::{Class, SplitModel};

/// What the proposal optimises, after meeting every rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Objective {
    /// Least total move (L1) between consecutive periods.
    #[default]
    Closest,
    /// ETP per inhabitant as even as possible across communes (needs populations).
    Balance,
}

/// Price per unit of a figure away from its share (`Builder::spread`):
/// above a move between periods (1), below a reference (`negotiate::weight`).
const SPREAD_WEIGHT: i64 = 2;

/// Most open communes shared evenly (`Builder::spread`).
const SPREAD_MAX_OPEN: usize = 500;
#[derive(Debug, Clone)]
pub struct PeriodVars {
    /// Index into `scenario.periods`.
    pub index: usize,
    pub id: String,
    /// (holder id, variable) for every commune then carrier.
    pub holders: Vec<(String, VarId)>,
    /// (theme id, variable), when the period's scheme is split by theme.
    pub themes: Vec<(String, VarId)>,
    /// The holder × theme split's variables (empty when the period is not
    /// split by theme, or has no holder).
    pub split: SplitVars,
    /// Coordinator ETP in units (a constant).
    pub coordinator: i64,
    /// (holder id, variable) for the unknown previous figure of a holder
    /// whose post here is a `change`: the period before is neither planned
    /// nor known, yet the change ties this figure to it (figure = previous +
    /// change, previous ≥ 0), and move limits apply to the change.
    pub priors: Vec<(String, VarId)>,
}

#[derive(Debug, Clone)]
pub struct PlanModel {
    pub lp: Lp,
    pub unit: Decimal,
    pub periods: Vec<PeriodVars>,
    pub elastic: bool,
    /// Objective helpers `d = |Σ c·v + k|` (L1 moves, balance deviations):
    /// continuous in the model, recomputed exactly after a solve.
    pub aux: Vec<Aux>,
    /// The objective's terms that price a carrier beyond what the scenario
    /// gives it (`plan::negotiate`): a guard, not something to optimise.
    pub penalties: Vec<(VarId, i64)>,
    /// In the elastic model, the plain model's objective (moves, references,
    /// carriers' caps), by which a way out is planned; empty otherwise.
    pub plain: Vec<(VarId, i64)>,
}

pub use super::lp::BuildError;

/// An objective helper, continuous in the model and recomputed exactly
/// after a solve from the integer figures it measures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Aux {
    /// `d = |Σ c·v + k|`.
    Abs {
        d: VarId,
        terms: Vec<(VarId, i64)>,
        k: i64,
    },
    /// `up − down = Σ c·v + k` with `up = max(·, 0)`, `down = max(−·, 0)`.
    Parts {
        up: VarId,
        down: VarId,
        terms: Vec<(VarId, i64)>,
        k: i64,
    },
}

struct Builder<'a> {
    s: &'a Scenario,
    facts: &'a Facts,
    /// Asks, locks and caps (see `plan::negotiate`).
    neg: &'a Negotiation,
    /// What each holder and theme variable stands for (period index,
    /// item), by variable (a vector: a hash map cost more than the rest of
    /// a holder's rows at 1,000 communes).
    items: Vec<Option<(usize, Item)>>,
    /// Deviations from the references of the periods asks touch, priced.
    references: Vec<(VarId, i64)>,
    unit: Decimal,
    lp: Lp,
    elastic: bool,
    split: SplitModel,
    cap: i64,
    aux: Vec<Aux>,
}

/// Builds the model for the periods in `scope` (indices, in file order).
/// With `elastic`, every relaxable row gets slack variables and the objective
/// is the weighted slack: the model is then always feasible.
pub fn build(
    s: &Scenario,
    scope: &[usize],
    objective: Objective,
    elastic: bool,
) -> Result<PlanModel, BuildError> {
    build_with(s, scope, objective, elastic, SplitModel::Classes)
}

/// [`build`], with the split modelled as `split` says.
pub fn build_with(
    s: &Scenario,
    scope: &[usize],
    objective: Objective,
    elastic: bool,
    split: SplitModel,
) -> Result<PlanModel, BuildError> {
    build_negotiated(s, scope, objective, elastic, split, &Negotiation::default())
}

/// [`build_with`], under the asks and locks of `neg` (`plan::negotiate`).
pub fn build_negotiated(
    s: &Scenario,
    scope: &[usize],
    objective: Objective,
    elastic: bool,
    split: SplitModel,
    neg: &Negotiation,
) -> Result<PlanModel, BuildError> {
    let facts = Facts::of(s);
    let unit = s.rules.step;
    let mut b = Builder {
        s,
        facts: &facts,
        neg,
        items: Vec::new(),
        references: Vec::new(),
        unit,
        lp: Lp::default(),
        elastic,
        split,
        cap: 0,
        aux: Vec::new(),
    };
    b.cap = b.upper_bound()?;
    let mut periods: Vec<PeriodVars> = Vec::new();
    for &i in scope {
        let Some(period) = s.periods.get(i) else {
            continue;
        };
        let prev = periods.last().filter(|p| p.index + 1 == i).cloned();
        let pv = b.period(i, period, prev.as_ref())?;
        periods.push(pv);
    }
    // Transitions from/to periods outside the scope, whose figures are constants.
    let mut objective_terms = Vec::new();
    for (k, pv) in periods.iter().enumerate() {
        let i = pv.index;
        let before = k
            .checked_sub(1)
            .and_then(|j| periods.get(j))
            .filter(|p| p.index + 1 == i);
        b.transitions(i, before, pv, &mut objective_terms)?;
        if let Some(next_i) = Some(i + 1).filter(|n| *n < s.periods.len()) {
            let next_in_scope = periods.get(k + 1).is_some_and(|p| p.index == next_i);
            if !next_in_scope {
                b.transitions_to_fixed(pv, next_i, &mut objective_terms)?;
            }
        }
    }
    let mut balance_weight = 0i64;
    if objective == Objective::Balance {
        for p in &periods {
            b.balance(p, &mut objective_terms)?;
        }
        // One step of a holder moves the balance terms by at most twice
        // the population in all (see `balance`).
        let population = s
            .communes
            .iter()
            .filter_map(|c| c.population)
            .map(|p| i64::try_from(p).unwrap_or(i64::MAX))
            .fold(0i64, i64::saturating_add);
        balance_weight = population.saturating_mul(2);
    }
    if !elastic {
        for p in &periods {
            b.spread(p, objective, scope)?;
        }
    }
    let caps = negotiate::rows(neg, s, &facts, &periods, elastic, balance_weight, &mut b)?;
    objective_terms.extend(caps.iter().copied());
    objective_terms.append(&mut b.references);
    // The elastic model's objective is its slack; it keeps the plain one
    // to plan a way out once its slack is fixed (`plan::propose`).
    let plain = if elastic {
        objective_terms
    } else {
        b.lp.objective = objective_terms;
        Vec::new()
    };
    Ok(PlanModel {
        lp: b.lp,
        unit,
        periods,
        elastic,
        aux: b.aux,
        penalties: caps,
        plain,
    })
}

impl PlanModel {
    /// Makes a solver's answer exact: sets each period's split variables
    /// (holder or class flows) to an integral split of its integer holder and
    /// theme figures, rebuilt by maximum flow, and each objective helper to
    /// the value it stands for.
    pub fn repair(&self, values: &mut [i64]) {
        for p in &self.periods {
            split::repair(&p.split, &p.holders, &p.themes, values, self.elastic);
        }
        let val = |values: &[i64], v: VarId| values.get(v).copied().unwrap_or(0);
        let eval = |values: &[i64], terms: &[(VarId, i64)], k: i64| {
            terms
                .iter()
                .map(|(v, c)| c.saturating_mul(val(values, *v)))
                .fold(k, i64::saturating_add)
        };
        for aux in &self.aux {
            match aux {
                Aux::Abs { d, terms, k } => {
                    let x = eval(values, terms, *k);
                    set(values, *d, x.saturating_abs());
                }
                Aux::Parts { up, down, terms, k } => {
                    let x = eval(values, terms, *k);
                    set(values, *up, x.max(0));
                    set(values, *down, x.saturating_neg().max(0));
                }
            }
        }
    }

    /// Period `p`'s holder × theme split as (holder index, theme index,
    /// units), non-zero entries only: the flow variables' values when the
    /// model has them, else rebuilt from the holder and theme figures.
    pub fn split(&self, p: &PeriodVars, values: &[i64]) -> Vec<(usize, usize, i64)> {
        split::split_of(&p.split, &p.holders, &p.themes, values)
    }
}

fn set(values: &mut [i64], v: VarId, x: i64) {
    if let Some(slot) = values.get_mut(v) {
        *slot = x;
    }
}

/// The variable of holder `id`, expected at position `k` (every period lists
/// the holders in the same order), else searched for.
fn holder_var(holders: &[(String, VarId)], k: usize, id: &str) -> Option<VarId> {
    match holders.get(k) {
        Some((h, v)) if h == id => Some(*v),
        _ => holders.iter().find(|(h, _)| h == id).map(|(_, v)| *v),
    }
}

impl Builder<'_> {
    /// Records what variable `v` stands for (see `Builder::items`).
    fn set_item(&mut self, v: VarId, period: usize, item: Item) {
        if self.items.len() <= v {
            self.items.resize(v + 1, None);
        }
        if let Some(slot) = self.items.get_mut(v) {
            *slot = Some((period, item));
        }
    }

    fn row_of(terms: &[(Term, i64)], op: Op, rhs: i64) -> RowSpec {
        super::lp::row_of(terms, op, rhs)
    }

    /// Move limits and the L1 objective between period `i` and the period before it.
    fn transitions(
        &mut self,
        i: usize,
        before: Option<&PeriodVars>,
        now: &PeriodVars,
        objective: &mut Vec<(VarId, i64)>,
    ) -> Result<(), BuildError> {
        let Some(prev_i) = i.checked_sub(1) else {
            return Ok(());
        };
        let prev_facts = self.facts.periods.get(prev_i).cloned().unwrap_or_default();
        let mut pairs = Vec::new();
        for (k, (h, v)) in now.holders.iter().enumerate() {
            let b = match before {
                Some(p) => holder_var(&p.holders, k, h).map(Term::Var),
                None => prev_facts
                    .etp
                    .get(h)
                    .copied()
                    .flatten()
                    .map(|d| self.units(d, None))
                    .transpose()?
                    .map(Term::Const),
            }
            .or_else(|| {
                now.priors
                    .iter()
                    .find(|(x, _)| x == h)
                    .map(|(_, v)| Term::Var(*v))
            });
            if let Some(b) = b {
                pairs.push((h.clone(), b, Term::Var(*v), true));
            }
        }
        let prev_period = self.s.periods.get(prev_i);
        for (t, v) in &now.themes {
            let b = match before {
                Some(p) if !p.themes.is_empty() => p
                    .themes
                    .iter()
                    .find(|(x, _)| x == t)
                    .map(|(_, v)| Term::Var(*v)),
                // A theme the previous table leaves out had 0 ETP there.
                _ => prev_period
                    .and_then(|p| p.themes.as_ref())
                    .map(|tt| {
                        tt.get(t)
                            .map_or(Ok(0), |f| self.units(f.value, Some(f.span())))
                    })
                    .transpose()?
                    .map(Term::Const),
            };
            if let Some(b) = b {
                pairs.push((t.clone(), b, Term::Var(*v), false));
            }
        }
        self.moves(prev_i, i, pairs, objective)
    }

    fn transitions_to_fixed(
        &mut self,
        now: &PeriodVars,
        next_i: usize,
        objective: &mut Vec<(VarId, i64)>,
    ) -> Result<(), BuildError> {
        let next_facts = self.facts.periods.get(next_i).cloned().unwrap_or_default();
        let mut pairs = Vec::new();
        let next_period = self.s.periods.get(next_i);
        for (h, v) in &now.holders {
            granularity::planning::floor_rows(next_period, h, *v, self)?;
            if let Some(d) = next_facts.etp.get(h).copied().flatten() {
                pairs.push((
                    h.clone(),
                    Term::Var(*v),
                    Term::Const(self.units(d, None)?),
                    true,
                ));
            }
        }
        if let Some(tt) = self.s.periods.get(next_i).and_then(|p| p.themes.as_ref()) {
            for (t, v) in &now.themes {
                let next = tt
                    .get(t)
                    .map_or(Ok(0), |f| self.units(f.value, Some(f.span())))?;
                pairs.push((t.clone(), Term::Var(*v), Term::Const(next), false));
            }
        }
        self.moves(now.index, next_i, pairs, objective)
    }

    fn moves(
        &mut self,
        from_i: usize,
        to_i: usize,
        pairs: Vec<(String, Term, Term, bool)>,
        objective: &mut Vec<(VarId, i64)>,
    ) -> Result<(), BuildError> {
        let from = self
            .s
            .periods
            .get(from_i)
            .map_or(String::new(), |p| p.name().to_owned());
        let to = self
            .s
            .periods
            .get(to_i)
            .map_or(String::new(), |p| p.name().to_owned());
        for (id, a, b, is_holder) in pairs {
            if let (Term::Const(_), Term::Const(_)) = (a, b) {
                continue;
            }
            let moved = Moved::of(self.s, &id, is_holder);
            // b − a = up − down, both minimised: |b − a| = up + down. A move
            // limit is then a bound on `up` and `down` (rows only in the
            // elastic model, where they carry slack), not two more rows.
            let name = format!("move/{from}/{to}/{id}");
            let up = self.lp.var(format!("{name}/up"), 0, self.cap, false);
            let down = self.lp.var(format!("{name}/down"), 0, self.cap, false);
            let g = self.lp.group(
                transition_limit::RULE.code,
                None,
                Subject::Structure,
                Relax::Never,
            );
            let (terms, op, rhs) = Self::row_of(
                &[(b, 1), (a, -1), (Term::Var(up), -1), (Term::Var(down), 1)],
                Op::Eq,
                0,
            );
            let (diff, _, k) = Self::row_of(&[(b, 1), (a, -1)], Op::Eq, 0);
            self.aux.push(Aux::Parts {
                up,
                down,
                terms: diff,
                k: -k,
            });
            // The later figure is defined by the earlier one and the move:
            // a solver handed the moves starts every figure where the
            // period before leaves it (see `plan::solve`). Not in the
            // elastic model, whose explanations keep the vertex they had.
            match (b, self.elastic) {
                (Term::Var(later), false) => self.lp.defining_row(later, g, terms, rhs),
                _ => self.lp.row(g, terms, op, rhs),
            }
            objective.push((up, 1));
            objective.push((down, 1));
            if let Some(moved) = moved {
                transition_limit::rows(self.s, (&from, &to), &id, moved, (up, down), self)?;
            }
        }
        Ok(())
    }

    /// |P·e_c − pop_c·Σe| ≤ d_c for every commune holding a post: ETP in
    /// proportion to population.
    fn balance(
        &mut self,
        p: &PeriodVars,
        objective: &mut Vec<(VarId, i64)>,
    ) -> Result<(), BuildError> {
        let s = self.s;
        let period = s.periods.get(p.index);
        let mut pops = Vec::new();
        for (k, c) in s.communes.iter().enumerate() {
            if period.is_some_and(|per| s.pooled_host(per, c).is_some()) {
                continue;
            }
            let pop = population_needed::required(c)?;
            let pop = i64::try_from(pop)
                .unwrap_or(i64::MAX / 1_000_000)
                .min(1_000_000_000);
            if let Some(v) = holder_var(&p.holders, k, &c.id.id) {
                pops.push((v, pop, c.id.id.clone()));
            }
        }
        let total: i64 = pops.iter().map(|(_, p, _)| p).sum();
        if total == 0 {
            return Ok(());
        }
        let g = self.lp.group(
            commune_bounds::RULE.code,
            None,
            Subject::Structure,
            Relax::Never,
        );
        for (v, pop, id) in &pops {
            let d = self
                .lp
                .var(format!("balance/{id}"), 0, i64::from(i32::MAX), false);
            let mut plus: Vec<(VarId, i64)> = pops.iter().map(|(w, _, _)| (*w, -pop)).collect();
            if let Some(t) = plus.iter_mut().find(|(w, _)| w == v) {
                t.1 += total;
            }
            self.aux.push(Aux::Abs {
                d,
                terms: plus.clone(),
                k: 0,
            });
            let minus: Vec<(VarId, i64)> = plus.iter().map(|(w, c)| (*w, -c)).collect();
            let mut r1 = plus;
            r1.push((d, -1));
            let mut r2 = minus;
            r2.push((d, -1));
            self.lp.row(g, r1, Op::Le, 0);
            self.lp.row(g, r2, Op::Le, 0);
            objective.push((d, 1));
        }
        Ok(())
    }
}
