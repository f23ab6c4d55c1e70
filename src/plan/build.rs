//! Scenario → integer program. Every rule of the catalogue that constrains a
//! scheme becomes rows here, tagged with its code and the place in the file
//! that imposed it. Figures are counted in integer units of the step.

use super::ask::Item;
use super::lp::{Lp, Op, Relax, RowSpec, Rows, Subject, Term, VarId};
use super::negotiate::{self, Negotiation};
use super::spread;
use crate::code::Code;
use crate::diagnostic::Span;
use crate::number::fmt_etp;
use crate::rules::transition_limit::Moved;
use crate::rules::{
    caf_cap, commune_bounds, coverage, period_total, pooled_post, post_change, theme_minimum,
    theme_split, theme_total, transition_limit,
};
use crate::scenario::facts::Facts;
use crate::scenario::{Period, Scenario};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// What the proposal optimises, after meeting every rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Objective {
    /// Least total move (L1) between consecutive periods.
    #[default]
    Closest,
    /// ETP per inhabitant as even as possible across communes (needs populations).
    Balance,
}

/// Relaxation costs per unit: rule parameters are cheaper to question than
/// figures already agreed in the scenario.
pub mod cost {
    pub const FIGURE: i64 = crate::lp::FIGURE_COST;
    pub const ADMISSIBLE: i64 = 3;
}

/// Price per unit of a figure away from its share (`Builder::spread`):
/// above a move between periods (1), below a reference (`negotiate::weight`).
const SPREAD_WEIGHT: i64 = 2;

/// Most open communes shared evenly (`Builder::spread`).
const SPREAD_MAX_OPEN: usize = 500;

/// Largest relaxation considered, in units (microlp wants bounds within i32).
const SLACK_MAX: i64 = 1_000_000;

#[derive(Debug, Clone)]
pub struct PeriodVars {
    /// Index into `scenario.periods`.
    pub index: usize,
    pub id: String,
    /// (holder id, variable) for every commune then carrier.
    pub holders: Vec<(String, VarId)>,
    /// (theme id, variable), when the period's scheme is split by theme.
    pub themes: Vec<(String, VarId)>,
    /// (holder index, theme index, variable) for admissible pairs, when the
    /// split is modelled holder by holder (see [`SplitModel`]).
    pub flows: Vec<(usize, usize, VarId)>,
    /// Holders grouped by theme list, when the split is modelled by class.
    pub classes: Vec<Class>,
    /// Per holder, the indices of the themes it may serve (empty when the
    /// period is not split by theme).
    pub served: Vec<Vec<usize>>,
    /// Coordinator ETP in units (a constant).
    pub coordinator: i64,
    /// (holder id, variable) for the unknown previous figure of a holder
    /// whose post here is a `change`: the period before is neither planned
    /// nor known, yet the change ties this figure to it (figure = previous +
    /// change, previous ≥ 0), and move limits apply to the change.
    pub priors: Vec<(String, VarId)>,
}

/// Holders that may serve exactly the same themes, and the class's flow
/// variable to each of those themes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Class {
    /// Holder indices.
    pub members: Vec<usize>,
    /// (theme index, flow variable).
    pub flows: Vec<(usize, VarId)>,
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

/// Theme variables, holder × theme flow variables or classes (see
/// [`SplitModel`]) and the themes each holder may serve, of one period.
type ThemeLayer = (
    Vec<(String, VarId)>,
    Vec<(usize, usize, VarId)>,
    Vec<Class>,
    Vec<Vec<usize>>,
);

struct Builder<'a> {
    s: &'a Scenario,
    facts: &'a Facts,
    /// Asks, locks and caps (see `plan::negotiate`).
    neg: &'a Negotiation,
    /// What each holder and theme variable stands for (period index, item).
    items: std::collections::HashMap<VarId, (usize, Item)>,
    /// Deviations from the references of the periods asks touch, priced.
    references: Vec<(VarId, i64)>,
    unit: Decimal,
    lp: Lp,
    elastic: bool,
    split: SplitModel,
    cap: i64,
    aux: Vec<Aux>,
}

