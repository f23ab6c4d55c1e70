//! The convention's budget: calendar year by calendar year, and over the
//! whole convention, what each payer pays (`ctgplan cost --years`).
//!
//! Each year is costed as its period is ([`period_cost_with`]), with that
//! period's amounts (`[financing.by_period]`) and, when `[financing]` gives
//! an `indexation`, costs per ETP raised by it for every year after
//! `base_year` (each indexed rate rounded once to the cent, as a budget line
//! is). The Caf's amounts (`caf_per_etp`, `caf_ceiling`) are not indexed;
//! its part by rate follows the indexed cost. The convention's figures are
//! the sums of the years' figures, cent for cent, so every column adds up.

use super::cost::{period_cost_with, PeriodCost, Row};
use super::money::to_cents;
use crate::i18n::{Arg, Msg, Text};
use crate::scenario::facts::Facts;
use crate::scenario::{Figure, Financing, Scenario};
use rust_decimal::Decimal;

/// One calendar year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearCost {
    pub year: i32,
    /// The period the year belongs to.
    pub period: usize,
    /// Cost per ETP and year, direct and through an operator, as indexed.
    pub cost_per_etp: Option<Decimal>,
    pub operator_cost_per_etp: Option<Decimal>,
    pub cost: PeriodCost,
}

/// A payer's figures over the whole convention (no ETP: ETP do not add up
/// over years).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Total {
    pub id: String,
    pub name: String,
    pub own: Option<i64>,
    pub shared: Option<i64>,
    pub caf: Option<i64>,
    pub rest: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    pub first: i32,
    pub last: i32,
    pub years: Vec<YearCost>,
    /// Every payer of some year, in the order they first appear.
    pub payers: Vec<Total>,
    /// The sum of the years' totals.
    pub total: Total,
    /// Years several periods claim (the first in the file is used).
    pub overlaps: Vec<i32>,
}

impl Budget {
    /// What payer `id` pays in year `year`, if it pays anything that year.
    pub fn row(&self, year: i32, id: &str) -> Option<&Row> {
        self.years
            .iter()
            .find(|y| y.year == year)
            .and_then(|y| y.cost.rows.iter().find(|r| r.id == id))
    }
}

fn add(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    a?.checked_add(b?)
}

/// The factor by which costs of `year` are indexed: (1 + rate/100)^(year −
/// base), below 1 before the base year.
pub fn index_factor(rate: Decimal, base: i32, year: i32) -> Option<Decimal> {
    let step = Decimal::ONE.checked_add(rate.checked_div(Decimal::ONE_HUNDRED)?)?;
    let mut factor = Decimal::ONE;
    for _ in 0..(year - base).unsigned_abs() {
        factor = if year >= base {
            factor.checked_mul(step)?
        } else {
            factor.checked_div(step)?
        };
    }
    Some(factor)
}

/// A rate per ETP indexed by `factor`, rounded to the cent.
fn indexed(rate: Option<Figure>, factor: Decimal) -> Option<Option<Figure>> {
    match rate {
        None => Some(None),
        Some(r) => {
            let cents = to_cents(r.value.checked_mul(factor)?)?;
            Some(Some(Figure {
                value: Decimal::new(cents, 2),
                ..r
            }))
        }
    }
}

/// The amounts of `year` in period `index`.
pub fn year_financing(
    s: &Scenario,
    f: &Financing,
    index: usize,
    year: i32,
    first: i32,
) -> Option<Financing> {
    let period = s.periods.get(index)?;
    let mut fy = f.for_period(period.name());
    if let Some(rate) = f.indexation {
        let base = f.base_year.as_ref().map_or(first, |(y, _)| *y);
        let factor = index_factor(rate.value, base, year)?;
        fy.cost_per_etp = indexed(fy.cost_per_etp, factor)?;
        fy.operator_cost_per_etp = indexed(fy.operator_cost_per_etp, factor)?;
    }
    Some(fy)
}

