//! The portfolio's figures: per year and territory, the co-financed ETP, the
//! Caf's euros and the communes' rest; the envelope and what is left in it;
//! theme totals across territories; when each convention ends.
//!
//! Every figure is a territory's own, as its file and `finance::cost` give
//! it; the portfolio only places periods in years and adds them up, exactly
//! (ETP in `Decimal`, euros in cents). Unknown stays unknown (`None`): a
//! total with an unknown part is unknown, never a partial sum shown as whole.

use super::model::{Entry, Portfolio};
use crate::diagnostic::Span;
use crate::finance::cost::period_cost;
use crate::finance::money::to_cents;
use crate::scenario::facts::Facts;
use crate::scenario::{Period, Scenario, Years};
use rust_decimal::Decimal;
use std::sync::Arc;

/// A covered scenario that loaded, with its derived figures.
#[derive(Debug, Clone)]
pub struct Covered {
    /// The file, as people read it.
    pub file: String,
    /// Where the portfolio names it.
    pub origin: Span,
    /// Its `[[territory]]` options.
    pub entry: Option<usize>,
    /// Shared with the file's own check when both run together.
    pub scenario: Arc<Scenario>,
    pub facts: Facts,
}

impl Covered {
    pub fn new(file: String, origin: Span, entry: Option<usize>, scenario: Scenario) -> Covered {
        Covered::shared(file, origin, entry, Arc::new(scenario))
    }

    pub fn shared(
        file: String,
        origin: Span,
        entry: Option<usize>,
        scenario: Arc<Scenario>,
    ) -> Covered {
        let facts = Facts::of(&scenario);
        Covered {
            file,
            origin,
            entry,
            scenario,
            facts,
        }
    }

    pub fn entry<'a>(&self, p: &'a Portfolio) -> Option<&'a Entry> {
        self.entry.and_then(|i| p.entries.get(i))
    }

    /// The years of period `index`: the file's own, else the portfolio's.
    pub fn years_of(&self, p: &Portfolio, index: usize) -> Option<Years> {
        let period = self.scenario.periods.get(index)?;
        period.years.or_else(|| {
            self.entry(p)?
                .years
                .iter()
                .find(|(id, _)| id.id == period.id.id)
                .map(|(_, y)| *y)
        })
    }
}

/// Where a territory's co-financed ETP come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The period's `caf_total`.
    CafTotal,
    /// The period's total (the file gives no `caf_total`).
    Total,
}

/// One territory in one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TerritoryYear {
    /// Index into the covered territories.
    pub territory: usize,
    /// Index of the period in its file.
    pub period: usize,
    /// Co-financed ETP: the period's `caf_total`, else its total.
    pub etp: Option<Decimal>,
    pub basis: Basis,
    /// The Caf's euros and the communes' rest for the year, in cents.
    pub caf: Option<i64>,
    pub rest: Option<i64>,
    /// Theme totals, when the period gives them.
    pub themes: Option<Vec<(String, Decimal)>>,
    pub coordinator: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearSummary {
    pub year: i32,
    pub rows: Vec<TerritoryYear>,
    pub etp: Option<Decimal>,
    pub caf: Option<i64>,
    pub rest: Option<i64>,
    /// Index into the portfolio's envelope.
    pub envelope: Option<usize>,
    pub envelope_etp: Option<Decimal>,
    /// In cents.
    pub envelope_euros: Option<i64>,
    /// Envelope minus the total (negative when over).
    pub left_etp: Option<Decimal>,
    pub left_euros: Option<i64>,
    /// Per theme, the sum over the territories that give theme totals.
    pub themes: Vec<(String, Decimal)>,
    /// Whether every territory of the year gives theme totals.
    pub themes_complete: bool,
    pub coordinator: Decimal,
}

impl YearSummary {
    /// The Caf's euros of the year, and whether that is the whole of them:
    /// with a territory's euros unknown, the sum of the known ones, which
    /// the whole cannot be below (a Caf's part is never negative).
    pub fn caf_at_least(&self) -> (i64, bool) {
        match self.caf {
            Some(t) => (t, true),
            None => (
                self.rows
                    .iter()
                    .filter_map(|r| r.caf)
                    .fold(0i64, i64::saturating_add),
                false,
            ),
        }
    }
}

/// When a convention ends: its last year, so renewal is due for the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renewal {
    pub territory: usize,
    pub last_year: i32,
    /// The period ending then.
    pub period: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    pub years: Vec<YearSummary>,
    /// Sorted by last year, then file.
    pub renewals: Vec<Renewal>,
    /// Territories none of whose periods has years.
    pub undated: Vec<usize>,
    /// Theme ids in the order first met.
    pub themes: Vec<String>,
    /// Their names, from the first scenario that declares them (else the id).
    pub theme_names: Vec<String>,
}