/// How the holder × theme split is modelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SplitModel {
    /// Holders that may serve the same themes form one class, with one flow
    /// variable per class and theme: a handful of classes in practice (one
    /// when every holder may serve every theme), however many communes. Any
    /// flow between classes and themes splits among the class's members,
    /// since they all may serve all of the class's themes, so this is exact.
    /// The elastic model still goes holder by holder: there an inadmissible
    /// arc is a relaxable row of its own.
    #[default]
    Classes,
    /// One flow variable per holder and admissible theme (the reference the
    /// classes are tested against).
    Flows,
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
        items: std::collections::HashMap::new(),
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
    if !elastic {
        objective_terms.extend(caps.iter().copied());
        objective_terms.append(&mut b.references);
        b.lp.objective = objective_terms;
    }
    Ok(PlanModel {
        lp: b.lp,
        unit,
        periods,
        elastic,
        aux: b.aux,
        penalties: caps,
    })
}

impl PlanModel {
    /// Makes a solver's answer exact: sets each period's split variables
    /// (holder or class flows) to an integral split of its integer holder and
    /// theme figures, rebuilt by maximum flow, and each objective helper to
    /// the value it stands for.
    pub fn repair(&self, values: &mut [i64]) {
        for p in &self.periods {
            // The elastic model's flows may use inadmissible arcs: kept as solved.
            if !self.elastic && !p.flows.is_empty() {
                if let Some(flow) = split_by_flow(p, values, holder_units(p, values), &p.served) {
                    for &(h, t, v) in &p.flows {
                        set(values, v, cell(&flow, h, t));
                    }
                }
            }
            if !p.classes.is_empty() {
                let served: Vec<Vec<usize>> = p
                    .classes
                    .iter()
                    .map(|c| c.flows.iter().map(|(t, _)| *t).collect())
                    .collect();
                let units = p.classes.iter().map(|c| {
                    c.members
                        .iter()
                        .filter_map(|h| p.holders.get(*h))
                        .map(|(_, v)| values.get(*v).copied().unwrap_or(0))
                        .sum::<i64>()
                });
                if let Some(flow) = split_by_flow(p, values, units, &served) {
                    for (k, c) in p.classes.iter().enumerate() {
                        for &(t, v) in &c.flows {
                            set(values, v, cell(&flow, k, t));
                        }
                    }
                }
            }
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
        if !p.flows.is_empty() {
            return p
                .flows
                .iter()
                .map(|&(h, t, v)| (h, t, values.get(v).copied().unwrap_or(0)))
                .filter(|f| f.2 > 0)
                .collect();
        }
        let Some(flow) = split_by_flow(p, values, holder_units(p, values), &p.served) else {
            return Vec::new();
        };
        flow.iter()
            .enumerate()
            .flat_map(|(h, row)| row.iter().enumerate().map(move |(t, x)| (h, t, *x)))
            .filter(|f| f.2 > 0)
            .collect()
    }
}

/// An integral split of period `p`'s theme totals over suppliers (holders or
/// classes) holding `units`, each serving the themes in `served`, by maximum
/// flow: `flow[supplier][theme]`. `None` when the figures admit none (the
/// model's rows exclude that) or the period is not split by theme.
fn split_by_flow(
    p: &PeriodVars,
    values: &[i64],
    units: impl Iterator<Item = i64>,
    served: &[Vec<usize>],
) -> Option<Vec<Vec<i64>>> {
    use crate::solver::transport::{split, Split, Supply};
    if p.themes.is_empty() {
        return None;
    }
    let supplies: Vec<Supply> = units
        .zip(served)
        .map(|(units, themes)| Supply {
            units,
            themes: Some(themes.clone()),
        })
        .collect();
    let demands: Vec<i64> = p
        .themes
        .iter()
        .map(|(_, v)| values.get(*v).copied().unwrap_or(0))
        .collect();
    match split(&supplies, &demands) {
        Split::Feasible(flow) => Some(flow),
        Split::Infeasible(_) => None,
    }
}

/// Each holder's figure in `values`.
fn holder_units<'a>(p: &'a PeriodVars, values: &'a [i64]) -> impl Iterator<Item = i64> + 'a {
    p.holders
        .iter()
        .map(|(_, v)| values.get(*v).copied().unwrap_or(0))
}

fn cell(flow: &[Vec<i64>], row: usize, col: usize) -> i64 {
    flow.get(row).and_then(|r| r.get(col)).copied().unwrap_or(0)
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

impl Rows for Builder<'_> {
    fn units(&self, value: Decimal, span: Option<Span>) -> Result<i64, BuildError> {
        Builder::units(self, value, span)
    }
    fn cap(&self) -> i64 {
        self.cap
    }
    fn var(&mut self, name: String, lo: i64, hi: i64, integer: bool) -> VarId {
        self.lp.var(name, lo, hi, integer)
    }
    fn constrain(
        &mut self,
        code: Code,
        span: Option<Span>,
        what: Subject,
        relax: Relax,
        rows: Vec<RowSpec>,
    ) {
        Builder::constrain(self, code, span, what, relax, rows);
    }
    fn constrain_scaled(
        &mut self,
        code: Code,
        span: Option<Span>,
        what: Subject,
        relax: Relax,
        rows: Vec<RowSpec>,
        scale: i64,
    ) {
        Builder::constrain_scaled(self, code, span, what, relax, rows, scale);
    }
    fn structure(&mut self, code: Code, rows: Vec<RowSpec>) {
        let g = self.lp.group(code, None, Subject::Structure, Relax::Never);
        for (terms, op, rhs) in rows {
            self.lp.row(g, terms, op, rhs);
        }
    }
}

impl Builder<'_> {
    fn units(&self, d: Decimal, span: Option<Span>) -> Result<i64, BuildError> {
        let q = d / self.unit;
        if !q.fract().is_zero() || d.is_sign_negative() && !d.is_zero() {
            return Err(BuildError {
                code: Some(crate::rules::granularity::RULE.code),
                message: format!(
                    "{} ETP is not a non-negative multiple of the step {}: fix it before planning",
                    fmt_etp(d),
                    fmt_etp(self.unit)
                ),
                span,
            });
        }
        q.to_i64().ok_or_else(|| BuildError {
            code: Some(crate::code::NUMBER),
            message: format!("{} ETP is out of range", fmt_etp(d)),
            span,
        })
    }

