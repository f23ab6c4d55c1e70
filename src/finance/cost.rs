//! Who pays what in one period, per year, to the cent.
//!
//! Each post's yearly cost and its Caf part are rounded to the cent once
//! (`finance::post_cost`, `finance::caf_part`). A commune pays its own posts;
//! the shared posts (the coordinator when it is externalised or has no
//! direct employer, and posts held by an external operator) are split
//! between the communes by the `coordinator_key`, and so is their Caf part
//! (in proportion to each commune's share of their cost). When the Caf's
//! part by its rates exceeds `caf_ceiling`, the ceiling is split in
//! proportion to what the rates gave. Every split is
//! [`split_cents`](super::split::split_cents), so every column adds up to its
//! total exactly. A figure that cannot be known (an unknown ETP, a missing
//! rate or population) is `None`, shown as "?", never as 0.

use super::split::split_cents;
use super::{
    caf_part, coordinator, coordinator_externalised, coordinator_payer, externalised, post_cost,
    rate,
};
use crate::i18n::{Arg, Msg, Text};
use crate::scenario::facts::Facts;
use crate::scenario::{CarrierKind, Financing, Scenario, SharingKey};
use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Payer {
    Commune,
    Carrier,
}

/// One payer's yearly amounts, in cents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: String,
    pub name: String,
    pub payer: Payer,
    /// ETP of the posts it pays as its own (the coordinator included when it
    /// employs it directly).
    pub etp: Option<Decimal>,
    pub own: Option<i64>,
    pub shared: Option<i64>,
    pub caf: Option<i64>,
    pub rest: Option<i64>,
}

/// A post whose cost the communes share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedPost {
    /// "coordinator" or the operator's id.
    pub id: String,
    pub etp: Option<Decimal>,
    pub cost: Option<i64>,
    pub caf: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodCost {
    pub index: usize,
    pub rows: Vec<Row>,
    pub shared_posts: Vec<SharedPost>,
    /// Column totals: the sums of the rows (`None` if any row is unknown).
    pub total: Row,
    /// The Caf's part by its rates, before the ceiling.
    pub caf_by_rates: Option<i64>,
    /// Whether the ceiling was applied.
    pub capped: bool,
    /// Why some figures are unknown, or how they were obtained.
    /// Why some figures are unknown, in both languages.
    pub notes: Vec<Text>,
}

/// Sums of known values; `None` as soon as one is unknown.
fn sum(values: impl IntoIterator<Item = Option<i64>>) -> Option<i64> {
    values
        .into_iter()
        .try_fold(0i64, |acc, v| acc.checked_add(v?))
}

/// The costs of period `index`; `None` when the file has no `[financing]`
/// or no such period.
pub fn period_cost(s: &Scenario, facts: &Facts, index: usize) -> Option<PeriodCost> {
    let f = s.financing.as_ref()?;
    let period = s.periods.get(index)?;
    period_cost_with(s, &f.for_period(period.name()), facts, index)
}