fn add(a: Option<Decimal>, b: Option<Decimal>) -> Option<Decimal> {
    a?.checked_add(b?)
}

fn add_cents(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    a?.checked_add(b?)
}

/// The co-financed ETP of a period and their basis.
pub fn cofinanced(
    period: &Period,
    facts: Option<&crate::scenario::facts::PeriodFacts>,
) -> (Option<Decimal>, Basis) {
    match period.caf_total {
        Some(c) => (Some(c.value), Basis::CafTotal),
        None => (facts.and_then(|f| f.total), Basis::Total),
    }
}

/// Adds the portfolio up.
pub fn summarise(p: &Portfolio, covered: &[Covered]) -> Summary {
    let mut theme_ids: Vec<String> = Vec::new();
    let mut theme_names: Vec<String> = Vec::new();
    // (year, row) for every dated period-year.
    let mut rows: Vec<(i32, TerritoryYear)> = Vec::new();
    let mut renewals = Vec::new();
    let mut undated = Vec::new();
    for (t, c) in covered.iter().enumerate() {
        let mut last: Option<(i32, usize)> = None;
        let mut taken: Vec<i32> = Vec::new();
        for (k, period) in c.scenario.periods.iter().enumerate() {
            let Some(years) = c.years_of(p, k) else {
                continue;
            };
            if last.is_none_or(|(y, _)| years.last >= y) {
                last = Some((years.last, k));
            }
            let pf = c.facts.periods.get(k);
            let (etp, basis) = cofinanced(period, pf);
            let cost = period_cost(&c.scenario, &c.facts, k);
            let themes = period.themes.as_ref().map(|th| {
                th.entries
                    .iter()
                    .map(|(id, f)| (id.id.clone(), f.value))
                    .collect::<Vec<_>>()
            });
            for (id, _) in themes.iter().flatten() {
                if !theme_ids.contains(id) {
                    theme_ids.push(id.clone());
                    let name = c.scenario.theme(id).map(|t| t.label.trim());
                    theme_names.push(match name {
                        Some(n) if !n.is_empty() => n.to_owned(),
                        _ => id.clone(),
                    });
                }
            }
            for year in years.first..=years.last {
                // Overlapping periods are the file's error (CTG070): the first counts.
                if taken.contains(&year) {
                    continue;
                }
                taken.push(year);
                rows.push((
                    year,
                    TerritoryYear {
                        territory: t,
                        period: k,
                        etp,
                        basis,
                        caf: cost.as_ref().and_then(|c| c.total.caf),
                        rest: cost.as_ref().and_then(|c| c.total.rest),
                        themes: themes.clone(),
                        coordinator: pf.map_or(Decimal::ZERO, |f| f.coordinator),
                    },
                ));
            }
        }
        match last {
            Some((last_year, period)) => renewals.push(Renewal {
                territory: t,
                last_year,
                period,
            }),
            None => undated.push(t),
        }
    }
    let mut years: Vec<i32> = rows.iter().map(|(y, _)| *y).collect();
    for e in &p.envelope {
        years.extend(e.years.first..=e.years.last);
    }
    years.sort_unstable();
    years.dedup();
    rows.sort_by_key(|(y, r)| (*y, r.territory));
    let mut rows = rows.into_iter().peekable();
    let mut out = Vec::with_capacity(years.len());
    for year in years {
        let mut here = Vec::new();
        while let Some((_, r)) = rows.next_if(|(y, _)| *y == year) {
            here.push(r);
        }
        out.push(year_summary(p, year, here, &theme_ids));
    }
    renewals.sort_by(|a, b| {
        (a.last_year, covered.get(a.territory).map(|c| &c.file))
            .cmp(&(b.last_year, covered.get(b.territory).map(|c| &c.file)))
    });
    Summary {
        years: out,
        renewals,
        undated,
        themes: theme_ids,
        theme_names,
    }
}