    fn signed_units(&self, d: Decimal, span: Option<Span>) -> Result<i64, BuildError> {
        let u = self.units(d.abs(), span)?;
        Ok(if d.is_sign_negative() { -u } else { u })
    }

    /// A bound no figure can exceed: the largest total, cap or post in the file, or 100 ETP.
    fn upper_bound(&self) -> Result<i64, BuildError> {
        let mut max = Decimal::from(100);
        for (f, _) in crate::rules::granularity::etp_figures(self.s) {
            max = max.max(f.value.abs());
        }
        Ok(self.units(max.trunc(), None)?.saturating_mul(2).max(1))
    }

    /// Adds a constraint group and its rows; in elastic mode relaxable rows
    /// get slacks priced into the objective.
    fn constrain(
        &mut self,
        code: Code,
        span: Option<Span>,
        what: Subject,
        relax: Relax,
        rows: Vec<RowSpec>,
    ) {
        self.constrain_scaled(code, span, what, relax, rows, 1);
    }

    /// Like `constrain`, for rows written `scale` times larger than ETP units
    /// (percent rows): the slack stays counted in ETP units, so relaxing a
    /// share costs what relaxing the same ETP elsewhere costs.
    fn constrain_scaled(
        &mut self,
        code: Code,
        span: Option<Span>,
        what: Subject,
        relax: Relax,
        rows: Vec<RowSpec>,
        scale: i64,
    ) {
        if self.released(&what, &rows) {
            return;
        }
        let g = self.lp.group(code, span, what, relax);
        for (mut terms, op, rhs) in rows {
            // Presolve: a row on one variable is a bound (only when nothing
            // may be relaxed: the elastic model needs the row for its slack).
            if let (false, [(v, 1)]) = (self.elastic, terms.as_slice()) {
                if let Some(var) = self.lp.vars.get_mut(*v) {
                    let (lo, hi) = match op {
                        Op::Eq => (rhs, rhs),
                        Op::Le => (var.lo, rhs),
                        Op::Ge => (rhs, var.hi),
                    };
                    let (lo, hi) = (lo.max(var.lo), hi.min(var.hi));
                    // Contradictory bounds stay a row: the solver then
                    // reports infeasibility and the elastic model explains it.
                    if lo <= hi {
                        var.lo = lo;
                        var.hi = hi;
                        continue;
                    }
                }
            }
            if let (true, Relax::Cost(w)) = (self.elastic, relax) {
                let name = format!("slack{g}");
                if matches!(op, Op::Le | Op::Eq) {
                    let s = self.lp.var(format!("{name}-"), 0, SLACK_MAX, true);
                    terms.push((s, -scale));
                    self.lp.objective.push((s, w));
                }
                if matches!(op, Op::Ge | Op::Eq) {
                    let s = self.lp.var(format!("{name}+"), 0, SLACK_MAX, true);
                    terms.push((s, scale));
                    self.lp.objective.push((s, w));
                }
            }
            self.lp.row(g, terms, op, rhs);
        }
    }

