//! The ways out `propose` offers when no scheme meets the asks: their plans
//! are plans a person would sign (no carrier gets more than the scenario
//! gives it), and they differ in kind (the Caf's total among them).

use ctgplan::plan::ask;
use ctgplan::plan::build::Objective;
use ctgplan::plan::negotiate::Negotiation;
use ctgplan::plan::propose::{plan_negotiated, scope_indices, Alternative, Proposal, Scope};
use ctgplan::plan::solve::Options;
use ctgplan::scenario::load_path;
use rust_decimal::Decimal;

const VALLEE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/scenarios/vallee-des-baux-alpilles.toml"
);

fn run(asks: &[&str]) -> Proposal {
    let s = load_path(std::path::Path::new(VALLEE))
        .scenario
        .expect("the scenario loads");
    let neg = Negotiation {
        asks: ask::resolve_all(&s, asks).expect("the asks resolve"),
        alternatives: 3,
        ..Negotiation::default()
    };
    let s = neg.scenario(&s);
    let mut indices = scope_indices(&s, &Scope::Open).expect("a scope");
    indices.extend(neg.periods());
    indices.sort_unstable();
    indices.dedup();
    plan_negotiated(&s, &indices, Objective::Closest, Options::default(), &neg)
        .expect("the model builds")
}

fn ways_out(asks: &[&str]) -> Vec<Alternative> {
    match run(asks) {
        Proposal::Impossible { alternatives, .. } => alternatives,
        other => panic!("{asks:?}: expected no scheme, got {other:?}"),
    }
}

#[test]
fn ways_out_give_no_carrier_more_and_include_the_caf_total() {
    for asks in [
        &["2027-2030.saint-remy=2.5"][..],
        &["2027-2030.aureille=1.5", "2027-2030.saint-remy>=1.2"][..],
        &["2027-2030.saint-remy=2.0", "2027-2030.aureille>=0.5"][..],
    ] {
        let alts = ways_out(asks);
        assert!(alts.len() >= 2, "{asks:?}: {} ways out", alts.len());
        assert!(
            alts.iter()
                .any(|a| a.relaxations.iter().any(|r| r.code.as_str() == "CTG032")),
            "{asks:?}: no way out raises the Caf's total"
        );
        for (k, a) in alts.iter().enumerate() {
            assert!(a.confirmed, "{asks:?}: way out {k} not confirmed");
            let plan = a.plan.as_ref().expect("a confirmed way out has a plan");
            for p in &plan.periods {
                let ccvba = p
                    .holders
                    .iter()
                    .find(|(h, _)| h == "ccvba")
                    .map_or(Decimal::ZERO, |(_, v)| *v);
                assert_eq!(
                    ccvba,
                    Decimal::ZERO,
                    "{asks:?}: way out {k} gives the CCVBA {ccvba} ETP in {}",
                    p.id
                );
            }
        }
    }
}

/// A way out is planned as a plan is: raising the Caf's total to meet
/// `total=4.0` gives the scheme `propose` gives when both are asked (the
/// file's figures kept where they can be), not any scheme the changes allow.
#[test]
fn a_way_out_is_planned_closest_to_the_file() {
    let alts = ways_out(&["2027-2030.total=4.0"]);
    let first = alts.first().expect("a way out");
    assert!(
        first
            .relaxations
            .iter()
            .all(|r| r.code.as_str() == "CTG032"),
        "{:?}",
        first.relaxations
    );
    let Proposal::Planned(direct) = run(&["2027-2030.total=4.0", "2027-2030.caf_total=4.0"]) else {
        panic!("both asks together are planned");
    };
    let holders = |p: &ctgplan::plan::propose::Plan| {
        p.periods
            .iter()
            .find(|x| x.id == "2027-2030")
            .map(|x| x.holders.clone())
    };
    let way = first.plan.as_ref().expect("a confirmed plan");
    assert_eq!(holders(way), holders(&direct));
}

