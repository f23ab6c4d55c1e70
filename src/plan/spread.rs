//! Shares for the figures a plan has nothing to stay close to. Without
//! them, every way of splitting open ETP costs the same, and the tie-break
//! alone decided: "everything on the first theme". The planner prices each
//! figure's distance to its share of the group's sum (`build::follow`):
//!
//! - theme totals left open follow the previous period's theme table, else
//!   each gets its declared minimum (`min_etp`, `min_percent`) and the rest
//!   is spread evenly over the themes some holder may serve;
//! - open communes with no figure before (no post, not pooled, nothing in
//!   the period before) share evenly (`closest` only: `balance` shares by
//!   population).

use super::build::PeriodVars;
use crate::lp::VarId;
use crate::scenario::facts::Facts;
use crate::scenario::Scenario;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// The weight of each theme of `p` (in `p.themes` order) in the split of
/// the themes' sum: the previous theme table's figures; otherwise, for a
/// sum of `total` units, each theme's declared minimum (`min_etp` `m_t`,
/// `min_percent` `pct_t`) plus an even part of the rest over the `n` themes
/// someone may serve, i.e. `100n·m_t + n·pct_t·T + served_t·(100T − 100M −
/// P·T)` (which add up to `100n·T`).
pub fn theme_weights(s: &Scenario, p: &PeriodVars, unit: Decimal, total: i64) -> Vec<i64> {
    let units = |d: Decimal| {
        if unit.is_zero() {
            0
        } else {
            (d / unit).round().to_i64().unwrap_or(0).max(0)
        }
    };
    if let Some(tt) = p
        .index
        .checked_sub(1)
        .and_then(|j| s.periods.get(j))
        .and_then(|q| q.themes.as_ref())
    {
        let shares: Vec<i64> = p
            .themes
            .iter()
            .map(|(t, _)| tt.get(t).map_or(0, |f| units(f.value)))
            .collect();
        if shares.iter().any(|x| *x > 0) {
            return shares;
        }
    }
    let rule = |t: &str| s.rules.theme_rules.iter().find(|r| r.theme.id == t);
    let served: Vec<i64> = (0..p.themes.len())
        .map(|t| i64::from(p.holders.is_empty() || p.served.iter().any(|l| l.contains(&t))))
        .collect();
    let n: i64 = served.iter().sum::<i64>().max(1);
    let mins: Vec<(i64, i64)> = p
        .themes
        .iter()
        .map(|(t, _)| {
            let r = rule(t);
            let m = r.and_then(|r| r.min_etp).map_or(0, |f| units(f.value));
            let pct = r
                .and_then(|r| r.min_percent)
                .and_then(|f| f.value.round().to_i64())
                .unwrap_or(0)
                .clamp(0, 100);
            (m, pct)
        })
        .collect();
    let big_m: i64 = mins.iter().map(|(m, _)| *m).sum();
    let big_p: i64 = mins.iter().map(|(_, pct)| *pct).sum::<i64>().min(100);
    let rest = (100 * total - 100 * big_m - big_p * total).max(0);
    mins.iter()
        .zip(&served)
        .map(|((m, pct), sv)| {
            (100 * n * m)
                .saturating_add(n.saturating_mul(*pct).saturating_mul(total))
                .saturating_add(sv * rest)
        })
        .collect()
}

/// `total` split in proportion to `weights`, in whole units (largest
/// remainders; equal remainders go to the smaller id, whatever the order
/// of the file).
pub fn apportion(total: i64, ids: &[&str], weights: &[i64]) -> Vec<i64> {
    let sum: i128 = weights.iter().map(|w| i128::from((*w).max(0))).sum();
    if sum == 0 || total <= 0 {
        return vec![0; weights.len()];
    }
    let t = i128::from(total);
    let mut out: Vec<i64> = Vec::with_capacity(weights.len());
    let mut rema: Vec<(i128, &str, usize)> = Vec::with_capacity(weights.len());
    for (k, w) in weights.iter().enumerate() {
        let x = t * i128::from((*w).max(0));
        out.push(i64::try_from(x / sum).unwrap_or(0));
        rema.push((x % sum, ids.get(k).copied().unwrap_or(""), k));
    }
    let given: i64 = out.iter().sum();
    rema.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    for (_, _, k) in rema
        .into_iter()
        .take(usize::try_from(total - given).unwrap_or(0))
    {
        if let Some(x) = out.get_mut(k) {
            *x += 1;
        }
    }
    out
}

/// The communes of `p` with nothing to stay close to: no post in the
/// period, not pooled, and no figure in the period before (which is not
/// planned itself: `before_planned`).
pub fn open_communes(
    s: &Scenario,
    facts: &Facts,
    p: &PeriodVars,
    before_planned: bool,
) -> Vec<(String, VarId)> {
    let Some(period) = s.periods.get(p.index) else {
        return Vec::new();
    };
    if before_planned {
        return Vec::new();
    }
    s.communes
        .iter()
        .filter(|c| period.post(&c.id.id).is_none() && s.pooled_host(period, c).is_none())
        .filter(|c| {
            p.index
                .checked_sub(1)
                .and_then(|j| facts.etp(j, &c.id.id))
                .is_none()
        })
        .filter_map(|c| p.holders.iter().find(|(h, _)| *h == c.id.id).cloned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_adds_up_and_ignores_the_order() {
        assert_eq!(apportion(31, &["a", "b"], &[1, 1]), vec![16, 15]);
        assert_eq!(apportion(31, &["b", "a"], &[1, 1]), vec![15, 16]);
        assert_eq!(
            apportion(28, &["pe", "ej", "p", "ad"], &[17, 5, 3, 3])
                .iter()
                .sum::<i64>(),
            28
        );
        assert_eq!(apportion(5, &["a", "b"], &[0, 0]), vec![0, 0]);
        assert_eq!(apportion(7, &["a", "b", "c"], &[0, 1, 0]), vec![0, 7, 0]);
    }
}