    /// Whether a figure of the file gives way to negotiation: in a period an
    /// ask touches, an unlocked figure becomes a reference (an objective
    /// term, not a row); an asked `caf_total` replaces the file's.
    fn released(&mut self, what: &Subject, rows: &[RowSpec]) -> bool {
        let (period, total) = match what {
            Subject::Figure { period, .. } => (period, false),
            Subject::PeriodTotal { period, .. } => (period, true),
            Subject::CafCap { period, .. } => return self.neg.caf_asked(self.s, period),
            _ => return false,
        };
        let Some(i) = self.s.periods.iter().position(|p| p.name() == period) else {
            return false;
        };
        let ([(terms, Op::Eq, value)], true) = (rows, self.neg.releases(self.s, i)) else {
            return false;
        };
        let item = match (total, terms.as_slice()) {
            (true, _) => Item::Total,
            (false, [(v, 1)]) => match self.items.get(v) {
                Some((_, item)) => item.clone(),
                None => return false,
            },
            _ => return false,
        };
        if self.neg.item_locked(self.s, i, &item) {
            return false;
        }
        if !self.elastic {
            self.deviation(
                &format!("ref/{period}"),
                terms,
                *value,
                negotiate::weight(*value),
            );
        }
        true
    }

    /// Prices `|terms − value|` at `weight` per unit in the objective
    /// (`terms − up + down = value`, `up + down` priced).
    fn deviation(&mut self, name: &str, terms: &[(VarId, i64)], value: i64, weight: i64) {
        let size: i64 = terms
            .iter()
            .map(|(_, c)| c.saturating_abs())
            .fold(1, i64::saturating_add);
        let hi = self
            .cap
            .saturating_mul(size)
            .saturating_add(value.saturating_abs())
            .min(i64::from(i32::MAX));
        let up = self.lp.var(format!("{name}/up"), 0, hi, false);
        let down = self.lp.var(format!("{name}/down"), 0, hi, false);
        let g = self.lp.group(
            crate::plan::ask::ASK,
            None,
            Subject::Structure,
            Relax::Never,
        );
        let mut row = terms.to_vec();
        row.push((up, -1));
        row.push((down, 1));
        self.lp.row(g, row, Op::Eq, value);
        self.aux.push(Aux::Parts {
            up,
            down,
            terms: terms.to_vec(),
            k: -value,
        });
        self.references.push((up, weight));
        self.references.push((down, weight));
    }

    /// Figures with nothing to stay close to follow a share of a sum the
    /// file knows (see `plan::spread`): theme totals left open, and open
    /// communes with no figure before, rather than the first-listed taking
    /// everything. The targets are whole units, so the model stays close
    /// to a network and its relaxation integral.
    fn spread(
        &mut self,
        p: &PeriodVars,
        objective: Objective,
        scope: &[usize],
    ) -> Result<(), BuildError> {
        let Some(period) = self.s.periods.get(p.index) else {
            return Ok(());
        };
        let facts = self.facts.periods.get(p.index).cloned().unwrap_or_default();
        let Some(total) = facts.total else {
            return Ok(());
        };
        let staff = self
            .units(
                (total - facts.coordinator).max(Decimal::ZERO).round_dp(6),
                None,
            )
            .ok();
        let Some(staff) = staff else {
            return Ok(());
        };
        if period.themes.is_none() && !p.themes.is_empty() {
            let weights = spread::theme_weights(self.s, p, self.unit, staff);
            self.follow(
                &format!("spread/{}/theme", p.id),
                &p.themes,
                staff,
                &weights,
            );
        }
        if objective == Objective::Closest && !period.is_incremental() {
            let before_planned = p.index.checked_sub(1).is_some_and(|j| scope.contains(&j));
            let open = spread::open_communes(self.s, self.facts, p, before_planned);
            let others: Decimal = p
                .holders
                .iter()
                .filter(|(h, _)| !open.iter().any(|(o, _)| o == h))
                .filter_map(|(h, _)| facts.etp.get(h).copied().flatten())
                .sum();
            let left = self
                .units(
                    (total - facts.coordinator - others).max(Decimal::ZERO),
                    None,
                )
                .ok();
            // Past a few hundred open communes the rows cost more than
            // they give (an even spread of thousands): the tie-break decides.
            if let (true, Some(left)) = ((2..=SPREAD_MAX_OPEN).contains(&open.len()), left) {
                let weights = vec![1; open.len()];
                self.follow(&format!("spread/{}/commune", p.id), &open, left, &weights);
            }
        }
        Ok(())
    }