fn year_summary(
    p: &Portfolio,
    year: i32,
    rows: Vec<TerritoryYear>,
    theme_ids: &[String],
) -> YearSummary {
    let etp = rows
        .iter()
        .try_fold(Decimal::ZERO, |a, r| add(Some(a), r.etp));
    let caf = rows.iter().try_fold(0i64, |a, r| add_cents(Some(a), r.caf));
    let rest = rows
        .iter()
        .try_fold(0i64, |a, r| add_cents(Some(a), r.rest));
    let envelope = p
        .envelope
        .iter()
        .position(|e| e.years.first <= year && year <= e.years.last);
    let env = envelope.and_then(|i| p.envelope.get(i));
    let envelope_etp = env.and_then(|e| e.etp).map(|f| f.value);
    let envelope_euros = env.and_then(|e| e.euros).and_then(|f| to_cents(f.value));
    let themes = theme_ids
        .iter()
        .filter_map(|id| {
            let mut sum = None;
            for r in &rows {
                if let Some(v) = r
                    .themes
                    .iter()
                    .flatten()
                    .find(|(t, _)| t == id)
                    .map(|(_, v)| *v)
                {
                    sum = Some(sum.unwrap_or(Decimal::ZERO) + v);
                }
            }
            sum.map(|s| (id.clone(), s))
        })
        .collect();
    YearSummary {
        year,
        etp,
        caf,
        rest,
        envelope,
        envelope_etp,
        envelope_euros,
        left_etp: envelope_etp.zip(etp).and_then(|(e, t)| e.checked_sub(t)),
        left_euros: envelope_euros.zip(caf).and_then(|(e, t)| e.checked_sub(t)),
        themes,
        themes_complete: rows.iter().all(|r| r.themes.is_some()),
        coordinator: rows.iter().map(|r| r.coordinator).sum(),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portfolio::load::load_str;
    use crate::scenario;

    fn covered(name: &str, text: &str) -> Covered {
        let l = scenario::load_str(name, text);
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        Covered::new(name.to_owned(), 0..0, None, l.scenario.unwrap())
    }

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn years_add_up_and_left_is_envelope_minus_total() {
        let p = load_str(
            "caf.toml",
            "[portfolio]\ncaf = \"C\"\n[envelope]\n\"2026-2027\" = { etp = 5, euros = 100000 }\n\"2028\" = { etp = 1 }\n",
        )
        .portfolio
        .unwrap();
        let fin = "[financing]\ncost_per_etp = 50000\ncaf_rate = 50\n";
        let a = covered(
            "a.toml",
            &format!("[territory]\nname = \"A\"\n[[commune]]\nid = \"x\"\nname = \"X\"\n[[period]]\nid = \"2026-2027\"\ncaf_total = 2.5\ntotal = 2\nthemes = {{ parentalite = 2 }}\nposts.x = {{ etp = 2 }}\n{fin}"),
        );
        let b = covered(
            "b.toml",
            "[territory]\nname = \"B\"\n[[period]]\nid = \"2027\"\ntotal = 1.3\n",
        );
        let s = summarise(&p, &[a, b]);
        let y: Vec<i32> = s.years.iter().map(|y| y.year).collect();
        assert_eq!(y, [2026, 2027, 2028]);
        let y26 = &s.years[0];
        assert_eq!(y26.etp, Some(dec("2.5")), "caf_total counts, not the total");
        assert_eq!(y26.caf, Some(5_000_000));
        assert_eq!(y26.left_etp, Some(dec("2.5")));
        assert_eq!(y26.left_euros, Some(5_000_000));
        let y27 = &s.years[1];
        assert_eq!(y27.etp, Some(dec("3.8")));
        assert_eq!(y27.rows[1].basis, Basis::Total);
        assert_eq!(y27.caf, None, "B has no financing: the total is unknown");
        assert!(!y27.themes_complete);
        assert_eq!(y27.themes, [("parentalite".to_owned(), dec("2"))]);
        assert_eq!(s.years[2].etp, Some(Decimal::ZERO));
        assert_eq!(s.years[2].left_etp, Some(dec("1")));
        assert_eq!(s.renewals.len(), 2);
        assert_eq!(s.renewals[0].last_year, 2027);
    }

    #[test]
    fn portfolio_years_place_undated_periods() {
        let p = load_str(
            "caf.toml",
            "[portfolio]\ncaf = \"C\"\n[[territory]]\nfile = \"g.toml\"\nyears = { cible = \"2026-2027\" }\n",
        )
        .portfolio
        .unwrap();
        let mut g = covered(
            "g.toml",
            "[territory]\nname = \"G\"\n[[period]]\nid = \"cible\"\ntotal = 3.8\n",
        );
        assert!(summarise(&p, std::slice::from_ref(&g)).years.is_empty());
        g.entry = Some(0);
        let s = summarise(&p, &[g]);
        assert_eq!(s.years.len(), 2);
        assert_eq!(s.years[1].etp, Some(dec("3.8")));
        assert!(s.undated.is_empty());
    }
}
