//! Property tests of `ctgplan cost`'s arithmetic on generated scenarios with
//! random financing: every column adds up to its total to the cent, each
//! commune's share is within a cent of its exact share, the Caf never pays
//! more than its ceiling nor more than a post costs, and no amount is
//! negative. (The split itself is property-tested in src/finance/split.rs.)

use ctgplan::finance::cost::{period_cost, Payer, PeriodCost};
use ctgplan::scenario::facts::Facts;
use ctgplan::scenario::load_str;
use proptest::prelude::*;
use rust_decimal::Decimal;

#[derive(Debug, Clone)]
struct Case {
    /// (population, own ETP in tenths, externalised) per commune.
    communes: Vec<(u32, u32, bool)>,
    coordinator_tenths: u32,
    /// 0: operator, 1: first commune, 2: the EPCI, 3: no carrier.
    coordinator_carrier: u8,
    operator_tenths: u32,
    epci_tenths: u32,
    cost_cents: i64,
    operator_cost_cents: Option<i64>,
    /// Hundredths of a percent.
    caf_rate: Option<u32>,
    caf_per_etp_cents: Option<i64>,
    caf_ceiling_cents: Option<i64>,
    key: u8,
    /// Weights turned into fixed percentages adding up to 100.
    fixed: Vec<u32>,
}

fn euros(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

fn tenths(t: u32) -> String {
    format!("{}.{}", t / 10, t % 10)
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec((0u32..60_000, 0u32..15, any::<bool>()), 1..8),
        (0u32..11, 0u8..4, 0u32..6, 0u32..6),
        (
            0i64..10_000_000,
            prop::option::of(0i64..10_000_000),
            prop::option::of(0u32..=10_000),
            prop::option::of(0i64..5_000_000),
            prop::option::of(0i64..20_000_000),
        ),
        (0u8..4, prop::collection::vec(1u32..100, 8)),
    )
        .prop_map(
            |(
                communes,
                (coordinator_tenths, coordinator_carrier, operator_tenths, epci_tenths),
                (cost_cents, operator_cost_cents, caf_rate, caf_per_etp_cents, caf_ceiling_cents),
                (key, fixed),
            )| Case {
                communes,
                coordinator_tenths,
                coordinator_carrier,
                operator_tenths,
                epci_tenths,
                cost_cents,
                operator_cost_cents,
                caf_rate,
                caf_per_etp_cents,
                caf_ceiling_cents,
                key,
                fixed,
            },
        )
}

/// Fixed percentages with two decimals, adding up to exactly 100.
fn percentages(weights: &[u32]) -> Vec<i64> {
    let sum: u32 = weights.iter().sum();
    let mut p: Vec<i64> = weights
        .iter()
        .map(|&w| i64::from(w) * 10_000 / i64::from(sum))
        .collect();
    let given: i64 = p.iter().sum();
    p[0] += 10_000 - given;
    p
}

const KEYS: [&str; 4] = ["population", "etp", "equal", "fixed"];

fn render(c: &Case) -> String {
    let mut t = String::from("[territory]\nname = \"T\"\n");
    for (i, (pop, _, _)) in c.communes.iter().enumerate() {
        t += &format!("[[commune]]\nid = \"c{i}\"\nname = \"C{i}\"\npopulation = {pop}\n");
    }
    t += "[[carrier]]\nid = \"op\"\nname = \"Op\"\nkind = \"operator\"\n";
    t += "[[carrier]]\nid = \"epci\"\nname = \"E\"\nkind = \"epci\"\n";
    t += "[[period]]\nid = \"2026\"\n";
    let carrier = match c.coordinator_carrier {
        0 => ", carrier = \"op\"",
        1 => ", carrier = \"c0\"",
        2 => ", carrier = \"epci\"",
        _ => "",
    };
    t += &format!(
        "coordinator = {{ etp = {}{carrier} }}\n",
        tenths(c.coordinator_tenths)
    );
    t += "[period.posts]\n";
    for (i, (_, etp, ext)) in c.communes.iter().enumerate() {
        let mode = if *ext {
            ", mode = \"externalised\""
        } else {
            ""
        };
        t += &format!("c{i} = {{ etp = {}{mode} }}\n", tenths(*etp));
    }
    t += &format!("op = {{ etp = {} }}\n", tenths(c.operator_tenths));
    t += &format!("epci = {{ etp = {} }}\n", tenths(c.epci_tenths));
    t += &format!("[financing]\ncost_per_etp = {}\n", euros(c.cost_cents));
    if let Some(o) = c.operator_cost_cents {
        t += &format!("operator_cost_per_etp = {}\n", euros(o));
    }
    if let Some(r) = c.caf_rate {
        t += &format!("caf_rate = {}\n", euros(i64::from(r)));
    }
    if let Some(a) = c.caf_per_etp_cents {
        t += &format!("caf_per_etp = {}\n", euros(a));
    }
    if let Some(a) = c.caf_ceiling_cents {
        t += &format!("caf_ceiling = {}\n", euros(a));
    }
    let key = KEYS[usize::from(c.key)];
    t += &format!("coordinator_key = \"{key}\"\n");
    if key == "fixed" {
        t += "[financing.shares]\n";
        let p = percentages(&c.fixed[..c.communes.len()]);
        for (i, v) in p.iter().enumerate() {
            t += &format!("c{i} = {}\n", euros(*v));
        }
    }
    t
}