    /// Each of `vars` close to its part of `total` in proportion to
    /// `weights`, in whole units.
    fn follow(&mut self, name: &str, vars: &[(String, VarId)], total: i64, weights: &[i64]) {
        let ids: Vec<&str> = vars.iter().map(|(id, _)| id.as_str()).collect();
        let targets = spread::apportion(total, &ids, weights);
        for ((id, x), t) in vars.iter().zip(targets) {
            self.deviation(&format!("{name}/{id}"), &[(*x, 1)], t, SPREAD_WEIGHT);
        }
    }

    fn row_of(terms: &[(Term, i64)], op: Op, rhs: i64) -> RowSpec {
        super::lp::row_of(terms, op, rhs)
    }

    fn period(
        &mut self,
        i: usize,
        period: &Period,
        prev: Option<&PeriodVars>,
    ) -> Result<PeriodVars, BuildError> {
        let s = self.s;
        let name = period.name().to_owned();
        let pfacts = self.facts.periods.get(i).cloned().unwrap_or_default();
        let coordinator = self.units(
            pfacts.coordinator,
            period.coordinator.as_ref().map(|c| c.etp.span()),
        )?;
        let holder_ids: Vec<String> = s
            .communes
            .iter()
            .map(|c| c.id.id.clone())
            .chain(s.carriers.iter().map(|c| c.id.id.clone()))
            .collect();
        let mut holders = Vec::new();
        for h in &holder_ids {
            let v = self.lp.var(format!("{name}/{h}"), 0, self.cap, true);
            self.items.insert(v, (i, Item::Holder(h.clone())));
            holders.push((h.clone(), v));
        }
        // Figures the scenario fixes.
        let incremental = period.is_incremental();
        let mut priors = Vec::new();
        for (k, (h, v)) in holders.iter().enumerate() {
            let post = period.post(h);
            let prev_term = match prev.and_then(|p| holder_var(&p.holders, k, h)) {
                Some(pv) => Some(Term::Var(pv)),
                None => i
                    .checked_sub(1)
                    .and_then(|j| self.facts.etp(j, h))
                    .map(|d| self.units(d, None))
                    .transpose()?
                    .map(Term::Const),
            };
            // A change-only post whose previous figure nobody knows: that
            // figure becomes a variable (see `PeriodVars::priors`).
            let prev_term = match (prev_term, post.map(|p| (p.etp, p.change))) {
                (None, Some((None, Some(_)))) => {
                    let b = self.lp.var(format!("{name}/{h}/before"), 0, self.cap, true);
                    priors.push((h.clone(), b));
                    Some(Term::Var(b))
                }
                (t, _) => t,
            };
            match post.map(|p| (p.etp, p.change)) {
                Some((Some(f), change)) => {
                    let value = self.units(f.value, Some(f.span()))?;
                    self.constrain(
                        period_total::RULE.code,
                        Some(f.span()),
                        Subject::Figure {
                            period: name.clone(),
                            item: h.clone(),
                            value,
                        },
                        Relax::Cost(cost::FIGURE),
                        vec![(vec![(*v, 1)], Op::Eq, value)],
                    );
                    // Both written: the change ties the previous figure too.
                    if let (Some(c), Some(pt)) = (change, prev_term) {
                        self.change_row(&name, h, *v, pt, c)?;
                    }
                }
                Some((None, Some(c))) => {
                    if let Some(pt) = prev_term {
                        self.change_row(&name, h, *v, pt, c)?;
                    }
                }
                Some((None, None)) => {
                    // Listed with neither figure: no ETP of its own (pooled, or a status).
                    self.constrain(
                        period_total::RULE.code,
                        Some(
                            period
                                .post(h)
                                .map_or(period.id.span.clone(), |p| p.span.clone()),
                        ),
                        Subject::Figure {
                            period: name.clone(),
                            item: h.clone(),
                            value: 0,
                        },
                        Relax::Cost(cost::FIGURE),
                        vec![(vec![(*v, 1)], Op::Eq, 0)],
                    );
                }
                None if incremental => {
                    if let Some(pt) = prev_term {
                        let row = Self::row_of(&[(Term::Var(*v), 1), (pt, -1)], Op::Eq, 0);
                        self.constrain(
                            period_total::RULE.code,
                            Some(period.id.span.clone()),
                            Subject::Figure {
                                period: name.clone(),
                                item: format!("{h} (unchanged)"),
                                value: 0,
                            },
                            Relax::Cost(cost::FIGURE),
                            vec![row],
                        );
                    }
                }
                None => {} // open: the proposal fills it
            }
        }
        let (themes, flows, classes, served) = self.theme_layer(i, period, &holders)?;
        // What the period's staff adds up to: the posts, or with no holder
        // declared (a theme split only), the theme totals.
        let all: Vec<(VarId, i64)> = if holders.is_empty() {
            &themes
        } else {
            &holders
        }
        .iter()
        .map(|(_, v)| (*v, 1))
        .collect();
        period_total::rows(period, &pfacts, &all, coordinator, self)?;
        caf_cap::rows(period, &all, coordinator, self)?;
        self.communes(i, period, &holders)?;
        Ok(PeriodVars {
            index: i,
            id: name,
            holders,
            themes,
            flows,
            classes,
            served,
            coordinator,
            priors,
        })
    }