static NO_FINANCING: Msg = Msg::new(
    "budget.no_financing",
    "le fichier n'a pas de table `[financing]`, donc aucun coût n'est connu",
    "the file has no `[financing]` table, so no cost is known",
);
static BAD_SPAN: Msg = Msg::new(
    "budget.bad_span",
    "{first}-{last} n'est pas un intervalle d'années que ctgplan sait chiffrer (100 ans au plus, la première année d'abord)",
    "{first}-{last} is not a span of years ctgplan can cost (at most 100 years, first year first)",
);
static NOT_COVERED: Msg = Msg::new(
    "budget.not_covered",
    "aucune période ne couvre {year}\u{202f}; les périodes du fichier couvrent\u{a0}: {known}",
    "no period covers {year}; the file's periods cover: {known}",
);
static NOT_COVERED_NO_YEAR: Msg = Msg::new(
    "budget.not_covered_no_year",
    "aucune période ne couvre {year}\u{202f}; les périodes du fichier ne couvrent aucune année",
    "no period covers {year}; the file's periods cover: no year",
);
static OUT_OF_RANGE: Msg = Msg::new(
    "budget.out_of_range",
    "les montants de {year} sortent des limites",
    "the amounts of {year} are out of range",
);
static NOT_COMPUTED: Msg = Msg::new(
    "budget.not_computed",
    "les coûts de {year} ne peuvent pas être calculés",
    "the costs of {year} cannot be computed",
);