/// The costs of period `index` under the amounts `f` (the period's own, or
/// those of one year, indexed: `finance::budget`).
pub fn period_cost_with(
    s: &Scenario,
    f: &Financing,
    facts: &Facts,
    index: usize,
) -> Option<PeriodCost> {
    let period = s.periods.get(index)?;
    let mut notes = Vec::new();
    let coord = coordinator(s, index);
    let coord_etp = facts
        .periods
        .get(index)
        .map_or(Decimal::ZERO, |p| p.coordinator);
    let payer_of_coord = coord.and_then(|c| coordinator_payer(s, c));
    let coord_rate = coord.and_then(|c| rate(f, coordinator_externalised(s, c)));

    // A payer's own posts: its post, plus the coordinator if it employs it.
    let own_posts = |holder: &str| -> (Option<Decimal>, Option<i64>, Option<i64>) {
        // A negative figure (computed from a `change`; CTG020 reports it)
        // has no cost: unknown, never negative euros.
        let etp = facts.etp(index, holder).filter(|e| !e.is_sign_negative());
        // A vacant post left out of the budget costs nothing (a zero rate).
        let holder_rate = if super::costed(f, s, index, holder) {
            rate(f, externalised(s, index, holder))
        } else {
            Some(Decimal::ZERO)
        };
        let mut posts = vec![(etp, holder_rate)];
        if payer_of_coord == Some(holder) && !coord_etp.is_zero() {
            posts.push((Some(coord_etp), coord_rate));
        }
        let mut total_etp = Some(Decimal::ZERO);
        let mut cost = Some(0i64);
        let mut caf = Some(0i64);
        for (e, r) in posts {
            total_etp = total_etp.zip(e).and_then(|(a, b)| a.checked_add(b));
            let c = match (e, r) {
                (Some(e), _) if e.is_zero() => Some(0),
                (Some(e), Some(r)) => post_cost(e, r),
                _ => None,
            };
            let k = c.zip(e).and_then(|(c, e)| caf_part(f, c, e));
            cost = cost.zip(c).and_then(|(a, b)| a.checked_add(b));
            caf = caf.zip(k).and_then(|(a, b)| a.checked_add(b));
        }
        (total_etp, cost, caf)
    };

    let mut rows: Vec<Row> = Vec::new();
    let mut own_caf: Vec<Option<i64>> = Vec::new();
    for c in &s.communes {
        let (etp, own, caf) = own_posts(&c.id.id);
        rows.push(Row {
            id: c.id.id.clone(),
            name: c.name.clone(),
            payer: Payer::Commune,
            etp,
            own,
            shared: None,
            caf: None,
            rest: None,
        });
        own_caf.push(caf);
    }
    let mut shared_posts = Vec::new();
    if coord.is_some() && payer_of_coord.is_none() && !coord_etp.is_zero() {
        let cost = coord_rate.and_then(|r| post_cost(coord_etp, r));
        shared_posts.push(SharedPost {
            id: "coordinator".to_owned(),
            etp: Some(coord_etp),
            cost,
            caf: cost.and_then(|c| caf_part(f, c, coord_etp)),
        });
    }
    for c in &s.carriers {
        let shared = c.kind == CarrierKind::Operator;
        let (etp, own, caf) = own_posts(&c.id.id);
        if shared {
            // An operator's own posts serve the territory: shared.
            if etp != Some(Decimal::ZERO) {
                shared_posts.push(SharedPost {
                    id: c.id.id.clone(),
                    etp,
                    cost: own,
                    caf,
                });
            }
        } else if etp != Some(Decimal::ZERO) {
            rows.push(Row {
                id: c.id.id.clone(),
                name: c.name.clone(),
                payer: Payer::Carrier,
                etp,
                own,
                shared: Some(0),
                caf: None,
                rest: None,
            });
            own_caf.push(caf);
        }
    }

    // The shared posts, split between the communes by the key.
    let n = s.communes.len();
    let shared_cost = sum(shared_posts.iter().map(|p| p.cost));
    let shared_caf = sum(shared_posts.iter().map(|p| p.caf));
    let shares: Option<Vec<i64>> = match shared_cost {
        Some(0) => Some(vec![0; n]),
        Some(total) => match key_weights(s, f, facts, index, &mut notes) {
            Some(w) => {
                let parts = split_cents(total, &w);
                if parts.is_none() {
                    notes.push(Text::new(&NO_WEIGHT));
                }
                parts
            }
            None => None,
        },
        None => None,
    };
    // Their Caf part follows each commune's share of their cost.
    let shared_caf_parts: Option<Vec<i64>> = match (shared_caf, &shares) {
        (Some(0), _) => Some(vec![0; n]),
        (Some(k), Some(sh)) => {
            let w: Vec<Decimal> = sh.iter().map(|&c| Decimal::from(c)).collect();
            split_cents(k, &w)
        }
        _ => None,
    };
    for (i, row) in rows.iter_mut().enumerate() {
        if row.payer == Payer::Commune {
            row.shared = shares.as_ref().and_then(|v| v.get(i).copied());
        }
    }
    let mut caf: Vec<Option<i64>> = rows
        .iter()
        .zip(&own_caf)
        .enumerate()
        .map(|(i, (row, own))| match row.payer {
            Payer::Commune => own
                .zip(shared_caf_parts.as_ref().and_then(|v| v.get(i).copied()))
                .and_then(|(a, b)| a.checked_add(b)),
            Payer::Carrier => *own,
        })
        .collect();
    if f.caf_rate.is_none() && f.caf_per_etp.is_none() {
        notes.push(Text::new(&NO_CAF_RATE));
    }
    // The Caf's part by its rates does not depend on how communes share.
    let caf_by_rates = sum(own_caf.iter().copied())
        .zip(shared_caf)
        .and_then(|(a, b)| a.checked_add(b));
    let mut capped = false;
    if let Some(ceiling) = f.caf_ceiling {
        let ceiling_cents = super::money::to_cents(ceiling.value);
        match (caf_by_rates, ceiling_cents) {
            (Some(total), Some(c)) if total > c => {
                capped = true;
                let known: Option<Vec<Decimal>> =
                    caf.iter().map(|v| v.map(Decimal::from)).collect();
                caf = match known.and_then(|w| split_cents(c, &w)) {
                    Some(p) => p.into_iter().map(Some).collect(),
                    None => vec![None; caf.len()],
                };
            }
            (None, _) if f.caf_rate.is_some() || f.caf_per_etp.is_some() => {
                // Whether the ceiling binds cannot be known.
                caf = vec![None; caf.len()];
                notes.push(Text::new(&CEILING_UNKNOWN));
            }
            _ => {}
        }
    }
    for (row, k) in rows.iter_mut().zip(caf) {
        row.caf = k;
        row.rest = row
            .own
            .zip(row.shared)
            .and_then(|(a, b)| a.checked_add(b))
            .zip(k)
            .and_then(|(a, b)| a.checked_sub(b));
    }
    if rows.iter().any(|r| r.etp.is_none()) {
        notes.push(Text::new(&ETP_UNKNOWN).arg("period", Arg::id(period.name())));
    }
    let total = Row {
        id: "total".to_owned(),
        name: "Total".to_owned(),
        payer: Payer::Commune,
        etp: rows
            .iter()
            .map(|r| r.etp)
            .try_fold(Decimal::ZERO, |a, e| Some(a + e?)),
        own: sum(rows.iter().map(|r| r.own)),
        shared: sum(rows.iter().map(|r| r.shared)),
        caf: sum(rows.iter().map(|r| r.caf)),
        rest: sum(rows.iter().map(|r| r.rest)),
    };
    Some(PeriodCost {
        index,
        rows,
        shared_posts,
        total,
        caf_by_rates,
        capped,
        notes,
    })
}