/// A raise of the Caf's total comes twice: the smallest raise (the other
/// communes may be cut to their floor), then the raise that keeps every
/// other post at least as written, which a negotiator expects.
#[test]
fn a_caf_raise_is_also_given_keeping_every_other_post() {
    let s = load_path(std::path::Path::new(VALLEE))
        .scenario
        .expect("the scenario loads");
    let alts = ways_out(&["2027-2030.saint-remy=2.5"]);
    let raises: Vec<&Alternative> = alts
        .iter()
        .filter(|a| a.relaxations.iter().any(|r| r.code.as_str() == "CTG032"))
        .collect();
    let to = |a: &Alternative| a.relaxations.first().and_then(|r| r.to);
    assert_eq!(raises.len(), 2, "{alts:?}");
    assert_eq!(to(raises[0]), Some(Decimal::new(37, 1)));
    // 3.3 + (2.5 - 1.2): Saint-Rémy's gain, nobody else's loss.
    assert_eq!(to(raises[1]), Some(Decimal::new(46, 1)));
    let period = s
        .periods
        .iter()
        .find(|p| p.name() == "2027-2030")
        .expect("the period");
    let plan = raises[1].plan.as_ref().expect("confirmed");
    let planned = plan
        .periods
        .iter()
        .find(|p| p.id == "2027-2030")
        .expect("planned");
    for post in &period.posts.as_ref().expect("posts").entries {
        let written = post.etp.as_ref().expect("a figure").value;
        let now = planned
            .holders
            .iter()
            .find(|(h, _)| *h == post.holder.id)
            .map_or(Decimal::ZERO, |(_, v)| *v);
        if post.holder.id == "saint-remy" {
            assert_eq!(now, Decimal::new(25, 1));
        } else {
            assert!(now >= written, "{}: {written} → {now}", post.holder.id);
        }
    }
    // The smallest raise does cut some: the two are different offers.
    let cut = raises[0].plan.as_ref().expect("confirmed");
    assert_ne!(
        cut.periods
            .iter()
            .find(|p| p.id == "2027-2030")
            .map(|p| &p.holders),
        Some(&planned.holders)
    );
}

/// The ways out come in the same order whatever the order of the file's
/// communes: by price, then by the scenario's ids, each way out's changes
/// listed by ids too; and among equally priced sets, the same communes are
/// named (the elastic model's tie-break is drawn from ids).
#[test]
fn the_order_of_the_ways_out_does_not_follow_the_file() {
    let text = std::fs::read_to_string(VALLEE).expect("the file reads");
    let mut table: toml::Table = toml::from_str(&text).expect("TOML");
    if let Some(toml::Value::Array(communes)) = table.get_mut("commune") {
        communes.reverse();
    }
    let reversed = toml::to_string(&table).expect("writes");
    let said = |s: &ctgplan::scenario::Scenario| {
        let asks = ["2027-2030.saint-remy=2.5"];
        let neg = Negotiation {
            asks: ask::resolve_all(s, &asks).expect("the asks resolve"),
            alternatives: 3,
            ..Negotiation::default()
        };
        let indices = scope_indices(s, &Scope::Open).expect("a scope");
        match plan_negotiated(s, &indices, Objective::Closest, Options::default(), &neg) {
            Ok(Proposal::Impossible { alternatives, .. }) => alternatives,
            other => panic!("expected ways out, got {other:?}"),
        }
    };
    let load = |name: &str, t: &str| {
        ctgplan::scenario::load_str(name, t)
            .scenario
            .expect("the scenario loads")
    };
    let (a, b) = (
        said(&load("a.toml", &text)),
        said(&load("b.toml", &reversed)),
    );
    let en = |r: &ctgplan::plan::propose::Relaxation| r.text.render(ctgplan::i18n::Lang::En);
    let shape = |ways: &[Alternative]| {
        ways.iter()
            .map(|w| {
                let codes: Vec<&str> = w.relaxations.iter().map(|r| r.code.as_str()).collect();
                let words: Vec<String> = w.relaxations.iter().map(en).collect();
                (codes, words)
            })
            .collect::<Vec<_>>()
    };
    assert!(a.len() >= 3, "{a:?}");
    assert_eq!(shape(&a), shape(&b));
    for w in a.iter().chain(&b) {
        let names: Vec<String> = w.relaxations.iter().map(en).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(
            names, sorted,
            "listed by ids (here, alphabetical as the ids are)"
        );
    }
}