    /// CTG033's row (see `post_change::rows`).
    fn change_row(
        &mut self,
        name: &str,
        h: &str,
        v: VarId,
        prev: Term,
        c: crate::scenario::Figure,
    ) -> Result<(), BuildError> {
        post_change::rows(name, h, v, prev, c, self)
    }

    /// Theme totals and the holder × theme split, when the period is split by theme.
    fn theme_layer(
        &mut self,
        i: usize,
        period: &Period,
        holders: &[(String, VarId)],
    ) -> Result<ThemeLayer, BuildError> {
        let s = self.s;
        // Split by theme when the period gives theme totals, when rules bear on
        // themes, or when themes are all there is to plan (no holder declared).
        if period.themes.is_none() && s.rules.theme_rules.is_empty() && !holders.is_empty() {
            return Ok((Vec::new(), Vec::new(), Vec::new(), Vec::new()));
        }
        let name = period.name().to_owned();
        let mut themes = Vec::new();
        for t in &s.themes {
            let v = self
                .lp
                .var(format!("{name}/theme/{}", t.id.id), 0, self.cap, true);
            self.items.insert(v, (i, Item::Theme(t.id.id.clone())));
            themes.push((t.id.id.clone(), v));
            theme_total::rows(period, &t.id.id, v, self)?;
        }
        // The split: each holder over its own themes; each theme from its holders.
        let mut flows = Vec::new();
        if holders.is_empty() {
            return self
                .theme_minimums(&name, themes)
                .map(|t| (t, flows, Vec::new(), Vec::new()));
        }
        let served: Vec<Vec<usize>> = holders
            .iter()
            .map(|(h, _)| {
                let listed = s.themes_in(period, h);
                (0..themes.len())
                    .filter(|ti| {
                        themes.get(*ti).is_some_and(|(t, _)| {
                            listed.is_none_or(|l| l.items.iter().any(|x| &x.id == t))
                        })
                    })
                    .collect()
            })
            .collect();
        let g = self.lp.group(
            theme_split::RULE.code,
            None,
            Subject::Structure,
            Relax::Never,
        );
        let mut classes = Vec::new();
        if !self.elastic && self.split == SplitModel::Classes {
            classes = self.split_classes(g, &name, holders, &themes, &served);
        } else {
            flows = self.split_flows(g, &name, period, holders, &themes, &served);
        }
        let themes = self.theme_minimums(&name, themes)?;
        Ok((themes, flows, classes, served))
    }

