//! Properties of the plans `propose` writes when figures are left open:
//! the order in which the file lists communes and themes does not change the
//! scheme, and no theme or commune takes everything unless the rules force it.

use ctgplan::plan::build::Objective;
use ctgplan::plan::propose::{propose, Plan, Proposal, Scope};
use ctgplan::plan::solve::Options;
use ctgplan::scenario::load_str;
use proptest::prelude::*;
use std::collections::BTreeMap;

const THEMES: [&str; 4] = [
    "petite_enfance",
    "enfance_jeunesse",
    "parentalite",
    "acces_droits",
];

#[derive(Debug, Clone)]
struct Gen {
    /// Per commune, the themes it may serve (indices; empty: every theme).
    communes: Vec<Vec<usize>>,
    /// Period total in tenths.
    total: u32,
    /// A minimum (tenths) on the first theme, or none.
    min_first: Option<u32>,
}

fn gen() -> impl Strategy<Value = Gen> {
    (
        prop::collection::vec(prop::collection::vec(0usize..4, 0..3), 2..6),
        4u32..40,
        prop::option::of(0u32..3),
    )
        .prop_map(|(communes, total, min_first)| Gen {
            communes,
            total,
            min_first,
        })
}

/// The scenario with communes in `order` and themes in `theme_order`.
fn render(g: &Gen, order: &[usize], theme_order: &[usize]) -> String {
    let mut t = String::from("[territory]\nname = \"T\"\n\n[themes]\n");
    for &k in theme_order {
        t.push_str(&format!("{} = \"Theme {k}\"\n", THEMES[k]));
    }
    t.push_str("\n[rules]\nstep = 0.1\n");
    if let Some(m) = g.min_first {
        t.push_str(&format!(
            "[rules.theme.{}]\nmin_etp = {}\n",
            THEMES[0],
            f64::from(m) / 10.0
        ));
    } else {
        // A theme rule splits the period by theme.
        t.push_str(&format!("[rules.theme.{}]\nmin_etp = 0\n", THEMES[3]));
    }
    for &c in order {
        t.push_str(&format!(
            "\n[[commune]]\nid = \"c{c}\"\nname = \"Commune {c}\"\n"
        ));
        let list = &g.communes[c];
        if !list.is_empty() {
            let mut ids: Vec<&str> = list.iter().map(|k| THEMES[*k]).collect();
            ids.dedup();
            t.push_str(&format!(
                "themes = [{}]\n",
                ids.iter()
                    .map(|i| format!("\"{i}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    t.push_str(&format!(
        "\n[[period]]\nid = \"2027\"\ntotal = {}\n",
        f64::from(g.total) / 10.0
    ));
    t
}

fn plan(text: &str) -> Option<Plan> {
    let s = load_str("t.toml", text).scenario.expect("loads");
    let opts = Options {
        time_limit: Some(std::time::Duration::from_secs(20)),
        ..Options::default()
    };
    match propose(&s, &Scope::Open, Objective::Closest, opts) {
        Ok(Proposal::Planned(p)) => Some(p),
        _ => None,
    }
}

/// The scheme's figures by id: holders and themes of each period.
fn figures(p: &Plan) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for pp in &p.periods {
        for (h, v) in pp.holders.iter().chain(&pp.themes) {
            out.insert(format!("{}/{h}", pp.id), v.to_string());
        }
    }
    out
}

/// The scheme's holder × theme split by id.
fn split(p: &Plan) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for pp in &p.periods {
        for (h, t, v) in &pp.split {
            out.insert(format!("{}/{h}/{t}", pp.id), v.to_string());
        }
    }
    out
}

/// The file's order and a shuffle of its communes and themes from `seed`.
fn shuffled(g: &Gen, seed: u64) -> (String, String) {
    let n = g.communes.len();
    let order: Vec<usize> = (0..n).collect();
    let mut shuffled = order.clone();
    let mut themes: Vec<usize> = (0..4).collect();
    // A deterministic shuffle from the seed.
    let mut x = seed | 1;
    for i in (1..n).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        shuffled.swap(i, (x % (i as u64 + 1)) as usize);
    }
    for i in (1..4).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        themes.swap(i, (x % (i as u64 + 1)) as usize);
    }
    (
        render(g, &order, &[0, 1, 2, 3]),
        render(g, &shuffled, &themes),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Listing the communes and the themes in another order gives the same
    /// scheme (the figures of every commune and theme).
    #[test]
    fn the_order_of_the_file_does_not_change_the_scheme(
        g in gen(),
        seed in any::<u64>(),
    ) {
        let (a, b) = shuffled(&g, seed);
        match (plan(&a), plan(&b)) {
            (Some(pa), Some(pb)) => prop_assert_eq!(figures(&pa), figures(&pb), "\n{}\n---\n{}", a, b),
            (None, None) => {}
            (pa, pb) => prop_assert!(false, "one plans, not the other: {:?} {:?}\n{}\n{}", pa.is_some(), pb.is_some(), a, b),
        }
    }

    /// The holder × theme split, rebuilt by maximum flow from the figures,
    /// does not depend on the order of the file either.
    #[test]
    fn the_order_of_the_file_does_not_change_the_split(
        g in gen(),
        seed in any::<u64>(),
    ) {
        let (a, b) = shuffled(&g, seed);
        if let (Some(pa), Some(pb)) = (plan(&a), plan(&b)) {
            prop_assert_eq!(figures(&pa), figures(&pb), "\n{}\n---\n{}", a, b);
            prop_assert!(!split(&pa).is_empty(), "a split is written\n{}", a);
            prop_assert_eq!(split(&pa), split(&pb), "\n{}\n---\n{}", a, b);
        }
    }

    /// With at least two steps to give and every commune free to serve
    /// every theme, no commune and no theme takes the whole period.
    #[test]
    fn no_theme_or_commune_takes_everything_unless_forced(mut g in gen()) {
        for c in &mut g.communes {
            c.clear();
        }
        g.min_first = None;
        // Every commune must be covered: at least a step each.
        g.total = g.total.max(2 * g.communes.len() as u32);
        let text = render(&g, &(0..g.communes.len()).collect::<Vec<_>>(), &[0, 1, 2, 3]);
        let p = plan(&text).expect("plans");
        for pp in &p.periods {
            let staff: rust_decimal::Decimal = pp.holders.iter().map(|(_, v)| *v).sum();
            prop_assert!(staff >= rust_decimal::Decimal::new(4, 1));
            for (id, v) in pp.holders.iter().chain(&pp.themes) {
                prop_assert!(*v < staff, "{} takes all {} ETP\n{}", id, staff, text);
            }
        }
    }
}