/// The communes' weights under the key; `None` (with a note) when unknown.
fn key_weights(
    s: &Scenario,
    f: &Financing,
    facts: &Facts,
    index: usize,
    notes: &mut Vec<Text>,
) -> Option<Vec<Decimal>> {
    let Some((key, _)) = f.coordinator_key else {
        notes.push(Text::new(&NO_KEY));
        return None;
    };
    let weights: Option<Vec<Decimal>> = match key {
        SharingKey::Population => s
            .communes
            .iter()
            .map(|c| c.population.map(Decimal::from))
            .collect(),
        SharingKey::Etp => s
            .communes
            .iter()
            .map(|c| facts.etp(index, &c.id.id).filter(|e| !e.is_sign_negative()))
            .collect(),
        SharingKey::Equal => Some(vec![Decimal::ONE; s.communes.len()]),
        SharingKey::Fixed => Some(
            s.communes
                .iter()
                .map(|c| {
                    f.shares
                        .as_ref()
                        .and_then(|sh| sh.entries.iter().find(|(id, _)| id.id == c.id.id))
                        .map_or(Decimal::ZERO, |(_, p)| p.value)
                })
                .collect(),
        ),
    };
    if weights.is_none() {
        notes.push(Text::new(match key {
            SharingKey::Population => &NO_POPULATION,
            _ => &NO_ETP_WEIGHT,
        }));
    }
    weights
}