    /// The split by class of holders with the same theme list (see
    /// [`SplitModel::Classes`]): per class, its flows add up to its members'
    /// figures; per theme, the classes' flows to its total.
    fn split_classes(
        &mut self,
        g: usize,
        name: &str,
        holders: &[(String, VarId)],
        themes: &[(String, VarId)],
        served: &[Vec<usize>],
    ) -> Vec<Class> {
        let mut by_list: std::collections::BTreeMap<&[usize], Vec<usize>> =
            std::collections::BTreeMap::new();
        for (h, list) in served.iter().enumerate() {
            by_list.entry(list).or_default().push(h);
        }
        let mut into_theme: Vec<Vec<(VarId, i64)>> = vec![Vec::new(); themes.len()];
        let mut classes = Vec::with_capacity(by_list.len());
        for (k, (list, members)) in by_list.into_iter().enumerate() {
            let mut row: Vec<(VarId, i64)> = members
                .iter()
                .filter_map(|h| holders.get(*h))
                .map(|(_, v)| (*v, -1))
                .collect();
            let mut flows = Vec::with_capacity(list.len());
            for &t in list {
                let Some((tid, _)) = themes.get(t) else {
                    continue;
                };
                // Continuous: `PlanModel::repair` sets them to an integral
                // split of the (integer) class and theme figures.
                let f = self
                    .lp
                    .var(format!("{name}/class{k}/{tid}"), 0, self.cap, false);
                row.push((f, 1));
                if let Some(terms) = into_theme.get_mut(t) {
                    terms.push((f, 1));
                }
                flows.push((t, f));
            }
            self.lp.row(g, row, Op::Eq, 0);
            classes.push(Class { members, flows });
        }
        for (mut terms, (_, tv)) in into_theme.into_iter().zip(themes) {
            terms.push((*tv, -1));
            self.lp.row(g, terms, Op::Eq, 0);
        }
        classes
    }

    /// The split as holder × theme flow variables: in the elastic model (an
    /// inadmissible arc is a relaxable row) and for [`SplitModel::Flows`].
    fn split_flows(
        &mut self,
        g: usize,
        name: &str,
        period: &Period,
        holders: &[(String, VarId)],
        themes: &[(String, VarId)],
        served: &[Vec<usize>],
    ) -> Vec<(usize, usize, VarId)> {
        let s = self.s;
        let mut flows = Vec::new();
        for ((hi, (h, _)), list) in holders.iter().enumerate().zip(served) {
            let listed = s.themes_in(period, h);
            for (ti, (t, _)) in themes.iter().enumerate() {
                let admissible = list.contains(&ti);
                if !admissible && !self.elastic {
                    continue;
                }
                // Continuous: with integer holder and theme figures the
                // transportation structure has integral vertices, and
                // `PlanModel::repair` rebuilds an integral split exactly.
                // (The elastic model keeps them integer: its relaxed arcs have
                // capacities that the rebuilt split would not respect.)
                let v = self
                    .lp
                    .var(format!("{name}/{h}/{t}"), 0, self.cap, self.elastic);
                flows.push((hi, ti, v));
                if !admissible {
                    self.constrain(
                        theme_split::RULE.code,
                        listed.map(|l| l.span.clone()),
                        Subject::Admissible {
                            period: name.to_owned(),
                            holder: h.clone(),
                            theme: t.clone(),
                        },
                        Relax::Cost(cost::ADMISSIBLE),
                        vec![(vec![(v, 1)], Op::Le, 0)],
                    );
                }
            }
        }
        for (hi, (_, hv)) in holders.iter().enumerate() {
            let mut terms: Vec<(VarId, i64)> = flows
                .iter()
                .filter(|f| f.0 == hi)
                .map(|f| (f.2, 1))
                .collect();
            terms.push((*hv, -1));
            self.lp.row(g, terms, Op::Eq, 0);
        }
        for (ti, (_, tv)) in themes.iter().enumerate() {
            let mut terms: Vec<(VarId, i64)> = flows
                .iter()
                .filter(|f| f.1 == ti)
                .map(|f| (f.2, 1))
                .collect();
            terms.push((*tv, -1));
            self.lp.row(g, terms, Op::Eq, 0);
        }
        flows
    }

    /// The theme minimums' rows (CTG042 writes them).
    fn theme_minimums(
        &mut self,
        name: &str,
        themes: Vec<(String, VarId)>,
    ) -> Result<Vec<(String, VarId)>, BuildError> {
        theme_minimum::rows(self.s, name, &themes, self)?;
        Ok(themes)
    }

