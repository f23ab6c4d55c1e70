//! Negotiation's side of the model: a figure released by an ask becomes a
//! priced deviation from its reference, and figures with nothing to stay
//! close to follow a share of a known sum (see `plan::negotiate`,
//! `plan::spread`).

use super::*;

impl Builder<'_> {
    /// Whether a figure of the file gives way to negotiation: in a period an
    /// ask touches, an unlocked figure becomes a reference (an objective
    /// term, not a row); an asked `caf_total` replaces the file's.
    pub(super) fn released(&mut self, what: &Subject, rows: &[RowSpec]) -> bool {
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
            (false, [(v, 1)]) => match self.items.get(*v).and_then(Option::as_ref) {
                Some((_, item)) => item.clone(),
                None => return false,
            },
            _ => return false,
        };
        if self.neg.item_locked(self.s, i, &item) {
            return false;
        }
        // Also in the elastic model: a way out is planned by the plain
        // objective once its slack is fixed (`PlanModel::plain`).
        self.deviation(
            &format!("ref/{period}"),
            terms,
            *value,
            negotiate::weight(*value),
        );
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
    pub(super) fn spread(
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
}