static NO_WEIGHT: Msg = Msg::new(
    "cost.note.no_weight",
    "les postes partagés ne peuvent pas être répartis\u{a0}: aucune commune n'a de poids selon la clé",
    "the shared posts cannot be split: no commune has a weight under the key",
);
static NO_CAF_RATE: Msg = Msg::new(
    "cost.note.no_caf_rate",
    "la part de la Caf est inconnue\u{a0}: donnez `caf_rate` ou `caf_per_etp`",
    "the Caf's part is unknown: give `caf_rate` or `caf_per_etp`",
);
static CEILING_UNKNOWN: Msg = Msg::new(
    "cost.note.ceiling_unknown",
    "la part de la Caf est inconnue\u{a0}: certains coûts le sont, et le plafond peut s'appliquer",
    "the Caf's part is unknown: some costs are, and the ceiling may apply",
);
static ETP_UNKNOWN: Msg = Msg::new(
    "cost.note.etp_unknown",
    "des ETP sont inconnus dans la période {period}\u{a0}: le fichier ne les donne pas",
    "some ETP are unknown in period {period}: the file does not give them",
);
static NO_KEY: Msg = Msg::new(
    "cost.note.no_key",
    "les postes partagés ne peuvent pas être répartis\u{a0}: `[financing]` n'a pas de `coordinator_key`",
    "the shared posts cannot be split: `[financing]` has no `coordinator_key`",
);
static NO_POPULATION: Msg = Msg::new(
    "cost.note.no_population",
    "les postes partagés ne peuvent pas être répartis\u{a0}: des communes n'ont pas de population (CTG092)",
    "the shared posts cannot be split: some communes have no population (CTG092)",
);
static NO_ETP_WEIGHT: Msg = Msg::new(
    "cost.note.no_etp_weight",
    "les postes partagés ne peuvent pas être répartis selon les ETP\u{a0}: les ETP de certaines communes sont inconnus",
    "the shared posts cannot be split by ETP: some communes' ETP are unknown",
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load_str;

    const BASE: &str = r#"
[territory]
name = "T"
[[commune]]
id = "a"
name = "A"
population = 1000
[[commune]]
id = "b"
name = "B"
population = 2000
[[commune]]
id = "c"
name = "C"
population = 3000
[[carrier]]
id = "op"
name = "Operator"
kind = "operator"
[[carrier]]
id = "epci"
name = "EPCI"
kind = "epci"
[[period]]
id = "2026"
coordinator = { etp = 0.5, carrier = "op" }
posts.a = { etp = 0.2 }
posts.b = { etp = 0.3, mode = "externalised" }
posts.epci = { etp = 0.1 }
"#;

    fn cost(financing: &str) -> PeriodCost {
        let text = format!("{BASE}[financing]\n{financing}");
        let l = load_str("t.toml", &text);
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        let s = l.scenario.expect("loads");
        period_cost(&s, &Facts::of(&s), 0).expect("costs")
    }

    fn column(p: &PeriodCost, f: impl Fn(&Row) -> Option<i64>) -> Vec<Option<i64>> {
        p.rows.iter().map(f).collect()
    }

    #[test]
    fn own_shared_caf_and_rest() {
        let p = cost(
            "cost_per_etp = 50000\noperator_cost_per_etp = 60000\ncaf_rate = 50\ncoordinator_key = \"population\"\n",
        );
        assert_eq!(
            p.rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
            ["a", "b", "c", "epci"]
        );
        // a: 0.2 × 50,000; b: 0.3 × 60,000 (externalised); epci: 0.1 × 50,000.
        assert_eq!(
            column(&p, |r| r.own),
            [Some(1_000_000), Some(1_800_000), Some(0), Some(500_000)]
        );
        // Coordinator 0.5 × 60,000 = 30,000 € by population 1:2:3.
        assert_eq!(
            column(&p, |r| r.shared),
            [Some(500_000), Some(1_000_000), Some(1_500_000), Some(0)]
        );
        assert_eq!(
            column(&p, |r| r.caf),
            [Some(750_000), Some(1_400_000), Some(750_000), Some(250_000)]
        );
        assert_eq!(
            column(&p, |r| r.rest),
            [Some(750_000), Some(1_400_000), Some(750_000), Some(250_000)]
        );
        assert_eq!(p.total.own, Some(3_300_000));
        assert_eq!(p.total.shared, Some(3_000_000));
        assert_eq!(p.shared_posts[0].cost, Some(3_000_000));
        assert!(!p.capped);
    }

    #[test]
    fn rounding_remainders_follow_the_largest_remainder() {
        // 30,000.01 € between three equal communes: the spare cent to `a`.
        let p = cost("cost_per_etp = 60000.02\ncoordinator_key = \"equal\"\ncaf_rate = 0\n");
        assert_eq!(
            column(&p, |r| r.shared),
            [Some(1_000_001), Some(1_000_000), Some(1_000_000), Some(0)]
        );
        assert_eq!(p.total.shared, Some(3_000_001));
    }

    #[test]
    fn ceiling_caps_the_caf_and_columns_still_add_up() {
        let p = cost(
            "cost_per_etp = 50000\ncaf_rate = 50\ncaf_ceiling = 10000\ncoordinator_key = \"etp\"\n",
        );
        assert!(p.capped);
        assert_eq!(p.caf_by_rates, Some(2_750_000));
        assert_eq!(p.total.caf, Some(1_000_000));
        for r in &p.rows {
            let (own, shared, caf, rest) = (
                r.own.expect("known"),
                r.shared.expect("known"),
                r.caf.expect("known"),
                r.rest.expect("known"),
            );
            assert_eq!(own + shared - caf, rest);
            assert!(caf >= 0 && rest >= 0);
        }
        // By ETP: c has no post, so no share of the coordinator.
        assert_eq!(p.rows[2].shared, Some(0));
        assert_eq!(
            p.total.rest,
            Some(p.total.own.unwrap() + p.total.shared.unwrap() - 1_000_000)
        );
    }

    #[test]
    fn unknown_figures_stay_unknown() {
        let p = cost("cost_per_etp = 50000\ncoordinator_key = \"fixed\"\nshares = { a = 100 }\n");
        assert_eq!(p.total.caf, None, "no Caf rate given");
        assert_eq!(p.total.rest, None);
        assert_eq!(
            column(&p, |r| r.shared)[..3],
            [Some(2_500_000), Some(0), Some(0)]
        );
        assert!(p
            .notes
            .iter()
            .any(|n| n.render(crate::i18n::Lang::En).contains("caf_rate")));
        let p = cost("caf_rate = 50\ncoordinator_key = \"equal\"\n");
        assert_eq!(p.total.own, None, "no cost per ETP given");
        assert_eq!(
            p.rows[2].own,
            Some(0),
            "no post costs nothing, whatever the rate"
        );
    }

    #[test]
    fn fixed_shares_with_decimals_add_up_to_the_cent() {
        let p = cost(
            "cost_per_etp = 33333.33\ncoordinator_key = \"fixed\"\ncaf_rate = 33.3\nshares = { a = 33.33, b = 33.33, c = 33.34 }\n",
        );
        let shared = sum(column(&p, |r| r.shared)).expect("known");
        assert_eq!(Some(shared), p.shared_posts[0].cost);
        let caf = sum(column(&p, |r| r.caf)).expect("known");
        assert_eq!(Some(caf), p.total.caf);
    }

    #[test]
    fn no_financing_no_costs() {
        let l = load_str("t.toml", BASE);
        let s = l.scenario.expect("loads");
        assert_eq!(period_cost(&s, &Facts::of(&s), 0), None);
    }
}
