//! Property tests of the convention's budget (`cost --years`): on generated
//! scenarios with random amounts, indexation, amounts by period and vacant
//! posts, every column adds up to the cent over the years as within each
//! year: each payer's convention figure is the sum of its years, the
//! convention's total is the sum of the payers and of the years, and the
//! rest to pay is own + shared − Caf, never negative.

use ctgplan::finance::budget::budget;
use ctgplan::scenario::facts::Facts;
use ctgplan::scenario::load_str;
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Case {
    /// Per commune: population, ETP tenths in each of the three periods, vacant in the first.
    communes: Vec<(u32, [u32; 3], bool)>,
    coordinator_tenths: u32,
    cost_cents: i64,
    operator_cents: i64,
    caf_rate: u32,
    caf_per_etp_cents: Option<i64>,
    ceiling_cents: Option<i64>,
    /// Tenths of a percent.
    indexation: Option<u32>,
    base_year: Option<i32>,
    cost_vacant: bool,
    /// The last period's own cost per ETP.
    last_cost_cents: Option<i64>,
    key: u8,
}

fn euros(c: i64) -> String {
    format!("{}.{:02}", c / 100, c % 100)
}

fn tenths(t: u32) -> String {
    format!("{}.{}", t / 10, t % 10)
}

fn scenario(c: &Case) -> String {
    // The first commune always holds a post, so that the `etp` key has a weight.
    let mut s = String::from(
        "[territory]\nname = \"T\"\n[[carrier]]\nid = \"op\"\nname = \"Op\"\nkind = \"operator\"\n",
    );
    for (i, (pop, _, _)) in c.communes.iter().enumerate() {
        s.push_str(&format!(
            "[[commune]]\nid = \"c{i}\"\nname = \"C{i}\"\npopulation = {pop}\n"
        ));
    }
    for (p, id) in ["2026", "2027-2028", "2029-2030"].iter().enumerate() {
        s.push_str(&format!(
            "[[period]]\nid = \"{id}\"\ncoordinator = {{ etp = {}, carrier = \"op\" }}\n[period.posts]\n",
            tenths(c.coordinator_tenths)
        ));
        for (i, (_, etp, vacant)) in c.communes.iter().enumerate() {
            let etp = if i == 0 {
                [etp[0].max(1), etp[1].max(1), etp[2].max(1)]
            } else {
                *etp
            };
            let status = if p == 0 && *vacant {
                ", status = \"vacant\""
            } else {
                ""
            };
            s.push_str(&format!("c{i} = {{ etp = {}{status} }}\n", tenths(etp[p])));
        }
    }
    s.push_str(&format!(
        "[financing]\ncost_per_etp = {}\noperator_cost_per_etp = {}\ncaf_rate = {}\ncoordinator_key = \"{}\"\ncost_vacant_posts = {}\n",
        euros(c.cost_cents),
        euros(c.operator_cents),
        c.caf_rate,
        ["population", "etp", "equal"][usize::from(c.key % 3)],
        c.cost_vacant
    ));
    if let Some(a) = c.caf_per_etp_cents {
        s.push_str(&format!("caf_per_etp = {}\n", euros(a)));
    }
    if let Some(a) = c.ceiling_cents {
        s.push_str(&format!("caf_ceiling = {}\n", euros(a)));
    }
    if let Some(i) = c.indexation {
        s.push_str(&format!("indexation = {}\n", tenths(i)));
    }
    if let Some(y) = c.base_year {
        s.push_str(&format!("base_year = {y}\n"));
    }
    if let Some(a) = c.last_cost_cents {
        s.push_str(&format!(
            "[financing.by_period.2029-2030]\ncost_per_etp = {}\n",
            euros(a)
        ));
    }
    s
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(
            (1u32..50_000, [0u32..15, 0u32..15, 0u32..15], any::<bool>()),
            1..7,
        ),
        0u32..11,
        1_000_000i64..9_000_000,
        1_000_000i64..9_000_000,
        0u32..101,
        prop::option::of(0i64..6_000_000),
        prop::option::of(0i64..20_000_000),
        (prop::option::of(0u32..80), prop::option::of(2024i32..2031)),
        any::<bool>(),
        prop::option::of(1_000_000i64..9_000_000),
        any::<u8>(),
    )
        .prop_map(
            |(
                communes,
                coordinator_tenths,
                cost_cents,
                operator_cents,
                caf_rate,
                caf_per_etp_cents,
                ceiling_cents,
                (indexation, base_year),
                cost_vacant,
                last_cost_cents,
                key,
            )| Case {
                communes,
                coordinator_tenths,
                cost_cents,
                operator_cents,
                caf_rate,
                caf_per_etp_cents,
                ceiling_cents,
                indexation,
                base_year,
                cost_vacant,
                last_cost_cents,
                key,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn columns_add_up_to_the_cent_over_the_years(c in case()) {
        let text = scenario(&c);
        let l = load_str("t.toml", &text);
        prop_assert!(l.diagnostics.is_empty(), "{:?}\n{text}", l.diagnostics);
        let s = l.scenario.expect("loads");
        let b = budget(&s, &Facts::of(&s), 2026, 2030).expect("budget");
        prop_assert_eq!(b.years.len(), 5);
        type Col = fn(Option<i64>, Option<i64>, Option<i64>, Option<i64>) -> Option<i64>;
        let cols: [(&str, Col); 4] = [
            ("own", |o, _, _, _| o),
            ("shared", |_, s, _, _| s),
            ("caf", |_, _, k, _| k),
            ("rest", |_, _, _, r| r),
        ];
        for (name, col) in cols {
            let pick = |r: &ctgplan::finance::cost::Row| col(r.own, r.shared, r.caf, r.rest);
            let pick_t = |t: &ctgplan::finance::budget::Total| col(t.own, t.shared, t.caf, t.rest);
            // Within each year.
            for y in &b.years {
                let rows: i64 = y.cost.rows.iter().map(|r| pick(r).expect("known")).sum();
                prop_assert_eq!(Some(rows), pick(&y.cost.total), "{} in {}", name, y.year);
            }
            // Each payer over the years.
            for p in &b.payers {
                let years: i64 = b.years.iter().map(|y| b.row(y.year, &p.id).map_or(0, |r| pick(r).expect("known"))).sum();
                prop_assert_eq!(Some(years), pick_t(p), "{} of {}", name, p.id);
            }
            // The convention: payers and years agree to the cent.
            let payers: i64 = b.payers.iter().map(|p| pick_t(p).expect("known")).sum();
            let years: i64 = b.years.iter().map(|y| pick(&y.cost.total).expect("known")).sum();
            prop_assert_eq!(Some(payers), pick_t(&b.total), "{}", name);
            prop_assert_eq!(years, payers, "{}", name);
        }
        for p in &b.payers {
            let (o, sh, k, r) = (p.own.unwrap(), p.shared.unwrap(), p.caf.unwrap(), p.rest.unwrap());
            prop_assert_eq!(o + sh - k, r);
            prop_assert!(o >= 0 && sh >= 0 && k >= 0 && r >= 0);
        }
        // Indexation never lowers a cost after the base year.
        if c.indexation.is_some() {
            let base = c.base_year.unwrap_or(2026);
            for w in b.years.windows(2) {
                if w[0].year >= base && w[0].period == w[1].period {
                    prop_assert!(w[1].cost_per_etp >= w[0].cost_per_etp);
                }
            }
        }
        // A vacant post left out of the budget costs nothing.
        if !c.cost_vacant {
            for (i, (_, _, vacant)) in c.communes.iter().enumerate() {
                if *vacant {
                    prop_assert_eq!(b.row(2026, &format!("c{i}")).and_then(|r| r.own), Some(0));
                }
            }
        }
    }
}
