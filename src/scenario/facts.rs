//! Figures derived from the model: each holder's ETP in each period (resolving
//! `change` entries and carried-over posts), and period totals. Computed once
//! and shared by every rule, so that rules never disagree on what a figure is.

use super::model::{Period, Scenario};
use indexmap::IndexMap;
use rust_decimal::Decimal;

#[derive(Debug, Clone, Default)]
pub struct PeriodFacts {
    /// ETP of each declared commune and carrier; `None` when the file leaves it open.
    pub etp: IndexMap<String, Option<Decimal>>,
    /// Communes + carriers + coordinator, derived from the posts; `None` when not derivable.
    pub derived_total: Option<Decimal>,
    /// The declared total if any, else the derived one.
    pub total: Option<Decimal>,
    /// The coordinator's ETP (0 when the period has none).
    pub coordinator: Decimal,
    /// Theme totals + coordinator, when the period gives theme totals.
    pub theme_total: Option<Decimal>,
}

#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub periods: Vec<PeriodFacts>,
}

impl Facts {
    pub fn of(scenario: &Scenario) -> Facts {
        let mut periods: Vec<PeriodFacts> = Vec::with_capacity(scenario.periods.len());
        for period in &scenario.periods {
            let facts = period_facts(scenario, period, periods.last());
            periods.push(facts);
        }
        Facts { periods }
    }

    pub fn etp(&self, period: usize, holder: &str) -> Option<Decimal> {
        self.periods
            .get(period)
            .and_then(|p| p.etp.get(holder).copied().flatten())
    }
}

fn holders(scenario: &Scenario) -> impl Iterator<Item = &str> {
    scenario
        .communes
        .iter()
        .map(|c| c.id.id.as_str())
        .chain(scenario.carriers.iter().map(|c| c.id.id.as_str()))
}

fn period_facts(scenario: &Scenario, period: &Period, prev: Option<&PeriodFacts>) -> PeriodFacts {
    let coordinator = period.coordinator.as_ref().map(|c| c.etp.value);
    let prev_etp = |h: &str| prev.and_then(|p| p.etp.get(h).copied().flatten());
    let mut etp = IndexMap::new();
    let mut derived_total = None;
    match &period.posts {
        None => {
            for h in holders(scenario) {
                etp.insert(h.to_owned(), None);
            }
        }
        Some(posts) if period.is_incremental() => {
            // Holders not listed keep their previous ETP.
            for h in holders(scenario) {
                etp.insert(h.to_owned(), prev_etp(h));
            }
            let mut delta = Some(Decimal::ZERO);
            for post in &posts.entries {
                let before = prev_etp(&post.holder.id);
                let now = match (post.etp, post.change) {
                    (Some(e), _) => Some(e.value),
                    (None, Some(c)) => before.map(|b| b + c.value),
                    (None, None) => Some(Decimal::ZERO),
                };
                let diff = match (post.etp, post.change) {
                    (None, Some(c)) => Some(c.value),
                    _ => now.zip(before).map(|(n, b)| n - b),
                };
                delta = delta.zip(diff).map(|(d, x)| d + x);
                if scenario.is_holder(&post.holder.id) {
                    etp.insert(post.holder.id.clone(), now);
                }
            }
            let prev_coord = prev.map_or(Decimal::ZERO, |p| p.coordinator);
            let coord_diff = coordinator.map_or(Decimal::ZERO, |c| c - prev_coord);
            derived_total = prev
                .and_then(|p| p.total)
                .zip(delta)
                .map(|(t, d)| t + d + coord_diff);
        }
        Some(posts) => {
            for h in holders(scenario) {
                etp.insert(h.to_owned(), Some(Decimal::ZERO));
            }
            let mut sum = Decimal::ZERO;
            for post in &posts.entries {
                let v = post.etp.map_or(Decimal::ZERO, |e| e.value);
                sum += v;
                if scenario.is_holder(&post.holder.id) {
                    etp.insert(post.holder.id.clone(), Some(v));
                }
            }
            derived_total = Some(sum + coordinator.unwrap_or_default());
        }
    }
    let coordinator_etp = match (coordinator, period.is_incremental()) {
        (Some(c), _) => c,
        (None, true) => prev.map_or(Decimal::ZERO, |p| p.coordinator),
        (None, false) => Decimal::ZERO,
    };
    let theme_total = period
        .themes
        .as_ref()
        .map(|t| t.entries.iter().map(|(_, f)| f.value).sum::<Decimal>() + coordinator_etp);
    PeriodFacts {
        etp,
        total: period.total.map(|t| t.value).or(derived_total),
        derived_total,
        coordinator: coordinator_etp,
        theme_total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load_str;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn incremental_period_adds_changes_to_the_previous_total() {
        let text = r#"
[territory]
name = "Golfe"
[[commune]]
id = "istres"
name = "Istres"
[[period]]
id = "2025"
total = 3.1
[[period]]
id = "cible"
total = 3.8
posts.istres = { change = 0.5 }
posts.fos = { change = 0.2 }
"#;
        let s = load_str("t", text).scenario.unwrap();
        let f = Facts::of(&s);
        assert_eq!(f.periods[1].derived_total, Some(dec("3.8")));
        // 2025's per-commune split is unknown, so Istres' ETP stays unknown.
        assert_eq!(f.etp(1, "istres"), None);
    }

    #[test]
    fn absolute_period_sums_posts_and_coordinator() {
        let text = r#"
[territory]
name = "T"
[[commune]]
id = "a"
name = "A"
[[commune]]
id = "b"
name = "B"
[[period]]
id = "2026"
coordinator = { etp = 0.5 }
themes = { petite_enfance = 0.1, parentalite = 0.2 }
posts.a = { etp = 0.1 }
posts.b = { etp = 0.2 }
"#;
        let s = load_str("t", text).scenario.unwrap();
        let f = Facts::of(&s);
        assert_eq!(f.periods[0].derived_total, Some(dec("0.8")));
        assert_eq!(f.periods[0].theme_total, Some(dec("0.8")));
        assert_eq!(f.etp(0, "b"), Some(dec("0.2")));
    }
}
