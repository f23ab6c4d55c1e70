//! The builder's side of [`Rows`]: how a rule's rows enter the model. A
//! row on one variable becomes a bound (presolve) unless the model is
//! elastic; in the elastic model every relaxable row gets slack variables
//! priced into the objective at its relaxation cost.

use super::{BuildError, Builder};
use crate::code::Code;
use crate::diagnostic::Span;
use crate::lp::{Op, Relax, RowSpec, Rows, Subject, VarId};
use crate::rules::granularity;
use rust_decimal::Decimal;

/// Largest relaxation considered, in units (microlp wants bounds within i32).
const SLACK_MAX: i64 = 1_000_000;

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
        let g = self.structure_group(code);
        for row in rows {
            self.structure_row(g, row);
        }
    }
    fn structure_group(&mut self, code: Code) -> usize {
        self.lp.group(code, None, Subject::Structure, Relax::Never)
    }
    fn structure_row(&mut self, group: usize, (terms, op, rhs): RowSpec) {
        self.lp.row(group, terms, op, rhs);
    }
    fn elastic(&self) -> bool {
        self.elastic
    }
}

impl Builder<'_> {
    pub(super) fn units(&self, d: Decimal, span: Option<Span>) -> Result<i64, BuildError> {
        granularity::planning::units(d, self.unit, span)
    }

    /// A bound no figure can exceed: the largest total, cap or post in the file, or 100 ETP.
    pub(super) fn upper_bound(&self) -> Result<i64, BuildError> {
        let mut max = Decimal::from(100);
        for (f, _) in crate::rules::granularity::etp_figures(self.s) {
            max = max.max(f.value.abs());
        }
        Ok(self.units(max.trunc(), None)?.saturating_mul(2).max(1))
    }

    /// Adds a constraint group and its rows; in elastic mode relaxable rows
    /// get slacks priced into the objective.
    pub(super) fn constrain(
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
}