/// A territory where one commune asks for more than the others can give
/// up (each has a minimum): communes alike in kind, so that which of them
/// a way out names is a tie the ids settle, not the order of the file.
#[derive(Debug, Clone)]
struct Gen {
    /// Each commune's post, in tenths of an ETP.
    posts: Vec<u32>,
    /// Every commune's minimum, in tenths.
    min: u32,
    /// Tenths asked on top of the first commune's post: more than the
    /// others hold above their minimum.
    extra: u32,
}

fn gen() -> impl proptest::strategy::Strategy<Value = Gen> {
    use proptest::prelude::*;
    (prop::collection::vec(0u32..4, 3..7), 1u32..3, 1u32..4).prop_map(|(above, min, beyond)| {
        // More than the others can give above their minimum: no scheme.
        let spare: u32 = above.iter().skip(1).sum();
        Gen {
            posts: above.into_iter().map(|p| p + min).collect(),
            min,
            extra: spare + beyond,
        }
    })
}

/// The scenario with its communes listed in `order`.
fn render(g: &Gen, order: &[usize]) -> String {
    let tenths = |x: u32| format!("{}.{}", x / 10, x % 10);
    let mut t = String::from(
        "[territory]\nname = \"T\"\n\n[themes]\npetite_enfance = \"Petite enfance\"\n\n[rules]\nstep = 0.1\n",
    );
    t.push_str(&format!("commune_min = {}\n", tenths(g.min)));
    for &c in order {
        t.push_str(&format!(
            "\n[[commune]]\nid = \"c{c}\"\nname = \"Commune {c}\"\n"
        ));
    }
    let total: u32 = g.posts.iter().sum();
    t.push_str(&format!(
        "\n[[period]]\nid = \"2027\"\nkind = \"target\"\ntotal = {0}\ncaf_total = {0}\n\n[period.posts]\n",
        tenths(total)
    ));
    for &c in order {
        t.push_str(&format!("c{c} = {{ etp = {} }}\n", tenths(g.posts[c])));
    }
    t
}

/// A way out by ids: its changes as said in English, whether it was
/// confirmed, and its scheme's figures by holder id.
type Said = (Vec<String>, bool, Vec<(String, String)>);

/// What `propose` says to the first commune's ask, by ids: each way out's
/// changes (as said in English) and its scheme's figures; or the scheme.
fn said(g: &Gen, text: &str) -> Vec<Said> {
    let s = ctgplan::scenario::load_str("t.toml", text)
        .scenario
        .expect("the scenario loads");
    let ask = format!(
        "2027.c0={}.{}",
        (g.posts[0] + g.extra) / 10,
        (g.posts[0] + g.extra) % 10
    );
    let neg = Negotiation {
        asks: ask::resolve_all(&s, &[ask.as_str()]).expect("the ask resolves"),
        alternatives: 3,
        ..Negotiation::default()
    };
    let indices = scope_indices(&s, &Scope::Open).expect("a scope");
    let figures = |p: &ctgplan::plan::propose::Plan| {
        let mut out: Vec<(String, String)> = p
            .periods
            .iter()
            .flat_map(|pp| {
                pp.holders
                    .iter()
                    .map(|(h, v)| (format!("{}/{h}", pp.id), v.to_string()))
            })
            .collect();
        out.sort();
        out
    };
    let opts = Options {
        time_limit: Some(std::time::Duration::from_secs(20)),
        ..Options::default()
    };
    match plan_negotiated(&s, &indices, Objective::Closest, opts, &neg) {
        Ok(Proposal::Impossible { alternatives, .. }) => alternatives
            .iter()
            .map(|a| {
                (
                    a.relaxations
                        .iter()
                        .map(|r| r.text.render(ctgplan::i18n::Lang::En))
                        .collect(),
                    a.confirmed,
                    a.plan.as_ref().map(figures).unwrap_or_default(),
                )
            })
            .collect(),
        Ok(Proposal::Planned(p)) => vec![(Vec::new(), true, figures(&p))],
        other => panic!("{other:?}\n{text}"),
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 16, ..Default::default() })]

    /// Reversing or shuffling the communes of the file gives the same ways
    /// out, naming the same communes, with the same schemes.
    #[test]
    fn the_ways_out_do_not_follow_the_order_of_the_file(g in gen(), seed in proptest::prelude::any::<u64>()) {
        let n = g.posts.len();
        let order: Vec<usize> = (0..n).collect();
        let reversed: Vec<usize> = order.iter().rev().copied().collect();
        let mut shuffled = order.clone();
        let mut x = seed | 1;
        for i in (1..n).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let text = render(&g, &order);
        let first = said(&g, &text);
        for other in [reversed, shuffled] {
            let t = render(&g, &other);
            proptest::prop_assert_eq!(&first, &said(&g, &t), "\n{}\n---\n{}", text, t);
        }
    }
}