fn cost_of(text: &str) -> (PeriodCost, Vec<Decimal>) {
    let l = load_str("t.toml", text);
    assert!(l.diagnostics.is_empty(), "{:?}\n{text}", l.diagnostics);
    let s = l.scenario.expect("loads");
    let errors: Vec<_> = ctgplan::rules::check(&s)
        .into_iter()
        .filter(|d| ["CTG090", "CTG092"].contains(&d.code.as_str()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let facts = Facts::of(&s);
    let p = period_cost(&s, &facts, 0).expect("costs");
    let fin = s.financing.as_ref().expect("financing");
    let key = fin.coordinator_key.as_ref().expect("key").0;
    let weights = s
        .communes
        .iter()
        .map(|c| match key {
            ctgplan::scenario::SharingKey::Population => Decimal::from(c.population.unwrap_or(0)),
            ctgplan::scenario::SharingKey::Etp => facts.etp(0, &c.id.id).unwrap_or_default(),
            ctgplan::scenario::SharingKey::Equal => Decimal::ONE,
            ctgplan::scenario::SharingKey::Fixed => fin
                .shares
                .as_ref()
                .and_then(|sh| sh.entries.iter().find(|(id, _)| id.id == c.id.id))
                .map_or(Decimal::ZERO, |(_, f)| f.value),
        })
        .collect();
    (p, weights)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn columns_add_up_and_no_amount_is_negative(c in case()) {
        let text = render(&c);
        let (p, weights) = cost_of(&text);
        let shared_cost: Option<i64> = p.shared_posts.iter().map(|s| s.cost).sum();
        let shared_cost = shared_cost.expect("known: every rate is given");
        let weight_sum: Decimal = weights.iter().sum();
        if shared_cost > 0 && weight_sum.is_zero() {
            // Nobody to share with (all ETP or populations 0): unknown, not 0.
            prop_assert!(p.rows.iter().all(|r| r.payer == Payer::Carrier || r.shared.is_none()));
            return Ok(());
        }
        let mut sums = [0i64; 4];
        for (i, r) in p.rows.iter().enumerate() {
            let (own, shared, caf, rest) = (
                r.own.expect("own"),
                r.shared.expect("shared"),
                r.caf,
                r.rest,
            );
            prop_assert!(own >= 0 && shared >= 0);
            if r.payer == Payer::Commune && !weight_sum.is_zero() {
                let exact = Decimal::from(shared_cost) * weights[i] / weight_sum;
                prop_assert!((Decimal::from(shared) - exact).abs() < Decimal::ONE,
                    "{} gets {shared}, exact share {exact}", r.id);
            }
            sums[0] += own;
            sums[1] += shared;
            if let (Some(caf), Some(rest)) = (caf, rest) {
                prop_assert!(caf >= 0 && rest >= 0, "{}: caf {caf}, rest {rest}", r.id);
                prop_assert_eq!(own + shared - caf, rest);
                sums[2] += caf;
                sums[3] += rest;
            }
        }
        prop_assert_eq!(sums[1], shared_cost, "the shared posts are paid in full");
        prop_assert_eq!(Some(sums[0]), p.total.own);
        prop_assert_eq!(Some(sums[1]), p.total.shared);
        let has_caf = c.caf_rate.is_some() || c.caf_per_etp_cents.is_some();
        prop_assert_eq!(p.total.caf.is_some(), has_caf);
        if let Some(caf) = p.total.caf {
            prop_assert_eq!(caf, sums[2]);
            prop_assert_eq!(p.total.rest, Some(sums[3]));
            let by_rates = p.caf_by_rates.expect("known");
            let expected = c.caf_ceiling_cents.map_or(by_rates, |ceiling| by_rates.min(ceiling));
            prop_assert_eq!(caf, expected, "the Caf pays its rates, within its ceiling");
            prop_assert!(by_rates <= sums[0] + sums[1], "the Caf never pays more than the cost");
        }
    }
}

#[test]
fn generator_renders_a_valid_file() {
    let c = Case {
        communes: vec![(1533, 2, false), (264, 0, true)],
        coordinator_tenths: 5,
        coordinator_carrier: 0,
        operator_tenths: 1,
        epci_tenths: 0,
        cost_cents: 5_200_000,
        operator_cost_cents: Some(6_000_000),
        caf_rate: Some(5_000),
        caf_per_etp_cents: None,
        caf_ceiling_cents: Some(100),
        key: 3,
        fixed: vec![1, 3, 1, 1, 1, 1, 1, 1],
    };
    let text = render(&c);
    assert!(text.contains("c0 = 25.00\nc1 = 75.00\n"), "{text}");
    let (p, _) = cost_of(&text);
    // Coordinator 30,000 + operator post 6,000, split 25/75.
    assert_eq!(p.total.shared, Some(3_600_000));
    assert_eq!(p.rows[0].shared, Some(900_000));
    assert_eq!(p.total.caf, Some(100), "capped at the 1 € ceiling");
    assert!(p.capped);
}
