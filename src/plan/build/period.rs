//! One period's part of the model: its holder and theme variables, and
//! the rows each rule the planner models adds for them (fixed posts,
//! totals, the Caf's cap, theme totals and minimums, the holder × theme
//! split, commune bounds, pooling, coverage), asked of the rules' homes.

use super::{holder_var, BuildError, Builder, Item, PeriodVars};
use crate::lp::{Term, VarId};
use crate::rules::theme_split::planning::{self as split, SplitVars};
use crate::rules::{
    caf_cap, commune_bounds, coverage, period_total, pooled_post, theme_minimum, theme_total,
};
use crate::scenario::Period;

impl Builder<'_> {
    pub(super) fn period(
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
            self.set_item(v, i, Item::Holder(h.clone()));
            holders.push((h.clone(), v));
        }
        // Figures the scenario fixes.
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
            period_total::planning::post_rows(period, h, *v, prev_term, self)?;
        }
        let (themes, split) = self.theme_layer(i, period, &holders)?;
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
            split,
            coordinator,
            priors,
        })
    }

    /// Theme totals and the holder × theme split, when the period is split by theme.
    fn theme_layer(
        &mut self,
        i: usize,
        period: &Period,
        holders: &[(String, VarId)],
    ) -> Result<(Vec<(String, VarId)>, SplitVars), BuildError> {
        let s = self.s;
        // Split by theme when the period gives theme totals, when rules bear on
        // themes, or when themes are all there is to plan (no holder declared).
        if period.themes.is_none()
            && s.rules_for(period.name()).theme_rules.is_empty()
            && !holders.is_empty()
        {
            return Ok((Vec::new(), SplitVars::default()));
        }
        let name = period.name().to_owned();
        let mut themes = Vec::new();
        for t in &s.themes {
            let v = self
                .lp
                .var(format!("{name}/theme/{}", t.id.id), 0, self.cap, true);
            self.set_item(v, i, Item::Theme(t.id.id.clone()));
            themes.push((t.id.id.clone(), v));
            theme_total::rows(period, &t.id.id, v, self)?;
        }
        // The split: each holder over its own themes; each theme from its holders.
        let split = if holders.is_empty() {
            SplitVars::default()
        } else {
            split::rows(s, period, holders, &themes, self.split, self)
        };
        theme_minimum::rows(s, &name, &themes, self)?;
        Ok((themes, split))
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
}