/// A way out priced far above what the first fold of price and tie-break
/// keeps exact (a raise of 83 ETP): folded again with a wider factor, the
/// cheapest way out is still the first, and the order of the file still
/// changes nothing.
#[test]
fn a_dear_way_out_is_still_the_cheapest_whatever_the_order() {
    let g = Gen {
        posts: vec![300, 300, 300, 300],
        min: 10,
        extra: 1700,
    };
    let run = |order: &[usize]| {
        let text = render(&g, order);
        let s = ctgplan::scenario::load_str("t.toml", &text)
            .scenario
            .expect("the scenario loads");
        let neg = Negotiation {
            asks: ask::resolve_all(&s, &["2027.c0=200"]).expect("the ask resolves"),
            locks: vec![ask::resolve_lock(&s, "2027.caf_total").expect("the lock resolves")],
            alternatives: 3,
            ..Negotiation::default()
        };
        let indices = scope_indices(&s, &Scope::Open).expect("a scope");
        match plan_negotiated(&s, &indices, Objective::Closest, Options::default(), &neg) {
            Ok(Proposal::Impossible { alternatives, .. }) => alternatives
                .iter()
                .map(|a| {
                    a.relaxations
                        .iter()
                        .map(|r| r.text.render(ctgplan::i18n::Lang::En))
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>(),
            other => panic!("expected ways out, got {other:?}"),
        }
    };
    let ways = run(&[0, 1, 2, 3]);
    // 200 ETP for the first commune, the floor of 1 ETP for each other.
    assert_eq!(
        ways.first().map(Vec::as_slice),
        Some(&["raise the Caf co-financed total of 2027 from 120 to 203 ETP".to_owned()][..]),
        "{ways:?}"
    );
    assert_eq!(ways, run(&[3, 1, 0, 2]));
}

/// Every backend names the same ways out, with the same schemes: the
/// elastic model's tie-break leaves the solver no choice among equals.
#[cfg(feature = "highs")]
#[test]
fn every_backend_gives_the_same_ways_out() {
    use ctgplan::plan::solve::Backend;
    let s = load_path(std::path::Path::new(VALLEE))
        .scenario
        .expect("the scenario loads");
    for asks in [
        &["2027-2030.saint-remy=2.5"][..],
        &["2027-2030.aureille=1.5", "2027-2030.saint-remy>=1.2"][..],
        &["2027-2030.total=4.0"][..],
    ] {
        let said = |backend: Backend| {
            let neg = Negotiation {
                asks: ask::resolve_all(&s, asks).expect("the asks resolve"),
                alternatives: 3,
                ..Negotiation::default()
            };
            let indices = scope_indices(&s, &Scope::Open).expect("a scope");
            let opts = Options {
                backend,
                ..Options::default()
            };
            match plan_negotiated(&s, &indices, Objective::Closest, opts, &neg) {
                Ok(Proposal::Impossible { alternatives, .. }) => alternatives
                    .iter()
                    .map(|a| {
                        (
                            a.relaxations
                                .iter()
                                .map(|r| r.text.render(ctgplan::i18n::Lang::En))
                                .collect::<Vec<_>>(),
                            a.plan.as_ref().map(|p| {
                                p.periods
                                    .iter()
                                    .map(|pp| (pp.id.clone(), pp.holders.clone()))
                                    .collect::<Vec<_>>()
                            }),
                        )
                    })
                    .collect::<Vec<_>>(),
                other => panic!("{asks:?}: expected ways out, got {other:?}"),
            }
        };
        assert_eq!(said(Backend::Microlp), said(Backend::Highs), "{asks:?}");
    }
}