    /// Commune bounds, pooled posts and coverage.
    fn communes(
        &mut self,
        _i: usize,
        period: &Period,
        holders: &[(String, VarId)],
    ) -> Result<(), BuildError> {
        let s = self.s;
        let name = period.name().to_owned();
        // Communes come first among the holders, in file order.
        let var_of = |k: usize, id: &str| holder_var(holders, k, id);
        for (k, commune) in s.communes.iter().enumerate() {
            let Some(v) = var_of(k, &commune.id.id) else {
                continue;
            };
            let id = commune.id.id.clone();
            commune_bounds::rows(s, &name, &id, v, self)?;
            let host_var = |host: &str| s.commune_index(host).and_then(|hk| var_of(hk, host));
            if !pooled_post::rows(s, period, commune, v, &host_var, self) {
                coverage::rows(period, commune, v, self);
            }
        }
        Ok(())
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
            // A fixed `change` in the next period must not lead below 0 (CTG020).
            if let Some(c) = next_period
                .and_then(|p| p.post(h))
                .filter(|p| p.etp.is_none())
                .and_then(|p| p.change)
                .filter(|c| c.value.is_sign_negative())
            {
                let change = self.signed_units(c.value, Some(c.span()))?;
                self.constrain(
                    crate::rules::granularity::RULE.code,
                    Some(c.span()),
                    Subject::Figure {
                        period: next_period.map_or(String::new(), |p| p.name().to_owned()),
                        item: format!("the change of {h}"),
                        value: change,
                    },
                    Relax::Cost(cost::FIGURE),
                    vec![(vec![(*v, 1)], Op::Ge, -change)],
                );
            }
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
            let moved = if !is_holder {
                Some(Moved::Theme)
            } else if self.s.commune(&id).is_some() {
                Some(Moved::Commune)
            } else {
                None // carriers have no move limit
            };
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
            self.lp.row(g, terms, op, rhs);
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
            let Some(pop) = c.population else {
                return Err(BuildError {
                    code: Some(crate::rules::population_needed::RULE.code),
                    message: format!(
                        "the balance objective needs populations: {} has none",
                        c.id.id
                    ),
                    span: Some(c.span.clone()),
                });
            };
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
            crate::rules::commune_bounds::RULE.code,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load_str;

    fn model(text: &str) -> PlanModel {
        let s = load_str("t.toml", text).scenario.expect("loads");
        build(&s, &[0], Objective::Closest, false).expect("builds")
    }

    const HEAD: &str = "[territory]\nname = \"T\"\n";

    #[test]
    fn holders_serving_every_theme_form_one_class() {
        let mut text = HEAD.to_owned();
        for i in 0..50 {
            text.push_str(&format!("[[commune]]\nid = \"c{i}\"\nname = \"C{i}\"\n"));
        }
        text.push_str("[[period]]\nid = \"2026\"\ntotal = 10\nthemes = { parentalite = 4, acces_droits = 6 }\n");
        let m = model(&text);
        let p = &m.periods[0];
        assert_eq!(p.classes.len(), 1);
        assert_eq!(p.classes[0].members.len(), 50);
        assert_eq!(p.classes[0].flows.len(), p.themes.len());
        assert!(p.flows.is_empty());
        assert!(p.served.iter().all(|l| l.len() == p.themes.len()));
    }

    #[test]
    fn one_class_per_theme_list() {
        let text = format!(
            "{HEAD}[[commune]]\nid = \"a\"\nname = \"A\"\nthemes = [\"parentalite\"]\n\
             [[commune]]\nid = \"b\"\nname = \"B\"\nthemes = [\"parentalite\", \"acces_droits\"]\n\
             [[commune]]\nid = \"c\"\nname = \"C\"\nthemes = [\"parentalite\"]\n\
             [[period]]\nid = \"2026\"\ntotal = 1\nthemes = {{ parentalite = 0.5, acces_droits = 0.5 }}\n"
        );
        let m = model(&text);
        let members: Vec<Vec<usize>> = m.periods[0]
            .classes
            .iter()
            .map(|c| c.members.clone())
            .collect();
        assert_eq!(members, vec![vec![0, 2], vec![1]]);
        assert_eq!(m.periods[0].classes[0].flows.len(), 1);
        assert_eq!(m.periods[0].classes[1].flows.len(), 2);
    }
}