/// The budget of years `first..=last`; `Err` says why it cannot be drawn
/// up (no `[financing]`, a year no period covers, figures out of range).
pub fn budget(s: &Scenario, facts: &Facts, first: i32, last: i32) -> Result<Budget, Text> {
    let year_arg = |y: i32| Arg::raw(y.to_string());
    let f = s
        .financing
        .as_ref()
        .ok_or_else(|| Text::new(&NO_FINANCING))?;
    if last < first || last - first > 100 {
        return Err(Text::new(&BAD_SPAN)
            .arg("first", year_arg(first))
            .arg("last", year_arg(last)));
    }
    let mut years = Vec::new();
    let mut overlaps = Vec::new();
    for year in first..=last {
        let mut covering = s
            .periods
            .iter()
            .enumerate()
            .filter(|(_, p)| p.years.is_some_and(|y| y.first <= year && year <= y.last))
            .map(|(i, _)| i);
        let Some(index) = covering.next() else {
            let known: Vec<String> = s
                .periods
                .iter()
                .filter_map(|p| p.years.map(|y| y.to_string()))
                .collect();
            return Err(if known.is_empty() {
                Text::new(&NOT_COVERED_NO_YEAR).arg("year", year_arg(year))
            } else {
                Text::new(&NOT_COVERED)
                    .arg("year", year_arg(year))
                    .arg("known", Arg::raw(known.join(", ")))
            });
        };
        if covering.next().is_some() {
            overlaps.push(year);
        }
        let fy = year_financing(s, f, index, year, first)
            .ok_or_else(|| Text::new(&OUT_OF_RANGE).arg("year", year_arg(year)))?;
        let cost = period_cost_with(s, &fy, facts, index)
            .ok_or_else(|| Text::new(&NOT_COMPUTED).arg("year", year_arg(year)))?;
        years.push(YearCost {
            year,
            period: index,
            cost_per_etp: fy.cost_per_etp.map(|r| r.value),
            operator_cost_per_etp: fy.operator_cost_per_etp.map(|r| r.value),
            cost,
        });
    }
    let mut payers: Vec<Total> = Vec::new();
    for y in &years {
        for r in &y.cost.rows {
            if !payers.iter().any(|p| p.id == r.id) {
                payers.push(Total {
                    id: r.id.clone(),
                    name: r.name.clone(),
                    own: Some(0),
                    shared: Some(0),
                    caf: Some(0),
                    rest: Some(0),
                });
            }
        }
    }
    for p in &mut payers {
        for y in &years {
            // A payer absent from a year (a carrier without a post) pays nothing.
            if let Some(r) = y.cost.rows.iter().find(|r| r.id == p.id) {
                p.own = add(p.own, r.own);
                p.shared = add(p.shared, r.shared);
                p.caf = add(p.caf, r.caf);
                p.rest = add(p.rest, r.rest);
            }
        }
    }
    let mut total = Total {
        id: "total".to_owned(),
        name: "Total".to_owned(),
        own: Some(0),
        shared: Some(0),
        caf: Some(0),
        rest: Some(0),
    };
    for y in &years {
        total.own = add(total.own, y.cost.total.own);
        total.shared = add(total.shared, y.cost.total.shared);
        total.caf = add(total.caf, y.cost.total.caf);
        total.rest = add(total.rest, y.cost.total.rest);
    }
    Ok(Budget {
        first,
        last,
        years,
        payers,
        total,
        overlaps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load_str;

    const FILE: &str = r#"
[territory]
name = "T"
[[commune]]
id = "a"
name = "A"
population = 1000
[[commune]]
id = "b"
name = "B"
population = 3000
[[carrier]]
id = "op"
name = "Op"
kind = "operator"
[[period]]
id = "2026"
coordinator = { etp = 0.5, carrier = "op" }
posts.a = { etp = 0.2 }
posts.b = { etp = 0.3, status = "vacant" }
[[period]]
id = "2027-2030"
coordinator = { etp = 0.5, carrier = "op" }
posts.a = { etp = 0.3 }
posts.b = { etp = 0.3 }
[financing]
cost_per_etp = 50000
operator_cost_per_etp = 60000
caf_rate = 50
coordinator_key = "population"
"#;

    fn load(extra: &str) -> Scenario {
        let l = load_str("t.toml", &format!("{FILE}{extra}"));
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        l.scenario.expect("loads")
    }

    fn dec(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    #[test]
    fn years_take_their_period_and_the_convention_adds_them_up() {
        let s = load("");
        let b = budget(&s, &Facts::of(&s), 2026, 2030).expect("budget");
        assert_eq!(b.years.len(), 5);
        assert_eq!(b.years[0].period, 0);
        assert!(b.years[1..].iter().all(|y| y.period == 1));
        // a: 0.2 × 50,000 in 2026, then 0.3 × 50,000 four times.
        let a = &b.payers[0];
        assert_eq!(a.own, Some(1_000_000 + 4 * 1_500_000));
        // The coordinator (30,000 € a year) by population 1:3.
        assert_eq!(b.payers[1].shared, Some(5 * 2_250_000));
        assert_eq!(b.total.shared, Some(5 * 3_000_000));
        for col in [
            |t: &Total| t.own,
            |t: &Total| t.shared,
            |t: &Total| t.caf,
            |t: &Total| t.rest,
        ] {
            let sum = b
                .payers
                .iter()
                .try_fold(0i64, |acc, p| acc.checked_add(col(p)?));
            assert_eq!(sum, col(&b.total));
        }
    }

    #[test]
    fn indexation_raises_costs_from_the_base_year() {
        let s = load("indexation = 2\nbase_year = 2026\n");
        let b = budget(&s, &Facts::of(&s), 2026, 2028).expect("budget");
        let rates: Vec<_> = b.years.iter().map(|y| y.cost_per_etp).collect();
        assert_eq!(
            rates,
            [Some(dec("50000")), Some(dec("51000")), Some(dec("52020"))]
        );
        assert_eq!(b.years[2].operator_cost_per_etp, Some(dec("62424")));
        assert_eq!(b.row(2028, "a").and_then(|r| r.own), Some(1_560_600));
        // Before the base year the factor is below 1.
        assert_eq!(
            index_factor(dec("2"), 2027, 2026).map(|f| f.round_dp(6)),
            Some(dec("0.980392"))
        );
    }

    #[test]
    fn amounts_by_period_and_vacant_posts() {
        let s = load("cost_vacant_posts = false\n[financing.by_period.2027-2030]\ncost_per_etp = 55000\ncaf_rate = 40\n");
        let b = budget(&s, &Facts::of(&s), 2026, 2027).expect("budget");
        // b's 2026 post is vacant: left out of the budget.
        assert_eq!(b.row(2026, "b").and_then(|r| r.own), Some(0));
        assert_eq!(b.row(2027, "b").and_then(|r| r.own), Some(1_650_000));
        assert_eq!(
            b.row(2027, "a").and_then(|r| r.caf).map(|c| c > 0),
            Some(true)
        );
        assert_eq!(b.years[1].cost_per_etp, Some(dec("55000")));
    }

    #[test]
    fn a_year_without_period_is_an_error() {
        let s = load("");
        let e = budget(&s, &Facts::of(&s), 2025, 2026)
            .expect_err("2025 uncovered")
            .render(crate::i18n::Lang::En);
        assert!(e.contains("2025") && e.contains("2027-2030"), "{e}");
        assert!(budget(&s, &Facts::of(&s), 2027, 2026).is_err());
    }
}
